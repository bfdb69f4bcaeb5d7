//! The main navigation: a tab bar at the bottom of a phone with "More" for the rest, a bar
//! across the top on wider screens; before sign-in only signing in and help.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::components::{AccountSwitcher, LanguageSwitcher, SignOut};
use crate::data::CustomerOnDevice;
use crate::i18n::t;

/// A small line icon for a tab, drawn with the text colour (the label says what it is).
fn icon(href: &str) -> impl IntoView {
    let path = match href {
        "/" => "M3 11l9-8 9 8v10h-6v-6H9v6H3z",
        "/invoices" => "M6 2h9l5 5v15H6zM14 2v6h6M9 13h7M9 17h7",
        "/disputes" => "M4 4h16v12H9l-5 4z",
        "/plans" => "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
        _ => "M4 7h16M4 12h16M4 17h16",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path d=path />
        </svg>
    }
}

/// The navigation between `pages` (where, name, whether a tab of the phone's tab bar):
/// the tabs, and "More" holding the other pages, the language, the account switcher and
/// signing out. On wide screens "More" is not needed and all of it shows in one bar.
#[component]
pub fn MainNav(pages: Vec<(&'static str, &'static str, bool)>) -> impl IntoView {
    let customer = expect_context::<CustomerOnDevice>();
    let more_open = RwSignal::new(false);
    // A page chosen from "More" closes it.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        more_open.set(false);
    });
    let pages = StoredValue::new(pages);
    let links = move |tab: bool| {
        pages.with_value(|pages| {
            pages
                .iter()
                .filter(|page| page.2 == tab)
                .map(|&(href, label, _)| view! { <A href=href>{icon(href)}<span>{t(label)}</span></A> })
                .collect_view()
        })
    };
    // Until the store has been read the nav stays empty: showing "Sign in" to someone
    // who is signed in, then swapping it for the tabs, would flash.
    let known = move || customer.get().is_some();
    let signed_in = move || customer.waiting().is_some();
    view! {
        <nav class="main-nav" aria-label=t("Main")>
            <Show when=known>
            <Show when=signed_in fallback=|| view! {
                <div class="before-sign-in">
                    <A href="/sign-in">{t("Sign in")}</A>
                    <A href="/help">{t("Help")}</A>
                    <LanguageSwitcher />
                </div>
            }>
                <div class="tabs">
                    {links(true)}
                    <button type="button" class="more-toggle" aria-controls="more"
                        aria-expanded=move || more_open.get().to_string()
                        on:click=move |_| more_open.update(|open| *open = !*open)>
                        {icon("more")}<span>{t("More")}</span>
                    </button>
                </div>
                <div id="more" class="more" class:open=move || more_open.get()>
                    // Also when the page chosen is the one shown already.
                    <div class="more-links" on:click=move |_| more_open.set(false)>{links(false)}</div>
                    <LanguageSwitcher />
                    <AccountSwitcher />
                    <SignOut />
                </div>
            </Show>
            </Show>
        </nav>
    }
}
