//! Idempotency keys and the CSRF header on every intent: one change per key, the same
//! answer to a retry, keys kept 30 days, and nothing kept when an intent fails.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::world::{created, now, promise, raise, upload_png, world, Ids};
use support::{assert_problem, days_from_today, Customer};

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
