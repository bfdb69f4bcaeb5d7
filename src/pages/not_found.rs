//! The page for an address the app does not know, with the way back.

use crate::i18n::t;
use leptos::prelude::*;

/// Shown for an address the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>{t("Page not found")}</h1>
        <p><a href="/">{t("Go to your account overview")}</a></p>
    }
}
