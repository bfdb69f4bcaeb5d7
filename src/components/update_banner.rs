//! The offer of a new version of the app, taken when the customer chooses.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::t;
use crate::service_worker;

/// Offers the new version of the app once it is ready; the customer chooses when.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let waiting = RwSignal::new(false);
    spawn_local(service_worker::register(waiting));
    view! {
        <Show when=move || waiting.get()>
            <aside class="card update" role="status">
                <p>{t("A new version of Settle is ready.")}</p>
                <button type="button" on:click=move |_| {
                    spawn_local(service_worker::activate_new_version())
                }>{t("Reload to update")}</button>
            </aside>
        </Show>
    }
}
