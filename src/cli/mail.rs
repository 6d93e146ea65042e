//! `loket mail …`: the e-mail channel from the command line.

use anyhow::Result;
use clap::Subcommand;

use super::mail_setup::{self, SetupArgs};
use super::{Cli, Context};

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
}

/// Runs a `mail` command.
pub fn run(cli: &Cli, context: &Context, command: &MailCommand) -> Result<()> {
    match command {
        MailCommand::Setup(args) => mail_setup::setup(cli, context, args),
        MailCommand::Status { json } => mail_setup::status(cli, context, *json),
    }
}
