//! Payment plans: proposed within the creditor's policy, started from offers, and their
//! instalments and figures as the days pass.

mod support;

use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::json;
use support::world::{account_of, created, dec, now, world};
use support::{assert_problem, days_from_today, latest};

#[tokio::test]
async fn plans_are_built_by_the_policy_and_take_invoices_out_of_overdue() {
    let (server, mut ann, a, _ben, _b) = world().await;
    let propose = |count: u32, first: i64| {
        json!({"account_id": a.account, "invoice_ids": [a.overdue_invoice],
               "currency": "GBP", "amount": "200.00", "frequency": "monthly",
               "first_date": days_from_today(first), "size": {"instalments": count},
               "terms_version": "2024-01", "agreed_at": now(), "channel": "app"})
    };
    // 200.00 over 9 instalments is 22.23 or 22.22: below the 25.00 minimum.
    assert_problem(
        ann.post("/plans", &propose(9, 3)).await,
        422,
        "plan.min_instalment",
        Some("/size/instalments"),
    )
    .await;
    assert_problem(
        ann.post("/plans", &propose(2, 45)).await,
        422,
        "plan.first_date_latest",
        Some("/first_date"),
    )
    .await;
    let mut stale = propose(2, 3);
    stale["terms_version"] = json!("2023-01");
    assert_problem(
        ann.post("/plans", &stale).await,
        422,
        "plan.terms_changed",
        Some("/terms_version"),
    )
    .await;
    let mut too_much = propose(2, 3);
    too_much["amount"] = json!("200.01");
    assert_problem(
        ann.post("/plans", &too_much).await,
        422,
        "plan.amount_above_owed",
        Some("/amount"),
    )
    .await;
    // A schedule other than the one the server builds (the whole amount at once) is not
    // the one the customer would be held to.
    let mut other_schedule = propose(3, 3);
    other_schedule["schedule"] =
        json!([{"number": 1, "due_date": days_from_today(3), "amount": "200.00"}]);
    assert_problem(
        ann.post("/plans", &other_schedule).await,
        422,
        "plan.instalments_changed",
        Some("/schedule"),
    )
    .await;

    let plan = created(ann.post("/plans", &propose(3, 3)).await).await;
    let amounts: Vec<Decimal> = plan["instalments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| dec(i["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(amounts.iter().sum::<Decimal>(), dec("200.00"));
    assert_eq!(plan["agreement"]["terms_version"], "2024-01");
    let records = latest(&ann.pull().await);
    let account = account_of(&records, &a.account);
    assert_eq!(account.overdue, Decimal::ZERO);
    assert_eq!(account.not_yet_due, dec("350.00"));
    assert_eq!(
        records[&("invoice".to_owned(), a.overdue_invoice.clone())]["plan_id"],
        plan["id"]
    );
    assert_problem(
        ann.post("/plans", &propose(2, 3)).await,
        422,
        "plan.already_active",
        None,
    )
    .await;

    let plan_id = plan["id"].as_str().unwrap();
    server
        .admin(
            Method::POST,
            &format!("/plans/{plan_id}/instalments/1"),
            json!({"outcome": "missed"}),
        )
        .await;
    let paid = server
        .admin(
            Method::POST,
            &format!("/plans/{plan_id}/instalments/2"),
            json!({"outcome": "paid", "amount": plan["instalments"][1]["amount"]}),
        )
        .await;
    assert_eq!(paid["instalments"][1]["status"], "paid");
    let records = latest(&ann.pull().await);
    let synced = &records[&("plan".to_owned(), plan_id.to_owned())];
    assert_eq!(synced["instalments"][0]["status"], "missed");
    assert_eq!(synced["instalments"][1]["status"], "paid");
}

#[tokio::test]
async fn accepting_an_offer_starts_its_plan_and_removes_the_offers() {
    let (_server, mut ann, a, _ben, _b) = world().await;
    ann.pull().await;
    let accept = |terms: &str| {
        json!({"offer_id": a.offer, "terms_version": terms,
               "agreed_at": "2024-06-01T10:00:00Z", "channel": "app"})
    };
    let path = format!("/plan-offers/{}/accept", a.offer);
    assert_problem(
        ann.post(&path, &accept("2023-01")).await,
        422,
        "plan.terms_changed",
        None,
    )
    .await;
    let plan = created(ann.post(&path, &accept("2024-01")).await).await;
    assert_eq!(plan["agreement"]["offer_id"], a.offer.as_str());
    assert_eq!(plan["agreement"]["agreed_at"], "2024-06-01T10:00:00Z");
    assert_eq!(plan["total_payable"], "200.00");
    let items = ann.pull().await;
    let offer = items
        .iter()
        .find(|i| i["kind"] == "plan_offer" && i["id"] == a.offer.as_str())
        .unwrap();
    assert_eq!(offer["deleted"], true);
    assert_problem(
        ann.post(&path, &accept("2024-01")).await,
        404,
        "not-found",
        None,
    )
    .await;
}

#[tokio::test]
async fn figures_and_instalments_move_on_with_the_date() {
    let (server, mut ann, a, _ben, _b) = world().await;
    let plan = created(
        ann.post(
            &format!("/plan-offers/{}/accept", a.offer),
            &json!({"offer_id": a.offer, "terms_version": "2024-01",
                    "agreed_at": now(), "channel": "app"}),
        )
        .await,
    )
    .await;
    ann.pull().await;
    let db = settle_server::Database::connect(&server.database_url)
        .await
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    // Nothing to do today: the figures are from today.
    assert_eq!(
        settle_server::records::roll_forward(&db, today)
            .await
            .unwrap(),
        0
    );
    // Forty days on: the first instalment (due in 7 days, 7 days' grace) is missed, and
    // the invoice due in 25 days is 15 days overdue.
    let later = today + chrono::Duration::days(40);
    assert!(
        settle_server::records::roll_forward(&db, later)
            .await
            .unwrap()
            >= 1
    );
    let records = latest(&ann.pull().await);
    let synced = &records[&("plan".to_owned(), plan["id"].as_str().unwrap().to_owned())];
    assert_eq!(synced["instalments"][0]["status"], "missed");
    assert_eq!(synced["instalments"][1]["status"], "due");
    let account = account_of(&records, &a.account);
    assert_eq!(account.as_of, later);
    assert_eq!(account.overdue, dec("150.00"));
}
