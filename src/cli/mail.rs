//! `loket mail …`: the e-mail channel from the command line. Each part of
//! the channel has its own file; this enum dispatches to them.

use anyhow::Result;
use clap::Subcommand;

use super::mail_setup::{self, SetupArgs};
use super::{Cli, Context, mail_in};

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
}

/// Runs a `mail` command.
pub fn run(cli: &Cli, context: &Context, command: &MailCommand) -> Result<()> {
    match command {
        MailCommand::Setup(args) => mail_setup::setup(cli, context, args),
        MailCommand::Status { json } => mail_setup::status(cli, context, *json),
        MailCommand::Deliver(args) => mail_in::deliver(cli, context, args),
        MailCommand::Import(args) => mail_in::import(cli, context, args),
        MailCommand::Failed(args) => mail_in::failed(cli, context, args),
    }
}
