//! Tests of profiles as a whole: the example profiles, every loader error with its path,
//! the schema against the types, and reading and writing through the examples.

use serde_json::{json, Value};

use super::*;
use crate::api::Kind;
use crate::intents::IntentKind;

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

fn datasette() -> Profile {
    Profile::load(DATASETTE).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sign_in_is_the_hosts_unless_the_profile_names_settles_code() {
    assert_eq!(json_server().sign_in, SignIn::Host);
    assert_eq!(settle().sign_in, SignIn::SettleEmailCode);
    let text = JSON_SERVER.replacen("\"auth\":", "\"sign_in\": \"password\", \"auth\":", 1);
    let errors = Profile::load(&text).unwrap_err();
    assert_eq!(errors.paths(), vec!["/sign_in"], "{errors}");
}

#[test]
fn the_example_profiles_load() {
    let settle = settle();
    assert!(Kind::ALL.iter().all(|kind| settle.supports(*kind)));
    assert!(settle.supports_intent(IntentKind::UploadAttachment));
    let json_server = json_server();
    assert!(json_server.supports(Kind::Invoice));
    assert!(!json_server.supports(Kind::Statement));
    assert!(!json_server.supports(Kind::PlanOffer));
    assert!(!json_server.supports_intent(IntentKind::StartCheckout));
    assert!(json_server.supports_intent(IntentKind::RaiseDispute));
    assert!(settle.sends_cookies() && settle.auth_header("t").is_none());
    assert!(!json_server.sends_cookies());
    assert_eq!(json_server.token_source().unwrap().name, "harbour.token");
    assert_eq!(
        json_server.auth_header("t"),
        Some(("Authorization".to_owned(), "Bearer t".to_owned()))
    );
    assert_eq!(
        json_server.common_headers(),
        vec![("Accept".to_owned(), "application/json".to_owned())]
    );
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
        &json_server_with(
            "/intents/raise_dispute/constants/~1openedAt",
            json!("{now}"),
        ),
        "/intents/raise_dispute/constants/~1openedAt",
        "the placeholder {now} is not created_at or a host value",
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

/// Marks every schema property `value` uses, following `$ref` and `oneOf` as the loader
/// does.
fn cover(
    root: &Value,
    schema: &Value,
    value: &Value,
    seen: &mut std::collections::BTreeSet<String>,
) {
    let mut schema = schema;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        schema = root.pointer(reference.trim_start_matches('#')).unwrap();
    }
    if let Some(choices) = schema.get("oneOf").and_then(Value::as_array) {
        for choice in choices {
            let mut choice = choice;
            while let Some(reference) = choice.get("$ref").and_then(Value::as_str) {
                choice = root.pointer(reference.trim_start_matches('#')).unwrap();
            }
            let same_type = match choice.get("type").and_then(Value::as_str) {
                Some("string") => value.is_string(),
                Some("object") => value.is_object(),
                _ => false,
            };
            let same_style = choice
                .pointer("/properties/style/const")
                .is_none_or(|style| value.get("style") == Some(style));
            if same_type && same_style {
                cover(root, choice, value, seen);
            }
        }
        return;
    }
    let Some(object) = value.as_object() else {
        return;
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    for (key, field) in object {
        if let Some(property) = properties.and_then(|p| p.get(key)) {
            seen.insert(format!("{}.{key}", schema_name(root, schema)));
            cover(root, property, field, seen);
        } else if let Some(extra) = schema.get("additionalProperties").filter(|e| e.is_object()) {
            cover(root, extra, field, seen);
        }
    }
}

/// A readable name for an object schema: its `$defs` name and style, or `profile`.
fn schema_name(root: &Value, schema: &Value) -> String {
    let style = schema
        .pointer("/properties/style/const")
        .and_then(Value::as_str)
        .map(|style| format!("({style})"))
        .unwrap_or_default();
    for (name, def) in root["$defs"].as_object().unwrap() {
        if std::ptr::eq(def, schema) {
            return name.clone();
        }
        if let Some(choices) = def.get("oneOf").and_then(Value::as_array) {
            if choices.iter().any(|c| std::ptr::eq(c, schema)) {
                return format!("{name}{style}");
            }
        }
    }
    "profile".to_owned()
}

/// Every property the schema declares, named as [`cover`] names them.
fn declared(root: &Value) -> std::collections::BTreeSet<String> {
    let mut all = std::collections::BTreeSet::new();
    let mut add = |schema: &Value| {
        for key in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.keys())
        {
            all.insert(format!("{}.{key}", schema_name(root, schema)));
        }
    };
    add(root);
    for def in root["$defs"].as_object().unwrap().values() {
        add(def);
        for choice in def
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            add(choice);
        }
    }
    all
}

#[test]
fn the_schema_and_the_loader_agree() {
    let root: Value = serde_json::from_str(schema::SCHEMA).unwrap();
    assert_eq!(
        root["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let examples = [
        serde_json::from_str::<Value>(SETTLE).unwrap(),
        serde_json::from_str::<Value>(JSON_SERVER).unwrap(),
        serde_json::from_str::<Value>(DATASETTE).unwrap(),
        everything_else(),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for example in &examples {
        // The loader accepts it (its types deny unknown fields) ...
        let profile = Profile::load(&example.to_string()).unwrap_or_else(|e| panic!("{e}"));
        // ... what the types write, the schema accepts, and reads back the same ...
        let written = serde_json::to_value(&profile).unwrap();
        let mut problems = Vec::new();
        schema::check(&written, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(Profile::load(&written.to_string()).unwrap(), profile);
        cover(&root, &root, example, &mut seen);
    }
    // ... and together the examples use every property the schema declares, so the
    // schema holds no field the loader would refuse.
    assert!(declared(&root).len() > 80);
    let unused: Vec<String> = declared(&root).difference(&seen).cloned().collect();
    assert!(unused.is_empty(), "never used: {unused:?}");
    // Kind and intent names in the schema are Settle's.
    let kinds: Vec<&String> = root["properties"]["kinds"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(kinds.len(), Kind::ALL.len());
    for kind in Kind::ALL {
        assert!(kinds.iter().any(|k| *k == kind.as_str()));
    }
    let intents = root["properties"]["intents"]["properties"]
        .as_object()
        .unwrap();
    let kinds = <crate::intents::IntentKind as strum::VariantArray>::VARIANTS;
    for kind in kinds {
        assert!(intents.contains_key(kind.as_str()), "{kind}");
    }
    assert_eq!(intents.len(), kinds.len());
}

fn db(collection: &str) -> Value {
    let db: Value = serde_json::from_str(JSON_SERVER_DB).unwrap();
    db[collection].clone()
}

fn db_item(collection: &str, id: &str) -> Value {
    db(collection)
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .cloned()
        .unwrap()
}

#[test]
fn the_json_server_database_reads_without_a_skip() {
    let profile = json_server();
    for customer in db("customers").as_array().unwrap() {
        let item = profile.read_item(Kind::Account, customer).unwrap();
        assert!(item.record().unwrap().is_some());
    }
    let page = json!({"first": 1, "prev": null, "next": null, "last": 1, "pages": 1, "items": 5, "data": db("invoices")});
    let invoices = profile.read_items(Kind::Invoice, &page).unwrap();
    assert_eq!(invoices.len(), 5);
    assert!(invoices.iter().all(Result::is_ok), "{invoices:?}");
    for (kind, collection) in [
        (Kind::Payment, "payments"),
        (Kind::Dispute, "disputes"),
        (Kind::DisputeMessage, "disputeMessages"),
        (Kind::Plan, "paymentPlans"),
        (Kind::PlanPolicy, "paymentTerms"),
        (Kind::Promise, "promises"),
        (Kind::Preferences, "contactPreferences"),
    ] {
        let items = profile.read_items(kind, &db(collection)).unwrap();
        assert!(!items.is_empty());
        for item in items {
            let item = item.unwrap_or_else(|e| panic!("{e}"));
            assert!(item.record().unwrap().is_some());
        }
    }
}

#[test]
fn a_backend_invoice_becomes_settles_invoice() {
    let profile = json_server();
    let item = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-1001"))
        .unwrap();
    assert_eq!(
        (item.kind, item.id.as_str(), item.version),
        (Kind::Invoice, "INV-1001", 0)
    );
    let data = item.data.unwrap();
    assert_eq!(data["number"], "HJ-1001");
    assert_eq!(data["account_id"], "CUST-100");
    assert_eq!(data["issue_date"], "2024-03-01");
    assert_eq!(data["due_date"], "2024-03-31");
    assert_eq!(data["reference"], "PO-7781");
    assert_eq!(data["subtotal"], "510.00");
    assert_eq!(data["total"], "612.00");
    assert_eq!(data["lines"][1]["quantity"], "3");
    assert_eq!(data["lines"][1]["net"], "150.00");
    let decimals = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-1002"))
        .unwrap();
    assert_eq!(decimals.data.unwrap()["total"], "1230.60");
    let yen = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-2001"))
        .unwrap();
    assert_eq!(yen.data.unwrap()["total"], "385000");
    let dinar = profile
        .read_item(Kind::Invoice, &db_item("invoices", "INV-3001"))
        .unwrap();
    assert_eq!(dinar.data.unwrap()["total"], "1250.125");
    let plan = profile
        .read_item(Kind::Plan, &db_item("paymentPlans", "PLN-9"))
        .unwrap()
        .data
        .unwrap();
    assert_eq!(plan["agreement"]["channel"], "phone");
    assert_eq!(plan["agreement"]["agreed_at"], "2024-03-05T09:00:00Z");
    assert_eq!(plan["instalments"][0]["status"], "missed");
    assert_eq!(plan["instalments"][0]["amount"], "625.063");
    let dispute = profile
        .read_item(Kind::Dispute, &db_item("disputes", "DSP-71"))
        .unwrap()
        .data
        .unwrap();
    assert_eq!(dispute["status"], "under_review");
    assert_eq!(dispute["reason"], "wrong_price_or_quantity");
}

/// Reads the item after `change` and returns the pointer and reason of the failure.
fn item_fault(kind: Kind, mut item: Value, change: impl FnOnce(&mut Value)) -> (String, String) {
    change(&mut item);
    let error = json_server().read_item(kind, &item).unwrap_err();
    (error.pointer, error.reason)
}

#[test]
fn an_item_that_does_not_fit_names_the_backend_field() {
    let invoice = db_item("invoices", "INV-1001");
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["grossAmount"] = json!(613)
    });
    assert_eq!(at, "/grossAmount");
    assert!(why.contains("is not subtotal"), "{why}");
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i.as_object_mut().unwrap().remove("invoiceNumber");
    });
    assert_eq!(
        (at.as_str(), why.as_str()),
        ("/invoiceNumber", "the number is missing")
    );
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["lines"][1]["lineNet"] = json!(150.001)
    });
    assert_eq!(at, "/lines/1/lineNet");
    assert!(why.contains("150.001"), "{why}");
    let (at, _) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["issuedOn"] = json!("2024-03-01")
    });
    assert_eq!(at, "/issuedOn");
    let (at, why) = item_fault(Kind::Invoice, invoice.clone(), |i| {
        i["currencyCode"] = json!("XYZ")
    });
    assert_eq!(at, "/currencyCode");
    assert!(why.contains("ISO 4217"));
    let (at, why) = item_fault(Kind::Invoice, invoice, |i| i["amountPaid"] = json!("lots"));
    assert_eq!(at, "/amountPaid");
    assert!(why.contains("not a decimal number"), "{why}");
    let dispute = db_item("disputes", "DSP-71");
    let (at, why) = item_fault(Kind::Dispute, dispute, |d| d["state"] = json!("LOST"));
    assert_eq!(at, "/state");
    assert!(
        why.contains("\"LOST\" is not a value the profile knows"),
        "{why}"
    );
    let plan = db_item("paymentPlans", "PLN-9");
    let (at, why) = item_fault(Kind::Plan, plan.clone(), |p| {
        p["schedule"][1]["amount"] = json!(625.061)
    });
    assert_eq!(at, "/schedule");
    assert!(why.contains("add up to"), "{why}");
    let (at, _) = item_fault(Kind::Plan, plan, |p| p["agreedAt"] = json!("yesterday"));
    assert_eq!(at, "/agreedAt");
    let error = json_server()
        .read_item(Kind::Invoice, &json!({"id": "X-1"}))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invoice 'X-1' from the backend was skipped: /customerId: the account_id is missing"
    );
    let missing = json_server()
        .read_items(Kind::Invoice, &json!({"rows": []}))
        .unwrap_err();
    assert_eq!(missing.pointer, "/data");
}

#[test]
fn minor_units_constants_and_unused_values() {
    let profile = Profile::load(&everything_else().to_string()).unwrap();
    let item = profile
        .read_item(
            Kind::Promise,
            &json!({"id": 7, "cents": 12345, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "O"}),
        )
        .unwrap();
    let data = item.data.unwrap();
    assert_eq!(item.id, "7");
    assert_eq!(data["amount"], "123.45");
    assert_eq!(data["currency"], "EUR");
    assert_eq!(data["account_id"], "acc-1");
    assert_eq!(data["status"], "open");
    let unknown = profile
        .read_item(Kind::Promise, &json!({"id": 7, "cents": 1, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "X"}))
        .unwrap_err();
    assert_eq!(unknown.pointer, "/s");
    let fraction = profile
        .read_item(Kind::Promise, &json!({"id": 7, "cents": 1.5, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "O"}))
        .unwrap_err();
    assert_eq!(fraction.pointer, "/cents");
    assert!(fraction.reason.contains("whole number of minor units"));
}

#[test]
fn the_settle_feed_reads_through_the_profile() {
    use crate::api::{Record, SyncItem};
    let invoice = Record::Invoice(crate::invoice::tests::invoice(
        "i1",
        "10.00",
        "0",
        "2024-03-01",
    ));
    let mut bad = invoice.to_data();
    bad["total"] = json!("10.001");
    let page = json!({
        "items": [
            {"kind": "invoice", "id": "i1", "version": 3, "deleted": false, "data": invoice.to_data()},
            {"kind": "invoice", "id": "i2", "version": 4, "deleted": false, "data": bad},
            {"kind": "payment", "id": "p9", "version": 5, "deleted": true},
            {"kind": "refund", "id": "r1", "version": 6, "deleted": false, "data": {}}
        ],
        "checkpoint": "v1.6",
        "more": true
    });
    let read = settle().read_feed(&page).unwrap();
    assert_eq!(read.checkpoint, "v1.6");
    assert!(read.more);
    assert_eq!(
        read.items,
        vec![
            SyncItem {
                kind: Kind::Invoice,
                id: "i1".into(),
                version: 3,
                deleted: false,
                data: Some(invoice.to_data())
            },
            SyncItem {
                kind: Kind::Payment,
                id: "p9".into(),
                version: 5,
                deleted: true,
                data: None
            },
        ]
    );
    let paths: Vec<&str> = read.skipped.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(paths, vec!["/items/1/data/total", "/items/3/kind"]);
    assert!(settle().read_feed(&json!({"items": []})).is_err());
    let request = settle().feed_request(Some("v1.6")).unwrap();
    assert_eq!(request.url, "/api/v1/sync?limit=500&checkpoint=v1.6");
    assert_eq!(
        settle().feed_request(None).unwrap().url,
        "/api/v1/sync?limit=500"
    );
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

#[test]
fn pages_and_deletions_of_a_full_list() {
    let profile = json_server();
    let mut state = ListState::default();
    let first = profile.list_request(Kind::Invoice, &state, &host).unwrap();
    assert_eq!(
        first.url,
        "http://127.0.0.1:3000/invoices?customerId=CUST%20100%2F%26&_page=1&_per_page=100"
    );
    let invoices = db("invoices");
    let all = invoices.as_array().unwrap();
    let page1 = json!({"first": 1, "prev": null, "next": 2, "last": 2, "pages": 2, "items": 5, "data": all[..3]});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&page1))
        .unwrap();
    assert!(!read.done);
    assert_eq!(read.items.len(), 3);
    assert_eq!(state.next, Some(NextPage::Page(2)));
    let second = profile.list_request(Kind::Invoice, &state, &host).unwrap();
    assert!(second.url.ends_with("&_page=2&_per_page=100"));
    let page2 = json!({"first": 1, "prev": 1, "next": null, "last": 2, "pages": 2, "items": 5, "data": all[3..]});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&page2))
        .unwrap();
    assert!(read.done && read.items.iter().all(|item| !item.deleted));
    assert_eq!(state.known.len(), 5);
    assert_eq!(state.next, None);
    // The next sync: INV-1002 is gone from the backend, so it is deleted here too.
    let remaining: Vec<Value> = all
        .iter()
        .filter(|i| i["id"] != "INV-1002")
        .cloned()
        .collect();
    let only = json!({"first": 1, "prev": null, "next": null, "last": 1, "pages": 1, "items": 4, "data": remaining});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&only))
        .unwrap();
    let deleted: Vec<&str> = read
        .items
        .iter()
        .filter(|i| i.deleted)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(deleted, vec!["INV-1002"]);
    assert_eq!(state.known.len(), 4);
    // A response of the wrong shape leaves the state as it was.
    let before = state.clone();
    assert!(profile
        .read_list(Kind::Invoice, &mut state, &answer(&json!([])))
        .is_err());
    assert_eq!(state, before);
    // A missing host value is named.
    let error = profile
        .list_request(Kind::Invoice, &state, &|_| None)
        .unwrap_err();
    assert_eq!(error.path, "/kinds/invoice/query/customerId");
    assert!(error.message.contains("no value for {customer_id}"));
    let error = profile
        .list_request(Kind::Account, &state, &|_| None)
        .unwrap_err();
    assert_eq!(error.path, "/kinds/account/path");
    let account = profile.list_request(Kind::Account, &state, &host).unwrap();
    assert_eq!(
        account.url,
        "http://127.0.0.1:3000/customers/CUST%20100%2F%26"
    );
}

#[test]
fn a_skipped_item_is_not_deleted() {
    let profile = json_server();
    let mut state = ListState::default();
    let invoices = db("invoices");
    let page = json!({"next": null, "data": invoices});
    profile
        .read_list(Kind::Invoice, &mut state, &answer(&page))
        .unwrap();
    let mut broken = invoices.clone();
    broken[0]["grossAmount"] = json!(1);
    let page = json!({"next": null, "data": broken});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&page))
        .unwrap();
    assert_eq!(read.skipped.len(), 1);
    assert_eq!(read.skipped[0].id.as_deref(), Some("INV-1001"));
    assert!(read.items.iter().all(|item| !item.deleted));
}

#[test]
fn cursors_etags_links_and_since() {
    let profile = Profile::load(&everything_else().to_string()).unwrap();
    let none = |_: &str| None;
    // Cursor pages, then an ETag on the next sync.
    let mut state = ListState::default();
    let first = profile.list_request(Kind::Invoice, &state, &none).unwrap();
    assert_eq!(first.url, "https://ar.example.com/api/invoices");
    assert!(first.headers.is_empty());
    let empty = json!({"results": [], "meta": {"next": "c2"}});
    profile
        .read_list(Kind::Invoice, &mut state, &answer(&empty))
        .unwrap();
    assert_eq!(state.next, Some(NextPage::Cursor("c2".into())));
    let next = profile.list_request(Kind::Invoice, &state, &none).unwrap();
    assert_eq!(next.url, "https://ar.example.com/api/invoices?after=c2");
    let last = json!({"results": [], "meta": {"next": null}});
    let response = paging::ListResponse {
        etag: Some("\"v7\""),
        ..answer(&last)
    };
    assert!(
        profile
            .read_list(Kind::Invoice, &mut state, &response)
            .unwrap()
            .done
    );
    assert_eq!(state.etag.as_deref(), Some("\"v7\""));
    let again = profile.list_request(Kind::Invoice, &state, &none).unwrap();
    assert_eq!(
        again.headers,
        vec![("If-None-Match".to_owned(), "\"v7\"".to_owned())]
    );
    let unchanged = paging::ListResponse {
        status: 304,
        ..answer(&Value::Null)
    };
    let read = profile
        .read_list(Kind::Invoice, &mut state, &unchanged)
        .unwrap();
    assert!(read.done && read.items.is_empty());
    // Link headers, and the newest change for the since-parameter.
    let mut state = ListState::default();
    let payments = json!([
        {"id": "p1", "changed": "2024-04-02T10:00:00Z", "gone": true},
        {"id": "p2", "changed": "2024-04-03T10:00:00+02:00", "gone": true}
    ]);
    let response = paging::ListResponse {
        link: Some("</api/payments?page=2>; rel=\"next\", </api/payments?page=9>; rel=\"last\""),
        ..answer(&payments)
    };
    let read = profile
        .read_list(Kind::Payment, &mut state, &response)
        .unwrap();
    assert!(!read.done);
    assert!(read.items.iter().all(|item| item.deleted));
    let next = profile.list_request(Kind::Payment, &state, &none).unwrap();
    assert_eq!(next.url, "https://ar.example.com/api/payments?page=2");
    let read = profile
        .read_list(Kind::Payment, &mut state, &answer(&json!([])))
        .unwrap();
    assert!(read.done);
    assert_eq!(state.since.as_deref(), Some("2024-04-03T08:00:00Z"));
    let since = profile.list_request(Kind::Payment, &state, &none).unwrap();
    assert_eq!(
        since.url,
        "https://ar.example.com/api/payments?changedSince=2024-04-03T08%3A00%3A00Z"
    );
    // Pages counted from 0 end with a short page.
    let mut state = ListState::default();
    let promise = json!({"id": 1, "cents": 1, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "O"});
    let full = json!([promise.clone(), promise.clone()]);
    let url = profile
        .list_request(Kind::Promise, &state, &none)
        .unwrap()
        .url;
    assert_eq!(url, "https://ar.example.com/api/promises?page=0&size=2");
    assert!(
        !profile
            .read_list(Kind::Promise, &mut state, &answer(&full))
            .unwrap()
            .done
    );
    assert_eq!(state.next, Some(NextPage::Page(1)));
    let short = json!([promise]);
    assert!(
        profile
            .read_list(Kind::Promise, &mut state, &answer(&short))
            .unwrap()
            .done
    );
}

#[test]
fn link_headers() {
    use paging::link_next;
    assert_eq!(
        link_next("<https://a.example/x?page=2>; rel=\"next\""),
        Some("https://a.example/x?page=2".into())
    );
    assert_eq!(
        link_next(
            "<https://a/1>; rel=\"prev\", <https://a/3>; rel=\"next\"; title=\"more, please\""
        ),
        Some("https://a/3".into())
    );
    assert_eq!(link_next("<https://a/1>; rel=\"prev first\""), None);
    assert_eq!(
        link_next("<https://a/1>; rel=\"prev\"; title=\"one, two\", <https://a/3>; rel=\"next\""),
        Some("https://a/3".into())
    );
    assert_eq!(
        link_next("<https://a/1>;rel=NEXT"),
        Some("https://a/1".into())
    );
    assert_eq!(
        link_next("<https://a/1>; rel=\"last next\""),
        Some("https://a/1".into())
    );
    assert_eq!(link_next(""), None);
    assert_eq!(link_next("garbage <unclosed"), None);
}

#[test]
fn deletions_are_what_the_backend_no_longer_lists() {
    let cached = ["a", "b", "c"].map(String::from).into_iter().collect();
    let fetched = ["a", "c", "d"].map(String::from).into_iter().collect();
    assert_eq!(paging::deletions(&cached, &fetched), vec!["b".to_owned()]);
}

#[test]
fn a_sync_round_goes_through_every_step() {
    let settle = settle();
    assert_eq!(paging::steps(&settle), vec![Step::Feed]);
    let json_server = json_server();
    let steps = paging::steps(&json_server);
    assert_eq!(steps.first(), Some(&Step::List(Kind::Account)));
    assert_eq!(steps.len(), 9);
    let mut cursor = SyncCursor::from_checkpoint(None);
    assert_eq!(
        cursor.current(&json_server),
        Some(Step::List(Kind::Account))
    );
    assert!(cursor.advance(&json_server, Step::List(Kind::Account), true));
    assert_eq!(
        cursor.current(&json_server),
        Some(Step::List(Kind::Invoice))
    );
    assert!(cursor.advance(&json_server, Step::List(Kind::Invoice), false));
    assert_eq!(
        cursor.current(&json_server),
        Some(Step::List(Kind::Invoice))
    );
    cursor.lists.entry(Kind::Invoice).or_default().next = Some(NextPage::Page(2));
    let stored = cursor.to_checkpoint();
    let back = SyncCursor::from_checkpoint(Some(&stored));
    assert_eq!(back, cursor);
    let mut last = SyncCursor::default();
    assert!(!last.advance(&json_server, Step::List(Kind::Preferences), true));
    assert_eq!(last.step, None);
    assert_eq!(last.current(&json_server), Some(Step::List(Kind::Account)));
    assert_eq!(
        SyncCursor::from_checkpoint(Some("v1.42")),
        SyncCursor::default()
    );
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

#[test]
fn the_settle_profile_sends_what_the_settle_client_sends() {
    use crate::api::{AttachmentMeta, ContactPreferences, SendDisputeMessage};
    use crate::intents::{Intent, API_BASE};
    let profile = settle();
    let message = Intent::SendDisputeMessage(SendDisputeMessage {
        dispute_id: "d/1 ü".into(),
        body: "Photo attached".into(),
        attachment_ids: Vec::new(),
    });
    for intent in [raise(), message] {
        let request = profile
            .intent_request(&entry(intent.clone()), &host)
            .unwrap();
        assert_eq!(request.method, intent.method().as_str());
        assert_eq!(request.url, format!("{API_BASE}{}", intent.path()));
        assert_eq!(request.body, Body::Json(intent.body()));
        assert_eq!(
            request.headers,
            vec![
                ("X-Settle-Csrf".to_owned(), "1".to_owned()),
                ("Idempotency-Key".to_owned(), "key 1/é".to_owned())
            ]
        );
        assert!(profile.lookup_request(&entry(intent)).is_none());
    }
    let mut put = entry(Intent::PutPreferences(ContactPreferences::new(
        "Europe/London",
        "en",
    )));
    put.if_match = Some("7".into());
    let request = profile.intent_request(&put, &host).unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        ("PUT", "/api/v1/preferences")
    );
    assert!(request
        .headers
        .contains(&("If-Match".to_owned(), "7".to_owned())));
    let meta = AttachmentMeta {
        id: "att-1".into(),
        file_name: "photo.jpg".into(),
        media_type: "image/jpeg".into(),
        size_bytes: 1000,
        sha256: None,
    };
    let upload = profile
        .intent_request(&entry(Intent::UploadAttachment(meta.clone())), &host)
        .unwrap();
    assert_eq!(
        upload.body,
        Body::Multipart {
            file_part: "file".into(),
            meta_part: Some("meta".into()),
            meta: serde_json::to_value(&meta).unwrap()
        }
    );
}

#[test]
fn the_json_server_profile_writes_its_own_shape() {
    use crate::api::{ContactPreferences, Frequency, PlanSize, ProposePlan, WithdrawDispute};
    use crate::intents::Intent;
    let profile = json_server();
    let raised = entry(raise());
    let request = profile.intent_request(&raised, &host).unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        ("POST", "http://127.0.0.1:3000/disputes")
    );
    assert!(request.headers.is_empty());
    assert_eq!(
        request.body,
        Body::Json(json!({
            "invoiceId": "INV-1001", "currencyCode": "GBP", "disputedAmount": 150.5,
            "reasonCode": "WRONG_PRICE", "details": "Two hours, not three",
            "state": "NEW", "channel": "portal", "clientRef": "key 1/é",
            "customerId": "CUST 100/&", "openedAt": "2024-04-30T12:00:00Z"
        }))
    );
    let lookup = profile.lookup_request(&raised).unwrap();
    assert_eq!(lookup.method, "GET");
    assert_eq!(
        lookup.url,
        "http://127.0.0.1:3000/disputes?clientRef=key%201%2F%C3%A9"
    );
    assert_eq!(lookup.body, Body::None);
    let found = json!([{"id": "DSP-72", "clientRef": "key 1/é"}]);
    assert_eq!(profile.already_done(&raised, &found), Ok(true));
    assert_eq!(
        profile.already_done(&raised, &json!([{"clientRef": "other"}])),
        Ok(false)
    );
    assert!(profile
        .already_done(&raised, &json!({"error": "x"}))
        .is_err());

    let withdraw = entry(Intent::WithdrawDispute(WithdrawDispute {
        dispute_id: "DSP/71".into(),
        reason: None,
    }));
    let request = profile.intent_request(&withdraw, &host).unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        ("PATCH", "http://127.0.0.1:3000/disputes/DSP%2F71")
    );
    assert_eq!(request.body, Body::Json(json!({"state": "WITHDRAWN"})));
    assert!(profile.lookup_request(&withdraw).is_none());

    let proposal = Intent::ProposePlan(ProposePlan {
        account_id: "CUST-100".into(),
        invoice_ids: vec!["INV-1001".into()],
        currency: crate::currency::Currency::GBP,
        amount: crate::invoice::tests::dec("612.00"),
        frequency: Frequency::Monthly,
        first_date: chrono::NaiveDate::from_ymd_opt(2024, 5, 15).unwrap(),
        size: PlanSize::Instalments(3),
        terms_version: "2024-01".into(),
        agreed_at: chrono::DateTime::parse_from_rfc3339("2024-04-30T12:00:00Z")
            .unwrap()
            .to_utc(),
        channel: "portal".into(),
        expected_total_payable: None,
    });
    let Body::Json(body) = profile
        .intent_request(&entry(proposal), &host)
        .unwrap()
        .body
    else {
        panic!("a plan proposal is JSON");
    };
    assert_eq!(body["frequency"], "MONTHLY");
    assert_eq!(body["firstDueOn"], "15/05/2024");
    assert_eq!(body["amount"], json!(612));
    assert_eq!(body["size"], json!({"instalments": 3}));
    assert_eq!(body["agreedAt"], "2024-04-30T12:00:00Z");

    let nameless = entry(Intent::PutPreferences(ContactPreferences::new(
        "Europe/London",
        "en",
    )));
    assert_eq!(
        profile.intent_request(&nameless, &host).unwrap_err(),
        "there is no value for {id}"
    );
    let checkout = entry(Intent::StartCheckout(crate::api::StartCheckout {
        account_id: "CUST-100".into(),
        target: crate::api::CheckoutTarget::Balance,
        currency: crate::currency::Currency::GBP,
        amount: crate::invoice::tests::dec("1.00"),
        return_path: None,
    }));
    assert_eq!(
        profile.intent_request(&checkout, &host).unwrap_err(),
        "this backend does not take 'start_checkout'"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut index = 0;
        while index < bytes.len() {
            if bytes[index] == b'%' {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                index += 3;
            } else {
                out.push(bytes[index]);
                index += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    proptest! {
        /// A placeholder's value fills exactly one path segment, whatever it holds, and
        /// reads back unchanged; the Settle profile encodes like the Settle client.
        #[test]
        fn placeholders_are_percent_encoded(id in "\\PC{1,20}") {
            use crate::api::WithdrawDispute;
            use crate::intents::{Intent, API_BASE};
            let intent = Intent::WithdrawDispute(WithdrawDispute { dispute_id: id.clone(), reason: None });
            let url = settle().intent_request(&entry(intent.clone()), &host).unwrap().url;
            prop_assert_eq!(&url, &format!("{API_BASE}{}", intent.path()));
            let url = json_server().intent_request(&entry(intent), &host).unwrap().url;
            let segment = url.strip_prefix("http://127.0.0.1:3000/disputes/").unwrap();
            prop_assert!(!segment.contains(['/', '?', '#', '&', ' ']));
            prop_assert_eq!(decode(segment), id);
        }

        /// The `rel="next"` target is found among any other links, in any order.
        #[test]
        fn the_next_link_is_found(
            next in "https://[a-z]{1,8}\\.example/[a-z0-9/?=&;,]{0,20}",
            others in proptest::collection::vec(("https://[a-z]{1,8}/[a-z0-9?=&;,]{0,10}", "prev|last|first|self"), 0..4),
            at in 0usize..4,
        ) {
            let mut links: Vec<String> = others
                .iter()
                .map(|(url, rel)| format!("<{url}>; rel=\"{rel}\"; title=\"a, b; c\""))
                .collect();
            links.insert(at.min(links.len()), format!("<{next}>; rel=\"next\""));
            prop_assert_eq!(paging::link_next(&links.join(", ")), Some(next));
        }
    }
}

/// What json-server stores from a request: the body with an id of its own.
fn stored(request: Request) -> Value {
    let Body::Json(mut body) = request.body else {
        panic!("a JSON body");
    };
    body["id"] = json!("Xa81kP");
    body
}

#[test]
fn what_the_json_server_profile_writes_it_reads_back() {
    use crate::api::{PromiseToPay, SendDisputeMessage};
    use crate::intents::Intent;
    let profile = json_server();
    let customer = |name: &str| (name == "customer_id").then(|| "CUST-100".to_owned());
    let dispute = stored(profile.intent_request(&entry(raise()), &customer).unwrap());
    let read = profile.read_item(Kind::Dispute, &dispute).unwrap();
    let data = read.data.unwrap();
    assert_eq!(data["status"], "submitted");
    assert_eq!(data["account_id"], "CUST-100");
    assert_eq!(data["amount"], "150.50");
    assert_eq!(data["raised_at"], "2024-04-30T12:00:00Z");
    let message = Intent::SendDisputeMessage(SendDisputeMessage {
        dispute_id: "DSP-71".into(),
        body: "The job sheet says two hours.".into(),
        attachment_ids: Vec::new(),
    });
    let message = stored(profile.intent_request(&entry(message), &customer).unwrap());
    let read = profile.read_item(Kind::DisputeMessage, &message).unwrap();
    assert_eq!(read.data.unwrap()["from"], "customer");
    let promise = Intent::PromiseToPay(PromiseToPay {
        account_id: "CUST-100".into(),
        currency: crate::currency::Currency::GBP,
        amount: crate::invoice::tests::dec("612.00"),
        date: chrono::NaiveDate::from_ymd_opt(2024, 5, 10).unwrap(),
    });
    let promise = stored(profile.intent_request(&entry(promise), &customer).unwrap());
    let read = profile.read_item(Kind::Promise, &promise).unwrap();
    let data = read.data.unwrap();
    assert_eq!(
        (data["date"].as_str(), data["status"].as_str()),
        (Some("2024-05-10"), Some("open"))
    );
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

#[test]
fn the_remaining_errors_name_their_fields() {
    let settle: Value = serde_json::from_str(SETTLE).unwrap();
    let server: Value = serde_json::from_str(JSON_SERVER).unwrap();
    let other = everything_else();
    let cases: Vec<(String, &str, &str)> = vec![
        (
            with(server.clone(), "/base_url", json!("//ar.example.com")),
            "/base_url",
            "must not start with '//'",
        ),
        (
            with(settle.clone(), "/auth/csrf_header/name", json!("X Csrf")),
            "/auth/csrf_header/name",
            "not a valid HTTP header name",
        ),
        (
            with(other.clone(), "/auth/header", json!("")),
            "/auth/header",
            "not a valid HTTP header name",
        ),
        (
            with(
                other.clone(),
                "/intents/send_feedback/headers/X:Y",
                json!("1"),
            ),
            "/intents/send_feedback/headers/X:Y",
            "not a valid HTTP header name",
        ),
        (
            with(settle.clone(), "/feed/path", json!("sync")),
            "/feed/path",
            "must start with '/'",
        ),
        (
            with(
                settle.clone(),
                "/kinds/invoice/changes",
                json!({"style": "etag"}),
            ),
            "/kinds/invoice/changes",
            "does not apply to a kind read from the feed",
        ),
        (
            with(settle.clone(), "/kinds/invoice/query", json!({"a": "b"})),
            "/kinds/invoice/query",
            "does not apply to a kind read from the feed",
        ),
        (
            with(
                server.clone(),
                "/kinds/invoice/query/customerId",
                json!("{customer}"),
            ),
            "/kinds/invoice/query/customerId",
            "the placeholder {customer} is not a host value",
        ),
        (
            with(
                other.clone(),
                "/kinds/invoice/pagination/next",
                json!("meta/next"),
            ),
            "/kinds/invoice/pagination/next",
            "not a JSON pointer",
        ),
        (
            with(
                other.clone(),
                "/kinds/payment/changes/format",
                json!("%Y-%m-%dT%H:%M:%"),
            ),
            "/kinds/payment/changes/format",
            "is not a date format",
        ),
        (
            with(
                other.clone(),
                "/kinds/payment/changes/field",
                json!("changed"),
            ),
            "/kinds/payment/changes/field",
            "not a JSON pointer",
        ),
        (
            with(
                other.clone(),
                "/kinds/payment/changes/deleted",
                json!("gone"),
            ),
            "/kinds/payment/changes/deleted",
            "not a JSON pointer",
        ),
        (
            with(other.clone(), "/kinds/invoice/version", json!("rev")),
            "/kinds/invoice/version",
            "not a JSON pointer",
        ),
        (
            with(
                server.clone(),
                "/kinds/invoice/fields/total",
                json!({"from": "/grossAmount", "fields": {}}),
            ),
            "/kinds/invoice/fields/total/fields",
            "'total' is not an object",
        ),
        (
            with(
                server.clone(),
                "/kinds/plan/fields/agreement/fields/signed",
                json!("/x"),
            ),
            "/kinds/plan/fields/agreement/fields/signed",
            "'signed' is not a field of plan agreement",
        ),
        (
            with(
                server.clone(),
                "/kinds/invoice/fields/number",
                json!({"from": "/n", "unused": ["x"]}),
            ),
            "/kinds/invoice/fields/number",
            "not a field with fixed values",
        ),
        (
            with(
                other.clone(),
                "/kinds/promise/fields/status",
                json!({"from": "/s", "unused": ["kept"]}),
            ),
            "/kinds/promise/fields/status/unused",
            "only goes with 'values'",
        ),
        (
            with(
                server.clone(),
                "/intents/raise_dispute/body/amount",
                json!({"to": "/amount", "value": 1}),
            ),
            "/intents/raise_dispute/body/amount/value",
            "'value' is for reading kinds",
        ),
        (
            with(
                server.clone(),
                "/intents/raise_dispute/body/amount",
                json!({"to": "/amount", "values": {"a": "b"}}),
            ),
            "/intents/raise_dispute/body/amount",
            "not a field with fixed values",
        ),
        (
            with(
                other.clone(),
                "/intents/send_feedback/date_time_format",
                json!("%Q"),
            ),
            "/intents/send_feedback/date_time_format",
            "is not a date format",
        ),
        (
            with(
                other.clone(),
                "/intents/upload_attachment/duplicates/lookup/items",
                json!("results"),
            ),
            "/intents/upload_attachment/duplicates/lookup/items",
            "not a JSON pointer",
        ),
    ];
    for (text, path, words) in cases {
        only_error(&text, path, words);
    }
}

/// The Settle profile with `change` made to its parsed JSON.
fn settle_changed(change: impl FnOnce(&mut Value)) -> String {
    let mut profile: Value = serde_json::from_str(SETTLE).unwrap();
    change(&mut profile);
    profile.to_string()
}

#[test]
fn a_checkout_says_where_its_answer_has_the_page_to_go_to() {
    let missing = settle_changed(|p| {
        p["intents"]["start_checkout"]
            .as_object_mut()
            .unwrap()
            .remove("redirect_url");
    });
    let errors = Profile::load(&missing).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec!["/intents/start_checkout/redirect_url"],
        "{errors}"
    );
    let elsewhere =
        settle_changed(|p| p["intents"]["raise_dispute"]["redirect_url"] = json!("/url"));
    let errors = Profile::load(&elsewhere).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec!["/intents/raise_dispute/redirect_url"],
        "{errors}"
    );
    let not_a_pointer =
        settle_changed(|p| p["intents"]["start_checkout"]["redirect_url"] = json!("url"));
    let errors = Profile::load(&not_a_pointer).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec!["/intents/start_checkout/redirect_url"],
        "{errors}"
    );

    let settle = settle();
    let answer = |url: &str| json!({"checkout_id": "c1", "redirect_url": url});
    assert_eq!(
        settle
            .checkout_redirect(&answer("https://pay.example.com/c1"))
            .unwrap(),
        "https://pay.example.com/c1"
    );
    assert_eq!(
        settle
            .checkout_redirect(&answer("/test-payments/c1"))
            .unwrap(),
        "/test-payments/c1"
    );
    for odd in [
        "javascript:alert(1)",
        "//elsewhere.example/c1",
        "http://pay.example.com/c1",
    ] {
        let error = settle.checkout_redirect(&answer(odd)).unwrap_err();
        assert!(
            error.contains("neither https nor on this site"),
            "{odd}: {error}"
        );
    }
    assert_eq!(
        settle
            .checkout_redirect(&json!({"checkout_id": "c1"}))
            .unwrap_err(),
        "the checkout's answer has no address at '/redirect_url'"
    );
    assert_eq!(
        json_server().checkout_redirect(&answer("/x")).unwrap_err(),
        "this backend does not take 'start_checkout'"
    );
}

/// An invoice as Datasette 1.0 answers for the `invoice_documents` view (its default
/// JSON shape): SQLite's integers and text, the lines gathered as JSON text, flags 0/1.
fn datasette_invoices() -> Value {
    json!({
        "ok": true,
        "next": "2",
        "next_url": "http://127.0.0.1:8001/ar/invoice_documents.json?customer_no=C-2041&_size=2&_next=2",
        "rows": [
            {"invoice_no": "SI-30017", "customer_no": "C-2041", "invoice_ref": "FM-30017",
             "currency": "GBP", "invoice_date": "2024-04-02", "due_date": "2024-05-02",
             "customer_po": "PO-5512", "net_pence": 45000, "vat_pence": 9000,
             "gross_pence": 54000, "paid_pence": 0, "voided": 0,
             "updated_at": "2024-04-02 08:30:00",
             "lines": "[{\"line_no\":1,\"description\":\"Mooring rope, 50 m\",\"quantity\":3,\"unit_price_pence\":12000,\"net_pence\":36000,\"vat_pence\":7200},{\"line_no\":2,\"description\":\"Delivery\",\"quantity\":1,\"unit_price_pence\":9000,\"net_pence\":9000,\"vat_pence\":1800}]"},
            {"invoice_no": "SI-30001", "customer_no": "C-2041", "invoice_ref": "FM-30001",
             "currency": "GBP", "invoice_date": "2024-03-01", "due_date": "2024-03-31",
             "customer_po": null, "net_pence": 10000, "vat_pence": 2000,
             "gross_pence": 12000, "paid_pence": 0, "voided": 1,
             "updated_at": "2024-05-04 16:10:00", "lines": "[]"}
        ],
        "truncated": false
    })
}

#[test]
fn the_datasette_profile_reads_rows_json_text_and_flags() {
    let profile = datasette();
    assert!(profile.supports(Kind::Invoice) && !profile.supports(Kind::Statement));
    assert!(!profile.supports_intent(IntentKind::UploadAttachment));
    let customer = |name: &str| (name == "customer_id").then(|| "C-2041".to_owned());
    let mut state = ListState::default();
    let request = profile
        .list_request(Kind::Invoice, &state, &customer)
        .unwrap();
    assert_eq!(
        request.url,
        "http://127.0.0.1:8001/ar/invoice_documents.json?_size=2&customer_no=C-2041"
    );
    let body = datasette_invoices();
    let page = profile
        .read_list(Kind::Invoice, &mut state, &answer(&body))
        .unwrap();
    assert!(page.skipped.is_empty(), "{:?}", page.skipped);
    assert!(!page.done);
    // The lines come out of their JSON text; the voided invoice (1) is a removal.
    let invoice = page.items[0].data.clone().unwrap();
    assert_eq!(invoice["total"], "540.00");
    assert_eq!(invoice["lines"][0]["id"], "1");
    assert_eq!(invoice["lines"][0]["description"], "Mooring rope, 50 m");
    assert_eq!(invoice["lines"][1]["unit_price"], "90.00");
    assert_eq!(
        (page.items[1].id.as_str(), page.items[1].deleted),
        ("SI-30001", true)
    );
    // The next page by Datasette's `_next` cursor; at the end, the newest change is
    // asked for, inclusive, in SQLite's own format.
    let next = profile
        .list_request(Kind::Invoice, &state, &customer)
        .unwrap();
    assert!(
        next.url.ends_with("customer_no=C-2041&_next=2"),
        "{}",
        next.url
    );
    let last = json!({"ok": true, "next": null, "rows": [], "truncated": false});
    let page = profile
        .read_list(Kind::Invoice, &mut state, &answer(&last))
        .unwrap();
    assert!(page.done);
    let again = profile
        .list_request(Kind::Invoice, &state, &customer)
        .unwrap();
    assert!(
        again
            .url
            .ends_with("&updated_at__gte=2024-05-04%2016%3A10%3A00"),
        "{}",
        again.url
    );

    // One row by its primary key: Datasette's `rows` holds just that row.
    let terms = json!({"ok": true, "database": "ar", "table": "plan_terms", "rows": [{
        "customer_no": "C-2041", "currency": "GBP", "min_instalment_pence": 2000,
        "max_instalments": 6, "max_months": 6, "frequencies": "[\"fortnightly\", \"monthly\"]",
        "first_payment_within_days": 28, "rounding": "bankers",
        "lapse_rule": "An arrangement lapses when a payment is 10 days late.",
        "promise_window_days": 14, "terms_version": "FMS-T3"}], "primary_keys": ["customer_no"]});
    let read = profile.read_items(Kind::PlanPolicy, &terms).unwrap();
    let policy = read[0].clone().unwrap().data.unwrap();
    assert_eq!(policy["frequencies"], json!(["fortnightly", "monthly"]));
    assert_eq!(policy["min_instalment"], "20.00");
    let account = json!({"rows": [{
        "customer_no": "C-2041", "account_ref": "2041-GB", "trading_name": "Fenwick Marine Supplies Ltd",
        "currency": "GBP", "balance_pence": 151500, "overdue_pence": 54000, "disputed_pence": 9000,
        "not_due_pence": 97500, "credit_limit_pence": 400000, "available_pence": 248500,
        "on_hold": 1, "figures_on": "2024-05-31"}]});
    let read = profile.read_items(Kind::Account, &account).unwrap();
    assert_eq!(read[0].clone().unwrap().data.unwrap()["on_stop"], true);
}

#[test]
fn json_text_and_flags_that_do_not_fit_name_the_backend_field() {
    let profile = datasette();
    let mut body = datasette_invoices();
    body["rows"][0]["lines"] = json!("[{\"line_no\": 1,");
    let read = profile.read_items(Kind::Invoice, &body).unwrap();
    let error = read[0].clone().unwrap_err();
    assert_eq!(error.pointer, "/lines");
    assert!(error.reason.contains("not JSON text"), "{}", error.reason);
    // A list the backend already sends as JSON is taken as it is.
    body["rows"][0]["lines"] = json!([]);
    assert!(profile.read_items(Kind::Invoice, &body).unwrap()[0].is_ok());
    let account = json!({"rows": [{
        "customer_no": "C-2041", "account_ref": "2041-GB", "trading_name": "F",
        "currency": "GBP", "balance_pence": 0, "overdue_pence": 0, "credit_limit_pence": 0,
        "on_hold": 2, "figures_on": "2024-05-31"}]});
    let error = profile.read_items(Kind::Account, &account).unwrap()[0]
        .clone()
        .unwrap_err();
    assert_eq!(error.pointer, "/on_hold");
    assert!(
        error.reason.contains("expected true or false"),
        "{}",
        error.reason
    );
}

#[test]
fn json_text_is_only_for_reading_json_values() {
    let profile: Value = serde_json::from_str(DATASETTE).unwrap();
    only_error(
        &with(
            profile.clone(),
            "/kinds/invoice/fields/number",
            json!({"from": "/invoice_ref", "json_text": true}),
        ),
        "/kinds/invoice/fields/number/json_text",
        "'number' is not a list, an object or a JSON value",
    );
    only_error(
        &with(
            profile.clone(),
            "/kinds/preferences/fields/channels",
            json!({"value": {}, "json_text": true}),
        ),
        "/kinds/preferences/fields/channels/json_text",
        "only goes with 'from'",
    );
    only_error(
        &with(
            profile,
            "/intents/put_preferences/body/channels",
            json!({"to": "/update/channels", "json_text": true}),
        ),
        "/intents/put_preferences/body/channels/json_text",
        "is for reading kinds",
    );
}

#[test]
fn the_datasette_profile_writes_rows_and_finds_them_by_reference() {
    let profile = datasette();
    let customer = |name: &str| (name == "customer_id").then(|| "C-2041".to_owned());
    let sent = entry(raise());
    let request = profile.intent_request(&sent, &customer).unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.url, "http://127.0.0.1:8001/ar/disputes/-/insert");
    let Body::Json(body) = &request.body else {
        panic!("a JSON body");
    };
    assert_eq!(
        body,
        &json!({"row": {
            "invoice_no": "INV-1001", "currency": "GBP", "disputed_pence": 15050,
            "reason": "pricing", "notes": "Two hours, not three", "customer_no": "C-2041",
            "status": "new", "source": "portal", "portal_ref": "key 1/é"
        }})
    );
    let lookup = profile.lookup_request(&sent).unwrap();
    assert_eq!(
        lookup.url,
        "http://127.0.0.1:8001/ar/disputes.json?portal_ref=key%201%2F%C3%A9"
    );
    // What Datasette answers: the row inserted, with its own id and stamp.
    let mut row = body["row"].clone();
    row["dispute_id"] = json!(7);
    row["raised_at"] = json!("2024-04-30 12:00:01");
    let found = json!({"ok": true, "next": null, "rows": [row.clone()]});
    assert!(profile.already_done(&sent, &found).unwrap());
    assert!(!profile
        .already_done(&sent, &json!({"ok": true, "rows": []}))
        .unwrap());
    let read = profile.read_item(Kind::Dispute, &row).unwrap();
    let data = read.data.unwrap();
    assert_eq!(read.id, "7");
    assert_eq!(data["status"], "submitted");
    assert_eq!(data["amount"], "150.50");
    assert_eq!(data["raised_at"], "2024-04-30T12:00:01Z");
}
