//! What jwtlint promises whatever it scans (issue 7): a panic in one file is caught and reported
//! without the file's content; output is byte-identical for any thread count and any run; no
//! output format or log line prints a found secret in full; generated keys come from the OS
//! CSPRNG.

use crate::support::{bin, root};
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

const FORMATS: [&str; 4] = ["human", "json", "sarif", "github"];

/// Run jwtlint in `dir`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = bin();
    c.current_dir(dir).args(args);
    for (k, v) in envs {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}

// ------------------------------------------------------------------ caught panics

const OK_JS: &str = "const jwt = require('jsonwebtoken');\njwt.sign({ sub: 1 }, 'hardcoded-secret-value-1234', { algorithm: 'HS256' });\n";
const BOOM_SECRET: &str = "boom-secret-Zq8vW3nK5pL1xR7t";

/// A folder with `ok.js` (one finding) and `boom.js` (a sign call keyed with `BOOM_SECRET`).
#[cfg(debug_assertions)]
fn ok_and_boom() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.js"), OK_JS).unwrap();
    std::fs::write(
        dir.path().join("boom.js"),
        format!("const jwt = require('jsonwebtoken');\njwt.sign({{}}, '{BOOM_SECRET}');\n"),
    )
    .unwrap();
    dir
}

/// The panic trigger exists only in debug builds (the binary the tests run).
#[test]
#[cfg(debug_assertions)]
fn a_panic_in_one_file_is_reported_without_its_content_and_the_scan_goes_on() {
    let dir = ok_and_boom();
    let panic_on = [("JWTLINT_TEST_PANIC_ON", "boom.js")];
    for fmt in FORMATS {
        let (code, out, err) = run(
            dir.path(),
            &["--isolated", "--no-keys", "--color", "never", "-f", fmt],
            &panic_on,
        );
        assert_eq!(code, 2, "an incomplete result is exit 2 ({fmt}): {err}");
        assert!(
            err.contains(
                "error: boom.js: internal error while analysing this file (panic at src/scan.rs:"
            ),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "one line about it: {err}");
        // The panic message quoted the whole file: neither it nor the secret is printed.
        for leak in [BOOM_SECRET, "JWTLINT_TEST_PANIC_ON:", "panicked"] {
            assert!(
                !out.contains(leak) && !err.contains(leak),
                "{fmt} leaks {leak:?}"
            );
        }
        assert!(
            out.contains("ok.js"),
            "the other file's finding is reported ({fmt})"
        );
        assert!(!out.contains("boom.js"), "{fmt}: {out}");
    }
    // Even when findings would not fail the run, an internal error does.
    let (code, _, _) = run(
        dir.path(),
        &["--isolated", "--fail-on", "never", "-f", "json"],
        &panic_on,
    );
    assert_eq!(code, 2);
    // Without the trigger the same tree is an ordinary scan.
    let (code, out, err) = run(dir.path(), &["--isolated", "--no-keys", "-f", "json"], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("boom.js") && err.is_empty());
}

/// A bug while drawing one snippet costs that snippet, not the report.
#[test]
#[cfg(debug_assertions)]
fn a_panic_while_drawing_a_snippet_keeps_the_rest_of_the_report() {
    let dir = ok_and_boom();
    let (code, out, err) = run(
        dir.path(),
        &["--isolated", "--no-keys", "--color", "never"],
        &[("JWTLINT_TEST_PANIC_ON", "render:boom.js")],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.contains(" = note: at boom.js:2:"), "{out}");
    assert!(
        out.contains("internal error while drawing this snippet (panic at src/scan.rs:"),
        "{out}"
    );
    assert!(
        out.contains("--> ok.js:2:22") && out.contains("2 findings"),
        "{out}"
    );
    for leak in [&BOOM_SECRET[4..], "JWTLINT_TEST_PANIC_ON:", "panicked"] {
        assert!(!out.contains(leak), "{leak}: {out}");
    }
}

// ------------------------------------------------------------------ determinism

/// Remove what may differ between runs: elapsed times.
fn without_times(s: &str) -> String {
    let human = Regex::new(r"\(\d+\.\d\ds\)").unwrap();
    let json = Regex::new(r#""elapsed_ms": \d+"#).unwrap();
    let s = human.replace_all(s, "(TIME)");
    json.replace_all(&s, "\"elapsed_ms\": TIME").into_owned()
}

/// Every format from three runs over the fixtures (SARIF through `--sarif-output` next to JSON).
fn all_formats(root: &Path, extra: &[&str], tag: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join(format!("{tag}.sarif"));
    let base = ["fixtures", "--no-keys", "--isolated", "--color", "never"];
    let mut out = Vec::new();
    for (fmt, also_sarif) in [("json", true), ("human", false), ("github", false)] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(["-f", fmt]);
        args.extend(extra);
        if also_sarif {
            args.extend(["--sarif-output", sarif.to_str().unwrap()]);
        }
        let (code, stdout, stderr) = run(root, &args, &[]);
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.len() > 10_000, "{fmt}: the fixtures give findings");
        out.push((fmt.to_string(), stdout));
        out.push((format!("{fmt} stderr"), stderr));
        if also_sarif {
            out.push(("sarif".into(), std::fs::read_to_string(&sarif).unwrap()));
        }
    }
    out
}

#[test]
fn output_is_identical_for_any_thread_count_and_any_run() {
    let root = root();
    let one = all_formats(&root, &["--threads", "1"], "one");
    let eight = all_formats(&root, &["--threads", "8"], "eight");
    assert_eq!(one.len(), 7);
    for ((fmt, a), (_, b)) in one.iter().zip(&eight) {
        assert_eq!(without_times(a), without_times(b), "{fmt}: 1 vs 8 threads");
    }
    // Two runs with the same thread count.
    let (_, again, _) = run(
        &root,
        &[
            "fixtures",
            "--no-keys",
            "--isolated",
            "-f",
            "json",
            "--threads",
            "8",
        ],
        &[],
    );
    assert_eq!(without_times(&again), without_times(&eight[0].1));
}

// ------------------------------------------------------------------ secret hygiene

/// What `--show-secrets` reveals and masking hides: where a masked message and the same message
/// with secrets shown differ (after the common prefix, which holds the shown quarter, and before
/// the common suffix). That is the hidden part of the secret as written in the file, so a masked
/// output containing it leaks at least three quarters of the secret.
fn hidden_parts(masked: &serde_json::Value, shown: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let (mf, sf) = (
        masked["findings"].as_array().unwrap(),
        shown["findings"].as_array().unwrap(),
    );
    assert_eq!(mf.len(), sf.len());
    for (m, s) in mf.iter().zip(sf) {
        let m: Vec<char> = m["message"].as_str().unwrap().chars().collect();
        let s: Vec<char> = s["message"].as_str().unwrap().chars().collect();
        let prefix = m.iter().zip(&s).take_while(|(a, b)| a == b).count();
        let max_suffix = m.len().min(s.len()) - prefix;
        let suffix = m
            .iter()
            .rev()
            .zip(s.iter().rev())
            .take(max_suffix)
            .take_while(|(a, b)| a == b)
            .count();
        if prefix + suffix < s.len() {
            out.insert(s[prefix..s.len() - suffix].iter().collect());
        }
    }
    out
}

#[test]
fn no_format_or_log_prints_a_found_secret_unless_asked() {
    let root = root();
    let base = ["fixtures", "--isolated", "--no-keys", "--color", "never"];
    let json = |extra: &[&str]| {
        let args: Vec<&str> = base
            .iter()
            .chain(["-f", "json"].iter())
            .chain(extra)
            .copied()
            .collect();
        let (_, out, _) = run(&root, &args, &[]);
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let secrets = hidden_parts(&json(&[]), &json(&["--show-secrets"]));
    // Short parts ("ev" of "dev") are letters any output contains, and a secret made of
    // identifier words ("refresh-secret") is also a key name shown in the snippets; the others are
    // the test.
    let wordy = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_' || c == '.')
    };
    let secrets: Vec<String> = secrets
        .into_iter()
        .filter(|s| s.chars().count() >= 6 && !wordy(s))
        .collect();
    assert!(
        secrets.len() >= 50,
        "the fixtures reveal many secrets: {secrets:?}"
    );
    let summary = tempfile::NamedTempFile::new().unwrap();
    let summary_path = summary.path().to_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let runs: [&[&str]; 3] = [
        &["-f", "json", "--sarif-output", sarif.to_str().unwrap()],
        &["-f", "human", "--verbose"],
        &["-f", "github", "--verbose"],
    ];
    for extra in runs {
        let args = [&base[..], extra].concat();
        let (_, out, err) = run(&root, &args, &[("GITHUB_STEP_SUMMARY", &summary_path)]);
        let mut outputs = vec![(extra[1], out), ("stderr", err)];
        if extra[1] == "json" {
            outputs.push(("sarif", std::fs::read_to_string(&sarif).unwrap()));
        }
        if extra[1] == "github" {
            outputs.push((
                "step summary",
                std::fs::read_to_string(summary.path()).unwrap(),
            ));
        }
        for (what, text) in &outputs {
            assert!(text.len() > 1000 || *what == "stderr", "{what}: {text}");
            for s in &secrets {
                assert!(!text.contains(s.as_str()), "{what} prints {s:?}");
            }
        }
    }
    // And `--show-secrets` does print them: the check above can fail.
    let (_, shown, _) = run(
        &root,
        &[&base[..], &["-f", "human", "--show-secrets"]].concat(),
        &[],
    );
    for s in secrets.iter().filter(|s| !s.contains('\n')) {
        assert!(shown.contains(s.as_str()), "--show-secrets shows {s:?}");
    }
}

#[test]
fn a_secret_written_again_on_a_shown_line_is_masked_there_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.js"),
        "const jwt = require('jsonwebtoken');\n\
         const KEY = 'Zq8vW3nK5pL1xR7tAbcD'; // was 'Zq8vW3nK5pL1xR7tAbcD' before\n\
         jwt.sign({ sub: 1 }, KEY, { algorithm: 'HS256' });\n\
         jwt.verify(t, 'Qw3rTy8uI9oP0aS1dF2g', { algorithms: ['HS256'] }); const b = 'Qw3rTy8uI9oP0aS1dF2g';\n",
    )
    .unwrap();
    for fmt in FORMATS {
        let (code, out, _) = run(
            dir.path(),
            &["--isolated", "--no-keys", "--color", "never", "-f", fmt],
            &[],
        );
        assert_eq!(code, 1);
        for secret in ["Zq8vW3nK5pL1xR7tAbcD", "Qw3rTy8uI9oP0aS1dF2g"] {
            assert!(!out.contains(secret), "{fmt} prints {secret}:\n{out}");
            assert!(
                !out.contains(&secret[4..]),
                "{fmt} prints most of {secret}:\n{out}"
            );
        }
        if fmt == "human" {
            assert!(
                out.contains(
                    "const KEY = 'Zq8v****************'; // was '********************' before"
                ),
                "{out}"
            );
        }
    }
}

/// Found by a property test: a secret with multi-byte characters made the masked snippet shorter
/// than the file, so the underline landed on the wrong line (or the printer panicked).
#[test]
fn a_multibyte_secret_is_masked_and_underlined_in_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.py"),
        "import jwt, os\nKEY = os.environ.get(\"JWT_SECRET\", \"ключ-секрет-значение\")\njwt.encode({}, KEY, algorithm=\"HS256\")\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["--isolated", "--no-keys", "--color", "never", "a.py"],
        &[],
    );
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("2 | KEY"))
        .expect(&out);
    assert_eq!(
        lines[at],
        format!(
            "2 | KEY = os.environ.get(\"JWT_SECRET\", \"ключ{}\")",
            "*".repeat(30)
        )
    );
    assert_eq!(
        lines[at + 1],
        format!("  | {}{} fallback secret", " ".repeat(35), "^".repeat(36))
    );
    assert!(!out.contains("секрет") && !out.contains("значение"));
}

// ------------------------------------------------------------------ generated keys

fn keygen(args: &[&str]) -> Vec<String> {
    let (code, out, err) = run(Path::new("."), &[&["keygen"], args].concat(), &[]);
    assert_eq!(code, 0, "{err}");
    out.lines().map(str::to_string).collect()
}

#[test]
fn keygen_keys_have_the_right_length_and_alphabet_and_never_repeat() {
    use base64::Engine as _;
    let engines = [
        ("base64", &base64::engine::general_purpose::STANDARD),
        (
            "base64url",
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ),
    ];
    let mut all = BTreeSet::new();
    for (alg, bytes) in [("HS256", 32), ("HS384", 48), ("HS512", 64)] {
        for fmt in ["hex", "base64", "base64url"] {
            let keys = keygen(&["--alg", alg, "--format", fmt, "--count", "20"]);
            assert_eq!(keys.len(), 20);
            for k in &keys {
                let raw = match fmt {
                    "hex" => {
                        assert!(
                            k.chars()
                                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
                        );
                        (0..k.len())
                            .step_by(2)
                            .map(|i| u8::from_str_radix(&k[i..i + 2], 16).unwrap())
                            .collect::<Vec<u8>>()
                    }
                    _ => {
                        let url = fmt == "base64url";
                        assert!(k.chars().all(|c| c.is_ascii_alphanumeric()
                            || if url {
                                c == '-' || c == '_'
                            } else {
                                c == '+' || c == '/' || c == '='
                            }));
                        let e = engines.iter().find(|(n, _)| *n == fmt).unwrap().1;
                        e.decode(k).unwrap()
                    }
                };
                assert_eq!(raw.len(), bytes, "{alg} {fmt}: {k}");
                // Random bytes, not a pattern: 32 random bytes repeat a value at most a few times.
                let distinct: BTreeSet<u8> = raw.iter().copied().collect();
                assert!(distinct.len() >= bytes / 3, "{k}");
                assert!(all.insert(k.clone()), "a key came out twice: {k}");
            }
        }
    }
    // Separate runs differ too, and --env writes a dotenv line.
    let a = keygen(&["--env", "JWT_SECRET"]);
    let b = keygen(&["--env", "JWT_SECRET"]);
    assert_eq!(a.len(), 1);
    assert!(a[0].starts_with("JWT_SECRET=") && a[0].len() == "JWT_SECRET=".len() + 64);
    assert_ne!(a, b);
}

/// Keys come from getrandom (the OS CSPRNG); no seeded generator is linked or used.
#[test]
fn keys_come_from_the_os_csprng() {
    let root = root();
    let fix = std::fs::read_to_string(root.join("src/fix.rs")).unwrap();
    assert!(fix.contains("getrandom::fill(&mut buf)"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let deps = manifest.split("[dev-dependencies]").next().unwrap();
    for crate_name in [
        "\nrand ",
        "\nrand_core",
        "\nrand_chacha",
        "\nfastrand",
        "\noorandom",
    ] {
        assert!(!deps.contains(crate_name), "{crate_name:?} is a dependency");
    }
    for f in crate::support::files_under(&root.join("src")) {
        let text = std::fs::read_to_string(&f).unwrap();
        for seeded in ["SeedableRng", "seed_from_u64", "thread_rng", "use rand"] {
            assert!(!text.contains(seeded), "{} uses {seeded}", f.display());
        }
    }
}

/// Nothing that can talk to a network is built: no HTTP client, TLS stack, async runtime or
/// socket crate appears anywhere in the dependency graph (dev-dependencies included). gix brings
/// gix-transport for its types only: without its client features (which would pull curl or
/// reqwest) it cannot connect anywhere.
#[test]
fn no_network_crate_is_linked() {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let names: BTreeSet<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|n| n.trim_end_matches('"'))
        .collect();
    assert!(names.contains("jwtlint") && names.contains("gix"));
    for net in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "attohttpc",
        "h2",
        "rustls",
        "native-tls",
        "openssl",
        "tokio",
        "async-std",
        "mio",
        "socket2",
    ] {
        assert!(!names.contains(net), "{net} is in the dependency graph");
    }
}
