//! Recording payments (from the back office or the test payment provider): allocations
//! raise the invoices' amount paid and the plan instalments they name, and the account's
//! figures follow.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use settle_core::api::{InstalmentStatus, Invoice, Kind, Payment, PaymentStatus, Plan, PlanStatus};
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult};
use crate::intents;
use crate::records::{self, load, save, Owner};

/// Stores a payment and applies its allocations. Amounts are checked by settle-core; an
/// allocation may not pay an invoice beyond its total.
pub async fn record(
    conn: &mut AnyConnection,
    payment: &Payment,
    today: NaiveDate,
) -> ApiResult<()> {
    payment
        .validate()
        .map_err(|e| ApiError::invalid(e.field, e.reason))?;
    let account = records::account_row(conn, &payment.account_id)
        .await?
        .ok_or_else(|| ApiError::invalid("/account_id", "there is no such account"))?;
    if account.currency != payment.currency {
        return Err(ApiError::invalid(
            "/currency",
            format!("the account is in {}", account.currency),
        ));
    }
    if load::<Payment>(conn, Kind::Payment, &payment.id)
        .await?
        .is_some()
    {
        return Err(ApiError::Conflict(format!(
            "payment '{}' is already recorded",
            payment.id
        )));
    }
    let owner = Owner::Account(&account.id);
    if payment.status == PaymentStatus::Completed {
        for (index, allocation) in payment.allocations.iter().enumerate() {
            let field = |name: &str| format!("/allocations/{index}/{name}");
            let mut invoice = load::<Invoice>(conn, Kind::Invoice, &allocation.invoice_id)
                .await?
                .filter(|stored| stored.account_id == account.id)
                .ok_or_else(|| {
                    ApiError::invalid(
                        field("invoice_id"),
                        "there is no such invoice on the account",
                    )
                })?
                .data;
            if allocation.amount > invoice.open() {
                return Err(ApiError::invalid(
                    field("amount"),
                    format!(
                        "{} is more than the {} open on invoice {}",
                        allocation.amount,
                        invoice.open(),
                        invoice.number
                    ),
                ));
            }
            invoice.amount_paid += allocation.amount;
            save(conn, Kind::Invoice, &invoice.id, owner, &invoice).await?;
            if let (Some(number), Some(plan_id)) = (allocation.instalment, &invoice.plan_id) {
                pay_instalment(conn, plan_id, number, allocation.amount, today).await?;
            }
        }
    }
    save(conn, Kind::Payment, &payment.id, owner, payment).await?;
    records::refresh_account(conn, &account.id, today).await?;
    Ok(())
}

/// Adds `amount` to an instalment, completing the plan when everything is paid.
pub async fn pay_instalment(
    conn: &mut AnyConnection,
    plan_id: &str,
    number: u32,
    amount: Decimal,
    today: NaiveDate,
) -> ApiResult<Plan> {
    let stored = load::<Plan>(conn, Kind::Plan, plan_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let missed_after = intents::policy(conn, &stored.account_id)
        .await?
        .map(|policy| policy.missed_after_days)
        .unwrap_or(0);
    let mut plan = stored.data;
    let instalment = plan
        .instalments
        .iter_mut()
        .find(|i| i.number == number)
        .ok_or(ApiError::NotFound)?;
    instalment.paid += amount;
    instalment.status = InstalmentStatus::on(
        instalment.amount,
        instalment.paid,
        instalment.due_date,
        missed_after,
        today,
    );
    if plan
        .instalments
        .iter()
        .all(|i| i.status == InstalmentStatus::Paid)
    {
        plan.status = PlanStatus::Completed;
    }
    save(
        conn,
        Kind::Plan,
        &plan.id,
        Owner::Account(&stored.account_id),
        &plan,
    )
    .await?;
    Ok(plan)
}
