//! Promise to pay by a date (`/promise`): the promises made, moving one's date once,
//! and making a new one within the creditor's window.

use chrono::NaiveDate;
use leptos::prelude::*;
use settle_core::intents::Intent;
use settle_core::message::Explain;
use settle_core::money::Money;
use settle_core::outbox::OutboxEntry;
use settle_core::plan::builder::plannable;
use settle_core::promise::{promise_window, ChangePromise, Promise, PromiseStatus, PromiseToPay};

use crate::components::{describe, PromiseToCalendar, QueuedAction};
use crate::data::drafts;
use crate::data::{self, edit_key, AccountPlans, Outbox, Submission};
use crate::format;
use crate::i18n::{t, tf};

fn status_words(status: PromiseStatus) -> &'static str {
    t(match status {
        PromiseStatus::Open => "We are expecting it",
        PromiseStatus::Kept => "Kept: thank you",
        PromiseStatus::Broken => "The date passed before it was paid in full",
        PromiseStatus::Cancelled => "Cancelled",
    })
}

/// Promise to pay by a date (`/promise`): the promises made, changing one's date once,
/// and making a new one within the creditor's window.
#[component]
pub fn PromisePage() -> impl IntoView {
    let accounts = data::read_for_form(data::account_plans, |accounts| !accounts.is_empty());
    // Live, unlike the forms: a promise made, sent or refused shows as such at once.
    let live = data::read_live(data::promises);
    // The forms start from the store's first answer: an open promise to move, a refused
    // one to correct.
    let first_read = Memo::new(move |_| live.get().is_some());
    view! {
        <h1>{t("Promise to pay")}</h1>
        <p>{t("Tell us when you will pay, and we will not chase you before then.")}</p>
        {move || match (accounts.get(), edit_key()) {
            (None, _) => view! { <p>{t("Loading…")}</p> }.into_any(),
            _ if !first_read.get() => view! { <p>{t("Loading…")}</p> }.into_any(),
            (Some(Err(problem)), _) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
            (Some(Ok(accounts)), editing) => accounts
                .into_iter()
                .map(|plans| {
                    let account_id = plans.account.id.clone();
                    let of_account = move || match live.get() {
                        Some(Ok(all)) => all.of_account(&account_id),
                        _ => (Vec::new(), Vec::new()),
                    };
                    let of_account = Memo::new(move |_| of_account());
                    let promises = Signal::derive(move || of_account.get().0);
                    let waiting = Signal::derive(move || of_account.get().1);
                    let editing = editing.clone();
                    view! { <AccountPromises plans promises waiting editing /> }
                })
                .collect_view()
                .into_any(),
        }}
    }
}

#[component]
fn AccountPromises(
    plans: AccountPlans,
    promises: Signal<Vec<Promise>>,
    waiting: Signal<Vec<OutboxEntry>>,
    /// The key of the refused promise the customer chose to correct.
    editing: Option<String>,
) -> impl IntoView {
    let today = chrono::Local::now().date_naive();
    let heading = format!("{} · {}", plans.account.name, plans.account.number);
    let label = heading.clone();
    let window = plans
        .policy
        .as_ref()
        .and_then(|policy| promise_window(policy, today));
    let open = promises.with_untracked(|promises| {
        promises
            .iter()
            .find(|p| p.status == PromiseStatus::Open)
            .cloned()
    });
    let listed = move || {
        let list = promises.get();
        (!list.is_empty()).then(|| view! { <ul class="plain">{list
        .iter()
        .map(|promise| {
            let code = promise.currency.to_string();
            view! {
                <li data-testid="promise">
                    {tf("{} by {}", &[&format::money(promise.amount, &code), &format::date(promise.date)])}
                    " · " {status_words(promise.status)}
                    {(promise.status == PromiseStatus::Open).then(|| view! {
                        <PromiseToCalendar promise=promise.clone() />
                    })}
                </li>
            }
        })
        .collect_view()}</ul> })
    };
    let pending = move || {
        let list = waiting.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|entry| {
                    let what = describe(&entry.intent);
                    view! {
                        <li class="pending" data-testid="promise-waiting">
                            <QueuedAction entry what />
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="plain">{items}</ul> }
        })
    };
    // A refused promise does not hold the form: the customer may correct it there. Read
    // once, as the form's data is: a form never vanishes under the customer's hands.
    let has_waiting = waiting.with_untracked(|list| list.iter().any(|entry| !entry.is_rejected()));
    let correcting = editing.and_then(|key| {
        waiting
            .get_untracked()
            .into_iter()
            .find(|entry| entry.key == key && entry.is_rejected())
            .and_then(|entry| match entry.intent {
                Intent::PromiseToPay(promise) => Some((entry.key, promise)),
                _ => None,
            })
    });
    view! {
        <section class="card" aria-label=label>
            <h2>{heading}</h2>
            {listed}
            {pending}
            {match (window, plans.policy.clone(), open) {
                // One thing at a time: what waits to be sent decides what comes next.
                _ if has_waiting => ().into_any(),
                (None, _, _) | (_, None, _) => view! {
                    <p>{t("Promises to pay are not offered on this account. You can still ask us for help.")}</p>
                }.into_any(),
                (Some(_), Some(policy), Some(promise)) => match promise.can_change(today) {
                    Ok(()) => view! { <ChangeDate promise policy /> }.into_any(),
                    Err(_) => ().into_any(),
                },
                (Some((earliest, latest)), Some(_), None) => view! {
                    <NewPromise plans earliest latest correcting />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NewPromise(
    plans: AccountPlans,
    earliest: NaiveDate,
    latest: NaiveDate,
    /// The refused promise this form corrects, with its outbox key.
    correcting: Option<(String, PromiseToPay)>,
) -> impl IntoView {
    let outbox = Outbox::here();
    let account = plans.account.clone();
    let currency = account.currency_code().ok();
    let owed = plannable(&account);
    let replaces = correcting.as_ref().map(|(key, _)| key.clone());
    let (amount, date) = match &correcting {
        Some((_, refused)) => (refused.amount.to_string(), refused.date.to_string()),
        None => (String::new(), String::new()),
    };
    let amount = RwSignal::new(amount);
    let date = RwSignal::new(date);
    let draft = drafts::keep(
        format!("promise:{}", account.id),
        vec![drafts::text(amount), drafts::text(date)],
    );
    let problem = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let policy = plans.policy.clone();
    let make = Submission::new(move |promise: PromiseToPay| {
        let replaces = replaces.clone();
        async move {
            match outbox.promise_to_pay(promise, replaces).await {
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
        let (Some(currency), Some(policy)) = (currency, policy.clone()) else {
            return;
        };
        let typed = amount.get_untracked();
        let typed = if typed.trim().is_empty() {
            owed.to_string()
        } else {
            typed
        };
        let amount = match Money::parse(typed.trim(), currency) {
            Ok(amount) => amount.amount(),
            Err(error) => {
                return problem.set(Some(tf(
                    "Amount: {}.",
                    &[&crate::messages::say(&error.message())],
                )))
            }
        };
        let Ok(day) = NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") else {
            return problem.set(Some(t("Choose the date you will pay by.").into()));
        };
        let promise = PromiseToPay {
            account_id: account.id.clone(),
            currency,
            amount,
            date: day,
        };
        let owed = match Money::new(owed, currency) {
            Ok(owed) => owed,
            Err(error) => return problem.set(Some(crate::messages::explain(&error))),
        };
        if let Err(error) = promise.check(&policy, owed, chrono::Local::now().date_naive()) {
            return problem.set(Some(crate::messages::explain(&error)));
        }
        make.submit(promise);
    };
    let code = plans.account.currency.clone();
    // Ids of their own: each account has its form on the page.
    let id = plans.account.id.clone();
    view! {
        <Show
            when=move || !sent.get()
            fallback=|| view! {
                <p role="status">{t("Thank you. Your promise is saved and will reach us as soon as you are online.")}</p>
            }
        >
            // The core's checks speak for themselves, in words, instead of the browser's.
            <form novalidate on:submit=submit.clone()>
                <label for=format!("promise-amount-{id}")>{tf("How much ({})", &[&code])}</label>
                <input id=format!("promise-amount-{id}") inputmode="decimal" placeholder=owed.to_string()
                    aria-describedby=format!("promise-hint-{id}") bind:value=amount />
                <p class="muted" id=format!("promise-hint-{id}")>{t("Leave it empty to promise all you owe now.")}</p>
                <label for=format!("promise-date-{id}")>{t("I will pay by")}</label>
                <input id=format!("promise-date-{id}") type="date" min=earliest.to_string() max=latest.to_string()
                    bind:value=date />
                <p class="muted">{tf("Any day up to {}.", &[&format::date(latest)])}</p>
                <p class="error" role="alert">{move || problem.get()}</p>
                <button type="submit">{t("Make this promise")}</button>
            </form>
        </Show>
    }
}

#[component]
fn ChangeDate(promise: Promise, policy: settle_core::plan::PlanPolicy) -> impl IntoView {
    let outbox = Outbox::here();
    let date = RwSignal::new(promise.date.to_string());
    let id = promise.id.clone();
    let problem = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let move_date = Submission::new(move |change: ChangePromise| async move {
        match outbox.change_promise(change).await {
            Ok(_) => sent.set(true),
            Err(error) => problem.set(Some(error.to_string())),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let Ok(day) = NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") else {
            return problem.set(Some(t("Choose the new date.").into()));
        };
        let change = ChangePromise {
            promise_id: promise.id.clone(),
            date: day,
        };
        if let Err(error) = change.check(&promise, &policy, chrono::Local::now().date_naive()) {
            return problem.set(Some(crate::messages::explain(&error)));
        }
        move_date.submit(change);
    };
    view! {
        <Show when=move || !sent.get() fallback=|| view! { <p role="status">{t("Your new date is saved.")}</p> }>
            <form novalidate on:submit=submit.clone()>
                <p>{t("You can move the date of your promise once, before it falls due.")}</p>
                <label for=format!("promise-new-date-{id}")>{t("New date")}</label>
                <input id=format!("promise-new-date-{id}") type="date" bind:value=date />
                <p class="error" role="alert">{move || problem.get()}</p>
                <button type="submit" class="secondary">{t("Change the date")}</button>
            </form>
        </Show>
    }
}
