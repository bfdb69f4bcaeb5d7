//! Browser-wide exclusive locks (the Web Locks API), so one tab at a time syncs.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// Runs `work` while holding the lock called `name`, waiting for it while another tab
/// holds it. Waiting, not giving up, is what keeps an action from being stranded: the
/// tab holding the lock may have read the outbox before this tab added to it, so this
/// tab's turn must still come. Where the browser has no Web Locks, `work` simply runs:
/// the backend's idempotency keys still keep two tabs from delivering an action twice.
/// The same holds where the browser refuses the lock (an opaque origin, say).
pub async fn run_exclusive<F>(name: &str, work: F)
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
        return work.await;
    };
    let work = Rc::new(RefCell::new(Some(work)));
    let granted = work.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        let work = granted.borrow_mut().take();
        future_to_promise(async move {
            if let Some(work) = work {
                work.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    if let Ok(held) = request.call2(&locks, &name.into(), &callback) {
        let _ = JsFuture::from(Promise::from(held)).await;
    }
    // Refused before it was granted: run without the lock rather than not at all.
    let refused = work.borrow_mut().take();
    if let Some(work) = refused {
        work.await;
    }
}
