//! The stored form of a ticket's cells: measure names as short codes,
//! escaped text, encoded and decoded.

// The cells' types, the dimensions and the imports they need are the
// parent's ([`super`]).
use super::*;

/// Short codes for the measures in `rollup_tickets.cells` (a million tickets
/// keep their cells there: the full names would double its size).
pub(super) const CODES: &[(&str, &str)] = &[
    (measure::CREATED_CHANNEL, "cc:"),
    (measure::CREATED_TEAM, "ct:"),
    (measure::CREATED_TAG, "cg:"),
    (measure::CREATED, "c"),
    (measure::BACKLOG, "b"),
    (measure::FRT_BUSINESS, "fb"),
    (measure::FRT, "f"),
    (measure::TTR_BUSINESS, "tb"),
    (measure::TTR, "t"),
    (measure::RESPONSE, "r"),
    (measure::HANDLED_BY, "hdb"),
    (measure::HANDLE_BY, "hb"),
    (measure::HANDLED, "hd"),
    (measure::HANDLE, "h"),
    (measure::CALL_BY, "kb"),
    (measure::CALL, "k"),
    (measure::SOLVED_BY, "sb"),
    (measure::SOLVED, "s"),
    (measure::FCR_BASE, "fcb"),
    (measure::FCR_OK, "fco"),
    (measure::REOPENED, "ro"),
    (measure::HELD_OPEN, "ho"),
    (measure::HELD, "hl"),
    (measure::ESCALATED, "e"),
    (measure::SLA_DUE, "sd"),
    (measure::SLA_MET, "sm"),
    (measure::CSAT_GOOD, "qg"),
    (measure::CSAT, "q"),
    (measure::NPS_PROMOTER, "np"),
    (measure::NPS_DETRACTOR, "nd"),
    (measure::NPS, "n"),
    (measure::COLLISIONS, "x"),
];

/// Splits a measure into its base name and suffix (`frt#12` → `frt`, `#12`;
/// `created_tag:vip` → `created_tag:`, `vip`).
pub(super) fn split_measure(m: &str) -> (&str, &str) {
    let cut = m.find([measure::HIST, measure::REPEAT]).unwrap_or(m.len());
    match m.find(':') {
        Some(colon) if colon < cut => m.split_at(colon + 1),
        _ => m.split_at(cut),
    }
}

pub(super) fn push_code(out: &mut String, m: &str) {
    let (base, suffix) = split_measure(m);
    match CODES.iter().find(|(name, _)| *name == base) {
        Some((_, code)) => {
            out.push_str(code);
            push_escaped(out, suffix);
        }
        None => {
            out.push('=');
            push_escaped(out, m);
        }
    }
}

pub(super) fn name_of(code: &str) -> String {
    if let Some(full) = code.strip_prefix('=') {
        return full.to_string();
    }
    let cut = code
        .find([':', measure::HIST, measure::REPEAT])
        .map_or(code.len(), |i| {
            if code.as_bytes()[i] == b':' { i + 1 } else { i }
        });
    let (short, suffix) = code.split_at(cut);
    CODES
        .iter()
        .find(|(_, c)| *c == short)
        .map_or_else(|| code.to_string(), |(name, _)| format!("{name}{suffix}"))
}

/// Cells as stored in `rollup_tickets.cells`: the first day, then per cell
/// `code,day offset,actor,n,total` separated by `;`, with trailing defaults
/// (no actor, n 1, total 0) left off. Measure text never holds `,` or `;`:
/// tags are normalised words, and other names are escaped below.
pub(super) fn encode(cells: &[Cell]) -> String {
    use std::fmt::Write as _;
    let base = cells.iter().map(|c| c.day).min().unwrap_or(0);
    let mut out = String::with_capacity(16 + cells.len() * 12);
    let _ = write!(out, "{base}");
    for c in cells {
        out.push(';');
        push_code(&mut out, &c.measure);
        let _ = write!(out, ",{}", c.day - base);
        // Trailing defaults are left off: total 0, then n 1, then no actor.
        let fields = match (c.total, c.n, &c.actor) {
            (0, 1, None) => 0,
            (0, 1, Some(_)) => 1,
            (0, _, _) => 2,
            _ => 3,
        };
        if fields >= 1 {
            out.push(',');
            push_escaped(&mut out, c.actor.as_deref().unwrap_or(""));
        }
        if fields >= 2 {
            let _ = write!(out, ",{}", c.n);
        }
        if fields >= 3 {
            let _ = write!(out, ",{}", c.total);
        }
    }
    out
}

pub(super) fn push_escaped(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '%' => out.push_str("%25"),
            ',' => out.push_str("%2C"),
            ';' => out.push_str("%3B"),
            _ => out.push(ch),
        }
    }
}

pub(super) fn unescape(s: &str) -> String {
    s.replace("%3B", ";")
        .replace("%2C", ",")
        .replace("%25", "%")
}

pub(super) fn decode(text: &str) -> Vec<Cell> {
    let mut parts = text.split(';');
    let base: i32 = parts.next().and_then(|b| b.parse().ok()).unwrap_or(0);
    parts
        .filter_map(|cell| {
            let mut f = cell.split(',');
            let measure = name_of(&unescape(f.next()?));
            let day = base + f.next()?.parse::<i32>().ok()?;
            let actor = f.next().map(unescape).filter(|a| !a.is_empty());
            let n = f.next().map_or(Some(1), |v| v.parse().ok())?;
            let total = f.next().map_or(Some(0), |v| v.parse().ok())?;
            Some(Cell {
                measure,
                day,
                actor,
                n,
                total,
            })
        })
        .collect()
}
