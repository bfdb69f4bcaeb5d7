//! The outbox: the order queued actions go in, backoff and retries, what each answer
//! means, corrections and discards, and entries read back from earlier versions.

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
        version: None,
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
        version: None,
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

#[test]
fn only_a_definite_refusal_is_a_refusal() {
    for status in [400, 403, 404, 410, 412, 422] {
        assert!(is_refusal(&answered(status, None)), "{status}");
    }
    for status in [200, 201, 204, 401, 408, 409, 425, 429, 500, 503] {
        assert!(!is_refusal(&answered(status, None)), "{status}");
    }
    assert!(!is_refusal(&Attempt::NoAnswer));
}

fn change(from: u32, to: u32) -> OwnChange {
    OwnChange {
        from: format!("\"{from}\""),
        to: format!("\"{to}\""),
    }
}

fn accepted(version: Option<&str>) -> Attempt {
    Attempt::Answered {
        status: 200,
        retry_after: None,
        problem: None,
        version: version.map(str::to_owned),
    }
}

#[test]
fn a_change_made_on_a_version_the_device_replaced_goes_on_the_newest() {
    // Saved on 5 while the change from 5 was on its way, which left 6; then again on 5
    // before the sync brought 6, while the change from 6 left 9.
    let own = vec![change(5, 6), change(6, 9)];
    assert_eq!(current_version("\"5\"", &own), "\"9\"");
    assert_eq!(current_version("\"6\"", &own), "\"9\"");
    assert_eq!(current_version("\"9\"", &own), "\"9\"");
    // A version the device never replaced is another device's: its conflict stands.
    assert_eq!(current_version("\"7\"", &own), "\"7\"");
    assert_eq!(current_version("\"5\"", &[]), "\"5\"");
}

#[test]
fn only_an_accepted_change_with_a_new_version_is_the_devices_own() {
    assert_eq!(
        own_change(Some("\"5\""), &accepted(Some("\"6\""))),
        Some(change(5, 6))
    );
    assert_eq!(own_change(None, &accepted(Some("\"6\""))), None);
    assert_eq!(own_change(Some("\"5\""), &accepted(None)), None);
    assert_eq!(own_change(Some("\"5\""), &accepted(Some("\"5\""))), None);
    let refused = Attempt::Answered {
        status: 412,
        retry_after: None,
        problem: None,
        version: Some("\"8\"".into()),
    };
    assert_eq!(own_change(Some("\"5\""), &refused), None);
    assert_eq!(own_change(Some("\"5\""), &Attempt::NoAnswer), None);
}

#[test]
fn the_device_remembers_its_last_changes_once_each() {
    let mut own = Vec::new();
    remember(&mut own, change(1, 2));
    remember(&mut own, change(1, 2));
    assert_eq!(own, [change(1, 2)]);
    for n in 2..40 {
        remember(&mut own, change(n, n + 1));
    }
    assert_eq!(own.len(), OWN_CHANGES_KEPT);
    assert_eq!(own.last(), Some(&change(39, 40)));
    assert_eq!(
        own.first(),
        Some(&change(
            40 - OWN_CHANGES_KEPT as u32,
            41 - OWN_CHANGES_KEPT as u32
        ))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever the device remembers, even changes that loop: the version to send on is
    /// the one asked for or one a remembered change left, and it is found in finite
    /// steps. Along one chain of the device's changes it is always the chain's end.
    #[test]
    fn the_version_to_send_on_ends_a_chain_of_own_changes(
        pairs in prop::collection::vec((0u32..8, 0u32..8), 0..12),
        asked in 0u32..8,
        chain in 1u32..12,
    ) {
        let own: Vec<OwnChange> = pairs.iter().map(|(from, to)| change(*from, *to)).collect();
        let asked = format!("\"{asked}\"");
        let found = current_version(&asked, &own);
        prop_assert!(found == asked || own.iter().any(|c| c.to == found));

        let straight: Vec<OwnChange> = (0..chain).map(|n| change(100 + n, 101 + n)).collect();
        for n in 0..=chain {
            prop_assert_eq!(current_version(&format!("\"{}\"", 100 + n), &straight), format!("\"{}\"", 100 + chain));
        }
    }

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
