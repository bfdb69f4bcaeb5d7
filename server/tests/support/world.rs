//! The accounts most API tests start from, and the intents and uploads they make on them.

use reqwest::{Method, Response};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use settle_core::api::Account;

use super::{days_from_today, BackOffice, Customer, Server};

/// What the tests know about one customer's account.
pub struct Ids {
    pub customer: String,
    pub account: String,
    pub overdue_invoice: String,
    pub future_invoice: String,
    pub offer: String,
    pub statement: String,
}

pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

pub fn invoice(id: &str, account: &str, issued: i64, due: i64, total: &str, paid: &str) -> Value {
    json!({
        "id": id, "account_id": account, "number": id.to_uppercase(), "currency": "GBP",
        "issue_date": days_from_today(issued), "due_date": days_from_today(due),
        "lines": [{"id": "l1", "description": "Goods", "quantity": "1",
                   "unit_price": total, "net": total, "tax": "0.00"}],
        "subtotal": total, "tax_total": "0.00", "total": total, "amount_paid": paid
    })
}

pub fn policy() -> Value {
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
pub async fn customer_with_account(server: &impl BackOffice, tag: &str) -> Ids {
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

/// Ann and Ben, each with such an account, signed in on a fresh server.
pub async fn world() -> (Server, Customer, Ids, Customer, Ids) {
    let server = Server::start().await;
    let a = customer_with_account(&server, "ann").await;
    let b = customer_with_account(&server, "ben").await;
    let ann = server.sign_in("ann@example.test").await;
    let ben = server.sign_in("ben@example.test").await;
    (server, ann, a, ben, b)
}

pub fn account_of(
    records: &std::collections::BTreeMap<(String, String), Value>,
    id: &str,
) -> Account {
    serde_json::from_value(records[&("account".to_owned(), id.to_owned())].clone()).unwrap()
}

pub async fn created(response: Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

/// A dispute on the customer's overdue invoice.
pub async fn raise(customer: &Customer, ids: &Ids, amount: &str) -> Value {
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

pub async fn promise(customer: &Customer, ids: &Ids) -> Value {
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

/// Everything the customer can sync, in one page.
pub async fn pull_in_one_page(customer: &Customer) -> Vec<Value> {
    let page: Value = customer.get("/sync?limit=1000").await.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

/// The start of a PNG: enough for the content check, which reads the signature.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

pub async fn upload(customer: &Customer, meta: Value, file: Vec<u8>, part_type: &str) -> Response {
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

pub async fn upload_png(customer: &Customer, id: &str) -> Response {
    let meta = json!({"id": id, "file_name": "photo.png", "media_type": "image/png",
                      "size_bytes": PNG.len()});
    upload(customer, meta, PNG.to_vec(), "image/png").await
}
