//! The language the app speaks: English or Spanish.
//!
//! Chosen once at start from the customer's explicit choice (kept in `localStorage`, so it
//! works on the sign-in page before anyone signs in), else the browser's languages, else
//! English. Texts are looked up by their English wording: English is the key, so a text
//! with no Spanish yet still reads correctly. Switching writes the choice and reloads the
//! page, which keeps the views free of language signals.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Where the customer's explicit choice is kept. It holds only "en" or "es", no customer
/// data, so it may outlive a session.
const CHOICE_KEY: &str = "settle-language";

/// A language the app is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
}

impl Language {
    /// The BCP 47 tag, for `<html lang>`, the stored choice and Intl.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// The language's name in itself, as a switcher lists it.
    pub fn name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Spanish => "Español",
        }
    }

    fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.to_ascii_lowercase();
        if tag == "es" || tag.starts_with("es-") {
            Some(Language::Spanish)
        } else if tag == "en" || tag.starts_with("en-") {
            Some(Language::English)
        } else {
            None
        }
    }
}

/// Every language the app offers, in the order a switcher lists them.
pub const LANGUAGES: [Language; 2] = [Language::English, Language::Spanish];

static CHOSEN: OnceLock<Language> = OnceLock::new();

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|window| window.navigator().languages())
        .map(|list| list.iter().filter_map(|tag| tag.as_string()).collect())
        .unwrap_or_default()
}

fn detect() -> Language {
    let stored = storage()
        .and_then(|storage| storage.get_item(CHOICE_KEY).ok().flatten())
        .and_then(|tag| Language::from_tag(&tag));
    stored
        .or_else(|| {
            browser_languages()
                .iter()
                .find_map(|tag| Language::from_tag(tag))
        })
        .unwrap_or(Language::English)
}

/// The language in use, chosen on first use.
pub fn language() -> Language {
    *CHOSEN.get_or_init(detect)
}

/// Marks the page with the language in use, for screen readers and spelling.
pub fn mark_document() {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", language().tag());
    }
}

/// Keeps the customer's choice and reloads the page in that language.
pub fn switch_to(language: Language) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(CHOICE_KEY, language.tag());
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The locales Intl formats with: the browser's own variants of the language in use
/// (so "es-MX" keeps Mexican conventions), then the bare language.
pub fn locales() -> Vec<String> {
    let language = language();
    let mut locales: Vec<String> = browser_languages()
        .into_iter()
        .filter(|tag| Language::from_tag(tag) == Some(language))
        .collect();
    locales.push(language.tag().to_string());
    locales
}

/// A text in the language in use; `english` is both the English text and the key.
pub fn t(english: &'static str) -> &'static str {
    match language() {
        Language::English => english,
        Language::Spanish => spanish(english).unwrap_or(english),
    }
}

/// A text known only at run time (a rule's reason from the core), in the language in use
/// when it has a translation, else as it is.
pub fn translate(english: &str) -> String {
    match language() {
        Language::English => english.to_string(),
        Language::Spanish => spanish(english).unwrap_or(english).to_string(),
    }
}

/// A text with values: each `{}` in the translated template takes the next value, so
/// the translation may put them in another order of words.
pub fn tf(english: &'static str, values: &[&str]) -> String {
    let mut out = String::new();
    let mut values = values.iter();
    let mut parts = t(english).split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str(values.next().copied().unwrap_or_default());
        out.push_str(part);
    }
    out
}

/// The Spanish for an English text, if there is one (once [`load`] has run).
fn spanish(english: &str) -> Option<&'static str> {
    SPANISH_BY_ENGLISH.get()?.get(english).copied()
}

static SPANISH_BY_ENGLISH: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();

/// Makes the texts of the language in use ready; the app calls it before the first
/// screen. English needs nothing: it is written in the code. The Spanish is a table of
/// its own that the build splits from the first load, so only customers who read Spanish
/// fetch it (and the service worker keeps it for offline starts).
pub async fn load() {
    if language() == Language::Spanish && SPANISH_BY_ENGLISH.get().is_none() {
        let _ = SPANISH_BY_ENGLISH.set(spanish_by_english().await);
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn spanish_by_english() -> HashMap<&'static str, &'static str> {
    crate::messages::SPANISH
        .iter()
        .chain(crate::spanish::TEXTS)
        .copied()
        .collect()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::collections::HashMap;

    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn every_text_has_one_spanish_at_most() {
        let mut seen = HashMap::new();
        for (english, spanish) in crate::messages::SPANISH.iter().chain(crate::spanish::TEXTS) {
            if let Some(earlier) = seen.insert(english, spanish) {
                panic!("{english:?} is translated twice: {earlier:?} and {spanish:?}");
            }
        }
    }

    #[wasm_bindgen_test]
    async fn the_spanish_is_found_by_its_english() {
        let table = super::spanish_by_english().await;
        assert_eq!(table.get("Overview"), Some(&"Resumen"));
        assert_eq!(table.get("weekly"), Some(&"semanal"));
        assert_eq!(table.get("no such text"), None);
    }
}
