//! Components shared by pages.

mod account_summary;
mod status_bar;
mod update_banner;

pub use account_summary::AccountSummary;
pub use status_bar::StatusBar;
pub use update_banner::UpdateBanner;
