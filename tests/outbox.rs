//! The outbox and the schema upgrade, against the browser's real IndexedDB.
#![cfg(target_arch = "wasm32")]

use chrono::Utc;
use rexie::{ObjectStore, Rexie, TransactionMode};
use settle::store::Store;
use settle_core::attachment::AttachmentMeta;
use settle_core::dispute::SendDisputeMessage;
use settle_core::intents::Intent;
use settle_core::outbox::{self, OutboxEntry};
use wasm_bindgen_test::*;
use web_sys::Blob;

wasm_bindgen_test_configure!(run_in_browser);

fn message(dispute: &str, text: &str, attachments: &[&str]) -> Intent {
    Intent::SendDisputeMessage(SendDisputeMessage {
        dispute_id: dispute.into(),
        body: text.into(),
        attachment_ids: attachments.iter().map(|id| id.to_string()).collect(),
    })
}

fn entry(intent: Intent) -> OutboxEntry {
    OutboxEntry::new(settle::outbox::new_key(), 0, intent, Utc::now())
}

async fn fresh(name: &str) -> Store {
    Rexie::delete(name).await.unwrap();
    Store::open_named(name).await.unwrap()
}

#[wasm_bindgen_test]
async fn a_queued_action_survives_closing_and_reopening_in_order() {
    let name = "settle-test-outbox";
    let store = fresh(name).await;
    let first = store
        .enqueue(entry(message("d1", "first", &[])), &[])
        .await
        .unwrap();
    let second = store
        .enqueue(entry(message("d1", "second", &[])), &[])
        .await
        .unwrap();
    assert!(
        second.seq > first.seq,
        "each entry gets the next place in line"
    );
    assert_ne!(
        first.key, second.key,
        "each entry has its own idempotency key"
    );
    store.close();

    let store = Store::open_named(name).await.unwrap();
    let entries = store.outbox().await.unwrap();
    assert_eq!(entries, vec![first.clone(), second.clone()]);
    assert_eq!(store.outbox_len().await.unwrap(), 2);
    let ready = outbox::ready(&entries, Utc::now());
    assert_eq!(
        ready,
        vec![&first],
        "the second message waits for the first"
    );

    // The delivery of a change made on "5" that left "6" is remembered with it.
    let change = outbox::OwnChange {
        from: "\"5\"".into(),
        to: "\"6\"".into(),
    };
    store
        .remove_entry(&first, Some(change.clone()))
        .await
        .unwrap();
    assert_eq!(store.outbox().await.unwrap(), vec![second.clone()]);
    assert_eq!(store.outbox_len().await.unwrap(), 1);
    assert_eq!(store.own_changes().await.unwrap(), vec![change]);
    // A failed attempt of an entry no longer in the outbox does not bring it back.
    store.update_entry(&first).await.unwrap();
    assert_eq!(store.outbox().await.unwrap(), vec![second]);
    store.close();
}

#[wasm_bindgen_test]
async fn an_attachment_is_kept_with_its_upload_until_delivered() {
    let name = "settle-test-attachment";
    let store = fresh(name).await;
    let bytes = js_sys::Uint8Array::from(&b"not really a jpeg"[..]);
    let parts = js_sys::Array::of1(&bytes);
    let blob = Blob::new_with_u8_array_sequence(&parts).unwrap();
    let meta = AttachmentMeta {
        id: "att-1".into(),
        file_name: "receipt.jpg".into(),
        media_type: "image/jpeg".into(),
        size_bytes: 17,
        sha256: None,
    };
    let upload = store
        .enqueue(
            entry(Intent::UploadAttachment(meta)),
            &[("att-1".into(), blob)],
        )
        .await
        .unwrap();
    store.close();

    let store = Store::open_named(name).await.unwrap();
    let kept = store
        .attachment("att-1")
        .await
        .unwrap()
        .expect("the file is kept");
    assert_eq!(kept.size(), 17.0);
    store.remove_entry(&upload, None).await.unwrap();
    assert!(store.attachment("att-1").await.unwrap().is_none());
    store.close();
}

#[wasm_bindgen_test]
async fn upgrading_from_the_first_schema_keeps_the_data() {
    let name = "settle-test-upgrade";
    Rexie::delete(name).await.unwrap();
    // The first schema: records and meta only.
    let mut builder = Rexie::builder(name)
        .version(1)
        .add_object_store(ObjectStore::new("meta").key_path("key"));
    for kind in settle_core::api::Kind::ALL {
        builder = builder.add_object_store(ObjectStore::new(kind.as_str()).key_path("id"));
    }
    let old = builder.build().await.unwrap();
    let tx = old
        .transaction(&["meta"], TransactionMode::ReadWrite)
        .unwrap();
    // Written as the first version wrote it: a plain object.
    let checkpoint = js_sys::JSON::parse(r#"{ "key": "checkpoint", "value": "v1.42" }"#).unwrap();
    tx.store("meta")
        .unwrap()
        .put(&checkpoint, None)
        .await
        .unwrap();
    tx.done().await.unwrap();
    old.close();

    let store = Store::open_named(name).await.unwrap();
    assert_eq!(store.checkpoint().await.unwrap().as_deref(), Some("v1.42"));
    let queued = store
        .enqueue(entry(message("d9", "after the upgrade", &[])), &[])
        .await
        .unwrap();
    assert_eq!(store.outbox().await.unwrap(), vec![queued]);
    store.close();
}
