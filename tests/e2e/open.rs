//! End to end in a real terminal: tmux runs the built binary on a generated
//! desk, keys move down the queue and open a ticket, the captured screen shows
//! that ticket's subject and thread, and `q` quits with exit code 0.
//!
//! Needs tmux (`.ci/run` installs it). Without it this test fails and says so:
//! a skipped end-to-end check would hide a broken console.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use crate::tmux_support::{Tmux, console_command, generate};
use loket::store::queue::{QueueQuery, StatusFilter};
use loket::store::{self, OpenMode};

fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

#[test]
fn open_a_ticket_in_a_real_terminal_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let db = dir.path().join("desk.db");
    generate(&db, &home);

    // The third ticket of the queue, as the store orders it.
    let conn = store::open(&db, OpenMode::ReadOnly, &loket::clock::SystemClock).unwrap();
    let page = store::queue::page(
        &conn,
        &QueueQuery {
            status: StatusFilter::Active,
            offset: 2,
            limit: 1,
            anchor: None,
        },
    )
    .unwrap();
    let expected = store::tickets::detail(&conn, page.rows[0].id).unwrap();
    let agent = store::agents::list(&conn, 0).unwrap()[0].name.clone();
    drop(conn);

    let rc = dir.path().join("rc");
    let command = console_command(
        &home,
        &db,
        &format!("--agent {agent}"),
        &format!("echo $? > {}; sleep 30", rc.display()),
    );
    let tmux = Tmux::new("open");
    tmux.start(120, 40, &command);

    let first = store::open(&db, OpenMode::ReadOnly, &loket::clock::SystemClock)
        .and_then(|c| {
            store::queue::page(
                &c,
                &QueueQuery {
                    status: StatusFilter::Active,
                    offset: 0,
                    limit: 1,
                    anchor: None,
                },
            )
        })
        .unwrap();
    let first_id = first.rows[0].id.to_string();
    let screen = tmux.wait_for(|s| s.contains(&first_id));
    assert!(
        screen.contains(&first_id),
        "the queue shows its first ticket:\n{screen}"
    );

    tmux.keys(&["j", "j", "Enter"]);
    let subject = first_words(&expected.subject, 3);
    let body = first_words(expected.messages[0].body.lines().next().unwrap_or(""), 3);
    let screen = tmux.wait_for(|s| s.contains(&subject) && s.contains(&body));
    assert!(
        screen.contains(&subject),
        "the subject {subject:?} is on screen:\n{screen}"
    );
    assert!(
        screen.contains(&body),
        "the thread's first message {body:?} is on screen:\n{screen}"
    );
    assert!(
        screen.contains(&expected.customer.name),
        "the customer is on screen:\n{screen}"
    );

    tmux.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !rc.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let code = std::fs::read_to_string(&rc).expect("loket exited");
    assert_eq!(code.trim(), "0", "q quits with exit code 0");
    // The terminal is restored: the alternate screen is gone with the queue on it.
    let screen = tmux.wait_for(|s| !s.contains(&subject));
    assert!(
        !screen.contains(&subject),
        "the console's screen is gone after quitting:\n{screen}"
    );
}
