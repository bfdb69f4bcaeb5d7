//! What the frame of every page shows about the customer on this device: whether they
//! are signed in, their accounts, the account they chose and how many of their actions
//! wait to be sent. The header, the account switcher and the overview all show it, so it
//! is read from the store once per change, not once by each of them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use settle_core::api::Account;

use super::{AppError, SyncStatus};
use crate::store::Store;

/// The signed-in customer, as the store has them.
#[derive(Debug, Clone)]
pub struct Customer {
    /// Their accounts by account number, or why they could not be read.
    pub accounts: Result<Vec<Account>, AppError>,
    /// The account they chose with the switcher, if any.
    pub chosen_account: Option<String>,
    /// How many of their actions wait on this device to be sent.
    pub waiting: usize,
}

/// The customer on this device, read again whenever the store changes. Provided as
/// context by the app.
#[derive(Clone, Copy)]
pub struct CustomerOnDevice {
    /// The newest read and the store revision it was made at.
    read: RwSignal<Option<(u64, Read)>, LocalStorage>,
    status: SyncStatus,
}

/// One read of the store: `Ok(None)` when nobody is signed in, or why the store could
/// not be opened.
pub type Read = Result<Option<Customer>, AppError>;

impl CustomerOnDevice {
    /// Starts reading, and again on every change the sync status announces.
    ///
    /// A signal filled by a task, not a `LocalResource`: this is the first load's only
    /// asynchronous read, and a resource would bring all of the resource machinery with it.
    pub fn read(status: SyncStatus) -> CustomerOnDevice {
        let read = RwSignal::new_local(None::<(u64, Read)>);
        Effect::new(move |_| {
            let revision = status.revision.get();
            spawn_local(async move {
                let customer = read_customer().await;
                // Reads can finish out of order: an older one never replaces a newer.
                read.maybe_update(|last| {
                    let newer = last.as_ref().is_none_or(|(at, _)| *at <= revision);
                    if newer {
                        *last = Some((revision, customer));
                    }
                    newer
                });
            });
        });
        CustomerOnDevice { read, status }
    }

    /// The last read, `None` before the first has finished (tracked). While the store is
    /// read again after a change, the read before stays: the screen does not blink.
    pub fn get(&self) -> Option<Read> {
        self.read.get().map(|(_, read)| read)
    }

    /// Whether someone is signed in, as the store holds now: `None` until a read made
    /// since the last change has finished (tracked).
    pub fn signed_in(&self) -> Option<bool> {
        let now = self.status.revision.get();
        self.read.with(|read| match read {
            Some((revision, Ok(customer))) if *revision == now => Some(customer.is_some()),
            _ => None,
        })
    }

    /// How many actions wait to be sent, when someone is signed in (tracked).
    pub fn waiting(&self) -> Option<usize> {
        self.read.with(|read| match read {
            Some((_, Ok(Some(customer)))) => Some(customer.waiting),
            _ => None,
        })
    }
}

async fn read_customer() -> Result<Option<Customer>, AppError> {
    let Some(store) = Store::open_existing().await? else {
        return Ok(None);
    };
    let customer = match store.session().await {
        Ok(Some(_)) => Some(Customer {
            accounts: store.accounts().await.map_err(AppError::from),
            chosen_account: store.chosen_account().await.ok().flatten(),
            waiting: store.outbox_len().await.unwrap_or(0),
        }),
        _ => None,
    };
    store.close();
    Ok(customer)
}
