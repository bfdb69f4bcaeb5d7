//! One module per page.

mod contact_preferences;
mod dispute_actions;
mod dispute_detail;
mod disputes;
mod invoice_detail;
mod invoices;
mod not_found;
mod overview;
mod plan_builder;
mod plan_offer;
mod plan_receipt;
mod plans;
mod raise_dispute;
mod sign_in;

pub use contact_preferences::ContactPreferencesPage;
pub use dispute_detail::DisputeDetail;
pub use disputes::Disputes;
pub use invoice_detail::InvoiceDetail;
pub use invoices::Invoices;
pub use not_found::NotFound;
pub use overview::Overview;
pub use plan_builder::PlanBuilder;
pub use plan_offer::PlanOfferPage;
pub use plan_receipt::PlanReceipt;
pub use plans::Plans;
pub use raise_dispute::RaiseDisputePage;
pub use sign_in::SignIn;

/// Where an action queued on this device stands, in the customer's words.
fn waiting_words(status: &settle_core::outbox::EntryStatus) -> String {
    use settle_core::outbox::EntryStatus;
    match status {
        EntryStatus::Rejected { problem } => format!(
            "Not accepted: {}. Change the details and try again, or contact us.",
            problem.detail.as_deref().unwrap_or(&problem.title)
        ),
        EntryStatus::Waiting { last_error: None } => "Waiting to be sent".into(),
        EntryStatus::Waiting {
            last_error: Some(why),
        } => format!("Waiting to be sent: {why}. We will keep trying; nothing needs doing."),
    }
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
