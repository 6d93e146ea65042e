//! The store's typed errors. Each one says what happened and what to do.

use std::path::PathBuf;

/// What can go wrong in the store. Boundaries wrap it in `anyhow`; the console
/// shows it in its status line and keeps running.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer loket (schema {found}, this loket knows up to {supported}); upgrade loket to open it. Nothing was changed."
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path} is an SQLite database of another program, not loket's; pass --db with a loket database or a new file name. Nothing was changed."
    )]
    NotLoket { path: PathBuf },
    #[error(
        "{path} is not an SQLite database (or it is damaged); pass --db with a loket database or a new file name. Nothing was changed."
    )]
    NotADatabase { path: PathBuf },
    #[error("the database is busy: another loket is writing; try again in a moment")]
    Busy,
    #[error("the database is locked by another program; close it and try again")]
    Locked,
    #[error("the database is read-only here: {0}")]
    ReadOnly(String),
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("refused by the database: {0}")]
    Constraint(String),
    #[error("cannot open {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// Refused by the rights of the one acting ([`super::rights`]). Its
    /// text (English, for logs and `anyhow` chains) is `Refusal`'s `Display`,
    /// written beside the other languages' in `i18n::errors`, so the error
    /// type imports nothing above the store.
    #[error("{0}")]
    Refused(super::rights::Refusal),
    #[error(
        "{path} exists already; pass --force to replace it, or another file name. Nothing was changed."
    )]
    Exists { path: PathBuf },
    /// `by`: the agents whose consoles are on it; empty when only the
    /// lock attempt failed (a connection of any program has it open).
    #[error(
        "{path} is in use ({}); close every console and loket command on it, then try again. Nothing was changed.",
        if by.is_empty() { "another connection has it open".to_string() } else { by.join(", ") }
    )]
    InUse { path: PathBuf, by: Vec<String> },
    #[error("{path} is not a sound loket backup: {problem}. Nothing was changed.")]
    BadBackup { path: PathBuf, problem: String },
}

impl StoreError {
    /// Refusals of a file that is not ours to touch. The command line exits
    /// with code 2 for these.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            StoreError::NewerSchema { .. }
                | StoreError::NotLoket { .. }
                | StoreError::NotADatabase { .. }
                | StoreError::Refused(_)
                | StoreError::Exists { .. }
                | StoreError::InUse { .. }
                | StoreError::BadBackup { .. }
        )
    }
}

/// What went wrong, in a form that can be sent between threads and put into
/// words later, in the user's language (`i18n::failure`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Busy,
    Locked,
    ReadOnly,
    /// What was not found, like "ticket 42".
    NotFound(String),
    /// Refused by the rights of the one acting.
    Refused(super::rights::Refusal),
    /// Anything else, as the store words it.
    Other(String),
}

impl StoreError {
    pub fn failure(&self) -> Failure {
        match self {
            StoreError::Busy => Failure::Busy,
            StoreError::Locked => Failure::Locked,
            StoreError::ReadOnly(_) => Failure::ReadOnly,
            StoreError::NotFound { what } => Failure::NotFound(what.clone()),
            StoreError::Refused(why) => Failure::Refused(why.clone()),
            other => Failure::Other(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) => StoreError::Busy,
            Some(ErrorCode::DatabaseLocked) => StoreError::Locked,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(err.to_string()),
            Some(ErrorCode::ConstraintViolation) => StoreError::Constraint(err.to_string()),
            _ => match err {
                rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound { what: "row".into() },
                other => StoreError::Sqlite(other),
            },
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
