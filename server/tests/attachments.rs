//! Attachments: uploads checked for size, type and content, replayed by key, and named
//! by disputes.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::world::{created, customer_with_account, upload, upload_png, PNG};
use support::{assert_problem, Server};

#[tokio::test]
async fn uploads_are_checked_for_size_type_and_content_and_replayed_by_key() {
    let server = Server::start_with(&["--max-attachment-bytes", "64"]).await;
    let a = customer_with_account(&server, "ann").await;
    let ann = server.sign_in("ann@example.test").await;
    let stored: Value = created(upload_png(&ann, "p1").await).await;
    let expected = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(PNG));
    assert_eq!(stored["sha256"], expected);
    // Same key, same upload: the stored answer.
    assert_eq!(upload_png(&ann, "p1").await.status(), StatusCode::CREATED);
    let back = ann.get("/attachments/p1").await;
    assert_eq!(back.headers()["content-type"], "image/png");
    assert_eq!(back.bytes().await.unwrap().as_ref(), PNG);

    let html =
        json!({"id": "p2", "file_name": "x.png", "media_type": "image/png", "size_bytes": 14});
    let disguised = upload(&ann, html, b"<script></script>"[..14].to_vec(), "image/png").await;
    assert_problem(disguised, 415, "media-type-not-accepted", None).await;
    let exe = json!({"id": "p3", "file_name": "x.exe", "media_type": "application/x-msdownload",
                     "size_bytes": PNG.len()});
    let refused = upload(&ann, exe, PNG.to_vec(), "application/x-msdownload").await;
    assert_problem(refused, 422, "validation", Some("/media_type")).await;
    let lying =
        json!({"id": "p4", "file_name": "x.png", "media_type": "image/png", "size_bytes": 3});
    assert_problem(
        upload(&ann, lying, PNG.to_vec(), "image/png").await,
        422,
        "validation",
        Some("/size_bytes"),
    )
    .await;
    let big = [PNG, &[0u8; 64]].concat();
    let meta = json!({"id": "p5", "file_name": "big.png", "media_type": "image/png", "size_bytes": big.len()});
    assert_problem(
        upload(&ann, meta, big, "image/png").await,
        413,
        "too-large",
        None,
    )
    .await;

    // A dispute names the upload and carries its details.
    let dispute = created(
        ann.post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "damaged_or_faulty",
                    "currency": "GBP", "amount": "5.00", "attachment_ids": ["p1"]}),
        )
        .await,
    )
    .await;
    assert_eq!(dispute["attachments"][0]["sha256"], expected);
    let missing = ann
        .post(
            "/disputes",
            &json!({"invoice_id": a.overdue_invoice, "reason": "damaged_or_faulty",
                    "currency": "GBP", "amount": "5.00", "attachment_ids": ["nope"]}),
        )
        .await;
    assert_problem(missing, 422, "validation", Some("/attachment_ids/0")).await;
}
