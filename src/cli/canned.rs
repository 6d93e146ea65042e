//! `loket canned list|add|show|rm`.

use anyhow::Result;
use clap::Subcommand;

use super::{Cli, Context, input_error, open_for, outln};
use crate::domain::{Priority, Status};
use crate::store;
use crate::store::attachments::{self, NewAttachment, Owner, ReplyFile};
use crate::store::audit;
use crate::store::canned::{self, NewCanned};
use crate::store::rights::Right;
use crate::text;

#[derive(Debug, Subcommand)]
pub enum CannedCommand {
    /// List canned responses
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one canned response (by id or shortcut)
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a canned response; placeholders: {customer_name}, {customer_first_name}, {agent_name}, {ticket_id}, {team}
    Add {
        #[arg(long)]
        title: String,
        /// One word to find it by, like refund-nl
        #[arg(long)]
        shortcut: String,
        /// The text; - reads it from stdin
        #[arg(long)]
        body: String,
        #[arg(long, default_value = "en")]
        language: String,
        /// Set this status when sent
        #[arg(long, value_parser = |s: &str| s.parse::<Status>().map_err(|e| e.to_string()))]
        set_status: Option<Status>,
        /// Set this priority when sent
        #[arg(long, value_parser = |s: &str| s.parse::<Priority>().map_err(|e| e.to_string()))]
        set_priority: Option<Priority>,
        /// Add this tag when sent (repeat for more)
        #[arg(long = "add-tag")]
        add_tags: Vec<String>,
        /// Attach this file whenever the response is used (repeat for more)
        #[arg(long = "attach", value_name = "FILE")]
        attach: Vec<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a canned response (by id or shortcut)
    Rm {
        key: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cli: &Cli, context: &Context, command: &CannedCommand) -> Result<()> {
    let writes = matches!(
        command,
        CannedCommand::Add { .. } | CannedCommand::Rm { .. }
    );
    let mut conn = open_for(cli, context, writes)?;
    match command {
        CannedCommand::List { json } => {
            let all = canned::list(&conn)?;
            if *json {
                return outln(serde_json::to_string_pretty(&all)?);
            }
            for c in &all {
                outln(format!(
                    "{:>4}  {:<16}  {:<3}  {}",
                    c.id,
                    text::fit(&c.shortcut, 16),
                    c.language,
                    c.title
                ))?;
            }
            Ok(())
        }
        CannedCommand::Show { key, json } => show(
            &conn,
            &canned::find(&conn, key).map_err(input_error)?,
            *json,
        ),
        CannedCommand::Add {
            title,
            shortcut,
            body,
            language,
            set_status,
            set_priority,
            add_tags,
            attach,
            json,
        } => {
            let files = super::attachment::read_files(&conn, attach)?;
            let body = if body == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                body.clone()
            };
            let new = NewCanned {
                title: title.clone(),
                shortcut: shortcut.clone(),
                body,
                language: language.clone(),
                set_status: *set_status,
                set_priority: *set_priority,
                add_tags: add_tags.clone(),
            };
            let now = chrono::Utc::now().timestamp();
            let actor = super::actor(&conn, cli, context)?;
            let id = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                let id = audit::guarded(
                    tx,
                    actor,
                    Right::ManageCanned,
                    audit::Kind::Canned,
                    &new.shortcut,
                    |c| audit::rows_json(c, "canned_responses", "shortcut = ?1", &new.shortcut),
                    || canned::add(tx, &new, now),
                )?;
                for file in &files {
                    if let ReplyFile::New {
                        name,
                        content_type,
                        data,
                    } = file
                    {
                        let file = NewAttachment {
                            name,
                            content_type,
                            data,
                            inline: false,
                        };
                        attachments::add(tx, Owner::Canned(id), &file, now)?;
                    }
                }
                Ok(id)
            })
            .map_err(input_error)?;
            show(&conn, &canned::find(&conn, &id.to_string())?, *json)
        }
        CannedCommand::Rm { key, json } => {
            let actor = super::actor(&conn, cli, context)?;
            let gone = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, Right::ManageCanned)?;
                let found = canned::find(tx, key)?;
                audit::change(
                    tx,
                    actor,
                    audit::Kind::Canned,
                    &found.shortcut,
                    |c| audit::rows_json(c, "canned_responses", "id = ?1", &found.id),
                    || canned::remove(tx, key),
                )
            })
            .map_err(input_error)?;
            if *json {
                outln(serde_json::to_string_pretty(&gone)?)
            } else {
                outln(format!("{} {}", gone.id, gone.shortcut))
            }
        }
    }
}

/// A canned response as `show` prints it: with its files.
#[derive(serde::Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    canned: &'a canned::Canned,
    attachments: Vec<ShownFile>,
}

#[derive(serde::Serialize)]
struct ShownFile {
    id: i64,
    name: String,
    content_type: String,
    size: i64,
}

fn show(conn: &rusqlite::Connection, c: &canned::Canned, json: bool) -> Result<()> {
    let files: Vec<ShownFile> = attachments::list(conn, Owner::Canned(c.id))?
        .into_iter()
        .map(|a| ShownFile {
            id: a.id,
            name: a.name,
            content_type: a.content_type,
            size: a.size,
        })
        .collect();
    if json {
        let shown = Shown {
            canned: c,
            attachments: files,
        };
        return outln(serde_json::to_string_pretty(&shown)?);
    }
    outln(format!("{}  [{}]  {}", c.title, c.shortcut, c.language))?;
    let mut actions = Vec::new();
    if let Some(s) = c.set_status {
        actions.push(format!("status → {s}"));
    }
    if let Some(p) = c.set_priority {
        actions.push(format!("priority → {p}"));
    }
    for t in &c.add_tags {
        actions.push(format!("+{t}"));
    }
    if !actions.is_empty() {
        outln(actions.join(", "))?;
    }
    for f in &files {
        outln(format!(
            "📎 {}  {}  {}",
            f.name,
            f.content_type,
            attachments::human_size(u64::try_from(f.size).unwrap_or(0))
        ))?;
    }
    outln(format!("\n{}", c.body))
}
