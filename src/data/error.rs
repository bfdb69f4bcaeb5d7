//! The one error a page can be shown: whatever failed under it (the store, the backend),
//! already in the customer's language. Pages print it; they never build one.

use crate::api::ApiError;
use crate::store::StoreError;

/// Why the data layer could not read or do what a page asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The store on this device failed: unavailable, unreadable or full.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The backend did not take a request made at once (sign-in, checkout).
    #[error(transparent)]
    Backend(#[from] ApiError),
}

impl AppError {
    /// Whether the request failed for want of a connection, not because it was refused.
    pub fn is_offline(&self) -> bool {
        matches!(self, AppError::Backend(ApiError::Offline))
    }
}
