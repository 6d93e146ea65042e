//! `loket next`: claim the most urgent ticket the agent may take.

use anyhow::Result;

use super::{Cli, Context, open_for, outln};
use crate::exchange::view;
use crate::i18n::{self, Msg};
use crate::store::claim;

/// Claims the next ticket for the agent (`--agent`, else `$USER`) and prints
/// it like `ticket show`. An empty queue is not an error: the message goes
/// to stderr, `--json` prints `null`, and the exit code is 0.
pub fn run(cli: &Cli, context: &Context, json: bool) -> Result<()> {
    let conn = open_for(cli, context, true)?;
    let agent = super::ticket::required_agent(&conn, cli, context)?;
    let now = chrono::Utc::now().timestamp();
    match claim::claim(&conn, agent, now)? {
        Some(id) => {
            let ticket = view::ticket(&conn, id, true)?;
            if json {
                outln(serde_json::to_string_pretty(&ticket)?)
            } else {
                super::ticket::print_ticket(&conn, id, false, context)
            }
        }
        None => {
            eprintln!("{}", i18n::t(context.lang, Msg::NextQueueEmpty));
            if json { outln("null") } else { Ok(()) }
        }
    }
}
