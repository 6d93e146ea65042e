//! Key press to redrawn frame, measured on the real console binary in a
//! pseudo-terminal: the bench writes a key's bytes to the terminal, reads
//! what the console draws back, and takes the time from the key to the last
//! byte of the burst that follows it ("settled": the worker's answers, the
//! preview, the new rows, drawn too). A burst ends when the terminal stays
//! quiet for `QUIET` (that wait is not counted); a key that draws nothing
//! within a second counts as "no frame". "First frame" is the time to the
//! last byte before the first pause of `FRAME_GAP` in the burst: the frame
//! the key itself drew (the moved selection), before any answer came.
//!
//! `cargo build --release && cargo bench --bench keys -- DB [PRESSES]`
//! (the binary from `LOKET_BIN`, default `target/release/loket`; the desk is
//! opened `--read-only`; 100 presses per key by default). Reports the median
//! and p99 per key, then the console's peak and current memory (`VmHWM`,
//! `VmRSS` from `/proc`). With `LOKET_BENCH_MINUTES=10` the keys are played
//! again and again (scrolling, opening tickets, searching, the dashboard)
//! for that long before the memory is read. `LOKET_BENCH_STATE=dir` keeps
//! the console's state directory (its log: run with `LOKET_LOG=debug` to
//! see what each worker request took). Not a test: these machines are
//! shared and noisy.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// Silence that ends a frame's burst of bytes.
const QUIET: Duration = Duration::from_millis(40);
/// A pause within a burst that ends its first frame (one frame is written
/// in well under this).
const FRAME_GAP: Duration = Duration::from_millis(3);
/// How long a key may take to draw anything at all.
const NO_FRAME: Duration = Duration::from_secs(1);

/// A key's first frame and its settled burst; `None`: nothing drawn.
type Frame = Option<(Duration, Duration)>;

/// The bytes read from the terminal, each chunk stamped on arrival.
struct Screen {
    chunks: Receiver<(Instant, usize)>,
}

impl Screen {
    /// Drains everything until the terminal has been quiet for `quiet`.
    fn settle(&self, quiet: Duration) {
        while self.chunks.recv_timeout(quiet).is_ok() {}
    }

    /// Time from `sent` to the end of the first frame and to the last byte
    /// of the burst after it; `None` when nothing came.
    fn frame_after(&self, sent: Instant) -> Frame {
        let (mut last, _) = self.chunks.recv_timeout(NO_FRAME).ok()?;
        let mut first = None;
        loop {
            match self.chunks.recv_timeout(QUIET) {
                Ok((at, _)) => {
                    if first.is_none() && at.duration_since(last) >= FRAME_GAP {
                        first = Some(last);
                    }
                    last = at;
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    let first = first.unwrap_or(last);
                    return Some((first.duration_since(sent), last.duration_since(sent)));
                }
            }
        }
    }
}

struct Stat {
    first: Vec<Duration>,
    settled: Vec<Duration>,
    missed: usize,
}

impl Stat {
    fn line(mut self, name: &str) {
        self.first.sort();
        self.settled.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let n = self.settled.len();
        if n == 0 {
            println!("{name:<28} no frame in {} presses", self.missed);
            return;
        }
        let p99 = (n * 99).div_ceil(100).saturating_sub(1);
        println!(
            "{name:<28} {n:>5} {:>9.2} ms {:>9.2} ms {:>9.2} ms {:>9.2} ms {:>9.2} ms   no frame: {}",
            ms(self.first[n / 2]),
            ms(self.first[p99]),
            ms(self.settled[n / 2]),
            ms(self.settled[p99]),
            ms(self.settled[n - 1]),
            self.missed
        );
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(db) = args.first() else {
        anyhow::bail!("usage: cargo bench --bench keys -- DB [PRESSES]");
    };
    let presses: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let bin = std::env::var("LOKET_BIN").unwrap_or_else(|_| "target/release/loket".into());

    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY)?;
    grantpt(&master)?;
    unlockpt(&master)?;
    let name = ptsname(&master, Vec::new())?;
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_string_lossy().as_ref())?;
    tcsetwinsize(
        &slave,
        Winsize {
            ws_row: 40,
            ws_col: 160,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )?;
    let dir = tempfile::tempdir()?;
    let state = std::env::var("LOKET_BENCH_STATE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().to_path_buf());
    let mut child = Command::new(&bin)
        .args(["--db", db, "--read-only"])
        .env("TERM", "xterm-256color")
        .env("LOKET_LANG", "en")
        .env("XDG_STATE_HOME", &state)
        .env("XDG_CONFIG_HOME", dir.path())
        .stdin(Stdio::from(slave.try_clone()?))
        .stdout(Stdio::from(slave.try_clone()?))
        .stderr(Stdio::from(slave))
        .spawn()?;
    let mut reader = std::fs::File::from(master.try_clone()?);
    let mut keyboard = std::fs::File::from(master);
    let (tx, chunks) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send((Instant::now(), n)).is_err() {
                break;
            }
        }
    });
    let screen = Screen { chunks };
    // The first frame and the first page.
    screen.settle(Duration::from_millis(1500));

    let mut press = |bytes: &[u8]| -> anyhow::Result<Frame> {
        screen.settle(QUIET);
        let sent = Instant::now();
        keyboard.write_all(bytes)?;
        keyboard.flush()?;
        Ok(screen.frame_after(sent))
    };
    let measure = |name: &str,
                   press: &mut dyn FnMut(&[u8]) -> anyhow::Result<Frame>,
                   keys: &[&[u8]],
                   undo: &[&[u8]]|
     -> anyhow::Result<()> {
        let mut stat = Stat {
            first: Vec::new(),
            settled: Vec::new(),
            missed: 0,
        };
        for _ in 0..presses {
            for key in keys {
                match press(key)? {
                    Some((first, settled)) => {
                        stat.first.push(first);
                        stat.settled.push(settled);
                    }
                    None => stat.missed += 1,
                }
            }
            for key in undo {
                press(key)?;
            }
        }
        stat.line(name);
        Ok(())
    };
    let minutes: u64 = std::env::var("LOKET_BENCH_MINUTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let started = Instant::now();
    let mut round = 0;
    loop {
        round += 1;
        println!(
            "round {round}: {:<20} {:>5} {:>12} {:>12} {:>12} {:>12} {:>12}",
            "key", "n", "first med", "first p99", "settled med", "settled p99", "max"
        );
        measure("j (next ticket)", &mut press, &[b"j"], &[])?;
        measure("PageDown", &mut press, &[b"\x1b[6~"], &[])?;
        measure("G (last ticket)", &mut press, &[b"G"], &[b"g"])?;
        measure("Enter (open ticket)", &mut press, &[b"\r"], &[b"\x1b"])?;
        press(b"/")?;
        measure(
            "typing in /",
            &mut press,
            &[b"r", b"e", b"f"],
            &[b"\x7f", b"\x7f", b"\x7f"],
        )?;
        press(b"\x1b")?;
        measure("D (dashboard)", &mut press, &[b"D"], &[b"D"])?;
        if started.elapsed() >= Duration::from_secs(minutes * 60) {
            break;
        }
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()))?;
    for line in status.lines() {
        if line.starts_with("VmHWM") || line.starts_with("VmRSS") {
            println!(
                "{line}   (after {:.1} minutes)",
                started.elapsed().as_secs_f64() / 60.0
            );
        }
    }
    let _ = press(b"q");
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    Ok(())
}
