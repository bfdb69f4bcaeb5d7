//! The data types of the Settle REST API (v1), shared by the app and the reference server:
//! sync pages and their items, the record of each sync kind ([`Record`]), every intent
//! ([`crate::intents::Intent`]), sign-in, and problem details (RFC 9457).
//!
//! Amounts travel as decimal strings ("1234.50") so no JSON number ever passes through a float.
//! The record and intent types live beside their rules and are re-exported here, so
//! `settle_core::api::*` names the whole wire vocabulary.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::attachment::AttachmentMeta;
pub use crate::checkout::{CheckoutStarted, CheckoutTarget, StartCheckout};
pub use crate::contact::{
    AccessibilityNeed, Channel, ContactPreferences, PreferenceChange, Purpose, QuietHours, Setting,
    ThirdParty, TimeWindow,
};
pub use crate::currency::Currency;
use crate::currency::UnknownCurrency;
pub use crate::dispute::{
    Dispute, DisputeEvent, DisputeMessage, DisputeReason, DisputeStatus, Party, RaiseDispute,
    SendDisputeMessage, WithdrawDispute,
};
pub use crate::feedback::{Feedback, FeedbackSubject};
pub use crate::figures::{Ageing, DueItem, DueWhat};
pub use crate::help::{HelpKind, HelpRequest};
pub use crate::intents::{Intent, Method};
pub use crate::invoice::{Invoice, InvoiceLine, InvoiceStatus, TaxSummary};
pub use crate::payment::{Allocation, Payment, PaymentMethod, PaymentStatus};
pub use crate::plan::{
    AcceptPlanOffer, Agreement, Frequency, InstalmentStatus, Plan, PlanInstalment, PlanOffer,
    PlanPolicy, PlanSize, PlanStatus, ProposePlan, Schedule, ScheduledInstalment,
};
pub use crate::promise::{ChangePromise, Promise, PromiseStatus, PromiseToPay};
pub use crate::statement::{Statement, StatementEntry};
use crate::validation::{self, InvalidField, RuleBreach};

/// The kinds of record the sync endpoint returns (SPEC §4). [`Record`] holds one of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// [`Account`].
    Account,
    /// [`Invoice`].
    Invoice,
    /// [`Statement`].
    Statement,
    /// [`Payment`].
    Payment,
    /// [`Dispute`].
    Dispute,
    /// [`DisputeMessage`].
    DisputeMessage,
    /// [`Plan`].
    Plan,
    /// [`PlanOffer`].
    PlanOffer,
    /// [`PlanPolicy`].
    PlanPolicy,
    /// [`Promise`].
    Promise,
    /// [`ContactPreferences`].
    Preferences,
}

impl Kind {
    /// Every kind, in the order a client applies them.
    pub const ALL: [Kind; 11] = [
        Kind::Account,
        Kind::Invoice,
        Kind::Statement,
        Kind::Payment,
        Kind::Dispute,
        Kind::DisputeMessage,
        Kind::Plan,
        Kind::PlanOffer,
        Kind::PlanPolicy,
        Kind::Promise,
        Kind::Preferences,
    ];

    /// The name used on the wire and as the IndexedDB object store name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Account => "account",
            Kind::Invoice => "invoice",
            Kind::Statement => "statement",
            Kind::Payment => "payment",
            Kind::Dispute => "dispute",
            Kind::DisputeMessage => "dispute_message",
            Kind::Plan => "plan",
            Kind::PlanOffer => "plan_offer",
            Kind::PlanPolicy => "plan_policy",
            Kind::Promise => "promise",
            Kind::Preferences => "preferences",
        }
    }
}

/// One changed record in a sync page. `data` is absent when `deleted` is true.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncItem {
    /// Which kind of record.
    pub kind: Kind,
    /// The record's id.
    pub id: String,
    /// The record's version; a later change has a higher one.
    pub version: i64,
    /// True when the record was removed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub deleted: bool,
    /// The record, as the JSON of its kind's type ([`SyncItem::record`] reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

/// A page of `GET /api/v1/sync`: the items changed after the request's checkpoint, the
/// checkpoint to ask from next, and whether more pages follow at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncPage {
    /// The changes, oldest first.
    pub items: Vec<SyncItem>,
    /// Opaque: pass it back as `?checkpoint=` to get the changes after this page.
    pub checkpoint: String,
    /// True when another page follows at once.
    pub more: bool,
}

/// The query of `GET /api/v1/sync`: `?checkpoint=C&limit=N`. A client with nothing
/// stored leaves out the checkpoint (an empty one means the same) and gets everything;
/// after that it sends the `checkpoint` of the last page it stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncQuery {
    /// The checkpoint of the last page stored; absent for a first sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<String>,
    /// The most items a page may hold, 1 to [`SyncQuery::MAX_LIMIT`]; absent for
    /// [`SyncQuery::DEFAULT_LIMIT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl SyncQuery {
    /// The page size when the query gives none.
    pub const DEFAULT_LIMIT: u32 = 500;
    /// The largest page size a client may ask for.
    pub const MAX_LIMIT: u32 = 1000;

    /// The checkpoint to read from, `None` for everything (absent or empty).
    pub fn after(&self) -> Option<&str> {
        self.checkpoint.as_deref().filter(|text| !text.is_empty())
    }

    /// The page size asked for, or the default; refuses 0 and more than
    /// [`SyncQuery::MAX_LIMIT`], naming the limit.
    pub fn page_size(&self) -> Result<u32, InvalidField> {
        let limit = self.limit.unwrap_or(SyncQuery::DEFAULT_LIMIT);
        if !(1..=SyncQuery::MAX_LIMIT).contains(&limit) {
            return Err(InvalidField::new(
                "/limit",
                format!("must be 1 to {}", SyncQuery::MAX_LIMIT),
            ));
        }
        Ok(limit)
    }
}

/// An account as the customer sees it (the `account` sync record). Its figures are worked
/// out by [`crate::figures::Ledger::figures`] (see [`crate::figures`] for the definitions)
/// and written in with [`crate::figures::Figures::apply_to`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// Backend id.
    pub id: String,
    /// The account number the customer knows.
    pub number: String,
    /// The account holder's name.
    pub name: String,
    /// ISO 4217 code; [`Account::currency_code`] looks it up.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::currency))]
    pub currency: String,
    /// overdue + not yet due + disputed - credit.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub balance: Decimal,
    /// Undisputed amounts past due, not in an active plan.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub overdue: Decimal,
    /// The creditor's credit limit.
    #[serde(with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub credit_limit: Decimal,
    /// Whether the account is on stop (no new orders until resolved).
    pub on_stop: bool,
    /// The day the figures are for.
    #[serde(with = "crate::dates::day")]
    pub as_of: NaiveDate,
    /// Undisputed amounts not yet due (or in an active plan).
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub not_yet_due: Decimal,
    /// Amounts under open disputes (never counted as overdue).
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub disputed: Decimal,
    /// Money in the customer's favour: credit notes and unallocated payments.
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub credit: Decimal,
    /// credit limit - balance, never below zero.
    #[serde(default, with = "crate::decimal::wire")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::amount))]
    pub available_credit: Decimal,
    /// overdue + not yet due by days past due.
    #[serde(default)]
    pub ageing: Ageing,
    /// Why the account is on stop, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_stop_reason: Option<String>,
    /// What the customer can do to come off stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_stop_remedy: Option<String>,
    /// The next amounts due, soonest first ([`crate::figures::Ledger::upcoming`]).
    #[serde(default)]
    pub next_due: Vec<DueItem>,
}

impl Account {
    /// The account's currency from the ISO 4217 table.
    pub fn currency_code(&self) -> Result<Currency, UnknownCurrency> {
        Currency::from_code(&self.currency)
    }

    /// Checks what a backend sent: an id, a known currency, and exact amounts.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        let currency = self
            .currency_code()
            .map_err(|error| InvalidField::new("/currency", error))?;
        for (field, amount) in [
            ("/balance", self.balance),
            ("/overdue", self.overdue),
            ("/credit_limit", self.credit_limit),
            ("/not_yet_due", self.not_yet_due),
            ("/disputed", self.disputed),
            ("/credit", self.credit),
            ("/available_credit", self.available_credit),
        ] {
            validation::money(field, amount, currency)?;
        }
        Ok(())
    }
}

/// One record of any sync kind, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// An account.
    Account(Account),
    /// An invoice or credit note.
    Invoice(Invoice),
    /// A statement.
    Statement(Statement),
    /// A payment.
    Payment(Payment),
    /// A dispute.
    Dispute(Dispute),
    /// A message in a dispute.
    DisputeMessage(DisputeMessage),
    /// An agreed plan.
    Plan(Plan),
    /// An offered plan.
    PlanOffer(PlanOffer),
    /// The plan policy.
    PlanPolicy(PlanPolicy),
    /// A promise to pay.
    Promise(Promise),
    /// The contact preferences.
    Preferences(ContactPreferences),
}

/// A sync item whose data could not be read as its kind, or broke a rule of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {kind} record '{id}' could not be read: {reason}")]
pub struct RecordError {
    /// Its kind, as on the wire.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// What is wrong.
    pub reason: String,
    /// The field at fault, as a JSON pointer into the record, when known.
    pub field: Option<String>,
}

impl Record {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Record::Account(_) => Kind::Account,
            Record::Invoice(_) => Kind::Invoice,
            Record::Statement(_) => Kind::Statement,
            Record::Payment(_) => Kind::Payment,
            Record::Dispute(_) => Kind::Dispute,
            Record::DisputeMessage(_) => Kind::DisputeMessage,
            Record::Plan(_) => Kind::Plan,
            Record::PlanOffer(_) => Kind::PlanOffer,
            Record::PlanPolicy(_) => Kind::PlanPolicy,
            Record::Promise(_) => Kind::Promise,
            Record::Preferences(_) => Kind::Preferences,
        }
    }

    /// Checks the record's own rules (amounts exact in its currency, totals adding up,
    /// legal dispute timeline, ...).
    pub fn validate(&self) -> Result<(), InvalidField> {
        match self {
            Record::Account(record) => record.validate(),
            Record::Invoice(record) => record.validate(),
            Record::Statement(record) => record.validate(),
            Record::Payment(record) => record.validate(),
            Record::Dispute(record) => record.validate(),
            Record::DisputeMessage(record) => record.validate(),
            Record::Plan(record) => record.validate(),
            Record::PlanOffer(record) => record.validate(),
            Record::PlanPolicy(record) => record.validate(),
            Record::Promise(record) => record.validate(),
            Record::Preferences(record) => record.validate(),
        }
    }

    /// Reads `data` as a record of `kind` and checks it.
    pub fn from_data(kind: Kind, id: &str, data: serde_json::Value) -> Result<Record, RecordError> {
        // Through text, as the app's store reads records: one decoder per type in the
        // WebAssembly instead of two (the `Value` decoder doubled the size of each).
        fn read<T: serde::de::DeserializeOwned>(
            data: serde_json::Value,
        ) -> Result<T, serde_json::Error> {
            serde_json::from_str(&data.to_string())
        }
        let record = match kind {
            Kind::Account => read(data).map(Record::Account),
            Kind::Invoice => read(data).map(Record::Invoice),
            Kind::Statement => read(data).map(Record::Statement),
            Kind::Payment => read(data).map(Record::Payment),
            Kind::Dispute => read(data).map(Record::Dispute),
            Kind::DisputeMessage => read(data).map(Record::DisputeMessage),
            Kind::Plan => read(data).map(Record::Plan),
            Kind::PlanOffer => read(data).map(Record::PlanOffer),
            Kind::PlanPolicy => read(data).map(Record::PlanPolicy),
            Kind::Promise => read(data).map(Record::Promise),
            Kind::Preferences => read(data).map(Record::Preferences),
        };
        let error = |reason: String, field: Option<String>| RecordError {
            kind: kind.as_str(),
            id: id.to_owned(),
            reason,
            field,
        };
        let record = record.map_err(|e| error(e.to_string(), None))?;
        record
            .validate()
            .map_err(|e| error(e.to_string(), Some(e.field)))?;
        Ok(record)
    }

    /// The record as the `data` of a sync item.
    pub fn to_data(&self) -> serde_json::Value {
        let data = match self {
            Record::Account(record) => serde_json::to_value(record),
            Record::Invoice(record) => serde_json::to_value(record),
            Record::Statement(record) => serde_json::to_value(record),
            Record::Payment(record) => serde_json::to_value(record),
            Record::Dispute(record) => serde_json::to_value(record),
            Record::DisputeMessage(record) => serde_json::to_value(record),
            Record::Plan(record) => serde_json::to_value(record),
            Record::PlanOffer(record) => serde_json::to_value(record),
            Record::PlanPolicy(record) => serde_json::to_value(record),
            Record::Promise(record) => serde_json::to_value(record),
            Record::Preferences(record) => serde_json::to_value(record),
        };
        // These types only hold strings, numbers, dates and maps with string keys, which
        // always serialise.
        data.unwrap_or(serde_json::Value::Null)
    }
}

impl SyncItem {
    /// Reads and checks the item's data as its kind; `None` for a deletion.
    pub fn record(&self) -> Result<Option<Record>, RecordError> {
        match (&self.data, self.deleted) {
            (_, true) => Ok(None),
            (Some(data), false) => Record::from_data(self.kind, &self.id, data.clone()).map(Some),
            (None, false) => Err(RecordError {
                kind: self.kind.as_str(),
                id: self.id.clone(),
                reason: "it has no data and is not marked deleted".to_owned(),
                field: None,
            }),
        }
    }
}

/// `POST /api/v1/session/code`: send a one-time code to this address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"email": "alex@example.com"}))))]
pub struct CodeRequest {
    /// The customer's email address.
    pub email: String,
}

/// `POST /api/v1/session`: sign in with the code that was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"email": "alex@example.com", "code": "123456"}))))]
pub struct SignIn {
    /// The customer's email address.
    pub email: String,
    /// The one-time code sent to it.
    pub code: String,
    /// True on a shared or public device where the customer asked to keep nothing: the
    /// session then ends with the browser and lasts hours, not weeks.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared_device: bool,
}

/// `GET /api/v1/session`: who is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// The customer's id.
    pub customer_id: String,
    /// Their email address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// When the session ends.
    #[serde(with = "crate::dates::instant")]
    pub expires_at: DateTime<Utc>,
}

/// An error as `application/problem+json` (RFC 9457). `type` is stable per cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI that names the cause; see [`Problem::TYPE_BASE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary, the same for every problem of a type.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened this time and what to do, in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For validation errors: the request field at fault, as a JSON pointer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Problem {
    /// Where problem types live: a type is this base followed by a stable name, e.g.
    /// `https://settle.invalid/problems/plan.min_instalment`.
    pub const TYPE_BASE: &'static str = "https://settle.invalid/problems/";

    /// The answer to an intent that breaks a rule: `422`, the type named after the rule,
    /// the rule's message as `detail` and the field at fault.
    pub fn from_breach(breach: &(impl RuleBreach + ?Sized)) -> Problem {
        Problem {
            kind: format!("{}{}", Problem::TYPE_BASE, breach.rule()),
            title: "The request breaks a rule".to_owned(),
            status: 422,
            detail: Some(breach.to_string()),
            field: breach.field(),
        }
    }

    /// The stable rule name, when the problem's type is one of [`Problem::TYPE_BASE`].
    pub fn rule(&self) -> Option<&str> {
        self.kind.strip_prefix(Problem::TYPE_BASE)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests;
