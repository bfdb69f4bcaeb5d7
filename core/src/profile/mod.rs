//! Backend profiles (SPEC §6): a JSON document the creditor ships beside the app that
//! tells Settle how to talk to their own REST API. This module holds the format and
//! every decision about it, with no I/O; the app does the requests.
//!
//! | file | what it is for |
//! | --- | --- |
//! | [`mod@format`] | the profile's types: auth, kinds, pagination, changes, fields, intents |
//! | `load` | [`Profile::load`]: every mistake in a profile, each with its path |
//! | [`schema`] | the published JSON Schema and the shape check built on it |
//! | [`catalogue`] | Settle's fields per kind and intent, with their types |
//! | [`mod@pointer`] | JSON pointers: checking, reading, writing |
//! | [`values`] | amounts, dates and instants between a backend's form and Settle's |
//! | [`item`] | a backend's item -> a checked [`crate::api::SyncItem`] |
//! | [`paging`] | list requests, the next page, `Link` headers, what to delete |
//! | [`request`] | an outbox entry -> the request to send; client-reference lookups |
//!
//! A kind or intent the backend lacks is left out of the profile; the app hides it
//! ([`Profile::supports`], [`Profile::supports_intent`]).

pub mod catalogue;
pub mod format;
pub mod item;
mod load;
pub mod paging;
pub mod pointer;
pub mod request;
pub mod schema;
pub mod values;

pub use format::*;
pub use item::{ItemError, Related};
pub use paging::{
    FeedPage, ListPage, ListRequest, ListResponse, ListState, NextPage, Step, SyncCursor,
};
pub use request::{Body, Request};

/// One mistake in a profile: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// JSON pointer to the field at fault (`/kinds/invoice/fields/total`); empty for the
    /// profile as a whole.
    pub path: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl ProfileError {
    fn new(path: &str, message: impl Into<String>) -> ProfileError {
        ProfileError {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "the profile: {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every mistake found in a profile, in the order found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the backend profile has {} mistake(s):\n{}", .0.len(), lines(.0))]
pub struct ProfileErrors(pub Vec<ProfileError>);

fn lines(errors: &[ProfileError]) -> String {
    errors
        .iter()
        .map(|error| format!("- {error}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ProfileErrors {
    /// The paths at fault, in order.
    pub fn paths(&self) -> Vec<&str> {
        self.0.iter().map(|error| error.path.as_str()).collect()
    }
}

#[cfg(test)]
mod tests;
