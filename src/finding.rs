//! The one type detection and printing share.

use serde::Serialize;
use std::fmt;

/// Rule ids are a public contract: configs, baselines and suppressions name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    HardcodedSecret,
    FallbackSecret,
    WeakGenerator,
    ShortKey,
    WeakKey,
    MissingAlgorithms,
    NoneAlgorithm,
    UnverifiedDecode,
    EnvFileCommitted,
    SharedSecret,
    StaleSecret,
    InvalidSuppression,
    UnusedSuppression,
}

impl RuleId {
    pub const ALL: [RuleId; 13] = [
        RuleId::HardcodedSecret,
        RuleId::FallbackSecret,
        RuleId::WeakGenerator,
        RuleId::ShortKey,
        RuleId::WeakKey,
        RuleId::MissingAlgorithms,
        RuleId::NoneAlgorithm,
        RuleId::UnverifiedDecode,
        RuleId::EnvFileCommitted,
        RuleId::SharedSecret,
        RuleId::StaleSecret,
        RuleId::InvalidSuppression,
        RuleId::UnusedSuppression,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::HardcodedSecret => "hardcoded-secret",
            RuleId::FallbackSecret => "fallback-secret",
            RuleId::WeakGenerator => "weak-generator",
            RuleId::ShortKey => "short-key",
            RuleId::WeakKey => "weak-key",
            RuleId::MissingAlgorithms => "missing-algorithms",
            RuleId::NoneAlgorithm => "none-algorithm",
            RuleId::UnverifiedDecode => "unverified-decode",
            RuleId::EnvFileCommitted => "env-file-committed",
            RuleId::SharedSecret => "shared-secret",
            RuleId::StaleSecret => "stale-secret",
            RuleId::InvalidSuppression => "invalid-suppression",
            RuleId::UnusedSuppression => "unused-suppression",
        }
    }

    pub fn parse(s: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            RuleId::UnverifiedDecode
            | RuleId::SharedSecret
            | RuleId::StaleSecret
            | RuleId::InvalidSuppression
            | RuleId::UnusedSuppression => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// One location gets one finding: the first applicable rule in this order wins and the
    /// others become notes on it.
    pub fn precedence(self) -> u8 {
        match self {
            RuleId::HardcodedSecret => 0,
            RuleId::EnvFileCommitted => 1,
            RuleId::FallbackSecret => 2,
            RuleId::WeakGenerator => 3,
            RuleId::WeakKey => 4,
            RuleId::ShortKey => 5,
            RuleId::SharedSecret => 6,
            RuleId::StaleSecret => 7,
            RuleId::NoneAlgorithm => 8,
            RuleId::MissingAlgorithms => 9,
            RuleId::UnverifiedDecode => 10,
            RuleId::InvalidSuppression => 11,
            RuleId::UnusedSuppression => 12,
        }
    }

    /// Rules about the secret value itself (the ones that merge at one location).
    pub fn is_value_rule(self) -> bool {
        self.precedence() <= 7
    }

    pub fn cwe(self) -> &'static [&'static str] {
        match self {
            RuleId::HardcodedSecret | RuleId::EnvFileCommitted | RuleId::FallbackSecret => {
                &["CWE-798", "CWE-321"]
            }
            RuleId::WeakGenerator => &["CWE-330", "CWE-338"],
            RuleId::ShortKey => &["CWE-326"],
            RuleId::WeakKey => &["CWE-521", "CWE-798"],
            RuleId::MissingAlgorithms => &["CWE-347", "CWE-757"],
            RuleId::NoneAlgorithm => &["CWE-347", "CWE-327"],
            RuleId::UnverifiedDecode => &["CWE-347", "CWE-345"],
            RuleId::SharedSecret => &["CWE-798", "CWE-1051"],
            RuleId::StaleSecret => &["CWE-324"],
            RuleId::InvalidSuppression | RuleId::UnusedSuppression => &[],
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// How to fix a finding: a description, the code to write instead, and the `.env` line.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub replacement: Option<String>,
    pub env: Option<String>,
    /// Commands that make another key (`openssl rand -hex 32`, the language's own).
    #[serde(skip)]
    pub commands: Vec<String>,
    /// A concrete edit: replace this byte range with `replacement` (for SARIF `fixes`).
    #[serde(skip)]
    pub edit: Option<(usize, usize)>,
}

/// A secondary location shown with the finding ("used as the key here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The secret a finding is about, kept only as what may be printed plus a hash for baselines
/// and cross-file comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRef {
    /// Byte ranges in the file holding secret text (masked in snippets).
    pub spans: Vec<(usize, usize)>,
    pub masked: String,
    pub chars: usize,
    /// SHA-256 of the value as used (hex), never printed in full.
    pub hash: String,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// Display path: relative to the current directory, `/`-separated.
    pub path: String,
    /// Byte range of the primary location.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub fix: Fix,
    pub labels: Vec<Label>,
    pub secret: Option<SecretRef>,
    /// Stable identity of what was found (rule + path + hash of secret or context), no lines.
    pub fingerprint: String,
    /// Git context when scanning history: commit, author time, still at HEAD.
    pub history: Option<HistoryNote>,
    /// The text this finding was found in, when it is not the file on disk (a git blob).
    pub source: Option<std::sync::Arc<str>>,
}

/// A secret value seen in a config file, for cross-file comparison (never printed in full).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenSecret {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub hash: String,
    pub masked: String,
    pub chars: usize,
    pub name: Option<String>,
    pub spans: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryNote {
    pub commit: String,
    pub path: String,
    pub author_time: i64,
    pub at_head: bool,
}

impl Finding {
    pub fn sort_key(&self) -> (&str, usize, usize, RuleId) {
        (&self.path, self.line, self.column, self.rule)
    }
}

/// Show at most a quarter of a secret (never more than 4 characters), the rest as `*`.
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    let shown = (n / 4).min(4);
    secret
        .chars()
        .enumerate()
        .map(|(i, c)| if i < shown { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_shows_at_most_a_quarter() {
        assert_eq!(mask("mysecretkey"), "my*********");
        assert_eq!(mask("abc"), "***");
        assert_eq!(mask(&"x".repeat(100)), format!("xxxx{}", "*".repeat(96)));
        assert_eq!(mask("ключ-секрет"), "кл*********");
    }

    #[test]
    fn rule_ids_round_trip() {
        for r in RuleId::ALL {
            assert_eq!(RuleId::parse(r.as_str()), Some(r));
        }
    }
}
