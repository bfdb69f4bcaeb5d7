//! Every text of the app's screens has its Spanish, with the same values in it: the app
//! falls back to the English when a translation is missing, so nothing else would notice.
//!
//! Reads the app's source: each `t("…")` and `tf("…")` with a literal English text must
//! have an entry in one of the Spanish tables (`src/spanish.rs`, `src/messages.rs`), and
//! every entry must have as many `{}` as its English. Texts chosen at run time (a `match`
//! on a status, say) are checked only by the second rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The string literal at the start of `text` (which starts at its opening quote), read
/// as Rust does, and how many bytes it took.
fn literal(text: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((value, at + 1)),
            '\\' => match chars.next()?.1 {
                'n' => value.push('\n'),
                '"' => value.push('"'),
                '\\' => value.push('\\'),
                '\'' => value.push('\''),
                // A line continuation: the line break and the next line's indent go.
                '\n' => {
                    let rest = &text[at + 2..];
                    let indent = rest.len() - rest.trim_start().len();
                    for _ in 0..indent {
                        chars.next();
                    }
                }
                other => panic!("an escape this check does not read: \\{other}"),
            },
            c => value.push(c),
        }
    }
    None
}

/// Each literal English text passed to `t(`, `tf(` or `tn(` (its two) in `source`.
fn texts_in(source: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for call in ["t(", "tf(", "tn("] {
        let mut from = 0;
        while let Some(found) = source[from..].find(call) {
            let at = from + found;
            from = at + call.len();
            // `t(` must be the whole name, not the end of `print(` or `set(`.
            let before = source[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut rest = source[from..].trim_start();
            while rest.starts_with('"') {
                let Some((text, used)) = literal(rest) else {
                    break;
                };
                texts.push(text);
                // `tn("{} invoice", "{} invoices", n)`: the plural follows.
                match rest[used..].trim_start().strip_prefix(',') {
                    Some(next) if call == "tn(" => rest = next.trim_start(),
                    _ => break,
                }
            }
        }
    }
    texts
}

/// The entries of the `spanish_table!` in `source`: English to Spanish.
fn table_in(source: &str) -> Vec<(String, String)> {
    let Some(start) = source.find("spanish_table! {") else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut rest = &source[start..];
    while let Some(quote) = rest.find("\n    \"") {
        rest = &rest[quote + 5..];
        let (english, used) = literal(rest).unwrap();
        let after = rest[used..].trim_start();
        let Some(arrow) = after.strip_prefix("=>") else {
            continue;
        };
        let spanish_at = arrow.trim_start();
        let (spanish, _) = literal(spanish_at).unwrap();
        entries.push((english, spanish));
    }
    entries
}

fn spanish() -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for file in ["src/spanish.rs", "src/messages.rs"] {
        let source = std::fs::read_to_string(root().join(file)).unwrap();
        let entries = table_in(&source);
        assert!(entries.len() > 50, "{file}: its table was not read");
        all.extend(entries);
    }
    all
}

#[test]
fn every_text_on_screen_has_its_spanish() {
    let spanish = spanish();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut missing = Vec::new();
    let mut checked = 0;
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for text in texts_in(&source) {
            checked += 1;
            // A layout of values alone ("{}: {}") reads the same in every language.
            let has_words = text.replace("{}", "").chars().any(char::is_alphabetic);
            if has_words && !spanish.contains_key(&text) {
                let name = file.strip_prefix(root()).unwrap_or(&file).display();
                missing.push(format!("{name}: {text:?}"));
            }
        }
    }
    assert!(
        checked > 300,
        "only {checked} texts were found: the scan is broken"
    );
    assert!(
        missing.is_empty(),
        "texts without Spanish:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_spanish_text_has_the_values_of_its_english() {
    let differ: Vec<String> = spanish()
        .into_iter()
        .filter(|(english, spanish)| english.matches("{}").count() != spanish.matches("{}").count())
        .map(|(english, spanish)| format!("{english:?} => {spanish:?}"))
        .collect();
    assert!(
        differ.is_empty(),
        "translations with other values than their English:\n{}",
        differ.join("\n")
    );
}

#[test]
fn the_scan_reads_calls_and_literals_as_rust_does() {
    let source = r#"
        let a = t("Overview");
        let b = tf(
            "Your promise of {} by {}",
            &[&amount, &date],
        );
        let c = print("not a text");
        let d = t("Say \"hello\"\
                   again");
        let e = t(label);
        let f = tn("{} invoice", "{} invoices", count);
    "#;
    assert_eq!(
        texts_in(source),
        vec![
            "Overview".to_owned(),
            "Say \"hello\"again".to_owned(),
            "Your promise of {} by {}".to_owned(),
            "{} invoice".to_owned(),
            "{} invoices".to_owned(),
        ]
    );
    let table = "spanish_table! {\n    TEXTS, IN_ENGLISH;\n    \"Main\" => \"Principal\",\n    \"A {}\" =>\n        \"Un {}\",\n}";
    assert_eq!(
        table_in(table),
        vec![
            ("Main".to_owned(), "Principal".to_owned()),
            ("A {}".to_owned(), "Un {}".to_owned())
        ]
    );
}
