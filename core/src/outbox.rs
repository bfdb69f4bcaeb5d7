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
        /// The `ETag` of a success: the version the change left the record at.
        version: Option<String>,
    },
}

/// A version of a record that one of this device's own changes replaced: sent with
/// `If-Match: from`, it was accepted, and the record is now at `to`. A change the customer
/// made on `from` is then a change on `to`, since nothing else happened between: it was
/// queued while the earlier one was on its way, or edited before the sync brought `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnChange {
    /// The version the change was sent against (`If-Match`).
    pub from: String,
    /// The version the backend's answer gave (`ETag`).
    pub to: String,
}

/// How many of its own changes the device remembers: far more than can happen between
/// a delivery and the sync that brings the new version.
pub const OWN_CHANGES_KEPT: usize = 16;

/// The version to send a change against: `if_match`, or, when the device's own accepted
/// changes replaced it (one after the other), the version the last of them left.
pub fn current_version(if_match: &str, own: &[OwnChange]) -> String {
    let mut version = if_match;
    // Each step follows one change; a loop, which a backend should never answer with,
    // ends after as many steps as there are changes.
    for _ in 0..own.len() {
        match own.iter().rev().find(|change| change.from == version) {
            Some(change) => version = &change.to,
            None => break,
        }
    }
    version.to_owned()
}

/// What an accepted attempt tells about the device's own changes: `Some` when the entry
/// was sent against a version and the answer named the new one.
pub fn own_change(sent_if_match: Option<&str>, attempt: &Attempt) -> Option<OwnChange> {
    match (sent_if_match, attempt) {
        (
            Some(from),
            Attempt::Answered {
                status: 200..=299,
                version: Some(to),
                ..
            },
        ) if from != to => Some(OwnChange {
            from: from.to_owned(),
            to: to.clone(),
        }),
        _ => None,
    }
}

/// Adds `change` to those remembered, forgetting the oldest beyond [`OWN_CHANGES_KEPT`];
/// the same change told twice (an answer replayed) is kept once.
pub fn remember(own: &mut Vec<OwnChange>, change: OwnChange) {
    if own.contains(&change) {
        return;
    }
    own.push(change);
    let extra = own.len().saturating_sub(OWN_CHANGES_KEPT);
    own.drain(..extra);
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

/// True when [`judge`] refuses `attempt` for good. A backend without an Idempotency-Key
/// that keeps client references unique refuses the copy of an action it already has
/// (the browser resent a POST whose answer was lost): before taking such a refusal, the
/// app looks the action up by its reference, and a found one counts as delivered.
pub fn is_refusal(attempt: &Attempt) -> bool {
    matches!(
        judge(attempt, 0, DateTime::UNIX_EPOCH, 0),
        Verdict::Rejected(_)
    )
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
mod tests;
