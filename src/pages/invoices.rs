//! The invoice list (`/invoices`): search, filter and sort (worked out by the core), a
//! page at a time, with the search kept in the address.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use settle_core::intents::IntentKind;
use settle_core::invoice::InvoiceStatus;
use settle_core::invoice_list::{self, ListedInvoice, Query, Show, Sort};

use crate::backend_choice::capabilities;
use crate::components::{ChosenAccount, Loaded};
use crate::data::{self, SyncStatus};
use crate::format;
use crate::i18n::{t, tf, tn};
use crate::words::{invoice_status, invoice_status_class};

/// How many invoices the list adds at a time: enough to scroll, few enough to draw at
/// once however many the customer has.
const PAGE: usize = 50;

/// The customer's invoices: search, filter and sort (worked out by the core), shown a
/// page at a time.
#[component]
pub fn Invoices() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let chosen = expect_context::<ChosenAccount>();
    let loaded = LocalResource::new(move || data::invoice_list(status.revision.get()));
    // The search lives in the URL (`/invoices?show=overdue&q=oak`): it can be shared,
    // bookmarked and comes back with the Back button.
    let url = use_query_map();
    let text = RwSignal::new(url.read_untracked().get("q").unwrap_or_default());
    let show = RwSignal::new(invoice_list::from_url(
        &Show::ALL,
        url.read_untracked().get("show").as_deref(),
    ));
    let sort = RwSignal::new(invoice_list::from_url(
        &Sort::ALL,
        url.read_untracked().get("sort").as_deref(),
    ));
    let navigate = use_navigate();
    Effect::new(move |first: Option<()>| {
        let (text, show, sort) = (text.get(), show.get(), sort.get());
        if first.is_none() {
            return;
        }
        let mut query = vec![];
        if !text.is_empty() {
            query.push(format!("q={}", js_sys::encode_uri_component(&text)));
        }
        if show != Show::default() {
            query.push(format!("show={}", invoice_list::url_name(&Show::ALL, show)));
        }
        if sort != Sort::default() {
            query.push(format!("sort={}", invoice_list::url_name(&Sort::ALL, sort)));
        }
        let path = match query.is_empty() {
            true => "/invoices".to_string(),
            false => format!("/invoices?{}", query.join("&")),
        };
        navigate(
            &path,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let shown = RwSignal::new(PAGE);
    let today = chrono::Local::now().date_naive();
    // A new search starts again from the top of the list. Set only when it changes: a set
    // draws the list again, and a keystroke should draw it once.
    Effect::new(move |_| {
        text.track();
        show.track();
        sort.track();
        if shown.get_untracked() != PAGE {
            shown.set(PAGE);
        }
    });

    view! {
        <h1>{t("Invoices")}</h1>
        <form class="card list-controls" role="search" on:submit=|ev| ev.prevent_default()>
            <div>
                <label for="invoice-search">{t("Search")}</label>
                <input id="invoice-search" type="search" placeholder=t("Number, reference or item")
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </div>
            <div>
                <label for="invoice-show">{t("Show")}</label>
                <select id="invoice-show" on:change=move |ev| {
                    show.set(invoice_list::from_url(&Show::ALL, Some(&event_target_value(&ev))))
                }>
                    {SHOWS.iter().map(|(value, words)| view! {
                        <option value=invoice_list::url_name(&Show::ALL, *value)
                            selected=show.get_untracked() == *value>{t(words)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="invoice-sort">{t("Sort by")}</label>
                <select id="invoice-sort" on:change=move |ev| {
                    sort.set(invoice_list::from_url(&Sort::ALL, Some(&event_target_value(&ev))))
                }>
                    {SORTS.iter().map(|(value, words)| view! {
                        <option value=invoice_list::url_name(&Sort::ALL, *value)
                            selected=sort.get_untracked() == *value>{t(words)}</option>
                    }).collect_view()}
                </select>
            </div>
        </form>
        <Loaded read=move || loaded.get() let:loaded>
            {
                let query = Query {
                    text: text.get(),
                    show: show.get(),
                    sort: sort.get(),
                    account_id: chosen.0.get(),
                };
                let indices =
                    invoice_list::select(&loaded.invoices, &loaded.disputed, today, &query);
                let total = indices.len();
                let rows = indices
                    .iter()
                    .take(shown.get())
                    .map(|i| view! { <InvoiceRow invoice=loaded.invoices[*i].clone()
                        disputed=loaded.disputed.contains(&loaded.invoices[*i].id) today /> })
                    .collect_view();
                let left = total.saturating_sub(shown.get());
                view! {
                    <p role="status" data-testid="invoice-count">{count_words(total)}</p>
                    <ul class="invoice-list">{rows}</ul>
                    {(left > 0).then(|| view! {
                        <button type="button" class="secondary"
                            on:click=move |_| shown.update(|n| *n += PAGE)>
                            {tf("Show {} more of {}", &[&left.min(PAGE).to_string(), &left.to_string()])}
                        </button>
                    })}
                }
            }
        </Loaded>
    }
}

const SHOWS: [(Show, &str); 7] = [
    (Show::ToPay, "To pay"),
    (Show::Open, "Not yet due"),
    (Show::Overdue, "Overdue"),
    (Show::Disputed, "Under dispute"),
    (Show::InPlan, "In a payment plan"),
    (Show::Paid, "Paid"),
    (Show::All, "All"),
];

const SORTS: [(Sort, &str); 4] = [
    (Sort::DueSoonest, "Due date, soonest first"),
    (Sort::DueLatest, "Due date, latest first"),
    (Sort::LargestOpen, "Amount left to pay, largest first"),
    (Sort::Number, "Invoice number"),
];

fn count_words(count: usize) -> String {
    match count {
        0 => t("No invoices match.").to_string(),
        n => tn("{} invoice", "{} invoices", n),
    }
}

/// One invoice in the list: what is left to pay, by when, where it stands, and what the
/// customer can do about it.
#[component]
fn InvoiceRow(invoice: ListedInvoice, disputed: bool, today: chrono::NaiveDate) -> impl IntoView {
    let currency = invoice.currency.to_string();
    let status = invoice.status(today, disputed);
    let can_dispute = status.can_be_disputed();
    let title = tf("Invoice {}", &[&invoice.number]);
    let dispute_words = tf("Dispute invoice {}", &[&invoice.number]);
    view! {
        <li class="card invoice" data-testid="invoice">
            // Plain links: the router follows them all the same, and the list does not
            // need the router's `A`, whose every copy watches the address for changes (the
            // search rewrites the address on each keystroke).
            <h2>
                <a href=format!("/invoices/{}", invoice.id)>{title}</a>
            </h2>
            <p class=format!("badge {}", invoice_status_class(status))>{invoice_status(status)}</p>
            <p>
                {match status {
                    InvoiceStatus::Paid => tf("{} paid", &[&format::money(invoice.total, &currency)]),
                    InvoiceStatus::Credit => tf("{} in your favour", &[&format::money(-invoice.open(), &currency)]),
                    _ => tf("{} to pay by {}", &[&format::money(invoice.open(), &currency), &format::date(invoice.due_date)]),
                }}
            </p>
            {(can_dispute && capabilities().supports_intent(IntentKind::RaiseDispute)).then(|| view! {
                <a href=format!("/invoices/{}/dispute", invoice.id)>{dispute_words}</a>
            })}
        </li>
    }
}
