//! `cargo xtask test`: every check and test suite, in order, stopping at the first failure,
//! then one summary line: `N passed, N failed`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::command::{cmd, describe, root, Result};
use crate::{build, tools};

/// Where the server's mail tests find the aiosmtpd program.
const AIOSMTPD_ENV: &str = "SETTLE_TEST_AIOSMTPD";
/// Where the server's load-balancer tests find HAProxy (they run on PostgreSQL only).
const HAPROXY_ENV: &str = "SETTLE_TEST_HAPROXY";

/// Test counts across every suite.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

/// What a suite run outside cargo reports: its counts and whether it passed.
pub struct Outcome {
    pub passed: u64,
    pub failed: u64,
    pub result: Result<()>,
}

pub fn run() -> Result<()> {
    let started = Instant::now();
    let mut tally = Tally::default();
    let result = tools::for_tests().and_then(|()| suites(&mut tally));
    if result.is_err() && tally.failed == 0 {
        // A check that is not a test (formatting, lints, a build) failed.
        tally.failed = 1;
    }
    println!("\nFinished in {}s.", started.elapsed().as_secs());
    println!("{} passed, {} failed", tally.passed, tally.failed);
    result
}

fn suites(tally: &mut Tally) -> Result<()> {
    step("Formatting", cmd("cargo", &["fmt", "--all", "--check"]))?;
    step(
        "Lints (native)",
        cmd(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    )?;
    step(
        "Lints (wasm32)",
        cmd(
            "cargo",
            &[
                "clippy",
                "--package",
                "settle",
                "--all-targets",
                "--target",
                "wasm32-unknown-unknown",
                // As the release build is: with its split points.
                "--features",
                "split",
                "--",
                "-D",
                "warnings",
            ],
        ),
    )?;
    // The server's sign-in mail tests send through a real SMTP server.
    let aiosmtpd = crate::python::aiosmtpd()?;
    // The app is only ever run in a browser, so its tests run there; everything else
    // runs natively.
    let mut native = cmd("cargo", &["test", "--workspace", "--exclude", "settle"]);
    native.env(AIOSMTPD_ENV, &aiosmtpd);
    cargo_tests(tally, "Native tests", native)?;
    // The server's integration tests again, on PostgreSQL: the server supports both.
    // Every file in server/tests, so a new one runs on both without being named here.
    // Three instances behind HAProxy, as docs/deploy.md sets them up, among them.
    let haproxy = tools::haproxy()?;
    let cluster = crate::postgres::Cluster::start()?;
    // The PostgreSQL-only tests are ignored by a plain `cargo test`; here they run.
    let mut on_postgres = cmd(
        "cargo",
        &[
            "test",
            "-p",
            "settle-server",
            "--test",
            "*",
            "--",
            "--include-ignored",
        ],
    );
    on_postgres
        .env(crate::postgres::URL_ENV, &cluster.url)
        .env(AIOSMTPD_ENV, &aiosmtpd)
        .env(HAPROXY_ENV, haproxy);
    cargo_tests(tally, "Server tests (PostgreSQL)", on_postgres)?;
    drop(cluster);
    heading("API fuzzing against the OpenAPI document (schemathesis, real server)");
    let cases = crate::schemathesis::run_step(&build::server(false)?);
    tally.passed += cases.passed;
    tally.failed += cases.failed;
    cases.result?;
    let mut browser = cmd(
        "cargo",
        &[
            "test",
            "--package",
            "settle",
            "--target",
            "wasm32-unknown-unknown",
            "--tests",
        ],
    );
    browser
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", tools::CHROMEDRIVER);
    cargo_tests(
        tally,
        "Browser tests (wasm-bindgen, headless Chromium)",
        browser,
    )?;

    heading("End-to-end tests (Playwright, headless Chromium, real server)");
    let (run, result) = crate::e2e::Build::new().map_or_else(
        |error| (crate::e2e::Run::default(), Err(error)),
        |suite| suite.run(&[]),
    );
    tally.passed += run.passed;
    tally.failed += run.failed;
    result?;

    heading("Chaos campaign (seeded faults, headless Chromium, real server)");
    let chaos = crate::chaos::Build::new()?;
    for &seed in crate::chaos::TEST_SEEDS {
        let campaign = crate::chaos::Campaign {
            seed,
            intents: crate::chaos::TEST_INTENTS,
        };
        // Each campaign counts as one test.
        let ran = chaos.run(&campaign);
        if ran.is_ok() {
            tally.passed += 1;
        } else {
            tally.failed += 1;
        }
        ran?;
    }
    Ok(())
}

fn heading(title: &str) {
    println!("\n=== {title} ===");
}

fn step(title: &str, command: Command) -> Result<()> {
    heading(title);
    crate::command::run(command)
}

/// Runs `cargo test`, echoing its output and adding up its `test result:` lines.
fn cargo_tests(tally: &mut Tally, title: &str, mut command: Command) -> Result<()> {
    heading(title);
    let shown = describe(&command);
    println!("$ {shown}");
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines().map_while(|line| line.ok()) {
        println!("{line}");
        if let Some(result) = line.strip_prefix("test result: ") {
            tally.passed += count(result, " passed");
            tally.failed += count(result, " failed");
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// The number before `label` in a line like `ok. 12 passed; 0 failed; …`.
fn count(line: &str, label: &str) -> u64 {
    line.split(';')
        .find_map(|part| part.trim().strip_suffix(label.trim_start()))
        .and_then(|number| number.trim().rsplit(' ').next()?.parse().ok())
        .unwrap_or(0)
}

/// The reference server on a free port with fresh demo data, stopped when dropped.
pub struct TestServer {
    child: Child,
    pub url: String,
    pub log: PathBuf,
    /// The back-office token, one that only this server knows.
    pub admin_token: String,
    data: PathBuf,
}

impl TestServer {
    pub fn start(binary: &Path, dist: &Path) -> Result<TestServer> {
        let mut command = cmd(&binary.to_string_lossy(), &[]);
        command.arg("--app-dir").arg(dist);
        TestServer::start_command(command, "server")
    }

    /// Starts `command` (the server binary with any extra flags) with demo data in a fresh
    /// folder and a fresh back-office token, logging to artifacts/`name`.log.
    pub fn start_command(mut command: Command, name: &str) -> Result<TestServer> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let admin_token = format!("{name}-{}-{nanos}", std::process::id());
        command.env("SETTLE_ADMIN_TOKEN", &admin_token);
        let artifacts = root().join("artifacts");
        std::fs::create_dir_all(&artifacts).map_err(|e| e.to_string())?;
        let data = std::env::temp_dir().join(format!("settle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let log = artifacts.join(format!("{name}.log"));
        let log_file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        command
            .args(["--demo", "--port", "0"])
            .arg("--data-dir")
            .arg(&data)
            .env_remove("DATABASE_URL")
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file);
        let child = command
            .spawn()
            .map_err(|e| format!("could not start the server: {e}"))?;
        let mut server = TestServer {
            child,
            url: String::new(),
            log,
            admin_token,
            data,
        };
        server.url = server.wait_for_address()?;
        println!(
            "Server under test: {} (log: {})",
            server.url,
            server.log.display()
        );
        Ok(server)
    }

    fn wait_for_address(&mut self) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            if let Some(rest) = text.split("Settle is running at ").nth(1) {
                let url = rest.lines().next().unwrap_or("").trim_end_matches('/');
                return Ok(url.to_string());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the server exited ({status}); see {}",
                    self.log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("the server did not start within 60 s".into())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn reads_cargo_test_result_lines() {
        let line = "ok. 12 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out";
        assert_eq!(count(line, " passed"), 12);
        assert_eq!(count(line, " failed"), 3);
        assert_eq!(count("FAILED. 0 passed; 1 failed;", " failed"), 1);
    }
}
