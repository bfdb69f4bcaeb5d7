//! Serving the built app: hashed assets cached for a year, the entry points never cached,
//! unknown paths answered with index.html so the app's router can take them; the brand
//! and the manifest named after it by `brand`.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The app in `app_dir`, with the brand `brand` (`--brand`) when given.
pub fn router(app_dir: &Path, brand: Option<&Path>) -> Router {
    let files = ServeDir::new(app_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(app_dir.join("index.html")));
    crate::brand::router(app_dir, brand)
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// The build names assets `name-<hash>.ext` (the styles) or puts them in a folder
/// `app-<hash>/` (the app's modules), so their content never changes under one URL;
/// everything else (index.html, the service worker) must be revalidated.
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

fn is_hashed_asset(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or("");
    let in_hashed_folder = segments.next().is_some() && ends_with_hash(first);
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    in_hashed_folder || ends_with_hash(stem)
}

fn ends_with_hash(name: &str) -> bool {
    name.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_hashed_names_and_folders_count_as_immutable() {
        assert!(is_hashed_asset("/main-4f1c2a9b8e7d6c5b.css"));
        assert!(is_hashed_asset("/app-4f1c2a9b8e7d6c5b/settle_bg.wasm"));
        assert!(is_hashed_asset("/app-4f1c2a9b8e7d6c5b/chunk_12.wasm"));
        assert!(!is_hashed_asset("/app/chunk_12.wasm"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/settle-app.css"));
    }
}
