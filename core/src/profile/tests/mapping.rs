//! The invoicing system's profile: figures Settle works out, a currency from the account,
//! codes to flags, Y/N flags to channel sets and back, date-only instants, flat fields
//! made into quiet hours, preferred times and a third party.

use super::*;
use crate::api::Account;

fn profile() -> Profile {
    Profile::load(&invoicing().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn customer() -> Value {
    json!({
        "id": "C1", "ref": "100-1", "name": "Kato KK", "ccy": "JPY", "limit": "2000000",
        "status": "HOLD", "lang": "ja",
        "remindEmail": "Y", "remindSms": "N", "statementPost": "y",
        "never": ["SMS", "Phone"], "quietFrom": "2100", "quietTo": "0800",
        "callFrom": "09:00", "callTo": "12:30",
        "largePrint": 1, "easyRead": "no",
        "adviserName": "Ann Lee", "adviserEmail": "ann@example.com", "adviserFor": ["R", "P"],
        "adviserByEmail": true
    })
}

#[test]
fn an_account_reads_with_its_figures_worked_out() {
    let profile = profile();
    let item = profile.read_item(Kind::Account, &customer()).unwrap();
    let data = item.data.clone().unwrap();
    assert_eq!(data["on_stop"], true);
    assert_eq!(data["currency"], "JPY");
    let mut other = customer();
    other["status"] = json!("ACTIVE");
    let active = profile.read_item(Kind::Account, &other).unwrap();
    assert_eq!(active.data.unwrap()["on_stop"], false);
    assert_eq!(
        profile.computed(),
        vec![
            "ageing",
            "as_of",
            "available_credit",
            "balance",
            "disputed",
            "not_yet_due",
            "overdue"
        ]
    );
    let mut account: Account = serde_json::from_value(data).unwrap();
    let mut invoice = crate::invoice::tests::invoice("i1", "1000", "0", "2024-03-01");
    invoice.account_id = "C1".into();
    invoice.currency = crate::currency::Currency::JPY;
    invoice.total = rust_decimal::Decimal::from(1000);
    invoice.subtotal = invoice.total;
    invoice.tax_total = rust_decimal::Decimal::ZERO;
    invoice.lines.clear();
    invoice.taxes.clear();
    let mut elsewhere = invoice.clone();
    elsewhere.account_id = "C2".into();
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 5, 15).unwrap();
    let figures =
        crate::figures::account_figures(&account, &[invoice, elsewhere], &[], as_of).unwrap();
    profile.apply_computed(&figures, as_of, &mut account);
    assert_eq!(account.balance, rust_decimal::Decimal::from(1000));
    assert_eq!(account.as_of, as_of);
    assert_eq!(
        account.available_credit,
        rust_decimal::Decimal::from(1_999_000)
    );
    assert_eq!(account.ageing.total(), account.balance);
}

#[test]
fn a_payment_takes_its_accounts_currency_and_reads_codes() {
    let profile = profile();
    let mut related = Related::default();
    let account = profile.read_item(Kind::Account, &customer()).unwrap();
    related.learn(&account);
    let payment = json!({"id": 5, "customer": "C1", "amount": "1500", "paidOn": "05/03/2024", "method": "BANK_TRANSFER", "status": 2});
    let read = profile
        .read_item_related(Kind::Payment, &payment, &related)
        .unwrap()
        .data
        .unwrap();
    assert_eq!(read["currency"], "JPY");
    assert_eq!(read["received_at"], "2024-03-05T11:00:00Z");
    assert_eq!(read["method"], "bank_transfer");
    assert_eq!(read["status"], "completed");
    let fine = json!({"id": 5, "customer": "C1", "amount": "1500.5", "paidOn": "05/03/2024", "method": "CASH", "status": "2"});
    let error = profile
        .read_item_related(Kind::Payment, &fine, &related)
        .unwrap_err();
    assert_eq!(error.pointer, "/amount");
    let unknown = profile.read_item(Kind::Payment, &payment).unwrap_err();
    assert_eq!(unknown.pointer, "/customer");
    assert!(
        unknown.reason.contains("account 'C1' is not known"),
        "{}",
        unknown.reason
    );
}

#[test]
fn flags_and_flat_fields_read_as_preferences() {
    let read = profile().read_item(Kind::Preferences, &customer()).unwrap();
    let data = read.data.unwrap();
    assert_eq!(data["channels"]["payment_reminders"], json!(["email"]));
    assert_eq!(data["channels"]["statements"], json!(["post"]));
    assert_eq!(data["opted_out"], json!(["sms", "phone"]));
    assert_eq!(
        data["quiet_hours"],
        json!({"start": "21:00:00", "end": "08:00:00"})
    );
    assert_eq!(data["preferred_times"][0]["end"], "12:30:00");
    assert_eq!(data["accessibility"], json!(["large_print"]));
    assert_eq!(
        data["third_party"]["purposes"],
        json!(["payment_reminders", "plan_updates"])
    );
    assert_eq!(data["third_party"]["channels"], json!(["email"]));
    // Without any of the flat fields, quiet hours and the third party are simply absent.
    let mut bare = customer();
    for name in [
        "quietFrom",
        "quietTo",
        "callFrom",
        "callTo",
        "adviserName",
        "adviserEmail",
        "adviserFor",
        "adviserByEmail",
    ] {
        bare.as_object_mut().unwrap().remove(name);
    }
    let data = profile()
        .read_item(Kind::Preferences, &bare)
        .unwrap()
        .data
        .unwrap();
    assert!(data.get("quiet_hours").is_none());
    assert!(data.get("third_party").is_none());
    let mut bad = customer();
    bad["remindSms"] = json!("maybe");
    let error = profile().read_item(Kind::Preferences, &bad).unwrap_err();
    assert_eq!(error.pointer, "/remindSms");
}

#[test]
fn preferences_are_written_back_as_flags_and_flat_fields() {
    use crate::api::ContactPreferences;
    use crate::contact::{AccessibilityNeed, Channel, QuietHours};
    let mut preferences = ContactPreferences::new("Europe/London", "ja");
    preferences.id = "C1".into();
    preferences.opt_out(Channel::Sms);
    preferences.quiet_hours = Some(QuietHours {
        start: chrono::NaiveTime::from_hms_opt(21, 0, 0).unwrap(),
        end: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
    });
    preferences
        .accessibility
        .insert(AccessibilityNeed::EasyRead);
    preferences.max_contacts_per_week = Some(3);
    let put = entry(crate::intents::Intent::PutPreferences(preferences));
    let request = profile().intent_request(&put, &host).unwrap();
    assert_eq!(request.url, "https://billing.example.com/api/customers/C1");
    assert_eq!(
        request.body,
        Body::Json(json!({
            "lang": "ja", "remindEmail": "Y", "remindSms": "N", "never": ["SMS"],
            "quietFrom": "2100", "quietTo": "0800",
            "largePrint": 0, "easyRead": 1, "textRelay": 0, "weeklyMax": "3"
        }))
    );
}

#[test]
fn new_constructs_that_do_not_fit_are_named() {
    let at = |pointer: &str, value: Value| with(invoicing(), pointer, value);
    only_error(
        &at("/kinds/account/fields/name", json!({"compute": true})),
        "/kinds/account/fields/name/compute",
        "Settle works out only an account's balance",
    );
    only_error(
        &at(
            "/kinds/account/fields/on_stop",
            json!({"from": "/status", "values": {"HOLD": "yes"}}),
        ),
        "/kinds/account/fields/on_stop/values/HOLD",
        "is not true or false",
    );
    only_error(
        &at(
            "/kinds/payment/fields/amount",
            json!({"from": "/amount", "of": "account"}),
        ),
        "/kinds/payment/fields/amount/of",
        "only a currency",
    );
    only_error(
        &at(
            "/kinds/payment/fields/received_at",
            json!({"from": "/paidOn", "at": "noon"}),
        ),
        "/kinds/payment/fields/received_at/at",
        "'noon' is not a time",
    );
    only_error(
        &at(
            "/kinds/payment/fields/received_at",
            json!({"from": "/paidOn", "format": "%m/%Y"}),
        ),
        "/kinds/payment/fields/received_at/format",
        "cannot be read back as a date",
    );
    only_error(
        &at(
            "/kinds/preferences/fields/accessibility",
            json!({"flags": {"braille": "/b"}}),
        ),
        "/kinds/preferences/fields/accessibility/flags/braille",
        "'braille' is not one of Settle's values",
    );
    only_error(
        &at(
            "/kinds/payment/fields/amount",
            json!({"from": "/amount", "as": "number"}),
        ),
        "/kinds/payment/fields/amount/as",
        "'as' is for sending an action",
    );
}

#[test]
fn a_date_only_format_the_loader_accepts_reads_every_instant() {
    // It used to load and then fail on every record: a date alone is midnight UTC.
    let text = json_server_with("/kinds/payment/date_time_format", json!("%Y-%m-%d"));
    let profile = Profile::load(&text).unwrap();
    let mut payment = db("payments")[0].clone();
    payment["paidAt"] = json!("2024-03-05");
    let read = profile
        .read_item(Kind::Payment, &payment)
        .unwrap()
        .data
        .unwrap();
    assert_eq!(read["received_at"], "2024-03-05T00:00:00Z");
    only_error(
        &json_server_with("/kinds/invoice/date_format", json!("%Y-%m")),
        "/kinds/invoice/date_format",
        "cannot be read back as a date",
    );
    only_error(
        &json_server_with("/kinds/payment/date_time_format", json!("%H:%M")),
        "/kinds/payment/date_time_format",
        "cannot be read back as a date",
    );
}
