//! The customer's disputes (`/disputes`), with those raised on this device and not yet
//! sent shown as waiting.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::QueuedAction;
use crate::data::{self, DisputeState};
use crate::format;
use crate::i18n::{t, tf};
use crate::words::dispute_status;

/// The customer's disputes, with those raised on this device and not yet sent shown as
/// waiting.
#[component]
pub fn Disputes() -> impl IntoView {
    let lines = data::read_live(data::dispute_lines);
    view! {
        <h1>{t("Disputes")}</h1>
        {move || match lines.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>{t("You have no disputes.")}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="dispute-list">
                    {list.into_iter().map(|line| {
                        let waiting = line.id.is_none();
                        view! {
                            <li class="card" class:pending=waiting data-testid="dispute">
                                <p>
                                    {tf("Invoice {}", &[&line.invoice_number])} " · "
                                    {format::money(line.amount, &line.currency.to_string())}
                                </p>
                                {match line.state {
                                    DisputeState::Known(status) => view! { <p>{dispute_status(status)}</p> }.into_any(),
                                    DisputeState::Queued(entry) => view! {
                                        <p><QueuedAction entry=*entry what=t("Your dispute").to_string() /></p>
                                    }.into_any(),
                                }}
                                {line.recorded_twice.then(|| view! {
                                    <p class="notice" role="note">
                                        {t("This dispute was recorded twice, though you raised it once. You need not raise it again; contact us if both stay open.")}
                                    </p>
                                })}
                                {line.id.map(|id| view! {
                                    <A href=format!("/disputes/{id}")>
                                        {tf("Details of the dispute on invoice {}", &[&line.invoice_number])}
                                    </A>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
