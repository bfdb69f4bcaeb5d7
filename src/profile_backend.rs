//! A backend described by a profile (SPEC §6): the sync engine's [`Backend`] built on the
//! rules in `settle_core::profile`. This file only does the requests; every decision
//! about URLs, pages, fields and duplicates is the profile's.
//!
//! An answer that does not fit the profile is an error for the whole page, so nothing of
//! it reaches the store; single items that do not fit are reported on the console with the
//! pointer at fault and skipped.

use std::sync::Arc;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde_json::Value;
use settle_core::api::{Problem, SyncPage};
use settle_core::checkout::StartCheckout;
use settle_core::intents::Intent;
use settle_core::outbox::{self, Attempt, OutboxEntry};
use settle_core::profile::{
    Body, ItemError, ListResponse, Profile, Step, SyncCursor, ValuePlace, ValueSource,
};
use web_sys::{Blob, FormData, RequestCredentials};

use crate::api::{self, ApiError};
use crate::backend::Backend;
use crate::js;

/// A backend reached through its profile.
#[derive(Debug, Clone)]
pub struct ProfileBackend {
    /// The checked profile.
    pub profile: Arc<Profile>,
}

impl ProfileBackend {
    /// The backend `profile` describes.
    pub fn new(profile: Arc<Profile>) -> ProfileBackend {
        ProfileBackend { profile }
    }

    /// The host value named `name` in the profile's `values`, as the host page left it.
    fn host(&self, name: &str) -> Option<String> {
        self.profile.values.get(name).and_then(read_host_value)
    }

    /// A request with the profile's headers, authentication and credentials mode.
    fn builder(&self, method: &str, url: &str, headers: &[(String, String)]) -> RequestBuilder {
        let mut builder = api::within(
            match method {
                "POST" => Request::post(url),
                "PUT" => Request::put(url),
                "PATCH" => Request::patch(url),
                _ => Request::get(url),
            },
            api::ANSWER_WITHIN_MS,
        );
        // Cookies go only to a backend that authenticates with them; a token backend on
        // another origin then needs no credentialed CORS.
        builder = builder.credentials(if self.profile.sends_cookies() {
            RequestCredentials::Include
        } else {
            RequestCredentials::Omit
        });
        let token = self.profile.token_source().and_then(read_host_value);
        let auth = token.and_then(|token| self.profile.auth_header(&token));
        for (name, value) in self
            .profile
            .common_headers()
            .iter()
            .chain(auth.iter())
            .chain(headers.iter())
        {
            builder = builder.header(name, value);
        }
        builder
    }

    /// GETs `url` and reads its JSON; `None` for a `304 Not Modified`.
    async fn get_json(
        &self,
        url: &str,
        headers: &[(String, String)],
    ) -> Result<(u16, Option<String>, Option<String>, Value), ApiError> {
        let response = self
            .builder("GET", url, headers)
            .send()
            .await
            .map_err(|_| ApiError::Offline)?;
        let status = response.status();
        let link = response.headers().get("Link");
        let etag = response.headers().get("ETag");
        match status {
            304 => Ok((status, link, etag, Value::Null)),
            200..=299 => Ok((status, link, etag, json_body(&response, url).await?)),
            401 => Err(ApiError::Unauthenticated),
            _ => Err(ApiError::Unexpected(format!("HTTP {status} from {url}"))),
        }
    }

    /// For an action protected by a client reference: asks the backend whether it
    /// already has it. `Ok(true)`: it does; an error is the attempt to report instead of
    /// sending, so an action is never sent blindly after an answer it cannot read.
    async fn already_done(&self, entry: &OutboxEntry) -> Result<bool, Attempt> {
        let Some(lookup) = self.profile.lookup_request(entry) else {
            return Ok(false);
        };
        let response = self
            .builder(lookup.method, &lookup.url, &lookup.headers)
            .send()
            .await
            .map_err(|_| Attempt::NoAnswer)?;
        let status = response.status();
        if !(200..300).contains(&status) {
            // The lookup's own refusal is not the action's: try again later.
            return Err(server_trouble(&format!(
                "HTTP {status} when looking the action up"
            )));
        }
        let answer = json_body(&response, &lookup.url)
            .await
            .map_err(|error| server_trouble(&error.to_string()))?;
        self.profile.already_done(entry, &answer).map_err(|reason| {
            warn(&format!(
                "{}: the lookup's answer: {reason}",
                self.profile.name
            ));
            server_trouble(&reason)
        })
    }
}

impl Backend for ProfileBackend {
    async fn pull(&self, checkpoint: Option<&str>) -> Result<SyncPage, ApiError> {
        let profile = &*self.profile;
        let mut cursor = SyncCursor::from_checkpoint(checkpoint);
        let Some(step) = cursor.current(profile) else {
            // A profile that reads nothing: there is never anything to store.
            return Ok(SyncPage {
                items: Vec::new(),
                checkpoint: cursor.to_checkpoint(),
                more: false,
            });
        };
        let (items, skipped, done) = match step {
            Step::Feed => {
                let request = profile
                    .feed_request(cursor.feed.as_deref())
                    .map_err(|error| ApiError::Unexpected(error.to_string()))?;
                let (_, _, _, body) = self.get_json(&request.url, &request.headers).await?;
                let page = profile.read_feed(&body).map_err(not_fitting)?;
                cursor.feed = Some(page.checkpoint);
                (page.items, page.skipped, !page.more)
            }
            Step::List(kind) => {
                let mut state = cursor.lists.get(&kind).cloned().unwrap_or_default();
                let request = profile
                    .list_request(kind, &state, &|name| self.host(name))
                    .map_err(|error| ApiError::Unexpected(error.to_string()))?;
                let (status, link, etag, body) =
                    self.get_json(&request.url, &request.headers).await?;
                let response = ListResponse {
                    status,
                    link: link.as_deref(),
                    etag: etag.as_deref(),
                    body: &body,
                };
                let page = profile
                    .read_list_related(kind, &mut state, &response, &mut cursor.related)
                    .map_err(not_fitting)?;
                cursor.lists.insert(kind, state);
                (page.items, page.skipped, page.done)
            }
        };
        for error in &skipped {
            warn(&format!("{}: {error}", profile.name));
        }
        let more = cursor.advance(profile, step, done);
        Ok(SyncPage {
            items,
            checkpoint: cursor.to_checkpoint(),
            more,
        })
    }

    async fn send(&self, entry: &OutboxEntry, file: Option<&Blob>) -> Attempt {
        // A retry of an action sent with a client reference first asks whether the
        // earlier attempt arrived, whatever became of its answer.
        if entry.attempts > 0 {
            match self.already_done(entry).await {
                Ok(true) => return delivered(),
                Ok(false) => {}
                Err(attempt) => return attempt,
            }
        }
        let request = match self.profile.intent_request(entry, &|name| self.host(name)) {
            Ok(request) => request,
            Err(reason) => return refused(&reason),
        };
        let builder = self.builder(request.method, &request.url, &request.headers);
        let built = match request.body {
            Body::None => builder.build().map_err(|e| e.to_string()),
            Body::Json(body) => builder.json(&body).map_err(|e| e.to_string()),
            Body::Multipart {
                file_part,
                meta_part,
                meta,
            } => match file {
                Some(file) => multipart(
                    api::within(builder, api::UPLOAD_WITHIN_MS),
                    &file_part,
                    meta_part.as_deref(),
                    &meta,
                    file,
                ),
                None => Err("the file to upload is no longer on this device".to_owned()),
            },
        };
        let request = match built {
            Ok(request) => request,
            Err(reason) => return refused(&reason),
        };
        let attempt = api::attempt(request.send().await).await;
        // The refusal may be of a copy: the browser resent the POST after a lost answer,
        // and a backend keeping client references unique refused the second.
        if outbox::is_refusal(&attempt) && matches!(self.already_done(entry).await, Ok(true)) {
            return delivered();
        }
        attempt
    }

    async fn start_checkout(
        &self,
        checkout: &StartCheckout,
        key: &str,
    ) -> Result<String, ApiError> {
        let unexpected = |reason: String| ApiError::Unexpected(reason);
        let entry = OutboxEntry::new(
            key.to_owned(),
            0,
            Intent::StartCheckout(checkout.clone()),
            chrono::Utc::now(),
        );
        let request = self
            .profile
            .intent_request(&entry, &|name| self.host(name))
            .map_err(unexpected)?;
        let builder = self.builder(request.method, &request.url, &request.headers);
        let built = match request.body {
            Body::Json(body) => builder.json(&body),
            _ => builder.build(),
        }
        .map_err(|e| unexpected(e.to_string()))?;
        let response = api::check(built.send().await).await?;
        let answer = json_body(&response, &request.url).await?;
        self.profile.checkout_redirect(&answer).map_err(unexpected)
    }
}

/// Reads a host value: from session storage, local storage or a global the host page set.
pub fn read_host_value(source: &ValueSource) -> Option<String> {
    let window = web_sys::window()?;
    let value = match source.from {
        ValuePlace::SessionStorage => window.session_storage().ok()??.get_item(&source.name),
        ValuePlace::LocalStorage => window.local_storage().ok()??.get_item(&source.name),
        ValuePlace::HostGlobal => Ok(js::get(&window, &source.name).and_then(|v| v.as_string())),
    };
    value.ok().flatten().filter(|value| !value.is_empty())
}

/// The body as JSON, or an error naming the URL: an answer that is not JSON never
/// reaches the store.
async fn json_body(response: &Response, url: &str) -> Result<Value, ApiError> {
    let text = response.text().await.map_err(|_| ApiError::Offline)?;
    serde_json::from_str(&text)
        .map_err(|error| ApiError::Unexpected(format!("{url} did not answer with JSON: {error}")))
}

/// A page that does not fit the profile as a whole: reported, and nothing of it stored.
fn not_fitting(error: ItemError) -> ApiError {
    warn(&error.to_string());
    ApiError::Unexpected(error.to_string())
}

fn multipart(
    builder: RequestBuilder,
    file_part: &str,
    meta_part: Option<&str>,
    meta: &Value,
    file: &Blob,
) -> Result<Request, String> {
    let form = FormData::new().map_err(|_| "no FormData".to_string())?;
    if let Some(part) = meta_part {
        form.append_with_str(part, &meta.to_string())
            .map_err(|_| "cannot build the upload".to_string())?;
    }
    form.append_with_blob(file_part, file)
        .map_err(|_| "cannot build the upload".to_string())?;
    builder.body(form).map_err(|e| e.to_string())
}

/// The answer of an action the backend already has.
fn delivered() -> Attempt {
    Attempt::Answered {
        status: 200,
        retry_after: None,
        problem: None,
        version: None,
    }
}

/// An action the profile cannot send as it stands: refused for good, so the customer sees
/// it with the reason, rather than dropped or retried forever.
fn refused(reason: &str) -> Attempt {
    warn(&format!(
        "an action cannot be sent to this backend: {reason}"
    ));
    Attempt::Answered {
        status: 422,
        retry_after: None,
        problem: Some(Problem {
            kind: format!("{}profile.cannot_send", Problem::TYPE_BASE),
            title: "This backend cannot take this action".to_owned(),
            status: 422,
            detail: Some(format!(
                "this backend cannot take it as it stands ({reason})"
            )),
            field: None,
        }),
        version: None,
    }
}

/// A lookup that could not say whether the action arrived: try again later.
fn server_trouble(reason: &str) -> Attempt {
    warn(&format!("looking up an earlier attempt failed: {reason}"));
    Attempt::Answered {
        status: 503,
        retry_after: None,
        problem: None,
        version: None,
    }
}

fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}
