//! Registers the service worker that keeps the app shell for offline use, and notices
//! when a new version of the app is waiting, so the customer can choose when to reload.

use js_sys::Promise;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::js::{call, get};

/// The app shell's caches are named with this prefix and the build.
pub const SHELL_CACHE_PREFIX: &str = "settle-shell-";
const SCRIPT: &str = "/sw.js";
/// The cache of documents (statement PDFs) kept for offline reading; `sw.js` answers
/// from it when the network does not.
const DOCUMENT_CACHE: &str = "settle-documents";

/// Fetches `url` into the document cache. The page does it itself rather than leaving
/// it to the worker: a page the worker does not control yet (its first visit) would
/// otherwise keep nothing.
pub async fn keep_document(url: String) {
    let Some(caches) = web_sys::window().and_then(|window| get(&window, "caches")) else {
        return;
    };
    let Some(opening) = call(&caches, "open", &[DOCUMENT_CACHE.into()]) else {
        return;
    };
    let Ok(cache) = JsFuture::from(Promise::from(opening)).await else {
        return;
    };
    if let Some(adding) = call(&cache, "add", &[url.into()]) {
        // A document that cannot be fetched now is fetched again on the next visit.
        let _ = JsFuture::from(Promise::from(adding)).await;
    }
}

thread_local! {
    /// Set when the customer asked for the new version: only then does a change of
    /// worker reload the page. (The first install also changes the worker, when it takes
    /// control of the open page; reloading then would lose what the customer was typing.)
    static UPDATE_ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn on(target: &JsValue, event: &str, handler: impl Fn() + 'static) {
    let closure = Closure::<dyn Fn()>::new(handler);
    call(
        target,
        "addEventListener",
        &[event.into(), closure.as_ref().clone()],
    );
    // Listeners live as long as the page.
    closure.forget();
}

/// Registers the worker. `update_waiting` becomes true when a new version has been
/// downloaded and waits for the customer.
pub async fn register(update_waiting: RwSignal<bool>) {
    let Some(container) = web_sys::window().and_then(|w| get(&w.navigator(), "serviceWorker"))
    else {
        return;
    };
    let Some(promise) = call(&container, "register", &[SCRIPT.into()]) else {
        return;
    };
    let Ok(registration) = JsFuture::from(Promise::from(promise)).await else {
        return;
    };
    // A worker may already be waiting from an earlier visit.
    let has_controller = get(&container, "controller").is_some();
    if get(&registration, "waiting").is_some() && has_controller {
        update_waiting.set(true);
    }
    let watched = registration.clone();
    let container_for_install = container.clone();
    on(&registration, "updatefound", move || {
        let Some(installing) = get(&watched, "installing") else {
            return;
        };
        let worker = installing.clone();
        let container = container_for_install.clone();
        on(&installing, "statechange", move || {
            let installed = get(&worker, "state").and_then(|s| s.as_string());
            // With no controller this is the first install, not an update.
            if installed.as_deref() == Some("installed") && get(&container, "controller").is_some()
            {
                update_waiting.set(true);
            }
        });
    });
    // Once the new worker the customer asked for takes over, load the new version.
    on(&container, "controllerchange", || {
        if !UPDATE_ASKED.get() {
            return;
        }
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
}

/// Lets the waiting version take over; the page reloads when it has.
pub async fn activate_new_version() {
    let Some(container) = web_sys::window().and_then(|w| get(&w.navigator(), "serviceWorker"))
    else {
        return;
    };
    let Some(ready) = call(&container, "getRegistration", &[]) else {
        return;
    };
    if let Ok(registration) = JsFuture::from(Promise::from(ready)).await {
        if let Some(waiting) = get(&registration, "waiting") {
            UPDATE_ASKED.set(true);
            call(&waiting, "postMessage", &["activate-new-version".into()]);
        }
    }
}
