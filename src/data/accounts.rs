//! The customer's accounts, and which of them the pages show.

use settle_core::api::Account;

use super::{from_store, AppError, SyncStatus};
use crate::store::Store;

/// Every account the customer reaches, as last synced.
pub async fn accounts() -> Result<Vec<Account>, AppError> {
    from_store(Vec::new(), async |store| Ok(store.accounts().await?)).await
}

/// Keeps the account chosen with the switcher (`None` for all), so the next visit shows
/// the same one, and tells every page to read again. Its code is fetched on the first
/// choice, since most customers have one account.
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn choose_account(status: SyncStatus, id: Option<String>) {
    if let Ok(Some(store)) = Store::open_existing().await {
        // Only a convenience: a choice not kept is made again next time.
        let _ = store.set_chosen_account(id.as_deref()).await;
        store.close();
    }
    status.store_changed();
}
