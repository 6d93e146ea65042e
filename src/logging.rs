//! Logs go to a file in the state directory, never to the screen while the
//! console runs. The level comes from `$LOKET_LOG` (default `info`).

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Starts logging to `file`. If the file cannot be opened, logging is off:
/// a console that cannot log still works.
pub fn init(file: &Path) {
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(handle) = OpenOptions::new().create(true).append(true).open(file) else {
        return;
    };
    let filter =
        EnvFilter::try_from_env(crate::paths::LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(handle))
        .with_ansi(false)
        .try_init();
}
