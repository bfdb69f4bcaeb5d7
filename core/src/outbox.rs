//! The outbox's rules: which waiting intents may be sent now and in what order, and what
//! the backend's answer to an attempt means. The app keeps the entries in IndexedDB and
//! does the sending; every decision is made here, so it is tested natively.
//!
//! The guarantees these rules give, together with the backend's idempotency keys:
//!
//! - **Order.** Intents about the same thing (the same dispute, the contact preferences,
//!   …; see [`entity_of`]) go one at a time in the order the customer made them. A message
//!   with photos waits until the photos are uploaded.
//! - **Exactly once.** An entry keeps its idempotency key for every attempt, so a retry of
//!   a request whose answer was lost is recognised by the backend and not applied twice.
//! - **Nothing dropped.** Only a success removes an entry. A permanent refusal (a 4xx other
//!   than 401, 408, 409, 425 and 429) marks it [`EntryStatus::Rejected`] with the
//!   backend's explanation, for the customer to see; everything else is retried with
//!   exponential backoff and jitter, never sooner than a `Retry-After` asks.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::api::Problem;
use crate::feedback::FeedbackSubject;
use crate::intents::Intent;

/// The wait after the first failed attempt; it doubles with each further failure.
pub const FIRST_RETRY: TimeDelta = TimeDelta::seconds(2);
/// The longest wait between two attempts, however many have failed.
pub const LONGEST_RETRY: TimeDelta = TimeDelta::minutes(5);

/// One queued customer action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The `Idempotency-Key`, made on the device when the customer acted; the same for
    /// every attempt.
    pub key: String,
    /// Position in the order the customer acted on this device.
    pub seq: u64,
    /// What the intent is about; see [`entity_of`].
    pub entity: String,
    /// The action.
    pub intent: Intent,
    /// For a change to a versioned record (contact preferences): the version the
    /// customer edited, sent as `If-Match`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
    /// When the customer acted.
    pub created_at: DateTime<Utc>,
    /// How many attempts have failed so far.
    pub attempts: u32,
    /// Not to be sent before this instant.
    pub next_attempt_at: DateTime<Utc>,
    /// Waiting to be sent, or refused for good.
    pub status: EntryStatus,
}

/// Where an entry stands. A delivered entry leaves the outbox, so it has no status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EntryStatus {
    /// To be sent (again) from `next_attempt_at`.
    Waiting {
        /// Why the last attempt failed, in plain words, if one did.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_error: Option<String>,
    },
    /// Refused for good: shown to the customer with the backend's explanation until they
    /// change it or let it go.
    Rejected {
        /// The backend's answer.
        problem: Problem,
    },
}

impl OutboxEntry {
    /// A new entry for `intent`, to be sent at once.
    pub fn new(key: String, seq: u64, intent: Intent, now: DateTime<Utc>) -> OutboxEntry {
        OutboxEntry {
            key,
            seq,
            entity: entity_of(&intent),
            intent,
            if_match: None,
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            status: EntryStatus::Waiting { last_error: None },
        }
    }

    /// True when the backend refused it for good.
    pub fn is_rejected(&self) -> bool {
        matches!(self.status, EntryStatus::Rejected { .. })
    }

    /// Applies the verdict on an attempt that did not succeed.
    pub fn record_failure(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Delivered => {}
            Verdict::Retry { at, reason } => {
                self.attempts = self.attempts.saturating_add(1);
                self.next_attempt_at = at;
                self.status = EntryStatus::Waiting {
                    last_error: Some(reason),
                };
            }
            Verdict::Rejected(problem) => {
                self.attempts = self.attempts.saturating_add(1);
                self.status = EntryStatus::Rejected { problem };
            }
        }
    }

    /// Puts a rejected entry back in the queue, when the customer asks to try again.
    pub fn retry_now(&mut self, now: DateTime<Utc>) {
        self.status = EntryStatus::Waiting { last_error: None };
        self.next_attempt_at = now;
    }

    /// True when queuing `self` makes `older` pointless: a later full replacement of the
    /// contact preferences replaces an earlier one still waiting, which would otherwise
    /// go first and leave the later one based on a version that no longer exists, and
    /// one that was refused, which the customer has seen and answered by saving again.
    pub fn supersedes(&self, older: &OutboxEntry) -> bool {
        matches!(self.intent, Intent::PutPreferences(_))
            && matches!(older.intent, Intent::PutPreferences(_))
            && older.key != self.key
    }

    /// The attachments this entry needs uploaded before it can go.
    fn needs_attachments(&self) -> &[String] {
        match &self.intent {
            Intent::RaiseDispute(body) => &body.attachment_ids,
            Intent::SendDisputeMessage(body) => &body.attachment_ids,
            _ => &[],
        }
    }
}

/// What an intent is about. Intents about the same entity are sent one at a time, in
/// order: a dispute's messages after the dispute's earlier messages, a second change of
/// contact preferences after the first.
pub fn entity_of(intent: &Intent) -> String {
    match intent {
        Intent::RaiseDispute(body) => format!("invoice:{}", body.invoice_id),
        Intent::SendDisputeMessage(body) => format!("dispute:{}", body.dispute_id),
        Intent::WithdrawDispute(body) => format!("dispute:{}", body.dispute_id),
        Intent::UploadAttachment(body) => format!("attachment:{}", body.id),
        Intent::AcceptPlanOffer(_) | Intent::ProposePlan(_) => "plans".to_owned(),
        Intent::PromiseToPay(_) | Intent::ChangePromise(_) => "promises".to_owned(),
        Intent::AskForHelp(_) => "help".to_owned(),
        Intent::StartCheckout(_) => "checkout".to_owned(),
        Intent::SendFeedback(body) => match &body.subject {
            FeedbackSubject::Dispute { dispute_id } => format!("dispute:{dispute_id}"),
            FeedbackSubject::Plan { plan_id } => format!("plan:{plan_id}"),
            FeedbackSubject::Portal => "feedback".to_owned(),
        },
        Intent::PutPreferences(_) => "preferences".to_owned(),
    }
}

/// How an attempt to send an entry ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    /// The request never got an answer (offline, connection dropped, timed out).
    NoAnswer,
    /// The backend answered.
    Answered {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` the backend asked for, if any.
        retry_after: Option<TimeDelta>,
        /// The problem details of an error answer, if it sent any.
        problem: Option<Problem>,
    },
}

/// What to do with an entry after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The backend has it: remove the entry.
    Delivered,
    /// Try again from `at`.
    Retry {
        /// When to try again.
        at: DateTime<Utc>,
        /// Why this attempt failed, in plain words.
        reason: String,
    },
    /// Refused for good: keep it and show the customer why.
    Rejected(Problem),
}

/// Judges an attempt. `failures` is how many attempts had failed before this one;
/// `jitter_permille` is a random number from 0 to 1000 that spreads out the retries of
/// many devices after an outage.
///
/// 401 is retried rather than rejected: the customer signs in again and the entry goes.
pub fn judge(
    attempt: &Attempt,
    failures: u32,
    now: DateTime<Utc>,
    jitter_permille: u16,
) -> Verdict {
    let retry = |asked: Option<TimeDelta>, reason: &str| {
        let wait = backoff(failures.saturating_add(1), jitter_permille);
        let wait = asked.map_or(wait, |asked| asked.max(wait));
        Verdict::Retry {
            at: now + wait,
            reason: reason.to_owned(),
        }
    };
    match attempt {
        Attempt::NoAnswer => retry(None, "no connection to the server"),
        Attempt::Answered { status, .. } if (200..300).contains(status) => Verdict::Delivered,
        Attempt::Answered {
            status: 401,
            retry_after,
            ..
        } => retry(*retry_after, "sign in again to send this"),
        Attempt::Answered {
            status: 408 | 409 | 425 | 429,
            retry_after,
            ..
        } => retry(*retry_after, "the server asked to try again later"),
        Attempt::Answered {
            status: status @ 400..=499,
            problem,
            ..
        } => Verdict::Rejected(problem.clone().unwrap_or_else(|| Problem {
            kind: format!("{}http-{status}", Problem::TYPE_BASE),
            title: "The server refused this request".to_owned(),
            status: *status,
            detail: None,
            field: None,
        })),
        Attempt::Answered { retry_after, .. } => {
            retry(*retry_after, "the server could not take it just now")
        }
    }
}

/// The wait after `failures` failed attempts (at least 1): [`FIRST_RETRY`] doubled for
/// each further failure, capped at [`LONGEST_RETRY`], then between half and all of that
/// by `jitter_permille` (0 to 1000; larger values count as 1000).
pub fn backoff(failures: u32, jitter_permille: u16) -> TimeDelta {
    let doublings = failures.saturating_sub(1).min(20);
    let full = (FIRST_RETRY * 2i32.pow(doublings)).min(LONGEST_RETRY);
    let half = full / 2;
    let jitter = i64::from(jitter_permille.min(1000));
    half + TimeDelta::milliseconds(half.num_milliseconds() * jitter / 1000)
}

/// The entries that may be sent now, in the order to send them: for each entity, its
/// earliest entry, when that is waiting, due, and not held by an attachment still in the
/// outbox. Entries behind a rejected one of the same entity wait for the customer.
pub fn ready(entries: &[OutboxEntry], now: DateTime<Utc>) -> Vec<&OutboxEntry> {
    let mut ordered: Vec<&OutboxEntry> = entries.iter().collect();
    ordered.sort_by_key(|entry| entry.seq);
    let mut seen = std::collections::HashSet::new();
    let mut ready = Vec::new();
    for entry in ordered {
        if !seen.insert(entry.entity.as_str()) {
            continue;
        }
        let due = entry.next_attempt_at <= now;
        if due && !entry.is_rejected() && held_by(entry, entries).is_none() {
            ready.push(entry);
        }
    }
    ready
}

/// The entry that keeps `entry` from being sent, if any: an earlier entry about the same
/// entity, or the upload of an attachment it needs.
pub fn held_by<'a>(entry: &OutboxEntry, entries: &'a [OutboxEntry]) -> Option<&'a OutboxEntry> {
    let needs = entry.needs_attachments();
    entries
        .iter()
        .filter(|other| other.key != entry.key)
        .filter(|other| {
            let earlier_same = other.entity == entry.entity && other.seq < entry.seq;
            let upload = match &other.intent {
                Intent::UploadAttachment(meta) => needs.contains(&meta.id),
                _ => false,
            };
            earlier_same || upload
        })
        .min_by_key(|other| other.seq)
}

/// When the next entry falls due, if a waiting one is not due yet: the sync engine
/// sleeps until then.
pub fn next_due(entries: &[OutboxEntry], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    entries
        .iter()
        .filter(|entry| !entry.is_rejected() && entry.next_attempt_at > now)
        .map(|entry| entry.next_attempt_at)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attachment::AttachmentMeta;
    use crate::contact::ContactPreferences;
    use crate::dispute::{SendDisputeMessage, WithdrawDispute};
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0).unwrap()
    }

    fn message(dispute: &str, attachments: &[&str]) -> Intent {
        Intent::SendDisputeMessage(SendDisputeMessage {
            dispute_id: dispute.into(),
            body: "hello".into(),
            attachment_ids: attachments.iter().map(|id| id.to_string()).collect(),
        })
    }

    fn upload(id: &str) -> Intent {
        Intent::UploadAttachment(AttachmentMeta {
            id: id.into(),
            file_name: "photo.jpg".into(),
            media_type: "image/jpeg".into(),
            size_bytes: 1000,
            sha256: None,
        })
    }

    fn entry(key: &str, seq: u64, intent: Intent) -> OutboxEntry {
        OutboxEntry::new(key.into(), seq, intent, at(0))
    }

    fn keys(entries: Vec<&OutboxEntry>) -> Vec<&str> {
        entries.into_iter().map(|e| e.key.as_str()).collect()
    }

    fn answered(status: u16, retry_after: Option<i64>) -> Attempt {
        Attempt::Answered {
            status,
            retry_after: retry_after.map(TimeDelta::seconds),
            problem: None,
        }
    }

    #[test]
    fn intents_about_one_thing_go_one_at_a_time_in_order() {
        let entries = vec![
            entry("b", 2, message("d1", &[])),
            entry("a", 1, message("d1", &[])),
            entry("c", 3, message("d2", &[])),
            entry(
                "d",
                4,
                Intent::WithdrawDispute(WithdrawDispute {
                    dispute_id: "d1".into(),
                    reason: None,
                }),
            ),
        ];
        assert_eq!(keys(ready(&entries, at(0))), ["a", "c"]);
        assert_eq!(held_by(&entries[0], &entries).unwrap().key, "a");
        assert_eq!(held_by(&entries[3], &entries).unwrap().key, "a");
    }

    #[test]
    fn a_message_waits_for_its_photos_even_when_queued_first() {
        let entries = vec![
            entry("msg", 1, message("d1", &["p1"])),
            entry("photo", 2, upload("p1")),
        ];
        assert_eq!(keys(ready(&entries, at(0))), ["photo"]);
        assert_eq!(held_by(&entries[0], &entries).unwrap().key, "photo");
        assert_eq!(keys(ready(&entries[..1], at(0))), ["msg"]);
    }

    #[test]
    fn a_rejected_entry_holds_the_rest_of_its_entity_but_nothing_else() {
        let mut first = entry("a", 1, message("d1", &[]));
        first.record_failure(Verdict::Rejected(Problem {
            kind: "x".into(),
            title: "no".into(),
            status: 422,
            detail: None,
            field: None,
        }));
        let entries = vec![
            first,
            entry("b", 2, message("d1", &[])),
            entry("c", 3, message("d2", &[])),
        ];
        assert_eq!(keys(ready(&entries, at(0))), ["c"]);
        let mut retried = entries.clone();
        retried[0].retry_now(at(5));
        assert_eq!(keys(ready(&retried, at(5))), ["a", "c"]);
    }

    #[test]
    fn an_entry_waits_for_its_next_attempt() {
        let mut late = entry("a", 1, message("d1", &[]));
        late.record_failure(judge(&Attempt::NoAnswer, 0, at(0), 1000));
        assert_eq!(late.attempts, 1);
        assert_eq!(late.next_attempt_at, at(2));
        let entries = vec![late, entry("b", 2, message("d2", &[]))];
        assert_eq!(keys(ready(&entries, at(1))), ["b"]);
        assert_eq!(keys(ready(&entries, at(2))), ["a", "b"]);
        assert_eq!(next_due(&entries, at(1)), Some(at(2)));
        assert_eq!(next_due(&entries, at(2)), None);
    }

    #[test]
    fn answers_are_judged_as_the_spec_says() {
        let now = at(0);
        assert_eq!(judge(&answered(201, None), 0, now, 0), Verdict::Delivered);
        assert_eq!(judge(&answered(200, None), 3, now, 0), Verdict::Delivered);
        for status in [401, 408, 409, 425, 429, 500, 502, 503, 504] {
            assert!(
                matches!(
                    judge(&answered(status, None), 0, now, 0),
                    Verdict::Retry { .. }
                ),
                "{status} is worth retrying"
            );
        }
        for status in [400, 403, 404, 410, 412, 413, 415, 422] {
            match judge(&answered(status, None), 0, now, 0) {
                Verdict::Rejected(problem) => assert_eq!(problem.status, status),
                other => panic!("{status} should be permanent, got {other:?}"),
            }
        }
        let problem = Problem {
            kind: format!("{}dispute.amount", Problem::TYPE_BASE),
            title: "The request breaks a rule".into(),
            status: 422,
            detail: Some("at most £10.00 is open".into()),
            field: Some("/amount".into()),
        };
        let refused = Attempt::Answered {
            status: 422,
            retry_after: None,
            problem: Some(problem.clone()),
        };
        assert_eq!(judge(&refused, 0, now, 0), Verdict::Rejected(problem));
    }

    #[test]
    fn retry_after_is_honoured_but_never_shortens_the_backoff() {
        let now = at(0);
        let long = judge(&answered(503, Some(120)), 0, now, 0);
        assert!(matches!(long, Verdict::Retry { at: when, .. } if when == at(120)));
        let short = judge(&answered(429, Some(0)), 5, now, 1000);
        assert!(matches!(short, Verdict::Retry { at: when, .. } if when == at(64)));
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1, 1000), TimeDelta::seconds(2));
        assert_eq!(backoff(2, 1000), TimeDelta::seconds(4));
        assert_eq!(backoff(3, 1000), TimeDelta::seconds(8));
        assert_eq!(backoff(1, 0), TimeDelta::seconds(1));
        assert_eq!(backoff(30, 1000), LONGEST_RETRY);
        assert_eq!(backoff(u32::MAX, 0), LONGEST_RETRY / 2);
    }

    #[test]
    fn a_new_preferences_change_replaces_earlier_ones() {
        let put = || Intent::PutPreferences(ContactPreferences::new("Europe/London", "en"));
        let older = entry("a", 1, put());
        let newer = entry("b", 2, put());
        assert!(newer.supersedes(&older));
        assert!(!newer.supersedes(&newer));
        assert!(!newer.supersedes(&entry("c", 3, message("d1", &[]))));
        let mut refused = older.clone();
        refused.record_failure(Verdict::Rejected(Problem {
            kind: "x".into(),
            title: "no".into(),
            status: 412,
            detail: None,
            field: None,
        }));
        assert!(newer.supersedes(&refused), "saving again answers a refusal");
    }

    #[test]
    fn entries_round_trip_through_json() {
        let mut entry = entry(
            "k1",
            7,
            Intent::PutPreferences(ContactPreferences::new("Europe/London", "en")),
        );
        entry.if_match = Some("\"3\"".into());
        entry.record_failure(judge(&Attempt::NoAnswer, 0, at(0), 500));
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["status"]["status"], "waiting");
        assert_eq!(json["entity"], "preferences");
        let back: OutboxEntry = serde_json::from_value(json).unwrap();
        assert_eq!(back, entry);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the failures and jitter, a retry waits between half the nominal
        /// backoff and the cap, and never less than one second.
        #[test]
        fn backoff_stays_within_its_bounds(failures in 1u32..64, jitter in 0u16..=1000) {
            let wait = backoff(failures, jitter);
            prop_assert!(wait >= FIRST_RETRY / 2);
            prop_assert!(wait <= LONGEST_RETRY);
            prop_assert!(backoff(failures + 1, jitter) >= wait);
        }

        /// For any queue, at most one entry per entity is ready, it is the earliest of
        /// its entity, and nothing rejected or not yet due is ready.
        #[test]
        fn ready_sends_only_the_head_of_each_entity(
            specs in prop::collection::vec((0u8..4, 0i64..10, any::<bool>()), 0..24),
            now in 0i64..10,
        ) {
            let entries: Vec<OutboxEntry> = specs
                .iter()
                .enumerate()
                .map(|(i, (dispute, due, rejected))| {
                    let mut e = entry(&format!("k{i}"), i as u64, message(&format!("d{dispute}"), &[]));
                    e.next_attempt_at = at(*due);
                    if *rejected {
                        e.record_failure(Verdict::Rejected(Problem {
                            kind: "x".into(), title: "no".into(), status: 400, detail: None, field: None,
                        }));
                    }
                    e
                })
                .collect();
            let chosen = ready(&entries, at(now));
            let mut entities = std::collections::HashSet::new();
            for e in &chosen {
                prop_assert!(entities.insert(e.entity.clone()));
                prop_assert!(!e.is_rejected());
                prop_assert!(e.next_attempt_at <= at(now));
                let earliest = entries.iter().filter(|o| o.entity == e.entity).map(|o| o.seq).min();
                prop_assert_eq!(Some(e.seq), earliest);
            }
        }
    }
}
