//! JSON pointers (RFC 6901): checking that a profile's pointer is well formed, and
//! writing a value at a pointer when a request body is built.

use serde_json::{Map, Value};

/// Why a text is not a JSON pointer, in plain words; `None` when it is one.
pub fn problem(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return None;
    }
    if !text.starts_with('/') {
        return Some("not a JSON pointer: it must be empty or start with '/'");
    }
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Some("not a JSON pointer: '~' must be followed by 0 or 1");
        }
    }
    None
}

/// The reference tokens of a well-formed pointer, unescaped.
fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
}

/// Reads the value at `pointer`; `null` counts as missing, since backends write either.
pub fn get<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    value.pointer(pointer).filter(|found| !found.is_null())
}

/// Writes `new` at `pointer` in `target`, making the objects on the way. Refuses to go
/// through something that is not an object, which a profile check would have caught.
pub fn set(target: &mut Value, pointer: &str, new: Value) -> Result<(), String> {
    let mut place = target;
    for token in tokens(pointer) {
        if place.is_null() {
            *place = Value::Object(Map::new());
        }
        let Value::Object(object) = place else {
            return Err(format!("{pointer}: a value is already written on the way"));
        };
        place = object.entry(token).or_insert(Value::Null);
    }
    *place = new;
    Ok(())
}

/// The pointer to the element `token` under `parent`, escaped.
pub fn join(parent: &str, token: &str) -> String {
    format!("{parent}/{}", token.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_are_checked() {
        assert_eq!(problem(""), None);
        assert_eq!(problem("/a/b~1c/~0"), None);
        assert!(problem("a").unwrap().contains("start with '/'"));
        assert!(problem("/a~2").unwrap().contains("'~'"));
        assert!(problem("/a~").is_some());
    }

    #[test]
    fn set_builds_objects_and_get_skips_null() {
        let mut body = Value::Null;
        set(&mut body, "/customer/ref", json!("k1")).unwrap();
        set(&mut body, "/a~1b", json!(1)).unwrap();
        assert_eq!(body, json!({"customer": {"ref": "k1"}, "a/b": 1}));
        assert!(set(&mut body, "/a~1b/c", json!(2)).is_err());
        assert_eq!(get(&json!({"x": null}), "/x"), None);
        assert_eq!(get(&body, "/customer/ref"), Some(&json!("k1")));
        assert_eq!(join("/kinds", "a/b~"), "/kinds/a~1b~0");
    }
}
