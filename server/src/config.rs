//! The server's command-line flags and environment variables.

use std::path::PathBuf;

/// Settle's reference server.
///
/// Serves the Settle REST API (v1), the back-office API (/api/v1/admin), a clearly
/// labelled test payment provider (/test-payments) and the built app from one address.
/// Data lives in SQLite under --data-dir unless DATABASE_URL names a PostgreSQL database.
/// Every flag can also be set by the environment variable shown beside it.
/// Log verbosity follows RUST_LOG (default "info").
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
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

    /// The built app (the dist folder `cargo xtask build` writes) to serve at /.
    #[arg(long, env = "SETTLE_APP_DIR", default_value = "dist")]
    pub app_dir: PathBuf,

    /// A brand.json (docs/brand.md) to serve at /brand.json, in place of one in the app
    /// folder. The web app manifest takes its name and colour either way.
    #[arg(long, env = "SETTLE_BRAND")]
    pub brand: Option<PathBuf>,

    /// Demo mode: seed demo customers into an empty database and print one-time codes
    /// on the console instead of sending them.
    #[arg(long, env = "SETTLE_DEMO")]
    pub demo: bool,

    /// Mark the session cookie Secure and name it with the __Host- prefix. Turn on when
    /// the app is served over HTTPS; browsers drop Secure cookies on plain HTTP.
    #[arg(long, env = "SETTLE_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Bearer token for the back-office API under /api/v1/admin (the creditor's systems
    /// add invoices, record payments, answer disputes there). Without it that API answers
    /// 401 to everyone. Use a long random value and keep it out of shell history.
    #[arg(long, env = "SETTLE_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Largest photo or document a customer may upload, in bytes. Settle's own limit
    /// (10 MiB) still applies above it.
    #[arg(long, env = "SETTLE_MAX_ATTACHMENT_BYTES", default_value_t = settle_core::attachment::MAX_ATTACHMENT_BYTES)]
    pub max_attachment_bytes: u64,

    /// Days an idempotency key is remembered (at least 30: an offline app may queue an
    /// action that long before it reaches the server).
    #[arg(long, env = "SETTLE_IDEMPOTENCY_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(30..))]
    pub idempotency_days: u32,

    /// Days the creditor promises to answer a new dispute in; shown to the customer as the
    /// expected response date.
    #[arg(long, env = "SETTLE_DISPUTE_RESPONSE_DAYS", default_value_t = 14)]
    pub dispute_response_days: u32,

    /// Most sign-in codes one email address may ask for in 15 minutes [default: 5, or
    /// 1000 with --demo, where people and tests sign in again and again].
    #[arg(long, env = "SETTLE_CODES_PER_ADDRESS")]
    pub codes_per_address: Option<u32>,

    /// Most sign-in codes one client IP address may ask for in 15 minutes, whatever the
    /// email addresses [default: 30, or 10000 with --demo].
    #[arg(long, env = "SETTLE_CODES_PER_IP")]
    pub codes_per_ip: Option<u32>,

    /// Take the client IP address for rate limits from the X-Forwarded-For header's last
    /// entry. Turn on only behind a reverse proxy that sets it; otherwise clients could
    /// pick their own address.
    #[arg(long, env = "SETTLE_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// The mail relay sign-in codes are sent through: smtp://HOST:PORT (plain),
    /// smtp://HOST:PORT?tls=required (STARTTLS) or smtps://HOST:PORT (TLS throughout). A
    /// login goes in the URL (smtp://USER:PASSWORD@HOST:PORT) or in --smtp-username and
    /// --smtp-password. Without it codes are sent nowhere (--demo prints them).
    #[arg(long, env = "SETTLE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<crate::mail::Secret>,

    /// The mail relay's user name, in place of one in --smtp-url.
    #[arg(long, env = "SETTLE_SMTP_USERNAME", hide_env_values = true)]
    pub smtp_username: Option<crate::mail::Secret>,

    /// The mail relay's password, in place of one in --smtp-url. Prefer the environment
    /// variable: a flag shows in the process list.
    #[arg(long, env = "SETTLE_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<crate::mail::Secret>,

    /// Who sign-in code mail is from, like "Settle <codes@example.com>". Needed with
    /// --smtp-url.
    #[arg(long, env = "SETTLE_MAIL_FROM", value_parser = crate::mail::parse_mailbox)]
    pub mail_from: Option<lettre::message::Mailbox>,

    /// Bearer token for the Prometheus metrics at /metrics (metric names: see
    /// docs/api.md, "Operations"). Without it /metrics is open to anyone who can reach
    /// the server: then let only the internal network reach that path.
    #[arg(long, env = "SETTLE_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Log format: "text" for people, "json" for log collectors (one object a line).
    #[arg(long, env = "SETTLE_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
}

impl Config {
    /// The code request limit per email address in force.
    pub fn codes_per_address(&self) -> u32 {
        self.codes_per_address
            .unwrap_or(if self.demo { 1000 } else { 5 })
    }

    /// The code request limit per client IP address in force.
    pub fn codes_per_ip(&self) -> u32 {
        self.codes_per_ip
            .unwrap_or(if self.demo { 10_000 } else { 30 })
    }

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
