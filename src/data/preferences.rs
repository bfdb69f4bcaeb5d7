//! Contact preferences as the customer will have them: a change still waiting in the
//! outbox wins over the synced copy (the core's rule), with the version it was based on.

use settle_core::api::{Kind, Problem};
use settle_core::contact::ContactPreferences;
use settle_core::intents::Intent;
use settle_core::waiting::waiting_wins;

use super::{from_store, AppError};

/// What the preferences page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PreferencesView {
    /// The newest change waiting to be sent, or the synced preferences.
    pub preferences: ContactPreferences,
    /// The preferences as last synced, whatever is waiting.
    pub synced: ContactPreferences,
    /// The synced version, which a change is sent against (`If-Match`).
    pub version: i64,
    pub waiting: bool,
    /// Why the backend refused the last change, if it did.
    pub refused: Option<Problem>,
}

/// The signed-in customer's preferences; `None` until they have been synced.
pub async fn preferences() -> Result<Option<PreferencesView>, AppError> {
    from_store(None, async |store| {
        let Some(session) = store.session().await? else {
            return Ok(None);
        };
        // Kept under the customer's id, or under an id of its own (a backend's settings
        // record, `/settings/{id}`): the customer has only the one.
        let mut synced = store
            .versioned::<ContactPreferences>(Kind::Preferences, &session.customer_id)
            .await?;
        if synced.is_none() {
            let own = store.all::<ContactPreferences>(Kind::Preferences).await?;
            if let Some(id) = own.into_iter().next().map(|record| record.id) {
                synced = store.versioned(Kind::Preferences, &id).await?;
            }
        }
        let entries = store.outbox().await;
        let Some((synced, version)) = synced else {
            return Ok(None);
        };
        let overlaid = waiting_wins(synced.clone(), &entries?, |intent| match intent {
            Intent::PutPreferences(preferences) => Some(preferences),
            _ => None,
        });
        Ok(Some(PreferencesView {
            preferences: overlaid.shown,
            synced,
            version,
            waiting: overlaid.waiting,
            refused: overlaid.refused,
        }))
    })
    .await
}
