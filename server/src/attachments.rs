//! Photos and documents for disputes: uploaded as multipart (`meta` JSON, `file` bytes)
//! under the id the app gave them, checked for size and for content that matches the
//! declared type, then named by id in a dispute or a message.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use settle_core::api::AttachmentMeta;
use settle_core::intents::IntentKind;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::auth::Customer;
use crate::error::{parse_json, ApiError, ApiResult};
use crate::idempotency::{fingerprint, once, Key, Reply};
use crate::records;
use crate::AppState;

/// Room for the multipart framing and the `meta` part on top of the file itself.
pub const MULTIPART_OVERHEAD: u64 = 64 * 1024;

/// `POST /api/v1/attachments`
#[utoipa::path(
    post,
    path = "/attachments",
    operation_id = "uploadAttachment",
    tag = "Intents",
    summary = "Upload a photo or PDF for a dispute.",
    description = "Idempotent: needs an Idempotency-Key. multipart/form-data with a `meta` part (JSON AttachmentMeta) and a `file` part; the size, media type (JPEG, PNG, WebP, HEIC or PDF, checked against the content) and optional sha256 must agree.",
    params(crate::openapi::Idempotent, crate::openapi::Csrf),
    request_body(content((
        inline(crate::openapi::Upload) = "multipart/form-data",
        encoding(("meta" = (content_type = "application/json"))),
    ))),
    responses(
        (status = 201, description = "The stored attachment's details.", body = settle_core::api::AttachmentMeta, headers(("Idempotent-Replayed" = crate::openapi::Replayed))),
        (status = 400, response = crate::openapi::BadRequest),
        (status = 401, response = crate::openapi::Unauthenticated),
        (status = 403, response = crate::openapi::CsrfMissing),
        (status = 409, response = crate::openapi::Conflict),
        (status = 413, response = crate::openapi::TooLarge),
        (status = 415, response = crate::openapi::UnsupportedMediaType),
        (status = 422, response = crate::openapi::Unprocessable),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("session" = [])),
)]
pub async fn upload(
    State(state): State<AppState>,
    customer: Customer,
    headers: axum::http::HeaderMap,
    multipart: Multipart,
) -> ApiResult<Response> {
    let key = Key::from_headers(&headers)?.ok_or(ApiError::IdempotencyKeyMissing)?;
    let limit = state.config.max_attachment_bytes;
    let (mut meta, file, file_type) = read_parts(multipart, limit).await?;
    let sha256 = hex::encode(Sha256::digest(&file));
    let key = Key {
        fingerprint: fingerprint(
            "POST",
            "/api/v1/attachments",
            &serde_json::json!({ "meta": meta, "sha256": sha256 }),
        ),
        key,
    };
    check(&meta, &file, file_type.as_deref(), &sha256)?;
    meta.sha256 = Some(sha256);
    let customer_id = customer.id.clone();
    once(
        &state,
        IntentKind::UploadAttachment,
        &customer.id,
        &key,
        move |conn| Box::pin(store(conn, customer_id, meta, file)),
    )
    .await
}

async fn read_parts(
    mut multipart: Multipart,
    limit: u64,
) -> ApiResult<(AttachmentMeta, Vec<u8>, Option<String>)> {
    let mut meta = None;
    let mut file = None;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge { limit }
        } else {
            ApiError::invalid(
                "",
                format!("the upload could not be read: {}", e.body_text()),
            )
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("meta") => {
                let bytes = field.bytes().await.map_err(unreadable)?;
                meta = Some(parse_json::<AttachmentMeta>(&bytes)?);
            }
            Some("file") => {
                let media_type = field.content_type().map(str::to_owned);
                let bytes = field.bytes().await.map_err(unreadable)?;
                if bytes.len() as u64 > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                file = Some((bytes.to_vec(), media_type));
            }
            _ => {}
        }
    }
    let meta = meta.ok_or_else(|| {
        ApiError::invalid("/meta", "send the attachment's details as a `meta` part")
    })?;
    let (file, media_type) =
        file.ok_or_else(|| ApiError::invalid("/file", "send the content as a `file` part"))?;
    Ok((meta, file, media_type))
}

/// Size, declared type, actual content and checksum must all agree.
fn check(
    meta: &AttachmentMeta,
    file: &[u8],
    part_type: Option<&str>,
    sha256: &str,
) -> ApiResult<()> {
    meta.validate()
        .map_err(|e| ApiError::invalid(e.field, e.reason))?;
    if meta.size_bytes != file.len() as u64 {
        return Err(ApiError::invalid(
            "/size_bytes",
            format!(
                "says {} bytes, but the file has {}",
                meta.size_bytes,
                file.len()
            ),
        ));
    }
    if let Some(part_type) = part_type {
        if part_type != "application/octet-stream" && part_type != meta.media_type {
            return Err(ApiError::UnsupportedMediaType(format!(
                "the file is sent as {part_type} but described as {}",
                meta.media_type
            )));
        }
    }
    if sniff(file) != Some(meta.media_type.as_str()) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "the file's content is not {}; send a JPEG, PNG, WebP or HEIC photo or a PDF",
            meta.media_type
        )));
    }
    if meta.sha256.as_deref().is_some_and(|given| given != sha256) {
        return Err(ApiError::invalid(
            "/sha256",
            "does not match the file; it may have been damaged on the way",
        ));
    }
    Ok(())
}

/// The media type a file's first bytes show, for the types Settle accepts.
fn sniff(file: &[u8]) -> Option<&'static str> {
    if file.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if file.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if file.len() >= 12 && &file[..4] == b"RIFF" && &file[8..12] == b"WEBP" {
        Some("image/webp")
    } else if file.len() >= 12
        && &file[4..8] == b"ftyp"
        && [b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"]
            .contains(&&file[8..12].try_into().unwrap_or([0u8; 4]))
    {
        Some("image/heic")
    } else if file.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

async fn store(
    conn: &mut AnyConnection,
    customer_id: String,
    meta: AttachmentMeta,
    file: Vec<u8>,
) -> ApiResult<Reply> {
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT id FROM attachments WHERE customer_id = $1 AND id = $2")
            .bind(&customer_id)
            .bind(&meta.id)
            .fetch_optional(&mut *conn)
            .await?;
    if exists.is_some() {
        return Err(ApiError::Conflict(format!(
            "an attachment with id '{}' was already uploaded; give a new one a new id",
            meta.id
        )));
    }
    sqlx::query(
        "INSERT INTO attachments (customer_id, id, meta, content, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&customer_id)
    .bind(&meta.id)
    .bind(serde_json::to_string(&meta).map_err(records::internal)?)
    .bind(file)
    .bind(crate::db::now_unix())
    .execute(&mut *conn)
    .await?;
    Reply::new(StatusCode::CREATED, &meta)
}

/// The metadata of the customer's own uploads, in the order named; a missing one is a
/// validation error naming it.
pub async fn resolve(
    conn: &mut AnyConnection,
    customer_id: &str,
    ids: &[String],
) -> ApiResult<Vec<AttachmentMeta>> {
    let mut found = Vec::with_capacity(ids.len());
    for (index, id) in ids.iter().enumerate() {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT meta FROM attachments WHERE customer_id = $1 AND id = $2")
                .bind(customer_id)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        let (meta,) = row.ok_or_else(|| {
            ApiError::invalid(
                format!("/attachment_ids/{index}"),
                format!("no attachment '{id}' was uploaded; upload it first"),
            )
        })?;
        found.push(serde_json::from_str(&meta).map_err(records::internal)?);
    }
    Ok(found)
}

/// `GET /api/v1/attachments/{id}`: the customer's own upload.
#[utoipa::path(
    get,
    path = "/attachments/{id}",
    operation_id = "downloadAttachment",
    tag = "Records",
    summary = "Download an attachment.",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "The file, as an attachment.", body = inline(crate::openapi::Bytes), content_type = "*/*"),
        (status = 401, response = crate::openapi::Unauthenticated),
        (status = 404, response = crate::openapi::NotFound),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("session" = [])),
)]
pub async fn download(
    State(state): State<AppState>,
    customer: Customer,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT meta, content FROM attachments WHERE customer_id = $1 AND id = $2")
            .bind(&customer.id)
            .bind(&id)
            .fetch_optional(&state.db.pool)
            .await?;
    let (meta, content) = row.ok_or(ApiError::NotFound)?;
    let meta: AttachmentMeta = serde_json::from_str(&meta).map_err(records::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.media_type),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CONTENT_DISPOSITION, "attachment".to_owned()),
        ],
        content,
    )
        .into_response())
}

/// `GET /api/v1/statements/{id}/pdf`: a statement's PDF, for the customer it belongs to.
#[utoipa::path(
    get,
    path = "/statements/{id}/pdf",
    operation_id = "getStatementPdf",
    tag = "Records",
    summary = "A statement as PDF.",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "The PDF.", body = inline(crate::openapi::Pdf), content_type = "application/pdf"),
        (status = 401, response = crate::openapi::Unauthenticated),
        (status = 404, response = crate::openapi::NotFound),
        (status = 405, response = crate::openapi::MethodNotAllowed),
    ),
    security(("session" = [])),
)]
pub async fn statement_pdf(
    State(state): State<AppState>,
    customer: Customer,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let mut conn = state.db.pool.acquire().await?;
    crate::access::owned::<settle_core::api::Statement>(
        &mut conn,
        &customer.id,
        settle_core::api::Kind::Statement,
        &id,
    )
    .await?;
    let row: Option<(Vec<u8>,)> =
        sqlx::query_as("SELECT content FROM statement_pdfs WHERE statement_id = $1")
            .bind(&id)
            .fetch_optional(&mut *conn)
            .await?;
    let (content,) = row.ok_or(ApiError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        content,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn content_decides_the_type() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic"), Some("image/heic"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b""), None);
    }
}
