use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::api::Kind;
use settle_core::dispute::{Dispute, DisputeMessage, Party};
use settle_core::invoice::Invoice;

use super::disputes::status_words;
use super::raise_dispute::reason_text;
use crate::format;
use crate::store::Store;

/// A dispute from the store with the number of its invoice and its messages, oldest first.
async fn load(id: String) -> Result<Option<(Dispute, String, Vec<DisputeMessage>)>, String> {
    let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let dispute = store.versioned::<Dispute>(Kind::Dispute, &id).await;
    let messages = store.all::<DisputeMessage>(Kind::DisputeMessage).await;
    let dispute = match dispute.map_err(|e| e.to_string())? {
        Some((dispute, _)) => dispute,
        None => {
            store.close();
            return Ok(None);
        }
    };
    let invoice = store
        .versioned::<Invoice>(Kind::Invoice, &dispute.invoice_id)
        .await;
    store.close();
    let number = match invoice.map_err(|e| e.to_string())? {
        Some((invoice, _)) => invoice.number,
        None => dispute.invoice_id.clone(),
    };
    let mut messages: Vec<DisputeMessage> = messages
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|message| message.dispute_id == dispute.id)
        .collect();
    messages.sort_by_key(|message| message.sent_at);
    Ok(Some((dispute, number, messages)))
}

/// One dispute: where it stands, what was disputed and why, every step so far and the
/// messages exchanged.
#[component]
pub fn DisputeDetail() -> impl IntoView {
    let loaded = super::by_route_id(load);
    // The heading stays the same element while the dispute loads, so focus moved to it
    // after navigation stays there.
    let heading = move || match loaded.get() {
        Some(Ok(Some((_, number, _)))) => format!("Dispute on invoice {number}"),
        _ => "Dispute".to_string(),
    };
    view! {
        <h1>{heading}</h1>
        {move || match loaded.get() {
            None => view! { <p>"Loading…"</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok(None)) => view! { <p>"We could not find this dispute."</p> }.into_any(),
            Some(Ok(Some((dispute, _, messages)))) => {
                view! { <DisputeView dispute messages /> }.into_any()
            }
        }}
    }
}

#[component]
fn DisputeView(dispute: Dispute, messages: Vec<DisputeMessage>) -> impl IntoView {
    let amount = format::money(dispute.amount, &dispute.currency.to_string());
    let timeline = dispute
        .timeline
        .iter()
        .map(|event| {
            view! {
                <li>
                    <p class="step">{status_words(event.status)}</p>
                    <p class="muted">
                        {format::date_time(&event.at.to_rfc3339())} " · " {who(event.by)}
                    </p>
                    {event.note.clone().map(|note| view! { <p>{note}</p> })}
                </li>
            }
        })
        .collect_view();
    let thread = messages
        .iter()
        .map(|message| {
            view! {
                <li class=if message.from == Party::Customer { "from-you" } else { "from-us" }>
                    <p class="muted">
                        {who(message.from)} " · " {format::date_time(&message.sent_at.to_rfc3339())}
                    </p>
                    <p>{message.body.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <p class="badge held" data-testid="dispute-status">{status_words(dispute.status)}</p>
            <dl class="facts">
                <div><dt>"Amount disputed"</dt><dd>{amount}</dd></div>
                <div><dt>"Reason"</dt><dd>{reason_text(dispute.reason)}</dd></div>
                <div><dt>"Raised"</dt><dd>{format::date_time(&dispute.raised_at.to_rfc3339())}</dd></div>
                {dispute.expected_response_by.map(|by| view! {
                    <div><dt>"We aim to answer by"</dt><dd>{format::date(by)}</dd></div>
                })}
            </dl>
            <p>{dispute.description.clone()}</p>
            {dispute.resolution_note.clone().map(|note| view! {
                <p class="standing up-to-date"><strong>"Our answer: "</strong>{note}</p>
            })}
            <A href=format!("/invoices/{}", dispute.invoice_id)>"See the invoice"</A>
        </section>
        <section class="card">
            <h2>"What has happened"</h2>
            <ol class="timeline" data-testid="timeline">{timeline}</ol>
        </section>
        {(!messages.is_empty()).then(|| view! {
            <section class="card">
                <h2>"Messages"</h2>
                <ul class="plain thread" data-testid="messages">{thread}</ul>
            </section>
        })}
    }
}

fn who(party: Party) -> &'static str {
    match party {
        Party::Customer => "You",
        Party::Creditor => "Us",
    }
}
