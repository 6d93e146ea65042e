//! The database thread. It owns its own connection; the UI sends it
//! [`Request`]s and gets [`Response`]s back as events, so the UI thread never
//! waits on SQLite. Requests of one kind coalesce: while one runs, a newer
//! request replaces a pending older one (holding `j` asks for many pages; only
//! the last matters). It also polls `PRAGMA data_version` so other processes'
//! writes show within a second; the desk's content stamp then tells a
//! change of content from presence only (another console's heartbeat), which
//! asks for no reload ([`Watch`]).
//!
//! [`handle`] is the whole request → response step, callable without a
//! thread, which is how tests load data deterministically.
//!
//! | module       | role |
//! |--------------|------|
//! | [`types`]    | requests, responses and what they carry; no database |
//! | [`dispatch`] | [`handle`]: one request run on a connection, one answer |
//! | [`thread`]   | [`Worker`]: the thread, pending-request replacement, the [`Watch`] poll |

pub mod dispatch;
pub mod thread;
pub mod types;

pub use dispatch::handle;
pub use thread::{POLL_INTERVAL, Watch, Worker};
pub use types::{ListSpec, QueueLoaded, Request, Response, ViewEntry};
