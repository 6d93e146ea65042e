//! `loket customer show EMAIL` and `loket customer surveys EMAIL on|off`:
//! a customer with their tickets and survey answers, and their choice
//! about surveys by mail.

use anyhow::Result;
use clap::{Subcommand, ValueEnum};

use super::{Cli, Context, input_error, open_for, outln};
use crate::i18n::{self, Msg, fill, t};
use crate::store;
use crate::store::customers;
use crate::store::survey_mail;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Show a customer: contact, survey choice, tickets and survey answers
    Show {
        email: String,
        /// Print one JSON document
        #[arg(long)]
        json: bool,
    },
    /// Surveys by mail for this customer: on, or off (they opted out)
    Surveys { email: String, switch: Switch },
}

pub fn run(cli: &Cli, context: &Context, command: &CustomerCommand) -> Result<()> {
    let lang = context.lang;
    match command {
        CustomerCommand::Show { email, json } => {
            let conn = open_for(cli, context, false)?;
            let customer = customers::by_email(&conn, email).map_err(input_error)?;
            if *json {
                return outln(serde_json::to_string_pretty(&customer)?);
            }
            let mut head = customer.name.clone();
            if let Some(e) = &customer.email {
                head.push_str(&format!(" <{e}>"));
            }
            if let Some(p) = &customer.phone {
                head.push_str(&format!("  {p}"));
            }
            outln(head)?;
            if let Some(o) = &customer.organisation {
                outln(o)?;
            }
            let state = if customer.surveys_opt_out {
                t(lang, Msg::CliSurveysStateOff)
            } else {
                t(lang, Msg::CliSurveysStateOn)
            };
            outln(fill(t(lang, Msg::CliCustomerSurveys), &[("state", &state)]))?;
            outln(format!("\n{}", t(lang, Msg::CliCustomerTickets)))?;
            if customer.tickets.is_empty() {
                outln(format!("  {}", t(lang, Msg::CliNone)))?;
            }
            for ticket in &customer.tickets {
                outln(format!(
                    "  #{:<6} {:<10} {}",
                    ticket.id,
                    i18n::status(lang, ticket.status),
                    ticket.subject
                ))?;
            }
            outln(format!("\n{}", t(lang, Msg::CliCustomerAnswers)))?;
            let answers: Vec<_> = customer
                .tickets
                .iter()
                .flat_map(|tk| tk.surveys.iter().map(move |a| (tk.id, a)))
                .collect();
            if answers.is_empty() {
                outln(format!("  {}", t(lang, Msg::CliNone)))?;
            }
            for (ticket, a) in answers {
                let score = if a.kind == "nps" {
                    fill(t(lang, Msg::SurveyNps), &[("score", &a.score)])
                } else {
                    fill(t(lang, Msg::SurveyCsat), &[("score", &a.score)])
                };
                let when = chrono::DateTime::from_timestamp(a.at, 0)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                let comment = a
                    .comment
                    .as_deref()
                    .map(|c| format!("  “{}”", c.split_whitespace().collect::<Vec<_>>().join(" ")))
                    .unwrap_or_default();
                outln(format!("  #{ticket:<6} {when}  {score}{comment}"))?;
            }
            Ok(())
        }
        CustomerCommand::Surveys { email, switch } => {
            let mut conn = open_for(cli, context, true)?;
            let actor = super::actor(&conn, cli, context)?;
            let off = *switch == Switch::Off;
            store::write(&mut conn, &crate::clock::SystemClock, |tx| {
                super::require(tx, actor, crate::store::rights::Right::WorkTickets)?;
                survey_mail::set_opt_out(tx, email, off)
            })
            .map_err(input_error)?;
            let msg = if off {
                Msg::CliSurveysOff
            } else {
                Msg::CliSurveysOn
            };
            outln(fill(t(lang, msg), &[("email", &email.trim())]))
        }
    }
}
