//! Checkout: a payment at the test provider is recorded once and reaches sync.

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::world::{account_of, created, dec, world};
use support::{assert_problem, latest};

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
