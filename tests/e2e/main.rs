//! End to end with real parts: the built binary in tmux, a private Dovecot
//! and Postfix, fetchmail, mbsync, aiosmtpd. Tests of this binary run on
//! parallel threads of one process, so each uses its own tmux socket
//! (`loket-test-<tag>-<pid>`, a tag per test), its own temporary home and
//! desk, and ports the system hands out; nothing sets the process's
//! environment or working directory (children get theirs on `Command`).
//!
//! | module | checks |
//! |---|---|
//! | `open` | keys move down the queue, open a ticket, `q` quits |
//! | `reply` | a canned response sent as a public reply |
//! | `multi` | two consoles as two agents see each other's changes |
//! | `dashboard` | a read-only dashboard shows another process's change |
//! | `rights` | a key the role may not use is refused and greyed |
//! | `kb` | search the knowledge base, insert an article, send |
//! | `kb_filter` | filter the knowledge base; a read-only console |
//! | `attachment` | a file in the thread saved with `d` |
//! | `mail_out` | two consoles deliver a reply to SMTP once |
//! | `mail_imap` | Dovecot + fetchmail/mbsync into `loket mail deliver\|import` |
//! | `mail_postfix` | Postfix piping to `loket mail deliver` |
//!
//! Shared helpers, one copy each in `tests/support/`, declared once here:
//! `tmux_support` (tmux sessions running the built binary).
//! `mail_support` (a real SMTP server (tests/smtp_sink.py) and mail settings).
// Tests may unwrap: a failure should stop the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mail_support.rs"]
mod mail_support;
#[path = "../support/tmux_support.rs"]
mod tmux_support;

mod attachment;
mod dashboard;
mod kb;
mod kb_filter;
mod mail_imap;
mod mail_out;
mod mail_postfix;
mod multi;
mod open;
mod reply;
mod rights;
