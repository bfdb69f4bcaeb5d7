//! Identity: a list element without an id of its own takes its position, a synced
//! record's own id (not the customer's) fills a write's path, the creditor's sign-in
//! page, and the stored values signing out removes.

use super::*;

/// The json-server profile whose invoice lines take their id from their position, with
/// the creditor's own sign-in page.
pub(super) fn identity_options() -> Value {
    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    profile["kinds"]["invoice"]["fields"]["lines"]["each"]["id"] = json!({"position": true});
    profile["sign_in_page"] = json!("https://harbour.example/login");
    profile
}

fn lines_by_position() -> Profile {
    Profile::load(&identity_options().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// The first invoice of the json-server data, its lines without ids.
fn invoice_without_line_ids() -> Value {
    let db: Value = serde_json::from_str(JSON_SERVER_DB).unwrap();
    let mut invoice = db["invoices"][0].clone();
    for line in invoice["lines"].as_array_mut().unwrap() {
        line.as_object_mut().unwrap().remove("lineId");
    }
    invoice
}

#[test]
fn a_line_without_an_id_takes_its_position_the_same_at_every_sync() {
    let profile = lines_by_position();
    let invoice = invoice_without_line_ids();
    let ids = |item: &crate::api::SyncItem| -> Vec<Value> {
        let data = item.data.as_ref().unwrap();
        data["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line["id"].clone())
            .collect()
    };
    let first = profile.read_item(Kind::Invoice, &invoice).unwrap();
    assert_eq!(ids(&first), [json!("1"), json!("2")]);
    assert_eq!(first.data.as_ref().unwrap()["lines"][1]["net"], "150.00");
    let again = profile.read_item(Kind::Invoice, &invoice).unwrap();
    assert_eq!(again, first);
    // Without the position, a line with no id is skipped with the pointer at fault.
    let error = json_server()
        .read_item(Kind::Invoice, &invoice)
        .unwrap_err();
    assert_eq!(error.pointer, "/lines/0/lineId");
}

#[test]
fn only_a_list_elements_id_comes_from_its_position() {
    only_error(
        &json_server_with("/kinds/invoice/fields/id", json!({"position": true})),
        "/kinds/invoice/fields/id/position",
        "only a list element's id (under 'each') is its position",
    );
    only_error(
        &json_server_with(
            "/kinds/invoice/fields/lines/each/description",
            json!({"position": true}),
        ),
        "/kinds/invoice/fields/lines/each/description/position",
        "only a list element's id (under 'each') is its position",
    );
    only_error(
        &json_server_with(
            "/kinds/invoice/fields/lines/each/id",
            json!({"from": "/lineId", "position": true}),
        ),
        "/kinds/invoice/fields/lines/each/id",
        "give exactly one of 'from', 'value', 'flags', 'compute' or 'position'",
    );
    only_error(
        &json_server_with(
            "/intents/put_preferences/body/id",
            json!({"to": "/id", "position": true}),
        ),
        "/intents/put_preferences/body/id/position",
        "'position' is for reading kinds",
    );
    assert_eq!(
        errors(&json_server_with(
            "/kinds/invoice/fields/lines/each/id",
            json!({"position": "yes"}),
        )),
        ["/kinds/invoice/fields/lines/each/id/position: must be true or false"]
    );
}

#[test]
fn preferences_are_saved_under_the_synced_records_own_id() {
    use crate::contact::ContactPreferences;
    use crate::intents::Intent;
    // json-server keeps them as a settings record of their own, listed by customer.
    let profile = json_server();
    let db: Value = serde_json::from_str(JSON_SERVER_DB).unwrap();
    let settings = &db["settings"][0];
    assert_eq!(settings["customerId"], "CUST-100");
    let item = profile.read_item(Kind::Preferences, settings).unwrap();
    assert_eq!(item.id, "SET-7");
    let mut synced: ContactPreferences = serde_json::from_value(item.data.unwrap()).unwrap();
    assert_eq!(synced.id, "SET-7");
    synced.language = "cy".into();
    let request = profile
        .intent_request(&entry(Intent::PutPreferences(synced)), &host)
        .unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        ("PUT", "http://127.0.0.1:3000/settings/SET-7")
    );
    let Body::Json(body) = request.body else {
        panic!("preferences are JSON");
    };
    assert_eq!(body["id"], "SET-7");
    assert_eq!(body["language"], "cy");
}

#[test]
fn a_writes_path_takes_host_values_after_the_actions_fields() {
    use crate::contact::ContactPreferences;
    use crate::intents::Intent;
    let profile = Profile::load(&json_server_with(
        "/intents/put_preferences/path",
        json!("/customers/{customer_id}/settings/{id}"),
    ))
    .unwrap();
    let mut preferences = ContactPreferences::new("Europe/London", "en");
    preferences.id = "SET 7".into();
    let request = profile
        .intent_request(&entry(Intent::PutPreferences(preferences)), &host)
        .unwrap();
    assert_eq!(
        request.url,
        "http://127.0.0.1:3000/customers/CUST%20100%2F%26/settings/SET%207"
    );
    only_error(
        &json_server_with(
            "/intents/put_preferences/path",
            json!("/settings/{settings_id}"),
        ),
        "/intents/put_preferences/path",
        "the placeholder {settings_id} is not a field of put_preferences",
    );
}

#[test]
fn the_creditors_sign_in_page() {
    let page = "https://harbour.example/login?back=settle";
    let profile = Profile::load(&json_server_with("/sign_in_page", json!(page))).unwrap();
    assert_eq!(profile.sign_in_page.as_deref(), Some(page));
    assert_eq!(settle().sign_in_page, None);
    assert_eq!(
        json_server().sign_in_page.as_deref(),
        Some("https://harbour.example/login")
    );
    Profile::load(&json_server_with("/sign_in_page", json!("/login"))).unwrap();
    Profile::load(&json_server_with(
        "/sign_in_page",
        json!("http://127.0.0.1:3000/login"),
    ))
    .unwrap();
    for bad in [
        "http://harbour.example/login",
        "//harbour.example",
        "/log in",
        "login",
    ] {
        only_error(
            &json_server_with("/sign_in_page", json!(bad)),
            "/sign_in_page",
            "is neither https nor on this site",
        );
    }
    let mut code: Value =
        serde_json::from_str(&json_server_with("/sign_in_page", json!(page))).unwrap();
    code["sign_in"] = json!("settle_email_code");
    only_error(
        &code.to_string(),
        "/sign_in_page",
        "only goes with the host's sign-in",
    );
}

#[test]
fn signing_out_removes_every_stored_value_the_profile_reads() {
    let names = |profile: &Profile| -> Vec<(ValuePlace, String)> {
        profile
            .stored_values()
            .into_iter()
            .map(|source| (source.from, source.name.clone()))
            .collect()
    };
    assert_eq!(
        names(&json_server()),
        [
            (ValuePlace::SessionStorage, "harbour.token".to_owned()),
            (ValuePlace::SessionStorage, "harbour.customer".to_owned()),
        ]
    );
    let mut profile: Value = serde_json::from_str(JSON_SERVER).unwrap();
    profile["values"]["account_id"] = json!({"from": "local_storage", "name": "harbour.account"});
    profile["values"]["again"] = json!({"from": "session_storage", "name": "harbour.token"});
    profile["values"]["page"] = json!({"from": "host_global", "name": "harbourPage"});
    let profile = Profile::load(&profile.to_string()).unwrap();
    assert_eq!(
        names(&profile),
        [
            (ValuePlace::SessionStorage, "harbour.token".to_owned()),
            (ValuePlace::LocalStorage, "harbour.account".to_owned()),
            (ValuePlace::SessionStorage, "harbour.customer".to_owned()),
        ]
    );
}
