//! Filling a canned response's placeholders from the ticket.

/// What placeholders can say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values<'a> {
    pub customer_name: &'a str,
    pub agent_name: &'a str,
    pub ticket_id: i64,
    pub team: &'a str,
}

/// `body` with `{customer_name}`, `{customer_first_name}`, `{agent_name}`,
/// `{ticket_id}` and `{team}` filled in. Unknown braces stay as they are,
/// so a typo shows in the draft instead of vanishing; the text filled in is
/// only inserted, never read as placeholders again.
pub fn fill(body: &str, values: &Values<'_>) -> String {
    let first = values
        .customer_name
        .split_whitespace()
        .next()
        .unwrap_or_default();
    let id = values.ticket_id.to_string();
    let known: [(&str, &str); 5] = [
        ("customer_name", values.customer_name),
        ("customer_first_name", first),
        ("agent_name", values.agent_name),
        ("ticket_id", &id),
        ("team", values.team),
    ];
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            known
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match filled {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_every_placeholder_and_leaves_unknown_ones() {
        let values = Values {
            customer_name: "Jan Bakker",
            agent_name: "Anna de Vries",
            ticket_id: 4411,
            team: "Billing",
        };
        assert_eq!(
            fill(
                "Dear {customer_first_name} ({customer_name}), re #{ticket_id}: {team} here. {agent_name} {unknown} {",
                &values
            ),
            "Dear Jan (Jan Bakker), re #4411: Billing here. Anna de Vries {unknown} {"
        );
    }

    #[test]
    fn filled_text_is_not_filled_again() {
        let values = Values {
            customer_name: "{agent_name}",
            agent_name: "Anna",
            ..Values::default()
        };
        assert_eq!(fill("Hi {customer_name}", &values), "Hi {agent_name}");
    }
}
