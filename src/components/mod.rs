//! Components shared by pages.

mod account_summary;
mod ageing_chart;
mod focus_on_navigate;
mod status_bar;
mod update_banner;

pub use account_summary::AccountSummary;
pub use ageing_chart::AgeingChart;
pub use focus_on_navigate::FocusOnNavigate;
pub use status_bar::StatusBar;
pub use update_banner::UpdateBanner;
