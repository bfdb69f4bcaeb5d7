//! Worked examples of schedules: dates, remainders, currencies, fee and interest, and
//! the message, rule and field of every breach. The properties every schedule keeps are
//! in [`properties`].

use super::*;
use crate::invoice::tests::{date, dec};
use crate::money::{MoneyError, RemainderPlacement, Rounding};
use crate::plan::tests::policy;
use crate::validation::RuleBreach;

mod properties;

fn request(
    amount: &str,
    frequency: Frequency,
    first: &str,
    size: PlanSize,
    today: &str,
) -> ScheduleRequest {
    ScheduleRequest {
        amount: Money::parse(amount, Currency::GBP).unwrap(),
        frequency,
        first_date: date(first),
        size,
        today: date(today),
    }
}

fn amounts(schedule: &Schedule) -> Vec<String> {
    schedule
        .instalments
        .iter()
        .map(|i| i.amount.to_string())
        .collect()
}

fn dates(schedule: &Schedule) -> Vec<String> {
    schedule
        .instalments
        .iter()
        .map(|i| i.due_date.to_string())
        .collect()
}

#[test]
fn monthly_dates_clamp_to_short_months_and_return() {
    let leap = request(
        "1000.00",
        Frequency::Monthly,
        "2024-01-31",
        PlanSize::Instalments(4),
        "2024-01-15",
    );
    let schedule = build_schedule(&policy(), &leap).unwrap();
    assert_eq!(
        dates(&schedule),
        ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
    );
    assert_eq!(amounts(&schedule), ["250.00", "250.00", "250.00", "250.00"]);
    let common = request(
        "1000.00",
        Frequency::Monthly,
        "2023-01-31",
        PlanSize::Instalments(3),
        "2023-01-15",
    );
    let schedule = build_schedule(&policy(), &common).unwrap();
    assert_eq!(dates(&schedule), ["2023-01-31", "2023-02-28", "2023-03-31"]);
    let mid = request(
        "1000.00",
        Frequency::Monthly,
        "2023-01-15",
        PlanSize::Instalments(3),
        "2023-01-15",
    );
    assert_eq!(
        dates(&build_schedule(&policy(), &mid).unwrap()),
        ["2023-01-15", "2023-02-15", "2023-03-15"]
    );
}

#[test]
fn weekly_and_fortnightly_dates() {
    let weekly = request(
        "100.00",
        Frequency::Weekly,
        "2024-02-26",
        PlanSize::Instalments(3),
        "2024-02-20",
    );
    assert_eq!(
        dates(&build_schedule(&policy(), &weekly).unwrap()),
        ["2024-02-26", "2024-03-04", "2024-03-11"]
    );
    let fortnightly = request(
        "100.00",
        Frequency::Fortnightly,
        "2024-02-26",
        PlanSize::Instalments(3),
        "2024-02-20",
    );
    assert_eq!(
        dates(&build_schedule(&policy(), &fortnightly).unwrap()),
        ["2024-02-26", "2024-03-11", "2024-03-25"]
    );
}

#[test]
fn remainder_goes_one_minor_unit_at_a_time_where_the_policy_says() {
    let ask = request(
        "100.00",
        Frequency::Monthly,
        "2024-02-01",
        PlanSize::Instalments(3),
        "2024-01-20",
    );
    let first = build_schedule(&policy(), &ask).unwrap();
    assert_eq!(amounts(&first), ["33.34", "33.33", "33.33"]);
    assert_eq!(first.remainder_carried_by, [1]);
    let ask = request(
        "100.02",
        Frequency::Monthly,
        "2024-02-01",
        PlanSize::Instalments(4),
        "2024-01-20",
    );
    let last = build_schedule(
        &PlanPolicy {
            remainder: RemainderPlacement::Last,
            ..policy()
        },
        &ask,
    )
    .unwrap();
    assert_eq!(amounts(&last), ["25.00", "25.00", "25.01", "25.01"]);
    assert_eq!(last.remainder_carried_by, [3, 4]);
    let even = request(
        "100.00",
        Frequency::Monthly,
        "2024-02-01",
        PlanSize::Instalments(4),
        "2024-01-20",
    );
    assert!(build_schedule(&policy(), &even)
        .unwrap()
        .remainder_carried_by
        .is_empty());
}

#[test]
fn zero_and_three_decimal_currencies() {
    let yen = PlanPolicy {
        currency: Currency::JPY,
        min_instalment: dec("1000"),
        ..policy()
    };
    let ask = ScheduleRequest {
        amount: Money::parse("10000", Currency::JPY).unwrap(),
        ..request(
            "1",
            Frequency::Monthly,
            "2024-02-01",
            PlanSize::Instalments(3),
            "2024-01-20",
        )
    };
    let schedule = build_schedule(&yen, &ask).unwrap();
    assert_eq!(amounts(&schedule), ["3334", "3333", "3333"]);
    let dinar = PlanPolicy {
        currency: Currency::KWD,
        min_instalment: dec("1"),
        ..policy()
    };
    let ask = ScheduleRequest {
        amount: Money::parse("10", Currency::KWD).unwrap(),
        ..ask
    };
    let schedule = build_schedule(&dinar, &ask).unwrap();
    assert_eq!(amounts(&schedule), ["3.334", "3.333", "3.333"]);
    assert_eq!(schedule.total_payable.to_string(), "10.000");
}

#[test]
fn fee_and_simple_interest_are_computed() {
    let costly = PlanPolicy {
        setup_fee: dec("10.00"),
        annual_interest_percent: dec("10"),
        ..policy()
    };
    // 350 days from agreement to the last instalment:
    // 1200 × 10% × 350 / 365 = 115.0684..., rounded toward zero to 115.06.
    let ask = request(
        "1200.00",
        Frequency::Monthly,
        "2024-01-16",
        PlanSize::Instalments(12),
        "2024-01-01",
    );
    let schedule = build_schedule(&costly, &ask).unwrap();
    assert_eq!(
        schedule.instalments.last().unwrap().due_date,
        date("2024-12-16")
    );
    assert_eq!(schedule.interest, dec("115.06"));
    assert_eq!(schedule.cost_of_credit, dec("125.06"));
    assert_eq!(schedule.total_payable, dec("1325.06"));
    let mut expected = vec!["110.43"; 2];
    expected.extend(vec!["110.42"; 10]);
    assert_eq!(amounts(&schedule), expected);
    assert_eq!(schedule.remainder_carried_by, [1, 2]);
    let rounded_up = PlanPolicy {
        interest_rounding: Rounding::HalfAwayFromZero,
        ..costly
    };
    assert_eq!(
        build_schedule(&rounded_up, &ask).unwrap().interest,
        dec("115.07")
    );
    assert_eq!(schedule.validate(), Ok(()));
}

#[test]
fn amount_per_instalment_is_a_ceiling() {
    let ask = request(
        "1000.00",
        Frequency::Monthly,
        "2024-02-01",
        PlanSize::PerInstalment(dec("300")),
        "2024-01-20",
    );
    let schedule = build_schedule(&policy(), &ask).unwrap();
    assert_eq!(amounts(&schedule), ["250.00", "250.00", "250.00", "250.00"]);
    // Interest pushes the total above 3 × 340, so a fourth instalment is needed.
    let costly = PlanPolicy {
        annual_interest_percent: dec("20"),
        ..policy()
    };
    let ask = request(
        "1000.00",
        Frequency::Monthly,
        "2024-02-01",
        PlanSize::PerInstalment(dec("340")),
        "2024-01-20",
    );
    let schedule = build_schedule(&costly, &ask).unwrap();
    assert_eq!(schedule.instalments.len(), 4);
    assert!(schedule.instalments.iter().all(|i| i.amount <= dec("340")));
}

#[test]
fn every_breach_names_the_rule_and_the_limit() {
    let today = "2024-01-15";
    let build = |policy: &PlanPolicy, amount: &str, frequency, first: &str, size| {
        build_schedule(policy, &request(amount, frequency, first, size, today)).unwrap_err()
    };
    let monthly = Frequency::Monthly;
    let six = PlanSize::Instalments(6);

    let only_monthly = PlanPolicy {
        frequencies: vec![Frequency::Monthly],
        ..policy()
    };
    let error = build(&only_monthly, "600", Frequency::Weekly, "2024-01-20", six);
    assert_eq!(
        error.to_string(),
        "weekly instalments are not offered; choose monthly"
    );
    assert_eq!(error.rule(), "plan.frequency");

    let late_start = PlanPolicy {
        first_date_earliest_days: 3,
        ..policy()
    };
    let error = build(&late_start, "600", monthly, "2024-01-17", six);
    assert_eq!(
        error,
        PlanError::FirstDateTooEarly {
            first_date: date("2024-01-17"),
            earliest: date("2024-01-18")
        }
    );
    let error = build(&policy(), "600", monthly, "2024-02-15", six);
    assert_eq!(
        error.to_string(),
        "the first instalment must be due by 2024-02-14 (asked for 2024-02-15)"
    );

    assert_eq!(
        build(
            &policy(),
            "600",
            monthly,
            "2024-02-01",
            PlanSize::Instalments(0)
        ),
        PlanError::NoInstalments
    );
    let error = build(
        &policy(),
        "600",
        monthly,
        "2024-02-01",
        PlanSize::Instalments(25),
    );
    assert_eq!(
        error.to_string(),
        "25 instalments is more than the maximum of 24"
    );

    let error = build(
        &policy(),
        "6000",
        monthly,
        "2024-02-14",
        PlanSize::Instalments(13),
    );
    assert_eq!(
        error.to_string(),
        "the last instalment would be due on 2025-02-14, but plans must end by 2025-01-15 (at most 12 months); with this start date that allows at most 12 monthly instalments"
    );
    assert_eq!(error.field().as_deref(), Some("/size"));

    let error = build(&policy(), "55.00", monthly, "2024-02-01", six);
    assert_eq!(
        error.to_string(),
        "instalments must be at least 10.00 GBP, but 6 instalments would be 9.16 GBP; choose at most 5 instalments"
    );
    assert_eq!(error.rule(), "plan.min_instalment");

    let error = build(&policy(), "9.99", monthly, "2024-02-01", six);
    assert!(
        matches!(error, PlanError::AmountBelowMinimum { .. }),
        "{error}"
    );
    let error = build(
        &policy(),
        "9.99",
        monthly,
        "2024-02-01",
        PlanSize::Instalments(1),
    );
    assert!(
        matches!(error, PlanError::AmountBelowMinimum { .. }),
        "{error}"
    );

    let error = build(
        &policy(),
        "600",
        monthly,
        "2024-02-01",
        PlanSize::PerInstalment(dec("9.99")),
    );
    assert_eq!(
        error.to_string(),
        "instalments must be at least 10.00 GBP; 9.99 GBP is too little"
    );
    let error = build(
        &policy(),
        "6000",
        monthly,
        "2024-02-01",
        PlanSize::PerInstalment(dec("100")),
    );
    assert_eq!(
        error.to_string(),
        "at 100.00 GBP per instalment the plan would need more instalments than allowed; the lowest amount per instalment is 500.00 GBP"
    );
    let error = build(
        &policy(),
        "600",
        monthly,
        "2024-02-01",
        PlanSize::PerInstalment(dec("10.001")),
    );
    assert!(matches!(
        error,
        PlanError::PerInstalment(MoneyError::TooFine { .. })
    ));

    let error = build(&policy(), "0", monthly, "2024-02-01", six);
    assert_eq!(error, PlanError::AmountNotPositive);
    let euros = ScheduleRequest {
        amount: Money::parse("600", Currency::EUR).unwrap(),
        ..request("1", monthly, "2024-02-01", six, today)
    };
    assert!(matches!(
        build_schedule(&policy(), &euros),
        Err(PlanError::CurrencyMismatch { .. })
    ));
    let broken = PlanPolicy {
        frequencies: Vec::new(),
        ..policy()
    };
    let error = build(&broken, "600", monthly, "2024-02-01", six);
    assert_eq!(
        error.to_string(),
        "the plan policy is not valid: /frequencies: must offer at least one frequency"
    );
}

#[test]
fn per_instalment_between_minimum_and_even_share_suggests_what_fits() {
    // 61 at 30 a time would need 3 instalments of about 20, below the minimum of 30.
    let strict = PlanPolicy {
        min_instalment: dec("30"),
        ..policy()
    };
    let ask = request(
        "61.00",
        Frequency::Monthly,
        "2024-02-01",
        PlanSize::PerInstalment(dec("30")),
        "2024-01-15",
    );
    let error = build_schedule(&strict, &ask).unwrap_err();
    let PlanError::PerInstalmentTooLow { lowest, .. } = error else {
        panic!("{error}")
    };
    assert_eq!(lowest.amount(), dec("30.50"));
    let ask = ScheduleRequest {
        size: PlanSize::PerInstalment(lowest.amount()),
        ..ask
    };
    assert_eq!(
        amounts(&build_schedule(&strict, &ask).unwrap()),
        ["30.50", "30.50"]
    );
}
