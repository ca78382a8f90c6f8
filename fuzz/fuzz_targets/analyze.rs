//! The whole per-file analysis as the scanner runs it (decode, lex or parse, evidence, rules,
//! suppressions) and every printer on the result: arbitrary bytes under a file name picked by the
//! first byte. Never panics; every finding's positions point into the text on char boundaries
//! and agree with its line and column.
#![no_main]

use jwtlint::analyze::{AnalyzeOptions, analyze};
use jwtlint::report::Report;
use jwtlint::rules::env_file_committed::GitStatus;
use jwtlint::text::LineIndex;
use jwtlint_fuzz::check_range;
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::sync::Arc;

const NAMES: &[&str] = &[
    "src/a.js",
    "src/a.ts",
    "a.tsx",
    "app.py",
    "main.go",
    "A.java",
    "A.kt",
    "A.cs",
    "a.php",
    "a.rb",
    "lib.rs",
    ".env",
    ".env.example",
    "prod.env",
    "appsettings.json",
    "config.json",
    "application.yml",
    "docker-compose.yml",
    "k8s.yaml",
    "application.properties",
    "config.toml",
    "application.conf",
    "deploy.sh",
    "Makefile",
    "Dockerfile",
    "main.tf",
    "terraform.tfvars",
    ".github/workflows/ci.yml",
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let name = NAMES[data[0] as usize % NAMES.len()];
    let flags = data[1];
    let Some(kind) = jwtlint::lang::detect(std::path::Path::new(name)) else {
        return;
    };
    let Some(text) = jwtlint_fuzz::text(&data[2..]) else {
        return;
    };
    let opts = AnalyzeOptions {
        keys: false,
        other_markers: flags & 1 != 0,
        report_unused_ignores: flags & 2 != 0,
        ..AnalyzeOptions::default()
    };
    let git = match (flags >> 2) & 3 {
        0 => None,
        1 => Some(GitStatus::Committed),
        2 => Some(GitStatus::Unignored),
        _ => Some(GitStatus::Local),
    };
    let rules = jwtlint::ruleset::RuleSet::builtin();
    let res = analyze(name, &text, kind, rules, &opts, git);
    let li = LineIndex::new(&text);
    for f in &res.findings {
        check_range(&text, f.start, f.end, "finding");
        assert_eq!(
            li.line_col(&text, f.start),
            (f.line, f.column),
            "start line/column"
        );
        assert_eq!(
            li.line_col(&text, f.end),
            (f.end_line, f.end_column),
            "end line/column"
        );
        for l in &f.labels {
            check_range(&text, l.start, l.end, "label");
        }
        if let Some(s) = &f.secret {
            for &(a, b) in &s.spans {
                check_range(&text, a, b, "secret span");
            }
        }
        if let Some((a, b)) = f.fix.edit {
            check_range(&text, a, b, "fix edit");
        }
    }
    for s in &res.seen {
        check_range(&text, s.start, s.end, "seen secret");
    }
    let mut findings = res.findings;
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let texts: BTreeMap<String, Arc<str>> = [(name.to_string(), Arc::from(text.as_str()))].into();
    let report = Report {
        findings: &findings,
        texts: &texts,
        files_scanned: 1,
        elapsed_ms: 0,
        show_secrets: flags & 16 != 0,
        color: flags & 32 != 0,
    };
    for p in jwtlint::report::ALL {
        let mut out = Vec::new();
        p.print(&report, &mut out)
            .expect("printing to memory cannot fail");
    }
});
