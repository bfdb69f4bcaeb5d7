//! When the customer may be contacted: quiet hours and preferred windows, as local times
//! in the customer's time zone.

use chrono::{Datelike, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// A daily period, in local time, when no immediate contact is made. It may run past
/// midnight: 21:00 to 08:00 covers the night. The start is inside, the end is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
}

/// A period, in local time, when the customer prefers to be contacted, on some days of the
/// week (every day when `days` is empty). Start inside, end not; it does not run past
/// midnight. When a customer sets any, immediate contacts are made only inside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeWindow {
    /// The days it applies to (`"Mon"`, `"Tue"`, ...); empty for every day.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::weekdays))]
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
