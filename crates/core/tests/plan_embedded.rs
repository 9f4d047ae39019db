//! The embedded Kon Rẫy plan against the seed document (section numbers refer to the seed).
//! Every expected value here was read off the seed by hand, not copied from the JSON.

use ansinh_core::domain::labour::RetirementSchedule;
use ansinh_core::domain::org::OrgKind;
use ansinh_core::domain::plan::*;
use ansinh_core::i18n::Lang;
use chrono::NaiveDate;

fn plan() -> &'static Plan {
    Plan::embedded()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn embedded_plan_is_valid() {
    // Guarantees the `expect` in `Plan::embedded()` cannot fire.
    let p = Plan::from_json(EMBEDDED_PLAN_JSON).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    assert_eq!(&p, Plan::embedded());
    assert!(p.validate().is_ok());
    assert_eq!(p.format_version, 2);
    assert_eq!(p.id, "konray-ldtbxh-2030");
    assert_eq!(p.version, "2024.1");
    assert_eq!(p.target_year, 2030);
}

#[test]
fn embedded_plan_min_is_the_same_plan() {
    // What the app reads at start (`from_json_untracked` over the build's minified copy) is
    // the plan of the reviewed file, member for member, and carries none of its indentation.
    let file = Plan::from_json(EMBEDDED_PLAN_JSON).unwrap();
    let app = Plan::from_json_untracked(EMBEDDED_PLAN_MIN_JSON).unwrap();
    assert_eq!(app, file);
    assert!(!EMBEDDED_PLAN_MIN_JSON.contains('\n'));
    assert!(EMBEDDED_PLAN_MIN_JSON.len() < EMBEDDED_PLAN_JSON.len() * 9 / 10);
    let a: serde_json::Value = serde_json::from_str(EMBEDDED_PLAN_MIN_JSON).unwrap();
    let b: serde_json::Value = serde_json::from_str(EMBEDDED_PLAN_JSON).unwrap();
    assert_eq!(a, b);
}

#[test]
fn file_is_pretty_printed_in_model_key_order() {
    // Keeps the file readable and diffs stable: what `to_json_pretty` writes is the file.
    assert_eq!(format!("{}\n", plan().to_json_pretty()), EMBEDDED_PLAN_JSON);
    let again = Plan::from_json(&plan().to_json_pretty()).unwrap();
    assert_eq!(&again, plan());
}

#[test]
fn header_documents_and_signatory() {
    let p = plan();
    let doc = &p.document;
    assert_eq!(doc.issuer, "ubnd-huyen");
    assert_eq!(doc.issuer_header.vi, "ỦY BAN NHÂN DÂN HUYỆN KON RẪY");
    assert_eq!(doc.number, None);
    assert_eq!(doc.number_line(), "Số: /KH-UBND");
    assert_eq!(doc.place, "Kon Rẫy");
    assert_eq!(doc.date, None);
    assert!(doc.title.vi.starts_with("Về việc triển khai thực hiện Kế hoạch số 193-KH/HU ngày 05 tháng 7 năm 2024"));

    let docs: Vec<(&str, NaiveDate, Option<&str>)> =
        p.implements.iter().map(|s| (s.number.as_str(), s.date, s.implements.as_deref())).collect();
    assert_eq!(
        docs,
        [
            ("42-NQ/TW", d(2023, 11, 24), None),
            ("81-CTr/TU", d(2024, 4, 15), Some("42-NQ/TW")),
            ("193-KH/HU", d(2024, 7, 5), Some("81-CTr/TU")),
        ]
    );
    assert_eq!(p.implements[0].issuer.vi, "Ban Chấp hành Trung ương Đảng");
    assert_eq!(p.implements[1].issuer.vi, "Ban Chấp hành Đảng bộ tỉnh khóa XVI");
    assert_eq!(p.implements[2].issuer.vi, "Ban Chấp hành Đảng bộ huyện khóa XIX");

    assert!(p.purpose.vi.starts_with("Cụ thể hoá và triển khai các nhiệm vụ tại Kế hoạch số 193-KH/HU"));
    assert!(p.requirements.vi.contains("Nghị quyết số 68/NQ-CP"));
    assert!(p.general_goal.vi.starts_with("Tiếp tục đổi mới, nâng cao chất lượng thực hiện chính sách xã hội"));
    // The seed breaks this sentence across a page; the joined text must read through.
    assert!(p.general_goal.vi.contains("tiếp cận các dịch vụ xã hội cơ bản"));
    assert!(p.vision_2045.vi.contains("xây dựng và phát triển con người huyện Kon Rẫy"));

    let s = &p.signatory;
    assert_eq!(
        (s.on_behalf_of.vi.as_str(), s.authority.vi.as_str(), s.title.vi.as_str(), s.name.as_str()),
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đinh Thị Hồng Thu")
    );
    let recipients: Vec<(&str, Option<&str>)> =
        p.recipients.iter().map(|r| (r.name.vi.as_str(), r.purpose.as_ref().map(|x| x.vi.as_str()))).collect();
    assert_eq!(
        recipients,
        [
            ("Sở Lao động - TB&XH", Some("b/c")),
            ("Thường trực Huyện ủy", Some("b/c")),
            ("Ủy ban MTTQ Việt Nam", Some("p/h")),
            ("Chủ tịch, các PCT UBND huyện", Some("d/b")),
            ("Các phòng, ban chuyên môn thuộc huyện", None),
            ("UBND các xã, thị trấn", None),
            ("Trang TTĐT huyện", Some("đăng tin")),
            ("Lưu: VT, LĐTBXH", None),
        ]
    );
}

#[test]
fn params_hold_the_retirement_schedule_and_decimals() {
    let p = plan();
    assert_eq!(p.params.retirement, RetirementSchedule::konray_default());
    assert_eq!(p.params.retirement.min_working_age_years, 15);
    assert_eq!(p.params.reporting_decimals, 1);
}

#[test]
fn indicator_ids_and_order_follow_the_seed() {
    let ids: Vec<&str> = plan().indicators.iter().map(|i| i.id.as_str()).collect();
    let mut expected: Vec<String> = (1..=30).map(|n| n.to_string()).collect();
    expected.extend(["30a".to_string(), "30b".to_string()]);
    expected.extend((31..=36).map(|n| n.to_string()));
    assert_eq!(ids, expected);
    assert_eq!(ids.len(), 38);
    for (k, i) in plan().indicators.iter().enumerate() {
        assert_eq!(i.order as usize, k + 1, "order of {}", i.id);
        assert_eq!(i.target_year, 2030);
    }
}

/// (id, unit, target) as read from II.2.1 and its footnote.
fn expected_targets() -> Vec<(&'static str, Unit, Target)> {
    use Direction::*;
    use Target::*;
    use Unit::*;
    let ge = |v: f64| AtLeast { value: v };
    let gt = |v: f64| MoreThan { value: v };
    let lt = |v: f64| Below { value: v };
    vec![
        ("1", Percent, ge(100.0)),
        ("2", Percent, lt(5.0)),
        ("3", Percent, Range { min: 1.5, max: 2.0, below_is_met: true }),
        ("4", Percent, ge(50.0)),
        ("5", Percent, ge(40.0)),
        ("6", Percent, ge(34.0)),
        ("7", Percent, About { value: 50.0, tolerance: 0.0, direction: HigherBetter }),
        ("8", Percent, gt(95.0)),
        ("9", Percent, ge(100.0)),
        ("10", Status, Target::Status { goal: StatusGoal::Reach }),
        ("11", Percent, gt(99.0)),
        ("12", Percent, ge(99.8)),
        ("13", Percent, ge(80.0)),
        ("14", Status, Target::Status { goal: StatusGoal::Keep }),
        ("15", ChildrenPerWoman, About { value: 2.1, tolerance: 0.1, direction: CloserBetter }),
        ("16", Percent, lt(1.2)),
        ("17", Years, About { value: 70.0, tolerance: 0.0, direction: HigherBetter }),
        ("18", Per10000People, gt(40.0)),
        ("19", Per10000People, ge(12.0)),
        ("20", Per10000People, ge(1.5)),
        ("21", Per10000People, ge(25.0)),
        ("22", Percent, gt(95.0)),
        ("23", Percent, gt(95.0)),
        ("24", Percent, ge(97.0)),
        ("25", Percent, lt(25.0)),
        ("26", Status, Target::Status { goal: StatusGoal::Reach }),
        ("27", Percent, gt(88.0)),
        ("28", Percent, ge(100.0)),
        ("29", Count, DecreasingToZero),
        ("30", SquareMetresPerPerson, About { value: 30.0, tolerance: 0.0, direction: HigherBetter }),
        ("30a", SquareMetresPerPerson, About { value: 32.0, tolerance: 0.0, direction: HigherBetter }),
        ("30b", SquareMetresPerPerson, About { value: 27.8, tolerance: 0.0, direction: HigherBetter }),
        ("31", Percent, ge(100.0)),
        ("32", Percent, ge(95.0)),
        ("33", Percent, ge(100.0)),
        ("34", Percent, ge(10.0)),
        ("35", Percent, ge(5.0)),
        ("36", Percent, ge(100.0)),
    ]
}

#[test]
fn every_target_matches_the_seed() {
    let expected = expected_targets();
    assert_eq!(expected.len(), plan().indicators.len());
    for (id, unit, target) in expected {
        let i = plan().indicator(id).unwrap_or_else(|| panic!("indicator {id} missing"));
        assert_eq!(i.unit, unit, "unit of {id}");
        assert_eq!(i.target, target, "target of {id}");
    }
}

#[test]
fn source_lead_agency_and_group_follow_the_spec() {
    use DataSource::*;
    let table: [(&str, DataSource, &str, &str); 38] = [
        ("1", Survey, "ldtbxh", "g1"),
        ("2", Survey, "ldtbxh", "g2"),
        ("3", Survey, "ldtbxh", "g2"),
        ("4", Survey, "ldtbxh", "g2"),
        ("5", Survey, "bhxh", "g2"),
        ("6", Survey, "bhxh", "g2"),
        ("7", Survey, "bhxh", "g3"),
        ("8", Survey, "bhxh", "g3"),
        ("9", Survey, "ldtbxh", "g3"),
        ("10", Entered, "gddt", "g4"),
        ("11", Survey, "gddt", "g4"),
        ("12", Survey, "gddt", "g4"),
        ("13", Survey, "gddt", "g4"),
        ("14", Entered, "gddt", "g4"),
        ("15", Survey, "vp-yte", "g5"),
        ("16", Survey, "vp-yte", "g5"),
        ("17", Entered, "vp-yte", "g5"),
        ("18", Entered, "ttyt", "g5"),
        ("19", Entered, "ttyt", "g5"),
        ("20", Entered, "ttyt", "g5"),
        ("21", Entered, "ttyt", "g5"),
        ("22", Survey, "ttyt", "g5"),
        ("23", Survey, "ttyt", "g5"),
        ("24", Survey, "ttyt", "g5"),
        ("25", Survey, "ttyt", "g5"),
        ("26", Qualitative, "ttyt", "g5"),
        ("27", Survey, "tnmt", "g5"),
        ("28", Entered, "ttyt", "g5"),
        ("29", Survey, "ktht", "g6"),
        ("30", Survey, "ktht", "g6"),
        ("30a", Survey, "ktht", "g6"),
        ("30b", Survey, "ktht", "g6"),
        ("31", Survey, "tnmt", "g6"),
        ("32", Survey, "tnmt", "g6"),
        ("33", SurveyAndEntered, "tnmt", "g6"),
        ("34", Entered, "tnmt", "g6"),
        ("35", Entered, "tnmt", "g6"),
        ("36", Survey, "vhtt", "g7"),
    ];
    for (id, source, lead, group) in table {
        let i = plan().indicator(id).unwrap();
        assert_eq!((i.source, i.lead_agency.as_str(), i.group.as_str()), (source, lead, group), "indicator {id}");
    }
    // Seven bullets in II.2.1.
    assert_eq!(plan().indicator_groups.len(), 7);
    assert_eq!(plan().indicators_in_group("g5").len(), 14);
}

#[test]
fn assumptions_are_parameters_in_the_data() {
    let c = |id: &str| plan().indicator(id).unwrap().computation.clone();
    assert_eq!(
        c("1"),
        Computation::MeritoriousHouseholdsLivingStandard {
            reference_area: ReferenceArea::Commune,
            statistic: IncomeStatistic::Median,
            inclusive: true
        }
    );
    assert_eq!(c("2"), Computation::UnemploymentRate { scope: AreaScope::All, min_age_years: 15 });
    assert_eq!(c("3"), Computation::UnemploymentRate { scope: AreaScope::Urban, min_age_years: 15 });
    assert_eq!(
        c("5"),
        Computation::WorkingAgeLabourInsured {
            schemes: vec![InsuranceScheme::CompulsorySocial, InsuranceScheme::VoluntarySocial]
        }
    );
    assert_eq!(c("6"), Computation::WorkingAgeLabourInsured { schemes: vec![InsuranceScheme::Unemployment] });
    assert_eq!(
        c("9"),
        Computation::SocialAssistanceCoverage {
            poverty: vec![PovertyStatus::Poor, PovertyStatus::NearPoor],
            child_below_age_months: 36,
            lonely_elderly_min_age_years: 60
        }
    );
    assert_eq!(
        c("12"),
        Computation::AttainmentInAgeBand {
            min_age_years: 11,
            max_age_years: 14,
            level: EducationLevel::PrimaryCompleted
        }
    );
    assert_eq!(
        c("13"),
        Computation::AttainmentInAgeBand {
            min_age_years: 18,
            max_age_years: 21,
            level: EducationLevel::UpperSecondaryOrEquivalent
        }
    );
    assert_eq!(
        c("15"),
        Computation::TotalFertilityRate {
            min_age_years: 15,
            max_age_years: 49,
            group_width_years: 5,
            window_months: 12
        }
    );
    assert_eq!(c("16"), Computation::NaturalIncreaseRate { window_months: 12 });
    for (id, res) in [
        ("18", HealthResource::HospitalBeds),
        ("19", HealthResource::Doctors),
        ("20", HealthResource::Pharmacists),
        ("21", HealthResource::Nurses),
    ] {
        assert_eq!(
            c(id),
            Computation::PerPopulation {
                resource: res,
                multiplier: 10_000,
                population: PopulationSource::Official,
                level: EntryLevel::District,
            }
        );
    }
    assert_eq!(c("22"), Computation::PrimaryCareInsurancePaid { window_months: 12 });
    assert_eq!(
        c("24"),
        Computation::FullVaccination { min_age_months: 12, max_age_months: 23, by_first_birthday: true }
    );
    assert_eq!(
        c("25"),
        Computation::Stunting(StuntingMethod {
            reference_table: "who2006-length-height-for-age-by-day".into(),
            min_age_months: 0,
            max_age_months: 59,
            z_cutoff: -2.0,
            implausible_abs_z: 6.0,
            standing_from_age_days: 731,
            position_correction_cm: 0.7,
        })
    );
    assert_eq!(c("30a"), Computation::FloorAreaPerPerson { scope: AreaScope::Urban });
    assert_eq!(c("30b"), Computation::FloorAreaPerPerson { scope: AreaScope::Rural });
    assert_eq!(
        c("31"),
        Computation::HouseholdShare { condition: HouseholdCondition::CleanWater, scope: AreaScope::Urban }
    );
    assert_eq!(
        c("32"),
        Computation::HouseholdShare { condition: HouseholdCondition::CleanWater, scope: AreaScope::Rural }
    );
    assert_eq!(c("26").method(), "qualitative_status");
    assert_eq!(c("29").method(), "temporary_housing_count");
    assert_eq!(c("33").method(), "sanitation_facilities");
    assert_eq!(c("36").method(), "broadcast_reception");
}

#[test]
fn target_semantics() {
    let t = |id: &str| plan().indicator(id).unwrap().target.clone();
    assert_eq!(t("2").is_met_by(5.0), Some(false));
    assert_eq!(t("2").is_met_by(4.9), Some(true));
    assert_eq!(t("3").is_met_by(1.5), Some(true));
    assert_eq!(t("3").is_met_by(2.0), Some(true));
    assert_eq!(t("3").is_met_by(2.1), Some(false));
    assert_eq!(t("8").is_met_by(95.0), Some(false));
    assert_eq!(t("9").is_met_by(100.0), Some(true));
    assert_eq!(t("15").is_met_by(2.2), Some(true));
    assert_eq!(t("15").is_met_by(2.0), Some(true));
    assert_eq!(t("15").is_met_by(1.95), Some(false));
    assert_eq!(t("15").is_met_by(2.25), Some(false));
    assert_eq!(t("15").is_met_by(1.9), Some(false));
    assert_eq!(t("30").is_met_by(31.0), Some(true));
    assert_eq!(t("30").is_met_by(29.9), Some(false));
    assert_eq!(t("10").is_met_by(1.0), None);
    assert_eq!(t("29").is_met_by(0.0), None);
}

fn count_under(section: &str) -> usize {
    plan().tasks_under(section).len()
}

#[test]
fn task_counts_per_section_match_the_seed() {
    // Bullets ("- ") and bullet-less lettered paragraphs counted by hand in section III.
    let expected = [
        ("III.1", 2),
        ("III.2", 5),
        ("III.3", 29),
        ("III.3.1", 3),
        ("III.3.2", 7),
        ("III.3.2.a", 4), // one paragraph + three bullets
        ("III.3.2.b", 3),
        ("III.3.3", 7),
        ("III.3.3.a", 4),
        ("III.3.3.b", 2),
        ("III.3.3.c", 1),
        ("III.3.4", 12),
        ("III.3.4.a", 4),
        ("III.3.4.b", 3),
        ("III.3.4.c", 1),
        ("III.3.4.d", 1),
        ("III.3.4.dd", 1),
        ("III.3.4.e", 2),
        ("III.4", 3),
        ("III.5", 3),
        ("III.6", 3),
    ];
    for (s, n) in expected {
        assert_eq!(count_under(s), n, "tasks under {s}");
    }
    assert_eq!(plan().tasks.len(), 45);
    assert_eq!(plan().task_sections.len(), 6 + 4 + 2 + 3 + 6);
    // Ids are the innermost section and a 1-based position.
    let t = plan().task("III.3.2.a.1").unwrap();
    assert!(t.text.vi.starts_with("Thực hiện có hiệu quả chính sách dân số và phát triển"));
    let path: Vec<&str> = plan().section_path(t).iter().map(|s| s.id.as_str()).collect();
    assert_eq!(path, ["III.3", "III.3.2", "III.3.2.a"]);
    assert_eq!(plan().section("III.3.4.dd").unwrap().label, "đ)");
    assert_eq!(plan().section("III.3.4.dd").unwrap().title.vi, "Về nhà ở");
}

#[test]
fn task_assignments_follow_the_thuc_hien_lines() {
    let roles = |id: &str| {
        let t = plan().task(id).unwrap_or_else(|| panic!("task {id}"));
        (t.leads.clone(), t.coordinating.clone(), t.implementers.clone(), t.guided_by.clone())
    };
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(roles("III.1.1"), (v(&[]), v(&[]), v(&["phong-ban", "ubnd-xa"]), v(&["tuyen-giao"])));
    assert_eq!(roles("III.1.2"), (v(&[]), v(&[]), v(&["phong-ban", "ubnd-xa"]), v(&[])));
    for id in ["III.2.1", "III.2.2", "III.2.3", "III.2.4"] {
        assert_eq!(roles(id), (v(&["ldtbxh"]), v(&["noi-vu"]), v(&["phong-ban", "ubnd-xa"]), v(&[])), "{id}");
    }
    assert_eq!(roles("III.2.5"), (v(&["vhtt"]), v(&["ldtbxh"]), v(&["ubnd-xa"]), v(&[])));
    assert_eq!(roles("III.3.1.2"), (v(&["ldtbxh"]), v(&["quan-su"]), v(&["ubnd-xa"]), v(&[])));
    assert_eq!(roles("III.3.2.a.1"), (v(&["vp-yte"]), v(&["ldtbxh", "gddt", "ttyt"]), v(&["ubnd-xa"]), v(&[])));
    assert_eq!(
        roles("III.3.2.a.2"),
        (v(&["ldtbxh"]), v(&["gddt", "noi-vu", "don-vi-lien-quan"]), v(&["ubnd-xa"]), v(&[]))
    );
    assert_eq!(roles("III.3.2.b.3"), (v(&["ldtbxh"]), v(&["gddt", "don-vi-lien-quan"]), v(&["ubnd-xa"]), v(&[])));
    assert_eq!(roles("III.3.3.a.4"), (v(&["bhxh"]), v(&["ldtbxh", "vp-yte"]), v(&["ubnd-xa"]), v(&[])));
    assert_eq!(roles("III.3.3.c.1").0, v(&["ldtbxh"]));
    assert_eq!(roles("III.3.4.a.2").0, v(&["gddt"]));
    assert_eq!(roles("III.3.4.b.2").0, v(&["vp-yte", "ttyt"]));
    assert_eq!(roles("III.3.4.c.1").0, v(&["vhtt"]));
    assert_eq!(roles("III.3.4.d.1").0, v(&["vhtt"]));
    assert_eq!(roles("III.3.4.dd.1").0, v(&["ktht"]));
    assert_eq!(roles("III.3.4.e.1").0, v(&["tnmt"]));
    assert_eq!(roles("III.4.3").0, v(&["ldtbxh"]));
    assert_eq!(roles("III.5.1").0, v(&["ldtbxh"]));
    assert_eq!(roles("III.6.3"), (v(&[]), v(&[]), v(&["phong-ban", "ubnd-xa"]), v(&[])));
    assert_eq!(plan().tasks_led_by("bhxh").len(), 4);
    for t in &plan().tasks {
        assert!(t.assignment.vi.starts_with("Thực hiện: "), "{}", t.id);
    }
}

#[test]
fn every_indicator_is_served_by_a_task_and_links_are_mirrored() {
    let p = plan();
    for i in &p.indicators {
        assert!(!i.tasks.is_empty(), "indicator {} has no task", i.id);
        let from_tasks: Vec<&str> = p.tasks_for_indicator(&i.id).iter().map(|t| t.id.as_str()).collect();
        let mut listed: Vec<&str> = i.tasks.iter().map(String::as_str).collect();
        listed.sort();
        let mut back = from_tasks.clone();
        back.sort();
        assert_eq!(listed, back, "indicator {}", i.id);
    }
    // Subject-matter links a reader would expect.
    assert!(p.indicator("1").unwrap().tasks.iter().all(|t| t.starts_with("III.3.1.")));
    assert!(p.indicator("25").unwrap().tasks.contains(&"III.3.4.b.2".to_string()));
    assert!(p.indicator("10").unwrap().tasks.contains(&"III.3.4.a.2".to_string()));
    assert!(p.indicator("36").unwrap().tasks.contains(&"III.3.4.d.1".to_string()));
    assert!(p.indicator("30b").unwrap().tasks.contains(&"III.3.4.dd.1".to_string()));
}

#[test]
fn agencies_cover_everyone_the_plan_names() {
    let p = plan();
    for id in [
        "ubnd-huyen",
        "ldtbxh",
        "bhxh",
        "gddt",
        "vp-yte",
        "ttyt",
        "tnmt",
        "ktht",
        "vhtt",
        "noi-vu",
        "quan-su",
        "tuyen-giao",
        "huyen-uy",
        "phong-ban",
        "ubnd-xa",
        "don-vi-lien-quan",
        "so-ldtbxh",
        "mttq",
    ] {
        assert!(p.agency(id).is_some(), "agency {id}");
    }
    assert_eq!(p.agency("ldtbxh").unwrap().short_name, "Phòng LĐ-TB&XH");
    assert_eq!(p.agency("vp-yte").unwrap().short_name, "VP HĐND&UBND huyện (lĩnh vực Y tế)");
    assert_eq!(p.agency("ttyt").unwrap().name.vi, "Trung tâm Y tế huyện");
}

#[test]
fn section_iv_roles_and_deadlines() {
    let o = &plan().organisation;
    let roles: Vec<(&str, usize)> = o.roles.iter().map(|r| (r.agency.as_str(), r.duties.len())).collect();
    assert_eq!(roles, [("ldtbxh", 2), ("phong-ban", 1), ("ubnd-xa", 4)]);
    assert!(o.roles[2].duties[1].vi.ends_with("hoàn thành trước ngày 15 tháng 8 năm 2024."));
    assert!(o.roles[2].duties[3].vi.contains("trước ngày 05 tháng 12"));
    assert!(!o.roles[2].duties[3].vi.contains('*'));

    let once = plan().deadline("commune-action-plan").unwrap();
    assert_eq!(once.schedule, Schedule::Once { date: d(2024, 8, 15) });
    assert_eq!(once.relation, DueRelation::Before);
    assert_eq!(once.responsible, ["ubnd-xa"]);
    let due = once.next_due(d(2024, 7, 20)).unwrap();
    assert_eq!((due.reference, due.last_on_time), (d(2024, 8, 15), d(2024, 8, 14)));
    assert!(once.next_due(d(2024, 8, 14)).is_some());
    assert!(once.next_due(d(2024, 8, 15)).is_none(), "'before 15/08' is missed on 15/08");

    let yearly = plan().deadline("commune-annual-report").unwrap();
    assert_eq!(yearly.schedule, Schedule::Yearly { month: 12, day: 5, from_year: 2024 });
    assert_eq!(yearly.relation, DueRelation::Before);
    assert_eq!(yearly.recipients, ["ubnd-huyen", "ldtbxh"]);
    let n = yearly.next_due(d(2025, 12, 4)).unwrap();
    assert_eq!((n.reference, n.last_on_time), (d(2025, 12, 5), d(2025, 12, 4)));
    assert_eq!(yearly.next_due(d(2025, 12, 5)).unwrap().reference, d(2026, 12, 5));
    assert_eq!(yearly.next_due(d(2023, 1, 1)).unwrap().reference, d(2024, 12, 5));
    assert_eq!(yearly.occurrence_in(2023), None);
    assert_eq!(o.deadlines.len(), 2);
}

#[test]
fn org_units_are_the_contract_with_the_survey() {
    let org = &plan().org_units;
    assert_eq!(org.district().unwrap().id, "kon-ray");
    let communes: Vec<(&str, OrgKind, bool)> =
        org.communes().iter().map(|u| (u.id.as_str(), u.kind, u.urban)).collect();
    assert_eq!(
        communes,
        [
            ("dak-rve", OrgKind::Town, true),
            ("dak-koi", OrgKind::Commune, false),
            ("dak-pne", OrgKind::Commune, false),
            ("dak-ruong", OrgKind::Commune, false),
            ("dak-to-lung", OrgKind::Commune, false),
            ("dak-to-re", OrgKind::Commune, false),
            ("tan-lap", OrgKind::Commune, false),
        ]
    );
    let names: Vec<&str> = org.communes().iter().map(|u| u.name.vi.as_str()).collect();
    assert_eq!(
        names,
        [
            "Thị trấn Đắk Rve",
            "Xã Đắk Kôi",
            "Xã Đắk Pne",
            "Xã Đắk Ruồng",
            "Xã Đắk Tơ Lung",
            "Xã Đắk Tờ Re",
            "Xã Tân Lập"
        ]
    );
    assert_eq!(org.villages().len(), 49);
    assert_eq!(org.descendants("kon-ray").len(), 56);
    for c in org.communes() {
        let kids = org.children(&c.id);
        assert_eq!(kids.len(), 7, "{}", c.id);
        for (n, v) in kids.iter().enumerate() {
            let n = n + 1;
            assert_eq!(v.kind, OrgKind::Village);
            assert!(v.provisional, "village names are provisional");
            if c.id == "dak-rve" {
                assert_eq!(v.id, format!("dak-rve-tdp-{n}"));
                assert_eq!(v.name.vi, format!("Tổ dân phố {n}"));
            } else {
                assert_eq!(v.id, format!("{}-thon-{n}", c.id));
                assert_eq!(v.name.vi, format!("Thôn {n}"));
            }
            assert_eq!(org.commune_of(&v.id).unwrap().id, c.id);
            assert_eq!(org.is_urban(&v.id), Some(c.id == "dak-rve"));
        }
    }
    let urban: Vec<&str> =
        org.all().iter().filter(|u| org.is_urban(&u.id) == Some(true)).map(|u| u.id.as_str()).collect();
    assert_eq!(urban.len(), 8);
    assert!(urban.iter().all(|id| id.starts_with("dak-rve")));
    assert_eq!(org.is_urban("kon-ray"), Some(false));
    assert_eq!(org.parent("tan-lap-thon-7").unwrap().id, "tan-lap");
    assert!(org.is_within("dak-to-re-thon-3", "kon-ray"));
}

#[test]
fn vietnamese_text_keeps_its_diacritics() {
    let p = plan();
    assert_eq!(p.org_units.get("dak-rve").unwrap().name.vi, "Thị trấn Đắk Rve");
    assert_eq!(p.org_units.get("dak-ruong").unwrap().name.vi, "Xã Đắk Ruồng");
    assert_eq!(p.indicator("2").unwrap().name.vi, "Tỷ lệ thất nghiệp chung dưới 5%");
    assert_eq!(p.indicator("3").unwrap().name.vi, "Tỷ lệ thất nghiệp khu vực thành thị từ 1,5-2%");
    assert!(p.indicator("25").unwrap().name.vi.contains("suy dinh dưỡng thể thấp còi"));
    assert!(p.indicator("30a").unwrap().name.vi.contains("32,0m² sàn/người"));
    assert!(p.indicator("30b").unwrap().name.vi.contains("27,8m² sàn/người"));
    assert!(p.indicator("36").unwrap().name.vi.contains("đồng bào dân tộc thiểu số"));
    assert!(p.task("III.3.1.2").unwrap().text.vi.contains("“Đền ơn đáp nghĩa”"));
    // Seed typos corrected in the data: "phân đầu"/"phần đầu" → "phấn đấu", "chuyên đổi" → "chuyển đổi".
    assert!(p.indicator("18").unwrap().name.vi.starts_with("Phấn đấu"));
    assert!(p.indicator("32").unwrap().name.vi.starts_with("Phấn đấu 95%"));
    assert!(p.task("III.3.3.a.2").unwrap().text.vi.contains("đào tạo chuyển đổi nghề nghiệp"));
    assert!(p.task("III.3.4.a.2").unwrap().text.vi.starts_with("Củng cố"));
    let json = EMBEDDED_PLAN_JSON;
    for bad in ["phân đầu", "phần đầu", "chuyên đổi", "phối hợp phối hợp", "**", "  "] {
        let in_text = p
            .tasks
            .iter()
            .flat_map(|t| [&t.text.vi, &t.assignment.vi])
            .chain(p.indicators.iter().map(|i| &i.name.vi))
            .any(|s| s.contains(bad));
        assert!(!in_text, "found {bad:?} in Vietnamese text");
    }
    // Every text has both languages and the English is not a copy of the Vietnamese.
    for t in &p.tasks {
        assert!(!t.text.en.is_empty() && t.text.en != t.text.vi, "{}", t.id);
    }
    for i in &p.indicators {
        assert!(!i.name.en.is_empty() && i.name.en != i.name.vi, "{}", i.id);
    }
    assert!(json.contains("Đinh Thị Hồng Thu"));
}
