//! Choosing photos and documents for a dispute or a message, checked against the core's
//! limits as they are added; the bytes stay on the device until they are uploaded.

use leptos::prelude::*;
use settle_core::attachment::{validate_attachments, AttachmentMeta, ALLOWED_MEDIA_TYPES};
use settle_core::intents::IntentKind;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::data::Chosen;
use crate::i18n::{t, tf};

/// Photos and documents for a dispute or a message: taken with the phone's camera or
/// chosen from its files, checked against the core's limits as they are added. The
/// bytes are kept on the device until they are uploaded.
#[component]
pub fn AttachmentPicker(
    /// The files chosen so far.
    chosen: RwSignal<Vec<Chosen>, LocalStorage>,
    /// The input's id, unique on the page.
    id: &'static str,
) -> impl IntoView {
    // A backend without uploads: no picker, rather than files that could never be sent.
    if !crate::backend_choice::capabilities().supports_intent(IntentKind::UploadAttachment) {
        return ().into_any();
    }
    let problem = RwSignal::new(None::<String>);
    let error_id = format!("{id}-error");
    let add = move |ev: leptos::ev::Event| {
        problem.set(None);
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else { return };
        let mut list = chosen.get_untracked();
        for index in 0..files.length() {
            let Some(file) = files.get(index) else {
                continue;
            };
            let added = Chosen::new(file);
            let mut metas: Vec<AttachmentMeta> = list.iter().map(|c| c.meta.clone()).collect();
            metas.push(added.meta.clone());
            match validate_attachments("/attachments", &metas) {
                Ok(()) => list.push(added),
                Err(error) => {
                    problem.set(Some(tf(
                        "{} was not added: {}.",
                        &[&added.meta.file_name, &error.reason.to_string()],
                    )));
                }
            }
        }
        chosen.set(list);
        // The same file can be chosen again after it was removed.
        input.set_value("");
    };
    view! {
        <label for=id>{t("Photos or documents (optional)")}</label>
        <input type="file" id=id multiple accept=ALLOWED_MEDIA_TYPES.join(",")
            aria-describedby=error_id.clone() on:change=add />
        <p class="error" id=error_id role="alert">{move || problem.get()}</p>
        <ul class="plain attachments" data-testid="chosen-files">
            {move || chosen.get().into_iter().map(|c| {
                let remove_id = c.meta.id.clone();
                let name = c.meta.file_name.clone();
                view! {
                    <li>
                        <span>{name.clone()}</span>
                        <button type="button" class="secondary" aria-label=tf("Remove {}", &[&name])
                            on:click=move |_| chosen.update(|list| list.retain(|c| c.meta.id != remove_id))>
                            {t("Remove")}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
