//! The application's one error type: what a caller can act on, its HTTP status, and the
//! message a citizen sees. Internal causes are logged where they happen and never shown.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A field that failed validation, with the message to show beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("conflict")]
    Conflict,
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("too many requests")]
    TooManyRequests,
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The sentence a person sees, in their language.
    pub fn message(&self, lang: Lang) -> &'static str {
        let zh = matches!(lang, Lang::ZhTw);
        match self {
            AppError::NotFound => lang.t().not_found_body,
            AppError::Invalid(_) if zh => "您輸入的資料有誤，請依下方說明修正。",
            AppError::Invalid(_) => "Some of what you entered needs correcting; see below.",
            AppError::Conflict if zh => "資料已被其他人變更，請重新整理後再試。",
            AppError::Conflict => "Someone else changed this first. Please reload and try again.",
            AppError::Unauthorized if zh => "請先登入。",
            AppError::Unauthorized => "Please sign in first.",
            AppError::Forbidden if zh => "您沒有權限執行這項操作。",
            AppError::Forbidden => "You are not allowed to do this.",
            AppError::TooManyRequests if zh => "查詢次數過多，請稍候再試。",
            AppError::TooManyRequests => "Too many attempts. Please wait a moment and try again.",
            AppError::Internal => lang.t().error_body,
        }
    }

    /// Logs an internal cause with context and returns the error a user may see.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        #[cfg(feature = "ssr")]
        tracing::error!(error = %cause, "internal error");
        #[cfg(not(feature = "ssr"))]
        let _ = cause;
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if crate::db::is_unique_violation(&error) {
            return AppError::Conflict;
        }
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            other => AppError::internal(format!("database: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_client_or_server_status_and_a_message_in_both_languages() {
        let all = [
            AppError::NotFound,
            AppError::Invalid(vec![]),
            AppError::Conflict,
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::TooManyRequests,
            AppError::Internal,
        ];
        for error in all {
            let status = error.status().as_u16();
            assert!((400..600).contains(&status));
            assert_eq!(status >= 500, error == AppError::Internal);
            for lang in Lang::ALL {
                assert!(!error.message(lang).is_empty());
            }
        }
    }
}
