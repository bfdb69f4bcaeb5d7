//! Promises to pay: within the policy's window and what is owed, changed at most once.

mod support;

use serde_json::json;
use support::world::{created, world};
use support::{assert_problem, days_from_today};

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
