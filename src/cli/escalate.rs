//! `loket escalate`: escalate one ticket with a reason, or (`--once`, for
//! cron) every ticket about to breach its SLA; `--threshold` sets when.

use anyhow::Result;
use clap::Args;

use super::{Cli, Context, UsageError, input_error, open_for, outln};
use crate::i18n::{self, Msg, fill};
use crate::store::changes::Actor;
use crate::store::escalation::{self, Target};
use crate::store::{self, claim};

#[derive(Debug, Args)]
pub struct EscalateArgs {
    /// The ticket to escalate
    id: Option<i64>,
    /// To the next support tier
    #[arg(long, conflicts_with_all = ["team", "expert"])]
    tier: bool,
    /// To another team
    #[arg(long, conflicts_with = "expert")]
    team: Option<String>,
    /// To a subject matter expert (an agent's login name)
    #[arg(long)]
    expert: Option<String>,
    /// Why (required for a ticket)
    #[arg(long)]
    reason: Option<String>,
    /// Escalate every ticket whose SLA falls due within the threshold, once (for cron)
    #[arg(long, conflicts_with_all = ["id", "tier", "team", "expert", "reason"])]
    once: bool,
    /// Set the automatic-escalation threshold in minutes (0 turns it off)
    #[arg(long, value_name = "MINUTES", conflicts_with_all = ["id", "tier", "team", "expert", "reason", "once"])]
    threshold: Option<i64>,
    #[arg(long)]
    json: bool,
}

pub fn run(cli: &Cli, context: &Context, args: &EscalateArgs) -> Result<()> {
    let lang = context.lang;
    let mut conn = open_for(cli, context, true)?;
    let now = chrono::Utc::now().timestamp();
    if let Some(minutes) = args.threshold {
        let actor = super::actor(&conn, cli, context)?;
        store::write(&mut conn, &crate::clock::SystemClock, |tx| {
            store::audit::guarded(
                tx,
                actor,
                store::rights::Right::ManageSla,
                store::audit::Kind::Sla,
                "escalation threshold",
                |c| store::audit::settings_json(c, "escalat%"),
                || escalation::set_threshold_minutes(tx, minutes),
            )
        })
        .map_err(input_error)?;
        if args.json {
            return outln(serde_json::json!({ "threshold_minutes": minutes }));
        }
        return outln(fill(
            i18n::t(lang, Msg::EscalateThresholdSet),
            &[("minutes", &minutes)],
        ));
    }
    if args.once {
        // Escalating every ticket about to breach moves work across teams.
        let actor = super::actor(&conn, cli, context)?;
        let escalated = claim::with_retries(|| {
            store::write_shared(&conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, store::rights::Right::Reassign)?;
                escalation::auto_escalate(tx, now)
            })
        })?;
        if args.json {
            return outln(serde_json::json!({ "escalated": escalated }));
        }
        let ids: Vec<String> = escalated.iter().map(|i| format!("#{i}")).collect();
        return outln(fill(
            i18n::t(lang, Msg::EscalateAutoDone),
            &[("count", &escalated.len()), ("tickets", &ids.join(" "))],
        ));
    }
    let Some(id) = args.id else {
        return Err(UsageError(i18n::t(lang, Msg::EscalateUsage).to_string()).into());
    };
    let target = match (&args.team, &args.expert, args.tier) {
        (Some(team), _, _) => Target::Team(team.clone()),
        (_, Some(expert), _) => Target::Expert(expert.clone()),
        (_, _, true) => Target::NextTier,
        _ => return Err(UsageError(i18n::t(lang, Msg::EscalateUsage).to_string()).into()),
    };
    let actor = Actor {
        agent_id: Some(super::writer(&conn, cli, context)?),
        now,
    };
    let reason = args.reason.clone().unwrap_or_default();
    store::write(&mut conn, &crate::clock::SystemClock, |tx| {
        escalation::escalate(tx, id, &target, &reason, actor)
    })
    .map_err(input_error)?;
    super::ticket::print_ticket(&conn, id, args.json, context)
}
