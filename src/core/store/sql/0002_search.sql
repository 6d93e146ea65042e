-- Schema 2: subjects and customers in a full-text index, so the queue's
-- text search never reads every ticket. One row per ticket: its subject,
-- and its customer's name, e-mail and organisation, so "eva refund" finds
-- Eva's refund ticket. Contentless (the text lives in tickets and
-- customers) with contentless_delete, so triggers can drop a row by id
-- without the old text. detail=none: search only asks whether a ticket
-- has the words.
CREATE VIRTUAL TABLE tickets_fts USING fts5(
    subject, customer, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', detail = none
);

INSERT INTO tickets_fts(rowid, subject, customer)
SELECT t.id, t.subject, c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.organisation, '')
FROM tickets t JOIN customers c ON c.id = t.customer_id;

CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts(rowid, subject, customer)
    SELECT new.id, new.subject, c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.organisation, '')
    FROM customers c WHERE c.id = new.customer_id;
END;
CREATE TRIGGER tickets_fts_au AFTER UPDATE OF subject, customer_id ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.id;
    INSERT INTO tickets_fts(rowid, subject, customer)
    SELECT new.id, new.subject, c.name || ' ' || coalesce(c.email, '') || ' ' || coalesce(c.organisation, '')
    FROM customers c WHERE c.id = new.customer_id;
END;
CREATE TRIGGER tickets_fts_ad AFTER DELETE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.id;
END;
CREATE TRIGGER customers_fts_au AFTER UPDATE OF name, email, organisation ON customers BEGIN
    DELETE FROM tickets_fts WHERE rowid IN (SELECT id FROM tickets WHERE customer_id = new.id);
    INSERT INTO tickets_fts(rowid, subject, customer)
    SELECT t.id, t.subject, new.name || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.organisation, '')
    FROM tickets t WHERE t.customer_id = new.id;
END;
