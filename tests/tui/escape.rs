#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Hostile text stored raw in the database never reaches the terminal as
//! control sequences: the queue and the ticket are rendered through the real
//! crossterm backend into a byte buffer, and the bytes are inspected.

use crate::common;
use std::io::Write;
use std::sync::{Arc, Mutex};

use loket::i18n::Lang;
use loket::tui::app::App;
use loket::tui::keymap::Keymap;
use loket::tui::{settle, ui};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const HOSTILE: &str = concat!(
    "Pay\x1b[2Jnow",
    "\x1b]0;pwned\x07",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\u{9b}31m",
    "back\rover",
    "\u{202E}gnp.exe\u{202C}",
    "\u{2066}isolate\u{2069}",
);

fn hostile_desk() -> rusqlite::Connection {
    let conn = common::fixture();
    let now = common::NOW;
    conn.execute(
        "INSERT INTO customers (id, name, email, since, created_at)
         VALUES (99, ?1, 'evil@example.com', ?2, ?2)",
        rusqlite::params![format!("Eve{HOSTILE}"), now],
    )
    .unwrap();
    // An urgent ticket overdue long ago: first in the queue.
    conn.execute(
        "INSERT INTO tickets (id, subject, customer_id, channel, status, priority, team_id,
             assignee_id, sla_policy_id, first_response_due_at, created_at, updated_at)
         VALUES (99, ?1, 99, 'email', 'new', 'urgent', 1, 1, 4, ?2, ?3, ?3)",
        rusqlite::params![HOSTILE, now - 30 * 86_400, now - 31 * 86_400],
    )
    .unwrap();
    for (kind, author, agent) in [("public", "customer", None), ("internal", "agent", Some(1))] {
        conn.execute(
            "INSERT INTO messages (ticket_id, author, agent_id, kind, body, created_at)
             VALUES (99, ?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                author,
                agent,
                kind,
                format!("line one\n{HOSTILE}\nline three"),
                now
            ],
        )
        .unwrap();
    }
    conn.execute(
        "INSERT INTO ticket_tags (ticket_id, tag) VALUES (99, ?1)",
        [HOSTILE],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO events (ticket_id, agent_id, kind, detail, at) VALUES (99, 1, 'note', ?1, ?2)",
        rusqlite::params![HOSTILE, now],
    )
    .unwrap();
    conn
}

/// A writer the test keeps a handle to, standing in for the terminal.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes the crossterm backend writes for one frame of `app`.
fn bytes_of(app: &App) -> Vec<u8> {
    let (w, h) = app.session.size;
    let capture = Capture::default();
    let backend = CrosstermBackend::new(capture.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    drop(terminal);
    capture.0.lock().unwrap().clone()
}

/// Every escape sequence in the output is one the backend itself writes:
/// cursor moves `ESC [ n ; n H`, colours `ESC [ … m`, and showing or hiding
/// the cursor `ESC [ ? 25 l/h`.
fn assert_clean(bytes: &[u8]) {
    let text = String::from_utf8(bytes.to_vec()).expect("valid UTF-8: no raw C1 bytes");
    for forbidden in [
        '\u{9b}', '\r', '\u{7}', '\u{202E}', '\u{202C}', '\u{2066}', '\u{2069}',
    ] {
        assert!(
            !text.contains(forbidden),
            "{forbidden:?} reached the terminal"
        );
    }
    assert!(
        !text.contains("\x1b]"),
        "an OSC sequence reached the terminal"
    );
    assert!(
        !text.contains("\x1b[2J"),
        "a clear-screen reached the terminal"
    );
    assert!(
        !text.contains("\x1b\\"),
        "a string terminator reached the terminal"
    );
    let mut rest = text.as_str();
    let mut sequences = 0;
    while let Some(at) = rest.find('\x1b') {
        let seq = &rest[at..];
        assert!(
            seq.starts_with("\x1b["),
            "non-CSI escape: {:?}",
            &seq[..seq.len().min(12)]
        );
        let body = &seq[2..];
        let end = body
            .find(|c: char| c.is_ascii_alphabetic())
            .expect("a terminated CSI");
        let (params, final_byte) = (&body[..end], &body[end..=end]);
        let allowed = match final_byte {
            "H" | "m" => params
                .chars()
                .all(|c| c.is_ascii_digit() || c == ';' || c == ':'),
            "l" | "h" => params == "?25",
            _ => false,
        };
        assert!(allowed, "unexpected sequence ESC[{params}{final_byte}");
        sequences += 1;
        rest = &body[end + 1..];
    }
    assert!(
        sequences > 0,
        "the backend wrote no sequences at all: test is broken"
    );
}

fn app_at(conn: &rusqlite::Connection, lang: Lang, size: (u16, u16)) -> App {
    let mut app = App::new(lang, Keymap::defaults(), None, None, common::NOW);
    app.resize(size.0, size.1);
    settle(&mut app, conn);
    app
}

#[test]
fn hostile_queue_and_ticket_stay_inert() {
    let conn = hostile_desk();
    for size in [(120, 40), (40, 12), (200, 50)] {
        let mut app = app_at(&conn, Lang::En, size);
        assert_eq!(
            app.selected_row().map(|r| r.id),
            Some(99),
            "the hostile ticket is first"
        );
        let queue = bytes_of(&app);
        // The visible remains of the sequences are shown as text: nothing hidden.
        assert!(String::from_utf8_lossy(&queue).contains("Pay[2Jnow"));
        assert_clean(&queue);

        app.handle_key(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        settle(&mut app, &conn);
        assert_eq!(app.shown_detail().map(|d| d.id), Some(99));
        assert_clean(&bytes_of(&app));
        // Scroll through the whole ticket: thread, tags, history.
        for _ in 0..10 {
            app.handle_key(&KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE));
            assert_clean(&bytes_of(&app));
        }
    }
}

#[test]
fn hostile_worker_error_and_notice_stay_inert() {
    let conn = hostile_desk();
    let mut app = app_at(&conn, Lang::Nl, (120, 40));
    app.session.error = Some(HOSTILE.to_string());
    assert_clean(&bytes_of(&app));
    app.session.error = None;
    app.session.notice = Some(HOSTILE.to_string());
    app.session.agent = Some(HOSTILE.to_string());
    assert_clean(&bytes_of(&app));
}

/// The checker itself catches what it is meant to: a frame with a raw
/// sequence spliced in fails.
#[test]
#[should_panic(expected = "clear-screen")]
fn checker_catches_a_raw_clear_screen() {
    let conn = hostile_desk();
    let app = app_at(&conn, Lang::En, (40, 12));
    let mut bytes = bytes_of(&app);
    bytes.extend_from_slice(b"\x1b[2J");
    assert_clean(&bytes);
}

#[test]
#[should_panic(expected = "OSC")]
fn checker_catches_a_raw_osc() {
    let conn = hostile_desk();
    let app = app_at(&conn, Lang::En, (40, 12));
    let mut bytes = bytes_of(&app);
    bytes.extend_from_slice(b"\x1b]0;pwned");
    assert_clean(&bytes);
}
