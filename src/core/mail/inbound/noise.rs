//! Automatic mail: out-of-office replies, mailing lists, bounces, mail from
//! robots. loket takes it in (an out-of-office reply still belongs on its
//! ticket) but never answers it automatically, or two robots would write to
//! each other forever (RFC 3834).

use mail_parser::Message;

/// Why a mail is automatic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Noise {
    /// `Auto-Submitted` with anything but `no` (RFC 3834).
    AutoSubmitted(String),
    /// `Precedence: bulk`, `junk` or `list`.
    Precedence(String),
    /// `X-Autoreply` / `X-Autorespond` (and their spellings).
    AutoreplyHeader(String),
    /// From a mailer-daemon or postmaster.
    MailerDaemon,
    /// From one of the desk's own addresses (a loop).
    OwnAddress,
    /// A delivery status report.
    Report,
}

impl Noise {
    /// A short word for logs and the import summary.
    pub fn as_str(&self) -> &'static str {
        match self {
            Noise::AutoSubmitted(_) => "auto-submitted",
            Noise::Precedence(_) => "precedence",
            Noise::AutoreplyHeader(_) => "autoreply",
            Noise::MailerDaemon => "mailer-daemon",
            Noise::OwnAddress => "own-address",
            Noise::Report => "report",
        }
    }
}

/// Whether `message` from `from` (bare address) is automatic. The desk's
/// own addresses are checked by the caller, who knows them.
pub fn judge(message: &Message<'_>, from: &str) -> Option<Noise> {
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
    };
    if let Some(v) = header("Auto-Submitted")
        && v.split(';').next().map(str::trim) != Some("no")
    {
        return Some(Noise::AutoSubmitted(v));
    }
    if let Some(v) = header("Precedence")
        && matches!(v.as_str(), "bulk" | "junk" | "list")
    {
        return Some(Noise::Precedence(v));
    }
    for name in [
        "X-Autoreply",
        "X-Autorespond",
        "X-Autoresponder",
        "X-Auto-Response-Suppress",
    ] {
        if let Some(v) = header(name) {
            // Outlook writes X-Auto-Response-Suppress on ordinary mail too;
            // only its "All"/"OOF" values mark the mail itself automatic.
            if name == "X-Auto-Response-Suppress" && !(v.contains("all") || v.contains("oof")) {
                continue;
            }
            return Some(Noise::AutoreplyHeader(format!("{name}: {v}")));
        }
    }
    let local = from.split('@').next().unwrap_or_default();
    if matches!(
        local,
        "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon"
    ) {
        return Some(Noise::MailerDaemon);
    }
    if let Some(ct) = message.root_part().content_type_header()
        && ct.starts_with("multipart/report")
    {
        return Some(Noise::Report);
    }
    None
}

trait ContentTypeHeader {
    fn content_type_header(&self) -> Option<String>;
}

impl ContentTypeHeader for mail_parser::MessagePart<'_> {
    fn content_type_header(&self) -> Option<String> {
        use mail_parser::MimeHeaders;
        self.content_type().map(|ct| {
            format!(
                "{}/{}",
                ct.ctype().to_ascii_lowercase(),
                ct.subtype().unwrap_or_default().to_ascii_lowercase()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn noise_of(headers: &str, from: &str) -> Option<Noise> {
        let raw = format!("From: {from}\r\nSubject: x\r\n{headers}\r\nbody\r\n");
        let message = MessageParser::default().parse(raw.as_bytes()).unwrap();
        judge(&message, from)
    }

    #[test]
    fn each_marker_is_noise() {
        assert!(matches!(
            noise_of("Auto-Submitted: auto-replied\r\n", "eva@x.nl"),
            Some(Noise::AutoSubmitted(_))
        ));
        assert_eq!(noise_of("Auto-Submitted: no\r\n", "eva@x.nl"), None);
        assert!(matches!(
            noise_of("Precedence: bulk\r\n", "eva@x.nl"),
            Some(Noise::Precedence(_))
        ));
        assert_eq!(noise_of("Precedence: normal\r\n", "eva@x.nl"), None);
        assert!(matches!(
            noise_of("X-Autoreply: yes\r\n", "eva@x.nl"),
            Some(Noise::AutoreplyHeader(_))
        ));
        assert!(matches!(
            noise_of("X-Autorespond: on\r\n", "eva@x.nl"),
            Some(Noise::AutoreplyHeader(_))
        ));
        assert_eq!(
            noise_of("X-Auto-Response-Suppress: DR, RN\r\n", "eva@x.nl"),
            None
        );
        assert_eq!(
            noise_of("", "mailer-daemon@mx.x.nl"),
            Some(Noise::MailerDaemon)
        );
        assert_eq!(noise_of("", "postmaster@x.nl"), Some(Noise::MailerDaemon));
        assert_eq!(noise_of("", "eva@x.nl"), None);
    }
}
