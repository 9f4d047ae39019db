//! Hand-written decoding of the plan's tagged enums with many variants (`Computation`,
//! `Target`) from an untyped `serde_json::Value`.
//!
//! Contract: accepts exactly the JSON that serde's derive accepted for the documented plan
//! format (externally tagged, snake_case tags, `deny_unknown_fields` in every variant; a unit
//! variant as a bare string) and gives serde's wording for the usual mistakes ("unknown variant
//! `x`, expected one of …", "missing field `x`", "unknown field `x`, expected one of …"), with
//! the variant and field in front of a problem inside a variant. The derive compiled a visitor
//! per variant for every deserializer type (18 KB of wasm per copy for `Computation`); this is
//! one non-generic function per enum, reached through `Value::deserialize`.

use serde::de::{DeserializeOwned, Error as _};
use serde_json::{Map, Value};

use super::{Computation, Direction, StatusGoal, StuntingMethod, Target};

/// The object of one variant, whose fields are taken one by one; what is left is unknown.
struct Fields {
    variant: String,
    map: Map<String, Value>,
    expected: &'static [&'static str],
}

impl Fields {
    // Not inlined: one small function per field type instead of one copy per field.
    #[inline(never)]
    fn take<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, String> {
        let value = self.map.remove(name).ok_or_else(|| format!("{}: missing field `{name}`", self.variant))?;
        serde_json::from_value(value).map_err(|e| format!("{}.{name}: {e}", self.variant))
    }

    /// An optional field: absent is the type's default.
    #[inline(never)]
    fn take_or_default<T: DeserializeOwned + Default>(&mut self, name: &'static str) -> Result<T, String> {
        if self.map.contains_key(name) {
            self.take(name)
        } else {
            Ok(T::default())
        }
    }

    /// Fails on a field the variant does not have (serde's `deny_unknown_fields`).
    fn finish(self) -> Result<(), String> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(k) => {
                let e = serde_json::Error::unknown_field(k, self.expected);
                Err(format!("{}: {e}", self.variant))
            }
        }
    }
}

/// `{"<variant>": {fields}}` → the variant name and its fields; a bare string is a unit variant.
fn tagged(v: Value, what: &str, variants: &'static [&'static str]) -> Result<(String, Option<Value>), String> {
    match v {
        Value::String(s) => Ok((s, None)),
        Value::Object(m) if m.len() == 1 => {
            let (k, body) = m.into_iter().next().unwrap_or_default();
            Ok((k, Some(body)))
        }
        other => Err(format!("invalid type: {}, expected enum {what} ({})", kind(&other), variants.join(", "))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

fn unknown_variant(name: &str, variants: &'static [&'static str]) -> String {
    serde_json::Error::unknown_variant(name, variants).to_string()
}

/// The fields of a struct variant (its body must be an object).
fn fields(variant: String, body: Option<Value>, expected: &'static [&'static str]) -> Result<Fields, String> {
    match body {
        Some(Value::Object(map)) => Ok(Fields { variant, map, expected }),
        Some(other) => Err(format!("{variant}: invalid type: {}, expected struct variant", kind(&other))),
        None => Err(format!("{variant}: invalid type: unit variant, expected struct variant")),
    }
}

const TARGETS: &[&str] = &["at_least", "more_than", "below", "range", "about", "status", "decreasing_to_zero"];

/// Decodes a `Target` (see the module contract).
pub(super) fn target(v: Value) -> Result<Target, String> {
    let (tag, body) = tagged(v, "Target", TARGETS)?;
    if tag == "decreasing_to_zero" {
        // serde also read a unit variant written as `{"decreasing_to_zero": null}`.
        return match body {
            None | Some(Value::Null) => Ok(Target::DecreasingToZero),
            Some(other) => Err(format!("{tag}: invalid type: {}, expected unit variant", kind(&other))),
        };
    }
    let expected: &'static [&'static str] = match tag.as_str() {
        "at_least" | "more_than" | "below" => &["value"],
        "range" => &["min", "max", "below_is_met"],
        "about" => &["value", "tolerance", "direction"],
        "status" => &["goal"],
        _ => return Err(unknown_variant(&tag, TARGETS)),
    };
    let mut f = fields(tag, body, expected)?;
    let t = match f.variant.as_str() {
        "at_least" => Target::AtLeast { value: f.take("value")? },
        "more_than" => Target::MoreThan { value: f.take("value")? },
        "below" => Target::Below { value: f.take("value")? },
        "range" => {
            Target::Range { min: f.take("min")?, max: f.take("max")?, below_is_met: f.take_or_default("below_is_met")? }
        }
        "about" => Target::About {
            value: f.take("value")?,
            tolerance: f.take("tolerance")?,
            direction: f.take::<Direction>("direction")?,
        },
        _ => Target::Status { goal: f.take::<StatusGoal>("goal")? },
    };
    f.finish()?;
    Ok(t)
}

/// Every computation method and its fields, in declaration order.
const METHODS: &[(&str, &[&str])] = &[
    ("meritorious_households_living_standard", &["reference_area", "statistic", "inclusive"]),
    ("unemployment_rate", &["scope", "min_age_years"]),
    ("trained_labour_share", &["scope", "min_age_years"]),
    ("working_age_labour_insured", &["schemes"]),
    ("past_working_age_with_benefit", &["benefits"]),
    ("insurance_coverage", &["scheme", "scope"]),
    ("social_assistance_coverage", &["poverty", "child_below_age_months", "lonely_elderly_min_age_years"]),
    ("entered_status", &["level"]),
    ("enrolment_at_age", &["age_years", "min_grade"]),
    ("attainment_in_age_band", &["min_age_years", "max_age_years", "level"]),
    ("total_fertility_rate", &["min_age_years", "max_age_years", "group_width_years", "window_months"]),
    ("natural_increase_rate", &["window_months"]),
    ("entered_value", &["level"]),
    ("per_population", &["resource", "multiplier", "population", "level"]),
    ("primary_care_insurance_paid", &["window_months"]),
    ("health_record_coverage", &["scope"]),
    ("full_vaccination", &["min_age_months", "max_age_months", "by_first_birthday"]),
    (
        "stunting",
        &[
            "reference_table",
            "min_age_months",
            "max_age_months",
            "z_cutoff",
            "implausible_abs_z",
            "standing_from_age_days",
            "position_correction_cm",
        ],
    ),
    ("qualitative_status", &["aspects"]),
    ("household_share", &["condition", "scope"]),
    ("entered_ratio", &["numerator", "denominator", "level"]),
    ("temporary_housing_count", &["groups", "conditions"]),
    ("floor_area_per_person", &["scope"]),
    ("sanitation_facilities", &["household_condition", "facilities", "combine"]),
    ("broadcast_reception", &["groups"]),
];

/// The method names alone, for "expected one of" (same order as `METHODS`).
pub(crate) const METHOD_NAMES: &[&str] = &[
    "meritorious_households_living_standard",
    "unemployment_rate",
    "trained_labour_share",
    "working_age_labour_insured",
    "past_working_age_with_benefit",
    "insurance_coverage",
    "social_assistance_coverage",
    "entered_status",
    "enrolment_at_age",
    "attainment_in_age_band",
    "total_fertility_rate",
    "natural_increase_rate",
    "entered_value",
    "per_population",
    "primary_care_insurance_paid",
    "health_record_coverage",
    "full_vaccination",
    "stunting",
    "qualitative_status",
    "household_share",
    "entered_ratio",
    "temporary_housing_count",
    "floor_area_per_person",
    "sanitation_facilities",
    "broadcast_reception",
];

/// Decodes a `Computation` (see the module contract).
pub(super) fn computation(v: Value) -> Result<Computation, String> {
    use Computation as C;
    let (tag, body) = tagged(v, "Computation", METHOD_NAMES)?;
    let expected = METHODS.iter().find(|(m, _)| *m == tag).map(|(_, f)| *f);
    let Some(expected) = expected else { return Err(unknown_variant(&tag, METHOD_NAMES)) };
    let mut f = fields(tag, body, expected)?;
    let c = match f.variant.as_str() {
        "meritorious_households_living_standard" => C::MeritoriousHouseholdsLivingStandard {
            reference_area: f.take("reference_area")?,
            statistic: f.take("statistic")?,
            inclusive: f.take("inclusive")?,
        },
        "unemployment_rate" => C::UnemploymentRate { scope: f.take("scope")?, min_age_years: f.take("min_age_years")? },
        "trained_labour_share" => {
            C::TrainedLabourShare { scope: f.take("scope")?, min_age_years: f.take("min_age_years")? }
        }
        "working_age_labour_insured" => C::WorkingAgeLabourInsured { schemes: f.take("schemes")? },
        "past_working_age_with_benefit" => C::PastWorkingAgeWithBenefit { benefits: f.take("benefits")? },
        "insurance_coverage" => C::InsuranceCoverage { scheme: f.take("scheme")?, scope: f.take("scope")? },
        "social_assistance_coverage" => C::SocialAssistanceCoverage {
            poverty: f.take("poverty")?,
            child_below_age_months: f.take("child_below_age_months")?,
            lonely_elderly_min_age_years: f.take("lonely_elderly_min_age_years")?,
        },
        "entered_status" => C::EnteredStatus { level: f.take("level")? },
        "enrolment_at_age" => C::EnrolmentAtAge { age_years: f.take("age_years")?, min_grade: f.take("min_grade")? },
        "attainment_in_age_band" => C::AttainmentInAgeBand {
            min_age_years: f.take("min_age_years")?,
            max_age_years: f.take("max_age_years")?,
            level: f.take("level")?,
        },
        "total_fertility_rate" => C::TotalFertilityRate {
            min_age_years: f.take("min_age_years")?,
            max_age_years: f.take("max_age_years")?,
            group_width_years: f.take("group_width_years")?,
            window_months: f.take("window_months")?,
        },
        "natural_increase_rate" => C::NaturalIncreaseRate { window_months: f.take("window_months")? },
        "entered_value" => C::EnteredValue { level: f.take("level")? },
        "per_population" => C::PerPopulation {
            resource: f.take("resource")?,
            multiplier: f.take("multiplier")?,
            population: f.take("population")?,
            level: f.take_or_default("level")?,
        },
        "primary_care_insurance_paid" => C::PrimaryCareInsurancePaid { window_months: f.take("window_months")? },
        "health_record_coverage" => C::HealthRecordCoverage { scope: f.take("scope")? },
        "full_vaccination" => C::FullVaccination {
            min_age_months: f.take("min_age_months")?,
            max_age_months: f.take("max_age_months")?,
            by_first_birthday: f.take("by_first_birthday")?,
        },
        "stunting" => C::Stunting(StuntingMethod {
            reference_table: f.take("reference_table")?,
            min_age_months: f.take("min_age_months")?,
            max_age_months: f.take("max_age_months")?,
            z_cutoff: f.take("z_cutoff")?,
            implausible_abs_z: f.take("implausible_abs_z")?,
            standing_from_age_days: f.take("standing_from_age_days")?,
            position_correction_cm: f.take("position_correction_cm")?,
        }),
        "qualitative_status" => C::QualitativeStatus { aspects: f.take("aspects")? },
        "household_share" => C::HouseholdShare { condition: f.take("condition")?, scope: f.take("scope")? },
        "entered_ratio" => C::EnteredRatio {
            numerator: f.take("numerator")?,
            denominator: f.take("denominator")?,
            level: f.take("level")?,
        },
        "temporary_housing_count" => {
            C::TemporaryHousingCount { groups: f.take("groups")?, conditions: f.take("conditions")? }
        }
        "floor_area_per_person" => C::FloorAreaPerPerson { scope: f.take("scope")? },
        "sanitation_facilities" => C::SanitationFacilities {
            household_condition: f.take("household_condition")?,
            facilities: f.take("facilities")?,
            combine: f.take("combine")?,
        },
        _ => C::BroadcastReception { groups: f.take("groups")? },
    };
    f.finish()?;
    Ok(c)
}

/// `Deserialize` through `Value` and one of the functions above.
macro_rules! deserialize_via_value {
    ($ty:ty, $decode:path) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <Value as serde::Deserialize>::deserialize(d)?;
                $decode(v).map_err(D::Error::custom)
            }
        }
    };
}

deserialize_via_value!(Computation, computation);
deserialize_via_value!(Target, target);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn method_names_follow_the_method_table_and_the_enum() {
        let names: Vec<&str> = METHODS.iter().map(|(m, _)| *m).collect();
        assert_eq!(names, METHOD_NAMES);
    }

    #[test]
    fn targets_decode_in_every_form_of_the_format() {
        assert_eq!(target(json!({"at_least": {"value": 80.0}})), Ok(Target::AtLeast { value: 80.0 }));
        assert_eq!(
            target(json!({"range": {"min": 1.5, "max": 2}})),
            Ok(Target::Range { min: 1.5, max: 2.0, below_is_met: false })
        );
        assert_eq!(
            target(json!({"about": {"value": 2.1, "tolerance": 0.1, "direction": "closer_better"}})),
            Ok(Target::About { value: 2.1, tolerance: 0.1, direction: Direction::CloserBetter })
        );
        assert_eq!(target(json!({"status": {"goal": "keep"}})), Ok(Target::Status { goal: StatusGoal::Keep }));
        assert_eq!(target(json!("decreasing_to_zero")), Ok(Target::DecreasingToZero));
        assert_eq!(target(json!({"decreasing_to_zero": null})), Ok(Target::DecreasingToZero));
    }

    #[test]
    fn target_mistakes_are_worded_like_serde() {
        assert!(target(json!("50%")).unwrap_err().starts_with("unknown variant `50%`, expected one of `at_least`"));
        assert_eq!(target(json!({"at_least": {}})).unwrap_err(), "at_least: missing field `value`");
        assert_eq!(
            target(json!({"at_least": {"value": 1, "valeu": 2}})).unwrap_err(),
            "at_least: unknown field `valeu`, expected `value`"
        );
        assert!(target(json!({"below": {"value": "x"}})).unwrap_err().starts_with("below.value: invalid type: string"));
        assert!(target(json!(3)).unwrap_err().starts_with("invalid type: number, expected enum Target"));
        assert!(target(json!({"at_least": {"value": 1}, "below": {"value": 2}})).is_err());
    }

    #[test]
    fn computations_decode_with_their_parameters() {
        assert_eq!(
            computation(json!({"unemployment_rate": {"scope": "rural", "min_age_years": 15}})),
            Ok(Computation::UnemploymentRate { scope: super::super::AreaScope::Rural, min_age_years: 15 })
        );
        let c = computation(json!({"stunting": {
            "reference_table": "who2006_lhfa", "min_age_months": 0, "max_age_months": 59, "z_cutoff": -2.0,
            "implausible_abs_z": 6.0, "standing_from_age_days": 731, "position_correction_cm": 0.7
        }}))
        .unwrap();
        let Computation::Stunting(m) = c else { panic!("{c:?}") };
        assert_eq!((m.reference_table.as_str(), m.max_age_months, m.position_correction_cm), ("who2006_lhfa", 59, 0.7));
    }

    #[test]
    fn computation_mistakes_name_the_method_and_field() {
        assert!(computation(json!({"unemployment": {}})).unwrap_err().starts_with("unknown variant `unemployment`"));
        assert_eq!(
            computation(json!({"natural_increase_rate": {}})).unwrap_err(),
            "natural_increase_rate: missing field `window_months`"
        );
        assert_eq!(
            computation(json!({"enrolment_at_age": {"age_years": 6, "min_grade": 1, "grade": 2}})).unwrap_err(),
            "enrolment_at_age: unknown field `grade`, expected `age_years` or `min_grade`"
        );
        assert!(computation(json!({"entered_value": {"level": "province"}}))
            .unwrap_err()
            .starts_with("entered_value.level: unknown variant `province`"));
        assert!(computation(json!({"entered_value": "district"})).unwrap_err().contains("expected struct variant"));
    }
}
