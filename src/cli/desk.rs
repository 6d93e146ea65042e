//! Commands that create and fill desks: init, generate, demo, paths.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::identity::{self, IdentityMode};
use super::{Cli, Context, UsageError, console};
use crate::domain::Role;
use crate::generate::{self, GenerateOptions};
use crate::i18n::{self, Msg, fill};
use crate::store::changes::Actor;
use crate::store::{self, OpenMode, migrate::CURRENT_VERSION};
use crate::store::{agents, audit, rights};

/// Tickets in a demo or generated desk unless told otherwise.
pub const DEFAULT_TICKETS: u64 = 2_000;
/// The seed of the demo desk.
pub const DEFAULT_SEED: u64 = 2026;

/// `loket init`: create or upgrade the database; with `--admin NAME`, make
/// the desk's first admin. A desk that has an admin already refuses: its
/// admins add others (`loket agent add NAME --role admin`).
pub fn init(cli: &Cli, context: &Context, admin: Option<&str>) -> Result<()> {
    let db = context.db(cli);
    if cli.read_only && admin.is_some() {
        return Err(UsageError(i18n::t(context.lang, Msg::CliWriteReadOnly).to_string()).into());
    }
    let mut conn = store::open(&db, OpenMode::ReadWrite, &crate::clock::SystemClock)?;
    super::outln(fill(
        i18n::t(context.lang, Msg::CliInitDone),
        &[("path", &db.display()), ("version", &CURRENT_VERSION)],
    ))?;
    if let Some(name) = admin {
        if rights::has_admin(&conn)? {
            return Err(
                UsageError(i18n::t(context.lang, Msg::CliInitAdminExists).to_string()).into(),
            );
        }
        let now = chrono::Utc::now().timestamp();
        store::write(&mut conn, &crate::clock::SystemClock, |tx| {
            make_admin(tx, name, now)
        })
        .map_err(super::input_error)?;
        super::outln(fill(
            i18n::t(context.lang, Msg::CliInitAdmin),
            &[("name", &name)],
        ))?;
    }
    Ok(())
}

/// Makes `name` an admin (added when new), audited as done by that admin:
/// how a desk gets its first admin.
fn make_admin(tx: &rusqlite::Connection, name: &str, now: i64) -> store::Result<i64> {
    let before = audit::agent_json(tx, name)?;
    let id = match agents::by_name(tx, name, now)? {
        Some(agent) => {
            agents::update(
                tx,
                &agent.name,
                &agents::AgentChanges {
                    role: Some(Role::Admin),
                    ..Default::default()
                },
            )?;
            agent.id
        }
        None => agents::add(
            tx,
            &agents::NewAgent {
                name: name.to_string(),
                role: Some(Role::Admin),
                ..Default::default()
            },
            now,
        )?,
    };
    let after = audit::agent_json(tx, name)?;
    audit::record(
        tx,
        Actor {
            agent_id: Some(id),
            now,
        },
        audit::Kind::Agent,
        name,
        before.as_deref(),
        after.as_deref(),
    )?;
    Ok(id)
}

/// `loket desk …`: the desk's own settings.
#[derive(Debug, clap::Subcommand)]
pub enum DeskCommand {
    /// Show or set who acts: account (the operating-system account, the default) or trust-flag (--agent is believed)
    Identity {
        /// account or trust-flag (admins only); leave out to show the setting
        #[arg(value_parser = IdentityMode::parse)]
        mode: Option<IdentityMode>,
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `desk` command.
pub fn run(cli: &Cli, context: &Context, command: &DeskCommand) -> Result<()> {
    match command {
        DeskCommand::Identity { mode, json } => {
            let mut conn = super::open_for(cli, context, mode.is_some())?;
            if let Some(mode) = mode {
                let actor = super::actor(&conn, cli, context)?;
                store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                    audit::guarded(
                        tx,
                        actor,
                        rights::Right::ManageRestriction,
                        audit::Kind::Identity,
                        identity::IDENTITY_KEY,
                        |c| audit::settings_json(c, identity::IDENTITY_KEY),
                        || store::settings::set(tx, identity::IDENTITY_KEY, mode.as_str()),
                    )
                })?;
            }
            let mode = identity::mode(&conn)?;
            if *json {
                return super::outln(serde_json::json!({ "identity": mode.as_str() }));
            }
            super::outln(i18n::t(
                context.lang,
                match mode {
                    IdentityMode::Account => Msg::IdentityAccount,
                    IdentityMode::TrustFlag => Msg::IdentityTrustFlag,
                },
            ))
        }
    }
}

/// The demo desk: `--agent` is trusted (try being anyone), and the account
/// running the demo is one of its admins.
fn set_up_demo(db: &Path, context: &Context) -> Result<()> {
    let mut conn = store::open(db, OpenMode::ReadWrite, &crate::clock::SystemClock)?;
    let now = chrono::Utc::now().timestamp();
    let name = context.account.name.clone();
    store::write(&mut conn, &crate::clock::SystemClock, |tx| {
        if identity::mode(tx)? != IdentityMode::TrustFlag {
            audit::change(
                tx,
                Actor {
                    agent_id: None,
                    now,
                },
                audit::Kind::Identity,
                identity::IDENTITY_KEY,
                |c| audit::settings_json(c, identity::IDENTITY_KEY),
                || {
                    store::settings::set(
                        tx,
                        identity::IDENTITY_KEY,
                        IdentityMode::TrustFlag.as_str(),
                    )
                },
            )?;
        }
        if let Some(name) = &name
            && agents::by_name(tx, name, now)?.is_none_or(|a| a.role != Role::Admin)
        {
            make_admin(tx, name, now)?;
        }
        Ok(())
    })?;
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
    let mut conn = store::open(db, OpenMode::ReadWrite, &crate::clock::SystemClock)?;
    // A desk that has been set up (it has an admin) is filled by its admins only.
    if rights::has_admin(&conn)? {
        let agent = identity::writer(&conn, None, context)?;
        rights::require(&conn, Some(agent.id), rights::Right::ManageDesk, None)?;
    }
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
    // A generated desk is a demo or test desk: --agent is believed there
    // until an admin says otherwise (`loket desk identity account`).
    store::write(&mut conn, &crate::clock::SystemClock, |tx| {
        audit::change(
            tx,
            Actor {
                agent_id: None,
                now,
            },
            audit::Kind::Identity,
            identity::IDENTITY_KEY,
            |c| audit::settings_json(c, identity::IDENTITY_KEY),
            || store::settings::set(tx, identity::IDENTITY_KEY, IdentityMode::TrustFlag.as_str()),
        )
    })?;
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
        let conn = store::open(&db, OpenMode::ReadWrite, &crate::clock::SystemClock)?;
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
    if !cli.read_only {
        set_up_demo(&db, context)?;
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
