//! Disputes: reason codes, the status machine of SPEC §2.3 with who may make each move,
//! the rule that a disputed amount is never more than what is still open, the `dispute`
//! and `dispute_message` sync records and the intents that raise, answer and withdraw one.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::attachment::AttachmentMeta;
use crate::currency::Currency;
use crate::invoice::Invoice;
use crate::message::{display_by_message, Explain, Message, Value};
use crate::money::{Money, MoneyError};
use crate::validation::{self, InvalidField, RuleBreach};

/// The longest description or message accepted, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;

/// Why the customer disputes an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeReason {
    /// The goods or service never arrived.
    NotReceived,
    /// They arrived damaged or do not work.
    DamagedOrFaulty,
    /// The price or the quantity charged is wrong.
    WrongPriceOrQuantity,
    /// The same thing was charged twice.
    DuplicateCharge,
    /// It has been paid already.
    AlreadyPaid,
    /// Something else; a description is then required.
    Other,
}

impl DisputeReason {
    /// Every reason, in the order a form lists them.
    pub const ALL: [DisputeReason; 6] = [
        DisputeReason::NotReceived,
        DisputeReason::DamagedOrFaulty,
        DisputeReason::WrongPriceOrQuantity,
        DisputeReason::DuplicateCharge,
        DisputeReason::AlreadyPaid,
        DisputeReason::Other,
    ];
}

/// Where a dispute stands (SPEC §2.3).
///
/// Legal moves, and who makes them:
///
/// | from | to | by |
/// | --- | --- | --- |
/// | submitted | under review, more information needed, either resolution | creditor |
/// | under review | more information needed, either resolution | creditor |
/// | more information needed | under review | customer (by answering) or creditor |
/// | more information needed | either resolution | creditor |
/// | any open status | withdrawn | customer |
///
/// The two resolutions and withdrawn are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    /// Raised by the customer, not yet looked at.
    Submitted,
    /// The creditor is looking into it.
    UnderReview,
    /// The creditor has asked the customer for more information.
    MoreInformationNeeded,
    /// Resolved in the customer's favour (the backend issues any credit).
    ResolvedInCustomersFavour,
    /// Resolved: the charge stands.
    ResolvedAsValid,
    /// Withdrawn by the customer.
    Withdrawn,
}

/// Who acts on a dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The customer.
    Customer,
    /// The creditor (its credit controllers or systems).
    Creditor,
}

impl Party {
    /// The party in words.
    pub fn name(self) -> &'static str {
        match self {
            Party::Customer => "customer",
            Party::Creditor => "creditor",
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl DisputeStatus {
    /// The status in words.
    pub fn name(self) -> &'static str {
        match self {
            DisputeStatus::Submitted => "submitted",
            DisputeStatus::UnderReview => "under review",
            DisputeStatus::MoreInformationNeeded => "more information needed",
            DisputeStatus::ResolvedInCustomersFavour => "resolved in the customer's favour",
            DisputeStatus::ResolvedAsValid => "resolved as valid",
            DisputeStatus::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for DisputeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl DisputeStatus {
    /// Every status, in timeline order.
    pub const ALL: [DisputeStatus; 6] = [
        DisputeStatus::Submitted,
        DisputeStatus::UnderReview,
        DisputeStatus::MoreInformationNeeded,
        DisputeStatus::ResolvedInCustomersFavour,
        DisputeStatus::ResolvedAsValid,
        DisputeStatus::Withdrawn,
    ];

    /// Still being dealt with: its amount counts as disputed, not overdue.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            DisputeStatus::Submitted
                | DisputeStatus::UnderReview
                | DisputeStatus::MoreInformationNeeded
        )
    }

    /// Resolved one way or the other (the moment to ask for feedback).
    pub fn is_resolved(self) -> bool {
        matches!(
            self,
            DisputeStatus::ResolvedInCustomersFavour | DisputeStatus::ResolvedAsValid
        )
    }

    /// Who may move a dispute from `self` to `to`; empty when the move is not legal.
    pub fn movers(self, to: DisputeStatus) -> &'static [Party] {
        use DisputeStatus::*;
        match (self, to) {
            (from, Withdrawn) if from.is_open() => &[Party::Customer],
            (MoreInformationNeeded, UnderReview) => &[Party::Customer, Party::Creditor],
            (Submitted, UnderReview) => &[Party::Creditor],
            (Submitted | UnderReview, MoreInformationNeeded) => &[Party::Creditor],
            (from, to) if from.is_open() && to.is_resolved() => &[Party::Creditor],
            _ => &[],
        }
    }

    /// The statuses `self` may move to, by anyone.
    pub fn next(self) -> Vec<DisputeStatus> {
        DisputeStatus::ALL
            .into_iter()
            .filter(|to| !self.movers(*to).is_empty())
            .collect()
    }

    /// Moves to `to` on behalf of `by`, or says why not.
    pub fn move_to(self, to: DisputeStatus, by: Party) -> Result<DisputeStatus, DisputeError> {
        let movers = self.movers(to);
        if movers.is_empty() {
            Err(DisputeError::IllegalMove { from: self, to })
        } else if !movers.contains(&by) {
            Err(DisputeError::NotYourMove { from: self, to, by })
        } else {
            Ok(to)
        }
    }
}

/// A dispute as the customer sees it (the `dispute` sync record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    /// Backend id.
    pub id: String,
    /// The account of the invoice.
    pub account_id: String,
    /// The invoice disputed.
    pub invoice_id: String,
    /// The lines disputed; empty when the whole invoice is.
    #[serde(default)]
    pub line_ids: Vec<String>,
    /// Currency of the amount (the invoice's).
    pub currency: Currency,
    /// The amount disputed.
    #[serde(with = "crate::decimal::wire")]
    pub amount: Decimal,
    /// Why.
    pub reason: DisputeReason,
    /// The customer's description.
    #[serde(default)]
    pub description: String,
    /// Where it stands.
    pub status: DisputeStatus,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
    /// When the creditor expects to answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_response_by: Option<NaiveDate>,
    /// Every status it has had, oldest first (the timeline).
    #[serde(default)]
    pub timeline: Vec<DisputeEvent>,
    /// Photos and documents the customer added when raising it.
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
    /// The creditor's explanation once resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_note: Option<String>,
    /// Whether the customer has answered the satisfaction survey for it.
    #[serde(default)]
    pub feedback_given: bool,
}

/// One step of a dispute's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeEvent {
    /// The status entered.
    pub status: DisputeStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// Who moved it.
    pub by: Party,
    /// A short note shown on the timeline, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Dispute {
    /// Still being dealt with: its amount counts as disputed, not overdue.
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    /// Whether to show the satisfaction survey: resolved and not yet answered.
    pub fn asks_for_feedback(&self) -> bool {
        self.status.is_resolved() && !self.feedback_given
    }

    /// Checks what a backend sent: ids present, amount exact and above zero, every
    /// timeline step a legal move from the one before.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        validation::id("/invoice_id", &self.invoice_id)?;
        validation::positive("/amount", self.amount, self.currency)?;
        for (index, pair) in self.timeline.windows(2).enumerate() {
            pair[0]
                .status
                .move_to(pair[1].status, pair[1].by)
                .map_err(|error| {
                    InvalidField::new(format!("/timeline/{}/status", index + 1), error)
                })?;
        }
        Ok(())
    }
}

/// A message in a dispute's thread (the `dispute_message` sync record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeMessage {
    /// Backend id.
    pub id: String,
    /// The dispute it belongs to.
    pub dispute_id: String,
    /// Who wrote it.
    pub from: Party,
    /// The text.
    pub body: String,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// Files attached to it.
    #[serde(default)]
    pub attachments: Vec<AttachmentMeta>,
}

impl DisputeMessage {
    /// Checks what a backend sent: ids present and the text within
    /// [`MAX_DESCRIPTION_CHARS`].
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        validation::id("/dispute_id", &self.dispute_id)?;
        validation::text("/body", &self.body, MAX_DESCRIPTION_CHARS, false)
    }
}

/// Intent: raise a dispute (`POST /api/v1/disputes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaiseDispute {
    /// The invoice disputed.
    pub invoice_id: String,
    /// The lines disputed; empty for the whole invoice.
    #[serde(default)]
    pub line_ids: Vec<String>,
    /// Why.
    pub reason: DisputeReason,
    /// Currency of the amount; must be the invoice's.
    pub currency: Currency,
    /// The amount disputed: above zero, at most [`disputable_amount`].
    #[serde(with = "crate::decimal::wire")]
    pub amount: Decimal,
    /// What went wrong, in the customer's words. Required for [`DisputeReason::Other`].
    #[serde(default)]
    pub description: String,
    /// Ids of attachments uploaded (or queued) for it.
    #[serde(default)]
    pub attachment_ids: Vec<String>,
}

/// Intent: add a message to a dispute (`POST /api/v1/disputes/{id}/messages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendDisputeMessage {
    /// The dispute.
    pub dispute_id: String,
    /// The text, 1 to [`MAX_DESCRIPTION_CHARS`] characters.
    pub body: String,
    /// Ids of attachments uploaded (or queued) for it.
    #[serde(default)]
    pub attachment_ids: Vec<String>,
}

/// Intent: withdraw a dispute (`POST /api/v1/disputes/{id}/withdraw`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawDispute {
    /// The dispute.
    pub dispute_id: String,
    /// Why, if the customer says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A dispute rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisputeError {
    /// The intent names another invoice than the one given.
    WrongInvoice {
        /// The invoice id in the intent.
        requested: String,
        /// The id of the invoice it was checked against.
        given: String,
    },
    /// The amount is not in the invoice's currency.
    CurrencyMismatch {
        /// The invoice number.
        number: String,
        /// The invoice's currency.
        invoice: Currency,
        /// The amount's currency.
        amount: Currency,
    },
    /// The amount itself is malformed or finer than the currency.
    Money(#[from] MoneyError),
    /// Zero or below.
    AmountNotPositive,
    /// Nothing is left to pay on the invoice.
    NothingOpen {
        /// The invoice number.
        number: String,
    },
    /// Open disputes already cover all that is open.
    AlreadyDisputed {
        /// The invoice number.
        number: String,
    },
    /// More than is open on the invoice (less what open disputes already cover).
    AboveOpen {
        /// The invoice number.
        number: String,
        /// The amount asked.
        amount: Money,
        /// The most that may be disputed.
        limit: Money,
    },
    /// More than the chosen lines come to.
    AboveLines {
        /// The amount asked.
        amount: Money,
        /// The chosen lines' total, tax included.
        limit: Money,
    },
    /// The chosen lines come to zero or less (free items, discounts).
    LinesComeToNothing {
        /// The invoice number.
        number: String,
    },
    /// A line id the invoice does not have.
    UnknownLine {
        /// The invoice number.
        number: String,
        /// The unknown line id.
        line_id: String,
    },
    /// A line chosen twice.
    DuplicateLine {
        /// The repeated line id.
        line_id: String,
    },
    /// Reason "other" without a description.
    DescriptionRequired,
    /// Description or message too long.
    TextTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// An empty message.
    EmptyMessage,
    /// Too many attachments.
    TooManyAttachments {
        /// How many were given.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A status change that the machine does not have.
    IllegalMove {
        /// Current status.
        from: DisputeStatus,
        /// Requested status.
        to: DisputeStatus,
    },
    /// A legal change, but not one this party makes.
    NotYourMove {
        /// Current status.
        from: DisputeStatus,
        /// Requested status.
        to: DisputeStatus,
        /// Who tried.
        by: Party,
    },
}

impl Explain for DisputeError {
    fn message(&self) -> Message {
        use DisputeError as E;
        use Value::{Money as Amount, Verbatim, Word};
        let number = |number: &String| Verbatim(number.clone());
        match self {
            E::WrongInvoice { requested, given } => Message::new(
                "the dispute is for invoice '{}', not '{}'",
                vec![Value::verbatim(requested), Value::verbatim(given)],
            ),
            E::CurrencyMismatch {
                number: n,
                invoice,
                amount,
            } => Message::new(
                "invoice {} is in {}, so the disputed amount must be too, not {}",
                vec![number(n), Value::verbatim(invoice), Value::verbatim(amount)],
            ),
            E::Money(error) => error.message(),
            E::AmountNotPositive => Message::plain("the disputed amount must be more than zero"),
            E::NothingOpen { number: n } => Message::new(
                "invoice {} has nothing left to pay, so there is nothing to dispute",
                vec![number(n)],
            ),
            E::AlreadyDisputed { number: n } => Message::new(
                "all that is open on invoice {} is already under dispute",
                vec![number(n)],
            ),
            E::AboveOpen {
                number: n,
                amount,
                limit,
            } => Message::new(
                "the disputed amount {} is more than the {} that can still be disputed on invoice {}",
                vec![Amount(*amount), Amount(*limit), number(n)],
            ),
            E::AboveLines { amount, limit } => Message::new(
                "the disputed amount {} is more than {}, the total of the chosen lines",
                vec![Amount(*amount), Amount(*limit)],
            ),
            E::LinesComeToNothing { number: n } => Message::new(
                "the chosen lines of invoice {} come to nothing, so there is nothing to dispute on them",
                vec![number(n)],
            ),
            E::UnknownLine { number: n, line_id } => Message::new(
                "invoice {} has no line '{}'",
                vec![number(n), Value::verbatim(line_id)],
            ),
            E::DuplicateLine { line_id } => {
                Message::new("line '{}' is chosen twice", vec![Value::verbatim(line_id)])
            }
            E::DescriptionRequired => Message::plain(
                "please describe the problem: a description is required when the reason is 'other'",
            ),
            E::TextTooLong { chars } => Message::new(
                "the text is {} characters long; the limit is {}",
                vec![Value::verbatim(chars), Value::verbatim(MAX_DESCRIPTION_CHARS)],
            ),
            E::EmptyMessage => Message::plain("the message is empty"),
            E::TooManyAttachments { count, limit } => Message::new(
                "{} attachments is more than the limit of {}",
                vec![Value::verbatim(count), Value::verbatim(limit)],
            ),
            E::IllegalMove { from, to } => Message::new(
                "a dispute cannot move from {} to {}",
                vec![Word(from.name()), Word(to.name())],
            ),
            E::NotYourMove { from, to, by } => Message::new(
                "the {} cannot move a dispute from {} to {}",
                vec![Word(by.name()), Word(from.name()), Word(to.name())],
            ),
        }
    }
}

display_by_message!(DisputeError);

impl RuleBreach for DisputeError {
    fn rule(&self) -> &'static str {
        match self {
            DisputeError::WrongInvoice { .. } => "dispute.invoice",
            DisputeError::CurrencyMismatch { .. } => "dispute.currency",
            DisputeError::Money(_) => "dispute.amount",
            DisputeError::AmountNotPositive => "dispute.amount_positive",
            DisputeError::NothingOpen { .. } => "dispute.nothing_open",
            DisputeError::AlreadyDisputed { .. } => "dispute.already_disputed",
            DisputeError::AboveOpen { .. } => "dispute.amount_above_open",
            DisputeError::AboveLines { .. } => "dispute.amount_above_lines",
            DisputeError::LinesComeToNothing { .. } => "dispute.lines_come_to_nothing",
            DisputeError::UnknownLine { .. } => "dispute.unknown_line",
            DisputeError::DuplicateLine { .. } => "dispute.duplicate_line",
            DisputeError::DescriptionRequired => "dispute.description_required",
            DisputeError::TextTooLong { .. } => "dispute.text_too_long",
            DisputeError::EmptyMessage => "dispute.empty_message",
            DisputeError::TooManyAttachments { .. } => "dispute.too_many_attachments",
            DisputeError::IllegalMove { .. } => "dispute.illegal_move",
            DisputeError::NotYourMove { .. } => "dispute.not_your_move",
        }
    }

    fn field(&self) -> Option<String> {
        let field = match self {
            DisputeError::WrongInvoice { .. } | DisputeError::NothingOpen { .. } => "/invoice_id",
            DisputeError::AlreadyDisputed { .. } => "/invoice_id",
            DisputeError::CurrencyMismatch { .. } => "/currency",
            DisputeError::Money(_)
            | DisputeError::AmountNotPositive
            | DisputeError::AboveOpen { .. }
            | DisputeError::AboveLines { .. } => "/amount",
            DisputeError::UnknownLine { .. }
            | DisputeError::DuplicateLine { .. }
            | DisputeError::LinesComeToNothing { .. } => "/line_ids",
            DisputeError::DescriptionRequired => "/description",
            DisputeError::TextTooLong { .. } => "/description",
            DisputeError::EmptyMessage => "/body",
            DisputeError::TooManyAttachments { .. } => "/attachment_ids",
            DisputeError::IllegalMove { .. } | DisputeError::NotYourMove { .. } => return None,
        };
        Some(field.to_owned())
    }
}

/// The most the customer may dispute on `invoice` (or on the chosen `line_ids` of it):
/// what is open on the invoice, less the amounts of its other open `disputes`, and, when
/// lines are chosen, no more than those lines' total including tax. Always above zero:
/// when nothing is left to dispute it says why instead. The app shows it as the form's
/// maximum; [`RaiseDispute::check`] enforces it.
pub fn disputable_amount(
    invoice: &Invoice,
    line_ids: &[String],
    disputes: &[Dispute],
) -> Result<Money, DisputeError> {
    let currency = invoice.currency;
    let open = Money::new(invoice.open(), currency)?;
    if !open.is_positive() {
        return Err(DisputeError::NothingOpen {
            number: invoice.number.clone(),
        });
    }
    let already: Decimal = disputes
        .iter()
        .filter(|d| d.invoice_id == invoice.id && d.is_open())
        .map(|d| d.amount)
        .sum();
    let left = Money::new((open.amount() - already).max(Decimal::ZERO), currency)?;
    if left.is_zero() {
        return Err(DisputeError::AlreadyDisputed {
            number: invoice.number.clone(),
        });
    }
    if line_ids.is_empty() {
        return Ok(left);
    }
    let lines = Money::new(chosen_lines_total(invoice, line_ids)?, currency)?;
    if !lines.is_positive() {
        return Err(DisputeError::LinesComeToNothing {
            number: invoice.number.clone(),
        });
    }
    Ok(if lines.amount() < left.amount() {
        lines
    } else {
        left
    })
}

fn chosen_lines_total(invoice: &Invoice, line_ids: &[String]) -> Result<Decimal, DisputeError> {
    let mut total = Decimal::ZERO;
    for (index, line_id) in line_ids.iter().enumerate() {
        if line_ids[..index].contains(line_id) {
            return Err(DisputeError::DuplicateLine {
                line_id: line_id.clone(),
            });
        }
        let line = invoice
            .lines
            .iter()
            .find(|line| &line.id == line_id)
            .ok_or_else(|| DisputeError::UnknownLine {
                number: invoice.number.clone(),
                line_id: line_id.clone(),
            })?;
        total += line.gross();
    }
    Ok(total.max(Decimal::ZERO))
}

fn check_text(text: &str) -> Result<(), DisputeError> {
    let chars = text.chars().count();
    if chars > MAX_DESCRIPTION_CHARS {
        return Err(DisputeError::TextTooLong { chars });
    }
    Ok(())
}

fn check_attachment_count(count: usize) -> Result<(), DisputeError> {
    let limit = crate::attachment::MAX_ATTACHMENTS;
    if count > limit {
        return Err(DisputeError::TooManyAttachments { count, limit });
    }
    Ok(())
}

impl RaiseDispute {
    /// Checks the intent against its invoice and the disputes already on the account, and
    /// returns the disputed amount as [`Money`]. Rules: same invoice and currency, amount
    /// exact, above zero and at most [`disputable_amount`], known and distinct lines, a
    /// description for reason "other", text within [`MAX_DESCRIPTION_CHARS`], at most
    /// [`crate::attachment::MAX_ATTACHMENTS`] attachments.
    pub fn check(&self, invoice: &Invoice, disputes: &[Dispute]) -> Result<Money, DisputeError> {
        if self.invoice_id != invoice.id {
            return Err(DisputeError::WrongInvoice {
                requested: self.invoice_id.clone(),
                given: invoice.id.clone(),
            });
        }
        if self.currency != invoice.currency {
            return Err(DisputeError::CurrencyMismatch {
                number: invoice.number.clone(),
                invoice: invoice.currency,
                amount: self.currency,
            });
        }
        let amount = Money::new(self.amount, self.currency)?;
        if !amount.is_positive() {
            return Err(DisputeError::AmountNotPositive);
        }
        if self.reason == DisputeReason::Other && self.description.trim().is_empty() {
            return Err(DisputeError::DescriptionRequired);
        }
        check_text(&self.description)?;
        check_attachment_count(self.attachment_ids.len())?;
        let limit = disputable_amount(invoice, &self.line_ids, disputes)?;
        if amount.amount() > limit.amount() {
            let open_limit = disputable_amount(invoice, &[], disputes)?;
            return Err(if limit.amount() < open_limit.amount() {
                DisputeError::AboveLines { amount, limit }
            } else {
                DisputeError::AboveOpen {
                    number: invoice.number.clone(),
                    amount,
                    limit,
                }
            });
        }
        Ok(amount)
    }
}

impl SendDisputeMessage {
    /// Checks the message: not blank, within [`MAX_DESCRIPTION_CHARS`], at most
    /// [`crate::attachment::MAX_ATTACHMENTS`] attachments.
    pub fn check(&self) -> Result<(), DisputeError> {
        if self.body.trim().is_empty() {
            return Err(DisputeError::EmptyMessage);
        }
        check_text(&self.body)?;
        check_attachment_count(self.attachment_ids.len())
    }
}

impl WithdrawDispute {
    /// Checks that the customer may withdraw `dispute` now (it is still open) and returns
    /// its new status.
    pub fn check(&self, dispute: &Dispute) -> Result<DisputeStatus, DisputeError> {
        if let Some(reason) = &self.reason {
            check_text(reason)?;
        }
        dispute
            .status
            .move_to(DisputeStatus::Withdrawn, Party::Customer)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::invoice::tests::{dec, invoice};
    use crate::invoice::InvoiceLine;
    use proptest::prelude::*;

    /// An open GBP dispute of `amount` on `invoice_id`.
    pub(crate) fn dispute(
        id: &str,
        invoice_id: &str,
        amount: &str,
        status: DisputeStatus,
    ) -> Dispute {
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
}
