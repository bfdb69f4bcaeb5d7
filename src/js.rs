//! Reaching browser APIs by name, for those the app uses too little to compile web-sys
//! bindings for (service workers, Cache Storage, Web Locks, listing databases).

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

/// `target[key]`, if it is there (neither undefined nor null).
pub fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &key.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// `target.method(...args)`; `None` when there is no such method or it throws.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: Function = get(target, method)?.dyn_into().ok()?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(target, &args).ok()
}

/// Runs `work` once the browser has nothing more pressing to do (`requestIdleCallback`),
/// or after the current task where the browser cannot say.
pub fn when_idle(work: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(work);
    if call(
        &window,
        "requestIdleCallback",
        std::slice::from_ref(&callback),
    )
    .is_none()
    {
        let _ = window.set_timeout_with_callback(callback.unchecked_ref());
    }
}
