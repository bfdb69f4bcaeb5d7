//! Tests of profiles as a whole: the example profiles, every loader error with its path,
//! the schema against the types, and reading and writing through the examples.

use serde_json::{json, Value};

use super::*;
use crate::api::Kind;

const SETTLE: &str = include_str!("../../../public/backend-profile.json");
const JSON_SERVER: &str = include_str!("../../../tests/backends/json-server/profile.json");
const JSON_SERVER_DB: &str = include_str!("../../../tests/backends/json-server/db.json");

fn settle() -> Profile {
    Profile::load(SETTLE).unwrap_or_else(|e| panic!("{e}"))
}

fn json_server() -> Profile {
    Profile::load(JSON_SERVER).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_example_profiles_load() {
    let settle = settle();
    assert!(Kind::ALL.iter().all(|kind| settle.supports(*kind)));
    assert!(settle.supports_intent("upload_attachment"));
    let json_server = json_server();
    assert!(json_server.supports(Kind::Invoice));
    assert!(!json_server.supports(Kind::Statement));
    assert!(!json_server.supports(Kind::PlanOffer));
    assert!(!json_server.supports_intent("start_checkout"));
    assert!(json_server.supports_intent("raise_dispute"));
}
