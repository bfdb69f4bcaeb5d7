//! Plans: for each account, the creditor's policy, the offers, the plans and the plans
//! waiting to be sent; and one plan's receipt.

use settle_core::api::{Account, Kind};
use settle_core::outbox::OutboxEntry;
use settle_core::plan::{Plan, PlanOffer, PlanPolicy, PlanStatus};
use settle_core::waiting::starts_plan_on;

use super::{from_store, AppError};

/// Everything about plans on one account, from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountPlans {
    pub account: Account,
    pub policy: Option<PlanPolicy>,
    pub offers: Vec<PlanOffer>,
    pub plans: Vec<Plan>,
    /// Plans agreed on this device and not yet confirmed by the backend.
    pub waiting: Vec<OutboxEntry>,
}

impl AccountPlans {
    pub fn active_plan(&self) -> Option<&Plan> {
        self.plans
            .iter()
            .find(|plan| plan.status == PlanStatus::Active)
    }

    /// Whether the customer can start a plan now: a policy, no active plan and none
    /// waiting to be sent.
    pub fn can_start_a_plan(&self) -> bool {
        // A refused agreement holds nothing back: the customer may start another.
        let waiting = self.waiting.iter().any(|entry| !entry.is_rejected());
        self.policy.is_some() && self.active_plan().is_none() && !waiting
    }
}

/// Every account with its plan policy, offers, plans and plans waiting to be sent.
pub async fn account_plans() -> Result<Vec<AccountPlans>, AppError> {
    from_store(Vec::new(), async |store| {
        let accounts = store.accounts().await;
        let policies = store.all::<PlanPolicy>(Kind::PlanPolicy).await?;
        let offers = store.all::<PlanOffer>(Kind::PlanOffer).await?;
        let plans = store.all::<Plan>(Kind::Plan).await?;
        let outbox = store.outbox().await?;
        Ok(accounts?
            .into_iter()
            .map(|account| {
                let id = account.id.clone();
                AccountPlans {
                    // The policy's id is its account's.
                    policy: policies.iter().find(|p| p.id == id).cloned(),
                    offers: offers
                        .iter()
                        .filter(|o| o.account_id == id)
                        .cloned()
                        .collect(),
                    plans: plans
                        .iter()
                        .filter(|p| p.account_id == id)
                        .cloned()
                        .collect(),
                    waiting: outbox
                        .iter()
                        .filter(|entry| starts_plan_on(&entry.intent, &id, &offers))
                        .cloned()
                        .collect(),
                    account,
                }
            })
            .collect())
    })
    .await
}

/// The plan `id`, for its receipt.
pub async fn plan(id: String) -> Result<Option<Plan>, AppError> {
    from_store(None, async |store| {
        let plan = store.versioned::<Plan>(Kind::Plan, &id).await?;
        Ok(plan.map(|(plan, _)| plan))
    })
    .await
}

/// The plans of the account `id`, for the plan builder.
pub async fn plans_of_account(id: String) -> Result<Option<AccountPlans>, AppError> {
    let all = account_plans().await?;
    Ok(all.into_iter().find(|plans| plans.account.id == id))
}

/// An offered plan with its account's policy, for its agreement page.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferView {
    pub offer: PlanOffer,
    pub policy: Option<PlanPolicy>,
    /// Whether the account can start a plan now (none active, none waiting).
    pub can_start: bool,
}

/// The offer `id`, if it is still offered.
pub async fn plan_offer(id: String) -> Result<Option<OfferView>, AppError> {
    let all = account_plans().await?;
    Ok(all.into_iter().find_map(|plans| {
        let offer = plans.offers.iter().find(|o| o.id == id).cloned()?;
        Some(OfferView {
            offer,
            policy: plans.policy.clone(),
            can_start: plans.can_start_a_plan(),
        })
    }))
}
