//! Disputes: the most that may be disputed, the status machine and who may move it,
//! withdrawals, messages and timelines.

use super::*;
use crate::invoice::tests::{dec, invoice};
use crate::invoice::InvoiceLine;
use crate::validation::RuleBreach;
use proptest::prelude::*;

/// An open GBP dispute of `amount` on `invoice_id`.
pub(crate) fn dispute(id: &str, invoice_id: &str, amount: &str, status: DisputeStatus) -> Dispute {
    Dispute {
        id: id.into(),
        account_id: "acc-1".into(),
        invoice_id: invoice_id.into(),
        line_ids: Vec::new(),
        currency: Currency::GBP,
        amount: dec(amount),
        reason: DisputeReason::DamagedOrFaulty,
        description: "Box crushed".into(),
        status,
        raised_at: "2024-02-01T09:00:00Z".parse().unwrap(),
        expected_response_by: None,
        timeline: Vec::new(),
        attachments: Vec::new(),
        resolution_note: None,
        feedback_given: false,
        client_reference: None,
    }
}

fn lined_invoice() -> Invoice {
    let mut inv = invoice("inv-1", "120.00", "20.00", "2024-02-01");
    inv.lines = vec![
        InvoiceLine {
            id: "a".into(),
            description: "Widgets".into(),
            quantity: dec("1"),
            unit_price: dec("50"),
            net: dec("50.00"),
            tax: dec("10.00"),
        },
        InvoiceLine {
            id: "b".into(),
            description: "Gadgets".into(),
            quantity: dec("1"),
            unit_price: dec("50"),
            net: dec("50.00"),
            tax: dec("10.00"),
        },
    ];
    inv.subtotal = dec("100.00");
    inv.tax_total = dec("20.00");
    inv
}

fn raise(amount: &str, lines: &[&str]) -> RaiseDispute {
    RaiseDispute {
        invoice_id: "inv-1".into(),
        line_ids: lines.iter().map(|l| (*l).to_owned()).collect(),
        reason: DisputeReason::WrongPriceOrQuantity,
        currency: Currency::GBP,
        amount: dec(amount),
        description: String::new(),
        attachment_ids: Vec::new(),
    }
}

#[test]
fn amount_may_reach_but_not_pass_the_open_amount() {
    let inv = lined_invoice();
    assert_eq!(
        raise("100.00", &[]).check(&inv, &[]).unwrap().amount(),
        dec("100.00")
    );
    let error = raise("100.01", &[]).check(&inv, &[]).unwrap_err();
    assert!(
        matches!(error, DisputeError::AboveOpen { ref limit, .. } if limit.amount() == dec("100.00"))
    );
    assert_eq!(
        error.to_string(),
        "the disputed amount 100.01 GBP is more than the 100.00 GBP that can still be disputed on invoice INV-inv-1"
    );
    assert_eq!(error.rule(), "dispute.amount_above_open");
    assert_eq!(error.field().as_deref(), Some("/amount"));
}

#[test]
fn open_disputes_use_up_the_open_amount() {
    let inv = lined_invoice();
    let earlier = [
        dispute("d1", "inv-1", "70.00", DisputeStatus::UnderReview),
        dispute("d2", "inv-1", "50.00", DisputeStatus::Withdrawn),
        dispute("d3", "other", "50.00", DisputeStatus::Submitted),
    ];
    assert_eq!(
        disputable_amount(&inv, &[], &earlier).unwrap().amount(),
        dec("30.00")
    );
    assert!(raise("30.01", &[]).check(&inv, &earlier).is_err());
    let all = [dispute("d1", "inv-1", "100.00", DisputeStatus::Submitted)];
    assert!(matches!(
        raise("1", &[]).check(&inv, &all),
        Err(DisputeError::AlreadyDisputed { .. })
    ));
}

#[test]
fn chosen_lines_cap_the_amount() {
    let inv = lined_invoice();
    assert_eq!(
        raise("60.00", &["a"]).check(&inv, &[]).unwrap().amount(),
        dec("60.00")
    );
    let error = raise("60.01", &["a"]).check(&inv, &[]).unwrap_err();
    assert!(
        matches!(error, DisputeError::AboveLines { ref limit, .. } if limit.amount() == dec("60.00"))
    );
    // Both lines come to 120, but only 100 is open: the open amount is the cap.
    let error = raise("100.01", &["a", "b"]).check(&inv, &[]).unwrap_err();
    assert!(matches!(error, DisputeError::AboveOpen { .. }));
    assert!(matches!(
        raise("1", &["z"]).check(&inv, &[]),
        Err(DisputeError::UnknownLine { .. })
    ));
    assert!(matches!(
        raise("1", &["a", "a"]).check(&inv, &[]),
        Err(DisputeError::DuplicateLine { .. })
    ));
    // A free line has nothing to dispute, and the refusal says so.
    let mut free = lined_invoice();
    free.lines[0].net = Decimal::ZERO;
    free.lines[0].tax = Decimal::ZERO;
    let error = disputable_amount(&free, &["a".to_owned()], &[]).unwrap_err();
    assert_eq!(error.rule(), "dispute.lines_come_to_nothing");
    assert_eq!(error.field().as_deref(), Some("/line_ids"));
}

#[test]
fn other_rules_of_raising() {
    let inv = lined_invoice();
    assert_eq!(
        raise("0", &[]).check(&inv, &[]),
        Err(DisputeError::AmountNotPositive)
    );
    assert!(matches!(
        raise("1.001", &[]).check(&inv, &[]),
        Err(DisputeError::Money(_))
    ));
    let mut euros = raise("1", &[]);
    euros.currency = Currency::EUR;
    assert!(matches!(
        euros.check(&inv, &[]),
        Err(DisputeError::CurrencyMismatch { .. })
    ));
    let mut other = raise("1", &[]);
    other.reason = DisputeReason::Other;
    other.description = "   ".into();
    assert_eq!(
        other.check(&inv, &[]),
        Err(DisputeError::DescriptionRequired)
    );
    other.description = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
    assert!(matches!(
        other.check(&inv, &[]),
        Err(DisputeError::TextTooLong { .. })
    ));
    other.description = "Not what we ordered".into();
    assert!(other.check(&inv, &[]).is_ok());
    let paid = invoice("inv-1", "10.00", "10.00", "2024-02-01");
    assert!(matches!(
        raise("1", &[]).check(&paid, &[]),
        Err(DisputeError::NothingOpen { .. })
    ));
    let mut wrong = raise("1", &[]);
    wrong.invoice_id = "inv-2".into();
    assert!(matches!(
        wrong.check(&inv, &[]),
        Err(DisputeError::WrongInvoice { .. })
    ));
}

#[test]
fn status_machine_has_exactly_the_legal_moves() {
    use DisputeStatus::*;
    assert_eq!(
        Submitted.next(),
        [
            UnderReview,
            MoreInformationNeeded,
            ResolvedInCustomersFavour,
            ResolvedAsValid,
            Withdrawn
        ]
    );
    assert_eq!(
        UnderReview.next(),
        [
            MoreInformationNeeded,
            ResolvedInCustomersFavour,
            ResolvedAsValid,
            Withdrawn
        ]
    );
    assert_eq!(
        MoreInformationNeeded.next(),
        [
            UnderReview,
            ResolvedInCustomersFavour,
            ResolvedAsValid,
            Withdrawn
        ]
    );
    for done in [ResolvedInCustomersFavour, ResolvedAsValid, Withdrawn] {
        assert!(done.next().is_empty(), "{done} is final");
        assert!(!done.is_open());
    }
    for status in DisputeStatus::ALL {
        assert!(status.movers(status).is_empty(), "{status} to itself");
        assert!(
            status.movers(Submitted).is_empty(),
            "back to submitted from {status}"
        );
    }
}

#[test]
fn who_may_move() {
    use DisputeStatus::*;
    assert_eq!(
        UnderReview.move_to(Withdrawn, Party::Customer),
        Ok(Withdrawn)
    );
    assert_eq!(
        UnderReview.move_to(Withdrawn, Party::Creditor),
        Err(DisputeError::NotYourMove {
            from: UnderReview,
            to: Withdrawn,
            by: Party::Creditor
        })
    );
    assert!(Submitted.move_to(ResolvedAsValid, Party::Customer).is_err());
    assert_eq!(
        Submitted.move_to(ResolvedAsValid, Party::Creditor),
        Ok(ResolvedAsValid)
    );
    assert_eq!(
        MoreInformationNeeded.move_to(UnderReview, Party::Customer),
        Ok(UnderReview)
    );
    let error = Withdrawn.move_to(UnderReview, Party::Creditor).unwrap_err();
    assert_eq!(
        error.to_string(),
        "a dispute cannot move from withdrawn to under review"
    );
}

#[test]
fn withdrawing_and_messages() {
    let open = dispute("d1", "inv-1", "5", DisputeStatus::MoreInformationNeeded);
    let withdraw = WithdrawDispute {
        dispute_id: "d1".into(),
        reason: None,
    };
    assert_eq!(withdraw.check(&open), Ok(DisputeStatus::Withdrawn));
    let closed = dispute("d1", "inv-1", "5", DisputeStatus::ResolvedAsValid);
    assert!(withdraw.check(&closed).is_err());
    assert!(closed.asks_for_feedback());
    let message = SendDisputeMessage {
        dispute_id: "d1".into(),
        body: " ".into(),
        attachment_ids: Vec::new(),
    };
    assert_eq!(message.check(), Err(DisputeError::EmptyMessage));
}

#[test]
fn timeline_must_follow_the_machine() {
    let at = "2024-02-01T09:00:00Z".parse().unwrap();
    let event = |status, by| DisputeEvent {
        status,
        at,
        by,
        note: None,
    };
    let mut record = dispute("d1", "inv-1", "5", DisputeStatus::UnderReview);
    record.timeline = vec![
        event(DisputeStatus::Submitted, Party::Customer),
        event(DisputeStatus::UnderReview, Party::Creditor),
    ];
    assert_eq!(record.validate(), Ok(()));
    record
        .timeline
        .push(event(DisputeStatus::Submitted, Party::Creditor));
    assert_eq!(record.validate().unwrap_err().field, "/timeline/2/status");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// Whatever is paid and already under open disputes, and whether the whole invoice
    /// or one line is chosen: the disputable amount is what is open less open disputes
    /// (capped at the line's total), any amount up to it is accepted and one minor unit
    /// more is refused; when nothing is left, the refusal says why.
    #[test]
    fn disputed_amount_never_exceeds_what_is_open(
        total in 1_i64..=10_000_000,
        paid_percent in 0_i64..=100,
        earlier in proptest::collection::vec((1_i64..=5_000_000, any::<bool>()), 0..=4),
        line_percent in proptest::option::of(0_i64..=100),
        ask_percent in 1_i64..=100,
    ) {
        let minor = |value: i64| Decimal::new(value, 2);
        let paid = total * paid_percent / 100;
        let mut inv = invoice("inv-1", &minor(total).to_string(), &minor(paid).to_string(), "2024-02-01");
        let mut line_ids: Vec<&str> = Vec::new();
        let mut line_total = None;
        if let Some(percent) = line_percent {
            let a = total * percent / 100;
            inv.lines = [("a", a), ("b", total - a)]
                .into_iter()
                .map(|(id, net)| InvoiceLine {
                    id: id.into(),
                    description: "Item".into(),
                    quantity: Decimal::ONE,
                    unit_price: minor(net),
                    net: minor(net),
                    tax: Decimal::ZERO,
                })
                .collect();
            line_ids.push("a");
            line_total = Some(minor(a));
        }
        prop_assert_eq!(inv.validate(), Ok(()));
        let disputes: Vec<Dispute> = earlier
            .iter()
            .enumerate()
            .map(|(index, (amount, open))| {
                let status = if *open { DisputeStatus::UnderReview } else { DisputeStatus::Withdrawn };
                dispute(&format!("d{index}"), "inv-1", &minor(*amount).to_string(), status)
            })
            .collect();
        let open = inv.open();
        let already: Decimal = disputes.iter().filter(|d| d.is_open()).map(|d| d.amount).sum();
        let chosen: Vec<String> = line_ids.iter().map(|id| (*id).to_owned()).collect();
        match disputable_amount(&inv, &chosen, &disputes) {
            Ok(limit) => {
                let mut expected = open - already;
                if let Some(lines) = line_total {
                    expected = expected.min(lines);
                }
                prop_assert!(limit.is_positive());
                prop_assert_eq!(limit.amount(), expected);
                let up_to = Money::from_minor((limit.to_minor() * ask_percent / 100).max(1), Currency::GBP).unwrap();
                prop_assert_eq!(raise(&up_to.amount().to_string(), &line_ids).check(&inv, &disputes), Ok(up_to));
                prop_assert_eq!(raise(&limit.amount().to_string(), &line_ids).check(&inv, &disputes), Ok(limit));
                let over = limit.amount() + minor(1);
                let refused = raise(&over.to_string(), &line_ids).check(&inv, &disputes);
                let above = matches!(refused, Err(DisputeError::AboveOpen { .. } | DisputeError::AboveLines { .. }));
                prop_assert!(above, "{:?}", refused);
            }
            Err(DisputeError::NothingOpen { .. }) => prop_assert!(open <= Decimal::ZERO),
            Err(DisputeError::AlreadyDisputed { .. }) => prop_assert!(already >= open),
            Err(DisputeError::LinesComeToNothing { .. }) => {
                prop_assert!(line_total.is_some_and(|lines| lines <= Decimal::ZERO));
            }
            Err(error) => prop_assert!(false, "unexpected refusal: {}", error),
        }
    }
}
