//! Opening the console: which database, which agent, which language.

use std::path::Path;

use anyhow::Result;

use super::Cli;
use super::Context;
#[cfg(test)]
use super::UsageError;
use crate::i18n::{self, Msg, fill};
use crate::store::{self, OpenMode, agents};
use crate::tui;

/// Who uses the console, and what to tell them about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub agent: Option<agents::Agent>,
    pub notice: Option<String>,
}

/// Picks the agent ([`super::identity::acting`]): `--agent` where the desk
/// honours it, else the agent named like the account running loket; in the
/// demo, the first agent of the desk; otherwise nobody, with a notice that
/// says how an admin adds the account (the console then only reads).
pub fn identify(
    conn: &rusqlite::Connection,
    cli: &Cli,
    context: &Context,
    demo: bool,
) -> Result<Identity> {
    let lang = context.lang;
    if let Some(agent) = super::identity::acting(conn, cli.agent.as_deref(), context)? {
        return Ok(Identity {
            agent: Some(agent),
            notice: None,
        });
    }
    if demo
        && let Some(agent) = agents::list(conn, chrono::Utc::now().timestamp())?
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
    let notice = match &context.account.name {
        Some(user) => fill(i18n::t(lang, Msg::CliNoAgentForUser), &[("user", user)]),
        None => i18n::t(lang, Msg::CliNoAgentChosen).to_string(),
    };
    Ok(Identity {
        agent: None,
        notice: Some(notice),
    })
}

/// Opens the console on `db`.
pub fn open(cli: &Cli, context: &Context, db: &Path, demo: bool) -> Result<()> {
    open_on(cli, context, db, demo, false)
}

/// Opens the console; with `dashboard`, straight onto the KPI dashboard.
pub fn open_on(cli: &Cli, context: &Context, db: &Path, demo: bool, dashboard: bool) -> Result<()> {
    let mode = if cli.read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    // Open once here so refusals (foreign, newer, not SQLite) are reported
    // before the terminal is taken over, and to find the agent.
    let conn = store::open(db, mode, &crate::clock::SystemClock)?;
    let identity = identify(&conn, cli, context, demo)?;
    drop(conn);
    tui::run(tui::Config {
        db_path: db.to_path_buf(),
        read_only: cli.read_only,
        lang: context.lang,
        agent: identity.agent,
        notice: identity.notice,
        keymap_file: Some(context.paths.keymap_file()),
        dashboard,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::identity::Account;
    use crate::i18n::Lang;
    use crate::paths::Paths;

    fn context(user: &str, uid: u32) -> Context {
        Context {
            paths: Paths {
                data_dir: "/d".into(),
                config_dir: "/c".into(),
                log_dir: "/l".into(),
            },
            lang: Lang::En,
            db_env: None,
            account: Account {
                uid,
                name: Some(user.to_string()),
            },
        }
    }

    fn cli(agent: Option<&str>) -> Cli {
        Cli {
            db: None,
            agent: agent.map(str::to_string),
            lang: None,
            read_only: false,
            command: None,
        }
    }

    fn desk() -> rusqlite::Connection {
        let conn = store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO agents (name, display_name, role, created_at) VALUES
                 ('sem', 'Sem Visser', 'supervisor', 0), ('anna', 'Anna de Vries', 'agent', 0);",
        )
        .unwrap();
        conn
    }

    #[test]
    fn the_account_picks_the_agent() {
        let id = identify(&desk(), &cli(None), &context("anna", 1000), false).unwrap();
        assert_eq!(id.agent.map(|a| a.name), Some("anna".into()));
        assert_eq!(id.notice, None);
    }

    #[test]
    fn without_a_match_the_notice_says_how_an_admin_adds_the_account() {
        let id = identify(&desk(), &cli(None), &context("piet", 1000), false).unwrap();
        assert!(id.agent.is_none());
        let notice = id.notice.unwrap();
        assert!(
            notice.contains("'piet' is not an agent") && notice.contains("loket agent add piet"),
            "{notice}"
        );
    }

    #[test]
    fn the_demo_works_as_its_first_agent_and_says_so() {
        let id = identify(&desk(), &cli(None), &context("root", 0), true).unwrap();
        assert_eq!(
            id.agent.map(|a| a.name),
            Some("anna".into()),
            "an agent, not the supervisor"
        );
        assert!(
            id.notice
                .unwrap()
                .contains("Demo desk: working as Anna de Vries")
        );
    }

    #[test]
    fn an_agent_flag_is_refused_for_an_agent_and_unknown_names_for_root() {
        let err = identify(&desk(), &cli(Some("sem")), &context("anna", 1000), false).unwrap_err();
        assert!(err.downcast_ref::<UsageError>().is_some());
        assert!(err.to_string().contains("refused here"), "{err}");
        let err = identify(&desk(), &cli(Some("piet")), &context("root", 0), false).unwrap_err();
        assert!(err.to_string().contains("Known agents: anna, sem"), "{err}");
    }
}
