//! `loket backup`, `loket restore` and `loket check`: the desk as a file to
//! keep, put back and look over ([`crate::store::backup`],
//! [`crate::store::check`]).
//!
//! Backup and restore need the right to manage the desk (admins): a backup
//! holds every customer's data, and a restore replaces everyone's work.
//! Check only reads and says what it found, for anyone who can open the file.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use super::{Cli, Context, UsageError, outln};
use crate::i18n::{Msg, fill, t};
use crate::store::{self, StoreError, rights::Right};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write the backup to
    file: PathBuf,
    /// Replace FILE if it exists
    #[arg(long)]
    force: bool,
    /// Print what was written as one JSON document
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to put in the desk's place (made by `loket backup`)
    file: PathBuf,
    /// Print what was restored as one JSON document
    #[arg(long)]
    json: bool,
}

/// How `loket check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// text, or one JSON document
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
}

/// `loket check` found something: exit code 1, after the findings.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CheckFailed(pub String);

/// `loket backup FILE`.
pub fn backup(cli: &Cli, context: &Context, args: &BackupArgs) -> Result<()> {
    let conn = super::open_for(cli, context, false)?;
    let actor = super::actor(&conn, cli, context)?;
    super::require(&conn, actor, Right::ManageDesk)?;
    let copied = store::backup::backup(&conn, &args.file, args.force)?;
    if args.json {
        return outln(serde_json::to_string_pretty(&copied)?);
    }
    outln(fill(
        t(context.lang, Msg::BackupWritten),
        &[
            ("path", &copied.path.display()),
            ("tickets", &copied.tickets),
            ("schema", &copied.schema),
            ("size", &megabytes(copied.bytes)),
        ],
    ))
}

/// `loket restore FILE`: the desk's rights and presence first, then the
/// store's checks of the backup and its lock on the desk.
pub fn restore(cli: &Cli, context: &Context, args: &RestoreArgs) -> Result<()> {
    let lang = context.lang;
    if cli.read_only {
        return Err(UsageError(t(lang, Msg::CliWriteReadOnly).to_string()).into());
    }
    let desk = context.db(cli);
    if has_content(&desk) {
        let conn = super::open_for(cli, context, true)?;
        let actor = super::actor(&conn, cli, context)?;
        super::require(&conn, actor, Right::ManageDesk)?;
        let live = store::backup::live_users(&conn, actor.now)?;
        if !live.is_empty() {
            return Err(StoreError::InUse {
                path: desk,
                by: live,
            }
            .into());
        }
    }
    let copied = store::backup::restore(&desk, &args.file, &crate::clock::SystemClock)?;
    if args.json {
        return outln(serde_json::to_string_pretty(&copied)?);
    }
    outln(fill(
        t(lang, Msg::RestoreDone),
        &[
            ("desk", &desk.display()),
            ("from", &args.file.display()),
            ("tickets", &copied.tickets),
        ],
    ))
}

/// `loket check`.
pub fn check(cli: &Cli, context: &Context, args: &CheckArgs) -> Result<()> {
    let lang = context.lang;
    let conn = store::open(
        &context.db(cli),
        store::OpenMode::ReadOnly,
        &crate::clock::SystemClock,
    )?;
    let findings = store::check::check(&conn, chrono::Utc::now().timestamp())?;
    match args.format {
        CheckFormat::Json => outln(serde_json::to_string_pretty(&serde_json::json!({
            "sound": findings.sound(),
            "tickets": findings.tickets,
            "rollup_rows": findings.rollup_rows,
            "problems": findings.problems,
        }))?)?,
        CheckFormat::Text if findings.sound() => outln(fill(
            t(lang, Msg::CheckSound),
            &[
                ("tickets", &findings.tickets),
                ("rows", &findings.rollup_rows),
            ],
        ))?,
        CheckFormat::Text => {
            for problem in &findings.problems {
                outln(format!("{}: {}", problem.kind, problem.detail))?;
            }
        }
    }
    if findings.sound() {
        Ok(())
    } else {
        Err(CheckFailed(fill(
            t(lang, Msg::CheckProblems),
            &[("count", &findings.problems.len())],
        ))
        .into())
    }
}

fn has_content(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// Bytes as megabytes with one decimal: "2.3 MB".
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
