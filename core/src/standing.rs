//! How an account stands, for the overview: one plain state the customer can act on,
//! and the bars of the ageing chart.

use rust_decimal::Decimal;

use crate::api::Account;
use crate::figures::Ageing;

/// Where an account stands, most pressing first: an account on stop says so even when
/// nothing is overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The creditor has put the account on stop, with their reason and what the customer
    /// can do, when they gave them.
    OnStop {
        /// Why, in the creditor's words.
        reason: Option<String>,
        /// What the customer can do about it, in the creditor's words.
        remedy: Option<String>,
    },
    /// Something is past its due date (disputed amounts never count).
    Overdue {
        /// How much.
        amount: Decimal,
    },
    /// The creditor owes the customer money.
    InCredit {
        /// How much.
        amount: Decimal,
    },
    /// Nothing is past due.
    UpToDate,
}

/// The account's standing from its figures.
pub fn standing(account: &Account) -> Standing {
    if account.on_stop {
        Standing::OnStop {
            reason: account.on_stop_reason.clone(),
            remedy: account.on_stop_remedy.clone(),
        }
    } else if account.overdue > Decimal::ZERO {
        Standing::Overdue {
            amount: account.overdue,
        }
    } else if account.balance < Decimal::ZERO {
        Standing::InCredit {
            amount: -account.balance,
        }
    } else {
        Standing::UpToDate
    }
}

/// A bucket of the ageing chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeingBucket {
    /// Not yet due.
    Current,
    /// 1 to 30 days past due.
    Days1To30,
    /// 31 to 60 days past due.
    Days31To60,
    /// 61 to 90 days past due.
    Days61To90,
    /// More than 90 days past due.
    Over90,
}

/// One bar of the ageing chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeingBar {
    /// Which bucket.
    pub bucket: AgeingBucket,
    /// The amount in it.
    pub amount: Decimal,
    /// The bar's length in thousandths of the longest bar's, which is 1000.
    pub permille: u16,
}

/// The shortest bar drawn for an amount above zero, so that no amount owed looks like
/// nothing.
pub const SHORTEST_BAR: u16 = 10;

/// The five bars, oldest debt last. Lengths are relative to the largest bucket and rounded
/// down (never above what the amount warrants), except that any amount above zero gets at
/// least [`SHORTEST_BAR`]. Amounts below zero are drawn as zero.
pub fn ageing_bars(ageing: &Ageing) -> [AgeingBar; 5] {
    let amounts = [
        (AgeingBucket::Current, ageing.current),
        (AgeingBucket::Days1To30, ageing.days_1_30),
        (AgeingBucket::Days31To60, ageing.days_31_60),
        (AgeingBucket::Days61To90, ageing.days_61_90),
        (AgeingBucket::Over90, ageing.days_over_90),
    ];
    let largest = amounts
        .iter()
        .map(|(_, amount)| *amount)
        .max()
        .unwrap_or_default();
    amounts.map(|(bucket, amount)| AgeingBar {
        bucket,
        amount,
        permille: bar_length(amount, largest),
    })
}

fn bar_length(amount: Decimal, largest: Decimal) -> u16 {
    if amount <= Decimal::ZERO || largest <= Decimal::ZERO {
        return 0;
    }
    // In whole units of the finer of the two scales, as integers: a decimal division
    // would bring all of rust_decimal's division into the app's first load for this one
    // ratio. Amounts of money have a few decimal places, so the rescaled mantissas stay
    // well inside i128 even when multiplied by 1000.
    let scale = amount.scale().max(largest.scale());
    let units = |mut value: Decimal| {
        value.rescale(scale);
        value.mantissa()
    };
    let length = u16::try_from(units(amount) * 1000 / units(largest)).unwrap_or(1000);
    length.clamp(SHORTEST_BAR, 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn ageing(amounts: [&str; 5]) -> Ageing {
        Ageing {
            current: dec(amounts[0]),
            days_1_30: dec(amounts[1]),
            days_31_60: dec(amounts[2]),
            days_61_90: dec(amounts[3]),
            days_over_90: dec(amounts[4]),
        }
    }

    fn account() -> Account {
        serde_json::from_value(serde_json::json!({
            "id": "a", "number": "1", "name": "N", "currency": "GBP",
            "balance": "0.00", "overdue": "0.00", "credit_limit": "100.00",
            "on_stop": false, "as_of": "2025-01-01"
        }))
        .unwrap()
    }

    #[test]
    fn on_stop_comes_first_with_the_creditors_words() {
        let mut account = account();
        account.overdue = dec("10.00");
        account.on_stop = true;
        account.on_stop_reason = Some("Two invoices are overdue".into());
        assert_eq!(
            standing(&account),
            Standing::OnStop {
                reason: Some("Two invoices are overdue".into()),
                remedy: None
            }
        );
    }

    #[test]
    fn overdue_then_credit_then_up_to_date() {
        let mut account = account();
        account.overdue = dec("10.00");
        account.balance = dec("10.00");
        assert_eq!(
            standing(&account),
            Standing::Overdue {
                amount: dec("10.00")
            }
        );
        account.overdue = Decimal::ZERO;
        account.balance = dec("-150.00");
        assert_eq!(
            standing(&account),
            Standing::InCredit {
                amount: dec("150.00")
            }
        );
        // Owing money that is not yet due is being up to date.
        account.balance = dec("40.00");
        assert_eq!(standing(&account), Standing::UpToDate);
    }

    #[test]
    fn bars_are_relative_to_the_largest_and_round_down() {
        let bars = ageing_bars(&ageing(["300.00", "0.00", "100.00", "299.99", "0.01"]));
        let lengths: Vec<u16> = bars.iter().map(|bar| bar.permille).collect();
        assert_eq!(lengths, [1000, 0, 333, 999, SHORTEST_BAR]);
        assert_eq!(bars[2].bucket, AgeingBucket::Days31To60);
        assert_eq!(bars[2].amount, dec("100.00"));
    }

    #[test]
    fn nothing_owed_draws_nothing() {
        let bars = ageing_bars(&ageing(["0", "0", "0", "0", "-5.00"]));
        assert!(bars.iter().all(|bar| bar.permille == 0));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever their decimal places, a bar is the amount's share of the largest in
        /// thousandths, rounded down.
        #[test]
        fn bars_are_the_exact_share_rounded_down(
            amount in 1i64..10_000_000_000, amount_scale in 0u32..5,
            largest in 1i64..10_000_000_000, largest_scale in 0u32..5,
        ) {
            let (a, b) = (Decimal::new(amount, amount_scale), Decimal::new(largest, largest_scale));
            let (amount, largest) = (a.min(b), a.max(b));
            let share = (amount * Decimal::from(1000) / largest).floor();
            let expected = u16::try_from(share.mantissa() / 10i128.pow(share.scale())).unwrap();
            prop_assert_eq!(bar_length(amount, largest), expected.max(SHORTEST_BAR));
        }

        /// A larger amount never gets a shorter bar, the largest is full length, and only
        /// zero is drawn as nothing.
        #[test]
        fn bars_follow_the_amounts(cents in proptest::collection::vec(0i64..10_000_000_000, 5)) {
            let amounts: Vec<Decimal> = cents.iter().map(|c| Decimal::new(*c, 2)).collect();
            let bars = ageing_bars(&Ageing {
                current: amounts[0],
                days_1_30: amounts[1],
                days_31_60: amounts[2],
                days_61_90: amounts[3],
                days_over_90: amounts[4],
            });
            let largest = amounts.iter().copied().max().unwrap();
            for (a, bar_a) in amounts.iter().zip(&bars) {
                prop_assert_eq!(bar_a.permille == 0, a.is_zero());
                if *a == largest && !a.is_zero() {
                    prop_assert_eq!(bar_a.permille, 1000);
                }
                for (b, bar_b) in amounts.iter().zip(&bars) {
                    if a > b {
                        prop_assert!(bar_a.permille >= bar_b.permille);
                    }
                }
            }
        }
    }
}
