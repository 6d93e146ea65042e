//! Ticket lists with filters and sorting, for `loket ticket list` and the
//! queue's views. The SQL is built in [`super::list`] (the conditions in
//! [`super::list::query`], the sort orders in [`super::list::order`]).

use rusqlite::Connection;

use super::Result;
use super::list::{self, Order};
pub use super::list::{
    AssigneeFilter, QueuePage, SlaFilter, Sort, SortKey, TicketFilter, fts_query,
};

/// How many tickets match `filter`.
pub fn count(conn: &Connection, filter: &TicketFilter, now: i64) -> Result<i64> {
    list::count(conn, filter, now)
}

/// One page of tickets matching `filter`, in `sort` order (ties broken by id).
pub fn list(
    conn: &Connection,
    filter: &TicketFilter,
    sort: Sort,
    offset: i64,
    limit: i64,
    now: i64,
) -> Result<QueuePage> {
    list::page(conn, filter, Order::Sorted(sort), offset, limit, now)
}

/// Where ticket `id` is in `filter`'s list in `sort` order, or `None` when
/// it is not in it; for keeping the console's selection on a ticket.
pub fn position_of(
    conn: &Connection,
    filter: &TicketFilter,
    sort: Sort,
    id: i64,
    now: i64,
) -> Result<Option<i64>> {
    list::position_of(conn, filter, Order::Sorted(sort), id, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::queue::StatusFilter;

    #[test]
    fn search_finds_subject_customer_and_number_as_plain_words() {
        let conn = crate::store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "INSERT INTO customers (id, name, email, organisation, since, created_at) VALUES
               (1, 'Eva Jansen', 'eva@example.nl', 'Bakkerij Brood', 0, 0),
               (2, 'Piet Bos', 'piet@bos.example', NULL, 0, 0);
             INSERT INTO tickets (subject, customer_id, channel, status, priority, created_at, updated_at) VALUES
               ('50% off coupon fails', 1, 'email', 'open', 'normal', 0, 0),
               ('500 error on checkout', 2, 'email', 'open', 'normal', 0, 0),
               ('Refund for order', 2, 'email', 'open', 'normal', 0, 0);",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let found = |text: &str| -> Vec<i64> {
            let filter = TicketFilter {
                status: StatusFilter::All,
                text: Some(text.to_string()),
                ..TicketFilter::default()
            };
            let sort = Sort {
                key: SortKey::Id,
                descending: false,
            };
            let page = list(&conn, &filter, sort, 0, 10, 0).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(page.total, page.rows.len() as i64, "count agrees with list");
            page.rows.iter().map(|r| r.id).collect()
        };
        assert_eq!(found("coupon"), vec![1]);
        assert_eq!(found("COUP"), vec![1], "any case, start of a word");
        assert_eq!(found("jansen"), vec![1], "customer name");
        assert_eq!(found("eva@example"), vec![1], "customer e-mail");
        assert_eq!(found("bakkerij"), vec![1], "organisation");
        assert_eq!(
            found("piet refund"),
            vec![3],
            "customer and subject together"
        );
        assert_eq!(found("50% off"), vec![1], "% is only a separator");
        assert_eq!(found("5_0"), Vec::<i64>::new(), "_ is no wildcard");
        assert_eq!(found("#2"), vec![2], "a ticket number");
        assert_eq!(found("' OR 1=1 --"), Vec::<i64>::new());
        assert_eq!(found("%%%"), Vec::<i64>::new(), "no words: nothing");
        assert_eq!(found("   ").len(), 3, "blank searches nothing");
        // Renaming the customer moves their tickets in the index.
        conn.execute(
            "UPDATE customers SET name = 'Eva de Vries' WHERE id = 1",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found("jansen"), Vec::<i64>::new());
        assert_eq!(found("vries"), vec![1]);
        conn.execute("UPDATE tickets SET subject = 'Voucher' WHERE id = 1", [])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found("coupon"), Vec::<i64>::new());
        assert_eq!(found("voucher vries"), vec![1]);
        let sort = Sort {
            key: SortKey::Id,
            descending: false,
        };
        let filter = TicketFilter {
            status: StatusFilter::All,
            text: Some("error".into()),
            ..TicketFilter::default()
        };
        assert_eq!(
            position_of(&conn, &filter, sort, 2, 0).unwrap_or_default(),
            Some(0)
        );
        assert_eq!(
            position_of(&conn, &filter, sort, 1, 0).unwrap_or_default(),
            None
        );
    }
}
