//! A throwaway PostgreSQL cluster for the server's API tests: created in a temporary
//! folder, listening only on 127.0.0.1 on a free port, and stopped and removed when
//! dropped (also when a test fails). Installs Debian's `postgresql` package if the
//! server binaries are missing.

use std::path::PathBuf;
use std::process::Command;

use crate::command::{cmd, output, run, Result};

/// The variable the server's tests read: a server URL on which each test creates its own
/// database.
pub const URL_ENV: &str = "SETTLE_TEST_POSTGRES_URL";

pub struct Cluster {
    folder: PathBuf,
    bin: PathBuf,
    pub url: String,
}

impl Cluster {
    pub fn start() -> Result<Cluster> {
        let bin = match binaries() {
            Some(bin) => bin,
            None => {
                install()?;
                binaries().ok_or("PostgreSQL was installed but initdb was not found")?
            }
        };
        let folder = std::env::temp_dir().join(format!("settle-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        // initdb and pg_ctl refuse to run as root: the cluster belongs to `postgres`.
        if is_root() {
            run(cmd("chown", &["postgres", &folder.to_string_lossy()]))?;
        }
        let mut cluster = Cluster {
            url: String::new(),
            bin,
            folder,
        };
        let data = cluster.folder.join("data");
        run(cluster.as_owner(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ],
        ))?;
        let port = free_port()?;
        // Durability is not the point of a throwaway cluster: fsync off keeps it quick.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c max_connections=200",
            cluster.folder.display()
        );
        run(cluster.as_owner(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-o",
                &options,
                "-l",
                &cluster.folder.join("server.log").to_string_lossy(),
                "-w",
                "start",
            ],
        ))?;
        cluster.url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        Ok(cluster)
    }

    fn as_owner(&self, program: &str, args: &[&str]) -> Command {
        let program = self.bin.join(program).to_string_lossy().into_owned();
        if is_root() {
            let mut all = vec!["-u", "postgres", "--", program.as_str()];
            all.extend_from_slice(args);
            cmd("runuser", &all)
        } else {
            cmd(&program, args)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.folder.join("data");
        if data.exists() {
            let _ = self
                .as_owner(
                    "pg_ctl",
                    &[
                        "-D",
                        &data.to_string_lossy(),
                        "-m",
                        "immediate",
                        "-w",
                        "stop",
                    ],
                )
                .status();
        }
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

fn is_root() -> bool {
    output(cmd("id", &["-u"])).as_deref() == Some("0")
}

/// The newest PostgreSQL server binaries Debian's packages put under /usr/lib/postgresql.
fn binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn install() -> Result<()> {
    println!("Installing PostgreSQL for the server tests…");
    crate::tools::system_packages(&["postgresql"])
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    Ok(port)
}
