//! The Datasette profile: SQLite rows, JSON text and 0/1 flags read, rows written and
//! found by reference.

use super::*;

fn datasette() -> Profile {
    Profile::load(DATASETTE).unwrap_or_else(|e| panic!("{e}"))
}

/// An invoice as Datasette 1.0 answers for the `invoice_documents` view (its default
/// JSON shape): SQLite's integers and text, the lines gathered as JSON text, flags 0/1.
fn datasette_invoices() -> Value {
    json!({
        "ok": true,
        "next": "2",
        "next_url": "http://127.0.0.1:8001/ar/invoice_documents.json?customer_no=C-2041&_size=2&_next=2",
        "rows": [
            {"invoice_no": "SI-30017", "customer_no": "C-2041", "invoice_ref": "FM-30017",
             "currency": "GBP", "invoice_date": "2024-04-02", "due_date": "2024-05-02",
             "customer_po": "PO-5512", "net_pence": 45000, "vat_pence": 9000,
             "gross_pence": 54000, "paid_pence": 0, "voided": 0,
             "updated_at": "2024-04-02 08:30:00",
             "lines": "[{\"line_no\":1,\"description\":\"Mooring rope, 50 m\",\"quantity\":3,\"unit_price_pence\":12000,\"net_pence\":36000,\"vat_pence\":7200},{\"line_no\":2,\"description\":\"Delivery\",\"quantity\":1,\"unit_price_pence\":9000,\"net_pence\":9000,\"vat_pence\":1800}]"},
            {"invoice_no": "SI-30001", "customer_no": "C-2041", "invoice_ref": "FM-30001",
             "currency": "GBP", "invoice_date": "2024-03-01", "due_date": "2024-03-31",
             "customer_po": null, "net_pence": 10000, "vat_pence": 2000,
             "gross_pence": 12000, "paid_pence": 0, "voided": 1,
             "updated_at": "2024-05-04 16:10:00", "lines": "[]"}
        ],
        "truncated": false
    })
}

#[test]
fn the_datasette_profile_reads_rows_json_text_and_flags() {
    let profile = datasette();
    assert!(profile.supports(Kind::Invoice) && !profile.supports(Kind::Statement));
    assert!(!profile.supports_intent(IntentKind::UploadAttachment));
    let customer = |name: &str| (name == "customer_id").then(|| "C-2041".to_owned());
    let mut state = ListState::default();
    let request = profile
        .list_request(Kind::Invoice, &state, &customer)
        .unwrap();
    assert_eq!(
        request.url,
        "http://127.0.0.1:8001/ar/invoice_documents.json?_size=2&customer_no=C-2041"
    );
    let body = datasette_invoices();
    let page = profile
        .read_list(Kind::Invoice, &mut state, &answer(&body))
        .unwrap();
    assert!(page.skipped.is_empty(), "{:?}", page.skipped);
    assert!(!page.done);
    // The lines come out of their JSON text; the voided invoice (1) is a removal.
    let invoice = page.items[0].data.clone().unwrap();
    assert_eq!(invoice["total"], "540.00");
    assert_eq!(invoice["lines"][0]["id"], "1");
    assert_eq!(invoice["lines"][0]["description"], "Mooring rope, 50 m");
    assert_eq!(invoice["lines"][1]["unit_price"], "90.00");
    assert_eq!(
        (page.items[1].id.as_str(), page.items[1].deleted),
        ("SI-30001", true)
    );
    // The next page by Datasette's `_next` cursor; at the end, the newest change is
    // asked for, inclusive, in SQLite's own format.
    let next = profile
        .list_request(Kind::Invoice, &state, &customer)
        .unwrap();
    assert!(
        next.url.ends_with("customer_no=C-2041&_next=2"),
        "{}",
        next.url
    );
    let last = json!({"ok": true, "next": null, "rows": [], "truncated": false});
    let page = profile
        .read_list(Kind::Invoice, &mut state, &answer(&last))
        .unwrap();
    assert!(page.done);
    let again = profile
        .list_request(Kind::Invoice, &state, &customer)
        .unwrap();
    assert!(
        again
            .url
            .ends_with("&updated_at__gte=2024-05-04%2016%3A10%3A00"),
        "{}",
        again.url
    );

    // One row by its primary key: Datasette's `rows` holds just that row.
    let terms = json!({"ok": true, "database": "ar", "table": "plan_terms", "rows": [{
        "customer_no": "C-2041", "currency": "GBP", "min_instalment_pence": 2000,
        "max_instalments": 6, "max_months": 6, "frequencies": "[\"fortnightly\", \"monthly\"]",
        "first_payment_within_days": 28, "rounding": "bankers",
        "lapse_rule": "An arrangement lapses when a payment is 10 days late.",
        "promise_window_days": 14, "terms_version": "FMS-T3"}], "primary_keys": ["customer_no"]});
    let read = profile.read_items(Kind::PlanPolicy, &terms).unwrap();
    let policy = read[0].clone().unwrap().data.unwrap();
    assert_eq!(policy["frequencies"], json!(["fortnightly", "monthly"]));
    assert_eq!(policy["min_instalment"], "20.00");
    let account = json!({"rows": [{
        "customer_no": "C-2041", "account_ref": "2041-GB", "trading_name": "Fenwick Marine Supplies Ltd",
        "currency": "GBP", "balance_pence": 151500, "overdue_pence": 54000, "disputed_pence": 9000,
        "not_due_pence": 97500, "credit_limit_pence": 400000, "available_pence": 248500,
        "on_hold": 1, "figures_on": "2024-05-31"}]});
    let read = profile.read_items(Kind::Account, &account).unwrap();
    assert_eq!(read[0].clone().unwrap().data.unwrap()["on_stop"], true);
}

#[test]
fn json_text_and_flags_that_do_not_fit_name_the_backend_field() {
    let profile = datasette();
    let mut body = datasette_invoices();
    body["rows"][0]["lines"] = json!("[{\"line_no\": 1,");
    let read = profile.read_items(Kind::Invoice, &body).unwrap();
    let error = read[0].clone().unwrap_err();
    assert_eq!(error.pointer, "/lines");
    assert!(error.reason.contains("not JSON text"), "{}", error.reason);
    // A list the backend already sends as JSON is taken as it is.
    body["rows"][0]["lines"] = json!([]);
    assert!(profile.read_items(Kind::Invoice, &body).unwrap()[0].is_ok());
    let account = json!({"rows": [{
        "customer_no": "C-2041", "account_ref": "2041-GB", "trading_name": "F",
        "currency": "GBP", "balance_pence": 0, "overdue_pence": 0, "credit_limit_pence": 0,
        "on_hold": 2, "figures_on": "2024-05-31"}]});
    let error = profile.read_items(Kind::Account, &account).unwrap()[0]
        .clone()
        .unwrap_err();
    assert_eq!(error.pointer, "/on_hold");
    assert!(
        error.reason.contains("expected true or false"),
        "{}",
        error.reason
    );
}

#[test]
fn json_text_is_only_for_reading_json_values() {
    let profile: Value = serde_json::from_str(DATASETTE).unwrap();
    only_error(
        &with(
            profile.clone(),
            "/kinds/invoice/fields/number",
            json!({"from": "/invoice_ref", "json_text": true}),
        ),
        "/kinds/invoice/fields/number/json_text",
        "'number' is not a list, an object or a JSON value",
    );
    only_error(
        &with(
            profile.clone(),
            "/kinds/preferences/fields/channels",
            json!({"value": {}, "json_text": true}),
        ),
        "/kinds/preferences/fields/channels/json_text",
        "only goes with 'from'",
    );
    only_error(
        &with(
            profile,
            "/intents/put_preferences/body/channels",
            json!({"to": "/update/channels", "json_text": true}),
        ),
        "/intents/put_preferences/body/channels/json_text",
        "is for reading kinds",
    );
}

#[test]
fn the_datasette_profile_writes_rows_and_finds_them_by_reference() {
    let profile = datasette();
    let customer = |name: &str| (name == "customer_id").then(|| "C-2041".to_owned());
    let sent = entry(raise());
    let request = profile.intent_request(&sent, &customer).unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "http://127.0.0.1:8001/ar/disputes/-/insert");
    let Body::Json(body) = &request.body else {
        panic!("a JSON body");
    };
    assert_eq!(
        body,
        &json!({"row": {
            "invoice_no": "INV-1001", "currency": "GBP", "disputed_pence": 15050,
            "reason": "pricing", "notes": "Two hours, not three", "customer_no": "C-2041",
            "status": "new", "source": "portal", "portal_ref": "key 1/é"
        }})
    );
    let lookup = profile.lookup_request(&sent).unwrap();
    assert_eq!(
        lookup.url,
        "http://127.0.0.1:8001/ar/disputes.json?portal_ref=key%201%2F%C3%A9"
    );
    // What Datasette answers: the row inserted, with its own id and stamp.
    let mut row = body["row"].clone();
    row["dispute_id"] = json!(7);
    row["raised_at"] = json!("2024-04-30 12:00:01");
    let found = json!({"ok": true, "next": null, "rows": [row.clone()]});
    assert!(profile.already_done(&sent, &found).unwrap());
    assert!(!profile
        .already_done(&sent, &json!({"ok": true, "rows": []}))
        .unwrap());
    let read = profile.read_item(Kind::Dispute, &row).unwrap();
    let data = read.data.unwrap();
    assert_eq!(read.id, "7");
    assert_eq!(data["status"], "submitted");
    assert_eq!(data["amount"], "150.50");
    assert_eq!(data["raised_at"], "2024-04-30T12:00:01Z");
}
