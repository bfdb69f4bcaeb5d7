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
pub mod store;
pub mod sync;
pub mod web_lock;

use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// The app's routes.
#[component]
pub fn App() -> impl IntoView {
    let status = sync::SyncStatus::new();
    provide_context(status);
    provide_context(components::ChosenAccount(RwSignal::new(None)));
    let capabilities = backend_choice::Capabilities::of_active();
    provide_context(capabilities.clone());
    sync::start(status);
    view! {
        <Router>
            <components::FocusOnNavigate />
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
                    <Route path=path!("/invoices") view=pages::Invoices />
                    <Route path=path!("/invoices/:id") view=pages::InvoiceDetail />
                    <Route path=path!("/invoices/:id/dispute") view=pages::RaiseDisputePage />
                    <Route path=path!("/payments") view=pages::Payments />
                    <Route path=path!("/statements") view=pages::Statements />
                    <Route path=path!("/disputes") view=pages::Disputes />
                    <Route path=path!("/disputes/:id") view=pages::DisputeDetail />
                    <Route path=path!("/plans") view=pages::Plans />
                    <Route path=path!("/plans/build/:id") view=pages::PlanBuilder />
                    <Route path=path!("/plans/offers/:id") view=pages::PlanOfferPage />
                    <Route path=path!("/plans/:id") view=pages::PlanReceipt />
                    <Route path=path!("/promise") view=pages::PromisePage />
                    <Route path=path!("/ask-for-help") view=pages::AskForHelp />
                    <Route path=path!("/help") view=pages::Help />
                    <Route path=path!("/contact-preferences") view=pages::ContactPreferencesPage />
                </Routes>
            </main>
        </Router>
    }
}

/// Mounts the app on the page.
pub fn start() {
    console_error_panic_hook::set_once();
    i18n::mark_document();
    // A tab that keeps nothing holds its lock first, so no other tab takes it for closed.
    shared_device::hold_tab_lock();
    wasm_bindgen_futures::spawn_local(shared_device::forget_closed_tabs());
    // The backend is chosen before the first screen, which hides what it cannot do.
    wasm_bindgen_futures::spawn_local(async {
        backend_choice::choose().await;
        host_sign_in::adopt_host_session().await;
        leptos::mount::mount_to_body(App);
    });
}
