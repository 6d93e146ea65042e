//! Parsing a desk document, remembering the line each element starts on.
//!
//! A file is read in two passes over a buffered reader ([`open_json`]): the
//! first parses every section, keeps all but the tickets (each ticket is
//! parsed and let go, so a file that does not parse is refused before the
//! database is opened) and notes where the tickets array starts and how
//! many elements it has; the second
//! ([`JsonFile::tickets`]) reads the tickets one at a time from there. So
//! memory holds the desk's people and articles and one ticket, whatever
//! the file's size, and the sections may come in any order (a ticket can
//! name a customer or an article written after it).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::scan::{ScanError, Scanner};
use super::{ImportError, Origins, TicketStream};
use crate::exchange::model::*;

/// What the first pass does with the tickets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tickets {
    /// Parse them into the document (a text already in memory).
    Collect,
    /// Pass over them, noting where they are (a file, read again after).
    Note,
}

/// Where the tickets array's elements start in a file.
#[derive(Debug, Clone, Copy, Default)]
struct TicketsAt {
    offset: u64,
    line: usize,
    count: usize,
}

const SECTIONS: &[&str] = &[
    "format",
    "version",
    "settings",
    "sla_policies",
    "teams",
    "agents",
    "customers",
    "tickets",
    "canned_responses",
    "kb_articles",
    "kb_views",
    "surveys",
];

fn document_error(file: &str, e: ScanError) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: Some(e.line),
        field: String::new(),
        message: format!(
            "{}; the file must be a loket desk document (see docs/FORMAT.md)",
            e.message
        ),
    }
}

/// One element, deserialized on its own; errors name its absolute line.
///
/// Read plainly first: tracking the path of every field costs about a
/// fifth of a ticket's parse, and only an error needs it. An element that
/// does not parse is read again with the path tracked, for the message
/// (the same bytes give the same error).
fn element<T: DeserializeOwned>(
    bytes: &[u8],
    base: usize,
    field: &str,
    file: &str,
) -> Result<T, ImportError> {
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        ImportError {
            file: file.to_string(),
            line: Some(base + inner.line().saturating_sub(1)),
            field: if path == "." {
                field.to_string()
            } else {
                format!("{field}.{path}")
            },
            message: strip_position(&inner.to_string()),
        }
    })?;
    Ok(value)
}

/// serde_json appends " at line L column C" relative to the element; the
/// error already names the absolute line.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Reads the elements of the array at the scanner, each with its line.
fn each_element<R: BufRead>(
    s: &mut Scanner<R>,
    file: &str,
    mut f: impl FnMut(usize, usize, &[u8]) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let scan = |e| document_error(file, e);
    s.expect(b'[', "a list '['").map_err(scan)?;
    if s.array_is_empty().map_err(scan)? {
        return Ok(());
    }
    let mut raw = Vec::new();
    let mut index = 0;
    loop {
        s.skip_ws().map_err(scan)?;
        let line = s.line();
        raw.clear();
        s.value(Some(&mut raw)).map_err(scan)?;
        f(index, line, &raw)?;
        index += 1;
        if !s.comma_or(b']').map_err(scan)? {
            return Ok(());
        }
    }
}

fn section<R: BufRead, T: DeserializeOwned>(
    s: &mut Scanner<R>,
    name: &'static str,
    origins: &mut Origins,
) -> Result<Vec<T>, ImportError> {
    let file = origins.file.clone();
    let mut out = Vec::new();
    each_element(s, &file, |index, line, raw| {
        origins.lines.insert((name, index), line);
        out.push(element(raw, line, &format!("{name}[{index}]"), &file)?);
        Ok(())
    })?;
    Ok(out)
}

/// Tickets handed to a checking thread at a time.
const CHECK_CHUNK: usize = 64;

/// The first pass over the tickets array (its `[` taken, not empty): each
/// ticket is parsed and let go, so a file that does not parse is refused
/// before the database is opened. This thread finds where each ticket
/// ends; threads of their own parse them (the costly part), a chunk each
/// in turn. The error is the first in the file, as one thread reading in
/// order finds it: each checker stops at its first bad ticket, every ticket
/// before the first bad one was handed out and checked, and a fault in the
/// array's own structure comes after every ticket before it.
fn check_tickets<R: BufRead>(
    s: &mut Scanner<R>,
    file: &str,
    at: &mut TicketsAt,
) -> Result<(), ImportError> {
    type Chunk = Vec<(usize, usize, Vec<u8>)>;
    let checkers = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    std::thread::scope(|scope| {
        let mut senders = Vec::with_capacity(checkers);
        let mut handles = Vec::with_capacity(checkers);
        for _ in 0..checkers {
            let (sender, chunks) = std::sync::mpsc::sync_channel::<Chunk>(4);
            senders.push(sender);
            handles.push(scope.spawn(move || {
                for chunk in chunks {
                    for (index, line, raw) in chunk {
                        let field = format!("tickets[{index}]");
                        if let Err(e) = element::<Ticket>(&raw, line, &field, file) {
                            return Some((index, e));
                        }
                    }
                }
                tracing::info!(cpu = ?crate::store::bulk::thread_cpu(), "import: first pass, checking thread done");
                None
            }));
        }
        let scan = |e| document_error(file, e);
        let mut chunk: Chunk = Vec::with_capacity(CHECK_CHUNK);
        let mut turn = 0;
        let scanned = loop {
            let step = (|| {
                s.skip_ws()?;
                let line = s.line();
                let mut raw = Vec::new();
                s.value(Some(&mut raw))?;
                chunk.push((at.count, line, raw));
                at.count += 1;
                s.comma_or(b']')
            })();
            let more = matches!(step, Ok(true));
            if chunk.len() == CHECK_CHUNK || !more {
                // Also the tickets before a fault in the array: one of
                // them may be bad, and comes first.
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHECK_CHUNK));
                // A checker that stopped found a bad ticket: it is the
                // answer (or one before it), whatever follows.
                if senders[turn % checkers].send(full).is_err() {
                    break Ok(());
                }
                turn += 1;
            }
            if !more {
                break step.map(|_| ()).map_err(scan);
            }
        };
        drop(senders);
        tracing::info!(cpu = ?crate::store::bulk::thread_cpu(), "import: first pass, scanning done");
        let first = handles
            .into_iter()
            .filter_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .min_by_key(|(index, _)| *index);
        match first {
            Some((_, e)) => Err(e),
            None => scanned,
        }
    })
}

/// The first pass: the whole document but (with [`Tickets::Note`]) the tickets.
fn read_document<R: BufRead>(
    reader: R,
    file: &str,
    tickets: Tickets,
) -> Result<(Document, Origins, TicketsAt), ImportError> {
    let mut origins = Origins {
        file: file.to_string(),
        lines: HashMap::new(),
    };
    let mut doc = Document::empty();
    let mut at = TicketsAt::default();
    let mut s = Scanner::new(reader, 1);
    let scan = |e| document_error(file, e);
    let whole = |line: usize, message: String| ImportError {
        file: file.to_string(),
        line: Some(line),
        field: String::new(),
        message: format!("{message}; the file must be a loket desk document (see docs/FORMAT.md)"),
    };
    s.expect(b'{', "a desk document '{'").map_err(scan)?;
    let mut seen: Vec<String> = Vec::new();
    let mut format = None;
    let mut version = None;
    if !s.object_is_empty().map_err(scan)? {
        loop {
            let key_line = s.skip_ws().map(|_| s.line()).map_err(scan)?;
            let key = s.key().map_err(scan)?;
            if !SECTIONS.contains(&key.as_str()) {
                return Err(whole(
                    key_line,
                    format!(
                        "unknown field `{key}`, expected one of {}",
                        SECTIONS
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if seen.contains(&key) {
                return Err(whole(key_line, format!("duplicate field `{key}`")));
            }
            seen.push(key.clone());
            s.expect(b':', "':'").map_err(scan)?;
            match key.as_str() {
                "format" | "version" | "settings" => {
                    s.skip_ws().map_err(scan)?;
                    let line = s.line();
                    let mut raw = Vec::new();
                    s.value(Some(&mut raw)).map_err(scan)?;
                    match key.as_str() {
                        "format" => format = Some(element::<String>(&raw, line, "format", file)?),
                        "version" => version = Some(element::<u32>(&raw, line, "version", file)?),
                        _ => {
                            origins.lines.insert(("settings", 0), line);
                            doc.settings =
                                element::<Option<Settings>>(&raw, line, "settings[0]", file)?;
                        }
                    }
                }
                "sla_policies" => doc.sla_policies = section(&mut s, "sla_policies", &mut origins)?,
                "teams" => doc.teams = section(&mut s, "teams", &mut origins)?,
                "agents" => doc.agents = section(&mut s, "agents", &mut origins)?,
                "customers" => doc.customers = section(&mut s, "customers", &mut origins)?,
                "canned_responses" => {
                    doc.canned_responses = section(&mut s, "canned_responses", &mut origins)?
                }
                "kb_articles" => doc.kb_articles = section(&mut s, "kb_articles", &mut origins)?,
                "kb_views" => doc.kb_views = section(&mut s, "kb_views", &mut origins)?,
                "surveys" => doc.surveys = section(&mut s, "surveys", &mut origins)?,
                _ => match tickets {
                    Tickets::Collect => doc.tickets = section(&mut s, "tickets", &mut origins)?,
                    Tickets::Note => {
                        s.expect(b'[', "a list '['").map_err(scan)?;
                        at.offset = s.offset();
                        at.line = s.line();
                        if !s.array_is_empty().map_err(scan)? {
                            check_tickets(&mut s, file, &mut at)?;
                        }
                    }
                },
            }
            if !s.comma_or(b'}').map_err(scan)? {
                break;
            }
        }
    }
    if !s.at_end().map_err(scan)? {
        return Err(whole(s.line(), "text after the document's end".into()));
    }
    let line = s.line();
    let Some(format) = format else {
        return Err(whole(line, "missing field `format`".into()));
    };
    let Some(version) = version else {
        return Err(whole(line, "missing field `version`".into()));
    };
    if format != FORMAT_NAME {
        return Err(ImportError {
            file: file.to_string(),
            line: Some(1),
            field: "format".into(),
            message: format!("expected \"{FORMAT_NAME}\", found \"{format}\""),
        });
    }
    if version > FORMAT_VERSION {
        return Err(ImportError {
            file: file.to_string(),
            line: Some(1),
            field: "version".into(),
            message: format!(
                "this file is format version {version}, this loket reads up to {FORMAT_VERSION}; upgrade loket"
            ),
        });
    }
    doc.format = format;
    doc.version = version;
    Ok((doc, origins, at))
}

/// Parses a JSON desk document held in memory, remembering where each
/// element starts.
pub fn parse_json(text: &str, file: &str) -> std::result::Result<(Document, Origins), ImportError> {
    let (doc, origins, _) = read_document(text.as_bytes(), file, Tickets::Collect)?;
    Ok((doc, origins))
}

/// A desk document in a file, every section read but the tickets, which
/// [`JsonFile::tickets`] reads one at a time.
pub struct JsonFile {
    path: PathBuf,
    /// The document without its tickets.
    pub sections: Document,
    pub origins: Origins,
    at: TicketsAt,
}

/// Room for the reader: big reads, few system calls.
const READ_BUFFER: usize = 1 << 20;

fn unreadable(file: &str, e: &std::io::Error) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: None,
        field: String::new(),
        message: format!("cannot read the file: {e}"),
    }
}

/// The first pass over a JSON desk file (see the module's text).
pub fn open_json(path: &Path, file: &str) -> Result<JsonFile, ImportError> {
    let f = std::fs::File::open(path).map_err(|e| unreadable(file, &e))?;
    let (sections, origins, at) = read_document(
        BufReader::with_capacity(READ_BUFFER, f),
        file,
        Tickets::Note,
    )?;
    Ok(JsonFile {
        path: path.to_path_buf(),
        sections,
        origins,
        at,
    })
}

impl JsonFile {
    /// How many tickets the file holds.
    pub fn ticket_count(&self) -> usize {
        self.at.count
    }

    /// The second pass: the tickets, one at a time.
    pub fn tickets(&self) -> Result<JsonTickets, ImportError> {
        let file = &self.origins.file;
        let mut f = std::fs::File::open(&self.path).map_err(|e| unreadable(file, &e))?;
        f.seek(SeekFrom::Start(self.at.offset))
            .map_err(|e| unreadable(file, &e))?;
        Ok(JsonTickets {
            scanner: Scanner::new(BufReader::with_capacity(READ_BUFFER, f), self.at.line),
            file: file.clone(),
            next: 0,
            count: self.at.count,
            ended: false,
            raw: Vec::new(),
        })
    }
}

/// The tickets of a [`JsonFile`], in file order.
pub struct JsonTickets {
    scanner: Scanner<BufReader<std::fs::File>>,
    file: String,
    next: usize,
    count: usize,
    /// Whether the array's end was read after the last ticket.
    ended: bool,
    raw: Vec<u8>,
}

impl TicketStream for JsonTickets {
    fn total(&self) -> usize {
        self.count
    }

    fn next_ticket(&mut self) -> Result<Option<(usize, usize, Ticket)>, ImportError> {
        if self.next >= self.count {
            if self.count > 0 && !self.ended {
                // The first pass counted the tickets: one more now means the
                // file changed in between, and the rest would be left out.
                self.ended = true;
                let s = &mut self.scanner;
                if s.comma_or(b']')
                    .map_err(|e| document_error(&self.file, e))?
                {
                    return Err(ImportError {
                        file: self.file.clone(),
                        line: Some(s.line()),
                        field: String::new(),
                        message: format!(
                            "the file holds more than the {} tickets it held when the import \
                             began: it changed while it was read; import it again once nothing writes to it",
                            self.count
                        ),
                    });
                }
            }
            return Ok(None);
        }
        let s = &mut self.scanner;
        let scan = |e| document_error(&self.file, e);
        if self.next > 0 {
            s.comma_or(b']').map_err(scan)?;
        }
        s.skip_ws().map_err(scan)?;
        let line = s.line();
        self.raw.clear();
        s.value(Some(&mut self.raw)).map_err(scan)?;
        let index = self.next;
        self.next += 1;
        let ticket = element(&self.raw, line, &format!("tickets[{index}]"), &self.file)?;
        Ok(Some((index, line, ticket)))
    }
}
