//! Times one dashboard refresh (what the console's worker does when another
//! process wrote) on a database, per window, for BENCHMARKS.md:
//! `cargo run --release --example dashboard_refresh -- PATH [RFC3339-NOW]`.

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
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let data = store::dashboard::load(&conn, window, now)?;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            assert!(data.current.volume.total > 0 || window == NamedWindow::Today);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{window}: slowest of 5 {:.1} ms, median {:.1} ms",
            times[4], times[2]
        );
    }
    Ok(())
}
