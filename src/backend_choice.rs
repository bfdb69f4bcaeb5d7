//! Which backend this app talks to, chosen when the app starts, with no rebuild: the
//! backend profile at `/backend-profile.json` (or the URL in
//! `<meta name="settle-profile" content="…">`), or, when there is no such file, the
//! built-in Settle API. A profile that cannot be read or checked is shown with every
//! mistake, and the app runs on its cached data without syncing.

use settle_core::intents::IntentKind;
use std::sync::{Arc, OnceLock};

use settle_core::api::{Kind, SyncPage};
use settle_core::outbox::{Attempt, OutboxEntry};
use settle_core::profile::{Profile, SignIn};
use web_sys::Blob;

use crate::api::ApiError;
use crate::backend::{Backend, SettleApi};
use crate::host_file;
use crate::profile_backend::{read_host_value, ProfileBackend};

/// Where the profile is when the host page does not say otherwise.
pub const DEFAULT_PROFILE_URL: &str = "/backend-profile.json";
/// The `<meta name=…>` with which a host page points at another profile.
pub const PROFILE_META: &str = "settle-profile";

/// The backend chosen at start.
#[derive(Debug, Clone)]
pub enum Active {
    /// No profile beside the app: the Settle API at `/api/v1`.
    SettleApi,
    /// A checked profile.
    Profile(Arc<Profile>),
    /// A profile that could not be fetched or has mistakes: each line names the field at
    /// fault. Nothing syncs until it is fixed.
    Broken(Vec<String>),
}

static ACTIVE: OnceLock<Active> = OnceLock::new();

/// The backend chosen at start (the Settle API before [`choose`] has run).
pub fn active() -> &'static Active {
    ACTIVE.get_or_init(|| Active::SettleApi)
}

/// Fetches and checks the profile, and remembers the choice for the rest of the page's
/// life. Mistakes also go to the console.
pub async fn choose() -> &'static Active {
    let url = host_file::url(PROFILE_META, DEFAULT_PROFILE_URL);
    let chosen = match host_file::fetch(&url).await {
        Ok(None) if url == DEFAULT_PROFILE_URL => Active::SettleApi,
        // The host page named a profile: its absence is a mistake, not a choice.
        Ok(None) => {
            let reason = format!("{PROFILE_META}: there is no profile at {url}");
            web_sys::console::error_1(&reason.clone().into());
            Active::Broken(vec![reason])
        }
        Ok(Some(text)) => match check(text).await {
            Ok(profile) => Active::Profile(Arc::new(profile)),
            Err((summary, mistakes)) => {
                web_sys::console::error_1(&format!("{url}: {summary}").into());
                Active::Broken(mistakes)
            }
        },
        Err(reason) => {
            web_sys::console::error_1(&format!("the backend profile {url}: {reason}").into());
            Active::Broken(vec![reason])
        }
    };
    ACTIVE.get_or_init(|| chosen)
}

/// Checks the profile's text: the profile, or its mistakes (a summary for the console,
/// and one line per mistake). Its code, the schema and every check, is split from the
/// first load: a deployment on the built-in Settle API never fetches it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn check(text: String) -> Result<Profile, (String, Vec<String>)> {
    Profile::load(&text).map_err(|errors| {
        (
            errors.to_string(),
            errors.0.iter().map(ToString::to_string).collect(),
        )
    })
}

/// What the chosen backend can do, for hiding what it cannot. Provided as context.
#[derive(Debug, Clone, Default)]
pub struct Capabilities {
    /// The profile, when one is in use; `None` for the Settle API and a broken profile.
    profile: Option<Arc<Profile>>,
    /// A broken profile: the cached screens stay, but no action is offered, since none
    /// could be sent (and paying would reach the wrong backend).
    broken: bool,
}

impl Capabilities {
    /// The capabilities of the backend chosen at start.
    pub fn of_active() -> Capabilities {
        match active() {
            Active::Profile(profile) => Capabilities {
                profile: Some(profile.clone()),
                broken: false,
            },
            Active::SettleApi => Capabilities::default(),
            Active::Broken(_) => Capabilities {
                profile: None,
                broken: true,
            },
        }
    }

    /// True when the backend has records of `kind`.
    pub fn supports(&self, kind: Kind) -> bool {
        self.profile
            .as_ref()
            .is_none_or(|profile| profile.supports(kind))
    }

    /// True when the backend takes actions of this kind.
    pub fn supports_intent(&self, kind: IntentKind) -> bool {
        !self.broken
            && self
                .profile
                .as_ref()
                .is_none_or(|profile| profile.supports_intent(kind))
    }
}

/// The capabilities from context, or the active backend's outside a component tree.
pub fn capabilities() -> Capabilities {
    leptos::prelude::use_context::<Capabilities>().unwrap_or_else(Capabilities::of_active)
}

/// How the customer signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInWay {
    /// The Settle API's email and one-time code.
    SettleCode,
    /// The host's own sign-in; `signed_in` when the token it leaves is there.
    Host {
        /// True when the host page has left what the profile needs.
        signed_in: bool,
        /// Who the customer is, when the profile names a `customer_id` value.
        customer_id: Option<String>,
    },
    /// A broken profile: nobody can sign in until it is fixed.
    Unavailable,
}

/// How the customer signs in to the chosen backend.
pub fn sign_in_way() -> SignInWay {
    match active() {
        Active::SettleApi => SignInWay::SettleCode,
        Active::Broken(_) => SignInWay::Unavailable,
        Active::Profile(profile) if profile.sign_in == SignIn::SettleEmailCode => {
            SignInWay::SettleCode
        }
        Active::Profile(profile) => SignInWay::Host {
            // A cookie the host set cannot be seen from here: the backend's 401 says.
            signed_in: profile
                .token_source()
                .is_none_or(|source| read_host_value(source).is_some()),
            customer_id: profile.values.get("customer_id").and_then(read_host_value),
        },
    }
}

/// The backend the sync engine uses; `None` when a broken profile stops syncing.
pub fn backend() -> Option<AnyBackend> {
    match active() {
        Active::SettleApi => Some(AnyBackend::Settle(SettleApi)),
        Active::Profile(profile) => Some(AnyBackend::Profile(ProfileBackend::new(profile.clone()))),
        Active::Broken(_) => None,
    }
}

/// Either backend, behind the one interface.
#[derive(Debug, Clone)]
pub enum AnyBackend {
    /// The Settle API, built in.
    Settle(SettleApi),
    /// A backend described by a profile.
    Profile(ProfileBackend),
}

impl Backend for AnyBackend {
    async fn pull(&self, checkpoint: Option<&str>) -> Result<SyncPage, ApiError> {
        match self {
            AnyBackend::Settle(api) => api.pull(checkpoint).await,
            AnyBackend::Profile(profile) => profile.pull(checkpoint).await,
        }
    }

    async fn send(&self, entry: &OutboxEntry, file: Option<&Blob>) -> Attempt {
        match self {
            AnyBackend::Settle(api) => api.send(entry, file).await,
            AnyBackend::Profile(profile) => profile.send(entry, file).await,
        }
    }

    async fn start_checkout(
        &self,
        checkout: &settle_core::checkout::StartCheckout,
        key: &str,
    ) -> Result<String, ApiError> {
        match self {
            AnyBackend::Settle(api) => api.start_checkout(checkout, key).await,
            AnyBackend::Profile(profile) => profile.start_checkout(checkout, key).await,
        }
    }
}
