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
        fn hex_round_trips(colour in rgb()) {
            prop_assert_eq!(Rgb::parse(&colour.to_hex()), Some(colour));
        }
    }
}
