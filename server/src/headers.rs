//! Security headers for the app: a strict Content-Security-Policy that allows only the
//! app's own files plus the inline bootstrap script (by its hash, read from the built
//! index.html at startup), and the usual hardening headers.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy for the built app whose `index.html`, `backend-profile.json` and
/// `brand.json` (if any) are these.
fn content_security_policy(index: &[u8], profile: Option<&[u8]>, brand: Option<&[u8]>) -> String {
    let index = String::from_utf8_lossy(index);
    let hashes: String = inline_scripts(&index)
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let backend = profile
        .and_then(profile_origin)
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let logo = brand
        .and_then(|brand| json_origin(brand, "logo"))
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self'; img-src 'self' data: blob:{logo}; connect-src 'self'{backend}; \
         font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The origin of the backend named by the app's backend profile (`base_url`), when it is
/// on another origin: the app must be allowed to connect there. A profile that cannot be
/// read adds nothing; the app itself reports its mistakes.
fn profile_origin(profile: &[u8]) -> Option<String> {
    json_origin(profile, "base_url")
}

/// The origin of the URL in the top-level `field` of a JSON file, when it names one: the
/// brand's logo may be on another origin too, which the page must be allowed to show.
fn json_origin(file: &[u8], field: &str) -> Option<String> {
    let file: serde_json::Value = serde_json::from_slice(file).ok()?;
    let base = file.get(field)?.as_str()?;
    let (scheme, rest) = base.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    // Only characters of a host and port: nothing that could add to the policy.
    let plain = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    (plain && !host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// The Content-Security-Policy for the app in a folder, worked out again whenever its
/// `index.html`, `backend-profile.json` or brand changes: a new profile's `base_url` or a
/// new logo's origin is allowed at once, without a restart. The files are compared whole, not by modification time,
/// which can stay the same across two quick edits; both are small and in the page cache.
struct Policy {
    app_dir: PathBuf,
    /// The brand file, `--brand` or the app folder's `brand.json`.
    brand: PathBuf,
    last: Mutex<Option<(Sources, HeaderValue)>>,
}

/// The three files the policy is made from, as they were read (`None`: not there).
type Sources = [Option<Vec<u8>>; 3];

impl Policy {
    fn now(&self) -> HeaderValue {
        let read = |name: &str| std::fs::read(self.app_dir.join(name)).ok();
        let sources = [
            read("index.html"),
            read("backend-profile.json"),
            std::fs::read(&self.brand).ok(),
        ];
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*last {
            Some((seen, policy)) if *seen == sources => policy.clone(),
            _ => {
                let [index, profile, brand] = &sources;
                let policy = content_security_policy(
                    index.as_deref().unwrap_or_default(),
                    profile.as_deref(),
                    brand.as_deref(),
                );
                let policy = HeaderValue::from_str(&policy).expect("the policy is ASCII");
                *last = Some((sources, policy.clone()));
                policy
            }
        }
    }
}

/// The headers every app response carries, for the app in `app_dir` with the brand
/// `brand` (`--brand`) when given.
pub fn layer(
    app_dir: &Path,
    brand: Option<&Path>,
) -> impl Fn(Request, Next) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>
       + Clone {
    let policy = Arc::new(Policy {
        app_dir: app_dir.to_owned(),
        brand: brand.map_or_else(|| app_dir.join("brand.json"), Path::to_owned),
        last: Mutex::new(None),
    });
    move |request: Request, next: Next| {
        let csp = policy.now();
        Box::pin(async move {
            let mut response = next.run(request).await;
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            headers.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            headers.insert(
                HeaderName::from_static("permissions-policy"),
                HeaderValue::from_static(
                    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
                     interest-cohort=()",
                ),
            );
            headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
            headers.insert(
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            );
            response
        })
    }
}

/// For API answers: nothing in them is to be run or framed.
pub async fn api_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; sandbox"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = "<head><script type=\"module\">import init from '/a.js';init();</script>\
                    <script src=\"/x.js\"></script></head>";
        assert_eq!(
            inline_scripts(html),
            vec!["import init from '/a.js';init();"]
        );
        let policy = content_security_policy(html.as_bytes(), None, None);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';init();"));
        assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
        assert!(policy.contains("object-src 'none'"));
        assert!(policy.contains("connect-src 'self';"), "{policy}");
    }

    #[test]
    fn allows_the_profiles_backend_origin() {
        let profile = |base: &str| {
            let text = serde_json::json!({ "base_url": base }).to_string();
            content_security_policy(b"", Some(text.as_bytes()), None)
        };
        assert!(profile("https://ar.example.com:8443/api/v2")
            .contains("connect-src 'self' https://ar.example.com:8443;"));
        assert!(profile("/api/v1").contains("connect-src 'self';"));
        assert!(profile("https://x.example; script-src *").contains("connect-src 'self';"));
    }

    #[test]
    fn allows_the_brands_logo_origin() {
        let brand = |logo: &str| {
            let text = serde_json::json!({ "name": "N", "logo": logo }).to_string();
            content_security_policy(b"", None, Some(text.as_bytes()))
        };
        assert!(brand("https://cdn.example/logo.svg")
            .contains("img-src 'self' data: blob: https://cdn.example;"));
        assert!(brand("/brands/northwind.svg").contains("img-src 'self' data: blob:;"));
    }
}
