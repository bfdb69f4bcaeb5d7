use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use settle_core::api::Account;

use crate::api::ApiError;
use crate::components::AccountSummary;
use crate::format;
use crate::store::Store;
use crate::sync::{self, SyncError};

/// The account overview: what the customer owes, read from the store and refreshed by a
/// pull from the backend.
#[component]
pub fn Overview() -> impl IntoView {
    let accounts = RwSignal::new(None::<Vec<Account>>);
    let last_synced = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();

    spawn_local(async move {
        let store = match Store::open().await {
            Ok(store) => store,
            Err(e) => return problem.set(Some(e.to_string())),
        };
        if !matches!(store.session().await, Ok(Some(_))) {
            return navigate("/sign-in", Default::default());
        }
        let show = async |store: &Store| {
            match store.accounts().await {
                Ok(list) => accounts.set(Some(list)),
                Err(e) => problem.set(Some(e.to_string())),
            }
            last_synced.set(store.last_synced().await.ok().flatten());
        };
        show(&store).await;
        match sync::pull(&store).await {
            Ok(_) => show(&store).await,
            Err(SyncError::Api(ApiError::Unauthenticated)) => {
                navigate("/sign-in", Default::default())
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });

    view! {
        <h1>"Your account"</h1>
        <p class="sync-status">
            {move || match last_synced.get() {
                Some(at) => format!("Last synced {}", format::date_time(&at)),
                None => "Not synced yet".to_string(),
            }}
        </p>
        <p class="notice" role="status">{move || problem.get()}</p>
        {move || match accounts.get() {
            None => view! { <p>"Loading…"</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p>"No accounts yet."</p> }.into_any(),
            Some(list) => list
                .into_iter()
                .map(|account| view! { <AccountSummary account /> })
                .collect_view()
                .into_any(),
        }}
    }
}
