//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it. Rules carry their
//! documentation (from `explain`), CWE tags and a security-severity; results carry stable
//! partial fingerprints (rule + path + hash of the secret or context: no line numbers) and a
//! concrete fix where the replacement is known. Secrets are masked.

use super::{Printer, Report};
use crate::finding::{RuleId, Severity};
use serde_json::{Value, json};
use std::io::{self, Write};

pub struct Sarif;

pub fn security_severity(r: RuleId) -> &'static str {
    match r {
        RuleId::NoneAlgorithm => "9.1",
        RuleId::HardcodedSecret | RuleId::EnvFileCommitted => "8.2",
        RuleId::FallbackSecret | RuleId::WeakKey | RuleId::WeakGenerator => "7.5",
        RuleId::MissingAlgorithms => "7.4",
        RuleId::ShortKey => "6.5",
        RuleId::UnverifiedDecode => "6.1",
        RuleId::SharedSecret => "5.3",
        RuleId::StaleSecret => "4.0",
        RuleId::InvalidSuppression | RuleId::UnusedSuppression => "1.0",
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// Rule metadata for tool.driver.rules.
pub fn rule_descriptors() -> Vec<Value> {
    RuleId::ALL
        .iter()
        .filter(|r| crate::rules::doc(**r).is_some())
        .map(|r| {
            let doc = crate::rules::doc(*r).unwrap_or("");
            let summary = crate::rules::summary(*r);
            let full: String = doc
                .lines()
                .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
                .take_while(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" ")
                .replace("**What it finds.** ", "");
            let mut tags = vec!["security".to_string(), "jwt".to_string()];
            tags.extend(r.cwe().iter().map(|c| format!("external/cwe/{}", c.to_lowercase())));
            json!({
                "id": r.as_str(),
                "name": pascal(r.as_str()),
                "shortDescription": { "text": summary },
                "fullDescription": { "text": full },
                "help": { "text": doc, "markdown": doc },
                "helpUri": format!("https://github.com/jwtlint/jwtlint/blob/main/docs/rules.md#{}", r.as_str()),
                "defaultConfiguration": { "level": level(r.default_severity()) },
                "properties": {
                    "tags": tags,
                    "precision": "high",
                    "problem.severity": level(r.default_severity()),
                    "security-severity": security_severity(*r),
                },
            })
        })
        .collect()
}

impl Printer for Sarif {
    fn print(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let rules = rule_descriptors();
        let index_of = |id: RuleId| {
            rules
                .iter()
                .position(|v| v["id"] == id.as_str())
                .unwrap_or(0)
        };
        let results: Vec<Value> = r
            .findings
            .iter()
            .map(|f| {
                let region = json!({
                    "startLine": f.line,
                    "startColumn": f.column,
                    "endLine": f.end_line,
                    "endColumn": f.end_column.max(if f.end_line == f.line { f.column + 1 } else { 1 }),
                });
                let mut text = r.message(f);
                for n in &f.notes {
                    text.push_str(&format!("\nnote: {n}"));
                }
                if let Some(h) = &f.help {
                    text.push_str(&format!("\nhelp: {h}"));
                }
                let mut v = json!({
                    "ruleId": f.rule.as_str(),
                    "ruleIndex": index_of(f.rule),
                    "level": level(f.severity),
                    "message": { "text": text },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&f.path), "uriBaseId": "%SRCROOT%" },
                            "region": region,
                        }
                    }],
                    "partialFingerprints": { "jwtlint/v1": f.fingerprint },
                });
                if let (Some(rep), Some(_)) = (&f.fix.replacement, f.fix.edit) {
                    v["fixes"] = json!([{
                        "description": { "text": f.fix.description },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri(&f.path), "uriBaseId": "%SRCROOT%" },
                            "replacements": [{
                                "deletedRegion": region,
                                "insertedContent": { "text": rep },
                            }]
                        }]
                    }]);
                }
                v
            })
            .collect();
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "jwtlint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "informationUri": "https://github.com/jwtlint/jwtlint",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }]
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

/// Relative paths as URI references (spaces and `%` escaped).
fn uri(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '%' => s.push_str("%25"),
            '#' => s.push_str("%23"),
            '?' => s.push_str("%3F"),
            c if c.is_control() => s.push_str(&format!("%{:02X}", c as u32)),
            c => s.push(c),
        }
    }
    s
}
