//! The app's page: served with a strict Content Security Policy and hardening headers.

mod support;

use support::Server;

#[tokio::test]
async fn the_app_is_served_with_a_strict_content_security_policy() {
    use base64::Engine;
    use sha2::Digest;
    let server = Server::start().await;
    let response = reqwest::get(server.url("/")).await.unwrap();
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    let hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(support::BOOTSTRAP.as_bytes()));
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"
        )),
        "{csp}"
    );
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(headers.contains_key("permissions-policy"));
}

#[tokio::test]
async fn a_changed_profile_is_allowed_to_connect_without_a_restart() {
    let server = Server::start().await;
    let policy = || async {
        let response = reqwest::get(server.url("/")).await.unwrap();
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        csp.split("; ")
            .find(|directive| directive.starts_with("connect-src"))
            .unwrap()
            .to_owned()
    };
    assert_eq!(policy().await, "connect-src 'self'");
    let profile = server.app_dir().join("backend-profile.json");
    std::fs::write(
        &profile,
        r#"{"base_url": "https://billing.example.com/api"}"#,
    )
    .unwrap();
    assert_eq!(
        policy().await,
        "connect-src 'self' https://billing.example.com"
    );
    std::fs::write(
        &profile,
        r#"{"base_url": "https://ledger.example.net:8443/v2"}"#,
    )
    .unwrap();
    assert_eq!(
        policy().await,
        "connect-src 'self' https://ledger.example.net:8443"
    );
    std::fs::remove_file(&profile).unwrap();
    assert_eq!(policy().await, "connect-src 'self'");
}
