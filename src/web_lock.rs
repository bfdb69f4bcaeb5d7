//! Browser-wide exclusive locks (the Web Locks API), so one tab at a time syncs.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Runs `work` while holding the lock called `name`, if no other tab holds it. Answers
/// whether it ran. Where the browser has no Web Locks, `work` simply runs: the backend's
/// idempotency keys still keep two tabs from delivering an action twice.
pub async fn run_exclusive<F>(name: &str, work: F) -> bool
where
    F: Future<Output = ()> + 'static,
{
    let locks = web_sys::window().and_then(|window| crate::js::get(&window.navigator(), "locks"));
    let request = locks.as_ref().and_then(|locks| {
        crate::js::get(locks, "request")?
            .dyn_into::<Function>()
            .ok()
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        work.await;
        return true;
    };
    let ran = Rc::new(Cell::new(false));
    let ran_inside = ran.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            // Another tab is syncing; it will tell every tab what changed.
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        ran_inside.set(true);
        future_to_promise(async move {
            work.await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    if let Ok(held) = request.call3(&locks, &name.into(), &options, &callback) {
        let _ = JsFuture::from(Promise::from(held)).await;
    }
    ran.get()
}
