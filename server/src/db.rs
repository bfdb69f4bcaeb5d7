//! The database connection: SQLite by default, PostgreSQL when the URL says so, with the
//! same migrations and queries for both (portable SQL through sqlx's `Any` driver).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The schema migrations, built into the binary. On PostgreSQL, `run` holds an advisory
/// lock while it migrates (sqlx's default), so instances started together take turns.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// A pool of connections to the server's database, migrated to the latest schema.
#[derive(Clone)]
pub struct Database {
    pub pool: AnyPool,
    is_sqlite: bool,
    /// SQLite has one writer at a time. Its own wait for the lock is a poll that is not
    /// fair: under a steady stream of writes one writer could wait past the busy timeout
    /// and fail. So the server's writers queue here, first come first served.
    writers: Arc<Mutex<()>>,
}

/// A write transaction. On SQLite it holds the writers' turn until it ends.
pub struct WriteTransaction {
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Deref for WriteTransaction {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
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
        MIGRATOR.run(&pool).await?;
        let db = Database {
            pool,
            is_sqlite,
            writers: Arc::new(Mutex::new(())),
        };
        db.move_legacy_invoices().await?;
        Ok(db)
    }

    /// Starts a transaction that will write. Writers go one at a time, so what a change
    /// reads (an open amount, a version) still holds when it commits: SQLite takes its
    /// write lock up front (a deferred transaction that reads first could not upgrade
    /// under a concurrent writer), PostgreSQL locks the sync counter row.
    pub async fn begin(&self) -> Result<WriteTransaction, sqlx::Error> {
        if self.is_sqlite {
            let turn = self.turn().await;
            let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            return Ok(WriteTransaction { tx, _turn: turn });
        }
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT value FROM counters WHERE name = 'sync_version' FOR UPDATE")
            .execute(&mut *tx)
            .await?;
        Ok(WriteTransaction { tx, _turn: None })
    }

    /// Waits for the writers' turn on SQLite (at once on PostgreSQL), for a write made
    /// outside [`Database::begin`]; the turn passes on when the guard is dropped. Never
    /// call `begin` while holding it.
    pub async fn turn(&self) -> Option<OwnedMutexGuard<()>> {
        if self.is_sqlite {
            Some(self.writers.clone().lock_owned().await)
        } else {
            None
        }
    }

    /// Whether the database answers and has every migration this build knows, applied.
    pub async fn is_migrated(&self) -> Result<bool, sqlx::Error> {
        let applied: Vec<(i64,)> =
            sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await?;
        Ok(MIGRATOR
            .iter()
            .filter(|migration| migration.migration_type.is_up_migration())
            .all(|migration| applied.contains(&(migration.version,))))
    }

    /// Databases made before invoices became records (migration 0002) keep them in the
    /// `invoices` table: move them into records, once, and work the figures out again.
    /// The invoices are read inside the write transaction, so of several instances
    /// starting at once the first moves them and the others, waiting their turn, find none.
    async fn move_legacy_invoices(&self) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        let rows: Vec<LegacyInvoice> = sqlx::query_as(
            "SELECT i.id, i.account_id, i.number, i.issued_on, i.due_on, i.total, i.paid, \
             a.currency FROM invoices i JOIN accounts a ON a.id = i.account_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let bad = |e: &dyn std::fmt::Display| sqlx::Error::Decode(e.to_string().into());
        let mut accounts = std::collections::BTreeSet::new();
        for (id, account_id, number, issued_on, due_on, total, paid, currency) in rows {
            let total: rust_decimal::Decimal = total.parse().map_err(|e| bad(&e))?;
            let invoice = settle_core::api::Invoice {
                id: id.clone(),
                account_id: account_id.clone(),
                number,
                currency: settle_core::currency::Currency::from_code(&currency)
                    .map_err(|e| bad(&e))?,
                issue_date: issued_on.parse().map_err(|e| bad(&e))?,
                due_date: due_on.parse().map_err(|e| bad(&e))?,
                reference: None,
                lines: Vec::new(),
                taxes: Vec::new(),
                subtotal: total,
                tax_total: rust_decimal::Decimal::ZERO,
                total,
                amount_paid: paid.parse().map_err(|e| bad(&e))?,
                plan_id: None,
                pdf_url: None,
            };
            let owner = crate::records::Owner::Account(&account_id);
            let kind = settle_core::api::Kind::Invoice;
            crate::records::save(&mut tx, kind, &id, owner, &invoice)
                .await
                .map_err(|e| bad(&e))?;
            accounts.insert(account_id);
        }
        sqlx::query("DELETE FROM invoices")
            .execute(&mut *tx)
            .await?;
        let today = chrono::Utc::now().date_naive();
        for account_id in accounts {
            crate::records::refresh_account(&mut tx, &account_id, today)
                .await
                .map_err(|e| bad(&e))?;
        }
        tx.commit().await?;
        tracing::info!("moved invoices into records");
        Ok(())
    }
}

type LegacyInvoice = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

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
