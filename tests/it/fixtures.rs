//! Labeled fixtures: a `ruleid: RULE` comment marks the next code line as one that must produce
//! RULE; `ok: RULE` marks a near miss that must not. Every finding in a fixture must be
//! expected, and every expectation must be found: precision and recall are both checked.

use crate::support::{analyze_as, files_under, root};
use jwtlint::finding::RuleId;
use jwtlint::ruleset::RuleSet;
use std::collections::BTreeSet;

#[derive(Default)]
struct Labels {
    expected: BTreeSet<(usize, String)>,
    forbidden: BTreeSet<(usize, String)>,
}

fn is_comment_line(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with("//")
        || t.starts_with('#')
        || t.starts_with("/*")
        || t.starts_with('*')
        || t.starts_with("--")
}

fn labels(text: &str) -> Labels {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Labels::default();
    for (i, l) in lines.iter().enumerate() {
        if !is_comment_line(l) {
            continue;
        }
        let body = l
            .trim_start()
            .trim_start_matches(['/', '#', '*', '-'])
            .trim_start();
        for (marker, expected) in [("ruleid:", true), ("ok:", false)] {
            let Some(rest) = body.strip_prefix(marker) else {
                continue;
            };
            let rules = rest.trim();
            let target = (i + 1..lines.len())
                .find(|&j| !lines[j].trim().is_empty() && !is_comment_line(lines[j]));
            let Some(t) = target else { continue };
            for r in rules.split(',').map(str::trim).filter(|r| !r.is_empty()) {
                let r = r.split_whitespace().next().unwrap_or(r).to_string();
                assert!(
                    RuleId::parse(&r).is_some(),
                    "unknown rule {r:?} in annotation: {l}"
                );
                if expected {
                    out.expected.insert((t + 1, r));
                } else {
                    out.forbidden.insert((t + 1, r));
                }
            }
        }
    }
    out
}

#[test]
fn every_fixture_matches_its_labels() {
    let dir = root().join("fixtures");
    let mut failures = Vec::new();
    let mut checked = 0;
    // JWTLINT_FIXTURES=fixtures/python limits the check to one folder while working on it.
    let only = std::env::var("JWTLINT_FIXTURES").unwrap_or_default();
    for path in files_under(&dir) {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if jwtlint::lang::detect(&path).is_none()
            || rel.ends_with(".md")
            || rel.contains("/pending/")
            || !rel.starts_with(only.as_str())
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let want = labels(&text);
        let got: BTreeSet<(usize, String)> = analyze_as(&rel, &text)
            .into_iter()
            .map(|f| (f.line, f.rule.as_str().to_string()))
            .collect();
        checked += 1;
        for e in want.expected.difference(&got) {
            failures.push(format!(
                "{rel}:{}: expected {} but it was not reported",
                e.0, e.1
            ));
        }
        for g in got.difference(&want.expected) {
            failures.push(format!("{rel}:{}: unexpected {}", g.0, g.1));
        }
        for f in want.forbidden.intersection(&got) {
            failures.push(format!(
                "{rel}:{}: {} reported on a line marked ok",
                f.0, f.1
            ));
        }
    }
    assert!(
        checked > 10 || !only.is_empty(),
        "too few fixtures found ({checked})"
    );
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_positive_fixture() {
    let dir = root().join("fixtures");
    let mut seen = BTreeSet::new();
    for path in files_under(&dir) {
        if let Ok(text) = std::fs::read_to_string(&path) {
            for (_, r) in labels(&text).expected {
                seen.insert(r);
            }
        }
    }
    let missing: Vec<&str> = RuleId::ALL
        .iter()
        .filter(|r| jwtlint::rules::doc(**r).is_some())
        .filter(|r| {
            !matches!(
                r,
                RuleId::EnvFileCommitted
                    | RuleId::SharedSecret
                    | RuleId::StaleSecret
                    | RuleId::InvalidSuppression
                    | RuleId::UnusedSuppression
            )
        })
        .map(|r| r.as_str())
        .filter(|r| !seen.contains(*r))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a positive fixture: {missing:?}"
    );
}

#[test]
fn rule_data_examples_hold() {
    let mut failures = Vec::new();
    // JWTLINT_CATALOG=python.toml limits the check to one rule file.
    let only = std::env::var("JWTLINT_CATALOG").unwrap_or_default();
    for cat in RuleSet::builtin()
        .catalogs
        .iter()
        .filter(|c| c.file.contains(only.as_str()))
    {
        let ext = match cat.languages[0] {
            jwtlint::lang::Language::JavaScript => "js",
            jwtlint::lang::Language::TypeScript => "ts",
            jwtlint::lang::Language::Python => "py",
            jwtlint::lang::Language::Go => "go",
            jwtlint::lang::Language::Java => "java",
            jwtlint::lang::Language::Kotlin => "kt",
            jwtlint::lang::Language::CSharp => "cs",
            jwtlint::lang::Language::Php => "php",
            jwtlint::lang::Language::Ruby => "rb",
            jwtlint::lang::Language::Rust => "rs",
        };
        for lib in &cat.libraries {
            for (i, ex) in lib.examples.iter().enumerate() {
                let name = ex
                    .file
                    .clone()
                    .unwrap_or_else(|| format!("src/example.{ext}"));
                let got: BTreeSet<String> = analyze_as(&name, &ex.code)
                    .into_iter()
                    .map(|f| f.rule.as_str().to_string())
                    .collect();
                let want: BTreeSet<String> = ex.rules.iter().cloned().collect();
                if got != want {
                    failures.push(format!(
                        "{} {} example {i}: expected {want:?}, got {got:?}",
                        cat.file, lib.id
                    ));
                }
            }
            for (i, ex) in lib.negatives.iter().enumerate() {
                let name = ex
                    .file
                    .clone()
                    .unwrap_or_else(|| format!("src/example.{ext}"));
                let got: Vec<String> = analyze_as(&name, &ex.code)
                    .into_iter()
                    .map(|f| format!("{}:{} {}", f.line, f.rule, f.message))
                    .collect();
                if !got.is_empty() {
                    failures.push(format!(
                        "{} {} negative {i}: expected nothing, got {got:?}",
                        cat.file, lib.id
                    ));
                }
            }
            if lib.examples.is_empty() && cat.languages.len() == 1 {
                failures.push(format!("{} {}: no examples", cat.file, lib.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
