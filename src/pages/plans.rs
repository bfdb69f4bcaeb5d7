//! Payment plans (`/plans`): for each account the plan being paid, or the creditor's
//! policy, the offers and the way to the builder.

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::intents::IntentKind;
use settle_core::plan::Plan;

use crate::backend_choice::capabilities;
use crate::components::{
    describe, frequency_words, ChosenAccount, Loaded, PlanTerms, PlanToCalendar, QueuedAction, Row,
    ScheduleTable,
};
use crate::data::{self, AccountPlans};
use crate::format;
use crate::i18n::{t, tf, tn};

/// Payment plans: for each account, the plan being paid (with its instalments), or the
/// creditor's policy first, then the offers and the builder; a promise to pay and asking
/// for help are always a link away.
#[component]
pub fn Plans() -> impl IntoView {
    let chosen = expect_context::<ChosenAccount>();
    let loaded = data::read_live(data::account_plans);
    view! {
        <h1>{t("Payment plans")}</h1>
        <Loaded read=move || loaded.get() is_empty=Vec::is_empty empty=t("No accounts yet.") let:list>
            {list
                .into_iter()
                .filter(|plans| chosen.shows(&plans.account.id))
                .map(|plans| view! { <AccountPlansView plans /> })
                .collect_view()}
        </Loaded>
        <section class="card">
            <h2>{t("Other ways we can help")}</h2>
            <ul class="plain links">
                {capabilities().supports_intent(IntentKind::PromiseToPay).then(|| view! {
                    <li><A href="/promise">{t("Promise to pay by a date")}</A></li>
                })}
                {capabilities().supports_intent(IntentKind::AskForHelp).then(|| view! {
                    <li><A href="/ask-for-help">{t("Tell us you are struggling to pay")}</A></li>
                })}
            </ul>
        </section>
    }
}

#[component]
fn AccountPlansView(plans: AccountPlans) -> impl IntoView {
    let currency = plans.account.currency.clone();
    let heading = format!("{} · {}", plans.account.name, plans.account.number);
    let label = heading.clone();
    let can_start = plans.can_start_a_plan();
    let account_id = plans.account.id.clone();
    let active = plans
        .active_plan()
        .cloned()
        .map(|plan| view! { <ActivePlan plan /> });
    let waiting = plans
        .waiting
        .iter()
        .map(|entry| {
            let (entry, what) = (entry.clone(), describe(&entry.intent));
            view! {
                <div class="pending" data-testid="plan-waiting">
                    <QueuedAction entry what />
                </div>
            }
        })
        .collect_view();
    let policy = plans.policy.clone();
    let offers = plans
        .offers
        .iter()
        .filter(|_| can_start)
        .map(|offer| {
            let schedule = &offer.schedule;
            let first = schedule.instalments.first().map(|i| i.amount).unwrap_or_default();
            view! {
                <li class="card offer" data-testid="plan-offer">
                    <p>
                        <strong>{tn("{} instalment", "{} instalments", schedule.instalments.len())}</strong>
                        {tf(
                            " · {} · from {}",
                            &[
                                &frequency_words(schedule.frequency).to_lowercase(),
                                &format::money(first, &currency),
                            ],
                        )}
                    </p>
                    <p>{tf("Total to pay: {}", &[&format::money(schedule.total_payable, &currency)])}</p>
                    {offer.note.clone().map(|note| view! { <p class="muted">{note}</p> })}
                    {offer.expires_on.map(|day| view! {
                        <p class="muted">{tf("You can agree to this offer until {}", &[&format::date(day)])}</p>
                    })}
                    <A href=format!("/plans/offers/{}", offer.id)>{t("Look at this offer")}</A>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-label=label>
            <h2>{heading}</h2>
            {active}
            {waiting}
            {match policy {
                None => view! { <p>{t("Payment plans are not offered on this account.")}</p> }.into_any(),
                Some(_) if !can_start => ().into_any(),
                Some(policy) => view! {
                    <h3>{t("How plans work on this account")}</h3>
                    <PlanTerms policy />
                    <h3>{t("Plans we can offer you")}</h3>
                    {if plans.offers.is_empty() {
                        view! { <p>{t("No ready-made plans right now: build your own below.")}</p> }.into_any()
                    } else {
                        view! { <ul class="plain offers">{offers}</ul> }.into_any()
                    }}
                    {capabilities().supports_intent(IntentKind::ProposePlan).then(|| view! {
                        <A href=format!("/plans/build/{account_id}") attr:class="button">{t("Build your own plan")}</A>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ActivePlan(plan: Plan) -> impl IntoView {
    let currency = plan.currency.to_string();
    let rows = Row::agreed(&plan);
    view! {
        <h3>{t("Your plan")}</h3>
        <p>
            {format!("{} · ", frequency_words(plan.frequency))}
            {tf(
                "paid {} of {}",
                &[
                    &format::money(plan.paid(), &currency),
                    &format::money(plan.total_payable, &currency),
                ],
            )}
        </p>
        <ScheduleTable rows currency=currency.clone() total=plan.total_payable caption=t("Your instalments") />
        <PlanToCalendar plan=plan.clone() />
        <A href=format!("/plans/{}", plan.id)>{t("Your plan agreement (receipt)")}</A>
    }
}
