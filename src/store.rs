//! The IndexedDB store (through rexie): one object store per kind of record, `meta` for
//! the sync checkpoint, the signed-in customer and drafts of forms not yet sent, `outbox`
//! for the customer's actions not yet delivered, `attachments` for the files those
//! actions carry, and `invoice_list`: what the invoice list shows of every invoice, kept
//! in a few large records so the list opens fast at 10,000 invoices. Every read the pages
//! make is served from here.
//!
//! Schema changes are declarative: raise [`VERSION`] and list the object stores as they
//! should be. On upgrade, stores that exist keep their data, new ones are created, and
//! stores no longer listed are dropped.

use std::collections::BTreeMap;

use rexie::{ObjectStore, Rexie, Transaction, TransactionMode};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use settle_core::api::{Account, Kind, Session, SyncPage};
use settle_core::draft::KeptDraft;
use settle_core::invoice::Invoice;
use settle_core::invoice_list::{self, ListedInvoice};
use settle_core::last_visit::{InvoiceMark, Seen};
use settle_core::outbox::{self, OutboxEntry, OwnChange};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

/// The database's name.
pub const DATABASE: &str = "settle";
/// The schema version; raise it with every change to the object stores.
/// 1: records and meta. 2: the outbox and attachments. 3: the invoice list.
pub const VERSION: u32 = 3;
const META: &str = "meta";
const OUTBOX: &str = "outbox";
const ATTACHMENTS: &str = "attachments";
const INVOICE_LIST: &str = "invoice_list";
/// Where in `meta` the device's own accepted changes of versioned records are kept.
const OWN_CHANGES: &str = "own_changes";
/// The shape of the rows in `invoice_list`, kept in `meta`; raise it when
/// [`ListedInvoice`] changes, and the list is made again from the invoices. A database
/// without it (made by an earlier version) gets its list made the same way.
const INVOICE_LIST_FORMAT: u32 = 1;
const INVOICE_LIST_FORMAT_KEY: &str = "invoice_list_format";
/// Where in `meta` what the customer saw at their last visit to the overview is kept.
const LAST_VISIT: &str = "last_visit";

/// What went wrong with the store.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    #[error("{}", crate::i18n::tf("the on-device store is unavailable: {}", &[.0]))]
    Unavailable(String),
    #[error("{}", crate::i18n::tf("a record in the on-device store could not be read: {}", &[.0]))]
    Corrupt(String),
    /// The browser did not keep a write: nearly always because the site's storage on
    /// the device is full (the quota), though IndexedDB does not always say so.
    #[error("{}", crate::i18n::t("This device has no room left to save it, so nothing was saved or sent. Free some space (photos, apps or other sites' data you do not need), then try again."))]
    NotSaved,
}

/// Waits for a transaction to end, and fails unless it committed: IndexedDB aborts a
/// transaction whose writes exceed the quota only at commit, after every request in it
/// has succeeded.
async fn finish(tx: Transaction) -> Result<(), StoreError> {
    if tx.done().await?.is_committed() {
        Ok(())
    } else {
        Err(StoreError::NotSaved)
    }
}

impl From<rexie::Error> for StoreError {
    fn from(error: rexie::Error) -> Self {
        let text = error.to_string();
        if text.contains("QuotaExceededError") {
            StoreError::NotSaved
        } else {
            StoreError::Unavailable(text)
        }
    }
}

/// One stored record: the id, the version the backend gave it, and its data.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record<T> {
    id: String,
    version: i64,
    data: T,
}

/// A key/value entry of the `meta` store.
#[derive(Debug, Serialize, Deserialize)]
struct Meta<T> {
    key: String,
    value: T,
}

// Values cross into IndexedDB as plain objects, through JSON text: the app then needs
// only serde_json's code for every type, which keeps the WebAssembly small.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| StoreError::Corrupt("not JSON".into()))
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, StoreError> {
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| StoreError::Corrupt("not a plain object".into()))?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Decodes stored values with one crossing into JSON for the lot, not one per value:
/// at 10,000 invoices that is most of the time a read takes.
fn from_js_list<T: DeserializeOwned>(values: Vec<JsValue>) -> Result<Vec<T>, StoreError> {
    let array: js_sys::Array = values.into_iter().collect();
    from_js(array.into())
}

/// Reads the meta value under `key` within a transaction that covers the meta store.
async fn meta_in<T: DeserializeOwned>(
    meta: &rexie::Store,
    key: &str,
) -> Result<Option<T>, StoreError> {
    match meta.get(JsValue::from_str(key)).await? {
        Some(value) if !value.is_undefined() => Ok(Some(from_js::<Meta<T>>(value)?.value)),
        _ => Ok(None),
    }
}

/// Puts `value` under `key` within a transaction that covers the meta store.
async fn put_meta_in<T: Serialize>(
    meta: &rexie::Store,
    key: &str,
    value: &T,
) -> Result<(), StoreError> {
    let entry = to_js(&Meta {
        key: key.to_string(),
        value,
    })?;
    meta.put(&entry, None).await?;
    Ok(())
}

thread_local! {
    /// The database this page has opened, so known to exist until it is deleted.
    static SEEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The open database.
pub struct Store {
    db: Rexie,
    name: String,
}

impl Store {
    /// Opens the database, creating or upgrading its object stores.
    pub async fn open() -> Result<Store, StoreError> {
        Self::open_named(&crate::shared_device::scope()).await
    }

    /// Opens the database only if it exists, so that reading after a sign-out does not
    /// leave an empty database behind. Where the browser cannot list databases, opens it.
    pub async fn open_existing() -> Result<Option<Store>, StoreError> {
        let name = crate::shared_device::scope();
        // Listing the databases costs more than most reads: ask only until one is seen.
        let seen = SEEN.with_borrow(|seen| seen.as_deref() == Some(name.as_str()));
        if !seen && database_exists(&name).await == Some(false) {
            return Ok(None);
        }
        Self::open().await.map(Some)
    }

    /// Forgets that the database was seen: another tab signed out and deletes it.
    pub fn forget_seen() {
        SEEN.set(None);
    }

    /// Opens a database of the given name (tests use their own).
    pub async fn open_named(name: &str) -> Result<Store, StoreError> {
        let mut builder = Rexie::builder(name)
            .version(VERSION)
            .add_object_store(ObjectStore::new(META).key_path("key"))
            .add_object_store(ObjectStore::new(OUTBOX).key_path("key"))
            .add_object_store(ObjectStore::new(ATTACHMENTS).key_path("id"))
            .add_object_store(ObjectStore::new(INVOICE_LIST).key_path("part"));
        for kind in Kind::ALL {
            builder = builder.add_object_store(ObjectStore::new(kind.as_str()).key_path("id"));
        }
        let db = builder.build().await?;
        SEEN.set(Some(name.to_string()));
        Ok(Store {
            db,
            name: name.to_string(),
        })
    }

    /// Closes the connection.
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes the whole database: every record, the outbox and the attachments.
    /// Other tabs' connections close themselves when asked, so this completes.
    pub async fn delete(self) -> Result<(), StoreError> {
        self.db.close();
        Self::forget_seen();
        Rexie::delete(&self.name).await?;
        Ok(())
    }

    /// Applies one sync page and its checkpoint in a single transaction, so a page is
    /// either wholly stored or not at all; the invoice list changes with it.
    pub async fn apply_page(&self, page: &SyncPage) -> Result<(), StoreError> {
        let mut names: Vec<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
        names.extend([META, INVOICE_LIST]);
        // Encode everything before the transaction starts: inside it we await only
        // IndexedDB requests.
        let mut writes = Vec::with_capacity(page.items.len());
        for item in &page.items {
            let value = match (&item.data, item.deleted) {
                (Some(data), false) => Some(to_js(&Record {
                    id: item.id.clone(),
                    version: item.version,
                    data,
                })?),
                _ => None,
            };
            writes.push((item.kind.as_str(), JsValue::from_str(&item.id), value));
        }
        let checkpoint = to_js(&Meta {
            key: "checkpoint".into(),
            value: page.checkpoint.clone(),
        })?;
        let listed = listed_changes(page);
        let tx = self.db.transaction(&names, TransactionMode::ReadWrite)?;
        for (kind, key, value) in writes {
            let store = tx.store(kind)?;
            match value {
                Some(value) => store.put(&value, None).await.map(|_| ())?,
                None => store.delete(key).await?,
            }
        }
        tx.store(META)?.put(&checkpoint, None).await?;
        if !listed.is_empty() {
            update_invoice_list(&tx, &listed).await?;
        }
        finish(tx).await?;
        Ok(())
    }

    /// What the invoice list shows of every invoice. Read from the few records of the
    /// stored list; made from the invoices (and kept) when the list is not there yet.
    pub async fn listed_invoices(&self) -> Result<Vec<ListedInvoice>, StoreError> {
        let tx = self
            .db
            .transaction(&[META, INVOICE_LIST], TransactionMode::ReadOnly)?;
        let format = tx
            .store(META)?
            .get(JsValue::from_str(INVOICE_LIST_FORMAT_KEY))
            .await?;
        let parts = tx.store(INVOICE_LIST)?.get_all(None, None).await?;
        finish(tx).await?;
        if is_current_format(format) {
            // A part that cannot be read is made again below, with the rest.
            if let Ok(parts) = parts.iter().map(part_rows).collect::<Result<Vec<_>, _>>() {
                return Ok(parts.into_iter().flatten().collect());
            }
        }
        let tx = self.db.transaction(
            &[Kind::Invoice.as_str(), META, INVOICE_LIST],
            TransactionMode::ReadWrite,
        )?;
        let rows = make_invoice_list(&tx).await?;
        finish(tx).await?;
        Ok(rows)
    }

    async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let value = meta_in(&tx.store(META)?, key).await?;
        finish(tx).await?;
        Ok(value)
    }

    async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        put_meta_in(&tx.store(META)?, key, value).await?;
        finish(tx).await?;
        Ok(())
    }

    /// The checkpoint to pull from next, if any sync has completed.
    pub async fn checkpoint(&self) -> Result<Option<String>, StoreError> {
        self.meta("checkpoint").await
    }

    /// The signed-in customer, as last confirmed by the backend.
    pub async fn session(&self) -> Result<Option<Session>, StoreError> {
        self.meta("session").await
    }

    /// Remembers who signed in (never the session token: that stays in the cookie).
    pub async fn set_session(&self, session: &Session) -> Result<(), StoreError> {
        self.set_meta("session", session).await
    }

    /// When the last pull finished, as an RFC 3339 timestamp.
    pub async fn last_synced(&self) -> Result<Option<String>, StoreError> {
        self.meta("last_synced").await
    }

    /// Records when a pull finished.
    pub async fn set_last_synced(&self, at: &str) -> Result<(), StoreError> {
        self.set_meta("last_synced", &at).await
    }

    /// The account a customer with several chose to see, if they chose one.
    pub async fn chosen_account(&self) -> Result<Option<String>, StoreError> {
        self.meta("chosen_account").await
    }

    /// Remembers the account chosen (`None`: all of them).
    pub async fn set_chosen_account(&self, id: Option<&str>) -> Result<(), StoreError> {
        self.set_meta("chosen_account", &id).await
    }

    /// What the customer had seen at their last visit to the overview.
    pub async fn last_visit(&self) -> Result<Option<Seen>, StoreError> {
        self.meta(LAST_VISIT).await
    }

    /// Keeps what the customer has seen on the overview now.
    pub async fn set_last_visit(&self, seen: &Seen) -> Result<(), StoreError> {
        self.set_meta(LAST_VISIT, seen).await
    }

    /// The id and number of every invoice, from the stored invoice list; `None` while the
    /// list is not there in its current shape (the sync makes it).
    pub async fn invoice_marks(&self) -> Result<Option<Vec<InvoiceMark>>, StoreError> {
        let tx = self
            .db
            .transaction(&[META, INVOICE_LIST], TransactionMode::ReadOnly)?;
        let format = tx
            .store(META)?
            .get(JsValue::from_str(INVOICE_LIST_FORMAT_KEY))
            .await?;
        let parts = tx.store(INVOICE_LIST)?.get_all(None, None).await?;
        finish(tx).await?;
        if !is_current_format(format) {
            return Ok(None);
        }
        let mut marks = Vec::new();
        for part in &parts {
            marks.extend(part_rows::<InvoiceMark>(part)?);
        }
        Ok(Some(marks))
    }

    /// What the customer last typed into the form `name`, if it was not sent.
    pub async fn draft(&self, name: &str) -> Result<Option<KeptDraft>, StoreError> {
        self.meta(&format!("draft:{name}")).await
    }

    /// Keeps what the customer has typed into the form `name`.
    pub async fn set_draft(&self, name: &str, draft: &KeptDraft) -> Result<(), StoreError> {
        self.set_meta(&format!("draft:{name}"), draft).await
    }

    /// Forgets the draft of `name`, once the form is sent.
    pub async fn clear_draft(&self, name: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        tx.store(META)?
            .delete(JsValue::from_str(&format!("draft:{name}")))
            .await?;
        finish(tx).await?;
        Ok(())
    }

    /// Every record of one kind, decoded.
    pub async fn all<T: DeserializeOwned>(&self, kind: Kind) -> Result<Vec<T>, StoreError> {
        let tx = self
            .db
            .transaction(&[kind.as_str()], TransactionMode::ReadOnly)?;
        let values = tx.store(kind.as_str())?.get_all(None, None).await?;
        finish(tx).await?;
        let records: Vec<Record<T>> = from_js_list(values)?;
        Ok(records.into_iter().map(|record| record.data).collect())
    }

    /// One record and the version the backend gave it (for `If-Match`).
    pub async fn versioned<T: DeserializeOwned>(
        &self,
        kind: Kind,
        id: &str,
    ) -> Result<Option<(T, i64)>, StoreError> {
        let tx = self
            .db
            .transaction(&[kind.as_str()], TransactionMode::ReadOnly)?;
        let value = tx.store(kind.as_str())?.get(JsValue::from_str(id)).await?;
        finish(tx).await?;
        let Some(value) = value.filter(|value| !value.is_undefined()) else {
            return Ok(None);
        };
        let record: Record<T> = from_js(value)?;
        Ok(Some((record.data, record.version)))
    }

    /// The customer's accounts, by account number.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let mut accounts: Vec<Account> = self.all(Kind::Account).await?;
        accounts.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(accounts)
    }

    /// Queues a customer action with the files it carries, in one transaction, and gives
    /// it the next place in line; entries it supersedes leave the outbox in the same
    /// transaction. Nothing is sent before this has succeeded.
    pub async fn enqueue(
        &self,
        mut entry: OutboxEntry,
        files: &[(String, Blob)],
    ) -> Result<OutboxEntry, StoreError> {
        let mut blobs = Vec::with_capacity(files.len());
        for (id, blob) in files {
            let object = js_sys::Object::new();
            set(&object, "id", &JsValue::from_str(id))?;
            set(&object, "blob", blob)?;
            blobs.push(object);
        }
        let tx = self
            .db
            .transaction(&[META, OUTBOX, ATTACHMENTS], TransactionMode::ReadWrite)?;
        let meta = tx.store(META)?;
        let last: u64 = meta_in(&meta, "outbox_seq").await?.unwrap_or(0);
        entry.seq = last + 1;
        put_meta_in(&meta, "outbox_seq", &entry.seq).await?;
        let outbox = tx.store(OUTBOX)?;
        for older in from_js_list::<OutboxEntry>(outbox.get_all(None, None).await?)? {
            if entry.supersedes(&older) {
                outbox.delete(JsValue::from_str(&older.key)).await?;
            }
        }
        outbox.put(&to_js(&entry)?, None).await?;
        let attachments = tx.store(ATTACHMENTS)?;
        for blob in blobs {
            attachments.put(&blob, None).await?;
        }
        finish(tx).await?;
        Ok(entry)
    }

    /// Every queued action, in the order the customer took them.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let values = tx.store(OUTBOX)?.get_all(None, None).await?;
        finish(tx).await?;
        let mut entries: Vec<OutboxEntry> = from_js_list(values)?;
        entries.sort_by_key(|entry| entry.seq);
        Ok(entries)
    }

    /// How many actions wait in the outbox: counted by IndexedDB, without reading them.
    pub async fn outbox_len(&self) -> Result<usize, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let count = tx.store(OUTBOX)?.count(None).await?;
        finish(tx).await?;
        Ok(count as usize)
    }

    /// Saves an entry after a failed attempt (its status and next attempt).
    /// An entry that is no longer in the outbox stays out: one the customer replaced or
    /// discarded while it was on its way is not brought back by that attempt's failure.
    pub async fn update_entry(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        let value = to_js(entry)?;
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
        let outbox = tx.store(OUTBOX)?;
        let present = outbox.get(JsValue::from_str(&entry.key)).await?;
        if present.is_some_and(|value| !value.is_undefined()) {
            outbox.put(&value, None).await?;
        }
        finish(tx).await?;
        Ok(())
    }

    /// Removes a delivered entry, with the file it uploaded; and remembers the version its
    /// delivery replaced, if it changed a versioned record ([`OwnChange`]).
    pub async fn remove_entry(
        &self,
        entry: &OutboxEntry,
        change: Option<OwnChange>,
    ) -> Result<(), StoreError> {
        let file = match &entry.intent {
            settle_core::intents::Intent::UploadAttachment(meta) => Some(meta.id.clone()),
            _ => None,
        };
        let tx = self
            .db
            .transaction(&[OUTBOX, ATTACHMENTS, META], TransactionMode::ReadWrite)?;
        tx.store(OUTBOX)?
            .delete(JsValue::from_str(&entry.key))
            .await?;
        if let Some(id) = file {
            tx.store(ATTACHMENTS)?
                .delete(JsValue::from_str(&id))
                .await?;
        }
        if let Some(change) = change {
            let meta = tx.store(META)?;
            let mut own: Vec<OwnChange> = meta_in(&meta, OWN_CHANGES).await?.unwrap_or_default();
            outbox::remember(&mut own, change);
            put_meta_in(&meta, OWN_CHANGES, &own).await?;
        }
        finish(tx).await?;
        Ok(())
    }

    /// The versions this device's own delivered changes replaced, oldest first.
    pub async fn own_changes(&self) -> Result<Vec<OwnChange>, StoreError> {
        Ok(self.meta(OWN_CHANGES).await?.unwrap_or_default())
    }

    /// Takes an action the customer discarded out of the outbox, with the uploads only
    /// it needed and their files ([`outbox::discarding`]), in one transaction.
    pub async fn discard(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[OUTBOX, ATTACHMENTS], TransactionMode::ReadWrite)?;
        let outbox = tx.store(OUTBOX)?;
        let entries = from_js_list::<OutboxEntry>(outbox.get_all(None, None).await?)?;
        let attachments = tx.store(ATTACHMENTS)?;
        let leaving = outbox::discarding(entry, &entries);
        for gone in entries.iter().filter(|e| leaving.contains(&e.key)) {
            outbox.delete(JsValue::from_str(&gone.key)).await?;
            if let settle_core::intents::Intent::UploadAttachment(meta) = &gone.intent {
                attachments.delete(JsValue::from_str(&meta.id)).await?;
            }
        }
        finish(tx).await?;
        Ok(())
    }

    /// The bytes of an attachment still waiting to be uploaded.
    pub async fn attachment(&self, id: &str) -> Result<Option<Blob>, StoreError> {
        let tx = self
            .db
            .transaction(&[ATTACHMENTS], TransactionMode::ReadOnly)?;
        let value = tx.store(ATTACHMENTS)?.get(JsValue::from_str(id)).await?;
        finish(tx).await?;
        let Some(value) = value.filter(|value| !value.is_undefined()) else {
            return Ok(None);
        };
        let blob = js_sys::Reflect::get(&value, &JsValue::from_str("blob"))
            .map_err(|_| StoreError::Corrupt(format!("attachment {id} has no file")))?;
        blob.dyn_into::<Blob>()
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("attachment {id} is not a file")))
    }
}

/// The invoice list's changes in a sync page, by the part of the list each falls in:
/// every invoice changed, with its new row, or `None` when it went (or cannot be read,
/// so it is not listed; its page shows why).
fn listed_changes(page: &SyncPage) -> BTreeMap<u32, Vec<(String, Option<ListedInvoice>)>> {
    let mut parts: BTreeMap<u32, Vec<_>> = BTreeMap::new();
    for item in page.items.iter().filter(|item| item.kind == Kind::Invoice) {
        let row = match (&item.data, item.deleted) {
            (Some(data), false) => Invoice::deserialize(data)
                .ok()
                .map(|i| ListedInvoice::of(&i)),
            _ => None,
        };
        parts
            .entry(invoice_list::part_of(&item.id))
            .or_default()
            .push((item.id.clone(), row));
    }
    parts
}

/// Brings the stored invoice list up to date with `changes`, inside the transaction that
/// stores them, part by part; a list not yet made is made from every invoice instead.
async fn update_invoice_list(
    tx: &Transaction,
    changes: &BTreeMap<u32, Vec<(String, Option<ListedInvoice>)>>,
) -> Result<(), StoreError> {
    let format = tx
        .store(META)?
        .get(JsValue::from_str(INVOICE_LIST_FORMAT_KEY))
        .await?;
    if !is_current_format(format) {
        return make_invoice_list(tx).await.map(|_| ());
    }
    let list = tx.store(INVOICE_LIST)?;
    for (part, changed) in changes {
        let mut rows = match list.get(JsValue::from(*part)).await? {
            Some(value) if !value.is_undefined() => match part_rows(&value) {
                Ok(rows) => rows,
                Err(_) => return make_invoice_list(tx).await.map(|_| ()),
            },
            _ => Vec::new(),
        };
        invoice_list::update_part(&mut rows, changed);
        list.put(&part_value(*part, &rows)?, None).await?;
    }
    Ok(())
}

/// Makes the stored invoice list afresh from every stored invoice, inside `tx` (which
/// must cover the invoices, `meta` and `invoice_list`), and returns its rows.
async fn make_invoice_list(tx: &Transaction) -> Result<Vec<ListedInvoice>, StoreError> {
    let values = tx
        .store(Kind::Invoice.as_str())?
        .get_all(None, None)
        .await?;
    // Each record on its own: one that cannot be read leaves the list, not the lot.
    let records: Vec<Record<serde_json::Value>> = from_js_list(values)?;
    let rows: Vec<ListedInvoice> = records
        .iter()
        .filter_map(|record| Invoice::deserialize(&record.data).ok())
        .map(|invoice| ListedInvoice::of(&invoice))
        .collect();
    let mut parts: BTreeMap<u32, Vec<ListedInvoice>> = BTreeMap::new();
    for row in &rows {
        parts
            .entry(invoice_list::part_of(&row.id))
            .or_default()
            .push(row.clone());
    }
    let format = to_js(&Meta {
        key: INVOICE_LIST_FORMAT_KEY.into(),
        value: INVOICE_LIST_FORMAT,
    })?;
    let list = tx.store(INVOICE_LIST)?;
    list.clear().await?;
    for (part, part_rows) in &parts {
        list.put(&part_value(*part, part_rows)?, None).await?;
    }
    tx.store(META)?.put(&format, None).await?;
    Ok(rows)
}

fn is_current_format(value: Option<JsValue>) -> bool {
    value
        .filter(|value| !value.is_undefined())
        .and_then(|value| from_js::<Meta<u32>>(value).ok())
        .is_some_and(|format| format.value == INVOICE_LIST_FORMAT)
}

// A part of the invoice list is one record, `{part, rows}`, with its rows as JSON text:
// a single string reads from IndexedDB and crosses into WebAssembly far faster than
// hundreds of objects.
fn part_value(part: u32, rows: &[ListedInvoice]) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let object = js_sys::Object::new();
    set(&object, "part", &JsValue::from(part))?;
    set(&object, "rows", &JsValue::from_str(&text))?;
    Ok(object.into())
}

fn part_rows<T: DeserializeOwned>(value: &JsValue) -> Result<Vec<T>, StoreError> {
    let text = js_sys::Reflect::get(value, &JsValue::from_str("rows"))
        .ok()
        .and_then(|rows| rows.as_string())
        .ok_or_else(|| StoreError::Corrupt("a part of the invoice list has no rows".into()))?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Whether a database of this name exists, when the browser can tell (indexedDB.databases).
async fn database_exists(name: &str) -> Option<bool> {
    let window = web_sys::window()?;
    let factory = crate::js::get(&window, "indexedDB")?;
    let listed = crate::js::call(&factory, "databases", &[])?;
    let databases = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(listed))
        .await
        .ok()?;
    Some(js_sys::Array::from(&databases).iter().any(|db| {
        crate::js::get(&db, "name")
            .and_then(|n| n.as_string())
            .as_deref()
            == Some(name)
    }))
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), StoreError> {
    js_sys::Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| StoreError::Corrupt(format!("cannot set {key}")))
}
