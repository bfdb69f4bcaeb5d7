//! How a page holds what it reads: again on every store change for what it lists, once
//! for what a form starts from. The store's revision (which goes up on every change, in
//! this tab or another) is the only thing tracked, so a page never reads on its own.

use std::future::Future;

use leptos::prelude::*;
use settle_core::intents::Intent;

use super::AppError;
use crate::sync::SyncStatus;

/// What a list page shows: read with `load` from the store, and again whenever the
/// store changes.
pub fn read_live<T, F>(load: impl Fn() -> F + 'static) -> LocalResource<T>
where
    T: 'static,
    F: Future<Output = T> + 'static,
{
    let status = expect_context::<SyncStatus>();
    LocalResource::new(move || {
        status.revision.track();
        load()
    })
}

/// The record a page shows, named by the route's `:id`: read with `load` from the store,
/// and again whenever the store changes.
pub fn by_route_id<T, F>(load: impl Fn(String) -> F + 'static) -> LocalResource<T>
where
    T: 'static,
    F: Future<Output = T> + 'static,
{
    let status = expect_context::<SyncStatus>();
    let params = leptos_router::hooks::use_params_map();
    LocalResource::new(move || {
        status.revision.track();
        load(params.read().get("id").unwrap_or_default())
    })
}

/// What a form starts from. Read from the store again on each change until `ready` says
/// the data is there (just after sign-in it may still be syncing), then kept as it was,
/// so a later sync never rebuilds the form under the customer's hands.
pub fn read_for_form<T, F>(
    load: impl Fn() -> F + 'static,
    ready: impl Fn(&T) -> bool + 'static,
) -> Signal<Option<Result<T, AppError>>>
where
    T: Clone + Send + Sync + 'static,
    F: Future<Output = Result<T, AppError>> + 'static,
{
    let status = expect_context::<SyncStatus>();
    let kept = RwSignal::new(None::<Result<T, AppError>>);
    let live = LocalResource::new(move || {
        if kept.with_untracked(Option::is_none) {
            status.revision.track();
        }
        load()
    });
    Effect::new(move |_| {
        if let Some(result) = live.get() {
            let settled = result.as_ref().map_or(true, &ready);
            if settled && kept.with_untracked(Option::is_none) {
                kept.set(Some(result));
            }
        }
    });
    Signal::derive(move || kept.get().or_else(|| live.get()))
}

/// The refused action the page's form corrects (`?edit=KEY`), as `pick` finds it in its
/// intent, with its outbox key. Resolves to `None` when there is none to correct.
#[allow(clippy::type_complexity)]
pub fn correcting<T: Clone + 'static>(
    pick: impl Fn(Intent) -> Option<T> + Copy + 'static,
) -> LocalResource<Option<(String, T)>> {
    let editing = edit_key();
    LocalResource::new(move || {
        let editing = editing.clone();
        async move {
            let entry = super::refused_entry(&editing?).await?;
            pick(entry.intent).map(|picked| (entry.key, picked))
        }
    })
}

/// The key of the refused action the page's form corrects (`?edit=KEY`), if any;
/// tracked, so a page that links to itself follows.
pub fn edit_key() -> Option<String> {
    leptos_router::hooks::use_query_map()
        .read()
        .get("edit")
        .filter(|key| !key.is_empty())
}
