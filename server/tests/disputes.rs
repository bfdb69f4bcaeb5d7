//! Disputes: how they move the account's figures, and how they follow the creditor's
//! answers through to feedback.

mod support;

use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::json;
use support::world::{account_of, created, dec, raise, world};
use support::{assert_problem, latest};

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
