//! The OpenAPI document of the API, generated from the handlers' `#[utoipa::path]`
//! attributes and the wire types' schemas, so it cannot drift from the code.
//! docs/openapi.json keeps a readable copy, checked by the `openapi` test.

use std::collections::BTreeMap;

use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, PartialSchema, ToResponse, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Settle REST API",
        version = "1",
        description = "The customer payment portal's API: sign-in, sync, intents (idempotent changes), preferences, and the creditor's back office. Errors are application/problem+json (RFC 9457) with a stable `type`: https://settle.invalid/problems/ followed by one of unauthenticated, csrf-header-missing, admin-token-invalid, not-found, method-not-allowed, bad-request, validation, sign-in-code-invalid, rate-limited, idempotency-key-missing, idempotency-key-reused, if-match-required, version-mismatch, too-large, media-type-not-accepted, conflict, internal, or the name of a business rule (for example plan.already_active).",
    ),
    servers((url = "/api/v1")),
    tags(
        (name = "Session"),
        (name = "Sync"),
        (name = "Intents"),
        (name = "Preferences"),
        (name = "Records"),
        (name = "Back office"),
        (name = "Meta"),
    ),
    paths(
        crate::openapi,
        crate::auth::request_code,
        crate::auth::current,
        crate::auth::sign_in,
        crate::auth::sign_out,
        crate::sync::sync,
        crate::intents::raise_dispute,
        crate::intents::send_message,
        crate::intents::withdraw_dispute,
        crate::attachments::upload,
        crate::attachments::download,
        crate::intents::accept_offer,
        crate::intents::propose_plan,
        crate::intents::promise_to_pay,
        crate::intents::change_promise,
        crate::intents::ask_for_help,
        crate::intents::send_feedback,
        crate::intents::start_checkout,
        crate::preferences::get,
        crate::preferences::put,
        crate::attachments::statement_pdf,
        crate::admin::add_customer,
        crate::admin::add_account,
        crate::admin::add_holder,
        crate::admin::set_stop,
        crate::admin::set_policy,
        crate::admin::put_invoice,
        crate::admin::delete_invoice,
        crate::admin::put_statement,
        crate::admin::put_statement_pdf,
        crate::admin::add_payment,
        crate::admin::account_disputes,
        crate::preferences::for_back_office,
        crate::admin::answer_dispute,
        crate::admin::message_dispute,
        crate::admin::put_offer,
        crate::admin::delete_offer,
        crate::admin::record_instalment,
        crate::admin::set_plan_status,
    ),
    components(
        schemas(IdempotencyKey, Replayed),
        responses(
            BadRequest,
            Unauthenticated,
            CsrfMissing,
            AdminUnauthorized,
            NotFound,
            MethodNotAllowed,
            Conflict,
            TooLarge,
            UnsupportedMediaType,
            Unprocessable,
            RateLimited,
        ),
    ),
    modifiers(&SecuritySchemes),
)]
pub struct ApiDoc;

/// The document as served: pretty JSON.
pub fn document() -> String {
    let json = ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    without_doc_links(&json)
}

/// The descriptions come from doc comments, whose links to Rust items
/// (``[`crate::figures::Figures`]``) mean nothing to a reader of the API: they become
/// plain code spans (`` `figures::Figures` ``).
fn without_doc_links(json: &str) -> String {
    json.replace("[`crate::", "`")
        .replace("[`", "`")
        .replace("`]", "`")
}

/// The session cookie and the back office's bearer token.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "__Host-settle_session",
                "The session cookie set by POST /session. Over plain HTTP (development) it is named settle_session.",
            ))),
        );
        components.add_security_scheme(
            "admin",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The creditor's admin token (SETTLE_ADMIN_TOKEN)."))
                    .build(),
            ),
        );
    }
}

/// The header every state-changing customer request needs ([`crate::auth::CSRF_HEADER`]).
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct Csrf {
    #[doc = "Any value. Every POST, PUT and DELETE outside the back office needs it, \
            signed in or not: a cross-site form cannot send it, and a cross-site script \
            cannot without a CORS preflight the server never grants."]
    #[param(rename = "X-Settle-Csrf")]
    #[allow(dead_code)]
    csrf: String,
}

/// The header that makes an intent idempotent.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct Idempotent {
    #[doc = "1 to 255 visible ASCII characters, unique per intended change. Same key \
            and payload: the stored response (with Idempotent-Replayed: true). Same key, other \
            payload: 422. Still running: 409. Kept at least 30 days."]
    #[param(rename = "Idempotency-Key")]
    #[allow(dead_code)]
    key: IdempotencyKey,
}

/// An Idempotency-Key: what [`crate::idempotency`] accepts.
pub struct IdempotencyKey;

impl PartialSchema for IdempotencyKey {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(255))
            .pattern(Some("^[!-~]+$"))
            .into()
    }
}

impl ToSchema for IdempotencyKey {}

/// The Idempotent-Replayed header's only value, described once for every route that
/// sends it.
pub struct Replayed;

impl PartialSchema for Replayed {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(["true"]))
            .description(Some(
                "`true` when this is the stored response of an earlier request with the same key.",
            ))
            .into()
    }
}

impl ToSchema for Replayed {}

/// A PDF file as the body.
pub struct Pdf;

impl PartialSchema for Pdf {
    fn schema() -> RefOr<Schema> {
        file("application/pdf")
    }
}

impl ToSchema for Pdf {}

/// Any file as the body.
pub struct Bytes;

impl PartialSchema for Bytes {
    fn schema() -> RefOr<Schema> {
        file("application/octet-stream")
    }
}

impl ToSchema for Bytes {}

/// A file of `media_type` as a body or a part.
fn file(media_type: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type(media_type)
        .into()
}

/// The parts of an attachment upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Upload {
    /// The attachment's metadata, as JSON.
    meta: settle_core::api::AttachmentMeta,
    /// The file.
    #[schema(schema_with = Bytes::schema)]
    file: Vec<u8>,
}

/// A customer, as the back office added it.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Customer {
    id: String,
    email: String,
    name: String,
}

/// The errors every intent route may answer, beside its own success.
pub struct IntentErrors;

impl IntoResponses for IntentErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        references(&[
            ("400", "BadRequest"),
            ("401", "Unauthenticated"),
            ("403", "CsrfMissing"),
            ("404", "NotFound"),
            ("409", "Conflict"),
            ("413", "TooLarge"),
            ("422", "Unprocessable"),
            ("405", "MethodNotAllowed"),
        ])
    }
}

/// The errors every back-office route that takes a body may answer, beside its own
/// success.
pub struct AdminWriteErrors;

impl IntoResponses for AdminWriteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        references(&[
            ("400", "BadRequest"),
            ("401", "AdminUnauthorized"),
            ("404", "NotFound"),
            ("409", "Conflict"),
            ("413", "TooLarge"),
            ("415", "UnsupportedMediaType"),
            ("422", "Unprocessable"),
            ("405", "MethodNotAllowed"),
        ])
    }
}

/// Each status with a reference to the shared response of that name.
fn references(responses: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    responses
        .iter()
        .map(|(status, name)| (status.to_string(), Ref::from_response_name(*name).into()))
        .collect()
}

/// A problem response shared by many operations, as a component.
macro_rules! problem_response {
    ($name:ident, $description:literal) => {
        problem_response!($name, $description, |response| response);
    };
    ($name:ident, $description:literal, $extra:expr) => {
        #[doc = $description]
        pub struct $name;

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Response>) {
                let extra: fn(ResponseBuilder) -> ResponseBuilder = $extra;
                let response = ResponseBuilder::new().description($description).content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                );
                (stringify!($name), extra(response).build().into())
            }
        }
    };
}

problem_response!(
    BadRequest,
    "The request could not be read (a malformed path or query parameter, or a missing or malformed Idempotency-Key)."
);
problem_response!(Unauthenticated, "No valid session (`unauthenticated`).");
problem_response!(
    CsrfMissing,
    "A state-changing request without the X-Settle-Csrf header (`csrf-header-missing`)."
);
problem_response!(
    AdminUnauthorized,
    "The admin bearer token is missing or wrong (`admin-token-invalid`)."
);
problem_response!(
    NotFound,
    "No such resource, or it belongs to another customer (`not-found`)."
);
problem_response!(
    MethodNotAllowed,
    "The path does not take this method (`method-not-allowed`).",
    |response| response.header(
        "Allow",
        Header::new(ObjectBuilder::new().schema_type(Type::String))
    )
);
problem_response!(
    Conflict,
    "The request conflicts with the current state (`conflict`)."
);
problem_response!(TooLarge, "The body is larger than the limit (`too-large`).");
problem_response!(
    UnsupportedMediaType,
    "The body's media type is not accepted (`media-type-not-accepted`)."
);
problem_response!(
    Unprocessable,
    "The body is not valid (`validation`, with `field`), breaks a business rule (a rule-named type such as `plan.already_active`), or reuses an Idempotency-Key for a different request (`idempotency-key-reused`)."
);
problem_response!(
    RateLimited,
    "Too many attempts (`rate-limited`).",
    |response| response.header(
        "Retry-After",
        HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer))
            .description(Some("Seconds to wait."))
            .build()
    )
);
