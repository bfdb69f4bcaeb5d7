//! The backend interface: what the sync engine needs from a backend, whatever its API.
//! The Settle API is one implementation; a backend described by a profile is another.

use settle_core::api::SyncPage;
use settle_core::checkout::StartCheckout;
use settle_core::outbox::{Attempt, OutboxEntry};
use web_sys::Blob;

use crate::api::{self, ApiError};

/// A backend the sync engine can pull from and push to.
// The app is single-threaded WebAssembly: the futures never need to be `Send`.
#[allow(async_fn_in_trait)]
pub trait Backend {
    /// One page of changes after `checkpoint` (none: from the beginning).
    async fn pull(&self, checkpoint: Option<&str>) -> Result<SyncPage, ApiError>;

    /// One attempt to deliver a queued action; `file` is the bytes of an upload.
    async fn send(&self, entry: &OutboxEntry, file: Option<&Blob>) -> Attempt;

    /// Asks for a hosted checkout, sent with the idempotency `key`, and answers the
    /// address of its page. Paying needs a connection, so this is not queued.
    async fn start_checkout(&self, checkout: &StartCheckout, key: &str)
        -> Result<String, ApiError>;
}

/// The Settle REST API (v1), at the app's own origin.
#[derive(Debug, Clone, Copy, Default)]
pub struct SettleApi;

impl Backend for SettleApi {
    async fn pull(&self, checkpoint: Option<&str>) -> Result<SyncPage, ApiError> {
        api::sync_page(checkpoint).await
    }

    async fn send(&self, entry: &OutboxEntry, file: Option<&Blob>) -> Attempt {
        api::send(entry, file).await
    }

    async fn start_checkout(
        &self,
        checkout: &StartCheckout,
        key: &str,
    ) -> Result<String, ApiError> {
        api::start_checkout(checkout, key)
            .await
            .map(|started| started.redirect_url)
    }
}
