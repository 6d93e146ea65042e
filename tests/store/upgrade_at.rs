//! An upgrade at a fixed "now": a desk from before the rollups kept exact
//! durations gets them computed on open, at the instant of the clock `open`
//! is given, and they equal a rebuild at that same instant, row for row.

use loket::clock::FixedClock;
use loket::store::migrate::EXACT_VERSION;
use loket::store::{self, OpenMode, rollups};

use crate::schema_fixtures::{load, rollup_rows};

/// Monday 2026-11-23 14:00 UTC, and a month and a half later.
const INSTANTS: [i64; 2] = [1_795_442_400, 1_795_442_400 + 45 * 86_400];

#[test]
fn an_old_desk_upgraded_at_a_fixed_now_has_the_rollups_of_that_now() {
    let dir = tempfile::tempdir().unwrap();
    for version in 1..EXACT_VERSION {
        for now in INSTANTS {
            let path = dir.path().join(format!("v{version}-{now}.db"));
            load(&path, version);
            let mut conn = store::open(&path, OpenMode::ReadWrite, &FixedClock::at_unix(now))
                .unwrap_or_else(|e| panic!("v{version} at {now}: {e}"));
            let upgraded = rollup_rows(&conn);
            assert!(
                upgraded
                    .iter()
                    .any(|(table, rows)| table == "rollup_tickets" && !rows.is_empty()),
                "v{version} at {now}: the tickets were rolled up"
            );
            let tx = conn.transaction().unwrap();
            rollups::rebuild(&tx, now).unwrap();
            let rebuilt = rollup_rows(&tx);
            tx.rollback().unwrap();
            for ((table, upgraded), (_, rebuilt)) in upgraded.iter().zip(&rebuilt) {
                assert_eq!(upgraded, rebuilt, "v{version} at {now}: {table}");
            }
        }
    }
}
