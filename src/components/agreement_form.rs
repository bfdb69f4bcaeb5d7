//! The agreement to a payment plan, the same for a plan the customer built and one the
//! creditor offered: what agreeing means, the terms' version, the box to tick and the
//! button. The page checks and queues the agreement; this only asks for it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, tf};

/// `agreed` follows the box; `problem` is shown under it (and cleared when the box
/// changes); `on_agree` runs when the customer submits.
#[component]
pub fn AgreementForm<F>(
    terms_version: String,
    /// What happens when an instalment is missed, as the creditor's policy says it.
    #[prop(into)]
    missed_rule: Option<String>,
    agreed: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
    on_agree: F,
) -> impl IntoView
where
    F: Fn(SubmitEvent) + 'static,
{
    view! {
        <form class="card agreement" on:submit=on_agree>
            <h2>{t("Your agreement")}</h2>
            <p>{t("By agreeing you promise to pay the instalments above on their dates. ")}
                {missed_rule}</p>
            <p>{tf(
                "You agree to our payment plan terms, version {}. We record the date and time you agree, and you can see the agreement under Payment plans at any time, even offline.",
                &[&terms_version],
            )}</p>
            <div class="check">
                <input type="checkbox" id="agree" on:change=move |ev| {
                    agreed.set(event_target_checked(&ev));
                    problem.set(None);
                } />
                <label for="agree">{t("I agree to this plan and its terms")}</label>
            </div>
            <p class="error" role="alert">{move || problem.get()}</p>
            <button type="submit">{t("Agree to this plan")}</button>
        </form>
    }
}
