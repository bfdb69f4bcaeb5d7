//! Sign-in codes by email, through a real SMTP server (aiosmtpd, keeping what it receives
//! in a Maildir): the mail in the customer's language with both its parts and a code that
//! signs them in, the same answer and no mail for an unknown address, and a clear, prompt
//! answer when the relay is down or does not answer.
//!
//! `cargo xtask test` installs aiosmtpd and names it in SETTLE_TEST_AIOSMTPD; run
//! directly, the tests have `cargo xtask aiosmtpd` install it (once, under target/).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::world::customer_with_account;
use support::{assert_problem, Server};

const AIOSMTPD_ENV: &str = "SETTLE_TEST_AIOSMTPD";
const FROM: &str = "Settle <codes@example.test>";

/// The aiosmtpd program: named by xtask, else installed by it now.
fn aiosmtpd() -> &'static Path {
    static PROGRAM: OnceLock<PathBuf> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        if let Some(path) = std::env::var_os(AIOSMTPD_ENV).filter(|path| !path.is_empty()) {
            return path.into();
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let installed = Command::new(cargo)
            .args(["run", "--quiet", "--package", "xtask", "--", "aiosmtpd"])
            .current_dir(workspace)
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&installed.stdout);
        assert!(
            installed.status.success(),
            "could not install aiosmtpd with `cargo xtask aiosmtpd` ({}): {stdout}; \
             or set {AIOSMTPD_ENV} to an aiosmtpd program",
            installed.status
        );
        stdout.lines().last().expect("xtask prints the path").into()
    })
}

/// aiosmtpd on a port of its own, keeping every message it receives in a Maildir.
struct Relay {
    child: Child,
    port: u16,
    folder: PathBuf,
}

impl Relay {
    fn start() -> Relay {
        let port = free_port();
        let folder = std::env::temp_dir().join(format!(
            "settle-relay-{}-{port}-{}",
            std::process::id(),
            hex::encode(rand::random::<[u8; 4]>())
        ));
        std::fs::create_dir_all(&folder).unwrap();
        let maildir = folder.join("maildir");
        let child = Command::new(aiosmtpd())
            .args(["-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", aiosmtpd().display()));
        let relay = Relay {
            child,
            port,
            folder,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !greets(port) {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        relay
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Every message received so far, as it arrived.
    fn messages(&self) -> Vec<Vec<u8>> {
        let Ok(entries) = std::fs::read_dir(self.folder.join("maildir/new")) else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| std::fs::read(entry.ok()?.path()).ok())
            .collect()
    }

    /// Waits for the `count`th message and returns them all.
    async fn wait_for(&self, count: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                Instant::now() < deadline,
                "{count} mail(s) expected, {} arrived",
                messages.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Whether an SMTP server on `port` greets a client. A bare connection proves nothing:
/// polling a port no one listens on yet can connect the socket to itself.
fn greets(port: u16) -> bool {
    use std::io::Read;
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut first = [0; 3];
    stream.read_exact(&mut first).is_ok() && &first == b"220"
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn server_mailing_through(relay_url: &str) -> Server {
    Server::start_with(&["--smtp-url", relay_url, "--mail-from", FROM]).await
}

/// Asks for a code for `email`, as a browser preferring `accept_language`.
async fn ask(server: &Server, email: &str, accept_language: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url("/api/v1/session/code"))
        .header("x-settle-csrf", "1")
        .header("accept-language", accept_language)
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap()
}

/// What a test reads in a mail.
struct Mail {
    from: String,
    to: String,
    subject: String,
    text: String,
    html: String,
    code: String,
}

/// Reads a mail, checking it is multipart/alternative with a plain text and an HTML part
/// that carry the same six-digit code.
fn read(raw: &[u8]) -> Mail {
    let message = MessageParser::default().parse(raw).expect("a mail");
    let root = message.content_type().expect("a content type");
    assert_eq!(
        (root.ctype(), root.subtype()),
        ("multipart", Some("alternative"))
    );
    let part = |subtype: &str| {
        message
            .parts
            .iter()
            .find(|part| {
                part.content_type()
                    .is_some_and(|kind| kind.ctype() == "text" && kind.subtype() == Some(subtype))
            })
            .and_then(|part| part.text_contents())
            .unwrap_or_else(|| panic!("a text/{subtype} part"))
            .to_owned()
    };
    let (text, html) = (part("plain"), part("html"));
    let code = text
        .split_whitespace()
        .find(|word| word.len() == 6 && word.chars().all(|c| c.is_ascii_digit()))
        .expect("a six-digit code in the text")
        .to_owned();
    assert!(html.contains(&code), "{html}");
    let address = |list: Option<&mail_parser::Address>| {
        list.and_then(|list| list.first())
            .and_then(|address| address.address())
            .unwrap_or_default()
            .to_owned()
    };
    Mail {
        from: address(message.from()),
        to: address(message.to()),
        subject: message.subject().unwrap_or_default().to_owned(),
        text,
        html,
        code,
    }
}

async fn sign_in_with(server: &Server, email: &str, code: &str) -> Value {
    let signed_in = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .header("x-settle-csrf", "1")
        .json(&json!({ "email": email, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    signed_in.json().await.unwrap()
}

#[tokio::test]
async fn the_code_is_mailed_in_english_and_signs_the_customer_in() {
    let relay = Relay::start();
    let server = server_mailing_through(&relay.url()).await;
    customer_with_account(&server, "em").await;
    let asked = ask(&server, "em@example.test", "en-GB,en;q=0.9,es;q=0.5").await;
    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    let mail = read(&relay.wait_for(1).await[0]);
    assert_eq!(mail.from, "codes@example.test");
    assert_eq!(mail.to, "em@example.test");
    assert_eq!(mail.subject, "Your Settle sign-in code");
    for body in [&mail.text, &mail.html] {
        assert!(body.contains("for 10 minutes"), "{body}");
        assert!(body.contains("If you did not ask for a code"), "{body}");
    }
    assert!(mail.html.contains("lang=\"en\""), "{}", mail.html);
    let session = sign_in_with(&server, "em@example.test", &mail.code).await;
    assert_eq!(session["email"], "em@example.test");
    // The relay took it: counted once the background send is done.
    let sent = r#"settle_sign_in_codes_total{outcome="sent"} 1"#;
    let mut metrics = String::new();
    for _ in 0..50 {
        metrics = reqwest::get(server.url("/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if metrics.contains(sent) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(metrics.contains(sent), "{metrics}");
}

#[tokio::test]
async fn the_mail_is_in_spanish_for_a_customer_who_chose_it_or_whose_browser_asks() {
    let relay = Relay::start();
    let server = server_mailing_through(&relay.url()).await;
    // One chose Spanish in their preferences: it wins over an English browser.
    customer_with_account(&server, "es").await;
    let chooser = server.sign_in("es@example.test").await;
    relay.wait_for(1).await;
    let saved = chooser
        .change_preferences(|preferences| preferences["language"] = json!("es-ES"))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(
        ask(&server, "es@example.test", "en-GB").await.status(),
        StatusCode::ACCEPTED
    );
    // The other never chose: their browser's Spanish decides.
    customer_with_account(&server, "mx").await;
    assert_eq!(
        ask(&server, "mx@example.test", "es-MX,es;q=0.9,en;q=0.8")
            .await
            .status(),
        StatusCode::ACCEPTED
    );
    let mails: Vec<Mail> = relay
        .wait_for(3)
        .await
        .iter()
        .map(|raw| read(raw))
        .collect();
    for to in ["es@example.test", "mx@example.test"] {
        let mail = mails
            .iter()
            .find(|mail| mail.to == to && mail.subject != "Your Settle sign-in code")
            .unwrap_or_else(|| panic!("a Spanish mail to {to}"));
        assert_eq!(mail.subject, "Su código de acceso a Settle");
        for body in [&mail.text, &mail.html] {
            assert!(body.contains("durante 10 minutos"), "{body}");
            assert!(body.contains("Si no ha pedido ningún código"), "{body}");
        }
        assert!(mail.html.contains("lang=\"es\""), "{}", mail.html);
        let session = sign_in_with(&server, to, &mail.code).await;
        assert_eq!(session["email"], to);
    }
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_mail() {
    let relay = Relay::start();
    let server = server_mailing_through(&relay.url()).await;
    customer_with_account(&server, "kn").await;
    let answer = |response: reqwest::Response| async move {
        let status = response.status();
        let mut headers: Vec<(String, String)> = response
            .headers()
            .iter()
            // Both differ on every answer, whoever asks.
            .filter(|(name, _)| *name != "date" && *name != "x-request-id")
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
            .collect();
        headers.sort();
        (status, headers, response.bytes().await.unwrap())
    };
    let unknown = answer(ask(&server, "nobody@example.test", "en").await).await;
    let known = answer(ask(&server, "kn@example.test", "en").await).await;
    assert_eq!(unknown.0, StatusCode::ACCEPTED);
    assert_eq!(unknown, known);
    relay.wait_for(1).await;
    // Give a stray mail to the unknown address time to arrive.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let to: Vec<String> = relay.messages().iter().map(|raw| read(raw).to).collect();
    assert_eq!(to, ["kn@example.test"]);
}

/// The answer every address gets while the relay cannot take mail, and how long it took.
async fn answers_while_down(server: &Server) -> Vec<(Value, Duration)> {
    let mut answers = Vec::new();
    for email in ["dn@example.test", "nobody@example.test"] {
        let started = Instant::now();
        let response = ask(server, email, "en").await;
        let took = started.elapsed();
        assert!(response.headers().contains_key("retry-after"));
        let problem = assert_problem(response, 503, "sign-in-code-not-sent", None).await;
        assert_eq!(
            problem["detail"],
            "We could not send your code. Try again in a moment."
        );
        answers.push((problem, took));
    }
    answers
}

#[tokio::test]
async fn a_relay_that_is_down_gets_a_clear_answer_at_once_for_every_address() {
    let mut relay = Relay::start();
    let server = server_mailing_through(&relay.url()).await;
    customer_with_account(&server, "dn").await;
    relay.stop();
    let answers = answers_while_down(&server).await;
    assert_eq!(answers[0].0, answers[1].0);
    for (_, took) in answers {
        assert!(took < Duration::from_secs(2), "{took:?}");
    }
    let metrics = reqwest::get(server.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"settle_sign_in_codes_total{outcome="not_sent"} 2"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_relay_that_never_answers_gets_a_clear_answer_within_seconds() {
    // The system takes connections on a listening socket nobody accepts on, and nothing
    // is ever said on them: like a relay that hangs.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", silent.local_addr().unwrap());
    let server = server_mailing_through(&url).await;
    customer_with_account(&server, "dn").await;
    let answers = answers_while_down(&server).await;
    assert_eq!(answers[0].0, answers[1].0);
    // The first waits for the check's time limit; the second reuses its answer.
    assert!(answers[0].1 < Duration::from_secs(7), "{:?}", answers[0].1);
    assert!(answers[1].1 < Duration::from_secs(1), "{:?}", answers[1].1);
    drop(silent);
}

/// In front of `relay`: the connection numbered `refused` (from 1) is greeted with a
/// 421, "try again later"; every other one is passed through.
async fn refusing_once(relay: &Relay, refused: usize) -> String {
    let front = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", front.local_addr().unwrap());
    let behind = format!("127.0.0.1:{}", relay.port);
    tokio::spawn(async move {
        for number in 1.. {
            let Ok((mut client, _)) = front.accept().await else {
                return;
            };
            if number == refused {
                use tokio::io::AsyncWriteExt;
                let _ = client
                    .write_all(b"421 4.3.2 Busy, try again later\r\n")
                    .await;
                continue;
            }
            let behind = behind.clone();
            tokio::spawn(async move {
                if let Ok(mut relay) = tokio::net::TcpStream::connect(behind).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut relay).await;
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn a_mail_the_relay_puts_off_is_sent_again_after_a_wait() {
    let relay = Relay::start();
    // Connection 1 is the health check, 2 the first try.
    let url = refusing_once(&relay, 2).await;
    let server = server_mailing_through(&url).await;
    customer_with_account(&server, "rt").await;
    let asked_at = Instant::now();
    assert_eq!(
        ask(&server, "rt@example.test", "en").await.status(),
        StatusCode::ACCEPTED
    );
    let mail = read(&relay.wait_for(1).await[0]);
    assert!(
        asked_at.elapsed() >= Duration::from_secs(1),
        "sent again at once"
    );
    let session = sign_in_with(&server, "rt@example.test", &mail.code).await;
    assert_eq!(session["email"], "rt@example.test");
}
