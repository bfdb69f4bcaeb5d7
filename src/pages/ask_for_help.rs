//! Asking for help (`/ask-for-help`): a short hardship form about income, outgoings and
//! what the customer can afford, asking for breathing space or a smaller plan.

use leptos::prelude::*;
use rust_decimal::Decimal;
use settle_core::api::Account;
use settle_core::help::{HelpKind, HelpRequest};
use settle_core::intents::Intent;
use settle_core::message::Explain;
use settle_core::money::Money;
use settle_core::plan::Frequency;

use crate::components::frequency_words;
use crate::data::drafts;
use crate::data::{self, Outbox, Submission};
use crate::i18n::{t, tf};

/// Asking for help (`/ask-for-help`): a short form about income, outgoings and what the
/// customer can afford, asking for breathing space or a smaller plan.
#[component]
pub fn AskForHelp() -> impl IntoView {
    let loaded = data::read_for_form(data::accounts, |accounts| !accounts.is_empty());
    let correcting = data::correcting(|intent| match intent {
        Intent::AskForHelp(request) => Some(request),
        _ => None,
    });
    view! {
        <h1>{t("Ask us for help")}</h1>
        <p>{t("If paying is hard right now, tell us. We will look at what you can afford and will not chase you while we do. Leave any amount empty if you prefer not to say.")}</p>
        {move || match (loaded.get(), correcting.get()) {
            (None, _) | (_, None) => view! { <p>{t("Loading…")}</p> }.into_any(),
            (Some(Err(problem)), _) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
            (Some(Ok(accounts)), _) if accounts.is_empty() => view! { <p>{t("No accounts yet.")}</p> }.into_any(),
            (Some(Ok(accounts)), Some(correcting)) => view! { <HelpForm accounts correcting /> }.into_any(),
        }}
    }
}

/// An amount as typed, empty for zero ("prefer not to say").
fn amount(
    text: &str,
    currency: settle_core::currency::Currency,
    what: &'static str,
) -> Result<Decimal, String> {
    if text.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    Money::parse(text.trim(), currency)
        .map(|m| m.amount())
        .map_err(|error| {
            tf(
                "{}: {}.",
                &[t(what), &crate::messages::say(&error.message())],
            )
        })
}

/// The form's name for the field of the help request at `pointer`.
fn field_name(pointer: &str) -> &'static str {
    match pointer {
        "/monthly_income" => "Income",
        "/monthly_outgoings" => "Outgoings",
        "/affordable_amount" => "What you can afford",
        "/circumstances" => "Anything you want us to know",
        _ => "Which account",
    }
}

#[component]
fn HelpForm(
    accounts: Vec<Account>,
    /// The refused request this form corrects, with its outbox key.
    correcting: Option<(String, HelpRequest)>,
) -> impl IntoView {
    let outbox = Outbox::here();
    let (replaces, refused) = correcting.unzip();
    let typed = |pick: fn(&HelpRequest) -> Decimal| {
        // Zero is how "prefer not to say" was sent: it shows as empty again.
        let value = refused.as_ref().map(pick).filter(|v| !v.is_zero());
        RwSignal::new(value.map(|v| v.to_string()).unwrap_or_default())
    };
    let income = typed(|r| r.monthly_income);
    let outgoings = typed(|r| r.monthly_outgoings);
    let affordable = typed(|r| r.affordable_amount);
    let account = RwSignal::new(
        refused
            .as_ref()
            .map_or(accounts[0].id.clone(), |r| r.account_id.clone()),
    );
    let kind = RwSignal::new(
        refused
            .as_ref()
            .map_or(HelpKind::BreathingSpace, |r| r.kind),
    );
    let frequency = RwSignal::new(
        refused
            .as_ref()
            .map_or(Frequency::Monthly, |r| r.affordable_frequency),
    );
    let circumstances = RwSignal::new(
        refused
            .as_ref()
            .map(|r| r.circumstances.clone())
            .unwrap_or_default(),
    );
    let third_party = RwSignal::new(refused.as_ref().is_some_and(|r| r.third_party_may_help));
    let draft = drafts::keep(
        "ask-for-help".into(),
        vec![
            drafts::text(income),
            drafts::text(outgoings),
            drafts::text(affordable),
            drafts::text(circumstances),
        ],
    );
    let problem = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let chosen_accounts = accounts.clone();
    let send = Submission::new(move |request: HelpRequest| {
        let replaces = replaces.clone();
        async move {
            match outbox.ask_for_help(request, replaces).await {
                Ok(_) => {
                    draft.forget().await;
                    sent.set(true);
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let id = account.get_untracked();
        let Some(currency) = chosen_accounts
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.currency_code().ok())
        else {
            return;
        };
        let amounts = (
            amount(&income.get_untracked(), currency, "Income"),
            amount(&outgoings.get_untracked(), currency, "Outgoings"),
            amount(&affordable.get_untracked(), currency, "What you can afford"),
        );
        let (monthly_income, monthly_outgoings, affordable_amount) = match amounts {
            (Ok(a), Ok(b), Ok(c)) => (a, b, c),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return problem.set(Some(e)),
        };
        let request = HelpRequest {
            account_id: id,
            kind: kind.get_untracked(),
            currency,
            monthly_income,
            monthly_outgoings,
            affordable_amount,
            affordable_frequency: frequency.get_untracked(),
            circumstances: circumstances.get_untracked(),
            third_party_may_help: third_party.get_untracked(),
        };
        if let Err(error) = request.validate() {
            let message =
                if error.field == "/circumstances" && request.circumstances.trim().is_empty() {
                    t("Tell us a little about what you need.").to_string()
                } else {
                    tf(
                        "{}: {}",
                        &[
                            t(field_name(&error.field)),
                            &crate::messages::reason(&error.reason),
                        ],
                    )
                };
            return problem.set(Some(message));
        }
        send.submit(request);
    };
    let kinds = [
        (
            HelpKind::BreathingSpace,
            t("Time to get advice or get back on my feet"),
        ),
        (HelpKind::ReducedPlan, t("A plan with smaller payments")),
        (HelpKind::Other, t("Something else")),
    ];
    view! {
        <Show
            when=move || !sent.get()
            fallback=|| view! {
                <p class="card" role="status">{t("Thank you for telling us. We will be in touch, in the way you asked in your contact preferences. We will not chase you while we look at it.")}</p>
            }
        >
            <form class="card" on:submit=submit.clone()>
                {(accounts.len() > 1).then(|| view! {
                    <label for="help-account">{t("Which account")}</label>
                    <select id="help-account" on:change=move |ev| account.set(event_target_value(&ev))>
                        {accounts.iter().map(|a| view! {
                            <option value=a.id.clone() selected=a.id == account.get_untracked()>
                                {format!("{} · {}", a.name, a.number)}
                            </option>
                        }).collect_view()}
                    </select>
                })}
                <fieldset>
                    <legend>{t("What would help?")}</legend>
                    {kinds.into_iter().map(|(value, words)| {
                        let id = format!("help-{value:?}").to_lowercase();
                        view! {
                            <div class="check">
                                <input type="radio" name="help-kind" id=id.clone()
                                    checked=value == kind.get_untracked()
                                    on:change=move |_| kind.set(value) />
                                <label for=id>{words}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="help-income">{t("Money coming in each month, after tax")}</label>
                <input id="help-income" inputmode="decimal" bind:value=income />
                <label for="help-outgoings">{t("Essential spending each month (home, bills, food, other debts)")}</label>
                <input id="help-outgoings" inputmode="decimal" bind:value=outgoings />
                <label for="help-affordable">{t("What you could pay us")}</label>
                <input id="help-affordable" inputmode="decimal" bind:value=affordable />
                <label for="help-frequency">{t("How often")}</label>
                <select id="help-frequency" on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(found) = Frequency::ALL.into_iter().find(|f| format!("{f:?}") == chosen) {
                        frequency.set(found);
                    }
                }>
                    {Frequency::ALL.into_iter().map(|f| view! {
                        <option value=format!("{f:?}") selected=f == frequency.get_untracked()>{frequency_words(f)}</option>
                    }).collect_view()}
                </select>
                <label for="help-circumstances">{t("Anything you want us to know")}</label>
                <textarea id="help-circumstances" rows="4" bind:value=circumstances></textarea>
                <div class="check">
                    <input type="checkbox" id="help-third-party" checked=third_party.get_untracked()
                        on:change=move |ev| third_party.set(event_target_checked(&ev)) />
                    <label for="help-third-party">{t("You may talk about this with the adviser I named in my contact preferences")}</label>
                </div>
                <p class="error" role="alert">{move || problem.get()}</p>
                <button type="submit">{t("Ask for help")}</button>
            </form>
        </Show>
    }
}
