//! Queues a customer action: written to the store's outbox, with a fresh idempotency key,
//! before any request is made; the sync engine delivers it.

use chrono::Utc;
use settle_core::intents::Intent;
use settle_core::outbox::OutboxEntry;
use web_sys::Blob;

use crate::data::Chosen;
use crate::store::{Store, StoreError};
use crate::sync::{self, SyncStatus};

/// Queues `intent` (with the files it uploads, by attachment id) and asks for a sync.
/// `if_match` is the version the customer edited, for changes to versioned records.
pub async fn queue(
    status: SyncStatus,
    intent: Intent,
    if_match: Option<String>,
    files: &[(String, Blob)],
) -> Result<OutboxEntry, StoreError> {
    let mut entry = OutboxEntry::new(new_key(), 0, intent, Utc::now());
    entry.if_match = if_match;
    queue_entry(status, entry, files).await
}

async fn queue_entry(
    status: SyncStatus,
    entry: OutboxEntry,
    files: &[(String, Blob)],
) -> Result<OutboxEntry, StoreError> {
    let store = Store::open().await?;
    let entry = store.enqueue(entry, files).await;
    store.close();
    let entry = entry?;
    status.store_changed();
    sync::request(status);
    Ok(entry)
}

/// Queues the upload of each chosen file, then the action that refers to them: the
/// outbox sends an action only after the uploads it needs. An action that corrects one
/// the backend refused names it in `replaces`, and takes its place.
pub async fn queue_with_files(
    status: SyncStatus,
    intent: Intent,
    files: Vec<Chosen>,
    replaces: Option<String>,
) -> Result<OutboxEntry, StoreError> {
    for chosen in files {
        let id = chosen.meta.id.clone();
        let blob: Blob = chosen.file.into();
        queue(
            status,
            Intent::UploadAttachment(chosen.meta),
            None,
            &[(id, blob)],
        )
        .await?;
    }
    let mut entry = OutboxEntry::new(new_key(), 0, intent, Utc::now());
    entry.replaces = replaces;
    queue_entry(status, entry, &[]).await
}

/// Takes an action the customer chose not to send out of the outbox, with the uploads
/// only it needed.
pub async fn discard(status: SyncStatus, entry: &OutboxEntry) -> Result<(), StoreError> {
    let store = Store::open().await?;
    let discarded = store.discard(entry).await;
    store.close();
    discarded?;
    status.store_changed();
    Ok(())
}

/// The refused action named by `key`, for the form that corrects it; `None` when there
/// is none (sent since, discarded, or never refused).
pub async fn refused(key: &str) -> Option<OutboxEntry> {
    let store = Store::open_existing().await.ok().flatten()?;
    let entries = store.outbox().await;
    store.close();
    entries
        .ok()?
        .into_iter()
        .find(|entry| entry.key == key && entry.is_rejected())
}

/// A new random idempotency key: a UUID v4 from the browser's CSPRNG (getRandomValues,
/// which unlike randomUUID also works outside secure contexts).
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No CSPRNG at all: still unique enough for a key, never all zeros.
        bytes
            .iter_mut()
            .for_each(|b| *b = (js_sys::Math::random() * 256.0) as u8);
    }
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
