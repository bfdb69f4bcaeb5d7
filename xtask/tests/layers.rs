//! The app's layers hold: pages and components render and dispatch through the data
//! layer (`src/data/`), so none of them reaches the store, the outbox, the sync or the
//! network itself, and no page uses another page's code (what two pages share lives in
//! `components/`, `words.rs` or the data layer).
//!
//! Reads the app's source and names every file and line that breaks a rule.

use std::path::{Path, PathBuf};

/// Modules only the data layer may use: the store, the outbox, the sync, the API client,
/// the backends behind it and the session.
const BELOW_THE_DATA_LAYER: [&str; 7] = [
    "store",
    "outbox",
    "sync",
    "api",
    "backend",
    "profile_backend",
    "session",
];

fn app_folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../src")
        .join(name)
}

fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    found.sort();
    found
}

/// The module names of the files in `folder` (`pages/plans.rs` is `plans`).
fn modules(folder: &Path) -> Vec<String> {
    rust_files(folder)
        .iter()
        .filter_map(|path| path.file_stem()?.to_str().map(str::to_owned))
        .filter(|name| name != "mod")
        .collect()
}

/// The first segment of every `crate::` path in a line of code: `crate::store::Store` and
/// `crate::{api, format}` name `store`, `api` and `format`.
fn crate_modules(code: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                found.extend(group.split(',').map(|item| name(item.trim())));
            }
            None => found.push(name(rest)),
        }
    }
    found
}

/// The identifier at the start of `text`.
fn name(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Each path in `source` that a page or a component must not use, with its line number.
/// `pages` are the page modules, which only the routes in `pages/mod.rs` may name.
fn breaches(source: &str, pages: &[String]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for module in crate_modules(code) {
            if BELOW_THE_DATA_LAYER.contains(&module) {
                found.push((number + 1, format!("uses crate::{module}")));
            }
        }
        for page in pages {
            for path in [format!("super::{page}::"), format!("crate::pages::{page}")] {
                if code.contains(&path) {
                    found.push((number + 1, format!("uses the page {page}")));
                }
            }
        }
    }
    found
}

#[test]
fn pages_and_components_go_through_the_data_layer() {
    let pages = modules(&app_folder("pages"));
    assert!(pages.len() > 10, "the pages were not found: {pages:?}");
    let mut problems = Vec::new();
    for folder in ["pages", "components"] {
        for path in rust_files(&app_folder(folder)) {
            let source = std::fs::read_to_string(&path).unwrap();
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            // The routes name the pages; that is what `pages/mod.rs` is for.
            let pages = if name == "pages/mod.rs" {
                &[][..]
            } else {
                &pages[..]
            };
            for (line, what) in breaches(&source, pages) {
                problems.push(format!("src/{name}:{line} {what}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "pages and components must go through src/data/:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_each_kind_of_breach() {
    let pages = vec!["plans".to_string(), "promise".to_string()];
    let source = "use crate::store::Store;\n\
                  use crate::{format, api};\n\
                  use super::plans::AccountPlans;\n\
                  let x = crate::outbox::new_key();\n\
                  // crate::sync is fine in a comment\n\
                  use crate::data::SyncStatus;\n\
                  use crate::backend_choice::capabilities;\n\
                  use crate::sync_words;\n";
    let found: Vec<usize> = breaches(source, &pages)
        .into_iter()
        .map(|(line, _)| line)
        .collect();
    assert_eq!(found, vec![1, 2, 3, 4]);
}
