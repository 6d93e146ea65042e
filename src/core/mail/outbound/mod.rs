//! Mail out: the outbox rows written with each reply (or automatic mail)
//! become RFC 5322 messages ([`compose`], with mail-builder) handed to the
//! relay ([`transport`], lettre over SMTP or the sendmail command, raw
//! bytes with an envelope) by one delivery pass ([`deliver`]) that any
//! process of the desk may run: every console in the background, `loket
//! mail send` from cron, `loket mail watch` as a service. Rows are claimed
//! with a lease, so processes never send one row twice. The loop that runs
//! passes beside a client (a console's thread, `loket mail watch`) is
//! [`crate::service::courier`].

pub mod compose;
pub mod deliver;
pub mod transport;

pub use deliver::{PassReport, Sent, deliver_due};
