//! What operators watch: the liveness and readiness probes, the Prometheus metrics, and
//! one log line per request carrying its request id.
//!
//! Endpoints (outside /api/v1, no session or CSRF header):
//!
//! - `GET /healthz`: 200 `ok` while the process answers.
//! - `GET /readyz`: 200 `ready` when the database answers a query and has every migration
//!   of this build; 503 `unavailable` (problem+json) otherwise.
//! - `GET /metrics`: the Prometheus text format; with `--metrics-token` it needs
//!   `Authorization: Bearer <token>`.
//!
//! Metrics:
//!
//! - `settle_http_requests_total{method,route,status}` (counter): requests answered, by
//!   route template (`/api/v1/disputes/{id}/messages`; `fallback` for the app's files and
//!   unknown paths), never by raw path.
//! - `settle_http_request_duration_seconds{method,route}` (histogram): time to answer.
//! - `settle_db_pool_connections{state}` (gauge, read at scrape time): database
//!   connections `in_use` and `idle`.
//! - `settle_intents_total{kind,outcome}` (counter): intents by kind (`raise_dispute`, …)
//!   and outcome: `accepted` (the change was made), `replayed` (a retry answered with the
//!   stored reply), `refused` (answered 4xx: a broken rule, an unknown id, a reused key),
//!   `failed` (answered 5xx).
//! - `settle_sign_in_codes_total{outcome}` (counter): sign-in codes `created` for a known
//!   address and handed to delivery, then `sent` (the relay took the mail) or `failed`
//!   (given up); code requests `rate_limited`, or `not_sent` because the relay is down.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderName};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};
use settle_core::intents::IntentKind;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tracing::Instrument;

use crate::error::{ApiError, ApiResult};
use crate::AppState;

pub const HTTP_REQUESTS: &str = "settle_http_requests_total";
pub const HTTP_DURATION: &str = "settle_http_request_duration_seconds";
pub const DB_POOL_CONNECTIONS: &str = "settle_db_pool_connections";
pub const INTENTS: &str = "settle_intents_total";
pub const SIGN_IN_CODES: &str = "settle_sign_in_codes_total";

/// The header a request id comes in and goes back out on.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route label of requests no route matched: the app's files and unknown paths.
const FALLBACK_ROUTE: &str = "fallback";

/// Latency buckets in seconds, from a cached read to a slow upload.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How long /readyz waits for the database before it answers 503.
const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// A server's own metrics.
///
/// Each server builds its own recorder and records into it through
/// [`metrics::with_local_recorder`], instead of installing one global recorder: a
/// process holds only one global recorder, and tests start many servers in one process,
/// each of which must count only its own requests. Recording is synchronous (a counter
/// bump), so the thread-local recorder is never held across an `await`.
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.to_owned()), LATENCY_BUCKETS)
            .expect("the latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        let metrics = Metrics { recorder, handle };
        metrics.record(|| {
            metrics::describe_counter!(HTTP_REQUESTS, "HTTP requests answered.");
            metrics::describe_histogram!(
                HTTP_DURATION,
                metrics::Unit::Seconds,
                "Time to answer an HTTP request."
            );
            metrics::describe_gauge!(DB_POOL_CONNECTIONS, "Database connections by state.");
            metrics::describe_counter!(INTENTS, "Customer intents by kind and outcome.");
            metrics::describe_counter!(SIGN_IN_CODES, "Sign-in codes by outcome.");
        });
        metrics
    }

    fn record<T>(&self, record: impl FnOnce() -> T) -> T {
        metrics::with_local_recorder(&self.recorder, record)
    }

    /// One request answered.
    pub fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.record(|| {
            metrics::counter!(
                HTTP_REQUESTS,
                "method" => method.to_owned(),
                "route" => route.to_owned(),
                "status" => status.to_string(),
            )
            .increment(1);
            metrics::histogram!(
                HTTP_DURATION,
                "method" => method.to_owned(),
                "route" => route.to_owned(),
            )
            .record(elapsed.as_secs_f64());
        });
    }

    /// One intent answered: `accepted`, `replayed`, `refused` or `failed`.
    pub fn intent(&self, kind: IntentKind, outcome: &'static str) {
        self.record(|| {
            metrics::counter!(INTENTS, "kind" => kind.as_str(), "outcome" => outcome).increment(1);
        });
    }

    /// One sign-in code: `created`, `rate_limited`, `not_sent` (the relay is down), then
    /// `sent` or `failed` once the relay took the mail or it was given up.
    pub fn sign_in_code(&self, outcome: &'static str) {
        self.record(|| metrics::counter!(SIGN_IN_CODES, "outcome" => outcome).increment(1));
    }

    /// The Prometheus text, with the pool gauges read now.
    pub fn render(&self, pool: &sqlx::AnyPool) -> String {
        let size = pool.size();
        let idle = u32::try_from(pool.num_idle()).unwrap_or(size).min(size);
        self.record(|| {
            metrics::gauge!(DB_POOL_CONNECTIONS, "state" => "idle").set(f64::from(idle));
            metrics::gauge!(DB_POOL_CONNECTIONS, "state" => "in_use").set(f64::from(size - idle));
        });
        self.handle.render()
    }

    /// Folds recorded latencies into the histogram, so memory stays bounded between
    /// scrapes (a scrape does the same).
    pub fn upkeep(&self) {
        self.handle.run_upkeep();
    }
}

/// The probes and the metrics.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
}

/// The whole service, each request counted, timed and logged ([`observe`]) under a
/// request id: the client's `X-Request-Id`, or a new UUID, echoed on the response.
/// Router layers run after routing, so `observe` sees the route template.
pub fn observed(service: Router, state: AppState) -> Router {
    service
        .layer(middleware::from_fn_with_state(state, observe))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// `GET /healthz`: the process answers.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: the database answers and is migrated, so requests can be served.
pub async fn readyz(State(state): State<AppState>) -> ApiResult<&'static str> {
    let unavailable = || ApiError::Unavailable("the database does not answer".to_owned());
    match tokio::time::timeout(READY_TIMEOUT, state.db.is_migrated()).await {
        Ok(Ok(true)) => Ok("ready\n"),
        Ok(Ok(false)) => Err(ApiError::Unavailable(
            "the database lacks migrations of this version".to_owned(),
        )),
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready: the database does not answer");
            Err(unavailable())
        }
        Err(_) => {
            tracing::warn!("not ready: the database does not answer in time");
            Err(unavailable())
        }
    }
}

/// `GET /metrics`: the Prometheus text format.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = &state.config.metrics_token {
        if !crate::admin::bearer_is(&headers, token) {
            return Err(ApiError::MetricsUnauthorized);
        }
    }
    let text = state.metrics.render(&state.db.pool);
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

/// Middleware: counts and times every request, and logs one line for it: method, route
/// template, status, latency and request id, nothing of the customer's. Probes and
/// scrapes come every few seconds, so their lines are at debug level. Runs inside the
/// request id layers, so the id is always there.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(FALLBACK_ROUTE, MatchedPath::as_str)
        .to_owned();
    let request_id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    // What handlers log while answering carries the request id too.
    let span = tracing::info_span!("request", request_id = %request_id);
    let response = next.run(request).instrument(span).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state.metrics.request(&method, &route, status, elapsed);
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    if matches!(route.as_str(), "/healthz" | "/readyz" | "/metrics") {
        tracing::debug!(%method, %route, status, latency_ms, %request_id, "request");
    } else {
        tracing::info!(%method, %route, status, latency_ms, %request_id, "request");
    }
    response
}

/// Every 10 seconds: [`Metrics::upkeep`].
pub fn spawn_upkeep(metrics: std::sync::Arc<Metrics>) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(10));
        loop {
            every.tick().await;
            metrics.upkeep();
        }
    });
}
