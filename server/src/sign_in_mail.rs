//! The sign-in code mail: which language it is written in, and its words in English and
//! Spanish as plain text and HTML.

/// A language the mail is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
}

impl Language {
    /// The language a BCP 47 tag names (`es`, `es-MX`, `en-GB`), if the mail has it.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::English),
            "es" => Some(Language::Spanish),
            _ => None,
        }
    }

    /// The most preferred language of an `Accept-Language` header that the mail has.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut ranges: Vec<(f32, Language)> = header
            .split(',')
            .filter_map(|range| {
                let mut parts = range.split(';');
                let language = Language::from_tag(parts.next()?)?;
                let quality = parts
                    .find_map(|part| part.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse().ok())?;
                (quality > 0.0).then_some((quality, language))
            })
            .collect();
        // Stable: of equal weights the first listed wins.
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges.first().map(|(_, language)| *language)
    }

    /// The customer's own choice when they made one the mail has, else the browser's
    /// languages, else English.
    pub fn choose(chosen: Option<&str>, accept_language: Option<&str>) -> Language {
        chosen
            .and_then(Language::from_tag)
            .or_else(|| accept_language.and_then(Language::from_accept_language))
            .unwrap_or(Language::English)
    }
}

/// A mail's subject and its two bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The words of one language; `{code}` and `{minutes}` are filled in.
struct Words {
    lang: &'static str,
    subject: &'static str,
    intro: &'static str,
    lasts: &'static str,
    not_you: &'static str,
    never_share: &'static str,
}

const ENGLISH: Words = Words {
    lang: "en",
    subject: "Your Settle sign-in code",
    intro: "Your code to sign in to Settle is:",
    lasts: "It works once, for {minutes} minutes. Enter it on the sign-in page where you asked for it.",
    not_you: "If you did not ask for a code, you can ignore this email: nobody can sign in without it, and it stops working by itself.",
    never_share: "Do not give this code to anyone. Settle will never ask you for it.",
};

const SPANISH: Words = Words {
    lang: "es",
    subject: "Su código de acceso a Settle",
    intro: "Su código para iniciar sesión en Settle es:",
    lasts: "Sirve una sola vez, durante {minutes} minutos. Escríbalo en la página de acceso donde lo pidió.",
    not_you: "Si no ha pedido ningún código, puede ignorar este correo: nadie puede iniciar sesión sin él, y deja de funcionar por sí solo.",
    never_share: "No le dé este código a nadie. Settle nunca se lo pedirá.",
};

/// The mail that carries `code`, valid for `minutes`, in `language`.
pub fn letter(language: Language, code: &str, minutes: i64) -> Letter {
    let words = match language {
        Language::English => &ENGLISH,
        Language::Spanish => &SPANISH,
    };
    let lasts = words.lasts.replace("{minutes}", &minutes.to_string());
    let text = format!(
        "{intro}\n\n    {code}\n\n{lasts}\n\n{not_you}\n\n{never_share}\n",
        intro = words.intro,
        not_you = words.not_you,
        never_share = words.never_share,
    );
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>{subject}</title></head>\n<body>\n\
         <p>{intro}</p>\n\
         <p style=\"font-size:1.75em;font-weight:bold;letter-spacing:0.15em\">{code}</p>\n\
         <p>{lasts}</p>\n<p>{not_you}</p>\n<p>{never_share}</p>\n</body>\n</html>\n",
        lang = words.lang,
        subject = words.subject,
        intro = words.intro,
        code = escape(code),
        not_you = words.not_you,
        never_share = words.never_share,
    );
    Letter {
        subject: words.subject.to_owned(),
        text,
        html,
    }
}

/// The code is digits, but the HTML stays well formed whatever it is given.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customers_choice_comes_before_the_browsers() {
        assert_eq!(
            Language::choose(Some("es-ES"), Some("en-GB")),
            Language::Spanish
        );
        assert_eq!(Language::choose(Some("en"), Some("es")), Language::English);
        // A choice the mail is not written in falls back to the browser's.
        assert_eq!(Language::choose(Some("cy"), Some("es")), Language::Spanish);
        assert_eq!(Language::choose(None, None), Language::English);
    }

    #[test]
    fn accept_language_is_read_by_weight() {
        let read = Language::from_accept_language;
        assert_eq!(read("es-MX,es;q=0.9,en;q=0.8"), Some(Language::Spanish));
        assert_eq!(read("fr, en;q=0.5, es;q=0.7"), Some(Language::Spanish));
        assert_eq!(read("en-GB, es"), Some(Language::English));
        assert_eq!(read("es;q=0, en;q=0.1"), Some(Language::English));
        assert_eq!(read("fr-FR, de"), None);
        assert_eq!(read(""), None);
    }

    #[test]
    fn the_letter_has_the_code_and_how_long_it_lasts_in_both_parts() {
        for (language, minutes_words) in [
            (Language::English, "for 10 minutes"),
            (Language::Spanish, "durante 10 minutos"),
        ] {
            let letter = letter(language, "042917", 10);
            for body in [&letter.text, &letter.html] {
                assert!(body.contains("042917"), "{body}");
                assert!(body.contains(minutes_words), "{body}");
            }
            assert!(letter.html.starts_with("<!doctype html>"));
        }
        assert!(letter(Language::Spanish, "1", 10)
            .text
            .contains("Si no ha pedido"));
    }
}
