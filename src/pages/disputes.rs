use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::api::Kind;
use settle_core::dispute::{Dispute, DisputeStatus};
use settle_core::intents::Intent;
use settle_core::outbox::OutboxEntry;

use crate::components::QueuedAction;
use crate::format;
use crate::i18n::{t, tf};
use crate::store::Store;
use crate::sync::SyncStatus;

/// One line of the list: a dispute the backend has, or one still waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    /// The backend's id, once it has the dispute; until then it waits in the outbox.
    id: Option<String>,
    invoice: String,
    amount: String,
    state: State,
}

/// Where a line stands: with the backend, or queued on this device.
#[derive(Debug, Clone, PartialEq)]
enum State {
    Known(&'static str),
    Queued(Box<OutboxEntry>),
}

/// The customer's disputes, with those raised on this device and not yet sent shown as
/// waiting.
#[component]
pub fn Disputes() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let lines = LocalResource::new(move || {
        status.revision.track();
        async move {
            let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
                return Ok(Vec::new());
            };
            let disputes = store.all::<Dispute>(Kind::Dispute).await;
            let invoices = store.listed_invoices().await;
            let outbox = store.outbox().await;
            store.close();
            let numbers: HashMap<String, String> = invoices
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|invoice| (invoice.id, invoice.number))
                .collect();
            let number = |id: &str| numbers.get(id).cloned().unwrap_or_else(|| id.to_string());
            let mut lines: Vec<Line> = outbox
                .map_err(|e| e.to_string())?
                .into_iter()
                .filter_map(|entry| match &entry.intent {
                    Intent::RaiseDispute(raise) => Some(Line {
                        id: None,
                        invoice: number(&raise.invoice_id),
                        amount: format::money(raise.amount, &raise.currency.to_string()),
                        state: State::Queued(Box::new(entry.clone())),
                    }),
                    _ => None,
                })
                .collect();
            lines.extend(
                disputes
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .map(|d| Line {
                        id: Some(d.id.clone()),
                        invoice: number(&d.invoice_id),
                        amount: format::money(d.amount, &d.currency.to_string()),
                        state: State::Known(status_words(d.status)),
                    }),
            );
            Ok::<_, String>(lines)
        }
    });
    view! {
        <h1>{t("Disputes")}</h1>
        {move || match lines.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>{t("You have no disputes.")}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="dispute-list">
                    {list.into_iter().map(|line| {
                        let waiting = line.id.is_none();
                        view! {
                            <li class="card" class:pending=waiting data-testid="dispute">
                                <p>{tf("Invoice {}", &[&line.invoice])} " · " {line.amount}</p>
                                {match line.state {
                                    State::Known(words) => view! { <p>{words}</p> }.into_any(),
                                    State::Queued(entry) => view! {
                                        <p><QueuedAction entry=*entry what=t("Your dispute").to_string() /></p>
                                    }.into_any(),
                                }}
                                {line.id.map(|id| view! {
                                    <A href=format!("/disputes/{id}")>
                                        {tf("Details of the dispute on invoice {}", &[&line.invoice])}
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

/// Where a dispute stands, in the customer's words.
pub(super) fn status_words(status: DisputeStatus) -> &'static str {
    t(match status {
        DisputeStatus::Submitted => "Received: we will look into it",
        DisputeStatus::UnderReview => "We are looking into it",
        DisputeStatus::MoreInformationNeeded => "We need more information from you",
        DisputeStatus::ResolvedInCustomersFavour => "Resolved in your favour",
        DisputeStatus::ResolvedAsValid => "Resolved: the charge stands",
        DisputeStatus::Withdrawn => "Withdrawn by you",
    })
}
