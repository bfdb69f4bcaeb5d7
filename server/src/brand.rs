//! The creditor's brand (docs/brand.md) as the server serves it: `/brand.json` from the
//! file `--brand` names (without it, whatever the app folder holds), and the web app
//! manifest named and coloured after the brand. Both files are read on each request, so a
//! replaced brand shows on the customers' next start without a restart.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// Where the brand and the manifest are read from.
#[derive(Debug, Clone)]
struct Files {
    app_dir: PathBuf,
    /// `--brand`, when given.
    brand: Option<PathBuf>,
}

impl Files {
    fn brand_path(&self) -> PathBuf {
        self.brand
            .clone()
            .unwrap_or_else(|| self.app_dir.join("brand.json"))
    }
}

/// The manifest and, with `--brand`, `/brand.json`.
pub fn router(app_dir: &Path, brand: Option<&Path>) -> Router {
    let files = Arc::new(Files {
        app_dir: app_dir.to_owned(),
        brand: brand.map(Path::to_owned),
    });
    let mut router = Router::new().route("/manifest.webmanifest", get(manifest));
    if brand.is_some() {
        router = router.route("/brand.json", get(brand_file));
    }
    router.with_state(files)
}

async fn brand_file(State(files): State<Arc<Files>>) -> Response {
    match tokio::fs::read(files.brand_path()).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => {
            tracing::warn!(%error, "the brand file given with --brand cannot be read");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}

async fn manifest(State(files): State<Arc<Files>>) -> Response {
    let Ok(manifest) = tokio::fs::read_to_string(files.app_dir.join("manifest.webmanifest")).await
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let brand = tokio::fs::read_to_string(files.brand_path()).await.ok();
    (
        [(header::CONTENT_TYPE, "application/manifest+json")],
        branded_manifest(&manifest, brand.as_deref()),
    )
        .into_response()
}

/// The app's manifest with the brand's name (as `name` and `short_name`) and its primary
/// colour as fitted to the light theme (as `theme_color`, like the page's own). Without a
/// usable brand, the manifest as it is.
pub fn branded_manifest(manifest: &str, brand: Option<&str>) -> String {
    let Some(text) = brand else {
        return manifest.to_owned();
    };
    let brand = match settle_core::brand::parse_brand(text) {
        Ok(brand) => brand,
        Err(error) => {
            tracing::warn!(%error, "the manifest keeps Settle's name: the brand cannot be used");
            return manifest.to_owned();
        }
    };
    let Ok(serde_json::Value::Object(mut fields)) = serde_json::from_str(manifest) else {
        return manifest.to_owned();
    };
    let name = serde_json::Value::String(brand.file.name.clone());
    fields.insert("name".into(), name.clone());
    fields.insert("short_name".into(), name);
    fields.insert(
        "theme_color".into(),
        brand.primary[0].colour.to_hex().into(),
    );
    serde_json::Value::Object(fields).to_string()
}

#[cfg(test)]
mod tests {
    use super::branded_manifest;

    const MANIFEST: &str = r##"{"name": "Settle", "short_name": "Settle", "theme_color": "#1d5fbf", "start_url": "/"}"##;

    #[test]
    fn takes_the_brands_name_and_colour() {
        let brand = include_str!("../../public/brands/harbour.json");
        let manifest: serde_json::Value =
            serde_json::from_str(&branded_manifest(MANIFEST, Some(brand))).unwrap();
        assert_eq!(manifest["name"], "Harbour Water");
        assert_eq!(manifest["short_name"], "Harbour Water");
        assert_eq!(manifest["theme_color"], "#0f766e");
        assert_eq!(manifest["start_url"], "/");
    }

    #[test]
    fn keeps_settles_without_a_usable_brand() {
        assert_eq!(branded_manifest(MANIFEST, None), MANIFEST);
        assert_eq!(
            branded_manifest(MANIFEST, Some(r#"{"name": "No colour"}"#)),
            MANIFEST
        );
    }
}
