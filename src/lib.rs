//! Settle, the offline-first customer payment portal: the web app.
//!
//! Data flows one way: backend -> [`sync`] -> [`store`] (IndexedDB) -> the data layer
//! (`data`) -> pages. Actions flow back: page -> data layer -> [`outbox`] -> sync. Pages
//! and components never open the store, build an intent or call the network themselves.

pub mod api;
pub mod backend;
pub mod backend_choice;
mod brand;
pub mod broadcast;
mod components;
mod data;
mod device_storage;
pub mod format;
mod host_file;
mod host_sign_in;
pub mod i18n;
mod js;
mod messages;
pub mod outbox;
mod pages;
pub mod panic_notice;
pub mod profile_backend;
mod profile_banner;
pub mod service_worker;
pub mod session;
pub mod shared_device;
mod spanish;
pub mod store;
pub mod sync;
pub mod web_lock;
mod words;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::{path, Lazy};
use settle_core::api::Kind;

/// The main navigation: the kind of record a page lists (left out when the backend has
/// none of them), where the page is, its name and whether it is a tab of the phone's tab
/// bar (the others sit under "More").
const MAIN_NAV: [(Option<Kind>, &str, &str, bool); 8] = [
    (None, "/", "Overview", true),
    (Some(Kind::Invoice), "/invoices", "Invoices", true),
    (Some(Kind::Dispute), "/disputes", "Disputes", true),
    (Some(Kind::Plan), "/plans", "Plans", true),
    (Some(Kind::Payment), "/payments", "Payments", false),
    (Some(Kind::Statement), "/statements", "Statements", false),
    (
        Some(Kind::Preferences),
        "/contact-preferences",
        "Contact preferences",
        false,
    ),
    (None, "/help", "Help", false),
];

/// The app's routes.
#[component]
pub fn App() -> impl IntoView {
    let status = sync::SyncStatus::new();
    provide_context(status);
    provide_context(data::CustomerOnDevice::read(status));
    provide_context(components::ChosenAccount(RwSignal::new(None)));
    let capabilities = backend_choice::Capabilities::of_active();
    provide_context(capabilities.clone());
    sync::start(status);
    // Both route tables, the app's and the other pages' own, say when they start and finish
    // loading a page; a page is on screen once neither is still loading.
    let loading = RwSignal::new(0u32);
    let set_routing = SignalSetter::map(move |started: bool| {
        loading.update(|count| {
            *count = if started {
                *count + 1
            } else {
                count.saturating_sub(1)
            }
        })
    });
    let routing = Signal::derive(move || loading.get() > 0);
    view! {
        <Router set_is_routing=set_routing>
            <components::FocusOnNavigate routing />
            <components::StatusBar />
            <components::UpdateBanner />
            <profile_banner::ProfileBanner />
            <components::MainNav pages=MAIN_NAV
                .iter()
                .filter(|(needs, ..)| needs.is_none_or(|kind| capabilities.supports(kind)))
                .map(|(_, href, label, tab)| (*href, *label, *tab))
                .collect() />
            <main id="main">
                <components::CheckoutResult />
                <FlatRoutes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Overview />
                    <Route path=path!("/sign-in") view=host_sign_in::SignInPage />
                    <Route path=path!("/invoices") view={Lazy::<pages::InvoiceListRoute>::new()} />
                    <Route path=path!("/*any") view={Lazy::<pages::OtherPagesRoute>::new()} />
                </FlatRoutes>
            </main>
        </Router>
    }
}

/// How long after the start the other pages' code is fetched.
const PRELOAD_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// Mounts the app on the page.
pub fn start() {
    panic_notice::install();
    i18n::mark_document();
    // A tab that keeps nothing holds its lock first, so no other tab takes it for closed.
    shared_device::hold_tab_lock();
    wasm_bindgen_futures::spawn_local(shared_device::forget_closed_tabs());
    // The brand is applied whenever it arrives: the first screen does not wait for it.
    wasm_bindgen_futures::spawn_local(brand::load());
    // The backend is chosen before the first screen, which hides what it cannot do.
    wasm_bindgen_futures::spawn_local(async {
        i18n::load().await;
        backend_choice::choose().await;
        host_sign_in::adopt_host_session().await;
        device_storage::recover_after_eviction().await;
        leptos::mount::mount_to_body(App);
        // The other pages' code, once the first screen is up and the browser is idle, so
        // that fetching and compiling it never delays the balance.
        set_timeout(
            || js::when_idle(|| wasm_bindgen_futures::spawn_local(pages::preload_split_pages())),
            PRELOAD_AFTER,
        );
    });
}
