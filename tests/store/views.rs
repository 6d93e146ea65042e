//! Saved views: the four defaults, counts, per-agent views, and what "me" means.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use loket::domain::{Channel, Priority, Status};
use loket::store::changes::{self, Actor, NewTicket};
use loket::store::filter;
use loket::store::views::{self, ViewSpec};
use loket::store::{self, StoreError};

fn ticket(conn: &rusqlite::Connection, subject: &str, priority: Priority) -> i64 {
    changes::create_ticket(
        conn,
        &NewTicket {
            subject: subject.into(),
            customer_email: "eva@example.nl".into(),
            customer_name: None,
            channel: Channel::Email,
            priority,
            body: None,
            language: None,
            tags: vec![],
        },
        Actor {
            agent_id: None,
            now: 1_795_000_000,
        },
    )
    .unwrap()
}

fn counts(conn: &rusqlite::Connection, me: Option<i64>, now: i64) -> Vec<(String, i64)> {
    views::list(conn, me)
        .unwrap()
        .into_iter()
        .map(|v| {
            let (f, _) = views::resolve(conn, &v.spec, me).unwrap();
            (
                v.builtin.unwrap_or(v.name),
                filter::count(conn, &f, now).unwrap(),
            )
        })
        .collect()
}

#[test]
fn default_views_count_what_they_say() {
    let conn = store::open_in_memory().unwrap();
    conn.execute(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0)",
        [],
    )
    .unwrap();
    let a = ticket(&conn, "mine", Priority::Normal);
    let _b = ticket(&conn, "nobody's", Priority::Low);
    let c = ticket(&conn, "urgent and solved", Priority::Urgent);
    let d = ticket(&conn, "urgent", Priority::Urgent);
    let actor = Actor {
        agent_id: Some(1),
        now: 1_795_000_100,
    };
    changes::assign(&conn, a, Some(1), actor).unwrap();
    changes::set_status(&conn, c, Status::Solved, actor).unwrap();
    // Due soon: within the hour before the urgent ticket's first response is due.
    let due: i64 = conn
        .query_row(
            "SELECT first_response_due_at FROM tickets WHERE id = ?1",
            [d],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        counts(&conn, Some(1), due - 1800),
        vec![
            ("all_open".into(), 3),
            ("my_open".into(), 1),
            ("unassigned".into(), 2),
            ("due_soon".into(), 1)
        ]
    );
    // Without an agent, "my open" is empty rather than everything.
    assert_eq!(counts(&conn, None, due - 1800)[1], ("my_open".into(), 0));
}

#[test]
fn agents_save_their_own_views_and_defaults_stay() {
    let conn = store::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO agents (id, name, display_name, created_at) VALUES (1, 'anna', 'Anna', 0), (2, 'bram', 'Bram', 0);",
    )
    .unwrap();
    let spec = ViewSpec {
        status: "pending".into(),
        priority: Some(Priority::High),
        ..Default::default()
    };
    let id = views::save(&conn, "Waiting, high", Some(1), &spec).unwrap();
    assert_eq!(views::list(&conn, Some(1)).unwrap().len(), 5);
    assert_eq!(
        views::list(&conn, Some(2)).unwrap().len(),
        4,
        "another agent's view is not shown"
    );
    let again = views::save(
        &conn,
        "Waiting, high",
        Some(1),
        &ViewSpec {
            status: "all".into(),
            ..spec.clone()
        },
    )
    .unwrap();
    assert_eq!(again, id, "same name replaces");
    let (f, _) = views::resolve(
        &conn,
        &views::list(&conn, Some(1)).unwrap()[4].spec,
        Some(1),
    )
    .unwrap();
    assert_eq!(f.status, store::queue::StatusFilter::All);
    assert!(
        matches!(
            views::remove(&conn, id, Some(2)),
            Err(StoreError::NotFound { .. })
        ),
        "not bram's to remove"
    );
    views::remove(&conn, id, Some(1)).unwrap();
    let builtin = views::list(&conn, None).unwrap()[0].id;
    assert!(
        views::remove(&conn, builtin, None).is_err(),
        "default views stay"
    );
    let bad = ViewSpec {
        assignee: Some("piet".into()),
        ..Default::default()
    };
    assert!(matches!(
        views::resolve(&conn, &bad, None),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn what_the_queue_shows_is_stored_by_name_and_resolves_back() {
    use loket::store::filter::{AssigneeFilter, SlaFilter, Sort, SortKey, TicketFilter};
    use loket::store::queue::StatusFilter;
    let conn = store::open_in_memory().unwrap();
    conn.execute_batch(
        "INSERT INTO teams (id, name) VALUES (7, 'Billing');
         INSERT INTO agents (id, name, display_name, role, tier, created_at) VALUES
           (3, 'anna', 'Anna', 'agent', 1, 0), (4, 'bram', 'Bram', 'agent', 1, 0);",
    )
    .unwrap();
    let filters = [
        TicketFilter::default(),
        TicketFilter {
            status: StatusFilter::Only(Status::Pending),
            priority: Some(Priority::High),
            assignee: AssigneeFilter::Agent(4),
            team: Some(7),
            channel: Some(Channel::Phone),
            tag: Some("vip".into()),
            sla: Some(SlaFilter::Breached),
            text: Some("geen bericht".into()),
        },
        TicketFilter {
            status: StatusFilter::All,
            assignee: AssigneeFilter::Agent(3),
            sla: Some(SlaFilter::DueWithin(views::DUE_SOON_SECS)),
            ..TicketFilter::default()
        },
        TicketFilter {
            assignee: AssigneeFilter::Nobody,
            ..TicketFilter::default()
        },
    ];
    let sort = Sort {
        key: SortKey::Customer,
        descending: true,
    };
    for original in filters {
        let spec = views::spec_of(&conn, &original, sort, Some(3)).unwrap();
        let (back, back_sort) = views::resolve(&conn, &spec, Some(3)).unwrap();
        assert_eq!(back, original, "{spec:?}");
        assert_eq!(back_sort, sort);
    }
    // Anna's "mine" is stored as "me": Bram opening it sees his own.
    let mine = TicketFilter {
        assignee: AssigneeFilter::Agent(3),
        ..TicketFilter::default()
    };
    let spec = views::spec_of(&conn, &mine, Sort::default(), Some(3)).unwrap();
    assert_eq!(spec.assignee.as_deref(), Some("me"));
    assert_eq!(spec.sort, None, "the default order is not stored");
    let (for_bram, _) = views::resolve(&conn, &spec, Some(4)).unwrap();
    assert_eq!(for_bram.assignee, AssigneeFilter::Agent(4));
    // A team that is gone is an error, not a silently wider view.
    let gone = TicketFilter {
        team: Some(99),
        ..TicketFilter::default()
    };
    assert!(matches!(
        views::spec_of(&conn, &gone, Sort::default(), Some(3)),
        Err(StoreError::NotFound { .. })
    ));
}
