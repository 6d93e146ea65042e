//! How fast the knowledge base answers on a desk: ranked search (whole
//! words, a prefix while typing, two words, hostile text), a category's
//! list, the categories, and the suggestions for a ticket (its subject and
//! customer messages turned into a ranked OR-query).
//!
//! `LOKET_BENCH_DB=path cargo bench --bench kb` on an existing desk (a copy:
//! the first open upgrades it), or without it on a generated 10,000-ticket
//! desk. Prints the median of repeated runs; figures go in BENCHMARKS.md.
//! Not a test: these machines are shared and noisy.

use std::time::{Duration, Instant};

use loket::generate::{GenerateOptions, generate};
use loket::store::kb::{self, KbFilter};
use loket::store::{self, OpenMode};

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = match std::env::var("LOKET_BENCH_DB") {
        Ok(p) => std::path::PathBuf::from(p),
        Err(_) => {
            let p = dir.path().join("desk.db");
            let mut conn = store::open(&p, OpenMode::ReadWrite, &loket::clock::SystemClock)?;
            generate(
                &mut conn,
                &GenerateOptions {
                    tickets: 10_000,
                    seed: 1,
                    now: 1_795_000_000,
                },
            )?;
            p
        }
    };
    let conn = store::open(&path, OpenMode::ReadWrite, &loket::clock::SystemClock)?;
    let tickets: i64 = conn.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
    let articles: i64 = conn.query_row("SELECT count(*) FROM kb_articles", [], |r| r.get(0))?;
    println!("{tickets} tickets, {articles} articles; median of 200 runs");
    let none = KbFilter::default();
    for query in [
        "refund",
        "ref",
        "geen bericht",
        "betaling",
        "\"NEAR( refund*",
        "xyzzy",
    ] {
        let d = time(200, || kb::search(&conn, query, &none, 20));
        println!("search {query:<18} {:>8.3} ms", d.as_secs_f64() * 1e3);
    }
    let billing = KbFilter {
        category: Some("billing".into()),
        ..KbFilter::default()
    };
    let d = time(200, || kb::list(&conn, &billing));
    println!("list billing            {:>8.3} ms", d.as_secs_f64() * 1e3);
    let d = time(200, || kb::categories(&conn, &none));
    println!("categories              {:>8.3} ms", d.as_secs_f64() * 1e3);
    for ticket in [1, tickets / 2, tickets] {
        let d = time(200, || kb::suggest(&conn, ticket, 3));
        println!("suggest #{ticket:<14} {:>8.3} ms", d.as_secs_f64() * 1e3);
    }
    Ok(())
}
