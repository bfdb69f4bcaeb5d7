//! Reading whole lists: pages, cursors, ETags, links, `since`, and deletions.

use super::*;

#[test]
fn pages_and_deletions_of_a_full_list() {
    let profile = json_server();
    let mut state = ListState::default();
    let first = profile.list_request(Kind::Invoice, &state, &host).unwrap();
    assert_eq!(
        first.url,
        "http://127.0.0.1:3000/invoices?customerId=CUST%20100%2F%26&_page=1&_per_page=100"
    );
    let invoices = db("invoices");
    let all = invoices.as_array().unwrap();
    let page1 = json!({"first": 1, "prev": null, "next": 2, "last": 2, "pages": 2, "items": 5, "data": all[..3]});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&page1))
        .unwrap();
    assert!(!read.done);
    assert_eq!(read.items.len(), 3);
    assert_eq!(state.next, Some(NextPage::Page(2)));
    let second = profile.list_request(Kind::Invoice, &state, &host).unwrap();
    assert!(second.url.ends_with("&_page=2&_per_page=100"));
    let page2 = json!({"first": 1, "prev": 1, "next": null, "last": 2, "pages": 2, "items": 5, "data": all[3..]});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&page2))
        .unwrap();
    assert!(read.done && read.items.iter().all(|item| !item.deleted));
    assert_eq!(state.known.len(), 5);
    assert_eq!(state.next, None);
    // The next sync: INV-1002 is gone from the backend, so it is deleted here too.
    let remaining: Vec<Value> = all
        .iter()
        .filter(|i| i["id"] != "INV-1002")
        .cloned()
        .collect();
    let only = json!({"first": 1, "prev": null, "next": null, "last": 1, "pages": 1, "items": 4, "data": remaining});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&only))
        .unwrap();
    let deleted: Vec<&str> = read
        .items
        .iter()
        .filter(|i| i.deleted)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(deleted, vec!["INV-1002"]);
    assert_eq!(state.known.len(), 4);
    // A response of the wrong shape leaves the state as it was.
    let before = state.clone();
    assert!(profile
        .read_list(Kind::Invoice, &mut state, &answer(&json!([])))
        .is_err());
    assert_eq!(state, before);
    // A missing host value is named.
    let error = profile
        .list_request(Kind::Invoice, &state, &|_| None)
        .unwrap_err();
    assert_eq!(error.path, "/kinds/invoice/query/customerId");
    assert!(error.message.contains("no value for {customer_id}"));
    let error = profile
        .list_request(Kind::Account, &state, &|_| None)
        .unwrap_err();
    assert_eq!(error.path, "/kinds/account/path");
    let account = profile.list_request(Kind::Account, &state, &host).unwrap();
    assert_eq!(
        account.url,
        "http://127.0.0.1:3000/customers/CUST%20100%2F%26"
    );
}

#[test]
fn a_skipped_item_is_not_deleted() {
    let profile = json_server();
    let mut state = ListState::default();
    let invoices = db("invoices");
    let page = json!({"next": null, "data": invoices});
    profile
        .read_list(Kind::Invoice, &mut state, &answer(&page))
        .unwrap();
    let mut broken = invoices.clone();
    broken[0]["grossAmount"] = json!(1);
    let page = json!({"next": null, "data": broken});
    let read = profile
        .read_list(Kind::Invoice, &mut state, &answer(&page))
        .unwrap();
    assert_eq!(read.skipped.len(), 1);
    assert_eq!(read.skipped[0].id.as_deref(), Some("INV-1001"));
    assert!(read.items.iter().all(|item| !item.deleted));
}

#[test]
fn cursors_etags_links_and_since() {
    let profile = Profile::load(&everything_else().to_string()).unwrap();
    let none = |_: &str| None;
    // Cursor pages, then an ETag on the next sync.
    let mut state = ListState::default();
    let first = profile.list_request(Kind::Invoice, &state, &none).unwrap();
    assert_eq!(first.url, "https://ar.example.com/api/invoices");
    assert!(first.headers.is_empty());
    let empty = json!({"results": [], "meta": {"next": "c2"}});
    profile
        .read_list(Kind::Invoice, &mut state, &answer(&empty))
        .unwrap();
    assert_eq!(state.next, Some(NextPage::Cursor("c2".into())));
    let next = profile.list_request(Kind::Invoice, &state, &none).unwrap();
    assert_eq!(next.url, "https://ar.example.com/api/invoices?after=c2");
    let last = json!({"results": [], "meta": {"next": null}});
    let response = paging::ListResponse {
        etag: Some("\"v7\""),
        ..answer(&last)
    };
    assert!(
        profile
            .read_list(Kind::Invoice, &mut state, &response)
            .unwrap()
            .done
    );
    assert_eq!(state.etag.as_deref(), Some("\"v7\""));
    let again = profile.list_request(Kind::Invoice, &state, &none).unwrap();
    assert_eq!(
        again.headers,
        vec![("If-None-Match".to_owned(), "\"v7\"".to_owned())]
    );
    let unchanged = paging::ListResponse {
        status: 304,
        ..answer(&Value::Null)
    };
    let read = profile
        .read_list(Kind::Invoice, &mut state, &unchanged)
        .unwrap();
    assert!(read.done && read.items.is_empty());
    // Link headers, and the newest change for the since-parameter.
    let mut state = ListState::default();
    let payments = json!([
        {"id": "p1", "changed": "2024-04-02T10:00:00Z", "gone": true},
        {"id": "p2", "changed": "2024-04-03T10:00:00+02:00", "gone": true}
    ]);
    let response = paging::ListResponse {
        link: Some("</api/payments?page=2>; rel=\"next\", </api/payments?page=9>; rel=\"last\""),
        ..answer(&payments)
    };
    let read = profile
        .read_list(Kind::Payment, &mut state, &response)
        .unwrap();
    assert!(!read.done);
    assert!(read.items.iter().all(|item| item.deleted));
    let next = profile.list_request(Kind::Payment, &state, &none).unwrap();
    assert_eq!(next.url, "https://ar.example.com/api/payments?page=2");
    let read = profile
        .read_list(Kind::Payment, &mut state, &answer(&json!([])))
        .unwrap();
    assert!(read.done);
    assert_eq!(state.since.as_deref(), Some("2024-04-03T08:00:00Z"));
    let since = profile.list_request(Kind::Payment, &state, &none).unwrap();
    assert_eq!(
        since.url,
        "https://ar.example.com/api/payments?changedSince=2024-04-03T08%3A00%3A00Z"
    );
    // Pages counted from 0 end with a short page.
    let mut state = ListState::default();
    let promise = json!({"id": 1, "cents": 1, "date": "2024-05-01", "made": "2024-04-01T10:00:00Z", "s": "O"});
    let full = json!([promise.clone(), promise.clone()]);
    let url = profile
        .list_request(Kind::Promise, &state, &none)
        .unwrap()
        .url;
    assert_eq!(url, "https://ar.example.com/api/promises?page=0&size=2");
    assert!(
        !profile
            .read_list(Kind::Promise, &mut state, &answer(&full))
            .unwrap()
            .done
    );
    assert_eq!(state.next, Some(NextPage::Page(1)));
    let short = json!([promise]);
    assert!(
        profile
            .read_list(Kind::Promise, &mut state, &answer(&short))
            .unwrap()
            .done
    );
}

#[test]
fn link_headers() {
    use paging::link_next;
    assert_eq!(
        link_next("<https://a.example/x?page=2>; rel=\"next\""),
        Some("https://a.example/x?page=2".into())
    );
    assert_eq!(
        link_next(
            "<https://a/1>; rel=\"prev\", <https://a/3>; rel=\"next\"; title=\"more, please\""
        ),
        Some("https://a/3".into())
    );
    assert_eq!(link_next("<https://a/1>; rel=\"prev first\""), None);
    assert_eq!(
        link_next("<https://a/1>; rel=\"prev\"; title=\"one, two\", <https://a/3>; rel=\"next\""),
        Some("https://a/3".into())
    );
    assert_eq!(
        link_next("<https://a/1>;rel=NEXT"),
        Some("https://a/1".into())
    );
    assert_eq!(
        link_next("<https://a/1>; rel=\"last next\""),
        Some("https://a/1".into())
    );
    assert_eq!(link_next(""), None);
    assert_eq!(link_next("garbage <unclosed"), None);
}

#[test]
fn deletions_are_what_the_backend_no_longer_lists() {
    let cached = ["a", "b", "c"].map(String::from).into_iter().collect();
    let fetched = ["a", "c", "d"].map(String::from).into_iter().collect();
    assert_eq!(paging::deletions(&cached, &fetched), vec!["b".to_owned()]);
}

#[test]
fn a_sync_round_goes_through_every_step() {
    let settle = settle();
    assert_eq!(paging::steps(&settle), vec![Step::Feed]);
    let json_server = json_server();
    let steps = paging::steps(&json_server);
    assert_eq!(steps.first(), Some(&Step::List(Kind::Account)));
    assert_eq!(steps.len(), 9);
    let mut cursor = SyncCursor::from_checkpoint(None);
    assert_eq!(
        cursor.current(&json_server),
        Some(Step::List(Kind::Account))
    );
    assert!(cursor.advance(&json_server, Step::List(Kind::Account), true));
    assert_eq!(
        cursor.current(&json_server),
        Some(Step::List(Kind::Invoice))
    );
    assert!(cursor.advance(&json_server, Step::List(Kind::Invoice), false));
    assert_eq!(
        cursor.current(&json_server),
        Some(Step::List(Kind::Invoice))
    );
    cursor.lists.entry(Kind::Invoice).or_default().next = Some(NextPage::Page(2));
    let stored = cursor.to_checkpoint();
    let back = SyncCursor::from_checkpoint(Some(&stored));
    assert_eq!(back, cursor);
    let mut last = SyncCursor::default();
    assert!(!last.advance(&json_server, Step::List(Kind::Preferences), true));
    assert_eq!(last.step, None);
    assert_eq!(last.current(&json_server), Some(Step::List(Kind::Account)));
    assert_eq!(
        SyncCursor::from_checkpoint(Some("v1.42")),
        SyncCursor::default()
    );
}
