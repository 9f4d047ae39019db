//! Build step: encodes the WHO 2006 length/height-for-age LMS table (the CSV in `data/`, the
//! source of truth) as a compact fixed-point table that `src/growth.rs` embeds.
//!
//! Why: the CSV costs ~28 KB of gzipped wasm on every tablet's first load; the same numbers as
//! delta-coded integers cost a few KB. The encoding is exact: each column is stored as integers
//! scaled by 10^d, where d is the most decimals that column has in the CSV, and the decoder
//! divides by 10^d, which gives the same f64 as parsing the decimal text (both are the correctly
//! rounded value of the same rational). A native test compares every row with the CSV.
//!
//! Layout (little endian): b"WHO2"; then for male, then female: rows `u16`, first day measured
//! standing (`u16`); then for each column L, M, S: decimals `u8` and the rows as zigzag LEB128
//! varints, the first absolute and the rest as differences from the previous row.
//! Any surprise in the CSV (header, gaps, measure not switching once, more than 9 decimals)
//! stops the build with the line number.

use std::{env, fs, path::PathBuf};

const SRC: &str = "data/who2006-length-height-for-age-by-day.csv";

/// One column (L, M or S) of one sex, as the CSV writes it.
#[derive(Default)]
struct Column {
    texts: Vec<String>,
}

fn fail(line: usize, what: &str) -> ! {
    panic!("{SRC}:{line}: {what}");
}

/// The decimal text as an integer at `decimals` digits of fraction.
fn fixed(text: &str, decimals: usize, line: usize) -> i64 {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        fail(line, &format!("not a plain decimal number: {text:?}"));
    }
    let padded = format!("{int}{frac}{}", "0".repeat(decimals - frac.len()));
    let v: i64 = padded.parse().unwrap_or_else(|_| fail(line, &format!("number too large: {text:?}")));
    if neg {
        -v
    } else {
        v
    }
}

fn decimals_of(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, f)| f.len())
}

fn put_varint(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    loop {
        let byte = (z & 0x7f) as u8;
        z >>= 7;
        if z == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
}

/// The plan file shipped with the app (`EMBEDDED_PLAN_JSON`).
const PLAN: &str = "data/plan-konray-2030.json";

/// The plan without the file's indentation, for the app's start module: the file stays
/// indented for the people who read and review it; the tablet downloads the same document
/// (same members and values; serde_json's own writer) about 1.3 KB smaller gzipped.
/// A plan that is not JSON stops the build here (the tests say what else is wrong with it).
fn minify_plan() {
    println!("cargo:rerun-if-changed={PLAN}");
    let text = fs::read_to_string(PLAN).unwrap_or_else(|e| panic!("{PLAN}: {e}"));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{PLAN}: {e}"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("plan.min.json");
    fs::write(&out, value.to_string()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    start_plan(&value);
}

/// What the app's start screen reads of the plan (`PlanStart`): the org units and the
/// deadlines of section IV, copied from the same file. The app's start module embeds only this;
/// the whole plan and its decoder come with the pages that need them (a lazy chunk), which
/// keeps about a fifth of the start module off the first load. The test
/// `embedded_start_is_the_plans` checks it is the same data as the plan's.
fn start_plan(plan: &serde_json::Value) {
    let member = |v: &serde_json::Value, k: &str| {
        v.get(k).cloned().unwrap_or_else(|| panic!("{PLAN}: no member {k:?} (the tests say what else is wrong)"))
    };
    let start = serde_json::json!({
        "org_units": member(plan, "org_units"),
        "deadlines": member(&member(plan, "organisation"), "deadlines"),
    });
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("plan.start.json");
    fs::write(&out, start.to_string()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

fn main() {
    minify_plan();
    println!("cargo:rerun-if-changed={SRC}");
    println!("cargo:rerun-if-changed=build.rs");
    let csv = fs::read_to_string(SRC).unwrap_or_else(|e| panic!("{SRC}: {e}"));
    let mut lines = csv.lines().enumerate();
    match lines.next() {
        Some((_, h)) if h.trim() == "sex,age_days,measure,L,M,S" => {}
        other => fail(1, &format!("unexpected header {other:?}")),
    }
    // Per sex: (first standing day, [L, M, S] columns with their source line numbers).
    let mut tables: [(Option<usize>, [Column; 3], Vec<usize>); 2] = Default::default();
    for (i, raw) in lines {
        let line = i + 1;
        let row = raw.trim();
        if row.is_empty() {
            continue;
        }
        let cols: Vec<&str> = row.split(',').collect();
        if cols.len() != 6 {
            fail(line, "expected 6 columns");
        }
        let t = match cols[0] {
            "male" => &mut tables[0],
            "female" => &mut tables[1],
            _ => fail(line, "unknown sex"),
        };
        let day: usize = cols[1].parse().unwrap_or_else(|_| fail(line, "bad age_days"));
        if day != t.2.len() {
            fail(line, "age_days not consecutive from 0");
        }
        match (cols[2], t.0) {
            ("length", None) => {}
            ("height", None) => t.0 = Some(day),
            ("height", Some(_)) => {}
            ("length", Some(_)) => fail(line, "length after height: the measure must switch once"),
            _ => fail(line, "unknown measure"),
        }
        for (c, text) in t.1.iter_mut().zip(&cols[3..]) {
            c.texts.push(text.to_string());
        }
        t.2.push(line);
    }
    let mut out = b"WHO2".to_vec();
    for (first_height, columns, lines) in &tables {
        let rows = lines.len();
        let n = u16::try_from(rows).unwrap_or_else(|_| fail(0, "too many rows"));
        out.extend_from_slice(&n.to_le_bytes());
        let fh = u16::try_from(first_height.unwrap_or(rows)).unwrap_or_else(|_| fail(0, "too many rows"));
        out.extend_from_slice(&fh.to_le_bytes());
        for c in columns {
            let d = c.texts.iter().map(|t| decimals_of(t)).max().unwrap_or(0);
            if d > 9 {
                fail(0, "more than 9 decimals");
            }
            out.push(d as u8);
            let mut prev = 0i64;
            for (text, &line) in c.texts.iter().zip(lines) {
                let v = fixed(text, d, line);
                put_varint(&mut out, v - prev);
                prev = v;
            }
        }
    }
    let dest = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("who_lhfa.bin");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
