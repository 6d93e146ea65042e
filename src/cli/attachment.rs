//! `loket attachment list TICKET` and `loket attachment save ID`: the files
//! on a ticket's thread, and one of them written to disk (or stdout).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

use super::{Cli, Context, UsageError, input_error, open_for, outln};
use crate::i18n::{self, Msg, fill};
use crate::mail::files::{self, SaveError};
use crate::mail::settings::MailSettings;
use crate::store::attachments::{self, ReplyFile, human_size};

#[derive(Debug, Subcommand)]
pub enum AttachmentCommand {
    /// List the files on a ticket's thread (received, sent and inline images)
    List {
        ticket: i64,
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Save an attachment (by the id `list` shows) to a file, or stdout with --out -
    Save {
        id: i64,
        /// Where to write it [default: its name in $XDG_DOWNLOAD_DIR, else the current directory]; - is stdout
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Replace a file that is there already
        #[arg(long)]
        force: bool,
    },
}

/// One listed attachment.
#[derive(Debug, Serialize)]
struct Listed {
    id: i64,
    message_id: i64,
    name: String,
    content_type: String,
    size: i64,
    inline: bool,
    sha256: String,
}

/// Reads files given with `--attach`, each checked against the desk's
/// `mail.max_attachment` before it is read; the first refusal is the error.
pub(super) fn read_files(conn: &rusqlite::Connection, paths: &[PathBuf]) -> Result<Vec<ReplyFile>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let limit = MailSettings::load(conn)?.max_attachment;
    paths
        .iter()
        .map(|p| {
            let file = files::read(p, limit).map_err(UsageError)?;
            Ok(ReplyFile::New {
                name: file.name,
                content_type: file.content_type,
                data: file.data,
            })
        })
        .collect()
}

pub fn run(cli: &Cli, context: &Context, command: &AttachmentCommand) -> Result<()> {
    let conn = open_for(cli, context, false)?;
    let lang = context.lang;
    match command {
        AttachmentCommand::List { ticket, json } => {
            if !crate::store::visibility::can_see(&conn, *ticket)? {
                return Err(UsageError(fill(
                    i18n::t(lang, Msg::CliOtherTeamsTicket),
                    &[("id", ticket)],
                ))
                .into());
            }
            // The ticket must exist: an unknown one is an error, not an empty list.
            crate::store::changes::status_of(&conn, *ticket).map_err(input_error)?;
            let listed: Vec<Listed> = attachments::for_ticket(&conn, *ticket)?
                .into_iter()
                .map(|(message_id, a)| Listed {
                    id: a.id,
                    message_id,
                    name: a.name,
                    content_type: a.content_type,
                    size: a.size,
                    inline: a.inline,
                    sha256: a.hash,
                })
                .collect();
            if *json {
                return outln(serde_json::to_string_pretty(&listed)?);
            }
            if listed.is_empty() {
                return outln(fill(
                    i18n::t(lang, Msg::CliNoAttachments),
                    &[("id", ticket)],
                ));
            }
            for a in &listed {
                let inline = if a.inline {
                    format!("  ({})", i18n::t(lang, Msg::AttachInline))
                } else {
                    String::new()
                };
                outln(format!(
                    "{:>6}  {:<40}  {:<24}  {:>8}  #{}{inline}",
                    a.id,
                    crate::text::fit(&a.name, 40),
                    crate::text::fit(&a.content_type, 24),
                    human_size(u64::try_from(a.size).unwrap_or(0)),
                    a.message_id
                ))?;
            }
            Ok(())
        }
        AttachmentCommand::Save { id, out, force } => {
            let (meta, data) = attachments::contents(&conn, *id).map_err(input_error)?;
            if out.as_deref() == Some(std::path::Path::new("-")) {
                let mut stdout = std::io::stdout().lock();
                return match stdout.write_all(&data).and_then(|()| stdout.flush()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    other => Ok(other?),
                };
            }
            let path = match out {
                Some(path) => path.clone(),
                None => files::default_save_path(
                    &meta.name,
                    std::env::var("XDG_DOWNLOAD_DIR").ok().as_deref(),
                    &std::env::current_dir()?,
                ),
            };
            match files::save(&path, &data, *force) {
                Ok(()) => outln(fill(
                    i18n::t(lang, Msg::CliAttachSaved),
                    &[
                        ("name", &meta.name),
                        ("path", &path.display()),
                        ("size", &human_size(data.len() as u64)),
                    ],
                )),
                Err(SaveError::Exists(path)) => Err(UsageError(fill(
                    i18n::t(lang, Msg::CliAttachExists),
                    &[("path", &path.display())],
                ))
                .into()),
                Err(SaveError::Failed(e)) => Err(UsageError(e).into()),
            }
        }
    }
}
