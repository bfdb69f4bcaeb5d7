//! Paying: a hosted checkout asked of the backend at once, since the customer is about
//! to leave for the payment page; nothing is queued.

use settle_core::checkout::StartCheckout;

use super::AppError;
use crate::backend::Backend;
use crate::backend_choice;

/// Asks the chosen backend for a hosted checkout, and answers its page's address; `None`
/// when a broken profile stops every request. Its code (the request, a profile's mapping)
/// is split from the first load and fetched on the first payment.
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn start_checkout(checkout: StartCheckout) -> Option<Result<String, AppError>> {
    let backend = backend_choice::backend()?;
    let key = crate::outbox::new_key();
    Some(
        backend
            .start_checkout(&checkout, &key)
            .await
            .map_err(AppError::from),
    )
}
