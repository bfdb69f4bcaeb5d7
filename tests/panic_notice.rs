//! The notice a panic leaves for the customer, in a real page.
#![cfg(target_arch = "wasm32")]

use settle::panic_notice::show_notice;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_panic_leaves_one_plain_notice_with_a_reload_button() {
    let document = web_sys::window().unwrap().document().unwrap();
    show_notice();
    show_notice();
    let notices = document.query_selector_all("#panic-notice").unwrap();
    assert_eq!(notices.length(), 1, "a second panic adds no second notice");
    let notice = document.get_element_by_id("panic-notice").unwrap();
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let text = notice.text_content().unwrap();
    assert!(text.contains("Something went wrong."), "{text}");
    let button = notice.query_selector("button").unwrap().unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Reload"));
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
}
