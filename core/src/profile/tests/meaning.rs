//! Profiles that parse but do not make sense: unknown kinds, fields and values, intents
//! and feeds that cannot work, each named by its path.

use super::*;

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
fn intent_errors_name_each_field() {
    only_error(
        &json_server_with("/intents/withdraw_dispute/path", json!("/disputes/{id}")),
        "/intents/withdraw_dispute/path",
        "the placeholder {id} is not a field of withdraw_dispute (dispute_id, reason) or a host value",
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
