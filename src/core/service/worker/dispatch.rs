//! The request → response step: [`handle`] runs one [`Request`] on a
//! connection and answers it, with no thread, which is how tests load data
//! deterministically; the thread in [`super::thread`] calls it for each
//! request it serves.

use rusqlite::Connection;

use super::types::{ListSpec, QueueLoaded, Request, Response, ViewEntry};
use crate::clock::Clock;
use crate::service::change;
use crate::store::filter::TicketFilter;
use crate::store::queue::{QueueQuery, StatusFilter};
use crate::store::{self, drafts};

/// One request, answered. Everything the worker does to the database is here.
/// `clock` is the worker's "now" for what the store judges by time itself
/// (rollups settled by a write, agents' live status); requests that carry a
/// `now` of their own use that.
pub fn handle(conn: &Connection, clock: &dyn Clock, request: &Request) -> Response {
    let failed = |e: store::StoreError| Response::Failed {
        request: request.clone(),
        error: e.failure(),
    };
    match request {
        Request::Calendar => match store::settings::calendar(conn) {
            Ok(calendar) => Response::Calendar(calendar),
            Err(e) => failed(e),
        },
        Request::Ticket { id } => match store::tickets::detail(conn, *id) {
            Ok(detail) => Response::Ticket(Box::new(detail)),
            Err(e) => failed(e),
        },
        Request::Queue { query, follow } => match load_queue(conn, query, *follow) {
            Ok(loaded) => Response::Queue(loaded),
            Err(e) => failed(e),
        },
        Request::Place { status, id, at } => {
            match store::queue::position_near(conn, *status, *id, *at) {
                Ok(position) => Response::Placed {
                    status: *status,
                    id: *id,
                    at: *at,
                    position,
                },
                Err(e) => failed(e),
            }
        }
        Request::Write { change, actor } => match change::execute(conn, clock, change, *actor) {
            Ok(outcome) => Response::Written {
                change: Box::new(change.clone()),
                outcome,
            },
            Err(e) => failed(e),
        },
        Request::SaveDraft {
            agent,
            ticket,
            internal,
            body,
            base,
            now,
        } => match drafts::save(conn, *agent, *ticket, *internal, body, *base, *now) {
            Ok(()) => Response::DraftSaved { ticket: *ticket },
            Err(e) => failed(e),
        },
        Request::LoadDraft { agent, ticket } => match drafts::load(conn, *agent, *ticket) {
            Ok(draft) => Response::Draft {
                ticket: *ticket,
                draft,
            },
            Err(e) => failed(e),
        },
        Request::Canned => match store::canned::list(conn) {
            Ok(list) => Response::Canned(list),
            Err(e) => failed(e),
        },
        Request::List {
            query,
            follow,
            list,
            now,
        } => match load_list(conn, query, *follow, list, *now) {
            Ok(loaded) => Response::Queue(loaded),
            Err(e) => failed(e),
        },
        Request::Views { agent, now } => match load_views(conn, *agent, *now) {
            Ok(views) => Response::Views(views),
            Err(e) => failed(e),
        },
        Request::Dashboard { window, now } => match store::dashboard::load(conn, *window, *now) {
            Ok(data) => Response::Dashboard(Box::new(data)),
            Err(e) => failed(e),
        },
        Request::Teams => match store::teams::list(conn) {
            Ok(list) => Response::Teams(list),
            Err(e) => failed(e),
        },
        Request::Agents => match store::agents::list(conn, clock.now().timestamp()) {
            Ok(list) => Response::Agents(list),
            Err(e) => failed(e),
        },
        Request::Files(work) => Response::Files(crate::service::files::handle(conn, work)),
        Request::Kb(kb) => match crate::service::kb::handle(conn, clock, kb) {
            Ok(answer) => Response::Kb(answer),
            Err(e) => failed(e),
        },
        Request::Presence {
            agent,
            ticket,
            replying,
            now,
        } => match store::write_presence(conn, clock, |tx| {
            store::presence::set(tx, *agent, *ticket, *replying, *now)
        }) {
            Ok(entered) => Response::Entered {
                ticket: *ticket,
                replying: entered.replying,
            },
            Err(e) => failed(e),
        },
        Request::Heartbeat { agent, status, now } => {
            match store::write_presence(conn, clock, |tx| {
                store::agents::heartbeat(tx, *agent, *status, *now)
            }) {
                Ok(()) => Response::Beat,
                Err(e) => failed(e),
            }
        }
        Request::SignOff { agent } => {
            match store::write_shared(conn, clock, |tx| store::agents::sign_off(tx, *agent)) {
                Ok(()) => Response::Beat,
                Err(e) => failed(e),
            }
        }
        Request::Viewer { agent } => match store::visibility::set_viewer(conn, *agent) {
            Ok(()) => Response::Beat,
            Err(e) => failed(e),
        },
        Request::AutoEscalate { now } => {
            match store::write_shared(conn, clock, |tx| store::escalation::auto_escalate(tx, *now))
            {
                Ok(tickets) => Response::Escalated(tickets),
                Err(e) => failed(e),
            }
        }
        Request::Watchers { tickets, me, now } => {
            match store::presence::on_tickets(conn, tickets, *me, *now) {
                Ok(map) => Response::Watchers(map),
                Err(e) => failed(e),
            }
        }
    }
}

fn load_queue(
    conn: &Connection,
    query: &QueueQuery,
    follow: Option<i64>,
) -> store::Result<QueueLoaded> {
    // One read: the rows, the count and the position agree.
    let read = conn.unchecked_transaction()?;
    let loaded = match follow {
        Some(id) => follow_queue(conn, query, id)?,
        None => QueueLoaded {
            query: *query,
            page: store::queue::page(conn, query)?,
            follow: None,
            placed: true,
            desk_empty: false,
            list: None,
        },
    };
    // A non-empty filter proves the desk is not empty without a second count.
    let desk_empty = loaded.page.total == 0 && store::queue::count(conn, StatusFilter::All)? == 0;
    read.commit()?;
    Ok(QueueLoaded {
        desk_empty,
        ..loaded
    })
}

/// The page around a followed ticket. With the index the ticket was at
/// (the query's anchor), the rows around it are read by key and the page
/// put at that index, exact when it reached an end of the list and
/// otherwise left for [`Request::Place`]; without one, its position is
/// counted first.
fn follow_queue(conn: &Connection, query: &QueueQuery, id: i64) -> store::Result<QueueLoaded> {
    let margin = query.limit / 3;
    let loaded = |page, position, placed| QueueLoaded {
        query: *query,
        page,
        follow: Some((id, position)),
        placed,
        desk_empty: false,
        list: None,
    };
    let hint = query.anchor.filter(|a| a.id == id).map(|a| a.index);
    let Some(around) = store::queue::around(
        conn,
        query.status,
        id,
        margin,
        (query.limit - margin - 1).max(0),
    )?
    else {
        // It left the list: the page the query asked for.
        let plain = QueueQuery {
            anchor: None,
            ..*query
        };
        return Ok(loaded(store::queue::page(conn, &plain)?, None, true));
    };
    let total = store::queue::count(conn, query.status)?;
    let (at, len) = (around.at as i64, around.rows.len() as i64);
    let (position, placed) = if around.reached_start {
        (at, true)
    } else if around.reached_end {
        (total - (len - at), true)
    } else if let Some(hint) = hint {
        (hint.clamp(at, (total - (len - at)).max(at)), false)
    } else {
        let exact = store::queue::position_near(conn, query.status, id, 0)?;
        (exact.unwrap_or(at), true)
    };
    let page = store::queue::QueuePage {
        rows: around.rows,
        offset: position - at,
        total,
    };
    Ok(loaded(page, Some(position), placed))
}

fn load_list(
    conn: &Connection,
    query: &QueueQuery,
    follow: Option<i64>,
    list: &ListSpec,
    now: i64,
) -> store::Result<QueueLoaded> {
    let filter = TicketFilter {
        status: query.status,
        ..list.filter.clone()
    };
    let mut offset = query.offset;
    let mut followed = None;
    if let Some(id) = follow {
        let position = store::filter::position_of(conn, &filter, list.sort, id, now)?;
        if let Some(at) = position
            && (at < query.offset || at >= query.offset + query.limit)
        {
            offset = (at - query.limit / 3).max(0);
        }
        followed = Some((id, position));
    }
    let page = store::filter::list(conn, &filter, list.sort, offset, query.limit, now)?;
    let desk_empty = page.total == 0 && store::queue::count(conn, StatusFilter::All)? == 0;
    Ok(QueueLoaded {
        query: *query,
        page,
        follow: followed,
        placed: true,
        desk_empty,
        list: Some(list.clone()),
    })
}

fn load_views(conn: &Connection, agent: Option<i64>, now: i64) -> store::Result<Vec<ViewEntry>> {
    let mut out = Vec::new();
    for view in store::views::list(conn, agent)? {
        // A view naming a removed agent or team is left out, not fatal.
        let Ok((filter, sort)) = store::views::resolve(conn, &view.spec, agent) else {
            continue;
        };
        let count = store::filter::count(conn, &filter, now)?;
        out.push(ViewEntry {
            view,
            filter,
            sort,
            count,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_ticket_is_a_failure_not_a_panic() {
        let conn = store::open_in_memory().unwrap();
        match handle(
            &conn,
            &crate::clock::SystemClock,
            &Request::Ticket { id: 42 },
        ) {
            Response::Failed { error, .. } => {
                assert_eq!(error, store::Failure::NotFound("ticket 42".into()))
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    /// The worker judges agents' live status by its own clock: a fixed one
    /// makes "away until the heartbeat is too old" exact to the second.
    #[test]
    fn the_agents_list_judges_status_by_the_workers_clock() {
        use crate::clock::FixedClock;
        use crate::domain::AgentStatus;
        use store::agents::{AGENT_TTL_SECS, NewAgent};
        let conn = store::open_in_memory().unwrap();
        let beat = 1_795_442_400;
        let anna = store::agents::add(
            &conn,
            &NewAgent {
                name: "anna".into(),
                ..NewAgent::default()
            },
            0,
        )
        .unwrap();
        let at = FixedClock::at_unix(beat);
        let request = Request::Heartbeat {
            agent: anna,
            status: Some(AgentStatus::Away),
            now: beat,
        };
        assert!(matches!(handle(&conn, &at, &request), Response::Beat));
        let status_at =
            |secs: i64| match handle(&conn, &FixedClock::at_unix(secs), &Request::Agents) {
                Response::Agents(list) => list[0].status,
                other => panic!("expected the agents, got {other:?}"),
            };
        assert_eq!(status_at(beat), AgentStatus::Away);
        assert_eq!(status_at(beat + AGENT_TTL_SECS), AgentStatus::Away);
        assert_eq!(status_at(beat + AGENT_TTL_SECS + 1), AgentStatus::Offline);
    }
}
