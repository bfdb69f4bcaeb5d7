//! What a panic leaves behind: its message and location in the console, for whoever
//! diagnoses it, and a plain notice for the customer that offers a reload. Drafts keep
//! what the customer typed as they type it (`drafts.rs`), so a reload loses nothing.
//!
//! The notice is built with the DOM alone: after a panic the reactive system may be in
//! the middle of an update and must not be touched again.

use std::panic::PanicHookInfo;

use wasm_bindgen::JsCast;

use crate::i18n::t;

/// Installs the hook; call it before anything else runs.
pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo| {
        console_error_panic_hook::hook(info);
        show_notice();
    }));
}

/// Shows the notice, once however often it is called.
pub fn show_notice() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    // A second panic keeps the one notice.
    if document.get_element_by_id("panic-notice").is_some() {
        return;
    }
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id("panic-notice");
    notice.set_class_name("panic-notice");
    let _ = notice.set_attribute("role", "alert");
    let Ok(text) = document.create_element("p") else {
        return;
    };
    text.set_text_content(Some(t("Something went wrong. What you typed is kept.")));
    let Ok(button) = document.create_element("button") else {
        return;
    };
    let _ = button.set_attribute("type", "button");
    button.set_text_content(Some(t("Reload")));
    let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    let _ = button
        .unchecked_ref::<web_sys::HtmlElement>()
        .add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    // The page lives until the reload: so does its one listener.
    reload.forget();
    let _ = notice.append_child(&text);
    let _ = notice.append_child(&button);
    if let Some(body) = document.body() {
        let _ = body.append_child(&notice);
    }
}
