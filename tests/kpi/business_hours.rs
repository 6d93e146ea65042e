//! Business durations at the edges (night, weekend, holiday, a DST change,
//! a 24/7 schedule) through the KPIs that use them, and property tests of
//! the business-hours clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, TimeZone};
use loket::domain::{Author, Channel, MessageKind, Priority, Status};
use loket::kpi::{self, MessageFact, TicketFacts, Window};
use loket::sla::{Calendar, Opening};
use proptest::prelude::*;

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    chrono_tz::Europe::Amsterdam
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .timestamp()
}

/// A ticket created at `created` and first answered at `answered`.
fn answered(created: i64, answered: i64) -> TicketFacts {
    TicketFacts {
        id: 1,
        created_at: created,
        status: Status::Open,
        priority: Priority::Normal,
        channel: Channel::Email,
        team: None,
        assignee: None,
        tags: vec![],
        targets: None,
        first_response_due_at: None,
        resolution_due_at: None,
        solved_at: None,
        messages: vec![MessageFact {
            author: Author::Agent,
            kind: MessageKind::Public,
            agent: Some("anna".into()),
            at: answered,
            duration_s: None,
        }],
        events: vec![],
    }
}

/// FRT (calendar, business) of one ticket.
fn frt(calendar: &Calendar, created: i64, reply: i64) -> (i64, i64) {
    let tickets = [answered(created, reply)];
    let window = Window::new(created, reply + 1).unwrap();
    let cal = kpi::response::frt(&tickets, window).unwrap();
    let biz = kpi::response::frt_business(&tickets, window, calendar).unwrap();
    (cal.p90, biz.p90)
}

fn amsterdam_24_7() -> Calendar {
    let openings: Vec<Opening> = (0..7)
        .map(|weekday| Opening {
            weekday,
            opens_min: 0,
            closes_min: 1440,
        })
        .collect();
    Calendar::new(chrono_tz::Europe::Amsterdam, &openings, [])
}

#[test]
fn opened_at_night_counts_from_opening() {
    // Tuesday 02:00 → 09:15: 7 h 15 m of calendar time, 15 m of business.
    let cal = Calendar::default_desk();
    let (c, b) = frt(&cal, local(2026, 11, 24, 2, 0), local(2026, 11, 24, 9, 15));
    assert_eq!((c, b), (7 * 3600 + 900, 900));
}

#[test]
fn opened_on_a_weekend_counts_from_monday() {
    // Saturday 10:00 → Monday 09:30: 47 h 30 m calendar, 30 m business.
    let cal = Calendar::default_desk();
    let (c, b) = frt(&cal, local(2026, 11, 28, 10, 0), local(2026, 11, 30, 9, 30));
    assert_eq!((c, b), (47 * 3600 + 1800, 1800));
}

#[test]
fn opened_on_a_holiday_counts_from_the_next_open_day() {
    // Christmas (Friday 25 December) is a holiday: 10:00 then → Monday 10:00
    // is 1 h of business.
    let cal = Calendar::new(
        chrono_tz::Europe::Amsterdam,
        &Calendar::default_desk().openings(),
        [NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()],
    );
    let (c, b) = frt(&cal, local(2026, 12, 25, 10, 0), local(2026, 12, 28, 10, 0));
    assert_eq!((c, b), (72 * 3600, 3600));
}

#[test]
fn across_the_autumn_dst_change() {
    // Friday 23 October 16:00 (CEST) → Monday 26 October 10:00 (CET): the
    // night of the 25th has 25 hours, so 67 h of calendar time; business is
    // Friday 16–17 and Monday 09–10: 2 h.
    let cal = Calendar::default_desk();
    let (c, b) = frt(&cal, local(2026, 10, 23, 16, 0), local(2026, 10, 26, 10, 0));
    assert_eq!((c, b), (67 * 3600, 2 * 3600));
}

#[test]
fn a_local_24_7_desk_has_no_gap_at_midnight_or_in_the_spring_dst_change() {
    // Saturday 28 March 12:00 → Sunday 29 March 12:00 local is 23 h (clocks
    // go forward at 02:00); a desk open around the clock counts all of it.
    let cal = amsterdam_24_7();
    let (c, b) = frt(&cal, local(2026, 3, 28, 12, 0), local(2026, 3, 29, 12, 0));
    assert_eq!((c, b), (23 * 3600, 23 * 3600));
    // Across midnight in UTC.
    let utc = Calendar::always_open();
    let start = local(2026, 11, 24, 22, 0);
    assert_eq!(utc.business_secs_between(start, start + 4 * 3600), 4 * 3600);
}

/// Instants from 2026 to the end of 2027.
fn instant() -> impl Strategy<Value = i64> {
    local(2026, 1, 1, 0, 0)..local(2028, 1, 1, 0, 0)
}

fn desk_with_holidays() -> Calendar {
    let holidays = ["2026-04-27", "2026-12-25", "2026-12-26", "2027-01-01"]
        .iter()
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    let mut openings = Calendar::default_desk().openings();
    // A split day on Saturday mornings and afternoons.
    openings.push(Opening {
        weekday: 5,
        opens_min: 9 * 60,
        closes_min: 12 * 60,
    });
    openings.push(Opening {
        weekday: 5,
        opens_min: 13 * 60,
        closes_min: 15 * 60,
    });
    Calendar::new(chrono_tz::Europe::Amsterdam, &openings, holidays)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn business_time_never_exceeds_calendar_time(from in instant(), len in 0i64..40 * 86_400) {
        let cal = desk_with_holidays();
        let business = cal.business_secs_between(from, from + len);
        prop_assert!(business >= 0);
        prop_assert!(business <= len);
    }

    #[test]
    fn an_always_open_utc_desk_counts_calendar_time(from in instant(), len in 0i64..40 * 86_400) {
        let cal = Calendar::always_open();
        prop_assert_eq!(cal.business_secs_between(from, from + len), len);
        prop_assert_eq!(cal.add_business_secs(from, len), Some(from + len));
    }

    #[test]
    fn a_local_24_7_desk_counts_calendar_time_across_dst(from in instant(), len in 0i64..40 * 86_400) {
        let cal = amsterdam_24_7();
        prop_assert_eq!(cal.business_secs_between(from, from + len), len);
    }

    #[test]
    fn adding_business_time_round_trips(from in instant(), secs in 0i64..200 * 3600) {
        let cal = desk_with_holidays();
        let due = cal.add_business_secs(from, secs).unwrap();
        prop_assert!(due >= from);
        prop_assert_eq!(cal.business_secs_between(from, due), secs);
    }

    #[test]
    fn business_time_adds_up_over_a_split(a in instant(), x in 0i64..20 * 86_400, y in 0i64..20 * 86_400) {
        let cal = desk_with_holidays();
        let (b, c) = (a + x, a + x + y);
        prop_assert_eq!(
            cal.business_secs_between(a, b) + cal.business_secs_between(b, c),
            cal.business_secs_between(a, c)
        );
    }
}
