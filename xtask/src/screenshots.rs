//! `cargo xtask screenshots`: every page at phone size and wide, signed in as demo
//! customers with their data, written to docs/screenshots/ as PNG for the README. The
//! release build and the fresh reference server are the end-to-end tests'; the spec and
//! its Playwright config are in tests/screenshots/, apart from the suite.

use crate::command::{root, Result};
use crate::{e2e, tools};

pub fn run() -> Result<()> {
    tools::for_tests()?;
    std::fs::create_dir_all(root().join("docs/screenshots"))
        .map_err(|e| format!("docs/screenshots: {e}"))?;
    let suite = e2e::Build::new()?;
    let (run, result) = suite.run_config("tests/screenshots/playwright.config.mjs", &[]);
    println!("{} passed, {} failed", run.passed, run.failed);
    result?;
    println!("Screenshots written to docs/screenshots/");
    Ok(())
}
