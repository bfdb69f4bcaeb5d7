//! Settle, the offline-first customer payment portal: the web app.
//!
//! Data flows one way: backend -> [`sync`] -> [`store`] (IndexedDB) -> signals -> pages.
//! Pages never talk to the network themselves.

pub mod api;
pub mod backend;
pub mod backend_choice;
pub mod broadcast;
mod components;
mod drafts;
pub mod format;
mod host_sign_in;
pub mod i18n;
mod js;
mod messages;
pub mod outbox;
mod pages;
pub mod profile_backend;
mod profile_banner;
pub mod service_worker;
pub mod session;
pub mod shared_device;
mod spanish;
pub mod store;
pub mod sync;
pub mod web_lock;

use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, Lazy};

/// The app's routes.
#[component]
pub fn App() -> impl IntoView {
    let status = sync::SyncStatus::new();
    provide_context(status);
    provide_context(components::ChosenAccount(RwSignal::new(None)));
    let capabilities = backend_choice::Capabilities::of_active();
    provide_context(capabilities.clone());
    sync::start(status);
    let (routing, set_routing) = signal(false);
    view! {
        <Router set_is_routing=set_routing>
            <components::FocusOnNavigate routing />
            <components::StatusBar />
            <components::UpdateBanner />
            <profile_banner::ProfileBanner />
            <nav class="main-nav" aria-label=t("Main")>
                <A href="/">{t("Overview")}</A>
                {capabilities.supports("invoice").then(|| view! { <A href="/invoices">{t("Invoices")}</A> })}
                {capabilities.supports("payment").then(|| view! { <A href="/payments">{t("Payments")}</A> })}
                {capabilities.supports("statement").then(|| view! { <A href="/statements">{t("Statements")}</A> })}
                {capabilities.supports("dispute").then(|| view! { <A href="/disputes">{t("Disputes")}</A> })}
                {capabilities.supports("plan").then(|| view! { <A href="/plans">{t("Plans")}</A> })}
                {capabilities.supports("preferences").then(|| view! {
                    <A href="/contact-preferences">{t("Contact preferences")}</A>
                })}
                <A href="/help">{t("Help")}</A>
            </nav>
            <components::AccountSwitcher />
            <main id="main">
                <components::CheckoutResult />
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Overview />
                    <Route path=path!("/sign-in") view=host_sign_in::SignInPage />
                    <Route path=path!("/invoices") view={Lazy::<pages::InvoicesRoute>::new()} />
                    <Route path=path!("/invoices/:id") view={Lazy::<pages::InvoiceDetailRoute>::new()} />
                    <Route path=path!("/invoices/:id/dispute") view={Lazy::<pages::RaiseDisputeRoute>::new()} />
                    <Route path=path!("/payments") view={Lazy::<pages::PaymentsRoute>::new()} />
                    <Route path=path!("/statements") view={Lazy::<pages::StatementsRoute>::new()} />
                    <Route path=path!("/disputes") view={Lazy::<pages::DisputesRoute>::new()} />
                    <Route path=path!("/disputes/:id") view={Lazy::<pages::DisputeDetailRoute>::new()} />
                    <Route path=path!("/plans") view={Lazy::<pages::PlansRoute>::new()} />
                    <Route path=path!("/plans/build/:id") view={Lazy::<pages::PlanBuilderRoute>::new()} />
                    <Route path=path!("/plans/offers/:id") view={Lazy::<pages::PlanOfferRoute>::new()} />
                    <Route path=path!("/plans/:id") view={Lazy::<pages::PlanReceiptRoute>::new()} />
                    <Route path=path!("/promise") view={Lazy::<pages::PromiseRoute>::new()} />
                    <Route path=path!("/ask-for-help") view={Lazy::<pages::AskForHelpRoute>::new()} />
                    <Route path=path!("/help") view={Lazy::<pages::HelpRoute>::new()} />
                    <Route path=path!("/contact-preferences") view={Lazy::<pages::ContactPreferencesRoute>::new()} />
                </Routes>
            </main>
        </Router>
    }
}

/// How long after the start the other pages' code is fetched.
const PRELOAD_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// Mounts the app on the page.
pub fn start() {
    // Panic messages in the console, for debug builds and the browser tests; the release
    // build traps on a panic without one (xtask/src/wasm.rs).
    console_error_panic_hook::set_once();
    i18n::mark_document();
    // A tab that keeps nothing holds its lock first, so no other tab takes it for closed.
    shared_device::hold_tab_lock();
    wasm_bindgen_futures::spawn_local(shared_device::forget_closed_tabs());
    // The backend is chosen before the first screen, which hides what it cannot do.
    wasm_bindgen_futures::spawn_local(async {
        i18n::load().await;
        backend_choice::choose().await;
        host_sign_in::adopt_host_session().await;
        leptos::mount::mount_to_body(App);
        // The other pages' code, once the first screen is up and the browser is idle, so
        // that fetching and compiling it never delays the balance.
        set_timeout(
            || js::when_idle(|| wasm_bindgen_futures::spawn_local(pages::preload_split_pages())),
            PRELOAD_AFTER,
        );
    });
}
