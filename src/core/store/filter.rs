//! Ticket lists with filters and sorting, for `loket ticket list` and the
//! queue's views. The SQL is built from parts with bound values only: no
//! user text is ever spliced into a statement.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::Result;
use super::queue::{QueuePage, StatusFilter};
use crate::domain::{Channel, Priority};
use crate::text::clean_line;

/// Whose tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Nobody,
    Agent(i64),
    /// "Mine" with nobody signed in: no ticket matches.
    NoAgent,
}

/// Tickets by SLA state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaFilter {
    /// The next target is past due.
    Breached,
    /// The next target is due within this many seconds (and not yet past).
    DueWithin(i64),
}

/// Which tickets a list shows. Empty fields do not filter. Every list is
/// also narrowed to the viewer's teams when the desk restricts agents
/// ([`super::visibility`]): that happens here, for every reader.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TicketFilter {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub assignee: AssigneeFilter,
    pub team: Option<i64>,
    pub channel: Option<Channel>,
    pub tag: Option<String>,
    pub sla: Option<SlaFilter>,
    /// Words to find: all of them in the ticket's subject and customer
    /// (name, e-mail, organisation) or all in one of its messages, the last
    /// also as the start of a word; a number also finds that ticket. Always
    /// taken as plain text, never as query syntax.
    pub text: Option<String>,
}

/// A full-text query that means exactly the words typed: all must match,
/// the last may be the start of a word (see [`super::fts`]). `None` when
/// there is no word at all.
pub fn fts_query(text: &str) -> Option<String> {
    super::fts::all_words(text, true)
}

/// The columns a list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// Most urgent first: SLA due soonest, then priority, then age.
    #[default]
    Urgency,
    Id,
    Priority,
    Status,
    Subject,
    Customer,
    Assignee,
    Channel,
    /// Oldest first (ascending) or newest first (descending).
    Created,
    Updated,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[
        SortKey::Urgency,
        SortKey::Id,
        SortKey::Priority,
        SortKey::Status,
        SortKey::Subject,
        SortKey::Customer,
        SortKey::Assignee,
        SortKey::Channel,
        SortKey::Created,
        SortKey::Updated,
    ];

    /// The name on the command line and in saved views.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Urgency => "urgency",
            SortKey::Id => "id",
            SortKey::Priority => "priority",
            SortKey::Status => "status",
            SortKey::Subject => "subject",
            SortKey::Customer => "customer",
            SortKey::Assignee => "assignee",
            SortKey::Channel => "channel",
            SortKey::Created => "created",
            SortKey::Updated => "updated",
        }
    }

    fn sql(self) -> &'static str {
        match self {
            SortKey::Urgency => "t.sla_next_due_at, t.priority_rank, t.created_at",
            SortKey::Id => "t.id",
            SortKey::Priority => "t.priority_rank",
            SortKey::Status => {
                "CASE t.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 WHEN 'on_hold' THEN 3 \
                 WHEN 'solved' THEN 4 ELSE 5 END"
            }
            SortKey::Subject => "t.subject COLLATE NOCASE",
            SortKey::Customer => "c.name COLLATE NOCASE",
            SortKey::Assignee => "a.display_name IS NULL, a.display_name COLLATE NOCASE",
            SortKey::Channel => "t.channel",
            SortKey::Created => "t.created_at",
            SortKey::Updated => "t.updated_at",
        }
    }
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

fn where_clause(filter: &TicketFilter, now: i64) -> (String, Vec<Value>) {
    let mut parts: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut bind = |part: &str, value: Value, parts: &mut Vec<String>| {
        values.push(value);
        parts.push(part.replace('?', &format!("?{}", values.len())));
    };
    match filter.status {
        StatusFilter::Active => parts.push("t.is_active = 1".into()),
        StatusFilter::Only(s) => bind("t.status = ?", Value::Text(s.as_str().into()), &mut parts),
        StatusFilter::All => {}
    }
    if let Some(p) = filter.priority {
        bind("t.priority = ?", Value::Text(p.as_str().into()), &mut parts);
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Nobody => parts.push("t.assignee_id IS NULL".into()),
        AssigneeFilter::Agent(id) => bind("t.assignee_id = ?", Value::Integer(id), &mut parts),
        AssigneeFilter::NoAgent => parts.push("0".into()),
    }
    if let Some(team) = filter.team {
        bind("t.team_id = ?", Value::Integer(team), &mut parts);
    }
    if let Some(c) = filter.channel {
        bind("t.channel = ?", Value::Text(c.as_str().into()), &mut parts);
    }
    if let Some(tag) = &filter.tag {
        bind(
            "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = ?)",
            Value::Text(super::names::normalise_tag(tag)),
            &mut parts,
        );
    }
    if let Some(text) = filter.text.as_deref().map(clean_line)
        && !text.trim().is_empty()
    {
        // All the words typed, found in one place: the ticket (subject and
        // customer together) or one of its messages. Both through full-text
        // indexes, so a search never reads every ticket.
        let mut either = Vec::new();
        if let Some(query) = fts_query(&text) {
            bind(
                "t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? \
                 UNION SELECT m.ticket_id FROM messages m WHERE m.id IN \
                 (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?))",
                Value::Text(query),
                &mut either,
            );
        }
        // "#123" or "123": the ticket with that number, too.
        if let Ok(id) = text.trim().trim_start_matches('#').parse::<i64>() {
            bind("t.id = ?", Value::Integer(id), &mut either);
        }
        if either.is_empty() {
            either.push("0".into());
        }
        parts.push(format!("({})", either.join(" OR ")));
    }
    match filter.sla {
        None => {}
        Some(SlaFilter::Breached) => bind("t.sla_next_due_at < ?", Value::Integer(now), &mut parts),
        Some(SlaFilter::DueWithin(secs)) => {
            bind("t.sla_next_due_at >= ?", Value::Integer(now), &mut parts);
            bind(
                "t.sla_next_due_at < ?",
                Value::Integer(now.saturating_add(secs)),
                &mut parts,
            );
        }
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", parts.join(" AND "))
    };
    (clause, values)
}

/// How many tickets match `filter`.
pub fn count(conn: &Connection, filter: &TicketFilter, now: i64) -> Result<i64> {
    let (clause, values) = where_clause(filter, now);
    let clause = super::visibility::narrow(conn, &clause)?;
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM tickets t {clause}"))?
        .query_row(rusqlite::params_from_iter(values.iter()), |r| r.get(0))?)
}

/// One page of tickets matching `filter`, in `sort` order (ties broken by id).
pub fn list(
    conn: &Connection,
    filter: &TicketFilter,
    sort: Sort,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<QueuePage> {
    let (clause, mut values) = where_clause(filter, now);
    let clause = super::visibility::narrow(conn, &clause)?;
    let total = count(conn, filter, now)?;
    let direction = if sort.descending { "DESC" } else { "ASC" };
    let order = sort
        .key
        .sql()
        .split(", ")
        .map(|part| format!("{part} {direction}"))
        .collect::<Vec<_>>()
        .join(", ");
    values.push(Value::Integer(limit.max(0)));
    values.push(Value::Integer(offset.max(0)));
    let n = values.len();
    let sql = format!(
        "SELECT {} FROM tickets t {} {clause} ORDER BY {order}, t.id {direction} LIMIT ?{} OFFSET ?{}",
        super::queue::COLUMNS,
        super::queue::JOINS,
        n - 1,
        n
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), super::queue::row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(QueuePage {
        rows,
        offset: offset.max(0),
        total,
    })
}

/// Where ticket `id` is in `filter`'s list in `sort` order, or `None` when
/// it is not in it; for keeping the console's selection on a ticket.
pub fn position_of(
    conn: &Connection,
    filter: &TicketFilter,
    sort: Sort,
    id: i64,
    now: i64,
) -> Result<Option<i64>> {
    let (clause, values) = where_clause(filter, now);
    let clause = super::visibility::narrow(conn, &clause)?;
    let direction = if sort.descending { "DESC" } else { "ASC" };
    let order = sort
        .key
        .sql()
        .split(", ")
        .map(|part| format!("{part} {direction}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT t.id FROM tickets t JOIN customers c ON c.id = t.customer_id
                LEFT JOIN agents a ON a.id = t.assignee_id {clause} ORDER BY {order}, t.id {direction}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
    let mut at = 0;
    while let Some(row) = rows.next()? {
        if row.get::<_, i64>(0)? == id {
            return Ok(Some(at));
        }
        at += 1;
    }
    Ok(None)
}

impl std::str::FromStr for SortKey {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        SortKey::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = SortKey::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "'{s}' is not a column to sort by; use one of: {}",
                    names.join(", ")
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_finds_subject_customer_and_number_as_plain_words() {
        let conn = crate::store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "INSERT INTO customers (id, name, email, organisation, since, created_at) VALUES
               (1, 'Eva Jansen', 'eva@example.nl', 'Bakkerij Brood', 0, 0),
               (2, 'Piet Bos', 'piet@bos.example', NULL, 0, 0);
             INSERT INTO tickets (subject, customer_id, channel, status, priority, created_at, updated_at) VALUES
               ('50% off coupon fails', 1, 'email', 'open', 'normal', 0, 0),
               ('500 error on checkout', 2, 'email', 'open', 'normal', 0, 0),
               ('Refund for order', 2, 'email', 'open', 'normal', 0, 0);",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let found = |text: &str| -> Vec<i64> {
            let filter = TicketFilter {
                status: StatusFilter::All,
                text: Some(text.to_string()),
                ..TicketFilter::default()
            };
            let sort = Sort {
                key: SortKey::Id,
                descending: false,
            };
            let page = list(&conn, &filter, sort, 0, 10, 0).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(page.total, page.rows.len() as i64, "count agrees with list");
            page.rows.iter().map(|r| r.id).collect()
        };
        assert_eq!(found("coupon"), vec![1]);
        assert_eq!(found("COUP"), vec![1], "any case, start of a word");
        assert_eq!(found("jansen"), vec![1], "customer name");
        assert_eq!(found("eva@example"), vec![1], "customer e-mail");
        assert_eq!(found("bakkerij"), vec![1], "organisation");
        assert_eq!(
            found("piet refund"),
            vec![3],
            "customer and subject together"
        );
        assert_eq!(found("50% off"), vec![1], "% is only a separator");
        assert_eq!(found("5_0"), Vec::<i64>::new(), "_ is no wildcard");
        assert_eq!(found("#2"), vec![2], "a ticket number");
        assert_eq!(found("' OR 1=1 --"), Vec::<i64>::new());
        assert_eq!(found("%%%"), Vec::<i64>::new(), "no words: nothing");
        assert_eq!(found("   ").len(), 3, "blank searches nothing");
        // Renaming the customer moves their tickets in the index.
        conn.execute(
            "UPDATE customers SET name = 'Eva de Vries' WHERE id = 1",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found("jansen"), Vec::<i64>::new());
        assert_eq!(found("vries"), vec![1]);
        conn.execute("UPDATE tickets SET subject = 'Voucher' WHERE id = 1", [])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found("coupon"), Vec::<i64>::new());
        assert_eq!(found("voucher vries"), vec![1]);
        let sort = Sort {
            key: SortKey::Id,
            descending: false,
        };
        let filter = TicketFilter {
            status: StatusFilter::All,
            text: Some("error".into()),
            ..TicketFilter::default()
        };
        assert_eq!(
            position_of(&conn, &filter, sort, 2, 0).unwrap_or_default(),
            Some(0)
        );
        assert_eq!(
            position_of(&conn, &filter, sort, 1, 0).unwrap_or_default(),
            None
        );
    }
}
