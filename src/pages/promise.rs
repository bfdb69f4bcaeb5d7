use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use settle_core::api::Kind;
use settle_core::intents::Intent;
use settle_core::message::Explain;
use settle_core::money::Money;
use settle_core::outbox::OutboxEntry;
use settle_core::plan_builder::plannable;
use settle_core::promise::{promise_window, ChangePromise, Promise, PromiseStatus, PromiseToPay};

use super::plans::AccountPlans;
use crate::drafts;
use crate::format;
use crate::i18n::{t, tf};
use crate::outbox;
use crate::store::Store;
use crate::sync::SyncStatus;

/// The accounts, their promises, and promises made or changed on this device that wait
/// to be sent.
async fn load() -> Result<(Vec<AccountPlans>, Vec<Promise>, Vec<OutboxEntry>), String> {
    let accounts = super::plans::load().await?;
    let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
        return Ok((accounts, Vec::new(), Vec::new()));
    };
    let promises = store.all::<Promise>(Kind::Promise).await;
    let outbox = store.outbox().await;
    store.close();
    let waiting = outbox
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|e| matches!(e.intent, Intent::PromiseToPay(_) | Intent::ChangePromise(_)))
        .collect();
    Ok((accounts, promises.map_err(|e| e.to_string())?, waiting))
}

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
    let loaded = super::read_for_form(load, |(accounts, _, _)| !accounts.is_empty());
    view! {
        <h1>{t("Promise to pay")}</h1>
        <p>{t("Tell us when you will pay, and we will not chase you before then.")}</p>
        {move || match loaded.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok((accounts, promises, waiting))) => accounts
                .into_iter()
                .map(|plans| {
                    let mine: Vec<Promise> = promises
                        .iter()
                        .filter(|p| p.account_id == plans.account.id)
                        .cloned()
                        .collect();
                    let waiting: Vec<OutboxEntry> = waiting
                        .iter()
                        .filter(|e| match &e.intent {
                            Intent::PromiseToPay(p) => p.account_id == plans.account.id,
                            Intent::ChangePromise(c) => mine.iter().any(|p| p.id == c.promise_id),
                            _ => false,
                        })
                        .cloned()
                        .collect();
                    view! { <AccountPromises plans promises=mine waiting /> }
                })
                .collect_view()
                .into_any(),
        }}
    }
}

#[component]
fn AccountPromises(
    plans: AccountPlans,
    promises: Vec<Promise>,
    waiting: Vec<OutboxEntry>,
) -> impl IntoView {
    let today = chrono::Local::now().date_naive();
    let heading = format!("{} · {}", plans.account.name, plans.account.number);
    let label = heading.clone();
    let window = plans
        .policy
        .as_ref()
        .and_then(|policy| promise_window(policy, today));
    let open = promises
        .iter()
        .find(|p| p.status == PromiseStatus::Open)
        .cloned();
    let listed = promises
        .iter()
        .map(|promise| {
            let code = promise.currency.to_string();
            view! {
                <li data-testid="promise">
                    {tf("{} by {}", &[&format::money(promise.amount, &code), &format::date(promise.date)])}
                    " · " {status_words(promise.status)}
                </li>
            }
        })
        .collect_view();
    let code = plans.account.currency.clone();
    let pending = waiting
        .iter()
        .map(|entry| {
            let what = match &entry.intent {
                Intent::PromiseToPay(p) => tf(
                    "Your promise of {} by {}",
                    &[&format::money(p.amount, &code), &format::date(p.date)],
                ),
                Intent::ChangePromise(c) => tf("Your new date, {}", &[&format::date(c.date)]),
                _ => String::new(),
            };
            view! {
                <li class="pending" data-testid="promise-waiting">
                    {what} " · " {super::waiting_words(&entry.status)}
                </li>
            }
        })
        .collect_view();
    let has_waiting = !waiting.is_empty();
    view! {
        <section class="card" aria-label=label>
            <h2>{heading}</h2>
            {(!promises.is_empty()).then(|| view! { <ul class="plain">{listed}</ul> })}
            {has_waiting.then(|| view! { <ul class="plain">{pending}</ul> })}
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
                    <NewPromise plans earliest latest />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NewPromise(plans: AccountPlans, earliest: NaiveDate, latest: NaiveDate) -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let account = plans.account.clone();
    let currency = account.currency_code().ok();
    let owed = plannable(&account);
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let draft = drafts::keep(
        format!("promise:{}", account.id),
        vec![drafts::text(amount), drafts::text(date)],
    );
    let problem = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let policy = plans.policy.clone();
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
            Err(error) => return problem.set(Some(super::sentence(&error))),
        };
        if let Err(error) = promise.check(&policy, owed, chrono::Local::now().date_naive()) {
            return problem.set(Some(super::sentence(&error)));
        }
        spawn_local(async move {
            match outbox::queue(status, Intent::PromiseToPay(promise), None, &[]).await {
                Ok(_) => {
                    draft.forget().await;
                    sent.set(true);
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    let code = plans.account.currency.clone();
    view! {
        <Show
            when=move || !sent.get()
            fallback=|| view! {
                <p role="status">{t("Thank you. Your promise is saved and will reach us as soon as you are online.")}</p>
            }
        >
            // The core's checks speak for themselves, in words, instead of the browser's.
            <form novalidate on:submit=submit.clone()>
                <label for="promise-amount">{tf("How much ({})", &[&code])}</label>
                <input id="promise-amount" inputmode="decimal" placeholder=owed.to_string()
                    aria-describedby="promise-hint" bind:value=amount />
                <p class="muted" id="promise-hint">{t("Leave it empty to promise all you owe now.")}</p>
                <label for="promise-date">{t("I will pay by")}</label>
                <input id="promise-date" type="date" min=earliest.to_string() max=latest.to_string()
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
    let status = expect_context::<SyncStatus>();
    let date = RwSignal::new(promise.date.to_string());
    let problem = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
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
            return problem.set(Some(super::sentence(&error)));
        }
        spawn_local(async move {
            match outbox::queue(status, Intent::ChangePromise(change), None, &[]).await {
                Ok(_) => sent.set(true),
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    view! {
        <Show when=move || !sent.get() fallback=|| view! { <p role="status">{t("Your new date is saved.")}</p> }>
            <form novalidate on:submit=submit.clone()>
                <p>{t("You can move the date of your promise once, before it falls due.")}</p>
                <label for="promise-new-date">{t("New date")}</label>
                <input id="promise-new-date" type="date" bind:value=date />
                <p class="error" role="alert">{move || problem.get()}</p>
                <button type="submit" class="secondary">{t("Change the date")}</button>
            </form>
        </Show>
    }
}
