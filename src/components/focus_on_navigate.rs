//! Focus on the new page's heading after each navigation, as a page load would.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// Moves keyboard and screen-reader focus to the new page's heading after each
/// navigation, as a full page load would put it at the top; the first load leaves focus
/// where the browser puts it. `routing` is the router's "a page is loading" signal: a
/// page whose code is fetched on first use shows its heading only once it is false.
#[component]
pub fn FocusOnNavigate(routing: Signal<bool>) -> impl IntoView {
    let pathname = use_location().pathname;
    // Whether the customer went to another page whose heading has not had focus yet.
    let waiting = StoredValue::new(false);
    Effect::new(move |previous: Option<String>| {
        let now = pathname.get();
        let loading = routing.get();
        if previous.is_some_and(|previous| previous != now) {
            waiting.set_value(true);
        }
        if waiting.get_value() && !loading {
            // The new page renders in this turn and its heading exists on the next frame,
            // unless its code is still being fetched: the router says so by then, and this
            // runs again once the page is on screen.
            request_animation_frame(move || {
                if waiting.get_value() && !routing.get_untracked() {
                    waiting.set_value(false);
                    focus_heading();
                }
            });
        }
        now
    });
}

fn focus_heading() {
    let heading = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(heading) = heading {
        // Focusable from script only: it does not join the tab order.
        let _ = heading.set_attribute("tabindex", "-1");
        let _ = heading.focus();
    }
}
