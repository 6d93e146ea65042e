#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Ticket actions from their keys and from the command palette, on the
//! fixture: choosers, inputs, the merge question and the new-ticket form,
//! then what the database says; snapshots of the palette and a chooser.

use crate::common;
use crate::common::{agent_app, keys, screen};

use loket::domain::{MessageKind, Priority, Status};
use loket::i18n::Lang;
use loket::store::tickets;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Opens the refund ticket (#1): third in the queue.
const OPEN_REFUND: &str = "jj\n";

#[test]
fn status_priority_and_tier_from_choosers() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, "xon\n"); // "on hold"
    keys(&mut app, &conn, "plow\n");
    keys(&mut app, &conn, "i");
    app.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    keys(&mut app, &conn, "\n");
    let d = tickets::detail(&conn, 1).unwrap();
    assert_eq!(
        (d.status, d.priority, d.tier),
        (Status::OnHold, Priority::Low, 2)
    );
    assert!(app.overlay.popup.is_none());
    assert_eq!(app.session.notice.as_deref(), Some("Saved."));
}

#[test]
fn assign_to_me_to_an_agent_and_to_nobody() {
    let conn = common::fixture();
    // Bram, a supervisor: assigning to an agent outside the ticket's team is reassigning.
    let mut app = common::supervisor_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "\n"); // ticket 2, unassigned
    keys(&mut app, &conn, "a");
    assert_eq!(
        tickets::detail(&conn, 2).unwrap().assignee.as_deref(),
        Some("Bram Janssen")
    );
    keys(&mut app, &conn, "Aanna\n");
    assert_eq!(
        tickets::detail(&conn, 2).unwrap().assignee.as_deref(),
        Some("Anna de Vries")
    );
    keys(&mut app, &conn, "u");
    assert_eq!(tickets::detail(&conn, 2).unwrap().assignee, None);
}

#[test]
fn an_agent_assigning_outside_the_team_is_told_which_right_it_needs() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "\n"); // ticket 2, unassigned
    keys(&mut app, &conn, "Abram\n");
    assert_eq!(tickets::detail(&conn, 2).unwrap().assignee, None);
    let notice = app.session.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("Refused for Anna de Vries, an agent") && notice.contains("'reassign'"),
        "{notice}"
    );
    assert_eq!(
        app.session.error, None,
        "a refusal is not a database failure"
    );
}

#[test]
fn tags_team_call_link_and_merge_from_inputs() {
    let conn = common::fixture();
    // Bram, a supervisor: handing a ticket to another team is reassigning.
    let mut app = common::supervisor_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, "tVIP customer\n");
    assert!(
        tickets::detail(&conn, 1)
            .unwrap()
            .tags
            .contains(&"vip-customer".to_string())
    );
    keys(&mut app, &conn, "Tvip-customer\n");
    assert!(
        !tickets::detail(&conn, 1)
            .unwrap()
            .tags
            .contains(&"vip-customer".to_string())
    );
    keys(&mut app, &conn, "ytech\n");
    assert_eq!(
        tickets::detail(&conn, 1).unwrap().team.as_deref(),
        Some("Technical")
    );
    keys(&mut app, &conn, "yno team\n");
    assert_eq!(tickets::detail(&conn, 1).unwrap().team, None);

    keys(&mut app, &conn, "c7x\n");
    assert!(
        app.session
            .error
            .as_deref()
            .unwrap()
            .contains("not a talk time")
    );
    assert!(
        app.overlay.popup.is_some(),
        "a bad entry keeps the input open"
    );
    for _ in 0..2 {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    keys(&mut app, &conn, "7m called about the refund\n");
    let d = tickets::detail(&conn, 1).unwrap();
    let call = d
        .messages
        .iter()
        .find(|m| m.kind == MessageKind::Call && m.at == common::NOW - 420);
    assert_eq!(call.unwrap().body, "called about the refund");

    keys(&mut app, &conn, "L#8\n");
    assert!(
        tickets::detail(&conn, 1)
            .unwrap()
            .events
            .iter()
            .any(|e| e.kind == "linked")
    );

    keys(&mut app, &conn, "M8\n");
    assert!(screen(&app).contains("Merge #1 into #8?"));
    keys(&mut app, &conn, "\x1b");
    assert_eq!(
        tickets::detail(&conn, 1).unwrap().status,
        Status::Open,
        "Esc merges nothing"
    );
    keys(&mut app, &conn, "M8\n\n");
    assert_eq!(tickets::detail(&conn, 1).unwrap().status, Status::Closed);
}

#[test]
fn new_ticket_form() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(
        &mut app,
        &conn,
        "NPrinter on fire\nnew@example.nl\nNora Nieuw\n",
    );
    // Channel and priority have defaults; change the priority.
    keys(&mut app, &conn, "\t");
    for _ in 0.."normal".len() {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    keys(&mut app, &conn, "urgent\nIt smokes.\n");
    assert!(app.overlay.popup.is_none(), "{:?}", app.session.error);
    let notice = app.session.notice.clone().unwrap();
    assert!(notice.starts_with("Ticket #9 created"), "{notice}");
    let d = tickets::detail(&conn, 9).unwrap();
    assert_eq!(
        (d.subject.as_str(), d.priority),
        ("Printer on fire", Priority::Urgent)
    );
    assert_eq!(d.customer.name, "Nora Nieuw");
}

#[test]
fn a_bad_channel_keeps_the_form_open_and_says_why() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "NSubject\nx@example.nl\n\n");
    for _ in 0.."phone".len() {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    keys(&mut app, &conn, "pigeon\n\n\n");
    assert!(app.overlay.popup.is_some());
    assert!(
        app.session
            .error
            .as_deref()
            .unwrap()
            .starts_with("Channel:"),
        "{:?}",
        app.session.error
    );
}

#[test]
fn the_palette_runs_actions_by_plain_name() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, ":status\n");
    assert!(screen(&app).contains("Status for #1"));
    keys(&mut app, &conn, "solved\n");
    assert_eq!(tickets::detail(&conn, 1).unwrap().status, Status::Solved);
    // Plain names work in Dutch too, and reply opens the composer.
    let mut app = agent_app(&conn, Lang::Nl, (120, 40));
    keys(&mut app, &conn, ":reply\n");
    assert!(app.compose.composer.is_some());
}

#[test]
fn read_only_refuses_before_asking() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    app.session.read_only = true;
    keys(&mut app, &conn, "x");
    assert!(app.overlay.popup.is_none());
    assert!(app.session.error.as_deref().unwrap().contains("read-only"));
}

#[test]
fn palette_wide_en() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, ":");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn palette_searching_narrow_nl() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (40, 12));
    keys(&mut app, &conn, ":ass");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn status_chooser_narrow_nl() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (40, 12));
    keys(&mut app, &conn, "x");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn status_chooser_wide_en() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, "x");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn new_ticket_form_80x24_en() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (80, 24));
    keys(&mut app, &conn, "NPrinter on fire\nnew@example.nl\n");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn new_ticket_form_60x16_en_has_every_field_on_one_line() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (60, 16));
    keys(&mut app, &conn, "NPrinter on fire\nnew@example.nl\n");
    let shown = screen(&app);
    for label in [
        "Subject",
        "Customer e-mail",
        "Channel",
        "Priority",
        "First message",
    ] {
        assert!(shown.contains(label), "{label}: {shown}");
    }
    assert!(shown.contains("Printer on fire") && shown.contains("new@example.nl"));
    insta::assert_snapshot!(shown);
}

#[test]
fn new_ticket_form_40x12_nl_follows_the_focused_field() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (40, 12));
    keys(&mut app, &conn, "NPrinter\n");
    assert!(screen(&app).contains("Printer"), "{}", screen(&app));
    // Down to the last field: it is on screen, being typed into.
    keys(&mut app, &conn, "x@example.nl\n\n\n\nHij brandt");
    let shown = screen(&app);
    assert!(shown.contains("Hij brandt"), "{shown}");
    insta::assert_snapshot!(shown);
    // And it still creates the ticket.
    keys(&mut app, &conn, "\n");
    let created: i64 = conn
        .query_row(
            "SELECT count(*) FROM tickets WHERE subject = 'Printer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(created, 1);
}

#[test]
fn call_input_narrow_nl() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (40, 12));
    keys(&mut app, &conn, "c7m klant belde");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_form_takes_dutch_words_in_dutch() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (120, 40));
    keys(&mut app, &conn, "NPrinter\nx@example.nl\n\n");
    for _ in 0.."telefoon".len() {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    keys(&mut app, &conn, "e-mail\n");
    for _ in 0.."normaal".len() {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    keys(&mut app, &conn, "hoog\n\n");
    assert!(app.overlay.popup.is_none(), "{:?}", app.session.error);
    let d = tickets::detail(&conn, 9).unwrap();
    assert_eq!(d.priority, Priority::High);
    assert_eq!(d.channel, loket::domain::Channel::Email);
}
