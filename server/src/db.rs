//! The database connection: SQLite by default, PostgreSQL when the URL says so, with the
//! same migrations and queries for both (portable SQL through sqlx's `Any` driver).

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// A pool of connections to the server's database, migrated to the latest schema.
#[derive(Clone)]
pub struct Database {
    pub pool: AnyPool,
}

impl Database {
    /// Connects (creating the SQLite file and its folder if needed) and migrates.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        install_default_drivers();
        let is_sqlite = url.starts_with("sqlite:");
        if is_sqlite {
            if let Some(folder) = sqlite_folder(url) {
                std::fs::create_dir_all(folder).map_err(sqlx::Error::Io)?;
            }
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if is_sqlite { 4 } else { 10 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if is_sqlite {
                        // WAL lets readers run beside the writer; FULL makes every commit
                        // durable; the busy timeout queues writers instead of failing them.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Database { pool })
    }
}

/// The folder holding the SQLite file named by a `sqlite://path?options` URL.
fn sqlite_folder(url: &str) -> Option<std::path::PathBuf> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next()?;
    let parent = std::path::Path::new(path).parent()?;
    (!parent.as_os_str().is_empty()).then(|| parent.to_path_buf())
}

/// Seconds since the Unix epoch, the unit every expiry column uses.
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}
