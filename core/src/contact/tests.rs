//! Contact preferences: channels and opt-outs, quiet hours and preferred windows, the
//! checks that name the field at fault, the change history and the wire shape.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveTime, Utc, Weekday};

use super::*;

fn time(text: &str) -> NaiveTime {
    text.parse().unwrap()
}

fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn local(text: &str) -> chrono::NaiveDateTime {
    text.parse().unwrap()
}

fn prefs() -> ContactPreferences {
    let mut prefs = ContactPreferences::new("Europe/London", "en-GB");
    prefs.channels.insert(
        Purpose::PaymentReminders,
        BTreeSet::from([Channel::Email, Channel::Sms, Channel::Post]),
    );
    prefs.quiet_hours = Some(QuietHours {
        start: time("21:00"),
        end: time("08:00"),
    });
    prefs
}

#[test]
fn a_regional_tag_is_its_language() {
    assert!(is_language("en-GB", "en"));
    assert!(is_language("en", "en"));
    assert!(is_language("ES-mx", "es"));
    assert!(!is_language("en-GB", "es"));
    assert!(!is_language("eng", "en"));
    assert!(!is_language("", "en"));
}

#[test]
fn channels_opt_outs_and_purposes() {
    let mut prefs = prefs();
    assert_eq!(
        prefs.channels_for(Purpose::PaymentReminders),
        BTreeSet::from([Channel::Email, Channel::Sms, Channel::Post])
    );
    assert!(!prefs
        .channels_for(Purpose::PaymentReminders)
        .contains(&Channel::Phone));
    prefs.opt_out(Channel::Sms);
    assert_eq!(
        prefs.channels_for(Purpose::PaymentReminders),
        BTreeSet::from([Channel::Email, Channel::Post])
    );
}

#[test]
fn opting_out_of_everything_is_always_allowed() {
    let mut prefs = prefs();
    for channel in Channel::ALL {
        prefs.opt_out(channel);
    }
    prefs.channels.clear();
    assert_eq!(prefs.validate(), Ok(()));
    for purpose in Purpose::ALL {
        assert!(prefs.channels_for(purpose).is_empty());
    }
}

#[test]
fn quiet_hours_across_midnight() {
    let quiet = prefs().quiet_hours.unwrap();
    assert!(quiet.contains(time("22:30")));
    assert!(quiet.contains(time("07:59:59")));
    assert!(!quiet.contains(time("08:00")));
    assert!(!quiet.contains(time("20:59:59")));
    assert!(quiet.contains(time("21:00")));
    let daytime = QuietHours {
        start: time("12:00"),
        end: time("14:00"),
    };
    assert!(daytime.contains(time("12:00")));
    assert!(!daytime.contains(time("14:00")));
}

#[test]
fn preferred_windows_on_their_days() {
    let weekdays = TimeWindow {
        days: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        start: time("09:00"),
        end: time("17:00"),
    };
    // Friday 1 March 2024.
    assert!(weekdays.contains(local("2024-03-01T16:59:00")));
    assert!(!weekdays.contains(local("2024-03-01T17:00:00")));
    assert!(!weekdays.contains(local("2024-03-02T12:00:00")));
    let every_day = TimeWindow {
        days: Vec::new(),
        ..weekdays
    };
    assert!(every_day.contains(local("2024-03-02T12:00:00")));
}

#[test]
fn validation_names_the_field() {
    let field = |prefs: ContactPreferences| prefs.validate().unwrap_err().field;
    assert_eq!(prefs().validate(), Ok(()));
    assert_eq!(
        field(ContactPreferences {
            time_zone: "Mars Base".into(),
            ..prefs()
        }),
        "/time_zone"
    );
    assert_eq!(
        field(ContactPreferences {
            language: "english!".into(),
            ..prefs()
        }),
        "/language"
    );
    assert!(ContactPreferences {
        language: "cy".into(),
        ..prefs()
    }
    .validate()
    .is_ok());
    let still = QuietHours {
        start: time("08:00"),
        end: time("08:00"),
    };
    assert_eq!(
        field(ContactPreferences {
            quiet_hours: Some(still),
            ..prefs()
        }),
        "/quiet_hours/end"
    );
    let backwards = TimeWindow {
        days: Vec::new(),
        start: time("17:00"),
        end: time("09:00"),
    };
    assert_eq!(
        field(ContactPreferences {
            preferred_times: vec![backwards],
            ..prefs()
        }),
        "/preferred_times/0/end"
    );
    assert_eq!(
        field(ContactPreferences {
            max_contacts_per_week: Some(0),
            ..prefs()
        }),
        "/max_contacts_per_week"
    );
    let phoneless = ThirdParty {
        name: "Sam".into(),
        role: String::new(),
        email: None,
        phone: None,
        purposes: BTreeSet::from([Purpose::PlanUpdates]),
        channels: BTreeSet::from([Channel::Sms]),
    };
    assert_eq!(
        field(ContactPreferences {
            third_party: Some(phoneless),
            ..prefs()
        }),
        "/third_party/channels"
    );
}

#[cfg(feature = "tz")]
#[test]
fn unknown_named_zones_are_refused() {
    let unknown = ContactPreferences {
        time_zone: "Europe/Atlantis".into(),
        ..prefs()
    };
    assert_eq!(unknown.validate().unwrap_err().field, "/time_zone");
}

#[test]
fn history_records_what_changed() {
    let before = prefs();
    let mut after = before.clone();
    after.opt_out(Channel::Sms);
    after.language = "cy".into();
    after.history = vec![PreferenceChange {
        at: instant("2000-01-01T00:00:00Z"),
        settings: vec![Setting::Channels],
    }];
    assert_eq!(
        after.changed_settings(&before),
        [Setting::OptedOut, Setting::Language]
    );
    let at = instant("2024-03-01T12:00:00Z");
    after.record_change(&before, at);
    assert_eq!(
        after.history,
        [PreferenceChange {
            at,
            settings: vec![Setting::OptedOut, Setting::Language]
        }]
    );
    let mut same = before.clone();
    same.record_change(&before, at);
    assert!(same.history.is_empty());
}

#[test]
fn serde_shape() {
    let json = serde_json::to_value(prefs()).unwrap();
    assert_eq!(
        json["channels"]["payment_reminders"],
        serde_json::json!(["email", "sms", "post"])
    );
    assert_eq!(
        json["quiet_hours"],
        serde_json::json!({"start": "21:00:00", "end": "08:00:00"})
    );
    let back: ContactPreferences = serde_json::from_value(json).unwrap();
    assert_eq!(back, prefs());
    let short: QuietHours = serde_json::from_str(r#"{"start":"21:00","end":"08:00"}"#).unwrap();
    assert_eq!(short.end, time("08:00"));
}
