//! Contact preferences: which channels the customer wants for each purpose, channel
//! opt-outs (always allowed), quiet hours and preferred times in their time zone, a weekly
//! cap, language, accessibility needs and a nominated third party; and
//! [`check_contact`], which says whether a contact may be made at an instant and, if not,
//! the next instant it may.
//!
//! # Time zones
//!
//! Quiet hours and preferred times are local times in the customer's IANA time zone
//! (`"Europe/London"`). [`check_contact`] takes the zone as any [`chrono::TimeZone`], so a
//! caller may pass a fixed offset. The zone database is behind the crate feature `tz`
//! (chrono-tz): with it, `ContactPreferences::zone` resolves the name and
//! `check_contact_in_zone` does both steps. The server turns `tz` on; the app leaves it
//! off, keeping the database out of its first load.
//!
//! # Which rules apply to which channel
//!
//! - Quiet hours and preferred times apply to email, SMS and phone, which reach the
//!   customer at once. Post and in-app messages are read when the customer chooses.
//! - The weekly cap counts every contact except in-app messages, over the seven days
//!   (7 × 24 hours) up to the instant checked. The caller passes the instants of the
//!   earlier contacts that count.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use serde::{Deserialize, Serialize};

use crate::validation::{self, InvalidField};

/// How far ahead [`check_contact`] looks for an allowed instant before it gives up.
pub const SEARCH_HORIZON_DAYS: i64 = 60;

/// The highest weekly cap a customer can set.
pub const MAX_WEEKLY_CAP: u32 = 50;

/// The most preferred-time windows a customer can set.
pub const MAX_PREFERRED_WINDOWS: usize = 14;

/// A way to reach the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Email.
    Email,
    /// Text message.
    Sms,
    /// Phone call.
    Phone,
    /// Letter.
    Post,
    /// A message inside Settle.
    InApp,
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Channel::Email => "email",
            Channel::Sms => "SMS",
            Channel::Phone => "phone",
            Channel::Post => "post",
            Channel::InApp => "in-app",
        })
    }
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 5] = [
        Channel::Email,
        Channel::Sms,
        Channel::Phone,
        Channel::Post,
        Channel::InApp,
    ];

    /// Reaches the customer at once, so quiet hours and preferred times apply.
    pub fn is_immediate(self) -> bool {
        matches!(self, Channel::Email | Channel::Sms | Channel::Phone)
    }

    /// Counts toward the weekly cap.
    pub fn counts_toward_cap(self) -> bool {
        self != Channel::InApp
    }
}

/// Why the creditor contacts the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Reminders that something is due or overdue.
    PaymentReminders,
    /// Statements of account.
    Statements,
    /// News about a dispute.
    DisputeUpdates,
    /// News about a plan or a promise.
    PlanUpdates,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 4] = [
        Purpose::PaymentReminders,
        Purpose::Statements,
        Purpose::DisputeUpdates,
        Purpose::PlanUpdates,
    ];
}

/// An accessibility need the creditor should meet when contacting the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessibilityNeed {
    /// Letters and documents in large print.
    LargePrint,
    /// Easy-read wording.
    EasyRead,
    /// Phone calls through a text relay service.
    TextRelay,
}

impl AccessibilityNeed {
    /// Every need.
    pub const ALL: [AccessibilityNeed; 3] = [
        AccessibilityNeed::LargePrint,
        AccessibilityNeed::EasyRead,
        AccessibilityNeed::TextRelay,
    ];
}

/// A daily period, in local time, when no immediate contact is made. It may run past
/// midnight: 21:00 to 08:00 covers the night. The start is inside, the end is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    /// When quiet starts.
    pub start: NaiveTime,
    /// When quiet ends.
    pub end: NaiveTime,
}

impl QuietHours {
    /// Whether `time` is inside the quiet period.
    pub fn contains(&self, time: NaiveTime) -> bool {
        if self.start <= self.end {
            self.start <= time && time < self.end
        } else {
            time >= self.start || time < self.end
        }
    }

    /// The local date and time the quiet period containing `local` ends.
    fn end_after(&self, local: NaiveDateTime) -> NaiveDateTime {
        let date = local.date();
        let date = if self.start > self.end && local.time() >= self.start {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        date.and_time(self.end)
    }
}

/// A period, in local time, when the customer prefers to be contacted, on some days of the
/// week (every day when `days` is empty). Start inside, end not; it does not run past
/// midnight. When a customer sets any, immediate contacts are made only inside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeWindow {
    /// The days it applies to (`"Mon"`, `"Tue"`, ...); empty for every day.
    #[serde(default)]
    pub days: Vec<Weekday>,
    /// When it starts.
    pub start: NaiveTime,
    /// When it ends, after `start`.
    pub end: NaiveTime,
}

impl TimeWindow {
    fn applies_on(&self, day: Weekday) -> bool {
        self.days.is_empty() || self.days.contains(&day)
    }

    /// Whether the local date and time `local` is inside the window.
    pub fn contains(&self, local: NaiveDateTime) -> bool {
        self.applies_on(local.weekday()) && self.start <= local.time() && local.time() < self.end
    }
}

/// Someone the customer allows the creditor to contact on their behalf (a debt adviser, a
/// relative with power of attorney).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

    /// The customer's time zone from the zone database.
    #[cfg(feature = "tz")]
    pub fn zone(&self) -> Result<chrono_tz::Tz, InvalidField> {
        self.time_zone.parse::<chrono_tz::Tz>().map_err(|_| {
            InvalidField::new(
                "/time_zone",
                format!("'{}' is not a known time zone", self.time_zone),
            )
        })
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

/// Who would be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The customer.
    Customer,
    /// The nominated third party.
    ThirdParty,
}

/// A contact the creditor wants to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContactRequest {
    /// Why.
    pub purpose: Purpose,
    /// How.
    pub channel: Channel,
    /// To whom.
    pub recipient: Recipient,
}

/// Why a contact has to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitReason {
    /// The instant is in quiet hours.
    QuietHours,
    /// The instant is outside every preferred window.
    OutsidePreferredTimes,
    /// The weekly cap is reached.
    WeeklyCap,
}

/// Why a contact may not be made at all under these preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The customer opted out of the channel.
    OptedOut,
    /// The channel is not chosen for the purpose (or, for a third party, not one of
    /// theirs).
    ChannelNotChosen,
    /// There is no nominated third party.
    NoThirdParty,
    /// The third party may not be contacted about this purpose.
    ThirdPartyNotForPurpose,
    /// Quiet hours, preferred times and the cap leave no instant within
    /// [`SEARCH_HORIZON_DAYS`].
    NoAllowedTime,
}

/// The answer of [`check_contact`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum ContactDecision {
    /// The contact may be made now.
    Allowed,
    /// Not now; the earliest allowed instant is `until`.
    Wait {
        /// The next allowed instant.
        until: DateTime<Utc>,
        /// The first rule that stood in the way.
        because: WaitReason,
    },
    /// Not under these preferences, whenever.
    Refused {
        /// Why.
        because: Refusal,
    },
}

/// Says whether `request` may be made at `at` under `prefs`, with local times read in
/// `zone`, given the instants of the earlier contacts that count toward the weekly cap
/// (`recent`; older than a week or later than `at` are ignored as appropriate). When not,
/// it returns the earliest allowed instant, or why there is none.
pub fn check_contact<Tz: TimeZone>(
    prefs: &ContactPreferences,
    zone: &Tz,
    request: &ContactRequest,
    at: DateTime<Utc>,
    recent: &[DateTime<Utc>],
) -> ContactDecision {
    let refuse = |because| ContactDecision::Refused { because };
    match request.recipient {
        Recipient::Customer => {
            if prefs.opted_out.contains(&request.channel) {
                return refuse(Refusal::OptedOut);
            }
            if !prefs
                .channels_for(request.purpose)
                .contains(&request.channel)
            {
                return refuse(Refusal::ChannelNotChosen);
            }
        }
        Recipient::ThirdParty => {
            let Some(third) = &prefs.third_party else {
                return refuse(Refusal::NoThirdParty);
            };
            if !third.purposes.contains(&request.purpose) {
                return refuse(Refusal::ThirdPartyNotForPurpose);
            }
            if !third.channels.contains(&request.channel) {
                return refuse(Refusal::ChannelNotChosen);
            }
        }
    }
    let rules = TimeRules {
        prefs,
        zone,
        immediate: request.channel.is_immediate(),
        cap: prefs
            .max_contacts_per_week
            .filter(|_| request.channel.counts_toward_cap()),
        recent,
    };
    match rules.next_allowed(at) {
        // No rule moved the instant, so `at` itself is allowed.
        Some((_, None)) => ContactDecision::Allowed,
        Some((until, Some(because))) => ContactDecision::Wait { until, because },
        None => refuse(Refusal::NoAllowedTime),
    }
}

/// [`check_contact`] in the customer's named time zone.
#[cfg(feature = "tz")]
pub fn check_contact_in_zone(
    prefs: &ContactPreferences,
    request: &ContactRequest,
    at: DateTime<Utc>,
    recent: &[DateTime<Utc>],
) -> Result<ContactDecision, InvalidField> {
    Ok(check_contact(prefs, &prefs.zone()?, request, at, recent))
}

struct TimeRules<'a, Tz: TimeZone> {
    prefs: &'a ContactPreferences,
    zone: &'a Tz,
    immediate: bool,
    cap: Option<u32>,
    recent: &'a [DateTime<Utc>],
}

impl<Tz: TimeZone> TimeRules<'_, Tz> {
    /// The earliest instant from `at` on that every rule allows, and the first rule that
    /// moved it. Each rule moves to the earliest instant that rule allows, so no allowed
    /// instant is ever skipped; the loop ends when all of them agree.
    fn next_allowed(&self, at: DateTime<Utc>) -> Option<(DateTime<Utc>, Option<WaitReason>)> {
        let horizon = at + Duration::days(SEARCH_HORIZON_DAYS);
        let mut instant = at;
        let mut first_reason = None;
        // Each step reaches the next boundary of some rule; a few thousand is far more
        // than sixty days of boundaries need.
        for _ in 0..10_000 {
            if instant > horizon {
                return None;
            }
            let moved = self
                .cap_release(instant)
                .or_else(|| self.time_of_day(instant));
            let Some((later, reason)) = moved else {
                return Some((instant, first_reason));
            };
            first_reason.get_or_insert(reason);
            // Guard against a local-time conversion that does not move forward.
            instant = later.max(instant + Duration::seconds(1));
        }
        None
    }

    /// When the cap is reached at `instant`: the instant enough earlier contacts have left
    /// the seven-day window.
    fn cap_release(&self, instant: DateTime<Utc>) -> Option<(DateTime<Utc>, WaitReason)> {
        let cap = usize::try_from(self.cap?).unwrap_or(usize::MAX);
        let week = Duration::days(7);
        let mut inside: Vec<DateTime<Utc>> = self
            .recent
            .iter()
            .copied()
            .filter(|contact| *contact <= instant && *contact > instant - week)
            .collect();
        if inside.len() < cap {
            return None;
        }
        inside.sort();
        // The contact whose leaving brings the count below the cap; a cap of 0 never
        // releases, which the horizon turns into a refusal.
        let leaving = inside.get(inside.len() - cap).copied().unwrap_or(instant);
        Some((leaving + week, WaitReason::WeeklyCap))
    }

    /// When `instant` is in quiet hours or outside every preferred window: the next local
    /// time that is not.
    fn time_of_day(&self, instant: DateTime<Utc>) -> Option<(DateTime<Utc>, WaitReason)> {
        if !self.immediate {
            return None;
        }
        let local = instant.with_timezone(self.zone).naive_local();
        if let Some(quiet) = &self.prefs.quiet_hours {
            if quiet.contains(local.time()) {
                return Some((
                    self.to_utc(quiet.end_after(local), instant)?,
                    WaitReason::QuietHours,
                ));
            }
        }
        let windows = &self.prefs.preferred_times;
        if windows.is_empty() || windows.iter().any(|w| w.contains(local)) {
            return None;
        }
        let next_start = (0..=7)
            .filter_map(|days| local.date().checked_add_days(chrono::Days::new(days)))
            .flat_map(|date| {
                windows
                    .iter()
                    .filter(move |w| w.applies_on(date.weekday()))
                    .map(move |w| date.and_time(w.start))
            })
            .filter(|start| *start > local)
            .min()?;
        Some((
            self.to_utc(next_start, instant)?,
            WaitReason::OutsidePreferredTimes,
        ))
    }

    /// The instant of a local date and time, not before `not_before`: a time skipped by a
    /// clock change becomes the first local time after the gap; a time that happens twice,
    /// its first occurrence not before `not_before`.
    fn to_utc(&self, local: NaiveDateTime, not_before: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (0..=24 * 60).find_map(|minutes| {
            match self
                .zone
                .from_local_datetime(&(local + Duration::minutes(minutes)))
            {
                LocalResult::Single(instant) => Some(instant.with_timezone(&Utc)),
                LocalResult::Ambiguous(first, second) => {
                    let first = first.with_timezone(&Utc);
                    Some(if first >= not_before {
                        first
                    } else {
                        second.with_timezone(&Utc)
                    })
                }
                LocalResult::None => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use proptest::prelude::*;

    fn time(text: &str) -> NaiveTime {
        text.parse().unwrap()
    }

    fn instant(text: &str) -> DateTime<Utc> {
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

    fn reminder(channel: Channel) -> ContactRequest {
        ContactRequest {
            purpose: Purpose::PaymentReminders,
            channel,
            recipient: Recipient::Customer,
        }
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn wait(until: &str, because: WaitReason) -> ContactDecision {
        ContactDecision::Wait {
            until: instant(until),
            because,
        }
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
        let noon = instant("2024-03-01T12:00:00Z");
        assert_eq!(
            check_contact(&prefs, &utc(), &reminder(Channel::Sms), noon, &[]),
            ContactDecision::Allowed
        );
        let phone = check_contact(&prefs, &utc(), &reminder(Channel::Phone), noon, &[]);
        assert_eq!(
            phone,
            ContactDecision::Refused {
                because: Refusal::ChannelNotChosen
            }
        );
        prefs.opt_out(Channel::Sms);
        let sms = check_contact(&prefs, &utc(), &reminder(Channel::Sms), noon, &[]);
        assert_eq!(
            sms,
            ContactDecision::Refused {
                because: Refusal::OptedOut
            }
        );
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
        let prefs = prefs();
        let check =
            |at: &str, channel| check_contact(&prefs, &utc(), &reminder(channel), instant(at), &[]);
        assert_eq!(
            check("2024-03-01T22:30:00Z", Channel::Sms),
            wait("2024-03-02T08:00:00Z", WaitReason::QuietHours)
        );
        assert_eq!(
            check("2024-03-02T07:59:59Z", Channel::Email),
            wait("2024-03-02T08:00:00Z", WaitReason::QuietHours)
        );
        assert_eq!(
            check("2024-03-02T08:00:00Z", Channel::Sms),
            ContactDecision::Allowed
        );
        assert_eq!(
            check("2024-03-01T20:59:59Z", Channel::Sms),
            ContactDecision::Allowed
        );
        assert_eq!(
            check("2024-03-01T21:00:00Z", Channel::Sms),
            wait("2024-03-02T08:00:00Z", WaitReason::QuietHours)
        );
        // Letters are read when the customer chooses.
        assert_eq!(
            check("2024-03-01T22:30:00Z", Channel::Post),
            ContactDecision::Allowed
        );
    }

    #[test]
    fn local_times_follow_the_zone() {
        let india = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        // 02:00 UTC is 07:30 in India: quiet until 08:00 there, 02:30 UTC.
        let decision = check_contact(
            &prefs(),
            &india,
            &reminder(Channel::Sms),
            instant("2024-03-01T02:00:00Z"),
            &[],
        );
        assert_eq!(
            decision,
            wait("2024-03-01T02:30:00Z", WaitReason::QuietHours)
        );
    }

    #[test]
    fn preferred_times_limit_immediate_contact() {
        let mut prefs = prefs();
        prefs.preferred_times = vec![TimeWindow {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start: time("09:00"),
            end: time("17:00"),
        }];
        let check =
            |at: &str| check_contact(&prefs, &utc(), &reminder(Channel::Email), instant(at), &[]);
        // Friday 1 March 2024, after hours: next is Monday 09:00.
        assert_eq!(
            check("2024-03-01T18:00:00Z"),
            wait("2024-03-04T09:00:00Z", WaitReason::OutsidePreferredTimes)
        );
        assert_eq!(check("2024-03-01T16:59:00Z"), ContactDecision::Allowed);
        // Saturday at 05:00 is quiet first, then outside the window until Monday.
        assert_eq!(
            check("2024-03-02T05:00:00Z"),
            wait("2024-03-04T09:00:00Z", WaitReason::QuietHours)
        );
    }

    #[test]
    fn weekly_cap_waits_for_the_oldest_contact_to_leave_the_week() {
        let mut prefs = prefs();
        prefs.max_contacts_per_week = Some(2);
        let recent = [
            instant("2024-02-20T10:00:00Z"), // more than a week ago: not counted
            instant("2024-02-24T10:00:00Z"),
            instant("2024-02-29T10:00:00Z"),
        ];
        let at = instant("2024-03-01T12:00:00Z");
        let decision = check_contact(&prefs, &utc(), &reminder(Channel::Email), at, &recent);
        assert_eq!(
            decision,
            wait("2024-03-02T10:00:00Z", WaitReason::WeeklyCap)
        );
        // Below the cap with one fewer contact; in-app messages never count.
        assert_eq!(
            check_contact(&prefs, &utc(), &reminder(Channel::Email), at, &recent[1..2]),
            ContactDecision::Allowed
        );
        let in_app = ContactRequest {
            purpose: Purpose::Statements,
            channel: Channel::InApp,
            recipient: Recipient::Customer,
        };
        assert_eq!(
            check_contact(&prefs, &utc(), &in_app, at, &recent),
            ContactDecision::Allowed
        );
        // Released into quiet hours: wait for both.
        let late = [
            instant("2024-02-24T22:00:00Z"),
            instant("2024-02-29T10:00:00Z"),
        ];
        let decision = check_contact(&prefs, &utc(), &reminder(Channel::Sms), at, &late);
        // The cap releases at 22:00 on 2 March, in quiet hours, so 08:00 on 3 March.
        assert_eq!(
            decision,
            wait("2024-03-03T08:00:00Z", WaitReason::WeeklyCap)
        );
    }

    #[test]
    fn third_parties_only_for_what_the_customer_allowed() {
        let mut prefs = prefs();
        let adviser = ContactRequest {
            purpose: Purpose::PlanUpdates,
            channel: Channel::Email,
            recipient: Recipient::ThirdParty,
        };
        let noon = instant("2024-03-01T12:00:00Z");
        assert_eq!(
            check_contact(&prefs, &utc(), &adviser, noon, &[]),
            ContactDecision::Refused {
                because: Refusal::NoThirdParty
            }
        );
        prefs.third_party = Some(ThirdParty {
            name: "Sam Adviser".into(),
            role: "debt adviser".into(),
            email: Some("sam@advice.example".into()),
            phone: None,
            purposes: BTreeSet::from([Purpose::PlanUpdates]),
            channels: BTreeSet::from([Channel::Email]),
        });
        assert_eq!(prefs.validate(), Ok(()));
        assert_eq!(
            check_contact(&prefs, &utc(), &adviser, noon, &[]),
            ContactDecision::Allowed
        );
        let statements = ContactRequest {
            purpose: Purpose::Statements,
            ..adviser
        };
        assert_eq!(
            check_contact(&prefs, &utc(), &statements, noon, &[]),
            ContactDecision::Refused {
                because: Refusal::ThirdPartyNotForPurpose
            }
        );
        let sms = ContactRequest {
            channel: Channel::Sms,
            ..adviser
        };
        assert_eq!(
            check_contact(&prefs, &utc(), &sms, noon, &[]),
            ContactDecision::Refused {
                because: Refusal::ChannelNotChosen
            }
        );
    }

    #[test]
    fn no_allowed_time_is_a_refusal() {
        let mut prefs = prefs();
        prefs.preferred_times = vec![TimeWindow {
            days: Vec::new(),
            start: time("22:00"),
            end: time("23:00"),
        }];
        let decision = check_contact(
            &prefs,
            &utc(),
            &reminder(Channel::Sms),
            instant("2024-03-01T12:00:00Z"),
            &[],
        );
        assert_eq!(
            decision,
            ContactDecision::Refused {
                because: Refusal::NoAllowedTime
            }
        );
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
    fn named_zones_and_clock_changes() {
        let mut prefs = prefs();
        // Quiet 00:30 to 01:30; on 31 March 2024 London's clocks skip from 01:00 to 02:00,
        // so quiet ends at 02:00 BST, 01:00 UTC.
        prefs.quiet_hours = Some(QuietHours {
            start: time("00:30"),
            end: time("01:30"),
        });
        let decision = check_contact_in_zone(
            &prefs,
            &reminder(Channel::Sms),
            instant("2024-03-31T00:45:00Z"),
            &[],
        );
        assert_eq!(
            decision,
            Ok(wait("2024-03-31T01:00:00Z", WaitReason::QuietHours))
        );
        // In summer 08:00 London is 07:00 UTC.
        prefs.quiet_hours = Some(QuietHours {
            start: time("21:00"),
            end: time("08:00"),
        });
        let decision = check_contact_in_zone(
            &prefs,
            &reminder(Channel::Sms),
            instant("2024-07-01T06:00:00Z"),
            &[],
        );
        assert_eq!(
            decision,
            Ok(wait("2024-07-01T07:00:00Z", WaitReason::QuietHours))
        );
        let unknown = ContactPreferences {
            time_zone: "Europe/Atlantis".into(),
            ..prefs
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
        let decision = ContactDecision::Wait {
            until: instant("2024-03-02T08:00:00Z"),
            because: WaitReason::QuietHours,
        };
        assert_eq!(
            serde_json::to_value(decision).unwrap(),
            serde_json::json!({"decision": "wait", "until": "2024-03-02T08:00:00Z", "because": "quiet_hours"})
        );
    }

    fn any_time() -> impl Strategy<Value = NaiveTime> {
        (
            0_u32..24,
            prop_oneof![Just(0_u32), Just(15), Just(30), 0_u32..60],
        )
            .prop_map(|(hour, minute)| NaiveTime::from_hms_opt(hour, minute, 0).unwrap())
    }

    fn any_window() -> impl Strategy<Value = TimeWindow> {
        (
            proptest::sample::subsequence(
                vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                    Weekday::Sun,
                ],
                0..=7,
            ),
            any_time(),
            any_time(),
        )
            .prop_filter("a window ends after it starts", |(_, start, end)| {
                start < end
            })
            .prop_map(|(days, start, end)| TimeWindow { days, start, end })
    }

    fn any_prefs() -> impl Strategy<Value = ContactPreferences> {
        (
            proptest::option::of(
                (any_time(), any_time()).prop_filter("not empty", |(s, e)| s != e),
            ),
            proptest::collection::vec(any_window(), 0..=3),
            proptest::option::of(1_u32..=5),
        )
            .prop_map(|(quiet, windows, cap)| ContactPreferences {
                quiet_hours: quiet.map(|(start, end)| QuietHours { start, end }),
                preferred_times: windows,
                max_contacts_per_week: cap,
                ..prefs()
            })
    }

    /// Whenever a contact has to wait, the instant it is told to wait for is allowed,
    /// and the second before it is not: the answer is the earliest allowed instant.
    fn assert_earliest<Tz: TimeZone>(
        prefs: &ContactPreferences,
        zone: &Tz,
        at: DateTime<Utc>,
        recent_ago: &[i64],
        channel: Channel,
    ) -> Result<(), TestCaseError> {
        let recent: Vec<_> = recent_ago
            .iter()
            .map(|ago| at - Duration::seconds(*ago))
            .collect();
        let request = reminder(channel);
        match check_contact(prefs, zone, &request, at, &recent) {
            ContactDecision::Allowed => {}
            ContactDecision::Wait { until, .. } => {
                prop_assert!(until > at);
                prop_assert!(until <= at + Duration::days(SEARCH_HORIZON_DAYS));
                prop_assert_eq!(
                    check_contact(prefs, zone, &request, until, &recent),
                    ContactDecision::Allowed
                );
                let before = until - Duration::seconds(1);
                prop_assert_ne!(
                    check_contact(prefs, zone, &request, before, &recent),
                    ContactDecision::Allowed
                );
            }
            ContactDecision::Refused { because } => {
                prop_assert_eq!(because, Refusal::NoAllowedTime);
                prop_assert!(!prefs.preferred_times.is_empty());
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// In any fixed offset, a wait is until the earliest allowed instant.
        #[test]
        fn next_allowed_instant_is_allowed_and_earliest(
            prefs in any_prefs(),
            offset_quarters in -48_i32..=56,
            at_seconds in 1_704_067_200_i64..1_735_689_600, // during 2024
            recent_ago in proptest::collection::vec(0_i64..=10 * 86_400, 0..=6),
            channel in proptest::sample::select(vec![Channel::Email, Channel::Sms, Channel::Post]),
        ) {
            let zone = FixedOffset::east_opt(offset_quarters * 900).unwrap();
            let at = DateTime::from_timestamp(at_seconds, 0).unwrap();
            assert_earliest(&prefs, &zone, at, &recent_ago, channel)?;
        }
    }

    #[cfg(feature = "tz")]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        /// In named zones, around their 2024 clock changes, a wait is still until the
        /// earliest allowed instant (skipped and repeated local times included).
        #[test]
        fn next_allowed_instant_is_earliest_across_clock_changes(
            prefs in any_prefs(),
            (zone, change) in proptest::sample::select(vec![
                ("Europe/London", 1_711_846_800_i64),    // 2024-03-31 01:00 UTC
                ("Europe/London", 1_729_990_800),        // 2024-10-27 01:00 UTC
                ("America/New_York", 1_710_054_000),     // 2024-03-10 07:00 UTC
                ("America/New_York", 1_730_613_600),     // 2024-11-03 06:00 UTC
                ("Australia/Lord_Howe", 1_712_415_600),  // 2024-04-06 15:00 UTC, 30 minutes
                ("Asia/Kolkata", 1_711_846_800),         // no clock changes
            ]),
            before_change in 0_i64..=3 * 86_400,
            recent_ago in proptest::collection::vec(0_i64..=10 * 86_400, 0..=6),
            channel in proptest::sample::select(vec![Channel::Email, Channel::Sms]),
        ) {
            let zone: chrono_tz::Tz = zone.parse().unwrap();
            let at = DateTime::from_timestamp(change - before_change, 0).unwrap();
            assert_earliest(&prefs, &zone, at, &recent_ago, channel)?;
        }
    }
}
