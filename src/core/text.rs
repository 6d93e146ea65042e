//! Untrusted text (subjects, names, bodies) made safe for a terminal.
//!
//! Cleaning drops every control character (C0, DEL, C1: so no ESC, no CSI,
//! no OSC, no stray `\r`) and the bidi controls that can reorder what a
//! reader sees; it keeps letters, CJK and emoji. Widths are display columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Bidi embedding, override, isolate and mark characters.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Text for one line (a subject, a name): line breaks and tabs become spaces,
/// runs of white space fold to one, everything unsafe goes.
pub fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == '\n' || c == '\t' || c == '\r' || c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else if !is_unsafe(c) {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Text of several lines (a message body): `\r\n` and lone `\r` become line
/// breaks, tabs become four spaces, everything else unsafe goes.
pub fn clean_block(s: &str) -> String {
    let normalised = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalised.len());
    for c in normalised.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending in `…` when cut. Never splits a
/// wide character across the edge.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_survive() {
        let hostile = "a\x1b[2Jb\x1b]0;title\x07c\x1b]52;c;aGk=\x07d\u{9b}31me\r\u{202E}f\u{2066}g";
        let line = clean_line(hostile);
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert!(!line.contains('\u{202E}') && !line.contains('\u{2066}'));
        // The printable remains of the sequences stay visible as text: nothing is hidden.
        assert!(line.starts_with("a[2Jb]0;titlec"), "{line:?}");
        let block = clean_block(hostile);
        assert!(
            !block.chars().any(|c| c.is_control() && c != '\n'),
            "{block:?}"
        );
    }

    #[test]
    fn lines_fold_white_space() {
        assert_eq!(clean_line("  Refund\n\tplease  now "), "Refund please now");
        assert_eq!(clean_block("one\r\ntwo\rthree\tx"), "one\ntwo\nthree    x");
    }

    #[test]
    fn fit_counts_columns_not_bytes() {
        assert_eq!(fit("短信验证码", 6), "短信…");
        assert_eq!(width(&fit("短信验证码", 6)), 5);
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("abc", 0), "");
    }
}
