//! Properties of schedules over random policies and requests: every schedule built keeps
//! the policy, every refusal is a real breach whose suggested fix works.

use proptest::prelude::*;

use super::*;

/// A policy in any currency, with limits drawn from realistic ranges.
fn any_policy() -> impl Strategy<Value = PlanPolicy> {
    (
        proptest::sample::select(Currency::ALL),
        1_i64..=100_000,
        1_u32..=60,
        1_u32..=36,
        proptest::sample::subsequence(Frequency::ALL.to_vec(), 1..=3),
        0_u32..=10,
        0_u32..=40,
        0_i64..=5_000,
        0_i64..=3_000,
        proptest::sample::select(vec![
            Rounding::HalfAwayFromZero,
            Rounding::HalfEven,
            Rounding::TowardZero,
            Rounding::AwayFromZero,
        ]),
        any::<bool>(),
    )
        .prop_map(
            |(
                currency,
                min,
                max_instalments,
                max_term_months,
                frequencies,
                earliest,
                extra,
                fee,
                rate,
                rounding,
                last,
            )| {
                let minor = currency.minor_units();
                PlanPolicy {
                    currency,
                    min_instalment: Decimal::new(min, minor),
                    max_instalments,
                    max_term_months,
                    frequencies,
                    first_date_earliest_days: earliest,
                    first_date_latest_days: earliest + extra,
                    setup_fee: Decimal::new(fee, minor),
                    // 0 to 30.00 percent a year.
                    annual_interest_percent: Decimal::new(rate, 2),
                    interest_rounding: rounding,
                    remainder: if last {
                        RemainderPlacement::Last
                    } else {
                        RemainderPlacement::First
                    },
                    ..policy()
                }
            },
        )
}

/// A request under `policy`: an amount from one minor unit to billions, an offered
/// frequency, a first date inside the window, and either a count (up to two past the
/// maximum) or an amount per instalment (around an even share of 1 to 80 parts).
fn any_request(policy: PlanPolicy) -> impl Strategy<Value = (PlanPolicy, ScheduleRequest)> {
    let window = policy.first_date_latest_days - policy.first_date_earliest_days;
    (
        (1_i64..=9_999, 0_u32..=8),
        proptest::sample::select(policy.frequencies.clone()),
        0..=window,
        0_u64..=20_000,
        any::<bool>(),
        1_i64..=80,
        -50_i64..=50,
    )
        .prop_map(
            move |((mantissa, exponent), frequency, offset, day, by_count, parts, jitter)| {
                let currency = policy.currency;
                let amount = mantissa * 10_i64.pow(exponent);
                let size = if by_count {
                    let count = u32::try_from(parts).unwrap() % (policy.max_instalments + 3);
                    PlanSize::Instalments(count)
                } else {
                    let per = (amount / parts + jitter).max(1);
                    PlanSize::PerInstalment(Decimal::new(per, currency.minor_units()))
                };
                let today = date("2020-01-01") + chrono::Days::new(day);
                let request = ScheduleRequest {
                    amount: Money::from_minor(amount, currency).unwrap(),
                    frequency,
                    first_date: today
                        + chrono::Days::new(u64::from(policy.first_date_earliest_days + offset)),
                    size,
                    today,
                };
                (policy.clone(), request)
            },
        )
}

/// Every promise a schedule makes: it adds up exactly, fee and interest included; every
/// instalment is at least the minimum (and at most the amount asked per instalment);
/// there are no more than the maximum; the first is on the first date, the last within
/// the term, and the dates strictly increase; the remainder is spread by one minor unit
/// and reported.
pub(crate) fn assert_schedule_keeps_the_rules(
    policy: &PlanPolicy,
    request: &ScheduleRequest,
    schedule: &Schedule,
) -> Result<(), TestCaseError> {
    let currency = policy.currency;
    let sum: Decimal = schedule.instalments.iter().map(|i| i.amount).sum();
    prop_assert_eq!(sum, schedule.total_payable);
    prop_assert_eq!(schedule.principal, request.amount.amount());
    prop_assert_eq!(schedule.setup_fee, policy.setup_fee);
    prop_assert_eq!(
        schedule.cost_of_credit,
        schedule.setup_fee + schedule.interest
    );
    prop_assert_eq!(
        schedule.total_payable,
        schedule.principal + schedule.cost_of_credit
    );
    prop_assert!(schedule.interest >= Decimal::ZERO);
    let count = schedule.instalments.len();
    prop_assert!(count >= 1 && count <= policy.max_instalments as usize);
    if let PlanSize::Instalments(asked) = request.size {
        prop_assert_eq!(count, asked as usize);
    }
    let smallest = schedule.instalments.iter().map(|i| i.amount).min().unwrap();
    let largest = schedule.instalments.iter().map(|i| i.amount).max().unwrap();
    prop_assert!(
        smallest >= policy.min_instalment,
        "{} below the minimum",
        smallest
    );
    if let PlanSize::PerInstalment(per) = request.size {
        prop_assert!(largest <= per, "{} above {} asked", largest, per);
    }
    let one_minor = Decimal::new(1, currency.minor_units());
    prop_assert!(largest - smallest <= one_minor);
    for instalment in &schedule.instalments {
        prop_assert!(Money::new(instalment.amount, currency).is_ok());
        let carries = schedule.remainder_carried_by.contains(&instalment.number);
        prop_assert_eq!(carries, instalment.amount > smallest);
    }
    prop_assert_eq!(schedule.instalments[0].due_date, request.first_date);
    for pair in schedule.instalments.windows(2) {
        prop_assert!(pair[0].due_date < pair[1].due_date);
        prop_assert_eq!(pair[0].number + 1, pair[1].number);
    }
    prop_assert!(schedule.instalments[count - 1].due_date <= policy.term_end(request.today));
    prop_assert_eq!(schedule.validate(), Ok(()));
    Ok(())
}

proptest! {
    // About a third of the random requests build a schedule; the others exercise each
    // refusal and the fix it suggests.
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// Any schedule built keeps every rule; any refusal is a real breach, and the
    /// suggested fix (fewer instalments, a higher amount per instalment) then works.
    #[test]
    fn schedules_keep_the_policy(
        (policy, request) in any_policy().prop_flat_map(any_request),
    ) {
        match build_schedule(&policy, &request) {
            Ok(schedule) => assert_schedule_keeps_the_rules(&policy, &request, &schedule)?,
            Err(PlanError::TooManyInstalments { requested, max }) => {
                prop_assert!(requested > max);
            }
            Err(PlanError::TermTooLong { last_date, term_end, .. }) => {
                prop_assert!(last_date > term_end);
            }
            Err(PlanError::InstalmentBelowMinimum { count, smallest, minimum, most_instalments }) => {
                prop_assert!(smallest.amount() < minimum.amount());
                prop_assert!(most_instalments >= 1 && most_instalments < count);
                let fewer = ScheduleRequest { size: PlanSize::Instalments(most_instalments), ..request.clone() };
                let schedule = build_schedule(&policy, &fewer);
                prop_assert!(schedule.is_ok(), "{:?}", schedule);
            }
            Err(PlanError::PerInstalmentTooLow { per_instalment, lowest }) => {
                prop_assert!(lowest.amount() > per_instalment.amount());
                let higher = ScheduleRequest { size: PlanSize::PerInstalment(lowest.amount()), ..request.clone() };
                match build_schedule(&policy, &higher) {
                    Ok(schedule) => assert_schedule_keeps_the_rules(&policy, &higher, &schedule)?,
                    Err(error) => prop_assert!(false, "suggested {} fails: {}", lowest, error),
                }
            }
            Err(PlanError::PerInstalmentBelowMinimum { per_instalment, minimum }) => {
                prop_assert!(per_instalment.amount() < minimum.amount());
            }
            Err(PlanError::AmountBelowMinimum { total, minimum }) => {
                prop_assert!(total.amount() < minimum.amount());
            }
            Err(PlanError::NoInstalments) => {
                prop_assert_eq!(request.size, PlanSize::Instalments(0));
            }
            Err(error) => prop_assert!(false, "unexpected refusal: {}", error),
        }
    }

    /// A request that fits by construction (each instalment can be at least the
    /// minimum, the last date falls inside the term) is always accepted.
    #[test]
    fn feasible_requests_are_accepted(
        policy in any_policy(),
        count in 1_u32..=36,
        extra in 0_i64..=1_000_000,
        day in 0_i64..=3_000,
    ) {
        let policy = PlanPolicy { max_term_months: 36, max_instalments: 36, ..policy };
        let today = date("2020-01-01") + chrono::Days::new(day as u64);
        let frequency = policy.frequencies[0];
        let minimum = Money::new(policy.min_instalment, policy.currency).unwrap();
        let amount = Money::from_minor(minimum.to_minor() * i64::from(count) + extra, policy.currency).unwrap();
        let request = ScheduleRequest {
            amount,
            frequency,
            first_date: today + chrono::Days::new(u64::from(policy.first_date_earliest_days)),
            size: PlanSize::Instalments(count),
            today,
        };
        match build_schedule(&policy, &request) {
            Ok(schedule) => assert_schedule_keeps_the_rules(&policy, &request, &schedule)?,
            Err(error) => prop_assert!(false, "refused: {}", error),
        }
    }
}
