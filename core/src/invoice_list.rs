//! The invoice list: the customer's search, filter and sort, as one plain function the
//! page calls on every keystroke. It works on indices, so 10,000 invoices are narrowed
//! and ordered without copying one.

use std::cmp::Reverse;
use std::collections::HashSet;

use chrono::NaiveDate;

use crate::invoice::{Invoice, InvoiceStatus};

/// Which invoices to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Show {
    /// Everything with something left to pay (open, overdue, disputed or in a plan).
    #[default]
    ToPay,
    /// Only those not yet due (and not disputed or in a plan).
    Open,
    /// Only those past their due date.
    Overdue,
    /// Only those an open dispute covers.
    Disputed,
    /// Only those an active plan pays.
    InPlan,
    /// Only those fully paid.
    Paid,
    /// Every invoice and credit note.
    All,
}

/// The order to show them in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Earliest due date first: what needs paying soonest (or is latest).
    #[default]
    DueSoonest,
    /// Latest due date first.
    DueLatest,
    /// Most left to pay first.
    LargestOpen,
    /// By invoice number.
    Number,
}

/// What the customer asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Words to look for in the number, the customer's reference and the line
    /// descriptions, ignoring case; every word must match.
    pub text: String,
    /// Which invoices.
    pub show: Show,
    /// In which order.
    pub sort: Sort,
    /// Only this account's invoices (a business user chose one); all when `None`.
    pub account_id: Option<String>,
}

impl Show {
    /// Every choice, with the name it has in a URL (`/invoices?show=overdue`).
    pub const ALL: [(Show, &'static str); 7] = [
        (Show::ToPay, "to-pay"),
        (Show::Open, "open"),
        (Show::Overdue, "overdue"),
        (Show::Disputed, "disputed"),
        (Show::InPlan, "in-plan"),
        (Show::Paid, "paid"),
        (Show::All, "all"),
    ];
}

impl Sort {
    /// Every order, with the name it has in a URL (`/invoices?sort=largest`).
    pub const ALL: [(Sort, &'static str); 4] = [
        (Sort::DueSoonest, "due-soonest"),
        (Sort::DueLatest, "due-latest"),
        (Sort::LargestOpen, "largest"),
        (Sort::Number, "number"),
    ];
}

/// A choice from its URL name; the default for a name it does not know.
pub fn from_url<T: Copy + Default>(all: &[(T, &str)], name: Option<&str>) -> T {
    name.and_then(|name| all.iter().find(|(_, n)| *n == name))
        .map(|(value, _)| *value)
        .unwrap_or_default()
}

/// The URL name of a choice.
pub fn url_name<T: Copy + PartialEq>(all: &[(T, &'static str)], value: T) -> &'static str {
    all.iter()
        .find(|(v, _)| *v == value)
        .map(|(_, name)| *name)
        .unwrap_or_default()
}

/// Whether an invoice with `status` is shown by `show`.
pub fn shows(show: Show, status: InvoiceStatus) -> bool {
    use InvoiceStatus::*;
    match show {
        Show::ToPay => matches!(status, Open | Overdue | Disputed | InPlan),
        Show::Open => status == Open,
        Show::Overdue => status == Overdue,
        Show::InPlan => status == InPlan,
        Show::Disputed => status == Disputed,
        Show::Paid => status == Paid,
        Show::All => true,
    }
}

/// The positions in `invoices` of those the query shows, in its order; ties keep the
/// order by invoice number, so the list never jumps between keystrokes. `disputed`
/// holds the ids of invoices an open dispute covers; statuses are as of `as_of`.
pub fn select(
    invoices: &[Invoice],
    disputed: &HashSet<String>,
    as_of: NaiveDate,
    query: &Query,
) -> Vec<usize> {
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut chosen: Vec<usize> = invoices
        .iter()
        .enumerate()
        .filter(|(_, invoice)| {
            query
                .account_id
                .as_ref()
                .is_none_or(|id| *id == invoice.account_id)
        })
        .filter(|(_, invoice)| {
            shows(
                query.show,
                invoice.status(as_of, disputed.contains(&invoice.id)),
            )
        })
        .filter(|(_, invoice)| words.iter().all(|word| mentions(invoice, word)))
        .map(|(index, _)| index)
        .collect();
    let number = |index: &usize| invoices[*index].number.as_str();
    chosen.sort_by(|a, b| number(a).cmp(number(b)));
    match query.sort {
        Sort::DueSoonest => chosen.sort_by_key(|i| invoices[*i].due_date),
        Sort::DueLatest => chosen.sort_by_key(|i| Reverse(invoices[*i].due_date)),
        Sort::LargestOpen => chosen.sort_by_key(|i| Reverse(invoices[*i].open())),
        Sort::Number => {}
    }
    chosen
}

/// Whether `word` (lower case) appears in the invoice's number, reference or lines.
fn mentions(invoice: &Invoice, word: &str) -> bool {
    let has = |text: &str| text.to_lowercase().contains(word);
    has(&invoice.number)
        || invoice.reference.as_deref().is_some_and(has)
        || invoice.lines.iter().any(|line| has(&line.description))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::Currency;
    use crate::invoice::InvoiceLine;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
    }

    fn invoice(number: &str, due: u32, total: i64, paid: i64, line: &str) -> Invoice {
        Invoice {
            id: format!("id-{number}"),
            account_id: "a".into(),
            number: number.into(),
            currency: Currency::GBP,
            issue_date: day(1),
            due_date: day(due),
            reference: Some(format!("PO {number}")),
            lines: vec![InvoiceLine {
                id: "1".into(),
                description: line.into(),
                quantity: Decimal::ONE,
                unit_price: Decimal::new(total, 2),
                net: Decimal::new(total, 2),
                tax: Decimal::ZERO,
            }],
            taxes: Vec::new(),
            subtotal: Decimal::new(total, 2),
            tax_total: Decimal::ZERO,
            total: Decimal::new(total, 2),
            amount_paid: Decimal::new(paid, 2),
            plan_id: None,
            pdf_url: None,
        }
    }

    fn sample() -> Vec<Invoice> {
        vec![
            invoice("INV-3", 20, 5000, 0, "Oak desk"),
            invoice("INV-1", 5, 1000, 0, "Desk lamp"),
            invoice("INV-2", 8, 2000, 2000, "Chair"),
            invoice("INV-4", 12, 9000, 1000, "Delivery"),
        ]
    }

    fn numbers(invoices: &[Invoice], chosen: &[usize]) -> Vec<String> {
        chosen.iter().map(|i| invoices[*i].number.clone()).collect()
    }

    #[test]
    fn to_pay_by_soonest_due_is_the_default() {
        let invoices = sample();
        let chosen = select(&invoices, &HashSet::new(), day(10), &Query::default());
        assert_eq!(numbers(&invoices, &chosen), ["INV-1", "INV-4", "INV-3"]);
    }

    #[test]
    fn filters_by_status_with_disputes_never_overdue() {
        let invoices = sample();
        let disputed: HashSet<String> = ["id-INV-1".to_string()].into();
        let query = |show| Query {
            show,
            ..Query::default()
        };
        let pick = |show| {
            numbers(
                &invoices,
                &select(&invoices, &disputed, day(15), &query(show)),
            )
        };
        assert_eq!(pick(Show::Overdue), ["INV-4"]);
        assert_eq!(pick(Show::Disputed), ["INV-1"]);
        assert_eq!(pick(Show::Paid), ["INV-2"]);
        assert_eq!(pick(Show::All).len(), 4);
    }

    #[test]
    fn url_names_round_trip_and_unknown_ones_fall_back() {
        for (show, name) in Show::ALL {
            assert_eq!(from_url(&Show::ALL, Some(name)), show);
            assert_eq!(url_name(&Show::ALL, show), name);
        }
        for (sort, name) in Sort::ALL {
            assert_eq!(from_url(&Sort::ALL, Some(name)), sort);
        }
        assert_eq!(from_url(&Show::ALL, Some("nonsense")), Show::ToPay);
        assert_eq!(from_url(&Sort::ALL, None), Sort::DueSoonest);
    }

    #[test]
    fn a_chosen_account_shows_only_its_invoices() {
        let mut invoices = sample();
        invoices[1].account_id = "other".into();
        let query = |account: Option<&str>| Query {
            show: Show::All,
            account_id: account.map(String::from),
            ..Query::default()
        };
        let pick = |account| select(&invoices, &HashSet::new(), day(10), &query(account)).len();
        assert_eq!(pick(None), 4);
        assert_eq!(pick(Some("other")), 1);
        assert_eq!(pick(Some("nobody")), 0);
    }

    #[test]
    fn every_word_must_match_number_reference_or_lines_ignoring_case() {
        let invoices = sample();
        let find = |text: &str| {
            let query = Query {
                text: text.into(),
                show: Show::All,
                sort: Sort::Number,
                ..Query::default()
            };
            numbers(
                &invoices,
                &select(&invoices, &HashSet::new(), day(1), &query),
            )
        };
        assert_eq!(find("desk"), ["INV-1", "INV-3"]);
        assert_eq!(find("DESK oak"), ["INV-3"]);
        assert_eq!(find("po inv-4"), ["INV-4"]);
        assert!(find("sofa").is_empty());
        assert_eq!(find("  ").len(), 4);
    }

    #[test]
    fn sorts_by_amount_left_and_due_date() {
        let invoices = sample();
        let sorted = |sort| {
            let query = Query {
                sort,
                show: Show::All,
                ..Query::default()
            };
            numbers(
                &invoices,
                &select(&invoices, &HashSet::new(), day(1), &query),
            )
        };
        assert_eq!(
            sorted(Sort::LargestOpen),
            ["INV-4", "INV-3", "INV-1", "INV-2"]
        );
        assert_eq!(
            sorted(Sort::DueLatest),
            ["INV-3", "INV-4", "INV-2", "INV-1"]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// Whatever the invoices and the query: each shown invoice passes the filter, none
        /// is shown twice, and those the filter passes are all shown.
        #[test]
        fn shows_exactly_what_passes(
            rows in proptest::collection::vec((1u32..28, 1i64..100_000, 0i64..100_000, 0usize..3), 0..60),
            show in 0usize..5,
            sort in 0usize..4,
        ) {
            let names = ["Oak desk", "Chair", "Lamp"];
            let invoices: Vec<Invoice> = rows
                .iter()
                .enumerate()
                .map(|(n, (due, total, paid, name))| {
                    invoice(&format!("INV-{n:03}"), *due, *total, (*paid).min(*total), names[*name])
                })
                .collect();
            let show = [Show::ToPay, Show::Overdue, Show::Disputed, Show::Paid, Show::All][show];
            let sort = [Sort::DueSoonest, Sort::DueLatest, Sort::LargestOpen, Sort::Number][sort];
            let query = Query { text: "a".into(), show, sort, ..Query::default() };
            let chosen = select(&invoices, &HashSet::new(), day(14), &query);
            let unique: HashSet<usize> = chosen.iter().copied().collect();
            prop_assert_eq!(unique.len(), chosen.len());
            for (index, invoice) in invoices.iter().enumerate() {
                let passes = shows(show, invoice.status(day(14), false)) && mentions(invoice, "a");
                prop_assert_eq!(passes, unique.contains(&index));
            }
            if sort == Sort::DueSoonest {
                prop_assert!(chosen.windows(2).all(|w| invoices[w[0]].due_date <= invoices[w[1]].due_date));
            }
        }
    }
}
