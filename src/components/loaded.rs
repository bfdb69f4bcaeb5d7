//! What a page shows while its data is read, when there is none and when reading failed,
//! the same way on every page: `<Loaded read=... empty=... is_empty=... let:data>`.

use leptos::prelude::*;

use crate::data::AppError;
use crate::i18n::t;

/// Shows `children` with what `read` gives once it is there; "Loading…" before, the
/// error (in the customer's words) if reading failed, and `empty` when `is_empty` says
/// there is nothing to show.
#[component]
pub fn Loaded<T, V, R, C>(
    /// What the page reads: `None` while it is being read.
    read: R,
    /// Whether what was read is nothing to show (no records, not found).
    #[prop(optional)]
    is_empty: Option<fn(&T) -> bool>,
    /// What to say when there is nothing to show, in the customer's words.
    #[prop(optional)]
    empty: &'static str,
    children: C,
) -> impl IntoView
where
    T: 'static,
    V: IntoView + 'static,
    R: Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
{
    move || match read() {
        None => view! { <p>{t("Loading…")}</p> }.into_any(),
        Some(Err(problem)) => {
            view! { <p class="error" role="alert">{problem.to_string()}</p> }.into_any()
        }
        Some(Ok(value)) if is_empty.is_some_and(|nothing| nothing(&value)) => {
            view! { <p role="status">{empty}</p> }.into_any()
        }
        Some(Ok(value)) => children(value).into_any(),
    }
}
