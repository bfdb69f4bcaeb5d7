//! Settle's reference server: the Settle REST API (v1) over SQLite or PostgreSQL, the
//! back-office API, the test payment provider, the demo data, and the built app, all from
//! one address.

pub mod access;
pub mod admin;
pub mod attachments;
pub mod auth;
pub mod brand;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod headers;
pub mod idempotency;
pub mod intents;
pub mod mail;
pub mod openapi;
pub mod operations;
pub mod payments;
pub mod preferences;
pub mod records;
pub mod sign_in_mail;
pub mod static_files;
pub mod sync;
pub mod testpay;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::{middleware, Router};
use tokio::sync::mpsc::UnboundedSender;

pub use config::Config;
pub use db::Database;

/// A one-time code on its way to a customer: (email, code).
pub type SentCode = (String, String);

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Database,
    /// Where one-time codes go besides the demo console and the mail (a test).
    pub codes: Option<UnboundedSender<SentCode>>,
    /// The mail relay codes are sent through (`--smtp-url`).
    pub mail: Option<mail::Mailer>,
    /// This server's own metrics, rendered at /metrics.
    pub metrics: Arc<operations::Metrics>,
}

impl AppState {
    /// Hands a one-time code over for delivery, in the customer's `language`.
    pub fn deliver_code(&self, email: &str, code: &str, language: sign_in_mail::Language) {
        if self.config.demo {
            println!("Sign-in code for {email}: {code}");
        }
        if let Some(codes) = &self.codes {
            let _ = codes.send((email.to_owned(), code.to_owned()));
        }
        if let Some(mail) = &self.mail {
            mail.send_code(
                email,
                code,
                auth::CODE_LIFETIME_SECS / 60,
                language,
                self.metrics.clone(),
            );
        } else if !self.config.demo && self.codes.is_none() {
            tracing::warn!("a sign-in code was asked for, but no delivery is configured");
        }
    }
}

/// Back-office uploads (statement PDFs) may be larger than customer requests.
const ADMIN_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// The whole service: the API under /api/v1 and the app everywhere else.
pub fn app(config: Config, db: Database) -> Router {
    app_with_codes(config, db, None)
}

/// [`app`], also sending every one-time code to `codes`.
pub fn app_with_codes(
    config: Config,
    db: Database,
    codes: Option<UnboundedSender<SentCode>>,
) -> Router {
    let app_dir = config.app_dir.clone();
    let brand = config.brand.clone();
    let attachment_limit =
        usize::try_from(config.max_attachment_bytes + attachments::MULTIPART_OVERHEAD)
            .unwrap_or(usize::MAX);
    // main checks the mail settings before it starts, to say what is wrong.
    let mail = mail::Mailer::from_config(&config).expect("the mail settings are valid");
    let state = AppState {
        config: Arc::new(config),
        db,
        codes,
        mail,
        metrics: Arc::new(operations::Metrics::new()),
    };
    spawn_housekeeping(state.clone());
    operations::spawn_upkeep(state.metrics.clone());
    let customer = Router::new()
        .route(listed("/session/code"), post(auth::request_code))
        .route(
            listed("/session"),
            get(auth::current)
                .post(auth::sign_in)
                .delete(auth::sign_out),
        )
        .route(listed("/sync"), get(sync::sync))
        .route(listed("/disputes"), post(intents::raise_dispute))
        .route(
            listed("/disputes/{id}/messages"),
            post(intents::send_message),
        )
        .route(
            listed("/disputes/{id}/withdraw"),
            post(intents::withdraw_dispute),
        )
        .route(
            listed("/attachments"),
            post(attachments::upload).layer(DefaultBodyLimit::max(attachment_limit)),
        )
        .route(listed("/attachments/{id}"), get(attachments::download))
        .route(
            listed("/plan-offers/{id}/accept"),
            post(intents::accept_offer),
        )
        .route(listed("/plans"), post(intents::propose_plan))
        .route(listed("/promises"), post(intents::promise_to_pay))
        .route(
            listed("/promises/{id}/change"),
            post(intents::change_promise),
        )
        .route(listed("/help"), post(intents::ask_for_help))
        .route(listed("/feedback"), post(intents::send_feedback))
        .route(listed("/checkouts"), post(intents::start_checkout))
        .route(
            listed("/preferences"),
            get(preferences::get).put(preferences::put),
        )
        .route(
            listed("/statements/{id}/pdf"),
            get(attachments::statement_pdf),
        )
        .layer(middleware::from_fn(auth::require_csrf_header));
    let admin = Router::new()
        .route(listed_admin("/customers"), post(admin::add_customer))
        .route(listed_admin("/accounts"), post(admin::add_account))
        .route(
            listed_admin("/accounts/{id}/holders"),
            post(admin::add_holder),
        )
        .route(listed_admin("/accounts/{id}/stop"), put(admin::set_stop))
        .route(
            listed_admin("/accounts/{id}/plan-policy"),
            put(admin::set_policy),
        )
        .route(
            listed_admin("/invoices/{id}"),
            put(admin::put_invoice).delete(admin::delete_invoice),
        )
        .route(listed_admin("/statements/{id}"), put(admin::put_statement))
        .route(
            listed_admin("/statements/{id}/pdf"),
            put(admin::put_statement_pdf),
        )
        .route(listed_admin("/payments"), post(admin::add_payment))
        .route(
            listed_admin("/accounts/{id}/disputes"),
            get(admin::account_disputes),
        )
        .route(
            listed_admin("/customers/{id}/preferences"),
            get(preferences::for_back_office),
        )
        .route(
            listed_admin("/disputes/{id}/status"),
            post(admin::answer_dispute),
        )
        .route(
            listed_admin("/disputes/{id}/messages"),
            post(admin::message_dispute),
        )
        .route(
            listed_admin("/plan-offers/{id}"),
            put(admin::put_offer).delete(admin::delete_offer),
        )
        .route(
            listed_admin("/plans/{id}/instalments/{number}"),
            post(admin::record_instalment),
        )
        .route(
            listed_admin("/plans/{id}/status"),
            put(admin::set_plan_status),
        )
        .layer(DefaultBodyLimit::max(ADMIN_BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            admin::require_admin,
        ));
    let api = customer
        .route(listed("/openapi.json"), get(openapi))
        .nest("/admin", admin)
        .fallback(|| async { error::ApiError::NotFound })
        .layer(middleware::from_fn(error::problems_only))
        .layer(middleware::from_fn(headers::api_headers))
        .with_state(state.clone());
    let test_payments = Router::new()
        .route(
            "/test-payments/{id}",
            get(testpay::page).post(testpay::settle),
        )
        .with_state(state.clone());
    let service = Router::new()
        .nest("/api/v1", api)
        .merge(test_payments)
        .merge(operations::router(state.clone()))
        .merge(
            static_files::router(&app_dir, brand.as_deref()).layer(middleware::from_fn(
                headers::layer(&app_dir, brand.as_deref()),
            )),
        );
    operations::observed(service, state)
}

/// The OpenAPI document of the API ([`openapi::ApiDoc`]) as served, made once.
pub fn openapi_document() -> &'static str {
    static DOCUMENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(openapi::document);
    &DOCUMENT
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "getOpenApi",
    tag = "Meta",
    summary = "This document.",
    responses(
        (status = 200, description = "The OpenAPI document.", body = Object),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
)]
async fn openapi() -> impl axum::response::IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_document(),
    )
}

/// Every path under /api/v1, as the OpenAPI document names them. The router only takes
/// paths from this list, and a test checks the list, the router's methods and the
/// document against each other, so none of them can drift.
pub const API_PATHS: &[&str] = &[
    "/openapi.json",
    "/session/code",
    "/session",
    "/sync",
    "/disputes",
    "/disputes/{id}/messages",
    "/disputes/{id}/withdraw",
    "/attachments",
    "/attachments/{id}",
    "/plan-offers/{id}/accept",
    "/plans",
    "/promises",
    "/promises/{id}/change",
    "/help",
    "/feedback",
    "/checkouts",
    "/preferences",
    "/statements/{id}/pdf",
    "/admin/customers",
    "/admin/accounts",
    "/admin/accounts/{id}/holders",
    "/admin/accounts/{id}/stop",
    "/admin/accounts/{id}/plan-policy",
    "/admin/invoices/{id}",
    "/admin/statements/{id}",
    "/admin/statements/{id}/pdf",
    "/admin/payments",
    "/admin/accounts/{id}/disputes",
    "/admin/customers/{id}/preferences",
    "/admin/disputes/{id}/status",
    "/admin/disputes/{id}/messages",
    "/admin/plan-offers/{id}",
    "/admin/plans/{id}/instalments/{number}",
    "/admin/plans/{id}/status",
];

/// A path for the API router; panics at startup if [`API_PATHS`] does not list it.
fn listed(path: &'static str) -> &'static str {
    assert!(
        API_PATHS.contains(&path),
        "{path} is missing from API_PATHS"
    );
    path
}

/// [`listed`], for the back-office router nested under /admin.
fn listed_admin(path: &'static str) -> &'static str {
    let full = format!("/admin{path}");
    assert!(
        API_PATHS.contains(&full.as_str()),
        "{full} is missing from API_PATHS"
    );
    path
}

/// Hourly: bring figures up to today, forget idempotency keys past their retention and
/// old code requests.
fn spawn_housekeeping(state: AppState) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            let today = chrono::Utc::now().date_naive();
            match records::roll_forward(&state.db, today).await {
                Ok(refreshed) if refreshed > 0 => {
                    tracing::info!(refreshed, "account figures brought up to today")
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(?error, "could not bring figures up to today"),
            }
            match idempotency::purge(&state.db, state.config.idempotency_days).await {
                Ok(purged) if purged > 0 => tracing::info!(purged, "forgot old idempotency keys"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "could not purge idempotency keys"),
            }
            if let Err(error) = auth::purge_code_requests(&state).await {
                tracing::warn!(%error, "could not purge code requests");
            }
        }
    });
}
