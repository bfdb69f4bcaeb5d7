//! Tests of profiles as a whole: the example profiles, every loader error with its path,
//! the schema against the types, and reading and writing through the examples.

use serde_json::{json, Value};

use super::*;
use crate::api::Kind;

const SETTLE: &str = include_str!("../../../public/backend-profile.json");
const JSON_SERVER: &str = include_str!("../../../tests/backends/json-server/profile.json");
const JSON_SERVER_DB: &str = include_str!("../../../tests/backends/json-server/db.json");

fn settle() -> Profile {
    Profile::load(SETTLE).unwrap_or_else(|e| panic!("{e}"))
}

fn json_server() -> Profile {
    Profile::load(JSON_SERVER).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_example_profiles_load() {
    let settle = settle();
    assert!(Kind::ALL.iter().all(|kind| settle.supports(*kind)));
    assert!(settle.supports_intent("upload_attachment"));
    let json_server = json_server();
    assert!(json_server.supports(Kind::Invoice));
    assert!(!json_server.supports(Kind::Statement));
    assert!(!json_server.supports(Kind::PlanOffer));
    assert!(!json_server.supports_intent("start_checkout"));
    assert!(json_server.supports_intent("raise_dispute"));
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

#[test]
fn a_broken_field_is_named() {
    only_error(
        &json_server_with("/kinds/invoice/fields/total", json!("grossAmount")),
        "/kinds/invoice/fields/total",
        "not a JSON pointer",
    );
}

#[test]
fn syntax_errors_say_where() {
    let found = errors("{\"name\": \"x\",\n \"base_url\": }");
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("the profile: the profile is not valid JSON"));
    assert!(found[0].contains("line 2"), "{}", found[0]);
}

#[test]
fn shape_errors_name_each_field() {
    only_error(
        &json_server_with("/kinds/invoice/pagnation", json!({})),
        "/kinds/invoice/pagnation",
        "unknown field 'pagnation'",
    );
    only_error(
        &json_server_without("/name"),
        "/name",
        "is required but missing",
    );
    only_error(
        &json_server_with("/kinds/statements", json!({"path": "/s"})),
        "/kinds/statements",
        "unknown field 'statements'",
    );
    only_error(
        &json_server_with("/intents/pay_twice", json!({})),
        "/intents/pay_twice",
        "unknown field",
    );
    only_error(
        &json_server_with("/kinds/invoice/pagination/style", json!("pages")),
        "/kinds/invoice/pagination/style",
        "must be one of 'cursor', 'page', 'link', 'none'",
    );
    only_error(
        &json_server_without("/kinds/invoice/pagination/style"),
        "/kinds/invoice/pagination/style",
        "is required but missing",
    );
    only_error(
        &json_server_with("/kinds/invoice/pagination/size", json!(0)),
        "/kinds/invoice/pagination/size",
        "at least 1",
    );
    only_error(
        &json_server_with("/kinds/invoice/amounts", json!("cents")),
        "/kinds/invoice/amounts",
        "must be one of 'decimal', 'decimal_number', 'minor_units'",
    );
    only_error(
        &json_server_with("/kinds/invoice/fields/total", json!(12)),
        "/kinds/invoice/fields/total",
        "must be text or an object",
    );
    only_error(
        &json_server_with("/auth/token/from", json!("cookie_jar")),
        "/auth/token/from",
        "must be one of",
    );
    only_error(
        &json_server_with("/intents/raise_dispute/method", json!("DELETE")),
        "/intents/raise_dispute/method",
        "must be one of 'POST', 'PUT', 'PATCH'",
    );
    only_error(
        &json_server_without("/intents/raise_dispute/duplicates/lookup"),
        "/intents/raise_dispute/duplicates/lookup",
        "is required but missing",
    );
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    profile["colour"] = json!("blue");
    profile["kinds"]["invoice"]["items"] = json!(7);
    profile["intents"]["raise_dispute"]["path"] = json!(["/disputes"]);
    let found = Profile::load(&profile.to_string()).unwrap_err();
    assert_eq!(
        found.paths(),
        vec![
            "/colour",
            "/intents/raise_dispute/path",
            "/kinds/invoice/items"
        ]
    );
    let text = found.to_string();
    assert!(text
        .starts_with("the backend profile has 3 mistake(s):\n- /colour: unknown field 'colour'"));

    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    profile["base_url"] = json!("ftp://x");
    profile["kinds"]["invoice"]["date_format"] = json!("%Q");
    profile["kinds"]["payment"]["fields"]["amount"] = json!("amount");
    let found = Profile::load(&profile.to_string()).unwrap_err();
    assert_eq!(
        found.paths(),
        vec![
            "/base_url",
            "/kinds/invoice/date_format",
            "/kinds/payment/fields/amount"
        ]
    );
}

#[test]
fn meaning_errors_name_each_field() {
    only_error(
        &json_server_with("/base_url", json!("api.example.com")),
        "/base_url",
        "must be an http(s) URL or a path",
    );
    only_error(
        &json_server_with("/base_url", json!("https:///api")),
        "/base_url",
        "has no host",
    );
    only_error(
        &json_server_with("/base_url", json!("/api?x=1")),
        "/base_url",
        "must not hold a query",
    );
    assert!(Profile::load(&json_server_with("/base_url", json!("/api"))).is_ok());
    only_error(
        &json_server_with("/headers/Bad Header", json!("1")),
        "/headers/Bad Header",
        "not a valid HTTP header name",
    );
    only_error(
        &json_server_with("/kinds/invoice/date_format", json!("%d/%m/%Q")),
        "/kinds/invoice/date_format",
        "is not a date format",
    );
    only_error(
        &json_server_with("/kinds/invoice/date_format", json!("rfc3339")),
        "/kinds/invoice/date_format",
        "rfc3339 is for instants",
    );
    only_error(
        &json_server_with(
            "/kinds/payment/date_time_format",
            json!("%Y-%m-%dT%H:%M:%Q"),
        ),
        "/kinds/payment/date_time_format",
        "is not a date format",
    );
    only_error(
        &json_server_with("/kinds/invoice/items", json!("data")),
        "/kinds/invoice/items",
        "not a JSON pointer",
    );
    only_error(
        &json_server_with("/kinds/invoice/pagination/next", json!("next")),
        "/kinds/invoice/pagination/next",
        "not a JSON pointer",
    );
    only_error(
        &json_server_with("/kinds/invoice/path", json!("invoices")),
        "/kinds/invoice/path",
        "must start with '/'",
    );
    only_error(
        &json_server_with(
            "/kinds/invoice/path",
            json!("/customers/{customer}/invoices"),
        ),
        "/kinds/invoice/path",
        "the placeholder {customer} is not a host value",
    );
    only_error(
        &json_server_with("/kinds/invoice/query/customerId", json!("{customer_id")),
        "/kinds/invoice/query/customerId",
        "without its '}'",
    );
    only_error(
        &json_server_with("/kinds/invoice/fields/totl", json!("/grossAmount")),
        "/kinds/invoice/fields/totl",
        "'totl' is not a field of invoice",
    );
    only_error(
        &json_server_without("/kinds/invoice/fields/total"),
        "/kinds/invoice/fields",
        "the required field 'total' is not mapped",
    );
    only_error(
        &json_server_with("/kinds/invoice/fields/lines/each/nett", json!("/x")),
        "/kinds/invoice/fields/lines/each/nett",
        "'nett' is not a field of invoice lines",
    );
    only_error(
        &json_server_with(
            "/kinds/invoice/fields/total",
            json!({"from": "/a", "value": "1"}),
        ),
        "/kinds/invoice/fields/total",
        "exactly one of 'from' or 'value'",
    );
    only_error(
        &json_server_with("/kinds/invoice/fields/currency", json!({"value": "GBX"})),
        "/kinds/invoice/fields/currency/value",
        "not an ISO 4217 currency code",
    );
    only_error(
        &json_server_with(
            "/kinds/invoice/fields/number",
            json!({"from": "/n", "each": {}}),
        ),
        "/kinds/invoice/fields/number/each",
        "'number' is not a list",
    );
    only_error(
        &json_server_with(
            "/kinds/invoice/fields/number",
            json!({"from": "/n", "values": {"A": "b"}}),
        ),
        "/kinds/invoice/fields/number",
        "not a field with fixed values",
    );
    assert_eq!(
        errors(&json_server_with(
            "/kinds/invoice/fields/number",
            json!({"to": "/n"})
        )),
        vec![
            "/kinds/invoice/fields/number/to: 'to' is for intents; a kind reads with 'from'",
            "/kinds/invoice/fields/number: give exactly one of 'from' or 'value'"
        ]
    );
}

#[test]
fn value_maps_cover_every_settle_value() {
    only_error(
        &json_server_without("/kinds/dispute/fields/status/values/WITHDRAWN"),
        "/kinds/dispute/fields/status/values",
        "no backend value maps to 'withdrawn': add one, or list 'withdrawn' under 'unused'",
    );
    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    let status = "/kinds/dispute/fields/status";
    let values = profile.pointer_mut(&format!("{status}/values")).unwrap();
    values.as_object_mut().unwrap().remove("WITHDRAWN");
    profile.pointer_mut(status).unwrap()["unused"] = json!(["withdrawn"]);
    assert!(Profile::load(&profile.to_string()).is_ok());
    profile.pointer_mut(status).unwrap()["unused"] = json!(["withdrawn", "lost"]);
    only_error(
        &profile.to_string(),
        "/kinds/dispute/fields/status/unused/1",
        "'lost' is not one of Settle's values",
    );
    only_error(
        &json_server_with(
            "/kinds/dispute/fields/status/values/CLOSED",
            json!("closed"),
        ),
        "/kinds/dispute/fields/status/values/CLOSED",
        "'closed' is not one of Settle's values: submitted, under_review",
    );
    only_error(
        &json_server_without("/intents/raise_dispute/body/reason/values/other"),
        "/intents/raise_dispute/body/reason/values",
        "'other' is not mapped",
    );
    only_error(
        &json_server_with(
            "/intents/raise_dispute/body/reason/values/lost",
            json!("LOST"),
        ),
        "/intents/raise_dispute/body/reason/values/lost",
        "'lost' is not one of Settle's values",
    );
}

#[test]
fn intent_errors_name_each_field() {
    only_error(
        &json_server_with("/intents/withdraw_dispute/path", json!("/disputes/{id}")),
        "/intents/withdraw_dispute/path",
        "the placeholder {id} is not a field of withdraw_dispute: dispute_id, reason",
    );
    only_error(
        &json_server_with("/intents/withdraw_dispute/path", json!("disputes")),
        "/intents/withdraw_dispute/path",
        "must start with '/'",
    );
    only_error(
        &json_server_with("/intents/raise_dispute/body/amount", json!("amount")),
        "/intents/raise_dispute/body/amount",
        "not a JSON pointer",
    );
    only_error(
        &json_server_with("/intents/raise_dispute/body/amout", json!("/amount")),
        "/intents/raise_dispute/body/amout",
        "'amout' is not a field of raise_dispute",
    );
    assert_eq!(
        errors(&json_server_with(
            "/intents/raise_dispute/body/amount",
            json!({"from": "/amount"})
        )),
        vec![
            "/intents/raise_dispute/body/amount/to: is required but missing",
            "/intents/raise_dispute/body/amount/from: 'from' is for reading kinds, not for sending an action"
        ]
    );
    assert_eq!(
        errors(&json_server_with(
            "/intents/raise_dispute/body/amount",
            json!({"to": "/amount", "from": "/x"})
        )),
        vec!["/intents/raise_dispute/body/amount/from: 'from' is for reading kinds, not for sending an action"]
    );
    only_error(
        &json_server_with("/intents/raise_dispute/constants", json!({"state": "NEW"})),
        "/intents/raise_dispute/constants/state",
        "not a JSON pointer",
    );
    only_error(
        &json_server_with("/intents/raise_dispute/date_format", json!("%")),
        "/intents/raise_dispute/date_format",
        "is not a date format",
    );
    only_error(
        &json_server_with("/intents/raise_dispute/duplicates/field", json!("")),
        "/intents/raise_dispute/duplicates/field",
        "must name a field of the body",
    );
    only_error(
        &json_server_with(
            "/intents/raise_dispute/duplicates/lookup/field",
            json!("clientRef"),
        ),
        "/intents/raise_dispute/duplicates/lookup/field",
        "not a JSON pointer",
    );
    only_error(
        &json_server_with(
            "/intents/raise_dispute/duplicates/lookup/path",
            json!("disputes"),
        ),
        "/intents/raise_dispute/duplicates/lookup/path",
        "must start with '/'",
    );
    only_error(
        &json_server_with(
            "/intents/raise_dispute/duplicates",
            json!({"style": "idempotency_header", "header": "Idempotency Key"}),
        ),
        "/intents/raise_dispute/duplicates/header",
        "not a valid HTTP header name",
    );
    only_error(
        &json_server_with(
            "/intents/raise_dispute/upload",
            json!({"file_part": "file"}),
        ),
        "/intents/raise_dispute/upload",
        "only goes with upload_attachment",
    );
    let mut settle: Value = serde_json::from_str(SETTLE).unwrap();
    settle["intents"]["upload_attachment"]
        .as_object_mut()
        .unwrap()
        .remove("upload");
    only_error(
        &settle.to_string(),
        "/intents/upload_attachment/upload",
        "an upload needs the part names",
    );
}

#[test]
fn feed_errors_name_each_field() {
    let mut settle: Value = serde_json::from_str(SETTLE).unwrap();
    settle["feed"]["items"] = json!("items");
    only_error(&settle.to_string(), "/feed/items", "not a JSON pointer");
    let mut settle: Value = serde_json::from_str(SETTLE).unwrap();
    settle.as_object_mut().unwrap().remove("feed");
    let found = Profile::load(&settle.to_string()).unwrap_err();
    assert_eq!(found.0.len(), Kind::ALL.len());
    assert_eq!(found.paths()[0], "/kinds/account/from_feed");
    assert!(found.0[0].message.contains("the profile has no feed"));
    let mut settle: Value = serde_json::from_str(SETTLE).unwrap();
    settle["kinds"]["invoice"]["path"] = json!("/invoices");
    only_error(&settle.to_string(), "/kinds/invoice/from_feed", "not both");
    let mut settle: Value = serde_json::from_str(SETTLE).unwrap();
    settle["kinds"]["invoice"]["pagination"] = json!({"style": "link"});
    only_error(
        &settle.to_string(),
        "/kinds/invoice/pagination",
        "does not apply to a kind read from the feed",
    );
    let mut settle: Value = serde_json::from_str(SETTLE).unwrap();
    settle["kinds"]["invoice"] = json!({});
    only_error(
        &settle.to_string(),
        "/kinds/invoice/path",
        "is required but missing",
    );
}
