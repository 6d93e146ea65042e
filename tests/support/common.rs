//! A small hand-built desk for console tests: eight tickets, three
//! customers, two agents, two teams, every kind of message, tags and events,
//! written by plain SQL so these tests do not depend on the generator.

#![allow(dead_code)]

use rusqlite::{Connection, params};

/// Monday 2026-11-23 11:00 in Amsterdam (10:00 UTC): the desk is open.
pub const NOW: i64 = 1_795_428_000;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The fixture in memory, with the current schema and the seeded calendar.
pub fn fixture() -> Connection {
    let conn = loket::store::open_in_memory().expect("an in-memory database");
    fill(&conn);
    conn
}

/// The fixture written to a file (for running the console by hand).
pub fn fixture_file(path: &std::path::Path) -> Connection {
    let conn = loket::store::open(
        path,
        loket::store::OpenMode::ReadWrite,
        &loket::clock::SystemClock,
    )
    .expect("open");
    fill(&conn);
    conn
}

/// Policy ids as `seed_defaults` inserts them: one per priority, low first.
const LOW: i64 = 1;
const NORMAL: i64 = 2;
const HIGH: i64 = 3;
const URGENT: i64 = 4;

#[allow(clippy::too_many_arguments)]
fn ticket(
    conn: &Connection,
    id: i64,
    subject: &str,
    customer: i64,
    channel: &str,
    status: &str,
    priority: &str,
    team: Option<i64>,
    assignee: Option<i64>,
    policy: Option<i64>,
    created: i64,
    first_due: Option<i64>,
    first_responded: Option<i64>,
    resolution_due: Option<i64>,
    solved: Option<i64>,
) {
    conn.execute(
        "INSERT INTO tickets (id, subject, customer_id, channel, status, priority, tier, team_id,
             assignee_id, sla_policy_id, first_response_due_at, first_responded_at,
             resolution_due_at, created_at, updated_at, solved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
        params![
            id,
            subject,
            customer,
            channel,
            status,
            priority,
            team,
            assignee,
            policy,
            first_due,
            first_responded,
            resolution_due,
            created,
            solved
        ],
    )
    .expect("insert ticket");
}

#[allow(clippy::too_many_arguments)]
fn message(
    conn: &Connection,
    ticket: i64,
    author: &str,
    agent: Option<i64>,
    kind: &str,
    body: &str,
    duration: Option<i64>,
    at: i64,
) {
    conn.execute(
        "INSERT INTO messages (ticket_id, author, agent_id, kind, body, duration_s, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![ticket, author, agent, kind, body, duration, at],
    )
    .expect("insert message");
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
        "INSERT INTO events (ticket_id, agent_id, kind, from_value, to_value, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ticket, agent, kind, from, to, at],
    )
    .expect("insert event");
}

fn fill(conn: &Connection) {
    let long_ago = NOW - 400 * DAY;
    conn.execute_batch("INSERT INTO teams (id, name) VALUES (1, 'Billing'), (2, 'Technical');")
        .expect("teams");
    conn.execute(
        "INSERT INTO agents (id, name, display_name, email, role, tier, created_at) VALUES
            (1, 'anna', 'Anna de Vries', 'anna@desk.example', 'agent', 1, ?1),
            (2, 'bram', 'Bram Janssen', 'bram@desk.example', 'supervisor', 2, ?1)",
        [long_ago],
    )
    .expect("agents");
    conn.execute(
        "INSERT INTO customers (id, name, email, phone, organisation, language, since, created_at) VALUES
            (1, 'Jan Bakker', 'jan@acme.example', '+31 20 555 0101', 'Acme BV', 'nl', ?1, ?1),
            (2, '王小明', 'wang@example.cn', NULL, NULL, 'en', ?1, ?1),
            (3, 'Sophie Martin', 'sophie@example.fr', NULL, 'Boulangerie Martin', 'en', ?1, ?1)",
        [long_ago],
    )
    .expect("customers");

    // 1: urgent, answered in time, resolution due in two business hours.
    ticket(
        conn,
        1,
        "Refund not received for order #4411",
        1,
        "email",
        "open",
        "urgent",
        Some(1),
        Some(1),
        Some(URGENT),
        NOW - 2 * HOUR,
        Some(NOW - HOUR),
        Some(NOW - 90 * 60),
        Some(NOW + 2 * HOUR),
        None,
    );
    message(
        conn,
        1,
        "customer",
        None,
        "public",
        "Hello,\n\nI returned order #4411 three weeks ago and still have not received my refund. \
         Could you please check what is going on?\n\nKind regards,\nJan",
        None,
        NOW - 2 * HOUR,
    );
    message(
        conn,
        1,
        "agent",
        Some(1),
        "internal",
        "Payment provider shows the refund as queued since the 2nd. Escalating to Bram.",
        None,
        NOW - 100 * 60,
    );
    message(
        conn,
        1,
        "agent",
        Some(1),
        "public",
        "Dear Jan, thank you for your patience. We are checking with our payment provider and \
         will get back to you today.",
        None,
        NOW - 90 * 60,
    );
    message(
        conn,
        1,
        "agent",
        Some(2),
        "call",
        "Called the customer: refund will be paid out manually by Friday.",
        Some(272),
        NOW - 30 * 60,
    );
    for tag in ["billing", "refund"] {
        conn.execute(
            "INSERT INTO ticket_tags (ticket_id, tag) VALUES (1, ?1)",
            [tag],
        )
        .expect("tag");
    }
    event(conn, 1, None, "created", None, Some("new"), NOW - 2 * HOUR);
    event(
        conn,
        1,
        Some(1),
        "assigned",
        None,
        Some("Anna de Vries"),
        NOW - 110 * 60,
    );
    event(
        conn,
        1,
        Some(1),
        "status",
        Some("new"),
        Some("open"),
        NOW - 90 * 60,
    );

    // 2: high, first response overdue; CJK customer and subject.
    ticket(
        conn,
        2,
        "无法登录 – 短信验证码没收到",
        2,
        "sms",
        "new",
        "high",
        Some(2),
        None,
        Some(HIGH),
        NOW - 3 * DAY - HOUR,
        Some(NOW - 3 * DAY + 3 * HOUR),
        None,
        Some(NOW - 2 * DAY),
        None,
    );
    message(
        conn,
        2,
        "customer",
        None,
        "public",
        "我收不到短信验证码，无法登录账户。请帮忙。",
        None,
        NOW - 3 * DAY - HOUR,
    );
    event(
        conn,
        2,
        None,
        "created",
        None,
        Some("new"),
        NOW - 3 * DAY - HOUR,
    );

    // 3: normal, pending on the customer: the resolution clock is paused.
    ticket(
        conn,
        3,
        "Waiting for photos of the damaged parcel",
        3,
        "web",
        "pending",
        "normal",
        Some(2),
        Some(2),
        Some(NORMAL),
        NOW - 2 * DAY,
        Some(NOW - 2 * DAY + 8 * HOUR),
        Some(NOW - 2 * DAY + HOUR),
        Some(NOW + DAY),
        None,
    );
    message(
        conn,
        3,
        "customer",
        None,
        "public",
        "My parcel arrived crushed.",
        None,
        NOW - 2 * DAY,
    );
    message(
        conn,
        3,
        "agent",
        Some(2),
        "public",
        "Sorry to hear that! Could you send us a few photos of the box and its contents?",
        None,
        NOW - 2 * DAY + HOUR,
    );
    event(
        conn,
        3,
        Some(2),
        "status",
        Some("open"),
        Some("pending"),
        NOW - 2 * DAY + HOUR,
    );

    // 4: low, on hold, no SLA policy.
    ticket(
        conn,
        4,
        "Replacement part on back order",
        1,
        "phone",
        "on_hold",
        "low",
        Some(2),
        Some(1),
        None,
        NOW - 6 * DAY,
        None,
        None,
        None,
        None,
    );
    message(
        conn,
        4,
        "agent",
        Some(1),
        "call",
        "Customer asked when the hinge will ship.",
        Some(95),
        NOW - 6 * DAY,
    );

    // 5: normal, first response due in 30 minutes; emoji in the subject.
    ticket(
        conn,
        5,
        "Coffee machine leaks ☕ again",
        3,
        "chat",
        "open",
        "normal",
        Some(2),
        Some(2),
        Some(NORMAL),
        NOW - 7 * HOUR,
        Some(NOW + 30 * 60),
        None,
        Some(NOW + 2 * DAY),
        None,
    );
    message(
        conn,
        5,
        "customer",
        None,
        "public",
        "The water tank leaks onto the counter.",
        None,
        NOW - 7 * HOUR,
    );

    // 6: solved in time.
    ticket(
        conn,
        6,
        "Invoice address change",
        1,
        "email",
        "solved",
        "normal",
        Some(1),
        Some(1),
        Some(NORMAL),
        NOW - 10 * DAY,
        Some(NOW - 9 * DAY),
        Some(NOW - 10 * DAY + HOUR),
        Some(NOW - 7 * DAY),
        Some(NOW - 9 * DAY),
    );
    message(
        conn,
        6,
        "customer",
        None,
        "public",
        "Please use our new address.",
        None,
        NOW - 10 * DAY,
    );
    message(
        conn,
        6,
        "agent",
        Some(1),
        "public",
        "Done!",
        None,
        NOW - 10 * DAY + HOUR,
    );

    // 7: closed.
    ticket(
        conn,
        7,
        "Thank you!",
        3,
        "social",
        "closed",
        "low",
        None,
        Some(2),
        None,
        NOW - 20 * DAY,
        None,
        None,
        None,
        Some(NOW - 19 * DAY),
    );

    // 8: new chat from the same customer as 1, first response due in six hours.
    ticket(
        conn,
        8,
        "Also: can I change my delivery day?",
        1,
        "chat",
        "new",
        "normal",
        None,
        None,
        Some(NORMAL),
        NOW - 10 * 60,
        Some(NOW + 6 * HOUR),
        None,
        Some(NOW + 3 * DAY),
        None,
    );
    message(
        conn,
        8,
        "customer",
        None,
        "public",
        "Could you deliver on Saturdays instead?",
        None,
        NOW - 10 * 60,
    );
}

/// The fixture's agent Anna (agent 1) at the fixture's "now", settled.
pub fn agent_app(
    conn: &Connection,
    lang: loket::i18n::Lang,
    size: (u16, u16),
) -> loket::tui::app::App {
    let mut app = loket::tui::app::App::new(
        lang,
        loket::tui::keymap::Keymap::defaults(),
        Some("Anna de Vries".into()),
        None,
        NOW,
    );
    app.session.agent_id = Some(1);
    app.session.role = Some(loket::domain::Role::Agent);
    app.resize(size.0, size.1);
    loket::tui::settle(&mut app, conn);
    app
}

/// [`agent_app`] signed in as Bram, the fixture's supervisor: he may
/// reassign across teams.
pub fn supervisor_app(
    conn: &Connection,
    lang: loket::i18n::Lang,
    size: (u16, u16),
) -> loket::tui::app::App {
    let mut app = loket::tui::app::App::new(
        lang,
        loket::tui::keymap::Keymap::defaults(),
        Some("Bram Janssen".into()),
        None,
        NOW,
    );
    app.session.agent_id = Some(2);
    app.session.role = Some(loket::domain::Role::Supervisor);
    app.resize(size.0, size.1);
    loket::tui::settle(&mut app, conn);
    app
}

/// Types `text` as key presses (`\n` Enter, `\x1b` Esc, `\t` Tab), settling after each.
pub fn keys(app: &mut loket::tui::app::App, conn: &Connection, text: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        app.handle_key(&KeyEvent::new(code, KeyModifiers::NONE));
        loket::tui::settle(app, conn);
    }
}

/// The whole screen as drawn for the app's size.
pub fn screen(app: &loket::tui::app::App) -> String {
    let (w, h) = app.session.size;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| loket::tui::ui::draw(frame, app))
        .unwrap();
    terminal.backend().to_string()
}
