//! The profile's JSON Schema (`public/profile.schema.json`), and the walk that checks a
//! profile's shape against it: unknown and missing fields, wrong types, values outside a
//! list. Every mistake is reported with its path, not just the first, and since the loader
//! uses the published schema itself, the two cannot drift apart.
//!
//! Only what the schema uses is understood: `$ref` to `#/$defs/…`, `type`, `properties`,
//! `required`, `additionalProperties`, `items`, `enum`, `const`, `minimum`, and `oneOf`
//! whose choices differ by JSON type or by the `const` of their `style` property.

use serde_json::Value;

use crate::profile::pointer::join;
use crate::profile::ProfileError;

/// The schema text, as published beside the app.
pub const SCHEMA: &str = include_str!("../../../public/profile.schema.json");

/// Checks `value` against the schema, adding every mistake to `errors`.
pub(crate) fn check(value: &Value, errors: &mut Vec<ProfileError>) {
    // The schema is part of this crate and a test reads it; failing to parse it is a
    // build mistake, reported as such rather than as the creditor's.
    match serde_json::from_str::<Value>(SCHEMA) {
        Ok(schema) => Walk {
            root: &schema,
            errors,
        }
        .walk(&schema, value, ""),
        Err(error) => errors.push(ProfileError::new(
            "",
            format!("the schema is broken: {error}"),
        )),
    }
}

struct Walk<'a, 'e> {
    root: &'a Value,
    errors: &'e mut Vec<ProfileError>,
}

impl<'a> Walk<'a, '_> {
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer))
                .map_or(&Value::Null, |found| self.resolve(found)),
            None => schema,
        }
    }

    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(ProfileError::new(path, message));
    }

    fn walk(&mut self, schema: &'a Value, value: &Value, path: &str) {
        let schema = self.resolve(schema);
        if let Some(choices) = schema.get("oneOf").and_then(Value::as_array) {
            if let Some(choice) = self.choose(choices, value, path) {
                self.walk(choice, value, path);
            }
            return;
        }
        if let Some(expected) = schema.get("const") {
            if value != expected {
                self.error(path, format!("must be {expected}"));
            }
            return;
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                self.error(path, format!("must be one of {}", list(allowed)));
            }
            return;
        }
        if let Some(kind) = schema.get("type").and_then(Value::as_str) {
            if !is_type(value, kind) {
                self.error(path, format!("must be {}", type_words(kind)));
                return;
            }
        }
        if let (Some(minimum), Some(number)) = (
            schema.get("minimum").and_then(Value::as_i64),
            value.as_i64(),
        ) {
            if number < minimum {
                self.error(path, format!("must be at least {minimum}"));
            }
        }
        if let (Some(items), Some(elements)) = (schema.get("items"), value.as_array()) {
            for (index, element) in elements.iter().enumerate() {
                self.walk(items, element, &format!("{path}/{index}"));
            }
        }
        if let Some(object) = value.as_object() {
            self.walk_object(schema, object, path);
        }
    }

    fn walk_object(
        &mut self,
        schema: &'a Value,
        object: &serde_json::Map<String, Value>,
        path: &str,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let extra = schema.get("additionalProperties");
        for (key, field) in object {
            let at = join(path, key);
            match (properties.and_then(|known| known.get(key)), extra) {
                (Some(property), _) => self.walk(property, field, &at),
                (None, Some(Value::Bool(false))) => {
                    let known: Vec<&String> =
                        properties.map(|p| p.keys().collect()).unwrap_or_default();
                    let names = known.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>();
                    self.error(
                        &at,
                        format!(
                            "unknown field '{key}'; the fields here are {}",
                            names.join(", ")
                        ),
                    );
                }
                (None, Some(extra)) if extra.is_object() => self.walk(extra, field, &at),
                (None, _) => {}
            }
        }
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !object.contains_key(name) {
                self.error(&join(path, name), "is required but missing");
            }
        }
    }

    /// Picks the `oneOf` choice for `value`: by JSON type, then by `style`.
    fn choose(&mut self, choices: &'a [Value], value: &Value, path: &str) -> Option<&'a Value> {
        let choices: Vec<&'a Value> = choices.iter().map(|c| self.resolve(c)).collect();
        let typed: Vec<&'a Value> = choices
            .iter()
            .copied()
            .filter(|c| {
                c.get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| is_type(value, t))
            })
            .collect();
        match typed.as_slice() {
            [] => {
                let mut words: Vec<&str> = choices
                    .iter()
                    .filter_map(|c| c.get("type").and_then(Value::as_str))
                    .map(type_words)
                    .collect();
                words.dedup();
                self.error(path, format!("must be {}", words.join(" or ")));
                None
            }
            [only] => Some(only),
            several => {
                let style_of = |choice: &Value| choice.pointer("/properties/style/const").cloned();
                let styles: Vec<Value> = several.iter().filter_map(|c| style_of(c)).collect();
                match value.get("style") {
                    None => {
                        self.error(
                            &join(path, "style"),
                            format!("is required but missing: one of {}", list(&styles)),
                        );
                        None
                    }
                    Some(style) => {
                        let found = several
                            .iter()
                            .copied()
                            .find(|c| style_of(c).as_ref() == Some(style));
                        if found.is_none() {
                            self.error(
                                &join(path, "style"),
                                format!("must be one of {}", list(&styles)),
                            );
                        }
                        found
                    }
                }
            }
        }
    }
}

fn is_type(value: &Value, kind: &str) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        _ => true,
    }
}

fn type_words(kind: &str) -> &'static str {
    match kind {
        "object" => "an object",
        "array" => "a list",
        "string" => "text",
        "boolean" => "true or false",
        "integer" => "a whole number",
        "number" => "a number",
        _ => "a value",
    }
}

fn list(values: &[Value]) -> String {
    values
        .iter()
        .map(|value| match value {
            Value::String(text) => format!("'{text}'"),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
