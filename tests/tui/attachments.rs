#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Attachments and survey answers in the console, on the fixture: the
//! thread lists each entry's files, `d` saves one into a real temporary
//! directory (chooser, path prompt, Tab, overwrite question), the composer
//! attaches files with Tab completion and sends them on the reply's thread
//! entry, a canned response brings its files, and survey answers show on
//! the ticket and beside the customer's other tickets.

use crate::common;
use std::path::{Path, PathBuf};

use crate::common::{agent_app, screen};

use loket::i18n::Lang;
use loket::store::attachments::{self, NewAttachment, Owner};
use loket::store::tickets;
use loket::tui::app::{App, Popup};
use loket::tui::settle;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;

const WIDE: (u16, u16) = (120, 40);
const NARROW: (u16, u16) = (60, 20);

fn key(app: &mut App, conn: &Connection, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_key(&KeyEvent::new(code, modifiers));
    settle(app, conn);
}

fn keys(app: &mut App, conn: &Connection, codes: &[KeyCode]) {
    for code in codes {
        key(app, conn, *code, KeyModifiers::NONE);
    }
}

fn ctrl(app: &mut App, conn: &Connection, c: char) {
    key(app, conn, KeyCode::Char(c), KeyModifiers::CONTROL);
}

fn typed(app: &mut App, conn: &Connection, text: &str) {
    for c in text.chars() {
        key(app, conn, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn backspaces(app: &mut App, conn: &Connection, n: usize) {
    for _ in 0..n {
        key(app, conn, KeyCode::Backspace, KeyModifiers::NONE);
    }
}

/// The urgent refund ticket (#1), third in the queue, opened.
const OPEN_REFUND: &[KeyCode] = &[KeyCode::Char('j'), KeyCode::Down, KeyCode::Enter];

/// The ids of ticket 1's messages, oldest first.
fn messages_of(conn: &Connection, ticket: i64) -> Vec<i64> {
    tickets::detail(conn, ticket)
        .unwrap()
        .messages
        .iter()
        .map(|m| m.id)
        .collect()
}

/// The fixture with a PDF on Jan's first mail and an inline screenshot on
/// it too.
fn desk_with_files() -> Connection {
    let conn = common::fixture();
    let first = messages_of(&conn, 1)[0];
    for (name, content_type, data, inline) in [
        (
            "refund-request.pdf",
            "application/pdf",
            b"%PDF-1.4 refund".as_slice(),
            false,
        ),
        (
            "screenshot.png",
            "image/png",
            b"\x89PNG....".as_slice(),
            true,
        ),
    ] {
        let file = NewAttachment {
            name,
            content_type,
            data,
            inline,
        };
        attachments::add(&conn, Owner::Message(first), &file, common::NOW).unwrap();
    }
    conn
}

/// A temporary directory with a path of fixed length relative to the
/// crate (`target/attXXXXXX`), so screens that show it have one layout on
/// every machine; the random part is replaced before comparing.
struct Dir {
    dir: tempfile::TempDir,
    relative: PathBuf,
}

impl Dir {
    fn new() -> Dir {
        std::fs::create_dir_all("target").unwrap();
        let dir = tempfile::Builder::new()
            .prefix("att")
            .tempdir_in("target")
            .unwrap();
        let name = dir.path().file_name().unwrap().to_owned();
        Dir {
            relative: Path::new("target").join(name),
            dir,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn shown(&self) -> String {
        self.relative.display().to_string()
    }

    /// The screen with the random directory name made fixed.
    fn screen(&self, app: &App) -> String {
        let name = self
            .relative
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        screen(app).replace(&name, "attXXXXXX")
    }
}

fn app_in(conn: &Connection, lang: Lang, size: (u16, u16), dir: &Dir) -> App {
    let mut app = agent_app(conn, lang, size);
    app.session.file_dirs.cwd = dir.relative.clone();
    app.session.file_dirs.download = None;
    app
}

#[test]
fn the_thread_lists_each_entrys_files_with_type_size_and_inline_images() {
    let conn = desk_with_files();
    let dir = Dir::new();
    let mut app = app_in(&conn, Lang::En, WIDE, &dir);
    keys(&mut app, &conn, OPEN_REFUND);
    let text = screen(&app);
    assert!(text.contains("2 attachments · d saves one"), "{text}");
    assert!(
        text.contains("📎 refund-request.pdf · application/pdf · 15 B"),
        "{text}"
    );
    assert!(
        text.contains("📎 screenshot.png · image/png · 8 B · inline image"),
        "{text}"
    );
    insta::assert_snapshot!("attachments_in_the_thread_wide_en", text);

    let mut app = app_in(&conn, Lang::Nl, NARROW, &dir);
    keys(&mut app, &conn, OPEN_REFUND);
    for _ in 0..12 {
        keys(&mut app, &conn, &[KeyCode::Char('j')]);
    }
    let text = screen(&app);
    assert!(text.contains("afbeelding in de"), "{text}");
    insta::assert_snapshot!("attachments_in_the_thread_narrow_nl", text);
}

#[test]
fn d_chooses_a_file_prompts_for_the_path_and_the_worker_writes_it() {
    let conn = desk_with_files();
    let dir = Dir::new();
    let mut app = app_in(&conn, Lang::En, WIDE, &dir);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('d')]);
    assert!(matches!(
        app.overlay.popup,
        Some(Popup::ChooseAttachment(_))
    ));
    insta::assert_snapshot!("save_chooser_wide_en", dir.screen(&app));
    // Typing narrows the chooser; Enter takes the screenshot.
    typed(&mut app, &conn, "scr");
    keys(&mut app, &conn, &[KeyCode::Enter]);
    let Some(Popup::Path(prompt)) = app.overlay.popup.as_ref() else {
        panic!("a path prompt: {:?}", app.overlay.popup);
    };
    let expected = format!("{}/screenshot.png", dir.shown());
    assert_eq!(
        prompt.field.text, expected,
        "the current directory + its name"
    );
    insta::assert_snapshot!("save_prompt_wide_en", dir.screen(&app));
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert!(app.overlay.popup.is_none());
    let saved = dir.path().join("screenshot.png");
    assert_eq!(std::fs::read(&saved).unwrap(), b"\x89PNG....");
    let notice = app.session.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("Saved screenshot.png to /")
            && notice.ends_with("screenshot.png (8 B)."),
        "{notice}"
    );

    // Again: the file is there, so it asks; Esc keeps it.
    std::fs::write(&saved, b"mine").unwrap();
    keys(&mut app, &conn, &[KeyCode::Char('d')]);
    typed(&mut app, &conn, "scr");
    keys(&mut app, &conn, &[KeyCode::Enter, KeyCode::Enter]);
    assert!(
        matches!(app.overlay.popup, Some(Popup::Overwrite { .. })),
        "{:?}",
        app.overlay.popup
    );
    assert!(dir.screen(&app).contains("exists already. Overwrite it?"));
    keys(&mut app, &conn, &[KeyCode::Esc]);
    assert_eq!(std::fs::read(&saved).unwrap(), b"mine", "kept");
    assert!(
        app.session
            .notice
            .as_deref()
            .unwrap_or("")
            .starts_with("Not saved:")
    );
    // And Enter overwrites.
    keys(&mut app, &conn, &[KeyCode::Char('d')]);
    typed(&mut app, &conn, "scr");
    keys(
        &mut app,
        &conn,
        &[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter],
    );
    assert_eq!(std::fs::read(&saved).unwrap(), b"\x89PNG....");

    // Tab completes a directory in the prompt; a missing directory is an
    // error on screen, and nothing was written.
    std::fs::create_dir(dir.path().join("downloads")).unwrap();
    keys(&mut app, &conn, &[KeyCode::Char('d'), KeyCode::Enter]);
    backspaces(&mut app, &conn, "refund-request.pdf".len());
    typed(&mut app, &conn, "dow");
    keys(&mut app, &conn, &[KeyCode::Tab]);
    let Some(Popup::Path(prompt)) = app.overlay.popup.as_ref() else {
        panic!("still the prompt");
    };
    assert_eq!(prompt.field.text, format!("{}/downloads/", dir.shown()));
    typed(&mut app, &conn, "r.pdf");
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert_eq!(
        std::fs::read(dir.path().join("downloads/r.pdf")).unwrap(),
        b"%PDF-1.4 refund"
    );
    keys(&mut app, &conn, &[KeyCode::Char('d'), KeyCode::Enter]);
    backspaces(&mut app, &conn, "refund-request.pdf".len());
    typed(&mut app, &conn, "nowhere/x.pdf");
    keys(&mut app, &conn, &[KeyCode::Enter]);
    let error = app.session.error.clone().unwrap_or_default();
    assert!(
        error.contains("cannot write") && error.contains("nowhere"),
        "{error}"
    );
}

#[test]
fn a_ticket_without_files_says_so() {
    let conn = common::fixture();
    let mut app = agent_app(&conn, Lang::Nl, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('d')]);
    assert!(app.overlay.popup.is_none());
    assert_eq!(
        app.session.notice.as_deref(),
        Some("Dit ticket heeft geen bijlagen.")
    );
}

#[test]
fn the_composer_attaches_with_tab_completion_and_sends_the_files_on_the_reply() {
    let conn = common::fixture();
    let dir = Dir::new();
    std::fs::write(dir.path().join("invoice-2026.pdf"), b"%PDF 2026").unwrap();
    std::fs::write(dir.path().join("invoice-2025.pdf"), b"%PDF 2025").unwrap();
    std::fs::write(dir.path().join("photo.jpg"), b"jpeg").unwrap();
    let mut app = app_in(&conn, Lang::En, WIDE, &dir);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    typed(&mut app, &conn, "Your invoice is attached.");
    ctrl(&mut app, &conn, 'o');
    let Some(Popup::Path(prompt)) = app.overlay.popup.as_ref() else {
        panic!("a path prompt: {:?}", app.overlay.popup);
    };
    assert_eq!(prompt.field.text, format!("{}/", dir.shown()));
    typed(&mut app, &conn, "inv");
    keys(&mut app, &conn, &[KeyCode::Tab]);
    let Some(Popup::Path(prompt)) = app.overlay.popup.as_ref() else {
        panic!("still the prompt");
    };
    assert_eq!(prompt.field.text, format!("{}/invoice-202", dir.shown()));
    assert_eq!(prompt.candidates, ["invoice-2025.pdf", "invoice-2026.pdf"]);
    insta::assert_snapshot!("attach_prompt_completing_wide_en", dir.screen(&app));
    typed(&mut app, &conn, "6");
    keys(&mut app, &conn, &[KeyCode::Tab, KeyCode::Enter]);
    assert!(app.overlay.popup.is_none());
    assert_eq!(
        app.session.notice.as_deref(),
        Some("Attached invoice-2026.pdf (9 B); it goes with the reply.")
    );
    // A second file, then removed again with Ctrl-l.
    ctrl(&mut app, &conn, 'o');
    typed(&mut app, &conn, "ph");
    keys(&mut app, &conn, &[KeyCode::Tab, KeyCode::Enter]);
    assert_eq!(app.compose.composer.as_ref().unwrap().files.len(), 2);
    insta::assert_snapshot!("composer_with_files_wide_en", dir.screen(&app));
    ctrl(&mut app, &conn, 'l');
    assert!(matches!(app.overlay.popup, Some(Popup::Detach(_))));
    typed(&mut app, &conn, "photo");
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert_eq!(
        app.session.notice.as_deref(),
        Some("Removed photo.jpg from the reply.")
    );
    let composer = app.compose.composer.as_ref().unwrap();
    assert_eq!(composer.files.len(), 1);
    assert_eq!(
        composer.text(),
        "Your invoice is attached.",
        "text untouched"
    );

    ctrl(&mut app, &conn, 's');
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert!(app.compose.composer.is_none(), "sent");
    let detail = tickets::detail(&conn, 1).unwrap();
    let last = detail.messages.last().unwrap();
    assert_eq!(last.body, "Your invoice is attached.");
    assert_eq!(last.attachments.len(), 1);
    assert_eq!(
        (
            last.attachments[0].name.as_str(),
            last.attachments[0].content_type.as_str()
        ),
        ("invoice-2026.pdf", "application/pdf")
    );
    let (_, data) = attachments::contents(&conn, last.attachments[0].id).unwrap();
    assert_eq!(data, b"%PDF 2026");
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_size_and_the_limit() {
    let conn = common::fixture();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('mail.max_attachment', '1KB')",
        [],
    )
    .unwrap();
    let dir = Dir::new();
    std::fs::write(dir.path().join("scan.tiff"), vec![7u8; 4500]).unwrap();
    let mut app = app_in(&conn, Lang::En, WIDE, &dir);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    ctrl(&mut app, &conn, 'o');
    typed(&mut app, &conn, "scan");
    keys(&mut app, &conn, &[KeyCode::Tab, KeyCode::Enter]);
    let error = app.session.error.clone().unwrap_or_default();
    assert!(
        error.contains("scan.tiff is 4.5 KB, over the desk's attachment limit of 1 KB"),
        "{error}"
    );
    assert!(screen(&app).contains("scan.tiff is 4.5 KB"));
    assert!(app.compose.composer.as_ref().unwrap().files.is_empty());
    // Tab on a prefix nothing has says so.
    ctrl(&mut app, &conn, 'o');
    typed(&mut app, &conn, "zzz");
    keys(&mut app, &conn, &[KeyCode::Tab]);
    assert!(screen(&app).contains("Nothing there starts with that; check the path."));
}

#[test]
fn a_canned_response_adds_its_files_to_the_reply() {
    let conn = common::fixture();
    let canned = loket::store::canned::add(
        &conn,
        &loket::store::canned::NewCanned {
            title: "Invoice copy attached".into(),
            shortcut: "invoice".into(),
            body: "Hello {customer_name}, a copy of your invoice is attached.".into(),
            language: "en".into(),
            set_status: None,
            set_priority: None,
            add_tags: vec![],
        },
        common::NOW,
    )
    .unwrap();
    let file = NewAttachment {
        name: "invoice-4411.pdf",
        content_type: "application/pdf",
        data: b"%PDF invoice 4411",
        inline: false,
    };
    let stored = attachments::add(&conn, Owner::Canned(canned), &file, common::NOW).unwrap();
    let mut app = agent_app(&conn, Lang::Nl, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    keys(&mut app, &conn, &[KeyCode::Char('r')]);
    ctrl(&mut app, &conn, 'k');
    typed(&mut app, &conn, "invoice");
    keys(&mut app, &conn, &[KeyCode::Enter]);
    assert_eq!(
        app.session.notice.as_deref(),
        Some("Het standaardantwoord voegde invoice-4411.pdf bij.")
    );
    assert!(screen(&app).contains("📎 invoice-4411.pdf (17 B)"));
    ctrl(&mut app, &conn, 's');
    keys(&mut app, &conn, &[KeyCode::Enter]);
    let detail = tickets::detail(&conn, 1).unwrap();
    let last = detail.messages.last().unwrap();
    assert!(last.body.contains("a copy of your invoice is attached"));
    assert_eq!(last.attachments.len(), 1);
    assert_ne!(last.attachments[0].id, stored, "its own row, on the reply");
    assert_eq!(
        last.attachments[0].hash,
        attachments::hash_of(b"%PDF invoice 4411")
    );
    // The canned response keeps its file for the next time.
    assert_eq!(
        attachments::list(&conn, Owner::Canned(canned))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn survey_answers_show_on_the_ticket_and_beside_the_customers_other_tickets() {
    let conn = common::fixture();
    let others: Vec<i64> = conn
        .prepare("SELECT id FROM tickets WHERE customer_id = 1 AND id <> 1 ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let other = *others.first().expect("Jan has another ticket");
    conn.execute(
        "INSERT INTO surveys (ticket_id, customer_id, kind, score, comment, at) VALUES
            (1, 1, 'csat', 5, 'Quick and friendly,\nthanks!', ?1),
            (1, 1, 'nps', 9, NULL, ?1),
            (?2, 1, 'csat', 2, 'Slow', ?1)",
        rusqlite::params![common::NOW - 60, other],
    )
    .unwrap();
    let mut app = agent_app(&conn, Lang::En, WIDE);
    keys(&mut app, &conn, OPEN_REFUND);
    let text = screen(&app);
    assert!(
        text.contains("Survey: CSAT 5/5 “Quick and friendly, thanks!” · NPS 9/10"),
        "{text}"
    );
    keys(&mut app, &conn, &[KeyCode::Char('G')]);
    let text = screen(&app);
    assert!(text.contains(&format!("#{other} ")), "{text}");
    assert!(text.contains("(CSAT 2/5)"), "{text}");
    insta::assert_snapshot!("survey_answers_end_of_ticket_wide_en", text);
}

#[test]
fn a_reply_whose_file_is_over_the_limit_is_not_written_at_all() {
    use loket::service::change::{Change, Reply};
    use loket::service::worker::{Request, Response, handle};
    use loket::store::attachments::ReplyFile;
    use loket::store::changes::Actor;
    let conn = common::fixture();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('mail.max_attachment', '10')",
        [],
    )
    .unwrap();
    let before = messages_of(&conn, 1).len();
    let reply = |data: &[u8]| Request::Write {
        change: Change::Reply(Reply {
            ticket: 1,
            body: "With a file".into(),
            internal: false,
            status: Some(loket::domain::Status::Pending),
            priority: None,
            tags: vec![],
            base: None,
            files: vec![ReplyFile::New {
                name: "f.bin".into(),
                content_type: "application/octet-stream".into(),
                data: data.to_vec(),
            }],
        }),
        actor: Actor {
            agent_id: Some(1),
            now: common::NOW,
        },
    };
    let refused = handle(&conn, &loket::clock::SystemClock, &reply(&[0; 11]));
    assert!(matches!(refused, Response::Failed { .. }), "{refused:?}");
    assert_eq!(
        messages_of(&conn, 1).len(),
        before,
        "no reply without its file"
    );
    assert_eq!(
        tickets::detail(&conn, 1).unwrap().status,
        loket::domain::Status::Open,
        "nor its status"
    );
    assert!(matches!(
        handle(&conn, &loket::clock::SystemClock, &reply(&[0; 10])),
        Response::Written { .. }
    ));
    let detail = tickets::detail(&conn, 1).unwrap();
    assert_eq!(detail.messages.last().unwrap().attachments.len(), 1);
    assert_eq!(detail.status, loket::domain::Status::Pending);
}
