//! Ad-hoc queue filters from a chooser (`f`, or "filter" in the palette):
//! priority, assignee (me, nobody, anyone, a named agent), team, channel,
//! tag, SLA state; each narrows the current view and search, and "clear"
//! drops them all.

use super::{App, Popup};
use crate::domain::{Channel, Priority};
use crate::i18n::{self, Msg, fill, t};
use crate::service::worker::Request;
use crate::store::agents::Agent;
use crate::store::filter::{AssigneeFilter, SlaFilter, TicketFilter};
use crate::store::teams::Team;
use crate::store::views::DUE_SOON_SECS;
use crate::tui::popup::{Item, ListPopup};

/// One choice of the filter chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterChoice {
    Priority(Priority),
    Assignee(AssigneeFilter),
    Channel(Channel),
    Sla(SlaFilter),
    Team(i64),
    /// Choose a team to filter by (the list comes from the worker).
    PickTeam,
    /// Choose an agent whose tickets to show.
    PickAgent,
    /// Ask for a tag to filter by.
    Tag,
    /// Drop every filter but the status, the view's name and the search.
    Clear,
}

impl FilterChoice {
    fn apply(self, filter: &mut TicketFilter) {
        match self {
            FilterChoice::Priority(p) => filter.priority = Some(p),
            FilterChoice::Assignee(a) => filter.assignee = a,
            FilterChoice::Channel(c) => filter.channel = Some(c),
            FilterChoice::Sla(s) => filter.sla = Some(s),
            FilterChoice::Team(team) => filter.team = Some(team),
            FilterChoice::PickTeam | FilterChoice::PickAgent | FilterChoice::Tag => {}
            FilterChoice::Clear => {
                *filter = TicketFilter {
                    text: filter.text.take(),
                    ..TicketFilter::default()
                }
            }
        }
    }
}

/// Which list a filter chooser is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterPick {
    Team,
    Agent,
}

/// The filters in force, in words, for the queue's title. Agents and teams
/// by name once the console has loaded them.
pub fn describe(app: &App, filter: &TicketFilter) -> Vec<String> {
    let lang = app.session.lang;
    let mut out = Vec::new();
    if let Some(p) = filter.priority {
        out.push(i18n::priority(lang, p).to_string());
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Nobody => out.push(t(lang, Msg::Unassigned).to_string()),
        AssigneeFilter::NoAgent => out.push(t(lang, Msg::FilterMine).to_string()),
        AssigneeFilter::Agent(id) if Some(id) == app.session.agent_id => {
            out.push(t(lang, Msg::FilterMine).to_string())
        }
        AssigneeFilter::Agent(id) => {
            let name = app
                .choices
                .agents
                .iter()
                .flatten()
                .find(|a| a.id == id)
                .map_or_else(|| format!("#{id}"), |a| a.display_name.clone());
            out.push(format!("@{name}"));
        }
    }
    if let Some(team) = filter.team {
        let name = app
            .choices
            .teams
            .iter()
            .flatten()
            .find(|t| t.id == team)
            .map_or_else(|| format!("#{team}"), |t| t.name.clone());
        out.push(fill(t(lang, Msg::FilterTeamIs), &[("value", &name)]));
    }
    if let Some(tag) = &filter.tag {
        out.push(format!("+{tag}"));
    }
    if let Some(c) = filter.channel {
        out.push(i18n::channel(lang, c).to_string());
    }
    match filter.sla {
        None => {}
        Some(SlaFilter::Breached) => out.push(t(lang, Msg::FilterBreached).to_string()),
        Some(SlaFilter::DueWithin(_)) => out.push(t(lang, Msg::FilterDueSoon).to_string()),
    }
    out
}

fn team_items(teams: &[Team]) -> Vec<Item<FilterChoice>> {
    teams
        .iter()
        .map(|team| Item {
            label: team.name.clone(),
            detail: String::new(),
            value: FilterChoice::Team(team.id),
        })
        .collect()
}

fn agent_items(agents: &[Agent]) -> Vec<Item<FilterChoice>> {
    agents
        .iter()
        .map(|a| Item {
            label: a.display_name.clone(),
            detail: a.name.clone(),
            value: FilterChoice::Assignee(AssigneeFilter::Agent(a.id)),
        })
        .collect()
}

impl App {
    /// Filters by a tag (blank: by none).
    pub(super) fn filter_tag(&mut self, tag: &str) {
        let mut list = self.queue.list.clone().unwrap_or_default();
        list.filter.tag = Some(tag.trim().to_string()).filter(|t| !t.is_empty());
        self.set_list(Some(list));
    }

    /// Opens the filter chooser.
    pub(super) fn open_filters(&mut self) {
        let lang = self.session.lang;
        let item = |label: String, value: FilterChoice| Item {
            label,
            detail: String::new(),
            value,
        };
        let labelled = |what: Msg, value: &str| fill(t(lang, what), &[("value", &value)]);
        let mut items = Vec::new();
        for p in Priority::ALL.iter().rev() {
            items.push(item(
                labelled(Msg::FilterPriority, i18n::priority(lang, *p)),
                FilterChoice::Priority(*p),
            ));
        }
        let me = self
            .session
            .agent_id
            .map_or(AssigneeFilter::NoAgent, AssigneeFilter::Agent);
        items.push(item(
            t(lang, Msg::FilterMine).to_string(),
            FilterChoice::Assignee(me),
        ));
        items.push(item(
            t(lang, Msg::Unassigned).to_string(),
            FilterChoice::Assignee(AssigneeFilter::Nobody),
        ));
        items.push(item(
            t(lang, Msg::FilterAnyone).to_string(),
            FilterChoice::Assignee(AssigneeFilter::Anyone),
        ));
        items.push(item(
            t(lang, Msg::FilterAgent).to_string(),
            FilterChoice::PickAgent,
        ));
        items.push(item(
            t(lang, Msg::FilterTeam).to_string(),
            FilterChoice::PickTeam,
        ));
        for c in Channel::ALL {
            items.push(item(
                labelled(Msg::FilterChannel, i18n::channel(lang, *c)),
                FilterChoice::Channel(*c),
            ));
        }
        items.push(item(
            t(lang, Msg::FilterBreached).to_string(),
            FilterChoice::Sla(SlaFilter::Breached),
        ));
        items.push(item(
            t(lang, Msg::FilterDueSoon).to_string(),
            FilterChoice::Sla(SlaFilter::DueWithin(DUE_SOON_SECS)),
        ));
        items.push(item(t(lang, Msg::FilterTag).to_string(), FilterChoice::Tag));
        items.push(item(
            t(lang, Msg::FilterClear).to_string(),
            FilterChoice::Clear,
        ));
        self.overlay.popup = Some(Popup::ChooseFilter(ListPopup::new(Some(items))));
    }

    /// Applies a filter choice on top of the current view and search.
    pub(super) fn apply_filter(&mut self, choice: FilterChoice) {
        match choice {
            FilterChoice::PickTeam => {
                let items = self.choices.teams.as_deref().map(team_items);
                self.overlay.popup = Some(Popup::ChooseFilter(ListPopup::new(items)));
                self.queue.filter_pick = Some(FilterPick::Team);
                self.outbox.push(Request::Teams);
                return;
            }
            FilterChoice::PickAgent => {
                let items = self.choices.agents.as_deref().map(agent_items);
                self.overlay.popup = Some(Popup::ChooseFilter(ListPopup::new(items)));
                self.queue.filter_pick = Some(FilterPick::Agent);
                self.outbox.push(Request::Agents);
                return;
            }
            _ => self.queue.filter_pick = None,
        }
        if choice == FilterChoice::Tag {
            self.overlay.popup = Some(Popup::Input {
                kind: super::InputKind::FilterTag,
                prompt: t(self.session.lang, Msg::FilterTagPrompt).to_string(),
                targets: vec![],
                field: crate::tui::form::Field::default(),
            });
            return;
        }
        let mut list = self.queue.list.clone().unwrap_or_default();
        choice.apply(&mut list.filter);
        self.set_list(Some(list));
    }

    /// The teams arrived: fill the filter chooser waiting for them.
    pub(super) fn filter_teams_loaded(&mut self, teams: &[Team]) {
        self.fill_filter_pick(FilterPick::Team, team_items(teams));
    }

    /// The agents arrived: fill the filter chooser waiting for them.
    pub(super) fn filter_agents_loaded(&mut self, agents: &[Agent]) {
        self.fill_filter_pick(FilterPick::Agent, agent_items(agents));
    }

    /// Fills the filter chooser when it waits for `pick`, keeping the selection.
    fn fill_filter_pick(&mut self, pick: FilterPick, items: Vec<Item<FilterChoice>>) {
        if self.queue.filter_pick == Some(pick)
            && let Some(Popup::ChooseFilter(list)) = self.overlay.popup.as_mut()
        {
            list.selected = list.selected.min(items.len().saturating_sub(1));
            list.items = Some(items);
        }
    }
}
