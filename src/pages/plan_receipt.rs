//! The receipt of an agreed plan (`/plans/:id`), read from the store so it opens
//! offline.

use leptos::prelude::*;
use settle_core::plan::{Plan, PlanStatus};

use crate::components::{frequency_words, Loaded, PlanToCalendar, Row, ScheduleTable};
use crate::data;
use crate::format;
use crate::i18n::{t, tf};

fn status_words(status: PlanStatus) -> &'static str {
    t(match status {
        PlanStatus::Active => "Active: being paid",
        PlanStatus::Completed => "Completed: every instalment paid",
        PlanStatus::Broken => "Ended after missed payments",
        PlanStatus::Cancelled => "Cancelled",
    })
}

/// The receipt of an agreed plan (`/plans/:id`): what was agreed, when, on which terms,
/// and how the instalments stand. Read from the store, so it opens offline.
#[component]
pub fn PlanReceipt() -> impl IntoView {
    let loaded = data::by_route_id(data::plan);
    view! {
        <h1>{t("Your plan agreement")}</h1>
        <Loaded read=move || loaded.get() is_empty=Option::is_none empty=t("We could not find this plan.") let:plan>
            {plan.map(|plan| view! { <Receipt plan /> })}
        </Loaded>
    }
}

#[component]
fn Receipt(plan: Plan) -> impl IntoView {
    let code = plan.currency.to_string();
    let money = {
        let code = code.clone();
        move |amount| format::money(amount, &code)
    };
    let agreement = &plan.agreement;
    let agreed_how = if agreement.offer_id.is_some() {
        t("accepting our offer")
    } else {
        t("building your own plan")
    };
    let facts = [
        (t("Status"), status_words(plan.status).to_string()),
        (
            t("Agreed on"),
            format::date_time(&agreement.agreed_at.to_rfc3339()),
        ),
        (
            t("Agreed by"),
            tf("{}, in the {}", &[agreed_how, &agreement.channel]),
        ),
        (t("Terms version"), agreement.terms_version.clone()),
        (t("How often"), frequency_words(plan.frequency).to_string()),
        (t("Plan amount"), money(plan.principal)),
        (t("Set-up fee"), money(plan.setup_fee)),
        (t("Interest"), money(plan.interest)),
        (t("Total to pay"), money(plan.total_payable)),
        (t("Paid so far"), money(plan.paid())),
        (t("Left to pay"), money(plan.remaining())),
    ];
    let rows = Row::agreed(&plan);
    view! {
        <section class="card receipt" data-testid="plan-receipt">
            <dl class="facts">
                {facts.into_iter().map(|(label, value)| view! {
                    <div><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
                <div class="wide">
                    <dt>{t("If a payment is missed")}</dt>
                    <dd class="sentence">{plan.missed_instalment_rule.clone()}</dd>
                </div>
            </dl>
        </section>
        <section class="card">
            <ScheduleTable rows currency=code total=plan.total_payable caption=t("The instalments") />
            <PlanToCalendar plan=plan.clone() />
        </section>
    }
}
