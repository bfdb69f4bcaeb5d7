//! What happened at the payment provider, said once the customer is back from it.

use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What happened at the payment provider, said once the customer is back
/// (`?result=paid` or `declined` on the page they paid from).
#[component]
pub fn CheckoutResult() -> impl IntoView {
    let query = use_query_map();
    let message = move || {
        match query.read().get("result").as_deref() {
        Some("paid") => Some((
            "notice-ok",
            t("Thank you: your payment went through. Your balance shows it as soon as it has synced."),
        )),
        Some("declined") => Some((
            "notice-warn",
            t("The payment did not go through, and nothing was taken. You can try again."),
        )),
        _ => None,
    }
    };
    move || {
        message().map(|(class, words)| {
            view! { <p class=format!("card checkout-result {class}") role="status">{words}</p> }
        })
    }
}
