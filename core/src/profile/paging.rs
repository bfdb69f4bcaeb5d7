//! Reading a kind's list page by page: the request for the next page, what a response
//! says about the page after it (cursor, page number, `Link` header), the newest change
//! seen (since-parameter), the `ETag`, and which cached records are gone (full list).
//!
//! Everything the reading needs between pages is in a [`ListState`], and the states of
//! all kinds in a [`SyncCursor`], which the app keeps as the sync checkpoint; so an
//! interrupted sync resumes where it stopped, and no store access is needed here.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::{Kind, SyncItem};
use crate::profile::format::{Changes, KindProfile, Pagination, Profile};
use crate::profile::item::{raw_id, ItemError, Related};
use crate::profile::request::{encode, fill, url};
use crate::profile::values::{read_date_time, write_date_time};
use crate::profile::{pointer, ProfileError};

/// Where the next page is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextPage {
    /// Send this cursor.
    Cursor(String),
    /// Ask for this page number.
    Page(u32),
    /// Fetch this URL (from a `Link` header).
    Url(String),
}

/// Where reading one kind stands, between pages and between syncs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListState {
    /// The next page of the reading under way; `None` before the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<NextPage>,
    /// Since-parameter: the newest change of the last complete reading, as the backend
    /// writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Since-parameter: the newest change seen so far in the reading under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<String>,
    /// The `ETag` of the last complete reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Full list and ETag: the ids of the last complete reading.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub known: BTreeSet<String>,
    /// Full list and ETag: the ids seen so far in the reading under way.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub seen: BTreeSet<String>,
}

/// A GET to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRequest {
    /// The full URL (relative to the app's origin when the base URL is a path).
    pub url: String,
    /// Extra headers (`If-None-Match`), besides the profile's and authentication.
    pub headers: Vec<(String, String)>,
}

/// What the app got back for a list request.
#[derive(Debug, Clone, PartialEq)]
pub struct ListResponse<'a> {
    /// The HTTP status (2xx or 304).
    pub status: u16,
    /// The `Link` header, if any.
    pub link: Option<&'a str>,
    /// The `ETag` header, if any.
    pub etag: Option<&'a str>,
    /// The JSON body (`null` for 304).
    pub body: &'a Value,
}

/// One page of the feed, read.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedPage {
    /// The changed and removed records, ready for the store.
    pub items: Vec<SyncItem>,
    /// Items that did not fit: report them; they are not stored.
    pub skipped: Vec<ItemError>,
    /// The checkpoint to ask from next.
    pub checkpoint: String,
    /// True when another page follows at once.
    pub more: bool,
}

/// One page of a kind, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    /// The changed and removed records, ready for the store.
    pub items: Vec<SyncItem>,
    /// Items that did not fit the profile: report them; they are not stored.
    pub skipped: Vec<ItemError>,
    /// True when this was the kind's last page for now.
    pub done: bool,
}

impl Profile {
    /// The request for the next page of `kind`. `host` gives the host values named in the
    /// profile (`values`); a placeholder without one is an error naming it.
    pub fn list_request(
        &self,
        kind: Kind,
        state: &ListState,
        host: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ListRequest, ProfileError> {
        let at = format!("/kinds/{kind}");
        let profile = self
            .kinds
            .get(&kind)
            .ok_or_else(|| ProfileError::new(&at, "the profile has no such kind"))?;
        let path = profile
            .path
            .as_deref()
            .ok_or_else(|| ProfileError::new(&format!("{at}/path"), "is missing"))?;
        if let Some(NextPage::Url(next)) = &state.next {
            return Ok(ListRequest {
                url: resolve(&self.base_url, next),
                headers: Vec::new(),
            });
        }
        let path =
            fill(path, host, true).map_err(|e| ProfileError::new(&format!("{at}/path"), e))?;
        let mut query = Vec::new();
        for (name, value) in &profile.query {
            // Query values are filled in plain, then encoded once with the rest.
            let value = fill(value, host, false)
                .map_err(|e| ProfileError::new(&pointer::join(&format!("{at}/query"), name), e))?;
            query.push((name.clone(), value));
        }
        match (&profile.pagination, &state.next) {
            (Some(Pagination::Cursor { param, .. }), Some(NextPage::Cursor(cursor))) => {
                query.push((param.clone(), cursor.clone()));
            }
            (
                Some(Pagination::Page {
                    page_param,
                    size_param,
                    size,
                    first,
                    ..
                }),
                next,
            ) => {
                let page = match next {
                    Some(NextPage::Page(page)) => *page,
                    _ => *first,
                };
                query.push((page_param.clone(), page.to_string()));
                query.push((size_param.clone(), size.to_string()));
            }
            _ => {}
        }
        let mut headers = Vec::new();
        match (&profile.changes, &state.since, &state.etag) {
            (Some(Changes::Since { param, .. }), Some(since), _) => {
                query.push((param.clone(), since.clone()));
            }
            (Some(Changes::Etag), _, Some(etag)) if state.next.is_none() => {
                headers.push(("If-None-Match".to_owned(), etag.clone()));
            }
            _ => {}
        }
        let mut url = url(&self.base_url, &path);
        for (index, (name, value)) in query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(&encode(name));
            url.push('=');
            url.push_str(&encode(value));
        }
        Ok(ListRequest { url, headers })
    }

    /// Reads a list response for `kind`, moving `state` on. Fails as a whole (leaving
    /// `state` as it was) only when the response is not a list the profile describes;
    /// single items that do not fit are in [`ListPage::skipped`].
    pub fn read_list(
        &self,
        kind: Kind,
        state: &mut ListState,
        response: &ListResponse,
    ) -> Result<ListPage, ItemError> {
        self.read_list_related(kind, state, response, &mut Related::default())
    }

    /// [`Profile::read_list`], taking values from records read before (an invoice's
    /// currency from its account) and learning what this list's records lend to later
    /// ones. `related` is the sync cursor's.
    pub fn read_list_related(
        &self,
        kind: Kind,
        state: &mut ListState,
        response: &ListResponse,
        related: &mut Related,
    ) -> Result<ListPage, ItemError> {
        let profile = self.kinds.get(&kind).ok_or_else(|| ItemError {
            kind: kind.as_str().to_owned(),
            id: None,
            pointer: String::new(),
            reason: format!("the profile has no {kind} records"),
        })?;
        if response.status == 304 {
            state.next = None;
            return Ok(ListPage {
                items: Vec::new(),
                skipped: Vec::new(),
                done: true,
            });
        }
        let results = self.read_items_related(kind, response.body, related)?;
        let raw: Vec<&Value> = match response.body.pointer(&profile.items) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(item) => vec![item],
            None => Vec::new(),
        };
        let mut next_state = state.clone();
        let full_list = !matches!(profile.changes, Some(Changes::Since { .. }));
        if full_list {
            next_state
                .seen
                .extend(raw.iter().filter_map(|item| raw_id(profile, item)));
        }
        if let Some(Changes::Since { field, format, .. }) = &profile.changes {
            next_state.newest = newest(&raw, field, format, next_state.newest.take());
        }
        let mut items = Vec::new();
        let mut skipped = Vec::new();
        for result in results {
            match result {
                Ok(item) => {
                    related.learn(&item);
                    items.push(item)
                }
                Err(error) => skipped.push(error),
            }
        }
        next_state.next = next_page(profile, state.next.as_ref(), response, raw.len());
        let done = next_state.next.is_none();
        if done {
            if full_list {
                for id in deletions(&next_state.known, &next_state.seen) {
                    items.push(SyncItem {
                        kind,
                        id,
                        version: 0,
                        deleted: true,
                        data: None,
                    });
                }
                next_state.known = std::mem::take(&mut next_state.seen);
            }
            if let Some(newest) = next_state.newest.take() {
                next_state.since = Some(newest);
            }
            if let Some(etag) = response.etag {
                next_state.etag = Some(etag.to_owned());
            }
        }
        *state = next_state;
        Ok(ListPage {
            items,
            skipped,
            done,
        })
    }
}

impl Profile {
    /// The request for the feed's next page after `checkpoint` (none: from the start).
    pub fn feed_request(&self, checkpoint: Option<&str>) -> Result<ListRequest, ProfileError> {
        let feed = self
            .feed
            .as_ref()
            .ok_or_else(|| ProfileError::new("/feed", "the profile has no feed"))?;
        let mut url = url(&self.base_url, &feed.path);
        let mut query: Vec<(&str, &str)> = feed
            .query
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        if let Some(checkpoint) = checkpoint.filter(|c| !c.is_empty()) {
            query.push((&feed.checkpoint_param, checkpoint));
        }
        for (index, (name, value)) in query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(&encode(name));
            url.push('=');
            url.push_str(&encode(value));
        }
        Ok(ListRequest {
            url,
            headers: Vec::new(),
        })
    }

    /// Reads a feed page. Fails as a whole when the answer is not a feed page as the
    /// profile describes; items that do not fit are in [`FeedPage::skipped`].
    pub fn read_feed(&self, body: &Value) -> Result<FeedPage, ItemError> {
        let whole = |pointer: &str, reason: &str| ItemError {
            kind: "feed".to_owned(),
            id: None,
            pointer: pointer.to_owned(),
            reason: reason.to_owned(),
        };
        let feed = self
            .feed
            .as_ref()
            .ok_or_else(|| whole("", "the profile has no feed"))?;
        let checkpoint = match pointer::get(body, &feed.checkpoint) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            _ => return Err(whole(&feed.checkpoint, "the page has no checkpoint")),
        };
        let more = match pointer::get(body, &feed.more) {
            Some(Value::Bool(more)) => *more,
            None => false,
            Some(_) => return Err(whole(&feed.more, "expected true or false")),
        };
        let Some(Value::Array(raw)) = pointer::get(body, &feed.items) else {
            return Err(whole(&feed.items, "the page has no list of items"));
        };
        let mut items = Vec::new();
        let mut skipped = Vec::new();
        for (index, item) in raw.iter().enumerate() {
            match self.read_feed_item(feed, item) {
                Ok(item) => items.push(item),
                Err(mut error) => {
                    error.pointer = format!("{}/{index}{}", feed.items, error.pointer);
                    skipped.push(error);
                }
            }
        }
        Ok(FeedPage {
            items,
            skipped,
            checkpoint,
            more,
        })
    }

    fn read_feed_item(
        &self,
        feed: &crate::profile::Feed,
        item: &Value,
    ) -> Result<SyncItem, ItemError> {
        let id = pointer::get(item, &feed.id).and_then(|v| match v {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        });
        let name = pointer::get(item, &feed.kind)
            .and_then(Value::as_str)
            .unwrap_or_default();
        let fail = |pointer: &str, reason: String| ItemError {
            kind: name.to_owned(),
            id: id.clone(),
            pointer: pointer.to_owned(),
            reason,
        };
        let kind: Kind = serde_json::from_value(Value::String(name.to_owned()))
            .map_err(|_| fail(&feed.kind, format!("'{name}' is not a kind Settle knows")))?;
        if !self.kinds.get(&kind).is_some_and(|k| k.from_feed) {
            return Err(fail(
                &feed.kind,
                format!("the profile does not read {kind} from the feed"),
            ));
        }
        let id = id
            .clone()
            .ok_or_else(|| fail(&feed.id, "the item has no id".to_owned()))?;
        let version = match pointer::get(item, &feed.version) {
            Some(value) => value.as_i64().ok_or_else(|| {
                fail(
                    &feed.version,
                    "the version must be a whole number".to_owned(),
                )
            })?,
            None => 0,
        };
        if pointer::get(item, &feed.deleted) == Some(&Value::Bool(true)) {
            return Ok(SyncItem {
                kind,
                id,
                version,
                deleted: true,
                data: None,
            });
        }
        let data = pointer::get(item, &feed.data).ok_or_else(|| {
            fail(
                &feed.data,
                "the item has no data and is not marked deleted".to_owned(),
            )
        })?;
        let mut read = self.read_item(kind, data).map_err(|mut error| {
            error.pointer = format!("{}{}", feed.data, error.pointer);
            error
        })?;
        read.id = id;
        read.version = version;
        Ok(read)
    }
}

/// The next page after this response, or `None` when this was the last.
pub fn next_page(
    profile: &KindProfile,
    current: Option<&NextPage>,
    response: &ListResponse,
    count: usize,
) -> Option<NextPage> {
    match profile.pagination.as_ref()? {
        Pagination::Cursor { next, .. } => match pointer::get(response.body, next)? {
            Value::String(cursor) if !cursor.is_empty() => Some(NextPage::Cursor(cursor.clone())),
            Value::Number(number) => Some(NextPage::Cursor(number.to_string())),
            _ => None,
        },
        Pagination::Page {
            size, first, next, ..
        } => {
            let page = match current {
                Some(NextPage::Page(page)) => *page,
                _ => *first,
            };
            match next {
                Some(next) => pointer::get(response.body, next)
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| *n > page),
                None => (count >= *size as usize && count > 0).then(|| page + 1),
            }
            .map(NextPage::Page)
        }
        Pagination::Link => response.link.and_then(link_next).map(NextPage::Url),
        Pagination::None => None,
    }
}

/// The `rel="next"` target of an RFC 8288 `Link` header value.
pub fn link_next(header: &str) -> Option<String> {
    let mut rest = header;
    loop {
        let open = rest.find('<')?;
        let close = open + rest[open..].find('>')?;
        let target = &rest[open + 1..close];
        let after = &rest[close + 1..];
        // The parameters run to the next link: a comma followed by '<'. A comma inside a
        // quoted title is not one.
        let end = after
            .match_indices(',')
            .map(|(comma, _)| comma)
            .find(|comma| after[comma + 1..].trim_start().starts_with('<'));
        let params = &after[..end.unwrap_or(after.len())];
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.to_owned());
        }
        rest = &after[end?..];
    }
}

/// The cached ids the backend no longer lists: the records to delete.
pub fn deletions(cached: &BTreeSet<String>, fetched: &BTreeSet<String>) -> Vec<String> {
    cached.difference(fetched).cloned().collect()
}

/// The newest change instant among `items`, written as the backend writes it.
fn newest(items: &[&Value], field: &str, format: &str, so_far: Option<String>) -> Option<String> {
    let read = |text: &str| read_date_time(&Value::String(text.to_owned()), format).ok();
    let mut best = so_far.as_deref().and_then(read);
    for item in items {
        if let Some(at) = pointer::get(item, field).and_then(|v| read_date_time(v, format).ok()) {
            if best.is_none_or(|best| at > best) {
                best = Some(at);
            }
        }
    }
    best.map(|at| write_date_time(at, format))
}

/// A `Link` target made absolute against the base URL's origin when it is a path.
fn resolve(base: &str, link: &str) -> String {
    if link.starts_with("http://") || link.starts_with("https://") || !link.starts_with('/') {
        return link.to_owned();
    }
    let origin_end = base.find("://").map(|scheme| {
        scheme
            + 3
            + base[scheme + 3..]
                .find('/')
                .unwrap_or(base.len() - scheme - 3)
    });
    match origin_end {
        Some(end) => format!("{}{link}", &base[..end]),
        None => link.to_owned(),
    }
}

/// Which step of a sync round is next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "step", content = "kind")]
pub enum Step {
    /// The profile's feed.
    Feed,
    /// A kind's own list.
    List(Kind),
}

/// Everything a profile backend keeps between pages and syncs: the app stores it as the
/// sync checkpoint ([`SyncCursor::to_checkpoint`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncCursor {
    /// The step under way in this round; `None` between rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// The feed's checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    /// Each listed kind's state.
    #[serde(default)]
    pub lists: BTreeMap<Kind, ListState>,
    /// What records lend to others (each account's currency), from the last reading.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub related: Related,
}

fn is_empty(related: &Related) -> bool {
    related.currencies.is_empty()
}

impl SyncCursor {
    /// Reads a stored checkpoint; nothing stored, or one this profile did not write (the
    /// profile changed), starts afresh.
    pub fn from_checkpoint(checkpoint: Option<&str>) -> SyncCursor {
        checkpoint
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default()
    }

    /// The checkpoint to store.
    pub fn to_checkpoint(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The step to do now: the one under way, or the first of a new round (also when the
    /// step under way is one the profile no longer has).
    pub fn current(&self, profile: &Profile) -> Option<Step> {
        let steps = steps(profile);
        self.step
            .filter(|step| steps.contains(step))
            .or_else(|| steps.first().copied())
    }

    /// Records how the step `step` went: still under way (`done` false) or finished.
    /// Returns true when the round has more to read at once (the sync page's `more`).
    pub fn advance(&mut self, profile: &Profile, step: Step, done: bool) -> bool {
        if !done {
            self.step = Some(step);
            return true;
        }
        let steps = steps(profile);
        let after = steps.iter().position(|s| *s == step).map(|i| i + 1);
        self.step = after.and_then(|i| steps.get(i).copied());
        self.step.is_some()
    }
}

/// The steps of a round: the feed, then each listed kind in the order a client applies
/// them.
pub fn steps(profile: &Profile) -> Vec<Step> {
    let feed = profile
        .kinds
        .values()
        .any(|kind| kind.from_feed)
        .then_some(Step::Feed);
    feed.into_iter()
        .chain(
            Kind::ALL
                .into_iter()
                .filter(|kind| profile.kinds.get(kind).is_some_and(|k| !k.from_feed))
                .map(Step::List),
        )
        .collect()
}
