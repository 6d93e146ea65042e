//! Commands that create and fill desks: init, generate, demo, paths.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::{Cli, Context, UsageError, console};
use crate::generate::{self, GenerateOptions};
use crate::i18n::{self, Msg, fill};
use crate::store::{self, OpenMode, migrate::CURRENT_VERSION};

/// Tickets in a demo or generated desk unless told otherwise.
pub const DEFAULT_TICKETS: u64 = 2_000;
/// The seed of the demo desk.
pub const DEFAULT_SEED: u64 = 2026;

/// `loket init`: create or upgrade the database.
pub fn init(cli: &Cli, context: &Context) -> Result<()> {
    let db = context.db(cli);
    store::open(&db, OpenMode::ReadWrite)?;
    super::outln(fill(
        i18n::t(context.lang, Msg::CliInitDone),
        &[("path", &db.display()), ("version", &CURRENT_VERSION)],
    ))?;
    Ok(())
}

/// `loket generate`: fill an empty database. It never writes into a desk
/// that already has tickets, and needs an explicit path so it never fills
/// the user's real database by accident.
pub fn generate(
    cli: &Cli,
    context: &Context,
    tickets: u64,
    seed: u64,
    now: Option<i64>,
) -> Result<()> {
    let db = match (&cli.db, context.db_env.as_deref().filter(|v| !v.is_empty())) {
        (Some(path), _) => path.clone(),
        (None, Some(env)) => env.into(),
        (None, None) => {
            return Err(
                UsageError(i18n::t(context.lang, Msg::CliGenerateNeedsDb).to_string()).into(),
            );
        }
    };
    if cli.read_only {
        return Err(UsageError(i18n::t(context.lang, Msg::CliGenerateReadOnly).to_string()).into());
    }
    let now = now.unwrap_or_else(|| chrono::Utc::now().timestamp());
    fill_desk(&db, context, tickets, seed, now)
}

fn fill_desk(db: &Path, context: &Context, tickets: u64, seed: u64, now: i64) -> Result<()> {
    let mut conn = store::open(db, OpenMode::ReadWrite)?;
    let existing = store::queue::count(&conn, store::queue::StatusFilter::All)?;
    if existing > 0 {
        return Err(UsageError(fill(
            i18n::t(context.lang, Msg::CliRefuseGenerate),
            &[("path", &db.display())],
        ))
        .into());
    }
    let started = Instant::now();
    let summary = generate::generate(&mut conn, &GenerateOptions { tickets, seed, now })
        .with_context(|| format!("generating into {}", db.display()))?;
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    super::outln(fill(
        i18n::t(context.lang, Msg::CliGenerated),
        &[
            ("tickets", &summary.tickets),
            ("customers", &summary.customers),
            ("agents", &summary.agents),
            ("path", &db.display()),
            ("seconds", &seconds),
        ],
    ))?;
    Ok(())
}

/// `loket demo`: create the demo desk on first use (or with `--fresh`) in its
/// own file, then open the console on it. `--db` may put it elsewhere, but
/// never on the user's real database; `$LOKET_DB` is ignored here.
pub fn demo(cli: &Cli, context: &Context, tickets: u64, fresh: bool) -> Result<()> {
    let db = cli.db.clone().unwrap_or_else(|| context.paths.demo_db());
    let real = context.db(&Cli {
        db: None,
        agent: None,
        lang: None,
        read_only: false,
        command: None,
    });
    if same_file(&db, &real) {
        return Err(UsageError(fill(
            i18n::t(context.lang, Msg::CliDemoIsReal),
            &[("path", &db.display())],
        ))
        .into());
    }
    if fresh && !cli.read_only {
        for suffix in ["", "-wal", "-shm"] {
            let mut file = db.clone().into_os_string();
            file.push(suffix);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("removing {}", Path::new(&file).display()));
                }
            }
        }
    }
    let needs_desk = !db.exists() || {
        let conn = store::open(&db, OpenMode::ReadWrite)?;
        store::queue::count(&conn, store::queue::StatusFilter::All)? == 0
    };
    if needs_desk {
        eprintln!(
            "{}",
            fill(
                i18n::t(context.lang, Msg::CliDemoCreating),
                &[("path", &db.display())]
            )
        );
        fill_desk(
            &db,
            context,
            tickets,
            DEFAULT_SEED,
            chrono::Utc::now().timestamp(),
        )?;
    }
    console::open(cli, context, &db, true)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// `loket paths`: where everything is.
pub fn print_paths(cli: &Cli, context: &Context) -> Result<()> {
    let p = &context.paths;
    super::outln(format!("database: {}", context.db(cli).display()))?;
    super::outln(format!("demo:     {}", p.demo_db().display()))?;
    super::outln(format!("config:   {}", p.config_dir.display()))?;
    super::outln(format!("keymap:   {}", p.keymap_file().display()))?;
    super::outln(format!("log:      {}", p.log_file().display()))?;
    Ok(())
}
