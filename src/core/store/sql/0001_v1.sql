-- loket schema, version 1: the whole domain of DOMAIN.md.
-- Sets of words are written as `x = 'a' OR x = 'b'`, not `x IN ('a', 'b')`:
-- SQLite builds a temporary table for an IN list each time a row is
-- checked, which made every insert several times slower.
-- Instants are INTEGER seconds since the Unix epoch, UTC. Lists that are only
-- ever read whole (skills, languages, tags on canned responses) are JSON arrays
-- in TEXT; lists that are filtered on (ticket tags, agent teams) are tables.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE teams (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE agents (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email        TEXT,
    role         TEXT NOT NULL DEFAULT 'agent' CHECK ((role = 'agent' OR role = 'supervisor' OR role = 'admin')),
    tier         INTEGER NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 3),
    skills       TEXT NOT NULL DEFAULT '[]',
    languages    TEXT NOT NULL DEFAULT '[]',
    capacity     INTEGER NOT NULL DEFAULT 20 CHECK (capacity >= 0),
    status       TEXT NOT NULL DEFAULT 'offline' CHECK ((status = 'available' OR status = 'away' OR status = 'offline')),
    heartbeat_at INTEGER,
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL
);

CREATE TABLE agent_teams (
    agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    team_id  INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    PRIMARY KEY (agent_id, team_id)
) WITHOUT ROWID;
CREATE INDEX agent_teams_team ON agent_teams(team_id);

CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    external_id   TEXT UNIQUE,   -- key in exchanged files for customers without e-mail
    name          TEXT NOT NULL,
    email         TEXT UNIQUE COLLATE NOCASE,
    phone         TEXT,
    organisation  TEXT,
    language      TEXT NOT NULL DEFAULT 'en',
    since         INTEGER NOT NULL,
    churned_at    INTEGER,
    revenue_cents INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX customers_organisation ON customers(organisation);

-- Business hours of the desk: several intervals a day are several rows.
-- weekday: 0 = Monday .. 6 = Sunday; opens/closes are minutes after midnight,
-- local time in the desk's time zone (setting 'timezone').
CREATE TABLE business_hours (
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens_min    INTEGER NOT NULL CHECK (opens_min BETWEEN 0 AND 1440),
    closes_min   INTEGER NOT NULL CHECK (closes_min BETWEEN 0 AND 1440),
    CHECK (opens_min < closes_min),
    PRIMARY KEY (weekday, opens_min)
) WITHOUT ROWID;

CREATE TABLE holidays (
    day  TEXT PRIMARY KEY,   -- YYYY-MM-DD, local date
    name TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Targets are written as a number and a unit: '30m', '4h', '1d' (business days).
CREATE TABLE sla_policies (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL UNIQUE,
    priority              TEXT UNIQUE CHECK ((priority = 'low' OR priority = 'normal' OR priority = 'high' OR priority = 'urgent')),
    first_response_target TEXT NOT NULL,
    resolution_target     TEXT NOT NULL
);

CREATE TABLE tickets (
    id                    INTEGER PRIMARY KEY,
    external_id           TEXT UNIQUE,
    subject               TEXT NOT NULL,
    customer_id           INTEGER NOT NULL REFERENCES customers(id),
    channel               TEXT NOT NULL CHECK ((channel = 'email' OR channel = 'phone' OR channel = 'chat' OR channel = 'sms' OR channel = 'social' OR channel = 'web')),
    status                TEXT NOT NULL CHECK ((status = 'new' OR status = 'open' OR status = 'pending' OR status = 'on_hold' OR status = 'solved' OR status = 'closed')),
    priority              TEXT NOT NULL CHECK ((priority = 'low' OR priority = 'normal' OR priority = 'high' OR priority = 'urgent')),
    tier                  INTEGER NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 3),
    team_id               INTEGER REFERENCES teams(id),
    assignee_id           INTEGER REFERENCES agents(id),
    language              TEXT NOT NULL DEFAULT 'en',
    sla_policy_id         INTEGER REFERENCES sla_policies(id),
    first_response_due_at INTEGER,
    resolution_due_at     INTEGER,   -- moved out by time spent pending
    first_responded_at    INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    solved_at             INTEGER,   -- last solve
    closed_at             INTEGER,
    merged_into_id        INTEGER REFERENCES tickets(id),
    version               INTEGER NOT NULL DEFAULT 1,  -- optimistic concurrency
    is_active INTEGER GENERATED ALWAYS AS ((status = 'new' OR status = 'open' OR status = 'pending' OR status = 'on_hold')) VIRTUAL,
    priority_rank INTEGER GENERATED ALWAYS AS (
        CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END) VIRTUAL,
    -- The next SLA target due, for queue order; far future when none applies.
    sla_next_due_at INTEGER GENERATED ALWAYS AS (
        CASE
            WHEN sla_policy_id IS NULL OR NOT (status = 'new' OR status = 'open' OR status = 'pending' OR status = 'on_hold') THEN 9223372036854775807
            WHEN first_responded_at IS NULL THEN min(coalesce(first_response_due_at, 9223372036854775807),
                                                     coalesce(resolution_due_at, 9223372036854775807))
            ELSE coalesce(resolution_due_at, 9223372036854775807)
        END) VIRTUAL
);
-- Queue order: most urgent first (SLA due soonest, then priority, then age).
CREATE INDEX tickets_urgency ON tickets(is_active DESC, sla_next_due_at, priority_rank, created_at, id);
CREATE INDEX tickets_status_urgency ON tickets(status, sla_next_due_at, priority_rank, created_at, id);
CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
CREATE INDEX tickets_assignee ON tickets(assignee_id, is_active);
CREATE INDEX tickets_team ON tickets(team_id, is_active);
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_solved ON tickets(solved_at) WHERE solved_at IS NOT NULL;

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags(tag);

-- Related tickets and merges ('related' is symmetric and stored once per pair).
CREATE TABLE ticket_links (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    other_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK ((kind = 'related' OR kind = 'merged_into')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, other_id, kind)
) WITHOUT ROWID;

-- One entry of a ticket's thread. author: who wrote it; kind: what it is.
-- A customer message is author 'customer', kind 'public'. A phone call is
-- author 'agent', kind 'call', created_at = the call's start, duration_s = talk time.
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author     TEXT NOT NULL CHECK ((author = 'customer' OR author = 'agent')),
    agent_id   INTEGER REFERENCES agents(id),
    kind       TEXT NOT NULL CHECK ((kind = 'public' OR kind = 'internal' OR kind = 'call')),
    channel    TEXT,
    body       TEXT NOT NULL,
    duration_s INTEGER CHECK (duration_s IS NULL OR duration_s >= 0),
    created_at INTEGER NOT NULL,
    CHECK (author = 'agent' OR kind = 'public')
);
CREATE INDEX messages_ticket ON messages(ticket_id, created_at);

-- Full-text index of message bodies, for the queue's text search. Kept in
-- step by the triggers below. detail=none: search only asks whether a
-- message has a word, and the index is much smaller and faster to build.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', detail = none
);
CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_au AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;

-- Append-only log of every change. from_value/to_value are the changed field's
-- old and new values as text; detail carries a reason or free text.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER REFERENCES tickets(id) ON DELETE CASCADE,
    agent_id   INTEGER REFERENCES agents(id),
    kind       TEXT NOT NULL,
    from_value TEXT,
    to_value   TEXT,
    detail     TEXT,
    at         INTEGER NOT NULL
);
CREATE INDEX events_ticket ON events(ticket_id, at);
CREATE INDEX events_at ON events(at, kind);

CREATE TABLE canned_responses (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    shortcut     TEXT NOT NULL UNIQUE,
    body         TEXT NOT NULL,
    language     TEXT NOT NULL DEFAULT 'en',
    set_status   TEXT CHECK (set_status IS NULL OR (set_status = 'new' OR set_status = 'open' OR set_status = 'pending' OR set_status = 'on_hold' OR set_status = 'solved' OR set_status = 'closed')),
    set_priority TEXT CHECK (set_priority IS NULL OR (set_priority = 'low' OR set_priority = 'normal' OR set_priority = 'high' OR set_priority = 'urgent')),
    add_tags     TEXT NOT NULL DEFAULT '[]',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE kb_articles (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,          -- Markdown
    category    TEXT NOT NULL,
    department  TEXT,
    tags        TEXT NOT NULL DEFAULT '[]',
    language    TEXT NOT NULL DEFAULT 'en',
    visibility  TEXT NOT NULL DEFAULT 'public' CHECK ((visibility = 'internal' OR visibility = 'public')),
    faq         INTEGER NOT NULL DEFAULT 0,
    author_id   INTEGER REFERENCES agents(id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX kb_articles_category ON kb_articles(category);

-- Kept in step with kb_articles by the triggers below. remove_diacritics 2
-- makes "geen" find "géén".
CREATE VIRTUAL TABLE kb_fts USING fts5(
    title, body, content = 'kb_articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER kb_articles_au AFTER UPDATE OF title, body ON kb_articles BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO kb_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

-- Links from tickets to KB articles used in replies.
CREATE TABLE ticket_kb_links (
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    agent_id   INTEGER REFERENCES agents(id),
    at         INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, article_id)
) WITHOUT ROWID;

-- A customer reading an article without opening a ticket (self-service), or an
-- agent viewing it.
CREATE TABLE kb_views (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
    self_service INTEGER NOT NULL DEFAULT 0,
    customer_id  INTEGER REFERENCES customers(id),
    agent_id     INTEGER REFERENCES agents(id),
    at           INTEGER NOT NULL
);
CREATE INDEX kb_views_at ON kb_views(at) WHERE self_service = 1;

CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER REFERENCES tickets(id) ON DELETE CASCADE,
    customer_id INTEGER REFERENCES customers(id),
    kind        TEXT NOT NULL CHECK ((kind = 'csat' OR kind = 'nps')),
    score       INTEGER NOT NULL,
    comment     TEXT,
    at          INTEGER NOT NULL,
    CHECK ((kind = 'csat' AND score BETWEEN 1 AND 5) OR (kind = 'nps' AND score BETWEEN 0 AND 10))
);
CREATE INDEX surveys_at ON surveys(at, kind);
CREATE INDEX surveys_ticket ON surveys(ticket_id);

-- An agent actively working a ticket in the console (for AHT). active_s leaves
-- idle time out.
CREATE TABLE work_sessions (
    id         INTEGER PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents(id),
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    active_s   INTEGER NOT NULL DEFAULT 0 CHECK (active_s >= 0)
);
CREATE INDEX work_sessions_ended ON work_sessions(ended_at);
CREATE INDEX work_sessions_ticket ON work_sessions(ticket_id);

-- Who has which ticket open, and whether they are writing a reply.
CREATE TABLE presence (
    agent_id     INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    activity     TEXT NOT NULL CHECK ((activity = 'viewing' OR activity = 'replying')),
    since        INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    PRIMARY KEY (agent_id, ticket_id)
) WITHOUT ROWID;
CREATE INDEX presence_ticket ON presence(ticket_id);

-- Reply drafts survive leaving the ticket and restarting loket.
CREATE TABLE drafts (
    agent_id     INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL DEFAULT 'public' CHECK ((kind = 'public' OR kind = 'internal')),
    body         TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (agent_id, ticket_id)
) WITHOUT ROWID;

-- Saved queue views; agent_id NULL is shared by the desk. filter is JSON.
-- builtin names the desk's default views ('all_open', 'my_open',
-- 'unassigned', 'due_soon') so the console can show them in its language.
CREATE TABLE saved_views (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    builtin  TEXT UNIQUE,
    agent_id INTEGER REFERENCES agents(id) ON DELETE CASCADE,
    filter   TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (agent_id, name)
);

-- Routing on arrival: the first matching rule (by position) picks the team,
-- then optionally an agent by strategy.
CREATE TABLE routing_rules (
    id        INTEGER PRIMARY KEY,
    position  INTEGER NOT NULL,
    field     TEXT NOT NULL CHECK ((field = 'channel' OR field = 'tag' OR field = 'subject' OR field = 'organisation' OR field = 'language')),
    value     TEXT NOT NULL,
    team_id   INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    strategy  TEXT NOT NULL DEFAULT 'none' CHECK ((strategy = 'none' OR strategy = 'skills' OR strategy = 'round_robin' OR strategy = 'least_loaded'))
);
