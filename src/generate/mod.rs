//! The deterministic demo desk. (Interface only; implemented on the generator branch.)

use rusqlite::Connection;

use crate::store::Result;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// How many tickets.
    pub tickets: u64,
    /// The random seed: the same seed and `now` give the same database.
    pub seed: u64,
    /// The instant history ends at (Unix seconds, UTC); about 90 days lead up to it.
    pub now: i64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateSummary {
    pub tickets: u64,
    pub customers: u64,
    pub agents: u64,
    pub messages: u64,
    pub events: u64,
    pub kb_articles: u64,
    pub canned_responses: u64,
}

/// Fills an empty loket database in one transaction.
pub fn generate(conn: &mut Connection, options: &GenerateOptions) -> Result<GenerateSummary> {
    let _ = (conn, options);
    Ok(GenerateSummary::default())
}
