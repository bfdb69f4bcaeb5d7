//! The test payment provider: a clearly labelled hosted page where a checkout can be paid
//! or declined without real money. Paying records a card payment, which reaches the app
//! through sync like any other. The checkout id is random and acts as the capability.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use rust_decimal::Decimal;
use serde::Deserialize;
use settle_core::api::{
    Allocation, CheckoutTarget, Invoice, Kind, Payment, PaymentMethod, PaymentStatus, StartCheckout,
};
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult};
use crate::intents::new_id;
use crate::records::{self, list};
use crate::{payments, AppState};

/// Only this page's own form may run; nothing else loads.
const PAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
                        frame-ancestors 'none'; base-uri 'none'";

async fn checkout(
    conn: &mut AnyConnection,
    id: &str,
) -> ApiResult<(StartCheckout, String, Option<String>)> {
    let row: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT data, state, payment_id FROM checkouts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let (data, state, payment_id) = row.ok_or(ApiError::NotFound)?;
    let data = serde_json::from_str(&data).map_err(records::internal)?;
    Ok((data, state, payment_id))
}

/// `GET /test-payments/{id}`
pub async fn page(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let mut conn = state.db.pool.acquire().await?;
    let (checkout, status, _) = checkout(&mut conn, &id).await?;
    let amount = format!("{} {}", checkout.amount, checkout.currency.code());
    let what = match &checkout.target {
        CheckoutTarget::Balance => "towards the account balance".to_owned(),
        CheckoutTarget::Invoice { .. } => "for one invoice".to_owned(),
        CheckoutTarget::Instalment { number, .. } => format!("for plan instalment {number}"),
    };
    let body = if status == "open" {
        format!(
            "<p>Pay <strong>{amount}</strong> {what}?</p>\
             <form method=\"post\">\
             <button name=\"outcome\" value=\"pay\">Pay {amount} (test)</button> \
             <button name=\"outcome\" value=\"decline\">Decline</button></form>"
        )
    } else {
        format!("<p>This checkout is {status}.</p><p><a href=\"/\">Back to Settle</a></p>")
    };
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>TEST payment provider</title></head>\
         <body style=\"font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem\">\
         <p role=\"note\" style=\"background:#ffe08a;padding:1rem;border:3px dashed #7a5b00\">\
         <strong>TEST PAYMENT PROVIDER.</strong> This page belongs to Settle's demo. \
         No real money moves and no card details are asked for.</p>\
         <h1>Test checkout</h1>{body}</body></html>"
    );
    Ok((
        [
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Html(html),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct Outcome {
    outcome: String,
}

/// `POST /test-payments/{id}`: pay or decline, then back to the app.
pub async fn settle(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(outcome): Form<Outcome>,
) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    let (checkout, status, _) = checkout(&mut tx, &id).await?;
    if status != "open" {
        return Err(ApiError::Conflict(format!(
            "this checkout is already {status}"
        )));
    }
    let today = Utc::now().date_naive();
    let (new_state, payment_id) = match outcome.outcome.as_str() {
        "pay" => {
            let payment = payment_for(&mut tx, &id, &checkout).await?;
            payments::record(&mut tx, &payment, today).await?;
            ("paid", Some(payment.id))
        }
        "decline" => ("declined", None),
        _ => return Err(ApiError::invalid("/outcome", "choose pay or decline")),
    };
    // Only the first answer counts, even if two arrive at once.
    let updated = sqlx::query(
        "UPDATE checkouts SET state = $1, payment_id = $2 WHERE id = $3 AND state = 'open'",
    )
    .bind(new_state)
    .bind(payment_id)
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(ApiError::Conflict(
            "this checkout was already answered".into(),
        ));
    }
    tx.commit().await?;
    let back = checkout.return_path.unwrap_or_else(|| "/".to_owned());
    let separator = if back.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!(
        "{back}{separator}checkout={id}&result={new_state}"
    ))
    .into_response())
}

/// A card payment for the checkout, allocated to what it was for, oldest due first.
async fn payment_for(
    conn: &mut AnyConnection,
    checkout_id: &str,
    checkout: &StartCheckout,
) -> ApiResult<Payment> {
    let mut invoices: Vec<Invoice> = list(conn, Kind::Invoice, &checkout.account_id).await?;
    invoices.sort_by(|a, b| (a.due_date, &a.id).cmp(&(b.due_date, &b.id)));
    let (chosen, instalment): (Vec<&Invoice>, Option<u32>) = match &checkout.target {
        CheckoutTarget::Balance => (invoices.iter().collect(), None),
        CheckoutTarget::Invoice { invoice_id } => (
            invoices.iter().filter(|i| &i.id == invoice_id).collect(),
            None,
        ),
        CheckoutTarget::Instalment { plan_id, number } => (
            invoices
                .iter()
                .filter(|i| i.plan_id.as_ref() == Some(plan_id))
                .collect(),
            Some(*number),
        ),
    };
    let mut left = checkout.amount;
    let mut allocations = Vec::new();
    for invoice in chosen {
        let open = invoice.open();
        if left <= Decimal::ZERO {
            break;
        }
        if open <= Decimal::ZERO {
            continue;
        }
        let amount = open.min(left);
        left -= amount;
        allocations.push(Allocation {
            invoice_id: invoice.id.clone(),
            amount,
            instalment,
        });
    }
    Ok(Payment {
        id: new_id("pay"),
        account_id: checkout.account_id.clone(),
        currency: checkout.currency,
        amount: checkout.amount,
        received_at: Utc::now(),
        method: PaymentMethod::Card,
        status: PaymentStatus::Completed,
        reference: Some(format!("Test payment {checkout_id}")),
        allocations,
    })
}
