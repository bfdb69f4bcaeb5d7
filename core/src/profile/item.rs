//! Reading a backend's item as a Settle record: each field found by its pointer,
//! converted by its type (value maps for fixed values, amounts by the currency's minor
//! units, dates by the profile's formats), then checked by the record's own rules. An item
//! that does not fit is an [`ItemError`] naming the pointer at fault; the app reports it
//! and skips it, and never stores it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::{Kind, Record, SyncItem};
use crate::currency::Currency;
use crate::profile::catalogue::{self, Field, FieldType};
use crate::profile::format::{Amounts, FieldMap, FieldRule, KindProfile, Profile};
use crate::profile::pointer;
use crate::profile::values::{
    self, read_amount, read_date, read_date_time_at, read_number, read_time, DEFAULT_DATE_FORMAT,
    RFC3339,
};

/// What records read earlier in a sync lend to later ones (`"of": "account"`): each
/// account's currency code, by the account's id. Kept in the sync cursor, so it outlives
/// a list that answers `304 Not Modified`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// Account id -> ISO 4217 code.
    #[serde(default)]
    pub currencies: BTreeMap<String, String>,
}

impl Related {
    /// Learns what `item` lends to others: an account's currency.
    pub fn learn(&mut self, item: &SyncItem) {
        let currency = item.data.as_ref().and_then(|data| data.get("currency"));
        if let (Kind::Account, Some(Value::String(code))) = (item.kind, currency) {
            self.currencies.insert(item.id.clone(), code.clone());
        }
    }
}

/// A backend item that does not fit the profile or breaks a record's rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} from the backend was skipped: {}: {reason}", self.what(), self.place())]
pub struct ItemError {
    /// The kind being read, as Settle names it (`feed` for a feed page as a whole).
    pub kind: String,
    /// The item's id, when it could be read.
    pub id: Option<String>,
    /// JSON pointer into the backend's item (or response) at fault.
    pub pointer: String,
    /// What is wrong.
    pub reason: String,
}

impl ItemError {
    /// `invoice 'INV-1'`, or `invoice item` when the id could not be read.
    fn what(&self) -> String {
        match &self.id {
            Some(id) => format!("{} '{id}'", self.kind),
            None => format!("{} item", self.kind),
        }
    }

    fn place(&self) -> &str {
        if self.pointer.is_empty() {
            "the item"
        } else {
            &self.pointer
        }
    }
}

/// A failure inside an item: the pointer at fault and why.
type Fault = (String, String);

/// The formats one kind is written in, and the records it may take values from.
struct Formats<'a> {
    amounts: Amounts,
    date: &'a str,
    date_time: &'a str,
    related: &'a Related,
}

/// What a computed figure holds until the app works it out after the sync
/// ([`crate::figures::account_figures`]): zero, or the first day Settle knows.
fn placeholder(field: &Field) -> Option<Value> {
    match field.kind {
        FieldType::Amount => Some(Value::String("0".to_owned())),
        FieldType::Date => Some(Value::String("1970-01-01".to_owned())),
        _ => None,
    }
}

impl Profile {
    /// Reads the items of a list response for `kind`: one result per item, in order.
    /// Fails as a whole only when the response has no items where the profile says.
    pub fn read_items(
        &self,
        kind: Kind,
        response: &Value,
    ) -> Result<Vec<Result<SyncItem, ItemError>>, ItemError> {
        self.read_items_related(kind, response, &Related::default())
    }

    /// [`Profile::read_items`], with what earlier records lend (an account's currency).
    pub fn read_items_related(
        &self,
        kind: Kind,
        response: &Value,
        related: &Related,
    ) -> Result<Vec<Result<SyncItem, ItemError>>, ItemError> {
        let profile = self.kind(kind)?;
        let fail = |reason: &str| ItemError {
            kind: kind.as_str().to_owned(),
            id: None,
            pointer: profile.items.clone(),
            reason: reason.to_owned(),
        };
        let items = match response.pointer(&profile.items) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(item @ Value::Object(_)) => vec![item],
            Some(Value::Null) | None => return Err(fail("the response has no items here")),
            Some(_) => return Err(fail("expected a list of items or one item")),
        };
        Ok(items
            .into_iter()
            .map(|item| self.read_item_related(kind, item, related))
            .collect())
    }

    /// Reads one backend item of `kind` as a checked sync item.
    pub fn read_item(&self, kind: Kind, item: &Value) -> Result<SyncItem, ItemError> {
        self.read_item_related(kind, item, &Related::default())
    }

    /// [`Profile::read_item`], with what earlier records lend (an account's currency).
    pub fn read_item_related(
        &self,
        kind: Kind,
        item: &Value,
        related: &Related,
    ) -> Result<SyncItem, ItemError> {
        let profile = self.kind(kind)?;
        let id = raw_id(profile, item);
        let fail = |(pointer, reason): Fault| ItemError {
            kind: kind.as_str().to_owned(),
            id: id.clone(),
            pointer,
            reason,
        };
        let version = match &profile.version {
            Some(at) => match pointer::get(item, at) {
                Some(value) => integer(value).ok_or_else(|| {
                    fail((at.clone(), "the version must be a whole number".to_owned()))
                })?,
                None => 0,
            },
            None => 0,
        };
        if let Some(crate::profile::Changes::Since {
            deleted: Some(flag),
            ..
        }) = &profile.changes
        {
            if pointer::get(item, flag).and_then(self::flag) == Some(true) {
                let id = id
                    .clone()
                    .ok_or_else(|| fail((String::new(), "a removed item has no id".into())))?;
                return Ok(SyncItem {
                    kind,
                    id,
                    version,
                    deleted: true,
                    data: None,
                });
            }
        }
        let data = self.to_settle(kind, item, related).map_err(fail)?;
        let id = data
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .unwrap_or(kind.as_str())
            .to_owned();
        let record = Record::from_data(kind, &id, data).map_err(|error| {
            let at = error
                .field
                .as_deref()
                .map(|field| backend_pointer(profile.fields.as_ref(), field))
                .unwrap_or_default();
            fail((at, error.reason))
        })?;
        Ok(SyncItem {
            kind,
            id,
            version,
            deleted: false,
            data: Some(record.to_data()),
        })
    }

    /// The item in Settle's shape, before the record's own rules are checked.
    fn to_settle(&self, kind: Kind, item: &Value, related: &Related) -> Result<Value, Fault> {
        let profile = self.kind(kind).map_err(|e| (String::new(), e.reason))?;
        let Some(fields) = &profile.fields else {
            return Ok(item.clone());
        };
        let formats = Formats {
            amounts: profile.amounts,
            date: profile
                .date_format
                .as_deref()
                .unwrap_or(DEFAULT_DATE_FORMAT),
            date_time: profile.date_time_format.as_deref().unwrap_or(RFC3339),
            related,
        };
        convert(
            fields,
            catalogue::kind_fields(kind),
            item,
            "",
            None,
            None,
            &formats,
        )
        .map(Value::Object)
    }

    fn kind(&self, kind: Kind) -> Result<&KindProfile, ItemError> {
        self.kinds.get(&kind).ok_or_else(|| ItemError {
            kind: kind.as_str().to_owned(),
            id: None,
            pointer: String::new(),
            reason: format!("the profile has no {kind} records"),
        })
    }
}

/// The id as the backend writes it, for reports and for spotting removals.
pub(crate) fn raw_id(profile: &KindProfile, item: &Value) -> Option<String> {
    let at = match profile.fields.as_ref().and_then(|fields| fields.get("id")) {
        Some(map) => map.pointer()?.to_owned(),
        None => "/id".to_owned(),
    };
    pointer::get(item, &at).and_then(text)
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The text a value map looks a backend value up by: text, a number, or a flag.
fn key(value: &Value) -> String {
    match value {
        Value::Bool(flag) => flag.to_string(),
        other => text(other).unwrap_or_default(),
    }
}

/// A flag: `true` and `false`, `1` and `0` as databases without booleans (SQLite) write
/// them, or yes/no text in any case (`"Y"`, `"no"`, `"true"`, `"0"`).
fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::Number(number) => match number.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(text) => match text.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// Builds a Settle object from `item` by the field maps. `at` is the item's own pointer
/// in the response, for errors inside lists; `index` its place in its list, for an id
/// taken from the position.
fn convert(
    fields: &BTreeMap<String, FieldMap>,
    settle: &'static [Field],
    item: &Value,
    at: &str,
    index: Option<usize>,
    inherited: Option<Currency>,
    formats: &Formats,
) -> Result<Map<String, Value>, Fault> {
    let mut out = Map::new();
    // Amounts need the currency first, whatever order the fields come in.
    let mut currency = inherited;
    if let Some(map) = fields.get("currency") {
        if let Some((from, value)) = source(map, item, at) {
            let code = match rule_of(map).and_then(|rule| rule.of) {
                Some(kind) => {
                    let id = key(&value);
                    formats.related.currencies.get(&id).cloned().ok_or_else(|| {
                        (from.clone(), format!("the {kind} '{id}' is not known, so neither is its currency: is it listed?"))
                    })?
                }
                None => value.as_str().unwrap_or_default().to_owned(),
            };
            currency = Some(Currency::from_code(&code).map_err(|e| (from, e.to_string()))?);
            out.insert("currency".to_owned(), Value::String(code));
        }
    }
    for field in settle {
        let Some(map) = fields.get(field.name) else {
            continue;
        };
        if field.name == "currency" && out.contains_key("currency") {
            continue;
        }
        let rule = rule_of(map);
        if let (true, Some(index)) = (rule.is_some_and(|r| r.position), index) {
            out.insert(field.name.to_owned(), position_id(index));
            continue;
        }
        if rule.is_some_and(|r| r.compute) {
            if let Some(value) = placeholder(field) {
                out.insert(field.name.to_owned(), value);
            }
            continue;
        }
        let found = match rule.and_then(|r| r.flags.as_ref()) {
            Some(flags) => from_flags(flags, item, at)?,
            None => source(map, item, at),
        };
        // An object made of flat fields is absent when all of them are.
        let found = found.filter(|(_, value)| match rule.and_then(|r| r.fields.as_ref()) {
            Some(inner) => inner.values().any(|m| present(m, value)),
            None => true,
        });
        let Some((from, value)) = found else {
            if field.required {
                let from = map
                    .pointer()
                    .map(|p| format!("{at}{p}"))
                    .unwrap_or_default();
                return Err((from, format!("the {} is missing", field.name)));
            }
            continue;
        };
        let value = match (rule, field.kind) {
            (_, FieldType::Set(_)) => value,
            (Some(rule), _) => translate(rule, value).map_err(|reason| (from.clone(), reason))?,
            (None, _) => value,
        };
        let value = match (rule.is_some_and(|r| r.json_text), value) {
            (true, Value::String(text)) => serde_json::from_str(&text)
                .map_err(|e| (from.clone(), format!("not JSON text: {e}")))?,
            (_, value) => value,
        };
        let written = write(field, value, &from, currency, formats, rule)?;
        out.insert(field.name.to_owned(), written);
    }
    Ok(out)
}

fn rule_of(map: &FieldMap) -> Option<&FieldRule> {
    match map {
        FieldMap::Rule(rule) => Some(rule),
        FieldMap::Pointer(_) => None,
    }
}

/// The id of the list element at `index`: its position counted from 1.
fn position_id(index: usize) -> Value {
    Value::String((index + 1).to_string())
}

/// A backend value through the rule's value map and case: the Settle value.
fn translate(rule: &FieldRule, value: Value) -> Result<Value, String> {
    let Some(values) = &rule.values else {
        return Ok(match (rule.case, value) {
            (Some(_), Value::String(text)) => Value::String(text.to_lowercase()),
            (_, value) => value,
        });
    };
    let backend = key(&value);
    let found = match rule.case {
        Some(_) => values
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(&backend))
            .map(|(_, settle)| settle),
        None => values.get(&backend),
    };
    match found.or(rule.otherwise.as_ref()) {
        Some(settle) => Ok(settle.clone()),
        None => {
            let known: Vec<&str> = values.keys().map(String::as_str).collect();
            Err(format!(
                "{value} is not a value the profile knows ({})",
                known.join(", ")
            ))
        }
    }
}

/// A set kept as one flag per Settle value: the values whose flag is set, or `None` when
/// the item has none of the flags.
fn from_flags(
    flags: &BTreeMap<String, String>,
    item: &Value,
    at: &str,
) -> Result<Option<(String, Value)>, Fault> {
    let mut set = Vec::new();
    let mut any = false;
    for (settle, at_flag) in flags {
        let Some(value) = pointer::get(item, at_flag) else {
            continue;
        };
        any = true;
        match flag(value) {
            Some(true) => set.push(Value::String(settle.clone())),
            Some(false) => {}
            None => {
                return Err((
                    format!("{at}{at_flag}"),
                    format!("expected yes or no, found {value}"),
                ))
            }
        }
    }
    let first = flags.values().next().cloned().unwrap_or_default();
    Ok(any.then(|| (format!("{at}{first}"), Value::Array(set))))
}

/// Whether the item has anything for `map`: its value, one of its flags, or one of its
/// fields.
fn present(map: &FieldMap, item: &Value) -> bool {
    match rule_of(map) {
        Some(rule) if rule.flags.is_some() => rule
            .flags
            .iter()
            .flatten()
            .any(|(_, at)| pointer::get(item, at).is_some()),
        Some(rule) if rule.fields.is_some() && rule.from.is_some() => source(map, item, "")
            .is_some_and(|(_, inner)| {
                rule.fields
                    .iter()
                    .flatten()
                    .any(|(_, m)| present(m, &inner))
            }),
        _ => source(map, item, "").is_some(),
    }
}

/// The value a field map points at, with its pointer in the response; `None` when absent.
fn source(map: &FieldMap, item: &Value, at: &str) -> Option<(String, Value)> {
    match map {
        FieldMap::Rule(rule) if rule.value.is_some() => {
            rule.value.clone().map(|value| (String::new(), value))
        }
        _ => {
            let from = map.pointer()?;
            pointer::get(item, from).map(|value| (format!("{at}{from}"), value.clone()))
        }
    }
}

/// Converts one value to Settle's form by the field's type.
fn write(
    field: &Field,
    value: Value,
    from: &str,
    currency: Option<Currency>,
    formats: &Formats,
    rule: Option<&FieldRule>,
) -> Result<Value, Fault> {
    let fault = |reason: String| (from.to_owned(), reason);
    let format = rule.and_then(|r| r.format.as_deref());
    let each = rule.and_then(|r| r.each.as_ref());
    let inner = rule.and_then(|r| r.fields.as_ref());
    Ok(match field.kind {
        FieldType::Text => Value::String(
            text(&value).ok_or_else(|| fault(format!("expected text, found {value}")))?,
        ),
        FieldType::Amount => {
            let currency =
                currency.ok_or_else(|| fault("there is no currency to read it in".to_owned()))?;
            let money = read_amount(&value, currency, formats.amounts).map_err(fault)?;
            Value::String(money.amount().to_string())
        }
        FieldType::Number => Value::String(read_number(&value).map_err(fault)?.to_string()),
        FieldType::Integer => Value::from(
            integer(&value)
                .ok_or_else(|| fault(format!("expected a whole number, found {value}")))?,
        ),
        FieldType::Bool => match flag(&value) {
            Some(flag) => Value::Bool(flag),
            None => return Err(fault(format!("expected true or false, found {value}"))),
        },
        FieldType::Currency | FieldType::Choice(_) => match value {
            Value::String(_) => value,
            other => return Err(fault(format!("expected text, found {other}"))),
        },
        FieldType::Date => {
            let date = read_date(&value, format.unwrap_or(formats.date)).map_err(fault)?;
            Value::String(values::write_date(date, DEFAULT_DATE_FORMAT))
        }
        FieldType::DateTime => {
            let stated = match rule.and_then(|r| r.at.as_deref()) {
                Some(text) => Some(values::read_at(text).map_err(fault)?),
                None => None,
            };
            let format = format.unwrap_or(formats.date_time);
            let at = read_date_time_at(&value, format, stated).map_err(fault)?;
            Value::String(values::write_date_time(at, RFC3339))
        }
        FieldType::Time => {
            let time = read_time(&value, format).map_err(fault)?;
            Value::String(values::write_time(time, None))
        }
        FieldType::Set(choices) => {
            let Value::Array(list) = value else {
                return Err(fault(format!("expected a list, found {value}")));
            };
            let mut out = Vec::with_capacity(list.len());
            for element in list {
                let settle = match rule {
                    Some(rule) if rule.flags.is_none() => translate(rule, element),
                    _ => Ok(element),
                }
                .map_err(fault)?;
                match settle.as_str() {
                    Some(known) if choices.contains(&known) => out.push(settle),
                    _ => {
                        return Err(fault(format!(
                            "{settle} is not one of Settle's values: {}",
                            choices.join(", ")
                        )))
                    }
                }
            }
            Value::Array(out)
        }
        FieldType::List(elements) => match (each, inner, value) {
            (Some(each), _, Value::Array(list)) => {
                let mut out = Vec::with_capacity(list.len());
                for (index, element) in list.iter().enumerate() {
                    let at = format!("{from}/{index}");
                    out.push(Value::Object(convert(
                        each,
                        elements,
                        element,
                        &at,
                        Some(index),
                        currency,
                        formats,
                    )?));
                }
                Value::Array(out)
            }
            // A list of one, made of flat fields.
            (None, Some(inner), value @ Value::Object(_)) => Value::Array(vec![Value::Object(
                convert(inner, elements, &value, from, Some(0), currency, formats)?,
            )]),
            (Some(_), _, other) => return Err(fault(format!("expected a list, found {other}"))),
            (None, Some(_), other) => {
                return Err(fault(format!("expected an object, found {other}")))
            }
            (None, None, value) => value,
        },
        FieldType::Object(members) => match (inner, value) {
            (Some(inner), value @ Value::Object(_)) => Value::Object(convert(
                inner, members, &value, from, None, currency, formats,
            )?),
            (Some(_), other) => return Err(fault(format!("expected an object, found {other}"))),
            (None, value) => value,
        },
        FieldType::Json => value,
    })
}

/// The backend's pointer for a Settle field pointer (`/lines/0/net` -> `/items/0/netAmount`),
/// or the Settle pointer itself when the item is already in Settle's shape.
fn backend_pointer(fields: Option<&BTreeMap<String, FieldMap>>, settle: &str) -> String {
    let Some(fields) = fields else {
        return settle.to_owned();
    };
    let mut tokens = settle.trim_start_matches('/').splitn(3, '/');
    let name = tokens.next().unwrap_or_default();
    let Some(map) = fields.get(name) else {
        return settle.to_owned();
    };
    let Some(base) = map.pointer() else {
        // A constant from the profile: the profile, not the backend, is at fault.
        return format!("(the profile's value for {name})");
    };
    match (tokens.next(), tokens.next(), map) {
        (Some(member), rest, FieldMap::Rule(rule)) if rule.fields.is_some() => {
            let rest = rest.map(|r| format!("/{r}")).unwrap_or_default();
            let inner = backend_pointer(rule.fields.as_ref(), &format!("/{member}{rest}"));
            format!("{base}{inner}")
        }
        (Some(index), Some(rest), FieldMap::Rule(rule)) if rule.each.is_some() => {
            let inner = backend_pointer(rule.each.as_ref(), &format!("/{rest}"));
            format!("{base}/{index}{inner}")
        }
        (Some(index), rest, _) => {
            let rest = rest.map(|r| format!("/{r}")).unwrap_or_default();
            format!("{base}/{index}{rest}")
        }
        _ => base.to_owned(),
    }
}
