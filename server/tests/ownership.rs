//! Ownership: every endpoint answers 404 for another customer's ids and changes nothing
//! of theirs.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::world::{created, now, promise, raise, upload_png, world, Ids};
use support::{assert_problem, days_from_today, Customer, Server};

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
