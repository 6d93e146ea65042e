//! Attachment work the console hands to the worker thread: completing a
//! typed path, reading a file to attach (with the desk's size limit),
//! saving an attachment to disk, and a canned response's files. The UI
//! thread never waits on the disk; these come back as [`FilesResponse`]s.

use std::path::PathBuf;

use rusqlite::Connection;

use crate::mail::files::{self, Completion, SaveError};
use crate::mail::settings::MailSettings;
use crate::store::attachments::{self, Owner, ReplyFile};

/// What a path prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPurpose {
    /// Save attachment `id` (named `name`) there.
    Save { id: i64, name: String },
    /// Attach the file there to the reply on `ticket`.
    Attach { ticket: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilesRequest {
    /// Tab in a path prompt.
    Complete { purpose: PathPurpose, text: String },
    /// Read a file to attach to the reply on `ticket`.
    Read { ticket: i64, path: String },
    /// Write attachment `id` to `path`; without `overwrite` an existing
    /// file is left alone and reported.
    Save {
        id: i64,
        path: String,
        overwrite: bool,
    },
    /// The files of canned response `canned`, for the reply on `ticket`.
    Canned { canned: i64, ticket: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilesResponse {
    Completed {
        purpose: PathPurpose,
        asked: String,
        completion: Completion,
    },
    /// A file read and within the limit.
    Read { ticket: i64, file: ReplyFile },
    /// Saved, at this absolute path, this many bytes.
    Saved {
        path: PathBuf,
        name: String,
        size: u64,
    },
    /// A file is there; ask before overwriting.
    Exists { id: i64, path: String },
    /// A canned response's files.
    Canned { ticket: i64, files: Vec<ReplyFile> },
    /// It could not be done; the text says why and what to do.
    Refused(String),
}

/// One request, answered.
pub fn handle(conn: &Connection, request: &FilesRequest) -> FilesResponse {
    match request {
        FilesRequest::Complete { purpose, text } => FilesResponse::Completed {
            purpose: purpose.clone(),
            asked: text.clone(),
            completion: files::complete(text),
        },
        FilesRequest::Read { ticket, path } => {
            let limit = match MailSettings::load(conn) {
                Ok(s) => s.max_attachment,
                Err(e) => return FilesResponse::Refused(e.to_string()),
            };
            match files::read(&files::expand(path.trim()), limit) {
                Ok(file) => FilesResponse::Read {
                    ticket: *ticket,
                    file: ReplyFile::New {
                        name: file.name,
                        content_type: file.content_type,
                        data: file.data,
                    },
                },
                Err(e) => FilesResponse::Refused(e),
            }
        }
        FilesRequest::Save {
            id,
            path,
            overwrite,
        } => {
            let (meta, data) = match attachments::contents(conn, *id) {
                Ok(found) => found,
                Err(e) => return FilesResponse::Refused(e.to_string()),
            };
            let target = files::expand(path.trim());
            match files::save(&target, &data, *overwrite) {
                Ok(()) => FilesResponse::Saved {
                    path: std::path::absolute(&target).unwrap_or(target),
                    name: meta.name,
                    size: data.len() as u64,
                },
                Err(SaveError::Exists(_)) => FilesResponse::Exists {
                    id: *id,
                    path: path.clone(),
                },
                Err(SaveError::Failed(e)) => FilesResponse::Refused(e),
            }
        }
        FilesRequest::Canned { canned, ticket } => {
            match attachments::list(conn, Owner::Canned(*canned)) {
                Ok(list) => FilesResponse::Canned {
                    ticket: *ticket,
                    files: list
                        .into_iter()
                        .map(|a| ReplyFile::Stored {
                            id: a.id,
                            name: a.name,
                            size: a.size,
                        })
                        .collect(),
                },
                Err(e) => FilesResponse::Refused(e.to_string()),
            }
        }
    }
}
