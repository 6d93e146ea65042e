//! The delivery loop shared by `loket mail watch` and the console's
//! background thread: a pass over what is due every few seconds, on a
//! connection of its own, until told to stop. The settings are read afresh
//! each round, so `loket mail setup` takes effect without a restart.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::clock::{Clock, SystemClock};
use crate::mail::outbound::deliver::{PassReport, deliver_while};
use crate::mail::settings::MailSettings;
use crate::store::{self, OpenMode};

/// How often the console's delivery thread looks at the outbox.
pub const CONSOLE_INTERVAL: Duration = Duration::from_secs(3);

/// Runs delivery passes every `interval` until `stop` is set, handing each
/// pass's report (or the error that ended it) to `report`. A stop is seen
/// between messages and within a tenth of a second while waiting.
pub fn run(
    conn: &Connection,
    clock: &dyn Clock,
    interval: Duration,
    stop: &AtomicBool,
    report: &mut dyn FnMut(store::Result<PassReport>),
) {
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let pass = MailSettings::load(conn).and_then(|settings| {
            deliver_while(conn, &settings, clock, &|| !stop.load(Ordering::Relaxed))
        });
        report(pass);
        while !stop.load(Ordering::Relaxed) && started.elapsed() < interval {
            std::thread::sleep(Duration::from_millis(100).min(interval));
        }
    }
}

/// The console's delivery thread. Dropping it asks the thread to stop and
/// waits briefly: a message being handed to the relay is finished (or, if
/// the relay is slow, left to the lease and shown in doubt).
pub struct Courier {
    stop: Arc<AtomicBool>,
    done: std::sync::mpsc::Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

impl Courier {
    /// Starts delivering from the desk at `db_path` on its own connection.
    pub fn spawn(db_path: PathBuf) -> std::io::Result<Courier> {
        let stop = Arc::new(AtomicBool::new(false));
        let (done_tx, done) = std::sync::mpsc::channel();
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("loket-mail".into())
            .spawn(move || {
                match store::open(&db_path, OpenMode::ReadWrite, &SystemClock) {
                    Ok(conn) => run(&conn, &SystemClock, CONSOLE_INTERVAL, &flag, &mut log),
                    Err(e) => tracing::warn!("mail: the delivery thread cannot open the desk: {e}"),
                }
                let _ = done_tx.send(());
            })?;
        Ok(Courier {
            stop,
            done,
            thread: Some(thread),
        })
    }
}

fn log(pass: store::Result<PassReport>) {
    match pass {
        Ok(report) => {
            if let Some(problem) = &report.problem {
                tracing::warn!(%problem, "mail: not delivering");
            }
        }
        Err(e) => tracing::warn!("mail: delivery pass failed: {e}"),
    }
}

impl Drop for Courier {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if self.done.recv_timeout(Duration::from_secs(2)).is_ok()
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
    }
}
