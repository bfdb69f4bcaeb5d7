//! The data layer: what each page shows, read from the on-device store as a typed view
//! model (with the customer's waiting actions laid over the synced records), and what the
//! customer does, queued through the outbox or, for sign-in and checkout, asked of the
//! backend at once.
//!
//! Pages and components render what this module gives them and dispatch through it. They
//! never open the store, build an intent or call the network themselves; a test in the
//! suite checks their imports. The decisions themselves (what a waiting action changes,
//! what a refusal means) are the core's; this layer only fetches and hands over.

mod accounts;
mod actions;
mod checkout;
mod customer;
mod disputes;
pub mod drafts;
mod error;
mod invoices;
mod last_visit;
mod live;
mod payments;
mod plans;
mod preferences;
mod promises;
mod session;
mod statements;
mod submission;

pub use accounts::{accounts, choose_account};
pub use actions::{refused_entry, waiting, Chosen, Outbox};
pub use checkout::start_checkout;
pub use customer::{Customer, CustomerOnDevice};
pub use disputes::{dispute, dispute_lines, DisputeState, DisputeView};
pub use error::AppError;
pub use invoices::{invoice, invoice_list, InvoiceView};
pub use last_visit::SinceLastVisit;
pub use live::{by_route_id, correcting, edit_key, read_for_form, read_live};
pub use payments::{payments, Payments};
pub use plans::{account_plans, plan, plan_offer, plans_of_account, AccountPlans, OfferView};
pub use preferences::{preferences, PreferencesView};
pub use promises::promises;
pub use session::{request_code, sign_in, sign_out, sync_now};
pub use statements::{keep_for_offline, statements};
pub use submission::Submission;

pub use crate::sync::SyncStatus;

use crate::store::Store;

/// Reads with `read` from the store, or gives `empty` when this device has none (no one
/// has signed in on it): a page then shows its empty state, not an error.
async fn from_store<T>(
    empty: T,
    read: impl AsyncFnOnce(&Store) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let Some(store) = Store::open_existing().await? else {
        return Ok(empty);
    };
    let read = read(&store).await;
    store.close();
    read
}
