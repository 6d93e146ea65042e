//! The walked search ([`super::search`]) against the old way (every match
//! mapped to its ticket and sorted): the same tickets in the same order,
//! the same count and the same positions, for every status and filter,
//! the fence, both directions, and words found only among closed tickets,
//! only among open ones, nowhere, as a prefix, two words and a number.

use rusqlite::Connection;

use super::*;
use crate::domain::{Channel, Priority, Status};
use crate::store::visibility;

const NOW: i64 = 1_796_000_000;

/// A generated desk, with some active tickets without an SLA (they sort
/// among the closed ones) and words put only in closed or only in open
/// tickets.
fn desk(seed: u64) -> Connection {
    let mut conn = crate::store::open_in_memory().unwrap();
    crate::generate::generate(
        &mut conn,
        &crate::generate::GenerateOptions {
            tickets: 1500,
            seed,
            now: NOW,
        },
    )
    .unwrap();
    conn.execute_batch(
        "UPDATE tickets SET sla_policy_id = NULL WHERE is_active = 1 AND id % 5 = 0;
         UPDATE tickets SET subject = subject || ' zzdicht' WHERE is_active = 0 AND id % 3 = 0;
         UPDATE tickets SET subject = subject || ' zzopen' WHERE is_active = 1 AND id % 2 = 0;
         UPDATE tickets SET subject = subject || ' zzzeldzaam' WHERE id IN (7, 700, 1400);",
    )
    .unwrap();
    conn
}

/// The old way: the count and the page as `filter::list` read them.
fn old_page(conn: &Connection, filter: &TicketFilter, sort: Sort, offset: i64) -> QueuePage {
    QueuePage {
        total: counted(conn, filter, NOW).unwrap(),
        rows: rows(conn, filter, Order::Sorted(sort), offset, 60, NOW).unwrap(),
        offset: offset.max(0),
    }
}

fn ids(rows: &[QueueRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

/// Compares every page of `filter` in both urgency directions, read by
/// [`page`] and by a walk that may never give up, with the old way; and
/// positions. Returns how many tickets the list holds.
fn same_as_old(conn: &Connection, filter: &TicketFilter) -> i64 {
    let mut total = 0;
    for descending in [false, true] {
        let sort = Sort {
            key: SortKey::Urgency,
            descending,
        };
        let everything = rows(conn, filter, Order::Sorted(sort), 0, i64::MAX, NOW).unwrap();
        total = everything.len() as i64;
        let what = format!("{filter:?} descending={descending}");
        let mut offsets: Vec<i64> = (0..total + 60).step_by(60).collect();
        offsets.extend([
            1,
            7,
            total / 2,
            total - 61,
            total - 60,
            total - 1,
            total,
            total + 5,
        ]);
        let forced = search::Search::of(conn, filter, Order::Sorted(sort), NOW).unwrap();
        for offset in offsets.into_iter().filter(|o| *o >= 0) {
            let old = old_page(conn, filter, sort, offset);
            assert_eq!(old.total, total, "{what}");
            let new = page(conn, filter, Order::Sorted(sort), offset, 60, NOW).unwrap();
            assert_eq!(new, old, "{what} at {offset}");
            if let Some(search) = forced.as_ref() {
                for limit in [60, 7, 1] {
                    let old = rows(conn, filter, Order::Sorted(sort), offset, limit, NOW).unwrap();
                    for (how, budget) in [("walked", i64::MAX), ("mapped", -1)] {
                        let found = search
                            .with_budget(budget)
                            .page_ids(conn, offset, limit, total)
                            .unwrap();
                        assert_eq!(found, ids(&old), "{what} {how} at {offset}+{limit}");
                    }
                }
                if let Some(known) = search.total() {
                    assert_eq!(known, total, "{what}");
                }
            }
        }
        // Positions: every tenth ticket of the list, and tickets not in it.
        let listed = ids(&everything);
        let mut probes: Vec<i64> = listed.iter().step_by(10).copied().collect();
        probes.extend([1, 2, 3, 500, 999_999]);
        for id in probes {
            let want = listed.iter().position(|l| *l == id).map(|at| at as i64);
            let got = position_of(conn, filter, Order::Sorted(sort), id, NOW).unwrap();
            assert_eq!(got, want, "{what}: position of #{id}");
            if let Some(search) = forced.as_ref().map(|s| s.with_budget(i64::MAX)) {
                let walked = search.position(conn, id).unwrap().unwrap();
                let pin = i64::from(search.pin.is_some());
                assert_eq!(
                    walked.map(|at| at + pin),
                    want.filter(|at| *at > 0 || pin == 0)
                );
            }
        }
    }
    total
}

#[test]
fn the_walked_search_lists_what_the_old_one_did() {
    let conn = desk(2026);
    let agent: i64 = conn
        .query_row(
            "SELECT a.id FROM agents a JOIN agent_teams x ON x.agent_id = a.id
             WHERE a.role = 'agent' ORDER BY a.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let tag: String = conn
        .query_row(
            "SELECT tag FROM ticket_tags GROUP BY tag ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let words = [
        "geen",
        "vervoerder",
        "verv",
        "geen bericht",
        "zzdicht",
        "zzopen",
        "zzzeldzaam",
        "xyzzy",
        "#700",
        "700",
        "#7",
        "zzd",
    ];
    let statuses = [
        StatusFilter::All,
        StatusFilter::Only(Status::Closed),
        StatusFilter::Only(Status::Solved),
        StatusFilter::Active,
    ];
    let mut found = std::collections::HashMap::new();
    for text in words {
        for status in statuses {
            let filter = TicketFilter {
                status,
                text: Some(text.into()),
                ..TicketFilter::default()
            };
            found.insert((text, status), same_as_old(&conn, &filter));
        }
    }
    let all = |text| found[&(text, StatusFilter::All)];
    assert!(all("geen") > 50 && all("vervoerder") > 100, "common words");
    assert!(all("verv") >= all("vervoerder"));
    assert!(all("zzdicht") > 100 && found[&("zzdicht", StatusFilter::Active)] == 0);
    assert!(all("zzopen") > 10 && found[&("zzopen", StatusFilter::Only(Status::Closed))] == 0);
    assert_eq!(all("xyzzy"), 0);

    // The other filters, each with a common word.
    let narrowed = [
        TicketFilter {
            team: Some(1),
            ..TicketFilter::default()
        },
        TicketFilter {
            assignee: AssigneeFilter::Nobody,
            ..TicketFilter::default()
        },
        TicketFilter {
            assignee: AssigneeFilter::Agent(agent),
            ..TicketFilter::default()
        },
        TicketFilter {
            channel: Some(Channel::Email),
            priority: Some(Priority::High),
            ..TicketFilter::default()
        },
        TicketFilter {
            tag: Some(tag),
            ..TicketFilter::default()
        },
        TicketFilter {
            sla: Some(SlaFilter::Breached),
            ..TicketFilter::default()
        },
        TicketFilter {
            sla: Some(SlaFilter::DueWithin(86_400)),
            ..TicketFilter::default()
        },
    ];
    for base in &narrowed {
        for text in ["geen", "verv", "zzdicht", "#700"] {
            for status in [StatusFilter::All, StatusFilter::Only(Status::Closed)] {
                let filter = TicketFilter {
                    status,
                    text: Some(text.into()),
                    ..base.clone()
                };
                same_as_old(&conn, &filter);
            }
        }
    }

    // A restricted agent sees their teams' tickets only.
    visibility::set_restricted(&conn, true).unwrap();
    visibility::set_viewer(&conn, Some(agent)).unwrap();
    assert!(visibility::applies(&conn).unwrap());
    for text in ["geen", "zzdicht", "#700", "#7"] {
        let filter = TicketFilter {
            status: StatusFilter::All,
            text: Some(text.into()),
            ..TicketFilter::default()
        };
        let fenced = same_as_old(&conn, &filter);
        assert!(fenced <= all(text), "{text}: the fence narrows");
        if text == "geen" {
            assert!(fenced < all(text), "the agent sees some teams only");
        }
    }
}

/// The ids of a search of every ticket for `text`, in the urgency order.
fn found(conn: &Connection, text: &str) -> Vec<i64> {
    let filter = TicketFilter {
        status: StatusFilter::All,
        text: Some(text.into()),
        ..TicketFilter::default()
    };
    ids(
        &page(conn, &filter, Order::Sorted(Sort::default()), 0, 500, NOW)
            .unwrap()
            .rows,
    )
}

#[test]
fn the_kept_matches_follow_every_write_on_any_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let clock = crate::clock::FixedClock::at_unix(NOW);
    let mut writer = crate::store::open(&path, crate::store::OpenMode::ReadWrite, &clock).unwrap();
    crate::generate::generate(
        &mut writer,
        &crate::generate::GenerateOptions {
            tickets: 300,
            seed: 7,
            now: NOW,
        },
    )
    .unwrap();
    let reader = crate::store::open(&path, crate::store::OpenMode::ReadOnly, &clock).unwrap();
    let stamp = |conn: &Connection| -> i64 {
        conn.query_row("SELECT changes FROM temp.search_matches", [], |r| r.get(0))
            .unwrap()
    };
    assert!(found(&reader, "zzkept").is_empty());
    // Kept: the stamp is the connection's count of changes after keeping them.
    assert_eq!(stamp(&reader), reader.total_changes() as i64);

    // Another connection writes: the reader sees it.
    writer
        .execute(
            "UPDATE tickets SET subject = subject || ' zzkept' WHERE id IN (3, 30)",
            [],
        )
        .unwrap();
    assert_eq!(found(&reader, "zzkept"), found(&writer, "zzkept"));
    assert_eq!(found(&reader, "zzkept").len(), 2);
    // The connection writes itself (no other connection's commit between).
    writer
        .execute(
            "UPDATE tickets SET subject = 'Nothing here' WHERE id = 3",
            [],
        )
        .unwrap();
    assert_eq!(found(&writer, "zzkept"), vec![30]);
    assert_eq!(found(&reader, "zzkept"), vec![30]);
    // Another search replaces the kept one; the first is read again.
    assert!(!found(&writer, "geen").is_empty());
    assert_eq!(found(&writer, "zzkept"), vec![30]);
}

#[test]
fn every_walk_reads_its_index_in_its_order() {
    let conn = desk(11);
    for (status, index) in [
        (StatusFilter::All, "tickets_urgency (is_active=?"),
        (
            StatusFilter::Only(Status::Closed),
            "tickets_status_urgency (status=?",
        ),
    ] {
        let filter = TicketFilter {
            status,
            text: Some("geen".into()),
            team: Some(1),
            ..TicketFilter::default()
        };
        let search = search::Search::of(&conn, &filter, Order::Sorted(Sort::default()), NOW)
            .unwrap()
            .unwrap();
        let statements = search.chunk_statements();
        assert_eq!(
            statements.len(),
            if status == StatusFilter::All { 8 } else { 4 }
        );
        for (sql, values) in statements {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let lines: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(lines.iter().any(|l| l.contains(index)), "{sql}: {lines:?}");
            assert!(
                !lines.iter().any(|l| l.contains("TEMP B-TREE")),
                "the order is the index's: {sql}: {lines:?}"
            );
        }
    }
}

#[test]
fn a_sorted_page_read_from_the_end_is_the_same_page() {
    let conn = desk(5);
    // An open ticket's number, put in many other tickets' subjects too.
    let number: i64 = conn
        .query_row("SELECT max(id) FROM tickets WHERE is_active = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        &format!("UPDATE tickets SET subject = subject || ' {number}' WHERE id % 3 = 0"),
        [],
    )
    .unwrap();
    assert_eq!(
        pinned(
            &conn,
            &TicketFilter {
                status: StatusFilter::Active,
                text: Some(number.to_string()),
                ..TicketFilter::default()
            },
            NOW
        )
        .unwrap(),
        Some(number)
    );
    let filters = [
        TicketFilter::of_status(StatusFilter::Active),
        TicketFilter::of_status(StatusFilter::All),
        TicketFilter {
            status: StatusFilter::Active,
            text: Some("geen".into()),
            ..TicketFilter::default()
        },
        // A number: its ticket is row 0, the rest follow.
        TicketFilter {
            status: StatusFilter::Active,
            text: Some(format!("#{number}")),
            ..TicketFilter::default()
        },
        TicketFilter {
            status: StatusFilter::Active,
            text: Some(number.to_string()),
            ..TicketFilter::default()
        },
    ];
    for filter in &filters {
        for key in SortKey::ALL {
            for descending in [false, true] {
                let order = Order::Sorted(Sort {
                    key: *key,
                    descending,
                });
                let everything = ids(&rows(&conn, filter, order, 0, i64::MAX, NOW).unwrap());
                let total = everything.len() as i64;
                for offset in [
                    1,
                    total / 2,
                    total - 61,
                    total - 60,
                    total - 7,
                    total - 1,
                    total,
                    total + 5,
                ] {
                    let offset = offset.max(0);
                    let got = page(&conn, filter, order, offset, 60, NOW).unwrap();
                    assert_eq!(got.total, total, "{filter:?} {order:?}");
                    let from = usize::try_from(offset).unwrap().min(everything.len());
                    let to = (from + 60).min(everything.len());
                    assert_eq!(
                        ids(&got.rows),
                        everything[from..to],
                        "{filter:?} {order:?} at {offset}"
                    );
                }
            }
        }
    }
}
