//! Disputes: reason codes, the status machine of SPEC §2.3 with who may make each move,
//! the rule that a disputed amount is never more than what is still open, the `dispute`
//! and `dispute_message` sync records and the intents that raise, answer and withdraw one.
//! It passes 600 lines because the status machine, the records and the intents that move
//! them share one error type and are read together.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::attachment::AttachmentMeta;
use crate::currency::Currency;
use crate::invoice::Invoice;
use crate::message::{Explain, Message, Value};
use crate::money::{Money, MoneyError};
use crate::validation::{self, described_by_breach, Breach, InvalidField};

/// The longest description or message accepted, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;

/// Why the customer disputes an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// The amount disputed.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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
    /// The key the app sent it with, where a profile backend keeps it: two disputes with
    /// the same one are one dispute recorded twice ([`crate::copies`]). The Settle API,
    /// which takes an Idempotency-Key, never has two and leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_reference: Option<String>,
}

/// One step of a dispute's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"invoice_id": "inv_inv-2107", "reason": "damaged_or_faulty", "currency": "GBP", "amount": "185.50", "description": "The parcel arrived crushed.", "attachment_ids": []}))))]
pub struct RaiseDispute {
    /// The invoice disputed.
    pub invoice_id: String,
    /// The lines disputed; empty for the whole invoice.
    #[serde(default)]
    pub line_ids: Vec<String>,
    /// Why.
    pub reason: DisputeReason,
    /// Currency of the amount; must be the invoice's.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: Currency,
    /// The amount disputed: above zero, at most [`disputable_amount`].
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"dispute_id": "dsp_riley_2", "body": "The delivery note is attached.", "attachment_ids": []}))))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"dispute_id": "dsp_riley_1", "reason": "The goods turned up."}))))]
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

impl DisputeError {
    /// The one description of each variant, read by `Explain` and [`RuleBreach`] alike.
    fn breach(&self) -> Breach {
        use DisputeError as E;
        use Value::{Money as Amount, Verbatim, Word};
        let at = Breach::at;
        let number = |number: &String| Verbatim(number.clone());
        match self {
            E::WrongInvoice { requested, given } => at(
                "dispute.invoice",
                "/invoice_id",
                Message::new(
                    "the dispute is for invoice '{}', not '{}'",
                    vec![Value::verbatim(requested), Value::verbatim(given)],
                ),
            ),
            E::CurrencyMismatch {
                number: n,
                invoice,
                amount,
            } => at(
                "dispute.currency",
                "/currency",
                Message::new(
                    "invoice {} is in {}, so the disputed amount must be too, not {}",
                    vec![number(n), Value::verbatim(invoice), Value::verbatim(amount)],
                ),
            ),
            E::Money(error) => at("dispute.amount", "/amount", error.message()),
            E::AmountNotPositive => at(
                "dispute.amount_positive",
                "/amount",
                Message::plain("the disputed amount must be more than zero"),
            ),
            E::NothingOpen { number: n } => at(
                "dispute.nothing_open",
                "/invoice_id",
                Message::new(
                    "invoice {} has nothing left to pay, so there is nothing to dispute",
                    vec![number(n)],
                ),
            ),
            E::AlreadyDisputed { number: n } => at(
                "dispute.already_disputed",
                "/invoice_id",
                Message::new(
                    "all that is open on invoice {} is already under dispute",
                    vec![number(n)],
                ),
            ),
            E::AboveOpen {
                number: n,
                amount,
                limit,
            } => at(
                "dispute.amount_above_open",
                "/amount",
                Message::new(
                    "the disputed amount {} is more than the {} that can still be disputed on invoice {}",
                    vec![Amount(*amount), Amount(*limit), number(n)],
                ),
            ),
            E::AboveLines { amount, limit } => at(
                "dispute.amount_above_lines",
                "/amount",
                Message::new(
                    "the disputed amount {} is more than {}, the total of the chosen lines",
                    vec![Amount(*amount), Amount(*limit)],
                ),
            ),
            E::LinesComeToNothing { number: n } => at(
                "dispute.lines_come_to_nothing",
                "/line_ids",
                Message::new(
                    "the chosen lines of invoice {} come to nothing, so there is nothing to dispute on them",
                    vec![number(n)],
                ),
            ),
            E::UnknownLine { number: n, line_id } => at(
                "dispute.unknown_line",
                "/line_ids",
                Message::new(
                    "invoice {} has no line '{}'",
                    vec![number(n), Value::verbatim(line_id)],
                ),
            ),
            E::DuplicateLine { line_id } => at(
                "dispute.duplicate_line",
                "/line_ids",
                Message::new("line '{}' is chosen twice", vec![Value::verbatim(line_id)]),
            ),
            E::DescriptionRequired => at(
                "dispute.description_required",
                "/description",
                Message::plain(
                    "please describe the problem: a description is required when the reason is 'other'",
                ),
            ),
            E::TextTooLong { chars } => at(
                "dispute.text_too_long",
                "/description",
                Message::new(
                    "the text is {} characters long; the limit is {}",
                    vec![Value::verbatim(chars), Value::verbatim(MAX_DESCRIPTION_CHARS)],
                ),
            ),
            E::EmptyMessage => at(
                "dispute.empty_message",
                "/body",
                Message::plain("the message is empty"),
            ),
            E::TooManyAttachments { count, limit } => at(
                "dispute.too_many_attachments",
                "/attachment_ids",
                Message::new(
                    "{} attachments is more than the limit of {}",
                    vec![Value::verbatim(count), Value::verbatim(limit)],
                ),
            ),
            E::IllegalMove { from, to } => Breach {
                rule: "dispute.illegal_move",
                field: None,
                message: Message::new(
                    "a dispute cannot move from {} to {}",
                    vec![Word(from.name()), Word(to.name())],
                ),
            },
            E::NotYourMove { from, to, by } => Breach {
                rule: "dispute.not_your_move",
                field: None,
                message: Message::new(
                    "the {} cannot move a dispute from {} to {}",
                    vec![Word(by.name()), Word(from.name()), Word(to.name())],
                ),
            },
        }
    }
}

described_by_breach!(DisputeError);

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
pub(crate) mod tests;
