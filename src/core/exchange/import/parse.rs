//! Parsing a desk document, remembering the line each element starts on.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::{ImportError, Origins};
use crate::exchange::model::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc<'a> {
    format: String,
    version: u32,
    #[serde(borrow, default)]
    settings: Option<&'a RawValue>,
    #[serde(borrow, default)]
    sla_policies: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    teams: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    agents: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    customers: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    tickets: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    canned_responses: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    kb_articles: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    kb_views: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    surveys: Vec<&'a RawValue>,
}

/// Line numbers of elements in file order: each call counts the newlines
/// only from the previous element on, so a section of a million elements
/// is one pass over the text (counting from the start each time made the
/// import quadratic: about 70 tickets a second at 3,000 tickets).
struct Lines<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, raw: &RawValue) -> usize {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let between = self.text.get(self.offset..offset).unwrap_or("");
        self.line += memchr_count(between.as_bytes());
        self.offset = offset;
        self.line
    }
}

fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

fn parse_section<T: DeserializeOwned>(
    text: &str,
    raws: &[&RawValue],
    section: &'static str,
    origins: &mut Origins,
) -> std::result::Result<Vec<T>, ImportError> {
    let mut out = Vec::with_capacity(raws.len());
    let mut lines = Lines::new(text);
    for (index, raw) in raws.iter().enumerate() {
        let base = lines.line_at(raw);
        origins.lines.insert((section, index), base);
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            ImportError {
                file: origins.file.clone(),
                line: Some(base + inner.line().saturating_sub(1)),
                field: if path == "." {
                    format!("{section}[{index}]")
                } else {
                    format!("{section}[{index}].{path}")
                },
                message: strip_position(&inner.to_string()),
            }
        })?;
        out.push(value);
    }
    Ok(out)
}

/// serde_json appends " at line L column C" relative to the element; the
/// error already names the absolute line.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Parses a JSON desk document, remembering where each element starts.
pub fn parse_json(text: &str, file: &str) -> std::result::Result<(Document, Origins), ImportError> {
    let mut origins = Origins {
        file: file.to_string(),
        lines: HashMap::new(),
    };
    let raw: RawDoc<'_> = serde_json::from_str(text).map_err(|e| ImportError {
        file: file.to_string(),
        line: Some(e.line()),
        field: String::new(),
        message: format!(
            "{}; the file must be a loket desk document (see docs/FORMAT.md)",
            strip_position(&e.to_string())
        ),
    })?;
    if raw.format != FORMAT_NAME {
        return Err(ImportError {
            file: file.to_string(),
            line: Some(1),
            field: "format".into(),
            message: format!("expected \"{FORMAT_NAME}\", found \"{}\"", raw.format),
        });
    }
    if raw.version > FORMAT_VERSION {
        return Err(ImportError {
            file: file.to_string(),
            line: Some(1),
            field: "version".into(),
            message: format!(
                "this file is format version {}, this loket reads up to {FORMAT_VERSION}; upgrade loket",
                raw.version
            ),
        });
    }
    let settings = match raw.settings {
        Some(r) => parse_section::<Settings>(text, &[r], "settings", &mut origins)?.pop(),
        None => None,
    };
    let doc = Document {
        format: raw.format,
        version: raw.version,
        settings,
        sla_policies: parse_section(text, &raw.sla_policies, "sla_policies", &mut origins)?,
        teams: parse_section(text, &raw.teams, "teams", &mut origins)?,
        agents: parse_section(text, &raw.agents, "agents", &mut origins)?,
        customers: parse_section(text, &raw.customers, "customers", &mut origins)?,
        tickets: parse_section(text, &raw.tickets, "tickets", &mut origins)?,
        canned_responses: parse_section(
            text,
            &raw.canned_responses,
            "canned_responses",
            &mut origins,
        )?,
        kb_articles: parse_section(text, &raw.kb_articles, "kb_articles", &mut origins)?,
        kb_views: parse_section(text, &raw.kb_views, "kb_views", &mut origins)?,
        surveys: parse_section(text, &raw.surveys, "surveys", &mut origins)?,
    };
    Ok((doc, origins))
}
