//! `cargo xtask profile-check`: a creditor's backend profile tried against their live
//! backend before any customer meets it. It loads the profile, reads the first page of
//! every kind the profile lists (or of the feed) with core's own reading code, and
//! says for each kind how many records mapped, which were skipped and why, and which
//! of Settle's fields came out empty.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use settle_core::api::{Kind, SyncItem};
use settle_core::profile::catalogue::kind_fields;
use settle_core::profile::{
    ItemError, ListRequest, ListResponse, ListState, Profile, Related, Step,
};

use crate::command::Result;

const USAGE: &str = "usage: cargo xtask profile-check --profile FILE --base-url URL \
[--token T] [--value NAME=VALUE]... [--header 'NAME: VALUE']...";

/// What reading one kind's first page came to.
#[derive(Debug, Default)]
pub struct KindReport {
    /// The kind, or `feed` for the feed, which serves several.
    pub name: String,
    /// The request sent.
    pub url: String,
    pub status: u16,
    /// Records read, by kind (a feed page holds several kinds).
    pub mapped: BTreeMap<Kind, usize>,
    /// Records that did not fit, with the loader's reason.
    pub skipped: Vec<ItemError>,
    /// Settle's fields the profile maps that came out empty, with how many records lack
    /// them.
    pub empty: BTreeMap<String, usize>,
    /// Settle's fields the profile does not map for this kind: always empty.
    pub unmapped: std::collections::BTreeSet<String>,
    /// Why the page as a whole could not be read, if it could not.
    pub failure: Option<String>,
}

/// Who is asking: the token, host values and extra headers a signed-in customer has.
#[derive(Debug, Default)]
pub struct Caller {
    pub token: Option<String>,
    pub values: BTreeMap<String, String>,
    pub headers: Vec<(String, String)>,
}

/// `cargo xtask profile-check …`: prints the report; fails when any record was skipped
/// or any page could not be read.
pub fn only(args: &[String]) -> Result<()> {
    let mut profile_file = None;
    let mut base_url = None;
    let mut caller = Caller::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or(format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--profile" => profile_file = Some(value()?),
            "--base-url" => base_url = Some(value()?),
            "--token" => caller.token = Some(value()?),
            "--value" => {
                let pair = value()?;
                let (name, value) = pair
                    .split_once('=')
                    .ok_or(format!("--value takes NAME=VALUE, not '{pair}'"))?;
                caller.values.insert(name.to_owned(), value.to_owned());
            }
            "--header" => {
                let line = value()?;
                let (name, value) = line
                    .split_once(':')
                    .ok_or(format!("--header takes 'NAME: VALUE', not '{line}'"))?;
                caller
                    .headers
                    .push((name.trim().to_owned(), value.trim().to_owned()));
            }
            _ => return Err(format!("unknown option '{flag}'\n{USAGE}")),
        }
    }
    let profile_file = profile_file.ok_or(USAGE)?;
    let text = std::fs::read_to_string(&profile_file)
        .map_err(|e| format!("cannot read {profile_file}: {e}"))?;
    let reports = check(&text, base_url.as_deref(), &caller)?;
    print!("{}", render(&reports));
    let skipped: usize = reports.iter().map(|report| report.skipped.len()).sum();
    let failed = reports
        .iter()
        .filter(|report| report.failure.is_some())
        .count();
    if skipped + failed > 0 {
        return Err(format!(
            "{skipped} record(s) skipped and {failed} page(s) unreadable: see above"
        ));
    }
    Ok(())
}

/// Loads `profile` (its `base_url` replaced by `base_url` if given) and reads the first
/// page of each of its steps, in the order the app reads them, so values one record
/// lends another (an account's currency) are there as in the app.
pub fn check(profile: &str, base_url: Option<&str>, caller: &Caller) -> Result<Vec<KindReport>> {
    let mut profile = Profile::load(profile).map_err(|errors| errors.to_string())?;
    if let Some(base_url) = base_url {
        profile.base_url = base_url.trim_end_matches('/').to_owned();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let host = |name: &str| caller.values.get(name).cloned();
    let mut related = Related::default();
    let mut reports = Vec::new();
    for step in settle_core::profile::paging::steps(&profile) {
        let mut report = KindReport::default();
        let request = match step {
            Step::Feed => {
                report.name = "feed".to_owned();
                profile.feed_request(None)
            }
            Step::List(kind) => {
                report.name = kind.as_str().to_owned();
                profile.list_request(kind, &ListState::default(), &host)
            }
        };
        match request {
            Ok(request) => read_page(
                &agent,
                &profile,
                caller,
                step,
                &request,
                &mut related,
                &mut report,
            ),
            Err(error) => {
                let hint = caller_hint(&error.message);
                report.failure = Some(format!("{error}{hint}"));
            }
        }
        reports.push(report);
    }
    Ok(reports)
}

/// How to give a host value the profile asked for and the check lacks.
fn caller_hint(message: &str) -> String {
    match message.split_once("no value for {") {
        Some((_, rest)) => {
            let name = rest.split('}').next().unwrap_or_default();
            format!(" (give it with --value {name}=...)")
        }
        None => String::new(),
    }
}

fn read_page(
    agent: &ureq::Agent,
    profile: &Profile,
    caller: &Caller,
    step: Step,
    request: &ListRequest,
    related: &mut Related,
    report: &mut KindReport,
) {
    report.url = request.url.clone();
    let mut get = agent.get(&request.url);
    let auth = caller
        .token
        .as_deref()
        .and_then(|token| profile.auth_header(token));
    for (name, value) in profile
        .common_headers()
        .into_iter()
        .chain(request.headers.iter().cloned())
        .chain(auth)
        .chain(caller.headers.iter().cloned())
    {
        get = get.header(name, value);
    }
    let mut response = match get.call() {
        Ok(response) => response,
        Err(error) => {
            report.failure = Some(format!("no answer: {error}"));
            return;
        }
    };
    report.status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let (link, etag) = (header("link"), header("etag"));
    let text = response.body_mut().read_to_string().unwrap_or_default();
    if !(200..300).contains(&report.status) {
        let start: String = text.chars().take(200).collect();
        report.failure = Some(format!("answered {}: {start}", report.status));
        return;
    }
    let body: Value = match serde_json::from_str(&text) {
        Ok(body) => body,
        Err(error) => {
            report.failure = Some(format!("the answer is not JSON: {error}"));
            return;
        }
    };
    let read = match step {
        Step::Feed => profile
            .read_feed(&body)
            .map(|page| (page.items, page.skipped)),
        Step::List(kind) => {
            let response = ListResponse {
                status: report.status,
                link: link.as_deref(),
                etag: etag.as_deref(),
                body: &body,
            };
            profile
                .read_list_related(kind, &mut ListState::default(), &response, related)
                .map(|page| (page.items, page.skipped))
        }
    };
    match read {
        Ok((items, skipped)) => {
            report.skipped = skipped;
            for item in items.iter().filter(|item| !item.deleted) {
                *report.mapped.entry(item.kind).or_default() += 1;
                for (field, mapped) in empty_fields(profile, item) {
                    if mapped {
                        *report.empty.entry(field).or_default() += 1;
                    } else {
                        report.unmapped.insert(field);
                    }
                }
            }
        }
        Err(error) => report.failure = Some(error.to_string()),
    }
}

/// Settle's fields of `item` that hold nothing (`kind.field`), each with whether the
/// profile maps it, leaving out the figures the app computes itself.
fn empty_fields(profile: &Profile, item: &SyncItem) -> Vec<(String, bool)> {
    let maps = |name: &str| {
        profile
            .kinds
            .get(&item.kind)
            .and_then(|kind| kind.fields.as_ref())
            .is_none_or(|fields| fields.contains_key(name))
    };
    let computed = if item.kind == Kind::Account {
        profile.computed()
    } else {
        Vec::new()
    };
    let data = item.data.as_ref();
    kind_fields(item.kind)
        .iter()
        .filter(|field| !computed.contains(&field.name))
        .filter(|field| match data.and_then(|data| data.get(field.name)) {
            None | Some(Value::Null) => true,
            Some(Value::String(text)) => text.is_empty(),
            Some(Value::Array(list)) => list.is_empty(),
            Some(_) => false,
        })
        .map(|field| {
            let name = format!("{}.{}", item.kind.as_str(), field.name);
            (name, maps(field.name))
        })
        .collect()
}

/// The report as a creditor reads it.
pub fn render(reports: &[KindReport]) -> String {
    let mut out = String::new();
    for report in reports {
        out.push_str(&format!("{} — GET {}\n", report.name, report.url));
        if let Some(failure) = &report.failure {
            out.push_str(&format!("  could not be read: {failure}\n"));
            continue;
        }
        let mapped: Vec<String> = report
            .mapped
            .iter()
            .map(|(kind, count)| format!("{count} {}", kind.as_str()))
            .collect();
        let mapped = if mapped.is_empty() {
            "none".to_owned()
        } else {
            mapped.join(", ")
        };
        out.push_str(&format!(
            "  mapped: {mapped}; skipped: {}\n",
            report.skipped.len()
        ));
        for skipped in &report.skipped {
            out.push_str(&format!("    skipped: {skipped}\n"));
        }
        for (field, count) in &report.empty {
            out.push_str(&format!("    left empty: {field} in {count} record(s)\n"));
        }
        if !report.unmapped.is_empty() {
            let names: Vec<&str> = report.unmapped.iter().map(String::as_str).collect();
            out.push_str(&format!("    not in the profile: {}\n", names.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Against a real json-server (from npm) serving the invoicing fixture the e2e tests
    //! use, reached through its profile in tests/backends/json-server.

    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::Instant;

    use super::*;
    use crate::command::root;

    /// json-server over a copy of the fixture, changed by `change`; stopped when dropped.
    struct JsonServer {
        child: Child,
        url: String,
        folder: PathBuf,
    }

    impl JsonServer {
        fn start(name: &str, change: impl FnOnce(&mut Value)) -> JsonServer {
            // Once for all the tests, which run side by side.
            static INSTALLED: std::sync::Once = std::sync::Once::new();
            INSTALLED.call_once(|| crate::tools::npm_packages().expect("npm packages install"));
            let fixture = root().join("tests/backends/json-server/db.json");
            let mut db: Value =
                serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
            change(&mut db);
            let folder = std::env::temp_dir().join(format!(
                "settle-profile-check-{name}-{}",
                std::process::id()
            ));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("db.json"), db.to_string()).unwrap();
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .unwrap()
                .port();
            let child = Command::new("node")
                .arg(root().join("node_modules/json-server/lib/bin.js"))
                .args([
                    "--host",
                    "127.0.0.1",
                    "--port",
                    &port.to_string(),
                    "db.json",
                ])
                .current_dir(&folder)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("node starts json-server");
            let deadline = Instant::now() + Duration::from_secs(30);
            while !crate::listening::answers_http(port) {
                assert!(Instant::now() < deadline, "json-server did not answer");
                std::thread::sleep(Duration::from_millis(50));
            }
            JsonServer {
                child,
                url: format!("http://127.0.0.1:{port}"),
                folder,
            }
        }
    }

    impl Drop for JsonServer {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }

    fn profile() -> String {
        std::fs::read_to_string(root().join("tests/backends/json-server/profile.json")).unwrap()
    }

    fn signed_in(customer: &str) -> Caller {
        Caller {
            token: Some("test-token".into()),
            values: [("customer_id".to_owned(), customer.to_owned())].into(),
            headers: Vec::new(),
        }
    }

    /// The fixture's records of `collection` that belong to `customer`.
    fn owned(db: &Path, collection: &str, customer: &str) -> usize {
        let db: Value = serde_json::from_str(&std::fs::read_to_string(db).unwrap()).unwrap();
        db[collection]
            .as_array()
            .unwrap()
            .iter()
            .filter(|record| record["customerId"] == customer)
            .count()
    }

    fn report<'a>(reports: &'a [KindReport], name: &str) -> &'a KindReport {
        reports
            .iter()
            .find(|report| report.name == name)
            .unwrap_or_else(|| panic!("no report for {name}"))
    }

    #[test]
    fn a_backend_that_fits_its_profile_maps_every_record_and_names_what_is_left_out() {
        let backend = JsonServer::start("fits", |_| {});
        let reports = check(&profile(), Some(&backend.url), &signed_in("CUST-100")).unwrap();
        let db = backend.folder.join("db.json");
        for report in &reports {
            assert_eq!(report.failure, None, "{}", render(&reports));
            assert!(report.skipped.is_empty(), "{}", render(&reports));
        }
        let invoices = report(&reports, "invoice");
        assert_eq!(
            invoices.mapped.get(&Kind::Invoice).copied(),
            Some(owned(&db, "invoices", "CUST-100"))
        );
        assert_eq!(
            report(&reports, "account").mapped.get(&Kind::Account),
            Some(&1)
        );
        // The fixture's invoices have no PDF, and its profile does not map one.
        assert!(invoices.unmapped.contains("invoice.pdf_url"));
        assert!(render(&reports).contains("not in the profile: "));
    }

    #[test]
    fn a_record_that_does_not_fit_is_named_with_the_field_and_the_reason() {
        let backend = JsonServer::start("misfit", |db| {
            let invoice = db["invoices"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|invoice| invoice["customerId"] == "CUST-100")
                .unwrap();
            invoice["grossAmount"] = "twelve".into();
        });
        let reports = check(&profile(), Some(&backend.url), &signed_in("CUST-100")).unwrap();
        let db = backend.folder.join("db.json");
        let invoices = report(&reports, "invoice");
        assert_eq!(invoices.skipped.len(), 1, "{}", render(&reports));
        assert_eq!(invoices.skipped[0].pointer, "/grossAmount");
        assert!(invoices.skipped[0].reason.contains("'twelve'"));
        assert_eq!(
            invoices.mapped.get(&Kind::Invoice).copied(),
            Some(owned(&db, "invoices", "CUST-100") - 1)
        );
        // The others still read.
        assert_eq!(
            report(&reports, "account").mapped.get(&Kind::Account),
            Some(&1)
        );
    }

    #[test]
    fn a_missing_host_value_and_a_refused_request_are_reported_not_hidden() {
        let backend = JsonServer::start("unsigned", |_| {});
        let reports = check(&profile(), Some(&backend.url), &Caller::default()).unwrap();
        let account = report(&reports, "account").failure.as_deref().unwrap();
        assert!(account.contains("{customer_id}"), "{account}");
        assert!(account.contains("--value customer_id="), "{account}");
        let stranger = check(&profile(), Some(&backend.url), &signed_in("CUST-NOBODY")).unwrap();
        let account = report(&stranger, "account").failure.as_deref().unwrap();
        assert!(account.starts_with("answered 404"), "{account}");
    }

    #[test]
    fn a_profile_with_mistakes_is_refused_with_each_of_them() {
        let error = check(r#"{"name": "x"}"#, None, &Caller::default()).unwrap_err();
        assert!(error.contains("mistake"), "{error}");
    }
}
