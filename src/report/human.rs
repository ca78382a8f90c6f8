//! Human output: rustc-style diagnostics through annotate-snippets 0.12. Every call into
//! annotate-snippets lives in this module.

use super::{Printer, Report};
use crate::finding::{Finding, Severity};
use crate::text::LineIndex;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct Human;

/// Secondary labels further than this many lines from the primary span are not drawn.
const LABEL_WINDOW: usize = 12;

impl Printer for Human {
    fn print(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let renderer = if r.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut masked: BTreeMap<&str, (String, LineIndex)> = BTreeMap::new();
        for f in r.findings {
            let own;
            let text = if f.source.is_some() {
                own = r.masked_text(f).map(|t| {
                    let li = LineIndex::new(&t);
                    (t, li)
                });
                own.as_ref()
            } else {
                if !masked.contains_key(f.path.as_str())
                    && let Some(t) = r.masked_text(f)
                {
                    let li = LineIndex::new(&t);
                    masked.insert(f.path.as_str(), (t, li));
                }
                masked.get(f.path.as_str())
            };
            // A bug while drawing one snippet costs that snippet, not the report.
            let rendered = crate::scan::catch_panic(|| {
                #[cfg(debug_assertions)]
                if let Some((t, _)) = text {
                    crate::scan::test_render_panic_trigger(&f.path, t);
                }
                render_one(r, f, text.map(|(t, li)| (t.as_str(), li)), &renderer, None)
            })
            .unwrap_or_else(|at| {
                let at = at.map(|a| format!(" at {a}")).unwrap_or_default();
                let note = format!(
                    "internal error while drawing this snippet (panic{at}); please report it"
                );
                render_one(r, f, None, &renderer, Some(note))
            });
            writeln!(out, "{rendered}")?;
            writeln!(out)?;
        }
        writeln!(out, "{}", super::summary_line(r))
    }
}

fn render_one(
    r: &Report,
    f: &Finding,
    text: Option<(&str, &LineIndex)>,
    renderer: &Renderer,
    note: Option<String>,
) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = r.message(f);
    let mut footer: Vec<String> = Vec::new();
    let mut group = Group::with_title(level.primary_title(message).id(f.rule.as_str()));
    if let Some((text, li)) = text {
        // Show the lines of the finding (and nearby labels) only: big files stay cheap.
        let first_line = f.line;
        let last_line = f.end_line.max(f.line);
        let labels: Vec<_> = f
            .labels
            .iter()
            .filter(|l| {
                let (ln, _) = li.line_col(text, l.start);
                ln + LABEL_WINDOW >= first_line && ln <= last_line + LABEL_WINDOW
            })
            .collect();
        let lo = labels
            .iter()
            .map(|l| li.line_col(text, l.start).0)
            .chain([first_line])
            .min()
            .unwrap_or(first_line);
        let hi = labels
            .iter()
            .map(|l| li.line_col(text, l.end).0)
            .chain([last_line])
            .max()
            .unwrap_or(last_line);
        let (start, _) = li.line_range(text, lo);
        let (_, end) = li.line_range(text, hi);
        let slice = &text[start..end];
        let clamp = |x: usize| x.clamp(start, end) - start;
        let primary_label = primary_label(f);
        let mut snippet = Snippet::source(slice)
            .line_start(lo)
            .path(f.path.as_str())
            .fold(true)
            .annotation(
                AnnotationKind::Primary
                    .span(clamp(f.start)..clamp(f.end.max(f.start)))
                    .label(primary_label),
            );
        for l in labels {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(clamp(l.start)..clamp(l.end))
                    .label(l.text.as_str()),
            );
        }
        group = group.element(snippet);
    } else {
        footer.push(format!("at {}:{}:{}", f.path, f.line, f.column));
    }
    for n in &f.notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    if let Some(h) = &f.help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    if let Some(rep) = &f.fix.replacement {
        group = group.element(Level::HELP.message(format!("write instead: {rep}")));
    }
    if let Some(env) = &f.fix.env {
        group = group
            .element(Level::HELP.message(format!("add to your .env (never commit it): {env}")));
    }
    // Commands already spelled out by the lines above are not repeated.
    let said = [&f.help, &f.fix.replacement, &f.fix.env];
    let commands: Vec<&str> = f
        .fix
        .commands
        .iter()
        .map(String::as_str)
        .filter(|c| {
            !said
                .iter()
                .any(|s| s.as_deref().is_some_and(|s| s.contains(c)))
        })
        .collect();
    if !commands.is_empty() {
        group = group
            .element(Level::HELP.message(format!("make another key: {}", commands.join("  or  "))));
    }
    footer.extend(note);
    for x in &footer {
        group = group.element(Level::NOTE.message(x.as_str()));
    }
    let report: [Group; 1] = [group];
    renderer.render(&report)
}

fn primary_label(f: &Finding) -> &'static str {
    use crate::finding::RuleId::*;
    match f.rule {
        HardcodedSecret => "hardcoded secret",
        FallbackSecret => "fallback secret",
        WeakGenerator => "not a CSPRNG",
        ShortKey => "too short",
        WeakKey => "guessable",
        MissingAlgorithms => "no algorithms allow-list",
        NoneAlgorithm => "accepts unsigned tokens",
        UnverifiedDecode => "signature not verified",
        EnvFileCommitted => "committed secret",
        SharedSecret => "same secret elsewhere",
        StaleSecret => "not rotated",
        InvalidSuppression => "bad suppression",
        UnusedSuppression => "suppresses nothing",
    }
}
