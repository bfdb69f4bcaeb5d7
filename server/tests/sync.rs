//! Sync: each customer's own records with their figures, paged by checkpoint, and
//! deletions as tombstones.

mod support;

use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::Value;
use settle_core::api::SyncItem;
use support::world::{account_of, dec, invoice, pull_in_one_page, world};
use support::{assert_problem, latest, Customer};

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
    let all = latest(&pull_in_one_page(&ann).await);
    assert_eq!(versions.len(), count_items(&ann).await);
    assert!(all.contains_key(&("invoice".to_owned(), "inv_page_4".to_owned())));
    let bad = ann.get("/sync?checkpoint=42").await;
    assert_problem(bad, 422, "validation", Some("/checkpoint")).await;
}

async fn count_items(customer: &Customer) -> usize {
    pull_in_one_page(customer).await.len()
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
async fn sync_needs_a_session_the_server_knows_and_answers_nothing_changed_empty() {
    let (server, mut ann, _a, _ben, _b) = world().await;
    let unknown = reqwest::Client::new()
        .get(server.url("/api/v1/sync"))
        .header("cookie", format!("settle_session={}", "ab".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_problem(unknown, 401, "unauthenticated", None).await;
    ann.pull().await;
    let unchanged: Value = ann
        .get(&format!("/sync?checkpoint={}", ann.checkpoint))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["items"], serde_json::json!([]));
    assert_eq!(unchanged["more"], false);
    assert_eq!(unchanged["checkpoint"], ann.checkpoint.as_str());
}
