-- Knowledge base search (issue 4): the FTS index also holds the tags, and
-- keeps 2- and 3-character prefix indexes so search-as-you-type ("ref*")
-- stays fast. Rebuilt from kb_articles, which is unchanged.
DROP TRIGGER IF EXISTS kb_articles_ai;
DROP TRIGGER IF EXISTS kb_articles_ad;
DROP TRIGGER IF EXISTS kb_articles_au;
DROP TABLE IF EXISTS kb_fts;

CREATE VIRTUAL TABLE kb_fts USING fts5(
    title, body, tags, content = 'kb_articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;
CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
END;
CREATE TRIGGER kb_articles_au AFTER UPDATE OF title, body, tags ON kb_articles BEGIN
    INSERT INTO kb_fts(kb_fts, rowid, title, body, tags) VALUES ('delete', old.id, old.title, old.body, old.tags);
    INSERT INTO kb_fts(rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags);
END;
INSERT INTO kb_fts(kb_fts) VALUES ('rebuild');

CREATE INDEX IF NOT EXISTS ticket_kb_links_article ON ticket_kb_links(article_id);

-- Where the public help centre serves articles: a link is this plus the slug.
INSERT OR IGNORE INTO settings (key, value) VALUES ('kb_base_url', 'https://help.example.com/kb/');
