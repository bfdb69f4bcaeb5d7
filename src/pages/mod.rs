//! One module per page.

mod contact_preferences;
mod dispute_detail;
mod disputes;
mod invoice_detail;
mod invoices;
mod not_found;
mod overview;
mod raise_dispute;
mod sign_in;

pub use contact_preferences::ContactPreferencesPage;
pub use dispute_detail::DisputeDetail;
pub use disputes::Disputes;
pub use invoice_detail::InvoiceDetail;
pub use invoices::Invoices;
pub use not_found::NotFound;
pub use overview::Overview;
pub use raise_dispute::RaiseDisputePage;
pub use sign_in::SignIn;

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
