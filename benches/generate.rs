//! Times the demo generator into a real database file, the way `loket
//! generate` uses it (WAL, on disk). A plain binary rather than a criterion
//! bench: one run of a million tickets is the figure that matters.
//!
//! `LOKET_BENCH_TICKETS` (default 100000) sets the size; `LOKET_BENCH_KEEP=1`
//! keeps the database and prints its path for inspection.
//!
//! Run: `cargo bench --bench generate` (release profile).

use std::time::Instant;

use loket::generate::{GenerateOptions, generate};
use loket::store::{self, OpenMode};

/// A fixed instant, so repeated runs write the same data.
const NOW: i64 = 1_795_442_400;

fn main() -> anyhow::Result<()> {
    let tickets: u64 = std::env::var("LOKET_BENCH_TICKETS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let keep = std::env::var_os("LOKET_BENCH_KEEP").is_some();
    let path = std::env::temp_dir().join(format!("loket-bench-{}.db", std::process::id()));
    let remove = || {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    };
    remove();
    let mut conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock)?;
    let started = Instant::now();
    let summary = generate(
        &mut conn,
        &GenerateOptions {
            tickets,
            seed: 42,
            now: NOW,
        },
    )?;
    let elapsed = started.elapsed().as_secs_f64();
    drop(conn);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated {} tickets in {elapsed:.2} s: {:.0} tickets/s",
        summary.tickets,
        summary.tickets as f64 / elapsed
    );
    println!(
        "  {} customers, {} messages, {} events, {} surveys, {} work sessions, {} KB views; file {:.1} MiB",
        summary.customers,
        summary.messages,
        summary.events,
        summary.surveys,
        summary.work_sessions,
        summary.kb_views,
        size as f64 / (1024.0 * 1024.0)
    );
    if keep {
        println!("  kept {}", path.display());
    } else {
        remove();
    }
    Ok(())
}
