//! The shape of the source tree, checked: which file imports which.
//!
//! Every `.rs` file under `src/` (both crates: `loket` in `src/`, `loket-core`
//! in `src/core/`) is read, its module found from the crate roots' `mod`
//! declarations, and every path it names that starts at `crate`, `super`,
//! `self`, a crate of the workspace, one of its own child modules or a name
//! it imported (`use`) is resolved to the file of the module it names. A
//! name a module only re-exports (`pub use error::Result`) resolves to the
//! file that defines it, so `super::Result` is a dependency on `error.rs`, not
//! on the parent. Comments and string literals are skipped, so a doc link is no
//! dependency.
//!
//! Asserted:
//! - no file imports a file that imports it back, anywhere in `src/`;
//! - the console's state (`tui/app`) imports nothing from its drawing code (`tui/ui`);
//! - the store's files (`src/core/store/`) form no cycle at all: its aggregates
//!   depend downward only (issue 17);
//! - nothing in the store reads the wall clock: "now" is passed in
//!   (module `clock`, issue 17).
//!
//! The scanner is a small lexer, not a Rust parser: it knows enough of the
//! language (nested comments, raw strings, char literals and lifetimes, use
//! trees, inline `mod x { … }` blocks, `#[path]`) for this tree.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

mod clock;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    PathSep,
    Punct(char),
}

/// Tokens of a source file without comments; string literals keep their text
/// (for `#[path = "…"]`) and are otherwise never read as code.
fn lex(src: &str) -> Vec<Tok> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && i + 1 < n && chars[i + 1] == '/' {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && i + 1 < n && chars[i + 1] == '*' {
            let mut depth = 0;
            while i < n {
                if chars[i] == '/' && i + 1 < n && chars[i + 1] == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && i + 1 < n && chars[i + 1] == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some((text, next)) = raw_string(&chars, i) {
            out.push(Tok::Str(text));
            i = next;
        } else if c == '"' || (c == 'b' && i + 1 < n && chars[i + 1] == '"') {
            if c == 'b' {
                i += 1;
            }
            i += 1;
            let mut text = String::new();
            while i < n && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if i < n {
                    text.push(chars[i]);
                }
                i += 1;
            }
            i += 1;
            out.push(Tok::Str(text));
        } else if c == '\'' || (c == 'b' && i + 1 < n && chars[i + 1] == '\'') {
            if c == 'b' {
                i += 1;
            }
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if i + 1 < n && chars[i + 1] == '\\' {
                i += 2;
                while i < n && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if i + 2 < n && chars[i + 2] == '\'' {
                i += 3;
            } else {
                i += 1;
                while i < n && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < n && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A raw identifier r#type names `type`.
            if word == "r" && i < n && chars[i] == '#' {
                i += 1;
                continue;
            }
            out.push(Tok::Ident(word));
        } else if c.is_ascii_digit() {
            while i < n && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                if chars[i] == '.' && !(i + 1 < n && chars[i + 1].is_ascii_digit()) {
                    break;
                }
                i += 1;
            }
        } else if c == ':' && i + 1 < n && chars[i + 1] == ':' {
            out.push(Tok::PathSep);
            i += 2;
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
    }
    out
}

/// `r"…"`, `r#"…"#`, `br"…"` at `i`: the text and the index after it.
fn raw_string(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    // Not the tail of an identifier (`foobar"` cannot occur, but `var#` can't either).
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    let start = j;
    while j < chars.len() {
        if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
            let text = chars[start..j].iter().collect();
            return Some((text, j + 1 + hashes));
        }
        j += 1;
    }
    None
}

/// A module: its crate and its path inside it.
type ModKey = (String, Vec<String>);

#[derive(Debug, Clone)]
struct UseItem {
    /// The name it brings into scope (`*` for a glob).
    alias: String,
    path: Vec<String>,
}

#[derive(Default)]
struct Scan {
    /// Module → the file it is written in (an inline module is its file's).
    files: BTreeMap<ModKey, PathBuf>,
    /// Module → its `use` items.
    uses: HashMap<ModKey, Vec<UseItem>>,
    /// Every path a file names, with the module it is named in.
    refs: Vec<(PathBuf, ModKey, Vec<String>)>,
    /// (parent's file, child's file) of every `mod` declared in a file of its own.
    children: BTreeSet<(PathBuf, PathBuf)>,
}

fn ident(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

/// Parses one use tree starting at `toks[*i]`, appending its leaves.
fn use_tree(toks: &[Tok], i: &mut usize, prefix: Vec<String>, out: &mut Vec<UseItem>) {
    let mut path = prefix;
    if toks.get(*i) == Some(&Tok::PathSep) {
        *i += 1; // a leading `::`
    }
    loop {
        match toks.get(*i) {
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                *i += 1;
                if toks.get(*i) == Some(&Tok::PathSep) {
                    *i += 1;
                    continue;
                }
                let mut alias = path.last().cloned().unwrap_or_default();
                if ident(toks.get(*i)) == Some("as") {
                    alias = ident(toks.get(*i + 1)).unwrap_or("_").to_string();
                    *i += 2;
                }
                if alias == "self" {
                    path.pop();
                    alias = path.last().cloned().unwrap_or_default();
                }
                out.push(UseItem { alias, path });
                return;
            }
            Some(Tok::Punct('*')) => {
                *i += 1;
                out.push(UseItem {
                    alias: "*".to_string(),
                    path,
                });
                return;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                loop {
                    match toks.get(*i) {
                        Some(Tok::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Punct(',')) => *i += 1,
                        None => return,
                        _ => use_tree(toks, i, path.clone(), out),
                    }
                }
            }
            _ => return,
        }
    }
}

/// Reads `file` as module `key`, and the files of the modules it declares.
fn scan_file(scan: &mut Scan, file: &Path, key: ModKey, test: bool) {
    let src = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let toks = lex(&src);
    scan.files.insert(key.clone(), file.to_path_buf());
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    // Where `mod x;` of this file looks for x.rs.
    let child_dir = if matches!(stem, "mod" | "lib" | "main") {
        dir.clone()
    } else {
        dir.join(stem)
    };
    // Inline modules open here: (name, brace depth inside it, under cfg(test)).
    let mut inline: Vec<(String, usize, bool)> = Vec::new();
    let mut depth = 0usize;
    let mut pending_path: Option<String> = None;
    let mut pending_test = false;
    let in_test = |inline: &Vec<(String, usize, bool)>| test || inline.iter().any(|m| m.2);
    let mut i = 0;
    let scope = |inline: &Vec<(String, usize, bool)>| -> ModKey {
        let mut k = key.clone();
        k.1.extend(inline.iter().map(|m| m.0.clone()));
        k
    };
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct('{') => {
                depth += 1;
                pending_test = false;
                pending_path = None;
                i += 1;
            }
            Tok::Punct(';') => {
                pending_test = false;
                pending_path = None;
                i += 1;
            }
            Tok::Punct('}') => {
                if inline.last().is_some_and(|m| m.1 == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Punct('#') if toks.get(i + 1) == Some(&Tok::Punct('[')) => {
                if ident(toks.get(i + 2)) == Some("path")
                    && let Some(Tok::Str(p)) = toks.get(i + 4)
                {
                    pending_path = Some(p.clone());
                }
                if ident(toks.get(i + 2)) == Some("cfg")
                    && toks.get(i + 3) == Some(&Tok::Punct('('))
                    && ident(toks.get(i + 4)) == Some("test")
                    && toks.get(i + 5) == Some(&Tok::Punct(')'))
                {
                    pending_test = true;
                }
                i += 2;
            }
            Tok::Ident(w) if w == "mod" => {
                let Some(name) = ident(toks.get(i + 1)).map(str::to_string) else {
                    i += 1;
                    continue;
                };
                match toks.get(i + 2) {
                    Some(Tok::Punct(';')) => {
                        let child = match pending_path.take() {
                            Some(p) => dir.join(p),
                            None => {
                                let flat = child_dir.join(format!("{name}.rs"));
                                if flat.exists() {
                                    flat
                                } else {
                                    child_dir.join(&name).join("mod.rs")
                                }
                            }
                        };
                        let mut k = scope(&inline);
                        k.1.push(name);
                        scan.children.insert((file.to_path_buf(), child.clone()));
                        let child_test = in_test(&inline) || std::mem::take(&mut pending_test);
                        scan_file(scan, &child, k, child_test);
                        i += 3;
                    }
                    Some(Tok::Punct('{')) => {
                        pending_path = None;
                        let mut k = scope(&inline);
                        k.1.push(name.clone());
                        scan.files.insert(k, file.to_path_buf());
                        depth += 1;
                        inline.push((name, depth, std::mem::take(&mut pending_test)));
                        i += 3;
                    }
                    _ => i += 1,
                }
            }
            Tok::Ident(w) if w == "use" => {
                i += 1;
                let mut items = Vec::new();
                use_tree(&toks, &mut i, Vec::new(), &mut items);
                let here = scope(&inline);
                for item in items.iter().filter(|_| !in_test(&inline)) {
                    let mut p = item.path.clone();
                    if item.alias == "*" {
                        p.push("*".to_string());
                    }
                    scan.refs.push((file.to_path_buf(), here.clone(), p));
                }
                scan.uses.entry(here).or_default().extend(items);
            }
            Tok::Ident(first) => {
                // A path in code: `a::b::c`, not the tail of a longer one.
                let starts = i == 0 || toks[i - 1] != Tok::PathSep;
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::PathSep) {
                    match ident(toks.get(j + 1)) {
                        Some(s) => {
                            path.push(s.to_string());
                            j += 2;
                        }
                        None => break,
                    }
                }
                if starts && path.len() > 1 && !in_test(&inline) {
                    scan.refs
                        .push((file.to_path_buf(), scope(&inline), path.clone()));
                }
                i = j.max(i + 1);
            }
            _ => i += 1,
        }
    }
}

const CRATES: [&str; 2] = ["loket", "loket_core"];

impl Scan {
    /// The module a path names, from module `scope`; `exact` when the whole
    /// path is that module (not an item in it).
    fn resolve(&self, scope: &ModKey, path: &[String], hops: usize) -> Option<(ModKey, bool)> {
        if hops > 16 || path.is_empty() {
            return None;
        }
        let (mut cur, rest): (ModKey, &[String]) = match path[0].as_str() {
            "crate" => ((scope.0.clone(), Vec::new()), &path[1..]),
            "self" => (scope.clone(), &path[1..]),
            "super" => {
                let mut k = scope.clone();
                let mut n = 0;
                while path.get(n).map(String::as_str) == Some("super") {
                    k.1.pop()?;
                    n += 1;
                }
                (k, &path[n..])
            }
            c if CRATES.contains(&c) && scope.0 != c => ((c.to_string(), Vec::new()), &path[1..]),
            _ => {
                // Relative: a child module or a name imported into `scope`.
                let (k, exact) = self.step(scope, &path[0], hops)?;
                if !exact {
                    return Some((k, false));
                }
                (k, &path[1..])
            }
        };
        for seg in rest {
            if seg == "*" {
                return Some((cur, true));
            }
            match self.step(&cur, seg, hops) {
                Some((k, true)) => cur = k,
                Some((k, false)) => return Some((k, false)),
                None => return Some((cur, false)),
            }
        }
        Some((cur, true))
    }

    /// What name `seg` in module `cur` is: a child module, or something a
    /// `use` there brings in (followed to where it is defined).
    fn step(&self, cur: &ModKey, seg: &str, hops: usize) -> Option<(ModKey, bool)> {
        let mut child = cur.clone();
        child.1.push(seg.to_string());
        if self.files.contains_key(&child) {
            return Some((child, true));
        }
        let uses = self.uses.get(cur)?;
        if let Some(u) = uses.iter().find(|u| u.alias == seg) {
            return self.resolve(cur, &u.path, hops + 1);
        }
        // Through a glob import (`use super::*` in tests).
        for u in uses.iter().filter(|u| u.alias == "*") {
            if let Some((g, true)) = self.resolve(cur, &u.path, hops + 1)
                && g != *cur
                && let Some(found) = self.step(&g, seg, hops + 1)
            {
                return Some(found);
            }
        }
        None
    }
}

struct Graph {
    root: PathBuf,
    scan: Scan,
    edges: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

/// Reads both crates (and the binary) from their roots.
fn scan_all(root: &Path) -> Scan {
    let mut scan = Scan::default();
    for (file, krate) in [
        ("src/lib.rs", "loket"),
        ("src/main.rs", "loket_bin"),
        ("src/core/lib.rs", "loket_core"),
    ] {
        scan_file(&mut scan, &root.join(file), (krate.into(), vec![]), false);
    }
    scan
}

fn graph() -> Graph {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scan = scan_all(&root);
    let rel = |p: &Path| p.strip_prefix(&root).unwrap_or(p).to_path_buf();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (file, scope, path) in &scan.refs {
        let Some((target, _)) = scan.resolve(scope, path, 0) else {
            continue;
        };
        let Some(to) = scan.files.get(&target) else {
            continue;
        };
        let (from, to) = (rel(file), rel(to));
        if from != to {
            edges.entry(from).or_default().insert(to);
        }
    }
    Graph { root, scan, edges }
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// One cycle in `edges`, if any (depth-first search).
fn find_cycle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        at: &PathBuf,
        marks: &mut HashMap<PathBuf, Mark>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        marks.insert(at.clone(), Mark::Open);
        stack.push(at.clone());
        for next in edges.get(at).into_iter().flatten() {
            match marks.get(next) {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|p| p == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(c) = visit(edges, next, marks, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        marks.insert(at.clone(), Mark::Done);
        None
    }
    let mut marks = HashMap::new();
    for n in edges.keys() {
        if !marks.contains_key(n)
            && let Some(c) = visit(edges, n, &mut marks, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

fn show(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

#[test]
fn every_source_file_is_a_module_the_scan_reads() {
    let g = graph();
    let mut all = Vec::new();
    rs_files(&g.root.join("src"), &mut all);
    // The scan finds files through `mod` declarations; a file it never
    // reached would escape the checks below.
    let reached: BTreeSet<&PathBuf> = g.scan.files.values().collect();
    let missed: Vec<_> = all.iter().filter(|p| !reached.contains(p)).collect();
    assert!(missed.is_empty(), "files no crate declares: {missed:?}");
    // And it sees imports at all: the claim reads the store's visibility, the
    // console reads the store through the re-export in src/lib.rs.
    let imports = |from: &str, to: &str| {
        g.edges
            .get(Path::new(from))
            .is_some_and(|t| t.contains(Path::new(to)))
    };
    assert!(imports(
        "src/core/store/claim.rs",
        "src/core/store/visibility.rs"
    ));
    assert!(imports("src/cli/next.rs", "src/core/store/claim.rs"));
}

/// A module and the child it declares (`mod x;` in a file of its own) are
/// one unit: the child sees the parent's private items, the parent re-exports
/// and dispatches to the child. Between them a pair is allowed; the store's
/// own rule below has no such exception.
#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let g = graph();
    let rel = |p: &Path| p.strip_prefix(&g.root).unwrap_or(p).to_path_buf();
    let family: BTreeSet<(PathBuf, PathBuf)> = g
        .scan
        .children
        .iter()
        .flat_map(|(a, b)| [(rel(a), rel(b)), (rel(b), rel(a))])
        .collect();
    let mut pairs = Vec::new();
    for (a, targets) in &g.edges {
        for b in targets {
            if a < b
                && g.edges.get(b).is_some_and(|t| t.contains(a))
                && !family.contains(&(a.clone(), b.clone()))
            {
                pairs.push(format!("{} ↔ {}", a.display(), b.display()));
            }
        }
    }
    assert!(
        pairs.is_empty(),
        "files that import each other:\n  {}",
        pairs.join("\n  ")
    );
}

/// The console's state and `update` (`tui/app.rs`, `tui/app/`) never call
/// into the drawing code (`tui/ui/`): what both need to agree on (areas,
/// rows, wrapped lines) is measured in `tui/layout/`, which the app reads.
#[test]
fn the_console_state_imports_no_drawing_code() {
    let g = graph();
    let app = |p: &Path| p == Path::new("src/tui/app.rs") || p.starts_with("src/tui/app");
    let mut found = Vec::new();
    for (a, targets) in &g.edges {
        if app(a) {
            for b in targets.iter().filter(|b| b.starts_with("src/tui/ui")) {
                found.push(format!("{} → {}", a.display(), b.display()));
            }
        }
    }
    // The scan sees the app at all: it reads the layout it clamps with.
    assert!(
        g.edges
            .get(Path::new("src/tui/app.rs"))
            .is_some_and(|t| t.iter().any(|b| b.starts_with("src/tui/layout"))),
        "the scan found no import from tui/app.rs of tui/layout"
    );
    assert!(
        found.is_empty(),
        "the app imports drawing code:\n  {}",
        found.join("\n  ")
    );
}

/// The store's aggregates import downward only. A folder of the store
/// (`changes/`, `list/`, `kb/`, `rollups/`) counts as one aggregate: its
/// files may lean on each other, the folder as a whole may not be in a circle.
#[test]
fn the_store_depends_downward_only() {
    let g = graph();
    let store = Path::new("src/core/store");
    let node = |p: &Path| -> Option<PathBuf> {
        let rest = p.strip_prefix(store).ok()?;
        let mut parts = rest.components();
        let first = parts.next()?;
        Some(match parts.next() {
            Some(_) => store.join(first),
            None => p.to_path_buf(),
        })
    };
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (a, targets) in &g.edges {
        for b in targets {
            if let (Some(a), Some(b)) = (node(a), node(b))
                && a != b
            {
                edges.entry(a).or_default().insert(b);
            }
        }
    }
    // ARCH_DUMP=1 prints the store's graph, to find where to cut.
    if std::env::var_os("ARCH_DUMP").is_some() {
        for (a, targets) in &edges {
            eprintln!(
                "{} → {}",
                a.display(),
                show(&targets.iter().cloned().collect::<Vec<_>>()).replace(" → ", ", ")
            );
        }
    }
    if let Some(cycle) = find_cycle(&edges) {
        panic!("the store's modules import in a circle: {}", show(&cycle));
    }
}
