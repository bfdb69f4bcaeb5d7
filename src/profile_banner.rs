//! The banner shown when the backend profile cannot be used: every mistake with the path
//! of the field at fault, and what that means for the customer (their saved data is shown,
//! nothing is sent or fetched).

use leptos::prelude::*;

use crate::backend_choice::{self, Active};
use crate::i18n::t;

/// Lists the profile's mistakes; shows nothing when the profile is fine.
const BROKEN: &str = "Its connection settings (the backend profile) have mistakes, so nothing is sent or fetched. What is saved on this device is shown, and actions you take wait on this device until the settings are fixed.";

#[component]
pub fn ProfileBanner() -> impl IntoView {
    let Active::Broken(errors) = backend_choice::active() else {
        return ().into_any();
    };
    view! {
        <section class="card profile-errors" role="alert" aria-labelledby="profile-errors-title">
            <h2 id="profile-errors-title">{t("This site cannot reach your account just now")}</h2>
            <p>{t(BROKEN)}</p>
            <ul>
                {errors.iter().map(|error| view! { <li><code>{error.clone()}</code></li> }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
