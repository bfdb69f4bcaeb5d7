//! Demo data, seeded into an empty database in demo mode, showing every state the app
//! has a screen for: a customer in credit, overdue with plan offers, on stop, a B2B user
//! with two accounts, GBP, EUR, USD, JPY and KWD (three decimals), disputes in several
//! states, an active plan with a missed instalment, and an account with 10,000 invoices.
//! Everything is built from settle-core's types and rules, in one transaction.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use settle_core::api::{
    Agreement, Allocation, Dispute, DisputeEvent, DisputeMessage, DisputeReason, DisputeStatus,
    Frequency, InstalmentStatus, Invoice, InvoiceLine, Kind, Party, Payment, PaymentMethod,
    PaymentStatus, Plan, PlanOffer, PlanPolicy, PlanSize, Statement, StatementEntry,
};
use settle_core::currency::Currency;
use settle_core::money::{Money, RemainderPlacement, Rounding};
use settle_core::plan::{build_schedule, ScheduleRequest};
use sqlx::AnyConnection;

use crate::db::Database;
use crate::error::{ApiError, ApiResult};
use crate::preferences;
use crate::records::{self, internal, save, Owner};

/// The address `cargo xtask run` suggests signing in with.
pub const EXAMPLE_EMAIL: &str = "alex@example.com";

/// How many invoices the large demo account has.
pub const BULK_INVOICES: u32 = 10_000;

/// Seeds the demo unless the database already has customers. The check is made inside
/// the write transaction, so of several instances starting at once on one database the
/// first seeds and the others, waiting their turn, find the customers there.
pub async fn seed_if_empty(db: &Database) -> ApiResult<()> {
    let started = std::time::Instant::now();
    let mut tx = db.begin().await?;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers")
        .fetch_one(&mut *tx)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let now = Utc::now();
    let mut seed = Seed {
        conn: &mut tx,
        today: now.date_naive(),
        now,
    };
    seed.all().await?;
    tx.commit().await?;
    tracing::info!(
        millis = started.elapsed().as_millis() as u64,
        "seeded demo data"
    );
    Ok(())
}

struct Seed<'c> {
    conn: &'c mut AnyConnection,
    today: NaiveDate,
    now: DateTime<Utc>,
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("demo amounts are decimals")
}

impl Seed<'_> {
    fn day(&self, offset: i64) -> NaiveDate {
        if offset >= 0 {
            self.today + Days::new(offset.unsigned_abs())
        } else {
            self.today - Days::new(offset.unsigned_abs())
        }
    }

    async fn all(&mut self) -> ApiResult<()> {
        self.alex().await?;
        self.sam().await?;
        self.casey_in_credit().await?;
        self.jordan_overdue_with_offers().await?;
        self.riley_on_stop_with_disputes().await?;
        self.morgan_b2b_with_a_plan().await?;
        self.bulk().await
    }

    async fn customer(&mut self, id: &str, email: &str, name: &str) -> ApiResult<()> {
        sqlx::query("INSERT INTO customers (id, email, name) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(email)
            .bind(name)
            .execute(&mut *self.conn)
            .await?;
        preferences::create(self.conn, id).await?;
        Ok(())
    }

    async fn account(
        &mut self,
        holders: &[&str],
        id: &str,
        number: &str,
        name: &str,
        currency: Currency,
        credit_limit: &str,
    ) -> ApiResult<()> {
        sqlx::query(
            "INSERT INTO accounts (id, number, name, currency, credit_limit, on_stop) \
             VALUES ($1, $2, $3, $4, $5, 0)",
        )
        .bind(id)
        .bind(number)
        .bind(name)
        .bind(currency.code())
        .bind(credit_limit)
        .execute(&mut *self.conn)
        .await?;
        for holder in holders {
            sqlx::query("INSERT INTO account_holders (customer_id, account_id) VALUES ($1, $2)")
                .bind(holder)
                .bind(id)
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(())
    }

    /// An invoice of one line, issued `issued` days from today and due 30 days later.
    fn invoice(
        &self,
        account: &str,
        currency: Currency,
        number: &str,
        issued: i64,
        total: &str,
        paid: &str,
    ) -> Invoice {
        let total = dec(total);
        let issue_date = self.day(issued);
        Invoice {
            id: format!("inv_{}", number.to_lowercase()),
            account_id: account.to_owned(),
            number: number.to_owned(),
            currency,
            issue_date,
            due_date: issue_date + Days::new(30),
            reference: None,
            lines: vec![InvoiceLine {
                id: "1".into(),
                description: "Goods and services".into(),
                quantity: Decimal::ONE,
                unit_price: total,
                net: total,
                tax: Decimal::ZERO,
            }],
            taxes: Vec::new(),
            subtotal: total,
            tax_total: Decimal::ZERO,
            total,
            amount_paid: dec(paid),
            plan_id: None,
            pdf_url: None,
        }
    }

    async fn put<T: serde::Serialize>(
        &mut self,
        kind: Kind,
        id: &str,
        account: &str,
        record: &T,
    ) -> ApiResult<()> {
        save(self.conn, kind, id, Owner::Account(account), record).await?;
        Ok(())
    }

    async fn invoices(&mut self, invoices: &[Invoice]) -> ApiResult<()> {
        for invoice in invoices {
            invoice
                .validate()
                .map_err(|e| ApiError::invalid(e.field, e.reason))?;
            self.put(Kind::Invoice, &invoice.id, &invoice.account_id, invoice)
                .await?;
        }
        Ok(())
    }

    fn policy(&self, account: &str, currency: Currency, min_instalment: &str) -> PlanPolicy {
        PlanPolicy {
            id: account.to_owned(),
            currency,
            min_instalment: dec(min_instalment),
            max_instalments: 12,
            max_term_months: 12,
            frequencies: vec![
                Frequency::Monthly,
                Frequency::Fortnightly,
                Frequency::Weekly,
            ],
            first_date_earliest_days: 0,
            first_date_latest_days: 30,
            setup_fee: Decimal::ZERO,
            annual_interest_percent: Decimal::ZERO,
            interest_rounding: Rounding::TowardZero,
            remainder: RemainderPlacement::First,
            missed_after_days: 7,
            missed_instalment_rule: "If a payment is missed we will get in touch to agree \
                                     what happens next. Nothing else changes without talking \
                                     to you first."
                .into(),
            promise_window_days: 14,
            terms_version: "2024-01".into(),
        }
    }

    async fn set_policy(&mut self, policy: &PlanPolicy) -> ApiResult<()> {
        let account = policy.id.clone();
        self.put(Kind::PlanPolicy, &account, &account, policy).await
    }

    async fn refresh(&mut self, account: &str) -> ApiResult<()> {
        records::refresh_account(self.conn, account, self.today).await?;
        Ok(())
    }

    /// Alex: the example customer. Balance £1,127.75, of which £485.50 overdue.
    async fn alex(&mut self) -> ApiResult<()> {
        let (account, gbp) = ("acc_alex_gbp", Currency::GBP);
        self.customer("cus_alex", EXAMPLE_EMAIL, "Alex Morgan")
            .await?;
        self.account(
            &["cus_alex"],
            account,
            "SET-1001",
            "Alex Morgan",
            gbp,
            "2000.00",
        )
        .await?;
        let invoices = [
            self.invoice(account, gbp, "INV-2041", -75, "420.00", "120.00"),
            self.invoice(account, gbp, "INV-2107", -40, "185.50", "0.00"),
            self.invoice(account, gbp, "INV-2188", -10, "642.25", "0.00"),
        ];
        self.invoices(&invoices).await?;
        let policy = self.policy(account, gbp, "25.00");
        self.set_policy(&policy).await?;
        self.refresh(account).await
    }

    /// Sam: a small EUR account, €99.90 not yet due.
    async fn sam(&mut self) -> ApiResult<()> {
        let (account, eur) = ("acc_sam_eur", Currency::EUR);
        self.customer("cus_sam", "sam@example.com", "Sam Rivera")
            .await?;
        self.account(
            &["cus_sam"],
            account,
            "SET-1002",
            "Sam Rivera",
            eur,
            "1500.00",
        )
        .await?;
        let invoices = [
            self.invoice(account, eur, "INV-3001", -50, "300.00", "300.00"),
            self.invoice(account, eur, "INV-3050", -5, "99.90", "0.00"),
        ];
        self.invoices(&invoices).await?;
        self.refresh(account).await
    }

    /// Casey: paid more than owed, so the USD account is in credit by $150.00.
    async fn casey_in_credit(&mut self) -> ApiResult<()> {
        let (account, usd) = ("acc_casey_usd", Currency::USD);
        self.customer("cus_casey", "casey@example.com", "Casey Lee")
            .await?;
        self.account(
            &["cus_casey"],
            account,
            "SET-1003",
            "Casey Lee",
            usd,
            "1000.00",
        )
        .await?;
        let invoice = self.invoice(account, usd, "INV-4001", -20, "500.00", "500.00");
        self.invoices(std::slice::from_ref(&invoice)).await?;
        let payment = Payment {
            id: "pay_casey_1".into(),
            account_id: account.into(),
            currency: usd,
            amount: dec("650.00"),
            received_at: self.now - chrono::Duration::days(3),
            method: PaymentMethod::BankTransfer,
            status: PaymentStatus::Completed,
            reference: Some("Transfer ref CL-88".into()),
            allocations: vec![Allocation {
                invoice_id: invoice.id.clone(),
                amount: dec("500.00"),
                instalment: None,
            }],
        };
        self.put(Kind::Payment, &payment.id, account, &payment)
            .await?;
        self.refresh(account).await
    }

    /// Jordan: overdue for months, with two plan offers and the policy they follow.
    async fn jordan_overdue_with_offers(&mut self) -> ApiResult<()> {
        let (account, gbp) = ("acc_jordan_gbp", Currency::GBP);
        self.customer("cus_jordan", "jordan@example.com", "Jordan Patel")
            .await?;
        self.account(
            &["cus_jordan"],
            account,
            "SET-1004",
            "Jordan Patel",
            gbp,
            "1000.00",
        )
        .await?;
        let invoices = [
            self.invoice(account, gbp, "INV-5001", -140, "310.00", "0.00"),
            self.invoice(account, gbp, "INV-5002", -100, "275.40", "50.00"),
            self.invoice(account, gbp, "INV-5003", -70, "129.99", "0.00"),
        ];
        self.invoices(&invoices).await?;
        let policy = self.policy(account, gbp, "25.00");
        self.set_policy(&policy).await?;
        let owed: Decimal = invoices.iter().map(Invoice::open).sum();
        let ids: Vec<String> = invoices.iter().map(|i| i.id.clone()).collect();
        for (id, count, note) in [
            ("off_jordan_3", 3, "Clear it in three monthly payments"),
            ("off_jordan_6", 6, "Smaller payments over six months"),
        ] {
            let schedule = build_schedule(
                &policy,
                &ScheduleRequest {
                    amount: Money::new(owed, gbp).map_err(internal)?,
                    frequency: Frequency::Monthly,
                    first_date: self.day(14),
                    size: PlanSize::Instalments(count),
                    today: self.today,
                },
            )
            .map_err(|e| ApiError::breach(&e))?;
            let offer = PlanOffer {
                id: id.into(),
                account_id: account.into(),
                invoice_ids: ids.clone(),
                schedule,
                expires_on: Some(self.day(30)),
                note: Some(note.into()),
            };
            self.put(Kind::PlanOffer, id, account, &offer).await?;
        }
        let statement = Statement {
            id: "stm_jordan_1".into(),
            account_id: account.into(),
            currency: gbp,
            period_start: self.day(-150),
            period_end: self.day(-61),
            opening_balance: Decimal::ZERO,
            closing_balance: dec("665.39"),
            entries: invoices
                .iter()
                .map(|invoice| StatementEntry {
                    date: invoice.issue_date,
                    description: format!("Invoice {}", invoice.number),
                    reference: Some(invoice.number.clone()),
                    debit: invoice.total,
                    credit: Decimal::ZERO,
                })
                .chain([StatementEntry {
                    date: self.day(-90),
                    description: "Payment, thank you".into(),
                    reference: None,
                    debit: Decimal::ZERO,
                    credit: dec("50.00"),
                }])
                .collect(),
            pdf_url: None,
        };
        statement
            .validate()
            .map_err(|e| ApiError::invalid(e.field, e.reason))?;
        self.put(Kind::Statement, &statement.id, account, &statement)
            .await?;
        self.refresh(account).await
    }

    /// Riley: on stop, with disputes submitted, waiting for more information, resolved
    /// (feedback still to give) and withdrawn.
    async fn riley_on_stop_with_disputes(&mut self) -> ApiResult<()> {
        let (account, gbp) = ("acc_riley_gbp", Currency::GBP);
        self.customer("cus_riley", "riley@example.com", "Riley Chen")
            .await?;
        self.account(
            &["cus_riley"],
            account,
            "SET-1005",
            "Riley Chen Ltd",
            gbp,
            "3000.00",
        )
        .await?;
        sqlx::query(
            "UPDATE accounts SET on_stop = 1, on_stop_reason = $1, on_stop_remedy = $2 \
             WHERE id = $3",
        )
        .bind("Invoices over 60 days late add up to more than the credit limit allows.")
        .bind("Pay the overdue amount, or agree a payment plan, and new orders can go ahead.")
        .bind(account)
        .execute(&mut *self.conn)
        .await?;
        let invoices = [
            self.invoice(account, gbp, "INV-6001", -120, "1850.00", "0.00"),
            self.invoice(account, gbp, "INV-6002", -95, "920.00", "0.00"),
            self.invoice(account, gbp, "INV-6003", -65, "410.50", "0.00"),
            self.invoice(account, gbp, "INV-6004", -35, "260.00", "0.00"),
        ];
        self.invoices(&invoices).await?;
        use DisputeStatus::*;
        let cases = [
            (
                "dsp_riley_1",
                1,
                "120.00",
                DisputeReason::DamagedOrFaulty,
                &[Submitted][..],
            ),
            (
                "dsp_riley_2",
                2,
                "260.00",
                DisputeReason::WrongPriceOrQuantity,
                &[Submitted, UnderReview, MoreInformationNeeded][..],
            ),
            (
                "dsp_riley_3",
                0,
                "300.00",
                DisputeReason::DuplicateCharge,
                &[Submitted, UnderReview, ResolvedInCustomersFavour][..],
            ),
            (
                "dsp_riley_4",
                3,
                "50.00",
                DisputeReason::NotReceived,
                &[Submitted, Withdrawn][..],
            ),
        ];
        for (id, invoice, amount, reason, steps) in cases {
            let dispute = self.dispute(id, &invoices[invoice], amount, reason, steps);
            dispute
                .validate()
                .map_err(|e| ApiError::invalid(e.field, e.reason))?;
            self.put(Kind::Dispute, id, account, &dispute).await?;
        }
        for (n, from, body) in [
            (
                1,
                Party::Customer,
                "Half of the pallets were the wrong size.",
            ),
            (
                2,
                Party::Creditor,
                "Thank you. Could you send the delivery note?",
            ),
        ] {
            let message = DisputeMessage {
                id: format!("msg_riley_{n}"),
                dispute_id: "dsp_riley_2".into(),
                from,
                body: body.into(),
                sent_at: self.now - chrono::Duration::days(10 - n),
                attachments: Vec::new(),
            };
            self.put(Kind::DisputeMessage, &message.id, account, &message)
                .await?;
        }
        let policy = self.policy(account, gbp, "100.00");
        self.set_policy(&policy).await?;
        self.refresh(account).await
    }

    fn dispute(
        &self,
        id: &str,
        invoice: &Invoice,
        amount: &str,
        reason: DisputeReason,
        steps: &[DisputeStatus],
    ) -> Dispute {
        let raised_at = self.now - chrono::Duration::days(20);
        let timeline: Vec<DisputeEvent> = steps
            .iter()
            .zip(0i64..)
            .map(|(status, n)| DisputeEvent {
                status: *status,
                at: raised_at + chrono::Duration::days(3 * n),
                by: match status {
                    DisputeStatus::Submitted | DisputeStatus::Withdrawn => Party::Customer,
                    _ => Party::Creditor,
                },
                note: None,
            })
            .collect();
        let status = *steps.last().unwrap_or(&DisputeStatus::Submitted);
        Dispute {
            id: id.into(),
            account_id: invoice.account_id.clone(),
            invoice_id: invoice.id.clone(),
            line_ids: Vec::new(),
            currency: invoice.currency,
            amount: dec(amount),
            reason,
            description: "Raised through the portal.".into(),
            status,
            raised_at,
            expected_response_by: Some(self.day(-6)),
            timeline,
            attachments: Vec::new(),
            resolution_note: status
                .is_resolved()
                .then(|| "We have credited the duplicate charge.".into()),
            feedback_given: false,
            client_reference: None,
        }
    }

    /// Morgan: one sign-in for two company accounts, in JPY and in KWD (three decimals);
    /// the KWD account pays by an active plan with one missed instalment.
    async fn morgan_b2b_with_a_plan(&mut self) -> ApiResult<()> {
        self.customer("cus_morgan", "morgan@example.com", "Morgan Ito")
            .await?;
        let (jpy_account, jpy) = ("acc_morgan_jpy", Currency::JPY);
        self.account(
            &["cus_morgan"],
            jpy_account,
            "SET-2001",
            "Ito Trading KK",
            jpy,
            "500000",
        )
        .await?;
        let jpy_invoices = [
            self.invoice(jpy_account, jpy, "INV-7001", -45, "128500", "28500"),
            self.invoice(jpy_account, jpy, "INV-7002", -12, "64200", "0"),
        ];
        self.invoices(&jpy_invoices).await?;
        self.refresh(jpy_account).await?;

        let (kwd_account, kwd) = ("acc_morgan_kwd", Currency::KWD);
        self.account(
            &["cus_morgan"],
            kwd_account,
            "SET-2002",
            "Ito Gulf WLL",
            kwd,
            "5000.000",
        )
        .await?;
        let mut kwd_invoices = [
            self.invoice(kwd_account, kwd, "INV-8001", -110, "1200.500", "0.000"),
            self.invoice(kwd_account, kwd, "INV-8002", -20, "340.125", "0.000"),
        ];
        let policy = self.policy(kwd_account, kwd, "50.000");
        self.set_policy(&policy).await?;
        let started = self.day(-50);
        let schedule = build_schedule(
            &policy,
            &ScheduleRequest {
                amount: Money::new(kwd_invoices[0].open(), kwd).map_err(internal)?,
                frequency: Frequency::Monthly,
                first_date: started + Days::new(5),
                size: PlanSize::Instalments(4),
                today: started,
            },
        )
        .map_err(|e| ApiError::breach(&e))?;
        let plan_id = "pln_morgan_kwd";
        let mut plan = Plan::agreed(
            plan_id.into(),
            kwd_account.into(),
            vec![kwd_invoices[0].id.clone()],
            &schedule,
            Agreement {
                terms_version: policy.terms_version.clone(),
                agreed_at: self.now - chrono::Duration::days(50),
                channel: "app".into(),
                offer_id: None,
            },
            policy.missed_instalment_rule.clone(),
        );
        // The first was paid; the second, due about two weeks ago, was missed.
        for instalment in &mut plan.instalments {
            if instalment.number == 1 {
                instalment.paid = instalment.amount;
            }
            instalment.status = InstalmentStatus::on(
                instalment.amount,
                instalment.paid,
                instalment.due_date,
                policy.missed_after_days,
                self.today,
            );
        }
        let first = plan.instalments[0].amount;
        kwd_invoices[0].plan_id = Some(plan_id.into());
        kwd_invoices[0].amount_paid = first;
        plan.validate()
            .map_err(|e| ApiError::invalid(e.field, e.reason))?;
        self.invoices(&kwd_invoices).await?;
        self.put(Kind::Plan, plan_id, kwd_account, &plan).await?;
        let payment = Payment {
            id: "pay_morgan_kwd_1".into(),
            account_id: kwd_account.into(),
            currency: kwd,
            amount: first,
            received_at: self.now - chrono::Duration::days(45),
            method: PaymentMethod::DirectDebit,
            status: PaymentStatus::Completed,
            reference: Some("Plan instalment 1".into()),
            allocations: vec![Allocation {
                invoice_id: kwd_invoices[0].id.clone(),
                amount: first,
                instalment: Some(1),
            }],
        };
        self.put(Kind::Payment, &payment.id, kwd_account, &payment)
            .await?;
        self.refresh(kwd_account).await
    }

    /// A wholesale account with 10,000 invoices, most paid, written in large batches.
    async fn bulk(&mut self) -> ApiResult<()> {
        let (account, usd) = ("acc_bulk_usd", Currency::USD);
        self.customer("cus_bulk", "bulk@example.com", "Bulk Buyer Inc")
            .await?;
        self.account(
            &["cus_bulk"],
            account,
            "SET-3001",
            "Bulk Buyer Inc",
            usd,
            "250000.00",
        )
        .await?;
        let invoices: Vec<(String, serde_json::Value)> = (0..BULK_INVOICES)
            .map(|n| {
                let issued = -i64::from(n % 400);
                // A deterministic spread of amounts; every seventh invoice still open.
                let total = Decimal::new(1_000 + i64::from(n % 97) * 1_237, 2);
                let paid = if n % 7 == 0 { Decimal::ZERO } else { total };
                let mut invoice = self.invoice(account, usd, "X", issued, "0.00", "0.00");
                invoice.id = format!("inv_bulk_{n:05}");
                invoice.number = format!("B-{:05}", n + 1);
                invoice.lines[0].unit_price = total;
                invoice.lines[0].net = total;
                invoice.subtotal = total;
                invoice.total = total;
                invoice.amount_paid = paid;
                let data = serde_json::to_value(&invoice).map_err(internal)?;
                Ok((invoice.id, data))
            })
            .collect::<ApiResult<_>>()?;
        records::publish_many(self.conn, Kind::Invoice, Owner::Account(account), &invoices).await?;
        self.refresh(account).await
    }
}
