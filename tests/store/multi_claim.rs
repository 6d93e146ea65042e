//! Twenty real `loket next` processes claiming from one desk at once: every
//! ticket goes to exactly one agent, nobody sees an error, and an empty
//! queue ends each agent's loop with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use loket::store::{self, OpenMode};

const AGENTS: usize = 20;
const TICKETS: i64 = 500;

fn desk(path: &Path) {
    let mut conn = store::open(path, OpenMode::ReadWrite, &loket::clock::SystemClock).unwrap();
    store::write(&mut conn, &loket::clock::SystemClock, |tx| {
        for a in 0..AGENTS {
            tx.execute(
                "INSERT INTO agents (name, display_name, created_at) VALUES (?1, ?1, 0)",
                [format!("a{a}")],
            )?;
        }
        tx.execute(
            "INSERT INTO customers (id, name, email, since, created_at) VALUES (1, 'Eva', 'eva@example.nl', 0, 0)",
            [],
        )?;
        for i in 0..TICKETS {
            tx.execute(
                "INSERT INTO tickets (subject, customer_id, channel, status, priority, created_at, updated_at)
                 VALUES (?1, 1, 'email', 'new', 'normal', ?2, ?2)",
                rusqlite::params![format!("ticket {i}"), 1_700_000_000 + i],
            )?;
        }
        Ok(())
    })
    .unwrap();
}

/// One agent's loop: `loket next --json` until the queue is empty. Returns
/// the claimed ids and every failure seen (exit code or stderr).
fn agent_loop(bin: &Path, db: &Path, home: &Path, agent: &str) -> (Vec<i64>, Vec<String>) {
    let mut claimed = Vec::new();
    let mut failures = Vec::new();
    loop {
        let out = Command::new(bin)
            .args([
                "--db",
                db.to_str().unwrap(),
                "--agent",
                agent,
                "next",
                "--json",
            ])
            .env_clear()
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        if !out.status.success() {
            failures.push(format!("{agent}: exit {:?}: {stderr}", out.status.code()));
            return (claimed, failures);
        }
        let lower = stderr.to_lowercase();
        if lower.contains("busy") || lower.contains("locked") || lower.contains("error") {
            failures.push(format!("{agent}: stderr: {stderr}"));
        }
        let doc: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{agent}: not one JSON document ({e}): {stdout}"));
        if doc.is_null() {
            assert!(
                stderr.contains("The queue is empty"),
                "{agent}: an empty queue says so: {stderr}"
            );
            return (claimed, failures);
        }
        assert_eq!(doc["assignee"], agent, "{agent} got {doc}");
        claimed.push(doc["id"].as_i64().unwrap());
    }
}

#[test]
fn twenty_processes_claim_five_hundred_tickets_each_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    desk(&db);
    let bin = assert_cmd::cargo::cargo_bin("loket");
    let home = dir.path().join("home");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(AGENTS));
    let handles: Vec<_> = (0..AGENTS)
        .map(|a| {
            let (bin, db, home, barrier) = (bin.clone(), db.clone(), home.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                (
                    format!("a{a}"),
                    agent_loop(&bin, &db, &home, &format!("a{a}")),
                )
            })
        })
        .collect();
    let mut owner: BTreeMap<i64, String> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut agents_with_work = 0;
    for h in handles {
        let (agent, (claimed, failed)) = h.join().unwrap();
        failures.extend(failed);
        agents_with_work += usize::from(!claimed.is_empty());
        for id in claimed {
            if let Some(first) = owner.insert(id, agent.clone()) {
                failures.push(format!("ticket {id} went to {first} and to {agent}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let all: BTreeSet<i64> = (1..=TICKETS).collect();
    assert_eq!(owner.keys().copied().collect::<BTreeSet<_>>(), all);
    assert!(
        agents_with_work > 1,
        "the agents really worked side by side"
    );

    // The database agrees: each ticket assigned once, to the agent that printed it.
    let conn = store::open(&db, OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT t.id, a.name, (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.kind = 'assigned')
             FROM tickets t JOIN agents a ON a.id = t.assignee_id",
        )
        .unwrap();
    let rows: Vec<(i64, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), TICKETS as usize);
    for (id, name, events) in rows {
        assert_eq!(owner[&id], name, "ticket {id}");
        assert_eq!(events, 1, "ticket {id} has one assignment");
    }
}
