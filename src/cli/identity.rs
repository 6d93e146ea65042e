//! Who is acting: the agent whose login name is the operating-system account
//! running loket (its name from the system's user database, not `$USER`,
//! which anyone can set), or, where the desk allows it, `--agent NAME`.
//!
//! `--agent` is honoured for root (who can open the file anyway), for an
//! account that is an admin of the desk, and on a desk whose identity
//! setting trusts the flag (a single-user desk, a test desk, the demo desk).
//! Elsewhere it is refused with a message that says so.

use anyhow::Result;
use rusqlite::Connection;

use super::{Context, UsageError};
use crate::domain::Role;
use crate::i18n::{self, Msg, fill};
use crate::store::{self, agents, settings};

/// The desk setting that says whether `--agent` is trusted.
pub const IDENTITY_KEY: &str = "identity";

/// How a desk knows who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityMode {
    /// The operating-system account (the default).
    Account,
    /// `--agent NAME` is believed: a single-user desk, a test desk, the demo.
    TrustFlag,
}

impl IdentityMode {
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityMode::Account => "account",
            IdentityMode::TrustFlag => "trust-flag",
        }
    }

    pub fn parse(s: &str) -> std::result::Result<IdentityMode, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "account" => Ok(IdentityMode::Account),
            "trust-flag" | "trust_flag" => Ok(IdentityMode::TrustFlag),
            _ => Err(format!(
                "'{s}' is not an identity setting; use account or trust-flag"
            )),
        }
    }
}

/// The desk's identity setting.
pub fn mode(conn: &Connection) -> store::Result<IdentityMode> {
    Ok(match settings::get(conn, IDENTITY_KEY)?.as_deref() {
        Some("trust-flag") => IdentityMode::TrustFlag,
        _ => IdentityMode::Account,
    })
}

/// The operating-system account running loket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub uid: u32,
    /// The account's name from the user database; `None` for a uid it does not know.
    pub name: Option<String>,
}

impl Account {
    /// The account of this process, by its real uid, named by the system's
    /// user database (getpwuid through `uzers`).
    pub fn current() -> Account {
        let uid = uzers::get_current_uid();
        Account {
            uid,
            name: uzers::get_user_by_uid(uid).map(|u| u.name().to_string_lossy().into_owned()),
        }
    }

    pub fn is_root(&self) -> bool {
        self.uid == 0
    }

    fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.uid.to_string())
    }
}

/// The agent acting, if any: `--agent` where the desk honours it, else the
/// account's agent. An `--agent` that is refused or names nobody is an error;
/// an account that is no agent is `None` (reading is allowed, writing not).
pub fn acting(
    conn: &Connection,
    flag: Option<&str>,
    context: &Context,
) -> Result<Option<agents::Agent>> {
    let lang = context.lang;
    let account = &context.account;
    let now = chrono::Utc::now().timestamp();
    let own = match &account.name {
        Some(name) => agents::by_name(conn, name, now)?,
        None => None,
    };
    let Some(name) = flag else {
        return Ok(own);
    };
    let trusted = account.is_root()
        || own.as_ref().is_some_and(|a| a.role == Role::Admin)
        || mode(conn)? == IdentityMode::TrustFlag;
    if !trusted {
        return Err(UsageError(fill(
            i18n::t(lang, Msg::CliAgentFlagRefused),
            &[("name", &name), ("user", &account.label())],
        ))
        .into());
    }
    match agents::by_name(conn, name, now)? {
        Some(agent) => Ok(Some(agent)),
        None => {
            let names: Vec<String> = agents::list(conn, now)?
                .into_iter()
                .map(|a| a.name)
                .collect();
            let known = if names.is_empty() {
                i18n::t(lang, Msg::CliNoAgents).to_string()
            } else {
                names.join(", ")
            };
            Err(UsageError(fill(
                i18n::t(lang, Msg::CliUnknownAgent),
                &[("name", &name), ("agents", &known)],
            ))
            .into())
        }
    }
}

/// The agent a write is done as; no write happens without one. An unknown
/// account gets one message saying how an admin adds it (exit code 2).
pub fn writer(conn: &Connection, flag: Option<&str>, context: &Context) -> Result<agents::Agent> {
    match acting(conn, flag, context)? {
        Some(agent) => Ok(agent),
        None => Err(unknown_account(context).into()),
    }
}

/// The refusal for an account that is no agent of the desk.
pub fn unknown_account(context: &Context) -> UsageError {
    let lang = context.lang;
    UsageError(match &context.account.name {
        Some(name) => fill(i18n::t(lang, Msg::CliUnknownAccount), &[("user", name)]),
        None => fill(
            i18n::t(lang, Msg::CliNoAccount),
            &[("uid", &context.account.uid)],
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::paths::Paths;

    fn context(name: &str, uid: u32) -> Context {
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
                name: Some(name.into()),
            },
        }
    }

    fn desk() -> Connection {
        let conn = store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO agents (name, display_name, role, created_at) VALUES
                 ('ada', 'Ada', 'admin', 0), ('anna', 'Anna', 'agent', 0);",
        )
        .unwrap();
        conn
    }

    fn name(agent: Option<agents::Agent>) -> Option<String> {
        agent.map(|a| a.name)
    }

    #[test]
    fn the_account_acts_and_the_flag_only_where_the_desk_honours_it() {
        let conn = desk();
        let anna = context("anna", 1001);
        assert_eq!(
            name(acting(&conn, None, &anna).unwrap()),
            Some("anna".into())
        );
        let err = acting(&conn, Some("ada"), &anna).unwrap_err();
        assert!(
            err.to_string().contains("--agent ada is refused here"),
            "{err}"
        );
        let ada = context("ada", 1002);
        assert_eq!(
            name(acting(&conn, Some("anna"), &ada).unwrap()),
            Some("anna".into())
        );
        let root = context("root", 0);
        assert_eq!(
            name(acting(&conn, Some("anna"), &root).unwrap()),
            Some("anna".into())
        );
        assert_eq!(name(acting(&conn, None, &root).unwrap()), None);
        let err = writer(&conn, None, &root).unwrap_err();
        assert!(err.to_string().contains("`loket agent add root`"), "{err}");
        settings::set(&conn, IDENTITY_KEY, "trust-flag").unwrap();
        assert_eq!(
            name(acting(&conn, Some("ada"), &anna).unwrap()),
            Some("ada".into())
        );
        assert!(
            acting(&conn, Some("piet"), &anna)
                .unwrap_err()
                .to_string()
                .contains("Known agents: ada, anna")
        );
    }

    #[test]
    fn the_account_is_named_by_the_system() {
        let me = Account::current();
        assert_eq!(me.uid, uzers::get_current_uid());
        assert!(me.name.is_some(), "the test account has a name");
    }
}
