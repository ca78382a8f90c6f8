//! Time the analysis of each file named on stdin (one path per line), in process: prints
//! microseconds, bytes, what the file yields (findings, cross-file exports, key references and
//! configuration secrets seen: `0f/4e/0k/0s`), path and the keyword that let it through, the
//! most expensive first. What a full scan spends after the
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
        let r = analyze(&line, &text, kind, rules, &opts, None);
        let yields = format!(
            "{}f/{}e/{}k/{}s",
            r.findings.len(),
            r.exports.len(),
            r.key_refs.len(),
            r.seen.len()
        );
        let us = t.elapsed().as_micros();
        // What lets the file through once comments and long strings are blanked (code only).
        let why = match kind {
            jwtlint::lang::FileKind::Code(lang) => {
                let view = jwtlint::lang::lexer::lex(&text, lang).code_view(&text);
                match rules.prefilter_for(kind).first_match(&view) {
                    Some((needle, at)) => {
                        let lo = view[..at]
                            .iter()
                            .rposition(|&b| b == b'\n')
                            .map_or(0, |p| p + 1);
                        let hi = (at + 60).min(view.len());
                        let ctx = String::from_utf8_lossy(&view[at.saturating_sub(40).max(lo)..hi]);
                        format!("{needle}\t{}", ctx.split('\n').next().unwrap_or("").trim())
                    }
                    None => "-".to_string(),
                }
            }
            _ => String::new(),
        };
        rows.push((us, bytes.len(), format!("{yields}\t{line}\t{why}")));
    }
    rows.sort_by(|a, b| b.cmp(a));
    let total: u128 = rows.iter().map(|r| r.0).sum();
    println!("total {} ms over {} files", total / 1000, rows.len());
    for (us, len, p) in rows {
        println!("{us}\t{len}\t{p}");
    }
}
