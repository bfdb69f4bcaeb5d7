//! One module per page.

mod contact_preferences;
mod disputes;
mod invoices;
mod not_found;
mod overview;
mod raise_dispute;
mod sign_in;

pub use contact_preferences::ContactPreferencesPage;
pub use disputes::Disputes;
pub use invoices::Invoices;
pub use not_found::NotFound;
pub use overview::Overview;
pub use raise_dispute::RaiseDisputePage;
pub use sign_in::SignIn;
