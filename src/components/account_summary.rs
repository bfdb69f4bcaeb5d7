//! One account on the overview: its standing, figures, ageing and what falls due next.
//! The figures are worked out by the core; this only lays them out.

use leptos::prelude::*;
use rust_decimal::Decimal;
use settle_core::api::Account;
use settle_core::checkout::CheckoutTarget;
use settle_core::figures::DueWhat;
use settle_core::standing::{standing, Standing};

use crate::components::{AgeingChart, PayNow};
use crate::format;
use crate::i18n::{t, tf};

/// How many of the next amounts due the overview lists.
const NEXT_DUE_SHOWN: usize = 3;

/// One account on the overview: where it stands and what the customer can do, the
/// figures, the ageing chart and what falls due next.
#[component]
pub fn AccountSummary(account: Account) -> impl IntoView {
    let currency = account.currency.clone();
    let money = move |amount: Decimal| format::money(amount, &currency);
    let heading = format!("account-{}", account.id);
    let labelled_by = heading.clone();
    let figures = [
        (t("Balance"), account.balance, "balance"),
        (t("Overdue"), account.overdue, "overdue"),
        (t("Not yet due"), account.not_yet_due, "not-yet-due"),
        (t("Under dispute"), account.disputed, "disputed"),
        (t("Credit limit"), account.credit_limit, "credit-limit"),
        (
            t("Available credit"),
            account.available_credit,
            "available-credit",
        ),
    ];
    let next_due: Vec<_> = account
        .next_due
        .iter()
        .take(NEXT_DUE_SHOWN)
        .map(|due| {
            let what = match &due.what {
                DueWhat::Invoice { number, .. } => tf("Invoice {}", &[number]),
                DueWhat::Instalment { number, .. } => {
                    tf("Plan instalment {}", &[&number.to_string()])
                }
            };
            view! {
                <li>
                    <span>{what}</span>
                    <span>{tf("{} by {}", &[&money(due.amount), &format::date(due.date)])}</span>
                </li>
            }
        })
        .collect();
    let pay_balance = account
        .currency_code()
        .ok()
        .filter(|_| account.balance > Decimal::ZERO)
        .map(|currency| {
            let label = tf("Pay the balance of {} now", &[&money(account.balance)]);
            view! {
                <PayNow account_id=account.id.clone() target=CheckoutTarget::Balance
                    currency amount=account.balance label />
            }
        });
    view! {
        <section class="card account" aria-labelledby=labelled_by>
            <h2 id=heading>{account.name.clone()} " · " {account.number.clone()}</h2>
            <StandingNotice standing=standing(&account) currency=account.currency.clone() />
            <dl class="figures">
                {figures
                    .into_iter()
                    .map(|(label, amount, id)| view! {
                        <div>
                            <dt>{label}</dt>
                            <dd data-testid=id>{money(amount)}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
            // Right under the figures, so that on a phone it is on the first screen.
            {pay_balance}
            <p class="muted">
                {tf(
                    "Amounts under dispute are never counted as overdue. Figures as of {}.",
                    &[&format::date(account.as_of)],
                )}
            </p>
            <AgeingChart ageing=account.ageing.clone() currency=account.currency.clone() />
            {(!next_due.is_empty()).then(|| view! {
                <h3>{t("Due next")}</h3>
                <ul class="next-due" data-testid="next-due">{next_due}</ul>
            })}
        </section>
    }
}

/// The account's standing in plain words, with what the customer can do about it.
#[component]
fn StandingNotice(standing: Standing, currency: String) -> impl IntoView {
    let money = |amount| format::money(amount, &currency);
    // The creditor's own words are shown as they wrote them.
    let (class, title, advice) = match standing {
        Standing::OnStop { reason, remedy } => (
            "standing on-stop",
            t("This account is on stop").to_string(),
            vec![
                reason.unwrap_or_else(|| t("New orders are paused.").to_string()),
                remedy.map_or_else(
                    || t("Contact us and we will tell you what is needed.").to_string(),
                    |what| tf("What you can do: {}", &[&what]),
                ),
            ],
        ),
        Standing::Overdue { amount } => (
            "standing overdue",
            tf("{} is past its due date", &[&money(amount)]),
            vec![t(
                "Pay it when you can, or contact us if you need more time: we can agree a plan.",
            )
            .to_string()],
        ),
        Standing::InCredit { amount } => (
            "standing in-credit",
            tf("You are in credit by {}", &[&money(amount)]),
            vec![t("We will take it off what you owe next, or refund it if you ask.").to_string()],
        ),
        Standing::UpToDate => (
            "standing up-to-date",
            t("You are up to date").to_string(),
            vec![t("Nothing is past its due date.").to_string()],
        ),
    };
    view! {
        <div class=class data-testid="standing">
            <p class="standing-title">{title}</p>
            {advice.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
        </div>
    }
}
