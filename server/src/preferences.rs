//! Contact preferences: one record per customer. `PUT` replaces them when `If-Match`
//! names the version the customer last saw (the ETag), so an offline edit never silently
//! overwrites a newer one. The backend keeps the change history.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use settle_core::api::{ContactPreferences, Kind};
use settle_core::intents::IntentKind;
use sqlx::AnyConnection;

use crate::auth::Customer;
use crate::error::{parse_json, ApiError, ApiResult};
use crate::idempotency::{fingerprint, once, Key, Reply};
use crate::intents::Ctx;
use crate::records::{self, save, Owner};
use crate::AppState;

/// Where new customers start: email and in-app for everything, UK time, English.
pub fn defaults(customer_id: &str) -> ContactPreferences {
    let mut preferences = ContactPreferences::new("Europe/London", "en-GB");
    preferences.id = customer_id.to_owned();
    preferences
}

/// Publishes the starting preferences of a new customer.
pub async fn create(conn: &mut AnyConnection, customer_id: &str) -> ApiResult<i64> {
    let preferences = defaults(customer_id);
    save(
        conn,
        Kind::Preferences,
        customer_id,
        Owner::Customer(customer_id),
        &preferences,
    )
    .await
}

/// The customer's preferences and their version, created if missing.
async fn current(
    conn: &mut AnyConnection,
    customer_id: &str,
) -> ApiResult<(ContactPreferences, i64)> {
    match records::load::<ContactPreferences>(conn, Kind::Preferences, customer_id).await? {
        Some(stored) => Ok((stored.data, stored.version)),
        None => {
            let version = create(conn, customer_id).await?;
            Ok((defaults(customer_id), version))
        }
    }
}

fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// `GET /api/v1/preferences`
#[utoipa::path(
    get,
    path = "/preferences",
    operation_id = "getPreferences",
    tag = "Preferences",
    summary = "The contact preferences, with their version as the ETag.",
    responses(
        (status = 200, description = "The preferences.", body = settle_core::api::ContactPreferences, headers(("ETag" = String))),
        (status = 401, response = crate::openapi::Unauthenticated),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("session" = [])),
)]
pub async fn get(State(state): State<AppState>, customer: Customer) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    let (preferences, version) = current(&mut tx, &customer.id).await?;
    tx.commit().await?;
    Ok(([(header::ETAG, etag(version))], axum::Json(preferences)).into_response())
}

/// `GET /api/v1/admin/customers/{id}/preferences`: a customer's preferences and their
/// history, for the creditor's contact systems.
#[utoipa::path(
    get,
    path = "/admin/customers/{id}/preferences",
    operation_id = "getCustomerPreferences",
    tag = "Back office",
    summary = "A customer's contact preferences with their history of changes, for the creditor's contact systems.",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "The preferences.", body = settle_core::api::ContactPreferences, headers(("ETag" = String))),
        (status = 401, response = crate::openapi::AdminUnauthorized),
        (status = 404, response = crate::openapi::NotFound),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("admin" = [])),
)]
pub async fn for_back_office(
    State(state): State<AppState>,
    Path(customer_id): Path<String>,
) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    let known: Option<(String,)> = sqlx::query_as("SELECT id FROM customers WHERE id = $1")
        .bind(&customer_id)
        .fetch_optional(&mut *tx)
        .await?;
    if known.is_none() {
        return Err(ApiError::NotFound);
    }
    let (preferences, version) = current(&mut tx, &customer_id).await?;
    tx.commit().await?;
    Ok(([(header::ETAG, etag(version))], axum::Json(preferences)).into_response())
}

/// `PUT /api/v1/preferences` with `If-Match`; an `Idempotency-Key` is optional, and lets
/// a retry of a save that did go through get its answer instead of 412.
#[utoipa::path(
    put,
    path = "/preferences",
    operation_id = "putPreferences",
    tag = "Preferences",
    summary = "Replace the contact preferences.",
    description = "Needs If-Match with the ETag last seen (or `*`). An Idempotency-Key is optional: with one, a retry of a save that went through gets its answer instead of 412.",
    params(crate::openapi::Csrf, ("If-Match" = String, Header, description = "The ETag of the version last seen, or `*`."), ("Idempotency-Key" = Option<crate::openapi::IdempotencyKey>, Header, nullable = false)),
    request_body = settle_core::api::ContactPreferences,
    responses(
        (status = 200, description = "The saved preferences.", body = settle_core::api::ContactPreferences, headers(("ETag" = String), ("Idempotent-Replayed" = crate::openapi::Replayed))),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 401, response = crate::openapi::Unauthenticated),
        (status = 403, response = crate::openapi::CsrfMissing),
        (status = 409, response = crate::openapi::Conflict),
        (status = 413, response = crate::openapi::TooLarge),
        (status = 422, response = crate::openapi::Unprocessable),
        (status = 412, description = "The preferences changed since that version (`version-mismatch`).", body = settle_core::api::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match header (`if-match-required`).", body = settle_core::api::Problem, content_type = "application/problem+json"),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("session" = [])),
)]
pub async fn put(
    State(state): State<AppState>,
    customer: Customer,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let if_match = headers
        .get(header::IF_MATCH)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().trim_start_matches("W/").to_owned())
        .ok_or(ApiError::PreconditionRequired)?;
    let payload: serde_json::Value = parse_json(&body)?;
    let preferences: ContactPreferences = parse_json(&body)?;
    // A bad body is refused as such whatever version it names.
    if let Some(pointer) = repeated_item(&payload) {
        return Err(ApiError::invalid(
            pointer,
            "lists the same value more than once",
        ));
    }
    preferences
        .validate()
        .map_err(|e| ApiError::invalid(e.field, e.reason))?;
    let ctx = Ctx::new(&state, &customer);
    match Key::from_headers(&headers)? {
        Some(key) => {
            let key = Key {
                fingerprint: fingerprint("PUT", "/api/v1/preferences", &payload),
                key,
            };
            once(
                &state,
                IntentKind::PutPreferences,
                &customer.id,
                &key,
                move |conn| Box::pin(replace(conn, ctx, if_match, preferences)),
            )
            .await
        }
        None => {
            let mut tx = state.db.begin().await?;
            let reply = replace(&mut tx, ctx, if_match, preferences).await?;
            tx.commit().await?;
            Ok(reply.into_response())
        }
    }
}

/// The first list of the body that names a value twice, as a JSON pointer. The lists
/// are sets: reading them would quietly drop the repeat, where the customer (or the
/// program sending it) should hear that the body was wrong.
fn repeated_item(payload: &serde_json::Value) -> Option<String> {
    let mut lists: Vec<String> = [
        "/opted_out",
        "/accessibility",
        "/third_party/purposes",
        "/third_party/channels",
    ]
    .map(String::from)
    .to_vec();
    if let Some(channels) = payload.get("channels").and_then(|c| c.as_object()) {
        lists.extend(
            channels
                .keys()
                .map(|purpose| format!("/channels/{purpose}")),
        );
    }
    lists.into_iter().find(|pointer| {
        let Some(items) = payload.pointer(pointer).and_then(|list| list.as_array()) else {
            return false;
        };
        items
            .iter()
            .enumerate()
            .any(|(i, item)| items[..i].contains(item))
    })
}

async fn replace(
    conn: &mut AnyConnection,
    ctx: Ctx,
    if_match: String,
    mut preferences: ContactPreferences,
) -> ApiResult<Reply> {
    let (before, version) = current(conn, &ctx.customer_id).await?;
    if if_match != "*" && if_match != etag(version) {
        return Err(ApiError::PreconditionFailed);
    }
    preferences.id = ctx.customer_id.clone();
    preferences.record_change(&before, ctx.now);
    let owner = Owner::Customer(&ctx.customer_id);
    let version = save(
        conn,
        Kind::Preferences,
        &ctx.customer_id,
        owner,
        &preferences,
    )
    .await?;
    Ok(Reply::new(StatusCode::OK, &preferences)?.with_header(header::ETAG, etag(version)))
}
