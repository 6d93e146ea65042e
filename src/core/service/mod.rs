//! The desk's work beside a client: the database thread a console talks to,
//! the writes it asks for, and their requests and answers. Nothing here
//! draws; the console in `tui/` and any other client send [`worker::Request`]s
//! and read [`worker::Response`]s.
//!
//! | module     | role |
//! |------------|------|
//! | [`worker`] | the database thread: requests in, answers and change notices out |
//! | [`change`] | one user intent that writes, run in one transaction |
//! | [`kb`]     | knowledge-base reads and writes as requests |
//! | [`files`]  | attachment work on disk as requests |

pub mod change;
pub mod files;
pub mod kb;
pub mod worker;
