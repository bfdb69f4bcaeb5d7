//! The API's one error type, answered as `application/problem+json` (RFC 9457).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use settle_core::api::Problem;

/// Everything a handler can fail with. Each variant has a stable problem `type`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("sign in first")]
    Unauthenticated,
    #[error("this request needs the X-Settle-Csrf header")]
    MissingCsrfHeader,
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("that code is wrong or has expired; ask for a new one")]
    BadCode,
    #[error("too many attempts; wait a few minutes and try again")]
    TooManyRequests,
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
}

impl ApiError {
    /// A validation error on one request field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ApiError::Invalid {
            field,
            message: message.into(),
        }
    }

    fn status_and_type(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::MissingCsrfHeader => (StatusCode::FORBIDDEN, "csrf-header-missing"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not-found"),
            ApiError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            ApiError::BadCode => (StatusCode::UNAUTHORIZED, "sign-in-code-invalid"),
            ApiError::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, "rate-limited"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(error) = &self {
            tracing::error!(%error, "request failed");
        }
        let (status, kind) = self.status_and_type();
        let problem = Problem {
            kind: format!("https://settle.invalid/problems/{kind}"),
            title: status.canonical_reason().unwrap_or("error").to_string(),
            status: status.as_u16(),
            detail: Some(self.to_string()),
            field: match &self {
                ApiError::Invalid { field, .. } => Some(format!("/{field}")),
                _ => None,
            },
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
