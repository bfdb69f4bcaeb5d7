//! Idempotency keys, as the IETF Idempotency-Key draft says: the same key with the same
//! payload answers the stored response; the same key with another payload is 422. The key
//! is claimed and completed, with its response, in the transaction that makes the change,
//! so a change and its record commit together, or neither does.

use std::future::Future;
use std::pin::Pin;

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use settle_core::intents::IntentKind;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::db::now_unix;
use crate::error::{parse_json, ApiError, ApiResult};
use crate::AppState;

pub const HEADER: &str = "idempotency-key";
/// Marks a response as the stored one of an earlier request with the same key.
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// What a change answers: kept with the key and replayed for a retry.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub body: serde_json::Value,
    pub headers: Vec<(HeaderName, String)>,
}

impl Reply {
    pub fn new(status: StatusCode, body: &impl serde::Serialize) -> ApiResult<Reply> {
        Ok(Reply {
            status,
            body: serde_json::to_value(body).map_err(crate::records::internal)?,
            headers: Vec::new(),
        })
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        (self.status, headers, axum::Json(self.body)).into_response()
    }
}

/// The key of a request, with the fingerprint of what it asks.
#[derive(Debug, Clone)]
pub struct Key {
    pub key: String,
    pub fingerprint: String,
}

impl Key {
    /// Reads the header; `None` when it is absent.
    pub fn from_headers(headers: &HeaderMap) -> ApiResult<Option<String>> {
        let Some(value) = headers.get(HEADER) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .map_err(|_| ApiError::IdempotencyKeyMissing)?
            .trim();
        // The draft makes the key an sf-string; anything visible and of sane length does.
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::IdempotencyKeyMissing);
        }
        Ok(Some(key.to_owned()))
    }
}

/// The fingerprint of a request: what it does and to what, and its parsed payload, so a
/// retry matches even if the client re-encodes the JSON.
pub fn fingerprint(method: &str, path: &str, payload: &serde_json::Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b" ");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(payload.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// A JSON intent: its body and its idempotency key (required).
pub struct Intent<T> {
    pub key: Key,
    pub body: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for Intent<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> ApiResult<Self> {
        let key = Key::from_headers(request.headers())?.ok_or(ApiError::IdempotencyKeyMissing)?;
        let method = request.method().to_string();
        // The full path: inside the nested API router the URI has lost its prefix.
        let path = request
            .extensions()
            .get::<axum::extract::OriginalUri>()
            .map_or_else(|| request.uri().path(), |uri| uri.path())
            .to_owned();
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(ApiError::unreadable)?;
        let payload: serde_json::Value = parse_json(&bytes)?;
        let body = parse_json(&bytes)?;
        Ok(Intent {
            key: Key {
                key,
                fingerprint: fingerprint(&method, &path, &payload),
            },
            body,
        })
    }
}

pub type Change<'c> = Pin<Box<dyn Future<Output = ApiResult<Reply>> + Send + 'c>>;

/// Runs `change` once per key: the key is claimed, and completed with the reply, in the
/// transaction that makes the change. A retry with the same key and payload gets the
/// stored reply back.
///
/// Writers take their turn one at a time ([`crate::Database::begin`]), so a retry that
/// comes while the first attempt runs waits for it and then finds its reply. A process
/// killed mid-change takes its claim down with the change, so the retry after a restart
/// goes ahead at once instead of finding the key in flight.
///
/// Every intent route comes through here, so here each is counted by `kind` and outcome
/// ([`crate::operations::Metrics::intent`]).
pub async fn once<F>(
    state: &AppState,
    kind: IntentKind,
    customer_id: &str,
    key: &Key,
    change: F,
) -> ApiResult<Response>
where
    F: for<'c> FnOnce(&'c mut AnyConnection) -> Change<'c>,
{
    let answer = claim_or_change(state, customer_id, key, change).await;
    let outcome = match &answer {
        Ok(response) if response.headers().contains_key(REPLAYED) => "replayed",
        Ok(_) => "accepted",
        Err(error) if error.status().is_client_error() => "refused",
        Err(_) => "failed",
    };
    state.metrics.intent(kind, outcome);
    answer
}

async fn claim_or_change<F>(
    state: &AppState,
    customer_id: &str,
    key: &Key,
    change: F,
) -> ApiResult<Response>
where
    F: for<'c> FnOnce(&'c mut AnyConnection) -> Change<'c>,
{
    let mut tx = state.db.begin().await?;
    if let Some(stored) = claim(&mut tx, customer_id, key).await? {
        return Ok(stored);
    }
    // On an error nothing is kept, the key included: the client may fix the request
    // and retry, even under the same key.
    let reply = change(&mut tx).await?;
    let headers: Vec<(String, String)> = reply
        .headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.clone()))
        .collect();
    sqlx::query(
        "INSERT INTO idempotency_keys (customer_id, idempotency_key, fingerprint, created_at, \
         completed, status, body, response_headers, content_type) \
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, 'application/json')",
    )
    .bind(customer_id)
    .bind(&key.key)
    .bind(&key.fingerprint)
    .bind(now_unix())
    .bind(i64::from(reply.status.as_u16()))
    .bind(reply.body.to_string())
    .bind(serde_json::to_string(&headers).unwrap_or_default())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(reply.into_response())
}

type KeyRow = (String, i64, Option<i64>, Option<String>, Option<String>);

/// The stored answer for the key, or 422 when it came with another payload; `None`
/// when the key is new. A key still marked in flight was left by a server before this
/// one, which claimed keys ahead of their change: that request died with its process.
async fn claim(
    conn: &mut AnyConnection,
    customer_id: &str,
    key: &Key,
) -> ApiResult<Option<Response>> {
    let row: Option<KeyRow> = sqlx::query_as(
        "SELECT fingerprint, completed, status, body, response_headers \
         FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2",
    )
    .bind(customer_id)
    .bind(&key.key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((fingerprint, completed, status, body, headers)) = row else {
        return Ok(None);
    };
    if completed == 0 {
        sqlx::query("DELETE FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2")
            .bind(customer_id)
            .bind(&key.key)
            .execute(&mut *conn)
            .await?;
        return Ok(None);
    }
    if fingerprint != key.fingerprint {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let status = status
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let body: serde_json::Value = body
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(crate::records::internal)?
        .unwrap_or(serde_json::Value::Null);
    let headers: Vec<(String, String)> = headers
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    let mut reply = Reply {
        status,
        body,
        headers: Vec::new(),
    };
    for (name, value) in headers {
        if let Ok(name) = HeaderName::try_from(name) {
            reply = reply.with_header(name, value);
        }
    }
    let mut response = reply.into_response();
    response
        .headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    Ok(Some(response))
}

/// Forgets keys older than `days` (never fewer than 30: an offline outbox may hold an
/// action that long before it reaches the server).
pub async fn purge(db: &crate::Database, days: u32) -> Result<u64, sqlx::Error> {
    let days = i64::from(days.max(30));
    let cutoff = now_unix() - days * 24 * 3600;
    let _turn = db.turn().await;
    let purged = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(cutoff)
        .execute(&db.pool)
        .await?;
    Ok(purged.rows_affected())
}
