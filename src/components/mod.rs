//! Components shared by pages.

mod account_summary;
mod account_switcher;
mod ageing_chart;
mod agreement_form;
mod attachment_picker;
mod checkout_result;
mod dispute_actions;
mod draft_notice;
mod field_error;
mod focus_on_navigate;
mod language_switcher;
mod loaded;
mod pay_now;
mod plan_terms;
mod queued_action;
mod schedule_table;
mod status_bar;
mod update_banner;

pub use account_summary::AccountSummary;
pub use account_switcher::{AccountSwitcher, ChosenAccount};
pub use ageing_chart::AgeingChart;
pub use agreement_form::AgreementForm;
pub use attachment_picker::AttachmentPicker;
pub use checkout_result::CheckoutResult;
pub use dispute_actions::{AskFeedback, SendMessage, Withdraw};
pub use draft_notice::DraftNotice;
pub use field_error::FieldError;
pub use focus_on_navigate::FocusOnNavigate;
pub use language_switcher::LanguageSwitcher;
pub use loaded::Loaded;
pub use pay_now::PayNow;
pub use plan_terms::{frequency_words, PlanTerms};
pub use queued_action::{describe, QueuedAction};
pub use schedule_table::{Row, ScheduleTable};
pub use status_bar::StatusBar;
pub use update_banner::UpdateBanner;
