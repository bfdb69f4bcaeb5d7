//! One dispute (`/disputes/:id`): where it stands, what was disputed and why, every step
//! so far, the messages exchanged, and what the customer can still do.

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::dispute::{Dispute, Party};
use settle_core::intents::Intent;
use settle_core::intents::IntentKind;

use crate::components::{describe, AskFeedback, Loaded, QueuedAction, SendMessage, Withdraw};
use crate::data::{self, DisputeView};
use crate::format;
use crate::i18n::{t, tf};
use crate::words::{dispute_reason, dispute_status};

/// What the customer can still do on the dispute: the page builds its forms again only
/// when this changes, so a sync never wipes what they are typing.
#[derive(Debug, Clone, PartialEq)]
struct Actions {
    dispute: Dispute,
    can_write: bool,
    can_withdraw: bool,
    asks_for_feedback: bool,
    /// Resolved, and the customer has answered the questions (perhaps not yet sent).
    feedback_given: bool,
}

/// One dispute: where it stands, what was disputed and why, every step so far and the
/// messages exchanged.
#[component]
pub fn DisputeDetail() -> impl IntoView {
    let loaded = data::by_route_id(data::dispute);
    // The heading stays the same element while the dispute loads, so focus moved to it
    // after navigation stays there.
    let heading = move || match loaded.get() {
        Some(Ok(Some(loaded))) => tf("Dispute on invoice {}", &[&loaded.invoice_number]),
        _ => t("Dispute").to_string(),
    };
    let can = crate::backend_choice::capabilities();
    let actions = Memo::new(move |_| match loaded.get() {
        Some(Ok(Some(loaded))) => {
            let open = loaded.dispute.is_open();
            let withdrawing = loaded.waits_for(|i| matches!(i, Intent::WithdrawDispute(_)));
            let answered = loaded.waits_for(|i| matches!(i, Intent::SendFeedback(_)));
            Some(Actions {
                can_write: open
                    && !withdrawing
                    && can.supports_intent(IntentKind::SendDisputeMessage),
                can_withdraw: open
                    && !withdrawing
                    && can.supports_intent(IntentKind::WithdrawDispute),
                asks_for_feedback: loaded.dispute.asks_for_feedback()
                    && !answered
                    && can.supports_intent(IntentKind::SendFeedback),
                feedback_given: loaded.dispute.status.is_resolved()
                    && (loaded.dispute.feedback_given || answered),
                dispute: loaded.dispute,
            })
        }
        _ => None,
    });
    view! {
        <h1>{heading}</h1>
        <Loaded read=move || loaded.get() is_empty=Option::is_none empty=t("We could not find this dispute.") let:shown>
            {shown.map(|shown| view! { <DisputeSummary shown /> })}
        </Loaded>
        {move || actions.get().map(|actions| {
            let id = actions.dispute.id.clone();
            view! {
                {actions.asks_for_feedback.then(|| view! { <AskFeedback dispute_id=id.clone() /> })}
                {actions.feedback_given.then(|| view! {
                    <p class="card" role="status">{t("Thank you for telling us how we did.")}</p>
                })}
                {actions.can_write.then(|| view! { <SendMessage dispute_id=id.clone() /> })}
                {actions.can_withdraw.then(|| view! { <Withdraw dispute=actions.dispute.clone() /> })}
            }
        })}
    }
}

#[component]
fn DisputeSummary(shown: DisputeView) -> impl IntoView {
    let DisputeView {
        dispute,
        lines,
        messages,
        waiting,
        ..
    } = shown;
    let code = dispute.currency.to_string();
    let amount = format::money(dispute.amount, &code);
    let about = if lines.is_empty() {
        t("The whole invoice").into_any()
    } else {
        let lines = lines
            .iter()
            .map(|line| {
                let total = format::money(line.gross(), &code);
                view! { <li>{line.description.clone()} " · " {total}</li> }
            })
            .collect_view();
        view! { <ul class="plain" data-testid="disputed-lines">{lines}</ul> }.into_any()
    };
    let timeline = dispute
        .timeline
        .iter()
        .map(|event| {
            view! {
                <li>
                    <p class="step">{dispute_status(event.status)}</p>
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
    let waiting = waiting
        .iter()
        .map(|entry| {
            let what = describe(&entry.intent);
            let entry = entry.clone();
            view! { <li class="pending"><QueuedAction entry what /></li> }
        })
        .collect_view();
    let attachments = dispute
        .attachments
        .iter()
        .map(|a| view! { <li>{a.file_name.clone()}</li> })
        .collect_view();
    view! {
        <section class="card">
            <p class="badge held" data-testid="dispute-status">{dispute_status(dispute.status)}</p>
            <dl class="facts">
                <div><dt>{t("Amount disputed")}</dt><dd>{amount}</dd></div>
                <div class="wide"><dt>{t("What is disputed")}</dt><dd>{about}</dd></div>
                <div><dt>{t("Reason")}</dt><dd>{dispute_reason(dispute.reason)}</dd></div>
                <div><dt>{t("Raised")}</dt><dd>{format::date_time(&dispute.raised_at.to_rfc3339())}</dd></div>
                {dispute.expected_response_by.map(|by| view! {
                    <div><dt>{t("We aim to answer by")}</dt><dd>{format::date(by)}</dd></div>
                })}
            </dl>
            <p>{dispute.description.clone()}</p>
            {(!dispute.attachments.is_empty()).then(|| view! {
                <h2>{t("Photos and documents you sent")}</h2>
                <ul class="plain attachments" data-testid="dispute-attachments">{attachments}</ul>
            })}
            {dispute.resolution_note.clone().map(|note| view! {
                <p class="standing up-to-date"><strong>{t("Our answer: ")}</strong>{note}</p>
            })}
            <A href=format!("/invoices/{}", dispute.invoice_id)>{t("See the invoice")}</A>
        </section>
        <section class="card">
            <h2>{t("What has happened")}</h2>
            <ol class="timeline" data-testid="timeline">{timeline}</ol>
        </section>
        {(!messages.is_empty() || !waiting.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t("Messages")}</h2>
                <ul class="plain thread" data-testid="messages">{thread}{waiting}</ul>
            </section>
        })}
    }
}

fn who(party: Party) -> &'static str {
    t(match party {
        Party::Customer => "You",
        Party::Creditor => "Us",
    })
}
