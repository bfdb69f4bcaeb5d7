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
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandFile {
    /// The name shown in the app and the document title.
    pub name: String,
    /// URL of the logo, SVG or PNG.
    #[serde(default)]
    pub logo: Option<String>,
    /// The primary colour, `#rrggbb`: buttons and links.
    pub primary: String,
    /// The accent colour, `#rrggbb`: highlights.
    #[serde(default)]
    pub accent: Option<String>,
    /// How customers reach the creditor.
    #[serde(default)]
    pub support: Support,
    /// Links to the creditor's policies, shown on the help page.
    #[serde(default)]
    pub policies: Vec<Policy>,
}

/// Support contact details; each may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// A telephone number as it should be shown and dialled.
    #[serde(default)]
    pub phone: Option<String>,
    /// An email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Opening hours, free text.
    #[serde(default)]
    pub hours: Option<String>,
}

/// A link to one policy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The link's text.
    pub title: String,
    /// Where it goes: an `https:` URL or a path on the same site.
    pub url: String,
}

/// Why a brand file was refused, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrandError {
    /// Not JSON of the brand's shape (the message names the field when serde does).
    #[error("brand.json is not a valid brand: {0}")]
    Shape(String),
    /// A field's value is unusable.
    #[error("brand.json field `{field}`: {reason}")]
    Field {
        /// The field, as written in the file.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The fixed colours of one theme a brand colour must read against (style/main.css).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `light` or `dark`, for the warnings.
    pub name: &'static str,
    /// The text on a brand-coloured button (`--accent-text`).
    pub text_on: Rgb,
    /// The page background, on which the brand colour is link text (`--bg`).
    pub page: Rgb,
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
};

/// One brand colour made readable in one theme: under its button text and as link text
/// on the page.
pub fn fit_to_theme(colour: Rgb, theme: Theme) -> Adjusted {
    let under_text = adjust_for_contrast(colour, theme.text_on, AA_NORMAL_TEXT);
    // Text and page sit on the same side (both light or both dark), so moving further
    // away for the page keeps the button text readable too.
    let on_page = adjust_for_contrast(under_text.colour, theme.page, AA_NORMAL_TEXT);
    let before = contrast_ratio(colour, theme.text_on).min(contrast_ratio(colour, theme.page));
    let after = contrast_ratio(on_page.colour, theme.text_on)
        .min(contrast_ratio(on_page.colour, theme.page));
    Adjusted {
        colour: on_page.colour,
        before,
        after,
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
}

/// Reads and checks a `brand.json`.
pub fn parse_brand(json: &str) -> Result<Brand, BrandError> {
    let file: BrandFile =
        serde_json::from_str(json).map_err(|e| BrandError::Shape(e.to_string()))?;
    if file.name.trim().is_empty() {
        return Err(BrandError::Field {
            field: "name",
            reason: "must not be empty",
        });
    }
    let colour = |field: &'static str, text: &str| {
        Rgb::parse(text).ok_or(BrandError::Field {
            field,
            reason: "must be a colour like #1d3a8a",
        })
    };
    let primary = colour("primary", &file.primary)?;
    let accent = match &file.accent {
        Some(text) => colour("accent", text)?,
        None => primary,
    };
    if let Some(logo) = &file.logo {
        if !url_is_safe(logo) {
            return Err(BrandError::Field {
                field: "logo",
                reason: "must be an https: URL or a path",
            });
        }
    }
    if file.policies.iter().any(|p| !url_is_safe(&p.url)) {
        return Err(BrandError::Field {
            field: "policies[].url",
            reason: "must be an https: URL or a path",
        });
    }
    Ok(Brand {
        primary: [fit_to_theme(primary, LIGHT), fit_to_theme(primary, DARK)],
        accent: [fit_to_theme(accent, LIGHT), fit_to_theme(accent, DARK)],
        file,
    })
}

/// Only links that cannot run script: `https:` or a path on the same site.
fn url_is_safe(url: &str) -> bool {
    url.starts_with("https://") || (url.starts_with('/') && !url.starts_with("//"))
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
            }
        }

        #[test]
        fn hex_round_trips(colour in rgb()) {
            prop_assert_eq!(Rgb::parse(&colour.to_hex()), Some(colour));
        }
    }
}
