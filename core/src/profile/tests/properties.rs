//! Properties of requests and links: a placeholder fills exactly one path segment, the
//! next link is found among any others.

use super::*;
use proptest::prelude::*;

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

proptest! {
    /// A placeholder's value fills exactly one path segment, whatever it holds, and
    /// reads back unchanged; the Settle profile encodes like the Settle client.
    #[test]
    fn placeholders_are_percent_encoded(id in "\\PC{1,20}") {
        use crate::api::WithdrawDispute;
        use crate::intents::{Intent, API_BASE};
        let intent = Intent::WithdrawDispute(WithdrawDispute { dispute_id: id.clone(), reason: None });
        let url = settle().intent_request(&entry(intent.clone()), &host).unwrap().url;
        prop_assert_eq!(&url, &format!("{API_BASE}{}", intent.path()));
        let url = json_server().intent_request(&entry(intent), &host).unwrap().url;
        let segment = url.strip_prefix("http://127.0.0.1:3000/disputes/").unwrap();
        prop_assert!(!segment.contains(['/', '?', '#', '&', ' ']));
        prop_assert_eq!(decode(segment), id);
    }

    /// The `rel="next"` target is found among any other links, in any order.
    #[test]
    fn the_next_link_is_found(
        next in "https://[a-z]{1,8}\\.example/[a-z0-9/?=&;,]{0,20}",
        others in proptest::collection::vec(("https://[a-z]{1,8}/[a-z0-9?=&;,]{0,10}", "prev|last|first|self"), 0..4),
        at in 0usize..4,
    ) {
        let mut links: Vec<String> = others
            .iter()
            .map(|(url, rel)| format!("<{url}>; rel=\"{rel}\"; title=\"a, b; c\""))
            .collect();
        links.insert(at.min(links.len()), format!("<{next}>; rel=\"next\""));
        prop_assert_eq!(paging::link_next(&links.join(", ")), Some(next));
    }
}
