//! Settle's reference server: the Settle REST API over SQLite (default) or PostgreSQL,
//! the demo data, and the built app.

use clap::Parser;
use settle_server::{app, Config, Database};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if config.log_format == "json" {
        logs.json().flatten_event(true).init();
    } else {
        logs.init();
    }
    let db = Database::connect(&config.database_url()).await?;
    if config.demo {
        settle_server::demo::seed_if_empty(&db)
            .await
            .map_err(|error| format!("could not seed the demo data: {error:?}"))?;
    }
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "listening");
    println!("Settle is running at http://{address}/");
    if config.demo {
        println!(
            "Sign in as a demo customer, for example {}; the one-time code is printed here.",
            settle_server::demo::EXAMPLE_EMAIL
        );
    }
    axum::serve(
        listener,
        app(config, db).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
