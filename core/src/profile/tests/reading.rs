//! Reading backend items into Settle's records: value maps, amounts in minor units,
//! constants, and items that do not fit named by the backend field.

use super::*;

#[test]
fn value_maps_cover_every_settle_value() {
    only_error(
        &json_server_without("/kinds/dispute/fields/status/values/WITHDRAWN"),
        "/kinds/dispute/fields/status/values",
        "no backend value maps to 'withdrawn': add one, or list 'withdrawn' under 'unused'",
    );
    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    let status = "/kinds/dispute/fields/status";
    let values = profile.pointer_mut(&format!("{status}/values")).unwrap();
    values.as_object_mut().unwrap().remove("WITHDRAWN");
    profile.pointer_mut(status).unwrap()["unused"] = json!(["withdrawn"]);
    assert!(Profile::load(&profile.to_string()).is_ok());
    profile.pointer_mut(status).unwrap()["unused"] = json!(["withdrawn", "lost"]);
    only_error(
        &profile.to_string(),
        "/kinds/dispute/fields/status/unused/1",
        "'lost' is not one of Settle's values",
    );
    only_error(
        &json_server_with(
            "/kinds/dispute/fields/status/values/CLOSED",
            json!("closed"),
        ),
        "/kinds/dispute/fields/status/values/CLOSED",
        "'closed' is not one of Settle's values: submitted, under_review",
    );
    only_error(
        &json_server_without("/intents/raise_dispute/body/reason/values/other"),
        "/intents/raise_dispute/body/reason/values",
        "'other' is not mapped",
    );
    only_error(
        &json_server_with(
            "/intents/raise_dispute/body/reason/values/lost",
            json!("LOST"),
        ),
        "/intents/raise_dispute/body/reason/values/lost",
        "'lost' is not one of Settle's values",
    );
}

fn db_item(collection: &str, id: &str) -> Value {
    db(collection)
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .cloned()
        .unwrap()
}

#[test]
fn the_json_server_database_reads_without_a_skip() {
    let profile = json_server();
    for customer in db("customers").as_array().unwrap() {
        let item = profile.read_item(Kind::Account, customer).unwrap();
        assert!(item.record().unwrap().is_some());
    }
    let page = json!({"first": 1, "prev": null, "next": null, "last": 1, "pages": 1, "items": 5, "data": db("invoices")});
    let invoices = profile.read_items(Kind::Invoice, &page).unwrap();
    assert_eq!(invoices.len(), 5);
    assert!(invoices.iter().all(Result::is_ok), "{invoices:?}");
    for (kind, collection) in [
        (Kind::Payment, "payments"),
        (Kind::Dispute, "disputes"),
        (Kind::DisputeMessage, "disputeMessages"),
        (Kind::Plan, "paymentPlans"),
        (Kind::PlanPolicy, "paymentTerms"),
        (Kind::Promise, "promises"),
        (Kind::Preferences, "settings"),
    ] {
        let items = profile.read_items(kind, &db(collection)).unwrap();
        assert!(!items.is_empty());
        for item in items {
            let item = item.unwrap_or_else(|e| panic!("{e}"));
            assert!(item.record().unwrap().is_some());
        }
    }
}

#[test]
fn a_backend_invoice_becomes_settles_invoice() {
    let profile = json_server();
    let item = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-1001"))
        .unwrap();
    assert_eq!(
        (item.kind, item.id.as_str(), item.version),
        (Kind::Invoice, "INV-1001", 0)
    );
    let data = item.data.unwrap();
    assert_eq!(data["number"], "HJ-1001");
    assert_eq!(data["account_id"], "CUST-100");
    assert_eq!(data["issue_date"], "2024-03-01");
    assert_eq!(data["due_date"], "2024-03-31");
    assert_eq!(data["reference"], "PO-7781");
    assert_eq!(data["subtotal"], "510.00");
    assert_eq!(data["total"], "612.00");
    assert_eq!(data["lines"][1]["quantity"], "3");
    assert_eq!(data["lines"][1]["net"], "150.00");
    let decimals = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-1002"))
        .unwrap();
    assert_eq!(decimals.data.unwrap()["total"], "1230.60");
    let yen = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-2001"))
        .unwrap();
    assert_eq!(yen.data.unwrap()["total"], "385000");
    let dinar = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-3001"))
        .unwrap();
    assert_eq!(dinar.data.unwrap()["total"], "1250.125");
    let plan = profile
        .read_item(Kind::Plan, &db_item("paymentPlans", "PLN-9"))
        .unwrap()
        .data
        .unwrap();
    assert_eq!(plan["agreement"]["channel"], "phone");
    assert_eq!(plan["agreement"]["agreed_at"], "2024-03-05T09:00:00Z");
    assert_eq!(plan["instalments"][0]["status"], "missed");
    assert_eq!(plan["instalments"][0]["amount"], "625.063");
    let dispute = profile
        .read_item(Kind::Dispute, &db_item("disputes", "DSP-71"))
        .unwrap()
        .data
        .unwrap();
    assert_eq!(dispute["status"], "under_review");
    assert_eq!(dispute["reason"], "wrong_price_or_quantity");
}

/// Reads the item after `change` and returns the pointer and reason of the failure.
fn item_fault(kind: Kind, mut item: Value, change: impl FnOnce(&mut Value)) -> (String, String) {
    change(&mut item);
    let error = json_server().read_item(kind, &item).unwrap_err();
    (error.pointer, error.reason)
}

#[test]
fn an_item_that_does_not_fit_names_the_backend_field() {
    let invoice = db_item("invoices", "INV-1001");
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["grossAmount"] = json!(613)
    });
    assert_eq!(at, "/grossAmount");
    assert!(why.contains("is not subtotal"), "{why}");
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i.as_object_mut().unwrap().remove("invoiceNumber");
    });
    assert_eq!(
        (at.as_str(), why.as_str()),
        ("/invoiceNumber", "the number is missing")
    );
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["lines"][1]["lineNet"] = json!(150.001)
    });
    assert_eq!(at, "/lines/1/lineNet");
    assert!(why.contains("150.001"), "{why}");
    let (at, _) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["issuedOn"] = json!("2024-03-01")
    });
    assert_eq!(at, "/issuedOn");
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["currencyCode"] = json!("XYZ")
    });
    assert_eq!(at, "/currencyCode");
    assert!(why.contains("ISO 4217"));
    let (at, why) = item_fault(Kind::Invoice, invoice, |i| i["amountPaid"] = json!("lots"));
    assert_eq!(at, "/amountPaid");
    assert!(why.contains("not a decimal number"), "{why}");
    let dispute = db_item("disputes", "DSP-71");
    let (at, why) = item_fault(Kind::Dispute, dispute, |d| d["state"] = json!("LOST"));
    assert_eq!(at, "/state");
    assert!(
        why.contains("\"LOST\" is not a value the profile knows"),
        "{why}"
    );
    let plan = db_item("paymentPlans", "PLN-9");
    let (at, why) = item_fault(Kind::Plan, plan.clone(), |p| {
        p["schedule"][1]["amount"] = json!(625.061)
    });
    assert_eq!(at, "/schedule");
    assert!(why.contains("add up to"), "{why}");
    let (at, _) = item_fault(Kind::Plan, plan, |p| p["agreedAt"] = json!("yesterday"));
    assert_eq!(at, "/agreedAt");
    let error = json_server()
        .read_item(Kind::Invoice, &json!({"id": "X-1"}))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invoice 'X-1' from the backend was skipped: /customerId: the account_id is missing"
    );
    let missing = json_server()
        .read_items(Kind::Invoice, &json!({"rows": []}))
        .unwrap_err();
    assert_eq!(missing.pointer, "/data");
}

#[test]
fn minor_units_constants_and_unused_values() {
    let profile = Profile::load(&everything_else().to_string()).unwrap();
    let item = profile
        .read_item(
            Kind::Promise,
            &json!({"id": 7, "cents": 12345, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "O"}),
        )
        .unwrap();
    let data = item.data.unwrap();
    assert_eq!(item.id, "7");
    assert_eq!(data["amount"], "123.45");
    assert_eq!(data["currency"], "EUR");
    assert_eq!(data["account_id"], "acc-1");
    assert_eq!(data["status"], "open");
    let unknown = profile
        .read_item(Kind::Promise, &json!({"id": 7, "cents": 1, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "X"}))
        .unwrap_err();
    assert_eq!(unknown.pointer, "/s");
    let fraction = profile
        .read_item(Kind::Promise, &json!({"id": 7, "cents": 1.5, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "O"}))
        .unwrap_err();
    assert_eq!(fraction.pointer, "/cents");
    assert!(fraction.reason.contains("whole number of minor units"));
}

#[test]
fn the_settle_feed_reads_through_the_profile() {
    use crate::api::{Record, SyncItem};
    let invoice = Record::Invoice(crate::invoice::tests::invoice(
        "i1",
        "10.00",
        "0",
        "2024-03-01",
    ));
    let mut bad = invoice.to_data();
    bad["total"] = json!("10.001");
    let page = json!({
        "items": [
            {"kind": "invoice", "id": "i1", "version": 3, "deleted": false, "data": invoice.to_data()},
            {"kind": "invoice", "id": "i2", "version": 4, "deleted": false, "data": bad},
            {"kind": "payment", "id": "p9", "version": 5, "deleted": true},
            {"kind": "refund", "id": "r1", "version": 6, "deleted": false, "data": {}}
        ],
        "checkpoint": "v1.6",
        "more": true
    });
    let read = settle().read_feed(&page).unwrap();
    assert_eq!(read.checkpoint, "v1.6");
    assert!(read.more);
    assert_eq!(
        read.items,
        vec![
            SyncItem {
                kind: Kind::Invoice,
                id: "i1".into(),
                version: 3,
                deleted: false,
                data: Some(invoice.to_data())
            },
            SyncItem {
                kind: Kind::Payment,
                id: "p9".into(),
                version: 5,
                deleted: true,
                data: None
            },
        ]
    );
    let paths: Vec<&str> = read.skipped.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(paths, vec!["/items/1/data/total", "/items/3/kind"]);
    assert!(settle().read_feed(&json!({"items": []})).is_err());
    let request = settle().feed_request(Some("v1.6")).unwrap();
    assert_eq!(request.url, "/api/v1/sync?limit=500&checkpoint=v1.6");
    assert_eq!(
        settle().feed_request(None).unwrap().url,
        "/api/v1/sync?limit=500"
    );
}
