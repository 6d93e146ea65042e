//! The thread side of a story: messages as customers and agents write them,
//! and the work sessions behind the agents' steps.

use super::{Msg, Session, Setup, Story, first_name};
use crate::generate::content;
use crate::generate::rng::Rng;

impl Story {
    pub(super) fn next_message(&mut self, at: i64) -> &mut Msg {
        self.updated_at = self.updated_at.max(at);
        if self.message_count == self.messages.len() {
            self.messages.push(Msg::default());
        }
        let msg = &mut self.messages[self.message_count];
        self.message_count += 1;
        msg.body.clear();
        msg.at = at;
        msg.duration_s = None;
        msg
    }

    pub(super) fn customer(&mut self, setup: &Setup, template: &str, name: &str, at: i64) {
        self.customer_message(setup.channel, template, name, at);
    }

    /// A customer writing later: phone customers answer by email.
    pub(super) fn customer_on(&mut self, setup: &Setup, template: &str, name: &str, at: i64) {
        let channel = if setup.channel == "phone" {
            "email"
        } else {
            setup.channel
        };
        self.customer_message(channel, template, name, at);
    }

    pub(super) fn customer_message(
        &mut self,
        channel: &'static str,
        template: &str,
        name: &str,
        at: i64,
    ) {
        let mut body = std::mem::take(&mut self.next_message(at).body);
        content::fill(&mut body, template, &self.slots(name, "", ""));
        let msg = &mut self.messages[self.message_count - 1];
        msg.body = body;
        msg.author = "customer";
        msg.agent = None;
        msg.kind = "public";
        msg.channel = Some(channel);
    }

    /// A public reply; letters (email, web form) get a greeting and a signature.
    pub(super) fn agent_reply(
        &mut self,
        setup: &Setup,
        template: &str,
        agent: usize,
        name: &str,
        at: i64,
    ) {
        let lang = content::language(setup.dutch);
        let channel = if setup.channel == "phone" {
            "email"
        } else {
            setup.channel
        };
        let letter = matches!(channel, "email" | "web");
        let mut body = std::mem::take(&mut self.next_message(at).body);
        let slots = self.slots(name, first_name(agent), "");
        if letter {
            content::fill(&mut body, lang.greeting, &slots);
        }
        content::fill(&mut body, template, &slots);
        if letter {
            content::fill(&mut body, lang.signoff, &slots);
        }
        let msg = &mut self.messages[self.message_count - 1];
        msg.body = body;
        msg.author = "agent";
        msg.agent = Some(agent);
        msg.kind = "public";
        msg.channel = Some(channel);
    }

    pub(super) fn note(&mut self, template: &str, agent: usize, name: &str, at: i64) {
        let mut body = std::mem::take(&mut self.next_message(at).body);
        content::fill(
            &mut body,
            template,
            &self.slots(name, first_name(agent), ""),
        );
        let msg = &mut self.messages[self.message_count - 1];
        msg.body = body;
        msg.author = "agent";
        msg.agent = Some(agent);
        msg.kind = "internal";
        msg.channel = None;
    }

    /// A phone call: logged by the agent at its start, with its talk time.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call(
        &mut self,
        prefix: &str,
        template: &str,
        agent: usize,
        name: &str,
        at: i64,
        talk: i64,
    ) {
        let subject = std::mem::take(&mut self.subject);
        let mut body = std::mem::take(&mut self.next_message(at).body);
        let slots = self.slots(name, first_name(agent), &subject);
        content::fill(&mut body, prefix, &slots);
        content::fill(&mut body, template, &slots);
        self.subject = subject;
        self.updated_at = self.updated_at.max(at + talk);
        let msg = &mut self.messages[self.message_count - 1];
        msg.body = body;
        msg.author = "agent";
        msg.agent = Some(agent);
        msg.kind = "call";
        msg.channel = Some("phone");
        msg.duration_s = Some(talk);
    }

    /// A work session ending at `end`; never starts before the ticket.
    pub(super) fn session(
        &mut self,
        rng: &mut Rng,
        agent: usize,
        start: i64,
        end: i64,
        created: i64,
    ) {
        let start = start.max(created).min(end);
        let span = end - start;
        let active_s = span * rng.range(55, 95) / 100;
        self.sessions.push(Session {
            agent,
            start,
            end,
            active_s,
        });
    }

    /// The messages of this story.
    pub fn messages(&self) -> &[Msg] {
        &self.messages[..self.message_count]
    }
}
