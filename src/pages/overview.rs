use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::{AccountSummary, ChosenAccount};
use crate::i18n::t;
use crate::store::Store;
use crate::sync::SyncStatus;

/// The account overview: what the customer owes, read from the store. The sync engine
/// refreshes the store; the page reads it again whenever it changes.
#[component]
pub fn Overview() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let navigate = use_navigate();
    let chosen = expect_context::<ChosenAccount>();
    let accounts = LocalResource::new(move || {
        status.revision.track();
        async move {
            let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
                return Ok((false, Vec::new()));
            };
            let signed_in = matches!(store.session().await, Ok(Some(_)));
            let accounts = store.accounts().await.map_err(|e| e.to_string());
            store.close();
            Ok::<_, String>((signed_in, accounts?))
        }
    });
    Effect::new(move |_| {
        let signed_out = matches!(accounts.get(), Some(Ok((false, _))));
        if signed_out || status.session_ended.get() {
            navigate("/sign-in", Default::default());
        }
    });
    // The invoice list is where customers go next: its code is fetched as soon as the
    // balance is on screen (started earlier, compiling it holds the balance up), so the
    // first tap on it does not wait for the network.
    Effect::new(move |_| {
        if matches!(accounts.get(), Some(Ok((true, _)))) {
            crate::js::when_idle(|| leptos::task::spawn_local(super::preload_invoice_list()));
        }
    });

    view! {
        <h1>{t("Your account")}</h1>
        <p class="notice" role="status">{move || status.problem.get()}</p>
        {move || match accounts.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok((_, list))) if list.is_empty() => {
                view! { <p>{t("No accounts yet.")}</p> }.into_any()
            }
            Some(Ok((_, list))) => list
                .into_iter()
                .filter(|account| chosen.shows(&account.id))
                .map(|account| view! { <AccountSummary account /> })
                .collect_view()
                .into_any(),
        }}
    }
}
