//! Three instances of the server binary on one PostgreSQL database behind a real HAProxy,
//! configured and started as docs/deploy.md ("Scaling out") says: a customer's whole
//! journey through the balancer, one idempotency key sent to all three at once, wrong
//! sign-in codes spread over the instances, and one instance killed mid-run.
//!
//! PostgreSQL only (SQLite is one file for one server): ignored by a plain `cargo test`,
//! and failing without SETTLE_TEST_POSTGRES_URL. `cargo xtask test` sets that, installs
//! HAProxy and names it in SETTLE_TEST_HAPROXY; run directly, the tests look for
//! `haproxy` on the PATH.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::process::{new_code, Process};
use support::world::{created, customer_with_account, raise, Ids};
use support::{
    assert_problem, fresh_database, latest, unique, value_of, BackOffice, Customer, ADMIN_TOKEN,
};

const HAPROXY_ENV: &str = "SETTLE_TEST_HAPROXY";

/// The section of docs/deploy.md the balancer and the instances are set up from.
const SECTION: &str = "## Scaling out";

/// The instances' and the balancer's addresses in the documented set-up.
const DOC_SERVERS: [&str; 3] = ["10.0.0.11:8080", "10.0.0.12:8080", "10.0.0.13:8080"];
const DOC_BIND: &str = "bind :443 ssl crt /etc/haproxy/certs/settle.pem";

/// The HAProxy program: named by xtask (then it must be there), else found on the PATH.
fn haproxy() -> PathBuf {
    if let Some(path) = std::env::var_os(HAPROXY_ENV).filter(|path| !path.is_empty()) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "{HAPROXY_ENV} names {}, which is not there: install Debian's `haproxy` package",
            path.display()
        );
        return path;
    }
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/sbin")])
        .map(|folder| folder.join("haproxy"))
        .find(|path| path.is_file());
    found.unwrap_or_else(|| {
        panic!(
            "HAProxy is needed for the balancer tests on PostgreSQL: install Debian's `haproxy` \
             package, set {HAPROXY_ENV} to the program, or run `cargo xtask test`"
        )
    })
}

/// The fenced block of `language` in the "Scaling out" section of docs/deploy.md.
fn documented(language: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/deploy.md");
    let doc = std::fs::read_to_string(&path).expect("docs/deploy.md is readable");
    let section = doc
        .split_once(SECTION)
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .unwrap_or_else(|| panic!("docs/deploy.md has a section {SECTION:?}"));
    let fence = format!("```{language}\n");
    let (_, block) = section
        .split_once(&fence)
        .unwrap_or_else(|| panic!("{SECTION:?} in docs/deploy.md has a {fence:?} block"));
    let block = block.split("\n```").next().unwrap();
    format!("{block}\n")
}

/// The documented instance command's flags, as the test can run them: on 127.0.0.1 and a
/// free port, serving `app_dir`, over plain HTTP (so without `--secure-cookies`, whose
/// cookies a client only sends over HTTPS), and with `--demo`, which prints sign-in codes
/// on the console where the test reads them (it cannot read a customer's mail).
fn instance_flags(app_dir: &Path) -> Vec<String> {
    let block = documented("sh").replace("\\\n", " ");
    let command = block
        .lines()
        .find(|line| line.trim_start().starts_with("settle-server "))
        .expect("the documented block starts settle-server");
    assert!(
        !command.contains(['\'', '"', '$']),
        "the documented command is plain words: {command}"
    );
    let mut words = command.split_whitespace().skip(1);
    let mut flags = Vec::new();
    let mut replaced = BTreeSet::new();
    while let Some(word) = words.next() {
        let ours = match word {
            "--host" => Some("127.0.0.1".to_owned()),
            "--port" => Some("0".to_owned()),
            "--app-dir" => Some(app_dir.display().to_string()),
            "--secure-cookies" => None,
            other => {
                flags.push(other.to_owned());
                continue;
            }
        };
        if let Some(ours) = ours {
            words.next().expect("the flag has a value");
            flags.extend([word.to_owned(), ours]);
        }
        replaced.insert(word);
    }
    assert_eq!(
        replaced.len(),
        4,
        "the documented command names --host, --port, --app-dir and --secure-cookies: {command}"
    );
    flags.push("--demo".into());
    flags
}

/// The documented HAProxy configuration, on `port` of 127.0.0.1 over plain HTTP, in front
/// of `instances`.
fn balancer_config(port: u16, instances: &[&str]) -> String {
    let mut config = documented("haproxy");
    let mut swap = |from: &str, to: &str| {
        assert_eq!(
            config.matches(from).count(),
            1,
            "the documented HAProxy configuration has {from:?} once"
        );
        config = config.replace(from, to);
    };
    swap(DOC_BIND, &format!("bind 127.0.0.1:{port}"));
    for (documented, instance) in DOC_SERVERS.iter().zip(instances) {
        swap(documented, instance);
    }
    config
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// HAProxy in the foreground, killed when dropped.
struct Balancer {
    child: Child,
    /// What it says on stderr (its warnings: servers going down and up).
    said: std::sync::mpsc::Receiver<String>,
}

impl Balancer {
    /// Waits until HAProxy says `server` (as `backend/server`) is down.
    fn wait_for_down(&self, server: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let down = format!("Server {server} is DOWN");
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .said
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("HAProxy did not take {server} out in 10 s"));
            if line.contains(&down) {
                return;
            }
        }
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Three instances on one fresh database, and the balancer in front of them.
struct Balanced {
    /// The balancer's address: every customer and back-office call goes here.
    base: String,
    instances: Vec<Process>,
    balancer: Balancer,
    folder: PathBuf,
}

impl BackOffice for Balanced {
    fn base(&self) -> &str {
        &self.base
    }
}

impl Drop for Balanced {
    fn drop(&mut self) {
        let _ = self.balancer.child.kill();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

impl Balanced {
    async fn start() -> Balanced {
        let haproxy = haproxy();
        let folder = std::env::temp_dir().join(unique("settle-balancer"));
        std::fs::create_dir_all(folder.join("dist")).unwrap();
        std::fs::write(folder.join("dist/index.html"), "<!doctype html>").unwrap();
        let database_url = fresh_database(&folder).await;
        let flags = instance_flags(&folder.join("dist"));
        let instances: Vec<Process> = std::thread::scope(|scope| {
            let starting: Vec<_> = (0..3)
                .map(|_| {
                    scope.spawn(|| {
                        let mut command = Process::command();
                        command
                            .args(&flags)
                            .env("DATABASE_URL", &database_url)
                            .env("SETTLE_ADMIN_TOKEN", ADMIN_TOKEN)
                            .env("RUST_LOG", "warn");
                        Process::spawn(command)
                    })
                })
                .collect();
            starting
                .into_iter()
                .map(|thread| thread.join().expect("each instance starts"))
                .collect()
        });
        let addresses: Vec<&str> = instances
            .iter()
            .map(|instance| instance.base.trim_start_matches("http://"))
            .collect();
        let port = free_port();
        let config = folder.join("haproxy.cfg");
        std::fs::write(&config, balancer_config(port, &addresses)).unwrap();
        let checked = Command::new(&haproxy)
            .arg("-c")
            .arg("-f")
            .arg(&config)
            .output()
            .unwrap_or_else(|error| panic!("cannot run {}: {error}", haproxy.display()));
        assert!(
            checked.status.success(),
            "HAProxy refuses the documented configuration: {}{}",
            String::from_utf8_lossy(&checked.stdout),
            String::from_utf8_lossy(&checked.stderr)
        );
        let mut child = Command::new(&haproxy)
            .arg("-db")
            .arg("-f")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", haproxy.display()));
        let stderr = child.stderr.take().unwrap();
        let (lines, said) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                // Shown when the test fails.
                println!("haproxy: {line}");
                if lines.send(line).is_err() {
                    return;
                }
            }
        });
        let mut balanced = Balanced {
            base: format!("http://127.0.0.1:{port}"),
            instances,
            balancer: Balancer { child, said },
            folder,
        };
        balanced.wait_until_ready().await;
        balanced
    }

    /// Polls the balancer's /readyz until an instance answers through it.
    async fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = Client::new();
        loop {
            let answer = client.get(format!("{}/readyz", self.base)).send().await;
            if answer.is_ok_and(|answer| answer.status() == StatusCode::OK) {
                return;
            }
            if let Ok(Some(status)) = self.balancer.child.try_wait() {
                panic!("HAProxy exited: {status}");
            }
            assert!(Instant::now() < deadline, "HAProxy did not start in 20 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Asks for a sign-in code through the balancer; the code whichever instance sent it.
    async fn code_for(&self, http: &Client, email: &str) -> String {
        let before: Vec<usize> = self
            .instances
            .iter()
            .map(|instance| instance.codes_printed(email))
            .collect();
        let asked = http
            .post(self.url("/api/v1/session/code"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": email }))
            .send()
            .await
            .unwrap();
        assert_eq!(asked.status(), StatusCode::ACCEPTED);
        let instances: Vec<&Process> = self.instances.iter().collect();
        new_code(&instances, email, &before).await
    }

    async fn try_code(&self, http: &Client, email: &str, code: &str) -> reqwest::Response {
        http.post(self.url("/api/v1/session"))
            .header("x-settle-csrf", "1")
            .json(&json!({ "email": email, "code": code, "shared_device": false }))
            .send()
            .await
            .unwrap()
    }

    /// A customer signed in through the balancer.
    async fn sign_in(&self, email: &str) -> Customer {
        let http = Client::builder().cookie_store(true).build().unwrap();
        let code = self.code_for(&http, email).await;
        let signed_in = self.try_code(&http, email, &code).await;
        let status = signed_in.status();
        let text = signed_in.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{text}");
        let session: Value = serde_json::from_str(&text).unwrap();
        Customer {
            http,
            base: self.base.clone(),
            id: session["customer_id"].as_str().unwrap().to_owned(),
            checkpoint: String::new(),
        }
    }
}

/// One instance's metrics, read from it directly.
async fn metrics(instance: &Process) -> String {
    let answer = reqwest::get(instance.url("/metrics")).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer.text().await.unwrap()
}

/// One instance's count of `series`.
async fn counted(instance: &Process, series: &str) -> f64 {
    value_of(&metrics(instance).await, series).unwrap_or(0.0)
}

/// How many API requests one instance answered, of any route and status.
async fn api_requests(instance: &Process) -> f64 {
    metrics(instance)
        .await
        .lines()
        .filter(|line| line.starts_with("settle_http_requests_total{"))
        .filter(|line| line.contains(r#"route="/api/v1"#))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// After signing in and raising a dispute: agrees the plan on offer, changes a
/// preference, and finds all of it in sync, through the balancer.
async fn finish_journey(customer: &mut Customer, ids: &Ids, dispute: &Value) {
    let plan = created(
        customer
            .post(
                &format!("/plan-offers/{}/accept", ids.offer),
                &json!({"offer_id": ids.offer, "terms_version": "2024-01",
                        "agreed_at": "2024-06-01T10:00:00Z", "channel": "app"}),
            )
            .await,
    )
    .await;
    let changed = customer
        .change_preferences(|preferences| preferences["max_contacts_per_week"] = json!(2))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);

    // Everything from the start.
    customer.checkpoint.clear();
    let records = latest(&customer.pull().await);
    let record = |kind: &str, id: &Value| {
        records
            .get(&(kind.to_owned(), id.as_str().unwrap().to_owned()))
            .unwrap_or_else(|| panic!("sync has the {kind} {id}: {records:#?}"))
    };
    assert_eq!(record("dispute", &dispute["id"])["amount"], "20.00");
    assert_eq!(record("plan", &plan["id"])["total_payable"], "200.00");
    assert_eq!(record("plan_offer", &json!(ids.offer)), &Value::Null);
    assert_eq!(
        record("preferences", &json!(customer.id))["max_contacts_per_week"],
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: cargo xtask test runs it"]
async fn a_customer_journey_goes_through_the_balancer() {
    support::require_postgres();
    let started = Instant::now();
    let balanced = Balanced::start().await;
    let ids = customer_with_account(&balanced, "journey").await;
    let mut customer = balanced.sign_in("journey@example.test").await;
    let dispute = raise(&customer, &ids, "20.00").await;
    finish_journey(&mut customer, &ids, &dispute).await;
    // Round robin, no stickiness: each instance answered its share of the journey.
    let mut answered = Vec::new();
    for instance in &balanced.instances {
        answered.push(api_requests(instance).await);
    }
    let total: f64 = answered.iter().sum();
    assert!(total >= 12.0, "{answered:?}");
    assert!(
        answered
            .iter()
            .all(|&count| count >= (total / 3.0).floor() - 1.0),
        "API requests per instance: {answered:?}"
    );
    println!("journey: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: cargo xtask test runs it"]
async fn one_key_sent_to_every_instance_at_once_has_one_effect_and_one_answer() {
    support::require_postgres();
    let balanced = Balanced::start().await;
    let ids = customer_with_account(&balanced, "keyed").await;
    let mut customer = balanced.sign_in("keyed@example.test").await;
    let rounds = 5;
    for round in 0..rounds {
        let key = format!("same-key-{round}");
        let body = json!({"invoice_id": ids.overdue_invoice, "reason": "not_received",
                          "currency": "GBP", "amount": "1.00", "description": format!("Round {round}")});
        // The session cookie is the database's, so any instance takes it.
        let send = |instance: &Process| {
            customer
                .http
                .post(instance.url("/api/v1/disputes"))
                .header("x-settle-csrf", "1")
                .header("idempotency-key", &key)
                .json(&body)
                .send()
        };
        let (one, two, three) = tokio::join!(
            send(&balanced.instances[0]),
            send(&balanced.instances[1]),
            send(&balanced.instances[2])
        );
        let mut answers = Vec::new();
        for answer in [one, two, three] {
            let answer = answer.unwrap();
            let replayed = answer.headers().get("idempotent-replayed").is_some();
            let status = answer.status();
            let body: Value = answer.json().await.unwrap();
            answers.push((status, replayed, body));
        }
        assert!(
            answers
                .iter()
                .all(|(status, _, _)| *status == StatusCode::CREATED),
            "{answers:#?}"
        );
        assert_eq!(
            answers.iter().filter(|(_, replayed, _)| !replayed).count(),
            1,
            "one made the change, the others were given its reply: {answers:#?}"
        );
        assert!(
            answers.iter().all(|(_, _, body)| *body == answers[0].2),
            "{answers:#?}"
        );
    }
    let records = latest(&customer.pull().await);
    let disputes: Vec<&Value> = records
        .iter()
        .filter(|((kind, _), _)| kind == "dispute")
        .map(|(_, data)| data)
        .collect();
    assert_eq!(disputes.len(), rounds, "one dispute a key: {disputes:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: cargo xtask test runs it"]
async fn five_wrong_codes_over_the_instances_void_the_code() {
    support::require_postgres();
    let balanced = Balanced::start().await;
    customer_with_account(&balanced, "guessed").await;
    let email = "guessed@example.test";
    let http = Client::builder().cookie_store(true).build().unwrap();
    let code = balanced.code_for(&http, email).await;
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    for _ in 0..5 {
        let refused = balanced.try_code(&http, email, &wrong).await;
        assert_problem(refused, 401, "sign-in-code-invalid", None).await;
    }
    let series =
        r#"settle_http_requests_total{method="POST",route="/api/v1/session",status="401"}"#;
    let mut guesses = Vec::new();
    for instance in &balanced.instances {
        guesses.push(counted(instance, series).await);
    }
    assert_eq!(guesses.iter().sum::<f64>(), 5.0, "{guesses:?}");
    assert!(
        guesses.iter().all(|&count| count >= 1.0),
        "the guesses went to every instance: {guesses:?}"
    );
    let right = balanced.try_code(&http, email, &code).await;
    assert_problem(right, 429, "rate-limited", None).await;
    // A new code works.
    let fresh = balanced.code_for(&http, email).await;
    let signed_in = balanced.try_code(&http, email, &fresh).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
}

/// What the writers were told was saved: each message body with its reply.
#[derive(Default)]
struct Acknowledged {
    answers: BTreeMap<String, Value>,
    /// What the attempts that failed got (each was sent again with its key): a status, or
    /// no answer.
    failures: Vec<String>,
    /// Writes sent again after a failure that found their first attempt had landed.
    replayed_after_a_failure: usize,
}

/// Sends dispute messages one after another until `stop`, each until it is acknowledged,
/// again with the same idempotency key after a failure (as the app does).
async fn write(
    writer: usize,
    customer: Arc<Customer>,
    dispute: String,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Acknowledged>>,
) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let body = format!("message w{writer} n{n}");
        let key = format!("balanced-w{writer}-n{n}");
        let message = json!({"dispute_id": dispute, "body": body});
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let sent = customer
                .http
                .post(customer.url(&format!("/disputes/{dispute}/messages")))
                .header("x-settle-csrf", "1")
                .header("idempotency-key", &key)
                .json(&message)
                .send()
                .await;
            match sent {
                Ok(answer) if answer.status().is_success() => {
                    let replayed = answer.headers().contains_key("idempotent-replayed");
                    let answer: Value = answer.json().await.unwrap();
                    let mut acknowledged = acknowledged.lock().unwrap();
                    acknowledged.answers.insert(body.clone(), answer);
                    if replayed {
                        acknowledged.replayed_after_a_failure += 1;
                    }
                    break;
                }
                Ok(answer) if answer.status().is_client_error() => {
                    panic!("a message was refused: {}", answer.status())
                }
                Ok(answer) => {
                    let status = answer.status().to_string();
                    acknowledged.lock().unwrap().failures.push(status);
                }
                Err(_) => acknowledged
                    .lock()
                    .unwrap()
                    .failures
                    .push("no answer".into()),
            }
            assert!(Instant::now() < deadline, "{body} was never acknowledged");
            // The app's back-off before it sends an action again.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "PostgreSQL only: cargo xtask test runs it"]
async fn an_instance_killed_mid_run_loses_no_acknowledged_write() {
    support::require_postgres();
    let started = Instant::now();
    let mut balanced = Balanced::start().await;
    let ids = customer_with_account(&balanced, "killed").await;
    let mut customer = balanced.sign_in("killed@example.test").await;
    let dispute = raise(&customer, &ids, "20.00").await;
    let dispute_id = dispute["id"].as_str().unwrap().to_owned();
    let writer_customer = Arc::new(Customer {
        http: customer.http.clone(),
        base: customer.base.clone(),
        id: customer.id.clone(),
        checkpoint: String::new(),
    });
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            tokio::spawn(write(
                writer,
                writer_customer.clone(),
                dispute_id.clone(),
                stop.clone(),
                acknowledged.clone(),
            ))
        })
        .collect();
    let acknowledged_count = || acknowledged.lock().unwrap().answers.len();
    let wait_for = |count: usize| async move {
        let deadline = Instant::now() + Duration::from_secs(60);
        while acknowledged_count() < count {
            assert!(
                Instant::now() < deadline,
                "the writers did not reach {count} acknowledged messages"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    wait_for(60).await;
    let series = r#"settle_http_requests_total{method="POST",route="/api/v1/disputes/{id}/messages",status="201"}"#;
    let victim_answered = counted(&balanced.instances[1], series).await;
    assert!(victim_answered > 0.0, "the instance to kill took writes");
    balanced.instances[1].kill();
    let at_kill = acknowledged_count();
    wait_for(at_kill + 60).await;
    // The health checks take it out of the rotation; the writes go on without it.
    let balancer = &balanced.balancer;
    tokio::task::block_in_place(|| balancer.wait_for_down("settle/settle-2"));
    let at_down = acknowledged_count();
    wait_for(at_down + 60).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.await.expect("a writer finished");
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());

    // The survivors took the writes after the kill.
    let mut survivors = 0.0;
    for instance in [&balanced.instances[0], &balanced.instances[2]] {
        survivors += counted(instance, series).await;
    }
    assert!(survivors > 0.0);

    let items = customer.pull().await;
    let mut bodies: Vec<String> = items
        .iter()
        .filter(|item| item["kind"] == "dispute_message" && item["data"]["from"] == "customer")
        .map(|item| item["data"]["body"].as_str().unwrap().to_owned())
        .collect();
    bodies.sort();
    let unique_bodies: BTreeSet<String> = bodies.iter().cloned().collect();
    assert_eq!(bodies.len(), unique_bodies.len(), "a message landed twice");
    let acknowledged_bodies: BTreeSet<String> = acknowledged.answers.keys().cloned().collect();
    let lost: Vec<_> = acknowledged_bodies.difference(&unique_bodies).collect();
    assert!(lost.is_empty(), "acknowledged messages lost: {lost:?}");
    // Every write was sent until acknowledged: nothing else landed either.
    assert_eq!(unique_bodies, acknowledged_bodies);
    for item in items
        .iter()
        .filter(|item| item["kind"] == "dispute_message")
    {
        let body = item["data"]["body"].as_str().unwrap();
        if let Some(answer) = acknowledged.answers.get(body) {
            assert_eq!(
                answer["id"], item["id"],
                "{body}: the reply names the message"
            );
        }
    }

    // The journey goes on through the instances left.
    finish_journey(&mut customer, &ids, &dispute).await;
    println!(
        "killed mid-run: {} messages acknowledged ({at_kill} before the kill, {at_down} \
         before HAProxy took it out), attempts \
         sent again after {:?}, {} of them found landed, in {:?}",
        acknowledged.answers.len(),
        acknowledged.failures,
        acknowledged.replayed_after_a_failure,
        started.elapsed()
    );
}
