//! Settle, the offline-first customer payment portal: the web app.
//!
//! Data flows one way: backend -> [`sync`] -> [`store`] (IndexedDB) -> signals -> pages.
//! Pages never talk to the network themselves.

pub mod api;
pub mod backend;
pub mod broadcast;
mod components;
mod drafts;
pub mod format;
pub mod i18n;
mod js;
pub mod outbox;
mod pages;
pub mod service_worker;
pub mod session;
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
    sync::start(status);
    view! {
        <Router>
            <components::FocusOnNavigate />
            <components::StatusBar />
            <components::UpdateBanner />
            <nav class="main-nav" aria-label=t("Main")>
                <A href="/">{t("Overview")}</A>
                <A href="/invoices">{t("Invoices")}</A>
                <A href="/payments">{t("Payments")}</A>
                <A href="/statements">{t("Statements")}</A>
                <A href="/disputes">{t("Disputes")}</A>
                <A href="/plans">{t("Plans")}</A>
                <A href="/contact-preferences">{t("Contact preferences")}</A>
                <A href="/help">{t("Help")}</A>
            </nav>
            <components::AccountSwitcher />
            <main id="main">
                <components::CheckoutResult />
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Overview />
                    <Route path=path!("/sign-in") view=pages::SignIn />
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
    leptos::mount::mount_to_body(App);
}
