//! The API's one error type, answered as `application/problem+json` (RFC 9457).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use settle_core::api::Problem;
use settle_core::validation::RuleBreach;

/// Everything a handler can fail with. Each variant has a stable problem `type`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("sign in first")]
    Unauthenticated,
    #[error("this request needs the X-Settle-Csrf header")]
    MissingCsrfHeader,
    #[error("this endpoint needs the creditor's admin token as a bearer token")]
    AdminUnauthorized,
    #[error("this endpoint needs the server's metrics token as a bearer token")]
    MetricsUnauthorized,
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// A settle-core rule the request breaks; the type is named after the rule.
    #[error("{message}")]
    Breach {
        rule: &'static str,
        field: Option<String>,
        message: String,
    },
    #[error("that code is wrong or has expired; ask for a new one")]
    BadCode,
    #[error("too many attempts; wait a few minutes and try again")]
    TooManyRequests,
    #[error("this request needs an Idempotency-Key header (1 to 255 visible characters)")]
    IdempotencyKeyMissing,
    #[error("this Idempotency-Key was already used for a different request; use a new key")]
    IdempotencyKeyReused,
    #[error("this request needs an If-Match header with the version you last saw")]
    PreconditionRequired,
    #[error("this changed since you last saw it; sync, review and try again")]
    PreconditionFailed,
    #[error("the upload is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: u64 },
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("this path does not take that method")]
    MethodNotAllowed,
    /// The mail relay refused or is down, whoever the code was for.
    #[error("We could not send your code. Try again in a moment.")]
    CodeNotSent,
    /// The server runs but cannot serve yet (its database does not answer).
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
}

impl ApiError {
    /// A validation error on one request field, named as a JSON pointer or a plain name.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        ApiError::Invalid {
            field: if field.starts_with('/') || field.is_empty() {
                field
            } else {
                format!("/{field}")
            },
            message: message.into(),
        }
    }

    /// A body that could not be read: too large (413), or cut short or malformed.
    pub fn unreadable(rejection: axum::extract::rejection::BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(rejection.body_text())
        } else {
            ApiError::invalid("", rejection.body_text())
        }
    }

    /// A broken settle-core rule, keeping its stable name and field.
    pub fn breach(breach: &(impl RuleBreach + ?Sized)) -> Self {
        ApiError::Breach {
            rule: breach.rule(),
            field: breach.field(),
            message: breach.to_string(),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        self.status_and_type().0
    }

    fn status_and_type(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::MissingCsrfHeader => (StatusCode::FORBIDDEN, "csrf-header-missing"),
            ApiError::AdminUnauthorized => (StatusCode::UNAUTHORIZED, "admin-token-invalid"),
            ApiError::MetricsUnauthorized => (StatusCode::UNAUTHORIZED, "metrics-token-invalid"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not-found"),
            ApiError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            ApiError::Breach { rule, .. } => (StatusCode::UNPROCESSABLE_ENTITY, rule),
            ApiError::BadCode => (StatusCode::UNAUTHORIZED, "sign-in-code-invalid"),
            ApiError::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, "rate-limited"),
            ApiError::IdempotencyKeyMissing => (StatusCode::BAD_REQUEST, "idempotency-key-missing"),
            ApiError::IdempotencyKeyReused => {
                (StatusCode::UNPROCESSABLE_ENTITY, "idempotency-key-reused")
            }
            ApiError::PreconditionRequired => {
                (StatusCode::PRECONDITION_REQUIRED, "if-match-required")
            }
            ApiError::PreconditionFailed => (StatusCode::PRECONDITION_FAILED, "version-mismatch"),
            ApiError::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
            ApiError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "media-type-not-accepted",
            ),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad-request"),
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed"),
            ApiError::CodeNotSent => (StatusCode::SERVICE_UNAVAILABLE, "sign-in-code-not-sent"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The problem document this error answers with.
    pub fn problem(&self) -> Problem {
        let (status, kind) = self.status_and_type();
        Problem {
            kind: format!("{}{kind}", Problem::TYPE_BASE),
            title: status.canonical_reason().unwrap_or("error").to_string(),
            status: status.as_u16(),
            detail: Some(self.to_string()),
            field: match self {
                ApiError::Invalid { field, .. } => Some(field.clone()),
                ApiError::Breach { field, .. } => field.clone(),
                _ => None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(error) = &self {
            tracing::error!(%error, "request failed");
        }
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        let retry_after = match self {
            ApiError::TooManyRequests => Some("60"),
            ApiError::CodeNotSent => Some("5"),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_static(seconds),
            );
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Middleware: errors answered by the framework rather than a handler (a path or query
/// parameter that does not parse, a method the path does not take, an unreadable
/// multipart body) become problem+json too, so every API error has the same shape.
pub async fn problems_only(request: Request, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == b"application/problem+json");
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let text = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(text),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType(text),
        StatusCode::UNPROCESSABLE_ENTITY => ApiError::invalid("", text),
        _ if status.is_client_error() => ApiError::BadRequest(text),
        _ => {
            tracing::error!(%status, text, "request failed outside a handler");
            return ApiError::Internal(sqlx::Error::Protocol(text)).into_response();
        }
    };
    let mut response = error.into_response();
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

/// A JSON request body whose errors are problem+json naming the field at fault.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> ApiResult<Self> {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(ApiError::unreadable)?;
        parse_json(&bytes).map(Body)
    }
}

/// Reads JSON, naming the field at fault as a JSON pointer.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let pointer: String = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                serde_path_to_error::Segment::Map { key } => Some(format!("/{key}")),
                serde_path_to_error::Segment::Enum { variant } => Some(format!("/{variant}")),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let inner = error.into_inner();
        // "missing field `x`" is reported at the object holding it: name the field itself.
        let message = inner.to_string();
        let pointer = match message.strip_prefix("missing field `") {
            Some(rest) => format!("{pointer}/{}", rest.split('`').next().unwrap_or("")),
            None => pointer,
        };
        ApiError::invalid(pointer, format!("the request body is not valid: {message}"))
    })
}

/// Only used so a handler can take axum's own `Json` rejection and answer problem+json.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        ApiError::invalid("", rejection.body_text())
    }
}
