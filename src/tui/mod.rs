//! The console. Data flows one way: an input event becomes an [`Action`]
//! (through the [`keymap`]), [`App::update`] changes the state, and
//! [`ui::draw`] paints the screen as a pure function of it. Database work is
//! a request to the desk core's worker thread ([`crate::service`]); its answers, key presses and the clock
//! tick all arrive on one channel, so the loop blocks in one place and never
//! on SQLite.
//!
//! | module     | role |
//! |------------|------|
//! | [`action`] | every user intent |
//! | [`app`]    | state and `update`; no SQL, no I/O |
//! | [`keymap`] | keys as data: embedded defaults plus the user's file |
//! | [`composer`] | the reply composer's state (ratatui-textarea) |
//! | [`dashboard`] | the KPI dashboard's state and tiles |
//! | [`popup`]  | list popups with fuzzy search: picker, palette, choosers |
//! | [`kb`]     | the knowledge-base pane's state |
//! | [`form`]   | one-line inputs, the new-ticket form, talk-time parsing |
//! | [`placeholders`] | filling canned responses from the ticket |
//! | [`layout`] | where panes go and the lines of those that scroll; read by `app` and `ui` |
//! | [`ui`]     | one file per pane, theme, safe text; reads `app` and `layout` |

pub mod action;
pub mod app;
pub mod composer;
pub mod dashboard;
pub mod form;
pub mod kb;
pub mod keymap;
pub mod layout;
pub mod placeholders;
pub mod popup;
pub mod ui;

use std::io::stdout;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, Event as TermEvent};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::prelude::CrosstermBackend;

use crate::service::worker::{Response, Worker};
pub use action::Action;
pub use app::App;
use keymap::Keymap;

use crate::clock::{Clock, SystemClock};
use crate::i18n::{Lang, Msg, fill, t};
use crate::store::OpenMode;
use crate::store::agents::Agent;

/// How the console is started.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database file.
    pub db_path: PathBuf,
    /// Open with SQLite's read-only flag.
    pub read_only: bool,
    /// The interface language.
    pub lang: Lang,
    /// Who is using the console; `None` browses without an agent identity.
    pub agent: Option<Agent>,
    /// A message for the status line at start (for example: no agent matched `$USER`).
    pub notice: Option<String>,
    /// The user's keymap file, merged over the embedded defaults, if it exists.
    pub keymap_file: Option<PathBuf>,
    /// Open straight onto the KPI dashboard.
    pub dashboard: bool,
}

/// Everything the event loop waits for, on one channel.
#[derive(Debug)]
pub enum Event {
    Input(TermEvent),
    Worker(Box<Response>),
    /// The clock, in Unix seconds.
    Tick(i64),
}

/// How often the clock ticks: SLA columns show minutes.
const TICK: Duration = Duration::from_secs(1);

/// How long the input thread waits for a key before checking for shutdown.
const INPUT_POLL: Duration = Duration::from_millis(100);

/// Runs the console until the user quits. The terminal is restored on quit,
/// on error and on panic. The database is opened (and a bad keymap or a
/// refused database reported) before the screen is taken over.
pub fn run(config: Config) -> anyhow::Result<()> {
    let keymap =
        Keymap::load(config.keymap_file.as_deref(), config.lang).map_err(anyhow::Error::msg)?;
    let (tx, rx) = mpsc::channel::<Event>();
    let mode = if config.read_only {
        OpenMode::ReadOnly
    } else {
        OpenMode::ReadWrite
    };
    let worker = Worker::spawn(
        config.db_path.clone(),
        mode,
        Arc::new(SystemClock),
        tx.clone(),
        |r| Event::Worker(Box::new(r)),
    )?;
    // Mail leaves from every writing console, on a thread and connection of
    // its own; the outbox's leases keep consoles from sending a mail twice.
    let courier = if config.read_only {
        None
    } else {
        Some(crate::service::courier::Courier::spawn(
            config.db_path.clone(),
        )?)
    };
    let agent_id = config.agent.as_ref().map(|a| a.id);
    let role = config.agent.as_ref().map(|a| a.role);
    // First of all: whose lists these are (the desk's team restriction).
    worker.send(crate::service::worker::Request::Viewer { agent: agent_id });
    let mut app = App::new(
        config.lang,
        keymap,
        config.agent.map(|a| a.display_name),
        config.notice,
        SystemClock.now().timestamp(),
    );
    app.session.agent_id = agent_id;
    app.session.role = role;
    app.session.read_only = config.read_only;
    if config.dashboard {
        app.open_dashboard();
    }

    let stop = Arc::new(AtomicBool::new(false));
    let paused = Arc::new(AtomicBool::new(false));
    let mut terminal = init_terminal()?;
    spawn_input(tx.clone(), Arc::clone(&stop), Arc::clone(&paused))?;
    spawn_ticks(tx, Arc::clone(&stop))?;
    let result = event_loop(&mut terminal, &mut app, &worker, &rx, &paused);
    stop.store(true, Ordering::Relaxed);
    ratatui::restore();
    drop(worker);
    drop(courier);
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    worker: &Worker,
    events: &mpsc::Receiver<Event>,
    input_paused: &AtomicBool,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    loop {
        if let Some(text) = app.take_editor_request() {
            let result = edit_externally(terminal, &text, input_paused)
                .map_err(|e| fill(t(app.session.lang, Msg::EditorFailed), &[("error", &e)]));
            app.editor_finished(result);
            app.force_redraw();
        }
        // The key's own frame first (the moved selection), then the work
        // it asked for: the worker's reads do not compete with the drawing.
        draw_if_needed(terminal, app)?;
        for request in app.take_requests() {
            if !worker.send(request) {
                app.session.error = Some(t(app.session.lang, Msg::WorkerStopped).to_string());
                app.force_redraw();
            }
        }
        if app.session.quit {
            return Ok(());
        }
        handle_event(app, events.recv()?);
        // Whatever else has already arrived (the worker's answers to one
        // key come close together) is taken in before the next frame: one
        // frame for them all, not one each.
        for _ in 0..MAX_EVENTS_PER_FRAME {
            // Keys after one that opens the editor or quits wait for it.
            if app.session.quit || app.wants_editor() {
                break;
            }
            match events.try_recv() {
                Ok(event) => handle_event(app, event),
                Err(_) => break,
            }
        }
    }
}

/// How many waiting events one frame may take in (so a flood of answers
/// cannot hold a frame back for long).
const MAX_EVENTS_PER_FRAME: usize = 32;

fn handle_event(app: &mut App, event: Event) {
    match event {
        Event::Input(TermEvent::Key(key)) => app.handle_key(&key),
        Event::Input(TermEvent::Resize(width, height)) => app.resize(width, height),
        Event::Input(_) => {}
        Event::Worker(response) => {
            if let Response::Failed { error, .. } = response.as_ref() {
                tracing::warn!(?error, "database request failed");
            }
            app.apply(*response);
        }
        Event::Tick(now) => app.tick(now),
    }
}

/// Draws a frame only when something on screen may have changed
/// ([`App::take_redraw`]); returns whether it drew. An idle console (no key,
/// no other process writing) sends no bytes to the terminal.
pub fn draw_if_needed<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    app: &mut App,
) -> Result<bool, B::Error> {
    if !app.take_redraw() {
        return Ok(false);
    }
    terminal.draw(|frame| ui::draw(frame, app))?;
    Ok(true)
}

/// Raw mode and the alternate screen, like `ratatui::init`, with our own
/// panic hook so a panic restores the terminal before its message prints.
fn init_terminal() -> anyhow::Result<DefaultTerminal> {
    install_panic_hook();
    let setup = || -> std::io::Result<DefaultTerminal> {
        enable_raw_mode()?;
        execute!(stdout(), EnterAlternateScreen)?;
        ratatui::Terminal::new(CrosstermBackend::new(stdout()))
    };
    setup().map_err(|e| {
        ratatui::restore();
        e.into()
    })
}

/// Restores the terminal on panic, then runs the hook that was there
/// before (the default one prints the message and backtrace).
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        previous(info);
    }));
}

/// Opens `text` in `$VISUAL`/`$EDITOR` (else `vi`) on a private temporary
/// file, with the terminal handed over: input thread paused, raw mode and
/// the alternate screen left, and all of it restored afterwards, whatever
/// the editor did. Returns the edited text.
fn edit_externally(
    terminal: &mut DefaultTerminal,
    text: &str,
    input_paused: &AtomicBool,
) -> Result<String, String> {
    use std::io::Write;
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let path = std::env::temp_dir().join(format!("loket-draft-{}-{nanos}.txt", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(|e| e.to_string())?;
    file.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    drop(file);

    input_paused.store(true, Ordering::Relaxed);
    // Let a poll already under way finish before the editor reads keys.
    std::thread::sleep(INPUT_POLL * 2);
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen, Show);
    let mut parts = editor.split_whitespace();
    let status = match parts.next() {
        Some(program) => std::process::Command::new(program)
            .args(parts)
            .arg(&path)
            .status()
            .map_err(|e| format!("{editor}: {e}")),
        None => Err("no editor".to_string()),
    };
    let _ = enable_raw_mode();
    let _ = execute!(stdout(), EnterAlternateScreen);
    let _ = terminal.clear();
    input_paused.store(false, Ordering::Relaxed);

    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path).map_err(|e| e.to_string()),
        Ok(s) => Err(format!("{editor}: {s}")),
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&path);
    result
}

/// Terminal events on their own thread, so waiting for a key never blocks
/// worker results or the clock.
fn spawn_input(
    tx: Sender<Event>,
    stop: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("loket-input".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if paused.load(Ordering::Relaxed) {
                    // The external editor owns the terminal's input now.
                    std::thread::sleep(INPUT_POLL);
                    continue;
                }
                match event::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(_) => return,
                }
                let Ok(event) = event::read() else { return };
                if tx.send(Event::Input(event)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

fn spawn_ticks(tx: Sender<Event>, stop: Arc<AtomicBool>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("loket-clock".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                if tx.send(Event::Tick(SystemClock.now().timestamp())).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// Loads everything `app` asks for, synchronously, until it asks for
/// nothing more: the worker's request → response step without its thread.
/// Tests use it for deterministic screens; the store's own "now" (rollups,
/// live status) is the wall clock, as in the worker the console spawns.
pub fn settle(app: &mut App, conn: &rusqlite::Connection) {
    for _ in 0..32 {
        let requests = app.take_requests();
        if requests.is_empty() {
            return;
        }
        for request in requests {
            app.apply(crate::service::worker::handle(conn, &SystemClock, &request));
        }
    }
}
