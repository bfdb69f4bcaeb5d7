use leptos::prelude::*;
use settle_core::api::Account;

use crate::format;

/// The headline figures of one account.
#[component]
pub fn AccountSummary(account: Account) -> impl IntoView {
    let money = |amount| format::money(amount, &account.currency);
    view! {
        <section class="card account" aria-labelledby=format!("account-{}", account.id)>
            <h2 id=format!("account-{}", account.id)>
                {account.name.clone()} " · " {account.number.clone()}
            </h2>
            <dl class="figures">
                <div>
                    <dt>"Balance"</dt>
                    <dd data-testid="balance">{money(account.balance)}</dd>
                </div>
                <div>
                    <dt>"Overdue"</dt>
                    <dd data-testid="overdue">{money(account.overdue)}</dd>
                </div>
                <div>
                    <dt>"Credit limit"</dt>
                    <dd>{money(account.credit_limit)}</dd>
                </div>
            </dl>
        </section>
    }
}
