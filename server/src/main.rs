//! Settle's reference server: the Settle REST API over SQLite (default) or PostgreSQL,
//! the demo data, and the built app.

use clap::{CommandFactory, Parser};
use settle_server::mail::Mailer;
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
    // Said as clap says a bad flag, before anything starts.
    let mailer = Mailer::from_config(&config).unwrap_or_else(|message| {
        Config::command()
            .error(clap::error::ErrorKind::InvalidValue, message)
            .exit()
    });
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
    report_code_delivery(&config, mailer.as_ref()).await;
    axum::serve(
        listener,
        app(config, db).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Says where sign-in codes go, so an operator sees at start-up when nobody will get one.
async fn report_code_delivery(config: &Config, mailer: Option<&Mailer>) {
    match mailer {
        Some(mailer) => {
            tracing::info!(relay = mailer.relay(), from = %mailer.from(), "sign-in codes are mailed through the relay");
            // Only a warning: the relay may come up after the server.
            if !mailer.relay_answers().await {
                tracing::warn!(
                    relay = mailer.relay(),
                    "the mail relay does not answer yet; code requests answer 503 until it does"
                );
            }
        }
        None if config.demo => {
            tracing::info!("no --smtp-url: sign-in codes are printed on this console only")
        }
        None => tracing::warn!(
            "no --smtp-url: sign-in codes will not be delivered to anyone, so nobody can sign in; \
             set --smtp-url and --mail-from (or use --demo to print codes on the console)"
        ),
    }
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
