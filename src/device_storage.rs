//! The device's storage for the customer's data: asks the browser to keep it (persistent
//! storage, so it is not cleared to make room), and brings it back when the browser
//! evicted it anyway: the backend still knows the customer, so a sync from the start
//! refills the store.

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;

use crate::backend_choice::{self, SignInWay};
use crate::js;
use crate::store::Store;

/// Set while a customer is signed in on this device. It holds no customer data: only
/// that a store is expected, so a missing one means the browser evicted it.
const SIGNED_IN_KEY: &str = "settle-signed-in";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// After a sign-in: remembers that a store is expected, and asks the browser to keep it.
/// On a device the customer keeps nothing on, neither: nothing should outlive the tab.
pub fn signed_in() {
    if crate::shared_device::is_on() {
        return;
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(SIGNED_IN_KEY, "1");
    }
    wasm_bindgen_futures::spawn_local(ask_to_persist());
}

/// After a sign-out: no store is expected any more.
pub fn signed_out() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(SIGNED_IN_KEY);
    }
}

/// Asks for persistent storage. The browser decides (Chromium grants it to a site the
/// customer uses or installed, Firefox may ask them); a refusal changes nothing else.
async fn ask_to_persist() {
    let storage = web_sys::window().and_then(|window| js::get(&window.navigator(), "storage"));
    let Some(asked) = storage.and_then(|storage| js::call(&storage, "persist", &[])) else {
        return;
    };
    let _ = JsFuture::from(Promise::from(asked)).await;
}

/// At start: when a customer was signed in here but the store is gone, asks the backend
/// whether the session is still good; if it is, records it, and the sync that follows
/// starts from the beginning. Returns true when it brought a session back.
pub async fn recover_after_eviction() -> bool {
    let expected = local_storage()
        .and_then(|storage| storage.get_item(SIGNED_IN_KEY).ok().flatten())
        .is_some();
    if !expected || !matches!(backend_choice::sign_in_way(), SignInWay::SettleCode) {
        return false;
    }
    if let Ok(Some(store)) = Store::open_existing().await {
        let session = store.session().await;
        store.close();
        if matches!(session, Ok(Some(_))) {
            return false;
        }
    }
    let Ok(session) = crate::api::session().await else {
        // Signed out elsewhere, or expired: the sign-in page it is.
        signed_out();
        return false;
    };
    let Ok(store) = Store::open().await else {
        return false;
    };
    let saved = store.set_session(&session).await.is_ok();
    store.close();
    saved
}
