//! Payments received, newest first, with the numbers of the invoices they paid.

use std::collections::HashMap;

use settle_core::api::Kind;
use settle_core::payment::Payment;

use super::{from_store, AppError};

/// The payments, newest first, and each invoice's number by its id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Payments {
    pub payments: Vec<Payment>,
    pub invoice_numbers: HashMap<String, String>,
}

/// Every payment in the store.
pub async fn payments() -> Result<Payments, AppError> {
    from_store(Payments::default(), async |store| {
        let payments = store.all::<Payment>(Kind::Payment).await;
        let invoices = store.listed_invoices().await;
        let mut payments = payments?;
        payments.sort_by_key(|p| std::cmp::Reverse(p.received_at));
        let invoice_numbers = invoices?
            .into_iter()
            .map(|invoice| (invoice.id, invoice.number))
            .collect();
        Ok(Payments {
            payments,
            invoice_numbers,
        })
    })
    .await
}
