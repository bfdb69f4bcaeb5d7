//! "Since your last visit" on the overview: new invoices, payments received and disputes
//! answered, each a link to the thing itself. The core works out what changed.

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::last_visit::Change;

use crate::data::SinceLastVisit;
use crate::format;
use crate::i18n::{t, tf};

/// The list of what changed; nothing at all when nothing did (or on a first visit).
#[component]
pub fn WhatChanged(since: SinceLastVisit) -> impl IntoView {
    move || {
        let changes = since.get();
        (!changes.is_empty()).then(|| {
            let items = changes.into_iter().map(item).collect_view();
            view! {
                <section class="card" aria-labelledby="what-changed" data-testid="what-changed">
                    <h2 id="what-changed">{t("Since your last visit")}</h2>
                    <ul class="plain links">{items}</ul>
                </section>
            }
        })
    }
}

fn item(change: Change) -> impl IntoView {
    let (href, text) = match change {
        Change::NewInvoice { id, number } => {
            (format!("/invoices/{id}"), tf("New invoice {}", &[&number]))
        }
        Change::PaymentReceived {
            currency,
            amount,
            received_at,
            ..
        } => (
            "/payments".to_string(),
            tf(
                "Payment of {} received on {}",
                &[
                    &format::money(amount, &currency),
                    &format::date_time(&received_at),
                ],
            ),
        ),
        Change::DisputeAnswered { id, invoice } => (
            format!("/disputes/{id}"),
            tf("Your dispute about invoice {} has an answer", &[&invoice]),
        ),
    };
    view! { <li><A href=href>{text}</A></li> }
}
