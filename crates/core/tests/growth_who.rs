//! WHO 2006 length/height-for-age z-scores against values worked out by hand from the CSV rows.

use ansinh_core::domain::growth::{
    classify, height_at_z, height_for_age_z, lms, ExpectedMeasure, GrowthError, Measured, Stunting, StuntingThresholds,
    WHO_POSITION_CORRECTION_CM as C,
};
use ansinh_core::domain::person::Sex;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn rows_are_the_csv_rows() {
    // male,365,length,1,75.7391,0.03137 and female,1826,height,1,109.4189,0.04346
    let m = lms(Sex::Male, 365).unwrap();
    assert_eq!((m.measure, m.l, m.m, m.s), (ExpectedMeasure::Length, 1.0, 75.7391, 0.03137));
    let f = lms(Sex::Female, 1826).unwrap();
    assert_eq!((f.measure, f.l, f.m, f.s), (ExpectedMeasure::Height, 1.0, 109.4189, 0.04346));
    assert_eq!(lms(Sex::Male, 730).unwrap().measure, ExpectedMeasure::Length);
    assert_eq!(lms(Sex::Male, 731).unwrap().measure, ExpectedMeasure::Height);
}

#[test]
fn known_values() {
    // (70 / 75.7391 − 1) / 0.03137
    close(height_for_age_z(Sex::Male, 365, 70.0, Measured::Lying, C).unwrap(), -2.4155116324330828);
    // (70 / 74.0049 − 1) / 0.03479
    close(height_for_age_z(Sex::Female, 365, 70.0, Measured::Lying, C).unwrap(), -1.5555241985637205);
    // The median is z = 0, at birth and at five years.
    close(height_for_age_z(Sex::Male, 0, 49.8842, Measured::Lying, C).unwrap(), 0.0);
    close(height_for_age_z(Sex::Female, 1826, 109.4189, Measured::Standing, C).unwrap(), 0.0);
}

#[test]
fn female_and_male_tables_differ() {
    let boy = height_for_age_z(Sex::Male, 365, 72.0, Measured::Lying, C).unwrap();
    let girl = height_for_age_z(Sex::Female, 365, 72.0, Measured::Lying, C).unwrap();
    // Girls' median is lower, so the same length is a better z for a girl.
    assert!(girl > boy + 0.5, "girl {girl} boy {boy}");
}

#[test]
fn position_correction_switches_between_730_and_731_days() {
    // Boy, 85.0 cm. At 730 days length is expected: standing adds 0.7 cm.
    close(height_for_age_z(Sex::Male, 730, 85.0, Measured::Standing, C).unwrap(), -0.6880714523357216);
    close(height_for_age_z(Sex::Male, 730, 85.0, Measured::Lying, C).unwrap(), -0.9172321796337551);
    // At 731 days height is expected: lying subtracts 0.7 cm.
    close(height_for_age_z(Sex::Male, 731, 85.0, Measured::Lying, C).unwrap(), -0.9259844151342893);
    close(height_for_age_z(Sex::Male, 731, 85.0, Measured::Standing, C).unwrap(), -0.6969666111580305);
    // Girls, both ways: 85.0 standing at 730 → 85.7 on female 730; 85.0 lying at 731 → 84.3.
    close(height_for_age_z(Sex::Female, 730, 85.0, Measured::Standing, C).unwrap(), -0.21727929303310528);
    close(height_for_age_z(Sex::Female, 731, 85.0, Measured::Lying, C).unwrap(), -0.4431224305383642);
}

#[test]
fn correction_is_a_parameter() {
    let none = height_for_age_z(Sex::Male, 731, 85.0, Measured::Lying, 0.0).unwrap();
    close(none, height_for_age_z(Sex::Male, 731, 85.0, Measured::Standing, C).unwrap());
    let one = height_for_age_z(Sex::Male, 200, 60.0, Measured::Standing, 1.0).unwrap();
    close(one, height_for_age_z(Sex::Male, 200, 61.0, Measured::Lying, 1.0).unwrap());
}

#[test]
fn out_of_range_and_bad_measurements_are_errors() {
    assert_eq!(
        height_for_age_z(Sex::Male, 1827, 110.0, Measured::Standing, C),
        Err(GrowthError::AgeOutOfRange { age_days: 1827 })
    );
    assert_eq!(
        height_for_age_z(Sex::Female, -1, 50.0, Measured::Lying, C),
        Err(GrowthError::AgeOutOfRange { age_days: -1 })
    );
    assert!(height_for_age_z(Sex::Female, 1826, 100.0, Measured::Standing, C).is_ok());
    assert!(matches!(
        height_for_age_z(Sex::Male, 100, 0.0, Measured::Lying, C),
        Err(GrowthError::BadMeasurement { .. })
    ));
    assert!(matches!(
        height_for_age_z(Sex::Male, 100, f64::NAN, Measured::Lying, C),
        Err(GrowthError::BadMeasurement { .. })
    ));
}

#[test]
fn implausible_values_are_flagged() {
    let t = StuntingThresholds::who();
    // (40 / 75.7391 − 1) / 0.03137 ≈ −15.0
    let z = height_for_age_z(Sex::Male, 365, 40.0, Measured::Lying, C).unwrap();
    close(z, -15.042116670329719);
    assert_eq!(classify(z, &t), Stunting::Implausible);
    assert_eq!(classify(6.01, &t), Stunting::Implausible);
    assert_eq!(classify(-6.01, &t), Stunting::Implausible);
    assert_eq!(classify(f64::NAN, &t), Stunting::Implausible);
    assert!(!Stunting::Implausible.is_plausible() && !Stunting::Implausible.is_stunted());
    assert_eq!(classify(-6.0, &t), Stunting::Severe);
}

#[test]
fn classification_uses_the_given_thresholds() {
    let t = StuntingThresholds::who();
    assert_eq!(classify(-1.99, &t), Stunting::Normal);
    assert_eq!(classify(-2.0, &t), Stunting::Normal, "stunted is strictly below −2");
    assert_eq!(classify(-2.01, &t), Stunting::Stunted);
    assert_eq!(classify(-3.0, &t), Stunting::Stunted);
    assert_eq!(classify(-3.01, &t), Stunting::Severe);
    assert!(Stunting::Severe.is_stunted() && Stunting::Stunted.is_stunted() && !Stunting::Normal.is_stunted());
    let strict = StuntingThresholds { stunted_below: -1.5, severe_below: -2.5, implausible_abs: 5.0 };
    assert_eq!(classify(-1.8, &strict), Stunting::Stunted);
    assert_eq!(classify(-2.6, &strict), Stunting::Severe);
    assert_eq!(classify(-5.5, &strict), Stunting::Implausible);
}

#[test]
fn height_at_z_inverts_the_z_score_in_both_positions() {
    for (sex, days) in [(Sex::Male, 0), (Sex::Male, 730), (Sex::Female, 731), (Sex::Female, 1826)] {
        for measured in [Measured::Lying, Measured::Standing] {
            for z in [-4.0, -2.0, -1.2, 0.0, 1.5] {
                let cm = height_at_z(sex, days, z, measured, C).unwrap();
                close(height_for_age_z(sex, days, cm, measured, C).unwrap(), z);
            }
        }
    }
}
