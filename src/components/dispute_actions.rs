//! What the customer can do on a dispute's page: write to us (with photos), withdraw
//! the dispute, and say how we handled it once it is resolved.

use leptos::prelude::*;
use settle_core::dispute::{Dispute, SendDisputeMessage, WithdrawDispute};
use settle_core::feedback::{Feedback, FeedbackSubject};
use settle_core::intents::Intent;

use crate::components::AttachmentPicker;
use crate::data::drafts;
use crate::data::{self, Chosen, Outbox, Submission};
use crate::i18n::t;
use crate::messages::explain;

/// Writing to us about an open dispute, with photos or documents if needed.
#[component]
pub fn SendMessage(dispute_id: String) -> impl IntoView {
    let outbox = Outbox::here();
    let body = RwSignal::new(String::new());
    let files = RwSignal::new_local(Vec::<Chosen>::new());
    let problem = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let draft = drafts::keep(
        format!("dispute-message:{dispute_id}"),
        vec![drafts::text(body)],
    );
    // A refused message the customer chose to correct fills the form once it is read.
    let replaces = RwSignal::new(None::<String>);
    let kept_photos = RwSignal::new(Vec::<String>::new());
    let correcting = data::correcting(|intent| match intent {
        Intent::SendDisputeMessage(message) => Some(message),
        _ => None,
    });
    let this_dispute = dispute_id.clone();
    Effect::new(move |_| {
        if let Some(Some((key, refused))) = correcting.get() {
            if refused.dispute_id == this_dispute {
                body.set(refused.body);
                kept_photos.set(refused.attachment_ids);
                replaces.set(Some(key));
            }
        }
    });
    let send = Submission::new(
        move |(message, chosen): (SendDisputeMessage, Vec<Chosen>)| async move {
            match outbox
                .send_message(message, chosen, replaces.get_untracked())
                .await
            {
                Ok(_) => {
                    replaces.set(None);
                    kept_photos.set(Vec::new());
                    body.set(String::new());
                    files.set(Vec::new());
                    draft.forget().await;
                    sent.set(true);
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        sent.set(false);
        let message =
            SendDisputeMessage {
                dispute_id: dispute_id.clone(),
                body: body.get_untracked(),
                attachment_ids: kept_photos
                    .get_untracked()
                    .into_iter()
                    .chain(files.with_untracked(|f| {
                        f.iter().map(|c| c.meta.id.clone()).collect::<Vec<_>>()
                    }))
                    .collect(),
            };
        if let Err(error) = message.check() {
            return problem.set(Some(explain(&error)));
        }
        send.submit((message, files.get_untracked()));
    };
    view! {
        <form class="card" on:submit=submit>
            <h2>{t("Write to us")}</h2>
            <label for="message">{t("Your message")}</label>
            <textarea id="message" rows="3" aria-describedby="message-error" bind:value=body></textarea>
            <p class="error" id="message-error" role="alert">{move || problem.get()}</p>
            <AttachmentPicker chosen=files id="message-files" />
            <p role="status">{move || sent.get().then_some(t("Sent. It shows below as soon as it has reached us."))}</p>
            <button type="submit">{t("Send message")}</button>
        </form>
    }
}

/// Withdrawing an open dispute, after the customer confirms.
#[component]
pub fn Withdraw(dispute: Dispute) -> impl IntoView {
    let outbox = Outbox::here();
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let send = Submission::new(move |withdraw: WithdrawDispute| async move {
        match outbox.withdraw_dispute(withdraw).await {
            Ok(_) => confirming.set(false),
            Err(error) => problem.set(Some(error.to_string())),
        }
    });
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reason = reason.get_untracked();
        let withdraw = WithdrawDispute {
            dispute_id: dispute.id.clone(),
            reason: (!reason.trim().is_empty()).then_some(reason),
        };
        if let Err(error) = withdraw.check(&dispute) {
            return problem.set(Some(explain(&error)));
        }
        send.submit(withdraw);
    };
    view! {
        <section class="card">
            <h2>{t("Withdraw the dispute")}</h2>
            <p>{t("If it is sorted out, you can withdraw the dispute. The amount then counts as owed again.")}</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="secondary" on:click=move |_| confirming.set(true)>
                        {t("Withdraw this dispute")}
                    </button>
                }
            >
                <form on:submit=confirm.clone()>
                    <label for="withdraw-reason">{t("Why (optional)")}</label>
                    <textarea id="withdraw-reason" rows="2" bind:value=reason></textarea>
                    <p class="error" role="alert">{move || problem.get()}</p>
                    <button type="submit" class="danger">{t("Yes, withdraw it")}</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>
                        {t("Keep it")}
                    </button>
                </form>
            </Show>
        </section>
    }
}

/// The questions asked once a dispute is resolved: satisfaction (1-5), effort (1-7),
/// and a comment, all but the first optional.
#[component]
pub fn AskFeedback(dispute_id: String) -> impl IntoView {
    let outbox = Outbox::here();
    let csat = RwSignal::new(None::<u8>);
    let ces = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let thanked = RwSignal::new(false);
    let send = Submission::new(move |feedback: Feedback| async move {
        match outbox.send_feedback(feedback).await {
            Ok(_) => thanked.set(true),
            Err(error) => problem.set(Some(error.to_string())),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(score) = csat.get_untracked() else {
            return problem.set(Some(t("Choose how satisfied you are, from 1 to 5.").into()));
        };
        let comment = comment.get_untracked();
        let feedback = Feedback {
            subject: FeedbackSubject::Dispute {
                dispute_id: dispute_id.clone(),
            },
            csat: score,
            ces: ces.get_untracked(),
            comment: (!comment.trim().is_empty()).then_some(comment),
        };
        if let Err(error) = feedback.check() {
            return problem.set(Some(explain(&error)));
        }
        send.submit(feedback);
    };
    let scale = move |name: &'static str,
                      range: std::ops::RangeInclusive<u8>,
                      chosen: RwSignal<Option<u8>>| {
        range
            .map(|n| {
                let id = format!("{name}-{n}");
                view! {
                    <span class="scale-point">
                        <input type="radio" id=id.clone() name=name value=n.to_string()
                            on:change=move |_| chosen.set(Some(n)) />
                        <label for=id>{n}</label>
                    </span>
                }
            })
            .collect_view()
    };
    view! {
        <Show
            when=move || !thanked.get()
            fallback=|| view! { <p class="card" role="status">{t("Thank you for telling us how we did.")}</p> }
        >
            <form class="card feedback" on:submit=submit.clone()>
                <h2>{t("How did we do?")}</h2>
                <fieldset>
                    <legend>{t("How satisfied are you with how we handled this? (1: not at all, 5: very)")}</legend>
                    <div class="scale">{scale("csat", 1..=5, csat)}</div>
                </fieldset>
                <fieldset>
                    <legend>{t("It was easy to sort this out. (1: strongly disagree, 7: strongly agree; optional)")}</legend>
                    <div class="scale">{scale("ces", 1..=7, ces)}</div>
                </fieldset>
                <label for="feedback-comment">{t("Anything else? (optional)")}</label>
                <textarea id="feedback-comment" rows="2" bind:value=comment></textarea>
                <p class="error" role="alert">{move || problem.get()}</p>
                <button type="submit">{t("Send")}</button>
            </form>
        </Show>
    }
}
