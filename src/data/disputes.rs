//! Disputes: the list, with those raised on this device and not yet sent, and one
//! dispute with its messages and what waits to be sent about it.

use std::collections::HashMap;

use rust_decimal::Decimal;
use settle_core::api::Kind;
use settle_core::copies::recorded_twice;
use settle_core::currency::Currency;
use settle_core::dispute::{Dispute, DisputeMessage, DisputeStatus};
use settle_core::intents::Intent;
use settle_core::invoice::{Invoice, InvoiceLine};
use settle_core::outbox::OutboxEntry;
use settle_core::waiting::concerns_dispute;

use super::{from_store, AppError};

/// One line of the list: a dispute the backend has, or one still waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct DisputeLine {
    /// The backend's id, once it has the dispute; until then it waits in the outbox.
    pub id: Option<String>,
    pub invoice_number: String,
    pub amount: Decimal,
    pub currency: Currency,
    pub state: DisputeState,
    /// The backend has this dispute twice, though the customer raised it once.
    pub recorded_twice: bool,
}

/// Where a line stands: with the backend, or queued on this device.
#[derive(Debug, Clone, PartialEq)]
pub enum DisputeState {
    Known(DisputeStatus),
    Queued(Box<OutboxEntry>),
}

/// The customer's disputes: first those waiting on this device, then the backend's.
pub async fn dispute_lines() -> Result<Vec<DisputeLine>, AppError> {
    from_store(Vec::new(), async |store| {
        let disputes = store.all::<Dispute>(Kind::Dispute).await;
        let invoices = store.listed_invoices().await;
        let outbox = store.outbox().await;
        let numbers: HashMap<String, String> = invoices?
            .into_iter()
            .map(|invoice| (invoice.id, invoice.number))
            .collect();
        let number = |id: &str| numbers.get(id).cloned().unwrap_or_else(|| id.to_string());
        let mut lines: Vec<DisputeLine> = outbox?
            .into_iter()
            .filter_map(|entry| match &entry.intent {
                Intent::RaiseDispute(raise) => Some(DisputeLine {
                    id: None,
                    invoice_number: number(&raise.invoice_id),
                    amount: raise.amount,
                    currency: raise.currency,
                    state: DisputeState::Queued(Box::new(entry.clone())),
                    recorded_twice: false,
                }),
                _ => None,
            })
            .collect();
        let disputes = disputes?;
        let copies = recorded_twice(
            disputes
                .iter()
                .map(|d| (d.id.as_str(), d.client_reference.as_deref())),
        );
        lines.extend(disputes.into_iter().map(|d| DisputeLine {
            invoice_number: number(&d.invoice_id),
            amount: d.amount,
            currency: d.currency,
            state: DisputeState::Known(d.status),
            recorded_twice: copies.contains(&d.id),
            id: Some(d.id),
        }));
        Ok(lines)
    })
    .await
}

/// A dispute as its page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DisputeView {
    pub dispute: Dispute,
    pub invoice_number: String,
    /// The invoice lines disputed, as the invoice has them; empty for the whole invoice.
    pub lines: Vec<InvoiceLine>,
    /// Oldest first.
    pub messages: Vec<DisputeMessage>,
    /// The customer's actions on it not yet confirmed by the backend.
    pub waiting: Vec<OutboxEntry>,
}

impl DisputeView {
    /// Whether an action `what` picks waits to be sent.
    pub fn waits_for(&self, what: impl Fn(&Intent) -> bool) -> bool {
        self.waiting.iter().any(|entry| what(&entry.intent))
    }
}

/// The dispute `id` from the store with the number of its invoice, its messages and what
/// waits to be sent about it.
pub async fn dispute(id: String) -> Result<Option<DisputeView>, AppError> {
    from_store(None, async |store| {
        let dispute = store.versioned::<Dispute>(Kind::Dispute, &id).await;
        let messages = store.all::<DisputeMessage>(Kind::DisputeMessage).await;
        let outbox = store.outbox().await;
        let Some((dispute, _)) = dispute? else {
            return Ok(None);
        };
        let invoice = store
            .versioned::<Invoice>(Kind::Invoice, &dispute.invoice_id)
            .await;
        let (invoice_number, lines) = match invoice? {
            Some((invoice, _)) => {
                let lines = invoice
                    .lines
                    .into_iter()
                    .filter(|line| dispute.line_ids.contains(&line.id))
                    .collect();
                (invoice.number, lines)
            }
            None => (dispute.invoice_id.clone(), Vec::new()),
        };
        let mut messages: Vec<DisputeMessage> = messages?
            .into_iter()
            .filter(|message| message.dispute_id == dispute.id)
            .collect();
        messages.sort_by_key(|message| message.sent_at);
        let waiting = outbox?
            .into_iter()
            .filter(|entry| concerns_dispute(&entry.intent, &dispute.id))
            .collect();
        Ok(Some(DisputeView {
            dispute,
            invoice_number,
            lines,
            messages,
            waiting,
        }))
    })
    .await
}
