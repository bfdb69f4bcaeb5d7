//! Components shared by pages.

mod account_summary;

pub use account_summary::AccountSummary;
