//! The invoice list: what it shows of each invoice ([`ListedInvoice`]), kept apart from
//! the full records so that 10,000 of them are read from the store at once, and the
//! customer's search, filter and sort as one plain function the page calls on every
//! keystroke. [`select`] works on indices, so the list is narrowed and ordered without
//! copying a row.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::invoice::{Invoice, InvoiceStatus};

/// One invoice as the list shows and searches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedInvoice {
    /// Backend id of the invoice.
    pub id: String,
    /// The account it belongs to.
    pub account_id: String,
    /// The number printed on the invoice.
    pub number: String,
    /// The currency of its amounts.
    pub currency: Currency,
    /// Date by which it should be paid.
    pub due_date: NaiveDate,
    /// Total to pay.
    #[serde(with = "crate::decimal::wire")]
    pub total: Decimal,
    /// Paid so far.
    #[serde(with = "crate::decimal::wire")]
    pub amount_paid: Decimal,
    /// Whether a plan is paying it.
    pub in_plan: bool,
    /// What a search looks in, in lower case: the number, the customer's reference and
    /// the line descriptions, one to a line so a word never spans two of them.
    pub words: String,
}

impl ListedInvoice {
    /// What the list needs of `invoice`.
    pub fn of(invoice: &Invoice) -> ListedInvoice {
        let mut words = invoice.number.to_lowercase();
        for text in invoice
            .reference
            .iter()
            .chain(invoice.lines.iter().map(|l| &l.description))
        {
            words.push('\n');
            words.push_str(&text.to_lowercase());
        }
        ListedInvoice {
            id: invoice.id.clone(),
            account_id: invoice.account_id.clone(),
            number: invoice.number.clone(),
            currency: invoice.currency,
            due_date: invoice.due_date,
            total: invoice.total,
            amount_paid: invoice.amount_paid,
            in_plan: invoice.plan_id.is_some(),
            words,
        }
    }

    /// Amount still to pay, as [`Invoice::open`].
    pub fn open(&self) -> Decimal {
        self.total - self.amount_paid
    }

    /// The list status on `as_of`, as [`Invoice::status`].
    pub fn status(&self, as_of: NaiveDate, disputed: bool) -> InvoiceStatus {
        let days_past_due = (as_of - self.due_date).num_days();
        InvoiceStatus::of(self.open(), disputed, self.in_plan, days_past_due)
    }
}

/// How many parts the stored list is kept in. A change rewrites only the parts of the
/// invoices it touches, and the whole list is still only a few records to read.
pub const PARTS: u32 = 16;

/// The part of the stored list an invoice's row lives in; the same for every version of
/// the invoice (FNV-1a of its id).
pub fn part_of(id: &str) -> u32 {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash % PARTS
}

/// Brings one part of the stored list up to date: each invoice in `changed` loses its
/// row, and gets its new one back unless it was removed (`None`). When an invoice is
/// changed more than once, its last change counts.
pub fn update_part(rows: &mut Vec<ListedInvoice>, changed: &[(String, Option<ListedInvoice>)]) {
    let last: HashMap<&str, &Option<ListedInvoice>> =
        changed.iter().map(|(id, row)| (id.as_str(), row)).collect();
    rows.retain(|row| !last.contains_key(row.id.as_str()));
    rows.extend(last.into_values().flatten().cloned());
}

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
    invoices: &[ListedInvoice],
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
fn mentions(invoice: &ListedInvoice, word: &str) -> bool {
    invoice.words.contains(word)
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

    fn sample() -> Vec<ListedInvoice> {
        [
            invoice("INV-3", 20, 5000, 0, "Oak desk"),
            invoice("INV-1", 5, 1000, 0, "Desk lamp"),
            invoice("INV-2", 8, 2000, 2000, "Chair"),
            invoice("INV-4", 12, 9000, 1000, "Delivery"),
        ]
        .iter()
        .map(ListedInvoice::of)
        .collect()
    }

    fn numbers(invoices: &[ListedInvoice], chosen: &[usize]) -> Vec<String> {
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

    #[test]
    fn a_search_looks_in_the_number_reference_and_lines_but_not_across_them() {
        let mut full = invoice("INV-9", 1, 100, 0, "Oak desk");
        full.lines[0].description = "Oak DESK".into();
        let listed = ListedInvoice::of(&full);
        for word in ["inv-9", "po inv-9", "oak desk"] {
            assert!(word.split(' ').all(|w| mentions(&listed, w)), "{word}");
            assert!(!select(
                std::slice::from_ref(&listed),
                &HashSet::new(),
                day(1),
                &Query {
                    text: format!("{word} sofa"),
                    show: Show::All,
                    ..Query::default()
                }
            )
            .contains(&0));
        }
        // The number ends in 9 and the reference starts with "po": no word spans both.
        assert!(!mentions(&listed, "9po"));
    }

    #[test]
    fn every_part_is_used_and_an_invoice_always_lands_in_the_same_one() {
        let parts: HashSet<u32> = (0..10_000).map(|n| part_of(&format!("inv-{n}"))).collect();
        assert_eq!(parts.len(), PARTS as usize);
        assert!(parts.iter().all(|part| *part < PARTS));
        assert_eq!(part_of("inv-42"), part_of(&format!("inv-{}", 6 * 7)));
    }

    proptest! {
        /// The listed row tells the same status as the invoice it was made from.
        #[test]
        fn a_listed_invoice_has_the_status_of_its_invoice(
            due in 1u32..28, total in -5_000i64..5_000, paid in 0i64..5_000,
            in_plan: bool, disputed: bool, as_of in 1u32..28,
        ) {
            let mut full = invoice("INV-1", due, total, paid, "Desk");
            full.plan_id = in_plan.then(|| "plan-1".to_string());
            let listed = ListedInvoice::of(&full);
            prop_assert_eq!(listed.status(day(as_of), disputed), full.status(day(as_of), disputed));
            prop_assert_eq!(listed.open(), full.open());
        }

        /// However changes arrive, parts kept up to date change by change hold exactly
        /// the rows of the invoices as they end up, each once.
        #[test]
        fn parts_kept_up_to_date_match_the_list_made_afresh(
            changes in proptest::collection::vec(
                proptest::collection::vec((0usize..40, 1i64..1000, proptest::bool::weighted(0.8)), 1..30),
                1..8,
            ),
        ) {
            let mut parts: Vec<Vec<ListedInvoice>> = vec![Vec::new(); PARTS as usize];
            let mut latest: HashMap<String, ListedInvoice> = HashMap::new();
            for page in changes {
                let page: Vec<(String, Option<ListedInvoice>)> = page
                    .into_iter()
                    .map(|(n, total, kept)| {
                        let row = ListedInvoice::of(&invoice(&format!("INV-{n}"), 1, total, 0, "Desk"));
                        (row.id.clone(), kept.then_some(row))
                    })
                    .collect();
                for (id, row) in &page {
                    match row {
                        Some(row) => latest.insert(id.clone(), row.clone()),
                        None => latest.remove(id),
                    };
                }
                for (part, rows) in parts.iter_mut().enumerate() {
                    let mine: Vec<_> = page
                        .iter()
                        .filter(|(id, _)| part_of(id) as usize == part)
                        .cloned()
                        .collect();
                    update_part(rows, &mine);
                }
            }
            let mut kept: Vec<ListedInvoice> = parts.into_iter().flatten().collect();
            kept.sort_by(|a, b| a.id.cmp(&b.id));
            let mut wanted: Vec<ListedInvoice> = latest.into_values().collect();
            wanted.sort_by(|a, b| a.id.cmp(&b.id));
            prop_assert_eq!(kept, wanted);
        }
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
            let invoices: Vec<ListedInvoice> = rows
                .iter()
                .enumerate()
                .map(|(n, (due, total, paid, name))| {
                    ListedInvoice::of(&invoice(&format!("INV-{n:03}"), *due, *total, (*paid).min(*total), names[*name]))
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
