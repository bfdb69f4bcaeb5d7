//! The published JSON schema and the loader agree on every property.

use super::*;

/// Marks every schema property `value` uses, following `$ref` and `oneOf` as the loader
/// does.
fn cover(
    root: &Value,
    schema: &Value,
    value: &Value,
    seen: &mut std::collections::BTreeSet<String>,
) {
    let mut schema = schema;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        schema = root.pointer(reference.trim_start_matches('#')).unwrap();
    }
    if let Some(choices) = schema.get("oneOf").and_then(Value::as_array) {
        for choice in choices {
            let mut choice = choice;
            while let Some(reference) = choice.get("$ref").and_then(Value::as_str) {
                choice = root.pointer(reference.trim_start_matches('#')).unwrap();
            }
            let same_type = match choice.get("type").and_then(Value::as_str) {
                Some("string") => value.is_string(),
                Some("object") => value.is_object(),
                _ => false,
            };
            let same_style = choice
                .pointer("/properties/style/const")
                .is_none_or(|style| value.get("style") == Some(style));
            if same_type && same_style {
                cover(root, choice, value, seen);
            }
        }
        return;
    }
    let Some(object) = value.as_object() else {
        return;
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    for (key, field) in object {
        if let Some(property) = properties.and_then(|p| p.get(key)) {
            seen.insert(format!("{}.{key}", schema_name(root, schema)));
            cover(root, property, field, seen);
        } else if let Some(extra) = schema.get("additionalProperties").filter(|e| e.is_object()) {
            cover(root, extra, field, seen);
        }
    }
}

/// A readable name for an object schema: its `$defs` name and style, or `profile`.
fn schema_name(root: &Value, schema: &Value) -> String {
    let style = schema
        .pointer("/properties/style/const")
        .and_then(Value::as_str)
        .map(|style| format!("({style})"))
        .unwrap_or_default();
    for (name, def) in root["$defs"].as_object().unwrap() {
        if std::ptr::eq(def, schema) {
            return name.clone();
        }
        if let Some(choices) = def.get("oneOf").and_then(Value::as_array) {
            if choices.iter().any(|c| std::ptr::eq(c, schema)) {
                return format!("{name}{style}");
            }
        }
    }
    "profile".to_owned()
}

/// Every property the schema declares, named as [`cover`] names them.
fn declared(root: &Value) -> std::collections::BTreeSet<String> {
    let mut all = std::collections::BTreeSet::new();
    let mut add = |schema: &Value| {
        for key in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.keys())
        {
            all.insert(format!("{}.{key}", schema_name(root, schema)));
        }
    };
    add(root);
    for def in root["$defs"].as_object().unwrap().values() {
        add(def);
        for choice in def
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            add(choice);
        }
    }
    all
}

#[test]
fn the_schema_and_the_loader_agree() {
    let root: Value = serde_json::from_str(schema::SCHEMA).unwrap();
    assert_eq!(
        root["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let examples = [
        serde_json::from_str::<Value>(SETTLE).unwrap(),
        serde_json::from_str::<Value>(JSON_SERVER).unwrap(),
        serde_json::from_str::<Value>(DATASETTE).unwrap(),
        everything_else(),
        invoicing(),
        super::identity::identity_options(),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for example in &examples {
        // The loader accepts it (its types deny unknown fields) ...
        let profile = Profile::load(&example.to_string()).unwrap_or_else(|e| panic!("{e}"));
        // ... what the types write, the schema accepts, and reads back the same ...
        let written = serde_json::to_value(&profile).unwrap();
        let mut problems = Vec::new();
        schema::check(&written, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(Profile::load(&written.to_string()).unwrap(), profile);
        cover(&root, &root, example, &mut seen);
    }
    // ... and together the examples use every property the schema declares, so the
    // schema holds no field the loader would refuse.
    assert!(declared(&root).len() > 80);
    let unused: Vec<String> = declared(&root).difference(&seen).cloned().collect();
    assert!(unused.is_empty(), "never used: {unused:?}");
    // Kind and intent names in the schema are Settle's.
    let kinds: Vec<&String> = root["properties"]["kinds"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(kinds.len(), Kind::ALL.len());
    for kind in Kind::ALL {
        assert!(kinds.iter().any(|k| *k == kind.as_str()));
    }
    let intents = root["properties"]["intents"]["properties"]
        .as_object()
        .unwrap();
    let kinds = <crate::intents::IntentKind as strum::VariantArray>::VARIANTS;
    for kind in kinds {
        assert!(intents.contains_key(kind.as_str()), "{kind}");
    }
    assert_eq!(intents.len(), kinds.len());
}
