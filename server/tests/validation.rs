//! Bad requests: answered as problem+json that names the field, with nothing kept.

mod support;

use serde_json::json;
use support::assert_problem;
use support::world::world;

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
