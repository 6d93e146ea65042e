//! `loket kb add|import|export|list|search|show|view|rm|base-url`: the
//! knowledge base from the command line. Articles travel as Markdown files
//! with a front matter block (see [`front_matter`]).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use clap::Subcommand;
use serde::Serialize;

use super::{Cli, Context, UsageError, input_error, open_for, outln};
use crate::i18n::{Msg, fill, t};
use crate::store::audit;
use crate::store::kb::{self, Article, KbFilter, NewArticle, Reader};
use crate::store::rights::Right;
use crate::store::{self, agents};
use crate::text;

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Add an article from a Markdown file with front matter (title, category, tags, language, visibility, faq, slug)
    Add {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Read every *.md file of a directory (as kb export writes them); articles with the same slug are replaced. All or nothing
    Import {
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write every article as DIR/<slug>.md, front matter and Markdown
    Export {
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List articles, FAQ entries first, optionally narrowed
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Search articles, best match first (the text is taken as words, never as query syntax)
    Search {
        query: String,
        #[command(flatten)]
        filter: FilterArgs,
        /// At most this many results
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// The articles that best answer a ticket (its subject and customer messages, its language)
    Suggest {
        ticket: i64,
        #[arg(long, default_value_t = 5)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Show one article (by id or slug)
    Show {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Record a view of an article: by a customer on their own (--self-service) or by the agent
    View {
        key: String,
        /// A customer read it without opening a ticket (counts for the self-service ratio)
        #[arg(long)]
        self_service: bool,
        /// With --self-service: the customer, by e-mail, when known
        #[arg(long, value_name = "EMAIL", requires = "self_service")]
        customer: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove an article (by id or slug); its links and views go with it
    Rm {
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Show or set where the public help centre serves articles (links in replies)
    BaseUrl {
        url: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    department: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    /// en, nl, …
    #[arg(long)]
    language: Option<String>,
    /// internal or public
    #[arg(long, value_parser = ["internal", "public"])]
    visibility: Option<String>,
}

impl FilterArgs {
    fn filter(&self) -> KbFilter {
        KbFilter {
            category: self.category.clone(),
            department: self.department.clone(),
            tag: self.tag.clone(),
            language: self.language.clone(),
            visibility: self.visibility.clone(),
        }
    }
}

/// An article as `kb show --json` prints it.
#[derive(Debug, Serialize)]
struct ArticleJson<'a> {
    #[serde(flatten)]
    article: &'a Article,
    link: String,
    self_service_views: i64,
    agent_views: i64,
    created: String,
    updated: String,
}

fn rfc3339(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn run(cli: &Cli, context: &Context, command: &KbCommand) -> Result<()> {
    let writes = match command {
        KbCommand::Add { .. }
        | KbCommand::Import { .. }
        | KbCommand::View { .. }
        | KbCommand::Rm { .. } => true,
        KbCommand::BaseUrl { url, .. } => url.is_some(),
        _ => false,
    };
    let mut conn = open_for(cli, context, writes)?;
    let now = Utc::now().timestamp();
    let lang = context.lang;
    match command {
        KbCommand::Add { file, json } => {
            let me = Some(super::writer(&conn, cli, context)?);
            let new = read_article(&conn, lang, file, me)?;
            let actor = super::actor(&conn, cli, context)?;
            let id = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                audit::guarded(
                    tx,
                    actor,
                    Right::ManageKb,
                    audit::Kind::Kb,
                    &new.title,
                    |c| audit::rows_json(c, "kb_articles", "title = ?1", &new.title),
                    || kb::add(tx, &new, now),
                )
            })
            .map_err(input_error)?;
            let article = kb::get(&conn, &id.to_string())?;
            if *json {
                return show(&conn, &article, true);
            }
            outln(fill(
                t(lang, Msg::KbAdded),
                &[("id", &article.id), ("slug", &article.slug)],
            ))
        }
        KbCommand::Import { dir, json } => {
            let me = Some(super::writer(&conn, cli, context)?);
            let files = markdown_files(lang, dir)?;
            let mut articles = Vec::new();
            for file in &files {
                articles.push(read_article(&conn, lang, file, me)?);
            }
            let actor = super::actor(&conn, cli, context)?;
            let (added, replaced) = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, Right::ManageKb)?;
                let (mut added, mut replaced) = (0u64, 0u64);
                for (new, file) in articles.iter().zip(&files) {
                    let saved = audit::change(
                        tx,
                        actor,
                        audit::Kind::Kb,
                        &new.title,
                        |c| audit::rows_json(c, "kb_articles", "title = ?1", &new.title),
                        || kb::save(tx, new, now),
                    );
                    match saved {
                        Ok((_, true)) => added += 1,
                        Ok((_, false)) => replaced += 1,
                        Err(store::StoreError::Constraint(why)) => {
                            return Err(store::StoreError::Constraint(format!(
                                "{}: {why}",
                                file.display()
                            )));
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok((added, replaced))
            })
            .map_err(input_error)?;
            if *json {
                return outln(serde_json::to_string_pretty(&serde_json::json!({
                    "files": files.len(), "added": added, "replaced": replaced
                }))?);
            }
            outln(fill(
                t(lang, Msg::KbImported),
                &[
                    ("files", &files.len()),
                    ("added", &added),
                    ("replaced", &replaced),
                ],
            ))
        }
        KbCommand::Export { dir, json } => {
            std::fs::create_dir_all(dir)
                .with_context(|| fill(t(lang, Msg::KbCannotWrite), &[("path", &dir.display())]))?;
            let all = kb::all(&conn)?;
            let mut written = Vec::new();
            for article in &all {
                let path = dir.join(format!("{}.md", article.slug));
                std::fs::write(&path, front_matter::write(article)).with_context(|| {
                    fill(t(lang, Msg::KbCannotWrite), &[("path", &path.display())])
                })?;
                written.push(path.display().to_string());
            }
            if *json {
                return outln(serde_json::to_string_pretty(&serde_json::json!({
                    "dir": dir.display().to_string(), "articles": written.len(), "files": written
                }))?);
            }
            outln(fill(
                t(lang, Msg::KbExported),
                &[("count", &written.len()), ("dir", &dir.display())],
            ))
        }
        KbCommand::List { filter, json } => {
            let hits = kb::list(&conn, &filter.filter())?;
            print_hits(lang, &hits, *json, false)
        }
        KbCommand::Search {
            query,
            filter,
            limit,
            json,
        } => {
            let hits = kb::search(&conn, query, &filter.filter(), *limit)?;
            print_hits(lang, &hits, *json, true)
        }
        KbCommand::Suggest {
            ticket,
            limit,
            json,
        } => {
            let hits = kb::suggest(&conn, *ticket, *limit).map_err(input_error)?;
            print_hits(lang, &hits, *json, true)
        }
        KbCommand::Show { key, json } => {
            let article = kb::get(&conn, key).map_err(input_error)?;
            show(&conn, &article, *json)
        }
        KbCommand::View {
            key,
            self_service,
            customer,
            json,
        } => {
            let reader = if *self_service {
                let customer = match customer {
                    None => None,
                    Some(email) => Some(customer_by_email(&conn, lang, email)?),
                };
                Reader::SelfService { customer }
            } else {
                Reader::Agent(Some(super::writer(&conn, cli, context)?))
            };
            let actor = super::actor(&conn, cli, context)?;
            let (article, view) = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, Right::WorkTickets)?;
                let article = kb::get(tx, key)?;
                let view = kb::record_view(tx, article.id, reader, now)?;
                Ok((article, view))
            })
            .map_err(input_error)?;
            if *json {
                return outln(serde_json::to_string_pretty(&serde_json::json!({
                    "view": view, "article": article.id, "slug": article.slug,
                    "self_service": self_service, "at": rfc3339(now)
                }))?);
            }
            let msg = if *self_service {
                Msg::KbViewSelfService
            } else {
                Msg::KbViewAgent
            };
            outln(fill(t(lang, msg), &[("slug", &article.slug)]))
        }
        KbCommand::Rm { key, json } => {
            let actor = super::actor(&conn, cli, context)?;
            let gone = store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, Right::ManageKb)?;
                let found = kb::get(tx, key)?;
                audit::change(
                    tx,
                    actor,
                    audit::Kind::Kb,
                    &found.slug,
                    |c| audit::rows_json(c, "kb_articles", "id = ?1", &found.id),
                    || kb::remove(tx, key),
                )
            })
            .map_err(input_error)?;
            if *json {
                return outln(serde_json::to_string_pretty(&serde_json::json!({
                    "removed": gone.id, "slug": gone.slug, "title": gone.title
                }))?);
            }
            outln(fill(
                t(lang, Msg::KbRemoved),
                &[("id", &gone.id), ("slug", &gone.slug)],
            ))
        }
        KbCommand::BaseUrl { url, json } => {
            if let Some(url) = url {
                let url = url.trim();
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(UsageError(fill(t(lang, Msg::KbBadUrl), &[("url", &url)])).into());
                }
                let actor = super::actor(&conn, cli, context)?;
                store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                    audit::guarded(
                        tx,
                        actor,
                        Right::ManageKb,
                        audit::Kind::Kb,
                        kb::BASE_URL_KEY,
                        |c| audit::settings_json(c, kb::BASE_URL_KEY),
                        || store::settings::set(tx, kb::BASE_URL_KEY, url),
                    )
                })?;
            }
            let value = store::settings::get(&conn, kb::BASE_URL_KEY)?.unwrap_or_default();
            if *json {
                return outln(serde_json::to_string_pretty(
                    &serde_json::json!({ "base_url": value }),
                )?);
            }
            outln(value)
        }
    }
}

fn customer_by_email(
    conn: &rusqlite::Connection,
    lang: crate::i18n::Lang,
    email: &str,
) -> Result<i64> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT id FROM customers WHERE email = ?1 COLLATE NOCASE",
        [email.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| UsageError(fill(t(lang, Msg::KbNoCustomer), &[("email", &email)])).into())
}

fn print_hits(lang: crate::i18n::Lang, hits: &[kb::Hit], json: bool, scored: bool) -> Result<()> {
    if json {
        return outln(serde_json::to_string_pretty(hits)?);
    }
    for h in hits {
        let score = if scored {
            format!("{:>7.3}  ", h.score)
        } else {
            String::new()
        };
        outln(format!(
            "{:>5}  {score}{:<14}  {:<2}  {}{}",
            h.id,
            text::fit(&h.category, 14),
            h.language,
            h.title,
            if h.visibility == "internal" {
                format!("  [{}]", t(lang, Msg::KbInternal))
            } else {
                String::new()
            }
        ))?;
        if scored && !h.snippet.is_empty() {
            outln(format!("       {}", bracketed(&h.snippet, &h.highlights)))?;
        }
    }
    Ok(())
}

/// The snippet with its matched words in [brackets], for a terminal.
fn bracketed(snippet: &str, highlights: &[[usize; 2]]) -> String {
    let mut out = String::new();
    for (i, c) in snippet.chars().enumerate() {
        if highlights.iter().any(|h| h[0] == i) {
            out.push('[');
        }
        if highlights.iter().any(|h| h[1] == i) {
            out.push(']');
        }
        out.push(c);
    }
    if highlights.iter().any(|h| h[1] == snippet.chars().count()) {
        out.push(']');
    }
    out
}

fn show(conn: &rusqlite::Connection, article: &Article, json: bool) -> Result<()> {
    let (self_service, agent) = kb::view_counts(conn, article.id)?;
    let link = kb::link_text(conn, article)?;
    if json {
        return outln(serde_json::to_string_pretty(&ArticleJson {
            article,
            link,
            self_service_views: self_service,
            agent_views: agent,
            created: rfc3339(article.created_at),
            updated: rfc3339(article.updated_at),
        })?);
    }
    outln(format!("{}  [{}]", article.title, article.slug))?;
    let mut meta = vec![
        article.category.clone(),
        article.language.clone(),
        article.visibility.clone(),
    ];
    if article.faq {
        meta.push("FAQ".into());
    }
    if !article.tags.is_empty() {
        meta.push(article.tags.join(", "));
    }
    outln(meta.join(" · "))?;
    outln(format!("{link}  ({})", rfc3339(article.updated_at)))?;
    outln(format!("\n{}", article.body.trim_end()))
}

fn markdown_files(lang: crate::i18n::Lang, dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        UsageError(fill(
            t(lang, Msg::KbUnreadable),
            &[("path", &dir.display()), ("error", &e)],
        ))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(UsageError(fill(t(lang, Msg::KbNoFiles), &[("dir", &dir.display())])).into());
    }
    Ok(files)
}

/// Reads an article file; `me` is the author when the file names none.
fn read_article(
    conn: &rusqlite::Connection,
    lang: crate::i18n::Lang,
    file: &Path,
    me: Option<i64>,
) -> Result<NewArticle> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        UsageError(fill(
            t(lang, Msg::KbUnreadable),
            &[("path", &file.display()), ("error", &e)],
        ))
    })?;
    let parsed = front_matter::parse(&text, lang)
        .map_err(|why| UsageError(format!("{}: {why}", file.display())))?;
    let author_id = match &parsed.author {
        Some(name) => Some(
            agents::by_name(conn, name, chrono::Utc::now().timestamp())?
                .ok_or_else(|| {
                    UsageError(fill(
                        t(lang, Msg::KbUnknownAuthor),
                        &[("file", &file.display()), ("name", name)],
                    ))
                })?
                .id,
        ),
        None => me,
    };
    Ok(NewArticle {
        author_id,
        ..parsed.article
    })
}

/// The front matter of an article file: a block between `---` lines at the
/// top, one `key: value` per line. Values may be bare or JSON strings;
/// `tags` is a list, `[a, b]` or `a, b`. Keys: title (required), category
/// (required), slug, department, tags, language (default en), visibility
/// (default public), faq, author, created, updated (RFC 3339).
pub mod front_matter {
    use chrono::DateTime;

    use crate::i18n::{Lang, Msg, fill, t};
    use crate::store::kb::{Article, NewArticle};

    /// A parsed file: the article and the author's name, if it names one.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Parsed {
        pub article: NewArticle,
        pub author: Option<String>,
    }

    fn unquote(value: &str) -> Result<String, String> {
        let v = value.trim();
        if v.starts_with('"') {
            serde_json::from_str::<String>(v).map_err(|e| format!("{v}: {e}"))
        } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
            Ok(v[1..v.len() - 1].replace("''", "'"))
        } else {
            Ok(v.to_string())
        }
    }

    fn list(value: &str) -> Result<Vec<String>, String> {
        let v = value.trim();
        if let Ok(items) = serde_json::from_str::<Vec<String>>(v) {
            return Ok(items);
        }
        let inner = v
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(v);
        inner
            .split(',')
            .map(unquote)
            .filter(|r| r.as_ref().map_or(true, |s| !s.is_empty()))
            .collect()
    }

    fn instant(lang: Lang, key: &str, value: &str) -> Result<i64, String> {
        DateTime::parse_from_rfc3339(value.trim())
            .map(|t| t.timestamp())
            .map_err(|_| fill(t(lang, Msg::FmBadTime), &[("key", &key), ("value", &value)]))
    }

    /// Parses a file's text.
    pub fn parse(text: &str, lang: Lang) -> Result<Parsed, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or_default();
        if first.trim_end() != "---" {
            return Err(t(lang, Msg::FmNoStart).to_string());
        }
        let mut article = NewArticle {
            language: "en".into(),
            visibility: "public".into(),
            ..NewArticle::default()
        };
        let mut author = None;
        let mut closed = false;
        let mut consumed = first.len();
        for (n, line) in lines.by_ref().enumerate() {
            consumed += line.len();
            let line = line.trim_end();
            if line == "---" {
                closed = true;
                break;
            }
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(fill(
                    t(lang, Msg::FmNotKeyValue),
                    &[("line", &(n + 2)), ("text", &line)],
                ));
            };
            let key = key.trim().to_lowercase();
            match key.as_str() {
                "title" => article.title = unquote(value)?,
                "slug" => article.slug = Some(unquote(value)?),
                "category" => article.category = unquote(value)?,
                "department" => {
                    article.department = Some(unquote(value)?).filter(|d| !d.is_empty())
                }
                "tags" => article.tags = list(value)?,
                "language" | "lang" => article.language = unquote(value)?,
                "visibility" => article.visibility = unquote(value)?,
                "faq" => {
                    article.faq = match unquote(value)?.to_lowercase().as_str() {
                        "true" | "yes" | "1" => true,
                        "false" | "no" | "0" | "" => false,
                        other => {
                            return Err(fill(t(lang, Msg::FmBadFaq), &[("value", &other)]));
                        }
                    }
                }
                "author" => author = Some(unquote(value)?).filter(|a| !a.is_empty()),
                "created" => article.created_at = Some(instant(lang, "created", &unquote(value)?)?),
                "updated" => article.updated_at = Some(instant(lang, "updated", &unquote(value)?)?),
                other => {
                    return Err(fill(
                        t(lang, Msg::FmUnknownKey),
                        &[("line", &(n + 2)), ("key", &other)],
                    ));
                }
            }
        }
        if !closed {
            return Err(t(lang, Msg::FmNotClosed).to_string());
        }
        let body = &text[consumed.min(text.len())..];
        article.body = body.strip_prefix('\n').unwrap_or(body).to_string();
        for (name, value) in [("title", &article.title), ("category", &article.category)] {
            if value.trim().is_empty() {
                return Err(fill(t(lang, Msg::FmMissing), &[("name", &name)]));
            }
        }
        Ok(Parsed { article, author })
    }

    fn quoted(s: &str) -> String {
        serde_json::to_string(s).unwrap_or_default()
    }

    /// An article as a file `parse` reads back to the same article.
    pub fn write(a: &Article) -> String {
        let time = |secs: i64| {
            DateTime::from_timestamp(secs, 0)
                .unwrap_or_default()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        let mut out = String::from("---\n");
        out.push_str(&format!("title: {}\n", quoted(&a.title)));
        out.push_str(&format!("slug: {}\n", a.slug));
        out.push_str(&format!("category: {}\n", quoted(&a.category)));
        if let Some(d) = &a.department {
            out.push_str(&format!("department: {}\n", quoted(d)));
        }
        out.push_str(&format!(
            "tags: {}\n",
            serde_json::to_string(&a.tags).unwrap_or_else(|_| "[]".into())
        ));
        out.push_str(&format!("language: {}\n", a.language));
        out.push_str(&format!("visibility: {}\n", a.visibility));
        out.push_str(&format!("faq: {}\n", a.faq));
        if let Some(author) = &a.author {
            out.push_str(&format!("author: {}\n", quoted(author)));
        }
        out.push_str(&format!("created: {}\n", time(a.created_at)));
        out.push_str(&format!("updated: {}\n", time(a.updated_at)));
        out.push_str("---\n\n");
        out.push_str(&a.body);
        if !a.body.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}
