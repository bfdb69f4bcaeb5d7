//! Feedback: the one-question satisfaction survey (CSAT 1-5, optional comment) and the
//! effort question (CES 1-7) the app asks after a dispute is resolved or a plan is agreed.

use serde::{Deserialize, Serialize};

use crate::message::{Message, Value};
use crate::validation::{described_by_breach, Breach};

/// The longest comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// What the feedback is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FeedbackSubject {
    /// A resolved dispute.
    Dispute {
        /// The dispute.
        dispute_id: String,
    },
    /// An agreed plan.
    Plan {
        /// The plan.
        plan_id: String,
    },
    /// The portal in general.
    Portal,
}

/// Intent: send feedback (`POST /api/v1/feedback`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(examples(json!({"subject": {"type": "portal"}, "csat": 5, "ces": 2, "comment": "Quick and clear."}))))]
pub struct Feedback {
    /// What it is about.
    pub subject: FeedbackSubject,
    /// Customer satisfaction: "How satisfied are you?" from 1 (very dissatisfied) to 5
    /// (very satisfied).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub csat: u8,
    /// Customer effort: "It was easy to sort this out" from 1 (strongly disagree) to 7
    /// (strongly agree); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 7))]
    pub ces: Option<u8>,
    /// Anything the customer wants to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A feedback rule that was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    /// CSAT outside 1-5.
    Csat(u8),
    /// CES outside 1-7.
    Ces(u8),
    /// Comment too long.
    CommentTooLong(usize),
}

impl FeedbackError {
    /// The one description of each variant, read by `Explain` and [`RuleBreach`] alike.
    fn breach(&self) -> Breach {
        match self {
            FeedbackError::Csat(score) => Breach::at(
                "feedback.csat",
                "/csat",
                Message::new(
                    "the satisfaction score must be 1 to 5, not {}",
                    vec![Value::verbatim(score)],
                ),
            ),
            FeedbackError::Ces(score) => Breach::at(
                "feedback.ces",
                "/ces",
                Message::new(
                    "the effort score must be 1 to 7, not {}",
                    vec![Value::verbatim(score)],
                ),
            ),
            FeedbackError::CommentTooLong(chars) => Breach::at(
                "feedback.comment",
                "/comment",
                Message::new(
                    "the comment is {} characters long; the limit is {}",
                    vec![Value::verbatim(chars), Value::verbatim(MAX_COMMENT_CHARS)],
                ),
            ),
        }
    }
}

described_by_breach!(FeedbackError);

impl Feedback {
    /// Checks the scores are on their scales and the comment within [`MAX_COMMENT_CHARS`].
    pub fn check(&self) -> Result<(), FeedbackError> {
        if !(1..=5).contains(&self.csat) {
            return Err(FeedbackError::Csat(self.csat));
        }
        if let Some(ces) = self.ces {
            if !(1..=7).contains(&ces) {
                return Err(FeedbackError::Ces(ces));
            }
        }
        if let Some(comment) = &self.comment {
            let chars = comment.chars().count();
            if chars > MAX_COMMENT_CHARS {
                return Err(FeedbackError::CommentTooLong(chars));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feedback(csat: u8, ces: Option<u8>) -> Feedback {
        Feedback {
            subject: FeedbackSubject::Dispute {
                dispute_id: "d1".into(),
            },
            csat,
            ces,
            comment: Some("Quick and fair".into()),
        }
    }

    #[test]
    fn scores_stay_on_their_scales() {
        for csat in 1..=5 {
            assert_eq!(feedback(csat, None).check(), Ok(()));
        }
        assert_eq!(feedback(0, None).check(), Err(FeedbackError::Csat(0)));
        assert_eq!(feedback(6, None).check(), Err(FeedbackError::Csat(6)));
        assert_eq!(feedback(5, Some(7)).check(), Ok(()));
        assert_eq!(feedback(5, Some(8)).check(), Err(FeedbackError::Ces(8)));
        assert_eq!(feedback(5, Some(0)).check(), Err(FeedbackError::Ces(0)));
        let long = Feedback {
            comment: Some("x".repeat(MAX_COMMENT_CHARS + 1)),
            ..feedback(3, None)
        };
        assert_eq!(
            long.check(),
            Err(FeedbackError::CommentTooLong(MAX_COMMENT_CHARS + 1))
        );
    }

    #[test]
    fn serde_shape() {
        let json = serde_json::to_value(feedback(4, Some(6))).unwrap();
        assert_eq!(
            json["subject"],
            serde_json::json!({"type": "dispute", "dispute_id": "d1"})
        );
        assert_eq!(json["csat"], 4);
    }
}
