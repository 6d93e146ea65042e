//! `loket export` and `loket import`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::{Cli, Context, UsageError};
use crate::exchange::{self, ImportFailure, csv_import, export, import};
use crate::i18n::{self, Msg, fill};
use crate::store::{self, OpenMode};

/// The file formats of export and import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// From a file's extension; JSON unless it ends in `.csv`.
    fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
            _ => Format::Json,
        }
    }
}

/// `loket export`: the whole desk as JSON, or the tickets as CSV, to a file
/// or stdout. A file is written beside its target and renamed into place, so
/// a failed export never leaves half a file.
pub fn export(
    cli: &Cli,
    context: &Context,
    format: Format,
    out: Option<&PathBuf>,
    quiet: bool,
) -> Result<()> {
    let conn = store::open(
        &context.db(cli),
        OpenMode::ReadOnly,
        &crate::clock::SystemClock,
    )
    .or_else(|e| match e {
        store::StoreError::ReadOnly(_) => store::open(
            &context.db(cli),
            OpenMode::ReadWrite,
            &crate::clock::SystemClock,
        ),
        other => Err(other),
    })?;
    super::read_as_agent(&conn, cli, context)?;
    let mut shown = super::progress::Stderr::new(context.lang, Msg::CliProgressWritten);
    let mut silent = exchange::Silent;
    let progress: &mut dyn exchange::Progress = if quiet { &mut silent } else { &mut shown };
    let mut write = |sink: &mut dyn Write| match format {
        Format::Json => export::json_with(&conn, sink, progress),
        Format::Csv => export::csv_with(&conn, sink, progress),
    };
    match out {
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock)?;
            lock.flush()?;
        }
        Some(path) => {
            let mut partial = path.clone().into_os_string();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            let result = (|| -> Result<u64> {
                let mut file = std::fs::File::create(&partial)
                    .with_context(|| format!("creating {}", partial.display()))?;
                let written = write(&mut file)?;
                file.sync_all()?;
                std::fs::rename(&partial, path)
                    .with_context(|| format!("writing {}", path.display()))?;
                Ok(written)
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            let written = result?;
            // Only now is the file in place under its name.
            shown.finish();
            super::outln(fill(
                i18n::t(context.lang, Msg::CliExported),
                &[("tickets", &written), ("file", &path.display())],
            ))?;
        }
    }
    Ok(())
}

/// `loket import`'s switches besides the file.
pub struct ImportArgs<'a> {
    pub format: Option<Format>,
    pub map: Option<&'a str>,
    pub json: bool,
    pub quiet: bool,
}

/// `loket import FILE`: all or nothing, the file read in two passes (its
/// people and articles, then its tickets one at a time), so memory stays
/// bounded whatever the file's size.
pub fn import(cli: &Cli, context: &Context, file: &Path, args: ImportArgs<'_>) -> Result<()> {
    if cli.read_only {
        return Err(UsageError(i18n::t(context.lang, Msg::CliImportReadOnly).to_string()).into());
    }
    // A file that cannot be read is not the file's fault (exit code 1).
    std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.display().to_string();
    let format = args.format.unwrap_or_else(|| Format::of(file));
    let now = chrono::Utc::now();
    let usage = |e: exchange::ImportError| anyhow::Error::from(UsageError(e.to_string()));
    enum Opened {
        Json(import::JsonFile),
        Csv(csv_import::CsvFile),
    }
    let opened = match format {
        Format::Json => {
            if args.map.is_some() {
                return Err(UsageError(
                    "--map is for CSV files; a JSON desk names its own fields".into(),
                )
                .into());
            }
            Opened::Json(import::open_json(file, &name).map_err(usage)?)
        }
        Format::Csv => {
            let map = csv_import::parse_map(args.map.unwrap_or("")).map_err(UsageError)?;
            Opened::Csv(csv_import::open_csv(file, &name, &map, now).map_err(usage)?)
        }
    };
    let mut conn = store::open(
        &context.db(cli),
        OpenMode::ReadWrite,
        &crate::clock::SystemClock,
    )?;
    // A desk with no agents yet (a new file being restored) has nobody to
    // act for: the file brings its own agents and the system imports it.
    let has_agents: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM agents)", [], |r| r.get(0))?;
    let actor = if has_agents {
        Some(super::writer(&conn, cli, context)?)
    } else {
        None
    };
    let options = import::Options {
        now: now.timestamp(),
        actor,
        defer_from: import::DEFER_INDEXES_FROM,
    };
    let mut shown = super::progress::Stderr::new(context.lang, Msg::CliProgressRead);
    let mut silent = exchange::Silent;
    let progress: &mut dyn exchange::Progress = if args.quiet { &mut silent } else { &mut shown };
    let (sections, origins, mut tickets): (_, _, Box<dyn import::TicketStream + Send + '_>) =
        match &opened {
            Opened::Json(f) => (
                &f.sections,
                &f.origins,
                Box::new(f.tickets().map_err(usage)?),
            ),
            Opened::Csv(f) => (
                &f.sections,
                &f.origins,
                Box::new(f.tickets().map_err(usage)?),
            ),
        };
    // The tickets are read and parsed on a second thread while this one
    // writes them.
    let result = import::read_ahead(tickets.as_mut(), |tickets| {
        import::import_stream(&mut conn, sections, origins, tickets, options, progress)
    });
    shown.finish();
    let report = result.map_err(|e| match e {
        ImportFailure::Input(e) => usage(e),
        ImportFailure::Store(e) => e.into(),
    })?;
    if args.json {
        super::outln(serde_json::to_string_pretty(&report)?)?;
    } else {
        print_report(context, &report)?;
    }
    Ok(())
}

fn print_report(context: &Context, r: &exchange::ImportReport) -> Result<()> {
    super::outln(fill(
        i18n::t(context.lang, Msg::CliImported),
        &[
            ("tickets", &r.tickets),
            ("skipped", &r.tickets_skipped),
            ("customers", &r.customers),
            ("agents", &r.agents),
            ("messages", &r.messages),
        ],
    ))?;
    Ok(())
}
