//! Drafts: what the customer changes in a form is kept in the store as they go, so a
//! reload, a crash or going offline loses nothing; the form forgets it once it is sent.
//! Any field can be kept: text as typed, choices and ticks as JSON. How a kept draft
//! meets a form opened again is the core's [`KeptDraft`]; how an open form meets newer
//! data, [`draft::follow`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{de::DeserializeOwned, Serialize};
use settle_core::draft::{self, KeptDraft};

use crate::store::Store;

/// One field of a form as a draft keeps it: its value as text, and how to set it back.
pub struct Field {
    read: Box<dyn Fn() -> String + Send + Sync>,
    write: Box<dyn Fn(&str) + Send + Sync>,
}

/// A text field, kept as typed.
pub fn text(signal: RwSignal<String>) -> Field {
    Field {
        read: Box::new(move || signal.get()),
        write: Box::new(move |value| signal.set(value.to_owned())),
    }
}

/// Any other field (a choice, a tick, a set of ticks), kept as JSON.
pub fn value<T>(signal: RwSignal<T>) -> Field
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    Field {
        read: Box::new(move || {
            signal.with(|value| serde_json::to_string(value).unwrap_or_default())
        }),
        write: Box::new(move |text| {
            // A value this version cannot read is left as the form has it.
            if let Ok(value) = serde_json::from_str(text) {
                signal.set(value);
            }
        }),
    }
}

/// Keeps the `fields` of the form `name` (e.g. `"dispute-message:d1"`), compared with
/// the values they hold now: restores what the customer changed earlier and did not
/// send, then keeps every change. Returns the draft, for [`Draft::forget`].
pub fn keep(name: String, fields: Vec<Field>) -> Draft {
    let draft = Draft {
        name: StoredValue::new(name.clone()),
        fields: StoredValue::new(fields),
        start: StoredValue::new(Vec::new()),
        earlier_changes: RwSignal::new(false),
    };
    draft.start.set_value(draft.values_untracked());
    let restored = RwSignal::new(false);
    let kept_as = name.clone();
    spawn_local(async move {
        let Ok(Some(store)) = Store::open_existing().await else {
            restored.try_set(true);
            return;
        };
        let kept = store.draft(&kept_as).await;
        store.close();
        // The form may have closed while the store answered: then nothing is left to
        // restore into.
        if let (Ok(Some(kept)), Some(start), Some(now)) = (
            kept,
            draft.start.try_get_value(),
            draft.try_values_untracked(),
        ) {
            if let Some(values) = kept.restore(&start, &now) {
                draft.set_values(&values);
                draft.earlier_changes.try_set(true);
            }
        }
        restored.try_set(true);
    });
    Effect::new(move |_| {
        let now = draft.fields.with_value(|fields| {
            fields
                .iter()
                .map(|field| (field.read)())
                .collect::<Vec<_>>()
        });
        // Saving before the draft is restored would overwrite it with the new form.
        if !restored.get() {
            return;
        }
        let kept = KeptDraft::of(&draft.start.get_value(), &now);
        if kept.is_none() {
            draft.earlier_changes.set(false);
        }
        let name = name.clone();
        spawn_local(async move {
            if let Ok(Some(store)) = Store::open_existing().await {
                let _ = match kept {
                    Some(kept) => store.set_draft(&name, &kept).await,
                    None => store.clear_draft(&name).await,
                };
                store.close();
            }
        });
    });
    draft
}

/// A form's kept draft.
#[derive(Clone, Copy)]
pub struct Draft {
    name: StoredValue<String>,
    fields: StoredValue<Vec<Field>>,
    /// The values the form started from: what a change is measured against.
    start: StoredValue<Vec<String>>,
    earlier_changes: RwSignal<bool>,
}

impl Draft {
    fn values_untracked(self) -> Vec<String> {
        self.try_values_untracked().unwrap_or_default()
    }

    /// The fields' values, or `None` once the form is gone.
    fn try_values_untracked(self) -> Option<Vec<String>> {
        untrack(|| {
            self.fields
                .try_with_value(|fields| fields.iter().map(|field| (field.read)()).collect())
        })
    }

    fn set_values(self, values: &[String]) {
        self.fields.try_with_value(|fields| {
            for (field, value) in fields.iter().zip(values) {
                (field.write)(value);
            }
        });
    }

    /// Whether the form shows changes the customer made earlier and has not sent.
    pub fn has_earlier_changes(self) -> Signal<bool> {
        self.earlier_changes.into()
    }

    /// Newer data for the open form, which `fill` puts in its fields: the fields the
    /// customer has not changed since the form started take it, the others keep what
    /// they typed, and the form starts from it from now on ([`draft::follow`]).
    pub fn follow(self, fill: impl FnOnce()) {
        let now = self.values_untracked();
        fill();
        let newer = self.values_untracked();
        self.set_values(&draft::follow(&self.start.get_value(), &now, &newer));
        self.start.set_value(newer);
    }

    /// Puts the form back as it started and forgets the draft.
    pub fn discard(self) {
        self.set_values(&self.start.get_value());
        self.earlier_changes.set(false);
        spawn_local(self.forget());
    }

    /// Forgets the draft: the form was sent. What it holds now is its new start, so a
    /// form that stays open keeps only changes made after sending.
    pub async fn forget(self) {
        let Some(name) = self.name.try_get_value() else {
            return;
        };
        if let Some(now) = self.try_values_untracked() {
            self.start.try_set_value(now);
        }
        self.earlier_changes.try_set(false);
        if let Ok(Some(store)) = Store::open_existing().await {
            let _ = store.clear_draft(&name).await;
            store.close();
        }
    }
}
