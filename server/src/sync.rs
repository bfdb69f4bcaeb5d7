//! `GET /api/v1/sync`: everything of the signed-in customer changed after a checkpoint.

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use settle_core::api::{Kind, SyncItem, SyncPage};

use crate::auth::SessionCookie;
use crate::db::now_unix;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

const DEFAULT_LIMIT: i64 = 500;
const MAX_LIMIT: i64 = 1000;

#[derive(Debug, Deserialize)]
pub struct SyncQuery {
    checkpoint: Option<String>,
    limit: Option<i64>,
}

/// Checkpoints are opaque to clients; inside they are the last version the client holds.
/// The prefix lets the format change later without misreading old checkpoints.
fn parse_checkpoint(checkpoint: Option<&str>) -> ApiResult<i64> {
    let invalid = || {
        ApiError::invalid(
            "checkpoint",
            "this checkpoint was not issued by this server",
        )
    };
    match checkpoint {
        None | Some("") => Ok(0),
        Some(text) => text
            .strip_prefix("v1.")
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .ok_or_else(invalid),
    }
}

fn format_checkpoint(version: i64) -> String {
    format!("v1.{version}")
}

#[utoipa::path(
    get,
    path = "/sync",
    operation_id = "sync",
    tag = "Sync",
    summary = "Everything of this customer changed after a checkpoint.",
    params(("checkpoint" = Option<String>, Query, description = "Opaque; from the previous page. Absent or empty: from the start."), ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000, description = "At most this many items; 500 when absent.")),
    responses(
        (status = 200, description = "A page of changes, oldest first.", body = settle_core::api::SyncPage),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 401, response = crate::openapi::Unauthenticated),
        (status = 422, response = crate::openapi::Unprocessable),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("session" = [])),
)]
pub async fn sync(
    State(state): State<AppState>,
    session: SessionCookie,
    Query(query): Query<SyncQuery>,
) -> ApiResult<Json<SyncPage>> {
    let after = parse_checkpoint(query.checkpoint.as_deref())?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    // The session and its customer's records in one query: most syncs find nothing
    // changed, and then the session is the only work. No row: no valid session. One row
    // without a record: nothing changed. One more record than asked tells whether
    // another page follows.
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.customer_id, r.kind, r.id, r.version, r.deleted, r.data FROM sessions s \
         LEFT JOIN records r ON r.version > $2 AND (r.customer_id = s.customer_id \
         OR r.account_id IN (SELECT h.account_id FROM account_holders h \
         WHERE h.customer_id = s.customer_id)) \
         WHERE s.token_hash = $1 AND s.expires_at > $3 \
         ORDER BY r.version LIMIT $4",
    )
    .bind(&session.token_hash)
    .bind(after)
    .bind(now_unix())
    .bind(limit + 1)
    .fetch_all(&state.db.pool)
    .await?;
    if rows.is_empty() {
        return Err(ApiError::Unauthenticated);
    }
    let records: Vec<_> = rows
        .into_iter()
        .filter_map(|(_, kind, id, version, deleted, data)| {
            Some((kind?, id?, version?, deleted?, data))
        })
        .collect();
    let more = records.len() as i64 > limit;
    let mut items = Vec::with_capacity(records.len());
    let mut last = after;
    for (kind, id, version, deleted, data) in records.into_iter().take(limit as usize) {
        let kind: Kind = serde_json::from_value(serde_json::Value::String(kind))
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let data = match data {
            Some(text) if deleted == 0 => {
                Some(serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e)))?)
            }
            _ => None,
        };
        last = version;
        items.push(SyncItem {
            kind,
            id,
            version,
            deleted: deleted != 0,
            data,
        });
    }
    Ok(Json(SyncPage {
        items,
        checkpoint: format_checkpoint(last),
        more,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_round_trip_and_reject_foreign_text() {
        assert_eq!(parse_checkpoint(None).unwrap(), 0);
        assert_eq!(parse_checkpoint(Some(&format_checkpoint(42))).unwrap(), 42);
        assert!(parse_checkpoint(Some("42")).is_err());
        assert!(parse_checkpoint(Some("v1.-3")).is_err());
    }
}
