//! The server under test: the library's router on a random port over real HTTP, against a
//! fresh SQLite file, or a fresh PostgreSQL database when SETTLE_TEST_POSTGRES_URL names
//! a server (each test creates its own database there).

// Each test file uses only some of what is here.
#![allow(dead_code)]

pub mod process;
pub mod world;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{json, Value};
use settle_server::{app_with_codes, Config, Database, SentCode};
use sqlx::Connection;
use tokio::sync::{mpsc, Mutex};

pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789";
pub const POSTGRES_ENV: &str = "SETTLE_TEST_POSTGRES_URL";

/// The inline bootstrap script of the test app's index.html (as trunk writes one).
pub const BOOTSTRAP: &str =
    "import init from '/settle-0123456789abcdef.js';init('/settle-0123456789abcdef_bg.wasm');";

pub struct Server {
    pub base: String,
    pub database_url: String,
    /// The server's own handle on its database (to close it under the server).
    pub db: Database,
    codes: Mutex<mpsc::UnboundedReceiver<SentCode>>,
    folder: PathBuf,
}

impl Server {
    /// The built app this server serves.
    pub fn app_dir(&self) -> PathBuf {
        self.folder.join("dist")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        hex::encode(rand::random::<[u8; 6]>())
    )
}

/// Fails a test run without PostgreSQL: these tests are ignored by a plain `cargo test`
/// (so they never count as passed without running), and `cargo xtask test` runs them
/// with a PostgreSQL server of its own.
pub fn require_postgres() {
    assert!(
        std::env::var(POSTGRES_ENV).is_ok_and(|url| !url.is_empty()),
        "{POSTGRES_ENV} names no PostgreSQL server: run these through cargo xtask test"
    );
}

/// A fresh database: a new PostgreSQL database if asked for, else a new SQLite file.
pub async fn fresh_database(folder: &std::path::Path) -> String {
    match std::env::var(POSTGRES_ENV) {
        Ok(server_url) if !server_url.is_empty() => {
            let name = unique("settle_test");
            let mut admin = sqlx::PgConnection::connect(&server_url)
                .await
                .expect("the PostgreSQL server in SETTLE_TEST_POSTGRES_URL answers");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .expect("a test database can be created");
            let (base, query) = match server_url.split_once('?') {
                Some((base, query)) => (base.to_owned(), format!("?{query}")),
                None => (server_url.clone(), String::new()),
            };
            let root = base.rsplit_once('/').map(|(root, _)| root).unwrap_or(&base);
            format!("{root}/{name}{query}")
        }
        _ => format!("sqlite://{}?mode=rwc", folder.join("settle.db").display()),
    }
}

impl Server {
    pub async fn start() -> Server {
        Server::start_with(&[]).await
    }

    /// Starts with extra command-line flags.
    pub async fn start_with(flags: &[&str]) -> Server {
        let folder = std::env::temp_dir().join(unique("settle-api-test"));
        std::fs::create_dir_all(folder.join("dist")).unwrap();
        std::fs::write(
            folder.join("dist/index.html"),
            format!("<!doctype html><html><head><script type=\"module\">{BOOTSTRAP}</script></head><body></body></html>"),
        )
        .unwrap();
        let database_url = fresh_database(&folder).await;
        let app_dir = folder.join("dist").display().to_string();
        let mut args = vec![
            "settle-server",
            "--database-url",
            &database_url,
            "--admin-token",
            ADMIN_TOKEN,
            "--app-dir",
            &app_dir,
        ];
        args.extend_from_slice(flags);
        let config = Config::try_parse_from(args).expect("flags parse");
        let db = Database::connect(&database_url)
            .await
            .expect("database connects");
        let (sender, receiver) = mpsc::unbounded_channel();
        let router = app_with_codes(config, db.clone(), Some(sender));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        Server {
            base: format!("http://{address}"),
            database_url,
            db,
            codes: Mutex::new(receiver),
            folder,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The last code sent to `email`.
    pub async fn code_for(&self, email: &str) -> String {
        let mut codes = self.codes.lock().await;
        loop {
            let (to, code) = tokio::time::timeout(std::time::Duration::from_secs(10), codes.recv())
                .await
                .expect("a code is sent")
                .expect("the code channel is open");
            if to == email {
                return code;
            }
        }
    }

    /// Asks for a code for `email` and signs in with it through `http`, on a shared device
    /// when `shared_device`; the server's answer as it is.
    pub async fn sign_in_answer(
        &self,
        http: &Client,
        email: &str,
        shared_device: bool,
    ) -> reqwest::Response {
        let asked = http
            .post(self.url("/api/v1/session/code"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": email }))
            .send()
            .await
            .unwrap();
        assert_eq!(asked.status(), StatusCode::ACCEPTED);
        let code = self.code_for(email).await;
        http.post(self.url("/api/v1/session"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": email, "code": code, "shared_device": shared_device }))
            .send()
            .await
            .unwrap()
    }

    /// A signed-in customer.
    pub async fn sign_in(&self, email: &str) -> Customer {
        let http = Client::builder().cookie_store(true).build().unwrap();
        let signed_in = self.sign_in_answer(&http, email, false).await;
        assert_eq!(
            signed_in.status(),
            StatusCode::OK,
            "{}",
            signed_in.text().await.unwrap()
        );
        let session: Value = signed_in.json().await.unwrap();
        Customer {
            http,
            base: self.base.clone(),
            id: session["customer_id"].as_str().unwrap().to_owned(),
            checkpoint: String::new(),
        }
    }

    /// A back-office call with the admin token.
    pub async fn admin(&self, method: Method, path: &str, body: Value) -> Value {
        admin_call(&self.base, method, path, body).await
    }

    pub async fn admin_raw(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        admin_raw_call(&self.base, method, path, body).await
    }
}

/// Where the back-office API answers: one server under test, or a load balancer in front
/// of several.
pub trait BackOffice {
    fn base(&self) -> &str;

    /// A back-office call with the admin token; it must succeed.
    fn admin(
        &self,
        method: Method,
        path: &str,
        body: Value,
    ) -> impl std::future::Future<Output = Value> {
        admin_call(self.base(), method, path, body)
    }
}

impl BackOffice for Server {
    fn base(&self) -> &str {
        &self.base
    }
}

/// A back-office call with the admin token to the server at `base`; it must succeed.
pub async fn admin_call(base: &str, method: Method, path: &str, body: Value) -> Value {
    let response = admin_raw_call(base, method.clone(), path, Some(body)).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{method} {path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

pub async fn admin_raw_call(
    base: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Response {
    let mut request = Client::new()
        .request(method, format!("{base}/api/v1/admin{path}"))
        .bearer_auth(ADMIN_TOKEN);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

pub struct Customer {
    pub http: Client,
    pub base: String,
    pub id: String,
    pub checkpoint: String,
}

impl Customer {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    /// An intent with the CSRF header and a fresh idempotency key.
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.post_keyed(path, &unique("key"), body).await
    }

    pub async fn post_keyed(&self, path: &str, key: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .header("x-settle-csrf", "1")
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    /// Reads the preferences, changes them with `change` and saves them as changed from
    /// the version read (`If-Match` with its ETag).
    pub async fn change_preferences(&self, change: impl FnOnce(&mut Value)) -> Response {
        let current = self.get("/preferences").await;
        let etag = current.headers()["etag"].to_str().unwrap().to_owned();
        let mut preferences: Value = current.json().await.unwrap();
        change(&mut preferences);
        self.http
            .put(self.url("/preferences"))
            .header("x-settle-csrf", "1")
            .header("if-match", etag)
            .json(&preferences)
            .send()
            .await
            .unwrap()
    }

    /// Every change since the last pull, following `more`.
    pub async fn pull(&mut self) -> Vec<Value> {
        let mut items = Vec::new();
        loop {
            let page: Value = self
                .get(&format!("/sync?checkpoint={}", self.checkpoint))
                .await
                .json()
                .await
                .unwrap();
            items.extend(page["items"].as_array().unwrap().iter().cloned());
            self.checkpoint = page["checkpoint"].as_str().unwrap().to_owned();
            if !page["more"].as_bool().unwrap() {
                return items;
            }
        }
    }
}

/// The latest data of each record in `items`, by (kind, id); deleted ones as Null.
pub fn latest(items: &[Value]) -> std::collections::BTreeMap<(String, String), Value> {
    let mut latest = std::collections::BTreeMap::new();
    for item in items {
        let key = (
            item["kind"].as_str().unwrap().to_owned(),
            item["id"].as_str().unwrap().to_owned(),
        );
        latest.insert(key, item.get("data").cloned().unwrap_or(Value::Null));
    }
    latest
}

/// Asserts a problem+json answer with this status and type (and field, when given).
pub async fn assert_problem(
    response: Response,
    status: u16,
    kind: &str,
    field: Option<&str>,
) -> Value {
    let got = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    assert_eq!(content_type, "application/problem+json", "{text}");
    let problem: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        problem["type"],
        format!("https://settle.invalid/problems/{kind}"),
        "{text}"
    );
    if let Some(field) = field {
        assert_eq!(problem["field"], field, "{text}");
    }
    problem
}

/// Dates relative to today, as the API writes them.
pub fn days_from_today(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

/// The value of the first line of Prometheus `text` that starts with `series`.
pub fn value_of(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|line| line.starts_with(series))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}
