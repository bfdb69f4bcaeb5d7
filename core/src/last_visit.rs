//! "What changed since your last visit": new invoices, payments received and disputes
//! answered, from what the store knows now and what it knew at the last visit. The marker
//! is the ids seen then, not a time: the device's clock and the server's need not agree,
//! and an invoice synced late still counts as new to the customer.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

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
