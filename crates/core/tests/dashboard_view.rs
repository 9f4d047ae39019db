//! The dashboard's view model: rows and groups, filters, scales and chart geometry.

use ansinh_core::domain::org::OrgKind;
use ansinh_core::domain::plan::{Direction, Plan, Target, Unit};
use ansinh_core::engine::evaluate;
use ansinh_core::synth;
use ansinh_core::views::dashboard::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn org_choices_list_each_commune_followed_by_its_villages() {
    let plan = Plan::embedded();
    let choices = org_choices(&plan.org_units);
    assert_eq!(choices.len(), plan.org_units.all().len());
    assert_eq!(choices[0].id, "kon-ray");
    assert_eq!(choices[0].depth, 0);
    for (k, c) in choices.iter().enumerate().skip(1) {
        let unit = plan.org_units.get(&c.id).unwrap();
        match c.depth {
            1 => assert!(unit.kind.is_commune_level()),
            2 => {
                assert_eq!(unit.kind, OrgKind::Village);
                // Its commune is the nearest depth-1 entry above it.
                let parent = choices[..k].iter().rev().find(|p| p.depth == 1).unwrap();
                assert_eq!(unit.parent.as_deref(), Some(parent.id.as_str()));
            }
            d => panic!("unexpected depth {d}"),
        }
    }
}

#[test]
fn rows_follow_the_plan_and_filters_only_hide() {
    let plan = Plan::embedded();
    let data = synth::district(300, 7);
    let eval = evaluate(plan, &data, synth::SURVEY_YEAR).unwrap();
    let all = grouped_rows(plan, &eval, "kon-ray", None, None);
    let ids: Vec<&str> = all.iter().flat_map(|g| g.indicator_ids.iter().map(String::as_str)).collect();
    assert_eq!(ids.len(), 38);
    let mut by_order: Vec<_> = plan.indicators.iter().collect();
    by_order.sort_by_key(|i| (plan.indicator_groups.iter().find(|g| g.id == i.group).unwrap().order, i.order));
    assert_eq!(ids, by_order.iter().map(|i| i.id.as_str()).collect::<Vec<_>>());
    assert_eq!(all.len(), plan.indicator_groups.len());

    // Each status filter keeps exactly the rows of that status; together they cover every row.
    let mut seen = 0;
    for (s, n) in status_counts(&eval, "kon-ray") {
        let rows = grouped_rows(plan, &eval, "kon-ray", Some(s), None);
        let kept: Vec<&String> = rows.iter().flat_map(|g| &g.indicator_ids).collect();
        assert_eq!(kept.len(), n, "{s:?}");
        for id in kept {
            assert_eq!(eval.result(id, "kon-ray").unwrap().status, s);
        }
        assert!(rows.iter().all(|g| !g.indicator_ids.is_empty()));
        seen += n;
    }
    assert_eq!(seen, 38);
    // The demo data has statuses to filter on, not only "no data".
    assert!(status_counts(&eval, "kon-ray").iter().filter(|(_, n)| *n > 0).count() >= 2);

    let leads = lead_agencies(plan);
    assert!(leads.len() >= 2);
    let (lead, _) = &leads[0];
    let rows = grouped_rows(plan, &eval, "kon-ray", None, Some(lead));
    let kept: Vec<&String> = rows.iter().flat_map(|g| &g.indicator_ids).collect();
    assert_eq!(kept.len(), plan.indicators.iter().filter(|i| &i.lead_agency == lead).count());
    assert!(kept.iter().all(|id| &plan.indicator(id).unwrap().lead_agency == lead));
}

#[test]
fn nice_ceilings() {
    for (x, want) in
        [(0.3, 0.5), (1.0, 1.0), (7.0, 10.0), (12.0, 20.0), (23.0, 25.0), (100.0, 100.0), (101.0, 200.0), (2.4, 2.5)]
    {
        assert!(close(nice_ceiling(x), want), "{x} → {} not {want}", nice_ceiling(x));
    }
    assert_eq!(nice_ceiling(0.0), 1.0);
    assert_eq!(nice_ceiling(-3.0), 1.0);
    assert_eq!(nice_ceiling(f64::NAN), 1.0);
}

#[test]
fn scales_cover_values_and_targets() {
    let at_least = Target::AtLeast { value: 95.0 };
    assert_eq!(scale_max(Unit::Percent, &at_least, &[40.0]), Some(100.0));
    // A percentage above 100 (never expected, but not to be clipped) gets a wider scale.
    assert_eq!(scale_max(Unit::Percent, &at_least, &[130.0]), Some(200.0));
    let range = Target::Range { min: 1.5, max: 2.0, below_is_met: false };
    assert_eq!(scale_max(Unit::ChildrenPerWoman, &range, &[2.4]), Some(2.5));
    assert_eq!(scale_max(Unit::ChildrenPerWoman, &range, &[]), Some(2.0));
    let about = Target::About { value: 30.0, tolerance: 0.0, direction: Direction::HigherBetter };
    assert_eq!(scale_max(Unit::SquareMetresPerPerson, &about, &[27.8]), Some(50.0));
    assert_eq!(
        scale_max(Unit::Status, &Target::Status { goal: ansinh_core::domain::plan::StatusGoal::Reach }, &[1.0]),
        None
    );
}

#[test]
fn row_bars_place_value_and_target_on_one_scale() {
    let bar = row_bar(Unit::Percent, &Target::MoreThan { value: 95.0 }, Some(47.5)).unwrap();
    assert_eq!(bar.max, 100.0);
    assert!(close(bar.value.unwrap(), 0.475));
    assert!(close(bar.targets[0], 0.95));
    let bar =
        row_bar(Unit::ChildrenPerWoman, &Target::Range { min: 1.5, max: 2.0, below_is_met: false }, Some(2.4)).unwrap();
    assert!(close(bar.value.unwrap(), 0.96));
    assert!(close(bar.targets[0], 0.6) && close(bar.targets[1], 0.8));
    let empty = row_bar(Unit::Percent, &Target::Below { value: 25.0 }, None).unwrap();
    assert_eq!(empty.value, None);
    assert!(close(empty.targets[0], 0.25));
    assert!(row_bar(Unit::Status, &Target::Status { goal: ansinh_core::domain::plan::StatusGoal::Keep }, Some(1.0))
        .is_none());
    // Counts to eliminate: the target mark is at 0.
    let count = row_bar(Unit::Count, &Target::DecreasingToZero, Some(7.0)).unwrap();
    assert_eq!(count.max, 10.0);
    assert!(close(count.value.unwrap(), 0.7) && close(count.targets[0], 0.0));
    assert_eq!(fraction(-5.0, 10.0), 0.0);
    assert_eq!(fraction(50.0, 10.0), 1.0);
}

#[test]
fn the_commune_chart_has_one_bar_per_commune_and_adds_up_to_the_district() {
    let plan = Plan::embedded();
    let data = synth::district(300, 3);
    let eval = evaluate(plan, &data, synth::SURVEY_YEAR).unwrap();
    let chart = compare_chart(plan, &eval, "8").unwrap();
    let communes = plan.org_units.communes();
    assert_eq!(chart.bars.len(), communes.len());
    assert_eq!(
        chart.bars.iter().map(|b| b.org_id.as_str()).collect::<Vec<_>>(),
        communes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(chart.max, 100.0);
    let district = eval.result("8", "kon-ray").unwrap();
    let num: f64 = chart.bars.iter().filter_map(|b| b.numerator).sum();
    let den: f64 = chart.bars.iter().filter_map(|b| b.denominator).sum();
    assert!(close(num, district.numerator.unwrap()));
    assert!(close(den, district.denominator.unwrap()));
    for (k, b) in chart.bars.iter().enumerate() {
        assert!(close(b.y, k as f64 * COMPARE_ROW));
        let v = b.value.unwrap();
        assert!(close(b.width, v / 100.0 * chart.plot_width));
        assert!(b.width <= chart.plot_width);
    }
    assert!(close(chart.plot_x + chart.plot_width + COMPARE_VALUE_WIDTH, COMPARE_WIDTH));
    // Indicator 8's target is "> 95%".
    assert_eq!(chart.target_xs.len(), 1);
    assert!(close(chart.target_xs[0], chart.plot_x + 0.95 * chart.plot_width));
    assert!(close(chart.height, (communes.len() + 1) as f64 * COMPARE_ROW));
    assert_eq!(chart.ticks[2], (100.0, chart.plot_x + chart.plot_width));
    // Yes/no indicators have no chart; unknown ids neither.
    let yes_no = plan.indicators.iter().find(|i| i.unit == Unit::Status).unwrap();
    assert!(compare_chart(plan, &eval, &yes_no.id).is_none());
    assert!(compare_chart(plan, &eval, "no-such").is_none());
}

#[test]
fn progress_runs_from_the_first_year_to_the_target_year() {
    let t = Target::AtLeast { value: 80.0 };
    let c = progress_chart(&[(2026, 60.0), (2024, 40.0)], Unit::Percent, &t, 2030).unwrap();
    assert_eq!(c.max, 100.0);
    let plot_w = PROGRESS_WIDTH - PROGRESS_LEFT - PROGRESS_RIGHT;
    let plot_h = PROGRESS_HEIGHT - PROGRESS_TOP - PROGRESS_BOTTOM;
    assert_eq!(c.points.iter().map(|p| p.year).collect::<Vec<_>>(), vec![2024, 2026]);
    assert!(close(c.points[0].x, PROGRESS_LEFT));
    assert!(close(c.points[1].x, PROGRESS_LEFT + plot_w / 3.0));
    assert!(close(c.points[1].y, PROGRESS_TOP + 0.4 * plot_h));
    assert!(close(c.target_year_x, PROGRESS_WIDTH - PROGRESS_RIGHT));
    assert!(close(c.target_ys[0], PROGRESS_TOP + 0.2 * plot_h));
    assert_eq!(
        c.path,
        format!("M{:.1} {:.1} L{:.1} {:.1}", c.points[0].x, c.points[0].y, c.points[1].x, c.points[1].y)
    );
    assert_eq!(c.year_ticks.iter().map(|t| t.0).collect::<Vec<_>>(), vec![2024, 2026, 2030]);
    // One year is no progress; years past the target year are not drawn.
    assert!(progress_chart(&[(2025, 50.0)], Unit::Percent, &t, 2030).is_none());
    assert!(progress_chart(&[(2025, 50.0), (2031, 90.0)], Unit::Percent, &t, 2030).is_none());
    assert!(progress_chart(&[(2025, 1.0), (2026, 1.0)], Unit::Status, &t, 2030).is_none());
}

#[test]
fn series_reads_one_indicator_across_years() {
    let plan = Plan::embedded();
    let data = synth::district(120, 5);
    let e = evaluate(plan, &data, synth::SURVEY_YEAR).unwrap();
    let empty = evaluate(plan, &data, synth::SURVEY_YEAR - 1).unwrap();
    let s = series(&[empty, e.clone()], "8", "kon-ray");
    assert_eq!(s, vec![(synth::SURVEY_YEAR, e.result("8", "kon-ray").unwrap().value.unwrap())]);
}

#[test]
fn exclusion_rows_name_the_household_the_person_and_the_reason() {
    let plan = Plan::embedded();
    let mut data = synth::district(60, 11);
    let hh = data.households.iter_mut().find(|h| h.members.len() > 1).unwrap();
    let member = hh.members.iter_mut().find(|m| !m.is_head()).unwrap();
    member.health_insurance = None;
    let (member_name, village) = (member.name.clone(), hh.village_id.clone());
    let head = hh.members.iter().find(|m| m.is_head()).unwrap().name.clone();
    let eval = evaluate(plan, &data, synth::SURVEY_YEAR).unwrap();
    let r = eval.result("8", "kon-ray").unwrap();
    let rows = exclusion_rows(&r.excluded, &data, &plan.org_units);
    let row = rows.iter().find(|x| x.person.as_deref() == Some(member_name.as_str())).expect("the member is listed");
    assert_eq!(row.household, head);
    assert_eq!(row.unit, plan.org_units.get(&village).unwrap().name);
    // In words, never the field's code (issue #15).
    assert_eq!(row.reason.vi, "Thiếu câu trả lời: bảo hiểm y tế");
    assert_eq!(row.reason.en, "Missing answer: health insurance");
}

#[test]
fn amounts_read_as_counts_or_with_the_decimal_comma() {
    use ansinh_core::i18n::Lang;
    assert_eq!(format_amount(Some(1234.0), Lang::Vi), "1234");
    assert_eq!(format_amount(Some(27.84), Lang::Vi), "27,8");
    assert_eq!(format_amount(Some(27.84), Lang::En), "27.8");
    assert_eq!(format_amount(None, Lang::En), "–");
}

#[test]
fn the_demo_data_has_drafts_with_gaps_that_the_exclusions_list() {
    let plan = Plan::embedded();
    let data = demo_dataset(300, 2025);
    let drafts: Vec<_> =
        data.households.iter().filter(|h| h.completeness == ansinh_core::domain::survey::Completeness::Draft).collect();
    assert_eq!(drafts.len(), 12);
    // Only the drafts differ from the synthetic district.
    let synth = synth::district(300, 2025);
    let changed = data.households.iter().zip(&synth.households).filter(|(a, b)| a != b).count();
    assert_eq!(changed, drafts.len());
    // Every other draft has an answer the form flags as an error: by default those are the
    // only records listed as excluded, with the error; the other drafts count toward coverage
    // ("đang nhập"), not in the figures, and are not listed.
    let eval = evaluate(plan, &data, synth::SURVEY_YEAR).unwrap();
    let coverage = eval.coverage_of("kon-ray").unwrap();
    assert_eq!(coverage.drafts + coverage.invalid, drafts.len() as u64, "{coverage:?}");
    let flagged = eval.result("8", "kon-ray").unwrap().excluded.clone();
    assert_eq!(flagged.len(), drafts.len().div_ceil(2));
    let rows = exclusion_rows(&flagged, &data, &plan.org_units);
    assert!(rows.iter().all(|r| r.reason.vi.contains("BH thất nghiệp")), "{:?}", rows[0].reason);
    // A plan that counts drafts lists their gaps.
    let mut counting = plan.clone();
    counting.params.sufficiency.drafts_count = true;
    let eval = evaluate(&counting, &data, synth::SURVEY_YEAR).unwrap();
    let r = eval.result("8", "kon-ray").unwrap();
    assert_eq!(r.excluded.len(), drafts.len());
    let rows = exclusion_rows(&r.excluded, &data, &plan.org_units);
    // The list follows the engine's order (by unit), not the file's: match each valid draft
    // by the member whose health insurance is unanswered.
    for h in drafts.iter().skip(1).step_by(2) {
        let person = h.members.last().unwrap().name.as_str();
        assert!(rows.iter().any(|r| r.person.as_deref() == Some(person)), "{person} not listed");
    }
    let gaps = rows.iter().filter(|r| r.reason.vi.contains("bảo hiểm y tế")).count();
    assert_eq!(gaps, drafts.len() / 2);
}
