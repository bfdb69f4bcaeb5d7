//! Loading a profile: the JSON is read, its shape checked against the schema, then its
//! meaning checked (pointers, formats, placeholders, value maps, Settle's field names).
//! Every mistake is collected with the path of the field at fault, so a creditor fixes
//! them all in one go instead of one per start.
//!
//! Longer than the other modules: the reading and writing rules of field maps share their
//! checks (`common`) with the kind and intent checks; the field-map checks are the part to
//! move into a file of their own next.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::Kind;
use crate::currency::Currency;
use crate::profile::catalogue::{self, Field, FieldType};
use crate::profile::format::{
    Auth, Changes, Duplicates, FieldMap, FieldRule, IntentProfile, KindProfile, Pagination, Profile,
};
use crate::profile::pointer::{self, join};
use crate::profile::values::{format_problem, read_at, time_format_problem};
use crate::profile::{schema, ProfileError, ProfileErrors};

impl Profile {
    /// Reads and checks a profile. On any mistake, returns them all, each with the JSON
    /// pointer of the field at fault.
    pub fn load(text: &str) -> Result<Profile, ProfileErrors> {
        let value: Value = serde_json::from_str(text).map_err(|error| {
            ProfileErrors(vec![ProfileError::new(
                "",
                format!("the profile is not valid JSON: {error}"),
            )])
        })?;
        let mut errors = Vec::new();
        schema::check(&value, &mut errors);
        if !errors.is_empty() {
            return Err(ProfileErrors(errors));
        }
        let profile: Profile = serde_json::from_value(value)
            .map_err(|error| ProfileErrors(vec![ProfileError::new("", error.to_string())]))?;
        profile.check(&mut errors);
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(ProfileErrors(errors))
        }
    }

    fn check(&self, errors: &mut Vec<ProfileError>) {
        let mut check = Check { errors };
        check.base_url(&self.base_url);
        for name in self.headers.keys() {
            check.header_name(&join("/headers", name), name);
        }
        match &self.auth {
            Auth::Cookie {
                csrf_header: Some(header),
            } => check.header_name("/auth/csrf_header/name", &header.name),
            Auth::Header { header, .. } => check.header_name("/auth/header", header),
            _ => {}
        }
        if let Some(page) = &self.sign_in_page {
            check.sign_in_page(page, self.sign_in);
        }
        if let Some(feed) = &self.feed {
            check.path("/feed/path", &feed.path, &[]);
            for (field, pointer) in [
                ("checkpoint", &feed.checkpoint),
                ("more", &feed.more),
                ("items", &feed.items),
                ("kind", &feed.kind),
                ("id", &feed.id),
                ("version", &feed.version),
                ("deleted", &feed.deleted),
                ("data", &feed.data),
            ] {
                check.pointer(&format!("/feed/{field}"), pointer);
            }
        }
        let values: Vec<&str> = self.values.keys().map(String::as_str).collect();
        for (kind, profile) in &self.kinds {
            check.kind(*kind, profile, self.feed.is_some(), &values);
        }
        for (name, profile) in &self.intents {
            check.intent(name, profile, &values);
        }
    }
}

struct Check<'e> {
    errors: &'e mut Vec<ProfileError>,
}

impl Check<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(ProfileError::new(path, message));
    }

    fn base_url(&mut self, url: &str) {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let problem = match rest {
            Some(rest) => {
                let host = rest.split('/').next().unwrap_or_default();
                if host.is_empty() {
                    Some("has no host after the scheme")
                } else {
                    None
                }
            }
            None if url.starts_with("//") => Some("must not start with '//'; write the scheme"),
            None if url.starts_with('/') => None,
            None => Some("must be an http(s) URL or a path on the app's origin starting with '/'"),
        };
        let problem = problem.or_else(|| {
            url.contains(['?', '#', ' '])
                .then_some("must not hold a query, a fragment or spaces")
        });
        if let Some(problem) = problem {
            self.error("/base_url", format!("'{url}' {problem}"));
        }
    }

    /// The creditor's sign-in page: an address a checkout may send the customer to
    /// (`https`, a path on this site, loopback for a test host), with the host's sign-in.
    fn sign_in_page(&mut self, page: &str, sign_in: crate::profile::SignIn) {
        let at = "/sign_in_page";
        if sign_in != crate::profile::SignIn::Host {
            self.error(at, "only goes with the host's sign-in");
        }
        if !crate::profile::request::safe_address(page) || page.contains(' ') {
            self.error(at, format!("'{page}' is neither https nor on this site"));
        }
    }

    fn header_name(&mut self, path: &str, name: &str) {
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            self.error(path, format!("'{name}' is not a valid HTTP header name"));
        }
    }

    fn pointer(&mut self, path: &str, text: &str) {
        if let Some(problem) = pointer::problem(text) {
            self.error(path, problem);
        }
    }

    fn format(&mut self, path: &str, format: Option<&str>, rfc3339_allowed: bool) {
        if let Some(problem) = format.and_then(|f| format_problem(f, rfc3339_allowed)) {
            self.error(path, problem);
        }
    }

    /// A path under the base URL whose `{placeholders}` must be among `names`.
    fn path(&mut self, at: &str, path: &str, names: &[&str]) {
        if !path.starts_with('/') {
            self.error(at, format!("'{path}' must start with '/'"));
        }
        self.placeholders(at, path, names, "a host value declared under /values");
    }

    fn placeholders(&mut self, at: &str, text: &str, names: &[&str], what: &str) {
        match placeholders(text) {
            Ok(found) => {
                for name in found {
                    if !names.contains(&name) {
                        self.error(at, format!("the placeholder {{{name}}} is not {what}"));
                    }
                }
            }
            Err(problem) => self.error(at, problem),
        }
    }

    fn kind(&mut self, kind: Kind, profile: &KindProfile, has_feed: bool, values: &[&str]) {
        let at = format!("/kinds/{kind}");
        match (&profile.path, profile.from_feed) {
            (Some(_), true) => self.error(
                &format!("{at}/from_feed"),
                "a kind comes either from the feed or from its own path, not both",
            ),
            (None, false) => self.error(
                &format!("{at}/path"),
                "is required but missing (or say \"from_feed\": true)",
            ),
            (None, true) if !has_feed => self.error(
                &format!("{at}/from_feed"),
                "the profile has no feed: add one at /feed",
            ),
            (Some(path), false) => self.path(&format!("{at}/path"), path, values),
            _ => {}
        }
        if profile.from_feed {
            for (field, given) in [
                ("pagination", profile.pagination.is_some()),
                ("changes", profile.changes.is_some()),
                ("query", !profile.query.is_empty()),
            ] {
                if given {
                    self.error(
                        &format!("{at}/{field}"),
                        "does not apply to a kind read from the feed",
                    );
                }
            }
        }
        for (name, value) in &profile.query {
            self.placeholders(
                &join(&format!("{at}/query"), name),
                value,
                values,
                "a host value declared under /values",
            );
        }
        match &profile.pagination {
            Some(Pagination::Cursor { next, .. }) => {
                self.pointer(&format!("{at}/pagination/next"), next)
            }
            Some(Pagination::Page {
                next: Some(next), ..
            }) => self.pointer(&format!("{at}/pagination/next"), next),
            _ => {}
        }
        if let Some(Changes::Since {
            format,
            field,
            deleted,
            ..
        }) = &profile.changes
        {
            self.format(&format!("{at}/changes/format"), Some(format), true);
            self.pointer(&format!("{at}/changes/field"), field);
            if let Some(deleted) = deleted {
                self.pointer(&format!("{at}/changes/deleted"), deleted);
            }
        }
        self.pointer(&format!("{at}/items"), &profile.items);
        if let Some(version) = &profile.version {
            self.pointer(&format!("{at}/version"), version);
        }
        self.format(
            &format!("{at}/date_format"),
            profile.date_format.as_deref(),
            false,
        );
        self.format(
            &format!("{at}/date_time_format"),
            profile.date_time_format.as_deref(),
            true,
        );
        if let Some(fields) = &profile.fields {
            self.read_fields(
                &format!("{at}/fields"),
                fields,
                catalogue::kind_fields(kind),
                kind.as_str(),
                false,
            );
        }
    }

    /// The field maps of a kind (or of a list's elements), for reading.
    fn read_fields(
        &mut self,
        at: &str,
        fields: &BTreeMap<String, FieldMap>,
        settle: &'static [Field],
        what: &str,
        in_list: bool,
    ) {
        for (name, map) in fields {
            let path = join(at, name);
            let Some(field) = catalogue::find(settle, name) else {
                self.error(&path, unknown_field(name, what, settle));
                continue;
            };
            match map {
                FieldMap::Pointer(pointer) => self.pointer(&path, pointer),
                FieldMap::Rule(rule) => {
                    if rule.to.is_some() {
                        self.error(
                            &format!("{path}/to"),
                            "'to' is for intents; a kind reads with 'from'",
                        );
                    }
                    if rule.as_type.is_some() {
                        self.error(
                            &format!("{path}/as"),
                            "'as' is for sending an action; reading takes numbers given as text and text given as numbers",
                        );
                    }
                    let sources = [
                        rule.from.is_some(),
                        rule.value.is_some(),
                        rule.flags.is_some(),
                        rule.compute,
                        rule.position,
                    ];
                    if rule.position {
                        self.position(&path, name, in_list);
                    }
                    match (&rule.from, &rule.value) {
                        _ if sources.iter().filter(|given| **given).count() != 1 => {
                            let words = if rule.flags.is_some() || rule.compute || rule.position {
                                "give exactly one of 'from', 'value', 'flags', 'compute' or 'position'"
                            } else {
                                "give exactly one of 'from' or 'value'"
                            };
                            self.error(&path, words)
                        }
                        (Some(from), None) => self.pointer(&format!("{path}/from"), from),
                        (None, Some(value)) => self.constant(&path, field, value),
                        _ => {}
                    }
                    self.read_values(&path, field, rule);
                    self.common(&path, field, rule);
                    self.related(&path, field, rule, what);
                    if rule.json_text {
                        self.json_text(&path, field, rule);
                    }
                    match (&rule.each, field.kind) {
                        (Some(each), FieldType::List(elements)) => self.read_fields(
                            &format!("{path}/each"),
                            each,
                            elements,
                            &format!("{what} {name}"),
                            true,
                        ),
                        (Some(_), _) => {
                            self.error(&format!("{path}/each"), format!("'{name}' is not a list"))
                        }
                        _ => {}
                    }
                    match (&rule.fields, field.kind) {
                        (Some(inner), FieldType::Object(members) | FieldType::List(members))
                            if rule.each.is_none() =>
                        {
                            self.read_fields(
                                &format!("{path}/fields"),
                                inner,
                                members,
                                &format!("{what} {name}"),
                                matches!(field.kind, FieldType::List(_)),
                            )
                        }
                        (Some(_), FieldType::List(_)) => self.error(
                            &format!("{path}/fields"),
                            "give 'each' for a list, or 'fields' for a list of one, not both",
                        ),
                        (Some(_), _) => self.error(
                            &format!("{path}/fields"),
                            format!("'{name}' is not an object"),
                        ),
                        _ => {}
                    }
                }
            }
        }
        for field in settle.iter().filter(|f| f.required) {
            if !fields.contains_key(field.name) {
                self.error(
                    at,
                    format!("the required field '{}' is not mapped", field.name),
                );
            }
        }
    }

    /// JSON written as text is parsed into a list, an object or a value copied as it is;
    /// there is nothing to parse in a constant, nor in text, numbers or choices.
    fn json_text(&mut self, path: &str, field: &Field, rule: &FieldRule) {
        let at = format!("{path}/json_text");
        if rule.from.is_none() {
            self.error(&at, "only goes with 'from'");
        } else if !matches!(
            field.kind,
            FieldType::List(_) | FieldType::Object(_) | FieldType::Set(_) | FieldType::Json
        ) {
            self.error(
                &at,
                format!("'{}' is not a list, an object or a JSON value", field.name),
            );
        }
    }

    fn constant(&mut self, path: &str, field: &Field, value: &Value) {
        if field.kind == FieldType::Currency {
            let known = value.as_str().map(Currency::from_code);
            if !matches!(known, Some(Ok(_))) {
                self.error(
                    &format!("{path}/value"),
                    format!("{value} is not an ISO 4217 currency code"),
                );
            }
        }
    }

    /// A reading value map: backend value -> Settle value. For fixed values it covers
    /// every Settle value unless listed as unused (or given as `otherwise`); for flags it
    /// gives `true` or `false`; for sets it maps each element.
    fn read_values(&mut self, path: &str, field: &Field, rule: &FieldRule) {
        let values = rule.values.as_ref();
        let choices = match field.kind {
            FieldType::Choice(choices) => choices,
            FieldType::Set(choices) if rule.flags.is_none() => choices,
            FieldType::Bool => {
                for (backend, settle) in values.into_iter().flatten() {
                    if !settle.is_boolean() {
                        self.error(
                            &join(&format!("{path}/values"), backend),
                            format!(
                                "{settle} is not true or false, and '{}' is a flag",
                                field.name
                            ),
                        );
                    }
                }
                if let Some(otherwise) = rule.otherwise.as_ref().filter(|v| !v.is_boolean()) {
                    self.error(
                        &format!("{path}/otherwise"),
                        format!(
                            "{otherwise} is not true or false, and '{}' is a flag",
                            field.name
                        ),
                    );
                }
                if !rule.unused.is_empty() {
                    self.error(&format!("{path}/unused"), "is for fields with fixed values");
                }
                if rule.otherwise.is_some() && values.is_none() {
                    self.error(&format!("{path}/otherwise"), "only goes with 'values'");
                }
                return;
            }
            _ => {
                if values.is_some() || !rule.unused.is_empty() || rule.otherwise.is_some() {
                    self.error(
                        path,
                        format!("'{}' is not a field with fixed values", field.name),
                    );
                }
                return;
            }
        };
        let Some(values) = values else {
            for (given, word) in [
                (rule.otherwise.is_some(), "otherwise"),
                (!rule.unused.is_empty(), "unused"),
            ] {
                if given {
                    self.error(&format!("{path}/{word}"), "only goes with 'values'");
                }
            }
            return;
        };
        let mut check = |at: String, settle: &Value| {
            if !settle.as_str().is_some_and(|s| choices.contains(&s)) {
                let settle = settle.as_str().map_or(settle.to_string(), str::to_owned);
                self.error(
                    &at,
                    format!(
                        "'{settle}' is not one of Settle's values: {}",
                        words(choices)
                    ),
                );
            }
        };
        for (backend, settle) in values {
            check(join(&format!("{path}/values"), backend), settle);
        }
        if let Some(otherwise) = &rule.otherwise {
            check(format!("{path}/otherwise"), otherwise);
        }
        for (index, settle) in rule.unused.iter().enumerate() {
            check(
                format!("{path}/unused/{index}"),
                &Value::String(settle.clone()),
            );
        }
        if matches!(field.kind, FieldType::Set(_)) {
            if rule.otherwise.is_some() || !rule.unused.is_empty() {
                self.error(
                    path,
                    "a set maps each of its values: 'otherwise' and 'unused' are for one value",
                );
            }
            return;
        }
        for choice in choices.iter().copied() {
            let covered = values
                .values()
                .chain(rule.otherwise.iter())
                .any(|v| v == choice)
                || rule.unused.iter().any(|u| u == choice);
            if !covered {
                self.error(
                    &format!("{path}/values"),
                    format!("no backend value maps to '{choice}': add one, or list '{choice}' under 'unused'"),
                );
            }
        }
    }

    /// `"position": true`: only a list element's id is its position. A record's place
    /// in a list answer moves as records come and go and pages turn, so it is no id.
    fn position(&mut self, path: &str, name: &str, in_list: bool) {
        let at = format!("{path}/position");
        if name != "id" || !in_list {
            self.error(
                &at,
                "only a list element's id (under 'each') is its position",
            );
        }
    }

    /// What reading and writing rules share: `case`, `format`, `flags`.
    fn common(&mut self, path: &str, field: &Field, rule: &FieldRule) {
        if rule.case.is_some() && !matches!(field.kind, FieldType::Choice(_) | FieldType::Set(_)) {
            self.error(
                &format!("{path}/case"),
                format!("'{}' is not a field with fixed values", field.name),
            );
        }
        if let Some(format) = &rule.format {
            let at = format!("{path}/format");
            let problem = match field.kind {
                FieldType::Date => format_problem(format, false),
                FieldType::DateTime => format_problem(format, true),
                FieldType::Time => time_format_problem(format),
                _ => Some(format!(
                    "'{}' is not a date, an instant or a time of day",
                    field.name
                )),
            };
            if let Some(problem) = problem {
                self.error(&at, problem);
            }
        }
        if let Some(flags) = &rule.flags {
            let FieldType::Set(choices) = field.kind else {
                self.error(
                    &format!("{path}/flags"),
                    format!("'{}' is not a set of values such as channels", field.name),
                );
                return;
            };
            for (settle, pointer) in flags {
                let at = join(&format!("{path}/flags"), settle);
                if !choices.contains(&settle.as_str()) {
                    self.error(
                        &at,
                        format!(
                            "'{settle}' is not one of Settle's values: {}",
                            words(choices)
                        ),
                    );
                }
                self.pointer(&at, pointer);
            }
        }
    }

    /// Reading only: `at`, `of` and `compute`.
    fn related(&mut self, path: &str, field: &Field, rule: &FieldRule, what: &str) {
        if let Some(text) = &rule.at {
            let at = format!("{path}/at");
            if field.kind != FieldType::DateTime {
                self.error(&at, format!("'{}' is not an instant", field.name));
            } else if let Err(problem) = read_at(text) {
                self.error(&at, problem);
            }
        }
        if let Some(kind) = rule.of {
            let at = format!("{path}/of");
            if field.kind != FieldType::Currency {
                self.error(&at, "only a currency is taken from another record");
            } else if kind != Kind::Account {
                self.error(
                    &at,
                    "a currency is taken from the account: \"of\": \"account\"",
                );
            } else if rule.from.is_none() {
                self.error(&at, "needs 'from': where the item has the account's id");
            }
        }
        if rule.compute && (what != "account" || !catalogue::COMPUTED.contains(&field.name)) {
            self.error(
                &format!("{path}/compute"),
                format!(
                    "Settle works out only an account's {}",
                    catalogue::COMPUTED.join(", ")
                ),
            );
        }
    }

    fn intent(&mut self, name: &str, profile: &IntentProfile, values: &[&str]) {
        let at = format!("/intents/{name}");
        let Ok(kind) = name.parse::<crate::intents::IntentKind>() else {
            self.error(&at, format!("'{name}' is not one of Settle's actions"));
            return;
        };
        let settle = catalogue::intent_fields(kind);
        let fields: Vec<&str> = settle.iter().map(|f| f.name).collect();
        // A path also takes host values (`/customers/{customer_id}/settings/{id}`); a
        // field of the action comes first when both have the name.
        let mut names = fields.clone();
        names.extend(values.iter().copied().filter(|v| !fields.contains(v)));
        if !profile.path.starts_with('/') {
            self.error(
                &format!("{at}/path"),
                format!("'{}' must start with '/'", profile.path),
            );
        }
        self.placeholders(
            &format!("{at}/path"),
            &profile.path,
            &names,
            &format!(
                "a field of {name} ({}) or a host value declared under /values",
                fields.join(", ")
            ),
        );
        for header in profile.headers.keys() {
            self.header_name(&join(&format!("{at}/headers"), header), header);
        }
        if let Some(body) = &profile.body {
            self.write_fields(&format!("{at}/body"), body, settle, name);
        }
        let mut known = values.to_vec();
        known.push(crate::profile::request::CREATED_AT);
        for (pointer, value) in &profile.constants {
            let path = join(&format!("{at}/constants"), pointer);
            self.pointer(&path, pointer);
            if let Value::String(text) = value {
                self.placeholders(
                    &path,
                    text,
                    &known,
                    "created_at or a host value declared under /values",
                );
            }
        }
        self.format(
            &format!("{at}/date_format"),
            profile.date_format.as_deref(),
            false,
        );
        self.format(
            &format!("{at}/date_time_format"),
            profile.date_time_format.as_deref(),
            true,
        );
        match (&profile.upload, name == "upload_attachment") {
            (None, true) => self.error(
                &format!("{at}/upload"),
                "is required but missing: an upload needs the part names",
            ),
            (Some(_), false) => {
                self.error(&format!("{at}/upload"), "only goes with upload_attachment")
            }
            _ => {}
        }
        match (&profile.redirect_url, name == "start_checkout") {
            (None, true) => self.error(
                &format!("{at}/redirect_url"),
                "is required but missing: it says where the answer has the checkout page's address",
            ),
            (Some(pointer), true) => self.pointer(&format!("{at}/redirect_url"), pointer),
            (Some(_), false) => self.error(
                &format!("{at}/redirect_url"),
                "only goes with start_checkout",
            ),
            (None, false) => {}
        }
        match &profile.duplicates {
            Duplicates::IdempotencyHeader { header } => {
                self.header_name(&format!("{at}/duplicates/header"), header)
            }
            Duplicates::ClientReference { field, lookup } => {
                self.pointer(&format!("{at}/duplicates/field"), field);
                if field.is_empty() {
                    self.error(
                        &format!("{at}/duplicates/field"),
                        "must name a field of the body, not the whole body",
                    );
                }
                if !lookup.path.starts_with('/') {
                    self.error(
                        &format!("{at}/duplicates/lookup/path"),
                        format!("'{}' must start with '/'", lookup.path),
                    );
                }
                self.pointer(&format!("{at}/duplicates/lookup/items"), &lookup.items);
                self.pointer(&format!("{at}/duplicates/lookup/field"), &lookup.field);
            }
            Duplicates::None => {}
        }
    }

    /// The fields of an intent's body (or of an object in it), for writing.
    fn write_fields(
        &mut self,
        at: &str,
        fields: &BTreeMap<String, FieldMap>,
        settle: &'static [Field],
        what: &str,
    ) {
        for (field_name, map) in fields {
            let path = join(at, field_name);
            let Some(field) = catalogue::find(settle, field_name) else {
                self.error(&path, unknown_field(field_name, what, settle));
                continue;
            };
            match map {
                FieldMap::Pointer(pointer) => self.pointer(&path, pointer),
                FieldMap::Rule(rule) => self.write_rule(&path, field, rule, what),
            }
        }
    }

    /// A writing rule: `to` a pointer (or `fields`, `flags` to several), and a value map
    /// covering every Settle value.
    fn write_rule(&mut self, path: &str, field: &Field, rule: &FieldRule, what: &str) {
        match &rule.to {
            Some(to) => self.pointer(&format!("{path}/to"), to),
            None if rule.fields.is_some() || rule.flags.is_some() => {}
            None => self.error(&format!("{path}/to"), "is required but missing"),
        }
        for (given, word) in [
            (rule.from.is_some(), "from"),
            (rule.value.is_some(), "value"),
            (
                rule.each.is_some() && !matches!(field.kind, FieldType::List(_)),
                "each",
            ),
            (!rule.unused.is_empty(), "unused"),
            (rule.otherwise.is_some(), "otherwise"),
            (rule.at.is_some(), "at"),
            (rule.of.is_some(), "of"),
            (rule.compute, "compute"),
            (rule.json_text, "json_text"),
            (rule.position, "position"),
        ] {
            if given {
                self.error(
                    &format!("{path}/{word}"),
                    format!("'{word}' is for reading kinds, not for sending an action"),
                );
            }
        }
        self.common(path, field, rule);
        if let (Some(each), FieldType::List(elements)) = (&rule.each, field.kind) {
            if rule.fields.is_some() {
                self.error(
                    &format!("{path}/fields"),
                    "give 'each' for a list, or 'fields' for a list of one, not both",
                );
            }
            self.write_fields(
                &format!("{path}/each"),
                each,
                elements,
                &format!("{what} {}", field.name),
            );
        }
        if let Some(inner) = rule.fields.as_ref().filter(|_| rule.each.is_none()) {
            match field.kind {
                FieldType::Object(members) | FieldType::List(members) => self.write_fields(
                    &format!("{path}/fields"),
                    inner,
                    members,
                    &format!("{what} {}", field.name),
                ),
                _ => self.error(
                    &format!("{path}/fields"),
                    format!("'{}' is not an object", field.name),
                ),
            }
        }
        let Some(values) = &rule.values else {
            return;
        };
        let choices: &[&str] = match field.kind {
            _ if rule.flags.is_some() => &["true", "false"],
            FieldType::Bool => &["true", "false"],
            FieldType::Choice(choices) | FieldType::Set(choices) => choices,
            _ => {
                self.error(
                    path,
                    format!("'{}' is not a field with fixed values", field.name),
                );
                return;
            }
        };
        for settle in values.keys() {
            if !choices.contains(&settle.as_str()) {
                self.error(
                    &join(&format!("{path}/values"), settle),
                    format!(
                        "'{settle}' is not one of Settle's values: {}",
                        words(choices)
                    ),
                );
            }
        }
        for choice in choices.iter().copied() {
            if !values.contains_key(choice) {
                self.error(
                    &format!("{path}/values"),
                    format!("'{choice}' is not mapped: every value a customer can choose must have a backend value"),
                );
            }
        }
    }
}

fn unknown_field(name: &str, what: &str, settle: &[Field]) -> String {
    let names: Vec<&str> = settle.iter().map(|f| f.name).collect();
    format!(
        "'{name}' is not a field of {what}; Settle's are {}",
        names.join(", ")
    )
}

fn words(choices: &[&str]) -> String {
    choices.join(", ")
}

/// The `{name}` placeholders of a template, or why its braces do not pair up.
pub(crate) fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("'{template}' has a '}}' without its '{{'"));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("'{template}' has a '{{' without its '}}'"));
        };
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("'{template}' has an empty or nested placeholder"));
        }
        found.push(name);
        rest = &after[close + 1..];
    }
    Ok(found)
}
