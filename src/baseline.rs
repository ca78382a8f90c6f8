//! Baselines: the findings a team accepts today, identified by rule, path and a hash of the
//! secret (or of the finding's context) — no line numbers, no timestamps, sorted — so editing or
//! moving code never changes the file and it never causes merge conflicts.

use crate::finding::Finding;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

pub const DEFAULT_FILE: &str = ".jwtlint-baseline.json";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

fn entry(f: &Finding) -> Entry {
    Entry {
        rule: f.rule.as_str().to_string(),
        path: f.path.clone(),
        fingerprint: f.fingerprint.clone(),
    }
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let set: BTreeSet<Entry> = findings.iter().map(entry).collect();
        Baseline {
            version: 1,
            entries: set.into_iter().collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a jwtlint baseline", path.display()))?;
        if b.version != 1 {
            bail!(
                "{}: unsupported baseline version {}",
                path.display(),
                b.version
            );
        }
        Ok(b)
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Drop findings the baseline records; returns how many were hidden.
    pub fn filter(&self, findings: &mut Vec<Finding>) -> usize {
        let known: BTreeSet<&Entry> = self.entries.iter().collect();
        let before = findings.len();
        findings.retain(|f| !known.contains(&entry(f)));
        before - findings.len()
    }

    /// Entries that no current finding matches (fixed since the baseline was made).
    pub fn stale(&self, findings: &[Finding]) -> Vec<Entry> {
        let current: BTreeSet<Entry> = findings.iter().map(entry).collect();
        self.entries
            .iter()
            .filter(|e| !current.contains(e))
            .cloned()
            .collect()
    }

    pub fn pruned(&self, findings: &[Finding]) -> Baseline {
        let current: BTreeSet<Entry> = findings.iter().map(entry).collect();
        Baseline {
            version: 1,
            entries: self
                .entries
                .iter()
                .filter(|e| current.contains(e))
                .cloned()
                .collect(),
        }
    }
}
