//! Account figures: the definitions worked through, due items, bad records refused, and
//! the property that the figures add up.

use super::*;
use crate::dispute::tests::dispute;
use crate::dispute::DisputeStatus;
use crate::invoice::tests::{date, dec, invoice};
use crate::payment::tests::payment;
use crate::plan::{Agreement, Frequency, PlanInstalment};
use proptest::prelude::*;

#[test]
fn due_items_read_back_as_written() {
    for what in [
        DueWhat::Invoice {
            invoice_id: "inv-7".into(),
            number: "INV-0007".into(),
        },
        DueWhat::Instalment {
            plan_id: "plan-1".into(),
            number: 3,
        },
    ] {
        let item = DueItem {
            date: date("2024-05-01"),
            amount: dec("12.50"),
            what,
        };
        let text = serde_json::to_string(&item).unwrap();
        assert_eq!(
            serde_json::from_str::<DueItem>(&text).unwrap(),
            item,
            "{text}"
        );
    }
    let written = serde_json::to_value(DueWhat::Instalment {
        plan_id: "p".into(),
        number: 2,
    })
    .unwrap();
    assert_eq!(
        written,
        serde_json::json!({"type": "instalment", "plan_id": "p", "number": 2})
    );
}

#[test]
fn a_due_item_of_no_known_shape_is_refused_by_name() {
    for (text, why) in [
        (r#"{"type":"fee","number":"1"}"#, "unknown variant `fee`"),
        (
            r#"{"type":"invoice","number":"7"}"#,
            "missing field `invoice_id`",
        ),
        (
            r#"{"type":"instalment","plan_id":"p"}"#,
            "missing field `number`",
        ),
        (
            r#"{"type":"instalment","plan_id":"p","number":"2"}"#,
            "must be a whole number",
        ),
        (
            r#"{"type":"invoice","invoice_id":"i","number":7}"#,
            "must be text",
        ),
        (r#"{"invoice_id":"i","number":"7"}"#, "missing field `type`"),
        (
            r#"{"type":"instalment","plan_id":"p","number":-1}"#,
            "an invoice number or an instalment number",
        ),
    ] {
        let error = serde_json::from_str::<DueWhat>(text)
            .unwrap_err()
            .to_string();
        assert!(error.contains(why), "{text}: {error}");
    }
}

fn ledger<'a>(
    invoices: &'a [Invoice],
    payments: &'a [Payment],
    disputes: &'a [Dispute],
    plans: &'a [Plan],
) -> Ledger<'a> {
    Ledger {
        currency: Currency::GBP,
        credit_limit: dec("1000.00"),
        invoices,
        payments,
        disputes,
        plans,
    }
}

fn plan(id: &str, status: PlanStatus) -> Plan {
    Plan {
        id: id.into(),
        account_id: "acc-1".into(),
        invoice_ids: vec!["in-plan".into()],
        currency: Currency::GBP,
        frequency: Frequency::Monthly,
        principal: dec("90.00"),
        setup_fee: Decimal::ZERO,
        interest: Decimal::ZERO,
        total_payable: dec("90.00"),
        status,
        agreement: Agreement {
            terms_version: "2024-01".into(),
            agreed_at: "2024-02-01T10:00:00Z".parse().unwrap(),
            channel: "app".into(),
            offer_id: None,
        },
        missed_instalment_rule: String::new(),
        instalments: (1..=3)
            .map(|number| PlanInstalment {
                number,
                due_date: date("2024-02-15") + chrono::Months::new(number - 1),
                amount: dec("30.00"),
                paid: if number == 1 {
                    dec("30.00")
                } else {
                    Decimal::ZERO
                },
                status: if number == 1 {
                    InstalmentStatus::Paid
                } else {
                    InstalmentStatus::Due
                },
            })
            .collect(),
    }
}

#[test]
fn figures_follow_the_definitions() {
    let as_of = date("2024-03-31");
    let mut in_plan = invoice("in-plan", "90.00", "30.00", "2024-01-01");
    in_plan.plan_id = Some("plan-1".into());
    let invoices = [
        invoice("current", "100.00", "0", "2024-03-31"), // due today: not yet due
        invoice("d1-30", "50.00", "10.00", "2024-03-30"), // 1 day past due
        invoice("d31-60", "60.00", "0", "2024-02-29"),   // 31 days
        invoice("d61-90", "70.00", "0", "2024-01-01"),   // 90 days
        invoice("d90+", "80.00", "0", "2023-12-31"),     // 91 days
        invoice("disputed", "200.00", "0", "2023-06-01"), // overdue but half disputed
        invoice("credit-note", "-25.00", "0", "2024-03-01"),
        invoice("paid", "40.00", "40.00", "2023-01-01"),
        in_plan,
    ];
    let disputes = [
        dispute("d1", "disputed", "100.00", DisputeStatus::UnderReview),
        dispute("d2", "disputed", "500.00", DisputeStatus::ResolvedAsValid),
        dispute("d3", "paid", "40.00", DisputeStatus::Submitted),
    ];
    let payments = [payment("p1", "15.00", &[("d1-30", "10.00")])];
    let plans = [plan("plan-1", PlanStatus::Active)];
    let figures = ledger(&invoices, &payments, &disputes, &plans)
        .figures(as_of)
        .unwrap();
    assert_eq!(figures.disputed, dec("100.00"));
    assert_eq!(
        figures.overdue,
        dec("40.00") + dec("60.00") + dec("70.00") + dec("80.00") + dec("100.00")
    );
    assert_eq!(figures.not_yet_due, dec("100.00") + dec("60.00"));
    assert_eq!(figures.credit, dec("25.00") + dec("5.00"));
    assert_eq!(
        figures.balance,
        dec("350.00") + dec("160.00") + dec("100.00") - dec("30.00")
    );
    assert_eq!(figures.available_credit, dec("420.00"));
    assert_eq!(figures.ageing.current, dec("160.00"));
    assert_eq!(figures.ageing.days_1_30, dec("40.00"));
    assert_eq!(figures.ageing.days_31_60, dec("60.00"));
    assert_eq!(figures.ageing.days_61_90, dec("70.00"));
    assert_eq!(figures.ageing.days_over_90, dec("180.00"));
    assert_eq!(figures.balance.to_string(), "580.00");
    assert_eq!(figures.credit_limit.to_string(), "1000.00");

    // A broken plan no longer shields its invoice from being overdue.
    let broken = [plan("plan-1", PlanStatus::Broken)];
    let figures = ledger(&invoices, &payments, &disputes, &broken)
        .figures(as_of)
        .unwrap();
    assert_eq!(figures.not_yet_due, dec("100.00"));
    assert_eq!(figures.ageing.days_61_90, dec("130.00"));
}

#[test]
fn available_credit_never_goes_below_zero() {
    let invoices = [invoice("big", "1500.00", "0", "2024-04-30")];
    let figures = ledger(&invoices, &[], &[], &[])
        .figures(date("2024-03-31"))
        .unwrap();
    assert_eq!(figures.available_credit.to_string(), "0.00");
    let figures = ledger(&[], &[], &[], &[])
        .figures(date("2024-03-31"))
        .unwrap();
    assert_eq!(figures.balance.to_string(), "0.00");
    assert_eq!(figures.available_credit, dec("1000.00"));
}

#[test]
fn other_currencies_and_bad_records_are_refused() {
    let mut euros = invoice("eu", "10.00", "0", "2024-03-01");
    euros.currency = Currency::EUR;
    let error = ledger(&[euros], &[], &[], &[])
        .figures(date("2024-03-31"))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invoice INV-eu is in EUR, but the account is in GBP: amounts in different currencies are never mixed"
    );
    let fine = invoice("x", "10.005", "0", "2024-03-01");
    assert!(matches!(
        ledger(&[fine], &[], &[], &[]).figures(date("2024-03-31")),
        Err(FiguresError::Amount { .. })
    ));
    let over = payment("p", "10.00", &[("x", "11.00")]);
    assert!(matches!(
        ledger(&[], &[over], &[], &[]).figures(date("2024-03-31")),
        Err(FiguresError::OverAllocated { .. })
    ));
}

#[test]
fn pending_payments_do_not_count() {
    let mut pending = payment("p", "50.00", &[]);
    pending.status = PaymentStatus::Pending;
    let figures = ledger(&[], &[pending], &[], &[])
        .figures(date("2024-03-31"))
        .unwrap();
    assert_eq!(figures.credit, Decimal::ZERO);
}

#[test]
fn upcoming_lists_invoices_and_instalments_soonest_first() {
    let mut in_plan = invoice("in-plan", "90.00", "30.00", "2024-04-01");
    in_plan.plan_id = Some("plan-1".into());
    let invoices = [
        invoice("later", "100.00", "0", "2024-05-20"),
        invoice("past", "100.00", "0", "2024-03-01"),
        invoice("disputed", "100.00", "0", "2024-04-10"),
        in_plan,
    ];
    let disputes = [dispute(
        "d1",
        "disputed",
        "100.00",
        DisputeStatus::Submitted,
    )];
    let plans = [plan("plan-1", PlanStatus::Active)];
    let ledger = ledger(&invoices, &[], &disputes, &plans);
    let due = ledger.upcoming(date("2024-03-20"), 10);
    let whats: Vec<_> = due
        .iter()
        .map(|d| (d.date.to_string(), d.amount.to_string()))
        .collect();
    assert_eq!(
        whats,
        // The March instalment is past: it is missed or overdue, not upcoming.
        [
            ("2024-04-15".to_owned(), "30.00".to_owned()),
            ("2024-05-20".to_owned(), "100.00".to_owned()),
        ]
    );
    assert_eq!(ledger.upcoming(date("2024-03-20"), 1).len(), 1);
    assert_eq!(
        ledger.invoice_status(&invoices[2], date("2024-03-20")),
        InvoiceStatus::Disputed
    );
}

#[test]
fn apply_to_fills_the_account() {
    let invoices = [invoice("a", "10.00", "0", "2024-03-01")];
    let figures = ledger(&invoices, &[], &[], &[])
        .figures(date("2024-03-31"))
        .unwrap();
    let mut account = Account {
        id: "acc-1".into(),
        currency: "GBP".into(),
        ..Account::default()
    };
    figures.apply_to(&mut account);
    assert_eq!(account.overdue, dec("10.00"));
    assert_eq!(account.ageing.days_1_30, dec("10.00"));
    assert_eq!(account.validate(), Ok(()));
}

/// Any invoice: an amount (a credit note when negative), part paid, due up to 200 days
/// ago or 60 days ahead, maybe in a plan.
fn any_invoice() -> impl Strategy<Value = (i64, u8, i64, bool)> {
    (
        -50_000_i64..=1_000_000,
        0_u8..=100,
        -200_i64..=60,
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The figures add up: balance = overdue + not yet due + disputed - credit, which
    /// is also the sum of open amounts less unallocated payments; the ageing buckets add
    /// up to overdue + not yet due; disputed amounts are never overdue; nothing but the
    /// balance is negative; available credit is max(0, limit - balance).
    #[test]
    fn figures_add_up(
        raw_invoices in proptest::collection::vec(any_invoice(), 0..=30),
        raw_disputes in proptest::collection::vec((0_usize..30, 1_i64..=600_000, any::<bool>()), 0..=10),
        raw_payments in proptest::collection::vec((1_i64..=500_000, 0_u8..=100), 0..=5),
        limit in 0_i64..=5_000_000,
        active_plan in any::<bool>(),
    ) {
        let as_of = date("2024-06-30");
        let minor = |value: i64| Decimal::new(value, 2);
        let invoices: Vec<Invoice> = raw_invoices
            .iter()
            .enumerate()
            .map(|(index, (total, paid_percent, due_in, planned))| {
                let paid = if *total > 0 { total * i64::from(*paid_percent) / 100 } else { 0 };
                let due = (as_of + chrono::Duration::days(*due_in)).to_string();
                let mut inv = invoice(&format!("i{index}"), &minor(*total).to_string(), &minor(paid).to_string(), &due);
                if *planned {
                    inv.plan_id = Some("plan-1".into());
                }
                inv
            })
            .collect();
        let disputes: Vec<Dispute> = raw_disputes
            .iter()
            .enumerate()
            .map(|(index, (invoice_index, amount, open))| {
                let status = if *open { DisputeStatus::UnderReview } else { DisputeStatus::Withdrawn };
                dispute(&format!("d{index}"), &format!("i{invoice_index}"), &minor(*amount).to_string(), status)
            })
            .collect();
        let payments: Vec<Payment> = raw_payments
            .iter()
            .enumerate()
            .map(|(index, (amount, allocated_percent))| {
                let allocated = amount * i64::from(*allocated_percent) / 100;
                let allocations = if allocated > 0 { vec![("i0", minor(allocated).to_string())] } else { Vec::new() };
                let allocations: Vec<(&str, &str)> = allocations.iter().map(|(i, a)| (*i, a.as_str())).collect();
                payment(&format!("p{index}"), &minor(*amount).to_string(), &allocations)
            })
            .collect();
        let plans = [plan("plan-1", if active_plan { PlanStatus::Active } else { PlanStatus::Completed })];
        let ledger = Ledger { credit_limit: minor(limit), ..ledger(&invoices, &payments, &disputes, &plans) };
        let figures = ledger.figures(as_of).unwrap();

        prop_assert_eq!(figures.balance, figures.overdue + figures.not_yet_due + figures.disputed - figures.credit);
        let open: Decimal = invoices.iter().map(Invoice::open).sum();
        let unallocated: Decimal = payments.iter().map(Payment::unallocated).sum();
        prop_assert_eq!(figures.balance, open - unallocated);
        prop_assert_eq!(figures.ageing.total(), figures.overdue + figures.not_yet_due);
        for amount in [figures.overdue, figures.not_yet_due, figures.disputed, figures.credit, figures.available_credit] {
            prop_assert!(amount >= Decimal::ZERO);
        }
        prop_assert_eq!(figures.available_credit, (figures.credit_limit - figures.balance).max(Decimal::ZERO));
        // Overdue is exactly the undisputed part of past-due invoices outside an active plan.
        let expected_overdue: Decimal = invoices
            .iter()
            .filter(|i| i.open() > Decimal::ZERO && i.days_past_due(as_of) > 0 && !ledger.in_active_plan(i))
            .map(|i| i.open() - ledger.disputed_on(i))
            .sum();
        prop_assert_eq!(figures.overdue, expected_overdue);
        for inv in &invoices {
            prop_assert!(ledger.disputed_on(inv) <= inv.open().max(Decimal::ZERO));
        }
        for amount in [figures.balance, figures.overdue, figures.ageing.days_over_90] {
            prop_assert_eq!(amount.scale(), 2);
        }
    }
}
