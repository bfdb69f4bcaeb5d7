//! No acknowledged write is lost when the server dies: sixteen clients write for twenty
//! seconds, the server process is killed with SIGKILL while their requests are in flight,
//! and after a restart on the same data every write that got a 2xx is there, once.
//!
//! Runs on SQLite, or on PostgreSQL when SETTLE_TEST_POSTGRES_URL is set. What it guards
//! is that the server answers 2xx only after its transaction committed. SQLite runs in WAL
//! mode with `synchronous = FULL`, so that commit is also on disk, power cut or not;
//! on PostgreSQL that is the database's own setting (`synchronous_commit = on`, the default).

mod support;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::process::{new_code, Process};
use support::{admin_call, days_from_today, fresh_database, ADMIN_TOKEN};

const WRITERS: usize = 16;
const WRITING_FOR: Duration = Duration::from_secs(20);
const EMAIL: &str = "durable@example.test";

/// The server binary, on a database that outlives it; only its warnings and errors are
/// printed (RUST_LOG=warn), and shown when the test fails.
fn start(database_url: &str, app_dir: &std::path::Path) -> Process {
    let mut command = Process::command();
    command
        .args(["--port", "0", "--demo", "--database-url", database_url])
        .arg("--app-dir")
        .arg(app_dir)
        .args(["--admin-token", ADMIN_TOKEN])
        .env("RUST_LOG", "warn");
    Process::spawn(command)
}

fn api(server: &Process, path: &str) -> String {
    server.url(&format!("/api/v1{path}"))
}

async fn admin(server: &Process, method: reqwest::Method, path: &str, body: Value) {
    admin_call(&server.base, method, path, body).await;
}

fn invoice(id: &str) -> Value {
    json!({
        "id": id, "account_id": "acc_durable", "number": id.to_uppercase(), "currency": "GBP",
        "issue_date": days_from_today(-5), "due_date": days_from_today(25),
        "lines": [{"id": "l1", "description": "Goods", "quantity": "1",
                   "unit_price": "10.00", "net": "10.00", "tax": "0.00"}],
        "subtotal": "10.00", "tax_total": "0.00", "total": "10.00", "amount_paid": "0.00"
    })
}

async fn sign_in(server: &Process) -> Client {
    let http = Client::builder().cookie_store(true).build().unwrap();
    let asked = http
        .post(api(server, "/session/code"))
        .header("x-settle-csrf", "1")
        .json(&json!({ "email": EMAIL }))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    let code = new_code(&[server], EMAIL, &[0]).await;
    let signed_in = http
        .post(api(server, "/session"))
        .header("x-settle-csrf", "1")
        .json(&json!({ "email": EMAIL, "code": code, "shared_device": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    http
}

/// A customer with one account and one open dispute, for messages to land on.
async fn set_up(server: &Process) -> (Client, String) {
    use reqwest::Method;
    admin(
        server,
        Method::POST,
        "/customers",
        json!({"id": "cus_durable", "email": EMAIL, "name": "Durable"}),
    )
    .await;
    admin(
        server,
        Method::POST,
        "/accounts",
        json!({"id": "acc_durable", "number": "N-DURABLE", "name": "Durable",
               "currency": "GBP", "credit_limit": "0.00", "holders": ["cus_durable"]}),
    )
    .await;
    admin(
        server,
        Method::PUT,
        "/invoices/inv_first",
        invoice("inv_first"),
    )
    .await;
    let customer = sign_in(server).await;
    let raised = customer
        .post(api(server, "/disputes"))
        .header("x-settle-csrf", "1")
        .header("idempotency-key", "durable-dispute")
        .json(&json!({"invoice_id": "inv_first", "reason": "not_received",
                      "currency": "GBP", "amount": "10.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(raised.status(), StatusCode::CREATED);
    let dispute: Value = raised.json().await.unwrap();
    (customer, dispute["id"].as_str().unwrap().to_owned())
}

/// What the writers were told was saved.
#[derive(Default)]
struct Acknowledged {
    invoices: BTreeSet<String>,
    messages: BTreeSet<String>,
    /// Each acknowledged message's idempotency key, body and the answer it got.
    answers: Vec<(String, String, Value)>,
    /// Requests that got no answer (the kill, or a connection refused after it).
    unanswered: usize,
}

/// Writes until `until`: even writers put invoices through the back office, odd ones send
/// dispute messages as the customer, each with its own idempotency key.
async fn write(
    writer: usize,
    base: String,
    customer: Client,
    dispute: String,
    until: Instant,
    acknowledged: Arc<Mutex<Acknowledged>>,
) {
    let admin = Client::new();
    let mut n = 0;
    // Keep writing past the kill: those requests must fail, not be answered 2xx.
    while Instant::now() < until + Duration::from_millis(500) {
        n += 1;
        let tag = format!("w{writer}_{n}");
        if writer.is_multiple_of(2) {
            let id = format!("inv_{tag}");
            let sent = admin
                .put(format!("{base}/api/v1/admin/invoices/{id}"))
                .bearer_auth(ADMIN_TOKEN)
                .json(&invoice(&id))
                .send()
                .await;
            let mut acknowledged = acknowledged.lock().unwrap();
            match sent {
                Ok(answer) if answer.status().is_success() => {
                    acknowledged.invoices.insert(id);
                }
                Ok(answer) => panic!("a write was refused: {}", answer.status()),
                Err(_) => acknowledged.unanswered += 1,
            }
        } else {
            let body = format!("message {tag}");
            let key = format!("key_{tag}");
            let sent = customer
                .post(format!("{base}/api/v1/disputes/{dispute}/messages"))
                .header("x-settle-csrf", "1")
                .header("idempotency-key", &key)
                .json(&json!({"dispute_id": dispute, "body": body}))
                .send()
                .await;
            let answer = match sent {
                Ok(answer) if answer.status().is_success() => answer.json::<Value>().await.ok(),
                Ok(answer) => panic!("a message was refused: {}", answer.status()),
                Err(_) => None,
            };
            let mut acknowledged = acknowledged.lock().unwrap();
            match answer {
                Some(answer) => {
                    acknowledged.messages.insert(body.clone());
                    acknowledged.answers.push((key, body, answer));
                }
                None => acknowledged.unanswered += 1,
            }
        }
        if Instant::now() >= until {
            // Past the kill the server is gone: one refused connection each is enough.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Every record the customer can sync, by kind, following `more` to the end.
async fn everything(server: &Process, customer: &Client) -> Vec<Value> {
    let mut items = Vec::new();
    let mut checkpoint = String::new();
    loop {
        let page: Value = customer
            .get(api(server, &format!("/sync?checkpoint={checkpoint}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        checkpoint = page["checkpoint"].as_str().unwrap().to_owned();
        if !page["more"].as_bool().unwrap() {
            return items;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_write_survives_a_sigkill() {
    let folder = std::env::temp_dir().join(format!("settle-durability-{}", std::process::id()));
    std::fs::create_dir_all(folder.join("dist")).unwrap();
    std::fs::write(
        folder.join("dist/index.html"),
        "<!doctype html><title>Settle</title>",
    )
    .unwrap();
    let database_url = fresh_database(&folder).await;

    let mut server = start(&database_url, &folder.join("dist"));
    let (customer, dispute) = set_up(&server).await;
    let until = Instant::now() + WRITING_FOR;
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            tokio::spawn(write(
                writer,
                server.base.clone(),
                customer.clone(),
                dispute.clone(),
                until,
                acknowledged.clone(),
            ))
        })
        .collect();
    tokio::time::sleep_until(until.into()).await;
    server.kill();
    for writer in writers {
        writer.await.expect("a writer finished");
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
    assert!(
        acknowledged.invoices.len() > 100 && acknowledged.messages.len() > 100,
        "the writers were too slow to test anything: {} invoices, {} messages",
        acknowledged.invoices.len(),
        acknowledged.messages.len()
    );
    assert!(
        acknowledged.unanswered >= WRITERS,
        "every writer met the killed server"
    );

    let server = start(&database_url, &folder.join("dist"));
    let customer = sign_in(&server).await;
    let items = everything(&server, &customer).await;
    let ids_of = |kind: &str| -> Vec<String> {
        items
            .iter()
            .filter(|item| item["kind"] == kind && !item["data"].is_null())
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let invoices: BTreeSet<String> = ids_of("invoice").into_iter().collect();
    let lost: Vec<_> = acknowledged.invoices.difference(&invoices).collect();
    assert!(lost.is_empty(), "acknowledged invoices lost: {lost:?}");

    let mut bodies: Vec<String> = items
        .iter()
        .filter(|item| item["kind"] == "dispute_message" && item["data"]["from"] == "customer")
        .map(|item| item["data"]["body"].as_str().unwrap().to_owned())
        .collect();
    bodies.sort();
    let unique: BTreeSet<String> = bodies.iter().cloned().collect();
    assert_eq!(bodies.len(), unique.len(), "a message landed twice");
    let lost: Vec<_> = acknowledged.messages.difference(&unique).collect();
    assert!(lost.is_empty(), "acknowledged messages lost: {lost:?}");

    // The idempotency records survived with their effects: sent again, an acknowledged
    // message is answered as before and not stored a second time.
    let (key, body, first_answer) = acknowledged.answers.last().unwrap().clone();
    let again = customer
        .post(api(&server, &format!("/disputes/{dispute}/messages")))
        .header("x-settle-csrf", "1")
        .header("idempotency-key", &key)
        .json(&json!({"dispute_id": dispute, "body": body}))
        .send()
        .await
        .unwrap();
    assert!(again.status().is_success(), "{}", again.status());
    assert_eq!(again.json::<Value>().await.unwrap(), first_answer);

    if database_url.starts_with("sqlite:") {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect(&database_url)
            .await
            .unwrap();
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&mut db)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    println!(
        "{} invoices and {} messages acknowledged, {} requests unanswered at the kill; none lost",
        acknowledged.invoices.len(),
        acknowledged.messages.len(),
        acknowledged.unanswered
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&folder);
}
