//! Mail in: one raw RFC 5322 message read into an [`Incoming`], everything
//! the desk needs to thread it, with no SQL (that is
//! [`crate::store::inbox`]).
//!
//! | module      | role |
//! |-------------|------|
//! | [`parse`]   | MIME, charsets and RFC 2047 words through `mail-parser` |
//! | [`body`]    | the readable text: the text part, or HTML through `html2text` |
//! | [`quote`]   | the customer's new text apart from the quoted history below it |
//! | [`noise`]   | automatic mail (RFC 3834, Precedence, mailer-daemon) that must never be answered |
//! | [`bounce`]  | delivery status reports: which mail of ours bounced, and why |
//! | [`survey`]  | a survey answer's score on its first line |

pub mod body;
pub mod bounce;
pub mod noise;
pub mod parse;
pub mod quote;
pub mod survey;

pub use bounce::Bounce;
pub use noise::Noise;
pub use parse::{Incoming, IncomingAttachment, ParseError, parse};
