use leptos::prelude::*;
use settle_core::plan::{Frequency, PlanPolicy};

use crate::format;

/// How often instalments fall due, in the customer's words.
pub fn frequency_words(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Weekly => "Every week",
        Frequency::Fortnightly => "Every two weeks",
        Frequency::Monthly => "Every month",
    }
}

fn first_payment_words(policy: &PlanPolicy) -> String {
    let latest = policy.first_date_latest_days;
    match policy.first_date_earliest_days {
        0 => format!("Any day from the day you agree to {latest} days later"),
        earliest => format!("Between {earliest} and {latest} days after you agree"),
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
        "No fees and no interest.".to_string()
    } else {
        format!(
            "A set-up fee of {} and simple interest of {} % a year.",
            money(policy.setup_fee),
            policy.annual_interest_percent.normalize()
        )
    };
    let facts = [
        ("Smallest instalment", money(policy.min_instalment)),
        (
            "Longest plan",
            format!(
                "{} months, at most {} instalments",
                policy.max_term_months, policy.max_instalments
            ),
        ),
        ("How often", frequencies),
        ("First payment", first_payment_words(&policy)),
        ("Costs", costs),
        (
            "If a payment is missed",
            policy.missed_instalment_rule.clone(),
        ),
        ("Terms version", policy.terms_version.clone()),
    ];
    view! {
        <dl class="facts terms">
            {facts.into_iter().map(|(label, value)| view! {
                <div><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
    }
}
