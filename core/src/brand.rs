//! The creditor's brand: colours, contrast checks (WCAG 2.2 AA) and the adjustment of a
//! colour that would be unreadable under the text on it. Colour maths uses `f64`; nothing
//! here touches money.

/// The contrast WCAG 2.2 AA asks of normal text against its background.
pub const AA_NORMAL_TEXT: f64 = 4.5;

/// An sRGB colour of 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red, 0 to 255.
    pub r: u8,
    /// Green, 0 to 255.
    pub g: u8,
    /// Blue, 0 to 255.
    pub b: u8,
}

/// White, the usual text on a brand colour.
pub const WHITE: Rgb = Rgb {
    r: 255,
    g: 255,
    b: 255,
};
/// Black.
pub const BLACK: Rgb = Rgb { r: 0, g: 0, b: 0 };

impl Rgb {
    /// Reads `#rgb` or `#rrggbb` (case-insensitive); anything else is `None`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let d: Vec<u8> = hex
                    .chars()
                    .map(|c| channel(&c.to_string()).map(|v| v * 17))
                    .collect::<Option<_>>()?;
                Some(Rgb {
                    r: d[0],
                    g: d[1],
                    b: d[2],
                })
            }
            6 => Some(Rgb {
                r: channel(&hex[0..2])?,
                g: channel(&hex[2..4])?,
                b: channel(&hex[4..6])?,
            }),
            _ => None,
        }
    }

    /// The colour as `#rrggbb`, as CSS takes it.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Relative luminance as WCAG 2.2 defines it, 0 (black) to 1 (white).
    pub fn relative_luminance(self) -> f64 {
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// Mixes `amount` (0 to 1) of `other` into this colour.
    fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let m = |a: u8, b: u8| {
            (f64::from(a) + (f64::from(b) - f64::from(a)) * amount)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb {
            r: m(self.r, other.r),
            g: m(self.g, other.g),
            b: m(self.b, other.b),
        }
    }
}

/// The contrast ratio of two colours, 1 to 21, the same whichever comes first.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.relative_luminance(), b.relative_luminance());
    let (light, dark) = if la >= lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// A colour adjusted to be readable under `text`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjusted {
    /// The colour to use: the one asked for when it was readable enough.
    pub colour: Rgb,
    /// The contrast of the colour asked for against the text.
    pub before: f64,
    /// The contrast of [`Adjusted::colour`] against the text.
    pub after: f64,
}

impl Adjusted {
    /// Whether the colour had to change.
    pub fn changed(&self) -> bool {
        self.before < AA_NORMAL_TEXT
    }
}

/// Moves `background` away from `text` (darker under light text, lighter under dark text)
/// by the least step that reaches `minimum` contrast; keeps the hue as far as mixing with
/// black or white does. The colour is kept when it already reaches it.
pub fn adjust_for_contrast(background: Rgb, text: Rgb, minimum: f64) -> Adjusted {
    let before = contrast_ratio(background, text);
    if before >= minimum {
        return Adjusted {
            colour: background,
            before,
            after: before,
        };
    }
    // Away from the text: toward whichever of black and white contrasts more with it.
    let target = if contrast_ratio(BLACK, text) >= contrast_ratio(WHITE, text) {
        BLACK
    } else {
        WHITE
    };
    // 256 steps are finer than the 8-bit channels, so the first that reaches it is the least.
    for step in 1..=256 {
        let colour = background.mix(target, f64::from(step) / 256.0);
        let after = contrast_ratio(colour, text);
        if after >= minimum {
            return Adjusted {
                colour,
                before,
                after,
            };
        }
    }
    Adjusted {
        colour: target,
        before,
        after: contrast_ratio(target, text),
    }
}

/// The text colour, black or white, that reads best on `background`.
pub fn text_on(background: Rgb) -> Rgb {
    if contrast_ratio(background, WHITE) >= contrast_ratio(background, BLACK) {
        WHITE
    } else {
        BLACK
    }
}

/// A creditor's brand as `brand.json` gives it; see docs/brand.md for every field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrandFile {
    /// The name shown in the app and the document title.
    pub name: String,
    /// URL of the logo, SVG or PNG.
    pub logo: Option<String>,
    /// The primary colour, `#rrggbb`: buttons and links.
    pub primary: String,
    /// The accent colour, `#rrggbb`: highlights.
    pub accent: Option<String>,
    /// How customers reach the creditor.
    pub support: Support,
    /// Links to the creditor's policies, shown on the help page.
    pub policies: Vec<Policy>,
}

/// Support contact details; each may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Support {
    /// A telephone number as it should be shown and dialled.
    pub phone: Option<String>,
    /// An email address.
    pub email: Option<String>,
    /// Opening hours, free text.
    pub hours: Option<String>,
}

/// A link to one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The link's text.
    pub title: String,
    /// Where it goes: an `https:` URL or a path on the same site.
    pub url: String,
}

/// Why a brand file was refused, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrandError {
    /// Not JSON at all.
    #[error("brand.json is not JSON: {0}")]
    NotJson(String),
    /// A field is missing, of the wrong kind, unknown or unusable.
    #[error("brand.json field `{field}`: {reason}")]
    Field {
        /// The field, as written in the file (`support.phone`, `policies[1].url`).
        field: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The fixed colours of one theme a brand colour must read against (style/main.css).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `light` or `dark`, for the warnings.
    pub name: &'static str,
    /// The text on a brand-coloured button (`--primary-text`).
    pub text_on: Rgb,
    /// The page background, on which the brand colour is link text (`--bg`).
    pub page: Rgb,
    /// The cards' background, on which it is link text too (`--surface`).
    pub surface: Rgb,
}

/// The light theme of style/main.css.
pub const LIGHT: Theme = Theme {
    name: "light",
    text_on: WHITE,
    page: Rgb {
        r: 0xf6,
        g: 0xf7,
        b: 0xf9,
    },
    surface: WHITE,
};
/// The dark theme of style/main.css.
pub const DARK: Theme = Theme {
    name: "dark",
    text_on: Rgb {
        r: 0x0b,
        g: 0x15,
        b: 0x24,
    },
    page: Rgb {
        r: 0x10,
        g: 0x13,
        b: 0x17,
    },
    surface: Rgb {
        r: 0x1a,
        g: 0x1f,
        b: 0x26,
    },
};

/// One brand colour made readable in one theme: under its button text, and as link text
/// on the page and on cards.
pub fn fit_to_theme(colour: Rgb, theme: Theme) -> Adjusted {
    let against = [theme.text_on, theme.page, theme.surface];
    // All three sit on the same side (all light or all dark), so each step away from one
    // keeps the earlier ones readable too.
    let fitted = against.iter().fold(colour, |colour, &other| {
        adjust_for_contrast(colour, other, AA_NORMAL_TEXT).colour
    });
    let worst = |colour: Rgb| {
        against
            .iter()
            .map(|&other| contrast_ratio(colour, other))
            .fold(f64::INFINITY, f64::min)
    };
    Adjusted {
        colour: fitted,
        before: worst(colour),
        after: worst(fitted),
    }
}

/// A brand ready to apply: colours checked and adjusted for contrast in both themes.
#[derive(Debug, Clone, PartialEq)]
pub struct Brand {
    /// As the file gives it.
    pub file: BrandFile,
    /// The primary colour in the light theme, then in the dark one.
    pub primary: [Adjusted; 2],
    /// The accent (the primary when the file has none), light then dark.
    pub accent: [Adjusted; 2],
}

impl Brand {
    /// Warnings, one for each colour and theme where it had to change, saying which and why.
    pub fn warnings(&self) -> Vec<String> {
        let accent_asked = self.file.accent.as_ref().unwrap_or(&self.file.primary);
        let mut out = Vec::new();
        for (field, asked, fitted) in [
            ("primary", &self.file.primary, &self.primary),
            ("accent", accent_asked, &self.accent),
        ] {
            for (adjusted, theme) in fitted.iter().zip([LIGHT, DARK]) {
                if adjusted.changed() {
                    out.push(format!(
                        "brand.json `{field}` {asked} has a contrast of {:.2}:1 in the {} theme, \
                         below the 4.5:1 WCAG 2.2 AA asks for text; using {} ({:.2}:1) instead",
                        adjusted.before,
                        theme.name,
                        adjusted.colour.to_hex(),
                        adjusted.after
                    ));
                }
            }
        }
        out
    }

    /// The CSS custom properties style/main.css takes the brand's colours from, each as
    /// fitted to its theme: the primary in the light theme first (also the browser's
    /// theme colour), then in the dark one, then the accent in each.
    pub fn custom_properties(&self) -> [(&'static str, String); 4] {
        [
            ("--brand-primary-light", self.primary[0].colour.to_hex()),
            ("--brand-primary-dark", self.primary[1].colour.to_hex()),
            ("--brand-accent-light", self.accent[0].colour.to_hex()),
            ("--brand-accent-dark", self.accent[1].colour.to_hex()),
        ]
    }
}

/// The fields a brand file may have; any other is refused.
const FIELDS: [&str; 6] = ["name", "logo", "primary", "accent", "support", "policies"];
const SUPPORT_FIELDS: [&str; 3] = ["phone", "email", "hours"];
const POLICY_FIELDS: [&str; 2] = ["title", "url"];

/// A field at fault.
fn fault(field: impl Into<String>, reason: &'static str) -> BrandError {
    BrandError::Field {
        field: field.into(),
        reason,
    }
}

/// The object at `field` (the file itself when empty), with no field outside `known`.
fn object<'a>(
    value: &'a serde_json::Value,
    field: &str,
    known: &[&str],
) -> Result<&'a serde_json::Map<String, serde_json::Value>, BrandError> {
    let object = value.as_object().ok_or_else(|| {
        if field.is_empty() {
            BrandError::NotJson("it must be an object of fields, `{ ... }`".to_owned())
        } else {
            fault(field, "must be an object, `{ ... }`")
        }
    })?;
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(unknown) if field.is_empty() => Err(fault(unknown.as_str(), "is not a brand field")),
        Some(unknown) => Err(fault(format!("{field}.{unknown}"), "is not a brand field")),
        None => Ok(object),
    }
}

/// The text at `key` of `object` (`field` names it in an error); `None` when missing.
fn text(
    object: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    field: &str,
) -> Result<Option<String>, BrandError> {
    match object.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(fault(field, "must be text, in quotes")),
    }
}

/// Reads and checks a `brand.json`. A small reader over JSON values rather than derived
/// deserialising: less code in the app, and every error names the field as written.
pub fn parse_brand(json: &str) -> Result<Brand, BrandError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| BrandError::NotJson(e.to_string()))?;
    let top = object(&value, "", &FIELDS)?;
    let name = text(top, "name", "name")?.ok_or_else(|| fault("name", "is missing"))?;
    if name.trim().is_empty() {
        return Err(fault("name", "must not be empty"));
    }
    let logo = text(top, "logo", "logo")?;
    let primary_text =
        text(top, "primary", "primary")?.ok_or_else(|| fault("primary", "is missing"))?;
    let accent_text = text(top, "accent", "accent")?;
    let colour = |field: &'static str, text: &str| {
        Rgb::parse(text).ok_or_else(|| fault(field, "must be a colour like #1d3a8a"))
    };
    let primary = colour("primary", &primary_text)?;
    let accent = match &accent_text {
        Some(text) => colour("accent", text)?,
        None => primary,
    };
    if logo.as_deref().is_some_and(|logo| !url_is_safe(logo)) {
        return Err(fault("logo", "must be an https: URL or a path"));
    }
    let support = match top.get("support") {
        None | Some(serde_json::Value::Null) => Support::default(),
        Some(value) => {
            let support = object(value, "support", &SUPPORT_FIELDS)?;
            Support {
                phone: text(support, "phone", "support.phone")?,
                email: text(support, "email", "support.email")?,
                hours: text(support, "hours", "support.hours")?,
            }
        }
    };
    let policies = match top.get("policies") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(at, value)| policy(value, &format!("policies[{at}]")))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(fault("policies", "must be a list, `[ ... ]`")),
    };
    Ok(Brand {
        primary: [fit_to_theme(primary, LIGHT), fit_to_theme(primary, DARK)],
        accent: [fit_to_theme(accent, LIGHT), fit_to_theme(accent, DARK)],
        file: BrandFile {
            name,
            logo,
            primary: primary_text,
            accent: accent_text,
            support,
            policies,
        },
    })
}

/// One entry of `policies`, named `field` in errors.
fn policy(value: &serde_json::Value, field: &str) -> Result<Policy, BrandError> {
    let entry = object(value, field, &POLICY_FIELDS)?;
    let title_field = format!("{field}.title");
    let url_field = format!("{field}.url");
    let title = text(entry, "title", &title_field)?
        .filter(|title| !title.trim().is_empty())
        .ok_or_else(|| fault(title_field, "is missing"))?;
    let url =
        text(entry, "url", &url_field)?.ok_or_else(|| fault(url_field.clone(), "is missing"))?;
    if !url_is_safe(&url) {
        return Err(fault(url_field, "must be an https: URL or a path"));
    }
    Ok(Policy { title, url })
}

/// Only links that cannot run script: `https:` or a path on the same site.
fn url_is_safe(url: &str) -> bool {
    url.starts_with("https://") || (url.starts_with('/') && !url.starts_with("//"))
}

/// The `tel:` link of a phone number written for people ("+44 20 7946 0000"): its digits,
/// with the leading `+` of an international number.
pub fn phone_link(phone: &str) -> String {
    let phone = phone.trim();
    let plus = if phone.starts_with('+') { "+" } else { "" };
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    format!("tel:{plus}{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_short_and_long_hex() {
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(
            Rgb::parse("#0B5FFF"),
            Some(Rgb {
                r: 11,
                g: 95,
                b: 255
            })
        );
        assert_eq!(Rgb::parse(" #000000 "), Some(BLACK));
        for bad in [
            "", "fff", "#ff", "#gggggg", "#12345", "#1234567", "red", "#+1f",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn luminance_and_contrast_match_wcag_figures() {
        assert!((WHITE.relative_luminance() - 1.0).abs() < 1e-9);
        assert_eq!(BLACK.relative_luminance(), 0.0);
        assert!((contrast_ratio(WHITE, BLACK) - 21.0).abs() < 1e-9);
        // #777777 on white is the well-known 4.48:1, just short of AA.
        let grey = Rgb::parse("#777777").unwrap();
        assert!((contrast_ratio(grey, WHITE) - 4.48).abs() < 0.01);
        assert!((contrast_ratio(Rgb::parse("#767676").unwrap(), WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn a_readable_colour_is_kept() {
        let navy = Rgb::parse("#1d3a8a").unwrap();
        let adjusted = adjust_for_contrast(navy, WHITE, AA_NORMAL_TEXT);
        assert_eq!(adjusted.colour, navy);
        assert!(!adjusted.changed());
    }

    #[test]
    fn a_pale_colour_under_white_text_is_darkened_to_aa() {
        let yellow = Rgb::parse("#ffd500").unwrap();
        let adjusted = adjust_for_contrast(yellow, WHITE, AA_NORMAL_TEXT);
        assert!(adjusted.changed());
        assert!(adjusted.before < 1.5);
        assert!(adjusted.after >= AA_NORMAL_TEXT);
        assert!(adjusted.colour.relative_luminance() < yellow.relative_luminance());
    }

    #[test]
    fn a_dark_colour_under_dark_text_is_lightened() {
        let navy = Rgb::parse("#1d3a8a").unwrap();
        let text = Rgb::parse("#111111").unwrap();
        let adjusted = adjust_for_contrast(navy, text, AA_NORMAL_TEXT);
        assert!(adjusted.after >= AA_NORMAL_TEXT);
        assert!(adjusted.colour.relative_luminance() > navy.relative_luminance());
    }

    #[test]
    fn text_on_picks_the_better_of_black_and_white() {
        assert_eq!(text_on(Rgb::parse("#ffd500").unwrap()), BLACK);
        assert_eq!(text_on(Rgb::parse("#1d3a8a").unwrap()), WHITE);
    }

    const GOOD: &str = r##"{"name": "Northwind Energy", "logo": "/brands/northwind.svg",
        "primary": "#1d3a8a", "accent": "#ffd500",
        "support": {"phone": "+44 20 7946 0000", "email": "help@northwind.example", "hours": "Mon-Fri 8-18"},
        "policies": [{"title": "Privacy", "url": "https://northwind.example/privacy"}]}"##;

    #[test]
    fn a_good_brand_parses_and_keeps_a_readable_primary() {
        let brand = parse_brand(GOOD).unwrap();
        assert_eq!(brand.file.name, "Northwind Energy");
        // Navy reads well under white text on the light theme: kept.
        assert_eq!(brand.primary[0].colour.to_hex(), "#1d3a8a");
        assert!(!brand.primary[0].changed());
        // Yellow under white text does not, nor navy on the dark page: both adjusted.
        assert!(brand.accent[0].changed());
        assert!(brand.primary[1].changed());
        for adjusted in brand.primary.iter().chain(&brand.accent) {
            assert!(adjusted.after >= AA_NORMAL_TEXT, "{adjusted:?}");
        }
    }

    #[test]
    fn a_low_contrast_colour_is_adjusted_with_a_warning() {
        let brand = parse_brand(r##"{"name": "Pale", "primary": "#5fa8ff"}"##).unwrap();
        assert!(brand.primary[0].after >= AA_NORMAL_TEXT);
        let warnings = brand.warnings();
        assert!(!warnings.is_empty());
        assert!(warnings[0].contains("`primary` #5fa8ff"), "{warnings:?}");
        assert!(warnings[0].contains("light theme"));
        assert!(warnings[0].contains("4.5:1"));
    }

    #[test]
    fn errors_name_the_field() {
        let err = |json: &str| parse_brand(json).unwrap_err().to_string();
        assert!(err(r##"{"name": "", "primary": "#000"}"##).contains("`name`"));
        assert!(err(r##"{"name": "A", "primary": "blue"}"##).contains("`primary`"));
        assert!(err(r##"{"name": "A", "primary": "#000", "accent": "#12"}"##).contains("`accent`"));
        assert!(
            err(r##"{"name": "A", "primary": "#000", "logo": "javascript:x"}"##).contains("`logo`")
        );
        assert!(err(r##"{"name": "A"}"##).contains("primary"));
        assert!(err(r##"{"name": "A", "primary": "#000", "colour": "#fff"}"##).contains("colour"));
        assert!(err("not json").contains("brand.json"));
        assert!(err("[1, 2]").contains("object"));
        assert!(err(r##"{"name": 7, "primary": "#000"}"##).contains("`name`: must be text"));
        assert!(
            err(r##"{"name": "A", "primary": "#000", "support": {"phone": 44}}"##)
                .contains("`support.phone`")
        );
        assert!(
            err(r##"{"name": "A", "primary": "#000", "support": {"fax": "1"}}"##)
                .contains("`support.fax`: is not a brand field")
        );
        assert!(
            err(r##"{"name": "A", "primary": "#000", "support": "call us"}"##)
                .contains("`support`: must be an object")
        );
        assert!(err(r##"{"name": "A", "primary": "#000", "policies": {}}"##)
            .contains("`policies`: must be a list"));
        let second_url = r##"{"name": "A", "primary": "#000", "policies": [
            {"title": "Privacy", "url": "/privacy"}, {"title": "Complaints", "url": "http://x"}]}"##;
        assert!(
            err(second_url).contains("`policies[1].url`"),
            "{}",
            err(second_url)
        );
        assert!(
            err(r##"{"name": "A", "primary": "#000", "policies": [{"url": "/p"}]}"##)
                .contains("`policies[0].title`: is missing")
        );
    }

    #[test]
    fn every_field_is_read() {
        let brand = parse_brand(GOOD).unwrap();
        assert_eq!(
            brand.file,
            BrandFile {
                name: "Northwind Energy".into(),
                logo: Some("/brands/northwind.svg".into()),
                primary: "#1d3a8a".into(),
                accent: Some("#ffd500".into()),
                support: Support {
                    phone: Some("+44 20 7946 0000".into()),
                    email: Some("help@northwind.example".into()),
                    hours: Some("Mon-Fri 8-18".into()),
                },
                policies: vec![Policy {
                    title: "Privacy".into(),
                    url: "https://northwind.example/privacy".into(),
                }],
            }
        );
        let bare = parse_brand(r##"{"name": "A", "primary": "#000"}"##).unwrap();
        assert_eq!(bare.file.support, Support::default());
        assert!(bare.file.policies.is_empty() && bare.file.logo.is_none());
        assert_eq!(bare.accent, bare.primary);
    }

    #[test]
    fn the_css_properties_carry_the_fitted_colours() {
        let brand = parse_brand(GOOD).unwrap();
        let properties = brand.custom_properties();
        assert_eq!(
            properties[0],
            ("--brand-primary-light", "#1d3a8a".to_owned())
        );
        assert_eq!(properties[1].0, "--brand-primary-dark");
        assert_eq!(properties[1].1, brand.primary[1].colour.to_hex());
        assert_eq!(properties[2].1, brand.accent[0].colour.to_hex());
        assert_eq!(properties[3].1, brand.accent[1].colour.to_hex());
        // Yellow reads under the dark theme's dark button text as it is.
        assert_eq!(properties[3].1, "#ffd500");
    }

    #[test]
    fn a_colour_is_fitted_to_the_cards_as_well_as_the_page() {
        // Just readable on the dark page, but cards are lighter there.
        let blue = Rgb::parse("#6a7db2").unwrap();
        assert!(contrast_ratio(blue, DARK.page) >= AA_NORMAL_TEXT);
        assert!(contrast_ratio(blue, DARK.surface) < AA_NORMAL_TEXT);
        let fitted = fit_to_theme(blue, DARK);
        assert!(fitted.changed());
        assert!(contrast_ratio(fitted.colour, DARK.surface) >= AA_NORMAL_TEXT);
    }

    #[test]
    fn a_phone_link_dials_the_digits() {
        assert_eq!(phone_link("+44 20 7946 0000"), "tel:+442079460000");
        assert_eq!(phone_link(" (0161) 496-0000 "), "tel:01614960000");
    }

    #[test]
    fn the_demo_brands_parse() {
        for (file, json) in [
            (
                "northwind",
                include_str!("../../public/brands/northwind.json"),
            ),
            ("harbour", include_str!("../../public/brands/harbour.json")),
        ] {
            let brand = parse_brand(json).unwrap_or_else(|e| panic!("{file}: {e}"));
            for (adjusted, theme) in brand
                .primary
                .iter()
                .chain(&brand.accent)
                .zip([LIGHT, DARK, LIGHT, DARK])
            {
                assert!(
                    adjusted.after >= AA_NORMAL_TEXT,
                    "{file} {}: {adjusted:?}",
                    theme.name
                );
            }
        }
    }

    fn rgb() -> impl Strategy<Value = Rgb> {
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(r, g, b)| Rgb { r, g, b })
    }

    proptest! {
        #[test]
        fn contrast_is_symmetric_and_bounded(a in rgb(), b in rgb()) {
            let ab = contrast_ratio(a, b);
            prop_assert!((ab - contrast_ratio(b, a)).abs() < 1e-12);
            prop_assert!((1.0..=21.0 + 1e-9).contains(&ab));
        }

        #[test]
        fn adjusting_always_reaches_aa(background in rgb(), text in prop_oneof![Just(WHITE), Just(BLACK), rgb()]) {
            let adjusted = adjust_for_contrast(background, text, AA_NORMAL_TEXT);
            // Against a mid grey text even black or white cannot reach 4.5:1; otherwise it must.
            let best = contrast_ratio(WHITE, text).max(contrast_ratio(BLACK, text));
            if best >= AA_NORMAL_TEXT + 0.2 {
                prop_assert!(adjusted.after >= AA_NORMAL_TEXT, "{adjusted:?}");
            }
            prop_assert!(adjusted.after >= adjusted.before - 1e-9);
        }

        #[test]
        fn any_colour_fits_both_themes(colour in rgb()) {
            for theme in [LIGHT, DARK] {
                let fitted = fit_to_theme(colour, theme);
                prop_assert!(contrast_ratio(fitted.colour, theme.text_on) >= AA_NORMAL_TEXT);
                prop_assert!(contrast_ratio(fitted.colour, theme.page) >= AA_NORMAL_TEXT);
                prop_assert!(contrast_ratio(fitted.colour, theme.surface) >= AA_NORMAL_TEXT);
            }
        }

        #[test]
        fn hex_round_trips(colour in rgb()) {
            prop_assert_eq!(Rgb::parse(&colour.to_hex()), Some(colour));
        }
    }
}
