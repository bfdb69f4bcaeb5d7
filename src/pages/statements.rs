//! Statements (`/statements`) by period, newest first, each with its entries and its PDF,
//! which is kept for offline use while online.

use leptos::prelude::*;
use settle_core::statement::Statement;

use crate::components::{ChosenAccount, Loaded};
use crate::data::{self, SyncStatus};
use crate::format;
use crate::i18n::{t, tf};

/// Statements by period, newest first, each with its entries and its PDF.
#[component]
pub fn Statements() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let chosen = expect_context::<ChosenAccount>();
    let loaded = data::read_live(data::statements);
    Effect::new(move |_| {
        if let Some(Ok(statements)) = loaded.get() {
            if status.online.get_untracked() {
                data::keep_for_offline(&statements);
            }
        }
    });
    view! {
        <h1>{t("Statements")}</h1>
        <Loaded read=move || loaded.get() is_empty=Vec::is_empty empty=t("No statements yet.") let:list>
            {list
                .into_iter()
                .filter(|statement| chosen.shows(&statement.account_id))
                .map(|statement| view! { <StatementView statement /> })
                .collect_view()}
        </Loaded>
    }
}

#[component]
fn StatementView(statement: Statement) -> impl IntoView {
    let code = statement.currency.to_string();
    let money = move |amount| format::money(amount, &code);
    let period = tf(
        "{} to {}",
        &[
            &format::date(statement.period_start),
            &format::date(statement.period_end),
        ],
    );
    let entries = statement
        .entries
        .iter()
        .map(|entry| {
            let amount = if entry.debit.is_zero() {
                format!("−{}", money(entry.credit))
            } else {
                money(entry.debit)
            };
            view! {
                <tr>
                    <td>{format::date(entry.date)}</td>
                    <td>{entry.description.clone()}
                        {entry.reference.clone().map(|r| view! { <span class="muted">{r}</span> })}</td>
                    <td class="amount">{amount}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-label=tf("Statement {}", &[&period]) data-testid="statement">
            <h2>{period.clone()}</h2>
            <dl class="facts">
                <div><dt>{t("Opening balance")}</dt><dd>{money(statement.opening_balance)}</dd></div>
                <div><dt>{t("Closing balance")}</dt><dd>{money(statement.closing_balance)}</dd></div>
            </dl>
            {(!statement.entries.is_empty()).then(|| view! {
                <table class="lines">
                    <caption>{t("What happened in the period")}</caption>
                    <thead><tr><th scope="col">{t("Date")}</th><th scope="col">{t("Item")}</th><th scope="col" class="amount">{t("Amount")}</th></tr></thead>
                    <tbody>{entries}</tbody>
                </table>
            })}
            {statement.pdf_url.as_deref().map(crate::shared_device::document_url).map(|url| view! {
                <p class="actions">
                    <a href=url target="_blank" rel="noopener">{tf("Open the statement for {} (PDF)", &[&period])}</a>
                </p>
            })}
        </section>
    }
}
