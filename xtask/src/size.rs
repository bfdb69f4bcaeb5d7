//! The app's first-load size: every file index.html pulls in, raw and compressed.

use std::io::Write;
use std::path::Path;

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
    let counted = sum(&rows, |name| {
        [".html", ".js", ".wasm", ".css"]
            .iter()
            .any(|ending| name.ends_with(ending))
    });
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
const SPLIT_POINTS: [(&str, &str); 9] = [
    (
        "spanish_tables",
        "the Spanish texts, before the first screen in Spanish",
    ),
    ("show_invoice_list", "the invoice list"),
    ("show_other_pages", "every other page"),
    ("sync_once", "the sync"),
    ("start_checkout", "the checkout request"),
    ("check", "a backend profile's checks"),
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
