//! Loading profiles: the examples load, and syntax and shape errors are each named by
//! the path to the field at fault.

use super::*;

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
