//! The app's size: the first load (every file index.html pulls in) and the whole app
//! (every file it can ever fetch), raw and compressed, against their budgets; and where
//! the bytes go, by crate and by function, from twiggy on the unsplit build.

use std::io::Write;
use std::path::Path;

use crate::command::Result;

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).expect("writing to memory");
    }
    out
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut writer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    writer.write_all(bytes).expect("writing to memory");
    writer.finish().expect("writing to memory")
}

/// The local files index.html references (href and src attributes), index.html first.
pub fn first_load_files(dist: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let mut files = vec!["index.html".to_string()];
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            let value = piece.split('"').next().unwrap_or("");
            let name = value.trim_start_matches('/');
            let local = !value.contains("://") && !name.is_empty();
            if local && dist.join(name).is_file() && !files.iter().any(|f| f == name) {
                files.push(name.to_string());
            }
        }
    }
    files
}

/// Sizes in bytes: (raw, gzip, brotli).
pub fn first_load(dist: &Path) -> Vec<(String, [usize; 3])> {
    first_load_files(dist)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dist.join(&name)).unwrap_or_default();
            // The copies the build already compressed, when they are there.
            let compressed = |suffix: &str, compress: fn(&[u8]) -> Vec<u8>| {
                std::fs::metadata(dist.join(format!("{name}{suffix}")))
                    .map(|m| m.len() as usize)
                    .unwrap_or_else(|_| compress(&bytes).len())
            };
            let sizes = [
                bytes.len(),
                compressed(".gz", gzip),
                compressed(".br", brotli),
            ];
            (name, sizes)
        })
        .collect()
}

/// Prints the first-load table.
pub fn report(dist: &Path) {
    let rows = first_load(dist);
    println!("First load (everything index.html pulls in):");
    println!("{:>10} {:>10} {:>10}  file", "raw", "gzip", "brotli");
    for (name, sizes) in &rows {
        println!("{:>10} {:>10} {:>10}  {name}", sizes[0], sizes[1], sizes[2]);
    }
    let total = sum(&rows, |_| true);
    println!(
        "{:>10} {:>10} {:>10}  total (bytes)",
        total[0], total[1], total[2]
    );
    let counted = sum(&rows, counts);
    println!(
        "{:>10} {:>10} {:>10}  of which html, JavaScript, WebAssembly and CSS (the budget's count)",
        counted[0], counted[1], counted[2]
    );
    if let Some(app) = rows
        .iter()
        .find_map(|(name, _)| name.strip_suffix("/settle_bg.wasm"))
    {
        later_loads(&dist.join(app));
    }
}

/// The sizes (raw, gzip, brotli) of the rows whose file name is `counted`, added up.
fn sum(rows: &[(String, [usize; 3])], counted: impl Fn(&str) -> bool) -> [usize; 3] {
    let mut total = [0; 3];
    for (_, sizes) in rows.iter().filter(|(name, _)| counted(name)) {
        for (sum, size) in total.iter_mut().zip(sizes) {
            *sum += size;
        }
    }
    total
}

/// The split points the report names, by the start of their name, in customers' words.
const SPLIT_POINTS: [(&str, &str); 10] = [
    (
        "spanish_tables",
        "the Spanish texts, before the first screen in Spanish",
    ),
    ("show_invoice_list", "the invoice list"),
    ("show_other_pages", "every other page"),
    ("sync_once", "the sync"),
    ("start_checkout", "the checkout request"),
    ("check", "a backend profile's checks"),
    (
        "fit_brand",
        "the brand's checks and colours, when there is a brand",
    ),
    ("sign_in", "signing in, once the code is sent"),
    ("sign_out", "signing out"),
    ("choose_account", "choosing an account with the switcher"),
];

/// What the browser fetches later, when a split point is first reached: its module and
/// the chunks it shares with others (a chunk fetched once counts again here).
fn later_loads(app: &Path) {
    let Ok(text) = std::fs::read_to_string(crate::wasm::split_modules_file()) else {
        return;
    };
    let needs: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(&text).unwrap_or_default();
    println!("Fetched when first needed, with the code each shares with others (brotli):");
    for (prefix, what) in SPLIT_POINTS {
        let Some((_, modules)) = needs.iter().find(|(name, _)| name.starts_with(prefix)) else {
            continue;
        };
        let bytes: u64 = modules
            .iter()
            .map(|module| {
                std::fs::metadata(app.join(format!("{module}.wasm.br"))).map_or(0, |m| m.len())
            })
            .sum();
        println!("{bytes:>32}  {what} ({} modules)", modules.len());
    }
}

/// First-load budget, brotli bytes of html, JavaScript, WebAssembly and CSS.
pub const FIRST_LOAD_BUDGET: usize = 150_000;
/// Whole-app budget: every such file the app can ever fetch, brotli.
pub const WHOLE_APP_BUDGET: usize = 400_000;

/// What counts towards a budget: the page, its scripts, its modules and its styles.
fn counts(name: &str) -> bool {
    [".html", ".js", ".wasm", ".css"]
        .iter()
        .any(|ending| name.ends_with(ending))
}

/// Brotli bytes of every file under `dist` that counts, the build's own `.br` copy
/// where there is one.
pub fn whole_app(dist: &Path) -> usize {
    fn walk(folder: &Path, total: &mut usize) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.to_string_lossy();
            if path.is_dir() {
                walk(&path, total);
            } else if counts(&name) {
                *total += std::fs::metadata(format!("{name}.br"))
                    .map(|m| m.len() as usize)
                    .unwrap_or_else(|_| brotli(&std::fs::read(&path).unwrap_or_default()).len());
            }
        }
    }
    let mut total = 0;
    walk(dist, &mut total);
    total
}

/// `cargo xtask size`: the report, where the bytes go, then the budgets, which fail the
/// command when either is broken.
pub fn check(dist: &Path, unsplit: &Path) -> Result<()> {
    report(dist);
    contributors(unsplit)?;
    let first: usize = first_load(dist)
        .iter()
        .filter(|(name, _)| counts(name))
        .map(|(_, sizes)| sizes[2])
        .sum();
    let whole = whole_app(dist);
    println!("\nBudgets (brotli bytes):");
    let mut broken = Vec::new();
    for (what, measured, budget) in [
        ("first load", first, FIRST_LOAD_BUDGET),
        ("whole app", whole, WHOLE_APP_BUDGET),
    ] {
        let holds = measured <= budget;
        println!(
            "{measured:>10} of {budget:>8}  {what}: {}",
            if holds { "holds" } else { "over" }
        );
        if !holds {
            broken.push(format!("the {what} is {} bytes over", measured - budget));
        }
    }
    if broken.is_empty() {
        Ok(())
    } else {
        Err(format!("over budget: {}", broken.join("; ")))
    }
}

/// The crates and functions with the most code in the unsplit, unoptimised module, so
/// the next engineer sees where bytes go. Sizes are before wasm-opt and compression:
/// read them as shares, not as what a customer downloads.
fn contributors(unsplit: &Path) -> Result<()> {
    let twiggy = crate::tools::twiggy()?;
    let mut top = crate::command::cmd(
        &twiggy.to_string_lossy(),
        &["top", "--format", "csv", "-n", "1000000"],
    );
    top.arg(unsplit);
    let csv = crate::command::output(top).ok_or("twiggy could not read the app's WebAssembly")?;
    let items: Vec<(String, usize)> = csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields = csv_fields(line);
            Some((fields.first()?.clone(), fields.get(1)?.parse().ok()?))
        })
        // What the build strips: names, relocations, bindgen's notes and descriptors.
        .filter(|(name, _)| {
            !name.starts_with("custom section")
                && !name.contains("function names")
                && !name.starts_with("__wbindgen_describe")
        })
        .collect();
    let code: usize = items.iter().map(|(_, size)| size).sum();
    let mut by_crate: std::collections::BTreeMap<String, usize> = Default::default();
    for (name, size) in &items {
        *by_crate.entry(crate_of(name)).or_default() += size;
    }
    let mut by_crate: Vec<_> = by_crate.into_iter().collect();
    by_crate.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    println!(
        "\nWhere the bytes go (unsplit module before wasm-opt, {code} bytes of code and data):"
    );
    for (name, size) in by_crate.iter().take(15) {
        println!(
            "{size:>10} {:>5.1}%  crate {name}",
            *size as f64 * 100.0 / code as f64
        );
    }
    println!("Largest functions:");
    for (name, size) in items
        .iter()
        .filter(|(name, _)| name.contains("::"))
        .take(10)
    {
        let short: String = name.chars().take(110).collect();
        println!("{size:>10}  {short}");
    }
    Ok(())
}

/// The crate an item's name starts in: `settle_core[…]::intents::…` is `settle_core`;
/// `<either_of[…]::EitherOf15<…> as …>` is `either_of`. Data and tables are `data`.
fn crate_of(name: &str) -> String {
    let trimmed = name.trim_start_matches(['<', '&', '*']);
    let trimmed = trimmed.strip_prefix("dyn ").unwrap_or(trimmed);
    let trimmed = trimmed.strip_prefix("mut ").unwrap_or(trimmed);
    // `<_ as tachys[…]::IntoAny>::into_any`: a type without a name; the trait's crate.
    let trimmed = trimmed.strip_prefix("_ as ").unwrap_or(trimmed);
    if !name.contains("::") {
        return "data and tables".to_owned();
    }
    trimmed
        .split(['[', ':', '<', ' '])
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The fields of one CSV line, quotes and doubled quotes undone.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::{crate_of, csv_fields};

    #[test]
    fn reads_quoted_csv_fields() {
        assert_eq!(
            csv_fields(r#""<a[1]::B<c, d> as e>::f",120,1.5,,"#),
            ["<a[1]::B<c, d> as e>::f", "120", "1.5", "", ""]
        );
        assert_eq!(
            csv_fields(r#""data segment "".rodata""",9"#),
            [r#"data segment ".rodata""#, "9"]
        );
    }

    #[test]
    fn names_the_crate_an_item_starts_in() {
        assert_eq!(
            crate_of("settle_core[c1e0]::intents::Intent::path"),
            "settle_core"
        );
        assert_eq!(
            crate_of("<either_of[4d2a]::EitherOf15<x> as y>::choose"),
            "either_of"
        );
        assert_eq!(
            crate_of("<&mut serde_json[13]::de::Deserializer as z>::f"),
            "serde_json"
        );
        assert_eq!(
            crate_of("<_ as tachys[83]::view::IntoAny>::into_any"),
            "tachys"
        );
        assert_eq!(crate_of("data segment \".rodata\""), "data and tables");
    }
}
