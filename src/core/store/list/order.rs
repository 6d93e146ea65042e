//! The orders a list of tickets is read in, each written once.
//!
//! The urgency order (SLA due soonest, then priority, then age, then id) is
//! the queue's, "next ticket"'s and routing's notion of "most urgent"; the
//! indexes `tickets_urgency`, `tickets_status_urgency` and
//! `tickets_claimable` are built on exactly these columns, so every query
//! that orders by urgency reads them straight off an index. The other sort
//! keys are the columns the queue's views and `loket ticket list` offer.

/// The urgency order's key without its tie-break: the one place its columns
/// are written (a macro so the constants below can be built from it).
macro_rules! urgency_key {
    () => {
        "t.sla_next_due_at, t.priority_rank, t.created_at"
    };
}

/// The urgency order over tickets aliased `t`, most urgent first, made total
/// by the id. Also the row value compared in keyset positions.
pub const URGENCY: &str = concat!(urgency_key!(), ", t.id");

/// How many columns [`URGENCY`] has (for binding a keyset row value).
pub const URGENCY_COLUMNS: usize = 4;

/// The queue's order of a status filter: urgency, except that "all" shows
/// the active tickets first (the `is_active DESC` lead of `tickets_urgency`).
pub fn queue(active_first: bool) -> String {
    if active_first {
        format!("t.is_active DESC, {URGENCY}")
    } else {
        URGENCY.to_string()
    }
}

/// [`queue`] backwards, term by term: the same index read from its end.
pub fn queue_reversed(active_first: bool) -> String {
    let terms = URGENCY
        .split(", ")
        .map(|term| format!("{term} DESC"))
        .collect::<Vec<_>>()
        .join(", ");
    if active_first {
        format!("t.is_active ASC, {terms}")
    } else {
        terms
    }
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

    /// The key's terms, over `t` (tickets), `c` (customers) and `a` (the
    /// assignee), most significant first, without the id tie-break.
    fn terms(self) -> &'static str {
        match self {
            SortKey::Urgency => urgency_key!(),
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

/// How a list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// The `ORDER BY` terms: every term of the key in the sort's direction,
    /// then the id in the same direction, so ties always come out the same.
    pub fn sql(self) -> String {
        let direction = if self.descending { "DESC" } else { "ASC" };
        let mut terms: Vec<String> = self
            .key
            .terms()
            .split(", ")
            .map(|part| format!("{part} {direction}"))
            .collect();
        terms.push(format!("t.id {direction}"));
        terms.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_is_written_once_and_every_use_agrees() {
        assert_eq!(
            URGENCY,
            "t.sla_next_due_at, t.priority_rank, t.created_at, t.id"
        );
        assert_eq!(URGENCY.split(", ").count(), URGENCY_COLUMNS);
        assert_eq!(queue(false), URGENCY);
        assert_eq!(
            queue(true),
            "t.is_active DESC, t.sla_next_due_at, t.priority_rank, t.created_at, t.id"
        );
        assert_eq!(
            queue_reversed(true),
            "t.is_active ASC, t.sla_next_due_at DESC, t.priority_rank DESC, t.created_at DESC, t.id DESC"
        );
        // The urgency sort ascending is the urgency order, term by term.
        assert_eq!(
            Sort::default().sql(),
            "t.sla_next_due_at ASC, t.priority_rank ASC, t.created_at ASC, t.id ASC"
        );
        assert_eq!(
            Sort {
                key: SortKey::Urgency,
                descending: true
            }
            .sql(),
            "t.sla_next_due_at DESC, t.priority_rank DESC, t.created_at DESC, t.id DESC"
        );
    }

    #[test]
    fn every_other_sort_breaks_ties_by_id_in_its_direction() {
        let sort = |key, descending| Sort { key, descending }.sql();
        assert_eq!(sort(SortKey::Id, false), "t.id ASC, t.id ASC");
        assert_eq!(
            sort(SortKey::Customer, true),
            "c.name COLLATE NOCASE DESC, t.id DESC"
        );
        assert_eq!(
            sort(SortKey::Assignee, false),
            "a.display_name IS NULL ASC, a.display_name COLLATE NOCASE ASC, t.id ASC"
        );
        for key in SortKey::ALL {
            assert_eq!(key.as_str().parse::<SortKey>(), Ok(*key));
            assert!(sort(*key, true).ends_with("t.id DESC"));
        }
        assert!("nope".parse::<SortKey>().is_err());
    }
}
