//! Behaviour of the plan model itself: deadlines, targets, edits made in code.

use ansinh_core::domain::plan::*;
use ansinh_core::i18n::{Lang, Text};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn deadline(schedule: Schedule, relation: DueRelation) -> Deadline {
    Deadline {
        id: "x".into(),
        title: Text::new("x", "x"),
        responsible: vec!["ubnd-xa".into()],
        recipients: vec![],
        schedule,
        relation,
    }
}

#[test]
fn on_or_before_keeps_the_date_itself() {
    let dl = deadline(Schedule::Yearly { month: 6, day: 30, from_year: 2025 }, DueRelation::OnOrBefore);
    let due = dl.next_due(d(2025, 6, 30)).unwrap();
    assert_eq!((due.reference, due.last_on_time), (d(2025, 6, 30), d(2025, 6, 30)));
    assert_eq!(dl.next_due(d(2025, 7, 1)).unwrap().reference, d(2026, 6, 30));
}

#[test]
fn yearly_29_february_skips_to_the_next_leap_year() {
    let dl = deadline(Schedule::Yearly { month: 2, day: 29, from_year: 2024 }, DueRelation::Before);
    assert_eq!(dl.next_due(d(2025, 1, 1)).unwrap().reference, d(2028, 2, 29));
    assert_eq!(dl.occurrence_in(2025), None);
    // The last on-time day of "before 29/02/2028" is 28/02/2028.
    assert_eq!(dl.occurrence_in(2028).unwrap().last_on_time, d(2028, 2, 28));
}

#[test]
fn before_the_first_of_january_ends_in_the_previous_year() {
    let dl = deadline(Schedule::Yearly { month: 1, day: 1, from_year: 2025 }, DueRelation::Before);
    let due = dl.next_due(d(2025, 6, 1)).unwrap();
    assert_eq!((due.reference, due.last_on_time), (d(2026, 1, 1), d(2025, 12, 31)));
}

#[test]
fn numeric_targets() {
    let lower = Target::About { value: 10.0, tolerance: 0.5, direction: Direction::LowerBetter };
    assert_eq!(lower.is_met_by(10.5), Some(true));
    assert_eq!(lower.is_met_by(10.6), Some(false));
    assert_eq!(lower.is_met_by(0.0), Some(true));
    let higher = Target::About { value: 10.0, tolerance: 0.5, direction: Direction::HigherBetter };
    assert_eq!(higher.is_met_by(9.5), Some(true));
    assert_eq!(higher.is_met_by(9.4), Some(false));
    assert_eq!(Target::MoreThan { value: 40.0 }.is_met_by(40.0), Some(false));
    assert_eq!(Target::AtLeast { value: 40.0 }.is_met_by(40.0), Some(true));
    assert_eq!(Target::Range { min: 1.5, max: 2.0, below_is_met: false }.values(), vec![1.5, 2.0]);
    assert!(Target::DecreasingToZero.values().is_empty());
}

#[test]
fn edits_made_in_code_are_revalidated_and_serialized() {
    let mut p = Plan::embedded().clone();
    p.version = "2025.1".into();
    p.org_units.0.push(ansinh_core::domain::org::OrgUnit {
        id: "tan-lap-thon-8".into(),
        kind: ansinh_core::domain::org::OrgKind::Village,
        name: Text::new("Thôn 8", "Village 8"),
        parent: Some("tan-lap".into()),
        urban: false,
        provisional: true,
        status: Default::default(),
        merged_into: None,
        village_kind: None,
    });
    assert!(p.validate().is_ok());
    let back = Plan::from_json(&p.to_json_pretty()).unwrap();
    assert_eq!(back.version, "2025.1");
    assert_eq!(back.org_units.children("tan-lap").len(), 8);

    p.tasks[0].section = "III.9".into();
    let err = p.validate().unwrap_err();
    assert_eq!(err.path(), Some("tasks[0].section"));
    assert_eq!(err.problems().len(), 1);
    assert!(err.message(Lang::En).contains("unknown task section id \"III.9\""));
    assert!(err.message(Lang::Vi).starts_with("kế hoạch có 1 lỗi:"));
}

#[test]
fn lookups_by_id() {
    let p = Plan::embedded();
    assert!(p.indicator("30a").is_some());
    assert!(p.indicator("37").is_none());
    assert_eq!(p.task("III.3.4.dd.1").unwrap().section, "III.3.4.dd");
    let path: Vec<&str> = p.section_path(p.task("III.6.2").unwrap()).iter().map(|s| s.label.as_str()).collect();
    assert_eq!(path, ["6."]);
    assert_eq!(p.tasks_for_indicator("18").len(), 1);
    assert_eq!(
        p.indicators_in_group("g2").iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["2", "3", "4", "5", "6"]
    );
}
