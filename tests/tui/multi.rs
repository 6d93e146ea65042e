#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The console's keys for many agents on one desk, on the hand-built
//! fixture: `w` takes the next ticket, `e` escalates with a reason, `z`
//! sets the agent away, and a running console escalates tickets about to
//! breach.

use crate::common;
use loket::domain::AgentStatus;
use loket::i18n::Lang;
use loket::store::{agents, claim};
use loket::tui::settle;

#[test]
fn w_takes_the_most_urgent_ticket_and_opens_it() {
    let conn = common::fixture();
    let mut app = common::agent_app(&conn, Lang::En, (120, 40));
    let expected = claim::peek(&conn, 1)
        .unwrap()
        .expect("an unassigned ticket");
    common::keys(&mut app, &conn, "w");
    assert_eq!(app.ticket.shown, Some(expected));
    assert_eq!(
        app.shown_detail().unwrap().assignee.as_deref(),
        Some("Anna de Vries")
    );
    let notice = app.session.notice.clone().unwrap_or_default();
    assert!(
        notice.contains(&format!("#{expected} is yours")),
        "{notice}"
    );
    // Until the queue is empty; then it says so.
    for _ in 0..20 {
        common::keys(&mut app, &conn, "w");
    }
    assert_eq!(claim::peek(&conn, 1).unwrap(), None);
    let notice = app.session.notice.clone().unwrap_or_default();
    assert!(notice.contains("The queue is empty"), "{notice}");
}

#[test]
fn e_escalates_to_a_team_with_a_reason() {
    let conn = common::fixture();
    let mut app = common::agent_app(&conn, Lang::En, (120, 40));
    common::keys(&mut app, &conn, "\n");
    let ticket = app.ticket.shown.unwrap();
    let team_before = app.shown_detail().unwrap().team.clone();
    let target = if team_before.as_deref() == Some("Technical") {
        "Billing"
    } else {
        "Technical"
    };
    common::keys(&mut app, &conn, "e");
    let screen = common::screen(&app);
    assert!(
        screen.contains(&format!("Escalate #{ticket} to")),
        "{screen}"
    );
    assert!(screen.contains("the next tier"), "{screen}");
    assert!(screen.contains(&format!("team {target}")), "{screen}");
    assert!(screen.contains("expert Bram Janssen"), "{screen}");
    // Type to narrow the list to the team, take it, then give the reason.
    common::keys(&mut app, &conn, &format!("team {target}\n"));
    assert!(common::screen(&app).contains(&format!("Why escalate #{ticket}?")));
    common::keys(&mut app, &conn, "\n");
    assert!(
        app.session
            .error
            .clone()
            .unwrap_or_default()
            .contains("needs a reason"),
        "an empty reason is refused"
    );
    common::keys(&mut app, &conn, "customer is on the wrong plan\n");
    assert!(app.overlay.popup.is_none());
    let detail = app.shown_detail().unwrap();
    assert_eq!(detail.team.as_deref(), Some(target));
    let escalated = detail
        .events
        .iter()
        .find(|e| e.kind == "escalated")
        .unwrap();
    assert_eq!(escalated.to.as_deref(), Some(target));
    assert_eq!(
        escalated.detail.as_deref(),
        Some("customer is on the wrong plan")
    );
}

#[test]
fn z_sets_the_agent_away_and_a_tick_escalates_what_is_about_to_breach() {
    let conn = common::fixture();
    let mut app = common::agent_app(&conn, Lang::En, (120, 40));
    app.tick(common::NOW);
    settle(&mut app, &conn);
    common::keys(&mut app, &conn, "z");
    let anna = agents::profiles(&conn, common::NOW)
        .unwrap()
        .into_iter()
        .find(|a| a.name == "anna")
        .unwrap();
    assert_eq!(anna.status, AgentStatus::Away);
    assert!(common::screen(&app).contains("Anna de Vries · away"));

    // A ticket whose next target falls due within the threshold (30 minutes)
    // goes up a tier on the console's next check (once a minute). One due
    // well after the first check was not escalated then.
    let due: i64 = conn
        .query_row(
            "SELECT id FROM tickets WHERE is_active = 1 AND tier < 3 AND sla_next_due_at > ?1
             ORDER BY sla_next_due_at LIMIT 1",
            [common::NOW + 3600],
            |r| r.get(0),
        )
        .unwrap();
    let due_at: i64 = conn
        .query_row(
            "SELECT sla_next_due_at FROM tickets WHERE id = ?1",
            [due],
            |r| r.get(0),
        )
        .unwrap();
    app.tick(due_at - 60);
    settle(&mut app, &conn);
    let tier: i64 = conn
        .query_row("SELECT tier FROM tickets WHERE id = ?1", [due], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(tier, 2);
    let notice = app.session.notice.clone().unwrap_or_default();
    assert!(notice.contains(&format!("#{due}")), "{notice}");
}
