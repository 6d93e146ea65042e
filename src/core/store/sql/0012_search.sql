-- Schema 11: one full-text document per ticket (issue 13). A ticket's
-- subject, its customer (name, e-mail, organisation) and the bodies of all
-- its messages are one row, rowid = ticket id, so a match *is* a ticket:
-- the queue ranks and pages matches without first mapping every matching
-- message to its ticket (1.1-2.4 s for a common word at a million tickets,
-- BENCHMARKS.md). The per-message index is no longer needed and goes.
--
-- Two indexes of the same documents: tickets_fts holds every ticket,
-- open_tickets_fts only the active ones (new, open, pending, on hold), the
-- few percent of a large desk the console's queue shows. A search of the
-- open tickets reads only the second, so a common word's matches are the
-- few thousand open tickets that hold it, not the closed history.
--
-- Contentless with contentless_delete: the text lives in tickets,
-- customers and messages, and every change re-indexes the ticket's whole
-- document from there (a ticket holds a handful of messages), in the same
-- transaction as the change. detail=none: search only asks whether a
-- ticket has the words.
DROP TRIGGER IF EXISTS messages_ai;
DROP TRIGGER IF EXISTS messages_ad;
DROP TRIGGER IF EXISTS messages_au;
DROP TABLE IF EXISTS messages_fts;
DROP TRIGGER IF EXISTS tickets_fts_ai;
DROP TRIGGER IF EXISTS tickets_fts_au;
DROP TRIGGER IF EXISTS tickets_fts_ad;
DROP TRIGGER IF EXISTS customers_fts_au;
DROP TABLE IF EXISTS tickets_fts;

-- A ticket's searchable text, written once: the indexes, their triggers,
-- the upgrade and the bulk loads all read it, filtered by id.
CREATE VIEW ticket_search_text (id, active, subject, customer, messages) AS
SELECT t.id, t.is_active, t.subject,
       c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.organisation, ''),
       (SELECT group_concat(m.body, ' ') FROM messages m WHERE m.ticket_id = t.id)
FROM tickets t JOIN customers c ON c.id = t.customer_id;

CREATE VIRTUAL TABLE tickets_fts USING fts5(
    subject, customer, messages, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', detail = none
);
CREATE VIRTUAL TABLE open_tickets_fts USING fts5(
    subject, customer, messages, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', detail = none
);

INSERT INTO tickets_fts(rowid, subject, customer, messages)
SELECT id, subject, customer, messages FROM ticket_search_text;
INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
SELECT id, subject, customer, messages FROM ticket_search_text WHERE active;

CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = new.id;
    INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = new.id AND active;
END;
CREATE TRIGGER tickets_fts_au AFTER UPDATE OF subject, customer_id ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.id;
    DELETE FROM open_tickets_fts WHERE rowid = old.id;
    INSERT INTO tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = new.id;
    INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = new.id AND active;
END;
-- Into or out of the open tickets' index as the status comes and goes.
CREATE TRIGGER tickets_fts_status AFTER UPDATE OF status ON tickets
WHEN old.is_active IS NOT new.is_active BEGIN
    DELETE FROM open_tickets_fts WHERE rowid = new.id;
    INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = new.id AND active;
END;
CREATE TRIGGER tickets_fts_ad AFTER DELETE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.id;
    DELETE FROM open_tickets_fts WHERE rowid = old.id;
END;
CREATE TRIGGER customers_fts_au AFTER UPDATE OF name, email, organisation ON customers BEGIN
    DELETE FROM tickets_fts WHERE rowid IN (SELECT id FROM tickets WHERE customer_id = new.id);
    DELETE FROM open_tickets_fts WHERE rowid IN (SELECT id FROM tickets WHERE customer_id = new.id);
    INSERT INTO tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id IN (SELECT id FROM tickets WHERE customer_id = new.id);
    INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id IN (SELECT id FROM tickets WHERE customer_id = new.id) AND active;
END;
CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
    DELETE FROM tickets_fts WHERE rowid = new.ticket_id;
    DELETE FROM open_tickets_fts WHERE rowid = new.ticket_id;
    INSERT INTO tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = new.ticket_id;
    INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = new.ticket_id AND active;
END;
CREATE TRIGGER messages_fts_au AFTER UPDATE OF body, ticket_id ON messages BEGIN
    DELETE FROM tickets_fts WHERE rowid IN (old.ticket_id, new.ticket_id);
    DELETE FROM open_tickets_fts WHERE rowid IN (old.ticket_id, new.ticket_id);
    INSERT INTO tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id IN (old.ticket_id, new.ticket_id);
    INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id IN (old.ticket_id, new.ticket_id) AND active;
END;
CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.ticket_id;
    DELETE FROM open_tickets_fts WHERE rowid = old.ticket_id;
    INSERT INTO tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = old.ticket_id;
    INSERT INTO open_tickets_fts(rowid, subject, customer, messages)
    SELECT id, subject, customer, messages FROM ticket_search_text WHERE id = old.ticket_id AND active;
END;
