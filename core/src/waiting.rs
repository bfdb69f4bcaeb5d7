//! What waits on this device, laid over what the backend has: which queued actions
//! concern a record, and the rule that a waiting change wins over the synced copy until
//! the backend has taken it. The app's data layer shows what these say; it decides none
//! of it.

use crate::api::Problem;
use crate::feedback::FeedbackSubject;
use crate::intents::Intent;
use crate::outbox::{EntryStatus, OutboxEntry};
use crate::plan::PlanOffer;

/// A synced record as the customer will have it once what waits has been sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlaid<T> {
    /// The newest change still waiting, or the synced copy when none waits.
    pub shown: T,
    /// Whether a change waits to be sent (so `shown` is not the backend's yet).
    pub waiting: bool,
    /// Why the backend refused a change, if it did: the customer must see it, since the
    /// record shows as it was.
    pub refused: Option<Problem>,
}

/// A waiting change wins: `pick` finds the changes to the record in the outbox (in the
/// order they were queued), and the newest one not refused is shown in place of
/// `synced`. A refused change never shows as the record; it is reported in `refused`.
pub fn waiting_wins<T: Clone>(
    synced: T,
    entries: &[OutboxEntry],
    pick: impl Fn(&Intent) -> Option<&T>,
) -> Overlaid<T> {
    let refused = entries.iter().find_map(|entry| match &entry.status {
        EntryStatus::Rejected { problem } if pick(&entry.intent).is_some() => Some(problem.clone()),
        _ => None,
    });
    let newest = entries
        .iter()
        .rev()
        .filter(|entry| !entry.is_rejected())
        .find_map(|entry| pick(&entry.intent));
    Overlaid {
        waiting: newest.is_some(),
        shown: newest.cloned().unwrap_or(synced),
        refused,
    }
}

/// Whether `intent` is about the dispute `dispute_id`: a message on it, its withdrawal,
/// or feedback on how it was handled.
pub fn concerns_dispute(intent: &Intent, dispute_id: &str) -> bool {
    match intent {
        Intent::SendDisputeMessage(message) => message.dispute_id == dispute_id,
        Intent::WithdrawDispute(withdraw) => withdraw.dispute_id == dispute_id,
        Intent::SendFeedback(feedback) => matches!(
            &feedback.subject,
            FeedbackSubject::Dispute { dispute_id: id } if id == dispute_id
        ),
        _ => false,
    }
}

/// Whether `intent` starts a plan on the account `account_id`: a proposal for it, or
/// the acceptance of one of its `offers`.
pub fn starts_plan_on(intent: &Intent, account_id: &str, offers: &[PlanOffer]) -> bool {
    match intent {
        Intent::ProposePlan(plan) => plan.account_id == account_id,
        Intent::AcceptPlanOffer(accept) => offers
            .iter()
            .any(|offer| offer.id == accept.offer_id && offer.account_id == account_id),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::dispute::{SendDisputeMessage, WithdrawDispute};
    use crate::feedback::Feedback;

    fn entry(seq: u64, intent: Intent) -> OutboxEntry {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        OutboxEntry::new(format!("key-{seq}"), seq, intent, at)
    }

    fn refused(mut entry: OutboxEntry) -> OutboxEntry {
        entry.status = EntryStatus::Rejected {
            problem: Problem {
                kind: format!("{}validation", Problem::TYPE_BASE),
                title: "Not valid".into(),
                status: 422,
                detail: Some("The reason is too long".into()),
                field: None,
            },
        };
        entry
    }

    fn withdraw(dispute_id: &str, reason: &str) -> Intent {
        Intent::WithdrawDispute(WithdrawDispute {
            dispute_id: dispute_id.into(),
            reason: Some(reason.into()),
        })
    }

    /// Picks the withdrawal reason of dispute `d1`, standing in for a versioned record.
    fn reason_of_d1(intent: &Intent) -> Option<&Option<String>> {
        match intent {
            Intent::WithdrawDispute(w) if w.dispute_id == "d1" => Some(&w.reason),
            _ => None,
        }
    }

    #[test]
    fn with_nothing_waiting_the_synced_copy_shows() {
        let shown = waiting_wins(None, &[entry(1, withdraw("d2", "other"))], reason_of_d1);
        assert_eq!(shown.shown, None);
        assert!(!shown.waiting);
        assert_eq!(shown.refused, None);
    }

    #[test]
    fn the_newest_waiting_change_wins() {
        let entries = [
            entry(1, withdraw("d1", "first")),
            entry(2, withdraw("d2", "other")),
            entry(3, withdraw("d1", "second")),
        ];
        let shown = waiting_wins(None, &entries, reason_of_d1);
        assert_eq!(shown.shown, Some("second".to_string()));
        assert!(shown.waiting);
    }

    #[test]
    fn a_refused_change_is_reported_not_shown() {
        let entries = [
            entry(1, withdraw("d1", "first")),
            refused(entry(2, withdraw("d1", "refused"))),
        ];
        let shown = waiting_wins(Some("synced".to_string()), &entries, reason_of_d1);
        assert_eq!(shown.shown, Some("first".to_string()));
        assert!(shown.waiting);
        let problem = shown.refused.expect("the refusal is reported");
        assert_eq!(problem.detail.as_deref(), Some("The reason is too long"));

        let only_refused = [refused(entry(1, withdraw("d1", "refused")))];
        let shown = waiting_wins(Some("synced".to_string()), &only_refused, reason_of_d1);
        assert_eq!(shown.shown, Some("synced".to_string()));
        assert!(!shown.waiting);
        assert!(shown.refused.is_some());
    }

    #[test]
    fn messages_withdrawals_and_feedback_concern_their_dispute_only() {
        let message = Intent::SendDisputeMessage(SendDisputeMessage {
            dispute_id: "d1".into(),
            body: "Hello".into(),
            attachment_ids: Vec::new(),
        });
        let feedback = Intent::SendFeedback(Feedback {
            subject: FeedbackSubject::Dispute {
                dispute_id: "d1".into(),
            },
            csat: 5,
            ces: None,
            comment: None,
        });
        for intent in [message, feedback, withdraw("d1", "sorted")] {
            assert!(concerns_dispute(&intent, "d1"), "{intent:?}");
            assert!(!concerns_dispute(&intent, "d2"), "{intent:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the outbox holds, the record shows its newest change not refused, or
        /// the synced copy, and a refusal is reported exactly when there is one.
        #[test]
        fn the_newest_change_not_refused_is_shown(
            queued in proptest::collection::vec((proptest::bool::ANY, 0u8..4, proptest::bool::ANY), 0..12),
        ) {
            let entries: Vec<OutboxEntry> = queued
                .iter()
                .enumerate()
                .map(|(seq, (ours, reason, was_refused))| {
                    let dispute = if *ours { "d1" } else { "d2" };
                    let queued = entry(seq as u64, withdraw(dispute, &reason.to_string()));
                    if *was_refused { refused(queued) } else { queued }
                })
                .collect();
            let synced = Some("synced".to_string());
            let shown = waiting_wins(synced.clone(), &entries, reason_of_d1);
            let newest = queued
                .iter()
                .rev()
                .find(|(ours, _, was_refused)| *ours && !was_refused)
                .map(|(_, reason, _)| Some(reason.to_string()));
            proptest::prop_assert_eq!(shown.waiting, newest.is_some());
            proptest::prop_assert_eq!(shown.shown, newest.unwrap_or(synced));
            let any_refused = queued.iter().any(|(ours, _, was_refused)| *ours && *was_refused);
            proptest::prop_assert_eq!(shown.refused.is_some(), any_refused);
        }
    }
}
