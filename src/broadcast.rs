//! Tells the other open tabs that the store changed or that the customer signed out
//! (BroadcastChannel), so every tab shows the same thing.

use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// Tabs talk on a channel named after their database, so a tab that keeps nothing on the
/// device hears only itself (see [`crate::shared_device`]).
fn channel() -> String {
    crate::shared_device::scope()
}

/// What a tab tells the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    /// The store changed: read it again.
    StoreChanged,
    /// The customer signed out: forget everything and show the sign-in page.
    SignedOut,
}

impl News {
    fn as_str(self) -> &'static str {
        match self {
            News::StoreChanged => "store-changed",
            News::SignedOut => "signed-out",
        }
    }

    fn parse(text: &str) -> Option<News> {
        match text {
            "store-changed" => Some(News::StoreChanged),
            "signed-out" => Some(News::SignedOut),
            _ => None,
        }
    }
}

/// Sends news to every other tab of the app.
pub fn tell_other_tabs(news: News) {
    if let Ok(channel) = BroadcastChannel::new(&channel()) {
        let _ = channel.post_message(&JsValue::from_str(news.as_str()));
        channel.close();
    }
}

/// Calls `on_news` with every piece of news from the other tabs, for the app's lifetime.
pub fn listen(on_news: impl Fn(News) + 'static) {
    let Ok(channel) = BroadcastChannel::new(&channel()) else {
        return;
    };
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(news) = event.data().as_string().as_deref().and_then(News::parse) {
            on_news(news);
        }
    });
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // Both live as long as the page.
    handler.forget();
    std::mem::forget(channel);
}
