//! `loket ticket …`: list, show, new, reply and set, for people and scripts.
//! With `--json` each prints exactly one JSON document on stdout.

use anyhow::Result;
use clap::{Args, Subcommand};
use rusqlite::Connection;

use super::args::parse_word;
use super::{Cli, Context, UsageError, input_error, open_for};
use crate::domain::{Author, Channel, MessageKind, Priority, Status};
use crate::exchange::view::{self, TicketView};
use crate::i18n::{self, Msg, fill};
use crate::store;
use crate::store::changes::{self, Actor, NewMessage, NewTicket};
use crate::store::filter::{self, AssigneeFilter, SlaFilter, Sort, SortKey, TicketFilter};
use crate::store::queue::StatusFilter;
use crate::text;

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// List tickets, most urgent first, with the queue's filters
    List(ListArgs),
    /// Show one ticket with its thread and history
    Show {
        id: i64,
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Create a ticket (status new) for a customer, made if new
    New {
        #[arg(long)]
        subject: String,
        /// The customer's e-mail address
        #[arg(long, value_name = "EMAIL")]
        customer: String,
        /// The customer's name, for a new customer
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value = "email", value_parser = parse_word::<Channel>)]
        channel: Channel,
        #[arg(long, default_value = "normal", value_parser = parse_word::<Priority>)]
        priority: Priority,
        /// The customer's first message
        #[arg(long)]
        body: Option<String>,
        /// A tag (repeat for more)
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Reply to a ticket as the agent (or add an internal note)
    Reply {
        id: i64,
        #[arg(long)]
        body: String,
        /// An internal note, never shown to the customer
        #[arg(long)]
        internal: bool,
        /// Set this status in the same step (for example pending or solved)
        #[arg(long, value_parser = parse_word::<Status>)]
        status: Option<Status>,
        /// Attach this file (repeat for more); each must be within mail.max_attachment
        #[arg(long = "attach", value_name = "FILE")]
        attach: Vec<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Change a ticket's status, priority, assignee, team, tier or tags
    Set(SetArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// active (new, open, pending, on hold), all, or one status
    #[arg(long, default_value = "active", value_parser = parse_status_filter)]
    status: StatusFilter,
    #[arg(long, value_parser = parse_word::<Priority>)]
    priority: Option<Priority>,
    /// me, nobody, anyone, or an agent's login name
    #[arg(long, default_value = "anyone")]
    assignee: String,
    /// A team's name
    #[arg(long)]
    team: Option<String>,
    #[arg(long, value_parser = parse_word::<Channel>)]
    channel: Option<Channel>,
    #[arg(long)]
    tag: Option<String>,
    /// Text in the subject or customer, or words in any message; typed text is never query syntax
    #[arg(long)]
    search: Option<String>,
    /// breached, or due-soon (the next target due within an hour)
    #[arg(long, value_parser = parse_sla)]
    sla: Option<SlaFilter>,
    /// urgency, id, priority, status, subject, customer, assignee, channel, created, updated
    #[arg(long, default_value = "urgency", value_parser = parse_word::<SortKey>)]
    sort: SortKey,
    /// Reverse the order
    #[arg(long)]
    desc: bool,
    #[arg(long, default_value_t = 50)]
    limit: i64,
    #[arg(long, default_value_t = 0)]
    offset: i64,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    id: i64,
    #[arg(long, value_parser = parse_word::<Status>)]
    status: Option<Status>,
    #[arg(long, value_parser = parse_word::<Priority>)]
    priority: Option<Priority>,
    /// An agent's login name, me, or nobody
    #[arg(long)]
    assignee: Option<String>,
    /// A team's name, or none
    #[arg(long)]
    team: Option<String>,
    #[arg(long)]
    tier: Option<i64>,
    /// Tags to add (+x) and remove (-y): --tag +vip -billing
    #[arg(long = "tag", num_args = 1.., allow_hyphen_values = true, value_name = "+TAG|-TAG")]
    tags: Vec<String>,
    #[arg(long)]
    json: bool,
}

fn parse_status_filter(s: &str) -> Result<StatusFilter, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "active" | "open-all" | "backlog" => Ok(StatusFilter::Active),
        "all" | "any" => Ok(StatusFilter::All),
        other => other
            .parse::<Status>()
            .map(StatusFilter::Only)
            .map_err(|e| format!("{e}, or active, or all")),
    }
}

fn parse_sla(s: &str) -> Result<SlaFilter, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "breached" | "overdue" => Ok(SlaFilter::Breached),
        "due-soon" | "due_soon" | "soon" => Ok(SlaFilter::DueWithin(3600)),
        _ => Err(format!(
            "'{s}' is not an SLA filter; use breached or due-soon"
        )),
    }
}

/// Runs a `ticket` command.
pub fn run(cli: &Cli, context: &Context, command: &TicketCommand) -> Result<()> {
    let writes = !matches!(command, TicketCommand::List(_) | TicketCommand::Show { .. });
    let mut conn = open_for(cli, context, writes)?;
    let now = chrono::Utc::now().timestamp();
    match command {
        TicketCommand::List(args) => list(&conn, cli, context, args, now),
        TicketCommand::Show { id, json } => {
            if !store::visibility::can_see(&conn, *id)? {
                return Err(UsageError(fill(
                    i18n::t(context.lang, Msg::CliOtherTeamsTicket),
                    &[("id", id)],
                ))
                .into());
            }
            print_ticket(&conn, *id, *json, context)
        }
        TicketCommand::New {
            subject,
            customer,
            name,
            channel,
            priority,
            body,
            tags,
            json,
        } => {
            let agent = Some(required_agent(&conn, cli, context)?);
            let new = NewTicket {
                subject: subject.clone(),
                customer_email: customer.clone(),
                customer_name: name.clone(),
                channel: *channel,
                priority: *priority,
                body: body.clone(),
                language: None,
                tags: tags.clone(),
            };
            let id = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                changes::create_ticket(
                    tx,
                    &new,
                    Actor {
                        agent_id: agent,
                        now,
                    },
                )
            })
            .map_err(input_error)?;
            print_ticket(&conn, id, *json, context)
        }
        TicketCommand::Reply {
            id,
            body,
            internal,
            status,
            attach,
            json,
        } => {
            let agent = Some(required_agent(&conn, cli, context)?);
            let files = super::attachment::read_files(&conn, attach)?;
            let actor = Actor {
                agent_id: agent,
                now,
            };
            let message = NewMessage {
                author: Author::Agent,
                kind: if *internal {
                    MessageKind::Internal
                } else {
                    MessageKind::Public
                },
                body: body.clone(),
                duration_s: None,
            };
            let mail = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                let entry = changes::add_message(tx, *id, &message, actor)?;
                store::attachments::attach_reply_files(tx, entry, &files, now)?;
                if let Some(status) = status {
                    changes::set_status(tx, *id, *status, actor)?;
                }
                store::outbox::reply_mail_of(tx, entry)
            })
            .map_err(input_error)?;
            print_ticket(&conn, *id, *json, context)?;
            super::mail_out::say_reply_mail(context.lang, mail, *json)
        }
        TicketCommand::Set(args) => {
            let agent = Some(required_agent(&conn, cli, context)?);
            set(
                &mut conn,
                args,
                Actor {
                    agent_id: agent,
                    now,
                },
            )?;
            print_ticket(&conn, args.id, args.json, context)
        }
    }
}

/// The agent acting, who must be known: writes never happen without one.
pub(super) fn required_agent(conn: &Connection, cli: &Cli, context: &Context) -> Result<i64> {
    super::writer(conn, cli, context)
}

fn set(conn: &mut Connection, args: &SetArgs, actor: Actor) -> Result<()> {
    let mut adds = Vec::new();
    let mut removes = Vec::new();
    for tag in &args.tags {
        if let Some(t) = tag.strip_prefix('+') {
            adds.push(t.to_string());
        } else if let Some(t) = tag.strip_prefix('-') {
            removes.push(t.to_string());
        } else {
            adds.push(tag.clone());
        }
    }
    store::write(conn, &crate::clock::SystemClock, |tx| {
        changes::status_of(tx, args.id)?;
        if let Some(p) = args.priority {
            changes::set_priority(tx, args.id, p, actor)?;
        }
        if let Some(tier) = args.tier {
            changes::set_tier(tx, args.id, tier, actor)?;
        }
        if let Some(team) = &args.team {
            let team = match team.to_ascii_lowercase().as_str() {
                "none" | "" => None,
                _ => Some(changes::team_id(tx, team)?),
            };
            changes::set_team(tx, args.id, team, actor)?;
        }
        if let Some(who) = &args.assignee {
            let agent = match who.to_ascii_lowercase().as_str() {
                "nobody" | "none" | "" => None,
                "me" => Some(actor.agent_id.ok_or_else(|| store::StoreError::NotFound {
                    what: "an agent for 'me' (use --agent NAME)".into(),
                })?),
                _ => Some(changes::agent_id(tx, who)?),
            };
            changes::assign(tx, args.id, agent, actor)?;
        }
        for tag in &adds {
            changes::add_tag(tx, args.id, tag, actor)?;
        }
        for tag in &removes {
            changes::remove_tag(tx, args.id, tag, actor)?;
        }
        // Status last, so "assign and solve" reads in that order in the history.
        if let Some(s) = args.status {
            changes::set_status(tx, args.id, s, actor)?;
        }
        Ok(())
    })
    .map_err(input_error)
}

fn list(conn: &Connection, cli: &Cli, context: &Context, args: &ListArgs, now: i64) -> Result<()> {
    let assignee = match args.assignee.to_ascii_lowercase().as_str() {
        "anyone" | "any" => AssigneeFilter::Anyone,
        "nobody" | "none" | "unassigned" => AssigneeFilter::Nobody,
        "me" => AssigneeFilter::Agent(required_agent(conn, cli, context)?),
        name => AssigneeFilter::Agent(changes::agent_id(conn, name).map_err(input_error)?),
    };
    let team = match &args.team {
        Some(name) => Some(changes::team_id(conn, name).map_err(input_error)?),
        None => None,
    };
    let filter = TicketFilter {
        status: args.status,
        priority: args.priority,
        assignee,
        team,
        channel: args.channel,
        tag: args.tag.clone(),
        sla: args.sla,
        text: args.search.clone(),
    };
    let sort = Sort {
        key: args.sort,
        descending: args.desc,
    };
    let page = filter::list(conn, &filter, sort, args.offset, args.limit, now)?;
    if args.json {
        let views = page
            .rows
            .iter()
            .map(|row| view::ticket(conn, row.id, false))
            .collect::<store::Result<Vec<TicketView>>>()?;
        super::outln(serde_json::to_string_pretty(&views)?)?;
        return Ok(());
    }
    let lang = context.lang;
    for row in &page.rows {
        super::outln(format!(
            "{:>7}  {:<8}  {:<12}  {:<44}  {:<22}  {}",
            row.id,
            i18n::priority(lang, row.priority),
            i18n::status(lang, row.status),
            text::fit(&row.subject, 44),
            text::fit(&row.customer, 22),
            row.assignee.as_deref().unwrap_or("—")
        ))?;
    }
    eprintln!(
        "{}",
        fill(
            i18n::t(lang, Msg::CliListed),
            &[("shown", &page.rows.len()), ("total", &page.total)]
        )
    );
    Ok(())
}

pub(super) fn print_ticket(
    conn: &Connection,
    id: i64,
    json: bool,
    context: &Context,
) -> Result<()> {
    let ticket = view::ticket(conn, id, true).map_err(input_error)?;
    if json {
        super::outln(serde_json::to_string_pretty(&ticket)?)?;
        return Ok(());
    }
    let lang = context.lang;
    super::outln(format!("#{}  {}", ticket.id, ticket.subject))?;
    super::outln(format!(
        "{} · {} · {} · tier {}",
        i18n::status(lang, ticket.status),
        i18n::priority(lang, ticket.priority),
        i18n::channel(lang, ticket.channel),
        ticket.tier
    ))?;
    super::outln(format!(
        "{} <{}>   {}",
        ticket.customer.name,
        ticket.customer.email.as_deref().unwrap_or(""),
        ticket.assignee.as_deref().unwrap_or("—")
    ))?;
    if !ticket.tags.is_empty() {
        super::outln(format!("# {}", ticket.tags.join(", ")))?;
    }
    for m in ticket.messages.iter().flatten() {
        let who = match m.author {
            Author::Customer => i18n::t(lang, Msg::KindCustomer).to_string(),
            Author::Agent => m.agent.clone().unwrap_or_default(),
        };
        let kind = match (m.author, m.kind) {
            (Author::Customer, _) => String::new(),
            (_, kind) => format!(" ({})", i18n::message_kind(lang, kind)),
        };
        super::outln(format!(
            "\n— {who}{kind}, {}",
            m.at.format("%Y-%m-%d %H:%M UTC")
        ))?;
        super::outln(text::clean_block(&m.body))?;
    }
    Ok(())
}
