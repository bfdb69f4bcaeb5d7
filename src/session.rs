//! Signing out: nothing of the customer's is left on the device afterwards.

use js_sys::{Array, Promise};
use wasm_bindgen_futures::JsFuture;

use crate::api;
use crate::backend_choice::{self, Active, SignInWay};
use crate::broadcast::{self, News};
use crate::js;
use crate::store::Store;

/// Ends the session on the server (when it can be reached), deletes the database and the
/// caches of customer data, and tells the other tabs. The app shell's cache stays: it
/// holds no customer data and lets the sign-in page load offline.
pub async fn sign_out() {
    match backend_choice::sign_in_way() {
        // Best effort: offline, the server-side session simply expires.
        SignInWay::SettleCode => {
            let _ = api::sign_out().await;
        }
        // The host's token would sign the customer straight back in.
        SignInWay::Host { .. } => forget_host_values(),
        SignInWay::Unavailable => {}
    }
    broadcast::tell_other_tabs(News::SignedOut);
    if let Ok(store) = Store::open().await {
        let _ = store.delete().await;
    }
    crate::shared_device::turn_off();
    crate::device_storage::signed_out();
    clear_data_caches().await;
}

/// Deletes every Cache Storage cache except the app shell's.
async fn clear_data_caches() {
    let Some(caches) = web_sys::window().and_then(|window| js::get(&window, "caches")) else {
        return;
    };
    let Some(keys) = js::call(&caches, "keys", &[]) else {
        return;
    };
    let Ok(names) = JsFuture::from(Promise::from(keys)).await else {
        return;
    };
    for name in Array::from(&names).iter().filter_map(|n| n.as_string()) {
        if !name.starts_with(crate::service_worker::SHELL_CACHE_PREFIX) {
            if let Some(deleted) = js::call(&caches, "delete", &[name.into()]) {
                let _ = JsFuture::from(Promise::from(deleted)).await;
            }
        }
    }
}

/// Removes everything the profile reads from session or local storage: the token the
/// host page left and the host values (a customer number), so nothing profile-read
/// outlives the session. A host global is the host page's own, and ends with the page.
fn forget_host_values() {
    use settle_core::profile::ValuePlace;
    let (Active::Profile(profile), Some(window)) = (backend_choice::active(), web_sys::window())
    else {
        return;
    };
    for source in profile.stored_values() {
        let storage = match source.from {
            ValuePlace::LocalStorage => window.local_storage(),
            _ => window.session_storage(),
        };
        if let Ok(Some(storage)) = storage {
            let _ = storage.remove_item(&source.name);
        }
    }
}
