//! `loket mail …`: the e-mail channel from the command line. Each part of
//! the channel has its own file; this enum dispatches to them.

use anyhow::Result;
use clap::Subcommand;

use super::{Cli, Context, mail_in};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Take one e-mail (RFC 5322) from stdin, as an MTA's pipe or fetchmail --mda does; exit 0 taken, 75 try again later, 65 refused (kept in failed mail)
    Deliver(mail_in::DeliverArgs),
    /// Take every mail of a Maildir (marking what was taken as read) or an mbox file; running it again takes nothing twice
    Import(mail_in::ImportArgs),
    /// Mail that could not be taken, kept raw: list, retry ID|--all, drop ID
    Failed(mail_in::FailedArgs),
}

pub fn run(cli: &Cli, context: &Context, command: &MailCommand) -> Result<()> {
    match command {
        MailCommand::Deliver(args) => mail_in::deliver(cli, context, args),
        MailCommand::Import(args) => mail_in::import(cli, context, args),
        MailCommand::Failed(args) => mail_in::failed(cli, context, args),
    }
}
