//! Python programs the tests use (schemathesis, datasette, aiosmtpd), each pinned and
//! installed from PyPI into its own virtual environment under target/, once.

use std::path::PathBuf;

use crate::build::target_dir;
use crate::command::{cmd, output, run, Result};

/// The datasette release the example backend in tests/backends/datasette is checked
/// against: 1.0 alphas change the JSON API between releases.
pub const DATASETTE_VERSION: &str = "1.0a41";

/// `program` from `package==version`, in the virtual environment target/`venv`:
/// installed when missing or of another version (its `--version` must end with it).
pub fn venv_program(venv: &str, package: &str, version: &str, program: &str) -> Result<PathBuf> {
    let venv = target_dir().join(venv);
    let path = venv.join("bin").join(program);
    let installed = output(cmd(&path.to_string_lossy(), &["--version"])).unwrap_or_default();
    if installed.ends_with(version) {
        return Ok(path);
    }
    println!(
        "Installing {package} {version} from PyPI into {}…",
        venv.display()
    );
    run(cmd("python3", &["-m", "venv", &venv.to_string_lossy()]))?;
    let pip = venv.join("bin/pip");
    run(cmd(
        &pip.to_string_lossy(),
        &["install", "--quiet", &format!("{package}=={version}")],
    ))?;
    Ok(path)
}

/// datasette, for the end-to-end test against it.
pub fn datasette() -> Result<PathBuf> {
    venv_program("datasette", "datasette", DATASETTE_VERSION, "datasette")
}

/// The aiosmtpd release the server's mail tests run against (a real SMTP server).
pub const AIOSMTPD_VERSION: &str = "1.4.6";

/// aiosmtpd, for the server's sign-in mail tests.
pub fn aiosmtpd() -> Result<PathBuf> {
    venv_program("aiosmtpd", "aiosmtpd", AIOSMTPD_VERSION, "aiosmtpd")
}
