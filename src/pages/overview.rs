//! The overview (`/`): every account's figures, read from the store through the
//! customer the frame already holds, and what changed since the last visit; it sends a
//! signed-out visitor to sign-in.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::{AccountSummary, ChosenAccount, WhatChanged};
use crate::data::SyncStatus;
use crate::data::{Customer, CustomerOnDevice, SinceLastVisit};
use crate::i18n::t;

/// The account overview: what the customer owes, as the store has it. The sync engine
/// refreshes the store, and the app reads it again whenever it changes.
#[component]
pub fn Overview() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let navigate = use_navigate();
    let chosen = expect_context::<ChosenAccount>();
    let customer = expect_context::<CustomerOnDevice>();
    Effect::new(move |_| {
        if customer.signed_in() == Some(false) || status.session_ended.get() {
            navigate("/sign-in", Default::default());
        }
    });
    // The invoice list is where customers go next: its code is fetched as soon as the
    // balance is on screen (started earlier, compiling it holds the balance up), so the
    // first tap on it does not wait for the network.
    Effect::new(move |_| {
        if customer.signed_in() == Some(true) {
            crate::js::when_idle(|| leptos::task::spawn_local(super::preload_invoice_list()));
        }
    });

    let since = SinceLastVisit::read(status);

    view! {
        <h1>{t("Your account")}</h1>
        <p class="notice" role="status">{move || status.problem.get()}</p>
        <WhatChanged since />
        {move || match customer.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
            Some(Ok(None)) => ().into_any(),
            Some(Ok(Some(Customer { accounts: Err(problem), .. }))) => {
                view! { <p class="error">{problem.to_string()}</p> }.into_any()
            }
            Some(Ok(Some(Customer { accounts: Ok(list), .. }))) if list.is_empty() => {
                view! { <p>{t("No accounts yet.")}</p> }.into_any()
            }
            Some(Ok(Some(Customer { accounts: Ok(list), .. }))) => list
                .into_iter()
                .filter(|account| chosen.shows(&account.id))
                .map(|account| view! { <AccountSummary account /> })
                .collect_view()
                .into_any(),
        }}
    }
}
