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
