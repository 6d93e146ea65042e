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
    let notice = if user.is_empty() {
        fill(
            i18n::t(lang, Msg::CliNoAgentChosen),
            &[("agents", &known()?)],
        )
    } else {
        fill(
            i18n::t(lang, Msg::CliNoAgentForUser),
            &[("user", &user), ("agents", &known()?)],
        )
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
        dashboard,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::paths::Paths;

    fn context(user: Option<&str>) -> Context {
        Context {
            paths: Paths {
                data_dir: "/d".into(),
                config_dir: "/c".into(),
                log_dir: "/l".into(),
            },
            lang: Lang::En,
            db_env: None,
            user: user.map(str::to_string),
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
    fn user_name_picks_the_agent() {
        let id = identify(&desk(), &cli(None), &context(Some("anna")), false).unwrap();
        assert_eq!(id.agent.map(|a| a.name), Some("anna".into()));
        assert_eq!(id.notice, None);
    }

    #[test]
    fn without_a_match_the_notice_says_how_to_choose() {
        let id = identify(&desk(), &cli(None), &context(Some("root")), false).unwrap();
        assert!(id.agent.is_none());
        let notice = id.notice.unwrap();
        assert!(
            notice.contains("No agent is named 'root'") && notice.contains("anna, sem"),
            "{notice}"
        );
        let id = identify(&desk(), &cli(None), &context(None), false).unwrap();
        let notice = id.notice.unwrap();
        assert!(notice.starts_with("Browsing without an agent"), "{notice}");
        assert!(!notice.contains("''"), "{notice}");
    }

    #[test]
    fn the_demo_works_as_its_first_agent_and_says_so() {
        let id = identify(&desk(), &cli(None), &context(Some("root")), true).unwrap();
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
    fn an_unknown_agent_flag_is_refused() {
        let err = identify(&desk(), &cli(Some("piet")), &context(Some("anna")), false).unwrap_err();
        assert!(err.downcast_ref::<UsageError>().is_some());
        assert!(err.to_string().contains("Known agents: anna, sem"), "{err}");
    }
}
