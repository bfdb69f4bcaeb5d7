//! The server's command-line flags and environment variables.

use std::path::PathBuf;

/// Settle's reference server.
///
/// Serves the Settle REST API (v1) and the built app from one address. Data lives in
/// SQLite under --data-dir unless DATABASE_URL names a PostgreSQL database.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about, long_about = None)]
pub struct Config {
    /// Address to listen on. Keep it on loopback unless a TLS proxy sits in front.
    #[arg(long, env = "SETTLE_HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "SETTLE_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Folder for the SQLite database (settle.db) when DATABASE_URL is not set.
    #[arg(long, env = "SETTLE_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// A database URL: postgres://… for PostgreSQL, sqlite://… for another SQLite file.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// The built app (trunk's dist folder) to serve at /.
    #[arg(long, env = "SETTLE_APP_DIR", default_value = "dist")]
    pub app_dir: PathBuf,

    /// Demo mode: seed demo customers into an empty database and print one-time codes
    /// on the console instead of sending them.
    #[arg(long, env = "SETTLE_DEMO")]
    pub demo: bool,

    /// Mark the session cookie Secure and name it with the __Host- prefix. Turn on when
    /// the app is served over HTTPS; browsers drop Secure cookies on plain HTTP.
    #[arg(long, env = "SETTLE_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

impl Config {
    /// The database to use: DATABASE_URL if given, else SQLite under the data folder.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("settle.db").display()
            ),
        }
    }
}
