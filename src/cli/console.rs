//! Opening the console: which database, which agent, which language.

use std::path::Path;

use anyhow::Result;

use super::{Cli, Context, UsageError};
use crate::i18n::{self, Msg, fill};
use crate::store::{self, OpenMode, agents};
use crate::tui;

/// Who uses the console, and what to tell them about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub agent: Option<agents::Agent>,
    pub notice: Option<String>,
}

/// Picks the agent: `--agent` must name one; otherwise the agent named like
/// `$USER`; in the demo, the first agent of the desk; otherwise nobody, with a
/// notice that says how to choose.
pub fn identify(
    conn: &rusqlite::Connection,
    cli: &Cli,
    context: &Context,
    demo: bool,
) -> Result<Identity> {
    let lang = context.lang;
    let known = || -> Result<String> {
        let names: Vec<String> = agents::list(conn)?.into_iter().map(|a| a.name).collect();
        Ok(if names.is_empty() {
            i18n::t(lang, Msg::CliNoAgents).to_string()
        } else {
            names.join(", ")
        })
    };
    if let Some(name) = &cli.agent {
        return match agents::by_name(conn, name)? {
            Some(agent) => Ok(Identity {
                agent: Some(agent),
                notice: None,
            }),
            None => Err(UsageError(fill(
                i18n::t(lang, Msg::CliUnknownAgent),
                &[("name", name), ("agents", &known()?)],
            ))
            .into()),
        };
    }
    let user = context.user.clone().unwrap_or_default();
    if !user.is_empty()
        && let Some(agent) = agents::by_name(conn, &user)?
    {
        return Ok(Identity {
            agent: Some(agent),
            notice: None,
        });
    }
    if demo
        && let Some(agent) = agents::list(conn)?
            .into_iter()
            .find(|a| a.role == crate::domain::Role::Agent)
    {
        let notice = fill(
            i18n::t(lang, Msg::CliDemoAgent),
            &[("agent", &agent.display_name), ("name", &agent.name)],
        );
        return Ok(Identity {
            agent: Some(agent),
            notice: Some(notice),
        });
    }
    Ok(Identity {
        agent: None,
        notice: Some(fill(
            i18n::t(lang, Msg::CliNoAgentForUser),
            &[("user", &user), ("agents", &known()?)],
        )),
    })
}

/// Opens the console on `db`.
pub fn open(cli: &Cli, context: &Context, db: &Path, demo: bool) -> Result<()> {
    let mode = if cli.read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    // Open once here so refusals (foreign, newer, not SQLite) are reported
    // before the terminal is taken over, and to find the agent.
    let conn = store::open(db, mode)?;
    let identity = identify(&conn, cli, context, demo)?;
    drop(conn);
    tui::run(tui::Config {
        db_path: db.to_path_buf(),
        read_only: cli.read_only,
        lang: context.lang,
        agent: identity.agent,
        notice: identity.notice,
        keymap_file: Some(context.paths.keymap_file()),
    })
}
