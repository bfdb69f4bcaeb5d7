//! The wire vocabulary: records read and written, sync items and queries, and rule
//! breaches as problem details.

use super::*;
use crate::invoice::tests::{dec, invoice};

#[test]
fn account_reads_the_original_shape_and_writes_strings() {
    let old = serde_json::json!({
        "id": "acc-1", "number": "C-1001", "name": "Ada Ltd", "currency": "GBP",
        "balance": "1234.50", "overdue": "200.00", "credit_limit": "5000.00",
        "on_stop": false, "as_of": "2024-03-31"
    });
    let account: Account = serde_json::from_value(old).unwrap();
    assert_eq!(account.balance, dec("1234.50"));
    assert_eq!(account.not_yet_due, Decimal::ZERO);
    assert_eq!(account.currency_code(), Ok(Currency::GBP));
    let json = serde_json::to_value(&account).unwrap();
    assert_eq!(json["balance"], "1234.50");
    assert_eq!(json["ageing"]["days_over_90"], "0");
    let numbers = serde_json::json!({
        "id": "acc-1", "number": "C-1001", "name": "Ada Ltd", "currency": "GBP",
        "balance": 1234.5, "overdue": "200.00", "credit_limit": "5000.00",
        "on_stop": false, "as_of": "2024-03-31"
    });
    assert!(serde_json::from_value::<Account>(numbers).is_err());
}

#[test]
fn sync_items_read_as_checked_records() {
    let record = Record::Invoice(invoice("i1", "10.00", "0", "2024-03-01"));
    let item = SyncItem {
        kind: Kind::Invoice,
        id: "i1".into(),
        version: 7,
        deleted: false,
        data: Some(record.to_data()),
    };
    assert_eq!(item.record(), Ok(Some(record)));
    let gone = SyncItem {
        deleted: true,
        data: None,
        ..item.clone()
    };
    assert_eq!(gone.record(), Ok(None));
    let mut bad = item.clone();
    bad.data.as_mut().unwrap()["total"] = serde_json::json!("10.001");
    let error = bad.record().unwrap_err();
    assert_eq!(error.field.as_deref(), Some("/total"));
    assert!(error
        .to_string()
        .starts_with("the invoice record 'i1' could not be read"));
    let wrong_kind = SyncItem {
        kind: Kind::Payment,
        ..item
    };
    assert!(wrong_kind.record().is_err());
}

#[test]
fn every_kind_round_trips_through_a_sync_item() {
    use crate::contact::ContactPreferences;
    let records = [
        Record::Account(Account {
            id: "a".into(),
            currency: "JPY".into(),
            ..Account::default()
        }),
        Record::Preferences(ContactPreferences::new("Europe/London", "en")),
    ];
    for record in records {
        let data = record.to_data();
        assert_eq!(Record::from_data(record.kind(), "x", data), Ok(record));
    }
    for kind in Kind::ALL {
        let text = serde_json::to_string(&kind).unwrap();
        assert_eq!(text, format!("\"{kind}\""));
    }
}

#[test]
fn sync_query_defaults_and_limits() {
    let first = SyncQuery::default();
    assert_eq!(first.after(), None);
    assert_eq!(first.page_size(), Ok(SyncQuery::DEFAULT_LIMIT));
    let empty = SyncQuery {
        checkpoint: Some(String::new()),
        limit: Some(SyncQuery::MAX_LIMIT),
    };
    assert_eq!(empty.after(), None);
    assert_eq!(empty.page_size(), Ok(1000));
    let next = SyncQuery {
        checkpoint: Some("v1.42".into()),
        limit: Some(0),
    };
    assert_eq!(next.after(), Some("v1.42"));
    assert_eq!(next.page_size().unwrap_err().field, "/limit");
    let too_many = SyncQuery {
        limit: Some(1001),
        ..next
    };
    assert_eq!(
        too_many.page_size().unwrap_err().to_string(),
        "/limit: must be 1 to 1000"
    );
    let page: SyncPage =
        serde_json::from_str(r#"{"items":[],"checkpoint":"v1.0","more":false}"#).unwrap();
    assert!(page.items.is_empty() && !page.more);
}

#[test]
fn rule_breaches_become_problems() {
    let breach = InvalidField::new("/amount", "must be more than zero");
    let problem = Problem::from_breach(&breach);
    assert_eq!(
        problem.kind,
        "https://settle.invalid/problems/invalid_field"
    );
    assert_eq!(problem.rule(), Some("invalid_field"));
    assert_eq!(problem.status, 422);
    assert_eq!(problem.field.as_deref(), Some("/amount"));
    assert_eq!(
        problem.detail.as_deref(),
        Some("/amount: must be more than zero")
    );
}
