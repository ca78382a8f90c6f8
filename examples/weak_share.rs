//! Measure what share of a wordlist of known JWT secrets jwtlint's weak-key check flags:
//! `cargo run --release --example weak_share -- ../shared/data/jwt-secrets-wallarm.txt`
//! Prints the share overall and by length band, and a sample of entries it does not flag.

use jwtlint::judge::{ValueClass, classify, weakness};
use jwtlint::ruleset::RuleSet;

fn main() {
    let path = std::env::args().nth(1).expect("usage: weak_share WORDLIST");
    let text = std::fs::read_to_string(&path).expect("readable wordlist");
    let weak = &RuleSet::builtin().weak;
    let mut seen = std::collections::HashSet::new();
    let (mut total, mut flagged) = (0usize, 0usize);
    let mut bands = [(0usize, 0usize); 4];
    let mut missed = Vec::new();
    let start = std::time::Instant::now();
    for line in text.lines() {
        let v = line.trim_end_matches('\r');
        if v.is_empty() || !seen.insert(v.to_string()) {
            continue;
        }
        // Values a config file would never treat as a secret are out of scope.
        if classify(v) != ValueClass::Secret {
            continue;
        }
        total += 1;
        let band = match v.len() {
            0..=11 => 0,
            12..=31 => 1,
            32..=63 => 2,
            _ => 3,
        };
        bands[band].0 += 1;
        if weakness(v, weak).is_some() {
            flagged += 1;
            bands[band].1 += 1;
        } else if missed.len() < 40 && v.len() < 40 {
            missed.push(v.to_string());
        }
    }
    println!(
        "{flagged} of {total} unique secret-like entries flagged as weak-key ({:.1}%) in {:.1}s",
        100.0 * flagged as f64 / total.max(1) as f64,
        start.elapsed().as_secs_f64()
    );
    for (name, (t, f)) in ["<12 chars", "12-31", "32-63", "64+"].iter().zip(bands) {
        println!(
            "  {name:>9}: {f} of {t} ({:.1}%)",
            100.0 * f as f64 / t.max(1) as f64
        );
    }
    println!("not flagged (sample): {missed:?}");
}
