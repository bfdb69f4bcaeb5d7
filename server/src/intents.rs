//! The customer's intents (SPEC §4): each a `POST` with an `Idempotency-Key`, checked by
//! settle-core's rules, changing records inside one transaction with the key.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::Rng;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use settle_core::api::{
    AcceptPlanOffer, Account, Agreement, ChangePromise, CheckoutStarted, CheckoutTarget, Dispute,
    DisputeEvent, DisputeMessage, DisputeStatus, Feedback, FeedbackSubject, HelpRequest, Invoice,
    Kind, Party, Plan, PlanOffer, PlanPolicy, PlanStatus, Promise, PromiseStatus, PromiseToPay,
    ProposePlan, RaiseDispute, Schedule, SendDisputeMessage, StartCheckout, WithdrawDispute,
};
use settle_core::figures::Ledger;
use settle_core::intents::IntentKind;
use settle_core::money::Money;
use settle_core::promise::PromiseError;
use sqlx::AnyConnection;

use crate::access::{held_account, owned};
use crate::attachments;
use crate::auth::Customer;
use crate::error::{ApiError, ApiResult};
use crate::idempotency::{once, Change, Intent, Reply};
use crate::records::{self, list, load, remove, save, Owner, Stored};
use crate::{AppState, Config};

/// What every change runs with: who asks, and when.
#[derive(Clone)]
pub struct Ctx {
    pub customer_id: String,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub config: Arc<Config>,
}

impl Ctx {
    pub fn new(state: &AppState, customer: &Customer) -> Ctx {
        let now = Utc::now();
        Ctx {
            customer_id: customer.id.clone(),
            now,
            today: now.date_naive(),
            config: state.config.clone(),
        }
    }
}

/// An intent as every intent route takes it: who asks, and what, with its idempotency
/// key. The body must come last among a handler's extractors.
pub struct Asked<T> {
    state: AppState,
    customer: Customer,
    intent: Intent<T>,
}

impl<T: DeserializeOwned> FromRequest<AppState> for Asked<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> ApiResult<Self> {
        let (mut parts, body) = request.into_parts();
        let customer = Customer::from_request_parts(&mut parts, state).await?;
        let intent = Intent::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Asked {
            state: state.clone(),
            customer,
            intent,
        })
    }
}

impl<T: Send + 'static> Asked<T> {
    /// Makes the change once per idempotency key, in the transaction that keeps the key
    /// with its reply; a retry gets that reply again.
    pub async fn once<F>(self, kind: IntentKind, change: F) -> ApiResult<Response>
    where
        F: for<'c> FnOnce(&'c mut AnyConnection, Ctx, T) -> Change<'c> + Send + 'static,
    {
        let ctx = Ctx::new(&self.state, &self.customer);
        let body = self.intent.body;
        once(
            &self.state,
            kind,
            &self.customer.id,
            &self.intent.key,
            move |conn| change(conn, ctx, body),
        )
        .await
    }
}

/// A new random id with a readable prefix (`dsp_3f2a…`).
pub fn new_id(prefix: &str) -> String {
    format!(
        "{prefix}_{}",
        hex::encode(rand::thread_rng().gen::<[u8; 10]>())
    )
}

/// A rule the request breaks that settle-core does not name.
fn rule(rule: &'static str, field: Option<&str>, message: impl Into<String>) -> ApiError {
    ApiError::Breach {
        rule,
        field: field.map(str::to_owned),
        message: message.into(),
    }
}

fn same_id(field: &str, in_body: &str, in_path: &str) -> ApiResult<()> {
    if in_body == in_path {
        Ok(())
    } else {
        Err(ApiError::invalid(
            field,
            format!("'{in_body}' does not match '{in_path}' in the path"),
        ))
    }
}

// ---- Disputes ----

/// `POST /api/v1/disputes`
#[utoipa::path(
    post,
    path = "/disputes",
    operation_id = "raiseDispute",
    tag = "Intents",
    summary = "Raise a dispute on an invoice (or some of its lines).",
    description = "Idempotent: needs an Idempotency-Key.",
    params(crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::RaiseDispute,
    responses(
        (status = 201, description = "The dispute.", body = settle_core::api::Dispute, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn raise_dispute(asked: Asked<RaiseDispute>) -> ApiResult<Response> {
    asked
        .once(IntentKind::RaiseDispute, |conn, ctx, body| {
            Box::pin(raise(conn, ctx, body))
        })
        .await
}

async fn raise(conn: &mut AnyConnection, ctx: Ctx, body: RaiseDispute) -> ApiResult<Reply> {
    let invoice: Stored<Invoice> =
        owned(conn, &ctx.customer_id, Kind::Invoice, &body.invoice_id).await?;
    let account_id = invoice.account_id;
    let disputes: Vec<Dispute> = list(conn, Kind::Dispute, &account_id).await?;
    let amount = body
        .check(&invoice.data, &disputes)
        .map_err(|e| ApiError::breach(&e))?;
    let attachments = attachments::resolve(conn, &ctx.customer_id, &body.attachment_ids).await?;
    let dispute = Dispute {
        id: new_id("dsp"),
        account_id: account_id.clone(),
        invoice_id: body.invoice_id,
        line_ids: body.line_ids,
        currency: amount.currency(),
        amount: amount.amount(),
        reason: body.reason,
        description: body.description,
        status: DisputeStatus::Submitted,
        raised_at: ctx.now,
        expected_response_by: ctx
            .today
            .checked_add_days(Days::new(ctx.config.dispute_response_days.into())),
        timeline: vec![DisputeEvent {
            status: DisputeStatus::Submitted,
            at: ctx.now,
            by: Party::Customer,
            note: None,
        }],
        attachments,
        resolution_note: None,
        feedback_given: false,
        client_reference: None,
    };
    save(
        conn,
        Kind::Dispute,
        &dispute.id,
        Owner::Account(&account_id),
        &dispute,
    )
    .await?;
    records::refresh_account(conn, &account_id, ctx.today).await?;
    Reply::new(StatusCode::CREATED, &dispute)
}

/// `POST /api/v1/disputes/{id}/messages`
#[utoipa::path(
    post,
    path = "/disputes/{id}/messages",
    operation_id = "sendDisputeMessage",
    tag = "Intents",
    summary = "Send a message on an open dispute.",
    description = "Idempotent: needs an Idempotency-Key. `dispute_id` must match the path.",
    params(("id" = String, Path), crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::SendDisputeMessage,
    responses(
        (status = 201, description = "The message.", body = settle_core::api::DisputeMessage, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn send_message(
    Path(dispute_id): Path<String>,
    asked: Asked<SendDisputeMessage>,
) -> ApiResult<Response> {
    asked
        .once(IntentKind::SendDisputeMessage, move |conn, ctx, body| {
            Box::pin(message(conn, ctx, dispute_id, body))
        })
        .await
}

async fn message(
    conn: &mut AnyConnection,
    ctx: Ctx,
    dispute_id: String,
    body: SendDisputeMessage,
) -> ApiResult<Reply> {
    let stored: Stored<Dispute> = owned(conn, &ctx.customer_id, Kind::Dispute, &dispute_id).await?;
    same_id("/dispute_id", &body.dispute_id, &dispute_id)?;
    body.check().map_err(|e| ApiError::breach(&e))?;
    let mut dispute = stored.data;
    if !dispute.is_open() {
        return Err(rule(
            "dispute.closed",
            None,
            format!(
                "the dispute is {}, so it takes no more messages",
                dispute.status
            ),
        ));
    }
    let attachments = attachments::resolve(conn, &ctx.customer_id, &body.attachment_ids).await?;
    let message = DisputeMessage {
        id: new_id("msg"),
        dispute_id: dispute.id.clone(),
        from: Party::Customer,
        body: body.body,
        sent_at: ctx.now,
        attachments,
    };
    let owner = Owner::Account(&stored.account_id);
    save(conn, Kind::DisputeMessage, &message.id, owner, &message).await?;
    // The answer the creditor asked for puts the dispute back under review.
    if dispute.status == DisputeStatus::MoreInformationNeeded {
        dispute.status = DisputeStatus::UnderReview;
        dispute.timeline.push(DisputeEvent {
            status: DisputeStatus::UnderReview,
            at: ctx.now,
            by: Party::Customer,
            note: None,
        });
        save(conn, Kind::Dispute, &dispute.id, owner, &dispute).await?;
    }
    Reply::new(StatusCode::CREATED, &message)
}

/// `POST /api/v1/disputes/{id}/withdraw`
#[utoipa::path(
    post,
    path = "/disputes/{id}/withdraw",
    operation_id = "withdrawDispute",
    tag = "Intents",
    summary = "Withdraw a dispute.",
    description = "Idempotent: needs an Idempotency-Key. `dispute_id` must match the path.",
    params(("id" = String, Path), crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::WithdrawDispute,
    responses(
        (status = 200, description = "The dispute.", body = settle_core::api::Dispute, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn withdraw_dispute(
    Path(dispute_id): Path<String>,
    asked: Asked<WithdrawDispute>,
) -> ApiResult<Response> {
    asked
        .once(IntentKind::WithdrawDispute, move |conn, ctx, body| {
            Box::pin(withdraw(conn, ctx, dispute_id, body))
        })
        .await
}

async fn withdraw(
    conn: &mut AnyConnection,
    ctx: Ctx,
    dispute_id: String,
    body: WithdrawDispute,
) -> ApiResult<Reply> {
    let stored: Stored<Dispute> = owned(conn, &ctx.customer_id, Kind::Dispute, &dispute_id).await?;
    same_id("/dispute_id", &body.dispute_id, &dispute_id)?;
    let mut dispute = stored.data;
    dispute.status = body.check(&dispute).map_err(|e| ApiError::breach(&e))?;
    dispute.timeline.push(DisputeEvent {
        status: dispute.status,
        at: ctx.now,
        by: Party::Customer,
        note: body.reason,
    });
    let owner = Owner::Account(&stored.account_id);
    save(conn, Kind::Dispute, &dispute.id, owner, &dispute).await?;
    records::refresh_account(conn, &stored.account_id, ctx.today).await?;
    Reply::new(StatusCode::OK, &dispute)
}

// ---- Plans ----

/// `POST /api/v1/plan-offers/{id}/accept`
#[utoipa::path(
    post,
    path = "/plan-offers/{id}/accept",
    operation_id = "acceptPlanOffer",
    tag = "Intents",
    summary = "Accept a plan the creditor offered.",
    description = "Idempotent: needs an Idempotency-Key. `offer_id` must match the path.",
    params(("id" = String, Path), crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::AcceptPlanOffer,
    responses(
        (status = 201, description = "The plan.", body = settle_core::api::Plan, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn accept_offer(
    Path(offer_id): Path<String>,
    asked: Asked<AcceptPlanOffer>,
) -> ApiResult<Response> {
    asked
        .once(IntentKind::AcceptPlanOffer, move |conn, ctx, body| {
            Box::pin(accept(conn, ctx, offer_id, body))
        })
        .await
}

async fn accept(
    conn: &mut AnyConnection,
    ctx: Ctx,
    offer_id: String,
    body: AcceptPlanOffer,
) -> ApiResult<Reply> {
    let stored: Stored<PlanOffer> =
        owned(conn, &ctx.customer_id, Kind::PlanOffer, &offer_id).await?;
    same_id("/offer_id", &body.offer_id, &offer_id)?;
    let offer = stored.data;
    body.check(&offer, ctx.today)
        .map_err(|e| ApiError::breach(&e))?;
    let account_id = stored.account_id;
    no_active_plan(conn, &account_id).await?;
    let agreement = Agreement {
        terms_version: body.terms_version,
        agreed_at: body.agreed_at,
        channel: body.channel,
        offer_id: Some(offer.id.clone()),
    };
    let plan = start_plan(
        conn,
        &account_id,
        offer.invoice_ids.clone(),
        offer.schedule,
        agreement,
    )
    .await?;
    // One plan at a time: the other offers no longer apply.
    let offers: Vec<PlanOffer> = list(conn, Kind::PlanOffer, &account_id).await?;
    for other in offers {
        remove(
            conn,
            Kind::PlanOffer,
            &other.id,
            Owner::Account(&account_id),
        )
        .await?;
    }
    records::refresh_account(conn, &account_id, ctx.today).await?;
    Reply::new(StatusCode::CREATED, &plan)
}

/// `POST /api/v1/plans`
#[utoipa::path(
    post,
    path = "/plans",
    operation_id = "proposePlan",
    tag = "Intents",
    summary = "Propose a payment plan within the account's plan policy.",
    description = "Idempotent: needs an Idempotency-Key.",
    params(crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::ProposePlan,
    responses(
        (status = 201, description = "The plan.", body = settle_core::api::Plan, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn propose_plan(asked: Asked<ProposePlan>) -> ApiResult<Response> {
    asked
        .once(IntentKind::ProposePlan, |conn, ctx, body| {
            Box::pin(propose(conn, ctx, body))
        })
        .await
}

async fn propose(conn: &mut AnyConnection, ctx: Ctx, body: ProposePlan) -> ApiResult<Reply> {
    let account = held_account(conn, &ctx.customer_id, &body.account_id).await?;
    let policy = policy(conn, &account.id).await?.ok_or_else(|| {
        rule(
            "plan.not_offered",
            None,
            "plans are not offered on this account",
        )
    })?;
    no_active_plan(conn, &account.id).await?;
    let owed = owed_on(conn, &account.id, &body.invoice_ids, ctx.today).await?;
    let schedule = body
        .check(&policy, ctx.today)
        .map_err(|e| ApiError::breach(&e))?;
    if schedule.principal > owed {
        return Err(rule(
            "plan.amount_above_owed",
            Some("/amount"),
            format!(
                "the plan is for {}, more than the {owed} owed",
                schedule.principal
            ),
        ));
    }
    let agreement = Agreement {
        terms_version: body.terms_version,
        agreed_at: body.agreed_at,
        channel: body.channel,
        offer_id: None,
    };
    let plan = start_plan(conn, &account.id, body.invoice_ids, schedule, agreement).await?;
    records::refresh_account(conn, &account.id, ctx.today).await?;
    Reply::new(StatusCode::CREATED, &plan)
}

/// The plan policy of an account: the `plan_policy` record whose id is the account's id.
pub async fn policy(conn: &mut AnyConnection, account_id: &str) -> ApiResult<Option<PlanPolicy>> {
    Ok(load::<PlanPolicy>(conn, Kind::PlanPolicy, account_id)
        .await?
        .map(|stored| stored.data))
}

async fn no_active_plan(conn: &mut AnyConnection, account_id: &str) -> ApiResult<()> {
    let plans: Vec<Plan> = list(conn, Kind::Plan, account_id).await?;
    if plans.iter().any(|plan| plan.status == PlanStatus::Active) {
        return Err(rule(
            "plan.already_active",
            None,
            "this account already has an active plan; it must end before another starts",
        ));
    }
    Ok(())
}

/// What is owed and undisputed on the chosen invoices (all of the account's when none
/// are chosen), checking each is on the account.
async fn owed_on(
    conn: &mut AnyConnection,
    account_id: &str,
    invoice_ids: &[String],
    today: NaiveDate,
) -> ApiResult<Decimal> {
    let row = records::account_row(conn, account_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let invoices: Vec<Invoice> = list(conn, Kind::Invoice, account_id).await?;
    let disputes: Vec<Dispute> = list(conn, Kind::Dispute, account_id).await?;
    let ledger = Ledger {
        currency: row.currency,
        credit_limit: row.credit_limit,
        invoices: &invoices,
        payments: &[],
        disputes: &disputes,
        plans: &[],
    };
    if invoice_ids.is_empty() {
        let figures = ledger.figures(today).map_err(records::internal)?;
        return Ok(figures.overdue + figures.not_yet_due);
    }
    let mut owed = Decimal::ZERO;
    for (index, id) in invoice_ids.iter().enumerate() {
        let invoice = invoices
            .iter()
            .find(|invoice| &invoice.id == id)
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("/invoice_ids/{index}"),
                    format!("there is no invoice '{id}' on this account"),
                )
            })?;
        owed += (invoice.open() - ledger.disputed_on(invoice)).max(Decimal::ZERO);
    }
    Ok(owed)
}

async fn start_plan(
    conn: &mut AnyConnection,
    account_id: &str,
    invoice_ids: Vec<String>,
    schedule: Schedule,
    agreement: Agreement,
) -> ApiResult<Plan> {
    let missed_instalment_rule = policy(conn, account_id)
        .await?
        .map(|policy| policy.missed_instalment_rule)
        .unwrap_or_default();
    let plan = Plan::agreed(
        new_id("pln"),
        account_id.to_owned(),
        invoice_ids,
        &schedule,
        agreement,
        missed_instalment_rule,
    );
    let owner = Owner::Account(account_id);
    for (index, invoice_id) in plan.invoice_ids.iter().enumerate() {
        let stored = load::<Invoice>(conn, Kind::Invoice, invoice_id)
            .await?
            .filter(|stored| stored.account_id == account_id)
            .ok_or_else(|| {
                ApiError::invalid(
                    format!("/invoice_ids/{index}"),
                    format!("there is no invoice '{invoice_id}' on this account"),
                )
            })?;
        let mut invoice = stored.data;
        invoice.plan_id = Some(plan.id.clone());
        save(conn, Kind::Invoice, &invoice.id, owner, &invoice).await?;
    }
    save(conn, Kind::Plan, &plan.id, owner, &plan).await?;
    Ok(plan)
}

// ---- Promises ----

/// `POST /api/v1/promises`
#[utoipa::path(
    post,
    path = "/promises",
    operation_id = "promiseToPay",
    tag = "Intents",
    summary = "Promise to pay an amount by a date.",
    description = "Idempotent: needs an Idempotency-Key.",
    params(crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::PromiseToPay,
    responses(
        (status = 201, description = "The promise.", body = settle_core::api::Promise, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn promise_to_pay(asked: Asked<PromiseToPay>) -> ApiResult<Response> {
    asked
        .once(IntentKind::PromiseToPay, |conn, ctx, body| {
            Box::pin(promise(conn, ctx, body))
        })
        .await
}

async fn promise(conn: &mut AnyConnection, ctx: Ctx, body: PromiseToPay) -> ApiResult<Reply> {
    let account = held_account(conn, &ctx.customer_id, &body.account_id).await?;
    let policy = policy(conn, &account.id)
        .await?
        .ok_or_else(|| ApiError::breach(&PromiseError::NotOffered))?;
    let owed = owed_on(conn, &account.id, &[], ctx.today).await?;
    let owed = Money::new(owed.max(Decimal::ZERO), account.currency).map_err(records::internal)?;
    let amount = body
        .check(&policy, owed, ctx.today)
        .map_err(|e| ApiError::breach(&e))?;
    let promise = Promise {
        id: new_id("prm"),
        account_id: account.id.clone(),
        currency: amount.currency(),
        amount: amount.amount(),
        date: body.date,
        status: PromiseStatus::Open,
        original_date: None,
        made_at: ctx.now,
    };
    let owner = Owner::Account(&account.id);
    save(conn, Kind::Promise, &promise.id, owner, &promise).await?;
    Reply::new(StatusCode::CREATED, &promise)
}

/// `POST /api/v1/promises/{id}/change`
#[utoipa::path(
    post,
    path = "/promises/{id}/change",
    operation_id = "changePromise",
    tag = "Intents",
    summary = "Move a promise's date (once).",
    description = "Idempotent: needs an Idempotency-Key. `promise_id` must match the path.",
    params(("id" = String, Path), crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::ChangePromise,
    responses(
        (status = 200, description = "The promise.", body = settle_core::api::Promise, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn change_promise(
    Path(promise_id): Path<String>,
    asked: Asked<ChangePromise>,
) -> ApiResult<Response> {
    asked
        .once(IntentKind::ChangePromise, move |conn, ctx, body| {
            Box::pin(change(conn, ctx, promise_id, body))
        })
        .await
}

async fn change(
    conn: &mut AnyConnection,
    ctx: Ctx,
    promise_id: String,
    body: ChangePromise,
) -> ApiResult<Reply> {
    let stored: Stored<Promise> = owned(conn, &ctx.customer_id, Kind::Promise, &promise_id).await?;
    same_id("/promise_id", &body.promise_id, &promise_id)?;
    let policy = policy(conn, &stored.account_id)
        .await?
        .ok_or_else(|| ApiError::breach(&PromiseError::NotOffered))?;
    let mut promise = stored.data;
    body.check(&promise, &policy, ctx.today)
        .map_err(|e| ApiError::breach(&e))?;
    promise.original_date = Some(promise.date);
    promise.date = body.date;
    let owner = Owner::Account(&stored.account_id);
    save(conn, Kind::Promise, &promise.id, owner, &promise).await?;
    Reply::new(StatusCode::OK, &promise)
}

// ---- Help and feedback ----

/// The answer to a help request or feedback: it reached the creditor.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Received {
    pub id: String,
    pub received_at: DateTime<Utc>,
}

/// `POST /api/v1/help`
#[utoipa::path(
    post,
    path = "/help",
    operation_id = "askForHelp",
    tag = "Intents",
    summary = "Ask for help (breathing space or a reduced plan).",
    description = "Idempotent: needs an Idempotency-Key.",
    params(crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::HelpRequest,
    responses(
        (status = 202, description = "The request reached the creditor.", body = crate::intents::Received, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn ask_for_help(asked: Asked<HelpRequest>) -> ApiResult<Response> {
    asked
        .once(IntentKind::AskForHelp, |conn, ctx, body| {
            Box::pin(help(conn, ctx, body))
        })
        .await
}

async fn help(conn: &mut AnyConnection, ctx: Ctx, body: HelpRequest) -> ApiResult<Reply> {
    let account = held_account(conn, &ctx.customer_id, &body.account_id).await?;
    body.validate()
        .map_err(|e| ApiError::invalid(e.field, e.reason))?;
    same_currency(account.currency, body.currency)?;
    let received = Received {
        id: new_id("hlp"),
        received_at: ctx.now,
    };
    sqlx::query(
        "INSERT INTO help_requests (id, customer_id, account_id, data, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&received.id)
    .bind(&ctx.customer_id)
    .bind(&account.id)
    .bind(serde_json::to_string(&body).map_err(records::internal)?)
    .bind(ctx.now.timestamp())
    .execute(&mut *conn)
    .await?;
    // The request's id only: what kind of help a customer needs is theirs.
    tracing::info!(id = %received.id, "help requested");
    Reply::new(StatusCode::ACCEPTED, &received)
}

fn same_currency(
    account: settle_core::currency::Currency,
    given: settle_core::currency::Currency,
) -> ApiResult<()> {
    if account == given {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "/currency",
            format!("the account is in {account}, not {given}"),
        ))
    }
}

/// `POST /api/v1/feedback`
#[utoipa::path(
    post,
    path = "/feedback",
    operation_id = "sendFeedback",
    tag = "Intents",
    summary = "Send satisfaction (and effort) feedback.",
    description = "Idempotent: needs an Idempotency-Key.",
    params(crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::Feedback,
    responses(
        (status = 201, description = "Received.", body = crate::intents::Received, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn send_feedback(asked: Asked<Feedback>) -> ApiResult<Response> {
    asked
        .once(IntentKind::SendFeedback, |conn, ctx, body| {
            Box::pin(feedback(conn, ctx, body))
        })
        .await
}

async fn feedback(conn: &mut AnyConnection, ctx: Ctx, body: Feedback) -> ApiResult<Reply> {
    body.check().map_err(|e| ApiError::breach(&e))?;
    match &body.subject {
        FeedbackSubject::Dispute { dispute_id } => {
            let stored: Stored<Dispute> =
                owned(conn, &ctx.customer_id, Kind::Dispute, dispute_id).await?;
            let mut dispute = stored.data;
            if !dispute.asks_for_feedback() {
                return Err(rule(
                    "feedback.not_asked",
                    Some("/subject/dispute_id"),
                    "feedback is asked once, after a dispute is resolved",
                ));
            }
            dispute.feedback_given = true;
            let owner = Owner::Account(&stored.account_id);
            save(conn, Kind::Dispute, &dispute.id, owner, &dispute).await?;
        }
        FeedbackSubject::Plan { plan_id } => {
            owned::<Plan>(conn, &ctx.customer_id, Kind::Plan, plan_id).await?;
        }
        FeedbackSubject::Portal => {}
    }
    let received = Received {
        id: new_id("fbk"),
        received_at: ctx.now,
    };
    sqlx::query("INSERT INTO feedback (id, customer_id, data, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&received.id)
        .bind(&ctx.customer_id)
        .bind(serde_json::to_string(&body).map_err(records::internal)?)
        .bind(ctx.now.timestamp())
        .execute(&mut *conn)
        .await?;
    Reply::new(StatusCode::CREATED, &received)
}

// ---- Checkout ----

/// `POST /api/v1/checkouts`
#[utoipa::path(
    post,
    path = "/checkouts",
    operation_id = "startCheckout",
    tag = "Intents",
    summary = "Start a card checkout for the balance, an invoice or an instalment.",
    description = "Idempotent: needs an Idempotency-Key.",
    params(crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body = settle_core::api::StartCheckout,
    responses(
        (status = 201, description = "Where to send the customer to pay.", body = settle_core::api::CheckoutStarted, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        crate::openapi::IntentErrors,
    ),
    security(("session" = [])),
)]
pub async fn start_checkout(asked: Asked<StartCheckout>) -> ApiResult<Response> {
    asked
        .once(IntentKind::StartCheckout, |conn, ctx, body| {
            Box::pin(checkout(conn, ctx, body))
        })
        .await
}

async fn checkout(conn: &mut AnyConnection, ctx: Ctx, body: StartCheckout) -> ApiResult<Reply> {
    let account = held_account(conn, &ctx.customer_id, &body.account_id).await?;
    body.validate()
        .map_err(|e| ApiError::invalid(e.field, e.reason))?;
    same_currency(account.currency, body.currency)?;
    let payable = payable(conn, &ctx, &account.id, &body.target).await?;
    if body.amount > payable {
        return Err(rule(
            "checkout.amount_above_payable",
            Some("/amount"),
            format!(
                "{} is more than the {payable} that can be paid",
                body.amount
            ),
        ));
    }
    let id = new_id("chk");
    sqlx::query(
        "INSERT INTO checkouts (id, customer_id, account_id, data, state, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5)",
    )
    .bind(&id)
    .bind(&ctx.customer_id)
    .bind(&account.id)
    .bind(serde_json::to_string(&body).map_err(records::internal)?)
    .bind(ctx.now.timestamp())
    .execute(&mut *conn)
    .await?;
    let started = CheckoutStarted {
        redirect_url: format!("/test-payments/{id}"),
        checkout_id: id,
    };
    Reply::new(StatusCode::CREATED, &started)
}

/// What may be paid towards a target now.
async fn payable(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    account_id: &str,
    target: &CheckoutTarget,
) -> ApiResult<Decimal> {
    match target {
        CheckoutTarget::Balance => {
            let account = load::<Account>(conn, Kind::Account, account_id)
                .await?
                .ok_or(ApiError::NotFound)?;
            Ok(account.data.balance.max(Decimal::ZERO))
        }
        CheckoutTarget::Invoice { invoice_id } => {
            let invoice: Stored<Invoice> =
                owned(conn, &ctx.customer_id, Kind::Invoice, invoice_id).await?;
            if invoice.account_id != account_id {
                return Err(ApiError::NotFound);
            }
            Ok(invoice.data.open().max(Decimal::ZERO))
        }
        CheckoutTarget::Instalment { plan_id, number } => {
            let plan: Stored<Plan> = owned(conn, &ctx.customer_id, Kind::Plan, plan_id).await?;
            if plan.account_id != account_id {
                return Err(ApiError::NotFound);
            }
            let instalment = plan
                .data
                .instalments
                .iter()
                .find(|i| i.number == *number)
                .ok_or(ApiError::NotFound)?;
            Ok((instalment.amount - instalment.paid).max(Decimal::ZERO))
        }
    }
}
