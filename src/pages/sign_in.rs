//! Sign-in (`/sign-in`) with an email address and a one-time code, and the choice to
//! keep nothing on a shared device.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::data::{self, Submission, SyncStatus};
use crate::i18n::t;

/// Sign-in with an email address and a one-time code.
#[component]
pub fn SignIn() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let code_sent = RwSignal::new(false);
    let keep_nothing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let status = expect_context::<SyncStatus>();

    let ask = Submission::new(move |email: String| async move {
        match data::request_code(&email).await {
            Ok(()) => code_sent.set(true),
            Err(e) => error.set(Some(e.to_string())),
        }
    });
    let verify_code = Submission::new(move |(email, code): (String, String)| {
        let navigate = navigate.clone();
        async move {
            match data::sign_in(status, email, code, keep_nothing.get_untracked()).await {
                Ok(()) => navigate("/", Default::default()),
                Err(problem) => error.set(Some(problem.to_string())),
            }
        }
    });
    let (asking, verifying) = (ask.pending(), verify_code.pending());
    let busy = move || asking.get() || verifying.get();

    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        ask.submit(email.get_untracked());
    };

    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        verify_code.submit((email.get_untracked(), code.get_untracked()));
    };

    view! {
        <section class="card sign-in">
            <h1>{t("Sign in to Settle")}</h1>
            <Show
                when=move || code_sent.get()
                fallback=move || {
                    view! {
                        <form on:submit=send_code>
                            <label for="email">{t("Email address")}</label>
                            <input id="email" type="email" autocomplete="email" required
                                bind:value=email />
                            <div class="check">
                                <input id="keep-nothing" type="checkbox" aria-describedby="keep-nothing-hint"
                                    bind:checked=keep_nothing />
                                <label for="keep-nothing">{t("Keep nothing on this device")}</label>
                            </div>
                            <p class="muted" id="keep-nothing-hint">
                                {t("For a shared or public computer: your account is kept only in this tab, and is gone when you close it.")}
                            </p>
                            <button type="submit" disabled=busy>
                                {t("Send me a sign-in code")}
                            </button>
                        </form>
                    }
                }
            >
                <form on:submit=verify>
                    <p>{t("We sent a six-digit code to ")} <strong>{move || email.get()}</strong> "."</p>
                    <Show when=move || keep_nothing.get()>
                        <p class="muted">{t("Nothing will be kept on this device once you close this tab.")}</p>
                    </Show>
                    <label for="code">{t("Sign-in code")}</label>
                    <input id="code" inputmode="numeric" autocomplete="one-time-code"
                        pattern="[0-9]{6}" maxlength="6" required bind:value=code />
                    <button type="submit" disabled=busy>{t("Sign in")}</button>
                </form>
            </Show>
            <p class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
