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

/// Every printer, for checks that must hold in every format (secret hygiene, fuzzing).
pub const ALL: [&dyn Printer; 4] = [&human::Human, &json::Json, &sarif::Sarif, &github::Github];

impl Report<'_> {
    /// The message as printed: masked unless `--show-secrets`.
    pub fn message(&self, f: &Finding) -> String {
        if !self.show_secrets {
            return f.message.clone();
        }
        match (&f.secret, self.text_of(f)) {
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

    /// The text a finding points into: its own source (a git blob) or the scanned file.
    pub fn text_of(&self, f: &Finding) -> Option<Arc<str>> {
        f.source
            .clone()
            .or_else(|| self.texts.get(&f.path).cloned())
    }

    /// A finding's text with every secret masked (at most a quarter shown, never more than 4
    /// characters), unless `--show-secrets`. Secrets of every finding on the same text count.
    pub fn masked_text(&self, f: &Finding) -> Option<String> {
        let text = self.text_of(f)?;
        if self.show_secrets {
            return Some(text.to_string());
        }
        let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // start, end, chars to keep
        let same_text = |g: &Finding| match (&f.source, &g.source) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => g.path == f.path,
            _ => false,
        };
        for g in self.findings.iter().filter(|g| same_text(g)) {
            if let Some(s) = &g.secret {
                let keep = (s.chars / 4).min(4);
                for (i, (a, b)) in s.spans.iter().enumerate() {
                    spans.push((*a, *b, if i == 0 { keep } else { 0 }));
                }
            }
        }
        // The same secret written again elsewhere (`'abc'; // was 'abc'`) is hidden too. Short
        // values are left alone: hiding every `dev` would garble the code around them.
        let own: Vec<(usize, usize)> = spans.iter().map(|&(a, b, _)| (a, b)).collect();
        let overlaps = |a: usize, b: usize| own.iter().any(|&(x, y)| a < y && x < b);
        let mut again = Vec::new();
        for &(a, b) in &own {
            let Some(raw) = text.get(a..b) else { continue };
            if raw.chars().count() < MIN_REPEAT_MASK {
                continue;
            }
            for (i, _) in text.match_indices(raw) {
                if !overlaps(i, i + raw.len()) {
                    again.push((i, i + raw.len(), 0));
                }
            }
        }
        spans.extend(again);
        Some(mask_spans(&text, spans))
    }
}

/// Secrets at least this long (in characters) are also hidden where they appear again in the
/// shown text, outside the finding's own spans.
pub const MIN_REPEAT_MASK: usize = 8;

/// Replace the characters of each span with `*`, keeping the first `keep` of each and line breaks.
/// A hidden character becomes one `*` per byte, so the masked text has the original's length and
/// every byte offset of a finding still points at the same place (found by a property test: with
/// a multi-byte secret, snippets were drawn at the wrong place or the printer panicked).
pub fn mask_spans(text: &str, mut spans: Vec<(usize, usize, usize)>) -> String {
    spans.sort();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (a, b, keep) in spans {
        if a < pos || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        out.push_str(&text[pos..a]);
        for (i, c) in text[a..b].chars().enumerate() {
            if c == '\n' || c == '\r' || i < keep {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n('*', c.len_utf8()));
            }
        }
        pos = b;
    }
    out.push_str(&text[pos..]);
    out
}

/// Counts per rule, for summaries.
/// The one-line summary that ends human and GitHub output:
/// `jwtlint: 3 findings (2 errors, 1 warning) in 40 files (0.12s)`.
pub fn summary_line(r: &Report) -> String {
    let secs = r.elapsed_ms as f64 / 1000.0;
    if r.findings.is_empty() {
        return format!(
            "jwtlint: no findings in {} files ({secs:.2}s)",
            r.files_scanned
        );
    }
    let errors = r
        .findings
        .iter()
        .filter(|f| f.severity == crate::finding::Severity::Error)
        .count();
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    format!(
        "jwtlint: {} ({}, {}) in {} files ({secs:.2}s)",
        plural(r.findings.len(), "finding"),
        plural(errors, "error"),
        plural(r.findings.len() - errors, "warning"),
        r.files_scanned
    )
}

pub fn by_rule(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for f in findings {
        *m.entry(f.rule.as_str()).or_insert(0) += 1;
    }
    m
}
