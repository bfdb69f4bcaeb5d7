//! What the customer does, queued: each action is written to the outbox on this device
//! before any request is made, and the sync delivers it. One method per kind of action,
//! so a page hands over what the customer agreed and never builds an intent itself.

use leptos::prelude::expect_context;
use settle_core::attachment::AttachmentMeta;
use settle_core::contact::ContactPreferences;
use settle_core::dispute::{RaiseDispute, SendDisputeMessage, WithdrawDispute};
use settle_core::feedback::Feedback;
use settle_core::help::HelpRequest;
use settle_core::intents::Intent;
use settle_core::outbox::OutboxEntry;
use settle_core::plan::{AcceptPlanOffer, ProposePlan};
use settle_core::promise::{ChangePromise, PromiseToPay};

use super::{from_store, AppError, SyncStatus};
use crate::outbox;

/// A photo or document the customer chose, with what the backend will be told about it.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub meta: AttachmentMeta,
    pub file: web_sys::File,
}

impl Chosen {
    /// `file` as the customer chose it, under a fresh attachment id.
    pub fn new(file: web_sys::File) -> Chosen {
        Chosen {
            meta: AttachmentMeta {
                id: outbox::new_key(),
                file_name: file.name(),
                media_type: file.type_(),
                size_bytes: file.size() as u64,
                sha256: None,
            },
            file,
        }
    }
}

/// The customer's actions, queued on this device. Taken from the app's context while the
/// page is built (it is `Copy`), then used from the page's handlers.
#[derive(Debug, Clone, Copy)]
pub struct Outbox(SyncStatus);

impl Outbox {
    /// The app's outbox. Call it while the component is built, not in a handler.
    pub fn here() -> Outbox {
        Outbox(expect_context())
    }

    async fn queue(self, intent: Intent, if_match: Option<String>) -> Result<(), AppError> {
        outbox::queue(self.0, intent, if_match, &[]).await?;
        Ok(())
    }

    /// Queues `intent` after the uploads of `files`; when it corrects a refused action,
    /// `replaces` names that one, which it takes the place of.
    async fn queue_with_files(
        self,
        intent: Intent,
        files: Vec<Chosen>,
        replaces: Option<String>,
    ) -> Result<(), AppError> {
        outbox::queue_with_files(self.0, intent, files, replaces).await?;
        Ok(())
    }

    pub async fn raise_dispute(
        self,
        raise: RaiseDispute,
        files: Vec<Chosen>,
        replaces: Option<String>,
    ) -> Result<(), AppError> {
        self.queue_with_files(Intent::RaiseDispute(raise), files, replaces)
            .await
    }

    pub async fn send_message(
        self,
        message: SendDisputeMessage,
        files: Vec<Chosen>,
        replaces: Option<String>,
    ) -> Result<(), AppError> {
        self.queue_with_files(Intent::SendDisputeMessage(message), files, replaces)
            .await
    }

    pub async fn withdraw_dispute(self, withdraw: WithdrawDispute) -> Result<(), AppError> {
        self.queue(Intent::WithdrawDispute(withdraw), None).await
    }

    pub async fn send_feedback(self, feedback: Feedback) -> Result<(), AppError> {
        self.queue(Intent::SendFeedback(feedback), None).await
    }

    pub async fn propose_plan(self, plan: ProposePlan) -> Result<(), AppError> {
        self.queue(Intent::ProposePlan(plan), None).await
    }

    pub async fn accept_plan_offer(self, accept: AcceptPlanOffer) -> Result<(), AppError> {
        self.queue(Intent::AcceptPlanOffer(accept), None).await
    }

    pub async fn promise_to_pay(
        self,
        promise: PromiseToPay,
        replaces: Option<String>,
    ) -> Result<(), AppError> {
        self.queue_with_files(Intent::PromiseToPay(promise), Vec::new(), replaces)
            .await
    }

    pub async fn change_promise(self, change: ChangePromise) -> Result<(), AppError> {
        self.queue(Intent::ChangePromise(change), None).await
    }

    pub async fn ask_for_help(
        self,
        request: HelpRequest,
        replaces: Option<String>,
    ) -> Result<(), AppError> {
        self.queue_with_files(Intent::AskForHelp(request), Vec::new(), replaces)
            .await
    }

    /// Saves the preferences, edited from the synced `version`: the backend refuses the
    /// change if the preferences changed there since (`If-Match`).
    pub async fn save_preferences(
        self,
        preferences: ContactPreferences,
        version: i64,
    ) -> Result<(), AppError> {
        let if_match = Some(format!("\"{version}\""));
        self.queue(Intent::PutPreferences(preferences), if_match)
            .await
    }

    /// Takes an action the customer chose not to send out of the outbox, with the
    /// uploads only it needed.
    pub async fn discard(self, entry: &OutboxEntry) -> Result<(), AppError> {
        Ok(outbox::discard(self.0, entry).await?)
    }
}

/// Every action queued on this device, in the order the customer took them.
pub async fn waiting() -> Result<Vec<OutboxEntry>, AppError> {
    from_store(Vec::new(), async |store| Ok(store.outbox().await?)).await
}

/// The refused action named by `key`, for the form that corrects it; `None` when there
/// is none (sent since, discarded, or never refused).
pub async fn refused_entry(key: &str) -> Option<OutboxEntry> {
    outbox::refused(key).await
}
