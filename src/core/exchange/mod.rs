//! Moving a desk in and out of loket: the JSON desk document (docs/FORMAT.md),
//! and flat CSV of tickets. No UI here; the command line calls these.

pub mod csv_export;
pub mod csv_import;
pub mod export;
pub mod import;
mod keys;
pub mod model;
pub mod progress;
pub mod view;

pub use import::{ImportError, ImportFailure, ImportReport};
pub use progress::{Progress, Silent, Step};
