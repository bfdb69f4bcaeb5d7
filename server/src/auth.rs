//! Sign-in with an email and a one-time code, sessions in an HttpOnly cookie, and the
//! CSRF header check for state-changing requests.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, request::Parts, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use rand::Rng;
use settle_core::api::{CodeRequest, ContactPreferences, Kind, Session, SignIn};
use settle_core::contact::Setting;
use sha2::{Digest, Sha256};

use crate::db::now_unix;
use crate::error::{ApiError, ApiResult, Body};
use crate::records;
use crate::sign_in_mail::Language;
use crate::AppState;

/// How long a one-time code stays valid.
pub const CODE_LIFETIME_SECS: i64 = 10 * 60;
/// Wrong guesses allowed before a code is void.
const CODE_ATTEMPTS: i64 = 5;
/// The window the code request limits count over.
const CODE_REQUEST_WINDOW_SECS: i64 = 15 * 60;
/// How long a session lasts.
const SESSION_LIFETIME_SECS: i64 = 30 * 24 * 3600;
/// On a shared device a session is kept short, in case the browser is left open.
const SHARED_DEVICE_SESSION_SECS: i64 = 4 * 3600;
/// The header every state-changing API request must carry. A cross-site form cannot set
/// it, and a cross-site script cannot send it without a CORS preflight we never grant.
pub const CSRF_HEADER: &str = "x-settle-csrf";

fn hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

pub fn normalise_email(email: &str) -> ApiResult<String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
    if valid {
        Ok(email)
    } else {
        Err(ApiError::invalid(
            "email",
            "enter an email address like name@example.com",
        ))
    }
}

/// `POST /api/v1/session/code`: make a code for this address and mail it. Answers 202
/// whether or not the address is known, so the endpoint does not reveal who is a
/// customer. For the same reason whether the code can be sent is decided before the
/// address is looked at: when the mail relay refuses or is down, every request answers
/// 503; the mail itself goes out in the background.
#[utoipa::path(
    post,
    path = "/session/code",
    operation_id = "requestCode",
    tag = "Session",
    summary = "Send a one-time sign-in code to an email address.",
    description = "Answers 202 whether or not the address belongs to a customer. Limited per address and per client IP. When the server mails codes and its mail relay refuses or is down, answers 503 (`sign-in-code-not-sent`), for every address alike.",
    params(crate::openapi::Csrf),
    request_body = settle_core::api::CodeRequest,
    responses(
        (status = 202, description = "If the address is a customer's, a code is on its way (valid 10 minutes, 5 attempts)."),
        (status = 403, response = crate::openapi::CsrfMissing),
        (status = 413, response = crate::openapi::TooLarge),
        (status = 422, response = crate::openapi::Unprocessable),
        (status = 429, response = crate::openapi::RateLimited),
        (status = 503, description = "The code could not be sent: the mail relay refused or is down (`sign-in-code-not-sent`). Try again in a moment.", body = settle_core::api::Problem, content_type = "application/problem+json", headers(("Retry-After" = i64, description = "Seconds to wait."))),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
)]
pub async fn request_code(
    State(state): State<AppState>,
    client: ClientIp,
    headers: HeaderMap,
    Body(request): Body<CodeRequest>,
) -> ApiResult<StatusCode> {
    let email = normalise_email(&request.email)?;
    // Before the writers' queue: a relay that is slow to answer holds up no one else.
    if let Some(mail) = &state.mail {
        if !mail.relay_answers().await {
            state.metrics.sign_in_code("not_sent");
            return Err(ApiError::CodeNotSent);
        }
    }
    // The counters and the code are written: in the writers' queue, as every write is.
    let _turn = state.db.turn().await;
    // Limits apply to unknown addresses too, so they reveal nothing either.
    rate_limit(
        &state,
        &format!("email:{email}"),
        state.config.codes_per_address(),
    )
    .await?;
    if let Some(ip) = client.0 {
        rate_limit(&state, &format!("ip:{ip}"), state.config.codes_per_ip()).await?;
    }
    let known: Option<(String,)> = sqlx::query_as("SELECT id FROM customers WHERE email = $1")
        .bind(&email)
        .fetch_optional(&state.db.pool)
        .await?;
    let Some((customer_id,)) = known else {
        return Ok(StatusCode::ACCEPTED);
    };
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    sqlx::query("DELETE FROM sign_in_codes WHERE email = $1")
        .bind(&email)
        .execute(&state.db.pool)
        .await?;
    sqlx::query(
        "INSERT INTO sign_in_codes (email, code_hash, expires_at, attempts) VALUES ($1, $2, $3, 0)",
    )
    .bind(&email)
    .bind(hash(&format!("{email}:{code}")))
    .bind(now_unix() + CODE_LIFETIME_SECS)
    .execute(&state.db.pool)
    .await?;
    let accept_language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    let language = Language::choose(
        chosen_language(&state, &customer_id).await?.as_deref(),
        accept_language,
    );
    state.deliver_code(&email, &code, language);
    state.metrics.sign_in_code("created");
    Ok(StatusCode::ACCEPTED)
}

/// The language the customer chose in their contact preferences, if they ever changed it:
/// the one every customer starts with was not their choice, and their browser's
/// languages say more.
async fn chosen_language(state: &AppState, customer_id: &str) -> ApiResult<Option<String>> {
    let mut conn = state.db.pool.acquire().await?;
    let stored =
        records::load::<ContactPreferences>(&mut conn, Kind::Preferences, customer_id).await?;
    Ok(stored
        .map(|stored| stored.data)
        .filter(|preferences| {
            preferences
                .history
                .iter()
                .any(|change| change.settings.contains(&Setting::Language))
        })
        .map(|preferences| preferences.language))
}

/// `POST /api/v1/session`: check the code and start a session.
#[utoipa::path(
    post,
    path = "/session",
    operation_id = "signIn",
    tag = "Session",
    summary = "Sign in with the email and the one-time code.",
    params(crate::openapi::Csrf),
    request_body = settle_core::api::SignIn,
    responses(
        (status = 200, description = "Signed in; the session cookie is set.", body = settle_core::api::Session, headers(("Set-Cookie" = String, description = "The session cookie: `__Host-settle_session` (over HTTPS) or `settle_session`; HttpOnly, SameSite=Strict, Path=/, 30 days."))),
        (status = 401, description = "The code is wrong or has expired (`sign-in-code-invalid`).", body = settle_core::api::Problem, content_type = "application/problem+json"),
        (status = 403, response = crate::openapi::CsrfMissing),
        (status = 413, response = crate::openapi::TooLarge),
        (status = 422, response = crate::openapi::Unprocessable),
        (status = 429, response = crate::openapi::RateLimited),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
)]
pub async fn sign_in(
    State(state): State<AppState>,
    Body(request): Body<SignIn>,
) -> ApiResult<Response> {
    let email = normalise_email(&request.email)?;
    let _turn = state.db.turn().await;
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT code_hash, expires_at, attempts FROM sign_in_codes WHERE email = $1",
    )
    .bind(&email)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some((code_hash, expires_at, attempts)) = row else {
        return Err(ApiError::BadCode);
    };
    if attempts >= CODE_ATTEMPTS {
        return Err(ApiError::TooManyRequests);
    }
    if expires_at < now_unix() || code_hash != hash(&format!("{email}:{}", request.code.trim())) {
        sqlx::query("UPDATE sign_in_codes SET attempts = attempts + 1 WHERE email = $1")
            .bind(&email)
            .execute(&state.db.pool)
            .await?;
        return Err(ApiError::BadCode);
    }
    sqlx::query("DELETE FROM sign_in_codes WHERE email = $1")
        .bind(&email)
        .execute(&state.db.pool)
        .await?;
    let (customer_id, name): (String, String) =
        sqlx::query_as("SELECT id, name FROM customers WHERE email = $1")
            .bind(&email)
            .fetch_one(&state.db.pool)
            .await?;
    let token = hex::encode(rand::thread_rng().gen::<[u8; 32]>());
    let lifetime = if request.shared_device {
        SHARED_DEVICE_SESSION_SECS
    } else {
        SESSION_LIFETIME_SECS
    };
    let expires_at = now_unix() + lifetime;
    sqlx::query("INSERT INTO sessions (token_hash, customer_id, expires_at) VALUES ($1, $2, $3)")
        .bind(hash(&token))
        .bind(&customer_id)
        .bind(expires_at)
        .execute(&state.db.pool)
        .await?;
    let session = Session {
        customer_id,
        email,
        name,
        expires_at: chrono::DateTime::from_timestamp(expires_at, 0).unwrap_or_default(),
    };
    // A cookie without Max-Age is gone when the browser closes.
    let max_age = (!request.shared_device).then_some(lifetime);
    let cookie = session_cookie(&state, token, max_age);
    Ok((CookieJar::new().add(cookie), Json(session)).into_response())
}

/// `GET /api/v1/session`: who is signed in.
#[utoipa::path(
    get,
    path = "/session",
    operation_id = "getSession",
    tag = "Session",
    summary = "Who is signed in.",
    responses(
        (status = 200, description = "The session.", body = settle_core::api::Session),
        (status = 401, response = crate::openapi::Unauthenticated),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("session" = [])),
)]
pub async fn current(
    State(state): State<AppState>,
    customer: Customer,
) -> ApiResult<Json<Session>> {
    let (email, name): (String, String) =
        sqlx::query_as("SELECT email, name FROM customers WHERE id = $1")
            .bind(&customer.id)
            .fetch_one(&state.db.pool)
            .await?;
    Ok(Json(Session {
        customer_id: customer.id,
        email,
        name,
        expires_at: chrono::DateTime::from_timestamp(customer.expires_at, 0).unwrap_or_default(),
    }))
}

/// `DELETE /api/v1/session`: end the session on the server and clear the cookie.
#[utoipa::path(
    delete,
    path = "/session",
    operation_id = "signOut",
    tag = "Session",
    summary = "Sign out: end the session and clear the cookie.",
    params(crate::openapi::Csrf),
    responses(
        (status = 204, description = "Signed out (also when there was no session).", headers(("Set-Cookie" = String))),
        (status = 403, response = crate::openapi::CsrfMissing),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
)]
pub async fn sign_out(State(state): State<AppState>, jar: CookieJar) -> ApiResult<Response> {
    if let Some(token) = session_token(&state, &jar) {
        let _turn = state.db.turn().await;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(hash(&token))
            .execute(&state.db.pool)
            .await?;
    }
    // Added rather than removed from the jar: the jar would send nothing for a cookie
    // this request did not carry, and a clearing cookie is wanted either way.
    let cookie = session_cookie(&state, String::new(), Some(0));
    Ok((StatusCode::NO_CONTENT, jar.add(cookie)).into_response())
}

/// The cookie's name: `__Host-` needs Secure, which browsers only keep over HTTPS.
fn cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-settle_session"
    } else {
        "settle_session"
    }
}

/// The session cookie; with no `max_age` it lasts until the browser closes.
fn session_cookie(state: &AppState, token: String, max_age: Option<i64>) -> Cookie<'static> {
    let mut session = Cookie::build((cookie_name(state), token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.secure_cookies)
        .build();
    session.set_max_age(max_age.map(cookie::time::Duration::seconds));
    session
}

fn session_token(state: &AppState, jar: &CookieJar) -> Option<String> {
    jar.get(cookie_name(state))
        .map(|cookie| cookie.value().to_owned())
}

/// The session cookie a request carries, not yet checked against the sessions: for a
/// handler that checks it in its own query, saving a round trip to the database. The
/// session is valid while `sessions` has a row with `token_hash` whose `expires_at` is
/// after now, as [`Customer`] checks. Rejects with 401 when there is no cookie.
pub struct SessionCookie {
    pub token_hash: String,
}

impl FromRequestParts<AppState> for SessionCookie {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = session_token(state, &jar).ok_or(ApiError::Unauthenticated)?;
        Ok(SessionCookie {
            token_hash: hash(&token),
        })
    }
}

/// The signed-in customer, taken from the session cookie. Rejects with 401.
pub struct Customer {
    pub id: String,
    pub expires_at: i64,
}

impl FromRequestParts<AppState> for Customer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let cookie = SessionCookie::from_request_parts(parts, state).await?;
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT customer_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(&cookie.token_hash)
        .bind(now_unix())
        .fetch_optional(&state.db.pool)
        .await?;
        let (id, expires_at) = row.ok_or(ApiError::Unauthenticated)?;
        Ok(Customer { id, expires_at })
    }
}

/// Middleware: state-changing API requests must carry [`CSRF_HEADER`].
pub async fn require_csrf_header(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || request.headers().contains_key(CSRF_HEADER) {
        next.run(request).await
    } else {
        ApiError::MissingCsrfHeader.into_response()
    }
}

/// Counts a code request against `subject` and refuses it with 429 when the window is
/// full. Refused requests are not counted, so waiting always helps.
async fn rate_limit(state: &AppState, subject: &str, limit: u32) -> ApiResult<()> {
    let now = now_unix();
    let (recent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM code_requests WHERE subject = $1 AND at > $2")
            .bind(subject)
            .bind(now - CODE_REQUEST_WINDOW_SECS)
            .fetch_one(&state.db.pool)
            .await?;
    if recent >= i64::from(limit) {
        // The subject's kind only: its value is an email or IP address.
        let by = subject.split(':').next().unwrap_or_default();
        tracing::warn!(by, "sign-in code requests rate-limited");
        state.metrics.sign_in_code("rate_limited");
        return Err(ApiError::TooManyRequests);
    }
    sqlx::query("INSERT INTO code_requests (subject, at) VALUES ($1, $2)")
        .bind(subject)
        .bind(now)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Forgets code requests older than the rate-limit window.
pub async fn purge_code_requests(state: &AppState) -> Result<u64, sqlx::Error> {
    let _turn = state.db.turn().await;
    let purged = sqlx::query("DELETE FROM code_requests WHERE at < $1")
        .bind(now_unix() - CODE_REQUEST_WINDOW_SECS)
        .execute(&state.db.pool)
        .await?;
    Ok(purged.rows_affected())
}

/// The client's IP address: the connection's peer, or with `--trust-forwarded-for` the
/// last X-Forwarded-For entry (the one the trusted proxy added).
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        if state.config.trust_forwarded_for {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .filter_map(|entry| entry.trim().parse().ok())
                .next_back();
            if forwarded.is_some() {
                return Ok(ClientIp(forwarded));
            }
        }
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(ClientIp(peer))
    }
}
