//! Payment history (`/payments`): what was paid, when, how, and which invoices it
//! settled.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::payment::{Payment, PaymentMethod, PaymentStatus};

use crate::components::{ChosenAccount, Loaded};
use crate::data;
use crate::format;
use crate::i18n::{t, tf};

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
    let loaded = data::read_live(data::payments);
    view! {
        <h1>{t("Payments")}</h1>
        <Loaded
            read=move || loaded.get()
            is_empty=|paid: &data::Payments| paid.payments.is_empty()
            empty=t("No payments yet.")
            let:paid
        >
            <ul class="plain payment-list">
                {paid.payments.into_iter().filter(|p| chosen.shows(&p.account_id)).map(|payment| view! {
                    <PaymentView payment numbers=paid.invoice_numbers.clone() />
                }).collect_view()}
            </ul>
        </Loaded>
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
