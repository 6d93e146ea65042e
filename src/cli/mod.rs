//! The command line: parsing (clap) and dispatch to the commands.

mod agent;
mod args;
mod attachment;
mod audit;
mod canned;
mod console;
mod customer;
mod desk;
mod escalate;
mod exchange;
mod hours;
pub mod identity;
mod kb;
mod mail;
mod mail_in;
mod mail_out;
mod mail_setup;
mod maintenance;
mod next;
mod progress;
mod report;
mod rollup;
mod route;
mod sla;
mod ticket;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::i18n::Lang;
use crate::paths::{self, Paths};
use crate::store::StoreError;
use args::{parse_instant, parse_lang};

/// loket: a terminal agent console for customer-service teams.
///
/// Without a command, opens the console on your database.
#[derive(Debug, Parser)]
#[command(name = "loket", version, about, long_about = None)]
pub struct Cli {
    /// The database file [default: $LOKET_DB, else loket.db in the data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Work as this agent (honoured for admins, root and desks that trust the flag) [default: the agent named like your account]
    #[arg(long, global = true, value_name = "NAME")]
    pub agent: Option<String>,

    /// Interface language: en or nl [default: from LC_ALL / LC_MESSAGES / LANG]
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// Open the database read-only (SQLite's read-only open): nothing can change
    #[arg(long, global = true)]
    pub read_only: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the console on a demo desk (its own file, never your real database)
    Demo {
        /// How many tickets the demo desk gets when it is created
        #[arg(long, default_value_t = desk::DEFAULT_TICKETS)]
        tickets: u64,
        /// Throw the existing demo desk away and generate a new one
        #[arg(long)]
        fresh: bool,
    },
    /// Fill an empty database with a realistic, deterministic desk
    Generate {
        /// How many tickets
        #[arg(long, default_value_t = desk::DEFAULT_TICKETS)]
        tickets: u64,
        /// Random seed: the same seed (and --now) gives the same database
        #[arg(long, default_value_t = desk::DEFAULT_SEED)]
        seed: u64,
        /// The instant history ends at, RFC 3339 [default: now]
        #[arg(long, value_name = "TIME", value_parser = parse_instant)]
        now: Option<i64>,
    },
    /// Create (or upgrade) the database and print where it is; --admin NAME makes the first admin
    Init {
        /// Make this login name the desk's first admin (a new desk has none)
        #[arg(long, value_name = "NAME")]
        admin: Option<String>,
    },
    /// Desk settings: identity (whether --agent is trusted)
    #[command(subcommand)]
    Desk(desk::DeskCommand),
    /// The audit of settings changes: who, when, before and after (supervisors and admins)
    Audit(audit::AuditArgs),
    /// Print the paths in use: database, config, keymap and log
    Paths,
    /// Work with tickets from scripts: list, show, new, reply, set
    #[command(subcommand)]
    Ticket(ticket::TicketCommand),
    /// Agents: add, list, show, set, rm
    #[command(subcommand)]
    Agent(agent::AgentCommand),
    /// Claim the most urgent ticket you may take (as --agent, else $USER)
    Next {
        /// Print the claimed ticket as one JSON document (null when the queue is empty)
        #[arg(long)]
        json: bool,
    },
    /// Routing rules for new tickets: list, add, rm
    #[command(subcommand)]
    Route(route::RouteCommand),
    /// Escalate a ticket (next tier, a team, an expert) with a reason; --once escalates tickets about to breach
    Escalate(escalate::EscalateArgs),
    /// Files on tickets: list a ticket's attachments, save one
    #[command(subcommand)]
    Attachment(attachment::AttachmentCommand),
    /// Customers: show one with their tickets and survey answers, surveys on|off
    #[command(subcommand)]
    Customer(customer::CustomerCommand),
    /// Canned responses: list, show, add, rm
    #[command(subcommand)]
    Canned(canned::CannedCommand),
    /// The knowledge base: add, import, export, list, search, show, view, rm
    #[command(subcommand)]
    Kb(kb::KbCommand),
    /// The e-mail channel: setup, status, mail in (deliver, import, failed) and out
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Every KPI over a window: table, JSON or CSV, for the desk or per group
    Report(report::ReportArgs),
    /// Open the console on the live KPI dashboard
    Dashboard,
    /// The KPI rollups behind the dashboard and report: state, or --rebuild
    Rollup(rollup::RollupArgs),
    /// SLA targets per priority: show, set
    #[command(subcommand)]
    Sla(sla::SlaCommand),
    /// Business hours, time zone and holidays: show, set, holiday add|rm
    #[command(subcommand)]
    Hours(hours::HoursCommand),
    /// Write the whole desk as JSON (or the tickets as CSV)
    Export {
        /// json: the whole desk (docs/FORMAT.md); csv: one row per ticket
        #[arg(long, value_enum, default_value = "json")]
        format: exchange::Format,
        /// Write to this file instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Show no progress on stderr
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write a consistent copy of the desk to FILE while agents work (admins)
    Backup(maintenance::BackupArgs),
    /// Replace the desk with a backup, all or nothing; refused while the desk is in use (admins)
    Restore(maintenance::RestoreArgs),
    /// Check the desk: SQLite integrity, foreign keys, the KPI rollups against the tickets; exit code 1 on any problem
    Check(maintenance::CheckArgs),
    /// Read a desk (JSON) or tickets (CSV) into the database, all or nothing
    Import {
        /// The file to read
        file: PathBuf,
        /// The file's format [default: from its extension]
        #[arg(long, value_enum)]
        format: Option<exchange::Format>,
        /// CSV only: which column holds which field, like subject=Title,customer_email=Email
        #[arg(long, value_name = "FIELD=COLUMN,...")]
        map: Option<String>,
        /// Print what was imported as one JSON document
        #[arg(long)]
        json: bool,
        /// Show no progress on stderr
        #[arg(long, short)]
        quiet: bool,
    },
}

/// What a run needs besides its arguments.
pub struct Context {
    pub paths: Paths,
    pub lang: Lang,
    /// `$LOKET_DB`, read here so the demo can ignore it.
    pub db_env: Option<String>,
    /// The operating-system account running loket: who acts.
    pub account: identity::Account,
}

impl Context {
    /// The database to use for commands that take the user's database.
    pub fn db(&self, cli: &Cli) -> PathBuf {
        paths::resolve_db(cli.db.as_deref(), self.db_env.as_deref(), &self.paths)
    }
}

/// The text `--version` prints: the version and the paths in use.
fn long_version(paths: Option<&Paths>) -> String {
    let mut out = env!("CARGO_PKG_VERSION").to_string();
    if let Some(p) = paths {
        out.push_str(&format!(
            "\ndatabase: {}\ndemo:     {}\nconfig:   {}\nlog:      {}",
            std::env::var(paths::DB_ENV)
                .ok()
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| p.default_db())
                .display(),
            p.demo_db().display(),
            p.config_dir.display(),
            p.log_file().display()
        ));
    }
    out
}

/// Parses the command line, runs the command and returns the exit code:
/// 0 on success, 2 for refused input (a file that is not loket's, bad
/// arguments), 1 for other failures.
pub fn main() -> ExitCode {
    let paths = Paths::discover();
    let version = long_version(paths.as_ref().ok());
    let matches = match Cli::command()
        .long_version(version)
        .try_get_matches_from(split_tag_values(std::env::args_os()))
    {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    let paths = match paths {
        Ok(p) => p,
        Err(e) => {
            eprintln!("loket: {e:#}");
            return ExitCode::from(1);
        }
    };
    crate::logging::init(&paths.log_file());
    let context = Context {
        lang: cli.lang.unwrap_or_else(Lang::from_env),
        db_env: std::env::var(paths::DB_ENV).ok(),
        account: identity::Account::current(),
        paths,
    };
    match run(&cli, &context) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<ClosedPipe>().is_some() => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("loket: {}", describe(context.lang, &err));
            ExitCode::from(exit_code(&err))
        }
    }
}

/// `--tag +vip -billing` means two tags; clap would read `-billing` as a
/// flag. Each `+x`/`-x` word right after `--tag` (or after another such
/// word) becomes its own `--tag=…`, so the next real option still parses.
fn split_tag_values(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out = Vec::new();
    // After `--tag`: expecting its first value; after a `+x`/`-x` value: more may follow.
    let (mut expecting, mut more) = (false, false);
    for arg in args {
        let text = arg.to_string_lossy().into_owned();
        let signed = (text.starts_with('+')
            || (text.starts_with('-') && !text.starts_with("--") && text.len() > 1))
            && !matches!(text.as_str(), "-h" | "-V");
        if (expecting && !text.starts_with("--")) || (more && signed) {
            out.push(std::ffi::OsString::from(format!("--tag={text}")));
            more = signed;
            expecting = false;
            continue;
        }
        if expecting {
            out.push(std::ffi::OsString::from("--tag"));
        }
        expecting = text == "--tag";
        more = false;
        if !expecting {
            out.push(arg);
        }
    }
    if expecting {
        out.push(std::ffi::OsString::from("--tag"));
    }
    out
}

/// Writes a line to stdout. A closed pipe (`loket ticket list | head`) ends
/// the command quietly instead of panicking.
pub fn outln(text: impl std::fmt::Display) -> anyhow::Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    writeln!(lock, "{text}").map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            anyhow::Error::from(ClosedPipe)
        } else {
            e.into()
        }
    })
}

/// stdout was closed by the reader; not a failure.
#[derive(Debug, thiserror::Error)]
#[error("stdout closed")]
pub struct ClosedPipe;

/// 2 for input loket refuses (files that are not its own, unknown agents), 1 otherwise.
fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(exit) = err.downcast_ref::<mail_in::DeliverExit>() {
        return exit.code;
    }
    if let Some(store) = err.downcast_ref::<StoreError>()
        && store.is_refusal()
    {
        return 2;
    }
    if err.downcast_ref::<UsageError>().is_some() {
        return 2;
    }
    1
}

/// An error in the user's language where the catalog has it
/// ([`crate::i18n::store_error`]); otherwise as it is, with its context.
pub fn describe(lang: Lang, err: &anyhow::Error) -> String {
    err.downcast_ref::<StoreError>()
        .and_then(|store| crate::i18n::store_error(lang, store))
        .unwrap_or_else(|| format!("{err:#}"))
}

/// Opens the database for a command. A command that `writes` refuses
/// `--read-only` up front; one that only reads opens with SQLite's read-only flag.
fn open_for(cli: &Cli, context: &Context, writes: bool) -> anyhow::Result<rusqlite::Connection> {
    if cli.read_only && writes {
        return Err(UsageError(
            crate::i18n::t(context.lang, crate::i18n::Msg::CliWriteReadOnly).to_string(),
        )
        .into());
    }
    let mode = if cli.read_only {
        crate::store::OpenMode::ReadOnly
    } else {
        crate::store::OpenMode::ReadWrite
    };
    let conn = crate::store::open(&context.db(cli), mode, &crate::clock::SystemClock)?;
    read_as_agent(&conn, cli, context)?;
    Ok(conn)
}

/// Lists, reports and exports are read as the acting agent
/// ([`identity::acting`]), so the desk's team restriction, when on, applies
/// to them. An `--agent` the desk does not honour is refused here.
fn read_as_agent(conn: &rusqlite::Connection, cli: &Cli, context: &Context) -> anyhow::Result<()> {
    if let Some(agent) = identity::acting(conn, cli.agent.as_deref(), context)? {
        crate::store::visibility::set_viewer(conn, Some(agent.id))?;
    }
    Ok(())
}

/// The actor of a write now: the writer ([`identity::writer`]).
fn actor(
    conn: &rusqlite::Connection,
    cli: &Cli,
    context: &Context,
) -> anyhow::Result<crate::store::changes::Actor> {
    Ok(crate::store::changes::Actor {
        agent_id: Some(writer(conn, cli, context)?),
        now: chrono::Utc::now().timestamp(),
    })
}

/// [`crate::store::rights::require`] of the actor, for a settings write.
fn require(
    tx: &rusqlite::Connection,
    actor: crate::store::changes::Actor,
    right: crate::store::rights::Right,
) -> crate::store::Result<()> {
    crate::store::rights::require(tx, actor.agent_id, right, None)
}

/// The agent a write is done as: [`identity::writer`].
fn writer(conn: &rusqlite::Connection, cli: &Cli, context: &Context) -> anyhow::Result<i64> {
    Ok(identity::writer(conn, cli.agent.as_deref(), context)?.id)
}

/// Mistakes in what was asked (an unknown ticket, a refused value) exit with
/// code 2; other store errors stay what they are.
fn input_error(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::NotFound { .. } | StoreError::Constraint(_) => UsageError(e.to_string()).into(),
        other => other.into(),
    }
}

/// Input the user must correct (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn run(cli: &Cli, context: &Context) -> anyhow::Result<()> {
    match &cli.command {
        None => console::open(cli, context, &context.db(cli), false),
        Some(Command::Demo { tickets, fresh }) => desk::demo(cli, context, *tickets, *fresh),
        Some(Command::Generate { tickets, seed, now }) => {
            desk::generate(cli, context, *tickets, *seed, *now)
        }
        Some(Command::Init { admin }) => desk::init(cli, context, admin.as_deref()),
        Some(Command::Desk(command)) => desk::run(cli, context, command),
        Some(Command::Audit(args)) => audit::run(cli, context, args),
        Some(Command::Export { format, out, quiet }) => {
            exchange::export(cli, context, *format, out.as_ref(), *quiet)
        }
        Some(Command::Import {
            file,
            format,
            map,
            json,
            quiet,
        }) => exchange::import(
            cli,
            context,
            file,
            exchange::ImportArgs {
                format: *format,
                map: map.as_deref(),
                json: *json,
                quiet: *quiet,
            },
        ),
        Some(Command::Backup(args)) => maintenance::backup(cli, context, args),
        Some(Command::Restore(args)) => maintenance::restore(cli, context, args),
        Some(Command::Check(args)) => maintenance::check(cli, context, args),
        Some(Command::Ticket(command)) => ticket::run(cli, context, command),
        Some(Command::Canned(command)) => canned::run(cli, context, command),
        Some(Command::Attachment(command)) => attachment::run(cli, context, command),
        Some(Command::Customer(command)) => customer::run(cli, context, command),
        Some(Command::Kb(command)) => kb::run(cli, context, command),
        Some(Command::Mail(command)) => mail::run(cli, context, command),
        Some(Command::Agent(command)) => agent::run(cli, context, command),
        Some(Command::Next { json }) => next::run(cli, context, *json),
        Some(Command::Route(command)) => route::run(cli, context, command),
        Some(Command::Escalate(args)) => escalate::run(cli, context, args),
        Some(Command::Paths) => desk::print_paths(cli, context),
        Some(Command::Report(args)) => report::run(cli, context, args),
        Some(Command::Dashboard) => console::open_on(cli, context, &context.db(cli), false, true),
        Some(Command::Rollup(args)) => rollup::run(cli, context, args),
        Some(Command::Sla(command)) => sla::run(cli, context, command),
        Some(Command::Hours(command)) => hours::run(cli, context, command),
    }
}

#[cfg(test)]
mod tests {
    use super::split_tag_values;

    fn split(args: &[&str]) -> Vec<String> {
        split_tag_values(args.iter().map(std::ffi::OsString::from))
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn signed_tags_after_tag_are_values_and_options_after_them_still_parse() {
        assert_eq!(
            split(&[
                "loket", "ticket", "set", "1", "--tag", "+vip", "-login", "--tier", "2"
            ]),
            [
                "loket",
                "ticket",
                "set",
                "1",
                "--tag=+vip",
                "--tag=-login",
                "--tier",
                "2"
            ]
        );
        assert_eq!(
            split(&["x", "--tag", "login", "7"]),
            ["x", "--tag=login", "7"]
        );
        assert_eq!(
            split(&["x", "--tag", "-old", "-h"]),
            ["x", "--tag=-old", "-h"]
        );
        assert_eq!(split(&["x", "--tag"]), ["x", "--tag"]);
        assert_eq!(split(&["x", "--tag", "--json"]), ["x", "--tag", "--json"]);
        assert_eq!(split(&["x", "-1"]), ["x", "-1"], "untouched outside --tag");
    }
}
