//! Builds the app's WebAssembly split by page: the first load carries the shell, the
//! store, sign-in and the overview; the invoice list, the other pages (together), the
//! sync, the Spanish texts, the profile checker and the checkout request are modules of
//! their own that the browser fetches when first needed (SPEC §7's first-load budget).
//!
//! The steps: compile, with the standard library rebuilt for size and the relocations
//! kept (the splitter needs them to move code); split at the `#[lazy]` points; run
//! wasm-bindgen on the main module; minify the JavaScript and shrink the modules; copy
//! them into `dist/app-<hash>/` and load them from index.html. One folder named by the
//! content keeps the modules' relative imports intact while letting the server cache
//! them for a year.

use std::path::{Path, PathBuf};

use crate::build::{content_hash, files_within, target_dir};
use crate::command::{cmd, run, Result};

const TARGET: &str = "wasm32-unknown-unknown";
/// The features wasm-opt may use: those of every browser Settle supports.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds the modules into `dist/app-<hash>/` and adds to `dist/index.html` what loads
/// them.
pub fn build(dist: &Path) -> Result<()> {
    let compiled = compile()?;
    let work = target_dir().join("app-split");
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    }
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    split(&compiled, &work)?;
    bindgen(&work)?;
    minify_scripts(&work)?;
    optimise(&work)?;
    let folder = publish(&work, dist)?;
    load_from_index(dist, &folder)
}

fn compile() -> Result<PathBuf> {
    let mut build = cmd(
        "cargo",
        &[
            "build",
            "--release",
            "--target",
            TARGET,
            "--bin",
            "settle",
            "--features",
            "split",
            // The standard library rebuilt for size, with the app: its prebuilt copy
            // carries the panic machinery (messages, formatting, file names), which a
            // customer never sees. About 22 KB brotli of the first load.
            "-Zbuild-std=std,panic_abort",
            "-Zbuild-std-features=optimize_for_size",
        ],
    );
    // Rebuilding std takes flags that are still unstable; this build alone may use them
    // on the stable toolchain. The tests and `cargo build` stay fully stable.
    build.env("RUSTC_BOOTSTRAP", "1");
    let mut flags = vec![
        // Keeps the linker's relocations in the output: they say which code refers
        // to which, so the splitter can move a page's functions and data out and
        // patch the references.
        "-Clink-args=--emit-relocs".to_string(),
        // A panic aborts without unwinding, but still reaches the panic hook with
        // its message and location, so a panic in the field can be diagnosed.
        "-Cpanic=abort".to_string(),
        // A derived `Debug` prints the type's or variant's name only: the app shows no
        // struct's fields to anyone, and the field-by-field code is kilobytes.
        "-Zfmt-debug=shallow".to_string(),
    ];
    // A panic's location names its source file: written from the crate's own folder
    // rather than from the build machine's root, the names are shorter, the same on
    // every machine, and say nothing of where it was built.
    flags.extend(
        source_roots()?
            .into_iter()
            .map(|(from, to)| format!("--remap-path-prefix={}={to}", from.display())),
    );
    build.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        flags.join(" "),
    );
    run(build)?;
    Ok(unsplit())
}

/// The folders the compiled sources live in, each with the short name a panic's location
/// gives it: the workspace, the standard library and each registry's crates (in folders
/// named like `index.crates.io-1949cf8c6b5b557f`).
fn source_roots() -> Result<Vec<(PathBuf, &'static str)>> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let sysroot = crate::command::output(cmd("rustc", &["--print", "sysroot"]))
        .ok_or("`rustc --print sysroot` failed")?;
    let mut roots = vec![
        (crate::command::root(), "settle"),
        (
            PathBuf::from(sysroot.trim()).join("lib/rustlib/src/rust"),
            "rust",
        ),
    ];
    if let Ok(registries) = std::fs::read_dir(cargo_home.join("registry").join("src")) {
        roots.extend(
            registries
                .filter_map(|e| e.ok())
                .map(|e| (e.path(), "crates")),
        );
    }
    Ok(roots)
}

/// The app's WebAssembly as the compiler left it: one module, with its function names.
pub fn unsplit() -> PathBuf {
    target_dir()
        .join(TARGET)
        .join("release")
        .join("settle.wasm")
}

fn split(compiled: &Path, work: &Path) -> Result<()> {
    let input = std::fs::read(compiled).map_err(|e| format!("{}: {e}", compiled.display()))?;
    let main = work.join("split-main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = work;
    options.main_out_path = &main;
    options.main_module = "./settle.js";
    options.target.web();
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting the app's WebAssembly failed: {e:#}"))?;
    println!(
        "Split the app's WebAssembly into a main module and {} loaded on demand.",
        split.split_modules.len()
    );
    // Which modules each split point fetches, for the size report.
    let needs: std::collections::BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    let needs = serde_json::to_string_pretty(&needs).map_err(|e| e.to_string())?;
    let path = split_modules_file();
    std::fs::write(&path, needs).map_err(|e| format!("{}: {e}", path.display()))
}

/// Where the build notes, for each split point, the modules (without `.wasm`) the browser
/// fetches when it is first reached: its own and the chunks of code it shares with others.
pub fn split_modules_file() -> PathBuf {
    target_dir().join("app-split-modules.json")
}

fn bindgen(work: &Path) -> Result<()> {
    let main = work.join("split-main.wasm");
    let out_dir = work.to_string_lossy();
    run(cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            // The split modules call into the main one through the linker's exports.
            "--keep-lld-exports",
            "--out-dir",
            &out_dir,
            "--out-name",
            "settle",
            &main.to_string_lossy(),
        ],
    ))?;
    std::fs::remove_file(&main).map_err(|e| format!("{}: {e}", main.display()))
}

/// Minifies the JavaScript: wasm-bindgen's glue and the splitter's loader, both in the
/// first load, are written to be read (about 2.4 KB of the first load, brotli).
fn minify_scripts(work: &Path) -> Result<()> {
    for script in files_within(work)?
        .into_iter()
        .filter(|p| has_extension(p, "js"))
    {
        let path = script.to_string_lossy();
        run_quietly(cmd(
            "terser",
            &[&path, "--module", "--compress", "--mangle", "-o", &path],
        ))?;
    }
    Ok(())
}

/// Shrinks every module: wasm-opt for the large ones, on all cores. The small ones (a few
/// of the splitter's shared modules are a few hundred bytes of glue) only lose their
/// custom sections (function names and the like, which the browser does not use), since
/// each wasm-opt run costs about a second.
fn optimise(work: &Path) -> Result<()> {
    const WORTH_WASM_OPT: u64 = 16 * 1024;
    let mut large = Vec::new();
    for module in files_within(work)?
        .into_iter()
        .filter(|p| has_extension(p, "wasm"))
    {
        let size = std::fs::metadata(&module).map_or(0, |m| m.len());
        if size >= WORTH_WASM_OPT {
            large.push(module);
        } else {
            let bytes = std::fs::read(&module).map_err(|e| format!("{}: {e}", module.display()))?;
            let stripped =
                strip_custom_sections(&bytes).map_err(|e| format!("{}: {e}", module.display()))?;
            std::fs::write(&module, stripped).map_err(|e| format!("{}: {e}", module.display()))?;
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(module) = large.get(index) else {
                        return Ok(());
                    };
                    let path = module.to_string_lossy();
                    let mut args = vec!["-Oz"];
                    args.extend_from_slice(WASM_FEATURES);
                    args.extend_from_slice(&[&path, "-o", &path]);
                    run_quietly(cmd("wasm-opt", &args))?;
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|handle| handle.join().expect("a wasm-opt worker panicked"))
    })
}

/// A module without its custom sections (id 0). A module is an 8-byte header and then
/// sections, each an id byte, its length as unsigned LEB128, and that many bytes.
fn strip_custom_sections(module: &[u8]) -> Result<Vec<u8>> {
    const HEADER: usize = 8;
    if module.len() < HEADER || &module[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let mut kept = module[..HEADER].to_vec();
    let mut at = HEADER;
    while at < module.len() {
        let id = module[at];
        let (length, digits) = leb128(&module[at + 1..])?;
        let end = at + 1 + digits + length;
        if end > module.len() {
            return Err("a section runs past the end of the module".into());
        }
        if id != 0 {
            kept.extend_from_slice(&module[at..end]);
        }
        at = end;
    }
    Ok(kept)
}

/// An unsigned LEB128 number and how many bytes it took.
fn leb128(bytes: &[u8]) -> Result<(usize, usize)> {
    let mut value = 0usize;
    for (index, byte) in bytes.iter().take(5).enumerate() {
        value |= usize::from(byte & 0x7f) << (7 * index);
        if byte & 0x80 == 0 {
            return Ok((value, index + 1));
        }
    }
    Err("a section length is cut short or too long".into())
}

/// Runs without echoing the command line, and keeps wasm-opt's warnings about the name
/// sections the splitter writes to itself unless the run fails: there is one per module.
fn run_quietly(mut command: std::process::Command) -> Result<()> {
    let shown = crate::command::describe(&command);
    let out = command
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        let said = String::from_utf8_lossy(&out.stderr);
        Err(format!("`{shown}` failed ({}):\n{said}", out.status))
    }
}

/// Copies the modules into a folder of dist/ named by their content; returns its name.
fn publish(work: &Path, dist: &Path) -> Result<String> {
    let modules = files_within(work)?;
    let mut contents = Vec::new();
    for module in &modules {
        let bytes = std::fs::read(module).map_err(|e| format!("{}: {e}", module.display()))?;
        contents.push((module.file_name(), bytes));
    }
    let folder = format!("app-{}", content_hash(&contents));
    let target = dist.join(&folder);
    std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
    for module in &modules {
        let name = module.file_name().expect("a file has a name");
        std::fs::copy(module, target.join(name))
            .map_err(|e| format!("{}: {e}", module.display()))?;
    }
    Ok(folder)
}

/// Preloads the main module and its loader of split modules, and starts the app.
fn load_from_index(dist: &Path, folder: &str) -> Result<()> {
    let path = dist.join("index.html");
    let index = std::fs::read_to_string(&path).map_err(|e| format!("dist/index.html: {e}"))?;
    let tags = format!(
        "<link rel=\"modulepreload\" href=\"/{folder}/settle.js\">\
         <link rel=\"modulepreload\" href=\"/{folder}/__wasm_split.js\">\
         <link rel=\"preload\" href=\"/{folder}/settle_bg.wasm\" as=\"fetch\" \
         type=\"application/wasm\" crossorigin>\n    \
         <script type=\"module\">import init from '/{folder}/settle.js'; \
         init({{ module_or_path: '/{folder}/settle_bg.wasm' }});</script>\n  </head>"
    );
    if !index.contains("</head>") {
        return Err("dist/index.html has no </head> to load the app before".into());
    }
    let index = index.replacen("</head>", &tags, 1);
    std::fs::write(&path, index).map_err(|e| format!("dist/index.html: {e}"))
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e == extension)
}

#[cfg(test)]
mod tests {
    use super::strip_custom_sections;

    #[test]
    fn custom_sections_go_and_the_others_stay_as_they_were() {
        let header = b"\0asm\x01\0\0\0".to_vec();
        let types = [1, 4, 1, 0x60, 0, 0]; // one type: () -> ()
        let mut names = vec![0, 7, 4];
        names.extend_from_slice(b"name");
        names.extend_from_slice(&[0, 0]);
        let mut module = header.clone();
        module.extend_from_slice(&names);
        module.extend_from_slice(&types);
        module.extend_from_slice(&names);
        let mut expected = header;
        expected.extend_from_slice(&types);
        assert_eq!(strip_custom_sections(&module).unwrap(), expected);
    }

    #[test]
    fn a_cut_module_is_refused() {
        let module = b"\0asm\x01\0\0\0\x01\x09\x01".to_vec();
        assert!(strip_custom_sections(&module).is_err());
        assert!(strip_custom_sections(b"<html>").is_err());
    }
}
