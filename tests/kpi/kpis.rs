//! Every KPI of KPIS.md over the hand-built desk of tests/support/kpi_support.rs, with
//! each expected value worked out by hand below (not by the code under
//! test). Business hours: Monday–Friday 09:00–17:00, Europe/Amsterdam.
//! Window W: Monday 16 – Monday 23 November 2026 (local), now: Monday 23 12:00.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::kpi_support::{ams, fixture, now, week_from, week_to};
use loket::kpi::{self, Breakdown, Window};
use loket::store::{facts, settings};

fn week() -> Window {
    Window::new(week_from(), week_to()).unwrap()
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value, not 'no data'");
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

fn week_report() -> kpi::Report {
    let conn = fixture();
    let calendar = settings::calendar(&conn).unwrap();
    let inputs = facts::load(&conn, week()).unwrap();
    kpi::report(&inputs, week(), &calendar, now())
}

#[test]
fn volume_counts_tickets_created_in_the_window() {
    // Created in W: T1 T2 T3 T4 T5 T6 T7 T9 T10 T12 (T8 is from the Friday
    // before, T11 from Monday 23 08:00, after W) = 10.
    // Channels: email T1 T4 T5 T7 T10 = 5, phone T3 T12 = 2, chat T9,
    // sms T6, web T2. Teams now: billing T1 T4 T5 T6 T7 = 5, tech T2 T3 T9
    // T12 = 4, none T10. Tags: vip T5 T10 = 2, billing-question T1.
    let r = week_report();
    assert_eq!(r.volume.total, 10);
    let by = |m: &std::collections::BTreeMap<String, usize>, k: &str| m.get(k).copied();
    assert_eq!(by(&r.volume.by_channel, "email"), Some(5));
    assert_eq!(by(&r.volume.by_channel, "phone"), Some(2));
    assert_eq!(by(&r.volume.by_channel, "chat"), Some(1));
    assert_eq!(by(&r.volume.by_channel, "sms"), Some(1));
    assert_eq!(by(&r.volume.by_channel, "web"), Some(1));
    assert_eq!(by(&r.volume.by_team, "billing"), Some(5));
    assert_eq!(by(&r.volume.by_team, "tech"), Some(4));
    assert_eq!(by(&r.volume.by_team, "none"), Some(1));
    assert_eq!(by(&r.volume.by_tag, "vip"), Some(2));
    assert_eq!(by(&r.volume.by_tag, "billing-question"), Some(1));
}

#[test]
fn backlog_now_and_its_trend_from_the_history() {
    // Active now: T2 T10 T11 (new, nobody) and T6 (open, bram), T12
    // (pending, bram): 5 = 3 new + 2 assigned. T11 is after W but is
    // backlog all the same.
    let r = week_report();
    assert_eq!(
        (
            r.backlog.now.new,
            r.backlog.now.assigned,
            r.backlog.now.total
        ),
        (3, 2, 5)
    );
    // Active at each local day's end (midnight):
    // Mon 16: T1 T5 solved, T8 solved 09:30 → 0. Tue 17: T4 (pending) → 1.
    // Wed 18: T4 solved; T6, T12 → 2. Thu 19: T3 (created 20:00), T6, T12 → 3.
    // Fri 20: T3 solved → 2. Sat 21: + T2 → 3. Sun 22: + T10 (23:30) → 4.
    let trend: Vec<(String, usize)> = r
        .backlog
        .trend
        .iter()
        .map(|d| (d.date.clone(), d.backlog))
        .collect();
    let expected: Vec<(String, usize)> = [0, 1, 2, 3, 2, 3, 4]
        .iter()
        .enumerate()
        .map(|(i, &n)| (format!("2026-11-{}", 16 + i), n))
        .collect();
    assert_eq!(trend, expected);
}

#[test]
fn first_response_time_calendar_and_business() {
    // Tickets whose first agent contact is in W (T8's was before W; T6, T9,
    // T2, T10, T11 have none; T7's internal note does not count):
    //   T1 10:00 → 11:00            3600 s, business 3600
    //   T3 Thu 20:00 → Fri 08:30 call  45000 s, business 0 (desk closed)
    //   T4 09:00 → 14:00            18000 s, business 18000
    //   T5 14:00 → 15:00            3600 s, business 3600
    //   T7 09:00 → 09:30            1800 s, business 1800
    //   T12 call at creation         0 s, business 0
    // Calendar sorted: 0 1800 3600 3600 18000 45000: mean 72000/6 = 12000,
    // median (3600+3600)/2 = 3600, p90 = rank ⌈5.4⌉ = 6 → 45000.
    // Business sorted: 0 0 1800 3600 3600 18000: mean 27000/6 = 4500,
    // median (1800+3600)/2 = 2700, p90 = 18000.
    let r = week_report();
    let frt = r.frt.unwrap();
    assert_eq!((frt.mean, frt.median, frt.p90), (12000.0, 3600.0, 45000));
    let frt = r.frt_business.unwrap();
    assert_eq!((frt.mean, frt.median, frt.p90), (4500.0, 2700.0, 18000));
}

#[test]
fn average_response_time_over_answered_customer_messages() {
    // Agent contacts in W answering a waiting customer message:
    //   T1 3600; T3 call 45000 (the 10:00 reply answers nothing new);
    //   T4 18000 and Wed 10:00 → 11:00 3600; T5 3600 and 09:30 → 10:00 1800;
    //   T7 1800 (the note is skipped). T8's reply was before W; T12 has no
    //   customer message. Sum 77400 over 7.
    close(week_report().avg_response, 77400.0 / 7.0);
}

#[test]
fn handle_time_and_talk_time() {
    // Sessions ending in W: T1 600, T4 300, T6 1200 (T8's 500 ended before W).
    // Calls starting in W: T3 600, T12 900. Tickets: T1 T4 T6 T3 T12 = 5.
    // AHT = (600+300+1200+600+900) / 5 = 720. Talk time = (600+900)/2 = 750.
    let r = week_report();
    close(r.aht, 720.0);
    close(r.talk_time, 750.0);
}

#[test]
fn first_contact_resolution() {
    // Solved in W (last solve in W): T1 T3 T4 T5 T7 T8 T9. T9 had no agent
    // contact: left out. Of the 6 others, exactly one contact and never
    // reopened: T1, T7, T8 (T3: call + reply; T4: two replies; T5: reopened).
    close(week_report().fcr, 3.0 / 6.0);
}

#[test]
fn time_to_resolution_calendar_and_business() {
    // Last solve − created, for T1 T3 T4 T5 T7 T8 T9:
    //   T1 1.5 h = 5400           business 5400
    //   T3 Thu 20:00 → Fri 10:30 = 52200, business Fri 09:00–10:30 = 5400
    //   T4 Tue 09:00 → Wed 12:00 = 97200, business 8 h + 3 h = 39600
    //   T5 Mon 14:00 → Wed 10:30 = 160200, business 3 + 8 + 1.5 h = 45000
    //   T7 1 h = 3600             business 3600
    //   T8 Fri 13 10:00 → Mon 09:30 = 257400, business 7 + 0.5 h = 27000
    //   T9 600                    business 600
    // Calendar: sum 576600 / 7; median of 600 3600 5400 52200 97200 160200
    // 257400 = 52200. Business: sum 126600 / 7; median of 600 3600 5400
    // 5400 27000 39600 45000 = 5400.
    let r = week_report();
    let ttr = r.ttr.unwrap();
    close(Some(ttr.mean), 576600.0 / 7.0);
    assert_eq!(ttr.median, 52200.0);
    let ttr = r.ttr_business.unwrap();
    close(Some(ttr.mean), 126600.0 / 7.0);
    assert_eq!(ttr.median, 5400.0);
}

#[test]
fn resolution_rate_per_agent() {
    // Solves in W: anna T1, T4, T5 (twice: one ticket), T7 = 4 tickets; bram
    // T3, T8, and T9 (solved by the system while bram had it) = 3.
    // Held in W (assigned and unsolved at some moment of W): anna T1 T4 T5
    // T7 = 4; bram T3 T6 T9 T12 and T8, assigned to him the Friday before
    // W and still open on Monday = 5. anna 4/4 = 1, bram 3/5 = 0.6; the
    // desk 7/9. (Counting only assignments made in W, bram read 3/4 with
    // T8 above the line and not below it.)
    let conn = fixture();
    let inputs = facts::load(&conn, week()).unwrap();
    let rates = kpi::resolution::resolution_rates(&inputs.tickets, week());
    let anna = rates["anna"];
    assert_eq!((anna.solved, anna.held, anna.rate), (4, 4, Some(1.0)));
    let bram = rates["bram"];
    assert_eq!((bram.solved, bram.held, bram.rate), (3, 5, Some(0.6)));
    close(week_report().resolution_rate, 7.0 / 9.0);
}

#[test]
fn sla_compliance_counts_targets_due_in_the_window() {
    // Targets due in W and decided by now (due time: created + target in
    // business hours; resolution moved out by business time pending):
    //   T1 normal: FR due Tue 10:00, met 11:00 Mon; res due Thu 10:00, met. 2/2
    //   T3 urgent: FR due Fri 10:00 (1 h from opening), met 08:30; res due
    //      Fri 13:00, met 10:30. 2/2
    //   T4 high: FR due Tue 13:00, answered 14:00: breached; res due Tue 17:00
    //      + 4 h pending (Tue 14–17, Wed 09–10) = Wed 13:00, met 12:00. 1/2
    //   T5 normal: FR due Tue 14:00 met; res due Thu 14:00, met Wed 10:30. 2/2
    //   T6 low: FR due Thu 10:00, never answered: breached. Res due next
    //      week. 0/1
    //   T7 normal: FR due Thu 17:00 met; res due Mon 23 17:00, after W. 1/1
    //   T8 normal: FR due Mon 16 10:00, met Fri 13; res due Wed 10:00, met
    //      Mon 09:30. 2/2
    //   T9 urgent: FR due Tue 12:00, never answered: breached; res due 15:00,
    //      met 11:10. 1/2
    //   T12 normal: FR due Thu 15:00, met by the call. Res: after W. 1/1
    //   T2, T10, T11: due Monday 23 or later.
    // 12 met of 15.
    close(week_report().sla_compliance, 12.0 / 15.0);
}

#[test]
fn escalation_reopen_and_satisfaction() {
    let r = week_report();
    // Escalated in W: T6 (tier 1 → 2 and tech → billing; one ticket). T3's
    // first routing to tech is not a hand-over. Of the 10 created in W, 1.
    close(r.escalation_rate, 0.1);
    // Solved in W: 7; reopened after a solve: T5. 1/7.
    close(r.reopen_rate, 1.0 / 7.0);
    // CSAT in W: 3, 4, 5 (the 2 was before W): 2 of 3 are 4 or 5.
    close(r.csat, 2.0 / 3.0);
    // NPS in W: 6 (detractor), 8 (passive), 9 and 10 (promoters):
    // 50% − 25% = 25.
    close(r.nps, 25.0);
    // Self-service views in W: 3 (one before W, one by an agent); with the
    // 10 tickets created, 13 contacts, 3 of them self-service.
    close(r.self_service_ratio, 3.0 / 13.0);
    // One collision event, on T4.
    assert_eq!(r.collisions, 1);
}

#[test]
fn collisions_are_counted_from_their_events() {
    // One collision event, on T4, Tuesday 13:50.
    let conn = fixture();
    let inputs = facts::load(&conn, week()).unwrap();
    assert_eq!(kpi::satisfaction::collisions(&inputs.tickets, week()), 1);
    let before = Window::new(ams(9, 0, 0), ams(16, 0, 0)).unwrap();
    let earlier = facts::load(&conn, before).unwrap();
    assert_eq!(kpi::satisfaction::collisions(&earlier.tickets, before), 0);
}

#[test]
fn sla_time_left_of_open_tickets() {
    // T12 (normal, pending since Wed 15:20): resolution due Mon 23 15:00
    // plus the pending business time until now (Wed 1:40 + Thu 8 + Fri 8 +
    // Mon 09–12 3 h = 20 h 40 m): 3 h left today after now (12:00 → 15:00)
    // plus 20 h 40 m = 23 h 40 m.
    // T6 (low): first response was due Thu 10:00: breached by Thu 7 h + Fri
    // 8 h + Mon 3 h = 18 h.
    let conn = fixture();
    let calendar = settings::calendar(&conn).unwrap();
    let inputs = facts::load(&conn, week()).unwrap();
    let left = |id: i64| {
        let t = inputs.tickets.iter().find(|t| t.id == id).unwrap();
        kpi::sla_compliance::sla_time_left(t, &calendar, now())
    };
    assert_eq!(left(12), Some(23 * 3600 + 40 * 60));
    assert_eq!(left(6), Some(-18 * 3600));
    assert_eq!(left(1), None, "solved tickets have no clock");
}

#[test]
fn an_empty_window_has_no_data_not_zeros() {
    let conn = fixture();
    let calendar = settings::calendar(&conn).unwrap();
    let window = Window::new(ams(2, 0, 0), ams(3, 0, 0)).unwrap();
    let inputs = facts::load(&conn, window).unwrap();
    let r = kpi::report(&inputs, window, &calendar, now());
    assert_eq!(r.volume.total, 0);
    assert_eq!(r.frt, None);
    assert_eq!(r.frt_business, None);
    assert_eq!(r.avg_response, None);
    assert_eq!(r.aht, None);
    assert_eq!(r.talk_time, None);
    assert_eq!(r.fcr, None);
    assert_eq!(r.ttr, None);
    assert_eq!(r.ttr_business, None);
    assert_eq!(r.resolution_rate, None);
    assert_eq!(r.sla_compliance, None);
    assert_eq!(r.escalation_rate, None);
    assert_eq!(r.reopen_rate, None);
    assert_eq!(r.csat, None);
    assert_eq!(r.nps, None);
    assert_eq!(r.self_service_ratio, None);
    // The backlog now does not depend on the window.
    assert_eq!(r.backlog.now.total, 5);
    assert_eq!(r.backlog.trend.len(), 1);
    assert_eq!(r.backlog.trend[0].backlog, 0);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["frt"].is_null() && json["csat"].is_null());
}

#[test]
fn breakdown_by_agent_and_team() {
    let conn = fixture();
    let calendar = settings::calendar(&conn).unwrap();
    let inputs = facts::load(&conn, week()).unwrap();
    // Assignee now: anna T1 T4 T5 T7; bram T3 T6 T8 T9 T12; nobody T2 T10 T11.
    let groups = kpi::report_by(&inputs, Breakdown::Agent, week(), &calendar, now());
    let names: Vec<&str> = groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(names, ["anna", "bram", "none"]);
    let (anna, bram, none) = (&groups[0].report, &groups[1].report, &groups[2].report);
    // Volume: anna 4; bram T3 T6 T9 T12 = 4 (T8 before W); nobody T2 T10 = 2.
    assert_eq!(
        (anna.volume.total, bram.volume.total, none.volume.total),
        (4, 4, 2)
    );
    // Each agent's own resolution rate (bram held T8 in W too); nobody has
    // none.
    assert_eq!(
        (anna.resolution_rate, bram.resolution_rate),
        (Some(1.0), Some(0.6))
    );
    assert_eq!(none.resolution_rate, None);
    // anna's FCR: solved T1 T4 T5 T7, one contact and no reopen: T1 T7 → 2/4.
    close(anna.fcr, 0.5);
    // Self-service views belong to no agent.
    assert_eq!(anna.self_service_ratio, None);

    let teams = kpi::report_by(&inputs, Breakdown::Team, week(), &calendar, now());
    let billing = teams.iter().find(|g| g.group == "billing").unwrap();
    assert_eq!(billing.report.volume.total, 5);
    // Billing's CSAT answers in W: T1 3, T4 4, T7 5 → 2/3.
    close(billing.report.csat, 2.0 / 3.0);
}

#[test]
fn the_loader_skips_tickets_the_window_does_not_need() {
    // A window on 2 November: every ticket of the desk was created after
    // it, so only the backlog now (T2 T6 T10 T11 T12) is read.
    let conn = fixture();
    let window = Window::new(ams(2, 0, 0), ams(3, 0, 0)).unwrap();
    let inputs = facts::load(&conn, window).unwrap();
    let mut ids: Vec<i64> = inputs.tickets.iter().map(|t| t.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, [2, 6, 10, 11, 12]);
    assert!(inputs.work_sessions.is_empty() && inputs.surveys.is_empty());
}
