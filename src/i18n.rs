//! The language the app speaks: English or Spanish.
//!
//! Chosen once at start from the customer's explicit choice (kept in `localStorage`, so it
//! works on the sign-in page before anyone signs in), else the browser's languages, else
//! English. Texts are looked up by their English wording: English is the key, so a text
//! with no Spanish yet still reads correctly. Switching writes the choice and reloads the
//! page, which keeps the views free of language signals.

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

/// A count in words: `one` for exactly one, else `other`, each with a `{}` for the
/// count. English and Spanish both use the singular for one alone.
pub fn tn(one: &'static str, other: &'static str, count: usize) -> String {
    tf(if count == 1 { one } else { other }, &[&count.to_string()])
}

/// The Spanish for an English text, if there is one (once [`load`] has run).
fn spanish(english: &str) -> Option<&'static str> {
    find(SPANISH.get()?, english)
}

/// The Spanish tables together, in order of their keys.
static SPANISH: OnceLock<Vec<(u32, &'static str)>> = OnceLock::new();

/// Makes the texts of the language in use ready; the app calls it before the first
/// screen. English needs nothing: it is written in the code. The Spanish tables are code
/// of their own that the build splits from the first load, so only customers who read
/// Spanish fetch them (and the service worker keeps them for offline starts).
pub async fn load() {
    if language() == Language::Spanish && SPANISH.get().is_none() {
        let _ = SPANISH.set(spanish_by_key().await);
    }
}

async fn spanish_by_key() -> Vec<(u32, &'static str)> {
    let (wordings, texts) = spanish_tables().await;
    let mut table: Vec<_> = wordings.iter().chain(texts).copied().collect();
    table.sort_unstable_by_key(|(key, _)| *key);
    table
}

/// The Spanish for the core's wordings and for the screens' texts.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn spanish_tables() -> (SpanishTable, SpanishTable) {
    (crate::messages::SPANISH, crate::spanish::TEXTS)
}

/// Texts in Spanish, each by the [`key`] of its English.
pub(crate) type SpanishTable = &'static [(u32, &'static str)];

/// The text of `english` in a table sorted by key.
fn find(table: &[(u32, &'static str)], english: &str) -> Option<&'static str> {
    let at = table
        .binary_search_by_key(&key(english), |(key, _)| *key)
        .ok()?;
    Some(table[at].1)
}

/// A text's key in the Spanish tables: its English, hashed (32-bit FNV-1a). The tables
/// are written with the English and hashed as they compile, so they do not carry every
/// English text a second time; a browser test checks that no two texts share a key.
pub(crate) const fn key(english: &str) -> u32 {
    let bytes = english.as_bytes();
    let mut hash = 0x811c_9dc5_u32;
    let mut at = 0;
    while at < bytes.len() {
        hash ^= bytes[at] as u32;
        hash = hash.wrapping_mul(0x0100_0193);
        at += 1;
    }
    hash
}

/// Declares a table of Spanish texts by the [`key`] of their English, written as
/// `"English" => "Spanish",`, and beside it for the tests the English in the same order.
macro_rules! spanish_table {
    ($(#[$doc:meta])* $table:ident, $english:ident; $($text:literal => $spanish:literal,)*) => {
        $(#[$doc])*
        pub(crate) const $table: $crate::i18n::SpanishTable =
            &[$(($crate::i18n::key($text), $spanish)),*];

        /// The English of each text of the table above, in its order (the browser tests
        /// check the keys with it).
        #[cfg(all(test, target_arch = "wasm32"))]
        pub(crate) const $english: &[&str] = &[$($text),*];
    };
}
pub(crate) use spanish_table;

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::collections::HashMap;

    use wasm_bindgen_test::*;

    use super::key;
    use crate::{messages, spanish};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn every_text_has_one_spanish_and_a_key_of_its_own() {
        let tables = [
            (messages::SPANISH, messages::SPANISH_IN_ENGLISH),
            (spanish::TEXTS, spanish::TEXTS_IN_ENGLISH),
        ];
        let mut by_key = HashMap::new();
        for (table, english) in tables {
            assert_eq!(table.len(), english.len());
            for (&(text_key, _), &text) in table.iter().zip(english) {
                assert_eq!(text_key, key(text));
                if let Some(earlier) = by_key.insert(text_key, text) {
                    panic!("{text:?} has the key of {earlier:?}: translated twice, or a clash");
                }
            }
        }
    }

    #[wasm_bindgen_test]
    async fn the_spanish_is_found_by_its_english() {
        let table = super::spanish_by_key().await;
        assert_eq!(super::find(&table, "Overview"), Some("Resumen"));
        assert_eq!(super::find(&table, "weekly"), Some("semanal"));
        assert_eq!(super::find(&table, "no such text"), None);
    }
}
