//! Time is passed in: nothing under `src/core/store/` reads the wall clock
//! (issue 17). "Now" comes from the caller, as a `&dyn Clock` or a Unix
//! `now`, and SQL gets it as a bound `:now`, so every time rule of the store
//! can be tested at a fixed instant.
//!
//! Every `.rs` and `.sql` file under `src/core/store/` is read with its
//! comments dropped (a comment may well say "now"). In Rust code outside
//! string literals, `Utc::now`, `Local::now`, `SystemTime::now` and
//! `SystemClock` are refused; in string literals (the SQL) and in `.sql`
//! files, SQLite's own clock is: `'now'`, `unixepoch()`, `datetime()`,
//! `julianday()` and the like without arguments, and `CURRENT_TIMESTAMP`,
//! `CURRENT_DATE`, `CURRENT_TIME`.

use std::path::{Path, PathBuf};

/// Rust names that read the wall clock.
const RUST_CLOCKS: [&str; 4] = ["Utc::now", "Local::now", "SystemTime::now", "SystemClock"];

/// SQLite functions that mean "now" when called without arguments.
const SQL_NOW_FUNCTIONS: [&str; 5] = ["unixepoch", "datetime", "date", "time", "julianday"];

/// SQL keywords that read the clock.
const SQL_NOW_KEYWORDS: [&str; 3] = ["current_timestamp", "current_date", "current_time"];

/// A Rust file split into its code (string literals blanked) and the text
/// of its string literals, comments dropped from both.
#[derive(Debug, Default, PartialEq)]
struct Split {
    code: String,
    strings: Vec<String>,
}

/// Splits Rust source into code and string literals, dropping `//` and
/// (nested) `/* */` comments. Knows normal, byte and raw strings, char
/// literals and lifetimes; enough for this tree, not a Rust lexer.
fn split_rust(src: &str) -> Split {
    let c: Vec<char> = src.chars().collect();
    let n = c.len();
    let mut out = Split::default();
    let mut i = 0;
    while i < n {
        let at = |k: usize| c.get(k).copied().unwrap_or('\0');
        if c[i] == '/' && at(i + 1) == '/' {
            while i < n && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < n {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.code.push(' ');
        } else if c[i] == 'r'
            && (at(i + 1) == '"' || (at(i + 1) == '#' && raw_start(&c, i + 1)))
            && !ident_char(if i == 0 { ' ' } else { c[i - 1] })
        {
            // r"…", r#"…"#: ends at a quote followed by as many hashes.
            let mut j = i + 1;
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1; // the opening quote
            let start = j;
            while j < n && !(c[j] == '"' && (0..hashes).all(|h| at(j + 1 + h) == '#')) {
                j += 1;
            }
            out.strings.push(c[start..j.min(n)].iter().collect());
            out.code.push_str("\"\"");
            i = j + 1 + hashes;
        } else if c[i] == '"' {
            let mut j = i + 1;
            let mut text = String::new();
            while j < n && c[j] != '"' {
                if c[j] == '\\' {
                    // A line continuation or an escape: neither is SQL text.
                    j += 2;
                    text.push(' ');
                    continue;
                }
                text.push(c[j]);
                j += 1;
            }
            out.strings.push(text);
            out.code.push_str("\"\"");
            i = j + 1;
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\''), else a lifetime ('a).
            if at(i + 1) == '\\' {
                let mut j = i + 2;
                while j < n && c[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                out.code.push('\'');
                i += 1;
            }
            out.code.push(' ');
        } else {
            out.code.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Whether `c[k..]` (hashes) opens a raw string: `#…#"`.
fn raw_start(c: &[char], mut k: usize) -> bool {
    while c.get(k) == Some(&'#') {
        k += 1;
    }
    c.get(k) == Some(&'"')
}

fn ident_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// SQL text without its `--` and `/* */` comments (quotes are respected:
/// `'--'` is text).
fn strip_sql_comments(sql: &str) -> String {
    let c: Vec<char> = sql.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut quoted = false;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if quoted {
            if c[i] == '\'' {
                quoted = false;
            }
            out.push(c[i]);
            i += 1;
        } else if c[i] == '-' && next == Some('-') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            i += 2;
            while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                i += 1;
            }
            i += 2;
            out.push(' ');
        } else {
            if c[i] == '\'' {
                quoted = true;
            }
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// What in Rust code (string literals blanked) reads the wall clock.
fn rust_clock_reads(code: &str) -> Vec<String> {
    RUST_CLOCKS
        .iter()
        .filter(|name| {
            code.match_indices(*name).any(|(at, _)| {
                let before = code[..at].chars().next_back().unwrap_or(' ');
                let after = code[at + name.len()..].chars().next().unwrap_or(' ');
                !ident_char(before) && !ident_char(after)
            })
        })
        .map(|name| name.to_string())
        .collect()
}

/// What in SQL text reads SQLite's clock.
fn sql_clock_reads(sql: &str) -> Vec<String> {
    let lower = sql.to_lowercase();
    let mut found = Vec::new();
    if lower.contains("'now'") {
        found.push("'now'".to_string());
    }
    let words: Vec<(usize, &str)> = word_spans(&lower);
    for &(end, word) in &words {
        if SQL_NOW_KEYWORDS.contains(&word) {
            found.push(word.to_uppercase());
        }
        if SQL_NOW_FUNCTIONS.contains(&word) {
            // `name ( )`: called with no argument at all.
            let rest = lower[end..].trim_start();
            if let Some(inner) = rest.strip_prefix('(')
                && inner.trim_start().starts_with(')')
            {
                found.push(format!("{word}()"));
            }
        }
    }
    found
}

/// The words of `text` with the byte offset just after each.
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, ch) in text.char_indices().chain([(text.len(), ' ')]) {
        match (ident_char(ch), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                spans.push((at, &text[s..at]));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "sql") {
            out.push(path);
        }
    }
}

/// Every clock read in one file, as "path: what" lines.
fn clock_reads_in(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let found = if path.extension().is_some_and(|e| e == "sql") {
        sql_clock_reads(&strip_sql_comments(&text))
    } else {
        let split = split_rust(&text);
        let mut found = rust_clock_reads(&split.code);
        for s in &split.strings {
            found.extend(sql_clock_reads(&strip_sql_comments(s)));
        }
        found
    };
    found
        .into_iter()
        .map(|what| format!("{}: {what}", path.display()))
        .collect()
}

#[test]
fn the_store_never_reads_the_wall_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core/store");
    let mut files = Vec::new();
    files_under(&root, &mut files);
    files.sort();
    assert!(
        files.iter().any(|f| f.ends_with("agents.rs"))
            && files.iter().any(|f| f.ends_with("rollups/refresh.rs"))
            && files.iter().any(|f| f.ends_with("sql/0001_v1.sql")),
        "the store's files were found under {}",
        root.display()
    );
    let reads: Vec<String> = files.iter().flat_map(|f| clock_reads_in(f)).collect();
    assert!(
        reads.is_empty(),
        "the store reads the clock itself; take \"now\" from the caller \
         (a `&dyn Clock`, a `now: i64`, SQL `:now`) instead:\n{}",
        reads.join("\n")
    );
}

/// The scanner finds what it must and passes over comments and look-alikes.
#[test]
fn the_clock_scanner_tells_reads_from_comments_and_look_alikes() {
    let reads = |src: &str| {
        let split = split_rust(src);
        let mut found = rust_clock_reads(&split.code);
        for s in &split.strings {
            found.extend(sql_clock_reads(&strip_sql_comments(s)));
        }
        found
    };
    assert_eq!(reads("let t = chrono::Utc::now();"), ["Utc::now"]);
    assert_eq!(
        reads("let t = std::time::SystemTime::now();"),
        ["SystemTime::now"]
    );
    assert_eq!(reads("f(&SystemClock)"), ["SystemClock"]);
    assert_eq!(
        reads(r#"tx.execute("DELETE FROM x WHERE at < unixepoch( ) - 90", [])"#),
        ["unixepoch()"]
    );
    assert_eq!(
        reads(r##"q(r#"SELECT strftime('%s', 'NOW')"#)"##),
        ["'now'"]
    );
    assert_eq!(
        reads(r#"q("SELECT CURRENT_TIMESTAMP")"#),
        ["CURRENT_TIMESTAMP"]
    );
    assert_eq!(reads("q(\"SELECT datetime()\")"), ["datetime()"]);
    // Comments, arguments, bound parameters and other names are fine.
    assert!(reads("// Utc::now() is read by the caller\nlet x = 1;").is_empty());
    assert!(reads("/* SystemTime::now /* nested */ 'now' */ let y = 2;").is_empty());
    assert!(reads(r#"q("SELECT unixepoch(at), date(:now, 'unixepoch') -- 'now'")"#).is_empty());
    assert!(reads(r#"q("WHERE heartbeat_at >= :now - 90")"#).is_empty());
    assert!(reads("let d = t.date(); let c = FixedSystemClockish; 'a: loop {}").is_empty());
    assert!(reads("let q = '\"'; let now = clock.now();").is_empty());
    assert_eq!(
        sql_clock_reads(&strip_sql_comments(
            "-- unixepoch() is not read here\nCREATE TABLE t (at INTEGER DEFAULT (unixepoch()));"
        )),
        ["unixepoch()"]
    );
}
