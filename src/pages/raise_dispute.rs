use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use settle_core::dispute::{Dispute, DisputeReason, RaiseDispute};
use settle_core::intents::Intent;
use settle_core::invoice::Invoice;
use settle_core::message::Explain;
use settle_core::money::Money;

use crate::components::{AttachmentPicker, Chosen};
use crate::drafts;
use crate::format;
use crate::i18n::{t, tf};
use crate::outbox;
use crate::sync::SyncStatus;

pub(super) fn reason_text(reason: DisputeReason) -> &'static str {
    t(match reason {
        DisputeReason::NotReceived => "I did not receive it",
        DisputeReason::DamagedOrFaulty => "It arrived damaged or does not work",
        DisputeReason::WrongPriceOrQuantity => "The price or quantity is wrong",
        DisputeReason::DuplicateCharge => "I was charged twice",
        DisputeReason::AlreadyPaid => "I have already paid it",
        DisputeReason::Other => "Something else",
    })
}

/// Raising a dispute on an invoice: the reason, the amount, what happened.
#[component]
pub fn RaiseDisputePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read_untracked().get("id").unwrap_or_default();
    let loaded = super::read_for_form(move || super::invoice_detail::load(id()), Option::is_some);
    view! {
        <h1>{t("Raise a dispute")}</h1>
        {move || match loaded.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok(None)) => view! { <p>{t("We could not find this invoice.")}</p> }.into_any(),
            Some(Ok(Some((invoice, disputes)))) => {
                view! { <DisputeForm invoice disputes /> }.into_any()
            }
        }}
    }
}

#[component]
fn DisputeForm(invoice: Invoice, disputes: Vec<Dispute>) -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let navigate = use_navigate();
    let currency = invoice.currency;
    let reason = RwSignal::new(DisputeReason::NotReceived);
    let amount = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let files = RwSignal::new_local(Vec::<Chosen>::new());
    let draft = drafts::keep(
        format!("raise-dispute:{}", invoice.id),
        vec![amount, description],
    );
    let open_amount = invoice.open().to_string();
    let placeholder = open_amount.clone();
    let error = RwSignal::new(None::<String>);
    let heading = tf(
        "Invoice {}: {} open",
        &[
            &invoice.number,
            &format::money(invoice.open(), &currency.to_string()),
        ],
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let typed = amount.get_untracked();
        let typed = if typed.trim().is_empty() {
            open_amount.clone()
        } else {
            typed
        };
        let amount = match Money::parse(typed.trim(), currency) {
            Ok(amount) => amount.amount(),
            Err(problem) => {
                return error.set(Some(tf(
                    "Amount: {}",
                    &[&crate::messages::say(&problem.message())],
                )))
            }
        };
        let request = RaiseDispute {
            invoice_id: invoice.id.clone(),
            line_ids: Vec::new(),
            reason: reason.get_untracked(),
            currency,
            amount,
            description: description.get_untracked(),
            attachment_ids: files.with_untracked(|f| f.iter().map(|c| c.meta.id.clone()).collect()),
        };
        if let Err(problem) = request.check(&invoice, &disputes) {
            return error.set(Some(super::sentence(&problem)));
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            let chosen = files.get_untracked();
            match outbox::queue_with_files(status, Intent::RaiseDispute(request), chosen).await {
                Ok(_) => {
                    draft.forget().await;
                    navigate("/disputes", Default::default());
                }
                Err(problem) => error.set(Some(problem.to_string())),
            }
        });
    };
    view! {
        <form class="card" on:submit=submit>
            <h2>{heading}</h2>
            <label for="reason">{t("What is wrong?")}</label>
            <select id="reason" on:change=move |ev| {
                let chosen = event_target_value(&ev);
                if let Some(found) = DisputeReason::ALL.into_iter().find(|r| format!("{r:?}") == chosen) {
                    reason.set(found);
                }
            }>
                {DisputeReason::ALL.into_iter().map(|r| view! {
                    <option value=format!("{r:?}")>{reason_text(r)}</option>
                }).collect_view()}
            </select>
            <label for="amount">{t("Amount you dispute")}</label>
            <input id="amount" inputmode="decimal" placeholder=placeholder
                aria-describedby="amount-hint" bind:value=amount />
            <p class="muted" id="amount-hint">{t("Leave it empty to dispute all that is open.")}</p>
            <label for="description">{t("What happened?")}</label>
            <textarea id="description" rows="4" bind:value=description></textarea>
            <AttachmentPicker chosen=files id="dispute-files" />
            <p class="error" role="alert">{move || error.get()}</p>
            <button type="submit">{t("Send dispute")}</button>
        </form>
    }
}
