//! The relay: lettre over SMTP (STARTTLS, implicit TLS or plain for a relay
//! on this host, AUTH when a user is set) or lettre's sendmail transport
//! for a sendmail-compatible command. Messages go as raw bytes with an
//! envelope; lettre's own message builder is not used (mail-builder writes
//! them, see [`super::compose`]).
//!
//! The password is read when the relay is built, from the file or the
//! environment variable the settings name; it is never stored in the desk.

use std::time::Duration;

use lettre::Transport as _;
use lettre::address::Envelope;
use lettre::transport::sendmail::SendmailTransport;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};

use super::compose::Composed;
use crate::mail::settings::{MailSettings, Security, Transport};

/// How long one SMTP conversation may stall before it counts as a
/// temporary failure. Shorter than the claim's lease
/// ([`crate::store::outbox::LEASE_S`]).
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Try again later: a 4xx answer, a refused connection, a timeout.
    Temporary(String),
    /// Trying again will not help: a 5xx answer, a bad address.
    Permanent(String),
}

/// A relay to hand messages to.
pub enum Relay {
    Smtp(Box<SmtpTransport>),
    Sendmail(SendmailTransport, String),
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Relay::Smtp(_) => f.write_str("Relay::Smtp"),
            Relay::Sendmail(_, cmd) => write!(f, "Relay::Sendmail({cmd})"),
        }
    }
}

/// The relay's password: from `password_file`, else the environment
/// variable `password_env`.
fn password(settings: &MailSettings) -> Result<String, String> {
    if let Some(file) = &settings.smtp.password_file {
        return std::fs::read_to_string(file)
            .map(|s| s.trim_end_matches(['\r', '\n']).to_string())
            .map_err(|e| {
                format!(
                    "cannot read the relay's password from {file} (mail.smtp.password_file): {e}"
                )
            });
    }
    std::env::var(&settings.smtp.password_env).map_err(|_| {
        format!(
            "mail.smtp.user is set but there is no password: write it to a file named by mail.smtp.password_file, or set ${}",
            settings.smtp.password_env
        )
    })
}

impl Relay {
    /// The relay the settings describe. The error says which setting to fix.
    pub fn from_settings(settings: &MailSettings) -> Result<Relay, String> {
        match settings.transport {
            Transport::None => Err(
                "mail.transport is none: the desk sends no mail; set it to smtp or sendmail".into(),
            ),
            Transport::Sendmail => Ok(Relay::Sendmail(
                SendmailTransport::new_with_command(&settings.sendmail),
                settings.sendmail.clone(),
            )),
            Transport::Smtp => {
                let smtp = &settings.smtp;
                if smtp.host.is_empty() {
                    return Err("mail.smtp.host is empty: name the SMTP relay".into());
                }
                let tls = |host: &str| -> Result<TlsParameters, String> {
                    let mut builder = TlsParameters::builder(host.to_string());
                    if let Some(file) = &smtp.ca_file {
                        let pem = std::fs::read(file).map_err(|e| {
                            format!("cannot read the relay's CA certificate {file} (mail.smtp.ca_file): {e}")
                        })?;
                        let cert = Certificate::from_pem(&pem).map_err(|e| {
                            format!("{file} (mail.smtp.ca_file) is not a PEM certificate: {e}")
                        })?;
                        builder = builder.add_root_certificate(cert);
                    }
                    builder
                        .build_rustls()
                        .map_err(|e| format!("TLS for {host} cannot be set up: {e}"))
                };
                let tls = match smtp.security {
                    Security::None => Tls::None,
                    Security::StartTls => Tls::Required(tls(&smtp.host)?),
                    Security::Tls => Tls::Wrapper(tls(&smtp.host)?),
                };
                let mut builder = SmtpTransport::builder_dangerous(&smtp.host)
                    .port(smtp.port)
                    .tls(tls)
                    .timeout(Some(SMTP_TIMEOUT));
                if let Some(user) = &smtp.user {
                    builder =
                        builder.credentials(Credentials::new(user.clone(), password(settings)?));
                }
                Ok(Relay::Smtp(Box::new(builder.build())))
            }
        }
    }

    /// Hands `message` to the relay; returns the relay's answer.
    pub fn send(&self, message: &Composed) -> Result<String, Failure> {
        let from = message.from.parse().map_err(|e| {
            Failure::Permanent(format!(
                "the From address {} is not valid: {e}",
                message.from
            ))
        })?;
        let to = message
            .recipients
            .iter()
            .map(|r| {
                r.parse()
                    .map_err(|e| Failure::Permanent(format!("the address {r} is not valid: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let envelope = Envelope::new(Some(from), to)
            .map_err(|e| Failure::Permanent(format!("no recipient: {e}")))?;
        match self {
            Relay::Smtp(smtp) => match smtp.send_raw(&envelope, &message.bytes) {
                Ok(response) => Ok(format!(
                    "{} {}",
                    response.code(),
                    response.message().collect::<Vec<_>>().join(" ")
                )
                .trim()
                .to_string()),
                Err(e) if e.is_permanent() => Err(Failure::Permanent(clean(&e.to_string()))),
                Err(e) => Err(Failure::Temporary(clean(&e.to_string()))),
            },
            Relay::Sendmail(sendmail, command) => {
                match sendmail.send_raw(&envelope, &message.bytes) {
                    Ok(()) => Ok(format!("accepted by {command}")),
                    Err(e) => {
                        let text = clean(&format!("{command}: {e}"));
                        if permanent_in(&text) {
                            Err(Failure::Permanent(text))
                        } else {
                            Err(Failure::Temporary(text))
                        }
                    }
                }
            }
        }
    }
}

fn clean(s: &str) -> String {
    crate::text::clean_line(s)
}

/// Whether a sendmail command's complaint quotes a 5xx SMTP answer (msmtp
/// writes "server message: 550 ..."); anything else may pass and is tried
/// again.
fn permanent_in(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(5).any(|w| {
        w[0] == b' '
            && w[1] == b'5'
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && (w[4] == b' ' || w[4] == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_5xx_is_permanent() {
        assert!(permanent_in(
            "msmtp: server message: 550 5.1.1 <x@y> unknown"
        ));
        assert!(!permanent_in("msmtp: server message: 451 4.3.0 try later"));
        assert!(!permanent_in("cannot connect to 127.0.0.1, port 2525"));
    }
}
