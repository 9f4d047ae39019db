//! The accumulation pass and the roll-up (see the crate contract).
//!
//! A record's outcome for an indicator is one of: not in its population (`Skip`), counted in
//! the denominator and maybe the numerator (`Share`, or weighted `Add`), or excluded with a
//! reason (`Exclude`). Member-level indicators are shares of persons with whole-number
//! contributions, so a household's members are summed first (exact below 2^53) and its
//! village's cell is touched once; household-level contributions are added one by one in
//! household order, as the core's oracle does, so every sum has the oracle's bits.

use chrono::Datelike;

use crate::AgeAt;
use crate::{
    benefit, poverty, Care, Cell, Condition, Enrolment, Event, Group, Household, Input, Labour, Latrine, Level, Op,
    Person, Scheme, Scope, Social, Stunting, Tally, Tree, Why,
};

#[derive(Clone, Copy)]
enum Outcome {
    Skip,
    Share(bool),
    Add(f64, f64),
    Exclude(Why),
}

/// A member's outcome for a member-level indicator.
#[derive(Clone, Copy)]
enum Answer {
    Skip,
    Share(bool),
    Exclude(Why),
}

const fn missing(field: &'static str) -> Outcome {
    Outcome::Exclude(Why::Missing(field))
}

const fn unanswered(field: &'static str) -> Answer {
    Answer::Exclude(Why::Missing(field))
}

fn in_scope(scope: Scope, urban: bool) -> bool {
    match scope {
        Scope::All => true,
        Scope::Urban => urban,
        Scope::Rural => !urban,
    }
}

/// A completed age in months that is unknown (birth after the survey date, or no birth date).
const NO_AGE: u32 = u32::MAX;

/// What every member-level loop reads of each person besides the answers, laid out flat
/// (16 bytes) so that a loop skipping most persons on their age touches little memory.
#[derive(Clone, Copy)]
struct Row {
    /// Completed months at the household's survey date; `NO_AGE` when unknown.
    months: u32,
    household: u32,
    village: u32,
    urban: bool,
}

/// The months a member-level indicator may count: persons outside are skipped without looking
/// at their answers (an unknown age still excludes them from an indicator that needs the age).
/// Only a pre-filter: each formula still checks its own population.
#[derive(Clone, Copy)]
struct Window {
    lo: u32,
    /// `hi - lo`, so that the test is one subtraction and one comparison.
    span: u32,
}

impl Window {
    const ALL: Window = Window { lo: 0, span: NO_AGE - 1 };

    /// Completed months in `lo..=hi` (clamped below `NO_AGE`; empty bounds keep nobody).
    fn months(lo: u32, hi: u32) -> Window {
        let hi = hi.min(NO_AGE - 1);
        if lo > hi {
            // Keeps nobody with a known age: `m - NO_AGE` wraps to `m + 1 > 0`.
            return Window { lo: NO_AGE, span: 0 };
        }
        Window { lo, span: hi - lo }
    }

    /// Completed years in `lo..=hi`.
    fn years(lo: u32, hi: u32) -> Window {
        Window::months(lo.saturating_mul(12), hi.saturating_mul(12).saturating_add(11))
    }

    fn contains(self, months: u32) -> bool {
        months.wrapping_sub(self.lo) <= self.span
    }
}

#[cold]
#[inline(never)]
fn push_event(events: &mut Vec<Event>, k: usize, household: u32, person: usize, why: Why) {
    events.push(Event { op: k as u32, household, person: Some(person as u32), why });
}

struct Pass<'a> {
    input: &'a Input<'a>,
    n_ops: usize,
    /// One per person, in the persons' order.
    rows: Vec<Row>,
    /// Per unit, the current member-level indicator's (numerator, denominator) as whole numbers.
    counts: Vec<(u32, u32)>,
    cells: Vec<Cell>,
    groups: Vec<Vec<(f64, f64)>>,
    events: Vec<Event>,
}

/// Accumulates every survey indicator of every household into its village, then rolls
/// villages into their commune-level units and those into the district.
///
/// Indicator by indicator: each loop over the households or persons is specialised to one
/// formula with its parameters (no dispatch per record). Exclusions therefore come indicator by
/// indicator, and within one indicator in household then member order — the order each
/// (unit, indicator) list needs.
// Never inlined: inlined into its (size-optimised) caller, it would be optimised for size too.
#[inline(never)]
pub fn tally(input: &Input) -> Tally {
    let n_ops = input.ops.len();
    let slots = input.tree.units * n_ops;
    let mut rows = Vec::with_capacity(input.persons.len());
    for (i, h) in input.households.iter().enumerate() {
        let at = AgeAt::new(h.survey_date);
        rows.extend(input.persons[members(h)].iter().map(|p| Row {
            months: p.date_of_birth.and_then(|dob| at.months(dob)).map_or(NO_AGE, |m| m.min(NO_AGE - 1)),
            household: i as u32,
            village: h.village,
            urban: h.urban,
        }));
    }
    let mut pass = Pass {
        input,
        n_ops,
        rows,
        counts: vec![(0, 0); input.tree.units],
        cells: vec![Cell::default(); slots],
        groups: vec![Vec::new(); slots],
        events: Vec::with_capacity(64),
    };
    for (k, op) in input.ops.iter().enumerate() {
        pass.indicator(k, op);
    }
    pass.roll_up(&input.tree);
    Tally { cells: pass.cells, groups: pass.groups, events: pass.events }
}

fn members(h: &Household) -> std::ops::Range<usize> {
    let first = h.first_member as usize;
    first..first + h.members as usize
}

impl Pass<'_> {
    #[cold]
    #[inline(never)]
    fn exclude(&mut self, k: usize, household: usize, person: Option<usize>, why: Why) {
        self.events.push(Event { op: k as u32, household: household as u32, person: person.map(|p| p as u32), why });
    }

    fn add(&mut self, k: usize, i: usize, h: &Household, person: Option<usize>, o: Outcome) {
        let (num, den) = match o {
            Outcome::Skip => return,
            Outcome::Share(b) => (if b { 1.0 } else { 0.0 }, 1.0),
            Outcome::Add(n, d) => (n, d),
            Outcome::Exclude(why) => return self.exclude(k, i, person, why),
        };
        let c = &mut self.cells[h.village as usize * self.n_ops + k];
        c.num += num;
        c.den += den;
        c.used += 1;
    }

    /// A household-level indicator: one outcome per household of `scope`.
    fn households(&mut self, k: usize, scope: Scope, f: impl Fn(&Household) -> Outcome) {
        let input = self.input;
        for (i, h) in input.households.iter().enumerate() {
            if in_scope(scope, h.urban) {
                self.add(k, i, h, None, f(h));
            }
        }
    }

    /// A member-level indicator: one answer per person of `scope` (`AGED`: whose age is in
    /// `window`; the formula needs the age, so an unknown age excludes the person). Counted in
    /// whole numbers per unit and written to the cells once: the sums are exact, so they have
    /// the bits of adding member by member.
    fn people<const AGED: bool>(
        &mut self,
        k: usize,
        scope: Scope,
        window: Window,
        f: impl Fn(&Person, &Row) -> Answer,
    ) {
        let persons = self.input.persons;
        let rows = std::mem::take(&mut self.rows);
        let mut counts = std::mem::take(&mut self.counts);
        let mut events = std::mem::take(&mut self.events);
        // One sequential scan: visiting only some ages through an index was fewer instructions
        // but random access, much slower once the persons outgrow the cache (10 districts).
        for (j, (r, p)) in rows.iter().zip(persons).enumerate() {
            if !in_scope(scope, r.urban) {
                continue;
            }
            if AGED && !window.contains(r.months) {
                if r.months == NO_AGE {
                    push_event(&mut events, k, r.household, j, Why::BirthAfterSurveyDate);
                }
                continue;
            }
            match f(p, r) {
                Answer::Skip => {}
                Answer::Share(b) => {
                    let c = &mut counts[r.village as usize];
                    c.0 += u32::from(b);
                    c.1 += 1;
                }
                Answer::Exclude(why) => push_event(&mut events, k, r.household, j, why),
            }
        }
        for (v, c) in counts.iter_mut().enumerate() {
            if c.1 > 0 {
                let cell = &mut self.cells[v * self.n_ops + k];
                cell.num += f64::from(c.0);
                cell.den += f64::from(c.1);
                cell.used += u64::from(c.1);
            }
            *c = (0, 0);
        }
        self.rows = rows;
        self.counts = counts;
        self.events = events;
    }

    /// Members whose indicator needs the age, pre-filtered on `window`.
    fn aged(&mut self, k: usize, scope: Scope, window: Window, f: impl Fn(&Person, u32) -> Answer) {
        self.people::<true>(k, scope, window, |p, r| f(p, r.months))
    }

    /// Members whose indicator does not read the age.
    fn persons(&mut self, k: usize, scope: Scope, f: impl Fn(&Person) -> Answer) {
        self.people::<false>(k, scope, Window::ALL, |p, _| f(p))
    }

    fn indicator(&mut self, k: usize, op: &Op) {
        let working = self.input.working;
        let retirement = move |p: &Person| if p.female { working.retirement_female } else { working.retirement_male };
        match op {
            Op::Entered => {}
            Op::Meritorious { level, median, inclusive } => {
                let (input, inclusive) = (self.input, *inclusive);
                self.households(k, Scope::All, |h| {
                    let area = match level {
                        Level::Village => h.village,
                        Level::Commune => h.commune,
                        Level::District => input.tree.district,
                    };
                    let (med, mean) = input.income[area as usize];
                    let reference = if *median { med } else { mean };
                    match (h.meritorious_service, h.income_per_person_vnd) {
                        (None, _) => missing("meritorious_service"),
                        (Some(false), _) => Outcome::Skip,
                        (Some(true), None) => missing("income_per_person_vnd"),
                        // The household's own income is in its reference population, so the
                        // statistic exists whenever the income does.
                        (Some(true), Some(x)) => match reference {
                            Some(r) => Outcome::Share(if inclusive { x as f64 >= r } else { x as f64 > r }),
                            None => missing("income_per_person_vnd"),
                        },
                    }
                });
            }
            &Op::Unemployment { scope, min_age_years } => {
                self.aged(k, scope, Window::years(min_age_years, u32::MAX), |p, months| {
                    if months / 12 < min_age_years {
                        return Answer::Skip;
                    }
                    match p.labour {
                        None => unanswered("labour_status"),
                        Some(Labour::NotInLabourForce) => Answer::Skip,
                        Some(s) => Answer::Share(s == Labour::Unemployed),
                    }
                });
            }
            &Op::TrainedLabour { scope, min_age_years } => {
                self.aged(k, scope, Window::years(min_age_years, u32::MAX), |p, months| {
                    if months / 12 < min_age_years {
                        return Answer::Skip;
                    }
                    match (p.labour, p.trained) {
                        (None, _) => unanswered("labour_status"),
                        (Some(Labour::NotInLabourForce), _) => Answer::Skip,
                        (Some(_), None) => unanswered("qualification"),
                        (Some(_), Some(t)) => Answer::Share(t),
                    }
                });
            }
            Op::WorkingAgeInsured { schemes } => {
                let oldest = working.retirement_male.max(working.retirement_female);
                self.aged(k, Scope::All, Window::months(working.min_months, oldest.saturating_sub(1)), |p, months| {
                    if !(months >= working.min_months && months < retirement(p)) {
                        return Answer::Skip;
                    }
                    match p.labour {
                        None => unanswered("labour_status"),
                        Some(Labour::NotInLabourForce) => Answer::Skip,
                        Some(_) => any_scheme(p, schemes),
                    }
                });
            }
            &Op::PastWorkingAgeBenefit { benefits } => {
                let youngest = working.retirement_male.min(working.retirement_female);
                self.aged(k, Scope::All, Window::months(youngest, u32::MAX), |p, months| {
                    if months < retirement(p) {
                        return Answer::Skip;
                    }
                    match p.old_age_benefit {
                        None => unanswered("old_age_benefit"),
                        Some(b) => Answer::Share(b & benefits != benefit::NONE),
                    }
                });
            }
            &Op::Coverage { scheme, scope } => {
                self.persons(k, scope, |p| match scheme_answer(p, scheme) {
                    (Some(b), _) => Answer::Share(b),
                    (None, field) => unanswered(field),
                });
            }
            &Op::Assistance { poverty, child_below_age_months, lonely_elderly_min_age_years } => {
                let households = self.input.households;
                self.people::<true>(k, Scope::All, Window::ALL, |p, r| {
                    let months = r.months;
                    if months >= child_below_age_months {
                        if months / 12 < lonely_elderly_min_age_years {
                            return Answer::Skip;
                        }
                        match p.lonely_elderly {
                            None => return unanswered("lonely_elderly"),
                            Some(false) => return Answer::Skip,
                            Some(true) => {}
                        }
                    }
                    match households[r.household as usize].poverty {
                        None => return unanswered("poverty"),
                        Some(x) if x & poverty == 0 => return Answer::Skip,
                        Some(_) => {}
                    }
                    match p.social_assistance {
                        None => unanswered("social_assistance"),
                        Some(b) => Answer::Share(b),
                    }
                });
            }
            &Op::EnrolmentAtAge { age_years, min_grade } => {
                let school_age = self.school_ages();
                // School age a at a survey date means completed years a − 1 to a + 1.
                let window = Window::years(age_years.saturating_sub(1), age_years.saturating_add(1));
                self.people::<true>(k, Scope::All, window, |p, r| {
                    if school_age(p, r) != Some(age_years) {
                        return Answer::Skip;
                    }
                    match p.schooling {
                        None => unanswered("schooling"),
                        Some(s) => Answer::Share(match s.enrolment {
                            Enrolment::Grade(g) => u32::from(g) >= min_grade,
                            Enrolment::PostSecondary => true,
                            Enrolment::NotEnrolled | Enrolment::Preschool => false,
                        }),
                    }
                });
            }
            &Op::Attainment { min_age_years, max_age_years, level } => {
                let school_age = self.school_ages();
                let window = Window::years(min_age_years.saturating_sub(1), max_age_years.saturating_add(1));
                self.people::<true>(k, Scope::All, window, |p, r| {
                    if !school_age(p, r).is_some_and(|a| (min_age_years..=max_age_years).contains(&a)) {
                        return Answer::Skip;
                    }
                    match p.schooling {
                        None => unanswered("schooling"),
                        Some(s) => Answer::Share(s.highest_completed >= level),
                    }
                });
            }
            &Op::Fertility { min_age_years, max_age_years, group_width_years } => {
                self.fertility(k, min_age_years, max_age_years, group_width_years)
            }
            &Op::NaturalIncrease { births_asked_from, births_asked_to } => {
                let rows = std::mem::take(&mut self.rows);
                let asked = births_asked_from..=births_asked_to;
                let persons = self.input.persons;
                self.households(k, Scope::All, |h| {
                    let range = members(h);
                    natural_increase(h, &persons[range.clone()], &rows[range], &asked)
                });
                self.rows = rows;
            }
            Op::PrimaryCareInsurancePaid => {
                self.persons(k, Scope::All, |p| match p.primary_care {
                    None => unanswered("primary_care"),
                    Some(Care::NotUsed) => Answer::Skip,
                    Some(c) => Answer::Share(c == Care::UsedInsurancePaid),
                });
            }
            &Op::HealthRecord { scope } => {
                self.persons(k, scope, |p| match p.health_record {
                    None => unanswered("health_record"),
                    Some(b) => Answer::Share(b),
                });
            }
            &Op::Vaccination { min_age_months, max_age_months } => {
                self.aged(k, Scope::All, Window::months(min_age_months, max_age_months), |p, months| {
                    if !(min_age_months..=max_age_months).contains(&months) {
                        return Answer::Skip;
                    }
                    match p.fully_vaccinated_before_1 {
                        None => unanswered("fully_vaccinated_before_1"),
                        Some(b) => Answer::Share(b),
                    }
                });
            }
            Op::Stunting(method) => {
                let z_score = self.input.z_score;
                let window = Window::months(method.min_age_months, method.max_age_months);
                self.aged(k, Scope::All, window, |p, months| {
                    if !(method.min_age_months..=method.max_age_months).contains(&months) {
                        return Answer::Skip;
                    }
                    stunting(p, method, z_score)
                });
            }
            &Op::HouseholdShare { condition, scope } => {
                self.households(k, scope, |h| household_condition(h, condition));
            }
            &Op::TemporaryHousing { ref groups, conditions } => {
                self.households(k, Scope::All, |h| match in_groups(h, groups) {
                    Err(field) => missing(field),
                    Ok(false) => Outcome::Add(0.0, 1.0),
                    Ok(true) => match h.housing {
                        None => missing("housing"),
                        Some(t) => Outcome::Add(if t & conditions != 0 { 1.0 } else { 0.0 }, 1.0),
                    },
                });
            }
            &Op::FloorArea { scope } => {
                self.households(k, scope, |h| match h.floor_area_m2 {
                    None => missing("floor_area_m2"),
                    Some(a) if !(a.is_finite() && a >= 0.0) => Outcome::Exclude(Why::Invalid("floor_area_m2")),
                    Some(a) => Outcome::Add(a, f64::from(h.members)),
                });
            }
            Op::Broadcast { groups } => {
                self.households(k, Scope::All, |h| match in_groups(h, groups) {
                    Err(field) => missing(field),
                    Ok(false) => Outcome::Skip,
                    Ok(true) => match h.radio_tv {
                        None => missing("radio_tv"),
                        Some(b) => {
                            let n = f64::from(h.members);
                            Outcome::Add(if b { n } else { 0.0 }, n)
                        }
                    },
                });
            }
        }
    }

    /// The school age of a person of known age (education sector's convention): the year the
    /// school year of the household's survey date started minus the birth year.
    fn school_ages(&self) -> impl Fn(&Person, &Row) -> Option<u32> + 'static {
        let start = self.input.school_year_start_month;
        let households = self.input.households;
        // One school-year start per household, computed once for the indicator.
        let years: Vec<i32> = households
            .iter()
            .map(|h| if h.survey_date.month() >= start { h.survey_date.year() } else { h.survey_date.year() - 1 })
            .collect();
        move |p: &Person, r: &Row| {
            let dob = p.date_of_birth?;
            u32::try_from(years[r.household as usize] - dob.year()).ok()
        }
    }

    /// The fertility rate: per woman of the band, her births in her age group, and her births
    /// over her count in the cell (each woman added on her own, as in the oracle).
    fn fertility(&mut self, k: usize, min_age_years: u32, max_age_years: u32, group_width_years: u32) {
        // The core guarantees a non-empty band tiled by non-empty groups.
        let groups = ((max_age_years.saturating_add(1) - min_age_years) / group_width_years) as usize;
        let input = self.input;
        for (i, h) in input.households.iter().enumerate() {
            let slot = h.village as usize * self.n_ops + k;
            for j in members(h) {
                let p = &input.persons[j];
                if !p.female {
                    continue;
                }
                let o = match self.rows[j].months {
                    NO_AGE => Outcome::Exclude(Why::BirthAfterSurveyDate),
                    m if !(min_age_years..=max_age_years).contains(&(m / 12)) => Outcome::Skip,
                    m => match p.births_last_12m {
                        None => missing("births_last_12m"),
                        Some(b) if b < 0 => Outcome::Exclude(Why::Invalid("births_last_12m")),
                        Some(b) => {
                            let g = ((m / 12 - min_age_years) / group_width_years) as usize;
                            let acc = &mut self.groups[slot];
                            if acc.len() != groups {
                                *acc = vec![(0.0, 0.0); groups];
                            }
                            acc[g].0 += f64::from(b);
                            acc[g].1 += 1.0;
                            Outcome::Add(f64::from(b), 1.0)
                        }
                    },
                };
                self.add(k, i, h, Some(j), o);
            }
        }
    }

    /// Villages into their commune-level units, then those into the district, children in file
    /// order: each parent's cells and age groups are the sums of its children's.
    fn roll_up(&mut self, tree: &Tree) {
        for &(v, c) in tree.villages {
            self.add_row(v as usize, c as usize);
        }
        for &c in tree.communes {
            self.add_row(c as usize, tree.district as usize);
        }
    }

    fn add_row(&mut self, from: usize, to: usize) {
        let n = self.n_ops;
        for k in 0..n {
            let (src, dst) = (from * n + k, to * n + k);
            let s = self.cells[src];
            let d = &mut self.cells[dst];
            d.num += s.num;
            d.den += s.den;
            d.used += s.used;
            if !self.groups[src].is_empty() {
                let src_groups = std::mem::take(&mut self.groups[src]);
                let dst_groups = &mut self.groups[dst];
                if dst_groups.len() != src_groups.len() {
                    *dst_groups = vec![(0.0, 0.0); src_groups.len()];
                }
                for (d, s) in dst_groups.iter_mut().zip(&src_groups) {
                    d.0 += s.0;
                    d.1 += s.1;
                }
                self.groups[src] = src_groups;
            }
        }
    }
}

fn scheme_answer(p: &Person, scheme: Scheme) -> (Option<bool>, &'static str) {
    match scheme {
        Scheme::CompulsorySocial => (p.social.map(|s| s == Social::Compulsory), "social_insurance"),
        Scheme::VoluntarySocial => (p.social.map(|s| s == Social::Voluntary), "social_insurance"),
        Scheme::Unemployment => (p.unemployment_insured, "unemployment_insurance"),
        Scheme::Health => (p.health_insured, "health_insurance"),
    }
}

/// Enrolled in any of `schemes`: one known "yes" is enough; otherwise every answer is needed
/// (the first unanswered scheme in plan order is the one reported).
fn any_scheme(p: &Person, schemes: &[Scheme]) -> Answer {
    let mut unknown = None;
    for s in schemes {
        match scheme_answer(p, *s) {
            (Some(true), _) => return Answer::Share(true),
            (None, field) if unknown.is_none() => unknown = Some(field),
            _ => {}
        }
    }
    match unknown {
        Some(field) => unanswered(field),
        None => Answer::Share(false),
    }
}

/// Whether the household belongs to any of `groups`: one known "yes" is enough; otherwise an
/// unanswered group question leaves it unknown (`Err(field)`, the first in plan order).
fn in_groups(h: &Household, groups: &[Group]) -> Result<bool, &'static str> {
    let mut unknown = None;
    for g in groups {
        let (answer, field) = match g {
            Group::Poor => (h.poverty.map(|p| p == poverty::POOR), "poverty"),
            Group::NearPoor => (h.poverty.map(|p| p == poverty::NEAR_POOR), "poverty"),
            Group::DisasterAffected => (h.disaster_affected, "disaster_affected"),
            Group::EthnicMinority => (h.ethnic_minority, "ethnic_minority"),
            Group::RemoteVillage => (h.remote_village, "remote_village"),
        };
        match answer {
            Some(true) => return Ok(true),
            None if unknown.is_none() => unknown = Some(field),
            _ => {}
        }
    }
    match unknown {
        Some(field) => Err(field),
        None => Ok(false),
    }
}

fn household_condition(h: &Household, c: Condition) -> Outcome {
    let (answer, field) = match c {
        Condition::HygienicLatrine => (h.latrine.map(|l| l == Latrine::Hygienic), "latrine"),
        Condition::SanitationFacility => (h.latrine.map(|l| l != Latrine::NoLatrine), "latrine"),
        Condition::CleanWater => (h.clean_water, "water"),
    };
    match answer {
        None => missing(field),
        Some(b) => Outcome::Share(b),
    }
}

/// Births to the household's women in the last 12 months minus its deaths, over its persons.
/// The household needs its deaths answer and every birth answer the questionnaire asks.
fn natural_increase(h: &Household, persons: &[Person], rows: &[Row], asked: &std::ops::RangeInclusive<u32>) -> Outcome {
    let Some(deaths) = h.deaths_last_12m else { return missing("deaths_last_12m") };
    if deaths < 0 {
        return Outcome::Exclude(Why::Invalid("deaths_last_12m"));
    }
    let mut births = 0i64;
    for (p, r) in persons.iter().zip(rows) {
        if r.months == NO_AGE {
            return Outcome::Exclude(Why::BirthAfterSurveyDate);
        }
        let m = r.months;
        let is_asked = p.female && asked.contains(&(m / 12));
        match p.births_last_12m {
            None if is_asked => return missing("births_last_12m"),
            Some(b) if b < 0 => return Outcome::Exclude(Why::Invalid("births_last_12m")),
            Some(b) => births += i64::from(b),
            None => {}
        }
    }
    Outcome::Add((births - i64::from(deaths)) as f64, f64::from(h.members))
}

/// Height-for-age z with the plan's parameters: the row of the child's sex and completed days at
/// the measurement date; the position correction from the plan's age (not the table's column).
fn stunting(p: &Person, method: &Stunting, z_score: crate::ZScore) -> Answer {
    let Some(h) = p.height else { return unanswered("height") };
    let days = p.date_of_birth.map(|dob| h.date.signed_duration_since(dob).num_days()).filter(|&d| d >= 0);
    let Some(days) = days else { return Answer::Exclude(Why::Invalid("height.date")) };
    let unusable = Answer::Exclude(Why::Unusable { female: p.female, days, height_cm: h.cm });
    if !(h.cm.is_finite() && h.cm > 0.0) {
        return unusable;
    }
    let expect_standing = days >= i64::from(method.standing_from_age_days);
    let adjust = match (expect_standing, h.standing) {
        (false, true) => method.position_correction_cm,
        (true, false) => -method.position_correction_cm,
        _ => 0.0,
    };
    let Some(z) = z_score(p.female, days, h.cm + adjust) else { return unusable };
    if !z.is_finite() || z.abs() > method.implausible_abs_z {
        return Answer::Exclude(Why::ImplausibleZ(z));
    }
    Answer::Share(z < method.z_cutoff)
}
