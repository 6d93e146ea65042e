-- The desk's content stamp (live updates without noise, issue 5): one
-- number that every commit changing what the desk holds moves (tickets,
-- messages, agents' status, settings, the knowledge base ...), and that
-- presence leaves alone (heartbeats, who has which ticket open). A console
-- polls PRAGMA data_version; when another connection committed, it reads
-- this row to tell a content change (reload) from presence (re-read the
-- watchers only). Moved by store::write / write_shared (src/store/stamp.rs).
CREATE TABLE desk_stamp (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    content INTEGER NOT NULL
);
INSERT INTO desk_stamp (id, content) VALUES (1, 0);
