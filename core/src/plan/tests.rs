//! Plans agreed and tracked, offers accepted and proposals rebuilt; and the policy the
//! plan module's tests share.

use super::*;
use crate::invoice::tests::{date, dec};
use crate::money::{Money, RemainderPlacement, Rounding};

/// A GBP policy: at least 10.00 an instalment, up to 24 of them within 12 months, any
/// frequency, first date within 30 days, no fee or interest.
pub(crate) fn policy() -> PlanPolicy {
    PlanPolicy {
        id: "policy-1".into(),
        currency: Currency::GBP,
        min_instalment: dec("10.00"),
        max_instalments: 24,
        max_term_months: 12,
        frequencies: Frequency::ALL.to_vec(),
        first_date_earliest_days: 0,
        first_date_latest_days: 30,
        setup_fee: Decimal::ZERO,
        annual_interest_percent: Decimal::ZERO,
        interest_rounding: Rounding::TowardZero,
        remainder: RemainderPlacement::First,
        missed_after_days: 7,
        missed_instalment_rule:
            "If an instalment is missed we will contact you before anything else happens.".into(),
        promise_window_days: 14,
        terms_version: "2024-01".into(),
    }
}

#[test]
fn an_agreed_plan_follows_its_schedule_with_nothing_paid() {
    let schedule = build_schedule(
        &policy(),
        &ScheduleRequest {
            amount: Money::parse("100.01", Currency::GBP).unwrap(),
            frequency: Frequency::Monthly,
            first_date: date("2024-02-01"),
            size: PlanSize::Instalments(3),
            today: date("2024-01-15"),
        },
    )
    .unwrap();
    let agreement = Agreement {
        terms_version: "2024-01".into(),
        agreed_at: "2024-01-15T10:00:00Z".parse().unwrap(),
        channel: "app".into(),
        offer_id: None,
    };
    let plan = Plan::agreed(
        "p1".into(),
        "a1".into(),
        vec!["i1".into()],
        &schedule,
        agreement,
        "Call us".into(),
    );
    plan.validate().unwrap();
    assert_eq!(plan.status, PlanStatus::Active);
    assert_eq!(plan.remaining(), schedule.total_payable);
    assert_eq!(plan.cost_of_credit(), schedule.cost_of_credit);
    let dates: Vec<_> = plan
        .instalments
        .iter()
        .map(|i| (i.number, i.due_date, i.amount))
        .collect();
    let planned: Vec<_> = schedule
        .instalments
        .iter()
        .map(|i| (i.number, i.due_date, i.amount))
        .collect();
    assert_eq!(dates, planned);
    assert!(plan
        .instalments
        .iter()
        .all(|i| i.paid.is_zero() && i.status == InstalmentStatus::Due));
}

#[test]
fn instalments_are_paid_due_or_missed() {
    let due = date("2024-03-10");
    let status =
        |paid: &str, as_of: &str| InstalmentStatus::on(dec("30"), dec(paid), due, 7, date(as_of));
    assert_eq!(status("30", "2024-04-30"), InstalmentStatus::Paid);
    assert_eq!(status("29.99", "2024-03-17"), InstalmentStatus::Due);
    assert_eq!(status("29.99", "2024-03-18"), InstalmentStatus::Missed);
    assert_eq!(
        InstalmentStatus::on(dec("30"), dec("0"), due, 0, date("2024-03-11")),
        InstalmentStatus::Missed
    );
}

fn agreed_plan() -> Plan {
    Plan {
        id: "plan-1".into(),
        account_id: "acc-1".into(),
        invoice_ids: vec!["i1".into()],
        currency: Currency::GBP,
        frequency: Frequency::Monthly,
        principal: dec("100.00"),
        setup_fee: dec("5.00"),
        interest: dec("0"),
        total_payable: dec("105.00"),
        status: PlanStatus::Active,
        agreement: Agreement {
            terms_version: "2024-01".into(),
            agreed_at: "2024-01-20T10:00:00Z".parse().unwrap(),
            channel: "app".into(),
            offer_id: None,
        },
        missed_instalment_rule: "We will call you first.".into(),
        instalments: vec![
            PlanInstalment {
                number: 1,
                due_date: date("2024-02-01"),
                amount: dec("52.50"),
                paid: dec("52.50"),
                status: InstalmentStatus::Paid,
            },
            PlanInstalment {
                number: 2,
                due_date: date("2024-03-01"),
                amount: dec("52.50"),
                paid: dec("10.00"),
                status: InstalmentStatus::Due,
            },
        ],
    }
}

#[test]
fn plan_tracking_and_checks() {
    let plan = agreed_plan();
    assert_eq!(plan.validate(), Ok(()));
    assert_eq!(plan.cost_of_credit(), dec("5.00"));
    assert_eq!(plan.paid(), dec("62.50"));
    assert_eq!(plan.remaining(), dec("42.50"));
    assert_eq!(plan.next_unpaid().map(|i| i.number), Some(2));
    let field = |plan: Plan| plan.validate().unwrap_err().field;
    let mut short = agreed_plan();
    short.instalments[1].amount = dec("52.49");
    assert_eq!(field(short), "/instalments");
    let mut unordered = agreed_plan();
    unordered.instalments[1].due_date = date("2024-02-01");
    assert_eq!(field(unordered), "/instalments/1/due_date");
    let mut renumbered = agreed_plan();
    renumbered.instalments[1].number = 3;
    assert_eq!(field(renumbered), "/instalments/1/number");
    let mut costly = agreed_plan();
    costly.interest = dec("1.00");
    assert_eq!(field(costly), "/total_payable");
}

#[test]
fn accepting_an_offer() {
    let today = date("2024-01-20");
    let schedule = build_schedule(
        &policy(),
        &ScheduleRequest {
            amount: Money::parse("100", Currency::GBP).unwrap(),
            frequency: Frequency::Monthly,
            first_date: date("2024-02-01"),
            size: PlanSize::Instalments(2),
            today,
        },
    )
    .unwrap();
    let offer = PlanOffer {
        id: "offer-1".into(),
        account_id: "acc-1".into(),
        invoice_ids: Vec::new(),
        schedule,
        expires_on: Some(date("2024-01-31")),
        note: None,
    };
    assert_eq!(offer.validate(), Ok(()));
    let accept = AcceptPlanOffer {
        offer_id: "offer-1".into(),
        terms_version: "2024-01".into(),
        agreed_at: "2024-01-20T10:00:00Z".parse().unwrap(),
        channel: "app".into(),
    };
    assert_eq!(accept.check(&offer, today), Ok(()));
    assert_eq!(accept.check(&offer, date("2024-01-31")), Ok(()));
    assert_eq!(
        accept.check(&offer, date("2024-02-01")),
        Err(PlanError::OfferExpired {
            expires_on: date("2024-01-31")
        })
    );
    let old_terms = AcceptPlanOffer {
        terms_version: "2023-06".into(),
        ..accept.clone()
    };
    assert!(matches!(
        old_terms.check(&offer, today),
        Err(PlanError::TermsChanged { .. })
    ));
    let other = AcceptPlanOffer {
        offer_id: "offer-2".into(),
        ..accept
    };
    assert!(matches!(
        other.check(&offer, today),
        Err(PlanError::WrongOffer { .. })
    ));
}

#[test]
fn proposals_are_rebuilt_and_compared() {
    let proposal = ProposePlan {
        account_id: "acc-1".into(),
        invoice_ids: Vec::new(),
        currency: Currency::GBP,
        amount: dec("100.00"),
        frequency: Frequency::Monthly,
        first_date: date("2024-02-01"),
        size: PlanSize::Instalments(3),
        terms_version: "2024-01".into(),
        agreed_at: "2024-01-20T10:00:00Z".parse().unwrap(),
        channel: "app".into(),
        expected_total_payable: Some(dec("100.00")),
        schedule: Vec::new(),
    };
    let today = date("2024-01-20");
    assert_eq!(
        proposal.check(&policy(), today).unwrap().total_payable,
        dec("100.00")
    );
    let costly = PlanPolicy {
        setup_fee: dec("5"),
        ..policy()
    };
    assert_eq!(
        proposal.check(&costly, today),
        Err(PlanError::ScheduleChanged {
            expected: dec("100.00"),
            actual: dec("105.00")
        })
    );
    let newer = PlanPolicy {
        terms_version: "2024-02".into(),
        ..policy()
    };
    assert!(matches!(
        proposal.check(&newer, today),
        Err(PlanError::TermsChanged { .. })
    ));
    let json = serde_json::to_value(&proposal).unwrap();
    assert_eq!(json["size"], serde_json::json!({"instalments": 3}));
    assert_eq!(json["expected_total_payable"], "100.00");
    assert!(json.get("schedule").is_none());

    // With the instalments the customer saw: the same total spread another way is
    // refused, the schedule as rebuilt is taken.
    let seen = proposal.check(&policy(), today).unwrap().instalments;
    let agreed = ProposePlan {
        schedule: seen.clone(),
        ..proposal.clone()
    };
    assert_eq!(agreed.check(&policy(), today).unwrap().instalments, seen);
    let mut moved = seen;
    moved[0].amount -= dec("0.01");
    moved[2].amount += dec("0.01");
    let other = ProposePlan {
        schedule: moved,
        ..proposal
    };
    assert_eq!(
        other.check(&policy(), today),
        Err(PlanError::InstalmentsChanged)
    );
}
