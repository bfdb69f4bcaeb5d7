//! The OpenAPI document: generated from the handlers, served as generated, kept readable in
//! docs/openapi.json, and in step with the router.

mod support;

use std::collections::BTreeSet;

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use support::Server;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// The readable copy of the document, for people and for the schemathesis run.
const COPY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.json");

fn document() -> Value {
    serde_json::from_str(settle_server::openapi_document()).expect("the document is JSON")
}

#[tokio::test]
async fn the_served_document_is_the_generated_one() {
    let server = Server::start().await;
    let response = reqwest::get(server.url("/api/v1/openapi.json"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let served = response.text().await.unwrap();
    assert!(
        served == settle_server::openapi_document(),
        "the served document differs from the generated one"
    );
    assert_eq!(document()["openapi"], "3.1.0");
}

/// docs/openapi.json is the generated document; `SETTLE_WRITE_OPENAPI=1` rewrites it.
#[test]
fn the_copy_in_docs_is_the_generated_document() {
    let generated = format!("{}\n", settle_server::openapi_document());
    if std::env::var_os("SETTLE_WRITE_OPENAPI").is_some_and(|value| value == "1") {
        std::fs::write(COPY, &generated).unwrap();
        return;
    }
    let copy = std::fs::read_to_string(COPY).unwrap_or_default();
    assert!(
        copy == generated,
        "docs/openapi.json is not the document the server generates; refresh it with\n\n    \
         SETTLE_WRITE_OPENAPI=1 cargo test -p settle-server --test openapi\n"
    );
}

#[test]
fn the_document_has_exactly_the_router_paths() {
    let documented: BTreeSet<String> = document()["paths"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let routed: BTreeSet<String> = settle_server::API_PATHS
        .iter()
        .map(|path| path.to_string())
        .collect();
    assert_eq!(documented, routed);
}

/// Every documented operation is routed (it answers something other than 404 or 405 even
/// without credentials), and every method the document leaves out answers 405 (even with
/// the admin token and the CSRF header, so those checks do not hide it).
#[tokio::test]
async fn every_path_answers_exactly_the_documented_methods() {
    let server = Server::start().await;
    let client = Client::new();
    let doc = document();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        let concrete = path.replace("{id}", "x").replace("{number}", "1");
        for method in METHODS {
            let documented = operations.get(method).is_some();
            let mut request = client.request(
                Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                server.url(&format!("/api/v1{concrete}")),
            );
            if !documented {
                request = request
                    .bearer_auth(support::ADMIN_TOKEN)
                    .header("x-settle-csrf", "1");
            }
            let response = request.send().await.unwrap();
            let status = response.status();
            if documented {
                assert!(
                    status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is documented but answers {status}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is not documented but answers {status}"
                );
                assert_eq!(
                    response.headers()["content-type"],
                    "application/problem+json"
                );
            }
        }
    }
}

#[tokio::test]
async fn framework_errors_are_problems_too() {
    let server = Server::start().await;
    server
        .admin(
            Method::POST,
            "/customers",
            json!({"email": "ann@example.test", "name": "Ann"}),
        )
        .await;
    let customer = server.sign_in("ann@example.test").await;
    let response = customer.get("/sync?limit=many").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    assert_eq!(
        problem["type"],
        "https://settle.invalid/problems/bad-request"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_too_large() {
    let server = Server::start().await;
    let huge = format!(
        r#"{{"email": "{}@example.test"}}"#,
        "a".repeat(3 * 1024 * 1024)
    );
    let response = Client::new()
        .post(server.url("/api/v1/session/code"))
        .header("x-settle-csrf", "1")
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "https://settle.invalid/problems/too-large");
}

/// Every `$ref` names something the document defines.
#[test]
fn every_reference_resolves() {
    fn walk(value: &Value, doc: &Value, unresolved: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    let pointer = target.trim_start_matches('#');
                    if doc.pointer(pointer).is_none() {
                        unresolved.push(target.clone());
                    }
                }
                map.values().for_each(|v| walk(v, doc, unresolved));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, doc, unresolved)),
            _ => {}
        }
    }
    let doc = document();
    let mut unresolved = Vec::new();
    walk(&doc, &doc, &mut unresolved);
    unresolved.dedup();
    assert!(
        unresolved.is_empty(),
        "unresolved references: {unresolved:?}"
    );
}
