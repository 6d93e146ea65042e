//! `loket sla show|set`: the SLA targets per priority, in business time.

use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use super::args::parse_word;
use super::{Cli, Context, UsageError, outln};
use crate::domain::Priority;
use crate::i18n::{self, Msg, fill, t};
use crate::sla::{Target, default_targets};
use crate::store::audit;
use crate::store::rights::Right;
use crate::store::{self, settings};

#[derive(Debug, Subcommand)]
pub enum SlaCommand {
    /// The first-response and resolution targets of each priority
    Show {
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Set a priority's targets: 30m, 4h, or 2d (business days)
    Set {
        #[arg(value_parser = parse_word::<Priority>)]
        priority: Priority,
        /// Time to the first agent contact, like 4h
        #[arg(long, value_name = "TARGET", value_parser = parse_word::<Target>)]
        first_response: Option<Target>,
        /// Time to solve, like 2d; time pending on the customer does not count
        #[arg(long, value_name = "TARGET", value_parser = parse_word::<Target>)]
        resolution: Option<Target>,
        /// Print the targets as one JSON document afterwards
        #[arg(long)]
        json: bool,
    },
}

/// One priority's targets as `sla show --json` prints them.
#[derive(Debug, Serialize)]
struct PolicyView {
    priority: Priority,
    first_response: String,
    resolution: String,
}

/// Runs an `sla` command.
pub fn run(cli: &Cli, context: &Context, command: &SlaCommand) -> Result<()> {
    let writes = matches!(command, SlaCommand::Set { .. });
    let mut conn = super::open_for(cli, context, writes)?;
    let json = match command {
        SlaCommand::Show { json } => *json,
        SlaCommand::Set {
            priority,
            first_response,
            resolution,
            json,
        } => {
            if first_response.is_none() && resolution.is_none() {
                return Err(UsageError(t(context.lang, Msg::SlaNothingToSet).into()).into());
            }
            let actor = super::actor(&conn, cli, context)?;
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                audit::guarded(
                    tx,
                    actor,
                    Right::ManageSla,
                    audit::Kind::Sla,
                    priority.as_str(),
                    |c| audit::rows_json(c, "sla_policies", "priority = ?1", &priority.as_str()),
                    || settings::set_sla_targets(tx, *priority, *first_response, *resolution),
                )
            })?;
            *json
        }
    };
    let policies = settings::sla_policies(&conn)?;
    let views: Vec<PolicyView> = Priority::ALL
        .iter()
        .rev()
        .map(|p| {
            let (first, resolution) = policies
                .get(p)
                .map(|policy| (policy.first_response, policy.resolution))
                .unwrap_or_else(|| default_targets(*p));
            PolicyView {
                priority: *p,
                first_response: first.to_string(),
                resolution: resolution.to_string(),
            }
        })
        .collect();
    if json {
        return outln(serde_json::to_string_pretty(&views)?);
    }
    for v in &views {
        outln(fill(
            t(context.lang, Msg::SlaPolicyRow),
            &[
                ("priority", &i18n::priority(context.lang, v.priority)),
                ("first", &v.first_response),
                ("resolution", &v.resolution),
            ],
        ))?;
    }
    Ok(())
}
