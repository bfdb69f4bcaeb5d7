//! Contact preferences: which channels the customer wants for each purpose, channel
//! opt-outs (always allowed), quiet hours and preferred times in their time zone, a weekly
//! cap, language, accessibility needs and a nominated third party, with the history of
//! changes.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`channels`] | [`Channel`], [`Purpose`] and [`AccessibilityNeed`] |
//! | [`times`] | [`QuietHours`] and preferred [`TimeWindow`]s |
//! | [`form`] | the contact-preferences form's text fields read into preferences |
//!
//! # Time zones
//!
//! Quiet hours and preferred times are local times in the customer's IANA time zone
//! (`"Europe/London"`). Without the crate feature `tz` a zone name is checked for its
//! shape only; with it (chrono-tz, the zone database) it must be a known zone. The server
//! turns `tz` on; the app leaves it off, keeping the database out of its first load.

pub mod channels;
pub mod form;
pub mod times;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use self::channels::{AccessibilityNeed, Channel, Purpose};
pub use self::times::{QuietHours, TimeWindow};
use crate::validation::{self, InvalidField};

/// The highest weekly cap a customer can set.
pub const MAX_WEEKLY_CAP: u32 = 50;

/// The most preferred-time windows a customer can set.
pub const MAX_PREFERRED_WINDOWS: usize = 14;

/// Someone the customer allows the creditor to contact on their behalf (a debt adviser, a
/// relative with power of attorney).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThirdParty {
    /// Their name.
    pub name: String,
    /// Who they are to the customer ("debt adviser").
    #[serde(default)]
    pub role: String,
    /// Their email address, needed for the email channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Their phone number, needed for SMS and phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// What they may be contacted about.
    pub purposes: BTreeSet<Purpose>,
    /// How they may be contacted (not in-app: they have no account).
    pub channels: BTreeSet<Channel>,
}

/// One of the customer's settings, as named in the change history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// Channels per purpose.
    Channels,
    /// Channel opt-outs.
    OptedOut,
    /// Quiet hours.
    QuietHours,
    /// Preferred times.
    PreferredTimes,
    /// Time zone.
    TimeZone,
    /// Weekly cap.
    WeeklyCap,
    /// Language.
    Language,
    /// Accessibility needs.
    Accessibility,
    /// Nominated third party.
    ThirdParty,
}

/// One entry of the change history: when, and which settings changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreferenceChange {
    /// When the change was saved.
    pub at: DateTime<Utc>,
    /// The settings it changed.
    pub settings: Vec<Setting>,
}

/// The customer's contact preferences (the `preferences` sync record, and the body of
/// `PUT /api/v1/preferences`). `history` is kept by the backend: what a client sends there
/// is ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"channels": {"payment_reminders": ["email"], "statements": ["email", "in_app"], "dispute_updates": ["email", "in_app"], "plan_updates": ["email", "in_app"]}, "opted_out": ["sms"], "quiet_hours": {"start": "21:00:00", "end": "08:00:00"}, "preferred_times": [], "time_zone": "Europe/London", "max_contacts_per_week": 3, "language": "en-GB", "accessibility": ["large_print"]}))))]
pub struct ContactPreferences {
    /// Backend id.
    #[serde(default)]
    pub id: String,
    /// The channels chosen for each purpose; a purpose missing or empty gets no contact.
    pub channels: BTreeMap<Purpose, BTreeSet<Channel>>,
    /// Channels the customer never wants, whatever the purpose. Always allowed.
    #[serde(default)]
    pub opted_out: BTreeSet<Channel>,
    /// No immediate contact in this daily period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet_hours: Option<QuietHours>,
    /// When set, immediate contact only inside these windows.
    #[serde(default)]
    pub preferred_times: Vec<TimeWindow>,
    /// IANA time zone of the times above (`"Europe/London"`).
    pub time_zone: String,
    /// At most this many contacts in any seven days (1 to [`MAX_WEEKLY_CAP`]); none when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_contacts_per_week: Option<u32>,
    /// Preferred language, a BCP 47 tag (`"en-GB"`, `"cy"`).
    pub language: String,
    /// Accessibility needs.
    #[serde(default)]
    pub accessibility: BTreeSet<AccessibilityNeed>,
    /// A nominated third party, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party: Option<ThirdParty>,
    /// Past changes, oldest first.
    #[serde(default)]
    pub history: Vec<PreferenceChange>,
}

impl ContactPreferences {
    /// Starting preferences: email and in-app for every purpose, no quiet hours, no cap.
    pub fn new(time_zone: impl Into<String>, language: impl Into<String>) -> ContactPreferences {
        let channels = Purpose::ALL
            .into_iter()
            .map(|purpose| (purpose, BTreeSet::from([Channel::Email, Channel::InApp])))
            .collect();
        ContactPreferences {
            id: String::new(),
            channels,
            opted_out: BTreeSet::new(),
            quiet_hours: None,
            preferred_times: Vec::new(),
            time_zone: time_zone.into(),
            max_contacts_per_week: None,
            language: language.into(),
            accessibility: BTreeSet::new(),
            third_party: None,
            history: Vec::new(),
        }
    }

    /// Opts out of `channel` for every purpose. Always allowed: no rule ever requires a
    /// channel to stay on.
    pub fn opt_out(&mut self, channel: Channel) {
        self.opted_out.insert(channel);
    }

    /// The channels that may be used for `purpose`: chosen for it and not opted out.
    pub fn channels_for(&self, purpose: Purpose) -> BTreeSet<Channel> {
        self.channels
            .get(&purpose)
            .map(|chosen| chosen.difference(&self.opted_out).copied().collect())
            .unwrap_or_default()
    }

    /// The settings that differ from `before`, in a fixed order.
    pub fn changed_settings(&self, before: &ContactPreferences) -> Vec<Setting> {
        let mut changed = Vec::new();
        let mut note = |differs: bool, setting| {
            if differs {
                changed.push(setting);
            }
        };
        // Empty sets and missing purposes mean the same thing.
        let chosen = |p: &ContactPreferences| -> BTreeMap<Purpose, BTreeSet<Channel>> {
            p.channels
                .iter()
                .filter(|(_, c)| !c.is_empty())
                .map(|(p, c)| (*p, c.clone()))
                .collect()
        };
        note(chosen(self) != chosen(before), Setting::Channels);
        note(self.opted_out != before.opted_out, Setting::OptedOut);
        note(self.quiet_hours != before.quiet_hours, Setting::QuietHours);
        note(
            self.preferred_times != before.preferred_times,
            Setting::PreferredTimes,
        );
        note(self.time_zone != before.time_zone, Setting::TimeZone);
        note(
            self.max_contacts_per_week != before.max_contacts_per_week,
            Setting::WeeklyCap,
        );
        note(self.language != before.language, Setting::Language);
        note(
            self.accessibility != before.accessibility,
            Setting::Accessibility,
        );
        note(self.third_party != before.third_party, Setting::ThirdParty);
        changed
    }

    /// Makes these the saved preferences replacing `before` at `at`: keeps `before`'s
    /// history (ignoring any sent) and adds an entry if anything changed.
    pub fn record_change(&mut self, before: &ContactPreferences, at: DateTime<Utc>) {
        let settings = self.changed_settings(before);
        self.history = before.history.clone();
        if !settings.is_empty() {
            self.history.push(PreferenceChange { at, settings });
        }
    }

    /// Checks the preferences, naming the field: a plausible time zone name (a known one
    /// with the `tz` feature), a BCP 47 language tag, quiet hours that are not empty,
    /// preferred windows that end after they start (at most [`MAX_PREFERRED_WINDOWS`]), a
    /// weekly cap of 1 to [`MAX_WEEKLY_CAP`], and a third party with a name, at least one
    /// purpose and channel, and the address or number each of their channels needs.
    pub fn validate(&self) -> Result<(), InvalidField> {
        check_time_zone(&self.time_zone)?;
        check_language(&self.language)?;
        if let Some(quiet) = &self.quiet_hours {
            if quiet.start == quiet.end {
                return Err(InvalidField::new(
                    "/quiet_hours/end",
                    "must differ from the start",
                ));
            }
        }
        if self.preferred_times.len() > MAX_PREFERRED_WINDOWS {
            return Err(InvalidField::new(
                "/preferred_times",
                format!("at most {MAX_PREFERRED_WINDOWS} windows"),
            ));
        }
        for (index, window) in self.preferred_times.iter().enumerate() {
            if window.end <= window.start {
                return Err(InvalidField::new(
                    format!("/preferred_times/{index}/end"),
                    "must be after the start (a window cannot run past midnight)",
                ));
            }
        }
        if let Some(cap) = self.max_contacts_per_week {
            if !(1..=MAX_WEEKLY_CAP).contains(&cap) {
                return Err(InvalidField::new(
                    "/max_contacts_per_week",
                    format!("must be 1 to {MAX_WEEKLY_CAP}"),
                ));
            }
        }
        if let Some(third) = &self.third_party {
            check_third_party(third)?;
        }
        Ok(())
    }
}

fn check_time_zone(name: &str) -> Result<(), InvalidField> {
    let plausible = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
    if !plausible {
        return Err(InvalidField::new(
            "/time_zone",
            "must be an IANA time zone name such as Europe/London",
        ));
    }
    #[cfg(feature = "tz")]
    if name.parse::<chrono_tz::Tz>().is_err() {
        return Err(InvalidField::new(
            "/time_zone",
            format!("'{name}' is not a known time zone"),
        ));
    }
    Ok(())
}

/// Whether the language `chosen` (a tag such as `en-GB`) is the language `offered` names by
/// its primary tag (`en`): a choice list of languages shows `en-GB` as English.
pub fn is_language(chosen: &str, offered: &str) -> bool {
    chosen
        .split('-')
        .next()
        .is_some_and(|primary| primary.eq_ignore_ascii_case(offered))
}

fn check_language(tag: &str) -> Result<(), InvalidField> {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    let well_formed = tag.len() <= 35
        && (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !well_formed {
        return Err(InvalidField::new(
            "/language",
            "must be a language tag such as en, en-GB or cy",
        ));
    }
    Ok(())
}

fn check_third_party(third: &ThirdParty) -> Result<(), InvalidField> {
    validation::text("/third_party/name", &third.name, 200, true)?;
    validation::text("/third_party/role", &third.role, 100, false)?;
    if let Some(email) = &third.email {
        let valid = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.chars().any(char::is_whitespace)
        });
        if !valid {
            return Err(InvalidField::new(
                "/third_party/email",
                "is not an email address",
            ));
        }
    }
    if let Some(phone) = &third.phone {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if !allowed || !(6..=15).contains(&digits) {
            return Err(InvalidField::new(
                "/third_party/phone",
                "is not a phone number",
            ));
        }
    }
    if third.purposes.is_empty() {
        return Err(InvalidField::new(
            "/third_party/purposes",
            "must name at least one purpose",
        ));
    }
    if third.channels.is_empty() {
        return Err(InvalidField::new(
            "/third_party/channels",
            "must name at least one channel",
        ));
    }
    for channel in &third.channels {
        let missing = match channel {
            Channel::Email => third.email.is_none().then_some("an email address"),
            Channel::Sms | Channel::Phone => third.phone.is_none().then_some("a phone number"),
            Channel::Post => None,
            Channel::InApp => Some("an account, which a third party does not have"),
        };
        if let Some(missing) = missing {
            return Err(InvalidField::new(
                "/third_party/channels",
                format!("{channel} needs {missing}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
