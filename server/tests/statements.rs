//! Statement PDFs: stored by the back office, served to their customer.

mod support;

use support::world::world;
use support::{assert_problem, latest};

#[tokio::test]
async fn statement_pdfs_are_served_to_their_customer() {
    let (server, mut ann, a, _ben, _b) = world().await;
    let pdf = b"%PDF-1.4 statement for ann".to_vec();
    let refused = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/admin/statements/{}/pdf", a.statement)))
        .bearer_auth(support::ADMIN_TOKEN)
        .header("content-type", "application/pdf")
        .body("<html>not a pdf</html>")
        .send()
        .await
        .unwrap();
    assert_problem(refused, 415, "media-type-not-accepted", None).await;
    let stored = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/admin/statements/{}/pdf", a.statement)))
        .bearer_auth(support::ADMIN_TOKEN)
        .header("content-type", "application/pdf")
        .body(pdf.clone())
        .send()
        .await
        .unwrap();
    assert!(stored.status().is_success());
    let records = latest(&ann.pull().await);
    let url = records[&("statement".to_owned(), a.statement.clone())]["pdf_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let got = ann.http.get(server.url(&url)).send().await.unwrap();
    assert_eq!(got.headers()["content-type"], "application/pdf");
    assert_eq!(got.bytes().await.unwrap().to_vec(), pdf);
}
