//! One offered plan (`/plans/offers/:id`): the creditor's terms, the schedule, and the
//! agreement, queued through the data layer.

use chrono::Utc;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use settle_core::plan::{AcceptPlanOffer, PlanOffer, PlanPolicy};

use crate::components::{frequency_words, AgreementForm, PlanTerms, Row, ScheduleTable};
use crate::data::{self, OfferView, Outbox, Submission};
use crate::format;
use crate::i18n::{t, tf};

/// One offered plan (`/plans/offers/:id`): the terms, the schedule, and the agreement.
#[component]
pub fn PlanOfferPage() -> impl IntoView {
    let params = use_params_map();
    let loaded = data::read_for_form(
        move || data::plan_offer(params.read_untracked().get("id").unwrap_or_default()),
        Option::is_some,
    );
    view! {
        <h1>{t("A plan we offer you")}</h1>
        {move || match loaded.get() {
            None => view! { <p>{t("Loading…")}</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
            Some(Ok(None)) => view! { <p>{t("This offer is no longer available.")}</p> }.into_any(),
            Some(Ok(Some(OfferView { can_start: false, .. }))) => view! {
                <p>{t("This account already has a plan. ")} <a href="/plans">{t("See your plan")}</a></p>
            }.into_any(),
            Some(Ok(Some(OfferView { offer, policy, .. }))) => view! { <OfferAgreement offer policy /> }.into_any(),
        }}
    }
}

#[component]
fn OfferAgreement(offer: PlanOffer, policy: Option<PlanPolicy>) -> impl IntoView {
    let outbox = Outbox::here();
    let navigate = use_navigate();
    let agreed = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let schedule = offer.schedule.clone();
    let code = schedule.currency.to_string();
    let money = {
        let code = code.clone();
        move |amount| format::money(amount, &code)
    };
    let terms_version = schedule.terms_version.clone();
    let missed_rule = policy
        .as_ref()
        .map(|policy| policy.missed_instalment_rule.clone());
    let accept_offer = Submission::new(move |accept: AcceptPlanOffer| {
        let navigate = navigate.clone();
        async move {
            match outbox.accept_plan_offer(accept).await {
                Ok(_) => navigate("/plans", Default::default()),
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = {
        let offer = offer.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            problem.set(None);
            if !agreed.get_untracked() {
                return problem.set(Some(t("Tick the box to agree to the terms first.").into()));
            }
            let accept = AcceptPlanOffer {
                offer_id: offer.id.clone(),
                terms_version: offer.schedule.terms_version.clone(),
                agreed_at: Utc::now(),
                channel: "app".into(),
            };
            if let Err(error) = accept.check(&offer, chrono::Local::now().date_naive()) {
                return problem.set(Some(crate::messages::explain(&error)));
            }
            accept_offer.submit(accept);
        }
    };
    view! {
        {policy.map(|policy| view! {
            <section class="card">
                <h2>{t("How plans work on this account")}</h2>
                <PlanTerms policy />
            </section>
        })}
        <section class="card">
            <h2>{tf("{} instalments, {}", &[&schedule.instalments.len().to_string(), &frequency_words(schedule.frequency).to_lowercase()])}</h2>
            {offer.note.clone().map(|note| view! { <p>{note}</p> })}
            <dl class="facts">
                <div><dt>{t("Plan amount")}</dt><dd>{money(schedule.principal)}</dd></div>
                <div><dt>{t("Cost of the plan")}</dt><dd>{money(schedule.cost_of_credit)}</dd></div>
                <div><dt>{t("Total to pay")}</dt><dd>{money(schedule.total_payable)}</dd></div>
                {offer.expires_on.map(|day| view! {
                    <div><dt>{t("Agree by")}</dt><dd>{format::date(day)}</dd></div>
                })}
            </dl>
            <ScheduleTable rows=Row::planned(&schedule) currency=code.clone() total=schedule.total_payable caption=t("The instalments") />
        </section>
        <AgreementForm terms_version missed_rule agreed problem on_agree=submit />
    }
}
