//! RFC 5545 calendar files (`.ics`) of all-day events: a plan's instalments, a promise's
//! date. Hand-written rather than a crate: the app needs only all-day events, and the
//! writer is a few dozen lines on a lazily loaded page.

use chrono::{DateTime, NaiveDate, Utc};

use crate::money::Money;
use crate::plan::PlanInstalment;
use crate::promise::Promise;

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across downloads, so a calendar updates the event instead of adding a copy.
    pub uid: String,
    /// The day it falls on.
    pub day: NaiveDate,
    /// The title, in the customer's language.
    pub summary: String,
    /// Longer text, in the customer's language; may be empty.
    pub description: String,
}

/// The UID of one instalment of a plan: the same plan and number give the same UID.
pub fn instalment_uid(plan_id: &str, number: usize) -> String {
    format!("plan-{plan_id}-instalment-{number}@settle")
}

/// The UID of a promise to pay.
pub fn promise_uid(promise_id: &str) -> String {
    format!("promise-{promise_id}@settle")
}

/// An amount as the calendar shows it, by core's money code ("120.00 GBP").
pub fn amount_text(amount: &Money) -> String {
    amount.to_string()
}

/// One event per instalment of the plan `plan_id`, each titled by `summary` (which has
/// the amount in the customer's language), on its due day.
pub fn instalment_events(
    plan_id: &str,
    instalments: &[PlanInstalment],
    summary: impl Fn(&PlanInstalment) -> String,
) -> Vec<Event> {
    instalments
        .iter()
        .map(|instalment| Event {
            uid: instalment_uid(plan_id, instalment.number as usize),
            day: instalment.due_date,
            summary: summary(instalment),
            description: String::new(),
        })
        .collect()
}

/// The event of a promise to pay, on its date, titled `summary`.
pub fn promise_event(promise: &Promise, summary: String) -> Event {
    Event {
        uid: promise_uid(&promise.id),
        day: promise.date,
        summary,
        description: String::new(),
    }
}

/// The calendar text: CRLF line endings, lines folded at 75 octets, text escaped.
/// `stamp` is the DTSTAMP of every event (when the file was made).
pub fn ics(events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Settle//Settle//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    for event in events {
        let next = event.day.succ_opt().unwrap_or(event.day);
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&event.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", event.day.format("%Y%m%d")),
        );
        line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        );
        line(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        if !event.description.is_empty() {
            line(
                &mut out,
                &format!("DESCRIPTION:{}", escape(&event.description)),
            );
        }
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// Escapes TEXT values (RFC 5545 3.3.11): backslash, comma, semicolon and newlines.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line is longer than 75 octets (RFC 5545 3.1),
/// never inside a UTF-8 character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        // A continuation line starts with a space, which counts toward its 75.
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::Currency;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn event(summary: &str, description: &str) -> Event {
        Event {
            uid: instalment_uid("p1", 1),
            day: NaiveDate::from_ymd_opt(2026, 4, 15).unwrap(),
            summary: summary.into(),
            description: description.into(),
        }
    }

    /// Undoes the folding, as a reader does.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn an_all_day_event_in_a_calendar() {
        let amount = Money::new(
            Decimal::from_str("120.5").unwrap(),
            Currency::from_code("GBP").unwrap(),
        )
        .unwrap();
        let text = ics(
            &[event(
                &format!("Instalment 1: {}", amount_text(&amount)),
                "",
            )],
            stamp(),
        );
        assert_eq!(
            text,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Settle//Settle//EN\r\n\
             CALSCALE:GREGORIAN\r\nBEGIN:VEVENT\r\nUID:plan-p1-instalment-1@settle\r\n\
             DTSTAMP:20260301T093000Z\r\nDTSTART;VALUE=DATE:20260415\r\n\
             DTEND;VALUE=DATE:20260416\r\nSUMMARY:Instalment 1: 120.50 GBP\r\n\
             TRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
    }

    #[test]
    fn one_event_per_instalment_on_its_day_with_its_own_uid() {
        use crate::plan::InstalmentStatus;
        let instalment = |number, day| PlanInstalment {
            number,
            due_date: NaiveDate::from_ymd_opt(2026, 4, day).unwrap(),
            amount: Decimal::from(50),
            paid: Decimal::ZERO,
            status: InstalmentStatus::Due,
        };
        let events = instalment_events("p9", &[instalment(1, 1), instalment(2, 29)], |i| {
            format!("Instalment {}: {}", i.number, i.amount)
        });
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].uid, instalment_uid("p9", 2));
        assert_eq!(events[1].day, NaiveDate::from_ymd_opt(2026, 4, 29).unwrap());
        assert_eq!(events[1].summary, "Instalment 2: 50");
        let text = ics(&events, stamp());
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains("DTSTART;VALUE=DATE:20260429\r\nDTEND;VALUE=DATE:20260430\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        let text = ics(&[event("a,b;c\\d", "line one\nline two\r\nthree")], stamp());
        assert!(text.contains("SUMMARY:a\\,b\\;c\\\\d\r\n"));
        assert!(text.contains("DESCRIPTION:line one\\nline two\\nthree\r\n"));
    }

    #[test]
    fn uids_are_stable_and_distinct() {
        assert_eq!(instalment_uid("p1", 2), instalment_uid("p1", 2));
        assert_ne!(instalment_uid("p1", 2), instalment_uid("p1", 3));
        assert_ne!(instalment_uid("p1", 2), promise_uid("p1"));
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let long = "Plazo 3 de 12: 1.234,56 € — señal ".repeat(5);
        let text = ics(&[event(&long, "")], stamp());
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        assert!(unfold(&text).contains(&format!("SUMMARY:{}", escape(&long))));
    }

    proptest! {
        #[test]
        fn every_line_fits_ends_in_crlf_and_unfolds_back(summary in "\\PC{0,200}", description in "[a-z,;\\\\\n é€]{0,200}") {
            let text = ics(&[event(&summary, &description)], stamp());
            prop_assert!(text.ends_with("\r\n"));
            prop_assert!(!text.replace("\r\n", "").contains('\n'));
            prop_assert!(!text.replace("\r\n", "").contains('\r'));
            for line in text.split("\r\n") {
                prop_assert!(line.len() <= 75);
            }
            let unfolded = unfold(&text);
            let expected = format!("SUMMARY:{}\r\n", escape(&summary));
            prop_assert!(unfolded.contains(&expected));
        }
    }
}
