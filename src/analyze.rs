//! One file in, findings out: pick the lexer or config parser by file kind, gather evidence, and
//! let the rules judge it.

use crate::engine::{CodeCtx, code_evidence, config_evidence};
use crate::finding::{Finding, SeenSecret};
use crate::lang::lexer::lex;
use crate::lang::parser::parse_lexed;
use crate::lang::{ConfigFormat, FileKind, is_template_name};
use crate::rules::env_file_committed::GitStatus;
use crate::rules::{Ctx, findings};
use crate::ruleset::RuleSet;
use crate::text::LineIndex;
use std::collections::BTreeMap;

/// Settings that change what a file's findings say (not which files are scanned).
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Put freshly generated keys into fixes.
    pub keys: bool,
    /// Minimum key bytes per algorithm (`HS256` -> 32), raising the RFC sizes.
    pub min_key_bytes: BTreeMap<String, usize>,
    /// Rules switched off by configuration: the next applicable rule takes their place.
    pub disabled: std::collections::HashSet<crate::finding::RuleId>,
    /// Honour other tools' markers (`nosemgrep`, `gitleaks:allow`, `# nosec`, ...).
    pub other_markers: bool,
    /// Report `jwtlint:ignore` comments that suppress nothing.
    pub report_unused_ignores: bool,
    /// Analyse test code too (`*_test.go`, `tests/`, `*.spec.ts`, ...); skipped by default.
    pub include_tests: bool,
    /// Where to read the library versions the project pins (None: versions unknown).
    pub versions: Option<std::sync::Arc<crate::versions::Index>>,
}

/// What one file yields.
#[derive(Debug, Default)]
pub struct FileResult {
    pub findings: Vec<Finding>,
    /// Secret values seen in config files (for shared-secret).
    pub seen: Vec<SeenSecret>,
    /// Secret-like constants other files may read, and keys this file reads from elsewhere.
    pub exports: Vec<crate::crossfile::Export>,
    pub key_refs: Vec<crate::crossfile::KeyRef>,
}

/// Analyse one file's text. `path` is the display path (used in findings and to spot templates);
/// `git` says whether git tracks (or would take) the file.
pub fn analyze(
    path: &str,
    text: &str,
    kind: FileKind,
    rules: &RuleSet,
    opts: &AnalyzeOptions,
    git: Option<GitStatus>,
) -> FileResult {
    if !opts.include_tests && crate::lang::is_test_path(path) {
        return FileResult::default();
    }
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    // Suppression markers are checked (invalid ones, and unused ones in that mode) even in a
    // file with nothing else to report: such files skip the shortcuts below.
    let checks_markers = opts.report_unused_ignores || crate::suppress::has_marker(text);
    match kind {
        FileKind::Code(lang) => {
            let Some(cat) = rules.catalog(lang) else {
                return FileResult::default();
            };
            let lexed = lex(text, lang);
            // Rust test modules (`#[cfg(test)] mod tests { ... }`): nothing in them is
            // reported, and nothing in them is visible to other files.
            let tests = if lang == crate::lang::Language::Rust && !opts.include_tests {
                rust_test_modules(&lexed, text)
            } else {
                Vec::new()
            };
            // The prefilter read comments, long strings and test modules too; a file whose
            // keywords are all there (a bundle with `jws` inside base64, a licence header, a
            // linter's own tests) is not parsed. Suppressions are checked from comments, so
            // files with a marker are parsed, and so are configuration modules (`key: '...'`
            // under a `// the signing secret` comment is still the constant another file signs
            // with).
            if !checks_markers
                && !crate::lang::is_config_module(path)
                && !rules.might_match_kind(kind, &code_view(&lexed, text, &tests))
            {
                return FileResult::default();
            }
            // Test modules are not parsed either: what they hold is never reported, and no
            // other file sees it (as test files are not read at all).
            let mut lexed = lexed;
            if !tests.is_empty() {
                lexed.toks.retain(|t| {
                    !tests
                        .iter()
                        .any(|&(a, b)| (a..b).contains(&(t.start as usize)))
                });
            }
            let facts = parse_lexed(text, lang, lexed);
            let li = LineIndex::new(text);
            let code_ctx = CodeCtx {
                rules,
                cat,
                path,
                versions: opts.versions.as_deref(),
            };
            // One evaluator for both passes: its indexes and memo tables are built once.
            let eval = crate::value::Eval::new(&facts, text, cat);
            let (exports, key_refs) = crate::crossfile::collect(&eval, &code_ctx, &li);
            let ev = code_evidence(&eval, &code_ctx);
            let ctx = Ctx {
                path,
                src: text,
                rules,
                cat: Some(cat),
                lang: Some(lang),
                format: None,
                template: false,
                keys: opts.keys,
                min_key_bytes: &opts.min_key_bytes,
                disabled: &opts.disabled,
                git,
            };
            // (No finding falls in a test module: its tokens were dropped before parsing.)
            let (mut findings, seen) = findings(ev, &ctx, &li);
            crate::suppress::apply(
                &mut findings,
                path,
                text,
                opts.other_markers,
                opts.report_unused_ignores,
                Some(&facts.lexed.comments),
            );
            FileResult {
                findings,
                seen,
                exports,
                key_refs,
            }
        }
        FileKind::Config(format) => {
            if crate::formats::is_lockfile(&name) {
                return FileResult::default();
            }
            let entries = crate::formats::entries(format, text);
            if entries.is_empty() {
                return FileResult::default();
            }
            let join = if format == ConfigFormat::Json && name.starts_with("appsettings") {
                ":"
            } else {
                "."
            };
            let ev = config_evidence(&entries, rules, join, &name);
            // Nothing to judge: no line index needed (suppressions are still checked).
            if ev.is_empty() && !checks_markers {
                return FileResult::default();
            }
            let li = LineIndex::new(text);
            let template = is_template_name(&name);
            let ctx = Ctx {
                path,
                src: text,
                rules,
                cat: None,
                lang: None,
                format: Some(format),
                template,
                keys: opts.keys,
                min_key_bytes: &opts.min_key_bytes,
                disabled: &opts.disabled,
                git,
            };
            let (mut findings, seen) = findings(ev, &ctx, &li);
            crate::suppress::apply(
                &mut findings,
                path,
                text,
                opts.other_markers,
                opts.report_unused_ignores,
                None,
            );
            FileResult {
                findings,
                seen,
                ..FileResult::default()
            }
        }
    }
}

/// What the second prefilter pass reads: the code, without comments, the middle of long
/// strings ([`crate::lang::lexer::Lexed::code_view`]) and the `tests` byte ranges.
fn code_view(lexed: &crate::lang::lexer::Lexed, text: &str, tests: &[(usize, usize)]) -> Vec<u8> {
    let mut view = lexed.code_view(text);
    for &(a, b) in tests {
        if let Some(r) = view.get_mut(a..b) {
            r.fill(b' ');
        }
    }
    view
}

/// Byte ranges of Rust `#[cfg(test)] mod name { ... }` blocks: test code inside a source file.
fn rust_test_modules(lx: &crate::lang::lexer::Lexed, text: &str) -> Vec<(usize, usize)> {
    use crate::lang::lexer::TokKind;
    let t = |i: usize| lx.toks.get(i).map_or("", |_| lx.text(text, i));
    let mut out = Vec::new();
    let mut i = 0;
    while i + 8 < lx.toks.len() {
        let attr = t(i) == "#"
            && t(i + 1) == "["
            && t(i + 2) == "cfg"
            && t(i + 3) == "("
            && t(i + 4) == "test"
            && t(i + 5) == ")"
            && t(i + 6) == "]";
        if !attr {
            i += 1;
            continue;
        }
        let mut j = i + 7;
        if t(j) == "pub" {
            j += 1;
        }
        if t(j) != "mod"
            || !matches!(
                lx.toks.get(j + 2).map(|k| k.kind),
                Some(TokKind::Open(b'{'))
            )
        {
            i += 1;
            continue;
        }
        let open = j + 2;
        let mut depth = 0usize;
        let mut k = open;
        while k < lx.toks.len() {
            match lx.toks[k].kind {
                TokKind::Open(b'{') => depth += 1,
                TokKind::Close(b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let end = lx.toks.get(k).map_or(text.len(), |tk| tk.end as usize);
        out.push((lx.toks[i].start as usize, end));
        i = k.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    /// A Rust file whose keywords are all in its test module (jwtlint's own sources) is not
    /// parsed: the second prefilter pass does not see the module.
    #[test]
    fn the_code_view_leaves_out_rust_test_modules() {
        let rules = RuleSet::builtin();
        let kind = FileKind::Code(Language::Rust);
        let text = "pub fn parts(t: &str) -> usize { t.split('.').count() }\n\
                    #[cfg(test)]\n\
                    mod tests {\n\
                        const JWT_SECRET: &str = \"unit-test-secret\";\n\
                        #[test]\n\
                        fn t() { let _ = jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()); }\n\
                    }\n\
                    pub fn after() {}\n";
        let lexed = lex(text, Language::Rust);
        let tests = rust_test_modules(&lexed, text);
        assert_eq!(tests.len(), 1);
        assert!(rules.might_match_kind(kind, &code_view(&lexed, text, &[])));
        let view = code_view(&lexed, text, &tests);
        assert!(!rules.might_match_kind(kind, &view));
        // Only the module is left out.
        let view = String::from_utf8(view).unwrap();
        assert!(view.contains("pub fn parts") && view.contains("pub fn after"));
    }

    /// The prefilter's first pass over a source file leaves out comment lines and Rust test
    /// modules by their layout alone; the second pass leaves out what the lexer finds to be
    /// comments, long strings and test modules. The first must let through every file the
    /// second does (a file it drops is never lexed): checked on every source file of the
    /// fixtures and of jwtlint's own code (doc comments, test modules, keywords in strings).
    #[test]
    fn the_first_prefilter_pass_keeps_every_file_the_code_view_keeps() {
        let rules = RuleSet::builtin();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("fixtures"), root.join("src"), root.join("tests")];
        let (mut files, mut kept) = (0, 0);
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Some(FileKind::Code(lang)) = crate::lang::detect(&path) else {
                    continue;
                };
                let text = std::fs::read_to_string(&path).unwrap();
                let lexed = lex(&text, lang);
                let tests = if lang == Language::Rust {
                    rust_test_modules(&lexed, &text)
                } else {
                    Vec::new()
                };
                let kind = FileKind::Code(lang);
                files += 1;
                if rules.might_match_kind(kind, &code_view(&lexed, &text, &tests)) {
                    kept += 1;
                    assert!(
                        rules.might_match_code(kind, text.as_bytes(), false),
                        "{}",
                        path.display()
                    );
                }
            }
        }
        assert!(files > 200 && kept > 100, "{kept} of {files}");
    }

    /// A Rust test module is not analysed: the keys its tests read from other files are not
    /// looked up there (as a test file's are not), and its secrets are not reported; the code
    /// around it is analysed.
    #[test]
    fn rust_test_modules_are_not_analysed() {
        let rules = RuleSet::builtin();
        let text = "use jsonwebtoken::EncodingKey;\n\
                    pub const JWT_SECRET: &str = \"prod-literal-secret-Zq8vW3nK\";\n\
                    pub fn key() -> EncodingKey { EncodingKey::from_secret(config::PROD_KEY.as_bytes()) }\n\
                    #[cfg(test)]\n\
                    mod tests {\n\
                        const TEST_JWT_SECRET: &str = \"unit-test-secret-Xp4rT7yU\";\n\
                        #[test]\n\
                        fn t() { let _ = EncodingKey::from_secret(config::TEST_KEY.as_bytes()); }\n\
                    }\n";
        let r = analyze(
            "src/keys.rs",
            text,
            FileKind::Code(Language::Rust),
            rules,
            &AnalyzeOptions::default(),
            None,
        );
        let lines: Vec<usize> = r.findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [2], "{:?}", r.findings);
        let refs: Vec<&str> = r.key_refs.iter().map(|k| k.name.as_str()).collect();
        assert!(
            refs.contains(&"PROD_KEY") && !refs.contains(&"TEST_KEY"),
            "{refs:?}"
        );
    }
}
