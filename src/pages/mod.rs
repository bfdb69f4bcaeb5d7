//! One module per page.

mod ask_for_help;
mod contact_preferences;
mod dispute_actions;
mod dispute_detail;
mod disputes;
mod help;
mod invoice_detail;
mod invoices;
mod not_found;
mod overview;
mod payments;
mod plan_builder;
mod plan_offer;
mod plan_receipt;
mod plans;
mod promise;
mod raise_dispute;
mod sign_in;
mod statements;

pub use not_found::NotFound;
pub use overview::Overview;
pub use sign_in::SignIn;

/// Declares pages whose code the build splits into WebAssembly of its own, fetched the
/// first time the page opens (and kept by the service worker for offline use). The first
/// load then carries the shell, the store, sign-in and the overview. Without the `split`
/// feature (the browser tests, which are not split) they are plain routes.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {
        $(
            pub struct $route;

            #[cfg(feature = "split")]
            #[leptos_router::lazy_route]
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(this: Self) -> leptos::prelude::AnyView {
                    use leptos::prelude::IntoAny;
                    let _ = this;
                    leptos::prelude::view! { <$page /> }.into_any()
                }
            }

            #[cfg(not(feature = "split"))]
            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> leptos::prelude::AnyView {
                    use leptos::prelude::IntoAny;
                    leptos::prelude::view! { <$page /> }.into_any()
                }
            }
        )*

        /// Fetches and compiles every split page, one after another, so that once the
        /// first screen is up every other page opens without waiting for its code.
        pub async fn preload_split_pages() {
            $(<$route as leptos_router::LazyRoute>::preload().await;)*
        }
    };
}

// In the order they are preloaded: the pages customers open most, first.
lazy_pages! {
    InvoicesRoute => invoices::Invoices,
    InvoiceDetailRoute => invoice_detail::InvoiceDetail,
    PaymentsRoute => payments::Payments,
    DisputesRoute => disputes::Disputes,
    DisputeDetailRoute => dispute_detail::DisputeDetail,
    PlansRoute => plans::Plans,
    StatementsRoute => statements::Statements,
    ContactPreferencesRoute => contact_preferences::ContactPreferencesPage,
    HelpRoute => help::Help,
    RaiseDisputeRoute => raise_dispute::RaiseDisputePage,
    PlanBuilderRoute => plan_builder::PlanBuilder,
    PlanOfferRoute => plan_offer::PlanOfferPage,
    PlanReceiptRoute => plan_receipt::PlanReceipt,
    PromiseRoute => promise::PromisePage,
    AskForHelpRoute => ask_for_help::AskForHelp,
}

/// Fetches and compiles the invoice list's code, ahead of the other pages.
async fn preload_invoice_list() {
    <InvoicesRoute as leptos_router::LazyRoute>::preload().await;
}

/// Where an action queued on this device stands, in the customer's words.
fn waiting_words(status: &settle_core::outbox::EntryStatus) -> String {
    use crate::i18n::{t, tf};
    use settle_core::outbox::EntryStatus;
    match status {
        EntryStatus::Rejected { problem } => tf(
            "Not accepted: {}. Change the details and try again, or contact us.",
            &[problem.detail.as_deref().unwrap_or(&problem.title)],
        ),
        EntryStatus::Waiting { last_error: None } => t("Waiting to be sent").into(),
        EntryStatus::Waiting {
            last_error: Some(why),
        } => tf(
            "Waiting to be sent: {}. We will keep trying; nothing needs doing.",
            &[&why.to_string()],
        ),
    }
}

/// A rule the core says was broken, as a sentence in the customer's language.
fn sentence(error: &impl settle_core::message::Explain) -> String {
    crate::messages::explain(error)
}

/// What a list page shows: read with `load` from the store, and again whenever the
/// store changes.
fn read_live<T, F>(load: impl Fn() -> F + 'static) -> leptos::prelude::LocalResource<T>
where
    T: 'static,
    F: std::future::Future<Output = T> + 'static,
{
    use leptos::prelude::*;
    let status = expect_context::<crate::sync::SyncStatus>();
    LocalResource::new(move || {
        status.revision.track();
        load()
    })
}

/// The record a page shows, named by the route's `:id`: read with `load` from the store,
/// and again whenever the store changes.
fn by_route_id<T, F>(load: impl Fn(String) -> F + 'static) -> leptos::prelude::LocalResource<T>
where
    T: 'static,
    F: std::future::Future<Output = T> + 'static,
{
    use leptos::prelude::*;
    let status = expect_context::<crate::sync::SyncStatus>();
    let params = leptos_router::hooks::use_params_map();
    LocalResource::new(move || {
        status.revision.track();
        load(params.read().get("id").unwrap_or_default())
    })
}

/// What a form starts from. Read from the store again on each change until `ready` says
/// the data is there (just after sign-in it may still be syncing), then kept as it was,
/// so a later sync never rebuilds the form under the customer's hands.
fn read_for_form<T, F>(
    load: impl Fn() -> F + 'static,
    ready: impl Fn(&T) -> bool + 'static,
) -> leptos::prelude::Signal<Option<Result<T, String>>>
where
    T: Clone + Send + Sync + 'static,
    F: std::future::Future<Output = Result<T, String>> + 'static,
{
    use leptos::prelude::*;
    let status = expect_context::<crate::sync::SyncStatus>();
    let kept = RwSignal::new(None::<Result<T, String>>);
    let live = LocalResource::new(move || {
        if kept.with_untracked(Option::is_none) {
            status.revision.track();
        }
        load()
    });
    Effect::new(move |_| {
        if let Some(result) = live.get() {
            let settled = result.as_ref().map_or(true, &ready);
            if settled && kept.with_untracked(Option::is_none) {
                kept.set(Some(result));
            }
        }
    });
    Signal::derive(move || kept.get().or_else(|| live.get()))
}
