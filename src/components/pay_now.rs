//! "Pay now": a hosted checkout asked for through the data layer; offline, the button
//! says why it waits.

use leptos::prelude::*;
use rust_decimal::Decimal;
use settle_core::checkout::{CheckoutTarget, StartCheckout};
use settle_core::currency::Currency;
use settle_core::intents::IntentKind;

use crate::backend_choice;
use crate::data::{self, Submission, SyncStatus};
use crate::i18n::{t, tf};

/// "Pay now": asks the backend for a hosted checkout and goes there; the payment comes
/// back through sync. Offline, the button says why it waits instead of failing.
#[component]
pub fn PayNow(
    account_id: String,
    target: CheckoutTarget,
    currency: Currency,
    amount: Decimal,
    /// The button's words, e.g. "Pay invoice INV-1 now".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    // A backend without hosted checkouts: no button that could only fail.
    if !backend_choice::capabilities().supports_intent(IntentKind::StartCheckout) {
        return ().into_any();
    }
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let return_path = web_sys::window().and_then(|w| w.location().pathname().ok());
    let checkout = StartCheckout {
        account_id,
        target,
        currency,
        amount,
        return_path,
    };
    let start = Submission::new(move |checkout: StartCheckout| async move {
        let Some(started) = data::start_checkout(checkout).await else {
            return busy.set(false);
        };
        match started {
            Ok(address) => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().assign(&address);
                }
            }
            Err(error) => {
                if error.is_offline() {
                    status.online.set(false);
                }
                problem.set(Some(tf(
                    "We could not start the payment: {}.",
                    &[&error.to_string()],
                )));
                busy.set(false);
            }
        }
    });
    let pay = move |_| {
        problem.set(None);
        busy.set(true);
        start.submit(checkout.clone());
    };
    view! {
        <div class="pay-now">
            <button type="button" on:click=pay disabled=move || busy.get() || !status.online.get()>
                {label}
            </button>
            <p class="muted" role="status">{move || (!status.online.get()).then_some(
                t("Paying needs a connection: this button works again as soon as you are back online.")
            )}</p>
            <p class="error" role="alert">{move || problem.get()}</p>
        </div>
    }
    .into_any()
}
