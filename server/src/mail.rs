//! Mail through an SMTP relay (`--smtp-url`): the relay's settings checked at start-up
//! and kept out of logs, a health check of the relay that every code request makes (so
//! the answer is the same for every address), and delivery in the background with
//! retries.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Mutex;

use crate::operations::Metrics;
use crate::sign_in_mail::{letter, Language};
use crate::Config;

/// How long one SMTP command may take before the relay counts as not answering.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a code request waits for the relay's health check at most.
const CHECK_WITHIN: Duration = Duration::from_secs(5);
/// How long a health check's answer is reused: every code request asks, and a burst of
/// them should cost the relay one connection.
const HEALTH_KEPT_FOR: Duration = Duration::from_secs(3);
/// Tries per mail; the waits between them double from [`FIRST_RETRY_AFTER`].
const ATTEMPTS: u32 = 3;
const FIRST_RETRY_AFTER: Duration = Duration::from_secs(1);
/// One whole delivery attempt, all its commands together.
const SEND_WITHIN: Duration = Duration::from_secs(30);

/// A setting that must never be shown: Debug prints asterisks.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// `--mail-from`: a mailbox such as `Settle <codes@example.com>`.
pub fn parse_mailbox(value: &str) -> Result<Mailbox, String> {
    value.parse().map_err(|error| {
        format!(
            "expected a mailbox like \"Settle <codes@example.com>\" or codes@example.com ({error})"
        )
    })
}

/// Sends mail through the relay and knows whether it answers.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The relay as logs show it: scheme, host and port, no credentials.
    relay: String,
    /// With `--demo` logs name addresses in full.
    demo: bool,
    /// The last health check: when, and whether the relay answered.
    health: Arc<Mutex<Option<(Instant, bool)>>>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("relay", &self.relay)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// The mailer `--smtp-url` and `--mail-from` describe, or none without `--smtp-url`.
    /// Connects to nothing: a wrong setting is an error here, a relay that is down is not.
    /// No error repeats the URL, which may hold a password.
    pub fn from_config(config: &Config) -> Result<Option<Mailer>, String> {
        let Some(url) = &config.smtp_url else {
            return Ok(None);
        };
        let from = config.mail_from.clone().ok_or(
            "--smtp-url needs --mail-from (SETTLE_MAIL_FROM): who sign-in code mail is from, \
             like \"Settle <codes@example.com>\"",
        )?;
        let expected = "write smtp://HOST:PORT, smtp://HOST:PORT?tls=required (STARTTLS) \
                        or smtps://HOST:PORT (TLS)";
        let parsed = url::Url::parse(url.expose())
            .map_err(|error| format!("--smtp-url is not a URL ({error}): {expected}"))?;
        let host = parsed.host_str().unwrap_or_default();
        let tls = parsed
            .query_pairs()
            .find(|(name, _)| name == "tls")
            .map(|(_, value)| value.into_owned());
        let known = matches!(
            (parsed.scheme(), tls.as_deref()),
            ("smtp", None | Some("required" | "opportunistic")) | ("smtps", None)
        );
        if !known || host.is_empty() {
            return Err(format!("--smtp-url is not a mail relay URL: {expected}"));
        }
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .map_err(|error| format!("--smtp-url cannot be used ({error}): {expected}"))?
            .timeout(Some(COMMAND_TIMEOUT));
        match (&config.smtp_username, &config.smtp_password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(
                    user.expose().to_owned(),
                    password.expose().to_owned(),
                ));
            }
            (None, None) if !parsed.username().is_empty() && parsed.password().is_none() => {
                return Err("--smtp-url names a user but no password: write \
                            smtp://USER:PASSWORD@HOST:PORT or set SETTLE_SMTP_PASSWORD"
                    .into());
            }
            (None, None) => {}
            _ => {
                return Err(
                    "set both SETTLE_SMTP_USERNAME and SETTLE_SMTP_PASSWORD, or neither".into(),
                )
            }
        }
        let port = parsed
            .port()
            .map(|port| format!(":{port}"))
            .unwrap_or_default();
        let relay = match tls {
            Some(tls) => format!("{}://{host}{port}?tls={tls}", parsed.scheme()),
            None => format!("{}://{host}{port}", parsed.scheme()),
        };
        Ok(Some(Mailer {
            transport: builder.build(),
            from,
            relay,
            demo: config.demo,
            health: Arc::new(Mutex::new(None)),
        }))
    }

    /// The relay, as logs may show it.
    pub fn relay(&self) -> &str {
        &self.relay
    }

    /// Who the mail is from.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Whether the relay answers: it takes a connection (with TLS and the login when
    /// configured) and a NOOP. Answers within [`CHECK_WITHIN`]; an answer is reused for
    /// [`HEALTH_KEPT_FOR`], and concurrent callers wait for the one check under way.
    pub async fn relay_answers(&self) -> bool {
        let mut health = self.health.lock().await;
        if let Some((at, answered)) = *health {
            if at.elapsed() < HEALTH_KEPT_FOR {
                return answered;
            }
        }
        let answered = match tokio::time::timeout(CHECK_WITHIN, self.transport.test_connection())
            .await
        {
            Ok(Ok(true)) => true,
            Ok(Ok(false)) => {
                tracing::error!(relay = %self.relay, "the mail relay did not answer NOOP; sign-in codes cannot be sent");
                false
            }
            Ok(Err(error)) => {
                tracing::error!(relay = %self.relay, %error, "the mail relay refused or is down; sign-in codes cannot be sent");
                false
            }
            Err(_) => {
                tracing::error!(relay = %self.relay, "the mail relay did not answer in time; sign-in codes cannot be sent");
                false
            }
        };
        *health = Some((Instant::now(), answered));
        answered
    }

    /// Mails the sign-in `code` (valid for `minutes`) to `email` in `language`, in the
    /// background: up to [`ATTEMPTS`] tries, doubling the wait between them, for failures
    /// that may pass. Failures are logged for the operator without the code.
    pub fn send_code(
        &self,
        email: &str,
        code: &str,
        minutes: i64,
        language: Language,
        metrics: Arc<Metrics>,
    ) {
        let to = self.shown(email);
        let message = match self.code_message(email, code, minutes, language) {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(%to, %error, "could not write the sign-in code mail");
                metrics.sign_in_code("failed");
                return;
            }
        };
        let mailer = self.clone();
        tokio::spawn(async move {
            let outcome = if mailer.deliver(message, to).await {
                "sent"
            } else {
                "failed"
            };
            metrics.sign_in_code(outcome);
        });
    }

    fn code_message(
        &self,
        email: &str,
        code: &str,
        minutes: i64,
        language: Language,
    ) -> Result<Message, String> {
        let to: Mailbox = email
            .parse()
            .map_err(|e: lettre::address::AddressError| e.to_string())?;
        let letter = letter(language, code, minutes);
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .multipart(MultiPart::alternative_plain_html(letter.text, letter.html))
            .map_err(|error| error.to_string())
    }

    /// Whether the relay took the mail.
    async fn deliver(&self, message: Message, to: String) -> bool {
        let mut wait = FIRST_RETRY_AFTER;
        for attempt in 1..=ATTEMPTS {
            let error = match tokio::time::timeout(
                SEND_WITHIN,
                self.transport.send(message.clone()),
            )
            .await
            {
                Ok(Ok(_)) => {
                    tracing::info!(%to, attempt, "sign-in code mail handed to the relay");
                    return true;
                }
                Ok(Err(error)) if error.is_permanent() => {
                    tracing::error!(relay = %self.relay, %to, %error, "the mail relay refused the sign-in code mail; not trying again");
                    return false;
                }
                Ok(Err(error)) => {
                    // Not an SMTP reply: the relay cannot be reached. Code requests should
                    // hear of it now rather than when the last health check runs out.
                    if error.status().is_none() {
                        *self.health.lock().await = Some((Instant::now(), false));
                    }
                    error.to_string()
                }
                Err(_) => "no answer in time".to_owned(),
            };
            if attempt == ATTEMPTS {
                tracing::error!(relay = %self.relay, %to, attempt, %error, "could not send the sign-in code mail; giving up");
                return false;
            }
            tracing::warn!(relay = %self.relay, %to, attempt, %error, retry_in = ?wait, "could not send the sign-in code mail; trying again");
            tokio::time::sleep(wait).await;
            wait *= 2;
        }
        false
    }

    /// An address as logs show it: in full with `--demo`, else only its first letter and
    /// its domain.
    fn shown(&self, email: &str) -> String {
        if self.demo {
            return email.to_owned();
        }
        match email.split_once('@') {
            Some((user, domain)) => {
                let first: String = user.chars().take(1).collect();
                format!("{first}…@{domain}")
            }
            None => "…".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn mailer(flags: &[&str]) -> Result<Option<Mailer>, String> {
        let mut args = vec!["settle-server"];
        args.extend_from_slice(flags);
        Mailer::from_config(&Config::try_parse_from(args).map_err(|e| e.to_string())?)
    }

    const FROM: [&str; 2] = ["--mail-from", "Settle <codes@example.com>"];

    #[test]
    fn the_three_kinds_of_relay_url_are_taken() {
        for (url, shown) in [
            ("smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525"),
            (
                "smtps://mail.example.com:465",
                "smtps://mail.example.com:465",
            ),
            (
                "smtp://bob:s3cret@mail.example.com:587?tls=required",
                "smtp://mail.example.com:587?tls=required",
            ),
        ] {
            let mailer = mailer(&["--smtp-url", url, FROM[0], FROM[1]])
                .unwrap()
                .unwrap();
            assert_eq!(mailer.relay(), shown);
            assert!(!format!("{mailer:?}").contains("s3cret"));
        }
        assert!(mailer(&[]).unwrap().is_none());
    }

    #[test]
    fn bad_settings_are_clear_errors_that_do_not_repeat_the_password() {
        let error = |flags: &[&str]| mailer(flags).unwrap_err();
        assert!(error(&["--smtp-url", "smtp://127.0.0.1:2525"]).contains("--mail-from"));
        for url in [
            "http://p4ss@mail.example.com",
            "smtp://bob:p4ss@mail.example.com?tls=maybe",
            "not a url p4ss",
            "smtp://bob@mail.example.com",
        ] {
            let message = error(&["--smtp-url", url, FROM[0], FROM[1]]);
            assert!(message.contains("--smtp-url"), "{message}");
            assert!(!message.contains("p4ss"), "{message}");
        }
        let message = error(&["--smtp-url", "smtp://h:25", "--mail-from", "not a mailbox"]);
        assert!(message.contains("Settle <codes@example.com>"), "{message}");
        let message = error(&[
            "--smtp-url",
            "smtp://h:25",
            FROM[0],
            FROM[1],
            "--smtp-username",
            "bob",
        ]);
        assert!(message.contains("SETTLE_SMTP_PASSWORD"), "{message}");
    }

    #[test]
    fn credentials_never_show_in_the_configs_debug() {
        let config = Config::try_parse_from([
            "settle-server",
            "--smtp-url",
            "smtp://bob:s3cret@mail.example.com:587",
            "--smtp-username",
            "alice",
            "--smtp-password",
            "t0psecret",
        ])
        .unwrap();
        let shown = format!("{config:?}");
        for secret in ["s3cret", "t0psecret", "alice"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn logs_show_only_part_of_an_address_outside_the_demo() {
        let mut mailer = mailer(&["--smtp-url", "smtp://h:25", FROM[0], FROM[1]])
            .unwrap()
            .unwrap();
        assert_eq!(mailer.shown("alex@example.com"), "a…@example.com");
        mailer.demo = true;
        assert_eq!(mailer.shown("alex@example.com"), "alex@example.com");
    }
}
