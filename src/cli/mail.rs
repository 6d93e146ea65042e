//! `loket mail …`: the e-mail channel. Each part of it keeps its commands
//! in its own file ([`super::mail_out`] for mail that leaves); this enum
//! dispatches to them.

use anyhow::Result;
use clap::Subcommand;

use super::{Cli, Context, mail_out};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send what is due in the outbox, once (for cron); exits 1 when a mail failed
    Send {
        /// Print what was done as one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Keep delivering the outbox (for a systemd unit); stops on SIGTERM or Ctrl-C
    Watch {
        /// Seconds between looks at the outbox
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=3600))]
        interval: u64,
    },
    /// Put failed or in-doubt mail back in the queue: one by its outbox id, or all of a ticket
    Retry {
        /// The outbox id (as `loket mail send` prints it)
        id: Option<i64>,
        /// Every failed or in-doubt mail of this ticket
        #[arg(long, value_name = "N", conflicts_with = "id")]
        ticket: Option<i64>,
    },
}

pub fn run(cli: &Cli, context: &Context, command: &MailCommand) -> Result<()> {
    match command {
        MailCommand::Send { json } => mail_out::send(cli, context, *json),
        MailCommand::Watch { interval } => mail_out::watch(cli, context, *interval),
        MailCommand::Retry { id, ticket } => mail_out::retry(cli, context, *id, *ticket),
    }
}
