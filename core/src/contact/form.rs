//! The contact-preferences form: the text fields as the customer types them, read into
//! [`ContactPreferences`] with each mistake named by the field it concerns. Choices made
//! with checkboxes (channels, opt-outs, accessibility) are set on the preferences directly.

use std::collections::BTreeSet;

use chrono::NaiveTime;

use super::{Channel, ContactPreferences, Purpose, QuietHours, ThirdParty, TimeWindow};
use crate::validation::InvalidField;

/// The form's text fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferencesText {
    /// Quiet hours from, `HH:MM` (empty: no quiet hours).
    pub quiet_start: String,
    /// Quiet hours until.
    pub quiet_end: String,
    /// The best time to call, from (empty: any time).
    pub best_start: String,
    /// The best time to call, until.
    pub best_end: String,
    /// Most contacts a week (empty: no limit).
    pub weekly_cap: String,
    /// IANA time zone name.
    pub time_zone: String,
    /// BCP 47 language tag.
    pub language: String,
    /// A third party who may be contacted: their name (empty: nobody).
    pub third_name: String,
    /// Who they are to the customer.
    pub third_role: String,
    /// Their email, if any.
    pub third_email: String,
    /// Their phone number, if any.
    pub third_phone: String,
}

fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A pair of times, both or neither.
fn window(
    start: &str,
    end: &str,
    field: &str,
) -> Result<Option<(NaiveTime, NaiveTime)>, InvalidField> {
    match (start.trim(), end.trim()) {
        ("", "") => Ok(None),
        (start, end) => match (time(start), time(end)) {
            (Some(start), Some(end)) => Ok(Some((start, end))),
            _ => Err(InvalidField::new(
                field,
                "give both a start and an end, or neither",
            )),
        },
    }
}

impl PreferencesText {
    /// The text fields of `preferences`, as the form shows them.
    pub fn of(preferences: &ContactPreferences) -> PreferencesText {
        let hhmm = |t: NaiveTime| t.format("%H:%M").to_string();
        let best = preferences.preferred_times.first();
        let third = preferences.third_party.as_ref();
        PreferencesText {
            quiet_start: preferences
                .quiet_hours
                .map(|q| hhmm(q.start))
                .unwrap_or_default(),
            quiet_end: preferences
                .quiet_hours
                .map(|q| hhmm(q.end))
                .unwrap_or_default(),
            best_start: best.map(|w| hhmm(w.start)).unwrap_or_default(),
            best_end: best.map(|w| hhmm(w.end)).unwrap_or_default(),
            weekly_cap: preferences
                .max_contacts_per_week
                .map(|cap| cap.to_string())
                .unwrap_or_default(),
            time_zone: preferences.time_zone.clone(),
            language: preferences.language.clone(),
            third_name: third.map(|t| t.name.clone()).unwrap_or_default(),
            third_role: third.map(|t| t.role.clone()).unwrap_or_default(),
            third_email: third.and_then(|t| t.email.clone()).unwrap_or_default(),
            third_phone: third.and_then(|t| t.phone.clone()).unwrap_or_default(),
        }
    }

    /// `preferences` with these text fields applied, checked; or the first mistake, named
    /// by its field (`/quiet_hours`, `/preferred_times`, `/max_contacts_per_week`,
    /// `/time_zone`, `/language`, `/third_party/...`). A third party may be contacted for
    /// every purpose, by the channels they gave an address or number for.
    pub fn apply(
        &self,
        preferences: &ContactPreferences,
    ) -> Result<ContactPreferences, InvalidField> {
        let mut changed = preferences.clone();
        changed.quiet_hours = window(&self.quiet_start, &self.quiet_end, "/quiet_hours")?
            .map(|(start, end)| QuietHours { start, end });
        // The form offers one window, every day; more than one stays as the backend has it.
        let best = window(&self.best_start, &self.best_end, "/preferred_times")?;
        changed.preferred_times = match best {
            None => Vec::new(),
            Some((start, end)) => {
                let days = preferences
                    .preferred_times
                    .first()
                    .map(|w| w.days.clone())
                    .unwrap_or_default();
                let mut times = vec![TimeWindow { days, start, end }];
                times.extend(preferences.preferred_times.iter().skip(1).cloned());
                times
            }
        };
        changed.max_contacts_per_week = match self.weekly_cap.trim() {
            "" => None,
            text => Some(text.parse::<u32>().map_err(|_| {
                InvalidField::new("/max_contacts_per_week", "must be a whole number, like 3")
            })?),
        };
        changed.time_zone = self.time_zone.trim().to_owned();
        changed.language = self.language.trim().to_owned();
        changed.third_party = match optional(&self.third_name) {
            None => None,
            Some(name) => {
                let email = optional(&self.third_email);
                let phone = optional(&self.third_phone);
                let mut channels = BTreeSet::new();
                if email.is_some() {
                    channels.insert(Channel::Email);
                }
                if phone.is_some() {
                    channels.insert(Channel::Phone);
                }
                if channels.is_empty() {
                    return Err(InvalidField::new(
                        "/third_party/email",
                        "give an email address or a phone number for them",
                    ));
                }
                Some(ThirdParty {
                    name,
                    role: self.third_role.trim().to_owned(),
                    email,
                    phone,
                    purposes: Purpose::ALL.into_iter().collect(),
                    channels,
                })
            }
        };
        changed.validate()?;
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> ContactPreferences {
        ContactPreferences::new("Europe/London", "en")
    }

    #[test]
    fn what_is_shown_reads_back_unchanged() {
        let mut text = PreferencesText::of(&base());
        text.quiet_start = "21:00".into();
        text.quiet_end = "08:00".into();
        text.best_start = "09:30".into();
        text.best_end = "12:00".into();
        text.weekly_cap = "3".into();
        text.third_name = "Pat Adviser".into();
        text.third_phone = "+44 20 7946 0000".into();
        let applied = text.apply(&base()).unwrap();
        assert_eq!(PreferencesText::of(&applied), text);
        let third = applied.third_party.unwrap();
        assert_eq!(third.channels, [Channel::Phone].into());
        assert_eq!(third.purposes.len(), Purpose::ALL.len());
    }

    #[test]
    fn each_mistake_names_its_field() {
        let field = |change: fn(&mut PreferencesText)| {
            let mut text = PreferencesText::of(&base());
            change(&mut text);
            text.apply(&base()).unwrap_err().field
        };
        assert_eq!(field(|t| t.quiet_start = "21:00".into()), "/quiet_hours");
        assert_eq!(
            field(|t| t.best_end = "half past".into()),
            "/preferred_times"
        );
        assert_eq!(
            field(|t| {
                t.best_start = "12:00".into();
                t.best_end = "09:00".into();
            }),
            "/preferred_times/0/end"
        );
        assert_eq!(
            field(|t| t.weekly_cap = "lots".into()),
            "/max_contacts_per_week"
        );
        assert_eq!(
            field(|t| t.weekly_cap = "0".into()),
            "/max_contacts_per_week"
        );
        assert_eq!(field(|t| t.time_zone = "Not a zone!".into()), "/time_zone");
        assert_eq!(field(|t| t.third_name = "Pat".into()), "/third_party/email");
        assert_eq!(
            field(|t| {
                t.third_name = "Pat".into();
                t.third_email = "pat at example".into();
            }),
            "/third_party/email"
        );
    }

    #[test]
    fn empty_fields_clear_their_setting() {
        let mut set = base();
        set.max_contacts_per_week = Some(2);
        set.quiet_hours = Some(QuietHours {
            start: time("22:00").unwrap(),
            end: time("07:00").unwrap(),
        });
        let mut text = PreferencesText::of(&set);
        text.weekly_cap.clear();
        text.quiet_start.clear();
        text.quiet_end.clear();
        let applied = text.apply(&set).unwrap();
        assert_eq!(applied.max_contacts_per_week, None);
        assert_eq!(applied.quiet_hours, None);
    }
}
