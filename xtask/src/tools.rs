//! Installs what the build and the tests need, when it is missing: the wasm32 target and
//! the standard library's source (the release build rebuilds it for size),
//! wasm-bindgen-cli (the Cargo.lock version), the npm tooling (wasm-opt, terser, lightningcss and
//! Playwright), and Chromium with its driver and HAProxy from the system's packages.

use std::path::Path;

use crate::command::{cmd, output, root, run, Result};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Where Debian's `haproxy` package puts the program.
pub const HAPROXY: &str = "/usr/sbin/haproxy";

/// Everything `cargo xtask run` needs.
pub fn for_build() -> Result<()> {
    wasm_target()?;
    rust_components(&["rust-src"])?;
    wasm_bindgen()?;
    npm_packages()
}

/// Everything `cargo xtask test` needs on top of the build.
pub fn for_tests() -> Result<()> {
    for_build()?;
    rust_components(&["rustfmt", "clippy"])?;
    chromium()
}

fn wasm_target() -> Result<()> {
    let installed = output(cmd("rustup", &["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|line| line == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]))
}

fn rust_components(components: &[&str]) -> Result<()> {
    let installed =
        output(cmd("rustup", &["component", "list", "--installed"])).unwrap_or_default();
    for &component in components {
        if !installed.lines().any(|line| line.starts_with(component)) {
            run(cmd("rustup", &["component", "add", component]))?;
        }
    }
    Ok(())
}

/// The wasm-bindgen version Cargo.lock pins: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock does not pin wasm-bindgen".into())
}

/// The twiggy release `cargo xtask size` reads the WebAssembly with, under target/.
const TWIGGY_VERSION: &str = "0.8.0";

/// twiggy, the WebAssembly code size profiler, installed from crates under target/twiggy.
pub fn twiggy() -> Result<std::path::PathBuf> {
    let folder = crate::build::target_dir().join("twiggy");
    let program = folder.join("bin/twiggy");
    let have = output(cmd(&program.to_string_lossy(), &["--version"])).unwrap_or_default();
    if have.ends_with(TWIGGY_VERSION) {
        return Ok(program);
    }
    println!("Installing twiggy {TWIGGY_VERSION}…");
    let mut install = cmd(
        "cargo",
        &[
            "install",
            "twiggy",
            "--locked",
            "--version",
            TWIGGY_VERSION,
            "--root",
        ],
    );
    install.arg(&folder);
    run(install)?;
    Ok(program)
}

fn wasm_bindgen() -> Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let have = output(cmd("wasm-bindgen", &["--version"])).unwrap_or_default();
    let runner = output(cmd("wasm-bindgen-test-runner", &["--version"])).unwrap_or_default();
    if have == format!("wasm-bindgen {wanted}") && runner.ends_with(&wanted) {
        return Ok(());
    }
    println!("Installing wasm-bindgen-cli {wanted}…");
    let locked = cmd(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--locked",
            "--version",
            &wanted,
        ],
    );
    // Its own lock file can name crates the registry does not have yet.
    run(locked).or_else(|_| {
        run(cmd(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &wanted],
        ))
    })
}

pub fn npm_packages() -> Result<()> {
    let root = root();
    if !has_program("npm") {
        system_packages(&["nodejs", "npm"])?;
    }
    let installed = root.join("node_modules/.package-lock.json");
    if is_newer(&installed, &root.join("package-lock.json")) {
        return Ok(());
    }
    run(cmd("npm", &["ci", "--no-audit", "--no-fund"]))
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    system_packages(&["chromium", "chromium-driver"])
}

/// HAProxy, for the server's test of several instances behind a load balancer.
pub fn haproxy() -> Result<&'static Path> {
    if !Path::new(HAPROXY).exists() {
        println!("Installing HAProxy for the server tests…");
        system_packages(&["haproxy"])?;
    }
    if Path::new(HAPROXY).exists() {
        Ok(Path::new(HAPROXY))
    } else {
        Err(format!("haproxy was installed but {HAPROXY} is not there"))
    }
}

/// Installs Debian packages (as root, or through sudo).
pub fn system_packages(packages: &[&str]) -> Result<()> {
    let as_root = output(cmd("id", &["-u"])).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        if as_root {
            cmd("apt-get", args)
        } else {
            let mut all = vec!["apt-get"];
            all.extend_from_slice(args);
            cmd("sudo", &all)
        }
    };
    run(apt(&["update"]))?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend_from_slice(packages);
    let mut command = apt(&install);
    command.env("DEBIAN_FRONTEND", "noninteractive");
    run(command)
}

pub fn has_program(name: &str) -> bool {
    output(cmd("sh", &["-c", &format!("command -v {name}")])).is_some()
}

/// True when `a` exists and was modified no earlier than `b`.
fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}
