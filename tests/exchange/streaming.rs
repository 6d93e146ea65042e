//! The streaming import (a file read in two passes, tickets one at a time)
//! gives the same desk as the in-memory one, for JSON and CSV, into an
//! empty desk and merged into one with tickets; a bad ticket at the end of
//! a file leaves the desk exactly as it was and is named by line and field.

use std::collections::HashMap;
use std::path::Path;

use loket::exchange::{Silent, csv_import, import};
use rusqlite::Connection;

use crate::generate_common::{NOW, generated};
use crate::{csv_of, json_of};

fn options(defer_from: usize) -> import::Options {
    import::Options {
        now: NOW,
        actor: None,
        defer_from,
    }
}

/// The file at `path` through the streaming path.
fn stream_json(conn: &mut Connection, path: &Path, defer_from: usize) -> Result<u64, String> {
    let file = import::open_json(path, "desk.json").map_err(|e| e.to_string())?;
    let mut tickets = file.tickets().map_err(|e| e.to_string())?;
    import::import_stream(
        conn,
        &file.sections,
        &file.origins,
        &mut tickets,
        options(defer_from),
        &mut Silent,
    )
    .map(|r| r.tickets)
    .map_err(|e| e.to_string())
}

/// The file at `path` as the command line reads it: the tickets read and
/// parsed on a second thread ([`import::read_ahead`]).
fn stream_json_ahead(conn: &mut Connection, path: &Path, defer_from: usize) -> Result<u64, String> {
    let file = import::open_json(path, "desk.json").map_err(|e| e.to_string())?;
    let mut tickets = file.tickets().map_err(|e| e.to_string())?;
    import::read_ahead(&mut tickets, |tickets| {
        import::import_stream(
            conn,
            &file.sections,
            &file.origins,
            tickets,
            options(defer_from),
            &mut Silent,
        )
    })
    .map(|r| r.tickets)
    .map_err(|e| e.to_string())
}

/// The same text through the in-memory path.
fn whole_json(conn: &mut Connection, text: &str, defer_from: usize) -> Result<u64, String> {
    let (doc, origins) = import::parse_json(text, "desk.json").map_err(|e| e.to_string())?;
    import::import_with(conn, &doc, &origins, NOW, None, defer_from)
        .map(|r| r.tickets)
        .map_err(|e| e.to_string())
}

fn stream_csv(conn: &mut Connection, path: &Path) -> Result<u64, String> {
    let now = chrono::DateTime::from_timestamp(NOW, 0).unwrap();
    let file =
        csv_import::open_csv(path, "t.csv", &HashMap::new(), now).map_err(|e| e.to_string())?;
    let mut tickets = file.tickets().map_err(|e| e.to_string())?;
    import::import_stream(
        conn,
        &file.sections,
        &file.origins,
        &mut tickets,
        options(import::DEFER_INDEXES_FROM),
        &mut Silent,
    )
    .map(|r| r.tickets)
    .map_err(|e| e.to_string())
}

fn whole_csv(conn: &mut Connection, text: &str) -> Result<u64, String> {
    let now = chrono::DateTime::from_timestamp(NOW, 0).unwrap();
    let (doc, origins) =
        csv_import::parse_csv(text, "t.csv", &HashMap::new(), now).map_err(|e| e.to_string())?;
    import::import(conn, &doc, &origins, NOW)
        .map(|r| r.tickets)
        .map_err(|e| e.to_string())
}

#[test]
fn a_streamed_json_file_gives_the_desk_the_whole_document_gives() {
    let dir = tempfile::tempdir().unwrap();
    let (source, _) = generated(1_500, 11);
    let text = json_of(&source);
    let path = dir.path().join("desk.json");
    std::fs::write(&path, &text).unwrap();
    for defer_from in [0, import::DEFER_INDEXES_FROM, usize::MAX] {
        // Into an empty desk.
        let mut streamed = loket::store::open_in_memory().unwrap();
        let mut whole = loket::store::open_in_memory().unwrap();
        assert_eq!(stream_json(&mut streamed, &path, defer_from), Ok(1_500));
        assert_eq!(whole_json(&mut whole, &text, defer_from), Ok(1_500));
        assert_eq!(json_of(&streamed), text, "the round trip is exact");
        assert_eq!(json_of(&streamed), json_of(&whole));
        let mut ahead = loket::store::open_in_memory().unwrap();
        assert_eq!(stream_json_ahead(&mut ahead, &path, defer_from), Ok(1_500));
        assert_eq!(json_of(&ahead), text, "read ahead: the same desk");
        // Again: nothing added.
        assert_eq!(stream_json(&mut streamed, &path, defer_from), Ok(0));
        assert_eq!(json_of(&streamed), text);

        // Merged into a desk with tickets of its own (its `loket-1` to
        // `loket-400` are the file's first keys too: those are passed over).
        let (mut streamed, _) = generated(400, 3);
        let (mut whole, _) = generated(400, 3);
        assert_eq!(stream_json(&mut streamed, &path, defer_from), Ok(1_100));
        assert_eq!(whole_json(&mut whole, &text, defer_from), Ok(1_100));
        assert_eq!(
            json_of(&streamed),
            json_of(&whole),
            "merge, defer_from {defer_from}"
        );
    }
}

#[test]
fn a_streamed_csv_file_gives_the_desk_the_whole_file_gives() {
    let dir = tempfile::tempdir().unwrap();
    let (source, _) = generated(1_200, 5);
    let text = csv_of(&source);
    let path = dir.path().join("t.csv");
    std::fs::write(&path, &text).unwrap();
    for base in [0, 300] {
        // The desk's own `loket-1` to `loket-{base}` are passed over.
        let (mut streamed, _) = generated(base, 8);
        let (mut whole, _) = generated(base, 8);
        assert_eq!(stream_csv(&mut streamed, &path), Ok(1_200 - base));
        assert_eq!(whole_csv(&mut whole, &text), Ok(1_200 - base));
        assert_eq!(json_of(&streamed), json_of(&whole), "{base} tickets before");
        assert_eq!(
            stream_csv(&mut streamed, &path),
            Ok(0),
            "nothing the second time"
        );
    }
}

/// A bad ticket at the end of a long file: the error names its line and
/// field, and the desk (with tickets of its own) is exactly as before.
#[test]
fn a_bad_last_ticket_leaves_the_desk_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (source, _) = generated(1_500, 21);
    let mut doc: serde_json::Value = serde_json::from_str(&json_of(&source)).unwrap();
    let last = doc["tickets"].as_array().unwrap().len() - 1;
    doc["tickets"][last]["priority"] = serde_json::json!("asap");
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let path = dir.path().join("desk.json");
    std::fs::write(&path, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("\"asap\""))
        .map(|i| i + 1)
        .unwrap();
    for defer_from in [0, import::DEFER_INDEXES_FROM] {
        for base in [0, 200] {
            let (mut desk, _) = generated(base, 4);
            let before = json_of(&desk);
            let message = stream_json(&mut desk, &path, defer_from).unwrap_err();
            assert!(
                message.contains(&format!("line {line}, tickets[{last}].priority")),
                "{message}"
            );
            assert_eq!(
                stream_json_ahead(&mut desk, &path, defer_from).unwrap_err(),
                message,
                "read ahead: the same error"
            );
            assert!(message.ends_with("Nothing was imported."), "{message}");
            assert_eq!(json_of(&desk), before, "nothing was imported");
        }
    }
    // A key twice, the second late in the file, is refused the same way.
    let mut doc: serde_json::Value = serde_json::from_str(&json_of(&source)).unwrap();
    let first_key = doc["tickets"][0]["external_id"].clone();
    doc["tickets"][last]["external_id"] = first_key.clone();
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let mut desk = loket::store::open_in_memory().unwrap();
    let message = stream_json(&mut desk, &path, 0).unwrap_err();
    assert!(
        message.contains(&format!("tickets[{last}].external_id"))
            && message.contains("is already the key of tickets[0], line"),
        "{message}"
    );
    assert_eq!(
        json_of(&desk),
        json_of(&loket::store::open_in_memory().unwrap())
    );
}

/// A file that grows between the two passes (a ticket added after the
/// first pass counted them) is refused, never imported in part.
#[test]
fn a_file_that_changes_between_the_passes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (source, _) = generated(30, 9);
    let text = json_of(&source);
    let path = dir.path().join("desk.json");
    std::fs::write(&path, &text).unwrap();
    let file = import::open_json(&path, "desk.json").unwrap();
    // Another ticket appended to the array behind the first pass's back,
    // everything before it unchanged (the second pass starts where the
    // first found the tickets).
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut extra = doc["tickets"][0].clone();
    extra["external_id"] = serde_json::json!("grown-1");
    let start = text.find("\"tickets\": [").unwrap();
    let end = start + text[start..].find("\n  ]").unwrap();
    let grown = format!("{},\n    {}{}", &text[..end], extra, &text[end..]);
    serde_json::from_str::<serde_json::Value>(&grown).unwrap();
    std::fs::write(&path, grown).unwrap();
    let mut desk = loket::store::open_in_memory().unwrap();
    let before = json_of(&desk);
    let mut stream = file.tickets().unwrap();
    let message = import::import_stream(
        &mut desk,
        &file.sections,
        &file.origins,
        &mut stream,
        options(0),
        &mut Silent,
    )
    .map(|r| r.tickets)
    .unwrap_err()
    .to_string();
    assert!(message.contains("changed while it was read"), "{message}");
    assert_eq!(json_of(&desk), before, "nothing was imported");
    // Unchanged, the same file imports every ticket.
    std::fs::write(&path, &text).unwrap();
    let mut desk = loket::store::open_in_memory().unwrap();
    assert_eq!(stream_json(&mut desk, &path, 0), Ok(30));
}

/// Sections may come in any order: tickets before the customers they name.
#[test]
fn tickets_may_come_before_their_customers() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"tickets": [
  {"external_id": "x1", "subject": "Hi", "customer": "eva@example.nl", "channel": "email",
   "status": "new", "priority": "normal", "created_at": "2026-11-23T09:00:00Z"}],
 "customers": [{"name": "Eva", "email": "eva@example.nl"}],
 "format": "loket-desk", "version": 1}"#;
    let path = dir.path().join("desk.json");
    std::fs::write(&path, text).unwrap();
    let mut desk = loket::store::open_in_memory().unwrap();
    assert_eq!(stream_json(&mut desk, &path, 0), Ok(1));
    let since: i64 = desk
        .query_row(
            "SELECT since FROM customers WHERE email = 'eva@example.nl'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        since, 1_795_424_400,
        "a customer without a date starts at their first ticket"
    );
}

/// A desk can hold the same article view (or survey answer) twice, like
/// two visits in one second: both come in, and importing the file again
/// adds neither (the round trip at 100,000 tickets lost such twins).
#[test]
fn twin_views_and_answers_come_in_twice_and_only_once() {
    let text = r#"{"format": "loket-desk", "version": 1,
 "customers": [{"name": "Eva", "email": "eva@example.nl"}],
 "kb_articles": [{"slug": "reset", "title": "Reset", "body": "b", "category": "c", "tags": [],
   "language": "en", "visibility": "public", "faq": false, "author": null,
   "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-01T09:00:00Z"}],
 "tickets": [{"external_id": "x1", "subject": "Hi", "customer": "eva@example.nl", "channel": "email",
   "status": "solved", "priority": "normal", "created_at": "2026-11-23T09:00:00Z"}],
 "kb_views": [
   {"article": "reset", "self_service": true, "customer": null, "agent": null, "at": "2026-11-23T09:30:00Z"},
   {"article": "reset", "self_service": true, "customer": null, "agent": null, "at": "2026-11-23T09:30:00Z"}],
 "surveys": [
   {"ticket": "x1", "kind": "csat", "score": 5, "comment": null, "at": "2026-11-23T10:00:00Z"},
   {"ticket": "x1", "kind": "csat", "score": 5, "comment": null, "at": "2026-11-23T10:00:00Z"}]}"#;
    let count = |conn: &Connection, table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    for defer_from in [0, usize::MAX] {
        let mut desk = loket::store::open_in_memory().unwrap();
        whole_json(&mut desk, text, defer_from).unwrap();
        assert_eq!((count(&desk, "kb_views"), count(&desk, "surveys")), (2, 2));
        whole_json(&mut desk, text, defer_from).unwrap();
        assert_eq!((count(&desk, "kb_views"), count(&desk, "surveys")), (2, 2));
    }
}

/// The first pass parses the tickets on threads of their own, a chunk
/// each in turn; the error is still the first in the file, as one thread
/// reading in order finds it: of two bad tickets in different chunks the
/// earlier, and a bad ticket before a fault in the array's structure.
#[test]
fn the_first_pass_names_the_first_bad_ticket() {
    let (source, _) = generated(400, 5);
    let doc: serde_json::Value = serde_json::from_str(&json_of(&source)).unwrap();
    let first_pass = |doc: &serde_json::Value, cut: Option<(usize, &str)>| {
        // One ticket a line; `cut` puts `with` for the comma after ticket
        // `index`.
        let tickets: Vec<String> = doc["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let sep = match cut {
                    Some((index, with)) if index == i => with,
                    _ => ",",
                };
                format!("{t}{sep}")
            })
            .collect();
        let mut rest = doc.clone();
        rest["tickets"] = serde_json::json!([]);
        let joined = tickets.join("\n");
        let joined = joined.strip_suffix(',').unwrap_or(&joined);
        let text = serde_json::to_string_pretty(&rest)
            .unwrap()
            .replace("\"tickets\": []", &format!("\"tickets\": [\n{joined}\n]"));
        // The text in memory is read in one pass, one ticket after another.
        let text_error = match import::parse_json(&text, "desk.json") {
            Err(e) => e.to_string(),
            Ok(_) => String::new(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.json");
        std::fs::write(&path, &text).unwrap();
        let file_error = match import::open_json(&path, "desk.json") {
            Err(e) => e.to_string(),
            Ok(_) => String::new(),
        };
        // The file's two-pass reading and the text's one pass agree.
        assert_eq!(file_error, text_error);
        file_error
    };
    let mut bad = doc.clone();
    bad["tickets"][70]["tier"] = serde_json::json!("two");
    bad["tickets"][300]["status"] = serde_json::json!(7);
    let message = first_pass(&bad, None);
    assert!(message.contains("tickets[70].tier"), "{message}");
    bad["tickets"][70]["tier"] = doc["tickets"][70]["tier"].clone();
    assert!(first_pass(&bad, None).contains("tickets[300].status"));
    // A bad ticket, then a missing comma after the ticket behind it: the
    // ticket comes first; without the bad ticket, the comma is named.
    let message = first_pass(&bad, Some((301, " ")));
    assert!(message.contains("tickets[300].status"), "{message}");
    let message = first_pass(&bad, Some((299, " ")));
    assert!(
        message.contains("expected ',' or ']'") && !message.contains("tickets[300]"),
        "{message}"
    );
    assert_eq!(first_pass(&doc, None), "", "the good file passes");
}

/// Into a desk without tickets, the ticket search indexes are built on a
/// second thread from the rows as they are written: they hold what filling
/// them from `ticket_search_text` gives.
#[test]
fn the_search_indexes_of_an_import_equal_ones_filled_from_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let (source, _) = generated(1_500, 13);
    let path = dir.path().join("desk.json");
    std::fs::write(&path, json_of(&source)).unwrap();
    let mut conn = loket::store::open_in_memory().unwrap();
    assert_eq!(stream_json(&mut conn, &path, 0), Ok(1_500));
    crate::generate::search_indexes_equal_the_view(&conn);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}
