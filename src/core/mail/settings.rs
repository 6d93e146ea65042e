//! The desk's mail settings: rows of the `settings` table whose keys start
//! with `mail.`, shared by every console and by `loket mail watch`, so all
//! processes of one desk send and take mail alike. Credentials are never
//! stored in the desk: the settings name a file or an environment variable
//! that holds the password.
//!
//! Each key is listed once in [`KEYS`] with its default and meaning; `loket
//! mail setup` writes them (checked by [`check`]) and `loket mail status`
//! shows them.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::hook::{self, DEFAULT_HOOK};
use crate::store::{Result, StoreError};

/// One setting: key, default (empty: none), what it means.
pub struct Key {
    pub key: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// Every mail setting. `mail.team.<team>` (a team's own From address) is
/// the one family of keys not listed here.
pub const KEYS: &[Key] = &[
    Key {
        key: "mail.address",
        default: "",
        meaning: "the desk's From address, like 'Support <support@example.nl>'",
    },
    Key {
        key: "mail.aliases",
        default: "",
        meaning: "more addresses of the desk (comma-separated): mail from them never gets an answer",
    },
    Key {
        key: "mail.transport",
        default: "none",
        meaning: "how mail leaves: smtp, sendmail or none (replies are kept, not e-mailed)",
    },
    Key {
        key: "mail.smtp.host",
        default: "",
        meaning: "the SMTP relay's host name",
    },
    Key {
        key: "mail.smtp.port",
        default: "",
        meaning: "the relay's port [default: 587 for starttls, 465 for tls, 25 for none]",
    },
    Key {
        key: "mail.smtp.security",
        default: "starttls",
        meaning: "starttls, tls (implicit TLS) or none (only for a relay on this host)",
    },
    Key {
        key: "mail.smtp.user",
        default: "",
        meaning: "the relay's user name, if it wants one",
    },
    Key {
        key: "mail.smtp.password_file",
        default: "",
        meaning: "a file holding the relay's password (read when sending, never copied into the desk)",
    },
    Key {
        key: "mail.smtp.password_env",
        default: "LOKET_SMTP_PASSWORD",
        meaning: "else, the environment variable holding the relay's password",
    },
    Key {
        key: "mail.smtp.ca_file",
        default: "",
        meaning: "a PEM file with the certificate of the CA that signed the relay's (for a relay with a private CA); else the system's",
    },
    Key {
        key: "mail.sendmail",
        default: "/usr/sbin/sendmail",
        meaning: "the sendmail-compatible command for transport sendmail",
    },
    Key {
        key: "mail.hook",
        default: DEFAULT_HOOK,
        meaning: "the ticket hook in subjects, with {id} for the number",
    },
    Key {
        key: "mail.max_size",
        default: "25MB",
        meaning: "the largest mail taken in (larger ones are kept aside and the sender told)",
    },
    Key {
        key: "mail.max_attachment",
        default: "10MB",
        meaning: "the largest file an agent may attach to a reply",
    },
    Key {
        key: "mail.sender_limit",
        default: "20",
        meaning: "mails one sender may send in an hour before more are kept aside (stops auto-responder loops)",
    },
    Key {
        key: "mail.max_attempts",
        default: "10",
        meaning: "tries before an outgoing mail that keeps failing is marked failed",
    },
    Key {
        key: "mail.ack",
        default: "off",
        meaning: "on: a new ticket by mail gets an acknowledgement in the customer's language",
    },
    Key {
        key: "mail.survey.csat",
        default: "on",
        meaning: "on: a solved ticket's customer is asked for a CSAT score (1-5) by mail",
    },
    Key {
        key: "mail.survey.nps",
        default: "off",
        meaning: "on: the survey mail also asks for an NPS score (0-10)",
    },
    Key {
        key: "mail.survey.delay",
        default: "1h",
        meaning: "how long after the solve the survey goes out (30m, 4h, 2d)",
    },
];

/// The prefix of a team's own From address: `mail.team.Billing`.
pub const TEAM_PREFIX: &str = "mail.team.";

/// How mail leaves the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Not at all: replies are kept in the thread and not e-mailed.
    None,
    Smtp,
    Sendmail,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    None,
}

/// The SMTP relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
    pub password_file: Option<String>,
    pub password_env: String,
    /// A PEM file of the CA the relay's certificate is signed by, trusted
    /// besides the system's roots.
    pub ca_file: Option<String>,
}

/// All mail settings of a desk, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// The desk's From address as written (`Support <support@example.nl>`).
    pub address: Option<String>,
    /// Teams' own From addresses, by team name.
    pub team_addresses: BTreeMap<String, String>,
    /// Every address of the desk, bare and lower-cased: the From addresses
    /// and the aliases.
    pub own_addresses: Vec<String>,
    pub transport: Transport,
    pub smtp: Smtp,
    pub sendmail: String,
    pub hook: String,
    pub max_size: u64,
    pub max_attachment: u64,
    pub sender_limit: u32,
    pub max_attempts: u32,
    pub ack: bool,
    pub csat: bool,
    pub nps: bool,
    pub survey_delay_s: i64,
}

impl MailSettings {
    /// The settings of the desk on `conn`. A stored value that does not read
    /// (written by hand with `sqlite3`) is an error naming the key.
    pub fn load(conn: &Connection) -> Result<MailSettings> {
        let mut stored = BTreeMap::new();
        let mut stmt =
            conn.prepare_cached("SELECT key, value FROM settings WHERE key LIKE 'mail.%'")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (k, v) = row?;
            stored.insert(k, v);
        }
        Self::from_map(&stored).map_err(StoreError::Constraint)
    }

    /// The settings from key/value pairs, defaults for what is missing.
    pub fn from_map(
        stored: &BTreeMap<String, String>,
    ) -> std::result::Result<MailSettings, String> {
        let get = |key: &str| -> String {
            stored
                .get(key)
                .cloned()
                .unwrap_or_else(|| default_of(key).to_string())
        };
        for (k, v) in stored {
            check(k, v)?;
        }
        let address = Some(get("mail.address")).filter(|a| !a.trim().is_empty());
        let team_addresses: BTreeMap<String, String> = stored
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix(TEAM_PREFIX)
                    .filter(|_| !v.trim().is_empty())
                    .map(|team| (team.to_string(), v.clone()))
            })
            .collect();
        let mut own_addresses: Vec<String> = address
            .iter()
            .chain(team_addresses.values())
            .filter_map(|a| super::bare_address(a))
            .collect();
        own_addresses.extend(
            get("mail.aliases")
                .split(',')
                .filter_map(super::bare_address),
        );
        own_addresses.sort();
        own_addresses.dedup();
        let security = parse_security(&get("mail.smtp.security"))?;
        let port = match get("mail.smtp.port").trim() {
            "" => match security {
                Security::StartTls => 587,
                Security::Tls => 465,
                Security::None => 25,
            },
            p => parse_port(p)?,
        };
        let optional = |key: &str| Some(get(key)).filter(|v| !v.trim().is_empty());
        Ok(MailSettings {
            address,
            team_addresses,
            own_addresses,
            transport: parse_transport(&get("mail.transport"))?,
            smtp: Smtp {
                host: get("mail.smtp.host").trim().to_string(),
                port,
                security,
                user: optional("mail.smtp.user"),
                password_file: optional("mail.smtp.password_file"),
                password_env: get("mail.smtp.password_env"),
                ca_file: optional("mail.smtp.ca_file"),
            },
            sendmail: get("mail.sendmail"),
            hook: get("mail.hook"),
            max_size: parse_size(&get("mail.max_size"))?,
            max_attachment: parse_size(&get("mail.max_attachment"))?,
            sender_limit: parse_count(&get("mail.sender_limit"))?,
            max_attempts: parse_count(&get("mail.max_attempts"))?.max(1),
            ack: parse_switch(&get("mail.ack"))?,
            csat: parse_switch(&get("mail.survey.csat"))?,
            nps: parse_switch(&get("mail.survey.nps"))?,
            survey_delay_s: parse_delay(&get("mail.survey.delay"))?,
        })
    }

    /// The From address for mail about a ticket of `team`: the team's own
    /// address if it has one, else the desk's.
    pub fn from_for(&self, team: Option<&str>) -> Option<&str> {
        team.and_then(|t| {
            self.team_addresses
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(t))
                .map(|(_, a)| a.as_str())
        })
        .or(self.address.as_deref())
    }

    /// Whether `addr` (any spelling) is one of the desk's own addresses.
    pub fn is_own(&self, addr: &str) -> bool {
        super::bare_address(addr).is_some_and(|a| self.own_addresses.contains(&a))
    }

    /// Whether mail can leave at all: a transport and a From address.
    pub fn sends(&self) -> bool {
        self.transport != Transport::None && self.address.is_some()
    }
}

fn default_of(key: &str) -> &'static str {
    KEYS.iter()
        .find(|k| k.key == key)
        .map(|k| k.default)
        .unwrap_or("")
}

/// Checks one setting before it is written: the key must be known and the
/// value must read. The error says what to write instead.
pub fn check(key: &str, value: &str) -> std::result::Result<(), String> {
    let value = value.trim();
    if let Some(team) = key.strip_prefix(TEAM_PREFIX) {
        if team.is_empty() {
            return Err("mail.team.<team> needs a team name, like mail.team.Billing".into());
        }
        return check_address(key, value);
    }
    match key {
        "mail.address" => check_address(key, value),
        "mail.aliases" => value
            .split(',')
            .filter(|a| !a.trim().is_empty())
            .try_for_each(|a| check_address(key, a)),
        "mail.transport" => parse_transport(value).map(drop),
        "mail.smtp.security" => parse_security(value).map(drop),
        "mail.smtp.port" if value.is_empty() => Ok(()),
        "mail.smtp.port" => parse_port(value).map(drop),
        "mail.hook" => hook::validate(value),
        "mail.max_size" | "mail.max_attachment" => parse_size(value).map(drop),
        "mail.sender_limit" | "mail.max_attempts" => parse_count(value).map(drop),
        "mail.ack" | "mail.survey.csat" | "mail.survey.nps" => parse_switch(value).map(drop),
        "mail.survey.delay" => parse_delay(value).map(drop),
        "mail.smtp.host"
        | "mail.smtp.user"
        | "mail.smtp.password_file"
        | "mail.smtp.password_env"
        | "mail.smtp.ca_file"
        | "mail.sendmail" => Ok(()),
        other => Err(format!(
            "'{other}' is not a mail setting; the settings are {} and mail.team.<team>",
            KEYS.iter().map(|k| k.key).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn check_address(key: &str, value: &str) -> std::result::Result<(), String> {
    if value.is_empty() || super::bare_address(value).is_some() {
        Ok(())
    } else {
        Err(format!(
            "{key}: '{value}' is not an e-mail address; write it like support@example.nl or 'Support <support@example.nl>'"
        ))
    }
}

fn parse_transport(v: &str) -> std::result::Result<Transport, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "none" | "" => Ok(Transport::None),
        "smtp" => Ok(Transport::Smtp),
        "sendmail" => Ok(Transport::Sendmail),
        other => Err(format!(
            "mail.transport: '{other}' is not a transport; choose smtp, sendmail or none"
        )),
    }
}

fn parse_security(v: &str) -> std::result::Result<Security, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "starttls" | "" => Ok(Security::StartTls),
        "tls" | "ssl" => Ok(Security::Tls),
        "none" => Ok(Security::None),
        other => Err(format!(
            "mail.smtp.security: '{other}' is not a choice; write starttls, tls or none"
        )),
    }
}

fn parse_port(v: &str) -> std::result::Result<u16, String> {
    v.trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| format!("mail.smtp.port: '{v}' is not a port; write a number like 587"))
}

fn parse_count(v: &str) -> std::result::Result<u32, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("'{v}' is not a whole number; write one like 20"))
}

fn parse_switch(v: &str) -> std::result::Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" | "1" => Ok(true),
        "off" | "no" | "false" | "0" | "" => Ok(false),
        other => Err(format!("'{other}' is not on or off")),
    }
}

/// A size like `25MB`, `512KB`, `1GB` or plain bytes (powers of 1024 are
/// written KiB, MiB, GiB).
pub fn parse_size(v: &str) -> std::result::Result<u64, String> {
    let t = v.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("'{v}' is not a size; write one like 25MB or 512KB"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" | "k" => 1_000,
        "mb" | "m" => 1_000_000,
        "gb" | "g" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(format!("'{v}' is not a size; write one like 25MB or 512KB")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("'{v}' is too large a size"))
}

/// A delay like `30m`, `4h`, `2d` or plain seconds.
pub fn parse_delay(v: &str) -> std::result::Result<i64, String> {
    let t = v.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: i64 = number
        .parse()
        .map_err(|_| format!("'{v}' is not a delay; write one like 30m, 4h or 2d"))?;
    let factor = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "'{v}' is not a delay; write one like 30m, 4h or 2d"
            ));
        }
    };
    Ok(number * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> std::result::Result<MailSettings, String> {
        MailSettings::from_map(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn defaults_send_nothing() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.transport, Transport::None);
        assert!(!s.sends());
        assert_eq!(s.max_size, 25_000_000);
        assert_eq!(s.smtp.port, 587);
        assert_eq!(s.hook, "[#{id}]");
        assert!(s.csat && !s.nps && !s.ack);
        assert_eq!(s.survey_delay_s, 3600);
    }

    #[test]
    fn teams_have_their_own_from() {
        let s = settings(&[
            ("mail.address", "Support <support@example.nl>"),
            ("mail.team.Billing", "Billing <billing@example.nl>"),
            ("mail.aliases", "help@example.nl, info@example.nl"),
            ("mail.transport", "smtp"),
            ("mail.smtp.security", "tls"),
        ])
        .unwrap();
        assert_eq!(
            s.from_for(Some("billing")),
            Some("Billing <billing@example.nl>")
        );
        assert_eq!(
            s.from_for(Some("Hardware")),
            Some("Support <support@example.nl>")
        );
        assert!(s.is_own("INFO@example.nl"));
        assert!(s.is_own("Billing <billing@example.nl>"));
        assert!(!s.is_own("eva@example.nl"));
        assert_eq!(s.smtp.port, 465);
        assert!(s.sends());
    }

    #[test]
    fn bad_values_name_the_fix() {
        let e = settings(&[("mail.transport", "pigeon")]).unwrap_err();
        assert!(e.contains("smtp, sendmail or none"), "{e}");
        let e = check("mail.adress", "x@y").unwrap_err();
        assert!(e.contains("mail.address"), "{e}");
        assert!(check("mail.address", "not an address").is_err());
        assert!(check("mail.hook", "{id}").is_err());
        assert_eq!(parse_size("30MB"), Ok(30_000_000));
        assert_eq!(parse_size("2MiB"), Ok(2 * 1024 * 1024));
        assert!(parse_size("lots").is_err());
        assert_eq!(parse_delay("2d"), Ok(172_800));
        assert!(parse_delay("soon").is_err());
    }
}
