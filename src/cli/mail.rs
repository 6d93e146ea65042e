//! `loket mail …`: the e-mail channel from the command line. Each part of
//! the channel keeps its commands in its own file (setup and status in
//! [`super::mail_setup`], mail in in [`super::mail_in`], mail that leaves in
//! [`super::mail_out`]); this enum dispatches to them.

use anyhow::Result;
use clap::Subcommand;

use super::mail_setup::{self, SetupArgs};
use super::{Cli, Context, mail_in, mail_out};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Set the desk's mail settings: addresses, relay, credentials' source, hook, limits
    Setup(Box<SetupArgs>),
    /// The mail settings, the outbox (queued, sent, failed, bounced, in doubt) and what was kept aside
    Status {
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Take one e-mail (RFC 5322) from stdin, as an MTA's pipe or fetchmail --mda does; exit 0 taken, 75 try again later, 65 refused (kept in failed mail)
    Deliver(mail_in::DeliverArgs),
    /// Take every mail of a Maildir (marking what was taken as read) or an mbox file; running it again takes nothing twice
    Import(mail_in::ImportArgs),
    /// Mail that could not be taken, kept raw: list, retry ID|--all, drop ID
    Failed(mail_in::FailedArgs),
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

/// Runs a `mail` command.
pub fn run(cli: &Cli, context: &Context, command: &MailCommand) -> Result<()> {
    match command {
        MailCommand::Setup(args) => mail_setup::setup(cli, context, args),
        MailCommand::Status { json } => mail_setup::status(cli, context, *json),
        MailCommand::Deliver(args) => mail_in::deliver(cli, context, args),
        MailCommand::Import(args) => mail_in::import(cli, context, args),
        MailCommand::Failed(args) => mail_in::failed(cli, context, args),
        MailCommand::Send { json } => mail_out::send(cli, context, *json),
        MailCommand::Watch { interval } => mail_out::watch(cli, context, *interval),
        MailCommand::Retry { id, ticket } => mail_out::retry(cli, context, *id, *ticket),
    }
}
