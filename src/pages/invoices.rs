use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::api::Kind;
use settle_core::invoice::Invoice;

use crate::format;
use crate::store::Store;
use crate::sync::SyncStatus;

/// The customer's open invoices, newest due date first, each with its actions.
#[component]
pub fn Invoices() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let invoices = LocalResource::new(move || {
        status.revision.track();
        async move {
            let Some(store) = Store::open_existing().await.map_err(|e| e.to_string())? else {
                return Ok(Vec::new());
            };
            let all = store.all::<Invoice>(Kind::Invoice).await;
            store.close();
            let mut open: Vec<Invoice> = all
                .map_err(|e| e.to_string())?
                .into_iter()
                .filter(|invoice| invoice.open().is_sign_positive() && !invoice.open().is_zero())
                .collect();
            open.sort_by(|a, b| b.due_date.cmp(&a.due_date).then(a.number.cmp(&b.number)));
            Ok::<_, String>(open)
        }
    });
    view! {
        <h1>"Invoices to pay"</h1>
        {move || match invoices.get() {
            None => view! { <p>"Loading…"</p> }.into_any(),
            Some(Err(problem)) => view! { <p class="error">{problem}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p>"Nothing to pay right now."</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <ul class="invoice-list">
                    {list.into_iter().map(|invoice| {
                        let currency = invoice.currency.to_string();
                        view! {
                            <li class="card">
                                <h2>{format!("Invoice {}", invoice.number)}</h2>
                                <p>
                                    {format::money(invoice.open(), &currency)}
                                    " to pay by " {invoice.due_date.format("%-d %B %Y").to_string()}
                                </p>
                                <A href=format!("/invoices/{}/dispute", invoice.id)>
                                    {format!("Dispute invoice {}", invoice.number)}
                                </A>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
