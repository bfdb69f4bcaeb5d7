//! The plan builder: the creditor's plan policy, the customer's choices with a live
//! schedule, and the agreement; the choices are kept as a draft until the plan is agreed.

use chrono::Utc;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use settle_core::money::Money;
use settle_core::plan::builder::{first_choice, plannable, ChoiceField, PlanChoice};
use settle_core::plan::{Frequency, PlanPolicy, ProposePlan, Schedule};

use crate::components::{
    frequency_words, AgreementForm, DraftNotice, FieldError, PlanTerms, Row, ScheduleTable,
};
use crate::data::drafts;
use crate::data::{self, AccountPlans, Outbox, Submission};
use crate::format;
use crate::i18n::{t, tf};

/// The plan builder for one account (`/plans/build/:id`): the policy first, then the
/// choices with a live preview from the core's schedule rules, then the agreement.
#[component]
pub fn PlanBuilder() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let loaded = data::read_for_form(
        move || data::plans_of_account(params.read_untracked().get("id").unwrap_or_default()),
        Option::is_some,
    );
    view! {
        <h1>{t("Build a payment plan")}</h1>
        {move || match loaded.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
            Some(Ok(None)) => view! { <p>{t("We could not find this account.")}</p> }.into_any(),
            Some(Ok(Some(plans))) => match (plans.policy.clone(), plans.can_start_a_plan()) {
                (Some(policy), true) => view! { <Builder plans policy /> }.into_any(),
                (None, _) => view! { <p>{t("Payment plans are not offered on this account.")}</p> }.into_any(),
                (Some(_), false) => view! {
                    <p>{t("This account already has a plan. ")}
                    <a href="/plans">{t("See your plan")}</a></p>
                }.into_any(),
            },
        }}
    }
}

#[component]
fn Builder(plans: AccountPlans, policy: PlanPolicy) -> impl IntoView {
    let outbox = Outbox::here();
    let navigate = use_navigate();
    let today = chrono::Local::now().date_naive();
    let currency = policy.currency;
    let code = currency.to_string();
    let account_id = plans.account.id.clone();
    let owed = Money::new(plannable(&plans.account), currency);
    let start = first_choice(&policy, today);
    let frequency = RwSignal::new(start.frequency);
    let by_amount = RwSignal::new(false);
    let instalments = RwSignal::new(start.instalments);
    let per_instalment = RwSignal::new(start.per_instalment);
    let first_date = RwSignal::new(start.first_date);
    let draft = drafts::keep(
        format!("plan-builder:{account_id}"),
        vec![
            drafts::value(frequency),
            drafts::value(by_amount),
            drafts::text(instalments),
            drafts::text(per_instalment),
            drafts::text(first_date),
        ],
    );
    let reviewing = RwSignal::new(false);
    let agreed = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let choice = move || PlanChoice {
        frequency: frequency.get(),
        by_amount: by_amount.get(),
        instalments: instalments.get(),
        per_instalment: per_instalment.get(),
        first_date: first_date.get(),
    };
    let preview_policy = policy.clone();
    let owed_words = match &owed {
        Ok(owed) => format::money(owed.amount(), &code),
        Err(_) => String::new(),
    };
    let preview_owed = owed.clone();
    let preview = Memo::new(move |_| match &preview_owed {
        Ok(owed) => choice().preview(&preview_policy, *owed, today),
        Err(error) => Err(settle_core::plan::builder::ChoiceError {
            field: ChoiceField::Plan,
            message: settle_core::message::Explain::message(error),
        }),
    });
    let error_at = move |field: ChoiceField| {
        Signal::derive(move || match preview.get() {
            Err(error) if error.field == field => {
                Some(crate::messages::say_sentence(&error.message))
            }
            _ => None,
        })
    };
    let (earliest, latest) = policy.first_date_window(today);
    let agree_policy = policy.clone();
    let propose = Submission::new(move |intent: ProposePlan| {
        let navigate = navigate.clone();
        async move {
            match outbox.propose_plan(intent).await {
                Ok(_) => {
                    draft.forget().await;
                    navigate("/plans", Default::default());
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let agree = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let (Ok(schedule), Ok(owed)) = (preview.get_untracked(), owed.clone()) else {
            return;
        };
        if !agreed.get_untracked() {
            return problem.set(Some(t("Tick the box to agree to the terms first.").into()));
        }
        let intent = match choice().agree(&account_id, &agree_policy, &schedule, owed, Utc::now()) {
            Ok(intent) => intent,
            Err(error) => return problem.set(Some(crate::messages::say_sentence(&error.message))),
        };
        propose.submit(intent);
    };
    let terms_version = policy.terms_version.clone();
    let missed_rule = policy.missed_instalment_rule.clone();
    view! {
        <section class="card">
            <h2>{t("How plans work on this account")}</h2>
            <PlanTerms policy=policy.clone() />
        </section>
        <form class="card" on:submit=|ev| ev.prevent_default() aria-describedby="plan-amount">
            <h2>{t("Your plan")}</h2>
            <DraftNotice draft />
            <p id="plan-amount">{t("The plan covers what you owe now, not counting amounts under dispute: ")}
                <strong>{owed_words}</strong></p>
            <label for="frequency">{t("How often")}</label>
            <select id="frequency" aria-describedby="frequency-error" on:change=move |ev| {
                let chosen = event_target_value(&ev);
                if let Some(found) = Frequency::ALL.into_iter().find(|f| format!("{f:?}") == chosen) {
                    frequency.set(found);
                }
            }>
                {policy.frequencies.clone().into_iter().map(|f| view! {
                    <option value=format!("{f:?}") prop:selected=move || frequency.get() == f>{frequency_words(f)}</option>
                }).collect_view()}
            </select>
            <FieldError id="frequency-error" message=error_at(ChoiceField::Frequency) />
            <fieldset>
                <legend>{t("Choose by")}</legend>
                <div class="check">
                    <input type="radio" id="by-count" name="size" prop:checked=move || !by_amount.get()
                        on:change=move |_| by_amount.set(false) />
                    <label for="by-count">{t("How many instalments")}</label>
                </div>
                <div class="check">
                    <input type="radio" id="by-amount" name="size" prop:checked=move || by_amount.get()
                        on:change=move |_| by_amount.set(true) />
                    <label for="by-amount">{t("How much each time")}</label>
                </div>
            </fieldset>
            <Show
                when=move || by_amount.get()
                fallback=move || view! {
                    <label for="instalments">{t("Number of instalments")}</label>
                    <input id="instalments" inputmode="numeric" aria-describedby="size-error" bind:value=instalments />
                }
            >
                <label for="per-instalment">{tf("Most I can pay each time ({})", &[&code])}</label>
                <input id="per-instalment" inputmode="decimal" aria-describedby="size-error" bind:value=per_instalment />
            </Show>
            <FieldError id="size-error" message=error_at(ChoiceField::Size) />
            <label for="first-date">{t("First payment on")}</label>
            <input id="first-date" type="date" min=earliest.to_string() max=latest.to_string()
                aria-describedby="first-date-error" bind:value=first_date />
            <FieldError id="first-date-error" message=error_at(ChoiceField::FirstDate) />
            <FieldError id="plan-error" message=error_at(ChoiceField::Plan) />
        </form>
        <section class="card" aria-live="polite">
            <h2>{t("What you would pay")}</h2>
            {move || preview.get().ok().map(|schedule| view! { <Preview schedule /> })}
            {move || preview.get().is_err().then(|| view! {
                <p class="muted">{t("Change the choices above to see your instalments.")}</p>
            })}
            <button type="button" disabled=move || preview.get().is_err()
                on:click=move |_| reviewing.set(true)>{t("Review and agree")}</button>
        </section>
        <Show when=move || reviewing.get() && preview.get().is_ok()>
            <AgreementForm
                terms_version=terms_version.clone()
                missed_rule=missed_rule.clone()
                agreed
                problem
                on_agree=agree.clone()
            />
        </Show>
    }
}

#[component]
fn Preview(schedule: Schedule) -> impl IntoView {
    let code = schedule.currency.to_string();
    let money = {
        let code = code.clone();
        move |amount| format::money(amount, &code)
    };
    view! {
        <dl class="facts">
            <div><dt>{t("Plan amount")}</dt><dd>{money(schedule.principal)}</dd></div>
            <div><dt>{t("Cost of the plan")}</dt><dd data-testid="cost-of-credit">{money(schedule.cost_of_credit)}</dd></div>
            <div><dt>{t("Total to pay")}</dt><dd data-testid="total-payable">{money(schedule.total_payable)}</dd></div>
        </dl>
        <ScheduleTable rows=Row::planned(&schedule) currency=code total=schedule.total_payable caption=t("Your instalments") />
    }
}
