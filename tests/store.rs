//! The IndexedDB store against the browser's real IndexedDB.
#![cfg(target_arch = "wasm32")]

use rust_decimal::Decimal;
use settle::store::Store;
use settle_core::api::{Account, Kind, SyncItem, SyncPage};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn account(id: &str, balance: &str) -> Account {
    Account {
        id: id.into(),
        number: format!("N-{id}"),
        name: "Test".into(),
        currency: "EUR".into(),
        balance: balance.parse::<Decimal>().unwrap(),
        overdue: Decimal::ZERO,
        credit_limit: Decimal::new(100_000, 2),
        on_stop: false,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        ..Account::default()
    }
}

fn page(items: Vec<SyncItem>, checkpoint: &str) -> SyncPage {
    SyncPage {
        items,
        checkpoint: checkpoint.into(),
        more: false,
    }
}

fn upsert(account: &Account, version: i64) -> SyncItem {
    SyncItem {
        kind: Kind::Account,
        id: account.id.clone(),
        version,
        deleted: false,
        data: Some(serde_json::to_value(account).unwrap()),
    }
}

#[wasm_bindgen_test]
async fn a_page_is_stored_and_read_back_after_reopening() {
    let name = "settle-test-reopen";
    rexie::Rexie::delete(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let first = account("a1", "1234.56");
    let second = account("a2", "0.01");
    store
        .apply_page(&page(vec![upsert(&first, 1), upsert(&second, 2)], "v1.2"))
        .await
        .unwrap();
    store.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.accounts().await.unwrap(), vec![first, second]);
    assert_eq!(store.checkpoint().await.unwrap().as_deref(), Some("v1.2"));
    store.close();
}

#[wasm_bindgen_test]
async fn a_deletion_removes_the_record_and_an_update_replaces_it() {
    let name = "settle-test-delete";
    rexie::Rexie::delete(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let kept = account("k", "10.00");
    let gone = account("g", "20.00");
    store
        .apply_page(&page(vec![upsert(&kept, 1), upsert(&gone, 2)], "v1.2"))
        .await
        .unwrap();
    let changed = account("k", "15.50");
    let tombstone = SyncItem {
        kind: Kind::Account,
        id: "g".into(),
        version: 3,
        deleted: true,
        data: None,
    };
    store
        .apply_page(&page(vec![upsert(&changed, 3), tombstone], "v1.3"))
        .await
        .unwrap();
    assert_eq!(store.accounts().await.unwrap(), vec![changed]);
    store.close();
}

fn invoice(id: &str, total: &str) -> SyncItem {
    SyncItem {
        kind: Kind::Invoice,
        id: id.into(),
        version: 1,
        deleted: false,
        data: Some(serde_json::json!({
            "id": id, "account_id": "a1", "number": format!("INV-{id}"), "currency": "GBP",
            "issue_date": "2026-01-01", "due_date": "2026-01-31", "reference": "PO Oak",
            "lines": [{"id": "1", "description": "Desk", "quantity": "1", "unit_price": total,
                       "net": total, "tax": "0.00"}],
            "subtotal": total, "tax_total": "0.00", "total": total, "amount_paid": "0.00"
        })),
    }
}

/// The invoice list as the store has it: each invoice's number and total, by id.
async fn listed(store: &Store) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = store
        .listed_invoices()
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.id, row.total.to_string()))
        .collect();
    rows.sort();
    rows
}

fn totals(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(id, total)| (id.to_string(), total.to_string()))
        .collect()
}

#[wasm_bindgen_test]
async fn the_invoice_list_changes_with_every_page() {
    let name = "settle-test-invoice-list";
    rexie::Rexie::delete(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let many: Vec<SyncItem> = (0..40)
        .map(|n| invoice(&format!("i{n:02}"), "10.00"))
        .collect();
    store.apply_page(&page(many, "v1")).await.unwrap();
    assert_eq!(listed(&store).await.len(), 40);

    let mut unreadable = invoice("i03", "10.00");
    unreadable.data = Some(serde_json::json!({"id": "i03", "total": 12}));
    let gone = SyncItem {
        deleted: true,
        data: None,
        ..invoice("i01", "10.00")
    };
    let changes = vec![
        invoice("i00", "99.50"),
        gone,
        unreadable,
        invoice("new", "5.25"),
    ];
    store.apply_page(&page(changes, "v2")).await.unwrap();
    store.close();

    let store = Store::open_named(name).await.unwrap();
    let rows = listed(&store).await;
    assert_eq!(rows.len(), 39, "one removed, one unreadable, one new");
    assert_eq!(rows[0], ("i00".to_string(), "99.50".to_string()));
    assert!(!rows.iter().any(|(id, _)| id == "i01" || id == "i03"));
    assert!(rows.contains(&("new".to_string(), "5.25".to_string())));
    let row = store.listed_invoices().await.unwrap();
    let row = row.iter().find(|row| row.id == "new").unwrap();
    assert_eq!(row.words, "inv-new\npo oak\ndesk");
    store.close();
}

#[wasm_bindgen_test]
async fn a_database_from_before_the_list_gets_its_list_made_and_kept() {
    let name = "settle-test-invoice-list-upgrade";
    rexie::Rexie::delete(name).await.unwrap();
    // The shape the previous version made: the records, meta, outbox and attachments.
    let mut builder = rexie::Rexie::builder(name)
        .version(2)
        .add_object_store(rexie::ObjectStore::new("meta").key_path("key"))
        .add_object_store(rexie::ObjectStore::new("outbox").key_path("key"))
        .add_object_store(rexie::ObjectStore::new("attachments").key_path("id"));
    for kind in Kind::ALL {
        builder = builder.add_object_store(rexie::ObjectStore::new(kind.as_str()).key_path("id"));
    }
    let old = builder.build().await.unwrap();
    let tx = old
        .transaction(&["invoice"], rexie::TransactionMode::ReadWrite)
        .unwrap();
    for id in ["a", "b"] {
        let item = invoice(id, "20.00");
        let record = serde_json::json!({"id": id, "version": 1, "data": item.data});
        let value = js_sys::JSON::parse(&record.to_string()).unwrap();
        tx.store("invoice")
            .unwrap()
            .put(&value, None)
            .await
            .unwrap();
    }
    tx.done().await.unwrap();
    old.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(
        listed(&store).await,
        totals(&[("a", "20.00"), ("b", "20.00")])
    );
    // Made once, the list then follows the pages.
    store
        .apply_page(&page(vec![invoice("b", "7.00")], "v3"))
        .await
        .unwrap();
    assert_eq!(
        listed(&store).await,
        totals(&[("a", "20.00"), ("b", "7.00")])
    );
    store.close();
}

#[wasm_bindgen_test]
async fn a_part_of_the_list_that_cannot_be_read_is_made_again() {
    let name = "settle-test-invoice-list-broken";
    rexie::Rexie::delete(name).await.unwrap();
    let store = Store::open_named(name).await.unwrap();
    let items: Vec<SyncItem> = ["a", "b", "c"]
        .iter()
        .map(|id| invoice(id, "3.00"))
        .collect();
    store.apply_page(&page(items, "v1")).await.unwrap();
    store.close();
    let db = rexie::Rexie::builder(name)
        .version(settle::store::VERSION)
        .build()
        .await
        .unwrap();
    let tx = db
        .transaction(&["invoice_list"], rexie::TransactionMode::ReadWrite)
        .unwrap();
    let list = tx.store("invoice_list").unwrap();
    for part in list.get_all(None, None).await.unwrap() {
        js_sys::Reflect::set(&part, &"rows".into(), &"not json".into()).unwrap();
        list.put(&part, None).await.unwrap();
    }
    tx.done().await.unwrap();
    db.close();

    let store = Store::open_named(name).await.unwrap();
    let all = totals(&[("a", "3.00"), ("b", "3.00"), ("c", "3.00")]);
    assert_eq!(listed(&store).await, all);
    store
        .apply_page(&page(vec![invoice("d", "1.00")], "v2"))
        .await
        .unwrap();
    assert_eq!(listed(&store).await.len(), 4);
    store.close();
}
