//! Demo customers, seeded into an empty database in demo mode.

use chrono::{Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use settle_core::api::{Invoice, Kind};
use settle_core::currency::Currency;
use sqlx::AnyConnection;

use crate::db::Database;
use crate::error::ApiResult;
use crate::preferences;
use crate::records::{self, save, Owner};

/// The address `cargo xtask run` suggests signing in with.
pub const EXAMPLE_EMAIL: &str = "alex@example.com";

struct DemoInvoice {
    number: &'static str,
    /// Days before today the invoice was issued; due 30 days after issue.
    issued_days_ago: u64,
    total: &'static str,
    paid: &'static str,
}

struct DemoAccount {
    id: &'static str,
    number: &'static str,
    name: &'static str,
    currency: &'static str,
    credit_limit: &'static str,
    on_stop: bool,
    invoices: &'static [DemoInvoice],
}

struct DemoCustomer {
    id: &'static str,
    email: &'static str,
    name: &'static str,
    accounts: &'static [DemoAccount],
}

const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer {
        id: "cus_alex",
        email: EXAMPLE_EMAIL,
        name: "Alex Morgan",
        accounts: &[DemoAccount {
            id: "acc_alex_gbp",
            number: "SET-1001",
            name: "Alex Morgan",
            currency: "GBP",
            credit_limit: "2000.00",
            on_stop: false,
            invoices: &[
                DemoInvoice {
                    number: "INV-2041",
                    issued_days_ago: 75,
                    total: "420.00",
                    paid: "120.00",
                },
                DemoInvoice {
                    number: "INV-2107",
                    issued_days_ago: 40,
                    total: "185.50",
                    paid: "0.00",
                },
                DemoInvoice {
                    number: "INV-2188",
                    issued_days_ago: 10,
                    total: "642.25",
                    paid: "0.00",
                },
            ],
        }],
    },
    DemoCustomer {
        id: "cus_sam",
        email: "sam@example.com",
        name: "Sam Rivera",
        accounts: &[DemoAccount {
            id: "acc_sam_eur",
            number: "SET-1002",
            name: "Sam Rivera",
            currency: "EUR",
            credit_limit: "1500.00",
            on_stop: false,
            invoices: &[
                DemoInvoice {
                    number: "INV-3001",
                    issued_days_ago: 50,
                    total: "300.00",
                    paid: "300.00",
                },
                DemoInvoice {
                    number: "INV-3050",
                    issued_days_ago: 5,
                    total: "99.90",
                    paid: "0.00",
                },
            ],
        }],
    },
];

/// Seeds the demo customers unless the database already has customers.
pub async fn seed_if_empty(db: &Database) -> ApiResult<()> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers")
        .fetch_one(&db.pool)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let today = Utc::now().date_naive();
    let mut tx = db.begin().await?;
    for customer in CUSTOMERS {
        sqlx::query("INSERT INTO customers (id, email, name) VALUES ($1, $2, $3)")
            .bind(customer.id)
            .bind(customer.email)
            .bind(customer.name)
            .execute(&mut *tx)
            .await?;
        preferences::create(&mut tx, customer.id).await?;
        for account in customer.accounts {
            seed_account(&mut tx, customer.id, account, today).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(customers = CUSTOMERS.len(), "seeded demo data");
    Ok(())
}

async fn seed_account(
    conn: &mut AnyConnection,
    customer_id: &str,
    account: &DemoAccount,
    today: NaiveDate,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO accounts (id, number, name, currency, credit_limit, on_stop) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account.id)
    .bind(account.number)
    .bind(account.name)
    .bind(account.currency)
    .bind(account.credit_limit)
    .bind(i64::from(account.on_stop))
    .execute(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO account_holders (customer_id, account_id) VALUES ($1, $2)")
        .bind(customer_id)
        .bind(account.id)
        .execute(&mut *conn)
        .await?;
    let currency = Currency::from_code(account.currency).map_err(records::internal)?;
    for demo in account.invoices {
        let issue_date = today - Days::new(demo.issued_days_ago);
        let total = decimal(demo.total)?;
        let invoice = Invoice {
            id: format!("inv_{}", demo.number.to_lowercase()),
            account_id: account.id.to_owned(),
            number: demo.number.to_owned(),
            currency,
            issue_date,
            due_date: issue_date + Days::new(30),
            reference: None,
            lines: Vec::new(),
            taxes: Vec::new(),
            subtotal: total,
            tax_total: Decimal::ZERO,
            total,
            amount_paid: decimal(demo.paid)?,
            plan_id: None,
            pdf_url: None,
        };
        save(
            conn,
            Kind::Invoice,
            &invoice.id,
            Owner::Account(account.id),
            &invoice,
        )
        .await?;
    }
    records::refresh_account(conn, account.id, today).await?;
    Ok(())
}

fn decimal(text: &str) -> ApiResult<Decimal> {
    text.parse().map_err(records::internal)
}
