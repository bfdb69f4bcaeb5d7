//! Signing in and out, and syncing on the customer's word: asked of the backend at once,
//! never queued, since nothing else can happen until they are done.

use leptos::prelude::Set;

use super::{AppError, SyncStatus};
use crate::store::Store;
use crate::{api, session, shared_device, sync};

/// Asks the backend to send a sign-in code to `email`.
pub async fn request_code(email: &str) -> Result<(), AppError> {
    Ok(api::request_code(email).await?)
}

/// Signs in with the code sent to `email`; `keep_nothing` keeps the account in this tab
/// only (a shared computer). The session is stored and the first sync asked for. Its
/// code is fetched when the customer sends their code: a signed-in customer never needs it.
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn sign_in(
    status: SyncStatus,
    email: String,
    code: String,
    keep_nothing: bool,
) -> Result<(), AppError> {
    let session = api::sign_in(&email, &code, keep_nothing).await?;
    if keep_nothing {
        shared_device::turn_on();
    } else {
        shared_device::turn_off();
    }
    let store = Store::open().await?;
    let saved = store.set_session(&session).await;
    store.close();
    saved?;
    crate::device_storage::signed_in();
    status.session_ended.set(false);
    status.store_changed();
    sync::request(status);
    Ok(())
}

/// Signs out: the backend forgets the session and this device forgets the customer,
/// waiting actions included. Its code is fetched on the first sign-out.
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn sign_out(status: SyncStatus) {
    session::sign_out().await;
    status.store_changed();
    status.session_ended.set(true);
}

/// Syncs now: sends what waits and reads what changed.
pub fn sync_now(status: SyncStatus) {
    sync::request(status);
}
