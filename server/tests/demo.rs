//! The demo data: every state the app can show, with the figures of the examples, and
//! seeded once.

mod support;

use rust_decimal::Decimal;
use serde_json::Value;
use settle_core::api::SyncItem;
use support::world::{account_of, dec};
use support::{latest, Customer, Server};

async fn everything(customer: &mut Customer) -> Vec<Value> {
    let items = customer.pull().await;
    for item in &items {
        let item: SyncItem = serde_json::from_value(item.clone()).unwrap();
        item.record().unwrap_or_else(|e| panic!("{}: {e}", item.id));
    }
    items
}

fn of_kind<'a>(
    records: &'a std::collections::BTreeMap<(String, String), Value>,
    kind: &'a str,
) -> impl Iterator<Item = &'a Value> + 'a {
    records
        .iter()
        .filter(move |((k, _), data)| k == kind && !data.is_null())
        .map(|(_, data)| data)
}

#[tokio::test]
async fn the_demo_shows_every_state_and_keeps_the_example_figures() {
    let server = Server::start().await;
    let db = settle_server::Database::connect(&server.database_url)
        .await
        .unwrap();
    settle_server::demo::seed_if_empty(&db).await.unwrap();
    // Seeding twice changes nothing.
    settle_server::demo::seed_if_empty(&db).await.unwrap();

    let alex = latest(&everything(&mut server.sign_in("alex@example.com").await).await);
    let account = account_of(&alex, "acc_alex_gbp");
    assert_eq!(
        (account.number.as_str(), account.currency.as_str()),
        ("SET-1001", "GBP")
    );
    assert_eq!(account.balance, dec("1127.75"));
    assert_eq!(account.overdue, dec("485.50"));
    let sam = latest(&everything(&mut server.sign_in("sam@example.com").await).await);
    let account = account_of(&sam, "acc_sam_eur");
    assert_eq!(
        (account.number.as_str(), account.balance),
        ("SET-1002", dec("99.90"))
    );

    let casey = latest(&everything(&mut server.sign_in("casey@example.com").await).await);
    let account = account_of(&casey, "acc_casey_usd");
    assert!(account.balance < Decimal::ZERO && account.credit > Decimal::ZERO);

    let jordan = latest(&everything(&mut server.sign_in("jordan@example.com").await).await);
    assert!(account_of(&jordan, "acc_jordan_gbp").overdue > Decimal::ZERO);
    assert_eq!(of_kind(&jordan, "plan_offer").count(), 2);
    assert_eq!(of_kind(&jordan, "plan_policy").count(), 1);

    let riley = latest(&everything(&mut server.sign_in("riley@example.com").await).await);
    let account = account_of(&riley, "acc_riley_gbp");
    assert!(
        account.on_stop && account.on_stop_reason.is_some() && account.on_stop_remedy.is_some()
    );
    let statuses: std::collections::BTreeSet<String> = of_kind(&riley, "dispute")
        .map(|d| d["status"].as_str().unwrap().to_owned())
        .collect();
    assert!(statuses.len() >= 4, "{statuses:?}");
    assert!(account.disputed > Decimal::ZERO);

    let morgan = latest(&everything(&mut server.sign_in("morgan@example.com").await).await);
    let currencies: std::collections::BTreeSet<String> = of_kind(&morgan, "account")
        .map(|a| a["currency"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(currencies, ["JPY", "KWD"].map(String::from).into());
    let plan = of_kind(&morgan, "plan").next().unwrap();
    assert_eq!(plan["status"], "active");
    let instalments = plan["instalments"].as_array().unwrap();
    assert!(instalments.iter().any(|i| i["status"] == "missed"));
    assert!(instalments.iter().any(|i| i["status"] == "paid"));
    assert_eq!(
        account_of(&morgan, "acc_morgan_kwd").credit_limit.scale(),
        3
    );

    let bulk = latest(&everything(&mut server.sign_in("bulk@example.com").await).await);
    assert_eq!(
        of_kind(&bulk, "invoice").count(),
        settle_server::demo::BULK_INVOICES as usize
    );
    let account = account_of(&bulk, "acc_bulk_usd");
    let open: Decimal = of_kind(&bulk, "invoice")
        .map(|i| dec(i["total"].as_str().unwrap()) - dec(i["amount_paid"].as_str().unwrap()))
        .sum();
    assert_eq!(account.balance, open);
}
