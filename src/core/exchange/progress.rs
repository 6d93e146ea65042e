//! How long imports and exports tell their caller how far they are. The
//! core only counts; the command line decides what a person sees (plain
//! lines, a line that updates, nothing with `--quiet`), so this crate keeps
//! no terminal code.

/// A step of an import after its tickets are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The indexes and full-text indexes set aside for the load, built again.
    Indexes,
    /// Links between tickets, surveys and article views.
    Links,
    /// Every rollup computed again.
    Rollups,
    /// The transaction commits (nothing is kept before it ends).
    Committing,
}

/// Told about a long import or export as it goes. Nothing here means the
/// work is kept: an import commits after [`Step::Committing`], and the
/// caller reports the result.
pub trait Progress {
    /// `done` of `total` tickets read (import) or written (export).
    fn tickets(&mut self, done: u64, total: u64);
    /// A step after the tickets.
    fn step(&mut self, step: Step);
}

/// Says nothing.
pub struct Silent;

impl Progress for Silent {
    fn tickets(&mut self, _done: u64, _total: u64) {}
    fn step(&mut self, _step: Step) {}
}

/// How often the ticket count is passed on: often enough for a display,
/// rare enough to cost nothing.
pub const EVERY: u64 = 1_000;
