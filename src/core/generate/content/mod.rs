//! What the demo desk's customers and agents write, in English and Dutch.
//!
//! Each ticket is about one [`Topic`]; its subject, the customer's messages,
//! the agents' replies, notes and the matching KB article all come from that
//! topic's [`TopicText`] in the ticket's language, so a thread hangs together.
//! Templates carry slots filled per ticket by [`fill`]:
//! `{name}` (customer's first name), `{agent}` (agent's first name), `{order}`,
//! `{product}`, `{amount}`, `{invoice}` and `{subject}`.

mod en;
mod nl;

/// A kind of problem the desk sees, the same in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    /// The main tag, also the KB article's slug stem.
    pub key: &'static str,
    /// Index into [`crate::generate::people::TEAMS`].
    pub team: usize,
    /// KB category.
    pub category: &'static str,
    /// How common the topic is, relative to the others.
    pub weight: u32,
    /// A second tag some tickets get.
    pub extra_tag: &'static str,
}

const fn topic(
    key: &'static str,
    team: usize,
    category: &'static str,
    weight: u32,
    extra_tag: &'static str,
) -> Topic {
    Topic {
        key,
        team,
        category,
        weight,
        extra_tag,
    }
}

/// The topics, in the order of [`TopicText`] tables in each language.
pub const TOPICS: [Topic; 15] = [
    topic("double-charge", 0, "billing", 7, "payment"),
    topic("invoice", 0, "billing", 6, "administration"),
    topic("refund", 0, "refunds", 8, "payment"),
    topic("subscription", 0, "subscriptions", 6, "contract"),
    topic("payment-failed", 0, "billing", 5, "payment"),
    topic("two-factor", 1, "account & login", 5, "security"),
    topic("password-reset", 1, "account & login", 7, "login"),
    topic("app-crash", 1, "troubleshooting", 6, "app"),
    topic("outage", 1, "outages", 3, "incident"),
    topic("email-change", 1, "account & login", 3, "account"),
    topic("late-delivery", 2, "delivery", 11, "carrier"),
    topic("lost-parcel", 2, "delivery", 5, "claim"),
    topic("damaged-goods", 2, "returns", 6, "claim"),
    topic("return", 2, "returns", 8, "carrier"),
    topic("address-change", 2, "delivery", 4, "address"),
];

/// One topic's words in one language.
#[derive(Debug, Clone, Copy)]
pub struct TopicText {
    pub subjects: [&'static str; 2],
    /// The customer's first message.
    pub openings: [&'static str; 2],
    /// An agent's first answer that moves the case forward.
    pub reply: &'static str,
    /// An agent's question back to the customer (the ticket goes pending).
    pub ask: &'static str,
    /// The customer's answer to `ask`.
    pub followup: &'static str,
    /// The agent's message that solves the case.
    pub resolution: &'static str,
    /// An internal note between agents.
    pub note: &'static str,
    pub kb_title: &'static str,
    pub kb_intro: &'static str,
    pub kb_steps: [&'static str; 3],
}

/// A canned response as stored.
#[derive(Debug, Clone, Copy)]
pub struct Canned {
    pub shortcut: &'static str,
    pub title: &'static str,
    pub body: &'static str,
    pub set_status: Option<&'static str>,
    pub set_priority: Option<&'static str>,
    pub add_tags: &'static str,
}

/// Builds a [`TopicText`]; positional so each topic reads as one table row.
#[allow(clippy::too_many_arguments)]
const fn t(
    subjects: [&'static str; 2],
    openings: [&'static str; 2],
    reply: &'static str,
    ask: &'static str,
    followup: &'static str,
    resolution: &'static str,
    note: &'static str,
    kb: (&'static str, &'static str, [&'static str; 3]),
) -> TopicText {
    TopicText {
        subjects,
        openings,
        reply,
        ask,
        followup,
        resolution,
        note,
        kb_title: kb.0,
        kb_intro: kb.1,
        kb_steps: kb.2,
    }
}

/// Builds a [`Canned`] response; positional for the same reason as [`t`].
const fn canned(
    shortcut: &'static str,
    title: &'static str,
    body: &'static str,
    set_status: Option<&'static str>,
    set_priority: Option<&'static str>,
    add_tags: &'static str,
) -> Canned {
    Canned {
        shortcut,
        title,
        body,
        set_status,
        set_priority,
        add_tags,
    }
}

/// Everything in one language.
#[derive(Debug)]
pub struct Language {
    pub code: &'static str,
    pub topics: [TopicText; 15],
    pub products: &'static [&'static str],
    pub greeting: &'static str,
    pub signoff: &'static str,
    /// Call log prefix; the topic's reply follows it.
    pub call_in: &'static str,
    pub call_back: &'static str,
    /// The customer writing again after a solve.
    pub reopen: &'static [&'static str],
    pub escalation_reasons: &'static [&'static str],
    pub hold_notes: &'static [&'static str],
    pub reassign_reasons: &'static [&'static str],
    pub praise: &'static [&'static str],
    pub complaints: &'static [&'static str],
    /// KB section headings: steps, still stuck.
    pub kb_steps_heading: &'static str,
    pub kb_more_heading: &'static str,
    pub kb_more: &'static str,
    pub kb_internal: &'static [(&'static str, &'static str, &'static str)],
    pub canned: &'static [Canned],
}

pub const ENGLISH: &Language = &en::ENGLISH;
pub const DUTCH: &Language = &nl::DUTCH;

/// The language table for a ticket.
pub fn language(dutch: bool) -> &'static Language {
    if dutch { DUTCH } else { ENGLISH }
}

/// The per-ticket values of the template slots.
#[derive(Debug, Clone, Copy, Default)]
pub struct Slots<'a> {
    pub name: &'a str,
    pub agent: &'a str,
    pub order: &'a str,
    pub product: &'a str,
    pub amount: &'a str,
    pub invoice: &'a str,
    pub subject: &'a str,
}

/// Appends `template` to `out` with its slots filled. An unknown `{word}`
/// is copied as written, so a typo shows up in the output instead of vanishing.
pub fn fill(out: &mut String, template: &str, slots: &Slots<'_>) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        let value = match &after[..close] {
            "name" => Some(slots.name),
            "agent" => Some(slots.agent),
            "order" => Some(slots.order),
            "product" => Some(slots.product),
            "amount" => Some(slots.amount),
            "invoice" => Some(slots.invoice),
            "subject" => Some(slots.subject),
            _ => None,
        };
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_slots_and_keeps_unknown_words() {
        let slots = Slots {
            name: "Sanne",
            order: "#NL-48213",
            ..Slots::default()
        };
        let mut out = String::new();
        fill(&mut out, "Hi {name}, about {order} and {nope}.", &slots);
        assert_eq!(out, "Hi Sanne, about #NL-48213 and {nope}.");
    }

    #[test]
    fn every_template_uses_only_known_slots_and_no_control_characters() {
        let known = [
            "name", "agent", "order", "product", "amount", "invoice", "subject",
        ];
        for lang in [ENGLISH, DUTCH] {
            let mut all: Vec<&str> =
                vec![lang.greeting, lang.signoff, lang.call_in, lang.call_back];
            for t in &lang.topics {
                all.extend(t.subjects);
                all.extend(t.openings);
                all.extend([t.reply, t.ask, t.followup, t.resolution, t.note]);
            }
            all.extend(lang.reopen);
            for text in all {
                assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
                let mut rest = text;
                while let Some(open) = rest.find('{') {
                    let close = rest[open..].find('}').map(|c| open + c);
                    let word = close.map(|c| &rest[open + 1..c]).unwrap_or("");
                    assert!(known.contains(&word), "unknown slot {word:?} in {text}");
                    rest = &rest[close.unwrap_or(rest.len() - 1) + 1..];
                }
            }
        }
    }
}
