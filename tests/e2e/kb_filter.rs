#![allow(clippy::unwrap_used, clippy::expect_used)]
//! End to end in a real terminal (tmux): an agent filters the knowledge
//! base by department and language with `f`, opens an article, and the
//! view is recorded once for the agent; a `--read-only` console shows the
//! article and records nothing.

use crate::tmux_support::{BIN, Tmux, anna_desk, loket, require_tmux};

fn agent_views(db: &std::path::Path) -> Vec<(String, Option<String>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.prepare(
        "SELECT k.slug, a.name FROM kb_views v JOIN kb_articles k ON k.id = v.article_id
         LEFT JOIN agents a ON a.id = v.agent_id
         WHERE v.self_service = 0 ORDER BY v.id",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn type_text(tmux: &Tmux, text: &str) {
    for c in text.chars() {
        let key = if c == ' ' {
            "Space".to_string()
        } else {
            c.to_string()
        };
        tmux.keys(&[&key]);
    }
}

#[test]
fn filter_open_and_count_views_in_a_real_terminal() {
    require_tmux();
    let dir = tempfile::tempdir().unwrap();
    let (home, db) = anna_desk(dir.path());
    let db_s = db.to_str().unwrap();
    let articles = [
        (
            "invoice-en.md",
            "---\ntitle: Invoice questions\ncategory: billing\ndepartment: Billing\n---\nInvoices come by e-mail.\n",
        ),
        (
            "invoice-nl.md",
            "---\ntitle: Factuur opvragen\ncategory: billing\ndepartment: Billing\nlanguage: nl\n---\nFacturen komen per e-mail.\n",
        ),
        (
            "courier.md",
            "---\ntitle: Courier claims\ncategory: billing\ndepartment: Logistics\nlanguage: nl\n---\nKoeriers vergoeden schade.\n",
        ),
    ];
    for (name, text) in articles {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        loket(&home, &["--db", db_s, "kb", "add", file.to_str().unwrap()]);
    }

    let tmux = Tmux::lenient(format!("loket-kbf-{}", std::process::id()));
    let command = |extra: &str| {
        format!(
            "HOME={} XDG_STATE_HOME={} {} --db {db_s} --agent anna --lang en {extra}",
            home.display(),
            home.join("state").display(),
            BIN,
        )
    };
    tmux.start(120, 40, &command(""));
    tmux.wait_for_text("Queue");
    tmux.keys(&["K"]);
    tmux.wait_for_text("Categories (1)");
    tmux.keys(&["f"]);
    tmux.wait_for_text("Filter the knowledge base");
    type_text(&tmux, "department billing");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Billing · Categories (1)");
    tmux.keys(&["f"]);
    tmux.wait_for_text("Filter the knowledge base");
    type_text(&tmux, "language nl");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Billing · nl · Categories (1)");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_text("Billing · nl · billing (1)");
    assert!(screen.contains("Factuur opvragen"), "{screen}");
    assert!(!screen.contains("Invoice questions"), "{screen}");
    assert!(!screen.contains("Courier claims"), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Facturen komen per e-mail.");
    // Scrolling and Enter again are the same opening.
    tmux.keys(&["j", "k", "Escape", "Enter"]);
    tmux.wait_for_text("Facturen komen per e-mail.");
    tmux.keys(&["Escape", "Escape", "Escape", "q"]);
    assert_eq!(
        agent_views(&db),
        [("factuur-opvragen".to_string(), Some("anna".to_string()))]
    );

    // A read-only console shows the article and records nothing.
    let tmux = Tmux::lenient(format!("loket-kbf-ro-{}", std::process::id()));
    tmux.start(120, 40, &command("--read-only"));
    tmux.wait_for_text("Queue");
    tmux.keys(&["K"]);
    tmux.wait_for_text("Categories (1)");
    // No filters here (another console): Courier claims comes first.
    tmux.keys(&["Enter", "Enter"]);
    tmux.wait_for_text("Koeriers vergoeden schade.");
    tmux.keys(&["Escape", "j", "Enter"]);
    tmux.wait_for_text("Facturen komen per e-mail.");
    tmux.keys(&["Escape", "Escape", "Escape", "q"]);
    assert_eq!(agent_views(&db).len(), 1);
}
