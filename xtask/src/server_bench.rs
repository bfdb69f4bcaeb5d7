//! The server benchmark of `cargo xtask bench` (alone: `cargo xtask bench server`), against
//! the release server with the demo data. Two measures:
//!
//! - Throughput: the request the app sends on every sync when nothing changed (`GET
//!   /api/v1/sync?checkpoint=…` with the customer's session cookie, answered with an empty
//!   page) beside `GET /healthz`, each with wrk at 1 and 64 connections: requests per
//!   second and p99 latency. The goal is the sync at half of `/healthz`'s rate or better.
//! - The first sync of the demo customer with 10,000 invoices: every page from no
//!   checkpoint, as the app pulls them, asking for brotli or gzip as a browser does; wall
//!   time and the body bytes as sent, and as decoded.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::command::{cmd, root, Result};
use crate::test::TestServer;

/// The demo customer whose sync is measured for throughput (a few dozen records).
const EVERYDAY_CUSTOMER: &str = "alex@example.com";
/// The demo customer with 10,000 invoices.
const BULK_CUSTOMER: &str = "bulk@example.com";
/// What the browser says it accepts; the app's requests go out with it.
const ACCEPT_ENCODING: &str = "br, gzip";
/// The header the server wants on state-changing requests (as the app sends it).
const CSRF_HEADER: &str = "X-Settle-Csrf";
/// How long each wrk case runs, after a warm-up of its own.
const DURATION: &str = "10s";
const WARM_UP: &str = "2s";
/// Runs of the first sync; the median is reported.
const FIRST_SYNC_RUNS: usize = 5;

/// `cargo xtask bench server`: builds the release server and runs only this benchmark.
/// It needs none of the app's files, so it serves dist/ as it is (built or not).
pub fn only() -> Result<()> {
    let server_binary = crate::build::server(true)?;
    report(&server_binary, &root().join("dist"))
}

/// Starts the release server on fresh demo data and prints both measures.
pub fn report(server_binary: &Path, dist: &Path) -> Result<()> {
    if !crate::tools::has_program("wrk") {
        crate::tools::system_packages(&["wrk"])?;
    }
    let server = TestServer::start(server_binary, dist)?;
    println!("\n=== Sync with nothing changed beside /healthz (wrk, one server) ===");
    let client = Client::new(&server);
    let cookie = client.sign_in(EVERYDAY_CUSTOMER)?;
    let checkpoint = client.first_sync(&cookie)?.checkpoint;
    let sync_url = format!("{}/api/v1/sync?checkpoint={checkpoint}", server.url);
    let unchanged = client.get(&sync_url, &cookie)?;
    let page: serde_json::Value = serde_json::from_slice(&unchanged.decoded)
        .map_err(|e| format!("GET {sync_url}: not a sync page: {e}"))?;
    if page["items"] != serde_json::json!([]) || page["more"] != serde_json::json!(false) {
        return Err(format!(
            "the sync at the last checkpoint was not empty: {}",
            unchanged.text()
        ));
    }
    println!(
        "{EVERYDAY_CUSTOMER}'s sync with nothing changed: GET {sync_url}, answered with \
         {} bytes ({})",
        unchanged.wire.len(),
        unchanged.encoding.as_deref().unwrap_or("identity"),
    );
    let healthz_url = format!("{}/healthz", server.url);
    let headers = [
        format!("Cookie: {cookie}"),
        format!("Accept-Encoding: {ACCEPT_ENCODING}"),
    ];
    println!(
        "| connections | sync req/s | sync p99 | /healthz req/s | /healthz p99 | sync / healthz |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (connections, threads) in [(1, 1), (64, 2)] {
        let sync = wrk(&sync_url, &headers, connections, threads)?;
        let healthz = wrk(&healthz_url, &headers, connections, threads)?;
        println!(
            "| {connections} | {:.0} | {:.2} ms | {:.0} | {:.2} ms | {:.2}x |",
            sync.requests_per_second,
            sync.p99_ms,
            healthz.requests_per_second,
            healthz.p99_ms,
            sync.requests_per_second / healthz.requests_per_second,
        );
    }

    println!("\n=== First sync of the customer with 10,000 invoices ===");
    let cookie = client.sign_in(BULK_CUSTOMER)?;
    let mut runs = Vec::new();
    for _ in 0..FIRST_SYNC_RUNS {
        runs.push(client.first_sync(&cookie)?);
    }
    runs.sort_by_key(|run| run.took);
    let median = &runs[runs.len() / 2];
    println!(
        "{} items in {} pages; {} ms median (min {} ms, max {} ms) over {} runs; \
         {} bytes on the wire ({}), {} decoded",
        median.items,
        median.pages,
        median.took.as_millis(),
        runs[0].took.as_millis(),
        runs[runs.len() - 1].took.as_millis(),
        runs.len(),
        median.wire_bytes,
        median.encodings.join(", "),
        median.decoded_bytes,
    );
    if median.encodings == ["identity"] {
        println!(
            "The server sent them uncompressed; gzip (level 6) would have made them {} bytes.",
            median
                .bodies
                .iter()
                .map(|body| gzip_size(body))
                .sum::<usize>()
        );
    }
    Ok(())
}

/// What wrk measured for one case.
struct Throughput {
    requests_per_second: f64,
    p99_ms: f64,
}

/// Runs wrk against `url` for [`WARM_UP`], then again for [`DURATION`], and reads the
/// second run.
fn wrk(url: &str, headers: &[String], connections: u32, threads: u32) -> Result<Throughput> {
    let run = |duration: &str| {
        let connections = connections.to_string();
        let threads = threads.to_string();
        let mut command = cmd(
            "wrk",
            &[
                "--latency",
                "-c",
                &connections,
                "-t",
                &threads,
                "-d",
                duration,
            ],
        );
        for header in headers {
            command.arg("-H").arg(header);
        }
        command.arg(url);
        let out = command
            .output()
            .map_err(|e| format!("could not start wrk: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            return Err(format!("wrk failed on {url}: {text}"));
        }
        Ok(text)
    };
    run(WARM_UP)?;
    let text = run(DURATION)?;
    if text.contains("Non-2xx or 3xx responses") || text.contains("Socket errors") {
        return Err(format!("wrk saw failed requests on {url}:\n{text}"));
    }
    parse_wrk(&text).ok_or_else(|| format!("cannot read wrk's output:\n{text}"))
}

/// Requests per second and the 99% latency line of `wrk --latency`'s output.
fn parse_wrk(text: &str) -> Option<Throughput> {
    let field = |label: &str| {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(label))
            .map(str::trim)
    };
    let requests_per_second = field("Requests/sec:")?.parse().ok()?;
    let p99 = field("99%")?;
    let split = p99.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = p99.split_at(split);
    let factor = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        _ => return None,
    };
    Some(Throughput {
        requests_per_second,
        p99_ms: number.parse::<f64>().ok()? * factor,
    })
}

/// One answer: the body as sent, and its encoding.
struct Answer {
    encoding: Option<String>,
    wire: Vec<u8>,
    decoded: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.decoded).into_owned()
    }
}

/// A first sync: every page from no checkpoint.
struct FirstSync {
    took: Duration,
    pages: usize,
    items: usize,
    wire_bytes: usize,
    decoded_bytes: usize,
    /// Each page's body, decoded.
    bodies: Vec<Vec<u8>>,
    /// The encodings the pages came in, each once.
    encodings: Vec<String>,
    checkpoint: String,
}

/// Requests to the server as the app makes them.
struct Client<'a> {
    agent: ureq::Agent,
    server: &'a TestServer,
}

impl<'a> Client<'a> {
    fn new(server: &'a TestServer) -> Client<'a> {
        Client {
            agent: ureq::Agent::new_with_defaults(),
            server,
        }
    }

    /// Signs the demo customer `email` in with the code from the server's log; answers
    /// the session cookie as a `Cookie` header's value.
    fn sign_in(&self, email: &str) -> Result<String> {
        let before = self.codes_in_log(email).len();
        self.post("/api/v1/session/code", &format!(r#"{{"email":"{email}"}}"#))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let code = loop {
            if let Some(code) = self.codes_in_log(email).get(before) {
                break code.clone();
            }
            if Instant::now() > deadline {
                return Err(format!("no sign-in code for {email} in the server's log"));
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let response = self.post(
            "/api/v1/session",
            &format!(r#"{{"email":"{email}","code":"{code}","shared_device":false}}"#),
        )?;
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .ok_or("signing in set no cookie")?;
        Ok(set_cookie.split(';').next().unwrap_or_default().to_owned())
    }

    /// Every sign-in code the server has logged for `email`, oldest first.
    fn codes_in_log(&self, email: &str) -> Vec<String> {
        let log = std::fs::read_to_string(&self.server.log).unwrap_or_default();
        let marker = format!("Sign-in code for {email}: ");
        log.split(&marker)
            .skip(1)
            .map(|rest| rest.chars().take(6).collect())
            .collect()
    }

    fn post(&self, path: &str, json: &str) -> Result<ureq::http::Response<ureq::Body>> {
        let url = format!("{}{path}", self.server.url);
        self.agent
            .post(&url)
            .header(CSRF_HEADER, "1")
            .header("Content-Type", "application/json")
            .send(json)
            .map_err(|e| format!("POST {url}: {e}"))
    }

    /// A GET with the session cookie, asking for brotli or gzip.
    fn get(&self, url: &str, cookie: &str) -> Result<Answer> {
        let mut response = self
            .agent
            .get(url)
            .header("Cookie", cookie)
            .header("Accept-Encoding", ACCEPT_ENCODING)
            .call()
            .map_err(|e| format!("GET {url}: {e}"))?;
        let encoding = response
            .headers()
            .get("content-encoding")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let wire = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .map_err(|e| format!("GET {url}: {e}"))?;
        let decoded = decode(encoding.as_deref(), &wire).map_err(|e| format!("GET {url}: {e}"))?;
        Ok(Answer {
            encoding,
            wire,
            decoded,
        })
    }

    /// Pulls every page from no checkpoint, as the app's first sync does: the first
    /// request without a checkpoint, each next one with the checkpoint of the page
    /// before, until a page says there is no more.
    fn first_sync(&self, cookie: &str) -> Result<FirstSync> {
        let started = Instant::now();
        let mut sync = FirstSync {
            took: Duration::ZERO,
            pages: 0,
            items: 0,
            wire_bytes: 0,
            decoded_bytes: 0,
            bodies: Vec::new(),
            encodings: Vec::new(),
            checkpoint: String::new(),
        };
        loop {
            let mut url = format!("{}/api/v1/sync", self.server.url);
            if sync.pages > 0 {
                url.push_str(&format!("?checkpoint={}", sync.checkpoint));
            }
            let answer = self.get(&url, cookie)?;
            let page: serde_json::Value = serde_json::from_slice(&answer.decoded)
                .map_err(|e| format!("GET {url}: not a sync page: {e}"))?;
            sync.pages += 1;
            sync.items += page["items"].as_array().map_or(0, Vec::len);
            sync.wire_bytes += answer.wire.len();
            sync.decoded_bytes += answer.decoded.len();
            let encoding = answer.encoding.unwrap_or_else(|| "identity".to_owned());
            if !sync.encodings.contains(&encoding) {
                sync.encodings.push(encoding);
            }
            sync.checkpoint = page["checkpoint"]
                .as_str()
                .ok_or_else(|| format!("GET {url}: a page without a checkpoint"))?
                .to_owned();
            sync.bodies.push(answer.decoded);
            if page["more"] != serde_json::Value::Bool(true) {
                break;
            }
        }
        sync.took = started.elapsed();
        Ok(sync)
    }
}

/// The size of `body` compressed with gzip at level 6.
fn gzip_size(body: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    std::io::Write::write_all(&mut encoder, body).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}

/// A body decoded from its `Content-Encoding`.
fn decode(encoding: Option<&str>, wire: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut decoded = Vec::new();
    match encoding {
        None | Some("identity") => decoded.extend_from_slice(wire),
        Some("br") => {
            brotli::Decompressor::new(wire, 4096).read_to_end(&mut decoded)?;
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(wire).read_to_end(&mut decoded)?;
        }
        Some(other) => {
            return Err(std::io::Error::other(format!(
                "an encoding not asked for: {other}"
            )))
        }
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::parse_wrk;

    #[test]
    fn reads_wrk_latency_output() {
        let text = "\
Running 10s test @ http://127.0.0.1:1/healthz
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    52.10us   20.00us   1.20ms   95.00%
  Latency Distribution
     50%   48.00us
     75%   55.00us
     90%   63.00us
     99%  142.00us
  181234 requests in 10.00s, 20.00MB read
Requests/sec:  18123.40
Transfer/sec:      2.00MB
";
        let throughput = parse_wrk(text).unwrap();
        assert_eq!(throughput.requests_per_second, 18123.40);
        assert!((throughput.p99_ms - 0.142).abs() < 1e-9);
        let slow = text.replace("142.00us", "1.50s");
        assert_eq!(parse_wrk(&slow).unwrap().p99_ms, 1500.0);
    }
}
