//! `loket rollup [--rebuild]`: the KPI rollups the dashboard and `loket
//! report` read. Every write keeps them current; `--rebuild` computes them
//! from scratch in one transaction (after restoring a backup made by other
//! means, or to check them).

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::{Cli, Context, outln};
use crate::i18n::{Msg, fill, t};
use crate::store;

#[derive(Debug, Args)]
pub struct RollupArgs {
    /// Compute every rollup again from the tickets, in one transaction
    #[arg(long)]
    rebuild: bool,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

/// What `loket rollup` reports.
#[derive(Debug, Serialize)]
struct RollupState {
    /// Tickets whose figures are in the rollups.
    tickets: i64,
    /// Rows of per-day sums.
    rows: i64,
    /// First response and resolution times kept for exact medians.
    durations: i64,
    /// Whether this run rebuilt them.
    rebuilt: bool,
}

/// Runs `loket rollup`.
pub fn run(cli: &Cli, context: &Context, args: &RollupArgs) -> Result<()> {
    let lang = context.lang;
    let mut conn = super::open_for(cli, context, args.rebuild)?;
    if args.rebuild {
        let now = chrono::Utc::now().timestamp();
        let actor = super::actor(&conn, cli, context)?;
        store::write(&mut conn, &crate::clock::SystemClock, |tx| {
            super::require(tx, actor, store::rights::Right::ManageDesk)?;
            store::rollups::rebuild(tx, now)
        })?;
    }
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    let state = RollupState {
        tickets: count("SELECT count(*) FROM rollup_tickets")?,
        rows: count("SELECT count(*) FROM rollups")?,
        durations: count("SELECT count(*) FROM rollup_values")?,
        rebuilt: args.rebuild,
    };
    if args.json {
        return outln(serde_json::to_string_pretty(&state)?);
    }
    let msg = if args.rebuild {
        Msg::RollupRebuilt
    } else {
        Msg::RollupState
    };
    outln(fill(
        t(lang, msg),
        &[
            ("tickets", &state.tickets),
            ("rows", &state.rows),
            ("durations", &state.durations),
        ],
    ))
}
