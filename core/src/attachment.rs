//! Attachments: the metadata of a photo or document the customer adds to a dispute or a
//! message, and the limits it must meet before the app queues it for upload.

use serde::{Deserialize, Serialize};

use crate::validation::{self, InvalidField};

/// The largest file accepted: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;

/// The most attachments one dispute or message may carry.
pub const MAX_ATTACHMENTS: usize = 10;

/// The file types accepted: photos a phone takes and PDF documents.
pub const ALLOWED_MEDIA_TYPES: [&str; 5] = [
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/heic",
    "application/pdf",
];

/// What is known about a file before and after upload. The app keeps the bytes in
/// IndexedDB under `id` until the upload intent succeeds.
///
/// Upload (`POST /api/v1/attachments`) is `multipart/form-data`: a `meta` part with this
/// JSON and a `file` part with the bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"id": "att_01", "file_name": "photo.jpg", "media_type": "image/jpeg", "size_bytes": 48213}))))]
pub struct AttachmentMeta {
    /// Client-generated id (the dispute or message refers to it).
    pub id: String,
    /// The file's name as the customer chose it, without any folder.
    pub file_name: String,
    /// MIME type, one of [`ALLOWED_MEDIA_TYPES`].
    pub media_type: String,
    /// Size in bytes, 1 to [`MAX_ATTACHMENT_BYTES`].
    pub size_bytes: u64,
    /// SHA-256 of the bytes in lower-case hex, so the server can check the upload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl AttachmentMeta {
    /// Checks the limits above; the error names the field and the limit.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validation::id("/id", &self.id)?;
        validation::text("/file_name", &self.file_name, 255, true)?;
        if self.file_name.contains(['/', '\\']) || self.file_name.chars().any(char::is_control) {
            return Err(InvalidField::new(
                "/file_name",
                "must be a plain file name, without folders or control characters",
            ));
        }
        if !ALLOWED_MEDIA_TYPES.contains(&self.media_type.as_str()) {
            return Err(InvalidField::new(
                "/media_type",
                format!(
                    "'{}' is not accepted; send one of {}",
                    self.media_type,
                    ALLOWED_MEDIA_TYPES.join(", ")
                ),
            ));
        }
        if self.size_bytes == 0 || self.size_bytes > MAX_ATTACHMENT_BYTES {
            return Err(InvalidField::new(
                "/size_bytes",
                format!(
                    "{} bytes is outside the limit of 1 to {MAX_ATTACHMENT_BYTES} bytes (10 MiB)",
                    self.size_bytes
                ),
            ));
        }
        if let Some(hash) = &self.sha256 {
            if hash.len() != 64 || !hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(InvalidField::new(
                    "/sha256",
                    "must be 64 lower-case hexadecimal characters",
                ));
            }
        }
        Ok(())
    }
}

/// Checks a list of attachments: at most [`MAX_ATTACHMENTS`], each valid, ids unique.
/// `field` is the pointer of the list in its intent, e.g. `"/attachments"`.
pub fn validate_attachments(
    field: &str,
    attachments: &[AttachmentMeta],
) -> Result<(), InvalidField> {
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(InvalidField::new(
            field,
            format!(
                "{} attachments is more than the limit of {MAX_ATTACHMENTS}",
                attachments.len()
            ),
        ));
    }
    for (index, attachment) in attachments.iter().enumerate() {
        attachment.validate().map_err(|error| {
            InvalidField::new(format!("{field}/{index}{}", error.field), error.reason)
        })?;
        if attachments[..index]
            .iter()
            .any(|other| other.id == attachment.id)
        {
            return Err(InvalidField::new(
                format!("{field}/{index}/id"),
                format!("attachment id '{}' appears twice", attachment.id),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo() -> AttachmentMeta {
        AttachmentMeta {
            id: "att-1".into(),
            file_name: "broken box.jpg".into(),
            media_type: "image/jpeg".into(),
            size_bytes: 2_000_000,
            sha256: Some("a".repeat(64)),
        }
    }

    #[test]
    fn limits_are_checked_and_named() {
        assert_eq!(photo().validate(), Ok(()));
        let field = |meta: AttachmentMeta| meta.validate().unwrap_err().field;
        assert_eq!(
            field(AttachmentMeta {
                file_name: "../x.jpg".into(),
                ..photo()
            }),
            "/file_name"
        );
        assert_eq!(
            field(AttachmentMeta {
                media_type: "text/html".into(),
                ..photo()
            }),
            "/media_type"
        );
        assert_eq!(
            field(AttachmentMeta {
                size_bytes: 0,
                ..photo()
            }),
            "/size_bytes"
        );
        let too_big = AttachmentMeta {
            size_bytes: MAX_ATTACHMENT_BYTES + 1,
            ..photo()
        };
        assert!(too_big.validate().unwrap_err().reason.contains("10 MiB"));
        assert!(AttachmentMeta {
            size_bytes: MAX_ATTACHMENT_BYTES,
            ..photo()
        }
        .validate()
        .is_ok());
        assert_eq!(
            field(AttachmentMeta {
                sha256: Some("XYZ".into()),
                ..photo()
            }),
            "/sha256"
        );
    }

    #[test]
    fn lists_are_limited_and_unique() {
        assert_eq!(validate_attachments("/attachments", &[photo()]), Ok(()));
        let twice = validate_attachments("/attachments", &[photo(), photo()]).unwrap_err();
        assert_eq!(twice.field, "/attachments/1/id");
        let many: Vec<_> = (0..=MAX_ATTACHMENTS)
            .map(|i| AttachmentMeta {
                id: format!("a{i}"),
                ..photo()
            })
            .collect();
        assert_eq!(
            validate_attachments("/attachments", &many)
                .unwrap_err()
                .field,
            "/attachments"
        );
        let bad = AttachmentMeta {
            size_bytes: 0,
            ..photo()
        };
        assert_eq!(
            validate_attachments("/attachments", &[bad])
                .unwrap_err()
                .field,
            "/attachments/0/size_bytes"
        );
    }
}
