//! Tests of profiles as a whole, a file for each concern, and the example profiles and
//! helpers they share.

use serde_json::{json, Value};

use super::*;
use crate::api::Kind;
use crate::intents::IntentKind;

mod datasette;
mod identity;
mod json_schema;
mod lists;
mod loading;
mod mapping;
mod meaning;
mod properties;
mod reading;
mod writing;

const SETTLE: &str = include_str!("../../../tests/backends/settle/profile.json");
const JSON_SERVER: &str = include_str!("../../../tests/backends/json-server/profile.json");
const JSON_SERVER_DB: &str = include_str!("../../../tests/backends/json-server/db.json");
const DATASETTE: &str = include_str!("../../../tests/backends/datasette/profile.json");

fn settle() -> Profile {
    Profile::load(SETTLE).unwrap_or_else(|e| panic!("{e}"))
}

fn json_server() -> Profile {
    Profile::load(JSON_SERVER).unwrap_or_else(|e| panic!("{e}"))
}

/// The json-server profile with one change made at `at` (a JSON pointer).
fn json_server_with(at: &str, value: Value) -> String {
    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    let (parent, name) = at.rsplit_once('/').unwrap();
    let name = name.replace("~1", "/").replace("~0", "~");
    profile
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{at}"))[name] = value;
    profile.to_string()
}

/// The json-server profile with the field at `at` removed.
fn json_server_without(at: &str) -> String {
    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    let (parent, name) = at.rsplit_once('/').unwrap();
    profile
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|object| object.remove(name))
        .unwrap_or_else(|| panic!("{at}"));
    profile.to_string()
}

/// Loads `text` and returns the errors as `path: message`.
fn errors(text: &str) -> Vec<String> {
    match Profile::load(text) {
        Ok(_) => panic!("the profile loaded"),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

/// Asserts the only error is at `path` and its message holds `words`.
fn only_error(text: &str, path: &str, words: &str) {
    let errors = Profile::load(text).unwrap_err();
    assert_eq!(errors.paths(), vec![path], "{errors}");
    assert!(
        errors.0[0].message.contains(words),
        "'{}' does not say '{words}'",
        errors.0[0].message
    );
}

/// A profile using every part of the format the two examples leave out.
fn everything_else() -> Value {
    json!({
        "name": "Every other option",
        "base_url": "https://ar.example.com/api/",
        "auth": {"style": "header", "header": "X-Api-Key", "token": {"from": "host_global", "name": "arKey"}},
        "kinds": {
            "invoice": {
                "path": "/invoices",
                "pagination": {"style": "cursor", "param": "after", "next": "/meta/next"},
                "changes": {"style": "etag"},
                "items": "/results",
                "version": "/rev",
                "amounts": "minor_units",
                "date_format": "%Y%m%d",
                "date_time_format": "%Y-%m-%d %H:%M:%S"
            },
            "payment": {
                "path": "/payments",
                "pagination": {"style": "link"},
                "changes": {"style": "since", "param": "changedSince", "format": "rfc3339", "field": "/changed", "deleted": "/gone"},
                "items": ""
            },
            "promise": {
                "path": "/promises",
                "pagination": {"style": "page", "page_param": "page", "size_param": "size", "size": 2, "first": 0},
                "items": "",
                "amounts": "minor_units",
                "fields": {
                    "id": "/id", "account_id": {"value": "acc-1"}, "currency": {"value": "EUR"},
                    "amount": "/cents", "date": "/date", "made_at": "/made",
                    "status": {"from": "/s", "values": {"O": "open", "K": "kept", "B": "broken"}, "unused": ["cancelled"]}
                }
            }
        },
        "intents": {
            "send_feedback": {
                "method": "POST", "path": "/feedback", "headers": {"X-Source": "portal"},
                "date_time_format": "%s",
                "duplicates": {"style": "none"}
            },
            "upload_attachment": {
                "method": "POST", "path": "/files", "upload": {"file_part": "data"},
                "duplicates": {"style": "client_reference", "field": "/ref",
                               "lookup": {"path": "/files", "param": "ref", "items": "/results", "field": "/ref"}}
            }
        }
    })
}

/// A typical invoicing system: one record per customer with the currency on it, figures
/// it does not keep, statuses as codes, flags as Y/N, quiet hours in flat fields.
fn invoicing() -> Value {
    json!({
        "name": "An invoicing system",
        "base_url": "https://billing.example.com/api",
        "auth": {"style": "bearer", "token": {"from": "session_storage", "name": "t"}},
        "kinds": {
            "account": {
                "path": "/customers/1",
                "amounts": "decimal",
                "fields": {
                    "id": "/id", "number": "/ref", "name": "/name", "currency": "/ccy",
                    "credit_limit": "/limit",
                    "on_stop": {"from": "/status", "values": {"HOLD": true}, "otherwise": false},
                    "balance": {"compute": true}, "overdue": {"compute": true},
                    "not_yet_due": {"compute": true}, "disputed": {"compute": true},
                    "available_credit": {"compute": true}, "ageing": {"compute": true},
                    "as_of": {"compute": true}
                }
            },
            "payment": {
                "path": "/payments",
                "fields": {
                    "id": "/id", "account_id": "/customer",
                    "currency": {"from": "/customer", "of": "account"},
                    "amount": "/amount",
                    "received_at": {"from": "/paidOn", "format": "%d/%m/%Y", "at": "12:00+01:00"},
                    "method": {"from": "/method", "case": "upper"},
                    "status": {"from": "/status", "values": {"1": "pending", "2": "completed", "3": "failed", "4": "refunded"}}
                }
            },
            "preferences": {
                "path": "/customers/1",
                "fields": {
                    "id": "/id", "time_zone": {"value": "Europe/London"}, "language": "/lang",
                    "channels": {"from": "", "fields": {
                        "payment_reminders": {"flags": {"email": "/remindEmail", "sms": "/remindSms"}},
                        "statements": {"flags": {"email": "/statementEmail", "post": "/statementPost"}}
                    }},
                    "opted_out": {"from": "/never", "case": "upper"},
                    "quiet_hours": {"from": "", "fields": {"start": {"from": "/quietFrom", "format": "%H%M"}, "end": {"from": "/quietTo", "format": "%H%M"}}},
                    "preferred_times": {"from": "", "fields": {"start": "/callFrom", "end": "/callTo"}},
                    "accessibility": {"flags": {"large_print": "/largePrint", "easy_read": "/easyRead", "text_relay": "/textRelay"}},
                    "third_party": {"from": "", "fields": {
                        "name": "/adviserName", "email": "/adviserEmail",
                        "purposes": {"from": "/adviserFor", "values": {"R": "payment_reminders", "P": "plan_updates"}},
                        "channels": {"flags": {"email": "/adviserByEmail"}}
                    }}
                }
            }
        },
        "intents": {
            "put_preferences": {
                "method": "PUT", "path": "/customers/{id}",
                "body": {
                    "language": "/lang",
                    "channels": {"fields": {
                        "payment_reminders": {"flags": {"email": "/remindEmail", "sms": "/remindSms"}, "values": {"true": "Y", "false": "N"}}
                    }},
                    "opted_out": {"to": "/never", "case": "upper"},
                    "quiet_hours": {"fields": {"start": {"to": "/quietFrom", "format": "%H%M"}, "end": {"to": "/quietTo", "format": "%H%M"}}},
                    "accessibility": {"flags": {"large_print": "/largePrint", "easy_read": "/easyRead", "text_relay": "/textRelay"}, "as": "number"},
                    "max_contacts_per_week": {"to": "/weeklyMax", "as": "string"}
                },
                "duplicates": {"style": "none"}
            }
        }
    })
}

fn db(collection: &str) -> Value {
    let db: Value = serde_json::from_str(JSON_SERVER_DB).unwrap();
    db[collection].clone()
}

fn host(name: &str) -> Option<String> {
    (name == "customer_id").then(|| "CUST 100/&".to_owned())
}

fn answer(body: &Value) -> paging::ListResponse<'_> {
    paging::ListResponse {
        status: 200,
        link: None,
        etag: None,
        body,
    }
}

fn entry(intent: crate::intents::Intent) -> crate::outbox::OutboxEntry {
    let now = chrono::DateTime::parse_from_rfc3339("2024-04-30T12:00:00Z")
        .unwrap()
        .to_utc();
    crate::outbox::OutboxEntry::new("key 1/é".to_owned(), 1, intent, now)
}

fn raise() -> crate::intents::Intent {
    use crate::api::{DisputeReason, RaiseDispute};
    use crate::currency::Currency;
    crate::intents::Intent::RaiseDispute(RaiseDispute {
        invoice_id: "INV-1001".into(),
        line_ids: Vec::new(),
        reason: DisputeReason::WrongPriceOrQuantity,
        currency: Currency::GBP,
        amount: crate::invoice::tests::dec("150.50"),
        description: "Two hours, not three".into(),
        attachment_ids: Vec::new(),
    })
}

/// `profile` with the value at `at` set (the parent must exist).
fn with(mut profile: Value, at: &str, value: Value) -> String {
    let (parent, name) = at.rsplit_once('/').unwrap();
    let name = name.replace("~1", "/").replace("~0", "~");
    profile
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{at}"))[name] = value;
    profile.to_string()
}
