//! The backend profile format as Rust types: what a creditor writes in their profile
//! JSON. [`crate::profile::Profile::load`] checks the text and reports every mistake
//! before these types are filled, so the serde derives here are the last step, not the
//! only check. `public/profile.schema.json` describes the same format.
//!
//! A kind or intent the backend does not have is simply left out of its map; the app asks
//! [`Profile::supports`] and [`Profile::supports_intent`] and hides what is missing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::Kind;

/// A backend profile: how Settle talks to one backend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Where an editor finds the schema; ignored by Settle.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A name for people reading logs and errors ("Acme Receivables").
    pub name: String,
    /// Where every path is rooted: `https://ar.example.com/api` or `/api` on the app's
    /// own origin.
    pub base_url: String,
    /// How requests prove who the customer is.
    pub auth: Auth,
    /// Who signs the customer in: the host page (the default), or the Settle API's own
    /// email-code flow.
    #[serde(default, skip_serializing_if = "SignIn::is_host")]
    pub sign_in: SignIn,
    /// With the host's sign-in: the address of the creditor's own sign-in page, where the
    /// app sends the customer when they are not signed in (or the backend answers 401).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_page: Option<String>,
    /// Headers sent with every request.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Values the host page provides (a customer number, an account id), by the name used
    /// in `{name}` placeholders of list paths and queries.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, ValueSource>,
    /// A single change feed serving several kinds, when the backend has one (the Settle
    /// API's `/sync`). Kinds read from it say `"from_feed": true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<Feed>,
    /// How each kind of record is read. A kind left out is one the backend lacks.
    #[serde(default)]
    pub kinds: BTreeMap<Kind, KindProfile>,
    /// How each customer action is sent, by intent name (`raise_dispute`). An intent left
    /// out is one the backend cannot take.
    #[serde(default)]
    pub intents: BTreeMap<String, IntentProfile>,
}

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    /// A session cookie the browser already holds (requests go with credentials).
    Cookie {
        /// A header every state-changing request carries, when the backend needs one
        /// against cross-site request forgery.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        csrf_header: Option<Header>,
    },
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// Where the token comes from.
        token: ValueSource,
    },
    /// A custom header holding a key or token (`X-Api-Key: <token>`).
    Header {
        /// The header's name.
        header: String,
        /// Where its value comes from.
        token: ValueSource,
    },
}

/// Who signs the customer in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignIn {
    /// The host's own sign-in page puts the token and values where the profile says; the
    /// app treats the customer as signed in when they are there.
    #[default]
    Host,
    /// The Settle API's email and one-time code, on the app's sign-in page.
    SettleEmailCode,
}

impl SignIn {
    fn is_host(&self) -> bool {
        *self == SignIn::Host
    }
}

/// A fixed header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// Where the app finds a value the host page gives it (a token, a customer number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSource {
    /// The kind of place.
    pub from: ValuePlace,
    /// The key or global name.
    pub name: String,
}

/// The places a host value can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValuePlace {
    /// `sessionStorage[name]`: gone when the tab closes.
    SessionStorage,
    /// `localStorage[name]`.
    LocalStorage,
    /// `window[name]`, set by the host page's own script before the app starts.
    HostGlobal,
}

/// A change feed serving many kinds: one endpoint whose items each say their kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    /// The feed's path under the base URL.
    pub path: String,
    /// Fixed query parameters (`limit`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    /// The query parameter that carries the checkpoint of the last page read.
    pub checkpoint_param: String,
    /// Pointer to the next checkpoint in a response.
    pub checkpoint: String,
    /// Pointer to the flag saying another page follows at once.
    pub more: String,
    /// Pointer to the items array in a response.
    pub items: String,
    /// Pointer to an item's kind (Settle's kind names).
    pub kind: String,
    /// Pointer to an item's id.
    pub id: String,
    /// Pointer to an item's version (an integer).
    pub version: String,
    /// Pointer to an item's deleted flag.
    pub deleted: String,
    /// Pointer to an item's record.
    pub data: String,
}

/// How one kind of record is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindProfile {
    /// True when the kind comes from the profile's `feed`; then `path`, `pagination` and
    /// `changes` are not given.
    #[serde(default, skip_serializing_if = "is_false")]
    pub from_feed: bool,
    /// The list endpoint under the base URL, with `{value}` placeholders for host values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Fixed query parameters; values may hold `{value}` placeholders for host values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, String>,
    /// How the list is split into pages; none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// How changes are found; the whole list compared with the cache when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// Pointer to the items in a response: an array, or one object for a kind the
    /// customer has one of (plan policy, preferences). `""` is the whole response.
    #[serde(default)]
    pub items: String,
    /// Pointer to an item's version (an integer), if the backend keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// How amounts are written.
    #[serde(default)]
    pub amounts: Amounts,
    /// How dates are written: a chrono format (`%d/%m/%Y`); `%Y-%m-%d` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// How instants are written: `rfc3339` or a chrono format (read as UTC when it has no
    /// offset); `rfc3339` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_time_format: Option<String>,
    /// Settle's field name -> where it is in the backend's item. Absent: the items are
    /// already in Settle's own shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, FieldMap>>,
}

/// Where a Settle field comes from, or goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldMap {
    /// A JSON pointer into the backend's item (or request body), value copied and
    /// converted by the field's type.
    Pointer(String),
    /// A pointer with a value map, a constant, or a nested list.
    Rule(Box<FieldRule>),
}

/// The long form of a [`FieldMap`]. Reading, exactly one of `from`, `value`, `flags` or
/// `compute` says where the value comes from; writing, `to` (or `fields`, `flags`) says
/// where it goes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// Pointer into the backend's item (reading a kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Pointer into the request body (sending an intent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A constant, for a field the backend does not have (one currency for all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// Value map. Reading: backend value -> Settle value (text for fixed values, `true`
    /// or `false` for flags). Writing: Settle value -> backend value, and every Settle
    /// value must be in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<BTreeMap<String, serde_json::Value>>,
    /// Reading only: the Settle value for every backend value the value map leaves out
    /// (`"HOLD"` means on stop, anything else does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<serde_json::Value>,
    /// Reading only: Settle values the backend never uses, so a value map that leaves
    /// them out is deliberate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<String>,
    /// The backend writes Settle's fixed values in this case (`OPEN` for `open`): read
    /// whatever the case, written in this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<Case>,
    /// Reading a list field (invoice lines, plan instalments): how each element maps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub each: Option<BTreeMap<String, FieldMap>>,
    /// An object field (a plan's agreement, quiet hours): how its fields map, with
    /// pointers relative to `from` or `to` (`""` is the item or body itself). On a list
    /// field: a list of one element made of these fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, FieldMap>>,
    /// A set of fixed values (channels, accessibility needs) kept as one yes/no flag per
    /// value: Settle value -> pointer to its flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<BTreeMap<String, String>>,
    /// The format of this field's date, instant or time, instead of the kind's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Reading an instant written as a date only: the time and UTC offset it stands for
    /// (`"12:00+01:00"`); midnight UTC when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Reading only: the value is that field of the record of this kind whose id is at
    /// `from` (an invoice's currency from its account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Kind>,
    /// Reading an account only: Settle works the figure out from the synced invoices
    /// and disputes ([`crate::figures::account_figures`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub compute: bool,
    /// Writing only: the JSON type the backend wants (`"17"` as `17`, or `4` as `"4"`).
    #[serde(rename = "as", default, skip_serializing_if = "Option::is_none")]
    pub as_type: Option<JsonType>,
    /// Reading only: the value at `from` is JSON written as text (a SQLite JSON column,
    /// say), parsed before it is read. For lists, objects and fields copied as they are.
    #[serde(default, skip_serializing_if = "is_false")]
    pub json_text: bool,
    /// Reading a list element's `id` only: the element has no id of its own, so it is
    /// its position in the list, counted from 1 (`"1"`, `"2"`, …). Stable across syncs
    /// as long as the backend keeps the list's order.
    #[serde(default, skip_serializing_if = "is_false")]
    pub position: bool,
}

/// The case a backend writes fixed values in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    /// `BANK_TRANSFER`.
    Upper,
    /// `bank_transfer`, Settle's own.
    Lower,
}

impl Case {
    /// `text` in this case.
    pub fn apply(self, text: &str) -> String {
        match self {
            Case::Upper => text.to_uppercase(),
            Case::Lower => text.to_lowercase(),
        }
    }
}

/// A JSON type a value is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonType {
    /// A JSON string.
    String,
    /// A JSON number.
    Number,
}

impl FieldMap {
    /// The pointer read from (kinds) or written to (intents), if any.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            FieldMap::Pointer(pointer) => Some(pointer),
            FieldMap::Rule(rule) => rule.from.as_deref().or(rule.to.as_deref()),
        }
    }
}

/// How amounts are written by the backend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amounts {
    /// Decimal strings in major units (`"1234.50"`). Read: JSON numbers too.
    #[default]
    Decimal,
    /// JSON numbers in major units (`1234.5`). Read: strings too.
    DecimalNumber,
    /// Integers of minor units (`123450` for GBP 1234.50), or strings of them.
    MinorUnits,
}

/// How a list is split into pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Pagination {
    /// An opaque cursor from each response, sent back as a parameter.
    Cursor {
        /// The query parameter carrying the cursor.
        param: String,
        /// Pointer to the next cursor in a response; missing, null or empty at the end.
        next: String,
    },
    /// Numbered pages of a fixed size.
    Page {
        /// The page number parameter (`_page`).
        page_param: String,
        /// The page size parameter (`_per_page`).
        size_param: String,
        /// Items asked for per page.
        size: u32,
        /// The first page's number: 1 (the usual) or 0.
        #[serde(default = "one")]
        first: u32,
        /// Pointer to the next page number (null at the end), when the backend gives it;
        /// otherwise a page shorter than `size` is the last.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next: Option<String>,
    },
    /// An RFC 8288 `Link` header with `rel="next"`.
    Link,
    /// One response holds the whole list.
    None,
}

/// How changes since the last sync are found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Changes {
    /// A parameter asks only for items changed after an instant.
    Since {
        /// The parameter (`updatedSince`).
        param: String,
        /// How the instant is written: `rfc3339` or a chrono format.
        format: String,
        /// Pointer to each item's last-change instant; the newest seen is sent next time.
        field: String,
        /// Pointer to a flag marking a removed item, when the backend reports removals.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deleted: Option<String>,
    },
    /// `If-None-Match` with the last `ETag`; `304` means nothing changed. A changed list
    /// comes whole and is compared with the cache.
    Etag,
    /// The whole list each time, compared with the cache: what is gone is deleted.
    FullList,
}

/// How one customer action is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentProfile {
    /// `POST`, `PUT` or `PATCH`.
    pub method: HttpMethod,
    /// Path under the base URL with `{field}` placeholders from the intent's fields,
    /// percent-encoded when filled in.
    pub path: String,
    /// Headers for this action only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Settle's field name -> where it goes in the request body. Absent: the body is
    /// Settle's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BTreeMap<String, FieldMap>>,
    /// Fixed fields of the body: pointer -> value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constants: BTreeMap<String, serde_json::Value>,
    /// How amounts are written in the body.
    #[serde(default)]
    pub amounts: Amounts,
    /// How dates are written in the body; `%Y-%m-%d` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// How instants are written in the body; `rfc3339` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_time_format: Option<String>,
    /// Send the version the customer edited as `If-Match` (contact preferences).
    #[serde(default, skip_serializing_if = "is_false")]
    pub if_match: bool,
    /// For an upload: the multipart form's part names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload: Option<Upload>,
    /// For `start_checkout`: where in the backend's answer the hosted checkout page's
    /// address is (a JSON pointer), to send the customer there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// How a retry is kept from doing the action twice.
    pub duplicates: Duplicates,
}

/// The HTTP methods an intent may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
}

impl HttpMethod {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
        }
    }
}

/// The part names of a multipart upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upload {
    /// The part holding the file's bytes.
    pub file_part: String,
    /// The part holding the JSON body, if the backend wants one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_part: Option<String>,
}

/// How a retry of an action whose answer was lost is kept from doing it twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Duplicates {
    /// The backend honours an idempotency header carrying the outbox key.
    IdempotencyHeader {
        /// The header's name (`Idempotency-Key`).
        header: String,
    },
    /// The outbox key is written into the body; before any retry the app looks it up and
    /// treats a record found as delivered.
    ClientReference {
        /// Pointer in the request body where the key goes.
        field: String,
        /// How to look the key up.
        lookup: Lookup,
    },
    /// Nothing: a retry after a lost answer may do the action twice. Only for actions
    /// where that does no harm.
    None,
}

/// The search that finds a record created with a client reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    /// The list path under the base URL.
    pub path: String,
    /// The query parameter that filters by client reference.
    pub param: String,
    /// Pointer to the items array in the answer (`""`: the answer itself).
    #[serde(default)]
    pub items: String,
    /// Pointer to the client reference in each item.
    pub field: String,
}

fn one() -> u32 {
    1
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Profile {
    /// True when the backend has records of `kind`; the app hides what it lacks.
    pub fn supports(&self, kind: Kind) -> bool {
        self.kinds.contains_key(&kind)
    }

    /// True when the backend takes intents of this kind.
    pub fn supports_intent(&self, kind: crate::intents::IntentKind) -> bool {
        self.intents.contains_key(kind.as_str())
    }

    /// The account figures the profile has Settle work out (`"compute": true`), by
    /// Settle's field name; empty when the backend keeps them all.
    pub fn computed(&self) -> Vec<&str> {
        let fields = self
            .kinds
            .get(&Kind::Account)
            .and_then(|kind| kind.fields.as_ref());
        fields
            .into_iter()
            .flatten()
            .filter(|(_, map)| matches!(map, FieldMap::Rule(rule) if rule.compute))
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// Writes the figures the profile declares computed into `account`, `as_of` among
    /// them. The app calls it after each sync with [`crate::figures::account_figures`].
    pub fn apply_computed(
        &self,
        figures: &crate::figures::Figures,
        as_of: chrono::NaiveDate,
        account: &mut crate::api::Account,
    ) {
        for name in self.computed() {
            match name {
                "balance" => account.balance = figures.balance,
                "overdue" => account.overdue = figures.overdue,
                "not_yet_due" => account.not_yet_due = figures.not_yet_due,
                "disputed" => account.disputed = figures.disputed,
                "credit" => account.credit = figures.credit,
                "available_credit" => account.available_credit = figures.available_credit,
                "ageing" => account.ageing = figures.ageing.clone(),
                "as_of" => account.as_of = as_of,
                _ => {}
            }
        }
    }

    /// True when requests go with the browser's cookies (`credentials: "include"`);
    /// otherwise none are sent.
    pub fn sends_cookies(&self) -> bool {
        matches!(self.auth, Auth::Cookie { .. })
    }

    /// Where the token comes from, for bearer and header authentication.
    pub fn token_source(&self) -> Option<&ValueSource> {
        match &self.auth {
            Auth::Cookie { .. } => None,
            Auth::Bearer { token } | Auth::Header { token, .. } => Some(token),
        }
    }

    /// Every value the app reads from the browser's session or local storage for this
    /// profile (the token and the host values), each once: what signing out removes, so
    /// nothing the profile read outlives the session. Host globals are the host page's
    /// own and end with it.
    pub fn stored_values(&self) -> Vec<&ValueSource> {
        let mut found: Vec<&ValueSource> = Vec::new();
        for source in self.token_source().into_iter().chain(self.values.values()) {
            if source.from != ValuePlace::HostGlobal && !found.contains(&source) {
                found.push(source);
            }
        }
        found
    }

    /// The header carrying `token`, for bearer and header authentication.
    pub fn auth_header(&self, token: &str) -> Option<(String, String)> {
        match &self.auth {
            Auth::Cookie { .. } => None,
            Auth::Bearer { .. } => Some(("Authorization".to_owned(), format!("Bearer {token}"))),
            Auth::Header { header, .. } => Some((header.clone(), token.to_owned())),
        }
    }
}
