//! The line a form shows when it holds changes the customer made earlier and has not
//! sent, with a way to put the form back as it started.

use leptos::prelude::*;

use crate::data::drafts::Draft;
use crate::i18n::t;

/// Says the form shows unsaved changes from earlier, while it does, and offers to
/// discard them.
#[component]
pub fn DraftNotice(draft: Draft) -> impl IntoView {
    view! {
        <div role="status">
            <Show when=move || draft.has_earlier_changes().get()>
                <div class="pending draft-notice" data-testid="draft-notice">
                    <p>{t("You have unsaved changes from earlier.")}</p>
                    <button type="button" class="secondary" on:click=move |_| draft.discard()>
                        {t("Discard them")}
                    </button>
                </div>
            </Show>
        </div>
    }
}
