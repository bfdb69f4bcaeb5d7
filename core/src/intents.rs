//! Intents: every action a customer takes, as the app queues it in its outbox and the API
//! receives it. Each is a `POST` (preferences: `PUT` with `If-Match`) under `/api/v1`
//! with an `Idempotency-Key` header; [`Intent::method`] and [`Intent::path`] say where.

use serde::{Deserialize, Serialize};

use crate::attachment::AttachmentMeta;
use crate::checkout::StartCheckout;
use crate::contact::ContactPreferences;
use crate::dispute::{RaiseDispute, SendDisputeMessage, WithdrawDispute};
use crate::feedback::Feedback;
use crate::help::HelpRequest;
use crate::plan::{AcceptPlanOffer, ProposePlan};
use crate::profile::request::encode;
use crate::promise::{ChangePromise, PromiseToPay};

/// Where every path of [`Intent::path`] is rooted.
pub const API_BASE: &str = "/api/v1";

/// An HTTP method an intent uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
}

impl Method {
    /// `"POST"` or `"PUT"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// What kind of action an intent is: its name in the outbox, in a backend profile's
/// `intents` and in the API's documentation (`raise_dispute`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum IntentKind {
    /// A new dispute.
    RaiseDispute,
    /// A message on a dispute.
    SendDisputeMessage,
    /// A dispute withdrawn.
    WithdrawDispute,
    /// A photo or document for a dispute or message.
    UploadAttachment,
    /// An offered plan accepted.
    AcceptPlanOffer,
    /// A plan the customer built.
    ProposePlan,
    /// A promise to pay by a date.
    PromiseToPay,
    /// A promise's one move.
    ChangePromise,
    /// A request for help.
    AskForHelp,
    /// A payment begun at the provider.
    StartCheckout,
    /// Feedback on a dispute, a plan or the portal.
    SendFeedback,
    /// The contact preferences replaced.
    PutPreferences,
}

impl IntentKind {
    /// The name, `"raise_dispute"`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for IntentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One customer action. In the outbox it is stored as
/// `{"intent": "raise_dispute", "body": {...}}`; the request body is `body` alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "intent", content = "body", rename_all = "snake_case")]
pub enum Intent {
    /// Raise a dispute on an invoice or some of its lines.
    RaiseDispute(RaiseDispute),
    /// Add a message to a dispute.
    SendDisputeMessage(SendDisputeMessage),
    /// Withdraw a dispute.
    WithdrawDispute(WithdrawDispute),
    /// Upload a photo or document (multipart: `meta` JSON and `file` bytes).
    UploadAttachment(AttachmentMeta),
    /// Accept an offered plan.
    AcceptPlanOffer(AcceptPlanOffer),
    /// Propose a plan from the plan builder.
    ProposePlan(ProposePlan),
    /// Promise to pay by a date.
    PromiseToPay(PromiseToPay),
    /// Move a promise's date, once.
    ChangePromise(ChangePromise),
    /// Ask for help (hardship form).
    AskForHelp(HelpRequest),
    /// Start a hosted checkout.
    StartCheckout(StartCheckout),
    /// Send CSAT/CES feedback.
    SendFeedback(Feedback),
    /// Replace the contact preferences.
    PutPreferences(ContactPreferences),
}

/// Reads `{"intent": ..., "body": ...}` in either order. Written out rather than derived:
/// the derived reader of an adjacently tagged enum compiles every body's reader twice
/// (once for the input, once for the buffer used when `body` comes first); here each body
/// is read once, from a JSON value.
impl<'de> Deserialize<'de> for Intent {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            intent: IntentKind,
            body: serde_json::Value,
        }
        let Stored {
            intent,
            body: value,
        } = Stored::deserialize(input)?;
        match intent {
            IntentKind::RaiseDispute => read(value, Intent::RaiseDispute),
            IntentKind::SendDisputeMessage => read(value, Intent::SendDisputeMessage),
            IntentKind::WithdrawDispute => read(value, Intent::WithdrawDispute),
            IntentKind::UploadAttachment => read(value, Intent::UploadAttachment),
            IntentKind::AcceptPlanOffer => read(value, Intent::AcceptPlanOffer),
            IntentKind::ProposePlan => read(value, Intent::ProposePlan),
            IntentKind::PromiseToPay => read(value, Intent::PromiseToPay),
            IntentKind::ChangePromise => read(value, Intent::ChangePromise),
            IntentKind::AskForHelp => read(value, Intent::AskForHelp),
            IntentKind::StartCheckout => read(value, Intent::StartCheckout),
            IntentKind::SendFeedback => read(value, Intent::SendFeedback),
            IntentKind::PutPreferences => read(value, Intent::PutPreferences),
        }
        .map_err(serde::de::Error::custom)
    }
}

/// `wrap` applied to the body read from `value`; not generic over the input, so compiled
/// once per body.
fn read<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    wrap: fn(T) -> Intent,
) -> Result<Intent, serde_json::Error> {
    serde_json::from_value(value).map(wrap)
}

impl Intent {
    /// The HTTP method.
    pub fn method(&self) -> Method {
        match self {
            Intent::PutPreferences(_) => Method::Put,
            _ => Method::Post,
        }
    }

    /// The path under [`API_BASE`], ids percent-encoded, e.g. `/disputes/d%2F1/messages`.
    pub fn path(&self) -> String {
        match self {
            Intent::RaiseDispute(_) => "/disputes".to_owned(),
            Intent::SendDisputeMessage(body) => {
                format!("/disputes/{}/messages", encode(&body.dispute_id))
            }
            Intent::WithdrawDispute(body) => {
                format!("/disputes/{}/withdraw", encode(&body.dispute_id))
            }
            Intent::UploadAttachment(_) => "/attachments".to_owned(),
            Intent::AcceptPlanOffer(body) => {
                format!("/plan-offers/{}/accept", encode(&body.offer_id))
            }
            Intent::ProposePlan(_) => "/plans".to_owned(),
            Intent::PromiseToPay(_) => "/promises".to_owned(),
            Intent::ChangePromise(body) => format!("/promises/{}/change", encode(&body.promise_id)),
            Intent::AskForHelp(_) => "/help".to_owned(),
            Intent::StartCheckout(_) => "/checkouts".to_owned(),
            Intent::SendFeedback(_) => "/feedback".to_owned(),
            Intent::PutPreferences(_) => "/preferences".to_owned(),
        }
    }

    /// What kind of action it is.
    pub fn kind(&self) -> IntentKind {
        match self {
            Intent::RaiseDispute(_) => IntentKind::RaiseDispute,
            Intent::SendDisputeMessage(_) => IntentKind::SendDisputeMessage,
            Intent::WithdrawDispute(_) => IntentKind::WithdrawDispute,
            Intent::UploadAttachment(_) => IntentKind::UploadAttachment,
            Intent::AcceptPlanOffer(_) => IntentKind::AcceptPlanOffer,
            Intent::ProposePlan(_) => IntentKind::ProposePlan,
            Intent::PromiseToPay(_) => IntentKind::PromiseToPay,
            Intent::ChangePromise(_) => IntentKind::ChangePromise,
            Intent::AskForHelp(_) => IntentKind::AskForHelp,
            Intent::StartCheckout(_) => IntentKind::StartCheckout,
            Intent::SendFeedback(_) => IntentKind::SendFeedback,
            Intent::PutPreferences(_) => IntentKind::PutPreferences,
        }
    }

    /// The intent's name as stored in the outbox (`"raise_dispute"`).
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The request body: the intent's own JSON, without the outbox envelope.
    pub fn body(&self) -> serde_json::Value {
        // Through text, as the outbox stores intents: one encoder per type in the
        // WebAssembly instead of two.
        serde_json::to_string(self)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|mut envelope| envelope.get_mut("body").map(serde_json::Value::take))
            .unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::currency::Currency;
    use crate::dispute::DisputeReason;
    use crate::invoice::tests::dec;

    #[test]
    fn envelope_method_path_and_body() {
        let intent = Intent::SendDisputeMessage(SendDisputeMessage {
            dispute_id: "d/1 ü".into(),
            body: "Photo attached".into(),
            attachment_ids: vec!["att-1".into()],
        });
        assert_eq!(intent.method(), Method::Post);
        assert_eq!(intent.path(), "/disputes/d%2F1%20%C3%BC/messages");
        assert_eq!(intent.kind(), IntentKind::SendDisputeMessage);
        assert_eq!(intent.name(), "send_dispute_message");
        let json = serde_json::to_value(&intent).unwrap();
        assert_eq!(json["intent"], "send_dispute_message");
        assert_eq!(intent.body()["body"], "Photo attached");
        let back: Intent = serde_json::from_value(json).unwrap();
        assert_eq!(back, intent);
    }

    #[test]
    fn every_intent_has_a_distinct_route() {
        let raise = Intent::RaiseDispute(RaiseDispute {
            invoice_id: "i1".into(),
            line_ids: Vec::new(),
            reason: DisputeReason::NotReceived,
            currency: Currency::GBP,
            amount: dec("5.00"),
            description: String::new(),
            attachment_ids: Vec::new(),
        });
        let preferences = Intent::PutPreferences(ContactPreferences::new("Europe/London", "en"));
        assert_eq!(raise.path(), "/disputes");
        assert_eq!(raise.body()["amount"], "5.00");
        assert_eq!(preferences.method(), Method::Put);
        assert_eq!(preferences.path(), "/preferences");
        assert_eq!(serde_json::to_value(Method::Put).unwrap(), "PUT");
    }

    #[test]
    fn every_kind_reads_back_from_its_name_and_names_the_outbox_tag() {
        use strum::VariantArray;
        let names: std::collections::BTreeSet<&str> = IntentKind::VARIANTS
            .iter()
            .map(|kind| kind.as_str())
            .collect();
        assert_eq!(names.len(), IntentKind::VARIANTS.len());
        for kind in IntentKind::VARIANTS {
            assert_eq!(kind.as_str().parse::<IntentKind>(), Ok(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert!("pay_twice".parse::<IntentKind>().is_err());
        // The outbox's stored tag is the kind's name.
        let preferences = Intent::PutPreferences(ContactPreferences::new("Europe/London", "en"));
        let stored = serde_json::to_value(&preferences).unwrap();
        assert_eq!(stored["intent"], preferences.kind().as_str());
    }
}
