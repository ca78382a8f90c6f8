//! Inline suppressions: `jwtlint:ignore[rule-id] reason` in a comment on the finding's line or
//! on the line above, in any comment syntax (`//`, `#`, `/* */`, `--`, `;`, `<!-- -->`).
//! A suppression without a reason, or naming an unknown rule, is itself reported; with
//! `--report-unused-ignores`, so is one that suppresses nothing. Other tools' markers
//! (`nosemgrep`, `gitleaks:allow`, `# nosec`, `NOSONAR`, `pragma: allowlist secret`) count only
//! with `--other-markers`.

use crate::finding::{Finding, Fix, RuleId, Severity};
use crate::text::LineIndex;

pub const MARKER: &str = "jwtlint:ignore";

/// Does the text hold a `jwtlint:ignore` marker? Such a file is analysed in full even when the
/// code alone would not be, so that invalid suppressions are reported.
pub fn has_marker(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_some()
}
const OTHER_MARKERS: &[&str] = &[
    "nosemgrep",
    "gitleaks:allow",
    "nosec",
    "NOSONAR",
    "pragma: allowlist secret",
    "noqa",
];

#[derive(Debug, Clone)]
pub struct Suppression {
    /// 1-based line of the comment.
    pub line: usize,
    /// The comment is alone on its line (so it covers the next line).
    pub own_line: bool,
    /// Rules it names; empty means every rule (other tools' markers only).
    pub rules: Vec<RuleId>,
    pub start: usize,
    pub end: usize,
    pub used: bool,
}

/// Problems with suppressions themselves, reported as findings.
#[derive(Debug, Clone)]
pub struct Invalid {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Where the comment holding the marker at `at` starts, when the marker opens that comment
/// (`// jwtlint:ignore[...]`, `# jwtlint:ignore[...]`): prose that merely mentions the syntax,
/// or a string, does not count.
fn comment_start(line: &str, at: usize) -> Option<usize> {
    let before = &line[..at];
    let opener = |s: &str| {
        s.trim_end()
            .trim_end_matches(['/', '#', '*', '-', ';', '!', '<'])
            .trim_end()
            .is_empty()
    };
    let trimmed = before.trim_start();
    if trimmed.starts_with('*') && opener(trimmed) {
        return Some(before.len() - trimmed.len());
    }
    let c = ["//", "#", "/*", "--", ";", "<!--"]
        .iter()
        .filter_map(|m| before.rfind(m))
        .max()?;
    opener(&before[c..]).then_some(c)
}

/// Find suppressions in a file's text. For code, `comments` are the lexer's comment spans: a
/// marker counts only when it opens one of them (not in a string, not in prose that mentions it).
pub fn scan_with(
    text: &str,
    other_markers: bool,
    comments: Option<&[(u32, u32)]>,
) -> (Vec<Suppression>, Vec<Invalid>) {
    let (mut sups, mut invalid) = scan(text, other_markers);
    if let Some(cs) = comments {
        let opens_comment = |at: usize| {
            cs.iter().any(|&(a, b)| {
                let (a, b) = (a as usize, b as usize);
                a <= at
                    && at < b
                    && text.get(a..at).is_some_and(|pre| {
                        pre.trim_end()
                            .trim_end_matches(['/', '#', '*', '-', '!', '<'])
                            .trim()
                            .is_empty()
                    })
            })
        };
        sups.retain(|s| opens_comment(s.start));
        invalid.retain(|i| opens_comment(i.start));
    }
    (sups, invalid)
}

/// Find suppressions in a file's text.
pub fn scan(text: &str, other_markers: bool) -> (Vec<Suppression>, Vec<Invalid>) {
    let mut sups = Vec::new();
    let mut invalid = Vec::new();
    let any_other = other_markers && OTHER_MARKERS.iter().any(|m| text.contains(m));
    if !(has_marker(text) || any_other) {
        return (sups, invalid);
    }
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let mut search = 0;
        while let Some(pos) = body[search..].find(MARKER).map(|p| p + search) {
            search = pos + MARKER.len();
            let Some(c) = comment_start(body, pos) else {
                continue;
            };
            let own_line = body[..c].trim().is_empty();
            let rest = &body[pos + MARKER.len()..];
            let start = offset + pos;
            let mut end = offset + body.len();
            let (rules_text, reason) = match rest.strip_prefix('[') {
                Some(r) => match r.find(']') {
                    Some(close) => (Some(&r[..close]), r[close + 1..].trim()),
                    None => (None, ""),
                },
                None => (None, rest.trim()),
            };
            let reason = reason.trim_end_matches(['*', '/', '-', '>']).trim();
            let Some(rules_text) = rules_text else {
                invalid.push(Invalid {
                    line: line_no,
                    start,
                    end,
                    message:
                        "this suppression names no rule: write `jwtlint:ignore[rule-id] reason`"
                            .into(),
                });
                continue;
            };
            let mut rules = Vec::new();
            let mut bad = Vec::new();
            for r in rules_text
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
            {
                match RuleId::parse(r) {
                    Some(id) => rules.push(id),
                    None => bad.push(r.to_string()),
                }
            }
            if !bad.is_empty() {
                invalid.push(Invalid {
                    line: line_no,
                    start,
                    end,
                    message: format!(
                        "this suppression names unknown rule(s) {} (see `jwtlint rules`)",
                        bad.join(", ")
                    ),
                });
            }
            if rules.is_empty() {
                continue;
            }
            if reason.is_empty() {
                invalid.push(Invalid {
                    line: line_no,
                    start,
                    end,
                    message: "this suppression has no reason: say why the finding is acceptable after the rule list".into(),
                });
            }
            end = end.min(offset + body.len());
            sups.push(Suppression {
                line: line_no,
                own_line,
                rules,
                start,
                end,
                used: false,
            });
        }
        if other_markers {
            for m in OTHER_MARKERS {
                if let Some(pos) = body.find(m)
                    && let Some(c) = comment_start(body, pos)
                {
                    let own_line = body[..c].trim().is_empty();
                    sups.push(Suppression {
                        line: line_no,
                        own_line,
                        rules: Vec::new(),
                        start: offset + pos,
                        end: offset + body.len(),
                        used: false,
                    });
                }
            }
        }
        offset += line.len();
    }
    (sups, invalid)
}

fn covers(s: &Suppression, f: &Finding) -> bool {
    let rule_ok = s.rules.is_empty() || s.rules.contains(&f.rule);
    let line_ok = s.line == f.line
        || (s.own_line && s.line + 1 == f.line)
        || (f.end_line > f.line && (f.line..=f.end_line).contains(&s.line));
    rule_ok && line_ok
}

/// Is this finding covered by a suppression comment in `text`?
pub fn suppressed(f: &Finding, text: &str, other_markers: bool) -> bool {
    scan(text, other_markers).0.iter().any(|s| covers(s, f))
}

/// Remove suppressed findings; add findings for invalid (and, if asked, unused) suppressions.
pub fn apply(
    findings: &mut Vec<Finding>,
    path: &str,
    text: &str,
    other_markers: bool,
    report_unused: bool,
    comments: Option<&[(u32, u32)]>,
) {
    let (mut sups, invalid) = scan_with(text, other_markers, comments);
    if sups.is_empty() && invalid.is_empty() {
        return;
    }
    findings.retain(|f| {
        let mut hit = false;
        for s in sups.iter_mut() {
            if covers(s, f) {
                s.used = true;
                hit = true;
            }
        }
        !hit
    });
    let li = LineIndex::new(text);
    let mut push = |start: usize, end: usize, message: String, rule: RuleId| {
        let (line, column) = li.line_col(text, start);
        let (end_line, end_column) = li.line_col(text, end);
        findings.push(Finding {
            rule,
            severity: Severity::Warning,
            path: path.to_string(),
            start,
            end,
            line,
            column,
            end_line,
            end_column,
            message,
            notes: Vec::new(),
            help: Some(
                "write `jwtlint:ignore[rule-id] reason` on the line or the line above".into(),
            ),
            fix: Fix {
                description: "fix or remove the suppression comment".into(),
                ..Fix::default()
            },
            labels: Vec::new(),
            secret: None,
            fingerprint: crate::rules::hex_sha256(&format!(
                "{}\u{1f}{path}\u{1f}{}",
                rule.as_str(),
                text.get(start..end).unwrap_or("")
            ))[..32]
                .to_string(),
            history: None,
            source: None,
        });
    };
    for inv in invalid {
        push(inv.start, inv.end, inv.message, RuleId::InvalidSuppression);
    }
    if report_unused {
        for s in sups.iter().filter(|s| !s.used && !s.rules.is_empty()) {
            let names: Vec<&str> = s.rules.iter().map(|r| r.as_str()).collect();
            push(
                s.start,
                s.end,
                format!(
                    "this suppression of {} matches no finding: remove it",
                    names.join(", ")
                ),
                RuleId::UnusedSuppression,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_markers() {
        let t = "a // jwtlint:ignore[hardcoded-secret] test key only\n# jwtlint:ignore[weak-key]\nx = 1 // jwtlint:ignore[bogus] why\nv = \"jwtlint:ignore[x]\"\n";
        let (s, inv) = scan(t, false);
        assert_eq!(s.len(), 2);
        assert!(!s[0].own_line && s[1].own_line);
        assert_eq!(s[0].rules, [RuleId::HardcodedSecret]);
        assert_eq!(inv.len(), 2, "{inv:?}");
        assert!(inv.iter().any(|i| i.message.contains("no reason")));
        assert!(inv.iter().any(|i| i.message.contains("bogus")));
    }
}
