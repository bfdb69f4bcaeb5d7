//! Writing through profiles: the requests each example profile makes for each intent,
//! what json-server stores reading back the same, and where a checkout's answer has the
//! page to go to.

use super::*;

#[test]
fn the_settle_profile_sends_what_the_settle_client_sends() {
    use crate::api::{AttachmentMeta, ContactPreferences, SendDisputeMessage};
    use crate::intents::{Intent, API_BASE};
    let profile = settle();
    let message = Intent::SendDisputeMessage(SendDisputeMessage {
        dispute_id: "d/1 ü".into(),
        body: "Photo attached".into(),
        attachment_ids: Vec::new(),
    });
    for intent in [raise(), message] {
        let request = profile
            .intent_request(&entry(intent.clone()), &host)
            .unwrap();
        assert_eq!(request.method, intent.method().as_str());
        assert_eq!(request.url, format!("{API_BASE}{}", intent.path()));
        assert_eq!(request.body, Body::Json(intent.body()));
        assert_eq!(
            request.headers,
            vec![
                ("X-Settle-Csrf".to_owned(), "1".to_owned()),
                ("Idempotency-Key".to_owned(), "key 1/é".to_owned())
            ]
        );
        assert!(profile.lookup_request(&entry(intent)).is_none());
    }
    let mut put = entry(Intent::PutPreferences(ContactPreferences::new(
        "Europe/London",
        "en",
    )));
    put.if_match = Some("7".into());
    let request = profile.intent_request(&put, &host).unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        ("PUT", "/api/v1/preferences")
    );
    assert!(request
        .headers
        .contains(&("If-Match".to_owned(), "7".to_owned())));
    let meta = AttachmentMeta {
        id: "att-1".into(),
        file_name: "photo.jpg".into(),
        media_type: "image/jpeg".into(),
        size_bytes: 1000,
        sha256: None,
    };
    let upload = profile
        .intent_request(&entry(Intent::UploadAttachment(meta.clone())), &host)
        .unwrap();
    assert_eq!(
        upload.body,
        Body::Multipart {
            file_part: "file".into(),
            meta_part: Some("meta".into()),
            meta: serde_json::to_value(&meta).unwrap()
        }
    );
}

#[test]
fn the_json_server_profile_writes_its_own_shape() {
    use crate::api::{ContactPreferences, Frequency, PlanSize, ProposePlan, WithdrawDispute};
    use crate::intents::Intent;
    let profile = json_server();
    let raised = entry(raise());
    let request = profile.intent_request(&raised, &host).unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        ("POST", "http://127.0.0.1:3000/disputes")
    );
    assert!(request.headers.is_empty());
    assert_eq!(
        request.body,
        Body::Json(json!({
            "invoiceId": "INV-1001", "currencyCode": "GBP", "disputedAmount": 150.5,
            "reasonCode": "WRONG_PRICE", "details": "Two hours, not three",
            "state": "NEW", "channel": "portal", "clientRef": "key 1/é",
            "customerId": "CUST 100/&", "openedAt": "2024-04-30T12:00:00Z"
        }))
    );
    let lookup = profile.lookup_request(&raised).unwrap();
    assert_eq!(lookup.method, "GET");
    assert_eq!(
        lookup.url,
        "http://127.0.0.1:3000/disputes?clientRef=key%201%2F%C3%A9"
    );
    assert_eq!(lookup.body, Body::None);
    let found = json!([{"id": "DSP-72", "clientRef": "key 1/é"}]);
    assert_eq!(profile.already_done(&raised, &found), Ok(true));
    assert_eq!(
        profile.already_done(&raised, &json!([{"clientRef": "other"}])),
        Ok(false)
    );
    assert!(profile
        .already_done(&raised, &json!({"error": "x"}))
        .is_err());

    let withdraw = entry(Intent::WithdrawDispute(WithdrawDispute {
        dispute_id: "DSP/71".into(),
        reason: None,
    }));
    let request = profile.intent_request(&withdraw, &host).unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        ("PATCH", "http://127.0.0.1:3000/disputes/DSP%2F71")
    );
    assert_eq!(request.body, Body::Json(json!({"state": "WITHDRAWN"})));
    assert!(profile.lookup_request(&withdraw).is_none());

    let proposal = Intent::ProposePlan(ProposePlan {
        account_id: "CUST-100".into(),
        invoice_ids: vec!["INV-1001".into()],
        currency: crate::currency::Currency::GBP,
        amount: crate::invoice::tests::dec("612.00"),
        frequency: Frequency::Monthly,
        first_date: chrono::NaiveDate::from_ymd_opt(2024, 5, 15).unwrap(),
        size: PlanSize::Instalments(3),
        terms_version: "2024-01".into(),
        agreed_at: chrono::DateTime::parse_from_rfc3339("2024-04-30T12:00:00Z")
            .unwrap()
            .to_utc(),
        channel: "portal".into(),
        expected_total_payable: Some(crate::invoice::tests::dec("612.00")),
        schedule: [
            ("2024-05-15", "204.00"),
            ("2024-06-15", "204.00"),
            ("2024-07-15", "204.00"),
        ]
        .into_iter()
        .enumerate()
        .map(|(index, (date, amount))| crate::plan::ScheduledInstalment {
            number: index as u32 + 1,
            due_date: date.parse().unwrap(),
            amount: crate::invoice::tests::dec(amount),
        })
        .collect(),
    });
    let Body::Json(body) = profile
        .intent_request(&entry(proposal), &host)
        .unwrap()
        .body
    else {
        panic!("a plan proposal is JSON");
    };
    assert_eq!(body["frequency"], "MONTHLY");
    assert_eq!(body["firstDueOn"], "15/05/2024");
    assert_eq!(body["amount"], json!(612));
    assert_eq!(body["size"], json!({"instalments": 3}));
    assert_eq!(body["agreedAt"], "2024-04-30T12:00:00Z");
    // The whole schedule the customer agreed, in the backend's shape.
    assert_eq!(body["totalPayable"], json!(612));
    assert_eq!(
        body["schedule"],
        json!([
            {"no": 1, "dueOn": "15/05/2024", "amount": 204},
            {"no": 2, "dueOn": "15/06/2024", "amount": 204},
            {"no": 3, "dueOn": "15/07/2024", "amount": 204}
        ])
    );

    let nameless = entry(Intent::PutPreferences(ContactPreferences::new(
        "Europe/London",
        "en",
    )));
    assert_eq!(
        profile.intent_request(&nameless, &host).unwrap_err(),
        "there is no value for {id}"
    );
    let checkout = entry(Intent::StartCheckout(crate::api::StartCheckout {
        account_id: "CUST-100".into(),
        target: crate::api::CheckoutTarget::Balance,
        currency: crate::currency::Currency::GBP,
        amount: crate::invoice::tests::dec("1.00"),
        return_path: None,
    }));
    assert_eq!(
        profile.intent_request(&checkout, &host).unwrap_err(),
        "this backend does not take 'start_checkout'"
    );
}

#[test]
fn what_the_json_server_profile_writes_it_reads_back() {
    use crate::api::{PromiseToPay, SendDisputeMessage};
    use crate::intents::Intent;
    let profile = json_server();
    let customer = |name: &str| (name == "customer_id").then(|| "CUST-100".to_owned());
    let dispute = stored(profile.intent_request(&entry(raise()), &customer).unwrap());
    let read = profile.read_item(Kind::Dispute, &dispute).unwrap();
    let data = read.data.unwrap();
    assert_eq!(data["status"], "submitted");
    assert_eq!(data["account_id"], "CUST-100");
    assert_eq!(data["amount"], "150.50");
    assert_eq!(data["raised_at"], "2024-04-30T12:00:00Z");
    let message = Intent::SendDisputeMessage(SendDisputeMessage {
        dispute_id: "DSP-71".into(),
        body: "The job sheet says two hours.".into(),
        attachment_ids: Vec::new(),
    });
    let message = stored(profile.intent_request(&entry(message), &customer).unwrap());
    let read = profile.read_item(Kind::DisputeMessage, &message).unwrap();
    assert_eq!(read.data.unwrap()["from"], "customer");
    let promise = Intent::PromiseToPay(PromiseToPay {
        account_id: "CUST-100".into(),
        currency: crate::currency::Currency::GBP,
        amount: crate::invoice::tests::dec("612.00"),
        date: chrono::NaiveDate::from_ymd_opt(2024, 5, 10).unwrap(),
    });
    let promise = stored(profile.intent_request(&entry(promise), &customer).unwrap());
    let read = profile.read_item(Kind::Promise, &promise).unwrap();
    let data = read.data.unwrap();
    assert_eq!(
        (data["date"].as_str(), data["status"].as_str()),
        (Some("2024-05-10"), Some("open"))
    );
}

/// The Settle profile with `change` made to its parsed JSON.
fn settle_changed(change: impl FnOnce(&mut Value)) -> String {
    let mut profile: Value = serde_json::from_str(SETTLE).unwrap();
    change(&mut profile);
    profile.to_string()
}

#[test]
fn a_checkout_says_where_its_answer_has_the_page_to_go_to() {
    let missing = settle_changed(|p| {
        p["intents"]["start_checkout"]
            .as_object_mut()
            .unwrap()
            .remove("redirect_url");
    });
    let errors = Profile::load(&missing).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec!["/intents/start_checkout/redirect_url"],
        "{errors}"
    );
    let elsewhere =
        settle_changed(|p| p["intents"]["raise_dispute"]["redirect_url"] = json!("/url"));
    let errors = Profile::load(&elsewhere).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec!["/intents/raise_dispute/redirect_url"],
        "{errors}"
    );
    let not_a_pointer =
        settle_changed(|p| p["intents"]["start_checkout"]["redirect_url"] = json!("url"));
    let errors = Profile::load(&not_a_pointer).unwrap_err();
    assert_eq!(
        errors.paths(),
        vec!["/intents/start_checkout/redirect_url"],
        "{errors}"
    );

    let settle = settle();
    let answer = |url: &str| json!({"checkout_id": "c1", "redirect_url": url});
    assert_eq!(
        settle
            .checkout_redirect(&answer("https://pay.example.com/c1"))
            .unwrap(),
        "https://pay.example.com/c1"
    );
    assert_eq!(
        settle
            .checkout_redirect(&answer("/test-payments/c1"))
            .unwrap(),
        "/test-payments/c1"
    );
    for odd in [
        "javascript:alert(1)",
        "//elsewhere.example/c1",
        "http://pay.example.com/c1",
    ] {
        let error = settle.checkout_redirect(&answer(odd)).unwrap_err();
        assert!(
            error.contains("neither https nor on this site"),
            "{odd}: {error}"
        );
    }
    assert_eq!(
        settle
            .checkout_redirect(&json!({"checkout_id": "c1"}))
            .unwrap_err(),
        "the checkout's answer has no address at '/redirect_url'"
    );
    assert_eq!(
        json_server().checkout_redirect(&answer("/x")).unwrap_err(),
        "this backend does not take 'start_checkout'"
    );
}

/// What json-server stores from a request: the body with an id of its own.
fn stored(request: Request) -> Value {
    let Body::Json(mut body) = request.body else {
        panic!("a JSON body");
    };
    body["id"] = json!("Xa81kP");
    body
}
