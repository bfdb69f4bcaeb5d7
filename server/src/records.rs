//! What sync serves: every change to a customer-visible record is published here, inside
//! the transaction that made it, with the next global version.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use settle_core::api::{Account, Kind};
use sqlx::{Any, Transaction};

/// Stores the record's latest JSON (or a tombstone when `data` is `None`) at the next
/// version. The counter row is locked until the transaction commits, so versions are
/// handed out in commit order and a reader never skips a change committed later.
pub async fn publish(
    tx: &mut Transaction<'_, Any>,
    kind: Kind,
    id: &str,
    account_id: &str,
    data: Option<&serde_json::Value>,
) -> Result<i64, sqlx::Error> {
    let (version,): (i64,) = sqlx::query_as(
        "UPDATE counters SET value = value + 1 WHERE name = 'sync_version' RETURNING value",
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO records (kind, id, account_id, version, deleted, data) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (kind, id) DO UPDATE SET account_id = excluded.account_id, \
         version = excluded.version, deleted = excluded.deleted, data = excluded.data",
    )
    .bind(kind.as_str())
    .bind(id)
    .bind(account_id)
    .bind(version)
    .bind(i64::from(data.is_none()))
    .bind(data.map(|value| value.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(version)
}

/// Recomputes an account's figures from its invoices and publishes the account.
pub async fn refresh_account(
    tx: &mut Transaction<'_, Any>,
    account_id: &str,
    today: NaiveDate,
) -> Result<(), sqlx::Error> {
    let (number, name, currency, credit_limit, on_stop): (String, String, String, String, i64) =
        sqlx::query_as(
            "SELECT number, name, currency, credit_limit, on_stop FROM accounts WHERE id = $1",
        )
        .bind(account_id)
        .fetch_one(&mut **tx)
        .await?;
    let invoices: Vec<(String, String, String)> =
        sqlx::query_as("SELECT due_on, total, paid FROM invoices WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(&mut **tx)
            .await?;
    let mut balance = Decimal::ZERO;
    let mut overdue = Decimal::ZERO;
    for (due_on, total, paid) in invoices {
        let open = decimal(&total)? - decimal(&paid)?;
        balance += open;
        let due_on: NaiveDate = due_on.parse().map_err(|e| decode_error(Box::new(e)))?;
        if due_on < today && open > Decimal::ZERO {
            overdue += open;
        }
    }
    let account = Account {
        id: account_id.to_string(),
        number,
        name,
        currency,
        balance,
        overdue,
        credit_limit: decimal(&credit_limit)?,
        on_stop: on_stop != 0,
        as_of: today,
        ..Account::default()
    };
    let data = serde_json::to_value(&account).map_err(|e| decode_error(Box::new(e)))?;
    publish(tx, Kind::Account, account_id, account_id, Some(&data)).await?;
    Ok(())
}

fn decimal(text: &str) -> Result<Decimal, sqlx::Error> {
    text.parse().map_err(|e| decode_error(Box::new(e)))
}

fn decode_error(error: Box<dyn std::error::Error + Send + Sync>) -> sqlx::Error {
    sqlx::Error::Decode(error)
}
