//! Drafts: what the customer types into a form is kept in the store as they type, so a
//! reload, a crash or going offline loses nothing; the form forgets it once it is sent.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::store::Store;

/// Keeps the text `fields` of the form `name` (e.g. `"dispute-message:d1"`): restores
/// them from the store once, then saves every change. Returns the draft, for [`forget`].
pub fn keep(name: String, fields: Vec<RwSignal<String>>) -> Draft {
    let restored = RwSignal::new(false);
    let draft = Draft {
        name: StoredValue::new(name),
    };
    let saved = fields.clone();
    spawn_local(async move {
        let name = draft.name.get_value();
        if let Ok(Some(store)) = Store::open_existing().await {
            if let Ok(Some(values)) = store.draft(&name).await {
                // Only what is still empty: the customer may have started typing.
                for (field, value) in saved.iter().zip(values) {
                    if field.get_untracked().is_empty() {
                        field.set(value);
                    }
                }
            }
            store.close();
        }
        restored.set(true);
    });
    Effect::new(move |_| {
        let values: Vec<String> = fields.iter().map(|field| field.get()).collect();
        // Saving before the draft is restored would overwrite it with the empty form.
        if !restored.get() {
            return;
        }
        let name = draft.name.get_value();
        spawn_local(async move {
            if let Ok(Some(store)) = Store::open_existing().await {
                let _ = if values.iter().all(String::is_empty) {
                    store.clear_draft(&name).await
                } else {
                    store.set_draft(&name, &values).await
                };
                store.close();
            }
        });
    });
    draft
}

/// A form's kept draft.
#[derive(Debug, Clone, Copy)]
pub struct Draft {
    name: StoredValue<String>,
}

impl Draft {
    /// Forgets the draft: the form was sent.
    pub async fn forget(self) {
        if let Ok(Some(store)) = Store::open_existing().await {
            let _ = store.clear_draft(&self.name.get_value()).await;
            store.close();
        }
    }
}
