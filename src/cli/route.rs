//! `loket route list|add|rm`: the rules that route new tickets.

use anyhow::Result;
use clap::Subcommand;

use super::{Cli, Context, input_error, open_for, outln};
use crate::i18n::{self, Msg, fill};
use crate::store::audit;
use crate::store::rights::Right;
use crate::store::{self, routing};
use crate::text;

#[derive(Debug, Subcommand)]
pub enum RouteCommand {
    /// The rules in the order they are tried; the first match routes
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a rule: new tickets matching FIELD=VALUE go to TEAM (and maybe an agent)
    Add {
        /// channel, tag, subject (a keyword in it), organisation or language
        #[arg(long, value_parser = |s: &str| routing::parse_field(s).map(str::to_string))]
        field: String,
        /// What the field must be (or, for subject, contain)
        #[arg(long)]
        value: String,
        /// The team that gets the ticket
        #[arg(long)]
        team: String,
        /// none, skills, round-robin or least-loaded: how an agent of the team is picked
        #[arg(long, default_value = "none", value_parser = |s: &str| routing::parse_strategy(s).map(str::to_string))]
        strategy: String,
        /// Where the rule goes (1 is tried first) [default: last]
        #[arg(long)]
        position: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a rule by its id (see `route list`)
    Rm {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cli: &Cli, context: &Context, command: &RouteCommand) -> Result<()> {
    let writes = !matches!(command, RouteCommand::List { .. });
    let mut conn = open_for(cli, context, writes)?;
    let lang = context.lang;
    match command {
        RouteCommand::List { json } => {
            let rules = routing::list(&conn)?;
            if *json {
                return outln(serde_json::to_string_pretty(&rules)?);
            }
            if rules.is_empty() {
                eprintln!("{}", i18n::t(lang, Msg::RouteNone));
            }
            for r in &rules {
                print_rule(r)?;
            }
            Ok(())
        }
        RouteCommand::Add {
            field,
            value,
            team,
            strategy,
            position,
            json,
        } => {
            let actor = super::actor(&conn, cli, context)?;
            let id = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                audit::guarded(
                    tx,
                    actor,
                    Right::ManageRoutes,
                    audit::Kind::Route,
                    "rules",
                    |c| audit::rows_json(c, "routing_rules", "1 = 1 OR ?1", &0),
                    || routing::add(tx, field, value, team, strategy, *position),
                )
            })
            .map_err(input_error)?;
            let rule = routing::list(&conn)?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or_else(|| anyhow::anyhow!("rule {id} vanished"))?;
            if *json {
                return outln(serde_json::to_string_pretty(&rule)?);
            }
            print_rule(&rule)
        }
        RouteCommand::Rm { id, json } => {
            let actor = super::actor(&conn, cli, context)?;
            let gone = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                audit::guarded(
                    tx,
                    actor,
                    Right::ManageRoutes,
                    audit::Kind::Route,
                    "rules",
                    |c| audit::rows_json(c, "routing_rules", "1 = 1 OR ?1", &0),
                    || routing::remove(tx, *id),
                )
            })
            .map_err(input_error)?;
            if *json {
                return outln(serde_json::to_string_pretty(&gone)?);
            }
            outln(fill(i18n::t(lang, Msg::RouteRemoved), &[("id", &gone.id)]))
        }
    }
}

fn print_rule(r: &routing::Rule) -> Result<()> {
    outln(format!(
        "{:>4}  {:>3}.  {:<12} {:<24} → {:<16} {}",
        r.id,
        r.position,
        r.field,
        text::fit(&r.value, 24),
        text::fit(&r.team, 16),
        r.strategy.replace('_', "-")
    ))
}
