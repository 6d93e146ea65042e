//! `loket agent add|list|show|set|rm`: who works on the desk.

use anyhow::Result;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::args::parse_word;
use super::{Cli, Context, input_error, open_for, outln};
use crate::domain::{AgentStatus, Role};
use crate::i18n::{self, Msg, fill};
use crate::store::agents::{self, AgentChanges, NewAgent, Profile};
use crate::store::audit;
use crate::store::rights::Right;
use crate::store::{self, changes::Actor};
use crate::text;

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Add an agent (teams named here are created if the desk has none of that name)
    Add(AddArgs),
    /// Every agent with role, tier, teams, status and load
    List {
        #[arg(long)]
        json: bool,
    },
    /// One agent in full
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Change an agent; a list given (teams, skills, languages) replaces the old one
    Set(SetArgs),
    /// Desk setting: agents with teams see only their own teams' tickets (on, off; nothing: show)
    Restrict {
        #[arg(value_parser = ["on", "off"])]
        state: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove an agent: history stays, their open tickets go back to the queue
    Rm {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Login name, matched against $USER and --agent
    name: String,
    /// The name colleagues and customers see [default: the login name]
    #[arg(long)]
    display_name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// agent, supervisor or admin
    #[arg(long, value_parser = parse_word::<Role>)]
    role: Option<Role>,
    /// Support tier: 1, 2 or 3
    #[arg(long)]
    tier: Option<i64>,
    /// Teams, comma-separated or repeated
    #[arg(long = "team", value_name = "TEAM")]
    teams: Vec<String>,
    /// Skills, comma-separated or repeated; tickets tagged with a skill go to agents who have it
    #[arg(long = "skill", value_name = "SKILL")]
    skills: Vec<String>,
    /// Languages spoken (en, nl, …), comma-separated or repeated
    #[arg(long = "language", value_name = "CODE")]
    languages: Vec<String>,
    /// How many active tickets routing may give the agent
    #[arg(long)]
    capacity: Option<i64>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    name: String,
    #[arg(long)]
    display_name: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long, value_parser = parse_word::<Role>)]
    role: Option<Role>,
    #[arg(long)]
    tier: Option<i64>,
    /// Replace the teams (comma-separated or repeated; "" for none)
    #[arg(long = "team", value_name = "TEAM")]
    teams: Option<Vec<String>>,
    /// Replace the skills
    #[arg(long = "skill", value_name = "SKILL")]
    skills: Option<Vec<String>>,
    /// Replace the languages
    #[arg(long = "language", value_name = "CODE")]
    languages: Option<Vec<String>>,
    #[arg(long)]
    capacity: Option<i64>,
    /// available, away or offline
    #[arg(long, value_parser = parse_word::<AgentStatus>)]
    status: Option<AgentStatus>,
    #[arg(long)]
    json: bool,
}

/// An agent as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct AgentView {
    pub name: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: String,
    pub tier: i64,
    pub teams: Vec<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub capacity: i64,
    pub status: String,
    pub heartbeat_at: Option<String>,
    /// Active tickets assigned to the agent.
    pub load: i64,
}

impl From<&Profile> for AgentView {
    fn from(p: &Profile) -> Self {
        AgentView {
            name: p.name.clone(),
            display_name: p.display_name.clone(),
            email: p.email.clone(),
            role: p.role.as_str().to_string(),
            tier: p.tier,
            teams: p.teams.clone(),
            skills: p.skills.clone(),
            languages: p.languages.clone(),
            capacity: p.capacity,
            status: p.status.as_str().to_string(),
            heartbeat_at: p
                .heartbeat_at
                .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
                .map(|t| t.to_rfc3339()),
            load: p.load,
        }
    }
}

/// Runs an `agent` command.
pub fn run(cli: &Cli, context: &Context, command: &AgentCommand) -> Result<()> {
    let writes = !matches!(
        command,
        AgentCommand::List { .. }
            | AgentCommand::Show { .. }
            | AgentCommand::Restrict { state: None, .. }
    );
    let mut conn = open_for(cli, context, writes)?;
    let now = chrono::Utc::now().timestamp();
    let lang = context.lang;
    match command {
        AgentCommand::List { json } => {
            let all = agents::profiles(&conn, now)?;
            if *json {
                let views: Vec<AgentView> = all.iter().map(AgentView::from).collect();
                return outln(serde_json::to_string_pretty(&views)?);
            }
            for p in &all {
                outln(format!(
                    "{:<12}  {:<22}  {:<10}  {}  {:<9}  {:>3}/{:<3}  {}",
                    text::fit(&p.name, 12),
                    text::fit(&p.display_name, 22),
                    p.role.as_str(),
                    p.tier,
                    i18n::agent_status(lang, p.status),
                    p.load,
                    p.capacity,
                    p.teams.join(", ")
                ))?;
            }
            Ok(())
        }
        AgentCommand::Show { name, json } => {
            let p = agents::profile(&conn, name, now).map_err(input_error)?;
            show(&p, *json, context)
        }
        AgentCommand::Add(a) => {
            let new = NewAgent {
                name: a.name.clone(),
                display_name: a.display_name.clone(),
                email: a.email.clone(),
                role: a.role,
                tier: a.tier,
                teams: split(&a.teams),
                skills: a.skills.clone(),
                languages: a.languages.clone(),
                capacity: a.capacity,
            };
            let actor = super::actor(&conn, cli, context)?;
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, Right::ManageAgents)?;
                if new.role.is_some_and(|r| r != crate::domain::Role::Agent) {
                    super::require(tx, actor, Right::ManageRoles)?;
                }
                if !new.teams.is_empty() {
                    super::require(tx, actor, Right::ManageTeams)?;
                }
                audit::change(
                    tx,
                    actor,
                    audit::Kind::Agent,
                    &new.name,
                    |c| audit::agent_json(c, &new.name),
                    || agents::add(tx, &new, now),
                )
            })
            .map_err(input_error)?;
            let p = agents::profile(&conn, &a.name, now)?;
            show(&p, a.json, context)
        }
        AgentCommand::Set(a) => {
            let changes = AgentChanges {
                display_name: a.display_name.clone(),
                email: a.email.clone(),
                role: a.role,
                tier: a.tier,
                teams: a.teams.as_deref().map(split),
                skills: a.skills.clone(),
                languages: a.languages.clone(),
                capacity: a.capacity,
                status: a.status,
            };
            let actor = super::actor(&conn, cli, context)?;
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                let target = store::changes::agent_id(tx, &a.name)?;
                // A role change is checked on its own (nobody raises their
                // own role, the desk keeps an admin); everything else about
                // an agent is managing agents, except one's own status.
                if let Some(role) = changes.role {
                    store::rights::require_role_change(tx, actor.agent_id, target, role)?;
                }
                let rest = AgentChanges {
                    role: None,
                    ..changes.clone()
                };
                let own_status = AgentChanges {
                    status: changes.status,
                    ..AgentChanges::default()
                };
                if actor.agent_id == Some(target) && rest == own_status {
                    super::require(tx, actor, Right::WorkTickets)?;
                } else if rest != AgentChanges::default() {
                    super::require(tx, actor, Right::ManageAgents)?;
                }
                if changes.teams.is_some() {
                    super::require(tx, actor, Right::ManageTeams)?;
                }
                let id = audit::change(
                    tx,
                    actor,
                    audit::Kind::Agent,
                    &a.name,
                    |c| audit::agent_json(c, &a.name),
                    || agents::update(tx, &a.name, &changes),
                )?;
                if a.status.is_some() {
                    // A status set by hand counts as a sign of life.
                    agents::heartbeat(tx, id, None, now)?;
                }
                Ok(())
            })
            .map_err(input_error)?;
            let p = agents::profile(&conn, &a.name, now)?;
            show(&p, a.json, context)
        }
        AgentCommand::Restrict { state, json } => {
            if let Some(state) = state {
                let on = state == "on";
                let actor = super::actor(&conn, cli, context)?;
                store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                    audit::guarded(
                        tx,
                        actor,
                        Right::ManageRestriction,
                        audit::Kind::Restriction,
                        store::visibility::RESTRICT_KEY,
                        |c| audit::settings_json(c, store::visibility::RESTRICT_KEY),
                        || store::visibility::set_restricted(tx, on),
                    )
                })?;
            }
            let on = store::visibility::restricted(&conn)?;
            if *json {
                return outln(serde_json::json!({ "restrict_to_own_teams": on }));
            }
            outln(i18n::t(
                lang,
                if on {
                    Msg::RestrictOn
                } else {
                    Msg::RestrictOff
                },
            ))
        }
        AgentCommand::Rm { name, json } => {
            let actor = Actor {
                agent_id: Some(super::writer(&conn, cli, context)?),
                now,
            };
            let returned = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, Right::ManageAgents)?;
                let target = store::changes::agent_id(tx, name)?;
                if store::rights::role_of(tx, target)? == Some(crate::domain::Role::Admin) {
                    store::rights::keep_an_admin(tx, target)?;
                }
                audit::change(
                    tx,
                    actor,
                    audit::Kind::Agent,
                    name,
                    |c| audit::agent_json(c, name),
                    || agents::remove(tx, name, actor),
                )
            })
            .map_err(input_error)?;
            if *json {
                return outln(serde_json::to_string_pretty(&serde_json::json!({
                    "removed": name,
                    "tickets_returned_to_queue": returned,
                }))?);
            }
            outln(fill(
                i18n::t(lang, Msg::AgentRemoved),
                &[("name", name), ("count", &returned)],
            ))
        }
    }
}

/// Team names as given: repeated flags and commas both separate.
fn split(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|v| text::clean_line(v).trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn show(p: &Profile, json: bool, context: &Context) -> Result<()> {
    if json {
        return outln(serde_json::to_string_pretty(&AgentView::from(p))?);
    }
    let lang = context.lang;
    let none = || i18n::t(lang, Msg::CliNoAgents).to_string();
    let list = |l: &[String]| if l.is_empty() { none() } else { l.join(", ") };
    outln(format!("{} ({})", p.display_name, p.name))?;
    outln(fill(
        i18n::t(lang, Msg::AgentSummary),
        &[
            ("role", &p.role.as_str()),
            ("tier", &p.tier),
            ("status", &i18n::agent_status(lang, p.status)),
            ("load", &p.load),
            ("capacity", &p.capacity),
        ],
    ))?;
    outln(fill(
        i18n::t(lang, Msg::AgentLists),
        &[
            ("teams", &list(&p.teams)),
            ("skills", &list(&p.skills)),
            ("languages", &list(&p.languages)),
        ],
    ))
}
