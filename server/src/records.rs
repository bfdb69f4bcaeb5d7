//! The record store. Every customer-visible record lives once, as the JSON of its
//! settle-core type, in the `records` table that sync serves; every change is published
//! there inside the transaction that made it, with the next global version.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use settle_core::api::{Account, Dispute, Invoice, Kind, Payment, Plan};
use settle_core::currency::Currency;
use settle_core::figures::Ledger;
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult};

/// Whom a record belongs to: an account (most kinds) or a customer (preferences).
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Account(&'a str),
    Customer(&'a str),
}

impl Owner<'_> {
    /// The (account_id, customer_id) columns; the one not used stays empty.
    fn columns(self) -> (String, String) {
        match self {
            Owner::Account(id) => (id.to_owned(), String::new()),
            Owner::Customer(id) => (String::new(), id.to_owned()),
        }
    }
}

/// A record read back with the account it belongs to and its version.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub data: T,
    pub account_id: String,
    pub version: i64,
}

/// Stores the record's latest JSON (or a tombstone when `data` is `None`) at the next
/// version. The counter row is locked until the transaction commits, so versions are
/// handed out in commit order and a reader never skips a change committed later.
pub async fn publish(
    conn: &mut AnyConnection,
    kind: Kind,
    id: &str,
    owner: Owner<'_>,
    data: Option<&serde_json::Value>,
) -> Result<i64, sqlx::Error> {
    let (account_id, customer_id) = owner.columns();
    let (version,): (i64,) = sqlx::query_as(
        "UPDATE counters SET value = value + 1 WHERE name = 'sync_version' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO records (kind, id, account_id, customer_id, version, deleted, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (kind, id) DO UPDATE SET account_id = excluded.account_id, \
         customer_id = excluded.customer_id, version = excluded.version, \
         deleted = excluded.deleted, data = excluded.data",
    )
    .bind(kind.as_str())
    .bind(id)
    .bind(account_id)
    .bind(customer_id)
    .bind(version)
    .bind(i64::from(data.is_none()))
    .bind(data.map(|value| value.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(version)
}

/// Saves a record of a settle-core type and returns its new version.
pub async fn save<T: Serialize>(
    conn: &mut AnyConnection,
    kind: Kind,
    id: &str,
    owner: Owner<'_>,
    record: &T,
) -> ApiResult<i64> {
    let data = serde_json::to_value(record).map_err(internal)?;
    Ok(publish(conn, kind, id, owner, Some(&data)).await?)
}

/// Removes a record, leaving a tombstone so every client drops its copy on next sync.
pub async fn remove(
    conn: &mut AnyConnection,
    kind: Kind,
    id: &str,
    owner: Owner<'_>,
) -> ApiResult<i64> {
    Ok(publish(conn, kind, id, owner, None).await?)
}

/// Reads one live record of `kind`, or `None` if there is none (or only a tombstone).
pub async fn load<T: DeserializeOwned>(
    conn: &mut AnyConnection,
    kind: Kind,
    id: &str,
) -> ApiResult<Option<Stored<T>>> {
    let row: Option<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT account_id, version, data FROM records WHERE kind = $1 AND id = $2 AND deleted = 0",
    )
    .bind(kind.as_str())
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((account_id, version, Some(data))) = row else {
        return Ok(None);
    };
    Ok(Some(Stored {
        data: serde_json::from_str(&data).map_err(internal)?,
        account_id,
        version,
    }))
}

/// Every live record of `kind` on an account.
pub async fn list<T: DeserializeOwned>(
    conn: &mut AnyConnection,
    kind: Kind,
    account_id: &str,
) -> ApiResult<Vec<T>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT data FROM records WHERE account_id = $1 AND kind = $2 AND deleted = 0 \
         ORDER BY id",
    )
    .bind(account_id)
    .bind(kind.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|(data,)| serde_json::from_str(data).map_err(internal))
        .collect()
}

/// An account's stored columns.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub id: String,
    pub number: String,
    pub name: String,
    pub currency: Currency,
    pub credit_limit: rust_decimal::Decimal,
    pub on_stop: bool,
    pub on_stop_reason: Option<String>,
    pub on_stop_remedy: Option<String>,
}

type AccountColumns = (
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
);

/// Reads an account's columns; `None` if there is no such account.
pub async fn account_row(
    conn: &mut AnyConnection,
    account_id: &str,
) -> ApiResult<Option<AccountRow>> {
    let row: Option<AccountColumns> = sqlx::query_as(
        "SELECT id, number, name, currency, credit_limit, on_stop, on_stop_reason, \
         on_stop_remedy FROM accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, number, name, currency, credit_limit, on_stop, reason, remedy)) = row else {
        return Ok(None);
    };
    Ok(Some(AccountRow {
        id,
        number,
        name,
        currency: Currency::from_code(&currency).map_err(internal)?,
        credit_limit: credit_limit.parse().map_err(internal)?,
        on_stop: on_stop != 0,
        on_stop_reason: reason,
        on_stop_remedy: remedy,
    }))
}

/// How many upcoming amounts the account record lists.
const NEXT_DUE_ITEMS: usize = 5;

/// Recomputes an account's figures with settle-core's [`Ledger`] from its invoices,
/// payments, disputes and plans, and publishes the account.
pub async fn refresh_account(
    conn: &mut AnyConnection,
    account_id: &str,
    today: NaiveDate,
) -> ApiResult<Account> {
    let row = account_row(conn, account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let invoices: Vec<Invoice> = list(conn, Kind::Invoice, account_id).await?;
    let payments: Vec<Payment> = list(conn, Kind::Payment, account_id).await?;
    let disputes: Vec<Dispute> = list(conn, Kind::Dispute, account_id).await?;
    let plans: Vec<Plan> = list(conn, Kind::Plan, account_id).await?;
    let ledger = Ledger {
        currency: row.currency,
        credit_limit: row.credit_limit,
        invoices: &invoices,
        payments: &payments,
        disputes: &disputes,
        plans: &plans,
    };
    // Every record was checked on the way in, so a failure here is the server's fault.
    let figures = ledger.figures(today).map_err(internal)?;
    let mut account = Account {
        id: row.id,
        number: row.number,
        name: row.name,
        currency: row.currency.code().to_owned(),
        on_stop: row.on_stop,
        on_stop_reason: row.on_stop_reason.filter(|_| row.on_stop),
        on_stop_remedy: row.on_stop_remedy.filter(|_| row.on_stop),
        as_of: today,
        next_due: ledger.upcoming(today, NEXT_DUE_ITEMS),
        ..Account::default()
    };
    figures.apply_to(&mut account);
    save(
        conn,
        Kind::Account,
        account_id,
        Owner::Account(account_id),
        &account,
    )
    .await?;
    Ok(account)
}

/// A fault in data the server itself wrote.
pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> ApiError {
    ApiError::Internal(sqlx::Error::Decode(Box::new(error)))
}

/// Publishes every record of an account again at new versions, so a customer who has
/// just been given the account receives all of it on their next sync, whatever their
/// checkpoint.
pub async fn republish_account(conn: &mut AnyConnection, account_id: &str) -> ApiResult<()> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT kind, id, data FROM records WHERE account_id = $1 AND deleted = 0 ORDER BY version",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    for (kind, id, data) in rows {
        let kind: Kind =
            serde_json::from_value(serde_json::Value::String(kind)).map_err(internal)?;
        let data: Option<serde_json::Value> = data
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(internal)?;
        publish(conn, kind, &id, Owner::Account(account_id), data.as_ref()).await?;
    }
    Ok(())
}

/// Rows per multi-row INSERT in [`publish_many`]; 7 parameters each stays far below
/// SQLite's and PostgreSQL's parameter limits.
const BATCH_ROWS: usize = 500;

/// Publishes many new records of one kind at once (bulk loads): one version range taken
/// from the counter, then multi-row inserts. Ids must not exist yet.
pub async fn publish_many(
    conn: &mut AnyConnection,
    kind: Kind,
    owner: Owner<'_>,
    records: &[(String, serde_json::Value)],
) -> ApiResult<()> {
    let count = i64::try_from(records.len()).map_err(internal)?;
    let (last,): (i64,) = sqlx::query_as(
        "UPDATE counters SET value = value + $1 WHERE name = 'sync_version' RETURNING value",
    )
    .bind(count)
    .fetch_one(&mut *conn)
    .await?;
    let (account_id, customer_id) = owner.columns();
    let mut version = last - count;
    for chunk in records.chunks(BATCH_ROWS) {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|row| {
                let p = row * 7;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO records (kind, id, account_id, customer_id, version, deleted, data) \
             VALUES {}",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (id, data) in chunk {
            version += 1;
            query = query
                .bind(kind.as_str())
                .bind(id)
                .bind(account_id.clone())
                .bind(customer_id.clone())
                .bind(version)
                .bind(0_i64)
                .bind(data.to_string());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Brings figures that depend on the date up to today: instalments past their grace
/// days become missed, and every account whose figures are from an earlier day is worked
/// out again (so overdue amounts and ageing move on even when nothing else changes).
/// Each account in its own transaction, so a long pass never holds the write lock long.
pub async fn roll_forward(db: &crate::Database, today: NaiveDate) -> ApiResult<u64> {
    let accounts: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT a.id, r.data FROM accounts a \
         LEFT JOIN records r ON r.kind = 'account' AND r.id = a.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut refreshed = 0;
    for (account_id, data) in accounts {
        let as_of = data
            .as_deref()
            .and_then(|text| serde_json::from_str::<Account>(text).ok())
            .map(|account| account.as_of);
        if as_of.is_some_and(|as_of| as_of >= today) {
            continue;
        }
        let mut tx = db.begin().await?;
        mark_missed_instalments(&mut tx, &account_id, today).await?;
        refresh_account(&mut tx, &account_id, today).await?;
        tx.commit().await?;
        refreshed += 1;
    }
    Ok(refreshed)
}

async fn mark_missed_instalments(
    conn: &mut AnyConnection,
    account_id: &str,
    today: NaiveDate,
) -> ApiResult<()> {
    let missed_after = load::<settle_core::api::PlanPolicy>(conn, Kind::PlanPolicy, account_id)
        .await?
        .map_or(0, |policy| policy.data.missed_after_days);
    let plans: Vec<Plan> = list(conn, Kind::Plan, account_id).await?;
    for mut plan in plans {
        if plan.status != settle_core::api::PlanStatus::Active {
            continue;
        }
        let mut changed = false;
        for instalment in &mut plan.instalments {
            let status = settle_core::api::InstalmentStatus::on(
                instalment.amount,
                instalment.paid,
                instalment.due_date,
                missed_after,
                today,
            );
            // Only moves forward in time: a missed one recorded by the creditor stays.
            if status == settle_core::api::InstalmentStatus::Missed && instalment.status != status {
                instalment.status = status;
                changed = true;
            }
        }
        if changed {
            save(
                conn,
                Kind::Plan,
                &plan.id,
                Owner::Account(account_id),
                &plan,
            )
            .await?;
        }
    }
    Ok(())
}
