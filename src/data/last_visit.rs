//! What changed since the customer's last visit to the overview, from what the store
//! holds now and the marker of what they had seen then (kept in the store's meta). The
//! core says what changed; this reads, compares and keeps the new marker.

use leptos::prelude::*;
use leptos::task::spawn_local;
use settle_core::api::Kind;
use settle_core::last_visit::{Change, Known, Seen};

use super::SyncStatus;
use crate::store::Store;

/// The changes the overview lists, read again on every store change against what the
/// customer had seen when this visit began. Each read keeps what is known then as the new
/// marker: the customer is looking at it.
///
/// Signals filled by tasks, not a resource: the overview is in the first load, and a
/// resource would bring all of the resource machinery with it.
#[derive(Clone, Copy)]
pub struct SinceLastVisit {
    changes: RwSignal<Vec<Change>, LocalStorage>,
}

impl SinceLastVisit {
    /// Reads on every change the sync status announces; the first read also takes the
    /// marker of the last visit, kept for the rest of this one.
    pub fn read(status: SyncStatus) -> SinceLastVisit {
        let changes = RwSignal::new_local(Vec::new());
        // `None` until the first read has the marker; then what it held (`None` on a
        // first visit).
        let before = StoredValue::new_local(None::<Option<Seen>>);
        let first_started = StoredValue::new_local(false);
        Effect::new(move |_| {
            status.revision.track();
            let kept = before.get_value();
            // One read takes the marker: a second before it ends would take the marker
            // the first has just replaced. The next change reads again.
            if kept.is_none() && first_started.get_value() {
                return;
            }
            first_started.set_value(true);
            spawn_local(async move {
                let (seen_before, now) = look(kept).await;
                before.set_value(Some(seen_before));
                if let Some(now) = now {
                    changes.set(now);
                }
            });
        });
        SinceLastVisit { changes }
    }

    /// What changed (tracked); empty on a first visit.
    pub fn get(&self) -> Vec<Change> {
        self.changes.get()
    }
}

/// What changed since `before` (the marker, when an earlier read of this visit took it),
/// keeping what is known now as the new marker; with the marker it compared against.
/// The changes are `None` until the store holds a finished sync and its invoice list: a
/// marker of a half-filled store would show the rest as new next time.
///
/// Its code (the records' decoding, the comparison) is split from the first load and
/// fetched once the overview is up, as the sync's is.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn look(before: Option<Option<Seen>>) -> (Option<Seen>, Option<Vec<Change>>) {
    let Ok(Some(store)) = Store::open_existing().await else {
        return (before.flatten(), None);
    };
    let before = match before {
        Some(kept) => kept,
        None => store.last_visit().await.ok().flatten(),
    };
    let known = async {
        store.last_synced().await.ok()??;
        Some(Known {
            invoices: store.invoice_marks().await.ok()??,
            payments: store.all(Kind::Payment).await.ok()?,
            disputes: store.all(Kind::Dispute).await.ok()?,
        })
    }
    .await;
    if let Some(known) = &known {
        // Not kept (the store is full, say): the same changes show again next time.
        let _ = store.set_last_visit(&known.seen()).await;
    }
    store.close();
    let changes = known.map(|known| known.changes_since(before.as_ref()).unwrap_or_default());
    (before, changes)
}
