//! A real SMTP server (aiosmtpd) for the end-to-end tests: the reference server mails
//! its sign-in codes through it, and the tests read them from the Maildir it keeps.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::command::{cmd, Result};

/// The sender of the sign-in mails, as a creditor would set it.
const MAIL_FROM: &str = "Settle <codes@example.test>";

/// aiosmtpd on a port of its own, stopped when dropped.
pub struct Relay {
    child: Child,
    pub url: String,
    /// Where every message received is kept, one file each under `new/`.
    pub maildir: PathBuf,
}

impl Relay {
    /// Starts `aiosmtpd`, keeping what it receives in `maildir` (emptied first).
    pub fn start(aiosmtpd: &Path, maildir: PathBuf) -> Result<Relay> {
        let _ = std::fs::remove_dir_all(&maildir);
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("no free port for the mail relay: {e}"))?
            .port();
        let mut command = cmd(&aiosmtpd.to_string_lossy(), &["-n", "-l"]);
        command
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null());
        let child = command
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", aiosmtpd.display()))?;
        let mut relay = Relay {
            child,
            url: format!("smtp://127.0.0.1:{port}"),
            maildir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !crate::listening::greets_smtp(port) {
            if let Ok(Some(status)) = relay.child.try_wait() {
                return Err(format!("the mail relay exited ({status})"));
            }
            if Instant::now() > deadline {
                return Err("the mail relay did not listen within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(relay)
    }
}

impl Relay {
    /// Has `command` mail through this relay: a server it starts (directly or through
    /// a test script, whose servers inherit the environment) sends its codes here, and
    /// the tests' `signInCode` reads them from [`Relay::maildir`].
    pub fn mail_through(&self, command: &mut Command) {
        command
            .env("SETTLE_SMTP_URL", &self.url)
            .env("SETTLE_MAIL_FROM", MAIL_FROM)
            .env("SETTLE_MAILDIR", &self.maildir);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
