//! `loket mail setup` and `loket mail status`: the desk's mail settings
//! (written checked, in one transaction, never a password) and what the
//! outbox and the quarantine hold.

use std::collections::BTreeMap;

use anyhow::Result;
use clap::Args;
use rusqlite::Connection;
use serde::Serialize;

use super::{Cli, Context, UsageError, outln};
use crate::i18n::{Lang, Msg, fill, t};
use crate::mail::settings::{self, MailSettings, Security, TEAM_PREFIX, Transport};
use crate::store::{self, StoreError};

/// `loket mail setup`: each flag writes one setting; with none, prints them.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// The desk's From address, like 'Support <support@example.nl>'
    #[arg(long, value_name = "ADDRESS")]
    pub address: Option<String>,
    /// A team's own From address (repeatable), like Billing='Billing <billing@example.nl>'
    #[arg(long, value_name = "TEAM=ADDRESS")]
    pub team_address: Vec<String>,
    /// More addresses of the desk, comma-separated (mail from them is never answered)
    #[arg(long, value_name = "ADDRESSES")]
    pub aliases: Option<String>,
    /// How mail leaves: smtp, sendmail or none
    #[arg(long, value_name = "HOW")]
    pub transport: Option<String>,
    /// The SMTP relay's host name
    #[arg(long, value_name = "HOST")]
    pub smtp_host: Option<String>,
    /// The relay's port [default: 587 for starttls, 465 for tls, 25 for none]
    #[arg(long, value_name = "PORT")]
    pub smtp_port: Option<String>,
    /// starttls, tls or none (none only for a relay on this host)
    #[arg(long, value_name = "SECURITY")]
    pub smtp_security: Option<String>,
    /// The relay's user name
    #[arg(long, value_name = "USER")]
    pub smtp_user: Option<String>,
    /// A file holding the relay's password (read when sending; the password is never stored in the desk)
    #[arg(long, value_name = "FILE")]
    pub smtp_password_file: Option<String>,
    /// Else, the environment variable holding the password [default: LOKET_SMTP_PASSWORD]
    #[arg(long, value_name = "VAR")]
    pub smtp_password_env: Option<String>,
    /// A PEM file of a private CA the relay's certificate is checked against, besides the system's roots
    #[arg(long, value_name = "FILE")]
    pub smtp_ca_file: Option<String>,
    /// The sendmail-compatible command, for --transport sendmail
    #[arg(long, value_name = "COMMAND")]
    pub sendmail: Option<String>,
    /// The ticket hook in subjects, with {id} for the number, like '[#{id}]'
    #[arg(long, value_name = "FORMAT")]
    pub hook: Option<String>,
    /// The largest mail taken in, like 25MB
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    /// The largest file an agent may attach, like 10MB
    #[arg(long, value_name = "SIZE")]
    pub max_attachment: Option<String>,
    /// Mails one sender may send in an hour before more are kept aside
    #[arg(long, value_name = "COUNT")]
    pub sender_limit: Option<String>,
    /// Tries before an outgoing mail that keeps failing is marked failed
    #[arg(long, value_name = "COUNT")]
    pub max_attempts: Option<String>,
    /// on: acknowledge each new ticket by mail
    #[arg(long, value_name = "ON|OFF")]
    pub ack: Option<String>,
    /// on: ask a solved ticket's customer for a CSAT score by mail
    #[arg(long, value_name = "ON|OFF")]
    pub csat: Option<String>,
    /// on: also ask for an NPS score
    #[arg(long, value_name = "ON|OFF")]
    pub nps: Option<String>,
    /// How long after the solve the survey goes out, like 1h or 2d
    #[arg(long, value_name = "DELAY")]
    pub survey_delay: Option<String>,
    /// Put a setting back to its default (its key, like mail.smtp.user, or mail.team.Billing)
    #[arg(long, value_name = "KEY")]
    pub unset: Vec<String>,
    /// Print the settings as one JSON document afterwards
    #[arg(long)]
    pub json: bool,
}

impl SetupArgs {
    /// The settings the flags write, as (key, value) in flag order.
    fn changes(&self) -> Result<Vec<(String, String)>, String> {
        let named = [
            ("mail.address", &self.address),
            ("mail.aliases", &self.aliases),
            ("mail.transport", &self.transport),
            ("mail.smtp.host", &self.smtp_host),
            ("mail.smtp.port", &self.smtp_port),
            ("mail.smtp.security", &self.smtp_security),
            ("mail.smtp.user", &self.smtp_user),
            ("mail.smtp.password_file", &self.smtp_password_file),
            ("mail.smtp.password_env", &self.smtp_password_env),
            ("mail.smtp.ca_file", &self.smtp_ca_file),
            ("mail.sendmail", &self.sendmail),
            ("mail.hook", &self.hook),
            ("mail.max_size", &self.max_size),
            ("mail.max_attachment", &self.max_attachment),
            ("mail.sender_limit", &self.sender_limit),
            ("mail.max_attempts", &self.max_attempts),
            ("mail.ack", &self.ack),
            ("mail.survey.csat", &self.csat),
            ("mail.survey.nps", &self.nps),
            ("mail.survey.delay", &self.survey_delay),
        ];
        let mut out: Vec<(String, String)> = named
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.trim().to_string())))
            .collect();
        for pair in &self.team_address {
            let (team, address) = pair.split_once('=').ok_or_else(|| {
                format!("--team-address '{pair}' needs TEAM=ADDRESS, like Billing='Billing <billing@example.nl>'")
            })?;
            out.push((
                format!("{TEAM_PREFIX}{}", team.trim()),
                address.trim().to_string(),
            ));
        }
        Ok(out)
    }
}

/// Runs `loket mail setup`.
pub fn setup(cli: &Cli, context: &Context, args: &SetupArgs) -> Result<()> {
    let changes = args.changes().map_err(UsageError)?;
    let writes = !changes.is_empty() || !args.unset.is_empty();
    let mut conn = super::open_for(cli, context, writes)?;
    if writes {
        let actor = super::actor(&conn, cli, context)?;
        store::write(&mut conn, &crate::clock::SystemClock, |tx| {
            store::audit::guarded(
                tx,
                actor,
                store::rights::Right::ManageMail,
                store::audit::Kind::Mail,
                "mail",
                |c| store::audit::settings_json(c, "mail.%"),
                || apply(tx, &changes, &args.unset),
            )
        })
        .map_err(super::input_error)?;
    }
    let settings = MailSettings::load(&conn)?;
    if args.json {
        return outln(serde_json::to_string_pretty(&SettingsView::of(&settings))?);
    }
    if writes {
        outln(t(context.lang, Msg::MailSetupSaved))?;
    }
    print_settings(context.lang, &settings)?;
    for warning in warnings(context.lang, &settings) {
        outln(warning)?;
    }
    Ok(())
}

/// Writes the changes after checking each, and the whole, in the caller's
/// transaction: a refused value leaves every setting as it was.
fn apply(tx: &Connection, changes: &[(String, String)], unset: &[String]) -> store::Result<()> {
    let teams: Vec<String> = store::teams::list(tx)?
        .into_iter()
        .map(|team| team.name)
        .collect();
    for key in unset {
        let known = settings::KEYS.iter().any(|k| k.key == key) || key.starts_with(TEAM_PREFIX);
        if !known {
            let listed = settings::check(key, "").err();
            return Err(StoreError::Constraint(
                listed.unwrap_or_else(|| format!("'{key}' is not a mail setting")),
            ));
        }
        tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    }
    for (key, value) in changes {
        settings::check(key, value).map_err(StoreError::Constraint)?;
        if let Some(team) = key.strip_prefix(TEAM_PREFIX) {
            let Some(name) = teams.iter().find(|t| t.eq_ignore_ascii_case(team)) else {
                return Err(StoreError::Constraint(format!(
                    "there is no team '{team}'; the teams are {}",
                    if teams.is_empty() {
                        "none yet".to_string()
                    } else {
                        teams.join(", ")
                    }
                )));
            };
            tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            store::settings::set(tx, &format!("{TEAM_PREFIX}{name}"), value)?;
            continue;
        }
        store::settings::set(tx, key, value)?;
    }
    let settings = MailSettings::load(tx)?;
    if settings.transport != Transport::None && settings.address.is_none() {
        return Err(StoreError::Constraint(
            "mail cannot leave without a From address: add --address 'Support <support@example.nl>'".into(),
        ));
    }
    if settings.transport == Transport::Smtp && settings.smtp.host.is_empty() {
        return Err(StoreError::Constraint(
            "transport smtp needs the relay: add --smtp-host smtp.example.nl".into(),
        ));
    }
    Ok(())
}

/// What may stop mail from working although the settings read.
fn warnings(lang: Lang, s: &MailSettings) -> Vec<String> {
    let mut out = Vec::new();
    if s.transport == Transport::Smtp && s.smtp.user.is_some() {
        match &s.smtp.password_file {
            Some(file) => {
                if std::fs::metadata(file).is_err() {
                    out.push(fill(
                        t(lang, Msg::MailPasswordFileMissing),
                        &[("file", file)],
                    ));
                }
            }
            None => {
                if std::env::var_os(&s.smtp.password_env).is_none() {
                    out.push(fill(
                        t(lang, Msg::MailPasswordEnvMissing),
                        &[("var", &s.smtp.password_env)],
                    ));
                }
            }
        }
    }
    if s.transport == Transport::Smtp
        && s.smtp.security == Security::None
        && !is_local(&s.smtp.host)
    {
        out.push(fill(
            t(lang, Msg::MailPlainRelay),
            &[("host", &s.smtp.host)],
        ));
    }
    out
}

fn is_local(host: &str) -> bool {
    matches!(host, "localhost" | "::1") || host.starts_with("127.")
}

/// The settings as `--json` prints them: never a password, only where it is read from.
#[derive(Debug, Serialize)]
struct SettingsView {
    address: Option<String>,
    team_addresses: BTreeMap<String, String>,
    own_addresses: Vec<String>,
    transport: &'static str,
    smtp_host: String,
    smtp_port: u16,
    smtp_security: &'static str,
    smtp_user: Option<String>,
    smtp_password_from: Option<String>,
    smtp_ca_file: Option<String>,
    sendmail: String,
    hook: String,
    max_size: u64,
    max_attachment: u64,
    sender_limit: u32,
    max_attempts: u32,
    ack: bool,
    csat: bool,
    nps: bool,
    survey_delay_s: i64,
    sends: bool,
}

impl SettingsView {
    fn of(s: &MailSettings) -> SettingsView {
        SettingsView {
            address: s.address.clone(),
            team_addresses: s.team_addresses.clone(),
            own_addresses: s.own_addresses.clone(),
            transport: transport_word(s.transport),
            smtp_host: s.smtp.host.clone(),
            smtp_port: s.smtp.port,
            smtp_security: security_word(s.smtp.security),
            smtp_user: s.smtp.user.clone(),
            smtp_password_from: s.smtp.user.as_ref().map(|_| password_source(Lang::En, s)),
            smtp_ca_file: s.smtp.ca_file.clone(),
            sendmail: s.sendmail.clone(),
            hook: s.hook.clone(),
            max_size: s.max_size,
            max_attachment: s.max_attachment,
            sender_limit: s.sender_limit,
            max_attempts: s.max_attempts,
            ack: s.ack,
            csat: s.csat,
            nps: s.nps,
            survey_delay_s: s.survey_delay_s,
            sends: s.sends(),
        }
    }
}

fn transport_word(t: Transport) -> &'static str {
    match t {
        Transport::None => "none",
        Transport::Smtp => "smtp",
        Transport::Sendmail => "sendmail",
    }
}

fn security_word(s: Security) -> &'static str {
    match s {
        Security::StartTls => "starttls",
        Security::Tls => "tls",
        Security::None => "none",
    }
}

fn password_source(lang: Lang, s: &MailSettings) -> String {
    match &s.smtp.password_file {
        Some(file) => fill(t(lang, Msg::MailPasswordFromFile), &[("file", file)]),
        None => format!("${}", s.smtp.password_env),
    }
}

/// Bytes as the settings write them: 25 MB, 512 KB.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 && b % 1_000_000_000 == 0 => format!("{} GB", b / 1_000_000_000),
        b if b >= 1_000_000 && b % 1_000_000 == 0 => format!("{} MB", b / 1_000_000),
        b if b >= 1_000 && b % 1_000 == 0 => format!("{} KB", b / 1_000),
        b => format!("{b} B"),
    }
}

fn delay(seconds: i64) -> String {
    match seconds {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s >= 3600 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn on_off(lang: Lang, on: bool) -> &'static str {
    t(lang, if on { Msg::MailOn } else { Msg::MailOff })
}

fn print_settings(lang: Lang, s: &MailSettings) -> Result<()> {
    let none = t(lang, Msg::MailNotSet);
    let labels = [
        Msg::MailFrom,
        Msg::MailTeamFrom,
        Msg::MailAliases,
        Msg::MailTransport,
        Msg::MailHook,
        Msg::MailLimits,
        Msg::MailAck,
        Msg::MailSurveys,
    ];
    let width = labels
        .iter()
        .map(|m| t(lang, *m).chars().count())
        .max()
        .unwrap_or(16);
    let row = |label: Msg, value: &str| format!("  {:<width$} {value}", t(lang, label));
    outln(t(lang, Msg::MailSettingsTitle))?;
    outln(row(Msg::MailFrom, s.address.as_deref().unwrap_or(none)))?;
    for (team, address) in &s.team_addresses {
        outln(row(Msg::MailTeamFrom, &format!("{team}: {address}")))?;
    }
    let aliases: Vec<&String> = s
        .own_addresses
        .iter()
        .filter(|a| {
            s.address
                .iter()
                .chain(s.team_addresses.values())
                .all(|from| crate::mail::bare_address(from).as_deref() != Some(a.as_str()))
        })
        .collect();
    if !aliases.is_empty() {
        let list: Vec<&str> = aliases.iter().map(|a| a.as_str()).collect();
        outln(row(Msg::MailAliases, &list.join(", ")))?;
    }
    let transport = match s.transport {
        Transport::None => t(lang, Msg::MailTransportNone).to_string(),
        Transport::Sendmail => format!("sendmail: {}", s.sendmail),
        Transport::Smtp => {
            let mut text = format!(
                "smtp: {}:{} ({})",
                if s.smtp.host.is_empty() {
                    none
                } else {
                    &s.smtp.host
                },
                s.smtp.port,
                security_word(s.smtp.security)
            );
            if let Some(user) = &s.smtp.user {
                text.push_str(&fill(
                    t(lang, Msg::MailSmtpUser),
                    &[("user", user), ("source", &password_source(lang, s))],
                ));
            }
            if let Some(ca) = &s.smtp.ca_file {
                text.push_str(&fill(t(lang, Msg::MailSmtpCa), &[("file", ca)]));
            }
            text
        }
    };
    outln(row(Msg::MailTransport, &transport))?;
    outln(row(Msg::MailHook, &s.hook))?;
    outln(row(
        Msg::MailLimits,
        &fill(
            t(lang, Msg::MailLimitsValue),
            &[
                ("size", &size(s.max_size)),
                ("attachment", &size(s.max_attachment)),
                ("senders", &s.sender_limit),
                ("attempts", &s.max_attempts),
            ],
        ),
    ))?;
    outln(row(Msg::MailAck, on_off(lang, s.ack)))?;
    outln(row(
        Msg::MailSurveys,
        &fill(
            t(lang, Msg::MailSurveysValue),
            &[
                ("csat", &on_off(lang, s.csat)),
                ("nps", &on_off(lang, s.nps)),
                ("delay", &delay(s.survey_delay_s)),
            ],
        ),
    ))?;
    Ok(())
}

/// What the outbox and the quarantine hold now.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct MailState {
    pub queued: i64,
    pub sending: i64,
    pub in_doubt: i64,
    pub sent: i64,
    pub sent_last_day: i64,
    pub failed: i64,
    pub bounced: i64,
    /// When the oldest queued mail was queued.
    pub oldest_queued_at: Option<i64>,
    /// The failed, bounced and in-doubt mails, newest first (at most ten).
    pub problems: Vec<Problem>,
    pub quarantined: i64,
    pub last_quarantined_at: Option<i64>,
}

/// One outgoing mail that did not go as planned.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub id: i64,
    pub ticket: Option<i64>,
    pub to: String,
    pub state: String,
    pub reason: Option<String>,
    pub at: i64,
}

/// Reads the outbox and quarantine counts at `now`.
pub fn mail_state(conn: &Connection, now: i64) -> store::Result<MailState> {
    let mut state = MailState::default();
    let mut stmt = conn.prepare(
        "SELECT state, (state = 'sending' AND coalesce(lease_until, 0) < ?1) AS doubt, count(*),
                sum(state = 'sent' AND sent_at >= ?1 - 86400), min(CASE WHEN state = 'queued' THEN created_at END)
         FROM outbox GROUP BY 1, 2",
    )?;
    let rows = stmt.query_map([now], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, bool>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<i64>>(4)?,
        ))
    })?;
    for row in rows {
        let (word, doubt, count, last_day, oldest) = row?;
        match (word.as_str(), doubt) {
            ("queued", _) => {
                state.queued += count;
                state.oldest_queued_at = oldest;
            }
            ("sending", true) => state.in_doubt += count,
            ("sending", false) => state.sending += count,
            ("sent", _) => {
                state.sent += count;
                state.sent_last_day += last_day.unwrap_or(0);
            }
            ("failed", _) => state.failed += count,
            ("bounced", _) => state.bounced += count,
            _ => {}
        }
    }
    let mut stmt = conn.prepare(
        "SELECT id, ticket_id, to_addr,
                CASE WHEN state = 'sending' THEN 'in_doubt' ELSE state END,
                last_error, coalesce(bounced_at, lease_until, next_attempt_at, created_at)
         FROM outbox
         WHERE state = 'failed' OR state = 'bounced' OR (state = 'sending' AND coalesce(lease_until, 0) < ?1)
         ORDER BY 6 DESC, id DESC LIMIT 10",
    )?;
    state.problems = stmt
        .query_map([now], |r| {
            Ok(Problem {
                id: r.get(0)?,
                ticket: r.get(1)?,
                to: r.get(2)?,
                state: r.get(3)?,
                reason: r.get(4)?,
                at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (count, last): (i64, Option<i64>) = conn.query_row(
        "SELECT count(*), max(received_at) FROM mail_quarantine",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    state.quarantined = count;
    state.last_quarantined_at = last;
    Ok(state)
}

/// `loket mail status` as one JSON document.
#[derive(Debug, Serialize)]
struct StatusView {
    settings: SettingsView,
    #[serde(flatten)]
    state: MailState,
}

/// Runs `loket mail status`.
pub fn status(cli: &Cli, context: &Context, json: bool) -> Result<()> {
    let conn = super::open_for(cli, context, false)?;
    let settings = MailSettings::load(&conn)?;
    let now = chrono::Utc::now().timestamp();
    let state = mail_state(&conn, now)?;
    if json {
        let view = StatusView {
            settings: SettingsView::of(&settings),
            state,
        };
        return outln(serde_json::to_string_pretty(&view)?);
    }
    let lang = context.lang;
    print_settings(lang, &settings)?;
    for warning in warnings(lang, &settings) {
        outln(warning)?;
    }
    outln("")?;
    outln(t(lang, Msg::MailOutboxTitle))?;
    outln(format!(
        "  {}",
        fill(
            t(lang, Msg::MailOutboxCounts),
            &[
                ("queued", &state.queued),
                ("sending", &state.sending),
                ("doubt", &state.in_doubt),
                ("sent", &state.sent),
                ("day", &state.sent_last_day),
                ("failed", &state.failed),
                ("bounced", &state.bounced),
            ],
        )
    ))?;
    if let Some(oldest) = state.oldest_queued_at {
        outln(format!(
            "  {}",
            fill(
                t(lang, Msg::MailOldestQueued),
                &[("ago", &ago(lang, now - oldest))]
            )
        ))?;
        if !settings.sends() {
            outln(format!("  {}", t(lang, Msg::MailQueuedNotSending)))?;
        }
    }
    for p in &state.problems {
        let state_word = match p.state.as_str() {
            "failed" => t(lang, Msg::MailStateFailed),
            "bounced" => t(lang, Msg::MailStateBounced),
            _ => t(lang, Msg::MailStateInDoubt),
        };
        let ticket = p.ticket.map(|id| format!("#{id} ")).unwrap_or_default();
        outln(format!(
            "  {:<9} {ticket}{} ({}){}",
            state_word,
            p.to,
            ago(lang, now - p.at),
            p.reason
                .as_deref()
                .map(|r| format!(": {}", crate::text::clean_line(r)))
                .unwrap_or_default()
        ))?;
    }
    outln("")?;
    outln(t(lang, Msg::MailQuarantineTitle))?;
    match state.last_quarantined_at {
        Some(last) => outln(format!(
            "  {}",
            fill(
                t(lang, Msg::MailQuarantineCount),
                &[
                    ("count", &state.quarantined),
                    ("ago", &ago(lang, now - last))
                ]
            )
        ))?,
        None => outln(format!("  {}", t(lang, Msg::MailQuarantineEmpty)))?,
    }
    Ok(())
}

/// "3 min ago" in the language.
fn ago(lang: Lang, seconds: i64) -> String {
    let s = seconds.max(0);
    let amount = match s {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 86_400 => format!("{} h", s / 3600),
        s => format!("{} d", s / 86_400),
    };
    fill(t(lang, Msg::MailAgo), &[("amount", &amount)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_delays_read_as_written() {
        assert_eq!(size(25_000_000), "25 MB");
        assert_eq!(size(512_000), "512 KB");
        assert_eq!(size(1_048_576), "1048576 B");
        assert_eq!(delay(3600), "1h");
        assert_eq!(delay(172_800), "2d");
        assert_eq!(delay(90), "90s");
    }

    #[test]
    fn state_counts_doubt_apart_from_sending() {
        let conn = store::open_in_memory().unwrap();
        let row = |state: &str, lease: Option<i64>, sent: Option<i64>| {
            conn.execute(
                "INSERT INTO outbox (kind, mail_id, from_addr, to_addr, subject, body, state, next_attempt_at, lease_until, sent_at, created_at)
                 VALUES ('reply', ?1, 's@x.nl', 'c@x.nl', 's', 'b', ?2, 0, ?3, ?4, 10)",
                rusqlite::params![format!("{state}{lease:?}{sent:?}@x"), state, lease, sent],
            )
            .unwrap();
        };
        row("queued", None, None);
        row("sending", Some(2000), None);
        row("sending", Some(500), None);
        row("sent", None, Some(100));
        row("sent", None, Some(950));
        row("failed", None, None);
        let state = mail_state(&conn, 1000).unwrap();
        assert_eq!(
            (
                state.queued,
                state.sending,
                state.in_doubt,
                state.sent,
                state.sent_last_day,
                state.failed
            ),
            (1, 1, 1, 2, 2, 1)
        );
        assert_eq!(state.oldest_queued_at, Some(10));
        let words: Vec<&str> = state.problems.iter().map(|p| p.state.as_str()).collect();
        assert_eq!(words.len(), 2);
        assert!(
            words.contains(&"in_doubt") && words.contains(&"failed"),
            "{words:?}"
        );
        let state = mail_state(&conn, 200_000).unwrap();
        assert_eq!(state.sent_last_day, 0);
    }
}
