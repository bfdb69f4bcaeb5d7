//! The end-to-end tests: Playwright in headless Chromium against the release build of the
//! app, served by a fresh reference server with demo data that mails its sign-in codes
//! through a real SMTP server, where the tests read them. `cargo xtask e2e --repeat N`
//! runs the whole suite N times, each against a server of its own, and names every test
//! that failed in any run: a test that passes only sometimes is a bug to find.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::command::{cmd, root, Result};
use crate::relay::Relay;
use crate::test::TestServer;
use crate::{build, tools};

/// What one run of the suite came to.
#[derive(Default)]
pub struct Run {
    pub passed: u64,
    pub failed: u64,
    /// Each failed test as `file › title`.
    pub failures: Vec<String>,
}

/// What the suite needs, built once for any number of runs.
pub struct Build {
    dist: PathBuf,
    server_binary: PathBuf,
    datasette: PathBuf,
    aiosmtpd: PathBuf,
    icalendar: PathBuf,
}

impl Build {
    pub fn new() -> Result<Build> {
        Ok(Build {
            dist: build::app_release()?,
            server_binary: build::server(false)?,
            datasette: crate::python::datasette()?,
            aiosmtpd: crate::python::aiosmtpd()?,
            icalendar: crate::python::icalendar()?,
        })
    }

    /// Runs the suite once against a server of its own; `args` go to Playwright.
    pub fn run(&self, args: &[String]) -> (Run, Result<()>) {
        self.run_config("tests/e2e/playwright.config.mjs", args)
    }

    /// Runs Playwright with the config `config` (the suite's, or the screenshots') once,
    /// against a server of its own.
    pub fn run_config(&self, config: &str, args: &[String]) -> (Run, Result<()>) {
        let (relay, server) = match self.start_servers() {
            Ok(started) => started,
            Err(error) => return (Run::default(), Err(error)),
        };
        let mut playwright = cmd("npx", &["playwright", "test", "--config", config]);
        // Some tests start servers of their own (a new version of the app, say): they
        // mail through the same relay.
        relay.mail_through(&mut playwright);
        playwright
            .args(args)
            .env("SETTLE_URL", &server.url)
            .env("SETTLE_ADMIN_TOKEN", &server.admin_token)
            .env("SETTLE_SERVER_BINARY", &self.server_binary)
            .env("SETTLE_APP_DIR", &self.dist)
            .env("SETTLE_DATASETTE", &self.datasette)
            .env("SETTLE_ICALENDAR_PYTHON", &self.icalendar)
            .env("CHROMIUM", tools::CHROMIUM);
        let report = report_file();
        let _ = std::fs::remove_file(&report);
        let ran = crate::command::run(playwright);
        let run = std::fs::read_to_string(&report)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .map(|json| read_report(&json))
            .unwrap_or_default();
        (run, ran)
    }

    /// The mail relay, and the server mailing its codes through it.
    fn start_servers(&self) -> Result<(Relay, TestServer)> {
        let relay = Relay::start(&self.aiosmtpd, root().join("artifacts/e2e-mail"))?;
        let mut command = cmd(&self.server_binary.to_string_lossy(), &[]);
        command.arg("--app-dir").arg(&self.dist);
        relay.mail_through(&mut command);
        let server = TestServer::start_command(command, "server")?;
        Ok((relay, server))
    }
}

fn report_file() -> PathBuf {
    root().join("artifacts/e2e-report.json")
}

/// `cargo xtask e2e [--repeat N] [playwright args…]`.
pub fn only(args: &[String]) -> Result<()> {
    let (repeat, args) = repeat_of(args)?;
    tools::for_tests()?;
    let suite = Build::new()?;
    if repeat == 1 {
        let (run, result) = suite.run(&args);
        println!("{} passed, {} failed", run.passed, run.failed);
        return result;
    }
    repeated(&suite, repeat, &args)
}

fn repeated(suite: &Build, repeat: u32, args: &[String]) -> Result<()> {
    let mut failed_in: BTreeMap<String, u32> = BTreeMap::new();
    let mut lines = Vec::new();
    for number in 1..=repeat {
        println!("\n=== End-to-end run {number} of {repeat} ===");
        let (run, result) = suite.run(args);
        // A run that failed without a report (the server did not start) counts as such.
        let broke = result.is_err() && run.failed == 0;
        let _ = std::fs::copy(
            report_file(),
            root().join(format!("artifacts/e2e-report-run-{number}.json")),
        );
        lines.push(format!(
            "run {number}: {} passed, {} failed{}",
            run.passed,
            run.failed,
            if broke {
                " (the run itself failed)"
            } else {
                ""
            }
        ));
        for failure in run.failures {
            *failed_in.entry(failure).or_default() += 1;
        }
        if broke {
            *failed_in.entry("(the run itself)".into()).or_default() += 1;
        }
    }
    println!("\n=== {repeat} end-to-end runs ===");
    lines.iter().for_each(|line| println!("{line}"));
    if failed_in.is_empty() {
        println!("every test passed in all {repeat} runs");
        return Ok(());
    }
    println!("failed in some run:");
    for (test, times) in &failed_in {
        println!("  {test}: failed in {times} of {repeat} runs");
    }
    Err(format!("{} tests failed in some run", failed_in.len()))
}

/// Takes `--repeat N` out of the arguments.
fn repeat_of(args: &[String]) -> Result<(u32, Vec<String>)> {
    let mut rest = Vec::new();
    let mut repeat = 1;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--repeat" {
            repeat = args
                .next()
                .and_then(|n| n.parse().ok())
                .filter(|&n: &u32| n >= 1)
                .ok_or("--repeat takes a number of runs, 1 or more")?;
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((repeat, rest))
}

/// Counts and failed tests from Playwright's JSON report.
fn read_report(json: &serde_json::Value) -> Run {
    let stats = &json["stats"];
    let number = |key: &str| stats[key].as_u64().unwrap_or(0);
    let mut run = Run {
        passed: number("expected") + number("flaky"),
        failed: number("unexpected"),
        failures: Vec::new(),
    };
    collect_failures(json, &mut run.failures);
    run
}

fn collect_failures(suite: &serde_json::Value, into: &mut Vec<String>) {
    let list = |key: &str| suite[key].as_array().cloned().unwrap_or_default();
    for spec in list("specs") {
        let failed = spec["tests"]
            .as_array()
            .is_some_and(|tests| tests.iter().any(|test| test["status"] == "unexpected"));
        if failed {
            let file = spec["file"].as_str().unwrap_or("?");
            let line = spec["line"].as_u64().unwrap_or(0);
            let title = spec["title"].as_str().unwrap_or("?");
            into.push(format!("{file}:{line} › {title}"));
        }
    }
    for inner in list("suites") {
        collect_failures(&inner, into);
    }
}

#[cfg(test)]
mod tests {
    use super::{read_report, repeat_of};

    #[test]
    fn takes_the_repeat_count_out_of_playwrights_arguments() {
        let args: Vec<String> = ["--repeat", "5", "tabs.spec.mjs"].map(String::from).into();
        let (repeat, rest) = repeat_of(&args).unwrap();
        assert_eq!(repeat, 5);
        assert_eq!(rest, ["tabs.spec.mjs"]);
        assert!(repeat_of(&["--repeat".into(), "0".into()]).is_err());
        assert!(repeat_of(&["--repeat".into()]).is_err());
    }

    #[test]
    fn names_each_failed_test_from_the_report() {
        let report = serde_json::json!({
            "stats": { "expected": 3, "unexpected": 1, "flaky": 0 },
            "suites": [{
                "specs": [
                    { "file": "a.spec.mjs", "line": 4, "title": "passes",
                      "tests": [{ "status": "expected" }] },
                ],
                "suites": [{ "specs": [
                    { "file": "b.spec.mjs", "line": 9, "title": "fails",
                      "tests": [{ "status": "unexpected" }] },
                ]}],
            }],
        });
        let run = read_report(&report);
        assert_eq!((run.passed, run.failed), (3, 1));
        assert_eq!(run.failures, ["b.spec.mjs:9 › fails"]);
    }
}
