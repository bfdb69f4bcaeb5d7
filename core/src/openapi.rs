//! OpenAPI schemas for the wire forms that serde writes by hand (decimal strings, currency
//! codes), so the server's generated document describes what actually travels.

use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use crate::plan::PlanSize;

/// The pattern of an amount as [`crate::decimal::wire`] reads it.
pub const AMOUNT_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";

/// A decimal amount as a string ([`crate::decimal::wire`]).
pub fn amount() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(AMOUNT_PATTERN))
        .description(Some(
            "A decimal amount as a string, e.g. \"12.30\"; JSON numbers are refused.",
        ))
        .into()
}

/// An amount or null ([`crate::decimal::wire_option`]).
pub fn amount_or_null() -> Schema {
    OneOfBuilder::new()
        .item(RefOr::T(amount()))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// An ISO 4217 code ([`crate::currency::Currency`] on the wire, or a code kept as text).
pub fn currency() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^[A-Za-z]{3}$"))
        .description(Some("ISO 4217 currency code, e.g. GBP."))
        .into()
}

/// Days of the week as chrono writes them (`"Mon"`, `"Tue"`, ...).
pub fn weekdays() -> Schema {
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])),
        )
        .into()
}

/// A single-key object, `{"key": value}`: how serde writes a variant of an externally
/// tagged enum.
fn variant(key: &str, value: impl Into<RefOr<Schema>>) -> Schema {
    ObjectBuilder::new()
        .property(key, value)
        .required(key)
        .into()
}

impl PartialSchema for PlanSize {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(variant(
                "instalments",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
                    .minimum(Some(0)),
            ))
            .item(variant("per_instalment", amount()))
            .description(Some("How many instalments, or at most how much each."))
            .into()
    }
}

impl ToSchema for PlanSize {}
