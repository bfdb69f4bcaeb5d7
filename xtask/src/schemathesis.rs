//! The API fuzzing step of `cargo xtask test`: schemathesis generates requests from
//! docs/openapi.json, the copy of the document the server generates (a test keeps it
//! current), valid and invalid ones, in every phase it has, and checks each answer against
//! the document, against a live debug server with demo data, signed in as a demo customer
//! and holding the back-office token. Any finding fails the step.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::build::target_dir;
use crate::command::{cmd, root, Result};
use crate::test::{Outcome, TestServer};

/// The version known to work with the document and settings here.
const VERSION: &str = "4.32.5";
/// The demo customer the run signs in as.
const EMAIL: &str = "alex@example.com";
/// Examples per operation and phase: enough to find mismatches, and the run stays within
/// a few minutes on a small machine.
const MAX_EXAMPLES: &str = "50";

pub fn run_step(server_binary: &Path) -> Outcome {
    let mut outcome = Outcome {
        passed: 0,
        failed: 0,
        result: Ok(()),
    };
    let result = install().and_then(|st| fuzz(&st, server_binary, &mut outcome));
    outcome.result = result;
    outcome
}

/// schemathesis in its own virtual environment under target/, installed once.
fn install() -> Result<PathBuf> {
    crate::python::venv_program("schemathesis", "schemathesis", VERSION, "st")
}

fn fuzz(st: &Path, server_binary: &Path, outcome: &mut Outcome) -> Result<()> {
    // Secure cookies give the cookie its documented `__Host-` name; over plain HTTP the
    // runner sends it itself.
    let command = cmd(&server_binary.to_string_lossy(), &["--secure-cookies"]);
    let server = TestServer::start_command(command, "server-schemathesis")?;
    let session = sign_in(&server)?;
    let config = root().join("server/schemathesis.toml");
    let document = root().join("docs/openapi.json");
    let mut fuzz = cmd(
        &st.to_string_lossy(),
        &[
            "--config-file",
            &config.to_string_lossy(),
            "run",
            &document.to_string_lossy(),
            "--url",
            &format!("{}/api/v1", server.url),
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--workers",
            "2",
            // Signing out would end the session the rest of the run uses.
            "--exclude-operation-id",
            "signOut",
            // schemathesis cannot generate a PDF body; the API tests cover this upload.
            "--exclude-operation-id",
            "putStatementPdf",
            "--no-color",
        ],
    );
    // schemathesis keeps its state (a cache, past failures) in the folder it runs in.
    fuzz.current_dir(target_dir().join("schemathesis"))
        .env("SETTLE_SESSION", &session)
        .env("SETTLE_ADMIN_TOKEN", &server.admin_token)
        .stdout(std::process::Stdio::piped());
    let shown = crate::command::describe(&fuzz);
    println!("$ {shown}");
    let child = fuzz
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let finished = child.wait_with_output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&finished.stdout);
    print!("{text}");
    let (generated, failures) = counts(&text);
    outcome.failed = failures.max(u64::from(!finished.status.success()));
    outcome.passed = generated.saturating_sub(outcome.failed);
    println!("schemathesis: {generated} cases, {failures} failures");
    if finished.status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({})", finished.status))
    }
}

/// From schemathesis's summary line `N generated, …, N unique failures, …`: how many cases
/// it generated and how many distinct failures it found.
fn counts(text: &str) -> (u64, u64) {
    let line = text
        .lines()
        .rev()
        .find(|line| line.contains(" generated"))
        .unwrap_or("");
    let number_before = |label: &str| -> u64 {
        line.split(',')
            .find_map(|part| {
                let part = part.trim();
                let at = part.find(label)?;
                part[..at].trim().rsplit(' ').next()?.parse().ok()
            })
            .unwrap_or(0)
    };
    (
        number_before(" generated"),
        number_before(" unique failure"),
    )
}

/// Signs the demo customer in as the app would: asks for a code, reads it from the
/// server's log (the demo prints it there), and returns the session cookie's value.
fn sign_in(server: &TestServer) -> Result<String> {
    let before = sent_codes(&server.log).len();
    let (status, _) = post(
        &server.url,
        "/api/v1/session/code",
        &format!(r#"{{"email":"{EMAIL}"}}"#),
    )?;
    if status != 202 {
        return Err(format!("asking for a sign-in code answered {status}"));
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Some(code) = sent_codes(&server.log).get(before) {
            break code.clone();
        }
        if Instant::now() > deadline {
            return Err("the server printed no sign-in code within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (status, head) = post(
        &server.url,
        "/api/v1/session",
        &format!(r#"{{"email":"{EMAIL}","code":"{code}"}}"#),
    )?;
    let cookie = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, value)| value.trim().strip_prefix("__Host-settle_session="))
        .and_then(|rest| rest.split(';').next());
    match cookie {
        Some(token) if status == 200 => Ok(token.to_owned()),
        _ => Err(format!("signing in answered {status} without a session")),
    }
}

/// Every code the log shows sent to [`EMAIL`], oldest first.
fn sent_codes(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let prefix = format!("Sign-in code for {EMAIL}: ");
    text.lines()
        .filter_map(|line| line.strip_prefix(&prefix))
        .map(|code| code.trim().to_owned())
        .collect()
}

/// A JSON POST with the CSRF header over plain HTTP/1.1; returns the status and the head.
/// Two requests do not justify an HTTP client dependency.
fn post(base: &str, path: &str, body: &str) -> Result<(u16, String)> {
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).map_err(|e| format!("cannot reach {base}: {e}"))?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         X-Settle-Csrf: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| e.to_string())?;
    let head = response.split("\r\n\r\n").next().unwrap_or("").to_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Ok((status, head))
}

#[cfg(test)]
mod tests {
    use super::counts;

    #[test]
    fn reads_the_summary_line() {
        let text = "Test cases:\n  3559 generated, 1 found 1 unique failure, 130 skipped\n";
        assert_eq!(counts(text), (3559, 1));
        assert_eq!(counts("  2218 generated, 2218 passed\n"), (2218, 0));
        assert_eq!(counts("nothing"), (0, 0));
    }
}
