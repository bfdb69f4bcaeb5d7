//! Records a backend keeps twice for one customer action. A backend that does not keep
//! client references unique may store a second record when the browser resends a POST
//! whose answer was lost; the app cannot undo that, but it can tell the customer.

use std::collections::{BTreeSet, HashMap};

/// The ids, among `records` given as (id, client reference), of those that share their
/// client reference with another: each group is one action recorded more than once.
pub fn recorded_twice<'a>(
    records: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> BTreeSet<String> {
    let mut by_reference: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, reference) in records {
        if let Some(reference) = reference.filter(|r| !r.is_empty()) {
            by_reference.entry(reference).or_default().push(id);
        }
    }
    by_reference
        .into_values()
        .filter(|ids| ids.len() > 1)
        .flatten()
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_sharing_a_reference_are_named_and_the_others_are_not() {
        let records = [
            ("d1", Some("key-a")),
            ("d2", Some("key-b")),
            ("d3", Some("key-a")),
            ("d4", None),
            ("d5", None),
            ("d6", Some("")),
            ("d7", Some("")),
        ];
        assert_eq!(
            recorded_twice(records),
            BTreeSet::from(["d1".to_owned(), "d3".to_owned()])
        );
        assert!(recorded_twice([("d1", Some("key-a"))]).is_empty());
    }
}
