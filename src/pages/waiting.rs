//! Every action queued on this device (`/waiting`), whatever it is about: what waits to
//! be sent and why, and what the backend refused, with what the customer can do about
//! it. The status bar's count links here, so no queued action is out of reach.

use crate::components::{describe, Loaded, QueuedAction};
use crate::data;
use crate::i18n::t;
use leptos::prelude::*;

/// The customer's queued actions, in the order they took them.
#[component]
pub fn Waiting() -> impl IntoView {
    let entries = data::read_live(data::waiting);
    view! {
        <h1>{t("Your actions on this device")}</h1>
        <Loaded
            read=move || entries.get()
            is_empty=Vec::is_empty
            empty=t("Everything you did has reached us.")
            let:list
        >
            <ul class="plain">
                {list.into_iter().map(|entry| {
                    let what = describe(&entry.intent);
                    view! { <li class="card pending" data-testid="queued-action"><QueuedAction entry what /></li> }
                }).collect_view()}
            </ul>
        </Loaded>
    }
}
