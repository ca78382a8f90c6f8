//! Shared helpers: run analysis on a file as the scanner would.

use jwtlint::analyze::{AnalyzeOptions, analyze};
use jwtlint::finding::Finding;
use jwtlint::lang::detect;
use jwtlint::ruleset::RuleSet;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Analyse `text` as if it were the file at `display` (the name decides the language). Test
/// files are analysed too, so fixtures of test code prove the rules' precision there.
pub fn analyze_as(display: &str, text: &str) -> Vec<Finding> {
    let kind = detect(Path::new(display)).unwrap_or_else(|| panic!("{display}: unknown file kind"));
    let opts = AnalyzeOptions {
        include_tests: true,
        ..AnalyzeOptions::default()
    };
    let mut f = analyze(display, text, kind, RuleSet::builtin(), &opts, None).findings;
    f.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    // A scan never analyses what the keyword prefilter skips: a file with findings must pass it.
    assert!(
        f.is_empty() || RuleSet::builtin().might_match_kind(kind, text.as_bytes()),
        "{display}: has findings, but the keyword prefilter would skip it"
    );
    f
}

/// Every file under a folder, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("jwtlint").unwrap()
}
