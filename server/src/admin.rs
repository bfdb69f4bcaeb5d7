//! The back-office API under `/api/v1/admin`, for the creditor's systems: customers,
//! accounts, invoices, statements, payments, dispute answers, plan policies and offers,
//! instalments, and putting accounts on stop. Every change is published, so it reaches
//! the customer's next sync. Requests carry the admin token as a bearer token.

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use settle_core::api::{
    Account, Dispute, DisputeEvent, DisputeMessage, DisputeStatus, InstalmentStatus, Invoice, Kind,
    Party, Payment, Plan, PlanOffer, PlanPolicy, PlanStatus, Statement,
};
use settle_core::currency::Currency;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult, Body};
use crate::intents::new_id;
use crate::records::{self, load, remove, save, Owner};
use crate::{payments, preferences, AppState};

/// Middleware: the bearer token must match `--admin-token` ([`bearer_is`]).
pub async fn require_admin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let allowed = state
        .config
        .admin_token
        .as_deref()
        .is_some_and(|token| bearer_is(request.headers(), token));
    if allowed {
        next.run(request).await
    } else {
        ApiError::AdminUnauthorized.into_response()
    }
}

/// Whether the request carries `Authorization: Bearer <token>`; never for an empty token.
/// Compared as digests, so the time taken does not tell how much of a guess was right.
pub fn bearer_is(headers: &axum::http::HeaderMap, token: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match given {
        Some(given) if !token.is_empty() => {
            Sha256::digest(token.as_bytes()) == Sha256::digest(given.trim().as_bytes())
        }
        _ => false,
    }
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn invalid(error: settle_core::validation::InvalidField) -> ApiError {
    ApiError::invalid(error.field, error.reason)
}

fn same_id(field: &str, in_body: &str, in_path: &str) -> ApiResult<()> {
    if in_body.is_empty() || in_body == in_path {
        Ok(())
    } else {
        Err(ApiError::invalid(
            field,
            "does not match the id in the path",
        ))
    }
}

async fn account_currency(conn: &mut AnyConnection, account_id: &str) -> ApiResult<Currency> {
    Ok(records::account_row(conn, account_id)
        .await?
        .ok_or_else(|| {
            ApiError::invalid("/account_id", format!("there is no account '{account_id}'"))
        })?
        .currency)
}

fn check_currency(account: Currency, given: Currency) -> ApiResult<()> {
    if account == given {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "/currency",
            format!("the account is in {account}, not {given}"),
        ))
    }
}

// ---- Customers and accounts ----

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"id": "cus_pat", "email": "pat@example.com", "name": "Pat Quinn"})))]
pub struct NewCustomer {
    #[serde(default)]
    pub id: Option<String>,
    pub email: String,
    pub name: String,
}

/// `POST /admin/customers`
#[utoipa::path(
    post,
    path = "/admin/customers",
    operation_id = "addCustomer",
    tag = "Back office",
    summary = "Add a customer.",
    request_body = crate::admin::NewCustomer,
    responses(
        (status = 201, description = "The customer.", body = crate::openapi::Customer),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn add_customer(
    State(state): State<AppState>,
    Body(body): Body<NewCustomer>,
) -> ApiResult<Response> {
    let email = crate::auth::normalise_email(&body.email)?;
    if body.name.trim().is_empty() {
        return Err(ApiError::invalid("/name", "is required"));
    }
    let id = body.id.unwrap_or_else(|| new_id("cus"));
    let mut tx = state.db.begin().await?;
    let taken: Option<(String,)> =
        sqlx::query_as("SELECT id FROM customers WHERE id = $1 OR email = $2")
            .bind(&id)
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(ApiError::Conflict(
            "a customer with this id or email exists".into(),
        ));
    }
    sqlx::query("INSERT INTO customers (id, email, name) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(&email)
        .bind(body.name.trim())
        .execute(&mut *tx)
        .await?;
    preferences::create(&mut tx, &id).await?;
    tx.commit().await?;
    let created = serde_json::json!({ "id": id, "email": email, "name": body.name.trim() });
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"id": "acc_pat_gbp", "number": "SET-2001", "name": "Pat Quinn", "currency": "GBP", "credit_limit": "1000.00", "holders": ["cus_pat"]})))]
pub struct NewAccount {
    pub id: String,
    pub number: String,
    pub name: String,
    #[schema(schema_with = settle_core::openapi::currency)]
    pub currency: Currency,
    #[serde(with = "settle_core::decimal::wire")]
    #[schema(schema_with = settle_core::openapi::amount)]
    pub credit_limit: Decimal,
    #[serde(default)]
    pub holders: Vec<String>,
}

/// `POST /admin/accounts`
#[utoipa::path(
    post,
    path = "/admin/accounts",
    operation_id = "addAccount",
    tag = "Back office",
    summary = "Add an account, optionally with its holders.",
    request_body = crate::admin::NewAccount,
    responses(
        (status = 201, description = "The account.", body = settle_core::api::Account),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn add_account(
    State(state): State<AppState>,
    Body(body): Body<NewAccount>,
) -> ApiResult<Response> {
    settle_core::money::Money::new(body.credit_limit, body.currency)
        .map_err(|e| ApiError::invalid("/credit_limit", e.to_string()))?;
    if body.id.trim().is_empty() {
        return Err(ApiError::invalid("/id", "is required"));
    }
    let mut tx = state.db.begin().await?;
    if records::account_row(&mut tx, &body.id).await?.is_some() {
        return Err(ApiError::Conflict(format!("account '{}' exists", body.id)));
    }
    sqlx::query(
        "INSERT INTO accounts (id, number, name, currency, credit_limit, on_stop) \
         VALUES ($1, $2, $3, $4, $5, 0)",
    )
    .bind(&body.id)
    .bind(&body.number)
    .bind(&body.name)
    .bind(body.currency.code())
    .bind(body.credit_limit.to_string())
    .execute(&mut *tx)
    .await?;
    for (index, holder) in body.holders.iter().enumerate() {
        add_holder_row(&mut tx, holder, &body.id)
            .await
            .map_err(|e| no_such_customer(e, &format!("/holders/{index}")))?;
    }
    let account = records::refresh_account(&mut tx, &body.id, today()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(account)).into_response())
}

async fn add_holder_row(
    conn: &mut AnyConnection,
    customer_id: &str,
    account_id: &str,
) -> ApiResult<()> {
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Err(ApiError::NotFound);
    }
    sqlx::query(
        "INSERT INTO account_holders (customer_id, account_id) VALUES ($1, $2) \
         ON CONFLICT (customer_id, account_id) DO NOTHING",
    )
    .bind(customer_id)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A missing customer is the request's fault; anything else stays an internal error.
fn no_such_customer(error: ApiError, field: &str) -> ApiError {
    match error {
        ApiError::NotFound => ApiError::invalid(field, "there is no such customer"),
        other => other,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"customer_id": "cus_alex"})))]
pub struct NewHolder {
    pub customer_id: String,
}

/// `POST /admin/accounts/{id}/holders`: lets one more customer reach the account. Their
/// next sync starts from their checkpoint, so the account's records are published again.
#[utoipa::path(
    post,
    path = "/admin/accounts/{id}/holders",
    operation_id = "addHolder",
    tag = "Back office",
    summary = "Let one more customer reach the account.",
    params(("id" = String, Path)),
    request_body = crate::admin::NewHolder,
    responses(
        (status = 204, description = "Added."),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn add_holder(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
    Body(body): Body<NewHolder>,
) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    records::account_row(&mut tx, &account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    add_holder_row(&mut tx, &body.customer_id, &account_id)
        .await
        .map_err(|e| no_such_customer(e, "/customer_id"))?;
    records::republish_account(&mut tx, &account_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"on_stop": true, "reason": "Three invoices are more than 60 days overdue.", "remedy": "Pay the overdue amount or agree a plan."})))]
pub struct Stop {
    pub on_stop: bool,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub remedy: Option<String>,
}

/// `PUT /admin/accounts/{id}/stop`
#[utoipa::path(
    put,
    path = "/admin/accounts/{id}/stop",
    operation_id = "setStop",
    tag = "Back office",
    summary = "Put the account on stop (with a reason) or take it off.",
    params(("id" = String, Path)),
    request_body = crate::admin::Stop,
    responses(
        (status = 200, description = "The account.", body = settle_core::api::Account),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn set_stop(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
    Body(body): Body<Stop>,
) -> ApiResult<Json<Account>> {
    if body.on_stop && body.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(ApiError::invalid(
            "/reason",
            "say why the account is on stop, in plain words",
        ));
    }
    let mut tx = state.db.begin().await?;
    let updated = sqlx::query(
        "UPDATE accounts SET on_stop = $1, on_stop_reason = $2, on_stop_remedy = $3 WHERE id = $4",
    )
    .bind(i64::from(body.on_stop))
    .bind(body.reason)
    .bind(body.remedy)
    .bind(&account_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    let account = records::refresh_account(&mut tx, &account_id, today()).await?;
    tx.commit().await?;
    Ok(Json(account))
}

/// `PUT /admin/accounts/{id}/plan-policy`: the account's policy, published with the
/// account's id as its own.
#[utoipa::path(
    put,
    path = "/admin/accounts/{id}/plan-policy",
    operation_id = "setPlanPolicy",
    tag = "Back office",
    summary = "Set what plans and promises the account allows.",
    params(("id" = String, Path)),
    request_body = settle_core::api::PlanPolicy,
    responses(
        (status = 200, description = "The policy.", body = settle_core::api::PlanPolicy),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn set_policy(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
    Body(mut policy): Body<PlanPolicy>,
) -> ApiResult<Json<PlanPolicy>> {
    policy.validate().map_err(invalid)?;
    let mut tx = state.db.begin().await?;
    let currency = records::account_row(&mut tx, &account_id)
        .await?
        .ok_or(ApiError::NotFound)?
        .currency;
    check_currency(currency, policy.currency)?;
    policy.id = account_id.clone();
    save(
        &mut tx,
        Kind::PlanPolicy,
        &account_id,
        Owner::Account(&account_id),
        &policy,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(policy))
}

// ---- Invoices, statements, payments ----

/// `PUT /admin/invoices/{id}`: adds or replaces an invoice (or credit note).
#[utoipa::path(
    put,
    path = "/admin/invoices/{id}",
    operation_id = "putInvoice",
    tag = "Back office",
    summary = "Add or replace an invoice or credit note.",
    params(("id" = String, Path)),
    request_body = settle_core::api::Invoice,
    responses(
        (status = 200, description = "The invoice.", body = settle_core::api::Invoice),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn put_invoice(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(mut invoice): Body<Invoice>,
) -> ApiResult<Json<Invoice>> {
    same_id("/id", &invoice.id, &id)?;
    invoice.id = id;
    invoice.validate().map_err(invalid)?;
    let mut tx = state.db.begin().await?;
    let currency = account_currency(&mut tx, &invoice.account_id).await?;
    check_currency(currency, invoice.currency)?;
    if let Some(existing) = load::<Invoice>(&mut tx, Kind::Invoice, &invoice.id).await? {
        if existing.account_id != invoice.account_id {
            return Err(ApiError::invalid(
                "/account_id",
                "an invoice cannot move accounts",
            ));
        }
        // The plan link is the server's to keep.
        invoice.plan_id = invoice.plan_id.or(existing.data.plan_id);
    }
    let account_id = invoice.account_id.clone();
    save(
        &mut tx,
        Kind::Invoice,
        &invoice.id,
        Owner::Account(&account_id),
        &invoice,
    )
    .await?;
    records::refresh_account(&mut tx, &account_id, today()).await?;
    tx.commit().await?;
    Ok(Json(invoice))
}

/// `DELETE /admin/invoices/{id}`: the invoice goes (a tombstone tells every client).
#[utoipa::path(
    delete,
    path = "/admin/invoices/{id}",
    operation_id = "deleteInvoice",
    tag = "Back office",
    summary = "Remove an invoice; 409 while an open dispute, an active plan or a plan offer refers to it.",
    params(("id" = String, Path)),
    responses(
        (status = 204, description = "Removed."),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn delete_invoice(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    let stored = load::<Invoice>(&mut tx, Kind::Invoice, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    still_needed(&mut tx, &stored.account_id, &id).await?;
    remove(
        &mut tx,
        Kind::Invoice,
        &id,
        Owner::Account(&stored.account_id),
    )
    .await?;
    records::refresh_account(&mut tx, &stored.account_id, today()).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Refuses to delete an invoice that an open dispute, a running plan or a plan offer
/// still refers to: the customer would lose sight of what they raised or agreed.
async fn still_needed(
    conn: &mut AnyConnection,
    account_id: &str,
    invoice_id: &str,
) -> ApiResult<()> {
    let disputes = records::list::<Dispute>(conn, Kind::Dispute, account_id).await?;
    if let Some(dispute) = disputes
        .iter()
        .find(|d| d.invoice_id == invoice_id && d.is_open())
    {
        return Err(ApiError::Conflict(format!(
            "dispute '{}' on this invoice is still open: resolve it first",
            dispute.id
        )));
    }
    let plans = records::list::<Plan>(conn, Kind::Plan, account_id).await?;
    if let Some(plan) = plans
        .iter()
        .find(|p| p.status == PlanStatus::Active && p.invoice_ids.iter().any(|i| i == invoice_id))
    {
        return Err(ApiError::Conflict(format!(
            "plan '{}' covers this invoice: complete or cancel it first",
            plan.id
        )));
    }
    let offers = records::list::<PlanOffer>(conn, Kind::PlanOffer, account_id).await?;
    if let Some(offer) = offers
        .iter()
        .find(|o| o.invoice_ids.iter().any(|i| i == invoice_id))
    {
        return Err(ApiError::Conflict(format!(
            "plan offer '{}' covers this invoice: withdraw it first",
            offer.id
        )));
    }
    Ok(())
}

/// `PUT /admin/statements/{id}`
#[utoipa::path(
    put,
    path = "/admin/statements/{id}",
    operation_id = "putStatement",
    tag = "Back office",
    summary = "Add or replace a statement.",
    params(("id" = String, Path)),
    request_body = settle_core::api::Statement,
    responses(
        (status = 200, description = "The statement.", body = settle_core::api::Statement),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn put_statement(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(mut statement): Body<Statement>,
) -> ApiResult<Json<Statement>> {
    same_id("/id", &statement.id, &id)?;
    statement.id = id;
    statement.validate().map_err(invalid)?;
    let mut tx = state.db.begin().await?;
    let currency = account_currency(&mut tx, &statement.account_id).await?;
    check_currency(currency, statement.currency)?;
    if let Some(existing) = load::<Statement>(&mut tx, Kind::Statement, &statement.id).await? {
        statement.pdf_url = statement.pdf_url.or(existing.data.pdf_url);
    }
    let owner = Owner::Account(&statement.account_id);
    save(&mut tx, Kind::Statement, &statement.id, owner, &statement).await?;
    tx.commit().await?;
    Ok(Json(statement))
}

/// `PUT /admin/statements/{id}/pdf` with the PDF as the body.
#[utoipa::path(
    put,
    path = "/admin/statements/{id}/pdf",
    operation_id = "putStatementPdf",
    tag = "Back office",
    summary = "Attach the statement's PDF.",
    params(("id" = String, Path)),
    request_body(content = inline(crate::openapi::Pdf), content_type = "application/pdf"),
    responses(
        (status = 200, description = "The statement, now with its pdf_url.", body = settle_core::api::Statement),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn put_statement_pdf(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    pdf: Bytes,
) -> ApiResult<Json<Statement>> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    if declared != "application/pdf" || !pdf.starts_with(b"%PDF-") {
        return Err(ApiError::UnsupportedMediaType(
            "send the statement as application/pdf".into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    let stored = load::<Statement>(&mut tx, Kind::Statement, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    sqlx::query(
        "INSERT INTO statement_pdfs (statement_id, content) VALUES ($1, $2) \
         ON CONFLICT (statement_id) DO UPDATE SET content = excluded.content",
    )
    .bind(&id)
    .bind(pdf.to_vec())
    .execute(&mut *tx)
    .await?;
    let mut statement = stored.data;
    statement.pdf_url = Some(format!("/api/v1/statements/{id}/pdf"));
    save(
        &mut tx,
        Kind::Statement,
        &id,
        Owner::Account(&stored.account_id),
        &statement,
    )
    .await?;
    tx.commit().await?;
    Ok(Json(statement))
}

/// `POST /admin/payments`: a payment with its allocations to invoices.
#[utoipa::path(
    post,
    path = "/admin/payments",
    operation_id = "addPayment",
    tag = "Back office",
    summary = "Record a payment with its allocations.",
    request_body = settle_core::api::Payment,
    responses(
        (status = 201, description = "The payment.", body = settle_core::api::Payment),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn add_payment(
    State(state): State<AppState>,
    Body(payment): Body<Payment>,
) -> ApiResult<Response> {
    let mut tx = state.db.begin().await?;
    payments::record(&mut tx, &payment, today()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(payment)).into_response())
}

// ---- Disputes ----

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"status": "more_information_needed", "note": "Please send a photo of the damage."})))]
pub struct DisputeAnswer {
    pub status: DisputeStatus,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /admin/disputes/{id}/status`: moves a dispute as the creditor.
#[utoipa::path(
    post,
    path = "/admin/disputes/{id}/status",
    operation_id = "answerDispute",
    tag = "Back office",
    summary = "Move a dispute as the creditor.",
    params(("id" = String, Path)),
    request_body = crate::admin::DisputeAnswer,
    responses(
        (status = 200, description = "The dispute.", body = settle_core::api::Dispute),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn answer_dispute(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<DisputeAnswer>,
) -> ApiResult<Json<Dispute>> {
    let mut tx = state.db.begin().await?;
    let stored = load::<Dispute>(&mut tx, Kind::Dispute, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut dispute = stored.data;
    dispute.status = dispute
        .status
        .move_to(body.status, Party::Creditor)
        .map_err(|e| ApiError::breach(&e))?;
    if dispute.status.is_resolved() {
        dispute.resolution_note.clone_from(&body.note);
    }
    dispute.timeline.push(DisputeEvent {
        status: dispute.status,
        at: Utc::now(),
        by: Party::Creditor,
        note: body.note,
    });
    save(
        &mut tx,
        Kind::Dispute,
        &id,
        Owner::Account(&stored.account_id),
        &dispute,
    )
    .await?;
    records::refresh_account(&mut tx, &stored.account_id, today()).await?;
    tx.commit().await?;
    Ok(Json(dispute))
}

/// `GET /admin/accounts/{id}/disputes`: every dispute on the account, to answer them.
#[utoipa::path(
    get,
    path = "/admin/accounts/{id}/disputes",
    operation_id = "listAccountDisputes",
    tag = "Back office",
    summary = "Every dispute on the account, oldest id first, to answer them.",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "The disputes.", body = Vec<settle_core::api::Dispute>),
        (status = 401, response = crate::openapi::AdminUnauthorized),
        (status = 404, response = crate::openapi::NotFound),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("admin" = [])),
)]
pub async fn account_disputes(
    State(state): State<AppState>,
    Path(account_id): Path<String>,
) -> ApiResult<Json<Vec<Dispute>>> {
    let mut conn = state.db.pool.acquire().await?;
    records::account_row(&mut conn, &account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(
        records::list::<Dispute>(&mut conn, Kind::Dispute, &account_id).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"body": "We have asked the courier for their delivery record."})))]
pub struct CreditorMessage {
    pub body: String,
}

/// `POST /admin/disputes/{id}/messages`
#[utoipa::path(
    post,
    path = "/admin/disputes/{id}/messages",
    operation_id = "messageDispute",
    tag = "Back office",
    summary = "Send a message on a dispute as the creditor.",
    params(("id" = String, Path)),
    request_body = crate::admin::CreditorMessage,
    responses(
        (status = 201, description = "The message.", body = settle_core::api::DisputeMessage),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn message_dispute(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(body): Body<CreditorMessage>,
) -> ApiResult<Response> {
    if body.body.trim().is_empty() {
        return Err(ApiError::invalid("/body", "the message is empty"));
    }
    let mut tx = state.db.begin().await?;
    let stored = load::<Dispute>(&mut tx, Kind::Dispute, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let message = DisputeMessage {
        id: new_id("msg"),
        dispute_id: id,
        from: Party::Creditor,
        body: body.body,
        sent_at: Utc::now(),
        attachments: Vec::new(),
    };
    message.validate().map_err(invalid)?;
    let owner = Owner::Account(&stored.account_id);
    save(&mut tx, Kind::DisputeMessage, &message.id, owner, &message).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(message)).into_response())
}

// ---- Plans ----

/// `PUT /admin/plan-offers/{id}`
#[utoipa::path(
    put,
    path = "/admin/plan-offers/{id}",
    operation_id = "putPlanOffer",
    tag = "Back office",
    summary = "Offer a plan.",
    params(("id" = String, Path)),
    request_body = settle_core::api::PlanOffer,
    responses(
        (status = 200, description = "The offer.", body = settle_core::api::PlanOffer),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn put_offer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(mut offer): Body<PlanOffer>,
) -> ApiResult<Json<PlanOffer>> {
    same_id("/id", &offer.id, &id)?;
    offer.id = id;
    offer.validate().map_err(invalid)?;
    let mut tx = state.db.begin().await?;
    let currency = account_currency(&mut tx, &offer.account_id).await?;
    check_currency(currency, offer.schedule.currency)?;
    for (index, invoice_id) in offer.invoice_ids.iter().enumerate() {
        load::<Invoice>(&mut tx, Kind::Invoice, invoice_id)
            .await?
            .filter(|stored| stored.account_id == offer.account_id)
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("/invoice_ids/{index}"),
                    "there is no such invoice on the account",
                )
            })?;
    }
    let owner = Owner::Account(&offer.account_id);
    save(&mut tx, Kind::PlanOffer, &offer.id, owner, &offer).await?;
    tx.commit().await?;
    Ok(Json(offer))
}

/// `DELETE /admin/plan-offers/{id}`
#[utoipa::path(
    delete,
    path = "/admin/plan-offers/{id}",
    operation_id = "deletePlanOffer",
    tag = "Back office",
    summary = "Withdraw an offer.",
    params(("id" = String, Path)),
    responses(
        (status = 204, description = "Removed."),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn delete_offer(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    let stored = load::<PlanOffer>(&mut tx, Kind::PlanOffer, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    remove(
        &mut tx,
        Kind::PlanOffer,
        &id,
        Owner::Account(&stored.account_id),
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"outcome": "paid", "amount": "50.000"})))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum InstalmentOutcome {
    /// Money received against the instalment (outside any invoice allocation).
    Paid {
        #[serde(with = "settle_core::decimal::wire")]
        #[schema(schema_with = settle_core::openapi::amount)]
        amount: Decimal,
    },
    /// Not paid in time.
    Missed,
}

/// `POST /admin/plans/{id}/instalments/{number}`: records an instalment paid or missed.
#[utoipa::path(
    post,
    path = "/admin/plans/{id}/instalments/{number}",
    operation_id = "recordInstalment",
    tag = "Back office",
    summary = "Record an instalment paid or missed.",
    params(("id" = String, Path), ("number" = u32, Path)),
    request_body = crate::admin::InstalmentOutcome,
    responses(
        (status = 200, description = "The plan.", body = settle_core::api::Plan),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn record_instalment(
    State(state): State<AppState>,
    Path((plan_id, number)): Path<(String, u32)>,
    Body(outcome): Body<InstalmentOutcome>,
) -> ApiResult<Json<Plan>> {
    let mut tx = state.db.begin().await?;
    let stored = load::<Plan>(&mut tx, Kind::Plan, &plan_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let instalment = stored
        .data
        .instalments
        .iter()
        .find(|i| i.number == number)
        .ok_or(ApiError::NotFound)?;
    let plan = match outcome {
        InstalmentOutcome::Paid { amount } => {
            settle_core::money::Money::new(amount, stored.data.currency)
                .map_err(|e| ApiError::invalid("/amount", e.to_string()))?;
            if amount <= Decimal::ZERO || amount > instalment.amount - instalment.paid {
                return Err(ApiError::invalid(
                    "/amount",
                    format!(
                        "must be more than zero and at most the {} still due",
                        instalment.amount - instalment.paid
                    ),
                ));
            }
            payments::pay_instalment(&mut tx, &plan_id, number, amount, today()).await?
        }
        InstalmentOutcome::Missed => {
            let mut plan = stored.data;
            if let Some(instalment) = plan.instalments.iter_mut().find(|i| i.number == number) {
                instalment.status = InstalmentStatus::Missed;
            }
            let owner = Owner::Account(&stored.account_id);
            save(&mut tx, Kind::Plan, &plan_id, owner, &plan).await?;
            plan
        }
    };
    records::refresh_account(&mut tx, &stored.account_id, today()).await?;
    tx.commit().await?;
    Ok(Json(plan))
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(examples(json!({"status": "cancelled"})))]
pub struct PlanStatusChange {
    pub status: PlanStatus,
}

/// `PUT /admin/plans/{id}/status`: ends a plan (broken, cancelled, completed).
#[utoipa::path(
    put,
    path = "/admin/plans/{id}/status",
    operation_id = "setPlanStatus",
    tag = "Back office",
    summary = "End a plan (completed, broken, cancelled).",
    params(("id" = String, Path)),
    request_body = crate::admin::PlanStatusChange,
    responses(
        (status = 200, description = "The plan.", body = settle_core::api::Plan),
        crate::openapi::AdminWriteErrors,
    ),
    security(("admin" = [])),
)]
pub async fn set_plan_status(
    State(state): State<AppState>,
    Path(plan_id): Path<String>,
    Body(body): Body<PlanStatusChange>,
) -> ApiResult<Json<Plan>> {
    let mut tx = state.db.begin().await?;
    let stored = load::<Plan>(&mut tx, Kind::Plan, &plan_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut plan = stored.data;
    plan.status = body.status;
    save(
        &mut tx,
        Kind::Plan,
        &plan_id,
        Owner::Account(&stored.account_id),
        &plan,
    )
    .await?;
    records::refresh_account(&mut tx, &stored.account_id, today()).await?;
    tx.commit().await?;
    Ok(Json(plan))
}
