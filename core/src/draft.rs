//! Drafts of forms: what the customer changed in a form and has not sent, kept field by
//! field as text, how a kept draft meets the form when it is opened again, and how an
//! open form meets data synced while it is open, so a reload or going offline loses
//! nothing and a draft never hides data synced since.

use serde::{Deserialize, Serialize};

/// A form's kept draft: each field's value when the form was opened, and what the
/// customer had changed it to. Fields are in the form's order, each encoded as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredDraft")]
pub struct KeptDraft {
    /// The values the form started from.
    pub started_from: Vec<String>,
    /// The values the customer left it with.
    pub changed_to: Vec<String>,
    /// Kept by an earlier version, as the texts of its fields; the form has gained
    /// fields after them since.
    #[serde(skip)]
    earlier: bool,
}

/// A draft as the store holds it: the current shape, or the plain list of texts that
/// earlier versions kept (forms that started empty), so an update loses no draft.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredDraft {
    Kept {
        started_from: Vec<String>,
        changed_to: Vec<String>,
    },
    Typed(Vec<String>),
}

impl From<StoredDraft> for KeptDraft {
    fn from(stored: StoredDraft) -> KeptDraft {
        match stored {
            StoredDraft::Kept {
                started_from,
                changed_to,
            } => KeptDraft {
                started_from,
                changed_to,
                earlier: false,
            },
            StoredDraft::Typed(typed) => KeptDraft {
                started_from: vec![String::new(); typed.len()],
                changed_to: typed,
                earlier: true,
            },
        }
    }
}

impl KeptDraft {
    /// The draft to keep for a form that started from `start` and now holds `now`; `None`
    /// when the customer changed nothing, so there is nothing to keep.
    pub fn of(start: &[String], now: &[String]) -> Option<KeptDraft> {
        (start != now).then(|| KeptDraft {
            started_from: start.to_vec(),
            changed_to: now.to_vec(),
            earlier: false,
        })
    }

    /// What a form opened again shows, given the values it starts from now (`start`,
    /// perhaps newer than the draft's) and holds now (`now`). Field by field: what the
    /// customer typed since the form opened stays; else a field the draft changed takes
    /// the draft's value; else the form keeps its own, so data synced since the draft
    /// was made shows through. `None` when the draft changes nothing or no longer fits
    /// the form (another number of fields; a draft of an earlier version may have fewer,
    /// the fields added since counting as unchanged).
    pub fn restore(&self, start: &[String], now: &[String]) -> Option<Vec<String>> {
        let kept = self.started_from.len();
        let fields_fit = kept == start.len() || (self.earlier && kept < start.len());
        let fits = fields_fit && kept == self.changed_to.len() && now.len() == start.len();
        if !fits {
            return None;
        }
        let restored: Vec<String> = (0..start.len())
            .map(|i| {
                let changed = i < kept && self.changed_to[i] != self.started_from[i];
                if now[i] == start[i] && changed {
                    self.changed_to[i].clone()
                } else {
                    now[i].clone()
                }
            })
            .collect();
        (restored != now).then_some(restored)
    }
}

/// What an open form shows when newer data for it arrives, as the values the form would
/// start from now (`newer`): each field still holding the value it started from
/// (`start`) takes its newer value, and every field the customer changed keeps what
/// they typed (`now`). The form then starts from `newer`, so its draft holds only the
/// customer's changes. Fields that no longer fit the form leave it as it is.
pub fn follow(start: &[String], now: &[String], newer: &[String]) -> Vec<String> {
    if start.len() != now.len() || newer.len() != now.len() {
        return now.to_vec();
    }
    start
        .iter()
        .zip(now)
        .zip(newer)
        .map(|((start, now), newer)| if now == start { newer } else { now }.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn a_draft_kept_by_an_earlier_version_still_comes_back() {
        // Earlier versions kept the texts of forms that started empty; this form has
        // since gained two fields after them.
        let draft: KeptDraft = serde_json::from_str(r#"["12.00","It broke"]"#).unwrap();
        let start = texts(&["", "", "\"not_received\"", "[]"]);
        assert_eq!(
            draft.restore(&start, &start),
            Some(texts(&["12.00", "It broke", "\"not_received\"", "[]"]))
        );
        let now: KeptDraft = serde_json::from_str(
            &serde_json::to_string(&KeptDraft::of(&start, &texts(&["1", "", "", ""])).unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(now.changed_to, texts(&["1", "", "", ""]));
        assert_eq!(
            draft
                .restore(&texts(&["", ""]), &texts(&["", ""]))
                .unwrap()
                .len(),
            2
        );
        assert_eq!(draft.restore(&texts(&[""]), &texts(&[""])), None);
    }

    #[test]
    fn nothing_changed_keeps_nothing() {
        let start = texts(&["monthly", "3"]);
        assert_eq!(KeptDraft::of(&start, &start), None);
        let draft = KeptDraft::of(&start, &texts(&["weekly", "3"])).unwrap();
        assert_eq!(draft.changed_to, texts(&["weekly", "3"]));
    }

    #[test]
    fn changed_fields_come_back_over_the_starting_values() {
        let start = texts(&["monthly", "3", "2026-01-01"]);
        let draft = KeptDraft::of(&start, &texts(&["weekly", "6", "2026-01-01"])).unwrap();
        assert_eq!(
            draft.restore(&start, &start),
            Some(texts(&["weekly", "6", "2026-01-01"]))
        );
    }

    #[test]
    fn data_synced_since_shows_in_fields_the_draft_did_not_change() {
        let draft = KeptDraft::of(&texts(&["", "en"]), &texts(&["21:00", "en"])).unwrap();
        // Since then the language was changed elsewhere and synced.
        let newer = texts(&["", "es"]);
        assert_eq!(draft.restore(&newer, &newer), Some(texts(&["21:00", "es"])));
    }

    #[test]
    fn what_is_typed_before_the_draft_is_read_stays() {
        let start = texts(&["", ""]);
        let draft = KeptDraft::of(&start, &texts(&["12.00", "Broken"])).unwrap();
        assert_eq!(
            draft.restore(&start, &texts(&["5", ""])),
            Some(texts(&["5", "Broken"]))
        );
    }

    #[test]
    fn a_draft_that_changes_nothing_or_no_longer_fits_is_not_restored() {
        let start = texts(&["a", "b"]);
        let draft = KeptDraft::of(&start, &texts(&["a", "c"])).unwrap();
        // The change is already there (saved from another tab, say).
        let now = texts(&["a", "c"]);
        assert_eq!(draft.restore(&now, &now), None);
        let three = texts(&["a", "b", "c"]);
        assert_eq!(draft.restore(&three, &three), None);
    }

    #[test]
    fn fields_not_changed_since_the_form_opened_follow_newer_data() {
        let start = texts(&["", "en", "[]"]);
        // The customer typed a limit; since then the saved preferences came back
        // with another language and a channel ticked.
        let now = texts(&["5", "en", "[]"]);
        let newer = texts(&["3", "es", "[\"post\"]"]);
        assert_eq!(
            follow(&start, &now, &newer),
            texts(&["5", "es", "[\"post\"]"])
        );
    }

    #[test]
    fn a_field_changed_and_put_back_follows_too() {
        let start = texts(&["", "en"]);
        let newer = texts(&["3", "en"]);
        assert_eq!(follow(&start, &start, &newer), newer);
    }

    #[test]
    fn newer_data_that_no_longer_fits_the_form_leaves_it_as_it_is() {
        let start = texts(&["", "en"]);
        let now = texts(&["5", "en"]);
        assert_eq!(follow(&start, &now, &texts(&["3"])), now);
        assert_eq!(follow(&texts(&[""]), &now, &texts(&["3", "es"])), now);
    }

    proptest! {
        /// Following newer data loses nothing the customer typed and shows the newer
        /// values everywhere else; following the same data again changes nothing more,
        /// and neither does data no newer than what the form started from.
        #[test]
        fn following_keeps_what_was_typed(
            fields in proptest::collection::vec(("[a-c]{0,1}", "[a-c]{0,1}", "[a-c]{0,1}"), 0..6),
        ) {
            let start: Vec<String> = fields.iter().map(|(s, _, _)| s.clone()).collect();
            let now: Vec<String> = fields.iter().map(|(_, n, _)| n.clone()).collect();
            let newer: Vec<String> = fields.iter().map(|(_, _, n)| n.clone()).collect();
            let shown = follow(&start, &now, &newer);
            for i in 0..shown.len() {
                let expected = if now[i] == start[i] { &newer[i] } else { &now[i] };
                prop_assert_eq!(&shown[i], expected);
            }
            prop_assert_eq!(&follow(&newer, &shown, &newer), &shown);
            prop_assert_eq!(follow(&start, &now, &start), now);
        }

        /// Kept and restored on the same starting values, a draft gives back exactly
        /// what the customer left; with nothing changed, nothing is kept.
        #[test]
        fn a_draft_gives_back_what_was_left(
            pairs in proptest::collection::vec(("[a-c]{0,2}", "[a-c]{0,2}"), 0..6),
        ) {
            let start: Vec<String> = pairs.iter().map(|(s, _)| s.clone()).collect();
            let left: Vec<String> = pairs.iter().map(|(_, l)| l.clone()).collect();
            match KeptDraft::of(&start, &left) {
                None => prop_assert_eq!(&start, &left),
                Some(draft) => prop_assert_eq!(draft.restore(&start, &start), Some(left)),
            }
        }
    }
}
