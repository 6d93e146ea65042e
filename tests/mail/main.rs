//! The e-mail channel on a real desk: mail in from the corpus in
//! `tests/mail/corpus/`, mail out to a real SMTP server (`tests/smtp_sink.py`)
//! and through msmtp, and the `mail` commands that send.
//!
//! | module | checks |
//! |---|---|
//! | `incoming` | threading, noise, bounces, surveys and the quarantine |
//! | `outgoing` | what leaves, parsed back header by header |
//! | `outgoing_cli` | `loket mail send\|watch\|retry`, a watcher killed and restarted |
//!
//! Shared helpers, one copy each in `tests/support/`, declared once here:
//! `mail_support` (a real SMTP server (tests/smtp_sink.py) and mail settings).
//! `cli_support` (the built `loket` in a private home).
// Tests may unwrap: a failure should stop the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/cli_support.rs"]
mod cli_support;
#[path = "../support/mail_support.rs"]
mod mail_support;

mod incoming;
mod outgoing;
mod outgoing_cli;
