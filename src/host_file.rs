//! Files the host puts beside the app and may change at any time without a rebuild (the
//! backend profile, the brand): where the page says each is, and fetching it.

use gloo_net::http::Request;

/// The URL in the host page's `<meta name="{meta}" content="…">`, or `default`.
pub fn url(meta: &str, default: &str) -> String {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector(&format!("meta[name=\"{meta}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// The file's text; `None` when there is none (404, or the app's own page served in its
/// place by a server that answers every unknown path with index.html).
pub async fn fetch(url: &str) -> Result<Option<String>, String> {
    let response = crate::api::within(Request::get(url), crate::api::ANSWER_WITHIN_MS)
        .send()
        .await
        .map_err(|_| "it could not be fetched, and no copy is kept on this device".to_owned())?;
    let status = response.status();
    let html = response
        .headers()
        .get("Content-Type")
        .is_some_and(|kind| kind.contains("text/html"));
    match status {
        404 => Ok(None),
        200..=299 if html => Ok(None),
        200..=299 => response
            .text()
            .await
            .map(Some)
            .map_err(|error| format!("it could not be read: {error}")),
        _ => Err(format!("it could not be fetched (HTTP {status})")),
    }
}
