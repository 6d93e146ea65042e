//! The one way untrusted text reaches the screen. The store already cleans
//! what it reads; this cleans again (control, escape and bidi-override
//! characters go) so nothing drawn depends on every caller having done it,
//! and it measures in display columns so CJK and emoji keep columns aligned.

use unicode_width::UnicodeWidthChar;

use crate::text::{clean_block, clean_line, fit, width};

/// One line of untrusted text, at most `max` columns wide.
pub fn line(s: &str, max: usize) -> String {
    fit(&clean_line(s), max)
}

/// A block of untrusted text wrapped at word boundaries to `max` columns;
/// words longer than a line are broken. Blank lines are kept.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut out = Vec::new();
    for paragraph in clean_block(s).split('\n') {
        let paragraph = clean_line(paragraph);
        let mut current = String::new();
        let mut used = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = width(word);
            if used > 0 && used + 1 + w <= max {
                current.push(' ');
                current.push_str(word);
                used += 1 + w;
                continue;
            }
            if used > 0 {
                out.push(std::mem::take(&mut current));
                used = 0;
            }
            if w <= max {
                current.push_str(word);
                used = w;
                continue;
            }
            for c in word.chars() {
                let cw = UnicodeWidthChar::width(c).unwrap_or(0);
                if used + cw > max {
                    out.push(std::mem::take(&mut current));
                    used = 0;
                }
                current.push(c);
                used += cw;
            }
        }
        out.push(current);
    }
    // A body's trailing line breaks say nothing.
    while out.len() > 1 && out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_escapes_and_bidi_and_fits_columns() {
        let hostile = "Hi\x1b]0;pwned\x07 \u{202E}there\u{9b}2J";
        let shown = line(hostile, 40);
        assert!(
            !shown.contains('\x1b') && !shown.contains('\u{202E}') && !shown.contains('\u{9b}')
        );
        assert_eq!(width(&line("短信验证码", 6)), 5);
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb\n\n", 10), vec!["a", "", "b"]);
        assert_eq!(wrap("短信验证码", 4), vec!["短信", "验证", "码"]);
        assert!(wrap("x\ry\x1b[2J", 20).iter().all(|l| !l.contains('\x1b')));
    }
}
