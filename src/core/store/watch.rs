//! Noticing other processes' writes. `PRAGMA data_version` changes on a
//! connection whenever another connection commits to the same file, so a
//! console can poll it cheaply (no table is read) and reload only then.

use rusqlite::Connection;

use super::Result;

/// The connection's current data version. Compare two readings from the same
/// connection: they differ when another connection committed in between.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_connections_commit_changes_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let watcher = crate::store::open(
            &path,
            crate::store::OpenMode::ReadWrite,
            &crate::clock::FixedClock::at_unix(0),
        )
        .unwrap();
        let writer = crate::store::open(
            &path,
            crate::store::OpenMode::ReadWrite,
            &crate::clock::FixedClock::at_unix(0),
        )
        .unwrap();
        let before = data_version(&watcher).unwrap();
        assert_eq!(data_version(&watcher).unwrap(), before);
        crate::store::settings::set(&writer, "probe", "1").unwrap();
        assert_ne!(data_version(&watcher).unwrap(), before);
    }
}
