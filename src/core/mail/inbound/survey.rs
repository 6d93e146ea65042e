//! A survey answer by mail: the score on the first line of the reply, the
//! rest as the comment.

/// The score and comment of an answer to a `kind` survey ("csat": 1-5,
/// "nps": 0-10), or None when the first line is not a score alone (then the
/// reply is an ordinary follow-up). "4", "4/5", "Score: 4", "8 - good" and
/// "9." are scores; "4 printers broke" is not.
pub fn answer(kind: &str, text: &str) -> Option<(i64, Option<String>)> {
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?.trim();
    let lower = first.to_lowercase();
    let rest_of_line = lower
        .trim_start_matches("score:")
        .trim_start_matches("cijfer:")
        .trim_start_matches("score")
        .trim();
    let digits: String = rest_of_line
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let after = rest_of_line[digits.len()..].trim();
    let (max, min) = if kind == "nps" { (10, 0) } else { (5, 1) };
    let after = after
        .strip_prefix(&format!("/{max}"))
        .unwrap_or(after)
        .trim();
    let inline_comment = match after.chars().next() {
        None => None,
        Some('.' | '!' | ',') if after.len() == 1 => None,
        Some('-' | ':' | ',' | '.' | '!' | '–') => {
            Some(after[after.chars().next().map_or(0, char::len_utf8)..].trim())
        }
        Some(_) => return None,
    };
    let score: i64 = digits.parse().ok()?;
    if !(min..=max).contains(&score) {
        return None;
    }
    let mut comment = String::new();
    if let Some(c) = inline_comment.filter(|c| !c.is_empty()) {
        comment.push_str(c);
    }
    let rest: Vec<&str> = lines.collect();
    let rest = rest.join("\n");
    let rest = rest.trim();
    if !rest.is_empty() {
        if !comment.is_empty() {
            comment.push('\n');
        }
        comment.push_str(rest);
    }
    Some((score, (!comment.is_empty()).then_some(comment)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_on_the_first_line() {
        assert_eq!(answer("csat", "4"), Some((4, None)));
        assert_eq!(
            answer("csat", "\n5\nQuick and kind, thanks!"),
            Some((5, Some("Quick and kind, thanks!".into())))
        );
        assert_eq!(answer("csat", "4/5"), Some((4, None)));
        assert_eq!(answer("nps", "Score: 9."), Some((9, None)));
        assert_eq!(
            answer("nps", "10 - great"),
            Some((10, Some("great".into())))
        );
        assert_eq!(answer("nps", "0"), Some((0, None)));
    }

    #[test]
    fn other_first_lines_are_follow_ups() {
        assert_eq!(answer("csat", "6"), None);
        assert_eq!(answer("csat", "0"), None);
        assert_eq!(answer("nps", "11"), None);
        assert_eq!(answer("csat", "4 printers broke again"), None);
        assert_eq!(answer("csat", "The printer is broken again"), None);
        assert_eq!(answer("csat", ""), None);
    }
}
