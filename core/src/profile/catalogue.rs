//! Settle's own fields, by kind and by intent, with the type of each: what a profile may
//! map, which fields a kind cannot do without, and how each value is converted (amounts
//! by the currency's minor units, dates by the profile's formats, choices through value
//! maps). Tests keep these tables in step with the record and intent types.

use crate::api::Kind;
use crate::intents::IntentKind;

/// What a field holds, which says how its value is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Text (ids, names, descriptions).
    Text,
    /// Money in the record's currency: converted per the profile's `amounts`.
    Amount,
    /// A decimal that is not money (a quantity, a rate): read exactly, written as text.
    Number,
    /// A whole number.
    Integer,
    /// True or false.
    Bool,
    /// An ISO 4217 code.
    Currency,
    /// A calendar day, per the profile's `date_format`.
    Date,
    /// An instant, per the profile's `date_time_format`.
    DateTime,
    /// A time of day (`21:30:00`), per the field's `format`.
    Time,
    /// A set of Settle's fixed values (channels, needs): a list, or one flag per value.
    Set(&'static [&'static str]),
    /// One of Settle's fixed values; a value map translates the backend's.
    Choice(&'static [&'static str]),
    /// A list of elements with these fields.
    List(&'static [Field]),
    /// An object with these fields.
    Object(&'static [Field]),
    /// Copied as it is: the backend must already use Settle's shape.
    Json,
}

/// One of Settle's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Settle's name for it.
    pub name: &'static str,
    /// What it holds.
    pub kind: FieldType,
    /// True when a record cannot be read without it.
    pub required: bool,
}

const fn need(name: &'static str, kind: FieldType) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

const fn may(name: &'static str, kind: FieldType) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

use FieldType::{
    Amount, Bool, Choice, Currency, Date, DateTime, Integer, Json, List, Number, Object, Set, Text,
    Time,
};

/// Dispute statuses.
pub const DISPUTE_STATUSES: &[&str] = &[
    "submitted",
    "under_review",
    "more_information_needed",
    "resolved_in_customers_favour",
    "resolved_as_valid",
    "withdrawn",
];
/// Dispute reasons.
pub const DISPUTE_REASONS: &[&str] = &[
    "not_received",
    "damaged_or_faulty",
    "wrong_price_or_quantity",
    "duplicate_charge",
    "already_paid",
    "other",
];
/// Who wrote a dispute message or moved a dispute on.
pub const PARTIES: &[&str] = &["customer", "creditor"];
/// Payment methods.
pub const PAYMENT_METHODS: &[&str] = &[
    "card",
    "bank_transfer",
    "direct_debit",
    "cheque",
    "cash",
    "other",
];
/// Payment statuses.
pub const PAYMENT_STATUSES: &[&str] = &["pending", "completed", "failed", "refunded"];
/// Plan frequencies.
pub const FREQUENCIES: &[&str] = &["weekly", "fortnightly", "monthly"];
/// Plan statuses.
pub const PLAN_STATUSES: &[&str] = &["active", "completed", "broken", "cancelled"];
/// Instalment statuses.
pub const INSTALMENT_STATUSES: &[&str] = &["paid", "due", "missed"];
/// Promise statuses.
pub const PROMISE_STATUSES: &[&str] = &["open", "kept", "broken", "cancelled"];
/// Roundings of interest.
pub const ROUNDINGS: &[&str] = &[
    "half_away_from_zero",
    "half_even",
    "toward_zero",
    "away_from_zero",
];
/// Where the leftover minor units of a schedule go.
pub const REMAINDERS: &[&str] = &["first", "last"];
/// Contact channels.
pub const CHANNELS: &[&str] = &["email", "sms", "phone", "post", "in_app"];
/// What the creditor contacts the customer about.
pub const PURPOSES: &[&str] = &[
    "payment_reminders",
    "statements",
    "dispute_updates",
    "plan_updates",
];
/// Accessibility needs.
pub const NEEDS: &[&str] = &["large_print", "easy_read", "text_relay"];
/// Kinds of help.
pub const HELP_KINDS: &[&str] = &["breathing_space", "reduced_plan", "other"];

const INVOICE_LINE: &[Field] = &[
    need("id", Text),
    need("description", Text),
    need("quantity", Number),
    need("unit_price", Amount),
    need("net", Amount),
    may("tax", Amount),
];

const TAX_SUMMARY: &[Field] = &[
    need("label", Text),
    need("rate_percent", Number),
    need("net", Amount),
    need("tax", Amount),
];

const DISPUTE_EVENT: &[Field] = &[
    need("status", Choice(DISPUTE_STATUSES)),
    need("at", DateTime),
    need("by", Choice(PARTIES)),
    may("note", Text),
];

const ALLOCATION: &[Field] = &[
    need("invoice_id", Text),
    need("amount", Amount),
    may("instalment", Integer),
];

const INSTALMENT: &[Field] = &[
    need("number", Integer),
    need("due_date", Date),
    need("amount", Amount),
    may("paid", Amount),
    need("status", Choice(INSTALMENT_STATUSES)),
];

/// An instalment as the customer agreed it, in a plan proposal.
const AGREED_INSTALMENT: &[Field] = &[
    need("number", Integer),
    need("due_date", Date),
    need("amount", Amount),
];

const AGREEMENT: &[Field] = &[
    need("terms_version", Text),
    need("agreed_at", DateTime),
    need("channel", Text),
    may("offer_id", Text),
];

const STATEMENT_ENTRY: &[Field] = &[
    need("date", Date),
    need("description", Text),
    may("reference", Text),
    need("debit", Amount),
    need("credit", Amount),
];

const AGEING: &[Field] = &[
    may("current", Amount),
    may("days_1_30", Amount),
    may("days_31_60", Amount),
    may("days_61_90", Amount),
    may("days_over_90", Amount),
];

/// The account's figures a profile may have Settle work out (`"compute": true`).
pub const COMPUTED: &[&str] = &[
    "balance",
    "overdue",
    "not_yet_due",
    "disputed",
    "credit",
    "available_credit",
    "ageing",
    "as_of",
];

const CHANNELS_BY_PURPOSE: &[Field] = &[
    may("payment_reminders", Set(CHANNELS)),
    may("statements", Set(CHANNELS)),
    may("dispute_updates", Set(CHANNELS)),
    may("plan_updates", Set(CHANNELS)),
];

const QUIET_HOURS: &[Field] = &[need("start", Time), need("end", Time)];

const TIME_WINDOW: &[Field] = &[may("days", Json), need("start", Time), need("end", Time)];

const THIRD_PARTY: &[Field] = &[
    need("name", Text),
    may("role", Text),
    may("email", Text),
    may("phone", Text),
    need("purposes", Set(PURPOSES)),
    need("channels", Set(CHANNELS)),
];

const ACCOUNT: &[Field] = &[
    need("id", Text),
    need("number", Text),
    need("name", Text),
    need("currency", Currency),
    need("balance", Amount),
    need("overdue", Amount),
    need("credit_limit", Amount),
    need("on_stop", Bool),
    need("as_of", Date),
    may("not_yet_due", Amount),
    may("disputed", Amount),
    may("credit", Amount),
    may("available_credit", Amount),
    may("ageing", Object(AGEING)),
    may("on_stop_reason", Text),
    may("on_stop_remedy", Text),
    may("next_due", Json),
];

const INVOICE: &[Field] = &[
    need("id", Text),
    need("account_id", Text),
    need("number", Text),
    need("currency", Currency),
    need("issue_date", Date),
    need("due_date", Date),
    may("reference", Text),
    may("lines", List(INVOICE_LINE)),
    may("taxes", List(TAX_SUMMARY)),
    need("subtotal", Amount),
    need("tax_total", Amount),
    need("total", Amount),
    need("amount_paid", Amount),
    may("plan_id", Text),
    may("pdf_url", Text),
];

const STATEMENT: &[Field] = &[
    need("id", Text),
    need("account_id", Text),
    need("currency", Currency),
    need("period_start", Date),
    need("period_end", Date),
    need("opening_balance", Amount),
    need("closing_balance", Amount),
    may("entries", List(STATEMENT_ENTRY)),
    may("pdf_url", Text),
];

const PAYMENT: &[Field] = &[
    need("id", Text),
    need("account_id", Text),
    need("currency", Currency),
    need("amount", Amount),
    need("received_at", DateTime),
    need("method", Choice(PAYMENT_METHODS)),
    need("status", Choice(PAYMENT_STATUSES)),
    may("reference", Text),
    may("allocations", List(ALLOCATION)),
];

const DISPUTE: &[Field] = &[
    need("id", Text),
    need("account_id", Text),
    need("invoice_id", Text),
    may("line_ids", Json),
    need("currency", Currency),
    need("amount", Amount),
    need("reason", Choice(DISPUTE_REASONS)),
    may("description", Text),
    need("status", Choice(DISPUTE_STATUSES)),
    need("raised_at", DateTime),
    may("expected_response_by", Date),
    may("timeline", List(DISPUTE_EVENT)),
    may("attachments", Json),
    may("resolution_note", Text),
    may("feedback_given", Bool),
    // The key the app sent it with, where the backend keeps it: two disputes with the
    // same one are one dispute recorded twice (crate::copies).
    may("client_reference", Text),
];

const DISPUTE_MESSAGE: &[Field] = &[
    need("id", Text),
    need("dispute_id", Text),
    need("from", Choice(PARTIES)),
    need("body", Text),
    need("sent_at", DateTime),
    may("attachments", Json),
];

const PLAN: &[Field] = &[
    need("id", Text),
    need("account_id", Text),
    may("invoice_ids", Json),
    need("currency", Currency),
    need("frequency", Choice(FREQUENCIES)),
    need("principal", Amount),
    may("setup_fee", Amount),
    may("interest", Amount),
    need("total_payable", Amount),
    need("status", Choice(PLAN_STATUSES)),
    need("agreement", Object(AGREEMENT)),
    may("missed_instalment_rule", Text),
    need("instalments", List(INSTALMENT)),
];

const PLAN_OFFER: &[Field] = &[
    need("id", Text),
    need("account_id", Text),
    may("invoice_ids", Json),
    need("schedule", Json),
    may("expires_on", Date),
    may("note", Text),
];

const PLAN_POLICY: &[Field] = &[
    may("id", Text),
    need("currency", Currency),
    need("min_instalment", Amount),
    need("max_instalments", Integer),
    need("max_term_months", Integer),
    need("frequencies", Json),
    may("first_date_earliest_days", Integer),
    need("first_date_latest_days", Integer),
    may("setup_fee", Amount),
    may("annual_interest_percent", Number),
    need("interest_rounding", Choice(ROUNDINGS)),
    may("remainder", Choice(REMAINDERS)),
    may("missed_after_days", Integer),
    need("missed_instalment_rule", Text),
    may("promise_window_days", Integer),
    need("terms_version", Text),
];

const PROMISE: &[Field] = &[
    need("id", Text),
    need("account_id", Text),
    need("currency", Currency),
    need("amount", Amount),
    need("date", Date),
    need("status", Choice(PROMISE_STATUSES)),
    may("original_date", Date),
    need("made_at", DateTime),
];

const PREFERENCES: &[Field] = &[
    may("id", Text),
    need("channels", Object(CHANNELS_BY_PURPOSE)),
    may("opted_out", Set(CHANNELS)),
    may("quiet_hours", Object(QUIET_HOURS)),
    may("preferred_times", List(TIME_WINDOW)),
    need("time_zone", Text),
    may("max_contacts_per_week", Integer),
    need("language", Text),
    may("accessibility", Set(NEEDS)),
    may("third_party", Object(THIRD_PARTY)),
    may("history", Json),
];

/// The fields of a record of `kind`.
pub fn kind_fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Account => ACCOUNT,
        Kind::Invoice => INVOICE,
        Kind::Statement => STATEMENT,
        Kind::Payment => PAYMENT,
        Kind::Dispute => DISPUTE,
        Kind::DisputeMessage => DISPUTE_MESSAGE,
        Kind::Plan => PLAN,
        Kind::PlanOffer => PLAN_OFFER,
        Kind::PlanPolicy => PLAN_POLICY,
        Kind::Promise => PROMISE,
        Kind::Preferences => PREFERENCES,
    }
}

/// The body fields of an intent of this kind.
pub fn intent_fields(kind: IntentKind) -> &'static [Field] {
    match kind {
        IntentKind::RaiseDispute => {
            const FIELDS: &[Field] = &[
                need("invoice_id", Text),
                may("line_ids", Json),
                need("reason", Choice(DISPUTE_REASONS)),
                need("currency", Currency),
                need("amount", Amount),
                may("description", Text),
                may("attachment_ids", Json),
            ];
            FIELDS
        }
        IntentKind::SendDisputeMessage => {
            const FIELDS: &[Field] = &[
                need("dispute_id", Text),
                need("body", Text),
                may("attachment_ids", Json),
            ];
            FIELDS
        }
        IntentKind::WithdrawDispute => {
            const FIELDS: &[Field] = &[need("dispute_id", Text), may("reason", Text)];
            FIELDS
        }
        IntentKind::UploadAttachment => {
            const FIELDS: &[Field] = &[
                need("id", Text),
                need("file_name", Text),
                need("media_type", Text),
                need("size_bytes", Integer),
                may("sha256", Text),
            ];
            FIELDS
        }
        IntentKind::AcceptPlanOffer => {
            const FIELDS: &[Field] = &[
                need("offer_id", Text),
                need("terms_version", Text),
                need("agreed_at", DateTime),
                need("channel", Text),
            ];
            FIELDS
        }
        IntentKind::ProposePlan => {
            const FIELDS: &[Field] = &[
                need("account_id", Text),
                may("invoice_ids", Json),
                need("currency", Currency),
                need("amount", Amount),
                need("frequency", Choice(FREQUENCIES)),
                need("first_date", Date),
                need("size", Json),
                need("terms_version", Text),
                need("agreed_at", DateTime),
                need("channel", Text),
                may("expected_total_payable", Amount),
                may("schedule", List(AGREED_INSTALMENT)),
            ];
            FIELDS
        }
        IntentKind::PromiseToPay => {
            const FIELDS: &[Field] = &[
                need("account_id", Text),
                need("currency", Currency),
                need("amount", Amount),
                need("date", Date),
            ];
            FIELDS
        }
        IntentKind::ChangePromise => {
            const FIELDS: &[Field] = &[need("promise_id", Text), need("date", Date)];
            FIELDS
        }
        IntentKind::AskForHelp => {
            const FIELDS: &[Field] = &[
                need("account_id", Text),
                need("kind", Choice(HELP_KINDS)),
                need("currency", Currency),
                need("monthly_income", Amount),
                need("monthly_outgoings", Amount),
                need("affordable_amount", Amount),
                need("affordable_frequency", Choice(FREQUENCIES)),
                need("circumstances", Text),
                need("third_party_may_help", Bool),
            ];
            FIELDS
        }
        IntentKind::StartCheckout => {
            const FIELDS: &[Field] = &[
                need("account_id", Text),
                need("target", Json),
                need("currency", Currency),
                need("amount", Amount),
                may("return_path", Text),
            ];
            FIELDS
        }
        IntentKind::SendFeedback => {
            const FIELDS: &[Field] = &[
                need("subject", Json),
                need("csat", Integer),
                may("ces", Integer),
                may("comment", Text),
            ];
            FIELDS
        }
        IntentKind::PutPreferences => PREFERENCES,
    }
}

/// The field called `name` among `fields`.
pub fn find(fields: &'static [Field], name: &str) -> Option<&'static Field> {
    fields.iter().find(|field| field.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::*;

    fn reads_as<T: serde::de::DeserializeOwned>(values: &[&str]) {
        for value in values {
            assert!(
                serde_json::from_value::<T>(serde_json::json!(value)).is_ok(),
                "{value} is not a value of {}",
                std::any::type_name::<T>()
            );
        }
    }

    #[test]
    fn choices_are_the_enums_values() {
        reads_as::<DisputeStatus>(DISPUTE_STATUSES);
        reads_as::<DisputeReason>(DISPUTE_REASONS);
        reads_as::<Party>(PARTIES);
        reads_as::<PaymentMethod>(PAYMENT_METHODS);
        reads_as::<PaymentStatus>(PAYMENT_STATUSES);
        reads_as::<Frequency>(FREQUENCIES);
        reads_as::<PlanStatus>(PLAN_STATUSES);
        reads_as::<InstalmentStatus>(INSTALMENT_STATUSES);
        reads_as::<PromiseStatus>(PROMISE_STATUSES);
        reads_as::<crate::money::Rounding>(ROUNDINGS);
        reads_as::<crate::money::RemainderPlacement>(REMAINDERS);
        reads_as::<HelpKind>(HELP_KINDS);
        reads_as::<crate::contact::Channel>(CHANNELS);
        reads_as::<crate::contact::Purpose>(PURPOSES);
        reads_as::<crate::contact::AccessibilityNeed>(NEEDS);
        assert!(serde_json::from_value::<DisputeStatus>(serde_json::json!("lost")).is_err());
    }

    /// Every field a record writes is in the table, and no other.
    fn same_fields(kind: Kind, data: serde_json::Value) {
        let written: Vec<&str> = data
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for name in &written {
            assert!(find(kind_fields(kind), name).is_some(), "{kind}: {name}");
        }
        for field in kind_fields(kind) {
            assert!(
                written.contains(&field.name) || !field.required,
                "{kind}: {}",
                field.name
            );
        }
    }

    #[test]
    fn tables_match_the_records() {
        let invoice = crate::invoice::tests::invoice("i1", "10.00", "0", "2024-03-01");
        same_fields(Kind::Invoice, Record::Invoice(invoice).to_data());
        let preferences = ContactPreferences::new("Europe/London", "en");
        same_fields(
            Kind::Preferences,
            Record::Preferences(preferences).to_data(),
        );
        let account = Account {
            id: "a".into(),
            currency: "GBP".into(),
            ..Account::default()
        };
        same_fields(Kind::Account, Record::Account(account).to_data());
        for kind in <IntentKind as strum::VariantArray>::VARIANTS {
            assert!(!intent_fields(*kind).is_empty(), "{kind}");
        }
    }
}
