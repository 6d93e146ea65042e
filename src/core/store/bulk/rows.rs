//! Multi-row INSERTs: `INSERT ... VALUES (...), (...), ...` with a fixed
//! number of rows per statement, plus a one-row statement for the rest.
//!
//! Profiling a million tickets showed the cost per statement run (opening
//! and closing cursors, halting the VM, and for the tickets table building
//! the temporary tables of its generated `status IN (...)` columns) was a
//! large share of the time; sharing one run among many rows spreads it out.
//!
//! Callers write `INSERT OR FAIL`: a failing row then stops the statement
//! without undoing the rows before it, so SQLite needs no statement journal
//! (with the default ABORT it copied every touched page per statement). The
//! generator's and the import's transactions are rolled back on any error,
//! so nothing partial is ever kept.

use rusqlite::{Statement, ToSql, Transaction};

/// Binds one row's values in column order.
pub struct Binder<'s, 't> {
    stmt: &'s mut Statement<'t>,
    next: usize,
}

impl Binder<'_, '_> {
    pub fn put(&mut self, value: &dyn ToSql) -> rusqlite::Result<()> {
        self.next += 1;
        self.stmt.raw_bind_parameter(self.next, value)
    }
}

/// An INSERT into one table, `per_statement` rows at a time.
pub struct MultiInsert<'t> {
    many: Statement<'t>,
    one: Statement<'t>,
    per_statement: usize,
}

impl<'t> MultiInsert<'t> {
    /// `head` is `INSERT INTO t (a, b, c)`; `columns` is how many columns.
    pub fn new(
        tx: &'t Transaction<'_>,
        head: &str,
        columns: usize,
        per_statement: usize,
    ) -> rusqlite::Result<Self> {
        let row = format!("({})", vec!["?"; columns].join(","));
        let rows = vec![row.as_str(); per_statement].join(",");
        Ok(MultiInsert {
            many: tx.prepare(&format!("{head} VALUES {rows}"))?,
            one: tx.prepare(&format!("{head} VALUES {row}"))?,
            per_statement: per_statement.max(1),
        })
    }

    /// Inserts `rows`, each bound by `bind`.
    pub fn write<T>(
        &mut self,
        rows: &[T],
        bind: impl Fn(&mut Binder<'_, 't>, &T) -> rusqlite::Result<()>,
    ) -> rusqlite::Result<()> {
        let mut chunks = rows.chunks_exact(self.per_statement);
        for chunk in &mut chunks {
            let mut binder = Binder {
                stmt: &mut self.many,
                next: 0,
            };
            for row in chunk {
                bind(&mut binder, row)?;
            }
            self.many.raw_execute()?;
        }
        for row in chunks.remainder() {
            let mut binder = Binder {
                stmt: &mut self.one,
                next: 0,
            };
            bind(&mut binder, row)?;
            self.one.raw_execute()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_full_chunks_and_the_rest() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)")
            .unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = MultiInsert::new(&tx, "INSERT INTO t (a, b)", 2, 4).unwrap();
            let rows: Vec<(i64, String)> = (0..10).map(|i| (i, format!("row {i}"))).collect();
            insert
                .write(&rows, |b, (a, text)| {
                    b.put(a)?;
                    b.put(text)
                })
                .unwrap();
        }
        let got: Vec<(i64, String)> = tx
            .prepare("SELECT a, b FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(got.len(), 10);
        assert_eq!(got[9], (9, "row 9".to_string()));
        assert_eq!(got[4], (4, "row 4".to_string()));
    }
}
