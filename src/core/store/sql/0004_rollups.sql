-- KPI rollups (issue 5): additive figures per local day of the desk's time
-- zone, so the dashboard and `loket report` read a window without visiting
-- its tickets. See src/kpi/rollup/mod.rs for what each measure counts.
--
-- rollups: one row per (grouping, group, measure, day). grouping is 'desk'
-- (group ''), 'team', 'agent', 'channel' or 'priority'; the group is the
-- ticket's team, assignee, channel or priority now ('none' when it has no
-- team or assignee), except that under 'agent' the work an agent did
-- (sessions, calls, solves, assignments) counts for that agent. day is the
-- local date as days since 0001-01-01 (chrono's num_days_from_ce).
CREATE TABLE rollups (
    grouping TEXT NOT NULL,
    grp      TEXT NOT NULL,
    measure  TEXT NOT NULL,
    day      INTEGER NOT NULL,
    n        INTEGER NOT NULL DEFAULT 0,
    total    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (grouping, day, grp, measure)
) WITHOUT ROWID;
-- The backlog trend sums one measure over every day up to the window.
CREATE INDEX rollups_measure ON rollups(grouping, measure, day);

-- What each ticket added to rollups, so a change can take it back out
-- before adding the ticket's new figures: the groups it was counted in and
-- whether it is active,
-- its cells as text (see src/store/rollups.rs), and the due times of its
-- SLA targets not achieved yet (decided only once due: read live).
CREATE TABLE rollup_tickets (
    ticket_id INTEGER PRIMARY KEY,
    team      TEXT NOT NULL,
    assignee  TEXT NOT NULL,
    channel   TEXT NOT NULL,
    priority  TEXT NOT NULL,
    cells     TEXT NOT NULL,
    due_a     INTEGER,
    due_b     INTEGER,
    active    INTEGER NOT NULL DEFAULT 0   -- in the backlog now
);
-- The backlog now per group, read from this index alone.
CREATE INDEX rollup_tickets_backlog ON rollup_tickets(team, assignee, channel, priority)
    WHERE active = 1;
CREATE INDEX rollup_tickets_due_a ON rollup_tickets(due_a) WHERE due_a IS NOT NULL;
CREATE INDEX rollup_tickets_due_b ON rollup_tickets(due_b) WHERE due_b IS NOT NULL;

-- Tickets written in the current transaction whose figures must be
-- computed again before it commits. Filled by the triggers below; emptied
-- by store::rollups::refresh in the same transaction.
CREATE TABLE rollup_dirty (
    ticket_id INTEGER PRIMARY KEY
);

CREATE TRIGGER rollup_tickets_ai AFTER INSERT ON tickets BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (new.id);
END;
CREATE TRIGGER rollup_tickets_au AFTER UPDATE ON tickets BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (new.id);
END;
CREATE TRIGGER rollup_tickets_ad AFTER DELETE ON tickets BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (old.id);
END;
CREATE TRIGGER rollup_messages_ai AFTER INSERT ON messages BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (new.ticket_id);
END;
CREATE TRIGGER rollup_messages_au AFTER UPDATE OF created_at, duration_s, kind, author, agent_id, ticket_id ON messages BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (old.ticket_id), (new.ticket_id);
END;
CREATE TRIGGER rollup_messages_ad AFTER DELETE ON messages BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (old.ticket_id);
END;
CREATE TRIGGER rollup_events_ai AFTER INSERT ON events WHEN new.ticket_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (new.ticket_id);
END;
CREATE TRIGGER rollup_tags_ai AFTER INSERT ON ticket_tags BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (new.ticket_id);
END;
CREATE TRIGGER rollup_tags_ad AFTER DELETE ON ticket_tags BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (old.ticket_id);
END;
CREATE TRIGGER rollup_sessions_ai AFTER INSERT ON work_sessions BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (new.ticket_id);
END;
CREATE TRIGGER rollup_sessions_au AFTER UPDATE ON work_sessions BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (old.ticket_id), (new.ticket_id);
END;
CREATE TRIGGER rollup_surveys_ai AFTER INSERT ON surveys WHEN new.ticket_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO rollup_dirty(ticket_id) VALUES (new.ticket_id);
END;

-- Surveys without a ticket are counted live.
CREATE INDEX surveys_without_ticket ON surveys(at) WHERE ticket_id IS NULL;
