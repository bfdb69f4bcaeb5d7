//! Sign-in: codes, sessions and their cookies, sign-out, and the limits on asking for codes.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::world::customer_with_account;
use support::{assert_problem, Server};

#[tokio::test]
async fn sessions_need_a_valid_code_and_end_on_sign_out() {
    let server = Server::start().await;
    customer_with_account(&server, "cy").await;
    let customer = server.sign_in("cy@example.test").await;
    let me: Value = customer.get("/session").await.json().await.unwrap();
    assert_eq!(me["email"], "cy@example.test");
    let out = customer
        .http
        .delete(customer.url("/session"))
        .header("x-settle-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_problem(customer.get("/sync").await, 401, "unauthenticated", None).await;
    let wrong = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .header("x-settle-csrf", "1")
        .json(&json!({"email": "cy@example.test", "code": "000000"}))
        .send()
        .await
        .unwrap();
    assert_problem(wrong, 401, "sign-in-code-invalid", None).await;
}

#[tokio::test]
async fn a_shared_device_session_ends_with_the_browser_and_within_hours() {
    let server = Server::start().await;
    customer_with_account(&server, "sh").await;
    let http = reqwest::Client::new();
    let sign_in = |shared: bool| {
        let (http, server) = (http.clone(), &server);
        async move {
            let response = server
                .sign_in_answer(&http, "sh@example.test", shared)
                .await;
            assert_eq!(response.status(), StatusCode::OK);
            let cookie = response.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .to_owned();
            let session: Value = response.json().await.unwrap();
            let expires: chrono::DateTime<chrono::Utc> =
                session["expires_at"].as_str().unwrap().parse().unwrap();
            (cookie, expires - chrono::Utc::now())
        }
    };
    let (cookie, lasts) = sign_in(true).await;
    assert!(!cookie.contains("Max-Age"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(lasts <= chrono::Duration::hours(4), "{lasts}");
    assert!(lasts > chrono::Duration::hours(3), "{lasts}");
    let (cookie, lasts) = sign_in(false).await;
    assert!(cookie.contains("Max-Age=2592000"), "{cookie}");
    assert!(lasts > chrono::Duration::days(29), "{lasts}");
}

#[tokio::test]
async fn code_requests_are_rate_limited_per_address() {
    let server = Server::start_with(&["--codes-per-address", "2", "--codes-per-ip", "100"]).await;
    let http = reqwest::Client::new();
    let ask = |email: &'static str| {
        http.post(server.url("/api/v1/session/code"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": email }))
            .send()
    };
    assert_eq!(
        ask("who@example.test").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        ask("who@example.test").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    let limited = ask("who@example.test").await.unwrap();
    assert_eq!(limited.headers()["retry-after"], "60");
    assert_problem(limited, 429, "rate-limited", None).await;
    assert_eq!(
        ask("other@example.test").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn code_requests_are_rate_limited_per_ip() {
    let server = Server::start_with(&["--codes-per-address", "100", "--codes-per-ip", "3"]).await;
    let http = reqwest::Client::new();
    for n in 0..3 {
        let ok = http
            .post(server.url("/api/v1/session/code"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": format!("p{n}@example.test") }))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::ACCEPTED);
    }
    let limited = http
        .post(server.url("/api/v1/session/code"))
        .header("x-settle-csrf", "1")
        .json(&json!({ "email": "p9@example.test" }))
        .send()
        .await
        .unwrap();
    assert_problem(limited, 429, "rate-limited", None).await;
}
