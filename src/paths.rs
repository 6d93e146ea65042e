//! Where loket keeps its files, from the platform's conventions (`directories`):
//! the database in the data directory, config in the config directory, logs in
//! the state directory (the cache directory where a platform has no state one).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use directories::ProjectDirs;

/// The environment variable that overrides the database path.
pub const DB_ENV: &str = "LOKET_DB";
/// The environment variable that sets the log level (`error` … `trace`).
pub const LOG_ENV: &str = "LOKET_LOG";

/// The paths in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl Paths {
    /// The platform's directories for loket.
    pub fn discover() -> Result<Paths> {
        let dirs = ProjectDirs::from("", "", "loket")
            .context("cannot find a home directory; set HOME, or pass --db with a path")?;
        let log_dir = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.cache_dir())
            .to_path_buf();
        Ok(Paths {
            data_dir: dirs.data_dir().to_path_buf(),
            config_dir: dirs.config_dir().to_path_buf(),
            log_dir,
        })
    }

    /// The user's real database: `loket.db` in the data directory.
    pub fn default_db(&self) -> PathBuf {
        self.data_dir.join("loket.db")
    }

    /// The demo desk's own file, never the real database.
    pub fn demo_db(&self) -> PathBuf {
        self.data_dir.join("demo.db")
    }

    /// The user's keymap, merged over the embedded defaults.
    pub fn keymap_file(&self) -> PathBuf {
        self.config_dir.join("keymap.toml")
    }

    pub fn log_file(&self) -> PathBuf {
        self.log_dir.join("loket.log")
    }
}

/// The database to use: `--db`, else `$LOKET_DB`, else the default.
pub fn resolve_db(flag: Option<&Path>, env: Option<&str>, paths: &Paths) -> PathBuf {
    match (flag, env.filter(|v| !v.is_empty())) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some(path)) => PathBuf::from(path),
        (None, None) => paths.default_db(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> Paths {
        Paths {
            data_dir: "/d".into(),
            config_dir: "/c".into(),
            log_dir: "/l".into(),
        }
    }

    #[test]
    fn flag_beats_environment_beats_default() {
        let p = paths();
        assert_eq!(
            resolve_db(Some(Path::new("a.db")), Some("b.db"), &p),
            PathBuf::from("a.db")
        );
        assert_eq!(resolve_db(None, Some("b.db"), &p), PathBuf::from("b.db"));
        assert_eq!(resolve_db(None, Some(""), &p), PathBuf::from("/d/loket.db"));
        assert_eq!(resolve_db(None, None, &p), PathBuf::from("/d/loket.db"));
        assert_ne!(p.demo_db(), p.default_db());
    }
}
