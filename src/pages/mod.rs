//! One module per page.

mod ask_for_help;
mod contact_preferences;
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
mod waiting;

pub use not_found::NotFound;
pub use overview::Overview;
pub use sign_in::SignIn;

use leptos::prelude::{view, AnyView, IntoAny};
use leptos_router::LazyRoute;

/// The pages whose code the build splits into WebAssembly of its own, fetched the first
/// time one of them opens (and kept by the service worker for offline use). The first
/// load then carries the shell, the store, sign-in and the overview.
///
/// There are two groups, not a module per page: every split point multiplies the modules
/// the splitter makes for the code split points share, and each module is one more fetch
/// and compile before a page shows. The invoice list is alone, since customers go there
/// next from the overview and a small module is quick. Every other page is in the second
/// group, with its own route table: the first load's router then knows four routes, not
/// seventeen, and each route's matching and view code is the second group's to carry.
/// Both tables are flat (`FlatRoutes`): no page nests in another, and the nested router
/// would add about 12 KB (brotli) to the first load. Without the `split` feature (the
/// browser tests, which are not split) both groups are plain code.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn show_invoice_list() -> AnyView {
    view! { <invoices::Invoices /> }.into_any()
}

/// Every page but the overview, sign-in and the invoice list, by its own route table.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn show_other_pages() -> AnyView {
    use leptos_router::components::{FlatRoutes, Route};
    use leptos_router::path;
    view! {
        <FlatRoutes fallback=NotFound>
            <Route path=path!("/invoices/:id") view=invoice_detail::InvoiceDetail />
            <Route path=path!("/invoices/:id/dispute") view=raise_dispute::RaiseDisputePage />
            <Route path=path!("/payments") view=payments::Payments />
            <Route path=path!("/statements") view=statements::Statements />
            <Route path=path!("/disputes") view=disputes::Disputes />
            <Route path=path!("/disputes/:id") view=dispute_detail::DisputeDetail />
            <Route path=path!("/plans") view=plans::Plans />
            <Route path=path!("/plans/build/:id") view=plan_builder::PlanBuilder />
            <Route path=path!("/plans/offers/:id") view=plan_offer::PlanOfferPage />
            <Route path=path!("/plans/:id") view=plan_receipt::PlanReceipt />
            <Route path=path!("/promise") view=promise::PromisePage />
            <Route path=path!("/ask-for-help") view=ask_for_help::AskForHelp />
            <Route path=path!("/help") view=help::Help />
            <Route path=path!("/contact-preferences") view=contact_preferences::ContactPreferencesPage />
            <Route path=path!("/waiting") view=waiting::Waiting />
        </FlatRoutes>
    }
    .into_any()
}

/// Declares the route of a page group: its view comes from `$show`, and `$preload` (which
/// `leptos::lazy` writes for `$show`) fetches the group's code ahead of the first visit.
macro_rules! group_route {
    ($(#[$doc:meta])* $route:ident, $show:ident, $preload:ident) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                $show().await
            }

            async fn preload() {
                #[cfg(feature = "split")]
                $preload().await;
            }
        }
    };
}

group_route!(
    /// The invoice list's route (`/invoices`).
    InvoiceListRoute,
    show_invoice_list,
    __preload_show_invoice_list
);

group_route!(
    /// Every other page's route (`/*any`): the pages' own table picks the page.
    OtherPagesRoute,
    show_other_pages,
    __preload_show_other_pages
);

/// Fetches and compiles the invoice list's code.
async fn preload_invoice_list() {
    InvoiceListRoute::preload().await;
}

/// Fetches and compiles the invoice list's code, then every other page's, so that once
/// the first screen is up no page waits for its code.
pub async fn preload_split_pages() {
    preload_invoice_list().await;
    OtherPagesRoute::preload().await;
}
