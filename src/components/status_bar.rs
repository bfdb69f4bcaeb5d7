//! The top bar (the creditor's name and logo, connection, freshness of the data, waiting actions)
//! and signing out.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::data::CustomerOnDevice;
use crate::data::{self, Submission, SyncStatus};
use crate::format;
use crate::i18n::{t, tf, tn};

/// The creditor's name and logo as the top bar shows them: the brand's (src/brand.rs)
/// once it has arrived, Settle's until then.
fn creditor() -> impl IntoView {
    let brand = crate::brand::current();
    move || match brand.get() {
        None => view! { <span class="brand">"Settle"</span> }.into_any(),
        // The logo carries the name for screen readers; the name beside it is for the eye.
        Some(brand) => match brand.logo.clone() {
            Some(logo) => view! {
                <span class="brand">
                    <img src=logo alt=brand.name.clone() width="32" height="32" />
                    <span aria-hidden="true">{brand.name.clone()}</span>
                </span>
            }
            .into_any(),
            None => view! { <span class="brand">{brand.name.clone()}</span> }.into_any(),
        },
    }
}

/// The top bar: the creditor's name, online or offline, when the data is from and
/// actions still waiting.
#[component]
pub fn StatusBar() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let customer = expect_context::<CustomerOnDevice>();
    view! {
        <header class="status-bar">
            {creditor()}
            <span class="connection" data-testid="connection" role="status">
                {move || if status.online.get() { t("Online") } else { t("Offline") }}
            </span>
            <span class="last-synced">
                {move || match (status.online.get(), status.last_synced.get()) {
                    (true, Some(at)) => tf("Last synced {}", &[&format::date_time(&at)]),
                    (false, Some(at)) => tf("Showing data from {}", &[&format::date_time(&at)]),
                    (_, None) => String::new(),
                }}
            </span>
            <Show when=move || customer.waiting().is_some()>
                {crate::shared_device::is_on().then(|| view! {
                    <span class="kept-in-tab" data-testid="kept-in-tab">{t("Kept only in this tab")}</span>
                })}
                <span class="waiting" data-testid="waiting">
                    <Show when=move || customer.waiting().unwrap_or(0) != 0>
                        <A href="/waiting">
                            {move || tn(
                                "{} action waiting to be sent",
                                "{} actions waiting to be sent",
                                customer.waiting().unwrap_or(0),
                            )}
                        </A>
                    </Show>
                </span>
            </Show>
        </header>
    }
}

/// Signing out, with a warning when actions have not reached the server yet.
#[component]
pub fn SignOut() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let navigate = use_navigate();
    let customer = expect_context::<CustomerOnDevice>();
    let confirming = RwSignal::new(false);
    let leave = Submission::new(move |()| {
        let navigate = navigate.clone();
        async move {
            data::sign_out(status).await;
            confirming.set(false);
            navigate("/sign-in", Default::default());
        }
    });
    let ask_to_sign_out = move |_| match customer.waiting() {
        Some(0) | None => leave.submit(()),
        Some(_) => confirming.set(true),
    };

    view! {
        <button type="button" class="secondary sign-out" on:click=ask_to_sign_out>
            {t("Sign out")}
        </button>
        <Show when=move || confirming.get()>
            <section class="card warning" role="alertdialog" aria-labelledby="sign-out-title"
                aria-describedby="sign-out-text">
                <h2 id="sign-out-title">{move || one_or_more(
                    customer.waiting(),
                    "An action has not been sent yet",
                    "Some actions have not been sent yet",
                )}</h2>
                <p id="sign-out-text">
                    {move || tn(
                        "{} of your actions is saved on this device but has not reached us. If you sign out now it will be lost.",
                        "{} of your actions are saved on this device but have not reached us. If you sign out now they will be lost.",
                        customer.waiting().unwrap_or(0),
                    )}
                </p>
                <button type="button" on:click=move |_| {
                    confirming.set(false);
                    data::sync_now(status);
                }>{move || one_or_more(customer.waiting(), "Keep it and send it now", "Keep them and send now")}</button>
                <button type="button" class="danger" on:click=move |_| leave.submit(())>{move || one_or_more(customer.waiting(), "Sign out and discard it", "Sign out and discard them")}</button>
            </section>
        </Show>
    }
}

/// The wording for one waiting action or for several.
fn one_or_more(waiting: Option<usize>, one: &'static str, more: &'static str) -> &'static str {
    t(if waiting == Some(1) { one } else { more })
}
