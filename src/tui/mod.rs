//! The console. (Interface only; implemented on the TUI branch.)

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::store::agents::Agent;

/// How the console is started.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database file.
    pub db_path: PathBuf,
    /// Open with SQLite's read-only flag.
    pub read_only: bool,
    /// The interface language.
    pub lang: Lang,
    /// Who is using the console; `None` browses without an agent identity.
    pub agent: Option<Agent>,
    /// A message for the status line at start (for example: no agent matched `$USER`).
    pub notice: Option<String>,
    /// The user's keymap file, merged over the embedded defaults, if it exists.
    pub keymap_file: Option<PathBuf>,
}

/// Runs the console until the user quits. The terminal is restored on quit,
/// on error and on panic.
pub fn run(config: Config) -> anyhow::Result<()> {
    let _ = config;
    Ok(())
}
