//! Contact preferences: changed only from the version last seen, as sync shows it.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::assert_problem;
use support::world::world;

#[tokio::test]
async fn preferences_change_only_from_the_version_last_seen() {
    let (_server, mut ann, _a, _ben, _b) = world().await;
    let current = ann.get("/preferences").await;
    let etag = current.headers()["etag"].to_str().unwrap().to_owned();
    let mut preferences: Value = current.json().await.unwrap();
    preferences["opted_out"] = json!(["sms"]);
    preferences["max_contacts_per_week"] = json!(3);
    let put = |if_match: Option<&str>, body: &Value| {
        let mut request = ann
            .http
            .put(ann.url("/preferences"))
            .header("x-settle-csrf", "1")
            .json(body);
        if let Some(tag) = if_match {
            request = request.header("if-match", tag);
        }
        request.send()
    };
    assert_problem(
        put(None, &preferences).await.unwrap(),
        428,
        "if-match-required",
        None,
    )
    .await;
    assert_problem(
        put(Some("\"0\""), &preferences).await.unwrap(),
        412,
        "version-mismatch",
        None,
    )
    .await;
    let mut bad = preferences.clone();
    bad["time_zone"] = json!("Mars/Olympus");
    assert_problem(
        put(Some(&etag), &bad).await.unwrap(),
        422,
        "validation",
        Some("/time_zone"),
    )
    .await;
    // A bad body is refused as such, also on a stale version.
    assert_problem(
        put(Some("\"0\""), &bad).await.unwrap(),
        422,
        "validation",
        Some("/time_zone"),
    )
    .await;
    let mut repeated = preferences.clone();
    repeated["opted_out"] = json!(["sms", "post", "sms"]);
    assert_problem(
        put(Some(&etag), &repeated).await.unwrap(),
        422,
        "validation",
        Some("/opted_out"),
    )
    .await;
    let saved = put(Some(&etag), &preferences).await.unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let new_etag = saved.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_etag, etag);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["history"].as_array().unwrap().len(), 1);
    // The ETag is the version the customer's sync shows.
    let items = ann.pull().await;
    let synced = items
        .iter()
        .rev()
        .find(|i| i["kind"] == "preferences")
        .unwrap();
    assert_eq!(format!("\"{}\"", synced["version"]), new_etag);
    assert_eq!(synced["data"]["opted_out"], json!(["sms"]));
    let forged = ann
        .http
        .put(ann.url("/preferences"))
        .header("if-match", new_etag)
        .json(&preferences)
        .send()
        .await
        .unwrap();
    assert_problem(forged, 403, "csrf-header-missing", None).await;
}
