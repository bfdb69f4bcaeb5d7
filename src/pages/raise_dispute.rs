//! Raising a dispute on an invoice or on chosen lines of it: the reason, the lines, the
//! amount (no more than the lines and the invoice allow, shown as they are ticked), what
//! happened and photos; kept as a draft until it is sent.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use settle_core::dispute::{Dispute, DisputeError, DisputeReason, RaiseDispute};
use settle_core::dispute_form::DisputeChoice;
use settle_core::intents::Intent;
use settle_core::invoice::Invoice;
use settle_core::validation::RuleBreach;

use crate::components::{AttachmentPicker, FieldError};
use crate::data::drafts;
use crate::data::{self, Chosen, InvoiceView, Outbox, Submission};
use crate::format;
use crate::i18n::{t, tf};
use crate::words::dispute_reason;

/// Raising a dispute on an invoice: the reason, the amount, what happened.
#[component]
pub fn RaiseDisputePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read_untracked().get("id").unwrap_or_default();
    let loaded = data::read_for_form(move || data::invoice(id()), Option::is_some);
    let correcting = data::correcting(|intent| match intent {
        Intent::RaiseDispute(raise) => Some(raise),
        _ => None,
    });
    view! {
        <h1>{t("Raise a dispute")}</h1>
        {move || match (loaded.get(), correcting.get()) {
            (None, _) | (_, None) => view! { <p>{t("Loading…")}</p> }.into_any(),
            (Some(Err(problem)), _) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
            (Some(Ok(None)), _) => view! { <p>{t("We could not find this invoice.")}</p> }.into_any(),
            (Some(Ok(Some(InvoiceView { invoice, disputes }))), Some(correcting)) => {
                let correcting = correcting.filter(|(_, raise)| raise.invoice_id == invoice.id);
                view! { <DisputeForm invoice disputes correcting /> }.into_any()
            }
        }}
    }
}

// A broken rule shows next to the field its pointer names, or at the bottom for the rest.
const AMOUNT: &str = "/amount";
const LINES: &str = "/line_ids";
const DESCRIPTION: &str = "/description";

#[component]
fn DisputeForm(
    invoice: Invoice,
    disputes: Vec<Dispute>,
    /// The refused dispute this form corrects, with its outbox key.
    correcting: Option<(String, RaiseDispute)>,
) -> impl IntoView {
    let outbox = Outbox::here();
    let navigate = use_navigate();
    let code = invoice.currency.to_string();
    let (replaces, refused) = correcting.unzip();
    let reason = RwSignal::new(
        refused
            .as_ref()
            .map_or(DisputeReason::NotReceived, |r| r.reason),
    );
    let line_ids = RwSignal::new(
        refused
            .as_ref()
            .map(|r| r.line_ids.clone())
            .unwrap_or_default(),
    );
    let amount = RwSignal::new(
        refused
            .as_ref()
            .map(|r| r.amount.to_string())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        refused
            .as_ref()
            .map(|r| r.description.clone())
            .unwrap_or_default(),
    );
    // The photos of the refused dispute are uploaded, or queued to be: the correction
    // keeps them.
    let kept_photos = refused.map(|r| r.attachment_ids).unwrap_or_default();
    let files = RwSignal::new_local(Vec::<Chosen>::new());
    let draft = drafts::keep(
        format!("raise-dispute:{}", invoice.id),
        vec![
            drafts::text(amount),
            drafts::text(description),
            drafts::value(reason),
            drafts::value(line_ids),
        ],
    );
    let choice = move || DisputeChoice {
        reason: reason.get(),
        line_ids: line_ids.get(),
        amount: amount.get(),
        description: description.get(),
    };
    let refused = RwSignal::new(None::<DisputeError>);
    let not_queued = RwSignal::new(None::<String>);
    let (most_invoice, most_disputes) = (invoice.clone(), disputes.clone());
    let most = Memo::new(move |_| choice().most(&most_invoice, &most_disputes));
    // What was refused on sending, else why nothing can be disputed on the lines ticked.
    let problem = move || refused.get().or_else(|| most.get().err());
    let message_at = move |pointer: &'static str| {
        Signal::derive(move || {
            problem()
                .filter(|p| p.field().as_deref() == Some(pointer))
                .map(|p| crate::messages::explain(&p))
        })
    };
    let elsewhere = Signal::derive(move || {
        let unplaced = problem()
            .filter(|p| !matches!(p.field().as_deref(), Some(AMOUNT | LINES | DESCRIPTION)))
            .map(|p| crate::messages::explain(&p));
        not_queued.get().or(unplaced)
    });
    let amount_error = message_at(AMOUNT);
    let description_error = message_at(DESCRIPTION);
    let most_code = code.clone();
    let placeholder = move || {
        most.get()
            .map(|m| m.amount().to_string())
            .unwrap_or_default()
    };
    let hint = move || {
        most.get().ok().map(|m| {
            tf(
                "The most you can dispute is {}. Leave it empty to dispute all of it.",
                &[&format::money(m.amount(), &most_code)],
            )
        })
    };
    let heading = tf(
        "Invoice {}: {} open",
        &[&invoice.number, &format::money(invoice.open(), &code)],
    );
    let lines = invoice
        .lines
        .iter()
        .map(|line| {
            let id = line.id.clone();
            let box_id = format!("line-{}", line.id);
            let ticked = {
                let id = id.clone();
                move || line_ids.with(|ids| ids.contains(&id))
            };
            let label = tf(
                "{} × {}: {}",
                &[
                    &line.description,
                    &line.quantity.normalize().to_string(),
                    &format::money(line.gross(), &code),
                ],
            );
            view! {
                <div class="check">
                    <input type="checkbox" id=box_id.clone() prop:checked=ticked
                        aria-describedby="lines-error" on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            refused.set(None);
                            line_ids.update(|ids| {
                                ids.retain(|chosen| chosen != &id);
                                if on {
                                    ids.push(id.clone());
                                }
                            });
                        } />
                    <label for=box_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let has_lines = !invoice.lines.is_empty();
    let send = Submission::new(move |request: RaiseDispute| {
        let (navigate, replaces) = (navigate.clone(), replaces.clone());
        async move {
            let chosen = files.get_untracked();
            match outbox.raise_dispute(request, chosen, replaces).await {
                Ok(_) => {
                    draft.forget().await;
                    navigate("/disputes", Default::default());
                }
                Err(problem) => not_queued.set(Some(problem.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        not_queued.set(None);
        let attachment_ids = kept_photos
            .iter()
            .cloned()
            .chain(
                files.with_untracked(|f| f.iter().map(|c| c.meta.id.clone()).collect::<Vec<_>>()),
            )
            .collect();
        let request = match untrack(choice).request(&invoice, &disputes, attachment_ids) {
            Ok(request) => request,
            Err(problem) => return refused.set(Some(problem)),
        };
        send.submit(request);
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{heading}</h2>
            <label for="reason">{t("What is wrong?")}</label>
            <select id="reason" on:change=move |ev| {
                let chosen = event_target_value(&ev);
                if let Some(found) = DisputeReason::ALL.into_iter().find(|r| format!("{r:?}") == chosen) {
                    reason.set(found);
                }
            }>
                {DisputeReason::ALL.into_iter().map(|r| view! {
                    <option value=format!("{r:?}") prop:selected=move || reason.get() == r>{dispute_reason(r)}</option>
                }).collect_view()}
            </select>
            {has_lines.then(|| view! {
                <fieldset>
                    <legend>{t("Which lines are wrong?")}</legend>
                    <p class="muted">{t("Line amounts include tax. Tick none to dispute the whole invoice.")}</p>
                    {lines}
                    <FieldError id="lines-error" message=message_at(LINES) />
                </fieldset>
            })}
            <label for="amount">{t("Amount you dispute")}</label>
            <p class="muted" id="amount-hint" aria-live="polite">{hint}</p>
            <input id="amount" inputmode="decimal" placeholder=placeholder
                aria-describedby="amount-hint amount-error"
                aria-invalid=move || amount_error.get().map(|_| "true")
                on:input=move |_| refused.set(None)
                bind:value=amount />
            <FieldError id="amount-error" message=amount_error />
            <label for="description">{t("What happened?")}</label>
            <textarea id="description" rows="4" aria-describedby="description-error"
                aria-invalid=move || description_error.get().map(|_| "true")
                on:input=move |_| refused.set(None)
                bind:value=description></textarea>
            <FieldError id="description-error" message=description_error />
            <AttachmentPicker chosen=files id="dispute-files" />
            <FieldError id="dispute-error" message=elsewhere />
            <button type="submit">{t("Send dispute")}</button>
        </form>
    }
}
