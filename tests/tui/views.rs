#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Queue views, search, sort and bulk actions on the fixture.

use crate::common;
use crate::common::{agent_app, keys, screen};

use loket::domain::{Priority, Status};
use loket::i18n::Lang;
use loket::store::tickets;
use loket::tui::app::App;
use loket::tui::settle;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn down(app: &mut App, conn: &rusqlite::Connection) {
    app.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    settle(app, conn);
}

fn ids(app: &App) -> Vec<i64> {
    app.queue
        .page
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn slash_searches_subject_and_customer_and_esc_clears() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    assert_eq!(app.total(), 6);
    keys(&mut app, &conn, "/refund\n");
    assert_eq!(ids(&app), vec![1]);
    assert!(screen(&app).contains("Queue · active · “refund”"));
    keys(&mut app, &conn, "/");
    for _ in 0.."refund".len() {
        app.handle_key(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    keys(&mut app, &conn, "jan bakker\n");
    assert_eq!(app.total(), 3, "customer name");
    keys(&mut app, &conn, "/\x1b");
    assert_eq!(app.total(), 6, "Esc cleared the search");
    assert!(app.queue.list.is_none());
    // Typed text is text: a LIKE wildcard finds nothing here.
    keys(&mut app, &conn, "/%\n");
    assert_eq!(app.total(), 0);
}

#[test]
fn views_show_counts_and_narrow_the_queue() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "v");
    let shown = screen(&app);
    for name in ["All open", "My open", "Unassigned", "Due soon"] {
        assert!(shown.contains(name), "{name}: {shown}");
    }
    keys(&mut app, &conn, "unass\n");
    assert_eq!(ids(&app), vec![2, 8]);
    assert!(screen(&app).contains("Queue · active · Unassigned"));
    // Another status, then the same view again: its status comes back.
    keys(&mut app, &conn, "S");
    keys(&mut app, &conn, "vunass\n");
    assert_eq!(ids(&app), vec![2, 8]);
    keys(&mut app, &conn, "vmy\n");
    let mine: Vec<i64> = ids(&app);
    assert!(mine.contains(&1) && mine.contains(&4), "{mine:?}");
}

#[test]
fn sort_cycles_and_the_selection_stays_on_its_ticket() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "jj");
    assert_eq!(app.selected_row().unwrap().id, 1);
    keys(&mut app, &conn, "o");
    assert_eq!(app.session.notice.as_deref(), Some("Sorted by id."));
    assert_eq!(ids(&app), vec![1, 2, 3, 4, 5, 8]);
    keys(&mut app, &conn, "O");
    assert_eq!(ids(&app), vec![8, 5, 4, 3, 2, 1]);
    assert!(screen(&app).contains("sort: id ↓"));
    assert_eq!(app.selected_row().unwrap().id, 1, "still followed");
    keys(&mut app, &conn, "O");
    assert_eq!(
        app.selected_row().unwrap().id,
        1,
        "followed to its new place"
    );
    assert_eq!(app.queue.selected, 0);
    // A write elsewhere reloads; the selection stays.
    keys(&mut app, &conn, "j");
    assert_eq!(app.selected_row().unwrap().id, 2);
    app.apply(loket::service::worker::Response::Changed);
    settle(&mut app, &conn);
    assert_eq!(app.selected_row().unwrap().id, 2);
}

#[test]
fn bulk_actions_apply_to_every_marked_ticket_in_one_go() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, " ");
    down(&mut app, &conn);
    keys(&mut app, &conn, " ");
    down(&mut app, &conn);
    keys(&mut app, &conn, " ");
    keys(&mut app, &conn, " "); // unmarks the third again
    assert_eq!(
        app.queue.marked.iter().copied().collect::<Vec<_>>(),
        vec![2, 5]
    );
    assert!(screen(&app).contains("2 marked"));
    keys(&mut app, &conn, "toutage\n");
    assert!(app.queue.marked.is_empty(), "spent");
    assert_eq!(app.session.notice.as_deref(), Some("Saved for 2 tickets."));
    for id in [2, 5] {
        assert!(
            tickets::detail(&conn, id)
                .unwrap()
                .tags
                .contains(&"outage".to_string())
        );
    }
    assert!(
        !tickets::detail(&conn, 1)
            .unwrap()
            .tags
            .contains(&"outage".to_string())
    );
    // The queue order may have changed: mark from the top again.
    keys(&mut app, &conn, "g ");
    let first = app.selected_row().unwrap().id;
    down(&mut app, &conn);
    keys(&mut app, &conn, " ");
    let second = app.selected_row().unwrap().id;
    keys(&mut app, &conn, "phigh\n");
    for id in [first, second] {
        assert_eq!(tickets::detail(&conn, id).unwrap().priority, Priority::High);
    }
    keys(&mut app, &conn, "g ");
    let third = app.selected_row().unwrap().id;
    keys(&mut app, &conn, "xon hold\n");
    assert_eq!(
        tickets::detail(&conn, third).unwrap().status,
        Status::OnHold
    );
}

#[test]
fn views_chooser_wide_en() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "v");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn views_chooser_narrow_nl() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (40, 12));
    keys(&mut app, &conn, "v");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn searched_and_sorted_wide_nl() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, (120, 40));
    keys(&mut app, &conn, "/jan\no ");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn f_filters_by_priority_assignee_channel_and_sla_and_clears() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "fpriority urgent\n");
    assert_eq!(ids(&app), vec![1]);
    assert!(screen(&app).contains("Queue · active · urgent"));
    keys(&mut app, &conn, "fclear\n");
    assert_eq!(app.total(), 6);
    assert!(
        app.queue.list.is_none(),
        "nothing narrows: the plain queue again"
    );
    keys(&mut app, &conn, "fbreached\n");
    assert_eq!(ids(&app), vec![2]);
    keys(&mut app, &conn, "fclear\nfmine\n");
    let mine = ids(&app);
    assert!(
        mine.contains(&1) && mine.contains(&4) && !mine.contains(&2),
        "{mine:?}"
    );
    keys(&mut app, &conn, "fchannel phone\n");
    assert_eq!(ids(&app), vec![4], "filters add up");
    keys(&mut app, &conn, "fclear\nftag\nrefund\n");
    assert_eq!(ids(&app), vec![1]);
    assert!(screen(&app).contains("+refund"));
}

/// Active tickets matching `condition`, straight from the table.
fn active_where(conn: &rusqlite::Connection, condition: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = conn
        .prepare(&format!(
            "SELECT id FROM tickets WHERE is_active = 1 AND {condition}"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn f_filters_by_team_and_by_a_named_agent() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "fteam\n");
    let chooser = screen(&app);
    assert!(
        chooser.contains("Billing") && chooser.contains("Technical"),
        "{chooser}"
    );
    keys(&mut app, &conn, "techn\n");
    let mut shown = ids(&app);
    shown.sort_unstable();
    let technical = active_where(&conn, "team_id = 2");
    assert!(!technical.is_empty());
    assert_eq!(shown, technical);
    assert!(screen(&app).contains("team Technical"), "{}", screen(&app));

    keys(&mut app, &conn, "fclear\nfassigned to\nbram\n");
    let mut shown = ids(&app);
    shown.sort_unstable();
    let brams = active_where(&conn, "assignee_id = 2");
    assert!(!brams.is_empty());
    assert_eq!(shown, brams);
    assert!(screen(&app).contains("@Bram Janssen"), "{}", screen(&app));

    // Anna picking herself reads as "mine".
    keys(&mut app, &conn, "fclear\nfassigned to\nanna\n");
    let mut shown = ids(&app);
    shown.sort_unstable();
    assert_eq!(shown, active_where(&conn, "assignee_id = 1"));
    assert!(screen(&app).contains("· mine"), "{}", screen(&app));
}

#[test]
fn the_queue_is_saved_as_a_view_of_ones_own_and_removed_again() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::En, (120, 40));
    keys(&mut app, &conn, "fteam\ntechn\nfassigned to\nbram\n");
    let narrowed = ids(&app);
    keys(&mut app, &conn, "o"); // sort by the next column
    let sort = app.queue.list.as_ref().unwrap().sort;
    keys(&mut app, &conn, "V\n");
    assert!(
        screen(&app).contains("a view needs a name"),
        "{}",
        screen(&app)
    );
    keys(&mut app, &conn, "Bram tech\n");
    assert!(
        screen(&app).contains("view “Bram tech” saved"),
        "{}",
        screen(&app)
    );
    let (owner, filter): (Option<i64>, String) = conn
        .query_row(
            "SELECT agent_id, filter FROM saved_views WHERE name = 'Bram tech'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(owner, Some(1), "Anna's own view");
    let spec: serde_json::Value = serde_json::from_str(&filter).unwrap();
    assert_eq!(spec["team"], "Technical");
    assert_eq!(spec["assignee"], "bram");

    // Back to the plain queue, then the view brings it all back.
    keys(&mut app, &conn, "fclear\n");
    assert!(app.queue.list.is_none() || app.queue.list.as_ref().unwrap().filter.team.is_none());
    keys(&mut app, &conn, "vbram tech\n");
    let mut shown = ids(&app);
    let mut expected = narrowed.clone();
    shown.sort_unstable();
    expected.sort_unstable();
    assert_eq!(shown, expected);
    assert_eq!(app.queue.list.as_ref().unwrap().sort, sort);
    assert!(screen(&app).contains("Bram tech"));

    // Delete on a default view does nothing; on this one it asks first.
    keys(&mut app, &conn, "vall open");
    app.handle_key(&KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE));
    settle(&mut app, &conn);
    assert!(!screen(&app).contains("Remove the view"));
    keys(&mut app, &conn, "\x1bvbram");
    app.handle_key(&KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE));
    settle(&mut app, &conn);
    assert!(screen(&app).contains("Remove the view “Bram tech”?"));
    keys(&mut app, &conn, "\n");
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM saved_views WHERE name = 'Bram tech'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert!(screen(&app).contains("view “Bram tech” removed"));
    let defaults: i64 = conn
        .query_row(
            "SELECT count(*) FROM saved_views WHERE builtin IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(defaults, 4);
}
