use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::api::Kind;
use settle_core::payment::{Payment, PaymentMethod, PaymentStatus};

use crate::components::ChosenAccount;
use crate::format;
use crate::i18n::{t, tf};
use crate::store::Store;

/// Payments with the invoice numbers they were allocated to, newest first.
async fn load() -> Result<(Vec<Payment>, HashMap<String, String>), String> {
    let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
        return Ok(Default::default());
    };
    let payments = store.all::<Payment>(Kind::Payment).await;
    let invoices = store.listed_invoices().await;
    store.close();
    let mut payments = payments.map_err(|e| e.to_string())?;
    payments.sort_by_key(|p| std::cmp::Reverse(p.received_at));
    let numbers = invoices
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|invoice| (invoice.id, invoice.number))
        .collect();
    Ok((payments, numbers))
}

fn method_words(method: PaymentMethod) -> &'static str {
    t(match method {
        PaymentMethod::Card => "Card",
        PaymentMethod::BankTransfer => "Bank transfer",
        PaymentMethod::DirectDebit => "Direct debit",
        PaymentMethod::Cheque => "Cheque",
        PaymentMethod::Cash => "Cash",
        PaymentMethod::Other => "Other",
    })
}

fn status_words(status: PaymentStatus) -> &'static str {
    t(match status {
        PaymentStatus::Pending => "Being confirmed",
        PaymentStatus::Completed => "Received",
        PaymentStatus::Failed => "Did not go through",
        PaymentStatus::Refunded => "Refunded to you",
    })
}

/// Payment history: what was paid, when, how, and which invoices it settled.
#[component]
pub fn Payments() -> impl IntoView {
    let chosen = expect_context::<ChosenAccount>();
    let loaded = super::read_live(load);
    view! {
        <h1>{t("Payments")}</h1>
        {move || match loaded.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok((payments, _))) if payments.is_empty() => {
                view! { <p>{t("No payments yet.")}</p> }.into_any()
            }
            Some(Ok((payments, numbers))) => view! {
                <ul class="plain payment-list">
                    {payments.into_iter().filter(|p| chosen.shows(&p.account_id)).map(|payment| view! {
                        <PaymentView payment numbers=numbers.clone() />
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn PaymentView(payment: Payment, numbers: HashMap<String, String>) -> impl IntoView {
    let code = payment.currency.to_string();
    let allocations = payment
        .allocations
        .iter()
        .map(|allocation| {
            let number = numbers
                .get(&allocation.invoice_id)
                .cloned()
                .unwrap_or_else(|| allocation.invoice_id.clone());
            let instalment = allocation
                .instalment
                .map(|n| tf(" (plan instalment {})", &[&n.to_string()]))
                .unwrap_or_default();
            view! {
                <li>
                    <A href=format!("/invoices/{}", allocation.invoice_id)>{tf("Invoice {}", &[&number])}</A>
                    {instalment} ": " {format::money(allocation.amount, &code)}
                </li>
            }
        })
        .collect_view();
    let unallocated = payment.unallocated();
    view! {
        <li class="card" data-testid="payment">
            <p class="payment-head">
                <strong>{format::money(payment.amount, &code)}</strong>
                " · " {format::date_time(&payment.received_at.to_rfc3339())}
            </p>
            <p class="muted">
                {method_words(payment.method)} " · " {status_words(payment.status)}
                {payment.reference.clone().map(|r| format!(" · {r}"))}
            </p>
            {(!payment.allocations.is_empty()).then(|| view! {
                <p>{t("Paid towards:")}</p>
                <ul class="plain">{allocations}</ul>
            })}
            {(unallocated > rust_decimal::Decimal::ZERO).then(|| view! {
                <p>{tf("{} is kept as credit on your account.", &[&format::money(unallocated, &code)])}</p>
            })}
        </li>
    }
}
