//! Signing in to a backend whose profile leaves sign-in to the host: the creditor's own
//! sign-in page puts the customer's token (and values such as the customer number) where
//! the profile says, and the app adopts that as its session. The Settle API keeps its
//! email-code page ([`crate::pages`]'s `SignIn`).

use chrono::{TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use settle_core::api::Session;

use crate::backend_choice::{self, Active, SignInWay};
use crate::i18n::{t, tf};
use crate::store::Store;
use crate::sync::{self, SyncStatus};

/// How long an adopted session is remembered; the host's token decides the real end (the
/// backend answers 401 and the app asks to sign in again).
const ADOPTED_FOR: TimeDelta = TimeDelta::days(1);

/// When the host has signed the customer in, records the session in the store, so the
/// pages and the sync engine see a signed-in customer. If another customer's data is on
/// the device, it is deleted first: one customer never sees another's. Returns true when
/// a session is in place.
pub async fn adopt_host_session() -> bool {
    let SignInWay::Host {
        signed_in: true,
        customer_id,
    } = backend_choice::sign_in_way()
    else {
        return false;
    };
    let customer_id = customer_id.unwrap_or_default();
    let name = match backend_choice::active() {
        Active::Profile(profile) => profile.name.clone(),
        _ => String::new(),
    };
    let Ok(store) = Store::open().await else {
        return false;
    };
    let store = match store.session().await {
        Ok(Some(session)) if session.customer_id == customer_id => {
            store.close();
            return true;
        }
        Ok(Some(_)) => {
            // Someone else signed in on this device: their data goes.
            if store.delete().await.is_err() {
                return false;
            }
            match Store::open().await {
                Ok(store) => store,
                Err(_) => return false,
            }
        }
        _ => store,
    };
    let session = Session {
        customer_id,
        email: String::new(),
        name,
        expires_at: Utc::now() + ADOPTED_FOR,
    };
    let saved = store.set_session(&session).await.is_ok();
    store.close();
    saved
}

/// The sign-in page: the Settle API's email code, or, for a backend whose host signs the
/// customer in, where to do that.
const UNAVAILABLE: &str = "This site's connection settings have mistakes (listed above), so it cannot reach your account just now. Please try again later.";

#[component]
pub fn SignInPage() -> impl IntoView {
    match backend_choice::sign_in_way() {
        SignInWay::SettleCode => view! { <crate::pages::SignIn /> }.into_any(),
        SignInWay::Unavailable => view! {
            <section class="card sign-in">
                <h1>{t("Signing in is not available")}</h1>
                <p>{t(UNAVAILABLE)}</p>
            </section>
        }
        .into_any(),
        SignInWay::Host { .. } => view! { <HostSignIn /> }.into_any(),
    }
}

/// Where to sign in when the host does it, and a way back once that is done.
#[component]
fn HostSignIn() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let navigate = use_navigate();
    let not_yet = RwSignal::new(false);
    let (name, page) = match backend_choice::active() {
        Active::Profile(profile) => (profile.name.clone(), profile.sign_in_page.clone()),
        _ => (String::new(), None),
    };
    // The creditor's own sign-in page, when the profile names it (hidden otherwise: one
    // static view costs the first load less than an optional one).
    let hidden = page.is_none();
    let page = page.unwrap_or_default();
    let link = tf("Sign in on {}", &[&name]);
    let check = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if adopt_host_session().await {
                status.session_ended.set(false);
                status.store_changed();
                sync::request(status);
                navigate("/", Default::default());
            } else {
                not_yet.set(true);
            }
        });
    };
    view! {
        <section class="card sign-in">
            <h1>{t("Sign in")}</h1>
            <p>{tf("You sign in to {} on its own sign-in page. When you have, come back here.", &[&name])}</p>
            <p hidden=hidden><a class="button" href=page>{link}</a></p>
            <button type="button" on:click=check>{t("I have signed in")}</button>
            <p class="error" role="alert">{move || not_yet.get().then_some(
                t("We cannot see your sign-in yet. Sign in on the creditor's page, then try again.")
            )}</p>
        </section>
    }
}
