//! The sync engine: pushes the outbox, then pulls every change into the store, page by
//! page. It runs on start, when the connection returns, when the tab gets focus, after
//! each new action and periodically; one tab at a time syncs (Web Locks), and every tab
//! hears when the store changed (BroadcastChannel).

use std::cell::Cell;
use std::time::Duration;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use settle_core::intents::Intent;
use settle_core::outbox::{self, Attempt, Verdict};

use crate::api::ApiError;
use crate::backend::Backend;
use crate::broadcast::{self, News};
use crate::store::{Store, StoreError};
use crate::web_lock;

/// How often to sync while the app is open, besides the other triggers.
const PERIOD: Duration = Duration::from_secs(60);
/// The Web Lock every tab asks for before it syncs.
/// Named after the database it syncs (see [`crate::shared_device::scope`]).
const LOCK: &str = "sync";

/// What the header and the pages know about syncing. Provided as context by the app.
#[derive(Debug, Clone, Copy)]
pub struct SyncStatus {
    /// Whether the browser thinks it has a connection.
    pub online: RwSignal<bool>,
    /// True while this tab syncs.
    pub syncing: RwSignal<bool>,
    /// When the last pull finished (RFC 3339), from the store.
    pub last_synced: RwSignal<Option<String>>,
    /// Goes up whenever the store changed, in this tab or another: pages read again.
    pub revision: RwSignal<u64>,
    /// Why the last sync failed, in plain words, if it did.
    pub problem: RwSignal<Option<String>>,
    /// True when the backend no longer knows the session: the customer signs in again.
    pub session_ended: RwSignal<bool>,
}

impl SyncStatus {
    /// A fresh status, before any sync.
    pub fn new() -> SyncStatus {
        let online = web_sys::window()
            .map(|window| window.navigator().on_line())
            .unwrap_or(true);
        SyncStatus {
            online: RwSignal::new(online),
            syncing: RwSignal::new(false),
            last_synced: RwSignal::new(None),
            revision: RwSignal::new(0),
            problem: RwSignal::new(None),
            session_ended: RwSignal::new(false),
        }
    }

    /// Marks the store as changed here and tells the other tabs.
    pub fn store_changed(&self) {
        self.revision.update(|n| *n += 1);
        broadcast::tell_other_tabs(News::StoreChanged);
    }
}

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus::new()
    }
}

/// How long after the start the first sync begins. Fetching and compiling the sync's code
/// keeps the processor busy for a while, and the cached screen comes first.
const FIRST_SYNC_AFTER: Duration = Duration::from_millis(500);

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Starts the engine: a sync shortly after the start, and again when the connection
/// returns, when the tab gets focus, when another tab changed the store, and every minute.
pub fn start(status: SyncStatus) {
    broadcast::listen(move |news| match news {
        News::StoreChanged => status.revision.update(|n| *n += 1),
        News::SignedOut => {
            crate::store::Store::forget_seen();
            status.session_ended.set(true);
        }
    });
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        status.online.set(true);
        request(status);
    });
    let on_offline = window_event_listener(leptos::ev::offline, move |_| {
        status.online.set(false);
    });
    let on_focus = window_event_listener(leptos::ev::focus, move |_| request(status));
    // The listeners live as long as the page.
    std::mem::forget((on_online, on_offline, on_focus));
    let _ = set_interval_with_handle(move || request(status), PERIOD);
    set_timeout(move || request(status), FIRST_SYNC_AFTER);
}

/// Asks for a sync soon: at once, or right after the one under way.
pub fn request(status: SyncStatus) {
    if RUNNING.get() {
        AGAIN.set(true);
        return;
    }
    RUNNING.set(true);
    spawn_local(async move {
        loop {
            AGAIN.set(false);
            status.syncing.set(true);
            let lock = format!("{}-{LOCK}", crate::shared_device::scope());
            web_lock::run_exclusive(&lock, sync_once(status)).await;
            status.syncing.set(false);
            if !AGAIN.get() {
                break;
            }
        }
        RUNNING.set(false);
    });
}

/// One full sync: push what is ready, then pull; report through `status`. Its code (the
/// requests, the records' decoding, the outbox's rules) is split from the first load and
/// fetched on the first sync, which starts once the first screen is up.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn sync_once(status: SyncStatus) {
    let store = match Store::open_existing().await {
        Ok(Some(store)) => store,
        // Signed out: nothing to sync.
        Ok(None) => return,
        Err(error) => return status.problem.set(Some(error.to_string())),
    };
    status
        .last_synced
        .set(store.last_synced().await.ok().flatten());
    if !matches!(store.session().await, Ok(Some(_))) {
        return store.close();
    }
    // A broken profile: keep the cached data as it is, and send nothing.
    let Some(backend) = crate::backend_choice::backend() else {
        return store.close();
    };
    let result = async {
        let pushed = push(&store, &backend).await?;
        // Any outcome changes what the pages show: gone, refused, or why it waits.
        if pushed.delivered + pushed.rejected + pushed.retried > 0 {
            status.store_changed();
        }
        if pushed.unreachable {
            return Err(SyncError::Api(ApiError::Offline));
        }
        let pulled = pull(&store, &backend).await?;
        Ok::<_, SyncError>(pulled)
    }
    .await;
    match result {
        Ok(pulled) => {
            status.problem.set(None);
            status.online.set(true);
            status
                .last_synced
                .set(store.last_synced().await.ok().flatten());
            if pulled > 0 {
                status.store_changed();
            }
        }
        Err(SyncError::Api(ApiError::Unauthenticated)) => status.session_ended.set(true),
        Err(SyncError::Api(ApiError::Offline)) => status.online.set(false),
        Err(error) => status.problem.set(Some(error.to_string())),
    }
    // Wake up when the next retry falls due.
    if let Ok(entries) = store.outbox().await {
        let now = Utc::now();
        if let Some(due) = outbox::next_due(&entries, now) {
            let wait = (due - now).to_std().unwrap_or_default();
            set_timeout(move || request(status), wait);
        }
    }
    store.close();
}

/// Why a sync stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one push achieved.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Pushed {
    /// Entries the backend confirmed (removed from the outbox).
    pub delivered: usize,
    /// Entries refused for good this time (kept, for the customer to see).
    pub rejected: usize,
    /// Entries that failed this time and wait for their next attempt.
    pub retried: usize,
    /// True when an attempt got no answer: the backend is out of reach.
    pub unreachable: bool,
}

/// Sends every entry that is ready, until none is: a delivery can make the next entry of
/// the same thing ready. Stops at the first attempt without an answer, since the others
/// would fail the same way.
pub async fn push(store: &Store, backend: &impl Backend) -> Result<Pushed, SyncError> {
    let mut pushed = Pushed::default();
    loop {
        let entries = store.outbox().await?;
        let ready: Vec<_> = outbox::ready(&entries, Utc::now())
            .into_iter()
            .cloned()
            .collect();
        if ready.is_empty() {
            return Ok(pushed);
        }
        let own = store.own_changes().await?;
        for mut entry in ready {
            let file = match &entry.intent {
                Intent::UploadAttachment(meta) => store.attachment(&meta.id).await?,
                _ => None,
            };
            // Made on a version this device's own earlier change replaced: it goes on the
            // version that change left, or the backend would take it for a conflict.
            if let Some(version) = &entry.if_match {
                entry.if_match = Some(outbox::current_version(version, &own));
            }
            let attempt = backend.send(&entry, file.as_ref()).await;
            let verdict = outbox::judge(&attempt, entry.attempts, Utc::now(), jitter());
            match verdict {
                Verdict::Delivered => {
                    let change = outbox::own_change(entry.if_match.as_deref(), &attempt);
                    store.remove_entry(&entry, change).await?;
                    pushed.delivered += 1;
                }
                verdict => {
                    if matches!(verdict, Verdict::Rejected(_)) {
                        pushed.rejected += 1;
                    } else {
                        pushed.retried += 1;
                    }
                    let mut entry = entry;
                    entry.record_failure(verdict);
                    store.update_entry(&entry).await?;
                }
            }
            if attempt == Attempt::NoAnswer {
                pushed.unreachable = true;
                return Ok(pushed);
            }
        }
    }
}

/// Pulls from the stored checkpoint until the backend says there is no more. Each page
/// is stored with its checkpoint in one transaction, so an interrupted pull resumes.
pub async fn pull(store: &Store, backend: &impl Backend) -> Result<usize, SyncError> {
    let mut applied = 0;
    loop {
        let checkpoint = store.checkpoint().await?;
        let page = backend.pull(checkpoint.as_deref()).await?;
        store.apply_page(&page).await?;
        applied += page.items.len();
        if !page.more {
            break;
        }
    }
    let now = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    work_out_figures(store, &now).await?;
    store.set_last_synced(&now).await?;
    Ok(applied)
}

/// For a profile whose backend does not keep some account figures (`"compute": true`):
/// works them out from the synced invoices and disputes, as of the sync's day, and stores
/// each account with them. An account whose records do not add up keeps what it has.
async fn work_out_figures(store: &Store, now: &str) -> Result<(), SyncError> {
    use settle_core::api::{Account, Kind, SyncItem, SyncPage};
    let crate::backend_choice::Active::Profile(profile) = crate::backend_choice::active() else {
        return Ok(());
    };
    if profile.computed().is_empty() {
        return Ok(());
    }
    let as_of = chrono::DateTime::parse_from_rfc3339(now)
        .map(|at| at.date_naive())
        .unwrap_or_else(|_| Utc::now().date_naive());
    let invoices = store.all(Kind::Invoice).await?;
    let disputes = store.all(Kind::Dispute).await?;
    let mut items = Vec::new();
    for account in store.accounts().await? {
        let Some((mut account, version)) = store
            .versioned::<Account>(Kind::Account, &account.id)
            .await?
        else {
            continue;
        };
        match settle_core::figures::account_figures(&account, &invoices, &disputes, as_of) {
            Ok(figures) => profile.apply_computed(&figures, as_of, &mut account),
            Err(error) => {
                web_sys::console::warn_1(&format!("{}: {error}", profile.name).into());
                continue;
            }
        }
        let data = serde_json::to_value(&account).ok();
        items.push(SyncItem {
            kind: Kind::Account,
            id: account.id.clone(),
            version,
            deleted: false,
            data,
        });
    }
    let checkpoint = store.checkpoint().await?.unwrap_or_default();
    store
        .apply_page(&SyncPage {
            items,
            checkpoint,
            more: false,
        })
        .await?;
    Ok(())
}

/// A random number from 0 to 1000 that spreads out retries.
fn jitter() -> u16 {
    // Not a secret: Math.random is enough.
    (js_sys::Math::random() * 1000.0) as u16
}
