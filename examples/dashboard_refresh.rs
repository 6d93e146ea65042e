//! Times one dashboard refresh (what the console's worker does when another
//! process wrote) on a database, per window, for BENCHMARKS.md:
//! `cargo run --release --example dashboard_refresh -- PATH [RFC3339-NOW] [RUNS]`.
//! Prints the median and p99 (nearest rank) of RUNS refreshes (default 25)
//! per window, after one untimed warm-up refresh.

use std::time::Instant;

use loket::kpi::NamedWindow;
use loket::store::{self, OpenMode};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("give the database path"))?;
    let now = match args.next() {
        Some(text) => chrono::DateTime::parse_from_rfc3339(&text)?.timestamp(),
        None => chrono::Utc::now().timestamp(),
    };
    let runs: usize = match args.next() {
        Some(text) => text.parse()?,
        None => 25,
    };
    anyhow::ensure!(runs >= 1, "give at least one run");
    let conn = store::open(
        std::path::Path::new(&path),
        OpenMode::ReadOnly,
        &loket::clock::SystemClock,
    )?;
    for window in [
        NamedWindow::Today,
        NamedWindow::Last7Days,
        NamedWindow::Last30Days,
    ] {
        store::dashboard::load(&conn, window, now)?;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            let data = store::dashboard::load(&conn, window, now)?;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(
                data.current.volume.total > 0 || window == NamedWindow::Today,
                "the {window} window holds no tickets: is this the right desk and now?"
            );
        }
        times.sort_by(f64::total_cmp);
        let rank = |q: f64| times[((q * runs as f64).ceil() as usize).clamp(1, runs) - 1];
        println!(
            "{window}: {runs} runs, median {:.1} ms, p99 {:.1} ms, min {:.1} ms, max {:.1} ms",
            rank(0.5),
            rank(0.99),
            times[0],
            times[runs - 1]
        );
    }
    Ok(())
}
