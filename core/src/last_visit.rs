//! "What changed since your last visit": new invoices, payments received and disputes
//! answered, from what the store knows now and what it knew at the last visit. The marker
//! is the ids seen then, not a time: the device's clock and the server's need not agree,
//! and an invoice synced late still counts as new to the customer.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dispute::Party;
use crate::payment::PaymentStatus;

/// What the customer had seen: kept on the device between visits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// Ids of the invoices.
    #[serde(default)]
    pub invoices: BTreeSet<String>,
    /// Ids of the payments.
    #[serde(default)]
    pub payments: BTreeSet<String>,
    /// Ids of the disputes that had an answer from the creditor.
    #[serde(default)]
    pub disputes_answered: BTreeSet<String>,
}

/// What is new since the last visit, each list in id order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Invoices not seen before.
    pub new_invoices: Vec<String>,
    /// Payments not seen before.
    pub payments_received: Vec<String>,
    /// Disputes answered since.
    pub disputes_answered: Vec<String>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.new_invoices.is_empty()
            && self.payments_received.is_empty()
            && self.disputes_answered.is_empty()
    }
}

/// What changed since `last`; `None` on the first visit, when everything would be "new"
/// and the overview greets the customer instead.
pub fn changes_since(last: Option<&Seen>, now: &Seen) -> Option<Changes> {
    let last = last?;
    let fresh = |now: &BTreeSet<String>, then: &BTreeSet<String>| {
        now.difference(then).cloned().collect::<Vec<_>>()
    };
    Some(Changes {
        new_invoices: fresh(&now.invoices, &last.invoices),
        payments_received: fresh(&now.payments, &last.payments),
        disputes_answered: fresh(&now.disputes_answered, &last.disputes_answered),
    })
}

/// What the overview needs to know of an invoice: read from the stored invoice list,
/// the rest of the row ignored, so the first load carries no decoder for whole invoices.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InvoiceMark {
    /// The invoice's id.
    pub id: String,
    /// The number printed on it.
    pub number: String,
}

/// What the overview needs to know of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PaymentMark {
    /// The payment's id.
    pub id: String,
    /// ISO 4217 code of the amount.
    pub currency: String,
    /// How much was paid.
    #[serde(with = "crate::decimal::wire")]
    pub amount: Decimal,
    /// As the record has it (RFC 3339): kept as text, since the app formats it as such
    /// and a date parser would add to the first load.
    pub received_at: String,
    /// Only a completed payment counts as received.
    pub status: PaymentStatus,
}

/// What the overview needs to know of a dispute: the invoice, and who moved it when.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DisputeMark {
    /// The dispute's id.
    pub id: String,
    /// The invoice disputed.
    pub invoice_id: String,
    /// Its steps, oldest first.
    #[serde(default)]
    pub timeline: Vec<MovedBy>,
}

/// One step of a dispute's timeline, by who took it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MovedBy {
    /// The customer or the creditor.
    pub by: Party,
}

/// What the store holds now, as far as the overview's changes go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The invoices stored.
    pub invoices: Vec<InvoiceMark>,
    /// The payments stored.
    pub payments: Vec<PaymentMark>,
    /// The disputes stored.
    pub disputes: Vec<DisputeMark>,
}

/// One thing that changed, with what the overview says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new invoice, by its number.
    NewInvoice {
        /// The invoice's id, for its link.
        id: String,
        /// The number printed on it.
        number: String,
    },
    /// A payment received.
    PaymentReceived {
        /// The payment's id.
        id: String,
        /// ISO 4217 code of the amount.
        currency: String,
        /// How much was paid.
        amount: Decimal,
        /// When, as the record has it (RFC 3339).
        received_at: String,
    },
    /// A dispute the creditor answered, by its invoice's number (or id, when the
    /// invoice is not on the device).
    DisputeAnswered {
        /// The dispute's id, for its link.
        id: String,
        /// The invoice's number, or its id.
        invoice: String,
    },
}

impl Known {
    /// The marker to keep: the ids known now. Only payments received count (not those
    /// started at a checkout and not yet confirmed), and only disputes the creditor has
    /// moved.
    pub fn seen(&self) -> Seen {
        Seen {
            invoices: self.invoices.iter().map(|i| i.id.clone()).collect(),
            payments: self
                .payments
                .iter()
                .filter(|p| p.status == PaymentStatus::Completed)
                .map(|p| p.id.clone())
                .collect(),
            disputes_answered: self
                .disputes
                .iter()
                .filter(|d| d.timeline.iter().any(|step| step.by == Party::Creditor))
                .map(|d| d.id.clone())
                .collect(),
        }
    }

    /// What changed since `last`, described: `None` on the first visit. Invoices first,
    /// then payments, newest first, then disputes.
    pub fn changes_since(&self, last: Option<&Seen>) -> Option<Vec<Change>> {
        let changes = changes_since(last, &self.seen())?;
        let number_of = |invoice_id: &str| {
            self.invoices
                .iter()
                .find(|i| i.id == invoice_id)
                .map_or_else(|| invoice_id.to_string(), |i| i.number.clone())
        };
        let mut list: Vec<Change> = changes
            .new_invoices
            .iter()
            .map(|id| Change::NewInvoice {
                id: id.clone(),
                number: number_of(id),
            })
            .collect();
        let mut payments: Vec<&PaymentMark> = self
            .payments
            .iter()
            .filter(|p| changes.payments_received.contains(&p.id))
            .collect();
        // RFC 3339 text in UTC, written alike, sorts as the time does; were a backend to
        // write it otherwise, only the order of this short list would suffer.
        payments.sort_by(|a, b| b.received_at.cmp(&a.received_at));
        list.extend(payments.into_iter().map(|p| Change::PaymentReceived {
            id: p.id.clone(),
            currency: p.currency.clone(),
            amount: p.amount,
            received_at: p.received_at.clone(),
        }));
        list.extend(
            self.disputes
                .iter()
                .filter(|d| changes.disputes_answered.contains(&d.id))
                .map(|d| Change::DisputeAnswered {
                    id: d.id.clone(),
                    invoice: number_of(&d.invoice_id),
                }),
        );
        Some(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ids(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_first_visit_shows_nothing() {
        let now = Seen {
            invoices: ids(&["i1"]),
            ..Seen::default()
        };
        assert_eq!(changes_since(None, &now), None);
    }

    #[test]
    fn new_items_since_the_last_visit_are_listed() {
        let last = Seen {
            invoices: ids(&["i1"]),
            payments: ids(&["p1"]),
            disputes_answered: ids(&[]),
        };
        let now = Seen {
            invoices: ids(&["i1", "i2"]),
            payments: ids(&["p1", "p2", "p3"]),
            disputes_answered: ids(&["d1"]),
        };
        let changes = changes_since(Some(&last), &now).unwrap();
        assert_eq!(changes.new_invoices, ["i2"]);
        assert_eq!(changes.payments_received, ["p2", "p3"]);
        assert_eq!(changes.disputes_answered, ["d1"]);
        assert!(!changes.is_empty());
    }

    #[test]
    fn items_gone_since_are_not_changes() {
        let last = Seen {
            invoices: ids(&["i1", "i2"]),
            ..Seen::default()
        };
        let now = Seen {
            invoices: ids(&["i1"]),
            ..Seen::default()
        };
        assert!(changes_since(Some(&last), &now).unwrap().is_empty());
    }

    #[test]
    fn an_old_marker_without_a_field_still_reads() {
        let seen: Seen = serde_json::from_str(r#"{"invoices": ["i1"]}"#).unwrap();
        assert_eq!(seen.invoices, ids(&["i1"]));
        assert!(seen.payments.is_empty());
    }

    fn known() -> Known {
        let at = |day: u32| format!("2026-03-{day:02}T09:00:00Z");
        let payment = |id: &str, day, status| PaymentMark {
            id: id.into(),
            currency: "GBP".into(),
            amount: Decimal::from(10),
            received_at: at(day),
            status,
        };
        Known {
            invoices: vec![InvoiceMark {
                id: "i1".into(),
                number: "INV-1".into(),
            }],
            payments: vec![
                payment("p1", 1, PaymentStatus::Completed),
                payment("p2", 5, PaymentStatus::Completed),
                payment("p3", 6, PaymentStatus::Pending),
            ],
            disputes: vec![
                DisputeMark {
                    id: "d1".into(),
                    invoice_id: "i1".into(),
                    timeline: vec![
                        MovedBy {
                            by: Party::Customer,
                        },
                        MovedBy {
                            by: Party::Creditor,
                        },
                    ],
                },
                DisputeMark {
                    id: "d2".into(),
                    invoice_id: "i9".into(),
                    timeline: vec![MovedBy {
                        by: Party::Customer,
                    }],
                },
            ],
        }
    }

    #[test]
    fn the_marker_holds_received_payments_and_answered_disputes() {
        let seen = known().seen();
        assert_eq!(seen.invoices, ids(&["i1"]));
        assert_eq!(seen.payments, ids(&["p1", "p2"]));
        assert_eq!(seen.disputes_answered, ids(&["d1"]));
    }

    #[test]
    fn changes_are_described_newest_payment_first() {
        assert_eq!(known().changes_since(None), None);
        let last = Seen::default();
        let list = known().changes_since(Some(&last)).unwrap();
        let kinds: Vec<String> = list
            .iter()
            .map(|change| match change {
                Change::NewInvoice { number, .. } => format!("invoice {number}"),
                Change::PaymentReceived { id, .. } => format!("payment {id}"),
                Change::DisputeAnswered { invoice, .. } => format!("dispute on {invoice}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "invoice INV-1",
                "payment p2",
                "payment p1",
                "dispute on INV-1"
            ]
        );
        assert_eq!(known().changes_since(Some(&known().seen())), Some(vec![]));
    }

    #[test]
    fn marks_read_from_whole_records() {
        let payment: PaymentMark = serde_json::from_str(
            r#"{"id":"p1","account_id":"a","currency":"GBP","amount":"12.50",
                "received_at":"2026-03-01T09:00:00Z","method":"card","status":"completed",
                "allocations":[]}"#,
        )
        .unwrap();
        assert_eq!(payment.amount, Decimal::new(1250, 2));
        let dispute: DisputeMark = serde_json::from_str(
            r#"{"id":"d1","invoice_id":"i1","status":"under_review",
                "timeline":[{"status":"under_review","at":"2026-03-01T09:00:00Z","by":"creditor"}]}"#,
        )
        .unwrap();
        assert_eq!(
            dispute.timeline,
            [MovedBy {
                by: Party::Creditor
            }]
        );
    }

    fn seen() -> impl Strategy<Value = Seen> {
        let set = || proptest::collection::btree_set("[a-d][0-3]", 0..8);
        (set(), set(), set()).prop_map(|(invoices, payments, disputes_answered)| Seen {
            invoices,
            payments,
            disputes_answered,
        })
    }

    proptest! {
        #[test]
        fn nothing_changed_since_the_same_state(now in seen()) {
            prop_assert!(changes_since(Some(&now), &now).unwrap().is_empty());
        }

        #[test]
        fn every_change_is_now_known_and_was_not_then(last in seen(), now in seen()) {
            let changes = changes_since(Some(&last), &now).unwrap();
            for id in &changes.new_invoices {
                prop_assert!(now.invoices.contains(id) && !last.invoices.contains(id));
            }
            prop_assert_eq!(
                changes.new_invoices.len(),
                now.invoices.difference(&last.invoices).count()
            );
        }
    }
}
