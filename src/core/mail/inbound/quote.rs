//! The quoted history below a customer's new text: what the customer's
//! mail program copied from earlier mail. It is kept apart
//! (`messages.quoted`) and folded in the thread view.
//!
//! Recognised, in the shapes real mail programs write them:
//! - attribution lines: "On Mon, 1 Dec 2026 at 10:00, Eva <eva@x> wrote:"
//!   (Gmail, Apple Mail, Thunderbird; also wrapped over two lines) and the
//!   Dutch "Op ma 1 dec. 2026 om 10:00 schreef Eva <eva@x>:" (and the
//!   German "Am … schrieb …:" and French "Le … a écrit :" of neighbours);
//! - Outlook's separators "-----Original Message-----" and
//!   "-----Oorspronkelijk bericht-----", and its header blocks "From: …
//!   Sent: …" / "Van: … Verzonden: …" (often under a line of underscores);
//! - a block of "> " lines that runs to the end of the mail.

/// Splits `body` into the new text and the quoted history (None when there
/// is none). When everything would be history (a mail of only quotes) the
/// whole body stays the new text: nothing the customer wrote is hidden.
pub fn split(body: &str) -> (String, Option<String>) {
    let lines: Vec<&str> = body.lines().collect();
    let Some(start) = history_start(&lines) else {
        return (body.trim_end().to_string(), None);
    };
    let new: Vec<&str> = lines[..start].to_vec();
    let new_text = new.join("\n").trim_end().to_string();
    if new_text.trim().is_empty() {
        return (body.trim_end().to_string(), None);
    }
    let quoted = lines[start..].join("\n").trim().to_string();
    if quoted.is_empty() {
        return (new_text, None);
    }
    (new_text, Some(quoted))
}

/// The line where the quoted history starts.
fn history_start(lines: &[&str]) -> Option<usize> {
    let marker = (0..lines.len()).find(|&i| is_marker(lines, i));
    let trailing = trailing_quote_block(lines);
    let start = match (marker, trailing) {
        (Some(m), Some(t)) => m.min(t),
        (m, t) => m.or(t)?,
    };
    // An underscore rule right above the history (Outlook) belongs to it.
    let mut start = start;
    while start > 0 {
        let above = lines[start - 1].trim();
        if above.is_empty() {
            start -= 1;
            continue;
        }
        if above.len() >= 8 && above.chars().all(|c| c == '_' || c == '-') {
            start -= 1;
        }
        break;
    }
    Some(start)
}

fn is_marker(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    let lower = line.to_lowercase();
    let next = lines.get(i + 1).map(|l| l.trim().to_lowercase());
    // "On … wrote:" / "Op … schreef …:", possibly wrapped onto the next line.
    let attribution = |l: &str| {
        (l.starts_with("on ") && l.ends_with("wrote:"))
            || (l.starts_with("op ") && l.contains("schreef") && l.ends_with(':'))
            || (l.starts_with("am ") && l.contains("schrieb") && l.ends_with(':'))
            || (l.starts_with("le ") && l.contains("a écrit") && l.ends_with(':'))
    };
    if attribution(&lower) {
        return true;
    }
    if let Some(next) = &next
        && ["on ", "op ", "am ", "le "]
            .iter()
            .any(|p| lower.starts_with(p))
        && !lower.ends_with('.')
    {
        let joined = format!("{lower} {next}");
        if attribution(&joined) && (next.ends_with("wrote:") || next.ends_with(':')) {
            return true;
        }
    }
    let separator = lower.trim_matches(|c| c == '-' || c == ' ');
    if line.starts_with("---")
        && matches!(
            separator,
            "original message" | "oorspronkelijk bericht" | "origineel bericht"
        )
    {
        return true;
    }
    // Outlook's header block: From:/Van: with Sent:/Verzonden: (or Date:/
    // Datum:) within the next few lines.
    let from = ["from:", "van:"].iter().any(|p| lower.starts_with(p));
    if from {
        return lines[i + 1..]
            .iter()
            .take(4)
            .map(|l| l.trim().to_lowercase())
            .any(|l| {
                ["sent:", "verzonden:", "date:", "datum:"]
                    .iter()
                    .any(|p| l.starts_with(p))
            });
    }
    false
}

/// The first line of a block of "> " lines (blank lines allowed) that runs
/// to the end of the mail, if there is one.
fn trailing_quote_block(lines: &[&str]) -> Option<usize> {
    let mut start = None;
    for i in (0..lines.len()).rev() {
        let line = lines[i].trim_start();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('>') {
            start = Some(i);
        } else {
            break;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_attribution_and_quotes_fold() {
        let (new, quoted) = split(
            "Still broken.\n\nOn Mon, 1 Dec 2026 at 10:00, Support <support@x.nl>\nwrote:\n> Did you restart it?\n> Regards",
        );
        assert_eq!(new, "Still broken.");
        let quoted = quoted.unwrap();
        assert!(quoted.starts_with("On Mon"), "{quoted}");
        assert!(quoted.ends_with("> Regards"));
    }

    #[test]
    fn dutch_and_outlook_shapes_fold() {
        let (new, quoted) = split(
            "Nog steeds kapot.\n\nOp ma 1 dec. 2026 om 10:00 schreef Support <s@x.nl>:\n> Heeft u hem herstart?",
        );
        assert_eq!(new, "Nog steeds kapot.");
        assert!(quoted.unwrap().contains("herstart"));
        let (new, quoted) = split(
            "Thanks!\n\n________________________________\nFrom: Support <s@x.nl>\nSent: Monday, 1 December 2026 10:00\nTo: Eva\nSubject: RE: printer\n\nDid you restart it?",
        );
        assert_eq!(new, "Thanks!");
        assert!(quoted.unwrap().starts_with("____"));
        let (new, quoted) =
            split("Bedankt\n\n-----Oorspronkelijk bericht-----\nVan: Support\nVerzonden: maandag");
        assert_eq!(new, "Bedankt");
        assert!(quoted.unwrap().starts_with("-----Oorspronkelijk"));
        let (_, quoted) =
            split("Ok\nVan: Support <s@x.nl>\nVerzonden: maandag 1 december 2026\n\noud");
        assert!(quoted.unwrap().starts_with("Van:"));
    }

    #[test]
    fn german_and_french_attributions_fold() {
        let (new, quoted) =
            split("Danke.\n\nAm Mo., 30. Nov. 2026 um 10:00 Uhr schrieb Support <s@x.de>:\n> Alt");
        assert_eq!(new, "Danke.");
        assert!(quoted.unwrap().starts_with("Am Mo."));
        let (new, quoted) =
            split("Merci.\n\nLe lun. 30 nov. 2026 à 10:00, Support <s@x.fr> a écrit :\n> Ancien");
        assert_eq!(new, "Merci.");
        assert!(quoted.unwrap().starts_with("Le lun."));
    }

    #[test]
    fn inline_answers_and_plain_mail_stay_whole() {
        let mail = "> Is it on?\nYes it is.\n> Which model?\nThe LX-200.";
        assert_eq!(split(mail), (mail.to_string(), None));
        assert_eq!(split("Just text.\n"), ("Just text.".to_string(), None));
        let only = "> all quoted\n> nothing new";
        assert_eq!(split(only), (only.to_string(), None));
        // A sentence that starts with "On" is not an attribution.
        let s = "On Monday the printer stopped.\nIt wrote: error 5.";
        assert_eq!(split(s).1, None);
    }
}
