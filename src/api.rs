//! The REST client for the Settle API (v1). Only the sync engine and sign-in use it;
//! pages read the store.

use chrono::{DateTime, TimeDelta, Utc};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use settle_core::api::{CodeRequest, Problem, Session, SignIn, SyncPage};
use settle_core::intents::{Intent, Method};
use settle_core::outbox::{Attempt, OutboxEntry};
use web_sys::{AbortSignal, Blob, FormData};

/// Where the API lives, relative to the app.
const BASE: &str = "/api/v1";
/// Sent with every state-changing request; the server refuses them without it (CSRF).
const CSRF_HEADER: &str = "X-Settle-Csrf";
/// How long a request may wait for its answer. A connection a phone network silently
/// dropped never answers; without a limit the sync would wait on it for ever and every
/// action behind it with it. An action whose answer was lost is sent again with its key.
pub(crate) const ANSWER_WITHIN_MS: u32 = 30_000;
/// The same for an upload, which may be 10 MiB on a slow connection.
pub(crate) const UPLOAD_WITHIN_MS: u32 = 300_000;

/// `builder`, given up on when no answer came within `ms`.
pub(crate) fn within(builder: RequestBuilder, ms: u32) -> RequestBuilder {
    builder.abort_signal(Some(&AbortSignal::timeout_with_u32(ms)))
}

fn get(path: &str) -> RequestBuilder {
    within(Request::get(&format!("{BASE}{path}")), ANSWER_WITHIN_MS)
}

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("{}", crate::i18n::t("no connection to the server"))]
    Offline,
    #[error("{}", crate::i18n::t("your session has ended; sign in again"))]
    Unauthenticated,
    #[error("{}", refusal(.0))]
    Rejected(Problem),
    #[error("{}", crate::i18n::tf("the server sent an answer Settle does not understand: {}", &[.0]))]
    Unexpected(String),
}

/// A refusal as the customer reads it: a problem the app knows by its type in the
/// language in use, any other as the server worded it.
fn refusal(problem: &Problem) -> String {
    match problem.rule() {
        Some("sign-in-code-not-sent") => {
            crate::i18n::t("We could not send your code. Try again in a moment.").to_owned()
        }
        _ => problem
            .detail
            .clone()
            .unwrap_or_else(|| problem.title.clone()),
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response
        .json()
        .await
        .map_err(|error| ApiError::Unexpected(error.to_string()))
}

/// Turns a non-2xx answer into an [`ApiError`], keeping the server's problem details.
pub(crate) async fn check(
    response: Result<Response, gloo_net::Error>,
) -> Result<Response, ApiError> {
    let response = response.map_err(|_| ApiError::Offline)?;
    let status = response.status();
    if (200..300).contains(&status) {
        return Ok(response);
    }
    match response.json::<Problem>().await {
        // A wrong sign-in code is also a 401, but it is not an ended session.
        Ok(problem) if status == 401 && problem.kind.ends_with("/unauthenticated") => {
            Err(ApiError::Unauthenticated)
        }
        Ok(problem) => Err(ApiError::Rejected(problem)),
        Err(_) if status == 401 => Err(ApiError::Unauthenticated),
        Err(_) => Err(ApiError::Unexpected(format!("HTTP {status}"))),
    }
}

fn post(path: &str) -> RequestBuilder {
    within(Request::post(&format!("{BASE}{path}")), ANSWER_WITHIN_MS).header(CSRF_HEADER, "1")
}

/// Asks the server to send a one-time sign-in code to `email`.
pub async fn request_code(email: &str) -> Result<(), ApiError> {
    let body = CodeRequest {
        email: email.to_string(),
    };
    let request = post("/session/code")
        .json(&body)
        .map_err(|e| ApiError::Unexpected(e.to_string()))?;
    check(request.send().await).await.map(|_| ())
}

/// Signs in with the code; the server sets the session cookie.
pub async fn sign_in(email: &str, code: &str, shared_device: bool) -> Result<Session, ApiError> {
    let body = SignIn {
        email: email.to_string(),
        code: code.to_string(),
        shared_device,
    };
    let request = post("/session")
        .json(&body)
        .map_err(|e| ApiError::Unexpected(e.to_string()))?;
    read(check(request.send().await).await?).await
}

/// The session the cookie stands for, if the server still has it.
pub async fn session() -> Result<Session, ApiError> {
    read(check(get("/session").send().await).await?).await
}

/// Ends the session on the server; the server clears the cookie.
pub async fn sign_out() -> Result<(), ApiError> {
    let request = within(
        Request::delete(&format!("{BASE}/session")),
        ANSWER_WITHIN_MS,
    )
    .header(CSRF_HEADER, "1");
    check(request.send().await).await.map(|_| ())
}

/// One page of changes after `checkpoint`.
pub async fn sync_page(checkpoint: Option<&str>) -> Result<SyncPage, ApiError> {
    let mut request = get("/sync");
    if let Some(checkpoint) = checkpoint {
        request = request.query([("checkpoint", checkpoint)]);
    }
    read(check(request.send().await).await?).await
}

/// Asks the backend for a hosted checkout; the answer says where to send the customer.
/// Paying is not queued: it needs the customer at the provider's page, so it only
/// happens online.
pub async fn start_checkout(
    checkout: &settle_core::checkout::StartCheckout,
    key: &str,
) -> Result<settle_core::checkout::CheckoutStarted, ApiError> {
    let request = post("/checkouts")
        .header("Idempotency-Key", key)
        .json(checkout)
        .map_err(|e| ApiError::Unexpected(e.to_string()))?;
    read(check(request.send().await).await?).await
}

/// Sends one queued action with its idempotency key (and its file, for an upload).
/// Any answer is reported as it is; judging it is the outbox's job.
pub async fn send(entry: &OutboxEntry, file: Option<&Blob>) -> Attempt {
    let url = format!("{BASE}{}", entry.intent.path());
    let builder = match entry.intent.method() {
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
    };
    let limit = match entry.intent {
        Intent::UploadAttachment(_) => UPLOAD_WITHIN_MS,
        _ => ANSWER_WITHIN_MS,
    };
    let builder = within(builder, limit)
        .header(CSRF_HEADER, "1")
        .header("Idempotency-Key", &entry.key);
    let builder = match &entry.if_match {
        Some(version) => builder.header("If-Match", version),
        None => builder,
    };
    let request = match (&entry.intent, file) {
        (Intent::UploadAttachment(meta), Some(file)) => multipart(builder, meta, file),
        _ => builder
            .json(&entry.intent.body())
            .map_err(|e| e.to_string()),
    };
    let request = match request {
        Ok(request) => request,
        // Cannot happen for the intents Settle makes; if it does, the server will say no.
        Err(_) => return Attempt::NoAnswer,
    };
    attempt(request.send().await).await
}

/// What one attempt to deliver an action got back, as the outbox judges it: no answer,
/// or the status with any `Retry-After` and problem details. Any backend's answer reads
/// the same way; another backend's error body is rarely problem+json, and then the outbox
/// words the status itself.
pub(crate) async fn attempt(response: Result<Response, gloo_net::Error>) -> Attempt {
    let Ok(response) = response else {
        return Attempt::NoAnswer;
    };
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|value| retry_after(&value, Utc::now()));
    let problem = if (200..300).contains(&status) {
        None
    } else {
        response.json::<Problem>().await.ok()
    };
    let version = response.headers().get("ETag");
    Attempt::Answered {
        status,
        retry_after,
        problem,
        version,
    }
}

fn multipart(
    builder: RequestBuilder,
    meta: &settle_core::attachment::AttachmentMeta,
    file: &Blob,
) -> Result<Request, String> {
    let form = FormData::new().map_err(|_| "no FormData".to_string())?;
    let meta = serde_json::to_string(meta).map_err(|e| e.to_string())?;
    form.append_with_str("meta", &meta)
        .and_then(|()| form.append_with_blob("file", file))
        .map_err(|_| "cannot build the upload".to_string())?;
    builder.body(form).map_err(|e| e.to_string())
}

/// Reads `Retry-After`: a number of seconds, or an HTTP date.
fn retry_after(value: &str, now: DateTime<Utc>) -> Option<TimeDelta> {
    if let Ok(seconds) = value.trim().parse::<i64>() {
        return Some(TimeDelta::seconds(seconds.max(0)));
    }
    let at = DateTime::parse_from_rfc2822(value.trim()).ok()?;
    Some((at.with_timezone(&Utc) - now).max(TimeDelta::zero()))
}
