//! The sync engine: pulls every change from the backend into the store, page by page.

use crate::api::{self, ApiError};
use crate::store::{Store, StoreError};

/// Why a sync stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Pulls from the stored checkpoint until the backend says there is no more. Each page
/// is stored with its checkpoint in one transaction, so an interrupted pull resumes.
pub async fn pull(store: &Store) -> Result<usize, SyncError> {
    let mut applied = 0;
    loop {
        let checkpoint = store.checkpoint().await?;
        let page = api::sync_page(checkpoint.as_deref()).await?;
        store.apply_page(&page).await?;
        applied += page.items.len();
        if !page.more {
            break;
        }
    }
    let now = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    store.set_last_synced(&now).await?;
    Ok(applied)
}
