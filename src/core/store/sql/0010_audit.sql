-- Schema 9: the audit of the desk's settings (issue 12). Every change to
-- agents, roles, teams, SLA, hours, holidays, routes, canned responses, KB
-- articles, views, mail settings, the restriction and the identity setting
-- is written here in the same transaction as the change: who, when, what,
-- and the values before and after (JSON, NULL for "did not exist").
-- The agent's login name is kept as it was, so a removed agent still reads.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    agent_id   INTEGER REFERENCES agents(id),
    agent_name TEXT,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_at ON audit(at, id);

-- Append-only through loket and plain SQL alike (a file's owner can still
-- drop the triggers with sqlite3: docs/SECURITY.md).
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
