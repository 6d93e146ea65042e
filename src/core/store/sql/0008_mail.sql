-- The e-mail channel, both ways (issue 11): mail in becomes tickets and
-- thread entries, public replies and automatic mail leave through an outbox,
-- attachments are kept once by content hash, and what cannot be taken is
-- kept raw in a quarantine. Mail settings are rows of `settings` under
-- 'mail.' (src/mail/settings.rs); credentials are never stored here.

-- Every e-mail loket took in or sent, by its Message-ID (without the angle
-- brackets), so a reply's In-Reply-To / References find their ticket.
-- message_id is the thread entry it became (mail in) or was written from
-- (a reply); survey_kind marks a survey invitation, whose answers are
-- scores, not follow-ups. from_addr and at serve the per-sender limit.
CREATE TABLE mail_messages (
    id          INTEGER PRIMARY KEY,
    mail_id     TEXT NOT NULL UNIQUE,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    message_id  INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    direction   TEXT NOT NULL CHECK ((direction = 'in' OR direction = 'out')),
    from_addr   TEXT COLLATE NOCASE,
    survey_kind TEXT CHECK (survey_kind IS NULL OR (survey_kind = 'csat' OR survey_kind = 'nps')),
    at          INTEGER NOT NULL
);
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id);
CREATE INDEX mail_messages_message ON mail_messages(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX mail_messages_sender ON mail_messages(from_addr, at) WHERE direction = 'in';

-- A customer message that came by mail keeps the quoted history below the
-- customer's new text apart, folded in the thread view.
ALTER TABLE messages ADD COLUMN quoted TEXT;

-- A public reply that could not be e-mailed says why, in the thread:
-- not_set_up (the desk sends no mail) or no_address (the customer has
-- none). A reply that was e-mailed has an outbox row instead.
ALTER TABLE messages ADD COLUMN mail_skipped TEXT CHECK (mail_skipped IS NULL OR (mail_skipped = 'not_set_up' OR mail_skipped = 'no_address'));

-- Who else was on a ticket's mail (Cc), and so may write on it and gets
-- its replies in copy.
CREATE TABLE ticket_cc (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    address   TEXT NOT NULL COLLATE NOCASE,
    name      TEXT NOT NULL DEFAULT '',
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, address)
) WITHOUT ROWID;

-- A reply to a closed ticket opens a new one that points back at it.
ALTER TABLE tickets ADD COLUMN follow_up_of INTEGER REFERENCES tickets(id);

-- Customers who asked for no surveys.
ALTER TABLE customers ADD COLUMN surveys_opt_out INTEGER NOT NULL DEFAULT 0;

-- Mail that leaves. One row per message, written in the transaction of the
-- reply (or automatic mail) it carries, so nothing is sent that was not
-- saved and nothing saved is forgotten.
--   kind: reply (an agent's public reply), ack (new-ticket acknowledgement),
--         survey (a CSAT/NPS invitation), refusal (the answer to a mail
--         loket could not take, like one over the size limit).
--   state: queued -> sending -> sent; a temporary failure goes back to
--         queued with next_attempt_at moved out (backoff); a permanent one,
--         or too many tries, is failed; a delivery status report marks a
--         sent one bounced. A process that died while the relay had the
--         message but before it could write 'sent' leaves 'sending' with an
--         expired lease: that message is in doubt (the relay may have it),
--         shown as such and sent again only when an agent retries it.
--   lease_until: while 'sending', until when the sending process holds it.
--   in_reply_to / refs: the thread's Message-IDs (refs space-separated).
--   cc: a JSON array of addresses.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK ((kind = 'reply' OR kind = 'ack' OR kind = 'survey' OR kind = 'refusal')),
    ticket_id       INTEGER REFERENCES tickets(id) ON DELETE CASCADE,
    message_id      INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    mail_id         TEXT NOT NULL UNIQUE,
    from_addr       TEXT NOT NULL,
    to_addr         TEXT NOT NULL,
    cc              TEXT NOT NULL DEFAULT '[]',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    in_reply_to     TEXT,
    refs            TEXT,
    auto_submitted  INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK ((state = 'queued' OR state = 'sending' OR state = 'sent' OR state = 'failed' OR state = 'bounced')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    last_error      TEXT,
    relay_reply     TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    bounced_at      INTEGER
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_sending ON outbox(lease_until) WHERE state = 'sending';
CREATE INDEX outbox_message ON outbox(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX outbox_ticket ON outbox(ticket_id);

-- File contents, once per SHA-256 (hex): the same invoice sent ten times
-- is stored once.
CREATE TABLE blobs (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL CHECK (size >= 0),
    data BLOB NOT NULL
);

-- A file on a thread entry, on a canned response (sent with it), or on an
-- outbox row (automatic mail). inline: an image shown inside an HTML mail,
-- listed like any other attachment.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_id   INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    canned_id    INTEGER REFERENCES canned_responses(id) ON DELETE CASCADE,
    outbox_id    INTEGER REFERENCES outbox(id) ON DELETE CASCADE,
    blob_id      INTEGER NOT NULL REFERENCES blobs(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    inline       INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    CHECK ((message_id IS NOT NULL) + (canned_id IS NOT NULL) + (outbox_id IS NOT NULL) = 1)
);
CREATE INDEX attachments_message ON attachments(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX attachments_canned ON attachments(canned_id) WHERE canned_id IS NOT NULL;
CREATE INDEX attachments_outbox ON attachments(outbox_id) WHERE outbox_id IS NOT NULL;
CREATE INDEX attachments_blob ON attachments(blob_id);

-- Mail that could not be taken, kept raw: it did not parse, was over the
-- size limit, came too often from one sender, or failed in some other way.
-- reason is a word (unparsable, too_large, rate_limited, failed); detail
-- says what went wrong. `loket mail failed` lists them; retry takes one in
-- again, drop removes it.
CREATE TABLE mail_quarantine (
    id          INTEGER PRIMARY KEY,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    sender      TEXT,
    subject     TEXT,
    mail_id     TEXT,
    size        INTEGER NOT NULL,
    raw         BLOB NOT NULL,
    source      TEXT,
    received_at INTEGER NOT NULL,
    retried_at  INTEGER
);
CREATE INDEX mail_quarantine_received ON mail_quarantine(received_at);
-- The same refused mail delivered again is found (and kept once), and a
-- mail taken after all leaves the quarantine.
CREATE INDEX mail_quarantine_mail ON mail_quarantine(mail_id) WHERE mail_id IS NOT NULL;

-- Surveys asked by mail: one of each kind per ticket, at most, sent when
-- due_at passes (a delay after the solve). outbox_id is the invitation once
-- queued; survey_id the answer once it came.
CREATE TABLE survey_requests (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK ((kind = 'csat' OR kind = 'nps')),
    due_at     INTEGER NOT NULL,
    outbox_id  INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
    survey_id  INTEGER REFERENCES surveys(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (ticket_id, kind)
);
CREATE INDEX survey_requests_due ON survey_requests(due_at) WHERE outbox_id IS NULL;
