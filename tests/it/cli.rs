//! The real binary on temporary folders: exit codes, formats, configuration, suppressions,
//! baselines, keygen, explain.

use crate::support::bin;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Run a JSON scan in `dir` ignoring configuration files; returns (exit code, document).
pub fn json_scan(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--isolated"];
    args.extend_from_slice(extra);
    configured_scan(dir, &args)
}

/// Run a human-format scan in `dir` (no colour, configuration ignored); returns stdout.
fn human_scan(dir: &Path) -> String {
    let out = bin()
        .current_dir(dir)
        .args(["--no-keys", "--isolated", "--color", "never"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Run a JSON scan in `dir` with the configuration it discovers.
pub fn configured_scan(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let out = bin()
        .current_dir(dir)
        .args(["--format", "json", "--no-keys"])
        .args(extra)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "bad json ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), doc)
}

/// (path, line, rule) of every finding.
pub fn triples(doc: &Value) -> Vec<(String, u64, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const HARDCODED_JS: &str = "const jwt = require('jsonwebtoken');\nexports.issue = (u) => jwt.sign({ sub: u }, 'hardcoded-secret-value-1234', { algorithm: 'HS256' });\n";

#[test]
fn missing_path_is_exit_2() {
    bin()
        .arg("/definitely/not/here")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or directory"));
}

/// The same tree gives the same report in every run. zxcvbn may read a value two ways from one
/// process to the next (`bracket-access-default` was "82%" or "91%" dictionary words), so
/// nothing that reading can change is printed.
#[test]
fn reports_are_identical_from_run_to_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "src/auth.ts",
        "import jwt from 'jsonwebtoken';\nconst cfg = {\n  JWT_SECRET: process.env['B2_BRACKET_SECRET'] || 'bracket-access-default',\n};\nexport const issue = (u: string) => jwt.sign({ sub: u }, cfg.JWT_SECRET, { algorithm: 'HS256' });\n",
    );
    let (code, first) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1, "{first}");
    for _ in 0..7 {
        assert_eq!(json_scan(dir.path(), &[]).1["findings"], first["findings"]);
    }
}

#[test]
fn clean_tree_is_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.js",
        "const jwt = require('jsonwebtoken');\njwt.sign(p, process.env.JWT_SECRET, { algorithm: 'HS256' });\n",
    );
    bin()
        .arg(dir.path())
        .arg("--isolated")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
}

#[test]
fn findings_are_exit_1_and_fail_on_controls_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    let (code, doc) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&doc),
        [("src/auth.js".to_string(), 2, "hardcoded-secret".to_string())]
    );
    let (code, _) = json_scan(dir.path(), &["--fail-on", "never"]);
    assert_eq!(code, 0);
    // A warning alone fails only with --fail-on warning.
    write(
        dir.path(),
        "src/auth.js",
        "const jwt = require('jsonwebtoken');\napp.get('/', (req) => { const c = jwt.decode(req.query.t); db.find(c.sub); });\n",
    );
    assert_eq!(json_scan(dir.path(), &[]).0, 0);
    assert_eq!(json_scan(dir.path(), &["--fail-on", "warning"]).0, 1);
}

#[test]
fn json_shape_is_the_documented_one_and_secrets_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(doc["version"], 1);
    let f = &doc["findings"][0];
    for key in [
        "rule",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "notes",
        "fix",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    for key in ["description", "replacement", "env"] {
        assert!(f["fix"].get(key).is_some(), "missing fix.{key}");
    }
    assert_eq!(f["column"], 45);
    let text = doc.to_string();
    assert!(
        !text.contains("hardcoded-secret-value-1234"),
        "secret leaked: {text}"
    );
    assert!(f["message"].as_str().unwrap().contains("hard***"));
    assert_eq!(doc["summary"]["findings"], 1);
    assert_eq!(doc["summary"]["by_rule"]["hardcoded-secret"], 1);
    // --show-secrets prints it.
    let out = bin()
        .current_dir(dir.path())
        .args([
            "--format",
            "json",
            "--no-keys",
            "--isolated",
            "--show-secrets",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("hardcoded-secret-value-1234"));
}

#[test]
fn human_output_masks_the_snippet_and_ends_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    let s = human_scan(dir.path());
    assert!(s.contains("error[hardcoded-secret]"), "{s}");
    assert!(s.contains("--> src/auth.js:2:45"), "{s}");
    assert!(s.contains("'hard***********************'"), "{s}");
    assert!(!s.contains("hardcoded-secret-value-1234"), "{s}");
    assert!(s.contains("= help:"), "{s}");
    assert!(
        s.contains("jwtlint: 1 finding (1 error, 0 warnings) in 1 files"),
        "{s}"
    );
    assert!(!s.contains('\u{1b}'), "no colour with --color never");
    let coloured = bin()
        .current_dir(dir.path())
        .args(["--no-keys", "--isolated", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}

#[test]
fn fixes_carry_fresh_keys_sized_for_the_algorithm() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.js",
        "const jwt = require('jsonwebtoken');\njwt.sign(p, 'some-hardcoded-key-value-here', { algorithm: 'HS512' });\n",
    );
    let out = bin()
        .current_dir(dir.path())
        .args(["--format", "json", "--isolated"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let env = doc["findings"][0]["fix"]["env"]
        .as_str()
        .unwrap()
        .to_string();
    let key = env.strip_prefix("JWT_SECRET=").unwrap();
    assert_eq!(key.len(), 128, "HS512 needs 64 bytes: {env}");
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    let again = bin()
        .current_dir(dir.path())
        .args(["--format", "json", "--isolated"])
        .output()
        .unwrap();
    let doc2: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_ne!(
        doc2["findings"][0]["fix"]["env"], doc["findings"][0]["fix"]["env"],
        "keys are fresh each run"
    );
}

#[test]
fn keygen_explain_and_rules() {
    let out = bin()
        .args([
            "keygen",
            "--alg",
            "HS384",
            "--format",
            "base64url",
            "--env",
            "JWT_SECRET",
            "--count",
            "2",
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_ne!(lines[0], lines[1]);
    for l in lines {
        let k = l.strip_prefix("JWT_SECRET=").unwrap();
        assert_eq!(k.len(), 64, "48 bytes base64url");
        assert!(
            k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
    bin()
        .args(["explain", "short-key"])
        .assert()
        .success()
        .stdout(predicate::str::contains("RFC 7518 §3.2"));
    bin()
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
    let rules = bin().arg("rules").output().unwrap();
    let s = String::from_utf8_lossy(&rules.stdout);
    for id in [
        "hardcoded-secret",
        "fallback-secret",
        "weak-generator",
        "short-key",
        "weak-key",
        "missing-algorithms",
        "none-algorithm",
        "unverified-decode",
        "env-file-committed",
        "shared-secret",
    ] {
        assert!(s.contains(id), "{id} missing from `jwtlint rules`");
    }
}

#[test]
fn config_is_discovered_validated_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    write(dir.path(), "fixtures/bad.js", HARDCODED_JS);
    write(
        dir.path(),
        "jwtlint.toml",
        "exclude = [\"fixtures/\"]\n[rules]\nhardcoded-secret = \"warning\"\n",
    );
    let (code, doc) = configured_scan(dir.path(), &[]);
    assert_eq!(
        triples(&doc),
        [("src/auth.js".to_string(), 2, "hardcoded-secret".to_string())]
    );
    assert_eq!(doc["findings"][0]["severity"], "warning");
    assert_eq!(code, 0, "warnings do not fail by default");
    // Switching a rule off lets the next rule speak for the value.
    write(
        dir.path(),
        "jwtlint.toml",
        "[rules]\nhardcoded-secret = \"off\"\n",
    );
    let out = bin()
        .current_dir(dir.path())
        .args(["--format", "json", "--no-keys", "src"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        triples(&doc),
        [("src/auth.js".to_string(), 2, "weak-key".to_string())]
    );
    // Unknown keys are errors naming the key and the file.
    write(dir.path(), "jwtlint.toml", "exclud = [\"x\"]\n");
    bin()
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exclud").and(predicate::str::contains("jwtlint.toml")));
    // pyproject.toml [tool.jwtlint] is read too; --isolated ignores it.
    std::fs::remove_file(dir.path().join("jwtlint.toml")).unwrap();
    write(
        dir.path(),
        "pyproject.toml",
        "[project]\nname = \"x\"\n[tool.jwtlint]\nexclude = [\"src/\"]\n",
    );
    let (_, doc) = configured_scan(dir.path(), &[]);
    assert_eq!(triples(&doc).len(), 1, "only fixtures/bad.js: {doc}");
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(triples(&doc).len(), 2);
    let dump = bin()
        .current_dir(dir.path())
        .args(["config", "--dump"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&dump.stdout).contains("exclude = [\"src/\"]"));
}

#[test]
fn extra_secret_names_and_weak_values_from_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "settings.yml",
        "auth:\n  token_signer: our-internal-signer-7781\n",
    );
    write(
        dir.path(),
        ".env",
        "JWT_SECRET=Zq8!pT4#wX2@kL9$mN6%vB3^cR7&yH5*\n",
    );
    let (_, doc) = json_scan(dir.path(), &[]);
    assert!(triples(&doc).is_empty(), "{doc}");
    write(
        dir.path(),
        "jwtlint.toml",
        "[secrets]\nnames = [\"token_signer\"]\nknown-weak = [\"Zq8!pT4#wX2@kL9$mN6%vB3^cR7&yH5*\"]\n",
    );
    let (_, doc) = configured_scan(dir.path(), &[]);
    let got = triples(&doc);
    assert!(
        got.contains(&(
            "settings.yml".to_string(),
            2,
            "hardcoded-secret".to_string()
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(".env".to_string(), 1, "weak-key".to_string())),
        "{got:?}"
    );
}

#[test]
fn inline_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.js",
        "const jwt = require('jsonwebtoken');\n// jwtlint:ignore[hardcoded-secret] fixture key for a local demo only\njwt.sign(p, 'demo-secret-value-for-docs', { algorithm: 'HS256' });\njwt.sign(p, 'second-secret-value-abcdef'); // jwtlint:ignore[hardcoded-secret]\njwt.sign(p, process.env.K, { algorithm: 'HS256' }); // jwtlint:ignore[weak-key] nothing to see\n// jwtlint:ignore[no-such-rule] why\n",
    );
    let (_, doc) = json_scan(dir.path(), &["--report-unused-ignores"]);
    let got = triples(&doc);
    assert_eq!(
        got,
        [
            ("a.js".to_string(), 4, "invalid-suppression".to_string()),
            ("a.js".to_string(), 5, "unused-suppression".to_string()),
            ("a.js".to_string(), 6, "invalid-suppression".to_string()),
        ],
        "{doc}"
    );
    // A suppression without a reason still suppresses (the intent is plain) but is reported;
    // other tools' markers count only on request.
    write(
        dir.path(),
        "b.js",
        "const jwt = require('jsonwebtoken');\njwt.sign(p, 'third-secret-value-abcdefgh', { algorithm: 'HS256' }); // nosemgrep\n",
    );
    let (_, doc) = json_scan(dir.path(), &["b.js"]);
    assert_eq!(triples(&doc).len(), 1);
    let (_, doc) = json_scan(dir.path(), &["b.js", "--other-markers"]);
    assert!(triples(&doc).is_empty());
}

#[test]
fn baselines_survive_edits_and_hide_only_known_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.js", HARDCODED_JS);
    bin()
        .current_dir(dir.path())
        .args(["baseline", "create", "--isolated", "-o", "base.json"])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    let b: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["entries"].as_array().unwrap().len(), 1);
    assert!(
        !text.contains("line") && !text.contains("hardcoded-secret-value-1234"),
        "{text}"
    );
    // Move the code down: still hidden.
    write(
        dir.path(),
        "a.js",
        &format!("// a comment\n\n{HARDCODED_JS}"),
    );
    let (code, doc) = json_scan(dir.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 0);
    assert!(triples(&doc).is_empty(), "{doc}");
    // A new secret is reported.
    write(
        dir.path(),
        "a.js",
        &format!(
            "{HARDCODED_JS}jwt.sign(p, 'another-brand-new-secret', {{ algorithm: 'HS256' }});\n"
        ),
    );
    let (code, doc) = json_scan(dir.path(), &["--baseline", "base.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&doc),
        [("a.js".to_string(), 3, "hardcoded-secret".to_string())]
    );
    // Prune drops entries that no longer match.
    write(dir.path(), "a.js", "const x = 1;\n");
    bin()
        .current_dir(dir.path())
        .args(["baseline", "prune", "--isolated", "--baseline", "base.json"])
        .assert()
        .success();
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    assert!(b["entries"].as_array().unwrap().is_empty());
}

#[test]
fn sarif_validates_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    write(
        dir.path(),
        "src/v.js",
        "const jwt = require('jsonwebtoken');\nmodule.exports = (t) => jwt.verify(t, process.env.JWT_SECRET);\n",
    );
    let out = bin()
        .current_dir(dir.path())
        .args(["--format", "sarif", "--isolated", "--no-keys"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("tests/data/sarif-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 10);
    assert!(
        rules
            .iter()
            .all(|r| r["properties"]["security-severity"].is_string()
                && r["help"]["markdown"].is_string())
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert!(
        results
            .iter()
            .all(|r| r["partialFingerprints"]["jwtlint/v1"].is_string())
    );
    assert!(
        results.iter().any(|r| r["fixes"].is_array()),
        "the hardcoded secret has a concrete fix"
    );
    assert!(!doc.to_string().contains("hardcoded-secret-value-1234"));
}

#[test]
fn github_annotations_and_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    let summary = dir.path().join("summary.md");
    let out = bin()
        .current_dir(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["--format", "github", "--isolated", "src"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.starts_with("::error file=src/auth.js,line=2,col=45,endLine=2,endColumn="),
        "{s}"
    );
    assert!(s.contains("title=jwtlint hardcoded-secret::"), "{s}");
    assert!(!s.contains("hardcoded-secret-value-1234"));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| `hardcoded-secret` | 1 |"), "{md}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn output_file_and_second_sarif_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    bin()
        .current_dir(dir.path())
        .args([
            "--isolated",
            "--format",
            "json",
            "-o",
            "out.json",
            "--sarif-output",
            "out.sarif",
            "src",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let j: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap())
            .unwrap();
    assert_eq!(j["summary"]["findings"], 1);
    let s: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.sarif")).unwrap())
            .unwrap();
    assert_eq!(s["version"], "2.1.0");
}

#[test]
fn ignore_files_binary_and_size_limits() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    write(dir.path(), "vendor/lib.js", HARDCODED_JS);
    write(dir.path(), "gen/out.js", HARDCODED_JS);
    write(dir.path(), ".gitignore", "vendor/\n");
    write(dir.path(), ".jwtlintignore", "gen/\n");
    let mut bin_bytes = HARDCODED_JS.as_bytes().to_vec();
    bin_bytes.insert(10, 0);
    std::fs::write(dir.path().join("src/blob.js"), bin_bytes).unwrap();
    write(
        dir.path(),
        "src/big.js",
        &format!("{HARDCODED_JS}{}", "// padding\n".repeat(200)),
    );
    let out = bin()
        .current_dir(dir.path())
        .args([
            "--format",
            "json",
            "--isolated",
            "--no-keys",
            "--max-filesize",
            "1K",
            "-v",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        triples(&doc),
        [("src/auth.js".to_string(), 2, "hardcoded-secret".to_string())]
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("src/blob.js: skipped, binary"), "{err}");
    assert!(err.contains("src/big.js: skipped"), "{err}");
    // --no-ignore scans them all.
    let (_, doc) = json_scan(dir.path(), &["--no-ignore"]);
    assert_eq!(triples(&doc).len(), 4, "{doc}");
}

#[test]
fn test_code_is_skipped_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let forged = "const jwt = require('jsonwebtoken');\nconst forged = jwt.sign({ admin: true }, 'attacker-key', { algorithm: 'HS256' });\n";
    write(dir.path(), "test/auth.test.js", forged);
    write(
        dir.path(),
        "spec/forge_spec.rb",
        "require 'jwt'\nforged = JWT.encode({ admin: true }, nil, 'none')\n",
    );
    write(dir.path(), "src/auth.js", HARDCODED_JS);
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(
        triples(&doc),
        [("src/auth.js".to_string(), 2, "hardcoded-secret".to_string())]
    );
    let (_, doc) = json_scan(dir.path(), &["--include-tests"]);
    assert_eq!(
        triples(&doc),
        [
            (
                "spec/forge_spec.rb".to_string(),
                2,
                "none-algorithm".to_string()
            ),
            ("src/auth.js".to_string(), 2, "hardcoded-secret".to_string()),
            (
                "test/auth.test.js".to_string(),
                2,
                "hardcoded-secret".to_string()
            ),
        ]
    );
    write(dir.path(), "jwtlint.toml", "include-tests = true\n");
    let (_, doc) = configured_scan(dir.path(), &[]);
    assert_eq!(triples(&doc).len(), 3, "{doc}");
}

#[test]
fn missing_algorithms_follows_the_pinned_library_version() {
    let dir = tempfile::tempdir().unwrap();
    let js = "const jwt = require('jsonwebtoken');\n\
const expressJwt = require('express-jwt');\n\
const koaJwt = require('koa-jwt');\n\
const { Strategy } = require('passport-jwt');\n\
const key = process.env.JWT_SECRET;\n\
exports.check = (t) => jwt.verify(t, key);\n\
exports.mw = expressJwt({ secret: key });\n\
exports.koa = koaJwt({ secret: key });\n\
exports.strategy = new Strategy({ secretOrKey: key, jwtFromRequest: (r) => r.token }, (p, done) => done(null, p));\n";
    write(dir.path(), "api/src/auth.js", js);
    write(
        dir.path(),
        "api/package.json",
        r#"{"dependencies": {"jsonwebtoken": "^8.5.1", "express-jwt": "^5.3.3", "koa-jwt": "^3.6.0", "passport-jwt": "4.0.0"}}"#,
    );
    write(
        dir.path(),
        "py/app/auth.py",
        "import os\nimport jwt\n\ndef claims(t):\n    return jwt.decode(t, os.environ[\"JWT_SECRET\"])\n",
    );
    write(
        dir.path(),
        "py/requirements.txt",
        "flask==3.0.0\nPyJWT==1.7.1\n",
    );
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(
        triples(&doc),
        [
            (
                "api/src/auth.js".to_string(),
                6,
                "missing-algorithms".to_string()
            ),
            (
                "api/src/auth.js".to_string(),
                7,
                "missing-algorithms".to_string()
            ),
            (
                "api/src/auth.js".to_string(),
                8,
                "missing-algorithms".to_string()
            ),
            (
                "api/src/auth.js".to_string(),
                9,
                "missing-algorithms".to_string()
            ),
            (
                "py/app/auth.py".to_string(),
                5,
                "missing-algorithms".to_string()
            ),
        ],
        "{doc}"
    );
    let messages: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["notes"].to_string() + f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("jsonwebtoken 8.5.1 (pinned in api/package.json)"),
        "{messages:?}"
    );
    assert!(messages[1].contains("express-jwt 5.3.3"), "{messages:?}");
    assert!(
        messages[4].contains("PyJWT 1.7.1 (pinned in py/requirements.txt)"),
        "{messages:?}"
    );
    // Current versions: jsonwebtoken 9 ties the algorithm to the key, the wrappers follow it,
    // PyJWT 2 refuses to decode without algorithms.
    write(
        dir.path(),
        "api/package.json",
        r#"{"dependencies": {"jsonwebtoken": "^9.0.2", "express-jwt": "^5.3.3", "koa-jwt": "^4.0.4", "passport-jwt": "^4.0.1"}}"#,
    );
    write(
        dir.path(),
        "api/package-lock.json",
        r#"{"lockfileVersion": 3, "packages": {"node_modules/express-jwt": {"version": "8.4.1"}}}"#,
    );
    write(dir.path(), "py/requirements.txt", "PyJWT==2.8.0\n");
    let (_, doc) = json_scan(dir.path(), &[]);
    assert!(triples(&doc).is_empty(), "{doc}");
    // Unpinned: a bare verify without algorithms is still reported.
    std::fs::remove_file(dir.path().join("api/package.json")).unwrap();
    std::fs::remove_file(dir.path().join("api/package-lock.json")).unwrap();
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(
        triples(&doc),
        [(
            "api/src/auth.js".to_string(),
            6,
            "missing-algorithms".to_string()
        )],
        "{doc}"
    );
}

#[test]
fn rust_test_modules_are_test_code() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "src/lib.rs",
        "use jsonwebtoken::EncodingKey;\n\
pub fn key() -> EncodingKey { EncodingKey::from_secret(b\"prod-lib-literal-secret\") }\n\
#[cfg(test)]\n\
mod tests {\n\
    #[test]\n\
    fn t() { let _ = jsonwebtoken::EncodingKey::from_secret(b\"unit-test-secret\"); }\n\
}\n",
    );
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(
        triples(&doc),
        [("src/lib.rs".to_string(), 2, "hardcoded-secret".to_string())]
    );
    let (_, doc) = json_scan(dir.path(), &["--include-tests"]);
    assert_eq!(
        triples(&doc),
        [
            ("src/lib.rs".to_string(), 2, "hardcoded-secret".to_string()),
            ("src/lib.rs".to_string(), 6, "hardcoded-secret".to_string()),
        ]
    );
}

/// A Rust file whose keywords are all in its test module is not parsed (the code view blanks
/// test modules); a file with the same test module and a key outside it is still reported.
#[test]
fn rust_keywords_inside_test_modules_only_make_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let test_module = "#[cfg(test)]\n\
mod tests {\n\
    const JWT_SECRET: &str = \"unit-test-secret\";\n\
    #[test]\n\
    fn t() { let _ = jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()); }\n\
}\n";
    write(
        dir.path(),
        "src/parse.rs",
        &format!("pub fn split(t: &str) -> Vec<&str> {{ t.split('.').collect() }}\n{test_module}"),
    );
    write(
        dir.path(),
        "src/keys.rs",
        &format!("pub const JWT_SECRET: &str = \"prod-literal-secret\";\n{test_module}"),
    );
    let (_, doc) = json_scan(dir.path(), &[]);
    assert_eq!(
        triples(&doc),
        [("src/keys.rs".to_string(), 1, "hardcoded-secret".to_string())]
    );
    let (_, doc) = json_scan(dir.path(), &["--include-tests"]);
    let t = triples(&doc);
    assert!(
        t.iter().any(|(p, l, _)| p == "src/parse.rs" && *l == 4),
        "{t:?}"
    );
}

/// The scotch.io tutorial shape: `config.js` exports `'secret'` (no other secret word in the
/// file), `server.js` stores it with `app.set('superSecret', config.secret)` and signs with
/// `app.get('superSecret')`.
#[test]
fn a_config_module_key_read_through_express_settings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "config.js",
        "module.exports = {\n    'secret': 'ilovescotchyscotch',\n    'database': 'mongodb://localhost:27017/nodeauth'\n};\n",
    );
    write(
        d,
        "server.js",
        "var express = require('express');\nvar jwt = require('jsonwebtoken');\nvar config = require('./config');\nvar app = express();\napp.set('superSecret', config.secret);\nvar token = jwt.sign({ admin: true }, app.get('superSecret'), { expiresIn: 1440 });\njwt.verify(token, app.get('superSecret'), { algorithms: ['HS256'] });\n",
    );
    let (_, doc) = json_scan(d, &[]);
    assert_eq!(
        triples(&doc),
        [("config.js".to_string(), 2, "hardcoded-secret".to_string())],
        "{doc}"
    );
    // A store read with another key, or another store, is not the key.
    write(
        d,
        "server.js",
        "var express = require('express');\nvar jwt = require('jsonwebtoken');\nvar config = require('./config');\nvar app = express();\nvar other = express();\napp.set('superSecret', config.secret);\nvar token = jwt.sign({ admin: true }, app.get('tokenKey'), { algorithm: 'HS256' });\njwt.sign({}, other.get('superSecret'), { algorithm: 'HS256' });\n",
    );
    let (_, doc) = json_scan(d, &[]);
    assert_eq!(triples(&doc), [], "{doc}");
}

/// Files whose keywords are all in comments or long strings are not parsed, except
/// configuration modules: their constants are what other files sign with.
#[test]
fn a_config_module_that_says_secret_only_in_a_comment_still_exports_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "config.js",
        "module.exports = {\n    // the signing secret\n    key: 'ilovescotchyscotch',\n    port: 3000\n};\n",
    );
    write(
        d,
        "server.js",
        "const jwt = require('jsonwebtoken');\nconst config = require('./config');\nmodule.exports = (u) => jwt.sign(u, config.key, { algorithm: 'HS256' });\n",
    );
    let (_, doc) = json_scan(d, &[]);
    assert_eq!(
        triples(&doc),
        [("config.js".to_string(), 3, "hardcoded-secret".to_string())],
        "{doc}"
    );
    // config.js gave only a constant, so the scan did not keep its text: it is read again for
    // the snippet, masked like any other.
    let s = human_scan(d);
    assert!(s.contains("--> config.js:3:10"), "{s}");
    assert!(s.contains("key: 'ilov**************'"), "{s}");
    assert!(!s.contains("ilovescotchyscotch"), "{s}");
    // A bundle that says jwt only in a comment and a long embedded string has nothing to report,
    // even with a key-like literal in it.
    let blob = "eyJhbGciOiJIUzI1NiJ9".repeat(20);
    write(
        d,
        "vendor.js",
        &format!(
            "/* jwt helpers removed */\nvar data = \"{blob}jwt\";\nvar key = 'ilovescotchyscotch';\nmodule.exports = data;\n"
        ),
    );
    let (_, doc) = json_scan(d, &[]);
    assert_eq!(triples(&doc).len(), 1, "{doc}");
}

#[test]
fn keys_defined_in_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Java: a constants class read through the class name and through a static import.
    write(
        d,
        "java/src/main/java/com/acme/security/SecurityConstants.java",
        "package com.acme.security;\n\npublic final class SecurityConstants {\n    public static final String SECRET = \"SecretKeyToGenJWTs\";\n    public static final String TOKEN_PREFIX = \"Bearer \";\n}\n",
    );
    write(
        d,
        "java/src/main/java/com/acme/security/JWTAuthorizationFilter.java",
        "package com.acme.security;\n\nimport com.auth0.jwt.JWT;\nimport com.auth0.jwt.algorithms.Algorithm;\n\npublic class JWTAuthorizationFilter {\n    String user(String token) {\n        return JWT.require(Algorithm.HMAC512(SecurityConstants.SECRET.getBytes())).build().verify(token).getSubject();\n    }\n}\n",
    );
    // An unrelated class with a constant of the same name is not the key.
    write(
        d,
        "java/src/main/java/com/acme/billing/StripeConstants.java",
        "package com.acme.billing;\n\npublic final class StripeConstants {\n    public static final String SECRET = \"sk_live_not_a_jwt_key_123\";\n}\n",
    );
    // JavaScript: a local config module.
    write(
        d,
        "node/src/config.js",
        "module.exports = {\n  secret: 'node-config-module-signing-key',\n  port: 3000,\n};\n",
    );
    write(
        d,
        "node/src/auth.js",
        "const jwt = require('jsonwebtoken');\nconst config = require('./config');\nexports.issue = (u) => jwt.sign({ sub: u }, config.secret, { algorithm: 'HS256' });\n",
    );
    // Go: a package constant in a sibling file.
    write(
        d,
        "go/auth/keys.go",
        "package auth\n\nconst appKey = \"go-package-level-signing-key\"\n",
    );
    write(
        d,
        "go/auth/token.go",
        "package auth\n\nimport \"github.com/golang-jwt/jwt/v5\"\n\nfunc Issue(c jwt.MapClaims) (string, error) {\n\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(appKey))\n}\n",
    );
    // Go: the same name in another package folder is someone else's.
    write(
        d,
        "go/other/keys.go",
        "package other\n\nconst appKey = \"unrelated-package-signing-key\"\n",
    );
    let (_, doc) = json_scan(d, &[]);
    assert_eq!(
        triples(&doc),
        [
            (
                "go/auth/keys.go".to_string(),
                3,
                "hardcoded-secret".to_string()
            ),
            (
                "java/src/main/java/com/acme/security/SecurityConstants.java".to_string(),
                4,
                "hardcoded-secret".to_string()
            ),
            (
                "node/src/config.js".to_string(),
                2,
                "hardcoded-secret".to_string()
            ),
        ],
        "{doc}"
    );
    let f = &doc["findings"][1];
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("is the key of `Algorithm.HMAC512`"),
        "{f}"
    );
    assert!(
        f["notes"][0]
            .as_str()
            .unwrap()
            .contains("JWTAuthorizationFilter.java:8"),
        "{f}"
    );
    assert!(!doc.to_string().contains("SecretKeyToGenJWTs"));
    // A suppression at the constant silences it.
    write(
        d,
        "node/src/config.js",
        "module.exports = {\n  // jwtlint:ignore[hardcoded-secret] local demo key, replaced at deploy\n  secret: 'node-config-module-signing-key',\n  port: 3000,\n};\n",
    );
    let (_, doc) = json_scan(d, &[]);
    assert_eq!(triples(&doc).len(), 2, "{doc}");
}

/// A file whose only keyword is a suppression marker is still checked for invalid markers
/// (the analysis skips files whose code holds no keyword, but not files with a marker).
#[test]
fn invalid_suppressions_are_reported_where_nothing_else_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "util.js",
        "const a = 1; // jwtlint:ignore[hardcoded-secret]\n",
    );
    write(
        d,
        ".env",
        "# jwtlint:ignore[bogus-rule] why\nJWT_ISSUER=me\n",
    );
    let (_, doc) = json_scan(d, &[]);
    assert_eq!(
        triples(&doc),
        [
            (".env".to_string(), 1, "invalid-suppression".to_string()),
            ("util.js".to_string(), 1, "invalid-suppression".to_string())
        ],
        "{doc}"
    );
}

/// A bundle of other code around the lines that matter (over 256 KiB): webpack-style modules
/// that say `JWT` the way a bundled schema library does.
const BUNDLE: usize = 256 << 10;

fn bundle_around(code: &str) -> String {
    let module = |i: usize| {
        format!(
            "/***/ \"./node_modules/zod/lib/types{i}.js\": (module, exports, __webpack_require__) => {{\n  const jwtRegex{i} = /^[A-Za-z0-9-_]+\\.[A-Za-z0-9-_]+\\.[A-Za-z0-9-_]*$/;\n  const ZodJWT{i} = $constructor(\"ZodJWT\", (inst, def) => {{ inst.check = (v) => jwtRegex{i}.test(v) && v.length > {i}; }});\n  exports.ZodJWT{i} = ZodJWT{i};\n}},\n"
        )
    };
    let mut out = String::from("(() => {\nvar __webpack_modules__ = ({\n");
    let mut i = 0;
    while out.len() < BUNDLE / 2 {
        out.push_str(&module(i));
        i += 1;
    }
    out.push_str("});\n");
    out.push_str(code);
    while out.len() < BUNDLE + 4096 {
        out.push_str(&module(i));
        i += 1;
    }
    out.push_str("})();\n");
    out
}

#[test]
fn bundles_are_analysed_where_they_use_a_library_or_name_a_secret() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "dist/server.js",
        &bundle_around(
            "var jwt = require(\"jsonwebtoken\");\nfunction issue(u) { return jwt.sign({ sub: u }, \"bundled-hardcoded-secret-1\", { algorithm: \"HS256\" }); }\n",
        ),
    );
    write(
        d.path(),
        "dist/app.js",
        &bundle_around(
            "const jwtOptions = {\n  expiresIn: \"1h\",\n  secret: \"bundled-hardcoded-secret-2\",\n};\nmodule.exports = jwtOptions;\n",
        ),
    );
    // The schema library alone: nothing to report, and (measured, not asserted here) not parsed.
    write(d.path(), "dist/vendor.js", &bundle_around(""));
    for f in ["dist/server.js", "dist/app.js", "dist/vendor.js"] {
        assert!(std::fs::metadata(d.path().join(f)).unwrap().len() > BUNDLE as u64);
    }
    let (code, doc) = json_scan(d.path(), &[]);
    assert_eq!(code, 1);
    let t = triples(&doc);
    assert!(
        t.iter()
            .any(|(p, _, r)| p == "dist/server.js" && r == "hardcoded-secret"),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|(p, _, r)| p == "dist/app.js" && r == "hardcoded-secret"),
        "{t:?}"
    );
    assert!(!t.iter().any(|(p, _, _)| p == "dist/vendor.js"), "{t:?}");
}

/// A configuration module is read for its constants whatever its keywords say: `APP_KEY` beside
/// `JWT_EXPIRY` in `constants.js` (where `JWT` is no secret name) is the key another file signs
/// with.
#[test]
fn a_config_module_with_no_secret_name_still_exports_its_key() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "src/constants.js",
        "export const JWT_EXPIRY = '1h';\nexport const APP_KEY = 'my-app-key-value-123';\n",
    );
    write(
        d.path(),
        "src/auth.js",
        "import jwt from 'jsonwebtoken';\nimport { APP_KEY, JWT_EXPIRY } from './constants';\nexport const issue = (u) => jwt.sign({ sub: u }, APP_KEY, { algorithm: 'HS256', expiresIn: JWT_EXPIRY });\n",
    );
    let (code, doc) = json_scan(d.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        triples(&doc),
        [(
            "src/constants.js".to_string(),
            2,
            "hardcoded-secret".to_string()
        )],
        "{doc}"
    );
}
