//! Every action queued on this device (`/waiting`), whatever it is about: what waits to
//! be sent and why, and what the backend refused, with what the customer can do about
//! it. The status bar's count links here, so no queued action is out of reach.

use leptos::prelude::*;
use settle_core::outbox::OutboxEntry;

use crate::components::{describe, QueuedAction};
use crate::i18n::t;
use crate::store::Store;

async fn load() -> Result<Vec<OutboxEntry>, String> {
    let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
        return Ok(Vec::new());
    };
    let entries = store.outbox().await;
    store.close();
    entries.map_err(|e| e.to_string())
}

/// The customer's queued actions, in the order they took them.
#[component]
pub fn Waiting() -> impl IntoView {
    let entries = super::read_live(load);
    view! {
        <h1>{t("Your actions on this device")}</h1>
        {move || match entries.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p role="status">{t("Everything you did has reached us.")}</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <ul class="plain">
                    {list.into_iter().map(|entry| {
                        let what = describe(&entry.intent);
                        view! { <li class="card pending" data-testid="queued-action"><QueuedAction entry what /></li> }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
