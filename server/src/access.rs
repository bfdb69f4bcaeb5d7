//! Who may reach what: a customer reaches only the accounts they hold, and the records on
//! them. Anything else answers 404, never 403, so ids of other customers reveal nothing.

use serde::de::DeserializeOwned;
use settle_core::api::Kind;
use sqlx::AnyConnection;

use crate::error::{ApiError, ApiResult};
use crate::records::{self, AccountRow, Stored};

/// The account, if `customer_id` holds it; otherwise 404.
pub async fn held_account(
    conn: &mut AnyConnection,
    customer_id: &str,
    account_id: &str,
) -> ApiResult<AccountRow> {
    let held: Option<(String,)> = sqlx::query_as(
        "SELECT account_id FROM account_holders WHERE customer_id = $1 AND account_id = $2",
    )
    .bind(customer_id)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    if held.is_none() {
        return Err(ApiError::NotFound);
    }
    records::account_row(conn, account_id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// A record on an account `customer_id` holds; otherwise 404.
pub async fn owned<T: DeserializeOwned>(
    conn: &mut AnyConnection,
    customer_id: &str,
    kind: Kind,
    id: &str,
) -> ApiResult<Stored<T>> {
    let stored = records::load::<T>(conn, kind, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    held_account(conn, customer_id, &stored.account_id).await?;
    Ok(stored)
}
