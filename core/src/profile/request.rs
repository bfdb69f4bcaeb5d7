//! Sending a customer action to a backend: the request an outbox entry becomes (method,
//! URL with percent-encoded placeholders, headers, JSON or multipart body), and for
//! backends that take a client reference instead of an idempotency header, the lookup
//! that finds an action already done before it is retried.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

use crate::currency::Currency;
use crate::intents::IntentKind;
use crate::outbox::OutboxEntry;
use std::collections::BTreeMap;

use crate::profile::catalogue::{self, Field, FieldType};
use crate::profile::format::{
    Auth, Duplicates, FieldMap, FieldRule, IntentProfile, JsonType, Profile,
};
use crate::profile::load::placeholders;
use crate::profile::pointer;
use crate::profile::values::{
    read_amount, read_date, read_date_time, read_time, write_amount, write_date, write_date_time,
    write_time, DEFAULT_DATE_FORMAT, RFC3339,
};

/// The placeholder in a constant for when the customer acted (in the intent's
/// `date_time_format`), for backends that do not stamp new records themselves.
pub const CREATED_AT: &str = "created_at";

/// A request to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// `GET`, `POST`, `PUT` or `PATCH`.
    pub method: &'static str,
    /// The full URL (relative to the app's origin when the base URL is a path).
    pub url: String,
    /// Headers besides the profile's own and authentication ([`Profile::common_headers`]).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

/// A request's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body (a lookup).
    None,
    /// A JSON body.
    Json(Value),
    /// A multipart form: the file's bytes under `file_part`, and the JSON under
    /// `meta_part` when the backend wants it.
    Multipart {
        /// The part the app puts the file in.
        file_part: String,
        /// The part for the JSON, if any.
        meta_part: Option<String>,
        /// The JSON.
        meta: Value,
    },
}

impl Profile {
    /// The request for an outbox entry. `host` gives the host values named in the
    /// profile (`values`), for placeholders in the path and in constants. An intent the profile lacks, or
    /// a body that cannot be written as the profile asks, is an error in plain words.
    pub fn intent_request(
        &self,
        entry: &OutboxEntry,
        host: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Request, String> {
        let kind = entry.intent.kind();
        let name = kind.as_str();
        let profile = self
            .intents
            .get(name)
            .ok_or_else(|| format!("this backend does not take '{name}'"))?;
        let settle = entry.intent.body();
        // The action's own fields first (a synced record's id, such as the preferences'
        // `id`), then the host values (`customer_id`).
        let path = fill(
            &profile.path,
            &|name| settle.get(name).and_then(plain_text).or_else(|| host(name)),
            true,
        )?;
        let mut body = match &profile.body {
            Some(fields) => write_body(kind, profile, fields, &settle)?,
            None => settle.clone(),
        };
        let date_time_format = profile.date_time_format.as_deref().unwrap_or(RFC3339);
        let acted_at = write_date_time(entry.created_at, date_time_format);
        for (at, value) in &profile.constants {
            let value = match value {
                Value::String(text) => {
                    let lookup = |name: &str| match name {
                        CREATED_AT => Some(acted_at.clone()),
                        _ => host(name),
                    };
                    Value::String(fill(text, &lookup, false)?)
                }
                other => other.clone(),
            };
            pointer::set(&mut body, at, value)?;
        }
        let mut headers: Vec<(String, String)> = profile
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        if let Auth::Cookie {
            csrf_header: Some(csrf),
        } = &self.auth
        {
            headers.push((csrf.name.clone(), csrf.value.clone()));
        }
        match &profile.duplicates {
            Duplicates::IdempotencyHeader { header } => {
                headers.push((header.clone(), entry.key.clone()));
            }
            Duplicates::ClientReference { field, .. } => {
                pointer::set(&mut body, field, Value::String(entry.key.clone()))?;
            }
            Duplicates::None => {}
        }
        if let (true, Some(version)) = (profile.if_match, &entry.if_match) {
            headers.push(("If-Match".to_owned(), version.clone()));
        }
        let body = match &profile.upload {
            Some(upload) => Body::Multipart {
                file_part: upload.file_part.clone(),
                meta_part: upload.meta_part.clone(),
                meta: body,
            },
            None => Body::Json(body),
        };
        Ok(Request {
            method: profile.method.as_str(),
            url: url(&self.base_url, &path),
            headers,
            body,
        })
    }

    /// For an intent sent with a client reference: the search to run before a retry.
    /// `None` when the intent uses another protection.
    pub fn lookup_request(&self, entry: &OutboxEntry) -> Option<Request> {
        let profile = self.intents.get(entry.intent.name())?;
        let Duplicates::ClientReference { lookup, .. } = &profile.duplicates else {
            return None;
        };
        Some(Request {
            method: "GET",
            url: format!(
                "{}?{}={}",
                url(&self.base_url, &lookup.path),
                encode(&lookup.param),
                encode(&entry.key)
            ),
            headers: Vec::new(),
            body: Body::None,
        })
    }

    /// True when the lookup's answer holds a record made with `entry`'s key: the action
    /// was done and the entry counts as delivered. An answer of another shape is an error,
    /// so the app neither resends blindly nor drops the entry.
    pub fn already_done(&self, entry: &OutboxEntry, answer: &Value) -> Result<bool, String> {
        let profile = self
            .intents
            .get(entry.intent.name())
            .ok_or_else(|| format!("this backend does not take '{}'", entry.intent.name()))?;
        let Duplicates::ClientReference { lookup, .. } = &profile.duplicates else {
            return Ok(false);
        };
        let items = match answer.pointer(&lookup.items) {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(format!(
                    "the lookup's answer has no list at '{}'",
                    lookup.items
                ))
            }
        };
        Ok(items.iter().any(|item| {
            pointer::get(item, &lookup.field).and_then(Value::as_str) == Some(entry.key.as_str())
        }))
    }

    /// The hosted checkout page's address in the answer to `start_checkout`, where the
    /// profile's `redirect_url` says. It must be an `https` address, or a path or an
    /// `http` address on loopback (a test provider), so an answer of another shape
    /// never sends the customer somewhere odd.
    pub fn checkout_redirect(&self, answer: &Value) -> Result<String, String> {
        let at = self
            .intents
            .get("start_checkout")
            .and_then(|profile| profile.redirect_url.as_deref())
            .ok_or_else(|| "this backend does not take 'start_checkout'".to_string())?;
        let address = pointer::get(answer, at)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the checkout's answer has no address at '{at}'"))?;
        if !safe_address(address) {
            return Err(format!(
                "the checkout's address '{address}' is neither https nor on this site"
            ));
        }
        Ok(address.to_string())
    }

    /// The headers every request carries: the profile's `headers`. Authentication is added
    /// by the app, which knows where the token is ([`Profile::auth_header`]).
    pub fn common_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect()
    }
}

/// How one intent's body writes amounts, dates and instants.
struct Writing<'a> {
    currency: Option<Currency>,
    amounts: crate::profile::Amounts,
    date: &'a str,
    date_time: &'a str,
}

/// The mapped body of an intent.
fn write_body(
    kind: IntentKind,
    profile: &IntentProfile,
    fields: &BTreeMap<String, FieldMap>,
    settle: &Value,
) -> Result<Value, String> {
    let writing = Writing {
        currency: settle
            .get("currency")
            .and_then(Value::as_str)
            .and_then(|code| Currency::from_code(code).ok()),
        amounts: profile.amounts,
        date: profile
            .date_format
            .as_deref()
            .unwrap_or(DEFAULT_DATE_FORMAT),
        date_time: profile.date_time_format.as_deref().unwrap_or(RFC3339),
    };
    let mut body = Value::Object(Map::new());
    let table = catalogue::intent_fields(kind);
    write_fields(fields, table, settle, "", &mut body, &writing)?;
    Ok(body)
}

/// Writes the fields of `settle` (an object) by their maps, under `base` in `body`.
fn write_fields(
    fields: &BTreeMap<String, FieldMap>,
    table: &'static [Field],
    settle: &Value,
    base: &str,
    body: &mut Value,
    writing: &Writing,
) -> Result<(), String> {
    for (field_name, map) in fields {
        let Some(value) = settle.get(field_name).filter(|v| !v.is_null()) else {
            continue;
        };
        let Some(field) = catalogue::find(table, field_name) else {
            continue;
        };
        write_field(field, map, value, base, body, writing)
            .map_err(|reason| format!("{field_name}: {reason}"))?;
    }
    Ok(())
}

fn write_field(
    field: &Field,
    map: &FieldMap,
    value: &Value,
    base: &str,
    body: &mut Value,
    writing: &Writing,
) -> Result<(), String> {
    let rule = match map {
        FieldMap::Pointer(to) => {
            let value = backend_value(field, None, value, writing)?;
            return pointer::set(body, &format!("{base}{to}"), value);
        }
        FieldMap::Rule(rule) => rule,
    };
    let base = format!("{base}{}", rule.to.as_deref().unwrap_or_default());
    // A list written element by element, each mapped by `each` (a plan's instalments).
    if let (Some(each), FieldType::List(elements)) = (&rule.each, field.kind) {
        let mut list = Vec::new();
        for element in value.as_array().into_iter().flatten() {
            let mut written = Value::Object(Map::new());
            write_fields(each, elements, element, "", &mut written, writing)?;
            list.push(written);
        }
        return pointer::set(body, &base, Value::Array(list));
    }
    if let Some(flags) = &rule.flags {
        for (settle, at) in flags {
            let on = value
                .as_array()
                .is_some_and(|set| set.iter().any(|v| v.as_str() == Some(settle.as_str())));
            let flag = match &rule.values {
                Some(values) => values
                    .get(&on.to_string())
                    .cloned()
                    .ok_or_else(|| format!("'{on}' has no backend value"))?,
                None => Value::Bool(on),
            };
            pointer::set(body, &format!("{base}{at}"), as_type(rule, flag)?)?;
        }
        return Ok(());
    }
    if let Some(inner) = &rule.fields {
        return match field.kind {
            FieldType::Object(members) => write_fields(inner, members, value, &base, body, writing),
            // A list of one written as flat fields: the first element.
            FieldType::List(elements) => match value.as_array().and_then(|list| list.first()) {
                Some(first) => write_fields(inner, elements, first, &base, body, writing),
                None => Ok(()),
            },
            _ => Err("is not an object".to_owned()),
        };
    }
    let value = backend_value(field, Some(rule), value, writing)?;
    pointer::set(body, &base, value)
}

/// A Settle value in the backend's form: through the value map or by the field's type,
/// in the rule's case and JSON type.
fn backend_value(
    field: &Field,
    rule: Option<&FieldRule>,
    value: &Value,
    writing: &Writing,
) -> Result<Value, String> {
    let format = rule.and_then(|r| r.format.as_deref());
    let case = rule.and_then(|r| r.case);
    let in_case = |value: &Value| match (case, value) {
        (Some(case), Value::String(text)) => Value::String(case.apply(text)),
        (_, value) => value.clone(),
    };
    let values = rule.and_then(|r| r.values.as_ref());
    let mapped = |settle: &Value| {
        let key = match settle {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        match values {
            Some(values) => values
                .get(&key)
                .cloned()
                .ok_or_else(|| format!("'{key}' has no backend value")),
            None => Ok(in_case(settle)),
        }
    };
    let written = match field.kind {
        FieldType::Set(_) => Value::Array(
            value
                .as_array()
                .into_iter()
                .flatten()
                .map(mapped)
                .collect::<Result<_, _>>()?,
        ),
        _ if values.is_some() => mapped(value)?,
        FieldType::Amount => {
            let currency = writing
                .currency
                .ok_or_else(|| "there is no currency".to_owned())?;
            let money = read_amount(value, currency, crate::profile::Amounts::Decimal)?;
            write_amount(&money, writing.amounts)?
        }
        FieldType::Date => {
            let date = read_date(value, DEFAULT_DATE_FORMAT)?;
            Value::String(write_date(date, format.unwrap_or(writing.date)))
        }
        FieldType::DateTime => {
            let at = read_date_time(value, RFC3339)?;
            Value::String(write_date_time(at, format.unwrap_or(writing.date_time)))
        }
        FieldType::Time => Value::String(write_time(read_time(value, None)?, format)),
        FieldType::Choice(_) => in_case(value),
        _ => value.clone(),
    };
    match rule {
        Some(rule) => as_type(rule, written),
        None => Ok(written),
    }
}

/// The value as the JSON type the rule's `as` asks for.
fn as_type(rule: &FieldRule, value: Value) -> Result<Value, String> {
    match (rule.as_type, value) {
        (Some(JsonType::String), Value::Number(number)) => Ok(Value::String(number.to_string())),
        (Some(JsonType::String), Value::Bool(flag)) => Ok(Value::String(flag.to_string())),
        (Some(JsonType::Number), Value::String(text)) => match serde_json::from_str(&text) {
            Ok(number @ Value::Number(_)) => Ok(number),
            _ => Err(format!("'{text}' cannot be sent as a number")),
        },
        (Some(JsonType::Number), Value::Bool(flag)) => Ok(Value::from(u8::from(flag))),
        (_, value) => Ok(value),
    }
}

/// An address the app may send the customer to: `https`, a path on this site, or `http`
/// on loopback (a test provider or host).
pub(crate) fn safe_address(address: &str) -> bool {
    let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
    address.starts_with("https://")
        || (address.starts_with('/') && !address.starts_with("//"))
        || loopback.iter().any(|start| address.starts_with(start))
}

/// Text of a value for a placeholder: strings as they are, numbers written out.
fn plain_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Fills `{name}` placeholders from `lookup`, percent-encoding the values when `encoded`
/// (path segments); a placeholder without a value is an error naming it.
pub fn fill(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    encoded: bool,
) -> Result<String, String> {
    let mut out = template.to_owned();
    for name in placeholders(template)? {
        let value = lookup(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| format!("there is no value for {{{name}}}"))?;
        let value = if encoded { encode(&value) } else { value };
        out = out.replacen(&format!("{{{name}}}"), &value, 1);
    }
    Ok(out)
}

/// The base URL and a path joined with exactly one '/'.
pub fn url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Every byte but the RFC 3986 unreserved characters (letters, digits and `-._~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything but RFC 3986 unreserved characters, so a value can never
/// add a path segment or a query parameter.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}
