//! Building the app and the server, and `cargo xtask run`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::command::{cmd, root, run as run_command, Result};
use crate::{size, tools, wasm};

/// Builds the app in release mode into dist/: the page, its styles and the static files of
/// `public/`, then the WebAssembly split by page (see `wasm`). Writes a brotli and a gzip
/// copy beside each text asset and module, which the server sends as they are.
pub fn app_release() -> Result<PathBuf> {
    tools::for_build()?;
    let dist = root().join("dist");
    if is_up_to_date(&dist) {
        println!("The app in dist/ is up to date.");
        return Ok(dist);
    }
    page(&dist)?;
    wasm::build(&dist)?;
    service_worker(&dist)?;
    precompress(&dist)?;
    Ok(dist)
}

/// Starts dist/ afresh with index.html, the styles under a name that changes with their
/// content (so they can be cached for good), and the files of public/.
fn page(dist: &Path) -> Result<()> {
    let root = root();
    if dist.exists() {
        std::fs::remove_dir_all(dist).map_err(|e| format!("cannot empty dist/: {e}"))?;
    }
    std::fs::create_dir_all(dist).map_err(|e| format!("cannot make dist/: {e}"))?;
    let read =
        |path: &str| std::fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: {e}"));
    let styles = read("style/main.css")?;
    let styles_name = format!("main-{}.css", content_hash(&styles));
    minify_styles(&root.join("style/main.css"), &dist.join(&styles_name))?;
    let index = read("index.html")?;
    let linked = index.replacen("/style/main.css", &format!("/{styles_name}"), 1);
    if linked == index {
        return Err("index.html no longer links /style/main.css".into());
    }
    std::fs::write(dist.join("index.html"), linked).map_err(|e| format!("dist/: {e}"))?;
    let public = root.join("public");
    for path in files_within(&public)? {
        // At the same path below dist/ as below public/: /brands/northwind.svg is served
        // at that URL.
        let name = path.strip_prefix(&public).map_err(|e| e.to_string())?;
        // The profile schema is for people writing profiles, not for the app.
        if name == Path::new("profile.schema.json") {
            continue;
        }
        let target = dist.join(name);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        std::fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Writes the styles without their comments and spaces, which the first load carries.
fn minify_styles(source: &Path, target: &Path) -> Result<()> {
    let (source, target) = (source.to_string_lossy(), target.to_string_lossy());
    run_command(cmd("lightningcss", &["--minify", &source, "-o", &target]))
}

/// Writes this build into the service worker: its id (from index.html, which names every
/// hashed asset) and the files of the app shell to keep for offline use. A new build thus
/// gives a new worker, which the browser notices.
fn service_worker(dist: &Path) -> Result<()> {
    let read = |name: &str| {
        std::fs::read_to_string(dist.join(name)).map_err(|e| format!("dist/{name}: {e}"))
    };
    let index = read("index.html")?;
    let worker = read("sw.js")?;
    let build = content_hash(&index);
    let mut shell = vec!["/".to_string()];
    for path in files_within(dist)? {
        let name = path
            .strip_prefix(dist)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .into_owned();
        let precompressed = name.ends_with(".br") || name.ends_with(".gz");
        // The backend profile and the brand are the host's to replace or remove after the
        // build, so the worker fetches them fresh and keeps its own copy instead
        // (public/sw.js).
        let host_file = name.ends_with("profile.json") || name == "brand.json";
        if !precompressed && !host_file && name != "sw.js" && name != "index.html" {
            shell.push(format!("/{name}"));
        }
    }
    shell.sort();
    let shell = serde_json::to_string(&shell).map_err(|e| e.to_string())?;
    let filled = worker
        .replacen(
            "const BUILD = 'development';",
            &format!("const BUILD = '{build}';"),
            1,
        )
        .replacen(
            "const SHELL = ['/'];",
            &format!("const SHELL = {shell};"),
            1,
        );
    if filled == worker {
        return Err("public/sw.js no longer has the BUILD and SHELL lines to fill in".into());
    }
    std::fs::write(dist.join("sw.js"), filled).map_err(|e| format!("dist/sw.js: {e}"))
}

/// True when dist/ was built after the last change to anything the app is built from,
/// so a re-run skips the build (whose wasm-opt passes alone take tens of seconds).
fn is_up_to_date(dist: &Path) -> bool {
    let Some(built) = modified(&dist.join("index.html.br")) else {
        return false;
    };
    let root = root();
    // The build's own steps count too: a change of flags or tools makes another app.
    let inputs = [
        "src",
        "core/src",
        "style",
        "public",
        "index.html",
        "Cargo.toml",
        "Cargo.lock",
        "core/Cargo.toml",
        "package-lock.json",
        "xtask/src/build.rs",
        "xtask/src/wasm.rs",
    ];
    inputs
        .iter()
        .all(|input| newest(&root.join(input)).is_some_and(|changed| changed <= built))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest modification time of a file, or of anything in a folder.
fn newest(path: &Path) -> Option<std::time::SystemTime> {
    let own = modified(path)?;
    let Ok(entries) = std::fs::read_dir(path) else {
        return Some(own);
    };
    entries
        .flatten()
        .filter_map(|entry| newest(&entry.path()))
        .chain(std::iter::once(own))
        .max()
}

/// Builds the server; `release` for `run`, debug for the tests (faster to build).
/// `cargo xtask build`: what a deployment needs, built for release.
pub fn for_deploying() -> Result<()> {
    let dist = app_release()?;
    let server = server(true)?;
    println!("The app (static files): {}", dist.display());
    println!("The server: {}", server.display());
    Ok(())
}

pub fn server(release: bool) -> Result<PathBuf> {
    let mut args = vec!["build", "--package", "settle-server"];
    if release {
        args.push("--release");
    }
    run_command(cmd("cargo", &args))?;
    let profile = if release { "release" } else { "debug" };
    Ok(target_dir().join(profile).join("settle-server"))
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn precompress(dist: &Path) -> Result<()> {
    for path in files_within(dist)? {
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "js" | "css" | "wasm" | "json" | "svg" | "webmanifest")
        );
        if !compressible {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let write = |suffix: &str, data: Vec<u8>| {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            std::fs::write(&name, data).map_err(|e| format!("{}: {e}", path.display()))
        };
        write(".br", size::brotli(&bytes))?;
        write(".gz", size::gzip(&bytes))?;
    }
    Ok(())
}

/// Every file in a folder and its subfolders, in order of their paths.
pub fn files_within(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        std::fs::read_dir(folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_within(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A name for `content` that changes whenever it does: 16 hex digits of its hash. For
/// cache busting within one build machine, not for security.
pub fn content_hash(content: &impl std::hash::Hash) -> String {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    content.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// `cargo xtask run [--port N] [--brand FILE] [server flags…]`: build everything and start
/// the server with demo data, serving `FILE` as `/brand.json` when given (else Settle's own
/// brand). Extra flags go to the server (`--help` lists them).
pub fn run(args: &[String]) -> Result<()> {
    let args = brand_path_resolved(args)?;
    let dist = app_release()?;
    size::report(&dist);
    let server = server(true)?;
    let mut command = cmd(&server.to_string_lossy(), &["--demo", "--app-dir"]);
    command
        .arg(&dist)
        .arg("--data-dir")
        .arg(root().join("data"));
    command.args(args);
    println!("Starting the server (Ctrl-C stops it; the demo data stays in ./data)…");
    std::io::stdout().flush().ok();
    exec(command)
}

/// The arguments with `--brand`'s file made absolute: the server starts in the workspace
/// root, but the file is named from where the command was given.
fn brand_path_resolved(args: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let file = match arg.strip_prefix("--brand=") {
            Some(file) => file,
            None if arg == "--brand" => args.next().ok_or("--brand takes a brand.json file")?,
            None => {
                out.push(arg.clone());
                continue;
            }
        };
        let path = std::fs::canonicalize(file).map_err(|e| format!("--brand {file}: {e}"))?;
        out.push("--brand".into());
        out.push(path.to_string_lossy().into_owned());
    }
    Ok(out)
}

/// Replaces this process with the server, so Ctrl-C reaches the server alone and it
/// shuts down cleanly.
#[cfg(unix)]
fn exec(mut command: std::process::Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    Err(format!("could not start the server: {}", command.exec()))
}

#[cfg(not(unix))]
fn exec(command: std::process::Command) -> Result<()> {
    run_command(command)
}
