//! Properties of the analysis on generated input (issue 7): it never panics, every position it
//! reports lies inside the file on a character boundary, masking never shows more than its
//! share of a secret, and unrelated lines above a finding move its line and nothing else.

use crate::support::{files_under, root};
use jwtlint::analyze::{AnalyzeOptions, analyze};
use jwtlint::finding::{Finding, mask};
use jwtlint::lang::{ConfigFormat, FileKind, Language, detect};
use jwtlint::report::Report;
use jwtlint::ruleset::RuleSet;
use jwtlint::text::LineIndex;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

const NAMES: &[&str] = &[
    "src/auth.js",
    "src/auth.ts",
    "app.py",
    "main.go",
    "Auth.java",
    "Auth.kt",
    "Auth.cs",
    "auth.php",
    "auth.rb",
    "auth.rs",
    ".env",
    "appsettings.json",
    "application.yml",
    "docker-compose.yml",
    "application.properties",
    "config.toml",
    "application.conf",
    "deploy.sh",
    "Dockerfile",
    "main.tf",
];

/// Pieces that steer generated text into the analysis (sinks, env lookups, quotes, brackets,
/// line endings, multi-byte characters), mixed with arbitrary characters.
const PIECES: &[&str] = &[
    "jwt.sign(",
    "jwt.verify(",
    "require('jsonwebtoken')",
    "import jwt\n",
    "JWT.encode(",
    "process.env.JWT_SECRET",
    "os.environ.get(\"JWT_SECRET\", ",
    " || ",
    "'s3cr3t-value-1234'",
    "\"dev\"",
    "`${",
    "}`",
    "JWT_SECRET=",
    "jwt:\n  secret: ",
    "\"Jwt\": {\"Key\": ",
    "${JWT_SECRET:-",
    "algorithms: ['none']",
    "Math.random()",
    "new TokenValidationParameters {",
    "Keys.hmacShaKeyFor(",
    "jwtSecretKey",
    "// jwtlint:ignore[hardcoded-secret] test\n",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    ":",
    "=",
    "\n",
    "\r\n",
    "\r",
    "\\",
    "\"",
    "'",
    "é",
    "🔑",
    "\u{feff}",
    "\t",
    "#",
    "/*",
    "*/",
    "<?php ",
    "r#\"",
    "\"\"\"",
    "<<~EOS\n",
];

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-zA-Z0-9_.-]{1,12}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

fn options() -> AnalyzeOptions {
    AnalyzeOptions {
        keys: false,
        ..AnalyzeOptions::default()
    }
}

fn check_range(text: &str, a: usize, b: usize, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        a <= b && b <= text.len(),
        "{what} {a}..{b} outside {}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(a) && text.is_char_boundary(b),
        "{what} {a}..{b} not on char boundaries"
    );
    Ok(())
}

/// Every position a finding carries is inside `text`, on a char boundary, and agrees with its
/// line and column; every printer renders it.
fn check_findings(name: &str, text: &str, findings: &[Finding]) -> Result<(), TestCaseError> {
    let li = LineIndex::new(text);
    for f in findings {
        check_range(text, f.start, f.end, "finding")?;
        prop_assert_eq!(li.line_col(text, f.start), (f.line, f.column));
        prop_assert_eq!(li.line_col(text, f.end), (f.end_line, f.end_column));
        for l in &f.labels {
            check_range(text, l.start, l.end, "label")?;
        }
        if let Some(s) = &f.secret {
            for &(a, b) in &s.spans {
                check_range(text, a, b, "secret")?;
            }
        }
        if let Some((a, b)) = f.fix.edit {
            check_range(text, a, b, "fix edit")?;
        }
    }
    let texts: BTreeMap<String, Arc<str>> = [(name.to_string(), Arc::from(text))].into();
    let report = Report {
        findings,
        texts: &texts,
        files_scanned: 1,
        elapsed_ms: 0,
        show_secrets: false,
        color: false,
    };
    for p in jwtlint::report::ALL {
        let mut out = Vec::new();
        p.print(&report, &mut out).unwrap();
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary text under any file name: no panic, positions sound, printers fine.
    #[test]
    fn analysis_never_panics_and_spans_are_sound(
        name in prop::sample::select(NAMES),
        text in text_strategy(),
    ) {
        let kind = detect(Path::new(name)).unwrap();
        let r = analyze(name, &text, kind, RuleSet::builtin(), &options(), None);
        check_findings(name, &text, &r.findings)?;
    }

    /// Arbitrary bytes decoded as the scanner decodes them (UTF-16 BOMs, invalid UTF-8).
    #[test]
    fn arbitrary_bytes_never_panic(
        name in prop::sample::select(NAMES),
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let kind = detect(Path::new(name)).unwrap();
        if let Some(text) = jwtlint::source::decode_text(&bytes) {
            let r = analyze(name, &text, kind, RuleSet::builtin(), &options(), None);
            check_findings(name, &text, &r.findings)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    /// The two-stage prefilter (anchors in folded bytes, then needles around each anchor) lets
    /// through exactly what one pass of every needle over the whole text lets through, for
    /// every kind of file, and never panics.
    #[test]
    fn prefilter_stages_agree_with_a_whole_text_pass(
        name in prop::sample::select(NAMES),
        text in text_strategy(),
        pad in 0usize..300,
    ) {
        let kind = detect(Path::new(name)).unwrap();
        let pf = RuleSet::builtin().prefilter_for(kind);
        // Padding moves needles across the edges of the windows around anchors.
        let padded = format!("{}{text}", "x".repeat(pad));
        for t in [&text, &padded] {
            prop_assert_eq!(pf.is_match(t.as_bytes()), pf.first_match(t.as_bytes()).is_some(), "{}", t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// `mask` keeps the length in characters and shows at most a quarter, never more than 4.
    #[test]
    fn masking_shows_at_most_a_quarter_and_four_characters(s in "\\PC{0,80}") {
        let m = mask(&s);
        let n = s.chars().count();
        prop_assert_eq!(m.chars().count(), n);
        let shown = (n / 4).min(4);
        for (i, (a, b)) in s.chars().zip(m.chars()).enumerate() {
            if i < shown {
                prop_assert_eq!(a, b);
            } else {
                prop_assert_eq!(b, '*');
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// A generated secret in a real sink: no printer shows the part masking hides.
    #[test]
    fn printers_never_show_the_hidden_part_of_a_secret(secret in "[a-zA-Z0-9]{12,64}") {
        let name = "src/auth.js";
        let text = format!(
            "const jwt = require('jsonwebtoken');\n// issue a token\nconst token = jwt.sign({{ sub: 1 }}, '{secret}', {{ algorithm: 'HS256' }});\n"
        );
        let kind = detect(Path::new(name)).unwrap();
        let findings = analyze(name, &text, kind, RuleSet::builtin(), &options(), None).findings;
        prop_assert!(!findings.is_empty());
        let texts: BTreeMap<String, Arc<str>> = [(name.to_string(), Arc::from(text.as_str()))].into();
        let report = Report { findings: &findings, texts: &texts, files_scanned: 1, elapsed_ms: 0, show_secrets: false, color: false };
        let shown = (secret.len() / 4).min(4);
        let hidden = &secret[shown..];
        for p in jwtlint::report::ALL {
            let mut out = Vec::new();
            p.print(&report, &mut out).unwrap();
            let out = String::from_utf8(out).unwrap();
            prop_assert!(!out.contains(hidden), "{} in {}", hidden, out);
            prop_assert!(out.contains(&mask(&secret)), "the masked form is shown");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Masked text keeps every byte offset: the same length, line breaks and char boundaries.
    #[test]
    fn masked_text_keeps_every_offset(
        text in "(\\PC|\n|\r){0,60}",
        cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0..5usize), 0..4),
    ) {
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let spans: Vec<(usize, usize, usize)> = cuts
            .iter()
            .map(|(a, b, keep)| {
                let (a, b) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
                (a.min(b), a.max(b), *keep)
            })
            .collect();
        let masked = jwtlint::report::mask_spans(&text, spans);
        prop_assert_eq!(masked.len(), text.len());
        for &i in &bounds {
            prop_assert!(masked.is_char_boundary(i));
            if i < text.len() && matches!(text.as_bytes()[i], b'\n' | b'\r') {
                prop_assert_eq!(masked.as_bytes()[i], text.as_bytes()[i]);
            }
        }
    }
}

/// The fixtures with findings, as (display name, text).
fn fixtures() -> &'static [(String, String)] {
    static F: OnceLock<Vec<(String, String)>> = OnceLock::new();
    F.get_or_init(|| {
        let root = root();
        files_under(&root.join("fixtures"))
            .into_iter()
            .filter(|p| detect(p).is_some())
            .map(|p| {
                let name = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .filter(|(name, text)| !run(name, text).is_empty())
            .collect()
    })
}

fn run(name: &str, text: &str) -> Vec<Finding> {
    let kind = detect(Path::new(name)).unwrap();
    let mut f = analyze(name, text, kind, RuleSet::builtin(), &options(), None).findings;
    f.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    f
}

/// A line that means nothing in the file's language: blank, or a comment where it has them.
fn unrelated_line(name: &str, comment: bool) -> &'static str {
    if !comment {
        return "";
    }
    match detect(Path::new(name)).unwrap() {
        FileKind::Config(ConfigFormat::Json) => "",
        FileKind::Code(Language::Python | Language::Ruby) | FileKind::Config(_) => {
            "# an unrelated comment: jwt secret key"
        }
        FileKind::Code(_) => "// an unrelated comment: jwt secret key",
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Lines added at the top of a fixture move each finding's line by their number and change
    /// nothing else: rule, columns, message, notes, fix, labels and fingerprint stay.
    #[test]
    fn unrelated_lines_above_move_findings_and_nothing_else(
        pick in any::<prop::sample::Index>(),
        lines in prop::collection::vec(any::<bool>(), 1..12),
        crlf in any::<bool>(),
    ) {
        let all = fixtures();
        prop_assume!(!all.is_empty());
        let (name, text) = &all[pick.index(all.len())];
        let nl = if crlf && text.contains("\r\n") { "\r\n" } else { "\n" };
        let added: String = lines.iter().map(|&c| format!("{}{nl}", unrelated_line(name, c))).collect();
        let moved = format!("{added}{text}");
        let before = run(name, text);
        let after = run(name, &moved);
        let (k, bytes) = (lines.len(), added.len());
        prop_assert_eq!(before.len(), after.len(), "{}", name);
        for (a, b) in before.iter().zip(&after) {
            prop_assert_eq!(a.rule, b.rule);
            prop_assert_eq!(a.severity, b.severity);
            prop_assert_eq!((a.line + k, a.end_line + k), (b.line, b.end_line), "{}", name);
            prop_assert_eq!((a.column, a.end_column), (b.column, b.end_column));
            prop_assert_eq!((a.start + bytes, a.end + bytes), (b.start, b.end));
            prop_assert_eq!(&a.message, &b.message);
            prop_assert_eq!(&a.notes, &b.notes);
            prop_assert_eq!(&a.help, &b.help);
            prop_assert_eq!(&a.fix.description, &b.fix.description);
            prop_assert_eq!(&a.fix.replacement, &b.fix.replacement);
            prop_assert_eq!(&a.fix.env, &b.fix.env);
            prop_assert_eq!(a.fix.edit.map(|(s, e)| (s + bytes, e + bytes)), b.fix.edit);
            let labels = |f: &Finding, shift: usize| -> Vec<(usize, usize, String)> {
                f.labels.iter().map(|l| (l.start + shift, l.end + shift, l.text.clone())).collect()
            };
            prop_assert_eq!(labels(a, bytes), labels(b, 0));
            prop_assert_eq!(&a.fingerprint, &b.fingerprint, "{}", name);
            prop_assert_eq!(
                a.secret.as_ref().map(|s| (&s.masked, &s.hash)),
                b.secret.as_ref().map(|s| (&s.masked, &s.hash))
            );
        }
    }
}

/// Words secret names are made of, and words that make a name something else.
const NAME_WORDS: &[&str] = &[
    "id", "api", "github", "access", "refresh", "my", "x", "session", "jwt", "jws", "client",
    "app", "auth", "token", "secret", "signing", "key", "hmac", "or", "private", "base", "header",
    "default", "old", "nextauth", "service", "config", "env", "public", "sign",
];

/// Words secret names end with.
const TAIL_WORDS: &[&str] = &[
    "token", "secret", "key", "signing", "hmac", "or", "private", "base", "sign", "jwt",
];

/// Up to three of [`NAME_WORDS`] then one to three of [`TAIL_WORDS`], written in one of the
/// ways code and configuration write names.
fn name_strategy() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(NAME_WORDS), 0..=3),
        prop::collection::vec(prop::sample::select(TAIL_WORDS), 1..=3),
        0..5usize,
    )
        .prop_map(|(mut words, tail, style)| {
            words.extend(tail);
            let cap = |w: &str| w[..1].to_ascii_uppercase() + &w[1..];
            match style {
                0 => words.join("_"),
                1 => words.join("_").to_ascii_uppercase(),
                2 => words[0].to_string() + &words[1..].iter().map(|w| cap(w)).collect::<String>(),
                3 => words.iter().map(|w| cap(w)).collect(),
                // Configuration keys only (`jwt-secret`).
                _ => words.join("-"),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The prefilter never skips a name the analysis takes for a JWT secret name, in code (where
    /// JavaScript counts keywords only where used) and in configuration: it may let more
    /// through, never less.
    #[test]
    fn every_secret_name_passes_the_prefilter(name in name_strategy()) {
        let rules = RuleSet::builtin();
        if !jwtlint::names::is_jwt_secret_name(&name, &rules.names) {
            return Ok(());
        }
        let configuration_only = name.contains('-');
        let js = FileKind::Code(Language::JavaScript);
        let code = format!("const {name} = 'x';\n");
        prop_assert!(configuration_only || rules.prefilter_for(js).is_match(code.as_bytes()), "{}", code);
        let py = format!("{name} = os.environ.get('X', 'dev')\n");
        prop_assert!(configuration_only || rules.might_match_kind(FileKind::Code(Language::Python), py.as_bytes()), "{}", py);
        let rs = format!("pub const {name}: &str = \"x\";\n");
        prop_assert!(configuration_only || rules.might_match_kind(FileKind::Code(Language::Rust), rs.as_bytes()), "{}", rs);
        for (format, text) in [
            (ConfigFormat::Yaml, format!("{name}: abc\n")),
            (ConfigFormat::Dotenv, format!("export {name}=abc\n")),
            (ConfigFormat::Json, format!("{{\"{name}\": \"abc\"}}\n")),
            (ConfigFormat::Json, format!("{{\"env\": [{{\"name\": \"{name}\", \"value\": \"abc\"}}]}}\n")),
        ] {
            prop_assert!(rules.might_match_kind(FileKind::Config(format), text.as_bytes()), "{}", text);
        }
    }
}
