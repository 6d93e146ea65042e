//! The dashboard's state and its tiles: which KPI each tile shows, how its
//! value reads, and what `?` says about it. Drawing is in `ui::dashboard`;
//! the figures come from the worker (`store::dashboard`), so the dashboard
//! and `loket report` read the same rollups through the same code.

use crate::i18n::Msg;
use crate::kpi::NamedWindow;
use crate::kpi::report::Report;
use crate::store::dashboard::DashboardData;

/// How a tile's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Seconds,
    /// A fraction 0..1 shown as a percentage.
    Share,
    /// −100..100.
    Score,
}

/// One tile: a KPI of KPIS.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tile {
    Backlog,
    Volume,
    Frt,
    AvgResponse,
    Aht,
    TalkTime,
    Fcr,
    Ttr,
    ResolutionRate,
    SlaCompliance,
    EscalationRate,
    ReopenRate,
    Csat,
    Nps,
    SelfService,
}

impl Tile {
    pub const ALL: [Tile; 15] = [
        Tile::Backlog,
        Tile::Volume,
        Tile::Frt,
        Tile::AvgResponse,
        Tile::Aht,
        Tile::TalkTime,
        Tile::Fcr,
        Tile::Ttr,
        Tile::ResolutionRate,
        Tile::SlaCompliance,
        Tile::EscalationRate,
        Tile::ReopenRate,
        Tile::Csat,
        Tile::Nps,
        Tile::SelfService,
    ];

    pub fn label(self) -> Msg {
        match self {
            Tile::Backlog => Msg::DashBacklog,
            Tile::Volume => Msg::KpiVolume,
            Tile::Frt => Msg::DashFrt,
            Tile::AvgResponse => Msg::KpiAvgResponse,
            Tile::Aht => Msg::KpiAht,
            Tile::TalkTime => Msg::KpiTalkTime,
            Tile::Fcr => Msg::KpiFcr,
            Tile::Ttr => Msg::DashTtr,
            Tile::ResolutionRate => Msg::KpiResolutionRate,
            Tile::SlaCompliance => Msg::KpiSlaCompliance,
            Tile::EscalationRate => Msg::KpiEscalationRate,
            Tile::ReopenRate => Msg::KpiReopenRate,
            Tile::Csat => Msg::DashCsat,
            Tile::Nps => Msg::DashNps,
            Tile::SelfService => Msg::KpiSelfService,
        }
    }

    /// What `?` says: the KPI's meaning and formula (KPIS.md).
    pub fn explanation(self) -> Msg {
        match self {
            Tile::Backlog => Msg::ExplainBacklog,
            Tile::Volume => Msg::ExplainVolume,
            Tile::Frt => Msg::ExplainFrt,
            Tile::AvgResponse => Msg::ExplainAvgResponse,
            Tile::Aht => Msg::ExplainAht,
            Tile::TalkTime => Msg::ExplainTalkTime,
            Tile::Fcr => Msg::ExplainFcr,
            Tile::Ttr => Msg::ExplainTtr,
            Tile::ResolutionRate => Msg::ExplainResolutionRate,
            Tile::SlaCompliance => Msg::ExplainSlaCompliance,
            Tile::EscalationRate => Msg::ExplainEscalationRate,
            Tile::ReopenRate => Msg::ExplainReopenRate,
            Tile::Csat => Msg::ExplainCsat,
            Tile::Nps => Msg::ExplainNps,
            Tile::SelfService => Msg::ExplainSelfService,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Tile::Backlog | Tile::Volume => Unit::Count,
            Tile::Frt | Tile::AvgResponse | Tile::Aht | Tile::TalkTime | Tile::Ttr => Unit::Seconds,
            Tile::Nps => Unit::Score,
            _ => Unit::Share,
        }
    }

    /// Whether a rise is good news (for the colour of the change).
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            Tile::Fcr
                | Tile::ResolutionRate
                | Tile::SlaCompliance
                | Tile::Csat
                | Tile::Nps
                | Tile::SelfService
        )
    }

    /// The tile's figure in a report. The backlog is the one at the end of
    /// the window (its last trend day), so the daily line and the change
    /// compare like with like; the tile also shows the backlog now.
    pub fn value(self, r: &Report) -> Option<f64> {
        match self {
            Tile::Backlog => r.backlog.trend.last().map(|d| d.backlog as f64),
            Tile::Volume => Some(r.volume.total as f64),
            Tile::Frt => r.frt.map(|s| s.median),
            Tile::AvgResponse => r.avg_response,
            Tile::Aht => r.aht,
            Tile::TalkTime => r.talk_time,
            Tile::Fcr => r.fcr,
            Tile::Ttr => r.ttr.map(|s| s.median),
            Tile::ResolutionRate => r.resolution_rate,
            Tile::SlaCompliance => r.sla_compliance,
            Tile::EscalationRate => r.escalation_rate,
            Tile::ReopenRate => r.reopen_rate,
            Tile::Csat => r.csat,
            Tile::Nps => r.nps,
            Tile::SelfService => r.self_service_ratio,
        }
    }
}

/// Which part of the dashboard keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DashFocus {
    #[default]
    Tiles,
    Teams,
    Agents,
}

/// The windows the dashboard switches between, in order.
pub const WINDOWS: [NamedWindow; 4] = [
    NamedWindow::Today,
    NamedWindow::Yesterday,
    NamedWindow::Last7Days,
    NamedWindow::Last30Days,
];

/// The dashboard's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub window: NamedWindow,
    /// The latest figures; kept on screen while newer ones load.
    pub data: Option<DashboardData>,
    /// The selected tile (index into [`Tile::ALL`]).
    pub selected: usize,
    pub focus: DashFocus,
    /// The selected row of the focused table (the page scrolls to show it).
    pub table_scroll: usize,
    /// The selected tile's explanation is open.
    pub explain: bool,
    /// First line of the explanation on screen (small terminals scroll it).
    pub explain_scroll: usize,
    /// A load is under way.
    pub loading: bool,
}

impl Default for Dashboard {
    fn default() -> Self {
        Dashboard {
            window: NamedWindow::Last7Days,
            data: None,
            selected: 0,
            focus: DashFocus::Tiles,
            table_scroll: 0,
            explain: false,
            explain_scroll: 0,
            loading: false,
        }
    }
}

impl Dashboard {
    pub fn tile(&self) -> Tile {
        Tile::ALL[self.selected.min(Tile::ALL.len() - 1)]
    }

    /// The next window of [`WINDOWS`].
    pub fn next_window(&mut self) {
        let at = WINDOWS.iter().position(|w| *w == self.window).unwrap_or(0);
        self.window = WINDOWS[(at + 1) % WINDOWS.len()];
    }

    /// Rows of the focused table.
    pub fn table_len(&self) -> usize {
        self.data.as_ref().map_or(0, |d| match self.focus {
            DashFocus::Teams => d.teams.len(),
            DashFocus::Agents => d.agents.len(),
            DashFocus::Tiles => 0,
        })
    }
}
