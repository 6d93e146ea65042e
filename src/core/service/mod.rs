//! The desk's work beside a client: the database thread a console talks to,
//! the writes it asks for, their requests and answers, and the mail delivery
//! thread that runs beside a console. Nothing here draws; the console in
//! `tui/` and any other client send [`worker::Request`]s and read
//! [`worker::Response`]s.
//!
//! | module      | role |
//! |-------------|------|
//! | [`worker`]  | the database thread: requests in, answers and change notices out |
//! | [`change`]  | one user intent that writes, run in one transaction |
//! | [`kb`]      | knowledge-base reads and writes as requests |
//! | [`files`]   | attachment work on disk as requests |
//! | [`courier`] | mail delivery passes on a thread of their own, beside a client |

pub mod change;
pub mod courier;
pub mod files;
pub mod kb;
pub mod worker;
