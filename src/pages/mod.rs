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

/// Declares a group of pages whose code the build splits into WebAssembly of its own,
/// fetched the first time one of them opens (and kept by the service worker for offline
/// use). The first load then carries the shell, the store, sign-in and the overview.
///
/// Pages are grouped, not split one by one: every split point multiplies the modules the
/// splitter makes for the code split points share, and each module is one more fetch and
/// compile before a page shows. Without the `split` feature (the browser tests, which are
/// not split) the group is plain code. `$preload` names the preload function that
/// `leptos::lazy` writes for `$show` (its name with `__preload_` in front).
macro_rules! page_group {
    (
        $(#[$doc:meta])*
        $which:ident, $show:ident, $preload:ident {
            $($route:ident => $page:path),* $(,)?
        }
    ) => {
        /// The pages of one group, as its split code is told which to show; each variant
        /// is named after its route.
        #[derive(Clone, Copy)]
        #[allow(clippy::enum_variant_names)]
        enum $which {
            $($route),*
        }

        $(#[$doc])*
        #[cfg_attr(feature = "split", leptos::lazy)]
        async fn $show(page: $which) -> leptos::prelude::AnyView {
            use leptos::prelude::IntoAny;
            match page {
                $($which::$route => leptos::prelude::view! { <$page /> }.into_any()),*
            }
        }

        $(
            pub struct $route;

            impl leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> leptos::prelude::AnyView {
                    $show($which::$route).await
                }

                async fn preload() {
                    #[cfg(feature = "split")]
                    $preload().await;
                }
            }
        )*
    };
}

page_group! {
    /// The invoice list, alone: it is where customers go next from the overview, so its
    /// code is fetched as soon as the balance is on screen, and a small module is quick.
    ListPage, show_list_page, __preload_show_list_page {
        InvoicesRoute => invoices::Invoices,
    }
}

page_group! {
    /// Every other page: fetched together, once, after the first screen.
    OtherPage, show_other_page, __preload_show_other_page {
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
}

/// Fetches and compiles the invoice list's code.
async fn preload_invoice_list() {
    <InvoicesRoute as leptos_router::LazyRoute>::preload().await;
}

/// Fetches and compiles the invoice list's code, then every other page's, so that once
/// the first screen is up no page waits for its code.
pub async fn preload_split_pages() {
    preload_invoice_list().await;
    // Any route of the other group preloads the whole group's module.
    <InvoiceDetailRoute as leptos_router::LazyRoute>::preload().await;
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
