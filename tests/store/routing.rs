#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Routing on arrival and escalation, on the store with a fixed clock.

use loket::domain::{Channel, Priority};
use loket::store::changes::{self, Actor, NewTicket};
use loket::store::escalation::{self, Target};
use loket::store::{self, agents, routing};
use rusqlite::Connection;

/// Monday 2026-11-23 11:00 in Amsterdam: the desk is open.
const NOW: i64 = 1_795_428_000;

fn at(now: i64) -> Actor {
    Actor {
        agent_id: None,
        now,
    }
}

/// Billing: anna (nl, en; billing), bram (nl only), chloe (tier 2, refunds).
/// Tech: emma. All available at NOW.
fn desk() -> Connection {
    let conn = store::open_in_memory().unwrap();
    let add = |name: &str, team: &str, tier: i64, skills: &[&str], langs: &[&str]| {
        agents::add(
            &conn,
            &agents::NewAgent {
                name: name.into(),
                tier: Some(tier),
                teams: vec![team.into()],
                skills: skills.iter().map(|s| s.to_string()).collect(),
                languages: langs.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
        let id = changes::agent_id(&conn, name).unwrap();
        agents::heartbeat(&conn, id, Some(loket::domain::AgentStatus::Available), NOW).unwrap();
    };
    add("anna", "Billing", 1, &["billing"], &["nl", "en"]);
    add("bram", "Billing", 1, &["billing"], &["nl"]);
    add(
        "chloe",
        "Billing",
        2,
        &["refunds", "billing"],
        &["nl", "en"],
    );
    add("emma", "Tech", 1, &[], &[]);
    conn
}

fn new(conn: &Connection, subject: &str, channel: Channel, tags: &[&str], now: i64) -> i64 {
    changes::create_ticket(
        conn,
        &NewTicket {
            subject: subject.into(),
            customer_email: "eva@example.nl".into(),
            customer_name: Some("Eva".into()),
            channel,
            priority: Priority::Urgent,
            body: Some("help".into()),
            language: Some("en".into()),
            tags: tags.iter().map(|s| s.to_string()).collect(),
        },
        at(now),
    )
    .unwrap()
}

fn team_and_assignee(conn: &Connection, ticket: i64) -> (Option<String>, Option<String>) {
    conn.query_row(
        "SELECT tm.name, a.name FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id
         LEFT JOIN agents a ON a.id = t.assignee_id WHERE t.id = ?1",
        [ticket],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn id_of(conn: &Connection, name: &str) -> i64 {
    changes::agent_id(conn, name).unwrap()
}

#[test]
fn the_first_matching_rule_picks_the_team() {
    let conn = desk();
    routing::add(&conn, "channel", "phone", "Tech", "none", None).unwrap();
    routing::add(&conn, "subject", "Invoice", "Billing", "none", None).unwrap();
    routing::add(&conn, "tag", "Outage", "Tech", "none", Some(1)).unwrap();
    let rules = routing::list(&conn).unwrap();
    assert_eq!(
        rules
            .iter()
            .map(|r| (r.position, r.field.as_str()))
            .collect::<Vec<_>>(),
        [(1, "tag"), (2, "channel"), (3, "subject")]
    );
    let by_subject = new(&conn, "Wrong INVOICE total", Channel::Email, &[], NOW);
    assert_eq!(
        team_and_assignee(&conn, by_subject),
        (Some("Billing".into()), None)
    );
    let by_channel = new(&conn, "Invoice by phone", Channel::Phone, &[], NOW);
    assert_eq!(
        team_and_assignee(&conn, by_channel).0.as_deref(),
        Some("Tech")
    );
    let by_tag = new(&conn, "Invoice", Channel::Email, &["outage"], NOW);
    assert_eq!(team_and_assignee(&conn, by_tag).0.as_deref(), Some("Tech"));
    let none = new(&conn, "Hello", Channel::Chat, &[], NOW);
    assert_eq!(team_and_assignee(&conn, none), (None, None));
    let detail: String = conn
        .query_row(
            "SELECT detail FROM events WHERE ticket_id = ?1 AND kind = 'team_changed'",
            [by_subject],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.starts_with("routing rule"), "{detail}");
    // Organisation and language rules.
    conn.execute("UPDATE customers SET organisation = 'Acme BV'", [])
        .unwrap();
    routing::add(&conn, "organisation", "acme bv", "Billing", "none", Some(1)).unwrap();
    let by_org = new(&conn, "Hi", Channel::Phone, &[], NOW);
    assert_eq!(
        team_and_assignee(&conn, by_org).0.as_deref(),
        Some("Billing")
    );
    routing::remove(&conn, routing::list(&conn).unwrap()[0].id).unwrap();
    routing::add(&conn, "language", "EN", "Billing", "none", Some(1)).unwrap();
    let by_lang = new(&conn, "Hi", Channel::Phone, &[], NOW);
    assert_eq!(
        team_and_assignee(&conn, by_lang).0.as_deref(),
        Some("Billing")
    );
    assert!(routing::add(&conn, "colour", "x", "Tech", "none", None).is_err());
    assert!(routing::add(&conn, "channel", "pigeon", "Tech", "none", None).is_err());
    assert!(routing::add(&conn, "channel", "email", "Nobody", "none", None).is_err());
}

#[test]
fn round_robin_takes_turns_among_available_agents_who_may_take_the_ticket() {
    let conn = desk();
    routing::add(&conn, "channel", "email", "Billing", "round-robin", None).unwrap();
    // English tickets: bram (Dutch only) never gets one.
    let got: Vec<Option<String>> = (0..4)
        .map(|_| team_and_assignee(&conn, new(&conn, "Question", Channel::Email, &[], NOW)).1)
        .collect();
    assert_eq!(
        got,
        [Some("anna"), Some("chloe"), Some("anna"), Some("chloe")].map(|s| s.map(String::from))
    );
    // Chloé goes away; a console that stopped beating is offline.
    agents::heartbeat(
        &conn,
        id_of(&conn, "chloe"),
        Some(loket::domain::AgentStatus::Away),
        NOW,
    )
    .unwrap();
    let t = new(&conn, "Question", Channel::Email, &[], NOW);
    assert_eq!(team_and_assignee(&conn, t).1.as_deref(), Some("anna"));
    let late = NOW + agents::AGENT_TTL_SECS + 1;
    let t = new(&conn, "Question", Channel::Email, &[], late);
    assert_eq!(
        team_and_assignee(&conn, t),
        (Some("Billing".into()), None),
        "nobody available: the ticket waits for the team"
    );
}

#[test]
fn least_loaded_and_skills_respect_capacity() {
    let conn = desk();
    routing::add(&conn, "tag", "refunds", "Billing", "skills", None).unwrap();
    routing::add(&conn, "channel", "email", "Billing", "least-loaded", None).unwrap();
    // Only Chloé does refunds (and a refunds-tagged ticket needs the skill).
    let t = new(&conn, "Money back", Channel::Email, &["refunds"], NOW);
    assert_eq!(team_and_assignee(&conn, t).1.as_deref(), Some("chloe"));
    // Least loaded: anna has 0, chloe has 1.
    let t = new(&conn, "Question", Channel::Email, &[], NOW);
    assert_eq!(team_and_assignee(&conn, t).1.as_deref(), Some("anna"));
    // At capacity nobody gets more.
    agents::update(
        &conn,
        "anna",
        &agents::AgentChanges {
            capacity: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    let t = new(&conn, "Question", Channel::Email, &[], NOW);
    assert_eq!(team_and_assignee(&conn, t).1.as_deref(), Some("chloe"));
    agents::update(
        &conn,
        "chloe",
        &agents::AgentChanges {
            capacity: Some(2),
            ..Default::default()
        },
    )
    .unwrap();
    let t = new(&conn, "Question", Channel::Email, &[], NOW);
    assert_eq!(team_and_assignee(&conn, t).1, None, "everyone is full");
}

#[test]
fn escalation_moves_the_ticket_with_a_reason_and_an_event() {
    let conn = desk();
    let t = new(&conn, "Question", Channel::Email, &[], NOW);
    changes::assign(&conn, t, Some(id_of(&conn, "anna")), at(NOW)).unwrap();
    let actor = Actor {
        agent_id: Some(id_of(&conn, "anna")),
        now: NOW + 60,
    };
    assert!(escalation::escalate(&conn, t, &Target::NextTier, "  ", actor).is_err());
    escalation::escalate(&conn, t, &Target::NextTier, "needs a specialist", actor).unwrap();
    let (tier, assignee): (i64, Option<i64>) = conn
        .query_row(
            "SELECT tier, assignee_id FROM tickets WHERE id = ?1",
            [t],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (tier, assignee),
        (2, None),
        "tier 1 Anna lets go of a tier 2 ticket"
    );
    escalation::escalate(&conn, t, &Target::Team("Tech".into()), "it is a bug", actor).unwrap();
    escalation::escalate(
        &conn,
        t,
        &Target::Expert("chloe".into()),
        "knows this",
        actor,
    )
    .unwrap();
    assert_eq!(
        team_and_assignee(&conn, t),
        (Some("Tech".into()), Some("chloe".into()))
    );
    escalation::escalate(&conn, t, &Target::NextTier, "last resort", actor).unwrap();
    assert!(
        escalation::escalate(&conn, t, &Target::NextTier, "more", actor).is_err(),
        "there is no tier 4"
    );
    let events: Vec<(String, String, String)> = conn
        .prepare("SELECT from_value, to_value, detail FROM events WHERE ticket_id = ?1 AND kind = 'escalated' ORDER BY id")
        .unwrap()
        .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        events,
        [
            ("1", "2", "needs a specialist"),
            ("—", "Tech", "it is a bug"),
            ("—", "chloe", "knows this"),
            ("2", "3", "last resort"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
}

#[test]
fn tickets_about_to_breach_are_escalated_once() {
    let conn = desk();
    // Urgent: first response due in one business hour.
    let soon = new(&conn, "Down", Channel::Email, &[], NOW);
    let later = new(&conn, "Down too", Channel::Email, &[], NOW + 1200);
    escalation::set_threshold_minutes(&conn, 30).unwrap();
    assert!(
        escalation::auto_escalate(&conn, NOW + 1000)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        escalation::auto_escalate(&conn, NOW + 1800).unwrap(),
        [soon]
    );
    assert!(
        escalation::auto_escalate(&conn, NOW + 1900)
            .unwrap()
            .is_empty(),
        "not twice for the same due time"
    );
    assert_eq!(
        escalation::auto_escalate(&conn, NOW + 3000).unwrap(),
        [later]
    );
    let (tier, agent, detail): (i64, Option<i64>, String) = conn
        .query_row(
            "SELECT t.tier, e.agent_id, e.detail FROM tickets t JOIN events e ON e.ticket_id = t.id
             WHERE t.id = ?1 AND e.kind = 'escalated'",
            [soon],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((tier, agent), (2, None), "by the system");
    assert!(detail.contains("automatic"), "{detail}");
    escalation::set_threshold_minutes(&conn, 0).unwrap();
    new(&conn, "Down again", Channel::Email, &[], NOW + 3000);
    assert!(
        escalation::auto_escalate(&conn, NOW + 6000)
            .unwrap()
            .is_empty(),
        "off"
    );
    assert!(escalation::set_threshold_minutes(&conn, -5).is_err());
}
