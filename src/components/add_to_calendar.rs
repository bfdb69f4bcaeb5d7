//! "Add to calendar": a `.ics` file of the given events, made on the device from what the
//! store holds (so it works offline) and handed to the browser as a download. The core
//! writes the file; only the pages of plans and promises use this, so it stays out of
//! the first load.

use leptos::prelude::*;
use settle_core::calendar::{ics, instalment_events, promise_event, Event};
use settle_core::plan::Plan;
use settle_core::promise::Promise;
use wasm_bindgen::JsCast;

use crate::format;
use crate::i18n::{t, tf};

/// "Add to calendar" for every instalment of an agreed plan.
#[component]
pub fn PlanToCalendar(plan: Plan) -> impl IntoView {
    let code = plan.currency.to_string();
    let count = plan.instalments.len().to_string();
    let events = instalment_events(&plan.id, &plan.instalments, |instalment| {
        tf(
            "Plan instalment {} of {}: {}",
            &[
                &instalment.number.to_string(),
                &count,
                &format::money(instalment.amount, &code),
            ],
        )
    });
    view! { <AddToCalendar events file_name=format!("plan-{}.ics", plan.id) /> }
}

/// "Add to calendar" for the date of a promise to pay.
#[component]
pub fn PromiseToCalendar(promise: Promise) -> impl IntoView {
    let amount = format::money(promise.amount, &promise.currency.to_string());
    let event = promise_event(&promise, tf("Payment promised: {}", &[&amount]));
    view! { <AddToCalendar events=vec![event] file_name=format!("promise-{}.ics", promise.id) /> }
}

/// A button that downloads `events` as the calendar file `file_name`. The events' UIDs
/// are stable, so a calendar that has them already updates them instead of adding copies.
#[component]
fn AddToCalendar(events: Vec<Event>, file_name: String) -> impl IntoView {
    let problem = RwSignal::new(None::<&'static str>);
    let download = move |_| {
        let text = ics(&events, chrono::Utc::now());
        if download(&text, &file_name).is_none() {
            problem.set(Some(t("This browser could not make the calendar file.")));
        }
    };
    view! {
        <button type="button" class="secondary" on:click=download>{t("Add to calendar")}</button>
        <p class="error" role="alert">{move || problem.get()}</p>
    }
}

/// Hands `text` to the browser as the download `file_name` (a Blob URL on a link with
/// `download`); `None` when the browser refused a step.
fn download(text: &str, file_name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/calendar");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", &url).ok()?;
    link.set_attribute("download", file_name).ok()?;
    let body = document.body()?;
    body.append_child(&link).ok()?;
    link.dyn_ref::<web_sys::HtmlElement>()?.click();
    link.remove();
    // The browser has started the download with the click; the URL goes once it has
    // surely read it.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Some(())
}
