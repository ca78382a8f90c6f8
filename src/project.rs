//! Cross-file rules, run once after every file is analysed: shared-secret (the same value in
//! several config files) and, with history, stale-secret (a key unchanged for too long).

use crate::finding::{Finding, Fix, RuleId, SecretRef, SeenSecret, Severity};
use std::collections::BTreeMap;

/// The environment a config file configures, from its name (`.env.production` -> production).
pub fn scope_of(path: &str) -> String {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    for env in [
        "production",
        "prod",
        "staging",
        "stage",
        "development",
        "dev",
        "test",
        "qa",
        "uat",
        "local",
        "preview",
        "demo",
        "sandbox",
    ] {
        if name.split(['.', '-', '_']).any(|p| p == env) {
            return env.to_string();
        }
    }
    if lower.contains(".github/workflows/")
        || lower.contains(".gitlab-ci")
        || lower.contains("circleci")
    {
        return "ci".into();
    }
    if name.contains("compose") {
        return "compose".into();
    }
    name.to_string()
}

/// Report every occurrence of a secret value that appears in more than one config file. Where a
/// finding already sits at that location, the sharing becomes a note on it.
pub fn shared_secrets(findings: &mut Vec<Finding>, seen: &[SeenSecret], disabled: bool) {
    let mut by_hash: BTreeMap<&str, Vec<&SeenSecret>> = BTreeMap::new();
    for s in seen {
        by_hash.entry(s.hash.as_str()).or_default().push(s);
    }
    for group in by_hash.values() {
        let mut paths: Vec<&str> = group.iter().map(|s| s.path.as_str()).collect();
        paths.sort();
        paths.dedup();
        if paths.len() < 2 {
            continue;
        }
        for s in group {
            let others: Vec<String> = paths
                .iter()
                .filter(|p| **p != s.path)
                .map(|p| format!("`{p}` ({})", scope_of(p)))
                .collect();
            let note = format!(
                "the same secret value is also in {}: one leak exposes every environment",
                others.join(", ")
            );
            if let Some(f) = findings.iter_mut().find(|f| {
                f.path == s.path && f.start == s.start && f.end == s.end && f.rule.is_value_rule()
            }) {
                if !f.notes.contains(&note) {
                    f.notes.push(note);
                }
                continue;
            }
            if disabled {
                continue;
            }
            let name = s.name.clone().unwrap_or_else(|| "JWT secret".into());
            let (line, column) = (s.line, s.column);
            findings.push(Finding {
                rule: RuleId::SharedSecret,
                severity: Severity::Warning,
                path: s.path.clone(),
                start: s.start,
                end: s.end,
                line,
                column,
                end_line: line,
                end_column: column + s.chars,
                message: format!("`{name}` (\"{}\") has the same value as in {}", s.masked, others.join(", ")),
                notes: Vec::new(),
                help: Some("generate one key per environment (`jwtlint keygen`) and keep each in that environment's secret store".into()),
                fix: Fix {
                    description: "generate one key per environment and keep each in that environment's secret store".into(),
                    replacement: None,
                    env: None,
                    commands: vec!["jwtlint keygen --env JWT_SECRET".into()],
                    edit: None,
                },
                labels: Vec::new(),
                secret: Some(SecretRef { spans: s.spans.clone(), masked: s.masked.clone(), chars: s.chars, hash: s.hash.clone() }),
                fingerprint: crate::rules::hex_sha256(&format!("shared-secret\u{1f}{}\u{1f}{}", s.path, s.hash))[..32].to_string(),
                history: None,
                source: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        assert_eq!(scope_of(".env.production"), "production");
        assert_eq!(scope_of("config/application-dev.yml"), "dev");
        assert_eq!(scope_of("appsettings.Staging.json"), "staging");
        assert_eq!(scope_of(".github/workflows/ci.yml"), "ci");
        assert_eq!(scope_of("docker-compose.yml"), "compose");
    }
}
