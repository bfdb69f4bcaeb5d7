//! One invoice (`/invoices/:id`): where it stands, its dates, amounts, lines and taxes,
//! the disputes on it, and paying or disputing it.

use leptos::prelude::*;
use leptos_router::components::A;
use settle_core::checkout::CheckoutTarget;
use settle_core::dispute::Dispute;
use settle_core::intents::IntentKind;
use settle_core::invoice::{Invoice, InvoiceStatus};

use crate::backend_choice::capabilities;
use crate::components::{Loaded, PayNow};
use crate::data::{self, InvoiceView};
use crate::format;
use crate::i18n::{t, tf};
use crate::words::{dispute_status, invoice_status, invoice_status_class};

/// One invoice: where it stands, its dates and amounts, its lines and taxes, any
/// disputes on it, and what the customer can do.
#[component]
pub fn InvoiceDetail() -> impl IntoView {
    let loaded = data::by_route_id(data::invoice);
    // The heading stays the same element while the invoice loads, so focus moved to
    // it after navigation stays there.
    let heading = move || match loaded.get() {
        Some(Ok(Some(shown))) => tf("Invoice {}", &[&shown.invoice.number]),
        _ => t("Invoice").to_string(),
    };
    view! {
        <h1>{heading}</h1>
        <Loaded read=move || loaded.get() is_empty=Option::is_none empty=t("We could not find this invoice.") let:shown>
            {shown.map(|InvoiceView { invoice, disputes }| view! { <InvoiceRecord invoice disputes /> })}
        </Loaded>
    }
}

#[component]
fn InvoiceRecord(invoice: Invoice, disputes: Vec<Dispute>) -> impl IntoView {
    let currency = invoice.currency.to_string();
    let money = move |amount| format::money(amount, &currency);
    let open_dispute = disputes.iter().any(Dispute::is_open);
    let status = invoice.status(chrono::Local::now().date_naive(), open_dispute);
    let facts = [
        (t("Issued"), format::date(invoice.issue_date)),
        (t("Due"), format::date(invoice.due_date)),
        (t("Total"), money(invoice.total)),
        (t("Paid so far"), money(invoice.amount_paid)),
        (
            t("Left to pay"),
            money(invoice.open().max(Default::default())),
        ),
    ];
    let lines = invoice
        .lines
        .iter()
        .map(|line| {
            view! {
                <tr>
                    <td>
                        {line.description.clone()}
                        <span class="muted">
                            {format!(" {} × {}", line.quantity.normalize(), money(line.unit_price))}
                        </span>
                    </td>
                    <td class="amount">{money(line.net)}</td>
                </tr>
            }
        })
        .collect_view();
    let taxes = invoice
        .taxes
        .iter()
        .map(|tax| view! { <tr><td>{tax.label.clone()}</td><td class="amount">{money(tax.tax)}</td></tr> })
        .collect_view();
    view! {
        <section class="card">
            <p class=format!("badge {}", invoice_status_class(status)) data-testid="invoice-status">
                {invoice_status(status)}
            </p>
            <dl class="facts">
                {facts.into_iter().map(|(label, value)| view! {
                    <div><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
                {invoice.reference.clone().map(|reference| view! {
                    <div><dt>{t("Your reference")}</dt><dd>{reference}</dd></div>
                })}
            </dl>
            {(invoice.open() > Default::default() && !open_dispute).then(|| view! {
                <PayNow account_id=invoice.account_id.clone()
                    target=CheckoutTarget::Invoice { invoice_id: invoice.id.clone() }
                    currency=invoice.currency amount=invoice.open()
                    label=tf("Pay {} now", &[&money(invoice.open())]) />
            })}
            <div class="actions">
                {(status.can_be_disputed() && capabilities().supports_intent(IntentKind::RaiseDispute)).then(|| view! {
                    <A href=format!("/invoices/{}/dispute", invoice.id)>
                        {tf("Dispute invoice {}", &[&invoice.number])}
                    </A>
                })}
                {matches!(status, InvoiceStatus::Open | InvoiceStatus::Overdue).then(|| view! {
                    <A href="/plans">{t("Spread what you owe over a payment plan")}</A>
                })}
                {invoice.pdf_url.clone().map(|url| view! {
                    <a href=url download>{t("Download the invoice (PDF)")}</a>
                })}
            </div>
        </section>
        {(!invoice.lines.is_empty()).then(|| view! {
            <section class="card">
                <table class="lines">
                    <caption>{t("What the invoice is for")}</caption>
                    <thead><tr><th scope="col">{t("Item")}</th><th scope="col" class="amount">{t("Amount")}</th></tr></thead>
                    <tbody>{lines}</tbody>
                    <tfoot>
                        <tr><td>{t("Subtotal")}</td><td class="amount">{money(invoice.subtotal)}</td></tr>
                        {taxes}
                        <tr><th scope="row">{t("Total")}</th><td class="amount">{money(invoice.total)}</td></tr>
                    </tfoot>
                </table>
            </section>
        })}
        {(!disputes.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t("Disputes on this invoice")}</h2>
                <ul class="plain">
                    {disputes.iter().map(|dispute| view! {
                        <li>{money(dispute.amount)} " · " {dispute_status(dispute.status)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
