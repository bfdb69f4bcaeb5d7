//! "Keep nothing on this device": on a shared or public computer the customer can choose,
//! at sign-in, that nothing of theirs outlives the tab.
//!
//! Such a tab keeps its data in a database of its own, `settle-tab-<random>`, whose name
//! only the tab knows (in `sessionStorage`, which is the tab's and goes with it), so a
//! reload loses nothing, not even an action waiting to be sent. The tab holds a Web Lock
//! of the same name for as long as it is open. Whenever the app starts, in any tab, it
//! deletes every tab database whose lock nobody holds: those of tabs that were closed.
//! The session cookie of such a sign-in ends with the browser (see the server's
//! `shared_device`), and statement PDFs are not kept for offline reading.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::js;

/// The start of every shared-device tab's database name.
const TAB_PREFIX: &str = "settle-tab-";
/// Where a shared-device tab keeps its database's name.
const KEY: &str = "settle-tab-database";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The tab's own database name, when the customer chose to keep nothing.
fn tab_database() -> Option<String> {
    session_storage()?
        .get_item(KEY)
        .ok()
        .flatten()
        .filter(|name| name.starts_with(TAB_PREFIX))
}

/// True when this tab keeps nothing beyond its own life.
pub fn is_on() -> bool {
    tab_database().is_some()
}

/// The name of this tab's database, which also names its sync lock and its channel to
/// other tabs of the same database.
pub fn scope() -> String {
    tab_database().unwrap_or_else(|| crate::store::DATABASE.to_string())
}

/// Makes this tab keep nothing: a fresh database of its own from now on.
pub fn turn_on() {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        return;
    }
    let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(KEY, &format!("{TAB_PREFIX}{name}"));
    }
    hold_tab_lock();
}

/// Back to the everyday database (after signing out).
pub fn turn_off() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(KEY);
    }
}

fn locks() -> Option<JsValue> {
    js::get(&web_sys::window()?.navigator(), "locks")
}

/// Holds the tab's lock until the tab goes: the sign that its database is in use.
pub fn hold_tab_lock() {
    let (Some(name), Some(locks)) = (tab_database(), locks()) else {
        return;
    };
    let forever = Closure::once_into_js(|| Promise::new(&mut |_, _| {}));
    let _ = js::call(&locks, "request", &[name.into(), forever]);
}

/// Deletes the databases of shared-device tabs that are closed.
pub async fn forget_closed_tabs() {
    let (Some(window), Some(locks)) = (web_sys::window(), locks()) else {
        return;
    };
    let Some(factory) = js::get(&window, "indexedDB") else {
        return;
    };
    let listed = js::call(&factory, "databases", &[]).map(Promise::from);
    let queried = js::call(&locks, "query", &[]).map(Promise::from);
    let (Some(listed), Some(queried)) = (listed, queried) else {
        return;
    };
    let (Ok(databases), Ok(state)) = (JsFuture::from(listed).await, JsFuture::from(queried).await)
    else {
        return;
    };
    let held: Vec<String> = js::get(&state, "held")
        .map(|held| Array::from(&held))
        .map(|held| names(&held))
        .unwrap_or_default();
    let own = tab_database();
    for name in names(&Array::from(&databases)) {
        let closed = name.starts_with(TAB_PREFIX)
            && !held.contains(&name)
            && own.as_deref() != Some(name.as_str());
        if closed {
            let _ = js::call(&factory, "deleteDatabase", &[name.into()]);
        }
    }
}

/// The `name` of each entry (databases and locks both have one).
fn names(entries: &Array) -> Vec<String> {
    entries
        .iter()
        .filter_map(|entry| {
            Reflect::get(&entry, &"name".into())
                .ok()
                .and_then(|name| name.as_string())
        })
        .collect()
}

/// A document link for this tab: on a shared device the service worker is told not to
/// keep the document.
pub fn document_url(url: &str) -> String {
    if !is_on() {
        return url.to_string();
    }
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}keep=no")
}
