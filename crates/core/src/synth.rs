//! Synthetic Kon Rẫy district (huyện Kon Rẫy giả lập) for demos, tests and load checks.
//!
//! Contract: `district(n, seed)` returns `n` complete households spread over the seven
//! commune-level units and 49 villages of the org contract, plus office-entered figures for
//! each unit and the district for `SURVEY_YEAR`. The same seed gives the same data, byte for
//! byte once serialised (ChaCha8 is specified, nothing iterates a hash map, timestamps come from
//! the survey dates and never from the clock). Every household passes `Household::validate`.
//!
//! The shapes are *plausible*, not official statistics: about 4 persons per household (≈30,000
//! persons at 7,500 households), Đắk Rve urban with ≈17% of the people, ≈65% of people in
//! ethnic-minority households, poverty ≈25% poor and ≈12% near-poor in rural communes, a total
//! fertility rate near 2.4, and under-5 heights drawn as z ~ N(−1.2, 1.1) so that stunting is in
//! the twenties. Household structure comes from simulated lives (a mother's births year by year,
//! children leaving home as adults), so ages, births and relations agree with each other.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::domain::growth::{self, Measured, WHO_POSITION_CORRECTION_CM};
use crate::domain::person::{age_days, age_months, age_years, Sex};
use crate::domain::survey::{
    Assessment, Completeness, Dataset, DiseaseStatus, EducationLevel, Enrolment, EnteredFigures, HeightMeasurement,
    Household, HousingType, LabourStatus, Latrine, Member, OldAgeBenefit, PovertyStatus, PrimaryCare, Qualification,
    RecordMeta, Relation, Schooling, SocialInsurance, WaterSource,
};

/// The district's org unit id.
pub const DISTRICT_ID: &str = "kon-ray";
/// The year the synthetic survey and figures refer to.
pub const SURVEY_YEAR: i32 = 2025;
/// Villages per commune-level unit.
pub const VILLAGES_PER_UNIT: u32 = 7;

/// A commune-level unit as the generator shapes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitShape {
    /// Org unit id (the contract with the plan model).
    pub id: &'static str,
    pub name: &'static str,
    pub urban: bool,
    /// Share of the district's persons living there.
    pub person_share: f64,
}

/// The seven commune-level units; Đắk Rve is the only urban one (thị trấn).
pub const UNITS: [UnitShape; 7] = [
    UnitShape { id: "dak-rve", name: "Thị trấn Đắk Rve", urban: true, person_share: 0.17 },
    UnitShape { id: "dak-koi", name: "Xã Đắk Kôi", urban: false, person_share: 0.14 },
    UnitShape { id: "dak-pne", name: "Xã Đắk Pne", urban: false, person_share: 0.10 },
    UnitShape { id: "dak-ruong", name: "Xã Đắk Ruồng", urban: false, person_share: 0.16 },
    UnitShape { id: "dak-to-lung", name: "Xã Đắk Tơ Lung", urban: false, person_share: 0.13 },
    UnitShape { id: "dak-to-re", name: "Xã Đắk Tờ Re", urban: false, person_share: 0.16 },
    UnitShape { id: "tan-lap", name: "Xã Tân Lập", urban: false, person_share: 0.14 },
];

/// Village id `n` (1-based) of a unit: `tdp` (tổ dân phố) in the town, `thon` elsewhere.
pub fn village_id(unit: &UnitShape, n: u32) -> String {
    let kind = if unit.urban { "tdp" } else { "thon" };
    format!("{}-{kind}-{n}", unit.id)
}

/// Generates the synthetic district: `households` households and the entered figures.
pub fn district(households: usize, seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(households);
    for (unit, n) in UNITS.iter().zip(allocate(households)) {
        for _ in 0..n {
            out.push(household(&mut rng, unit));
        }
    }
    let figures = figures(&mut rng, &out);
    Dataset { households: out, figures }
}

/// Expected persons per household, used only to turn person shares into household quotas.
const MEAN_SIZE_URBAN: f64 = 3.6;
const MEAN_SIZE_RURAL: f64 = 4.1;

/// Households per unit by largest remainder, so the split is exact and deterministic.
fn allocate(total: usize) -> [usize; 7] {
    let w: Vec<f64> =
        UNITS.iter().map(|u| u.person_share / if u.urban { MEAN_SIZE_URBAN } else { MEAN_SIZE_RURAL }).collect();
    let sum: f64 = w.iter().sum();
    let exact: Vec<f64> = w.iter().map(|x| x / sum * total as f64).collect();
    let mut counts = [0usize; 7];
    for (c, e) in counts.iter_mut().zip(&exact) {
        *c = e.floor() as usize;
    }
    let mut order: Vec<usize> = (0..7).collect();
    // Ties are broken by index so the order never depends on float noise alone.
    crate::base::sort::sort_by(&mut order, |&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.partial_cmp(&ra).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(&b))
    });
    let mut left = total - counts.iter().sum::<usize>();
    for i in order {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }
    counts
}

// ---------------------------------------------------------------------------------------------
// Random helpers
// ---------------------------------------------------------------------------------------------

fn uuid(rng: &mut ChaCha8Rng) -> Uuid {
    let mut b = [0u8; 16];
    rng.fill_bytes(&mut b);
    uuid::Builder::from_random_bytes(b).into_uuid()
}

fn normal(rng: &mut ChaCha8Rng, mean: f64, sd: f64) -> f64 {
    // Box–Muller; 1 − u keeps the logarithm finite.
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen::<f64>();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, f64)]) -> T {
    let total: f64 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen::<f64>() * total;
    for &(v, w) in items {
        if x < w {
            return v;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

fn one_of<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items[rng.gen_range(0..items.len())]
}

/// Rounds to `1 / per_unit` (10 → tenths, 2 → halves); dividing last keeps the JSON short
/// (87.3, not 87.30000000000001).
fn round_to(x: f64, per_unit: f64) -> f64 {
    (x * per_unit).round() / per_unit
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

const KINH_FAMILY: &[&str] = &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const KINH_MALE: &[&str] =
    &["Hùng", "Dũng", "Minh", "Tuấn", "Nam", "Phúc", "Quân", "Long", "Sơn", "Thắng", "Khánh", "Bảo"];
const KINH_FEMALE: &[&str] =
    &["Lan", "Hoa", "Mai", "Hương", "Thảo", "Ngọc", "Trang", "Linh", "Yến", "Hạnh", "Nhung", "Vy"];
const KINH_MIDDLE_MALE: &[&str] = &["Văn", "Đức", "Minh", "Quang", "Hữu"];
const KINH_MIDDLE_FEMALE: &[&str] = &["Thị", "Ngọc", "Thu", "Thanh"];
// Xơ Đăng and Ba Na personal names: "A" before men's names, "Y" before women's.
const EM_MALE: &[&str] = &["Thuyên", "Blêu", "Đeo", "Brêu", "Kơl", "Hyên", "Nhâm", "Sơ", "Pheo", "Ríu", "Xoan", "Duy"];
const EM_FEMALE: &[&str] =
    &["Hiên", "Blơng", "Thoa", "Nhí", "Hlen", "Mơ", "Dưi", "Phương", "Rin", "Hương", "Liên", "Xuân"];

fn person_name(rng: &mut ChaCha8Rng, ethnic: bool, sex: Sex, family: &str) -> String {
    match (ethnic, sex) {
        (true, Sex::Male) => format!("A {}", one_of(rng, EM_MALE)),
        (true, Sex::Female) => format!("Y {}", one_of(rng, EM_FEMALE)),
        (false, Sex::Male) => format!("{family} {} {}", one_of(rng, KINH_MIDDLE_MALE), one_of(rng, KINH_MALE)),
        (false, Sex::Female) => format!("{family} {} {}", one_of(rng, KINH_MIDDLE_FEMALE), one_of(rng, KINH_FEMALE)),
    }
}

// ---------------------------------------------------------------------------------------------
// Household structure
// ---------------------------------------------------------------------------------------------

/// A member before the questionnaire is filled: who, how old, and (for mothers) recent births.
struct Proto {
    sex: Sex,
    age_years: u32,
    relation: Relation,
    births_last_12m: i32,
    /// Family name carried by Kinh members; empty for ethnic-minority names.
    family: String,
}

/// Age-specific fertility for single year `a`, per woman per year, for a total fertility rate
/// of about 2.45 over all women (5 × Σ groups).
fn asfr(a: u32) -> f64 {
    match a {
        15..=19 => 0.060,
        20..=24 => 0.150,
        25..=29 => 0.135,
        30..=34 => 0.090,
        35..=39 => 0.045,
        40..=44 => 0.012,
        45..=49 => 0.003,
        _ => 0.0,
    }
}

/// A mother's children as ages in completed years, from a year-by-year life: a birth at her age
/// `a` gives a child now `mother_age − a`; no birth the year after one. `last_age` is the last
/// age at which she could give birth (her current age while in a union). `scale` lifts the
/// population rates to rates for women in a union (daughters still at home have none).
fn births(rng: &mut ChaCha8Rng, mother_age: u32, last_age: u32, scale: f64) -> Vec<u32> {
    let mut ages = Vec::new();
    let mut last_birth: Option<u32> = None;
    for a in 15..=last_age.min(49) {
        if matches!(last_birth, Some(l) if a - l < 2) {
            continue;
        }
        if rng.gen_bool((asfr(a) * scale).min(0.9)) {
            ages.push(mother_age - a);
            last_birth = Some(a);
        }
    }
    ages
}

/// Whether a child of `age` years still lives with the parents.
fn at_home(rng: &mut ChaCha8Rng, age: u32) -> bool {
    let p = match age {
        0..=14 => 1.0,
        15..=17 => 0.93,
        18..=21 => 0.6,
        22..=25 => 0.35,
        26..=30 => 0.15,
        _ => 0.0,
    };
    rng.gen_bool(p)
}

fn other_sex(s: Sex) -> Sex {
    match s {
        Sex::Male => Sex::Female,
        Sex::Female => Sex::Male,
    }
}

fn child_sex(rng: &mut ChaCha8Rng) -> Sex {
    if rng.gen_bool(0.512) {
        Sex::Male
    } else {
        Sex::Female
    }
}

/// Adds a mother's children (of relation `rel`) living at home; returns her births in the
/// last 12 months.
fn add_children(
    rng: &mut ChaCha8Rng,
    members: &mut Vec<Proto>,
    mother_age: u32,
    last_age: u32,
    scale: f64,
    rel: Relation,
    family: &str,
) -> i32 {
    let mut recent = 0;
    for age in births(rng, mother_age, last_age, scale) {
        if age == 0 {
            recent += 1;
        }
        if at_home(rng, age) {
            members.push(Proto {
                sex: child_sex(rng),
                age_years: age,
                relation: rel,
                births_last_12m: 0,
                family: family.to_owned(),
            });
        }
    }
    recent
}

/// Builds the people of one household from its type.
fn structure(rng: &mut ChaCha8Rng, urban: bool, ethnic: bool, family: &str) -> Vec<Proto> {
    let scale = 1.65 * if urban { 0.85 } else { 1.0 } * if ethnic { 1.1 } else { 1.0 };
    let p =
        |sex, age_years, relation| Proto { sex, age_years, relation, births_last_12m: 0, family: family.to_owned() };
    let kind = if urban {
        pick(rng, &[(0, 0.64), (1, 0.16), (2, 0.20)])
    } else {
        pick(rng, &[(0, 0.68), (1, 0.22), (2, 0.10)])
    };
    let mut m = Vec::new();
    match kind {
        // Nuclear family, sometimes with a grandparent.
        0 => {
            let (lo, hi) = pick(rng, &[((20, 29), 0.22), ((30, 39), 0.32), ((40, 49), 0.26), ((50, 59), 0.20)]);
            let head_age: u32 = rng.gen_range(lo..=hi);
            let married = rng.gen_bool(0.9);
            let head_sex = if rng.gen_bool(if married { 0.9 } else { 0.35 }) { Sex::Male } else { Sex::Female };
            m.push(p(head_sex, head_age, Relation::Head));
            let gap: u32 = rng.gen_range(0..=6);
            let (mother_idx, mother_age) = if married {
                let spouse_age =
                    if head_sex == Sex::Male { head_age.saturating_sub(gap).max(18) } else { head_age + gap };
                m.push(p(other_sex(head_sex), spouse_age, Relation::Spouse));
                if head_sex == Sex::Female {
                    (0, head_age)
                } else {
                    (1, spouse_age)
                }
            } else if head_sex == Sex::Female {
                (0, head_age)
            } else {
                (usize::MAX, head_age.saturating_sub(gap).max(18))
            };
            // Without a partner there are no recent births: the union ended a few years ago.
            let last_age = if married { mother_age } else { mother_age.saturating_sub(3) };
            let recent = add_children(rng, &mut m, mother_age, last_age, scale, Relation::Child, family);
            if mother_idx != usize::MAX {
                m[mother_idx].births_last_12m = recent;
            }
            if rng.gen_bool(if urban { 0.12 } else { 0.16 }) {
                let age = (head_age + rng.gen_range(22..=32)).min(95);
                let sex = if rng.gen_bool(0.65) { Sex::Female } else { Sex::Male };
                m.push(p(sex, age, Relation::Parent));
            }
        }
        // Three generations: an older head, an adult child's family, the grandchildren.
        1 => {
            let head_age: u32 = rng.gen_range(50..=80);
            let head_sex = if rng.gen_bool(0.75) { Sex::Male } else { Sex::Female };
            m.push(p(head_sex, head_age, Relation::Head));
            let parent_mother_age = if head_sex == Sex::Male {
                let age = head_age.saturating_sub(rng.gen_range(0..=6));
                if rng.gen_bool(0.72) {
                    m.push(p(Sex::Female, age, Relation::Spouse));
                }
                age
            } else {
                if rng.gen_bool(0.3) {
                    m.push(p(Sex::Male, head_age + rng.gen_range(0..=6), Relation::Spouse));
                }
                head_age
            };
            let child_age = parent_mother_age.saturating_sub(rng.gen_range(20..=32)).max(18);
            let adult_sex = if rng.gen_bool(0.7) { Sex::Male } else { Sex::Female };
            m.push(p(adult_sex, child_age, Relation::Child));
            let child_idx = m.len() - 1;
            let partnered = rng.gen_bool(0.85);
            let young_mother = if partnered {
                let in_law_age = if adult_sex == Sex::Male {
                    child_age.saturating_sub(rng.gen_range(0..=5)).max(17)
                } else {
                    child_age + rng.gen_range(0..=5)
                };
                m.push(p(other_sex(adult_sex), in_law_age, Relation::ChildInLaw));
                Some(if adult_sex == Sex::Female { (child_idx, child_age) } else { (m.len() - 1, in_law_age) })
            } else if adult_sex == Sex::Female {
                Some((child_idx, child_age))
            } else {
                None
            };
            if let Some((idx, age)) = young_mother {
                let last_age = if partnered { age } else { age.saturating_sub(3) };
                let recent = add_children(rng, &mut m, age, last_age, scale, Relation::Grandchild, family);
                m[idx].births_last_12m = recent;
            }
            if rng.gen_bool(0.3) {
                let age = child_age.saturating_sub(rng.gen_range(2..=8)).max(12);
                m.push(p(child_sex(rng), age, Relation::Child));
            }
        }
        // One or two people: elderly alone or as a couple, or a young adult alone.
        _ => match pick(rng, &[(0, 0.55), (1, 0.25), (2, 0.20)]) {
            0 => {
                let sex = if rng.gen_bool(0.7) { Sex::Female } else { Sex::Male };
                m.push(p(sex, rng.gen_range(60..=92), Relation::Head));
            }
            1 => {
                let age = rng.gen_range(60..=85);
                m.push(p(Sex::Male, age, Relation::Head));
                m.push(p(Sex::Female, age.saturating_sub(rng.gen_range(0..=5)).max(60), Relation::Spouse));
            }
            _ => {
                let sex = if rng.gen_bool(0.6) { Sex::Male } else { Sex::Female };
                m.push(p(sex, rng.gen_range(18..=40), Relation::Head));
            }
        },
    }
    m
}

// ---------------------------------------------------------------------------------------------
// The questionnaire
// ---------------------------------------------------------------------------------------------

/// What the member answers depend on besides their own age and sex.
struct Ctx {
    urban: bool,
    ethnic: bool,
    remote: bool,
    poverty: PovertyStatus,
    alone: bool,
    survey_date: NaiveDate,
}

fn household(rng: &mut ChaCha8Rng, unit: &UnitShape) -> Household {
    let village_n = rng.gen_range(1..=VILLAGES_PER_UNIT);
    // The last two villages of each rural commune are the remote ones (vùng sâu, vùng xa).
    let remote = !unit.urban && village_n >= 6;
    let ethnic = rng.gen_bool(if unit.urban {
        0.35
    } else if remote {
        0.85
    } else {
        0.62
    });
    let survey_date = NaiveDate::from_ymd_opt(SURVEY_YEAR, 9, 1).expect("valid date") + Days::new(rng.gen_range(0..91));
    // 08:00–17:00 in Vietnam (UTC+7) is 01:00–10:00 UTC.
    let created_at: DateTime<Utc> = survey_date.and_hms_opt(1, 0, 0).expect("valid time").and_utc()
        + chrono::Duration::minutes(rng.gen_range(0..540));
    let updated_at = created_at + chrono::Duration::minutes(rng.gen_range(10..120));
    let meta = RecordMeta { id: uuid(rng), created_at, updated_at };

    let (p_poor, p_near) = match (unit.urban, ethnic) {
        (false, true) => (0.31, 0.14),
        (false, false) => (0.12, 0.08),
        (true, true) => (0.12, 0.08),
        (true, false) => (0.04, 0.04),
    };
    let poverty = pick(
        rng,
        &[
            (PovertyStatus::Poor, p_poor),
            (PovertyStatus::NearPoor, p_near),
            (PovertyStatus::NotPoor, 1.0 - p_poor - p_near),
        ],
    );

    let family = one_of(rng, KINH_FAMILY).to_owned();
    let protos = structure(rng, unit.urban, ethnic, &family);
    let ctx = Ctx { urban: unit.urban, ethnic, remote, poverty, alone: protos.len() == 1, survey_date };
    let members: Vec<Member> = protos.iter().map(|p| member(rng, p, &ctx)).collect();

    let mut h = Household::new(meta, unit.id, village_id(unit, village_n), survey_date);
    h.completeness = Completeness::Complete;
    // Every synthetic household heard the notice and agreed on its survey day.
    h.consent = Some(crate::domain::survey::Consent {
        answer: crate::domain::survey::ConsentAnswer::Agreed,
        date: survey_date,
        notice_version: crate::domain::consent::NOTICE_VERSION,
    });
    h.ethnic_minority = Some(ethnic);
    h.remote_village = Some(remote);
    h.poverty = Some(poverty);
    h.disaster_affected = Some(rng.gen_bool(if remote { 0.10 } else { 0.05 }));
    h.meritorious_service = Some(rng.gen_bool(if unit.urban { 0.05 } else { 0.03 }));

    // Income per person per month, consistent with the 2022–2025 multidimensional poverty line
    // (rural poor ≤ 1.5 M VND, near-poor ≤ 2.0 M; urban 2.0 M and 2.5 M).
    let (poor_line, near_line) = if unit.urban { (2_000_000.0, 2_500_000.0) } else { (1_500_000.0, 2_000_000.0) };
    let income = match poverty {
        PovertyStatus::Poor => rng.gen_range(0.4 * poor_line..poor_line),
        PovertyStatus::NearPoor => rng.gen_range(poor_line..near_line),
        PovertyStatus::NotPoor => {
            let median = if unit.urban { 4_800_000.0 } else { 3_000_000.0 };
            (median * normal(rng, 0.0, 0.5).exp()).max(near_line + 100_000.0)
        }
    };
    h.income_per_person_vnd = Some((income / 10_000.0).round() as i64 * 10_000);

    let housing = if poverty.is_poor_or_near_poor() {
        pick(
            rng,
            &[
                (HousingType::Permanent, 0.15),
                (HousingType::SemiPermanent, 0.62),
                (HousingType::Temporary, 0.17),
                (HousingType::Dilapidated, 0.06),
            ],
        )
    } else if unit.urban {
        pick(rng, &[(HousingType::Permanent, 0.70), (HousingType::SemiPermanent, 0.27), (HousingType::Temporary, 0.03)])
    } else {
        pick(
            rng,
            &[
                (HousingType::Permanent, 0.42),
                (HousingType::SemiPermanent, 0.50),
                (HousingType::Temporary, 0.06),
                (HousingType::Dilapidated, 0.02),
            ],
        )
    };
    h.housing = Some(housing);
    let per_person =
        if unit.urban { 29.0 } else { 22.0 } * if housing.is_temporary_or_dilapidated() { 0.7 } else { 1.0 };
    let area = (members.len() as f64 * per_person * normal(rng, 0.0, 0.3).exp()).clamp(12.0, 400.0);
    h.floor_area_m2 = Some(round_to(area, 2.0));

    h.water = Some(if unit.urban {
        pick(
            rng,
            &[
                (WaterSource::Piped, 0.86),
                (WaterSource::Treated, 0.07),
                (WaterSource::ProtectedWell, 0.06),
                (WaterSource::Unprotected, 0.01),
            ],
        )
    } else if remote {
        pick(
            rng,
            &[
                (WaterSource::Piped, 0.30),
                (WaterSource::Treated, 0.15),
                (WaterSource::ProtectedWell, 0.30),
                (WaterSource::Unprotected, 0.25),
            ],
        )
    } else {
        pick(
            rng,
            &[
                (WaterSource::Piped, 0.50),
                (WaterSource::Treated, 0.20),
                (WaterSource::ProtectedWell, 0.20),
                (WaterSource::Unprotected, 0.10),
            ],
        )
    });
    h.latrine = Some(if unit.urban {
        pick(rng, &[(Latrine::Hygienic, 0.93), (Latrine::Unhygienic, 0.06), (Latrine::NoLatrine, 0.01)])
    } else if remote {
        pick(rng, &[(Latrine::Hygienic, 0.60), (Latrine::Unhygienic, 0.25), (Latrine::NoLatrine, 0.15)])
    } else {
        pick(rng, &[(Latrine::Hygienic, 0.75), (Latrine::Unhygienic, 0.18), (Latrine::NoLatrine, 0.07)])
    });
    h.radio_tv = Some(rng.gen_bool(if remote { 0.82 } else { 0.93 }));

    // Crude death rate near 6 per 1,000, higher where old people live.
    let old = protos.iter().filter(|p| p.age_years >= 70).count() as f64;
    let p_death = (0.003 * members.len() as f64 + 0.035 * old).min(0.5);
    h.deaths_last_12m = Some(i32::from(rng.gen_bool(p_death)));
    h.members = members;
    h
}

fn date_of_birth(rng: &mut ChaCha8Rng, age_years: u32, survey_date: NaiveDate) -> NaiveDate {
    // Survey dates fall in September–November, so the same day `age_years` earlier exists; going
    // back up to 364 more days keeps the completed age at `age_years`.
    let anniversary =
        survey_date.with_year(survey_date.year() - age_years as i32).expect("no 29 February in the survey window");
    anniversary - Days::new(rng.gen_range(0..365))
}

fn member(rng: &mut ChaCha8Rng, p: &Proto, ctx: &Ctx) -> Member {
    let dob = date_of_birth(rng, p.age_years, ctx.survey_date);
    let years = age_years(dob, ctx.survey_date).expect("born before the survey");
    let months = age_months(dob, ctx.survey_date).expect("born before the survey");
    let days = age_days(dob, ctx.survey_date).expect("born before the survey");
    let name = person_name(rng, ctx.ethnic, p.sex, &p.family);
    let mut m = Member::new(uuid(rng), name, p.sex, dob, p.relation);
    let needy = ctx.poverty.is_poor_or_near_poor();

    let insured = rng.gen_bool(if years < 6 {
        0.99
    } else if needy || (ctx.ethnic && !ctx.urban) {
        0.985
    } else if ctx.urban {
        0.90
    } else {
        0.85
    });
    m.health_insurance = Some(insured);
    m.health_record = Some(rng.gen_bool(if ctx.urban { 0.93 } else { 0.88 }));
    m.primary_care = Some(if !rng.gen_bool(0.45) {
        PrimaryCare::NotUsed
    } else if insured && rng.gen_bool(0.95) {
        PrimaryCare::UsedInsurancePaid
    } else {
        PrimaryCare::UsedNotInsurancePaid
    });

    if years >= 5 {
        m.schooling = Some(schooling(rng, years, ctx));
    }
    let enrolled =
        matches!(m.schooling, Some(Schooling { enrolment: Enrolment::Grade(_) | Enrolment::PostSecondary, .. }));

    if years >= 15 {
        let labour = if enrolled {
            if rng.gen_bool(0.9) {
                LabourStatus::NotInLabourForce
            } else {
                LabourStatus::Employed
            }
        } else if years < 60 {
            let p_out = if p.sex == Sex::Female { 0.12 } else { 0.06 };
            let p_unemployed = if ctx.urban { 0.018 } else { 0.03 };
            pick(
                rng,
                &[
                    (LabourStatus::NotInLabourForce, p_out),
                    (LabourStatus::Unemployed, p_unemployed),
                    (LabourStatus::Employed, 1.0 - p_out - p_unemployed),
                ],
            )
        } else if rng.gen_bool(if years < 70 { 0.55 } else { 0.2 }) {
            LabourStatus::Employed
        } else {
            LabourStatus::NotInLabourForce
        };
        m.labour_status = Some(labour);
        let upper = m.schooling.is_some_and(|s| s.highest_completed == EducationLevel::UpperSecondary);
        let qualification = if years < 18 {
            pick(rng, &[(Qualification::NoQualification, 0.97), (Qualification::VocationalCertificate, 0.03)])
        } else if upper && years >= 22 {
            let uni = if ctx.urban { 0.25 } else { 0.10 };
            pick(
                rng,
                &[
                    (Qualification::University, uni),
                    (Qualification::Postgraduate, uni * 0.05),
                    (Qualification::College, 0.07),
                    (Qualification::Intermediate, 0.08),
                    (Qualification::VocationalCertificate, 0.16),
                    (Qualification::NoQualification, 0.69 - uni * 1.05),
                ],
            )
        } else {
            pick(
                rng,
                &[
                    (Qualification::VocationalCertificate, 0.17),
                    (Qualification::Intermediate, 0.03),
                    (Qualification::NoQualification, 0.80),
                ],
            )
        };
        m.qualification = Some(qualification);
        let formal = labour == LabourStatus::Employed
            && (18..62).contains(&years)
            && rng.gen_bool(if qualification >= Qualification::College {
                0.6
            } else if ctx.urban {
                0.25
            } else {
                0.07
            });
        let social = if formal {
            SocialInsurance::Compulsory
        } else if rng.gen_bool(0.04) {
            SocialInsurance::Voluntary
        } else {
            SocialInsurance::NotInsured
        };
        m.social_insurance = Some(social);
        m.unemployment_insurance = Some(social == SocialInsurance::Compulsory && rng.gen_bool(0.92));
    }

    if years >= crate::domain::person::BENEFIT_QUESTION_MIN_AGE {
        let pension_age = if p.sex == Sex::Male { 61 } else { 56 };
        let benefit = if years >= pension_age && rng.gen_bool(if ctx.urban { 0.28 } else { 0.08 }) {
            OldAgeBenefit::Pension
        } else if years >= 75 && rng.gen_bool(0.9) {
            OldAgeBenefit::SocialPension
        } else if years >= pension_age && rng.gen_bool(0.03) {
            OldAgeBenefit::MonthlySocialInsurance
        } else {
            OldAgeBenefit::NoBenefit
        };
        m.old_age_benefit = Some(benefit);
    }
    let lonely = years >= 60 && ctx.alone;
    if years >= 60 {
        m.lonely_elderly = Some(lonely);
    }
    m.social_assistance = Some(rng.gen_bool(if lonely && needy {
        0.9
    } else if months < 36 && needy {
        0.6
    } else {
        0.02
    }));

    if p.sex == Sex::Female && (15..=49).contains(&years) {
        m.births_last_12m = Some(p.births_last_12m);
    }
    if (12..60).contains(&months) {
        m.fully_vaccinated_before_1 = Some(rng.gen_bool(if ctx.ethnic && ctx.remote { 0.86 } else { 0.93 }));
    }
    if months < 60 {
        let expected_lying = days < 731;
        let correct_position = rng.gen_bool(0.97);
        let measured = if expected_lying == correct_position { Measured::Lying } else { Measured::Standing };
        let z = normal(rng, -1.2, 1.1).clamp(-5.0, 4.0);
        let cm = growth::height_at_z(p.sex, days, z, measured, WHO_POSITION_CORRECTION_CM)
            .expect("under-5 ages are in the WHO table");
        m.height = Some(HeightMeasurement { height_cm: round_to(cm, 10.0), measured, date: ctx.survey_date });
    }
    m
}

fn schooling(rng: &mut ChaCha8Rng, years: u32, ctx: &Ctx) -> Schooling {
    use EducationLevel::*;
    let hard = ctx.ethnic && !ctx.urban;
    let (enrolment, highest) = match years {
        5 => (if rng.gen_bool(0.97) { Enrolment::Preschool } else { Enrolment::NotEnrolled }, BelowPrimary),
        6..=14 => {
            let dropout = years >= 11 && rng.gen_bool(if hard { 0.05 } else { 0.02 });
            let late = rng.gen_bool(if years == 6 { 0.01 } else { 0.05 });
            let grade = (years - 5 - u32::from(late)) as u8;
            if dropout {
                (Enrolment::NotEnrolled, if rng.gen_bool(0.8) { Primary } else { BelowPrimary })
            } else if grade == 0 {
                (Enrolment::Preschool, BelowPrimary)
            } else {
                (Enrolment::Grade(grade), if grade >= 6 { Primary } else { BelowPrimary })
            }
        }
        15..=17 => {
            if rng.gen_bool(if ctx.urban {
                0.9
            } else if hard {
                0.62
            } else {
                0.78
            }) {
                (Enrolment::Grade((years - 5) as u8), LowerSecondary)
            } else {
                (Enrolment::NotEnrolled, pick(rng, &[(LowerSecondary, 0.7), (Primary, 0.27), (BelowPrimary, 0.03)]))
            }
        }
        _ => {
            let p_upper = if ctx.urban {
                0.75
            } else if hard {
                0.42
            } else {
                0.6
            };
            let cohort = match years {
                18..=39 => 1.0,
                40..=59 => 0.6,
                _ => 0.3,
            };
            let p_upper = p_upper * cohort;
            let highest = pick(
                rng,
                &[
                    (UpperSecondary, p_upper),
                    (LowerSecondary, (1.0 - p_upper) * 0.5),
                    (Primary, (1.0 - p_upper) * 0.35),
                    (BelowPrimary, (1.0 - p_upper) * 0.15),
                ],
            );
            let studying = highest == UpperSecondary
                && years <= 24
                && rng.gen_bool(if years <= 21 {
                    if ctx.urban {
                        0.35
                    } else {
                        0.18
                    }
                } else {
                    0.06
                });
            (if studying { Enrolment::PostSecondary } else { Enrolment::NotEnrolled }, highest)
        }
    };
    Schooling { enrolment, highest_completed: highest }
}

// ---------------------------------------------------------------------------------------------
// Entered figures
// ---------------------------------------------------------------------------------------------

fn figures(rng: &mut ChaCha8Rng, households: &[Household]) -> Vec<EnteredFigures> {
    let entered_on = NaiveDate::from_ymd_opt(SURVEY_YEAR, 12, 15).expect("valid date");
    let at = |rng: &mut ChaCha8Rng| -> RecordMeta {
        let t = entered_on.and_hms_opt(2, 0, 0).expect("valid time").and_utc()
            + chrono::Duration::minutes(rng.gen_range(0..480));
        RecordMeta::new(uuid(rng), t)
    };
    let mut out = Vec::with_capacity(UNITS.len() + 1);
    let mut stations = 0;
    let mut stations_ok = 0;
    let mut schools = 0;
    let mut schools_ok = 0;
    let mut points = 0;
    let mut points_ok = 0;
    for unit in &UNITS {
        let mut f = EnteredFigures::new(at(rng), unit.id, SURVEY_YEAR);
        // Commune health stations: a doctor, a few nurses, rarely a pharmacist; no hospital beds.
        f.doctors = Some(i64::from(rng.gen_bool(0.8)));
        f.nurses = Some(rng.gen_range(2..=4));
        f.pharmacists = Some(i64::from(rng.gen_bool(0.3)));
        f.preschool_universalised = Some(rng.gen_bool(0.85));
        f.health_stations_total = Some(1);
        let ok = i64::from(rng.gen_bool(0.7));
        f.health_stations_sanitation_ok = Some(ok);
        let total_schools: i64 = rng.gen_range(4..=7);
        let ok_schools = total_schools - rng.gen_range(0..=2);
        f.schools_total = Some(total_schools);
        f.schools_sanitation_ok = Some(ok_schools);
        stations += 1;
        stations_ok += ok;
        schools += total_schools;
        schools_ok += ok_schools;
        if !unit.urban {
            let collected = rng.gen_range(0..=1);
            f.rural_points_total = Some(i64::from(VILLAGES_PER_UNIT));
            f.rural_points_wastewater_collected = Some(collected);
            points += i64::from(VILLAGES_PER_UNIT);
            points_ok += collected;
        }
        for n in 1..=VILLAGES_PER_UNIT {
            let id = village_id(unit, n);
            let surveyed = households.iter().filter(|h| h.village_id == id).count() as f64;
            // The lists count a few households the survey has not reached yet.
            let expected = (surveyed * rng.gen_range(1.02..1.10)).ceil() as i64;
            f.expected_households.insert(id, expected);
        }
        out.push(f);
    }
    let persons: usize = households.iter().map(|h| h.members.len()).sum();
    let mut d = EnteredFigures::new(at(rng), DISTRICT_ID, SURVEY_YEAR);
    // The district health centre (TTYT huyện) carries the hospital beds and most staff.
    let scale = persons as f64 / 30_000.0;
    d.hospital_beds = Some((110.0 * scale).round() as i64);
    d.doctors = Some((34.0 * scale).round() as i64);
    d.pharmacists = Some((4.0 * scale).round() as i64);
    d.nurses = Some((70.0 * scale).round() as i64);
    d.official_population = Some((persons as f64 * rng.gen_range(1.0..1.04)).round() as i64);
    d.preschool_universalised = Some(true);
    d.literacy_level2_kept = Some(true);
    d.life_expectancy_years = Some(round_to(rng.gen_range(67.5..69.5), 10.0));
    d.aids = Some(Assessment {
        status: DiseaseStatus::InProgress,
        note: Some("Quản lý, điều trị ARV cho người nhiễm HIV".into()),
    });
    d.tuberculosis = Some(Assessment {
        status: DiseaseStatus::InProgress,
        note: Some("Phát hiện, điều trị lao tại trạm y tế xã".into()),
    });
    d.malaria = Some(Assessment {
        status: DiseaseStatus::Achieved,
        note: Some("Không có ca sốt rét nội địa trong năm".into()),
    });
    d.health_stations_total = Some(stations);
    d.health_stations_sanitation_ok = Some(stations_ok);
    d.schools_total = Some(schools);
    d.schools_sanitation_ok = Some(schools_ok);
    d.rural_points_total = Some(points);
    d.rural_points_wastewater_collected = Some(points_ok);
    d.wastewater_treated_percent = Some(round_to(rng.gen_range(2.0..5.0), 10.0));
    out.push(d);
    out
}
