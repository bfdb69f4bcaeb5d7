//! Settle's reference server: the Settle REST API (v1) over SQLite or PostgreSQL, the demo
//! data, and the built app, all from one address.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod records;
pub mod static_files;
pub mod sync;

use std::sync::Arc;

use axum::routing::get;
use axum::{middleware, Router};

pub use config::Config;
pub use db::Database;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Database,
}

/// The whole service: the API under /api/v1 and the app everywhere else.
pub fn app(config: Config, db: Database) -> Router {
    let app_dir = config.app_dir.clone();
    let state = AppState {
        config: Arc::new(config),
        db,
    };
    let api = Router::new()
        .route("/session/code", axum::routing::post(auth::request_code))
        .route(
            "/session",
            get(auth::current)
                .post(auth::sign_in)
                .delete(auth::sign_out),
        )
        .route("/sync", get(sync::sync))
        .layer(middleware::from_fn(auth::require_csrf_header))
        .with_state(state);
    Router::new()
        .nest("/api/v1", api)
        .merge(static_files::router(&app_dir))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}
