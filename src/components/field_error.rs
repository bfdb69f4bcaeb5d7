//! A broken rule shown next to the field it concerns: the field names it in
//! `aria-describedby`, and it is announced as it appears.

use leptos::prelude::*;

/// The message for the field whose `aria-describedby` holds `id`; empty when all is well.
#[component]
pub fn FieldError(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    view! { <p class="error" id=id role="alert">{move || message.get()}</p> }
}
