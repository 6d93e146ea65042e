#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The console's changes through the worker's request → response step, on
//! the hand-built fixture: one transaction each, events written, refusals
//! reported instead of crashing.

use crate::common;
use loket::domain::{Channel, Priority, Status};
use loket::i18n::Lang;
use loket::service::change::{Assignee, Change, Outcome, Reply};
use loket::service::worker::{self, Request, Response};
use loket::store::changes::{Actor, NewTicket};
use loket::store::outbox::{ReplyMail, Skipped};
use loket::store::tickets;
use loket::tui::app::App;
use loket::tui::keymap::Keymap;
use loket::tui::settle;

const ANNA: Actor = Actor {
    agent_id: Some(1),
    now: common::NOW,
};

/// The fixture's supervisor: reassigns across teams.
const BRAM: Actor = Actor {
    agent_id: Some(2),
    now: common::NOW,
};

fn write(conn: &rusqlite::Connection, change: Change, actor: Actor) -> Response {
    worker::handle(
        conn,
        &loket::clock::SystemClock,
        &Request::Write { change, actor },
    )
}

fn events(conn: &rusqlite::Connection, ticket: i64) -> Vec<String> {
    tickets::detail(conn, ticket)
        .unwrap()
        .events
        .into_iter()
        .filter(|e| e.at == common::NOW)
        .map(|e| e.kind)
        .collect()
}

#[test]
fn a_reply_with_status_lands_in_one_step() {
    let conn = common::fixture();
    let reply = Reply {
        ticket: 2,
        body: "We are on it.".into(),
        internal: false,
        status: Some(Status::Pending),
        priority: None,
        tags: vec!["followup".into()],
        base: None,
        files: vec![],
    };
    let response = write(&conn, Change::Reply(reply), ANNA);
    assert!(
        matches!(
            response,
            Response::Written {
                outcome: Outcome::Replied {
                    mail: Some(ReplyMail::NotEmailed(Skipped::NotSetUp))
                },
                ..
            }
        ),
        "{response:?}"
    );
    let detail = tickets::detail(&conn, 2).unwrap();
    assert_eq!(detail.status, Status::Pending);
    assert!(detail.tags.contains(&"followup".to_string()));
    let last = detail.messages.last().unwrap();
    assert_eq!(last.body, "We are on it.");
    assert_eq!(last.agent.as_deref(), Some("Anna de Vries"));
    assert!(events(&conn, 2).contains(&"tagged".to_string()));
}

#[test]
fn a_failing_bulk_change_changes_nothing() {
    let conn = common::fixture();
    let before = tickets::detail(&conn, 1).unwrap().priority;
    let response = write(
        &conn,
        Change::SetPriority {
            tickets: vec![1, 999],
            priority: Priority::Low,
        },
        ANNA,
    );
    assert!(matches!(response, Response::Failed { .. }), "{response:?}");
    assert_eq!(tickets::detail(&conn, 1).unwrap().priority, before);
}

#[test]
fn bulk_assign_tag_and_status_write_events() {
    let conn = common::fixture();
    for change in [
        Change::Assign {
            tickets: vec![1, 2],
            to: Assignee::Agent("bram".into()),
        },
        Change::AddTag {
            tickets: vec![1, 2],
            tag: "Big Outage".into(),
        },
        Change::SetStatus {
            tickets: vec![1, 2],
            status: Status::OnHold,
        },
        Change::SetTier {
            tickets: vec![1],
            tier: 2,
        },
        Change::SetTeam {
            tickets: vec![1],
            team: Some("Technical".into()),
        },
    ] {
        let response = write(&conn, change, BRAM);
        assert!(matches!(response, Response::Written { .. }), "{response:?}");
    }
    for id in [1, 2] {
        let d = tickets::detail(&conn, id).unwrap();
        assert_eq!(d.assignee.as_deref(), Some("Bram Janssen"));
        assert_eq!(d.status, Status::OnHold);
        assert!(d.tags.contains(&"big-outage".to_string()), "{:?}", d.tags);
    }
    let d = tickets::detail(&conn, 1).unwrap();
    assert_eq!((d.tier, d.team.as_deref()), (2, Some("Technical")));
    let kinds = events(&conn, 1);
    for kind in [
        "assigned",
        "tagged",
        "status_changed",
        "tier_changed",
        "team_changed",
    ] {
        assert!(kinds.contains(&kind.to_string()), "{kind} in {kinds:?}");
    }
}

#[test]
fn new_ticket_call_merge_and_link() {
    let conn = common::fixture();
    let created = write(
        &conn,
        Change::NewTicket(NewTicket {
            subject: "Caller cannot log in".into(),
            customer_email: "new@example.nl".into(),
            customer_name: Some("Nora Nieuw".into()),
            channel: Channel::Phone,
            priority: Priority::High,
            body: Some("Locked out since this morning".into()),
            language: None,
            tags: vec![],
        }),
        ANNA,
    );
    let Response::Written {
        outcome: Outcome::Created { id },
        ..
    } = created
    else {
        panic!("{created:?}")
    };
    let response = write(
        &conn,
        Change::LogCall {
            ticket: id,
            talk_s: 420,
            note: "Reset the password together".into(),
        },
        ANNA,
    );
    assert!(matches!(response, Response::Written { .. }), "{response:?}");
    let d = tickets::detail(&conn, id).unwrap();
    let call = d
        .messages
        .iter()
        .find(|m| m.kind == loket::domain::MessageKind::Call)
        .unwrap();
    assert_eq!(call.duration_s, Some(420));
    assert_eq!(call.at, common::NOW - 420, "the call started 7 minutes ago");

    let response = write(
        &conn,
        Change::Link {
            ticket: id,
            other: 1,
        },
        ANNA,
    );
    assert!(matches!(response, Response::Written { .. }), "{response:?}");
    let response = write(
        &conn,
        Change::Merge {
            source: id,
            target: 1,
        },
        ANNA,
    );
    assert!(matches!(response, Response::Written { .. }), "{response:?}");
    assert_eq!(tickets::detail(&conn, id).unwrap().status, Status::Closed);
    assert!(events(&conn, 1).contains(&"merged".to_string()));
}

#[test]
fn no_agent_no_change_and_the_reason_is_given() {
    let conn = common::fixture();
    let response = write(
        &conn,
        Change::SetStatus {
            tickets: vec![1],
            status: Status::Solved,
        },
        Actor {
            agent_id: None,
            now: common::NOW,
        },
    );
    assert!(matches!(response, Response::Failed { .. }), "{response:?}");

    let mut app = App::new(Lang::Nl, Keymap::defaults(), None, None, common::NOW);
    settle(&mut app, &conn);
    assert!(!app.write(Change::SetStatus {
        tickets: vec![1],
        status: Status::Solved
    }));
    assert!(app.take_requests().is_empty());
    assert!(
        app.session.error.as_deref().unwrap().contains("--agent"),
        "{:?}",
        app.session.error
    );

    app.session.agent_id = Some(1);
    app.session.read_only = true;
    assert!(!app.write(Change::SetStatus {
        tickets: vec![1],
        status: Status::Solved
    }));
    assert!(
        app.session
            .error
            .as_deref()
            .unwrap()
            .contains("alleen-lezen")
    );
}

#[test]
fn a_sent_change_reloads_and_a_refused_one_is_shown() {
    let conn = common::fixture();
    let mut app = App::new(Lang::En, Keymap::defaults(), None, None, common::NOW);
    app.session.agent_id = Some(1);
    settle(&mut app, &conn);
    assert!(app.write(Change::SetStatus {
        tickets: vec![2],
        status: Status::Solved
    }));
    settle(&mut app, &conn);
    assert_eq!(app.session.notice.as_deref(), Some("Saved."));
    assert_eq!(tickets::detail(&conn, 2).unwrap().status, Status::Solved);
    assert!(
        app.row_at(0).is_some_and(|r| r.id != 2),
        "the queue reloaded"
    );

    assert!(app.write(Change::Merge {
        source: 3,
        target: 3
    }));
    settle(&mut app, &conn);
    let error = app.session.error.clone().unwrap();
    assert!(
        error.starts_with("Not saved:") && error.contains("itself"),
        "{error}"
    );
}

#[test]
fn drafts_are_kept_per_agent_and_ticket() {
    let conn = common::fixture();
    let save = |body: &str| {
        worker::handle(
            &conn,
            &loket::clock::SystemClock,
            &Request::SaveDraft {
                agent: 1,
                ticket: 2,
                internal: true,
                body: body.into(),
                base: None,
                now: common::NOW,
            },
        )
    };
    assert!(matches!(
        save("half a thought"),
        Response::DraftSaved { ticket: 2 }
    ));
    let load = |agent| {
        worker::handle(
            &conn,
            &loket::clock::SystemClock,
            &Request::LoadDraft { agent, ticket: 2 },
        )
    };
    match load(1) {
        Response::Draft { draft: Some(d), .. } => {
            assert_eq!((d.body.as_str(), d.internal), ("half a thought", true))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(load(2), Response::Draft { draft: None, .. }));
    // Sending deletes it.
    let reply = Reply {
        ticket: 2,
        body: "Whole thought".into(),
        internal: true,
        status: None,
        priority: None,
        tags: vec![],
        base: None,
        files: vec![],
    };
    write(&conn, Change::Reply(reply), ANNA);
    assert!(matches!(load(1), Response::Draft { draft: None, .. }));
    save("again");
    save("  ");
    assert!(
        matches!(load(1), Response::Draft { draft: None, .. }),
        "emptied"
    );
}

/// `r` on the queue of a read-only console says why it cannot reply, and
/// the message stays: no ticket opens underneath and clears it.
#[test]
fn reply_from_the_queue_of_a_read_only_console_says_why_and_it_stays() {
    let conn = common::fixture();
    let mut app = common::agent_app(&conn, Lang::En, (100, 20));
    app.session.read_only = true;
    common::keys(&mut app, &conn, "r");
    assert!(app.compose.composer.is_none());
    assert!(
        app.session
            .error
            .as_deref()
            .unwrap_or("")
            .contains("read-only"),
        "{:?}",
        app.session.error
    );
}
