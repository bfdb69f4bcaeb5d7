//! Statements, newest period first.

use settle_core::api::Kind;
use settle_core::statement::Statement;

use super::{from_store, AppError};

/// Every statement in the store, newest period first.
pub async fn statements() -> Result<Vec<Statement>, AppError> {
    from_store(Vec::new(), async |store| {
        let mut statements = store.all::<Statement>(Kind::Statement).await?;
        statements.sort_by_key(|s| std::cmp::Reverse(s.period_end));
        Ok(statements)
    })
    .await
}

/// Keeps each statement's PDF while online, so it opens offline later. Not on a device
/// the customer keeps nothing on.
pub fn keep_for_offline(statements: &[Statement]) {
    if crate::shared_device::is_on() {
        return;
    }
    for url in statements.iter().filter_map(|s| s.pdf_url.clone()) {
        leptos::task::spawn_local(crate::service_worker::keep_document(url));
    }
}
