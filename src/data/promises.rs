//! Promises to pay: those the backend has, and those made or changed on this device that
//! it has not taken yet.

use settle_core::api::Kind;
use settle_core::intents::Intent;
use settle_core::outbox::OutboxEntry;
use settle_core::promise::Promise;

use super::{from_store, AppError};

/// The promises, and the promises and changes of date waiting to be sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Promises {
    pub promises: Vec<Promise>,
    pub waiting: Vec<OutboxEntry>,
}

/// Every promise in the store, and what waits about promises.
pub async fn promises() -> Result<Promises, AppError> {
    from_store(Promises::default(), async |store| {
        let promises = store.all::<Promise>(Kind::Promise).await;
        let outbox = store.outbox().await;
        let waiting = outbox?
            .into_iter()
            .filter(|e| matches!(e.intent, Intent::PromiseToPay(_) | Intent::ChangePromise(_)))
            .collect();
        Ok(Promises {
            promises: promises?,
            waiting,
        })
    })
    .await
}

impl Promises {
    /// The promises on the account `account_id`, and what waits about them: new promises
    /// on it and changes to its promises.
    pub fn of_account(&self, account_id: &str) -> (Vec<Promise>, Vec<OutboxEntry>) {
        let mine: Vec<Promise> = self
            .promises
            .iter()
            .filter(|p| p.account_id == account_id)
            .cloned()
            .collect();
        let waiting = self
            .waiting
            .iter()
            .filter(|e| match &e.intent {
                Intent::PromiseToPay(p) => p.account_id == account_id,
                Intent::ChangePromise(c) => mine.iter().any(|p| p.id == c.promise_id),
                _ => false,
            })
            .cloned()
            .collect();
        (mine, waiting)
    }
}
