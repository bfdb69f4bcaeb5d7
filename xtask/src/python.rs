//! Python programs the tests use (schemathesis, datasette, aiosmtpd, icalendar), each
//! pinned and installed from PyPI into its own virtual environment under target/, once.

use std::path::PathBuf;

use crate::build::target_dir;
use crate::command::{cmd, output, run, Result};

/// The datasette release the example backend in tests/backends/datasette is checked
/// against: 1.0 alphas change the JSON API between releases.
pub const DATASETTE_VERSION: &str = "1.0a41";

/// Installs `package==version` into the virtual environment target/`venv` unless it is
/// there already at that version.
fn install(venv: &std::path::Path, package: &str, version: &str) -> Result<()> {
    println!(
        "Installing {package} {version} from PyPI into {}…",
        venv.display()
    );
    run(cmd("python3", &["-m", "venv", &venv.to_string_lossy()]))?;
    let pip = venv.join("bin/pip");
    run(cmd(
        &pip.to_string_lossy(),
        &["install", "--quiet", &format!("{package}=={version}")],
    ))
}

/// `program` from `package==version`, in the virtual environment target/`venv`:
/// installed when missing or of another version (its `--version` must end with it).
pub fn venv_program(venv: &str, package: &str, version: &str, program: &str) -> Result<PathBuf> {
    let venv = target_dir().join(venv);
    let path = venv.join("bin").join(program);
    let installed = output(cmd(&path.to_string_lossy(), &["--version"])).unwrap_or_default();
    if installed.ends_with(version) {
        return Ok(path);
    }
    install(&venv, package, version)?;
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

/// The icalendar release the calendar tests read the app's `.ics` files with.
pub const ICALENDAR_VERSION: &str = "7.3.0";

/// The Python of a virtual environment holding icalendar (a library, without a program
/// of its own), for the calendar tests' reader, tests/e2e/read-calendar.py.
pub fn icalendar() -> Result<PathBuf> {
    let venv = target_dir().join("icalendar");
    let python = venv.join("bin/python");
    let check = "import importlib.metadata as m; print(m.version('icalendar'))";
    let installed = output(cmd(&python.to_string_lossy(), &["-c", check])).unwrap_or_default();
    if installed.trim() != ICALENDAR_VERSION {
        install(&venv, "icalendar", ICALENDAR_VERSION)?;
    }
    Ok(python)
}
