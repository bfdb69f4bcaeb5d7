//! The outbox's rules: which waiting intents may be sent now and in what order, and what
//! the backend's answer to an attempt means. The app keeps the entries in IndexedDB and
//! does the sending; every decision is made here, so it is tested natively.
//!
//! The guarantees these rules give, together with the backend's idempotency keys:
//!
//! - **Order, where it matters.** An intent waits only for what it really depends on
//!   ([`must_wait_for`]): a dispute's messages, withdrawal and feedback go one at a time
//!   in the order the customer made them, so do changes of the contact preferences and
//!   the moves of one promise, and a message or dispute with photos waits until its
//!   photos are uploaded. Everything else is independent: two promises, or a promise and
//!   a change of preferences, never wait on each other, so one refusal holds back only
//!   what depends on it.
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
    /// The refused entry this one corrects: the customer changed it and sent it again,
    /// so queuing this one takes that one out of the outbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
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
            intent,
            if_match: None,
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            status: EntryStatus::Waiting { last_error: None },
            replaces: None,
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
    /// Also the refused entry it [`replaces`](OutboxEntry::replaces).
    pub fn supersedes(&self, older: &OutboxEntry) -> bool {
        let preferences = matches!(self.intent, Intent::PutPreferences(_))
            && matches!(older.intent, Intent::PutPreferences(_));
        let corrected = self.replaces.as_deref() == Some(older.key.as_str()) && older.is_rejected();
        (preferences || corrected) && older.key != self.key
    }

    /// The attachments this entry needs uploaded before it can go.
    pub fn needs_attachments(&self) -> &[String] {
        match &self.intent {
            Intent::RaiseDispute(body) => &body.attachment_ids,
            Intent::SendDisputeMessage(body) => &body.attachment_ids,
            _ => &[],
        }
    }
}

/// The sequence an intent belongs to, if any: intents of one sequence go one at a time
/// in the order the customer made them. A dispute's conversation is one (a withdrawal
/// after the messages before it; feedback on how it was handled after both); so are the
/// contact preferences (each change is made on the version the one before left) and the
/// moves of one promise. Ids here are the backend's: an intent can only name a dispute,
/// promise or plan the backend already has. A new dispute, promise, plan, help request or
/// checkout belongs to no sequence and waits for nothing but its uploads.
pub fn sequence_of(intent: &Intent) -> Option<String> {
    match intent {
        Intent::SendDisputeMessage(body) => Some(format!("dispute:{}", body.dispute_id)),
        Intent::WithdrawDispute(body) => Some(format!("dispute:{}", body.dispute_id)),
        Intent::SendFeedback(body) => match &body.subject {
            FeedbackSubject::Dispute { dispute_id } => Some(format!("dispute:{dispute_id}")),
            FeedbackSubject::Plan { plan_id } => Some(format!("plan:{plan_id}")),
            FeedbackSubject::Portal => None,
        },
        Intent::ChangePromise(body) => Some(format!("promise:{}", body.promise_id)),
        Intent::AcceptPlanOffer(body) => Some(format!("offer:{}", body.offer_id)),
        Intent::PutPreferences(_) => Some("preferences".to_owned()),
        Intent::RaiseDispute(_)
        | Intent::UploadAttachment(_)
        | Intent::ProposePlan(_)
        | Intent::PromiseToPay(_)
        | Intent::AskForHelp(_)
        | Intent::StartCheckout(_) => None,
    }
}

/// Whether `entry` must wait while `other` is in the outbox: `other` came earlier in the
/// same sequence ([`sequence_of`]), or uploads an attachment `entry` needs. Whatever
/// `other`'s status: an entry behind a refused one waits for the customer's decision on
/// it, since it depends on it.
pub fn must_wait_for(entry: &OutboxEntry, other: &OutboxEntry) -> bool {
    if other.key == entry.key {
        return false;
    }
    let upload = match &other.intent {
        Intent::UploadAttachment(meta) => entry.needs_attachments().contains(&meta.id),
        _ => false,
    };
    let earlier_in_sequence = other.seq < entry.seq
        && sequence_of(&entry.intent).is_some_and(|own| sequence_of(&other.intent) == Some(own));
    upload || earlier_in_sequence
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

/// The entries that may be sent now, in the order the customer made them: those waiting,
/// due, and not held by another entry ([`held_by`]). At most one entry of a sequence is
/// ever ready, its earliest.
pub fn ready(entries: &[OutboxEntry], now: DateTime<Utc>) -> Vec<&OutboxEntry> {
    let mut ready: Vec<&OutboxEntry> = entries
        .iter()
        .filter(|entry| entry.next_attempt_at <= now && !entry.is_rejected())
        .filter(|entry| held_by(entry, entries).is_none())
        .collect();
    ready.sort_by_key(|entry| entry.seq);
    ready
}

/// The entry that keeps `entry` from being sent, if any (the earliest of those it must
/// wait for; see [`must_wait_for`]).
pub fn held_by<'a>(entry: &OutboxEntry, entries: &'a [OutboxEntry]) -> Option<&'a OutboxEntry> {
    entries
        .iter()
        .filter(|other| must_wait_for(entry, other))
        .min_by_key(|other| other.seq)
}

/// The keys of what leaves the outbox when the customer discards `entry`: the entry, and
/// the uploads of attachments that it alone needs.
pub fn discarding(entry: &OutboxEntry, entries: &[OutboxEntry]) -> Vec<String> {
    let needed_by_others = |id: &String| {
        entries
            .iter()
            .any(|other| other.key != entry.key && other.needs_attachments().contains(id))
    };
    let uploads = entries.iter().filter(|other| match &other.intent {
        Intent::UploadAttachment(meta) => {
            entry.needs_attachments().contains(&meta.id) && !needed_by_others(&meta.id)
        }
        _ => false,
    });
    std::iter::once(entry.key.clone())
        .chain(uploads.map(|upload| upload.key.clone()))
        .collect()
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
    fn a_rejected_entry_holds_the_rest_of_its_sequence_but_nothing_else() {
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
        let back: OutboxEntry = serde_json::from_value(json).unwrap();
        assert_eq!(back, entry);
    }

    #[test]
    fn entries_kept_by_an_earlier_version_still_read() {
        // Earlier versions stored what each entry was about; the order now follows from
        // the intent itself.
        let mut json = serde_json::to_value(entry("k1", 1, promise("acc1"))).unwrap();
        json["entity"] = "promises".into();
        let back: OutboxEntry = serde_json::from_value(json).unwrap();
        assert_eq!(back.key, "k1");
    }

    fn promise(account: &str) -> Intent {
        Intent::PromiseToPay(crate::promise::PromiseToPay {
            account_id: account.into(),
            currency: "GBP".parse().unwrap(),
            amount: rust_decimal::Decimal::new(5000, 2),
            date: chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap(),
        })
    }

    fn refuse(entry: &mut OutboxEntry) {
        entry.record_failure(Verdict::Rejected(Problem {
            kind: "x".into(),
            title: "no".into(),
            status: 422,
            detail: None,
            field: None,
        }));
    }

    #[test]
    fn a_correction_replaces_the_refused_entry_only() {
        let mut refused = entry("p1", 1, promise("acc1"));
        let mut correction = entry("p2", 2, promise("acc1"));
        correction.replaces = Some("p1".into());
        assert!(
            !correction.supersedes(&refused),
            "a waiting entry is not replaced"
        );
        refuse(&mut refused);
        assert!(correction.supersedes(&refused));
        assert!(!correction.supersedes(&entry("p3", 3, promise("acc1"))));
    }

    #[test]
    fn discarding_takes_the_uploads_only_it_needs() {
        let entries = vec![
            entry("photo", 1, upload("p1")),
            entry("shared", 2, upload("p2")),
            entry("msg", 3, message("d1", &["p1", "p2"])),
            entry("other", 4, message("d2", &["p2"])),
        ];
        assert_eq!(discarding(&entries[2], &entries), ["msg", "photo"]);
        assert_eq!(discarding(&entries[3], &entries), ["other"]);
    }

    #[test]
    fn a_refused_promise_holds_back_no_other_promise_nor_a_preferences_change() {
        let mut first = entry("p1", 1, promise("acc1"));
        refuse(&mut first);
        let entries = vec![
            first,
            entry("p2", 2, promise("acc1")),
            entry(
                "pref",
                3,
                Intent::PutPreferences(ContactPreferences::new("Europe/London", "en")),
            ),
        ];
        assert_eq!(keys(ready(&entries, at(0))), ["p2", "pref"]);
    }

    #[test]
    fn a_withdrawal_waits_for_the_messages_before_it_and_a_photo_holds_its_dispute() {
        let raise = |photos: &[&str]| {
            Intent::RaiseDispute(crate::dispute::RaiseDispute {
                invoice_id: "inv1".into(),
                line_ids: Vec::new(),
                reason: crate::dispute::DisputeReason::Other,
                currency: "GBP".parse().unwrap(),
                amount: rust_decimal::Decimal::ONE,
                description: "x".into(),
                attachment_ids: photos.iter().map(|p| p.to_string()).collect(),
            })
        };
        let withdraw = Intent::WithdrawDispute(WithdrawDispute {
            dispute_id: "d1".into(),
            reason: None,
        });
        let entries = vec![
            entry("photo", 1, upload("p1")),
            entry("raise", 2, raise(&["p1"])),
            entry("other raise", 3, raise(&[])),
            entry("msg", 4, message("d1", &[])),
            entry("withdraw", 5, withdraw),
        ];
        assert_eq!(
            keys(ready(&entries, at(0))),
            ["photo", "other raise", "msg"]
        );
        assert_eq!(held_by(&entries[1], &entries).unwrap().key, "photo");
        assert_eq!(held_by(&entries[4], &entries).unwrap().key, "msg");
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

        /// For any queue of every kind of intent: an entry is ready exactly when it is
        /// waiting, due, and nothing earlier in its sequence nor an upload it needs is in
        /// the outbox; at most one entry of a sequence is ready; and an intent that
        /// belongs to no sequence is never held by anything but its own uploads.
        #[test]
        fn ready_follows_real_dependencies_only(
            specs in prop::collection::vec((0u8..7, 0u8..3, 0i64..10, any::<bool>()), 0..24),
            now in 0i64..10,
        ) {
            let entries: Vec<OutboxEntry> = specs
                .iter()
                .enumerate()
                .map(|(i, (kind, about, due, rejected))| {
                    let about = format!("x{about}");
                    let intent = match kind {
                        0 => message(&about, &[]),
                        1 => message(&about, &[&about]),
                        2 => upload(&about),
                        3 => Intent::WithdrawDispute(WithdrawDispute { dispute_id: about, reason: None }),
                        4 => promise(&about),
                        5 => Intent::PutPreferences(ContactPreferences::new("Europe/London", "en")),
                        _ => Intent::ChangePromise(crate::promise::ChangePromise {
                            promise_id: about,
                            date: chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap(),
                        }),
                    };
                    let mut e = entry(&format!("k{i}"), i as u64, intent);
                    e.next_attempt_at = at(*due);
                    if *rejected {
                        refuse(&mut e);
                    }
                    e
                })
                .collect();
            let chosen = ready(&entries, at(now));
            let mut sequences = std::collections::HashSet::new();
            for e in &entries {
                let needs_upload = entries.iter().any(|o| matches!(&o.intent,
                    Intent::UploadAttachment(meta) if e.needs_attachments().contains(&meta.id)));
                let own = sequence_of(&e.intent);
                let earlier = own.is_some() && entries.iter().any(|o| o.seq < e.seq && sequence_of(&o.intent) == own);
                let expected = !e.is_rejected() && e.next_attempt_at <= at(now) && !needs_upload && !earlier;
                prop_assert_eq!(chosen.iter().any(|c| c.key == e.key), expected, "{:?}", e.key);
                if own.is_none() {
                    if let Some(holder) = held_by(e, &entries) {
                        prop_assert!(matches!(holder.intent, Intent::UploadAttachment(_)));
                    }
                }
            }
            for e in &chosen {
                if let Some(own) = sequence_of(&e.intent) {
                    prop_assert!(sequences.insert(own));
                }
            }
            prop_assert!(chosen.windows(2).all(|pair| pair[0].seq < pair[1].seq));
        }
    }
}
