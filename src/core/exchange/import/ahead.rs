//! A file's tickets read and parsed on a second thread, a few hundred
//! ahead of the import that writes them: reading and deserializing a
//! ticket costs about as much as writing it, and the writing thread is the
//! one the import waits for.
//!
//! The tickets, and the error that ends them, come out in the order the
//! stream gives them, so the import sees exactly what it would have read
//! itself; it only stops sooner than the reader, which is let go (and
//! joined) when the import returns.

use std::sync::mpsc;

use super::{ImportError, TicketStream};
use crate::exchange::model::Ticket;

type Item = Result<Option<(usize, usize, Ticket)>, ImportError>;

/// Tickets handed over at a time.
const CHUNK: usize = 64;
/// Chunks read ahead at most, so memory stays bounded.
const CHUNKS: usize = 8;

/// Runs `import` over `tickets`, read on a second thread (see the module).
pub fn read_ahead<R>(
    tickets: &mut (dyn TicketStream + Send),
    import: impl FnOnce(&mut dyn TicketStream) -> R,
) -> R {
    let total = tickets.total();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<Item>>(CHUNKS);
        scope.spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            loop {
                let next = tickets.next_ticket();
                let last = !matches!(next, Ok(Some(_)));
                chunk.push(next);
                if last || chunk.len() == CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    // A closed channel: the import is over, nothing more is read.
                    if sender.send(full).is_err() || last {
                        tracing::info!(cpu = ?crate::store::bulk::thread_cpu(), "import: reading thread done");
                        return;
                    }
                }
            }
        });
        let mut ahead = Ahead {
            total,
            receiver,
            chunk: Vec::new().into_iter(),
            ended: false,
        };
        import(&mut ahead)
        // `ahead` goes first, and with it the receiver: a reader waiting to
        // hand over more stops, and the scope joins it.
    })
}

struct Ahead {
    total: usize,
    receiver: mpsc::Receiver<Vec<Item>>,
    chunk: std::vec::IntoIter<Item>,
    /// Whether the stream's end (or its error) was handed out.
    ended: bool,
}

impl TicketStream for Ahead {
    fn total(&self) -> usize {
        self.total
    }

    fn next_ticket(&mut self) -> Item {
        if self.ended {
            return Ok(None);
        }
        loop {
            if let Some(item) = self.chunk.next() {
                if !matches!(item, Ok(Some(_))) {
                    self.ended = true;
                }
                return item;
            }
            match self.receiver.recv() {
                Ok(chunk) => self.chunk = chunk.into_iter(),
                Err(_) => {
                    // The reader stopped without the stream's end (it
                    // panicked): never taken for the end of the file.
                    self.ended = true;
                    return Err(ImportError {
                        file: String::new(),
                        line: None,
                        field: String::new(),
                        message: "the file's reader stopped before its end".into(),
                    });
                }
            }
        }
    }
}
