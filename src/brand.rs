//! The creditor's brand (docs/brand.md), read at start from `/brand.json` beside the app
//! or the URL in `<meta name="settle-brand" content="…">`, and applied when it arrives:
//! the name in the top bar and the document title, the logo, the colours of both themes,
//! the browser's theme colour and the help page's contacts and policies. The first screen
//! does not wait for it: Settle's own brand shows until then, and whenever there is none
//! or it cannot be used.

use std::sync::Arc;

use leptos::prelude::*;
use settle_core::brand::{parse_brand, BrandFile};

use crate::{host_file, js};

/// Where the brand is when the host page does not say otherwise.
pub const DEFAULT_BRAND_URL: &str = "/brand.json";
/// The `<meta name=…>` with which a host page points at another brand file.
pub const BRAND_META: &str = "settle-brand";

thread_local! {
    /// The brand in use; `None` for Settle's own. A signal of its own, not a context,
    /// so that the brand can be fetched before the app is mounted.
    static CURRENT: ArcRwSignal<Option<Arc<BrandFile>>> = ArcRwSignal::new(None);
}

/// The brand in use, as a signal: `None` while Settle's own shows.
pub fn current() -> ArcRwSignal<Option<Arc<BrandFile>>> {
    CURRENT.with(Clone::clone)
}

/// A checked brand, ready to apply.
struct Fitted {
    file: BrandFile,
    /// The colours as CSS custom properties, the light theme's primary first.
    colours: [(&'static str, String); 4],
    /// One for each colour changed to be readable.
    warnings: Vec<String>,
}

/// Fetches the brand and applies it. A missing file is no mistake: Settle's own brand
/// stays. A file that cannot be used is one console error, naming the field at fault.
pub async fn load() {
    let url = host_file::url(BRAND_META, DEFAULT_BRAND_URL);
    let text = match host_file::fetch(&url).await {
        Ok(Some(text)) => text,
        Ok(None) => return,
        Err(reason) => {
            warn(&format!(
                "the brand {url}: {reason}; showing the default brand"
            ));
            return;
        }
    };
    match fit_brand(text).await {
        Ok(fitted) => {
            fitted.warnings.iter().for_each(|warning| warn(warning));
            apply(fitted);
        }
        Err(reason) => {
            web_sys::console::error_1(&format!("{url}: {reason}; showing the default brand").into())
        }
    }
}

/// Reads and checks the brand and fits its colours to both themes. Its code (the reader,
/// the contrast maths, the warnings' number formatting) is split from the first load: a
/// deployment without a brand never fetches it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn fit_brand(text: String) -> Result<Fitted, String> {
    let brand = parse_brand(&text).map_err(|error| error.to_string())?;
    Ok(Fitted {
        colours: brand.custom_properties(),
        warnings: brand.warnings(),
        file: brand.file,
    })
}

/// Puts the brand on the page: the title, the colours style/main.css reads, the
/// browser's theme colour, and the brand for the components that show it.
fn apply(fitted: Fitted) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    document.set_title(&fitted.file.name);
    if let Some(style) = document
        .document_element()
        .and_then(|root| js::get(&root, "style"))
    {
        for (property, value) in &fitted.colours {
            js::call(&style, "setProperty", &[(*property).into(), value.into()]);
        }
    }
    // The dark theme's bar keeps the page's own colour, as index.html has it.
    if let Ok(Some(meta)) = document.query_selector("meta[name=\"theme-color\"][media*=\"light\"]")
    {
        let _ = meta.set_attribute("content", &fitted.colours[0].1);
    }
    current().set(Some(Arc::new(fitted.file)));
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
