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

pub use ask_for_help::AskForHelp;
pub use contact_preferences::ContactPreferencesPage;
pub use dispute_detail::DisputeDetail;
pub use disputes::Disputes;
pub use help::Help;
pub use invoice_detail::InvoiceDetail;
pub use invoices::Invoices;
pub use not_found::NotFound;
pub use overview::Overview;
pub use payments::Payments;
pub use plan_builder::PlanBuilder;
pub use plan_offer::PlanOfferPage;
pub use plan_receipt::PlanReceipt;
pub use plans::Plans;
pub use promise::PromisePage;
pub use raise_dispute::RaiseDisputePage;
pub use sign_in::SignIn;
pub use statements::Statements;

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
