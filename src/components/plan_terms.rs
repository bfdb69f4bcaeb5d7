//! The creditor's plan policy in plain words, shown before anything is agreed.

use leptos::prelude::*;
use settle_core::plan::{Frequency, PlanPolicy};

use crate::format;
use crate::i18n::{t, tf};

/// How often instalments fall due, in the customer's words.
pub fn frequency_words(frequency: Frequency) -> &'static str {
    t(match frequency {
        Frequency::Weekly => "Every week",
        Frequency::Fortnightly => "Every two weeks",
        Frequency::Monthly => "Every month",
    })
}

fn first_payment_words(policy: &PlanPolicy) -> String {
    let latest = policy.first_date_latest_days;
    match policy.first_date_earliest_days {
        0 => tf(
            "Any day from the day you agree to {} days later",
            &[&latest.to_string()],
        ),
        earliest => tf(
            "Between {} and {} days after you agree",
            &[&earliest.to_string(), &latest.to_string()],
        ),
    }
}

/// The creditor's plan policy, shown before the customer builds or agrees to anything:
/// the limits, the costs and what happens if a payment is missed.
#[component]
pub fn PlanTerms(policy: PlanPolicy) -> impl IntoView {
    let currency = policy.currency.to_string();
    let money = move |amount| format::money(amount, &currency);
    let frequencies = policy
        .frequencies
        .iter()
        .map(|f| frequency_words(*f).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    let costs = if policy.setup_fee.is_zero() && policy.annual_interest_percent.is_zero() {
        t("No fees and no interest.").to_string()
    } else {
        tf(
            "A set-up fee of {} and simple interest of {} % a year.",
            &[
                &money(policy.setup_fee),
                &policy.annual_interest_percent.normalize().to_string(),
            ],
        )
    };
    let facts = [
        (t("Smallest instalment"), money(policy.min_instalment)),
        (
            t("Longest plan"),
            tf(
                "{} months, at most {} instalments",
                &[
                    &policy.max_term_months.to_string(),
                    &policy.max_instalments.to_string(),
                ],
            ),
        ),
        (t("How often"), frequencies),
        (t("First payment"), first_payment_words(&policy)),
        (t("Costs"), costs),
        (
            t("If a payment is missed"),
            policy.missed_instalment_rule.clone(),
        ),
        (t("Terms version"), policy.terms_version.clone()),
    ];
    view! {
        <dl class="facts terms">
            {facts.into_iter().map(|(label, value)| view! {
                <div><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
    }
}
