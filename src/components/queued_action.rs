//! One action queued on this device, where the page that lists it shows it: what it is
//! and where it stands. When the backend refused it, the customer reads why, in their
//! language, and is never left stuck: they can change it and send it again (the form it
//! came from opens with it filled in), or discard it knowingly.
//!
//! It renders and dispatches; what goes with a discarded action is the core's
//! `outbox::discarding`.

use leptos::prelude::*;
use settle_core::intents::Intent;
use settle_core::outbox::{EntryStatus, OutboxEntry};

use crate::data::{Outbox, Submission};
use crate::i18n::{t, tf, translate};

/// `what` is the action in the page's words ("Your promise of £50.00 by 10 January").
#[component]
pub fn QueuedAction(entry: OutboxEntry, what: String) -> impl IntoView {
    let EntryStatus::Rejected { problem } = &entry.status else {
        return view! { {what} " · " {waiting_words(&entry.status)} }.into_any();
    };
    let reason = translate(problem.detail.as_deref().unwrap_or(&problem.title));
    let edit = edit_path(&entry);
    let outbox = Outbox::here();
    let confirming = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let entry = StoredValue::new(entry);
    // Once discarded the entry, and this view with it, is gone: hence `try_set`.
    let discard = Submission::new(move |()| async move {
        if let Err(error) = outbox.discard(&entry.get_value()).await {
            failed.try_set(Some(error.to_string()));
        }
    });
    view! {
        <div class="refused" data-testid="refused-action">
            <p>{what} " · " <strong>{t("Not accepted")}</strong></p>
            <p>{tf("We could not take it: {}", &[&reason])}</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <p class="actions">
                        {edit.clone().map(|href| view! {
                            <a class="button" href=href>{t("Change it and send again")}</a>
                        })}
                        <button type="button" class="secondary" on:click=move |_| confirming.set(true)>
                            {t("Discard it")}
                        </button>
                    </p>
                }
            >
                <p role="alert">{t("Discard it? It will not be sent, and it cannot be brought back.")}</p>
                <p class="actions">
                    <button type="button" on:click=move |_| discard.submit(())>{t("Yes, discard it")}</button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>
                        {t("Keep it")}
                    </button>
                </p>
            </Show>
            {move || failed.get().map(|problem| view! { <p class="error" role="alert">{problem}</p> })}
        </div>
    }
    .into_any()
}

/// Where an action queued on this device stands, in the customer's words.
fn waiting_words(status: &EntryStatus) -> String {
    match status {
        EntryStatus::Rejected { problem } => tf(
            "Not accepted: {}",
            &[&translate(
                problem.detail.as_deref().unwrap_or(&problem.title),
            )],
        ),
        EntryStatus::Waiting { last_error: None } => t("Waiting to be sent").into(),
        EntryStatus::Waiting {
            last_error: Some(why),
        } => tf(
            "Waiting to be sent: {}. We will keep trying; nothing needs doing.",
            &[&translate(why)],
        ),
    }
}

/// What a queued action is, in the customer's words.
pub fn describe(intent: &Intent) -> String {
    let money = |amount, currency: &settle_core::currency::Currency| {
        crate::format::money(amount, &currency.to_string())
    };
    match intent {
        Intent::RaiseDispute(raise) => tf(
            "Your dispute of {}",
            &[&money(raise.amount, &raise.currency)],
        ),
        Intent::SendDisputeMessage(message) => tf("Your message: “{}”", &[&message.body]),
        Intent::WithdrawDispute(_) => t("Withdrawing the dispute").into(),
        Intent::UploadAttachment(file) => tf("Your file {}", &[&file.file_name]),
        Intent::AcceptPlanOffer(_) | Intent::ProposePlan(_) => t("Your plan agreement").into(),
        Intent::PromiseToPay(promise) => tf(
            "Your promise of {} by {}",
            &[
                &money(promise.amount, &promise.currency),
                &crate::format::date(promise.date),
            ],
        ),
        Intent::ChangePromise(change) => {
            tf("Your new date, {}", &[&crate::format::date(change.date)])
        }
        Intent::AskForHelp(_) => t("Your request for help").into(),
        Intent::StartCheckout(_) => t("Your payment").into(),
        Intent::SendFeedback(_) => t("Your feedback").into(),
        Intent::PutPreferences(_) => t("Your contact preferences").into(),
    }
}

/// The form that corrects a refused action, opened with it filled in; `None` for an
/// action with nothing to change (accepting an offer, withdrawing, feedback) or one
/// made again from the start (a plan proposal: the builder starts from today's balance).
fn edit_path(entry: &OutboxEntry) -> Option<String> {
    let form = match &entry.intent {
        Intent::RaiseDispute(raise) => format!("/invoices/{}/dispute", raise.invoice_id),
        Intent::SendDisputeMessage(message) => format!("/disputes/{}", message.dispute_id),
        Intent::PromiseToPay(_) => "/promise".to_owned(),
        Intent::AskForHelp(_) => "/ask-for-help".to_owned(),
        _ => return None,
    };
    Some(format!("{form}?edit={}", entry.key))
}
