//! Choosing the language the app speaks.

use leptos::prelude::*;

use crate::i18n::{self, t, LANGUAGES};

/// Chooses the language the app speaks. The choice is kept on the device and the page
/// reloads in the new language.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let current = i18n::language();
    let choose = move |ev: leptos::ev::Event| {
        let tag = event_target_value(&ev);
        if let Some(language) = LANGUAGES.into_iter().find(|l| l.tag() == tag) {
            if language != current {
                i18n::switch_to(language);
            }
        }
    };
    view! {
        <span class="language-switcher">
            <label for="app-language">{t("Language")}</label>
            <select id="app-language" on:change=choose>
                {LANGUAGES.map(|language| view! {
                    <option value=language.tag() lang=language.tag()
                        selected=language == current>{language.name()}</option>
                }).collect_view()}
            </select>
        </span>
    }
}
