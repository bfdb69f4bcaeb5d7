//! A plan's instalments as a table that adds up; amounts come from the core's schedule.

use leptos::prelude::*;
use rust_decimal::Decimal;
use settle_core::plan::{InstalmentStatus, Plan, Schedule};

use crate::format;
use crate::i18n::t;

/// One row of a schedule: its number, date, amount and, for an agreed plan, its status.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u32,
    pub due_date: chrono::NaiveDate,
    pub amount: Decimal,
    pub status: Option<InstalmentStatus>,
}

impl Row {
    /// The rows of an agreed plan, with how each instalment stands.
    pub fn agreed(plan: &Plan) -> Vec<Row> {
        plan.instalments
            .iter()
            .map(|i| Row {
                number: i.number,
                due_date: i.due_date,
                amount: i.amount,
                status: Some(i.status),
            })
            .collect()
    }

    /// The rows of a schedule not yet agreed.
    pub fn planned(schedule: &Schedule) -> Vec<Row> {
        schedule
            .instalments
            .iter()
            .map(|i| Row {
                number: i.number,
                due_date: i.due_date,
                amount: i.amount,
                status: None,
            })
            .collect()
    }
}

fn status_words(status: InstalmentStatus) -> &'static str {
    t(match status {
        InstalmentStatus::Paid => "Paid",
        InstalmentStatus::Due => "To pay",
        InstalmentStatus::Missed => "Missed",
    })
}

/// A plan's instalments as a table, with the total they add up to.
#[component]
pub fn ScheduleTable(
    rows: Vec<Row>,
    currency: String,
    total: Decimal,
    #[prop(into)] caption: String,
) -> impl IntoView {
    let with_status = rows.iter().any(|row| row.status.is_some());
    let money = move |amount| format::money(amount, &currency);
    view! {
        <table class="lines schedule" data-testid="schedule">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    // Short, so that four columns fit a phone; the full name is the
                    // abbreviation's title.
                    <th scope="col"><abbr title=t("Instalment number")>{t("No.")}</abbr></th>
                    <th scope="col">{t("Due")}</th>
                    {with_status.then(|| view! { <th scope="col">{t("Status")}</th> })}
                    <th scope="col" class="amount">{t("Amount")}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <td>{row.number}</td>
                        <td>{format::date(row.due_date)}</td>
                        {row.status.map(|status| view! {
                            <td class=format!("instalment-{status:?}").to_lowercase()>{status_words(status)}</td>
                        })}
                        <td class="amount">{money(row.amount)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row" colspan=if with_status { "3" } else { "2" }>{t("Total")}</th>
                    <td class="amount" data-testid="schedule-total">{money(total)}</td>
                </tr>
            </tfoot>
        </table>
    }
}
