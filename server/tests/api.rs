//! The Settle REST API over real HTTP against a real database (SQLite, or PostgreSQL when
//! SETTLE_TEST_POSTGRES_URL is set): sign-in, sync, every intent, the back office.

mod support;

use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use settle_core::api::{Account, SyncItem};
use support::{assert_problem, days_from_today, latest, Customer, Server};

/// What the tests know about one customer's account.
struct Ids {
    customer: String,
    account: String,
    overdue_invoice: String,
    future_invoice: String,
    offer: String,
    statement: String,
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn invoice(id: &str, account: &str, issued: i64, due: i64, total: &str, paid: &str) -> Value {
    json!({
        "id": id, "account_id": account, "number": id.to_uppercase(), "currency": "GBP",
        "issue_date": days_from_today(issued), "due_date": days_from_today(due),
        "lines": [{"id": "l1", "description": "Goods", "quantity": "1",
                   "unit_price": total, "net": total, "tax": "0.00"}],
        "subtotal": total, "tax_total": "0.00", "total": total, "amount_paid": paid
    })
}

fn policy() -> Value {
    json!({
        "currency": "GBP", "min_instalment": "25.00", "max_instalments": 12,
        "max_term_months": 12, "frequencies": ["monthly", "weekly"],
        "first_date_earliest_days": 0, "first_date_latest_days": 30,
        "setup_fee": "0.00", "annual_interest_percent": "0",
        "interest_rounding": "toward_zero", "missed_after_days": 7,
        "missed_instalment_rule": "If a payment is missed we will contact you first.",
        "promise_window_days": 14, "terms_version": "2024-01"
    })
}

/// A customer with a GBP account: one invoice 30 days overdue (300.00, 100.00 paid), one
/// due in 25 days (150.00), a plan policy, a plan offer and a statement.
async fn customer_with_account(server: &Server, tag: &str) -> Ids {
    let customer = format!("cus_{tag}");
    let account = format!("acc_{tag}");
    server
        .admin(
            Method::POST,
            "/customers",
            json!({"id": customer, "email": format!("{tag}@example.test"), "name": tag}),
        )
        .await;
    server
        .admin(
            Method::POST,
            "/accounts",
            json!({"id": account, "number": format!("N-{tag}"), "name": tag, "currency": "GBP",
                   "credit_limit": "1000.00", "holders": [customer]}),
        )
        .await;
    let overdue_invoice = format!("inv_{tag}_1");
    let future_invoice = format!("inv_{tag}_2");
    server
        .admin(
            Method::PUT,
            &format!("/invoices/{overdue_invoice}"),
            invoice(&overdue_invoice, &account, -60, -30, "300.00", "100.00"),
        )
        .await;
    server
        .admin(
            Method::PUT,
            &format!("/invoices/{future_invoice}"),
            invoice(&future_invoice, &account, -5, 25, "150.00", "0.00"),
        )
        .await;
    server
        .admin(
            Method::PUT,
            &format!("/accounts/{account}/plan-policy"),
            policy(),
        )
        .await;
    let offer = format!("off_{tag}");
    server
        .admin(
            Method::PUT,
            &format!("/plan-offers/{offer}"),
            json!({
                "id": offer, "account_id": account, "invoice_ids": [overdue_invoice],
                "schedule": {
                    "currency": "GBP", "frequency": "monthly", "principal": "200.00",
                    "setup_fee": "0.00", "interest": "0.00", "cost_of_credit": "0.00",
                    "total_payable": "200.00",
                    "instalments": [
                        {"number": 1, "due_date": days_from_today(7), "amount": "100.00"},
                        {"number": 2, "due_date": days_from_today(37), "amount": "100.00"}
                    ],
                    "terms_version": "2024-01"
                }
            }),
        )
        .await;
    let statement = format!("stm_{tag}");
    server
        .admin(
            Method::PUT,
            &format!("/statements/{statement}"),
            json!({
                "id": statement, "account_id": account, "currency": "GBP",
                "period_start": days_from_today(-60), "period_end": days_from_today(-31),
                "opening_balance": "0.00", "closing_balance": "300.00",
                "entries": [{"date": days_from_today(-60), "description": "Invoice",
                             "debit": "300.00", "credit": "0.00"}]
            }),
        )
        .await;
    Ids {
        customer,
        account,
        overdue_invoice,
        future_invoice,
        offer,
        statement,
    }
}

async fn world() -> (Server, Customer, Ids, Customer, Ids) {
    let server = Server::start().await;
    let a = customer_with_account(&server, "ann").await;
    let b = customer_with_account(&server, "ben").await;
    let ann = server.sign_in("ann@example.test").await;
    let ben = server.sign_in("ben@example.test").await;
    (server, ann, a, ben, b)
}

fn account_of(records: &std::collections::BTreeMap<(String, String), Value>, id: &str) -> Account {
    serde_json::from_value(records[&("account".to_owned(), id.to_owned())].clone()).unwrap()
}

async fn created(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

// ---- Sign-in and sync ----

#[tokio::test]
async fn sync_serves_the_figures_of_the_records_and_only_the_customers_own() {
    let (_server, mut ann, a, _ben, b) = world().await;
    let items = ann.pull().await;
    let records = latest(&items);
    let account = account_of(&records, &a.account);
    // From the inputs: 300.00 - 100.00 open and 30 days late; 150.00 not due yet.
    assert_eq!(account.overdue, dec("200.00"));
    assert_eq!(account.not_yet_due, dec("150.00"));
    assert_eq!(account.balance, dec("350.00"));
    assert_eq!(account.available_credit, dec("650.00"));
    assert_eq!(account.ageing.days_1_30, dec("200.00"));
    assert_eq!(account.next_due.len(), 1);
    for (kind, id) in records.keys() {
        assert!(
            !id.contains("ben") && !id.contains(&b.account),
            "{kind} {id} leaked"
        );
    }
    // Every record is one settle-core reads and accepts.
    for item in &items {
        let item: SyncItem = serde_json::from_value(item.clone()).unwrap();
        item.record().unwrap();
    }
    assert!(records.contains_key(&("preferences".to_owned(), a.customer.clone())));
}

#[tokio::test]
async fn sync_pages_follow_the_checkpoint_without_gaps() {
    let (server, ann, a, _ben, _b) = world().await;
    for n in 0..5 {
        let id = format!("inv_page_{n}");
        server
            .admin(
                Method::PUT,
                &format!("/invoices/{id}"),
                invoice(&id, &a.account, -1, 10, "10.00", "0.00"),
            )
            .await;
    }
    let mut checkpoint = String::new();
    let mut versions = Vec::new();
    loop {
        let page: Value = ann
            .get(&format!("/sync?limit=3&checkpoint={checkpoint}"))
            .await
            .json()
            .await
            .unwrap();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        versions.extend(items.iter().map(|i| i["version"].as_i64().unwrap()));
        checkpoint = page["checkpoint"].as_str().unwrap().to_owned();
        if !page["more"].as_bool().unwrap() {
            break;
        }
    }
    assert!(versions.windows(2).all(|w| w[0] < w[1]));
    let all = latest(&ann_pull_all(&ann).await);
    assert_eq!(versions.len(), count_items(&ann).await);
    assert!(all.contains_key(&("invoice".to_owned(), "inv_page_4".to_owned())));
    let bad = ann.get("/sync?checkpoint=42").await;
    assert_problem(bad, 422, "validation", Some("/checkpoint")).await;
}

async fn ann_pull_all(customer: &Customer) -> Vec<Value> {
    let page: Value = customer.get("/sync?limit=1000").await.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

async fn count_items(customer: &Customer) -> usize {
    ann_pull_all(customer).await.len()
}

#[tokio::test]
async fn deletions_reach_sync_as_tombstones() {
    let (server, mut ann, a, _ben, _b) = world().await;
    ann.pull().await;
    let gone = server
        .admin_raw(
            Method::DELETE,
            &format!("/invoices/{}", a.future_invoice),
            None,
        )
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let items = ann.pull().await;
    let tombstone = items
        .iter()
        .find(|i| i["kind"] == "invoice" && i["id"] == a.future_invoice.as_str())
        .expect("the deletion is synced");
    assert_eq!(tombstone["deleted"], true);
    assert!(tombstone.get("data").is_none());
    let account = account_of(&latest(&items), &a.account);
    assert_eq!(account.not_yet_due, Decimal::ZERO);
    assert_eq!(account.balance, dec("200.00"));
}

#[tokio::test]
async fn an_invoice_still_disputed_or_offered_is_not_deleted() {
    let (server, ann, a, _ben, _b) = world().await;
    let delete = |id: String| {
        let server = &server;
        async move {
            server
                .admin_raw(Method::DELETE, &format!("/invoices/{id}"), None)
                .await
        }
    };
    let dispute = raise(&ann, &a, "10.00").await;
    let refused = delete(a.overdue_invoice.clone()).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let problem: Value = refused.json().await.unwrap();
    assert!(problem["detail"]
        .as_str()
        .unwrap()
        .contains(dispute["id"].as_str().unwrap()));
    // Settling the dispute is not enough while a plan offer covers the invoice.
    let id = dispute["id"].as_str().unwrap();
    for status in ["under_review", "resolved_in_customers_favour"] {
        server
            .admin(
                Method::POST,
                &format!("/disputes/{id}/status"),
                json!({"status": status}),
            )
            .await;
    }
    let offered = delete(a.overdue_invoice.clone()).await;
    assert_eq!(offered.status(), StatusCode::CONFLICT);
    let problem: Value = offered.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains(&a.offer));
    let withdrawn = server
        .admin_raw(Method::DELETE, &format!("/plan-offers/{}", a.offer), None)
        .await;
    assert!(withdrawn.status().is_success());
    assert_eq!(
        delete(a.overdue_invoice.clone()).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn sessions_need_a_valid_code_and_end_on_sign_out() {
    let server = Server::start().await;
    customer_with_account(&server, "cy").await;
    let customer = server.sign_in("cy@example.test").await;
    let me: Value = customer.get("/session").await.json().await.unwrap();
    assert_eq!(me["email"], "cy@example.test");
    let out = customer
        .http
        .delete(customer.url("/session"))
        .header("x-settle-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_problem(customer.get("/sync").await, 401, "unauthenticated", None).await;
    let wrong = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .header("x-settle-csrf", "1")
        .json(&json!({"email": "cy@example.test", "code": "000000"}))
        .send()
        .await
        .unwrap();
    assert_problem(wrong, 401, "sign-in-code-invalid", None).await;
}

#[tokio::test]
async fn a_shared_device_session_ends_with_the_browser_and_within_hours() {
    let server = Server::start().await;
    customer_with_account(&server, "sh").await;
    let http = reqwest::Client::new();
    let sign_in = |shared: bool| {
        let (http, server) = (http.clone(), &server);
        async move {
            let response = server
                .sign_in_answer(&http, "sh@example.test", shared)
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            let cookie = response.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .to_owned();
            let session: Value = response.json().await.unwrap();
            let expires: chrono::DateTime<chrono::Utc> =
                session["expires_at"].as_str().unwrap().parse().unwrap();
            (cookie, expires - chrono::Utc::now())
        }
    };
    let (cookie, lasts) = sign_in(true).await;
    assert!(!cookie.contains("Max-Age"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(lasts <= chrono::Duration::hours(4), "{lasts}");
    assert!(lasts > chrono::Duration::hours(3), "{lasts}");
    let (cookie, lasts) = sign_in(false).await;
    assert!(cookie.contains("Max-Age=2592000"), "{cookie}");
    assert!(lasts > chrono::Duration::days(29), "{lasts}");
}

#[tokio::test]
async fn code_requests_are_rate_limited_per_address() {
    let server = Server::start_with(&["--codes-per-address", "2", "--codes-per-ip", "100"]).await;
    let http = reqwest::Client::new();
    let ask = |email: &'static str| {
        http.post(server.url("/api/v1/session/code"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": email }))
            .send()
    };
    assert_eq!(
        ask("who@example.test").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        ask("who@example.test").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    let limited = ask("who@example.test").await.unwrap();
    assert_eq!(limited.headers()["retry-after"], "60");
    assert_problem(limited, 429, "rate-limited", None).await;
    assert_eq!(
        ask("other@example.test").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn code_requests_are_rate_limited_per_ip() {
    let server = Server::start_with(&["--codes-per-address", "100", "--codes-per-ip", "3"]).await;
    let http = reqwest::Client::new();
    for n in 0..3 {
        let ok = http
            .post(server.url("/api/v1/session/code"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": format!("p{n}@example.test") }))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::ACCEPTED);
    }
    let limited = http
        .post(server.url("/api/v1/session/code"))
        .header("x-settle-csrf", "1")
        .json(&json!({ "email": "p9@example.test" }))
        .send()
        .await
        .unwrap();
    assert_problem(limited, 429, "rate-limited", None).await;
}

// ---- Intents: idempotency, CSRF and ownership for every endpoint ----

const INTENTS: [&str; 11] = [
    "raise_dispute",
    "send_dispute_message",
    "withdraw_dispute",
    "accept_plan_offer",
    "propose_plan",
    "promise_to_pay",
    "change_promise",
    "ask_for_help",
    "send_feedback",
    "start_checkout",
    "upload_attachment_ref",
];

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

/// A dispute on the customer's overdue invoice.
async fn raise(customer: &Customer, ids: &Ids, amount: &str) -> Value {
    created(
        customer
            .post(
                "/disputes",
                &json!({"invoice_id": ids.overdue_invoice, "reason": "not_received",
                        "currency": "GBP", "amount": amount, "description": "Never arrived"}),
            )
            .await,
    )
    .await
}

async fn promise(customer: &Customer, ids: &Ids) -> Value {
    created(
        customer
            .post(
                "/promises",
                &json!({"account_id": ids.account, "currency": "GBP", "amount": "50.00",
                        "date": days_from_today(5)}),
            )
            .await,
    )
    .await
}

/// For an intent: its path, a valid body, and a different valid body, for this customer.
async fn prepare(name: &str, customer: &Customer, ids: &Ids) -> (String, Value, Value) {
    match name {
        "raise_dispute" => {
            let body = |amount: &str| {
                json!({"invoice_id": ids.future_invoice, "reason": "damaged_or_faulty",
                       "currency": "GBP", "amount": amount, "description": "Box crushed"})
            };
            ("/disputes".into(), body("50.00"), body("40.00"))
        }
        "send_dispute_message" => {
            let dispute = raise(customer, ids, "20.00").await;
            let id = dispute["id"].as_str().unwrap().to_owned();
            let body = |text: &str| json!({"dispute_id": id, "body": text});
            (
                format!("/disputes/{id}/messages"),
                body("Any news?"),
                body("Hello?"),
            )
        }
        "withdraw_dispute" => {
            let dispute = raise(customer, ids, "20.00").await;
            let id = dispute["id"].as_str().unwrap().to_owned();
            (
                format!("/disputes/{id}/withdraw"),
                json!({"dispute_id": id}),
                json!({"dispute_id": id, "reason": "Found it"}),
            )
        }
        "accept_plan_offer" => {
            let body = |channel: &str| {
                json!({"offer_id": ids.offer, "terms_version": "2024-01",
                       "agreed_at": "2024-06-01T10:00:00Z", "channel": channel})
            };
            (
                format!("/plan-offers/{}/accept", ids.offer),
                body("app"),
                body("web"),
            )
        }
        "propose_plan" => {
            let body = |count: u32| {
                json!({"account_id": ids.account, "invoice_ids": [ids.overdue_invoice],
                       "currency": "GBP", "amount": "200.00", "frequency": "monthly",
                       "first_date": days_from_today(3), "size": {"instalments": count},
                       "terms_version": "2024-01", "agreed_at": now(), "channel": "app"})
            };
            ("/plans".into(), body(4), body(2))
        }
        "promise_to_pay" => {
            let body = |amount: &str| {
                json!({"account_id": ids.account, "currency": "GBP", "amount": amount,
                       "date": days_from_today(5)})
            };
            ("/promises".into(), body("60.00"), body("70.00"))
        }
        "change_promise" => {
            let made = promise(customer, ids).await;
            let id = made["id"].as_str().unwrap().to_owned();
            let body = |days: i64| json!({"promise_id": id, "date": days_from_today(days)});
            (format!("/promises/{id}/change"), body(9), body(10))
        }
        "ask_for_help" => {
            let body = |amount: &str| {
                json!({"account_id": ids.account, "kind": "reduced_plan", "currency": "GBP",
                       "monthly_income": "1200.00", "monthly_outgoings": "1100.00",
                       "affordable_amount": amount, "affordable_frequency": "monthly",
                       "circumstances": "Lost hours at work"})
            };
            ("/help".into(), body("50.00"), body("40.00"))
        }
        "send_feedback" => {
            let body = |csat: u8| json!({"subject": {"type": "portal"}, "csat": csat, "ces": 2});
            ("/feedback".into(), body(5), body(4))
        }
        "start_checkout" => {
            let body = |amount: &str| {
                json!({"account_id": ids.account, "currency": "GBP", "amount": amount,
                       "target": {"type": "invoice", "invoice_id": ids.overdue_invoice},
                       "return_path": "/payments"})
            };
            ("/checkouts".into(), body("200.00"), body("100.00"))
        }
        // An intent naming an upload: a dispute with a photo attached.
        "upload_attachment_ref" => {
            let attachment = upload_png(customer, "att_ref").await;
            assert_eq!(attachment.status(), StatusCode::CREATED);
            let body = |amount: &str| {
                json!({"invoice_id": ids.future_invoice, "reason": "damaged_or_faulty",
                       "currency": "GBP", "amount": amount, "description": "See photo",
                       "attachment_ids": ["att_ref"]})
            };
            ("/disputes".into(), body("30.00"), body("31.00"))
        }
        other => panic!("no such intent {other}"),
    }
}

#[tokio::test]
async fn every_intent_runs_once_per_idempotency_key_and_needs_the_csrf_header() {
    for name in INTENTS {
        let (_server, mut ann, a, _ben, _b) = world().await;
        let (path, body, other) = prepare(name, &ann, &a).await;
        ann.pull().await;

        let forged = ann
            .http
            .post(ann.url(&path))
            .header("idempotency-key", "forged")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_problem(forged, 403, "csrf-header-missing", None).await;
        let keyless = ann
            .http
            .post(ann.url(&path))
            .header("x-settle-csrf", "1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_problem(keyless, 400, "idempotency-key-missing", None).await;
        assert!(
            ann.pull().await.is_empty(),
            "{name}: a refused request changed something"
        );

        let first = ann.post_keyed(&path, "key-1", &body).await;
        let status = first.status();
        assert!(
            status.is_success(),
            "{name}: {status} {}",
            first.text().await.unwrap()
        );
        let answer: Value = first.json().await.unwrap();
        let changes = ann.pull().await;

        let again = ann.post_keyed(&path, "key-1", &body).await;
        assert_eq!(again.status(), status, "{name}");
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), answer, "{name}");
        assert!(
            ann.pull().await.is_empty(),
            "{name}: the retry changed something again"
        );

        let reused = ann.post_keyed(&path, "key-1", &other).await;
        assert_problem(reused, 422, "idempotency-key-reused", None).await;
        assert!(ann.pull().await.is_empty());
        let silent = ["ask_for_help", "send_feedback", "start_checkout"];
        assert_eq!(changes.is_empty(), silent.contains(&name), "{name}");
    }
}

#[tokio::test]
async fn keys_are_kept_30_days_then_forgotten() {
    let (server, ann, a, _ben, _b) = world().await;
    let body = json!({"invoice_id": a.overdue_invoice, "reason": "not_received",
                      "currency": "GBP", "amount": "10.00", "description": "Never arrived"});
    let first = created(ann.post_keyed("/disputes", "key-kept", &body).await).await;
    let db = settle_server::Database::connect(&server.database_url)
        .await
        .unwrap();
    let age_by = |days: i64| {
        let db = &db;
        async move {
            sqlx::query(
                "UPDATE idempotency_keys SET created_at = created_at - $1 \
                 WHERE idempotency_key = 'key-kept'",
            )
            .bind(days * 24 * 3600)
            .execute(&db.pool)
            .await
            .unwrap();
        }
    };
    let keys = || async {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = 'key-kept'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        count
    };

    // 29 days on, and asked to keep keys only a day: 30 days is the floor.
    age_by(29).await;
    assert_eq!(settle_server::idempotency::purge(&db, 1).await.unwrap(), 0);
    let retry = ann.post_keyed("/disputes", "key-kept", &body).await;
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(created(retry).await, first);

    // Past 30 days the key goes, and only that key.
    promise(&ann, &a).await;
    age_by(2).await;
    assert_eq!(settle_server::idempotency::purge(&db, 30).await.unwrap(), 1);
    assert_eq!(keys().await, 0);
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM idempotency_keys")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(left >= 1, "newer keys are kept");
}

#[tokio::test]
async fn a_key_left_in_flight_by_a_killed_server_is_taken_over_at_once() {
    // A server that claimed keys ahead of their change and was killed mid-change left
    // its key in flight: the retry goes ahead at once, instead of answering 409 until
    // the key is taken to be abandoned (the app's retries waited minutes for that).
    let (server, ann, a, _ben, _b) = world().await;
    let (path, body, _) = prepare("ask_for_help", &ann, &a).await;
    let db = settle_server::Database::connect(&server.database_url)
        .await
        .unwrap();
    let fingerprint =
        settle_server::idempotency::fingerprint("POST", &format!("/api/v1{path}"), &body);
    sqlx::query(
        "INSERT INTO idempotency_keys (customer_id, idempotency_key, fingerprint, created_at) \
         VALUES ($1, 'busy', $2, $3)",
    )
    .bind(&a.customer)
    .bind(&fingerprint)
    .bind(chrono::Utc::now().timestamp())
    .execute(&db.pool)
    .await
    .unwrap();
    let retried = ann.post_keyed(&path, "busy", &body).await;
    assert_eq!(retried.status(), StatusCode::ACCEPTED);
    let again = ann.post_keyed(&path, "busy", &body).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
}

#[tokio::test]
async fn a_retry_while_the_first_attempt_runs_waits_for_its_answer() {
    // Both attempts of one key at once: one makes the change, the other gets its reply.
    let (_server, ann, a, _ben, _b) = world().await;
    let (path, body, _) = prepare("ask_for_help", &ann, &a).await;
    let (first, second) = tokio::join!(
        ann.post_keyed(&path, "twice", &body),
        ann.post_keyed(&path, "twice", &body)
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::ACCEPTED, StatusCode::ACCEPTED]);
    let replayed = [&first, &second]
        .iter()
        .filter(|r| r.headers().get("idempotent-replayed").is_some())
        .count();
    assert_eq!(replayed, 1);
}

#[tokio::test]
async fn a_failed_intent_keeps_nothing_and_its_key_can_be_used_again() {
    let (_server, mut ann, a, _ben, _b) = world().await;
    ann.pull().await;
    let too_much = json!({"invoice_id": a.overdue_invoice, "reason": "not_received",
                          "currency": "GBP", "amount": "200.01"});
    let refused = ann.post_keyed("/disputes", "k", &too_much).await;
    assert_problem(refused, 422, "dispute.amount_above_open", Some("/amount")).await;
    assert!(ann.pull().await.is_empty());
    let fixed = json!({"invoice_id": a.overdue_invoice, "reason": "not_received",
                       "currency": "GBP", "amount": "200.00"});
    assert_eq!(
        ann.post_keyed("/disputes", "k", &fixed).await.status(),
        StatusCode::CREATED
    );
}

/// Ben's records of every kind an intent can name.
struct BensThings {
    dispute: String,
    promise: String,
    plan: String,
    offer: String,
    attachment: String,
}

async fn bens_things(server: &Server, ben: &Customer, b: &Ids) -> BensThings {
    let dispute = raise(ben, b, "10.00").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let promise = promise(ben, b).await["id"].as_str().unwrap().to_owned();
    let plan = created(
        ben.post(
            &format!("/plan-offers/{}/accept", b.offer),
            &json!({"offer_id": b.offer, "terms_version": "2024-01",
                    "agreed_at": now(), "channel": "app"}),
        )
        .await,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A fresh offer (accepting took the first one away).
    let offer = "off_ben_again".to_owned();
    let mut body: Value = serde_json::from_str(&format!(
        "{{\"id\": \"{offer}\", \"account_id\": \"{}\", \"schedule\": {{\"currency\": \"GBP\", \
         \"frequency\": \"weekly\", \"principal\": \"50.00\", \"setup_fee\": \"0.00\", \
         \"interest\": \"0.00\", \"cost_of_credit\": \"0.00\", \"total_payable\": \"50.00\", \
         \"instalments\": [], \"terms_version\": \"2024-01\"}}}}",
        b.account
    ))
    .unwrap();
    body["schedule"]["instalments"] =
        json!([{"number": 1, "due_date": days_from_today(7), "amount": "50.00"}]);
    server
        .admin(Method::PUT, &format!("/plan-offers/{offer}"), body)
        .await;
    assert_eq!(
        upload_png(ben, "att_ben").await.status(),
        StatusCode::CREATED
    );
    let pdf = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/admin/statements/{}/pdf", b.statement)))
        .bearer_auth(support::ADMIN_TOKEN)
        .header("content-type", "application/pdf")
        .body("%PDF-1.4 ben's statement")
        .send()
        .await
        .unwrap();
    assert!(pdf.status().is_success());
    BensThings {
        dispute,
        promise,
        plan,
        offer,
        attachment: "att_ben".into(),
    }
}

#[tokio::test]
async fn every_endpoint_answers_404_for_another_customers_ids() {
    let (server, ann, a, mut ben, b) = world().await;
    let theirs = bens_things(&server, &ben, &b).await;
    ben.pull().await;
    let posts: Vec<(String, Value)> = vec![
        (
            "/disputes".into(),
            json!({"invoice_id": b.overdue_invoice, "reason": "not_received",
                   "currency": "GBP", "amount": "1.00"}),
        ),
        (
            format!("/disputes/{}/messages", theirs.dispute),
            json!({"dispute_id": theirs.dispute, "body": "hi"}),
        ),
        (
            format!("/disputes/{}/withdraw", theirs.dispute),
            json!({"dispute_id": theirs.dispute}),
        ),
        (
            format!("/plan-offers/{}/accept", theirs.offer),
            json!({"offer_id": theirs.offer, "terms_version": "2024-01",
                   "agreed_at": now(), "channel": "app"}),
        ),
        (
            "/plans".into(),
            json!({"account_id": b.account, "currency": "GBP", "amount": "100.00",
                   "frequency": "monthly", "first_date": days_from_today(3),
                   "size": {"instalments": 2}, "terms_version": "2024-01",
                   "agreed_at": now(), "channel": "app"}),
        ),
        (
            "/promises".into(),
            json!({"account_id": b.account, "currency": "GBP", "amount": "5.00",
                   "date": days_from_today(3)}),
        ),
        (
            format!("/promises/{}/change", theirs.promise),
            json!({"promise_id": theirs.promise, "date": days_from_today(8)}),
        ),
        (
            "/help".into(),
            json!({"account_id": b.account, "kind": "breathing_space", "currency": "GBP",
                   "monthly_income": "1.00", "monthly_outgoings": "1.00",
                   "affordable_amount": "0.00", "affordable_frequency": "monthly"}),
        ),
        (
            "/feedback".into(),
            json!({"subject": {"type": "dispute", "dispute_id": theirs.dispute}, "csat": 3}),
        ),
        (
            "/feedback".into(),
            json!({"subject": {"type": "plan", "plan_id": theirs.plan}, "csat": 3}),
        ),
        (
            "/checkouts".into(),
            json!({"account_id": b.account, "currency": "GBP", "amount": "1.00",
                   "target": {"type": "balance"}}),
        ),
        (
            "/checkouts".into(),
            json!({"account_id": a.account, "currency": "GBP", "amount": "1.00",
                   "target": {"type": "invoice", "invoice_id": b.overdue_invoice}}),
        ),
        (
            "/checkouts".into(),
            json!({"account_id": a.account, "currency": "GBP", "amount": "1.00",
                   "target": {"type": "instalment", "plan_id": theirs.plan, "number": 1}}),
        ),
    ];
    for (path, body) in &posts {
        let answer = ann.post(path, body).await;
        assert_problem(answer, 404, "not-found", None).await;
    }
    let gets = [
        format!("/attachments/{}", theirs.attachment),
        format!("/statements/{}/pdf", b.statement),
    ];
    for path in &gets {
        assert_problem(ann.get(path).await, 404, "not-found", None).await;
    }
    // The same requests from Ben reach his things (so the 404s were about ownership).
    assert_eq!(ben.get(&gets[0]).await.status(), StatusCode::OK);
    assert_eq!(ben.get(&gets[1]).await.status(), StatusCode::OK);
    assert!(
        ben.pull().await.is_empty(),
        "Ann's attempts changed Ben's records"
    );
}

// ---- Attachments ----

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

async fn upload(
    customer: &Customer,
    meta: Value,
    file: Vec<u8>,
    part_type: &str,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .part(
            "meta",
            reqwest::multipart::Part::text(meta.to_string())
                .mime_str("application/json")
                .unwrap(),
        )
        .part(
            "file",
            reqwest::multipart::Part::bytes(file)
                .file_name("photo")
                .mime_str(part_type)
                .unwrap(),
        );
    customer
        .http
        .post(customer.url("/attachments"))
        .header("x-settle-csrf", "1")
        .header(
            "idempotency-key",
            format!("upload-{}", meta["id"].as_str().unwrap_or("")),
        )
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn upload_png(customer: &Customer, id: &str) -> reqwest::Response {
    let meta = json!({"id": id, "file_name": "photo.png", "media_type": "image/png",
                      "size_bytes": PNG.len()});
    upload(customer, meta, PNG.to_vec(), "image/png").await
}

#[tokio::test]
async fn uploads_are_checked_for_size_type_and_content_and_replayed_by_key() {
    let server = Server::start_with(&["--max-attachment-bytes", "64"]).await;
    let a = customer_with_account(&server, "ann").await;
    let ann = server.sign_in("ann@example.test").await;
    let stored: Value = created(upload_png(&ann, "p1").await).await;
    let expected = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(PNG));
    assert_eq!(stored["sha256"], expected);
    // Same key, same upload: the stored answer.
    assert_eq!(upload_png(&ann, "p1").await.status(), StatusCode::CREATED);
    let back = ann.get("/attachments/p1").await;
    assert_eq!(back.headers()["content-type"], "image/png");
    assert_eq!(back.bytes().await.unwrap().as_ref(), PNG);

    let html =
        json!({"id": "p2", "file_name": "x.png", "media_type": "image/png", "size_bytes": 14});
    let disguised = upload(&ann, html, b"<script></script>"[..14].to_vec(), "image/png").await;
    assert_problem(disguised, 415, "media-type-not-accepted", None).await;
    let exe = json!({"id": "p3", "file_name": "x.exe", "media_type": "application/x-msdownload",
                     "size_bytes": PNG.len()});
    let refused = upload(&ann, exe, PNG.to_vec(), "application/x-msdownload").await;
    assert_problem(refused, 422, "validation", Some("/media_type")).await;
    let lying =
        json!({"id": "p4", "file_name": "x.png", "media_type": "image/png", "size_bytes": 3});
    assert_problem(
        upload(&ann, lying, PNG.to_vec(), "image/png").await,
        422,
        "validation",
        Some("/size_bytes"),
    )
    .await;
    let big = [PNG, &[0u8; 64]].concat();
    let meta = json!({"id": "p5", "file_name": "big.png", "media_type": "image/png", "size_bytes": big.len()});
    assert_problem(
        upload(&ann, meta, big, "image/png").await,
        413,
        "too-large",
        None,
    )
    .await;

    // A dispute names the upload and carries its details.
    let dispute = created(
        ann.post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "damaged_or_faulty",
                    "currency": "GBP", "amount": "5.00", "attachment_ids": ["p1"]}),
        )
        .await,
    )
    .await;
    assert_eq!(dispute["attachments"][0]["sha256"], expected);
    let missing = ann
        .post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "damaged_or_faulty",
                    "currency": "GBP", "amount": "5.00", "attachment_ids": ["nope"]}),
        )
        .await;
    assert_problem(missing, 422, "validation", Some("/attachment_ids/0")).await;
}

// ---- Rules from settle-core, answered as problem+json ----

#[tokio::test]
async fn bad_requests_name_the_field_and_lose_nothing() {
    let (_server, mut ann, a, _ben, _b) = world().await;
    ann.pull().await;
    let number = ann
        .post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "not_received",
                    "currency": "GBP", "amount": 5.5}),
        )
        .await;
    assert_problem(number, 422, "validation", Some("/amount")).await;
    let missing = ann
        .post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "currency": "GBP", "amount": "1.00"}),
        )
        .await;
    assert_problem(missing, 422, "validation", Some("/reason")).await;
    let too_fine = ann
        .post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "not_received",
                    "currency": "GBP", "amount": "1.001"}),
        )
        .await;
    assert_problem(too_fine, 422, "dispute.amount", Some("/amount")).await;
    let other = ann
        .post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "other",
                    "currency": "GBP", "amount": "1.00"}),
        )
        .await;
    assert_problem(
        other,
        422,
        "dispute.description_required",
        Some("/description"),
    )
    .await;
    let not_json = ann
        .http
        .post(ann.url("/disputes"))
        .header("x-settle-csrf", "1")
        .header("idempotency-key", "x")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(not_json, 422, "validation", None).await;
    assert!(ann.pull().await.is_empty());
    let unknown = ann.get("/no-such-endpoint").await;
    assert_problem(unknown, 404, "not-found", None).await;
}

#[tokio::test]
async fn disputes_move_figures_and_follow_the_creditors_answers() {
    let (server, mut ann, a, _ben, _b) = world().await;
    let dispute = raise(&ann, &a, "150.00").await;
    let id = dispute["id"].as_str().unwrap().to_owned();
    let records = latest(&ann.pull().await);
    let account = account_of(&records, &a.account);
    // Disputed money is never overdue: 200.00 open on the late invoice, 150.00 disputed.
    assert_eq!(account.disputed, dec("150.00"));
    assert_eq!(account.overdue, dec("50.00"));
    assert_eq!(account.balance, dec("350.00"));
    let again = ann
        .post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "not_received",
                    "currency": "GBP", "amount": "50.01"}),
        )
        .await;
    assert_problem(again, 422, "dispute.amount_above_open", Some("/amount")).await;

    server
        .admin(
            Method::POST,
            &format!("/disputes/{id}/status"),
            json!({"status": "more_information_needed", "note": "Photo please"}),
        )
        .await;
    server
        .admin(
            Method::POST,
            &format!("/disputes/{id}/messages"),
            json!({"body": "Could you send a photo?"}),
        )
        .await;
    let records = latest(&ann.pull().await);
    assert_eq!(
        records[&("dispute".to_owned(), id.clone())]["status"],
        "more_information_needed"
    );
    assert!(records
        .iter()
        .any(|((kind, _), data)| kind == "dispute_message" && data["from"] == "creditor"));
    // The customer's answer puts it back under review.
    created(
        ann.post(
            &format!("/disputes/{id}/messages"),
            &json!({"dispute_id": id, "body": "Here it is"}),
        )
        .await,
    )
    .await;
    let records = latest(&ann.pull().await);
    assert_eq!(
        records[&("dispute".to_owned(), id.clone())]["status"],
        "under_review"
    );
    // The customer cannot resolve their own dispute, the creditor can.
    let illegal = server
        .admin_raw(
            Method::POST,
            &format!("/disputes/{id}/status"),
            Some(json!({"status": "withdrawn"})),
        )
        .await;
    assert_problem(illegal, 422, "dispute.not_your_move", None).await;
    server
        .admin(
            Method::POST,
            &format!("/disputes/{id}/status"),
            json!({"status": "resolved_in_customers_favour", "note": "Credit issued"}),
        )
        .await;
    let records = latest(&ann.pull().await);
    let account = account_of(&records, &a.account);
    assert_eq!(account.disputed, Decimal::ZERO);
    assert_eq!(account.overdue, dec("200.00"));
    // Then feedback is asked for, once.
    let feedback = json!({"subject": {"type": "dispute", "dispute_id": id}, "csat": 4, "ces": 2});
    created(ann.post("/feedback", &feedback).await).await;
    assert_problem(
        ann.post("/feedback", &feedback).await,
        422,
        "feedback.not_asked",
        None,
    )
    .await;
    let withdraw = ann
        .post(
            &format!("/disputes/{id}/withdraw"),
            &json!({"dispute_id": id}),
        )
        .await;
    assert_problem(withdraw, 422, "dispute.illegal_move", None).await;
}

#[tokio::test]
async fn plans_are_built_by_the_policy_and_take_invoices_out_of_overdue() {
    let (server, mut ann, a, _ben, _b) = world().await;
    let propose = |count: u32, first: i64| {
        json!({"account_id": a.account, "invoice_ids": [a.overdue_invoice],
               "currency": "GBP", "amount": "200.00", "frequency": "monthly",
               "first_date": days_from_today(first), "size": {"instalments": count},
               "terms_version": "2024-01", "agreed_at": now(), "channel": "app"})
    };
    // 200.00 over 9 instalments is 22.23 or 22.22: below the 25.00 minimum.
    assert_problem(
        ann.post("/plans", &propose(9, 3)).await,
        422,
        "plan.min_instalment",
        Some("/size/instalments"),
    )
    .await;
    assert_problem(
        ann.post("/plans", &propose(2, 45)).await,
        422,
        "plan.first_date_latest",
        Some("/first_date"),
    )
    .await;
    let mut stale = propose(2, 3);
    stale["terms_version"] = json!("2023-01");
    assert_problem(
        ann.post("/plans", &stale).await,
        422,
        "plan.terms_changed",
        Some("/terms_version"),
    )
    .await;
    let mut too_much = propose(2, 3);
    too_much["amount"] = json!("200.01");
    assert_problem(
        ann.post("/plans", &too_much).await,
        422,
        "plan.amount_above_owed",
        Some("/amount"),
    )
    .await;

    let plan = created(ann.post("/plans", &propose(3, 3)).await).await;
    let amounts: Vec<Decimal> = plan["instalments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| dec(i["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(amounts.iter().sum::<Decimal>(), dec("200.00"));
    assert_eq!(plan["agreement"]["terms_version"], "2024-01");
    let records = latest(&ann.pull().await);
    let account = account_of(&records, &a.account);
    assert_eq!(account.overdue, Decimal::ZERO);
    assert_eq!(account.not_yet_due, dec("350.00"));
    assert_eq!(
        records[&("invoice".to_owned(), a.overdue_invoice.clone())]["plan_id"],
        plan["id"]
    );
    assert_problem(
        ann.post("/plans", &propose(2, 3)).await,
        422,
        "plan.already_active",
        None,
    )
    .await;

    let plan_id = plan["id"].as_str().unwrap();
    server
        .admin(
            Method::POST,
            &format!("/plans/{plan_id}/instalments/1"),
            json!({"outcome": "missed"}),
        )
        .await;
    let paid = server
        .admin(
            Method::POST,
            &format!("/plans/{plan_id}/instalments/2"),
            json!({"outcome": "paid", "amount": plan["instalments"][1]["amount"]}),
        )
        .await;
    assert_eq!(paid["instalments"][1]["status"], "paid");
    let records = latest(&ann.pull().await);
    let synced = &records[&("plan".to_owned(), plan_id.to_owned())];
    assert_eq!(synced["instalments"][0]["status"], "missed");
    assert_eq!(synced["instalments"][1]["status"], "paid");
}

#[tokio::test]
async fn accepting_an_offer_starts_its_plan_and_removes_the_offers() {
    let (_server, mut ann, a, _ben, _b) = world().await;
    ann.pull().await;
    let accept = |terms: &str| {
        json!({"offer_id": a.offer, "terms_version": terms,
               "agreed_at": "2024-06-01T10:00:00Z", "channel": "app"})
    };
    let path = format!("/plan-offers/{}/accept", a.offer);
    assert_problem(
        ann.post(&path, &accept("2023-01")).await,
        422,
        "plan.terms_changed",
        None,
    )
    .await;
    let plan = created(ann.post(&path, &accept("2024-01")).await).await;
    assert_eq!(plan["agreement"]["offer_id"], a.offer.as_str());
    assert_eq!(plan["agreement"]["agreed_at"], "2024-06-01T10:00:00Z");
    assert_eq!(plan["total_payable"], "200.00");
    let items = ann.pull().await;
    let offer = items
        .iter()
        .find(|i| i["kind"] == "plan_offer" && i["id"] == a.offer.as_str())
        .unwrap();
    assert_eq!(offer["deleted"], true);
    assert_problem(
        ann.post(&path, &accept("2024-01")).await,
        404,
        "not-found",
        None,
    )
    .await;
}

#[tokio::test]
async fn promises_keep_to_the_window_and_change_once() {
    let (_server, ann, a, _ben, _b) = world().await;
    let body = |amount: &str, days: i64| {
        json!({"account_id": a.account, "currency": "GBP", "amount": amount,
               "date": days_from_today(days)})
    };
    assert_problem(
        ann.post("/promises", &body("10.00", 15)).await,
        422,
        "promise.window",
        Some("/date"),
    )
    .await;
    assert_problem(
        ann.post("/promises", &body("10.00", -1)).await,
        422,
        "promise.date_past",
        Some("/date"),
    )
    .await;
    // 350.00 is owed in all.
    assert_problem(
        ann.post("/promises", &body("350.01", 3)).await,
        422,
        "promise.amount_above_owed",
        Some("/amount"),
    )
    .await;
    let made = created(ann.post("/promises", &body("350.00", 3)).await).await;
    let id = made["id"].as_str().unwrap();
    let change = |days: i64| json!({"promise_id": id, "date": days_from_today(days)});
    let path = format!("/promises/{id}/change");
    let changed = created(ann.post(&path, &change(6)).await).await;
    assert_eq!(changed["original_date"], days_from_today(3));
    assert_problem(
        ann.post(&path, &change(7)).await,
        422,
        "promise.changed_once",
        Some("/promise_id"),
    )
    .await;
}

#[tokio::test]
async fn preferences_change_only_from_the_version_last_seen() {
    let (_server, mut ann, _a, _ben, _b) = world().await;
    let current = ann.get("/preferences").await;
    let etag = current.headers()["etag"].to_str().unwrap().to_owned();
    let mut preferences: Value = current.json().await.unwrap();
    preferences["opted_out"] = json!(["sms"]);
    preferences["max_contacts_per_week"] = json!(3);
    let put = |if_match: Option<&str>, body: &Value| {
        let mut request = ann
            .http
            .put(ann.url("/preferences"))
            .header("x-settle-csrf", "1")
            .json(body);
        if let Some(tag) = if_match {
            request = request.header("if-match", tag);
        }
        request.send()
    };
    assert_problem(
        put(None, &preferences).await.unwrap(),
        428,
        "if-match-required",
        None,
    )
    .await;
    assert_problem(
        put(Some("\"0\""), &preferences).await.unwrap(),
        412,
        "version-mismatch",
        None,
    )
    .await;
    let mut bad = preferences.clone();
    bad["time_zone"] = json!("Mars/Olympus");
    assert_problem(
        put(Some(&etag), &bad).await.unwrap(),
        422,
        "validation",
        Some("/time_zone"),
    )
    .await;
    let saved = put(Some(&etag), &preferences).await.unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let new_etag = saved.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_etag, etag);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["history"].as_array().unwrap().len(), 1);
    // The ETag is the version the customer's sync shows.
    let items = ann.pull().await;
    let synced = items
        .iter()
        .rev()
        .find(|i| i["kind"] == "preferences")
        .unwrap();
    assert_eq!(format!("\"{}\"", synced["version"]), new_etag);
    assert_eq!(synced["data"]["opted_out"], json!(["sms"]));
    let forged = ann
        .http
        .put(ann.url("/preferences"))
        .header("if-match", new_etag)
        .json(&preferences)
        .send()
        .await
        .unwrap();
    assert_problem(forged, 403, "csrf-header-missing", None).await;
}

// ---- Back office, checkout, statements ----

#[tokio::test]
async fn the_back_office_needs_its_token() {
    let server = Server::start().await;
    let none = reqwest::Client::new()
        .post(server.url("/api/v1/admin/customers"))
        .json(&json!({"email": "x@example.test", "name": "X"}))
        .send()
        .await
        .unwrap();
    assert_problem(none, 401, "admin-token-invalid", None).await;
    let wrong = reqwest::Client::new()
        .post(server.url("/api/v1/admin/customers"))
        .bearer_auth("guess")
        .json(&json!({"email": "x@example.test", "name": "X"}))
        .send()
        .await
        .unwrap();
    assert_problem(wrong, 401, "admin-token-invalid", None).await;
    // A customer's session is no admin token either.
    customer_with_account(&server, "eve").await;
    let eve = server.sign_in("eve@example.test").await;
    let as_customer = eve
        .http
        .post(server.url("/api/v1/admin/customers"))
        .header("x-settle-csrf", "1")
        .json(&json!({"email": "y@example.test", "name": "Y"}))
        .send()
        .await
        .unwrap();
    assert_problem(as_customer, 401, "admin-token-invalid", None).await;
}

#[tokio::test]
async fn back_office_changes_reach_the_next_sync() {
    let (server, mut ann, a, _ben, _b) = world().await;
    ann.pull().await;
    server
        .admin(
            Method::PUT,
            &format!("/accounts/{}/stop", a.account),
            json!({"on_stop": true, "reason": "Two invoices are overdue",
                   "remedy": "Pay the overdue amount or agree a plan"}),
        )
        .await;
    server
        .admin(
            Method::POST,
            "/payments",
            json!({"id": "pay_1", "account_id": a.account, "currency": "GBP", "amount": "250.00",
                   "received_at": "2024-06-01T09:00:00Z", "method": "bank_transfer",
                   "status": "completed",
                   "allocations": [{"invoice_id": a.overdue_invoice, "amount": "200.00"}]}),
        )
        .await;
    let over = server
        .admin_raw(
            Method::POST,
            "/payments",
            Some(
                json!({"id": "pay_2", "account_id": a.account, "currency": "GBP",
                        "amount": "10.00", "received_at": "2024-06-01T09:00:00Z",
                        "method": "card", "status": "completed",
                        "allocations": [{"invoice_id": a.overdue_invoice, "amount": "10.00"}]}),
            ),
        )
        .await;
    assert_problem(over, 422, "validation", Some("/allocations/0/amount")).await;
    let records = latest(&ann.pull().await);
    let account = account_of(&records, &a.account);
    assert!(account.on_stop);
    assert_eq!(
        account.on_stop_reason.as_deref(),
        Some("Two invoices are overdue")
    );
    // 200.00 paid off the late invoice; 50.00 unallocated is credit.
    assert_eq!(account.overdue, Decimal::ZERO);
    assert_eq!(account.credit, dec("50.00"));
    assert_eq!(account.balance, dec("100.00"));
    assert!(records.contains_key(&("payment".to_owned(), "pay_1".to_owned())));
    let everything = latest(&ann_pull_all(&ann).await);
    let kinds: std::collections::BTreeSet<&str> =
        everything.keys().map(|(kind, _)| kind.as_str()).collect();
    for kind in [
        "account",
        "invoice",
        "statement",
        "payment",
        "plan_offer",
        "plan_policy",
        "preferences",
    ] {
        assert!(kinds.contains(kind), "no {kind} in sync");
    }
}

#[tokio::test]
async fn the_back_office_reads_what_customers_sent() {
    let (server, ann, a, _ben, b) = world().await;
    let disputes = |account: String| {
        let server = &server;
        async move {
            server
                .admin_raw(Method::GET, &format!("/accounts/{account}/disputes"), None)
                .await
        }
    };
    let none: Value = disputes(a.account.clone()).await.json().await.unwrap();
    assert_eq!(none, json!([]));
    let raised = raise(&ann, &a, "10.00").await;
    let listed: Value = disputes(a.account.clone()).await.json().await.unwrap();
    assert_eq!(listed, json!([raised]));
    // Another account's list does not show it; an unknown account is 404.
    let other: Value = disputes(b.account.clone()).await.json().await.unwrap();
    assert_eq!(other, json!([]));
    assert_problem(disputes("acc_nope".into()).await, 404, "not-found", None).await;

    let current = ann.get("/preferences").await;
    let etag = current.headers()["etag"].to_str().unwrap().to_owned();
    let mut preferences: Value = current.json().await.unwrap();
    preferences["opted_out"] = json!(["sms"]);
    let saved = ann
        .http
        .put(ann.url("/preferences"))
        .header("x-settle-csrf", "1")
        .header("if-match", etag)
        .json(&preferences)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let new_etag = saved.headers()["etag"].to_str().unwrap().to_owned();
    let read = server
        .admin_raw(
            Method::GET,
            &format!("/customers/{}/preferences", ann.id),
            None,
        )
        .await;
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(read.headers()["etag"].to_str().unwrap(), new_etag);
    let read: Value = read.json().await.unwrap();
    assert_eq!(read["opted_out"], json!(["sms"]));
    assert_eq!(read["history"].as_array().unwrap().len(), 1);
    let unknown = server
        .admin_raw(Method::GET, "/customers/cus_nope/preferences", None)
        .await;
    assert_problem(unknown, 404, "not-found", None).await;
    // Reading needs the token like everything else in the back office.
    let anonymous = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/admin/accounts/{}/disputes", a.account)))
        .send()
        .await
        .unwrap();
    assert_problem(anonymous, 401, "admin-token-invalid", None).await;
}

#[tokio::test]
async fn statement_pdfs_are_served_to_their_customer() {
    let (server, mut ann, a, _ben, _b) = world().await;
    let pdf = b"%PDF-1.4 statement for ann".to_vec();
    let refused = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/admin/statements/{}/pdf", a.statement)))
        .bearer_auth(support::ADMIN_TOKEN)
        .header("content-type", "application/pdf")
        .body("<html>not a pdf</html>")
        .send()
        .await
        .unwrap();
    assert_problem(refused, 415, "media-type-not-accepted", None).await;
    let stored = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/admin/statements/{}/pdf", a.statement)))
        .bearer_auth(support::ADMIN_TOKEN)
        .header("content-type", "application/pdf")
        .body(pdf.clone())
        .send()
        .await
        .unwrap();
    assert!(stored.status().is_success());
    let records = latest(&ann.pull().await);
    let url = records[&("statement".to_owned(), a.statement.clone())]["pdf_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let got = ann.http.get(server.url(&url)).send().await.unwrap();
    assert_eq!(got.headers()["content-type"], "application/pdf");
    assert_eq!(got.bytes().await.unwrap().to_vec(), pdf);
}

#[tokio::test]
async fn paying_at_the_test_provider_records_a_payment_that_syncs() {
    let (server, mut ann, a, _ben, _b) = world().await;
    ann.pull().await;
    let started = created(
        ann.post(
            "/checkouts",
            &json!({"account_id": a.account, "currency": "GBP", "amount": "120.00",
                    "target": {"type": "invoice", "invoice_id": a.overdue_invoice},
                    "return_path": "/payments"}),
        )
        .await,
    )
    .await;
    let too_much = ann
        .post(
            "/checkouts",
            &json!({"account_id": a.account, "currency": "GBP", "amount": "200.01",
                    "target": {"type": "invoice", "invoice_id": a.overdue_invoice}}),
        )
        .await;
    assert_problem(
        too_much,
        422,
        "checkout.amount_above_payable",
        Some("/amount"),
    )
    .await;
    let url = server.url(started["redirect_url"].as_str().unwrap());
    let page = reqwest::get(&url).await.unwrap();
    assert!(page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let html = page.text().await.unwrap();
    assert!(html.contains("TEST PAYMENT PROVIDER"));
    assert!(html.contains("120.00 GBP"));
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let paid = no_redirects
        .post(&url)
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
    let back = paid.headers()["location"].to_str().unwrap();
    assert!(back.starts_with("/payments?checkout="), "{back}");
    let twice = no_redirects
        .post(&url)
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    let records = latest(&ann.pull().await);
    let payment = records
        .iter()
        .find(|((kind, _), _)| kind == "payment")
        .map(|(_, data)| data.clone())
        .expect("the payment syncs");
    assert_eq!(payment["amount"], "120.00");
    assert_eq!(payment["method"], "card");
    assert_eq!(
        payment["allocations"][0]["invoice_id"],
        a.overdue_invoice.as_str()
    );
    let invoice = &records[&("invoice".to_owned(), a.overdue_invoice.clone())];
    assert_eq!(invoice["amount_paid"], "220.00");
    assert_eq!(account_of(&records, &a.account).overdue, dec("80.00"));
}

// ---- The app's headers ----

#[tokio::test]
async fn the_app_is_served_with_a_strict_content_security_policy() {
    use base64::Engine;
    use sha2::Digest;
    let server = Server::start().await;
    let response = reqwest::get(server.url("/")).await.unwrap();
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    let hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(support::BOOTSTRAP.as_bytes()));
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"
        )),
        "{csp}"
    );
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers.contains_key("permissions-policy"));
}

// ---- Demo data ----

async fn everything(customer: &mut Customer) -> Vec<Value> {
    let items = customer.pull().await;
    for item in &items {
        let item: SyncItem = serde_json::from_value(item.clone()).unwrap();
        item.record().unwrap_or_else(|e| panic!("{}: {e}", item.id));
    }
    items
}

fn of_kind<'a>(
    records: &'a std::collections::BTreeMap<(String, String), Value>,
    kind: &'a str,
) -> impl Iterator<Item = &'a Value> + 'a {
    records
        .iter()
        .filter(move |((k, _), data)| k == kind && !data.is_null())
        .map(|(_, data)| data)
}

#[tokio::test]
async fn the_demo_shows_every_state_and_keeps_the_example_figures() {
    let server = Server::start().await;
    let db = settle_server::Database::connect(&server.database_url)
        .await
        .unwrap();
    settle_server::demo::seed_if_empty(&db).await.unwrap();
    // Seeding twice changes nothing.
    settle_server::demo::seed_if_empty(&db).await.unwrap();

    let alex = latest(&everything(&mut server.sign_in("alex@example.com").await).await);
    let account = account_of(&alex, "acc_alex_gbp");
    assert_eq!(
        (account.number.as_str(), account.currency.as_str()),
        ("SET-1001", "GBP")
    );
    assert_eq!(account.balance, dec("1127.75"));
    assert_eq!(account.overdue, dec("485.50"));
    let sam = latest(&everything(&mut server.sign_in("sam@example.com").await).await);
    let account = account_of(&sam, "acc_sam_eur");
    assert_eq!(
        (account.number.as_str(), account.balance),
        ("SET-1002", dec("99.90"))
    );

    let casey = latest(&everything(&mut server.sign_in("casey@example.com").await).await);
    let account = account_of(&casey, "acc_casey_usd");
    assert!(account.balance < Decimal::ZERO && account.credit > Decimal::ZERO);

    let jordan = latest(&everything(&mut server.sign_in("jordan@example.com").await).await);
    assert!(account_of(&jordan, "acc_jordan_gbp").overdue > Decimal::ZERO);
    assert_eq!(of_kind(&jordan, "plan_offer").count(), 2);
    assert_eq!(of_kind(&jordan, "plan_policy").count(), 1);

    let riley = latest(&everything(&mut server.sign_in("riley@example.com").await).await);
    let account = account_of(&riley, "acc_riley_gbp");
    assert!(
        account.on_stop && account.on_stop_reason.is_some() && account.on_stop_remedy.is_some()
    );
    let statuses: std::collections::BTreeSet<String> = of_kind(&riley, "dispute")
        .map(|d| d["status"].as_str().unwrap().to_owned())
        .collect();
    assert!(statuses.len() >= 4, "{statuses:?}");
    assert!(account.disputed > Decimal::ZERO);

    let morgan = latest(&everything(&mut server.sign_in("morgan@example.com").await).await);
    let currencies: std::collections::BTreeSet<String> = of_kind(&morgan, "account")
        .map(|a| a["currency"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(currencies, ["JPY", "KWD"].map(String::from).into());
    let plan = of_kind(&morgan, "plan").next().unwrap();
    assert_eq!(plan["status"], "active");
    let instalments = plan["instalments"].as_array().unwrap();
    assert!(instalments.iter().any(|i| i["status"] == "missed"));
    assert!(instalments.iter().any(|i| i["status"] == "paid"));
    assert_eq!(
        account_of(&morgan, "acc_morgan_kwd").credit_limit.scale(),
        3
    );

    let bulk = latest(&everything(&mut server.sign_in("bulk@example.com").await).await);
    assert_eq!(
        of_kind(&bulk, "invoice").count(),
        settle_server::demo::BULK_INVOICES as usize
    );
    let account = account_of(&bulk, "acc_bulk_usd");
    let open: Decimal = of_kind(&bulk, "invoice")
        .map(|i| dec(i["total"].as_str().unwrap()) - dec(i["amount_paid"].as_str().unwrap()))
        .sum();
    assert_eq!(account.balance, open);
}

#[tokio::test]
async fn figures_and_instalments_move_on_with_the_date() {
    let (server, mut ann, a, _ben, _b) = world().await;
    let plan = created(
        ann.post(
            &format!("/plan-offers/{}/accept", a.offer),
            &json!({"offer_id": a.offer, "terms_version": "2024-01",
                    "agreed_at": now(), "channel": "app"}),
        )
        .await,
    )
    .await;
    ann.pull().await;
    let db = settle_server::Database::connect(&server.database_url)
        .await
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    // Nothing to do today: the figures are from today.
    assert_eq!(
        settle_server::records::roll_forward(&db, today)
            .await
            .unwrap(),
        0
    );
    // Forty days on: the first instalment (due in 7 days, 7 days' grace) is missed, and
    // the invoice due in 25 days is 15 days overdue.
    let later = today + chrono::Duration::days(40);
    assert!(
        settle_server::records::roll_forward(&db, later)
            .await
            .unwrap()
            >= 1
    );
    let records = latest(&ann.pull().await);
    let synced = &records[&("plan".to_owned(), plan["id"].as_str().unwrap().to_owned())];
    assert_eq!(synced["instalments"][0]["status"], "missed");
    assert_eq!(synced["instalments"][1]["status"], "due");
    let account = account_of(&records, &a.account);
    assert_eq!(account.as_of, later);
    assert_eq!(account.overdue, dec("150.00"));
}
