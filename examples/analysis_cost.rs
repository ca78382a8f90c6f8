//! Time the analysis of each file named on stdin (one path per line), in process: prints
//! microseconds, bytes and path, the most expensive first. What a full scan spends after the
//! prefilter, file by file: `LIST=1 cargo run --release --example prefilter_share -- TREE |
//! cut -f2 | cargo run --release --example analysis_cost`.

use jwtlint::analyze::{AnalyzeOptions, analyze};
use jwtlint::lang::detect;
use jwtlint::ruleset::RuleSet;
use std::io::BufRead;
use std::path::Path;
use std::time::Instant;

fn main() {
    let rules = RuleSet::builtin();
    let opts = AnalyzeOptions::default();
    let mut rows = Vec::new();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let path = Path::new(line.trim());
        let (Some(kind), Ok(bytes)) = (detect(path), std::fs::read(path)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let t = Instant::now();
        let _ = analyze(&line, &text, kind, rules, &opts, None);
        rows.push((t.elapsed().as_micros(), bytes.len(), line));
    }
    rows.sort_by(|a, b| b.cmp(a));
    let total: u128 = rows.iter().map(|r| r.0).sum();
    println!("total {} ms over {} files", total / 1000, rows.len());
    for (us, len, p) in rows {
        println!("{us}\t{len}\t{p}");
    }
}
