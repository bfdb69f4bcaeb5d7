//! The back office: its token, its changes reaching the next sync, what it reads of the
//! customers' requests, and which invoices it may delete.

mod support;

use reqwest::{Method, StatusCode};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use support::world::{account_of, customer_with_account, dec, pull_in_one_page, raise, world};
use support::{assert_problem, latest, Server};

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
    let everything = latest(&pull_in_one_page(&ann).await);
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

    let saved = ann
        .change_preferences(|preferences| preferences["opted_out"] = json!(["sms"]))
        .await;
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
