//! The account switcher for customers who reach several accounts, and the choice the
//! pages filter by.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::data::{self, SyncStatus};
use crate::data::{Customer, CustomerOnDevice};
use crate::i18n::t;

/// Which of a customer's accounts the pages show: one chosen with the switcher, or all.
/// Provided as context by the app.
#[derive(Debug, Clone, Copy)]
pub struct ChosenAccount(pub RwSignal<Option<String>>);

impl ChosenAccount {
    /// Whether a record of `account_id` is shown (tracks the choice).
    pub fn shows(&self, account_id: &str) -> bool {
        self.0
            .with(|chosen| chosen.as_deref().is_none_or(|id| id == account_id))
    }
}

/// For a business user who reaches several accounts with one sign-in: choose the account
/// the pages show. Hidden when there is only one. The choice is kept in the store.
#[component]
pub fn AccountSwitcher() -> impl IntoView {
    let status = expect_context::<SyncStatus>();
    let chosen = expect_context::<ChosenAccount>();
    let customer = expect_context::<CustomerOnDevice>();
    Effect::new(move |_| {
        if let Some(Ok(Some(Customer {
            accounts: Ok(accounts),
            chosen_account,
            ..
        }))) = customer.get()
        {
            // A remembered account the customer no longer reaches is forgotten.
            let still_there = chosen_account.filter(|id| accounts.iter().any(|a| &a.id == id));
            if chosen.0.get_untracked() != still_there {
                chosen.0.set(still_there);
            }
        }
    });
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let id = (!value.is_empty()).then_some(value);
        chosen.0.set(id.clone());
        spawn_local(data::choose_account(status, id));
    };
    move || {
        let Some(Ok(Some(Customer {
            accounts: Ok(list), ..
        }))) = customer.get()
        else {
            return None;
        };
        (list.len() > 1).then(|| {
            view! {
                <div class="account-switcher">
                    <label for="account-switcher">{t("Account")}</label>
                    <select id="account-switcher" on:change=choose>
                        <option value="" prop:selected=move || chosen.0.with(Option::is_none)>{t("All accounts")}</option>
                        {list.into_iter().map(|account| {
                            let id = account.id.clone();
                            let selected = move || chosen.0.with(|c| c.as_deref() == Some(id.as_str()));
                            view! {
                                <option value=account.id.clone() prop:selected=selected>
                                    {format!("{} · {} ({})", account.name, account.number, account.currency)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
            }
        })
    }
}
