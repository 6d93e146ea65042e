//! A hand-built desk of twelve tickets for the KPI tests, written with plain
//! SQL (not the code under test) at fixed times in Europe/Amsterdam business
//! hours (the seeded default: Monday to Friday 09:00–17:00, CET in November).
//!
//! The window W is the week Monday 16 November 2026 00:00 to Monday 23
//! November 00:00, local; "now" is Monday 23 November 12:00. Every expected
//! value is worked out by hand in tests/kpi/kpis.rs.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use chrono::TimeZone;
use rusqlite::{Connection, params};

/// November 2026 in Amsterdam (CET, UTC+1): `ams(16, 10, 0)` is Monday
/// 16 November 10:00 local.
pub fn ams(day: u32, hour: u32, minute: u32) -> i64 {
    chrono_tz::Europe::Amsterdam
        .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .single()
        .unwrap()
        .timestamp()
}

pub fn week_from() -> i64 {
    ams(16, 0, 0)
}
pub fn week_to() -> i64 {
    ams(23, 0, 0)
}
pub fn now() -> i64 {
    ams(23, 12, 0)
}

pub const ANNA: i64 = 1;
pub const BRAM: i64 = 2;
pub const BILLING: i64 = 1;
pub const TECH: i64 = 2;

/// Seeded policy ids (one per priority, low first).
fn policy(priority: &str) -> i64 {
    match priority {
        "low" => 1,
        "normal" => 2,
        "high" => 3,
        _ => 4,
    }
}

#[allow(clippy::too_many_arguments)]
fn ticket(
    conn: &Connection,
    id: i64,
    created: i64,
    channel: &str,
    priority: &str,
    team: Option<i64>,
    assignee: Option<i64>,
    status: &str,
    solved: Option<i64>,
) {
    conn.execute(
        "INSERT INTO tickets (id, subject, customer_id, channel, status, priority, team_id, assignee_id,
             sla_policy_id, created_at, updated_at, solved_at)
         VALUES (?1, 'subject', 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        params![id, channel, status, priority, team, assignee, policy(priority), created, solved],
    )
    .unwrap();
}

fn customer_says(conn: &Connection, ticket: i64, at: i64) {
    conn.execute(
        "INSERT INTO messages (ticket_id, author, kind, body, created_at) VALUES (?1, 'customer', 'public', 'help', ?2)",
        params![ticket, at],
    )
    .unwrap();
}

fn agent_says(
    conn: &Connection,
    ticket: i64,
    agent: i64,
    kind: &str,
    at: i64,
    duration: Option<i64>,
) {
    conn.execute(
        "INSERT INTO messages (ticket_id, author, agent_id, kind, body, duration_s, created_at)
         VALUES (?1, 'agent', ?2, ?3, 'answer', ?4, ?5)",
        params![ticket, agent, kind, duration, at],
    )
    .unwrap();
}

fn event(
    conn: &Connection,
    ticket: i64,
    agent: Option<i64>,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    at: i64,
) {
    conn.execute(
        "INSERT INTO events (ticket_id, agent_id, kind, from_value, to_value, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ticket, agent, kind, from, to, at],
    )
    .unwrap();
}

fn status(conn: &Connection, ticket: i64, agent: Option<i64>, from: &str, to: &str, at: i64) {
    let kind = if to == "solved" {
        "solved"
    } else if from == "solved" || from == "closed" {
        "reopened"
    } else {
        "status_changed"
    };
    event(conn, ticket, agent, kind, Some(from), Some(to), at);
}

fn assigned(conn: &Connection, ticket: i64, agent: i64, at: i64) {
    let name = if agent == ANNA { "anna" } else { "bram" };
    event(conn, ticket, Some(agent), "assigned", None, Some(name), at);
}

fn session(conn: &Connection, ticket: i64, agent: i64, ended: i64, active: i64) {
    conn.execute(
        "INSERT INTO work_sessions (agent_id, ticket_id, started_at, ended_at, active_s) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![agent, ticket, ended - active, ended, active],
    )
    .unwrap();
}

fn survey(conn: &Connection, ticket: i64, kind: &str, score: i64, at: i64) {
    conn.execute(
        "INSERT INTO surveys (ticket_id, customer_id, kind, score, at) VALUES (?1, 1, ?2, ?3, ?4)",
        params![ticket, kind, score, at],
    )
    .unwrap();
}

/// Writes the desk into `conn` (a migrated, seeded database).
pub fn fill(conn: &Connection) {
    let long_ago = ams(1, 0, 0) - 400 * 86_400;
    conn.execute_batch("INSERT INTO teams (id, name) VALUES (1, 'billing'), (2, 'tech');")
        .unwrap();
    conn.execute(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES
            (1, 'anna', 'Anna', ?1), (2, 'bram', 'Bram', ?1)",
        [long_ago],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Jan', 'jan@example.nl', ?1, ?1)",
        [long_ago],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO kb_articles (id, slug, title, body, category, created_at, updated_at)
         VALUES (1, 'reset', 'Reset', 'How to reset', 'howto', ?1, ?1)",
        [long_ago],
    )
    .unwrap();

    // T1: email, normal, billing, anna. Answered after an hour, solved at 11:30.
    ticket(
        conn,
        1,
        ams(16, 10, 0),
        "email",
        "normal",
        Some(BILLING),
        Some(ANNA),
        "solved",
        Some(ams(16, 11, 30)),
    );
    conn.execute(
        "INSERT INTO ticket_tags (ticket_id, tag) VALUES (1, 'billing-question')",
        [],
    )
    .unwrap();
    customer_says(conn, 1, ams(16, 10, 0));
    assigned(conn, 1, ANNA, ams(16, 10, 5));
    status(conn, 1, Some(ANNA), "new", "open", ams(16, 10, 5));
    agent_says(conn, 1, ANNA, "public", ams(16, 11, 0), None);
    status(conn, 1, Some(ANNA), "open", "solved", ams(16, 11, 30));
    session(conn, 1, ANNA, ams(16, 11, 0), 600);
    survey(conn, 1, "csat", 3, ams(16, 12, 0));
    survey(conn, 1, "nps", 6, ams(16, 12, 0));

    // T2: web form on Saturday, nobody has it yet.
    ticket(
        conn,
        2,
        ams(21, 10, 0),
        "web",
        "normal",
        Some(TECH),
        None,
        "new",
        None,
    );
    customer_says(conn, 2, ams(21, 10, 0));

    // T3: phone at night (Thursday 20:00), urgent; bram calls back before
    // opening (Friday 08:30, 600 s talk), replies at 10:00, solves at 10:30.
    ticket(
        conn,
        3,
        ams(19, 20, 0),
        "phone",
        "urgent",
        Some(TECH),
        Some(BRAM),
        "solved",
        Some(ams(20, 10, 30)),
    );
    customer_says(conn, 3, ams(19, 20, 0));
    event(
        conn,
        3,
        None,
        "team_changed",
        None,
        Some("tech"),
        ams(19, 20, 0),
    );
    assigned(conn, 3, BRAM, ams(19, 20, 5));
    status(conn, 3, Some(BRAM), "new", "open", ams(19, 20, 5));
    agent_says(conn, 3, BRAM, "call", ams(20, 8, 30), Some(600));
    agent_says(conn, 3, BRAM, "public", ams(20, 10, 0), None);
    status(conn, 3, Some(BRAM), "open", "solved", ams(20, 10, 30));

    // T4: email, high, billing, anna. Answered late (14:00 for a 13:00 due),
    // pending until the customer writes on Wednesday 10:00, solved 12:00.
    ticket(
        conn,
        4,
        ams(17, 9, 0),
        "email",
        "high",
        Some(BILLING),
        Some(ANNA),
        "solved",
        Some(ams(18, 12, 0)),
    );
    customer_says(conn, 4, ams(17, 9, 0));
    assigned(conn, 4, ANNA, ams(17, 9, 0));
    status(conn, 4, Some(ANNA), "new", "open", ams(17, 9, 0));
    event(
        conn,
        4,
        Some(BRAM),
        "collision",
        Some("anna"),
        Some("bram"),
        ams(17, 13, 50),
    );
    agent_says(conn, 4, ANNA, "public", ams(17, 14, 0), None);
    status(conn, 4, Some(ANNA), "open", "pending", ams(17, 14, 0));
    customer_says(conn, 4, ams(18, 10, 0));
    status(conn, 4, None, "pending", "open", ams(18, 10, 0));
    agent_says(conn, 4, ANNA, "public", ams(18, 11, 0), None);
    status(conn, 4, Some(ANNA), "open", "solved", ams(18, 12, 0));
    session(conn, 4, ANNA, ams(18, 11, 0), 300);
    survey(conn, 4, "csat", 4, ams(18, 13, 0));
    survey(conn, 4, "nps", 8, ams(18, 13, 0));

    // T5: email, normal, billing, anna, tag vip. Solved Monday 15:00, the
    // customer writes again Wednesday 09:30 (reopen), solved again 10:30.
    ticket(
        conn,
        5,
        ams(16, 14, 0),
        "email",
        "normal",
        Some(BILLING),
        Some(ANNA),
        "solved",
        Some(ams(18, 10, 30)),
    );
    conn.execute(
        "INSERT INTO ticket_tags (ticket_id, tag) VALUES (5, 'vip')",
        [],
    )
    .unwrap();
    customer_says(conn, 5, ams(16, 14, 0));
    assigned(conn, 5, ANNA, ams(16, 14, 5));
    status(conn, 5, Some(ANNA), "new", "open", ams(16, 14, 5));
    agent_says(conn, 5, ANNA, "public", ams(16, 15, 0), None);
    status(conn, 5, Some(ANNA), "open", "solved", ams(16, 15, 0));
    customer_says(conn, 5, ams(18, 9, 30));
    status(conn, 5, None, "solved", "open", ams(18, 9, 30));
    agent_says(conn, 5, ANNA, "public", ams(18, 10, 0), None);
    status(conn, 5, Some(ANNA), "open", "solved", ams(18, 10, 30));
    survey(conn, 5, "nps", 9, ams(18, 12, 0));

    // T6: sms, low, bram; tier raised and handed from tech to billing on
    // Wednesday 11:00; never answered.
    ticket(
        conn,
        6,
        ams(18, 10, 0),
        "sms",
        "low",
        Some(BILLING),
        Some(BRAM),
        "open",
        None,
    );
    customer_says(conn, 6, ams(18, 10, 0));
    assigned(conn, 6, BRAM, ams(18, 10, 0));
    status(conn, 6, Some(BRAM), "new", "open", ams(18, 10, 0));
    event(
        conn,
        6,
        Some(BRAM),
        "tier_changed",
        Some("1"),
        Some("2"),
        ams(18, 11, 0),
    );
    event(
        conn,
        6,
        Some(BRAM),
        "team_changed",
        Some("tech"),
        Some("billing"),
        ams(18, 11, 0),
    );
    session(conn, 6, BRAM, ams(18, 11, 0), 1200);

    // T7: email, normal, billing, anna: an internal note (not a contact),
    // one reply, solved within the hour.
    ticket(
        conn,
        7,
        ams(19, 9, 0),
        "email",
        "normal",
        Some(BILLING),
        Some(ANNA),
        "solved",
        Some(ams(19, 10, 0)),
    );
    customer_says(conn, 7, ams(19, 9, 0));
    assigned(conn, 7, ANNA, ams(19, 9, 5));
    status(conn, 7, Some(ANNA), "new", "open", ams(19, 9, 5));
    agent_says(conn, 7, ANNA, "internal", ams(19, 9, 20), None);
    agent_says(conn, 7, ANNA, "public", ams(19, 9, 30), None);
    status(conn, 7, Some(ANNA), "open", "solved", ams(19, 10, 0));
    survey(conn, 7, "csat", 5, ams(19, 12, 0));
    survey(conn, 7, "nps", 10, ams(19, 12, 0));

    // T8: created the Friday before W, answered then, solved Monday 09:30.
    ticket(
        conn,
        8,
        ams(13, 10, 0),
        "email",
        "normal",
        Some(TECH),
        Some(BRAM),
        "solved",
        Some(ams(16, 9, 30)),
    );
    customer_says(conn, 8, ams(13, 10, 0));
    assigned(conn, 8, BRAM, ams(13, 10, 0));
    status(conn, 8, Some(BRAM), "new", "open", ams(13, 10, 0));
    agent_says(conn, 8, BRAM, "public", ams(13, 11, 0), None);
    session(conn, 8, BRAM, ams(13, 11, 0), 500);
    status(conn, 8, Some(BRAM), "open", "solved", ams(16, 9, 30));
    survey(conn, 8, "csat", 2, ams(15, 12, 0));

    // T9: chat, urgent, bram: spam, solved by an automation (no agent) 10
    // minutes after it came in, never answered.
    ticket(
        conn,
        9,
        ams(17, 11, 0),
        "chat",
        "urgent",
        Some(TECH),
        Some(BRAM),
        "solved",
        Some(ams(17, 11, 10)),
    );
    customer_says(conn, 9, ams(17, 11, 0));
    assigned(conn, 9, BRAM, ams(17, 11, 0));
    status(conn, 9, Some(BRAM), "new", "open", ams(17, 11, 0));
    status(conn, 9, None, "open", "solved", ams(17, 11, 10));

    // T10: Sunday 23:30, no team, nobody, tag vip.
    ticket(
        conn,
        10,
        ams(22, 23, 30),
        "email",
        "normal",
        None,
        None,
        "new",
        None,
    );
    conn.execute(
        "INSERT INTO ticket_tags (ticket_id, tag) VALUES (10, 'vip')",
        [],
    )
    .unwrap();

    // T11: Monday 23 08:00, after W.
    ticket(
        conn,
        11,
        ams(23, 8, 0),
        "email",
        "normal",
        None,
        None,
        "new",
        None,
    );

    // T12: phone, normal, bram: a 900 s call at creation, pending since 15:20.
    ticket(
        conn,
        12,
        ams(18, 15, 0),
        "phone",
        "normal",
        Some(TECH),
        Some(BRAM),
        "pending",
        None,
    );
    assigned(conn, 12, BRAM, ams(18, 15, 0));
    status(conn, 12, Some(BRAM), "new", "open", ams(18, 15, 0));
    agent_says(conn, 12, BRAM, "call", ams(18, 15, 0), Some(900));
    status(conn, 12, Some(BRAM), "open", "pending", ams(18, 15, 20));

    // Self-service: three views in W, one before, one agent view.
    for (at, self_service) in [
        (ams(16, 8, 0), 1),
        (ams(18, 20, 0), 1),
        (ams(22, 13, 0), 1),
        (ams(15, 13, 0), 1),
        (ams(17, 13, 0), 0),
    ] {
        conn.execute(
            "INSERT INTO kb_views (article_id, self_service, at) VALUES (1, ?1, ?2)",
            params![self_service, at],
        )
        .unwrap();
    }
}

/// The fixture in memory.
pub fn fixture() -> Connection {
    let conn = loket::store::open_in_memory().unwrap();
    fill(&conn);
    conn
}
