//! Invoices: the list (kept in memory between visits while the store is unchanged) and
//! one invoice with the disputes raised on it.

use std::collections::HashSet;
use std::rc::Rc;

use settle_core::api::Kind;
use settle_core::dispute::Dispute;
use settle_core::invoice::Invoice;
use settle_core::invoice_list::ListedInvoice;

use super::{from_store, AppError};

/// The invoices as the store has them, with the ids of those an open dispute covers.
#[derive(Clone, Default)]
pub struct InvoiceList {
    pub invoices: Rc<Vec<ListedInvoice>>,
    pub disputed: Rc<HashSet<String>>,
}

thread_local! {
    /// The last invoices read, with the customer and the store revision they were read
    /// at: coming back to the list shows them at once instead of reading them all again.
    static LAST_READ: std::cell::RefCell<Option<(String, u64, InvoiceList)>> =
        const { std::cell::RefCell::new(None) };
}

/// The invoices at store revision `revision`, from memory when nothing has changed.
pub async fn invoice_list(revision: u64) -> Result<InvoiceList, AppError> {
    from_store(InvoiceList::default(), async |store| {
        let customer = store
            .session()
            .await?
            .map(|session| session.customer_id)
            .unwrap_or_default();
        let cached = LAST_READ.with_borrow(|last| {
            last.as_ref()
                .filter(|(who, at, _)| *who == customer && *at == revision)
                .map(|(_, _, list)| list.clone())
        });
        if let Some(list) = cached {
            return Ok(list);
        }
        let invoices = store.listed_invoices().await;
        let disputes = store.all::<Dispute>(Kind::Dispute).await;
        let disputed = disputes?
            .into_iter()
            .filter(Dispute::is_open)
            .map(|dispute| dispute.invoice_id)
            .collect();
        let list = InvoiceList {
            invoices: Rc::new(invoices?),
            disputed: Rc::new(disputed),
        };
        LAST_READ.set(Some((customer, revision, list.clone())));
        Ok(list)
    })
    .await
}

/// One invoice with the disputes raised on it.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoiceView {
    pub invoice: Invoice,
    pub disputes: Vec<Dispute>,
}

/// The invoice `id` from the store, if it has it.
pub async fn invoice(id: String) -> Result<Option<InvoiceView>, AppError> {
    from_store(None, async |store| {
        let invoice = store.versioned::<Invoice>(Kind::Invoice, &id).await;
        let disputes = store.all::<Dispute>(Kind::Dispute).await;
        let Some((invoice, _)) = invoice? else {
            return Ok(None);
        };
        let disputes = disputes?
            .into_iter()
            .filter(|d| d.invoice_id == invoice.id)
            .collect();
        Ok(Some(InvoiceView { invoice, disputes }))
    })
    .await
}
