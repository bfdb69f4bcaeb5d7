//! The real server binary as a child process: started on a free port, its output kept line
//! by line (and printed, so a failing test shows it), killed when dropped (also when a test
//! fails).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a process printed so far, and a signal for each new line.
type Lines = Arc<(Mutex<Vec<String>>, Condvar)>;

pub struct Process {
    child: Child,
    /// Where it listens, as `http://127.0.0.1:PORT`.
    pub base: String,
    lines: Lines,
    reader: Option<JoinHandle<()>>,
}

impl Process {
    /// The server binary without the settings a developer's shell may hold.
    pub fn command() -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_settle-server"));
        command
            .env_remove("RUST_LOG")
            .env_remove("DATABASE_URL")
            .env_remove("SETTLE_ADMIN_TOKEN")
            .env_remove("SETTLE_METRICS_TOKEN");
        command
    }

    /// Starts the binary on 127.0.0.1, on a free port, with `args`.
    pub fn start(args: &[&str]) -> Process {
        let mut command = Process::command();
        command
            .args(["--host", "127.0.0.1", "--port", "0"])
            .args(args);
        Process::spawn(command)
    }

    /// Starts `command` and waits until it says where it listens.
    pub fn spawn(mut command: Command) -> Process {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().unwrap();
        let lines: Lines = Arc::default();
        let kept = lines.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // Shown when the test fails.
                println!("server: {line}");
                let (all, added) = &*kept;
                all.lock().unwrap().push(line);
                added.notify_all();
            }
        });
        let mut process = Process {
            child,
            base: String::new(),
            lines,
            reader: Some(reader),
        };
        let line = process
            .wait_for_line(Duration::from_secs(120), |line| {
                line.starts_with("Settle is running at ")
            })
            .unwrap_or_else(|| {
                panic!(
                    "the server did not say where it listens: {:#?}",
                    process.lines()
                )
            });
        process.base = line["Settle is running at ".len()..]
            .trim_end_matches('/')
            .to_owned();
        process
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Everything it printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.0.lock().unwrap().clone()
    }

    /// The first line that `matches`, waiting up to `timeout` for it.
    pub fn wait_for_line(
        &self,
        timeout: Duration,
        matches: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let deadline = Instant::now() + timeout;
        let (all, added) = &*self.lines;
        let mut lines = all.lock().unwrap();
        loop {
            if let Some(line) = lines.iter().find(|line| matches(line)) {
                return Some(line.clone());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            lines = added.wait_timeout(lines, left).unwrap().0;
        }
    }

    /// The last sign-in code it printed for `email` (with `--demo`), if any.
    pub fn printed_code(&self, email: &str) -> Option<String> {
        let prefix = format!("Sign-in code for {email}: ");
        self.lines()
            .iter()
            .rev()
            .find_map(|line| line.strip_prefix(&prefix).map(str::to_owned))
    }

    /// How many sign-in codes it printed for `email`.
    pub fn codes_printed(&self, email: &str) -> usize {
        let prefix = format!("Sign-in code for {email}: ");
        self.lines()
            .iter()
            .filter(|line| line.starts_with(&prefix))
            .count()
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL is delivered");
        self.child.wait().unwrap();
    }

    /// Everything it printed, after a SIGTERM and its graceful stop.
    pub fn stop(mut self) -> Vec<String> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let status = self.child.wait().unwrap();
        assert!(
            status.success(),
            "the server stops cleanly on SIGTERM: {status}"
        );
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.lines()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The sign-in code for `email` that one of `processes` printed since each had printed
/// `before[i]` codes for it: waits for it, up to ten seconds.
pub async fn new_code(processes: &[&Process], email: &str, before: &[usize]) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        for (process, &count) in processes.iter().zip(before) {
            if process.codes_printed(email) > count {
                return process.printed_code(email).unwrap();
            }
        }
        assert!(
            Instant::now() < deadline,
            "no instance printed a new sign-in code for {email}"
        );
        // The lines come from reader threads; look again shortly.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
