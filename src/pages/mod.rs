//! One module per page.

mod contact_preferences;
mod disputes;
mod invoice_detail;
mod invoices;
mod not_found;
mod overview;
mod raise_dispute;
mod sign_in;

pub use contact_preferences::ContactPreferencesPage;
pub use disputes::Disputes;
pub use invoice_detail::InvoiceDetail;
pub use invoices::Invoices;
pub use not_found::NotFound;
pub use overview::Overview;
pub use raise_dispute::RaiseDisputePage;
pub use sign_in::SignIn;
