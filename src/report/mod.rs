//! Printers. Detection and printing share only the `Finding` type: each printer takes the
//! findings plus the source text and writes one format. Only this module writes to stdout.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::finding::Finding;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

/// What every printer gets.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub texts: &'a BTreeMap<String, Arc<str>>,
    pub files_scanned: usize,
    pub elapsed_ms: u128,
    pub show_secrets: bool,
    pub color: bool,
}

pub trait Printer {
    fn print(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

impl Report<'_> {
    /// The message as printed: masked unless `--show-secrets`.
    pub fn message(&self, f: &Finding) -> String {
        if !self.show_secrets {
            return f.message.clone();
        }
        match (&f.secret, self.texts.get(&f.path)) {
            (Some(s), Some(text)) => {
                let raw: String = s
                    .spans
                    .iter()
                    .filter_map(|(a, b)| text.get(*a..*b))
                    .collect();
                f.message.replace(&s.masked, &raw)
            }
            _ => f.message.clone(),
        }
    }

    /// A file's text with every secret of every finding masked (at most a quarter shown, never
    /// more than 4 characters), unless `--show-secrets`.
    pub fn masked_text(&self, path: &str) -> Option<String> {
        let text = self.texts.get(path)?;
        if self.show_secrets {
            return Some(text.to_string());
        }
        let mut bytes: Vec<char> = Vec::new();
        let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // start, end, chars to keep
        for f in self.findings.iter().filter(|f| f.path == path) {
            if let Some(s) = &f.secret {
                let keep = (s.chars / 4).min(4);
                for (i, (a, b)) in s.spans.iter().enumerate() {
                    spans.push((*a, *b, if i == 0 { keep } else { 0 }));
                }
            }
        }
        if spans.is_empty() {
            return Some(text.to_string());
        }
        spans.sort();
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (a, b, keep) in spans {
            if a < pos || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            out.push_str(&text[pos..a]);
            for (i, c) in text[a..b].chars().enumerate() {
                // Keep line structure so positions stay right.
                if c == '\n' || c == '\r' || i < keep {
                    out.push(c);
                } else {
                    out.push('*');
                }
            }
            pos = b;
        }
        out.push_str(&text[pos..]);
        bytes.clear();
        Some(out)
    }
}

/// Counts per rule, for summaries.
pub fn by_rule(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(f.rule.as_str()).or_insert(0) += 1;
    }
    m
}
