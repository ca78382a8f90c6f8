//! Hostile inputs a repository can contain (issue 7). Each test puts one next to an ordinary file
//! with one known finding and checks that the scan neither hangs, crashes nor changes that
//! file's findings. A hang shows as a failure: every run has a generous kill timeout.

use crate::support::bin;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const OK_JS: &str = "const jwt = require('jsonwebtoken');\njwt.sign({ sub: 1 }, 'hardcoded-secret-value-1234', { algorithm: 'HS256' });\n";
/// The one finding `OK_JS` gives: (path, line, column, rule).
const OK_LINE: u64 = 2;
const OK_COLUMN: u64 = 22;

/// A hang becomes a failure after this long (a kill, not a timing assertion).
const KILL_AFTER: Duration = Duration::from_secs(600);

struct Run {
    code: i32,
    doc: Value,
    stderr: String,
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A temporary tree holding `ok.js`.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.js", OK_JS);
    dir
}

/// `jwtlint --format json --no-keys --isolated ARGS` in `dir`.
fn scan(dir: &Path, args: &[&str]) -> Run {
    let out = bin()
        .current_dir(dir)
        .args(["--format", "json", "--no-keys", "--isolated"])
        .args(args)
        .timeout(KILL_AFTER)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "bad json ({e}): {}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    Run {
        code: out
            .status
            .code()
            .unwrap_or_else(|| panic!("killed (hang?): {stderr}")),
        doc,
        stderr,
    }
}

/// (path, line, column, rule) of every finding.
fn quads(doc: &Value) -> Vec<(String, u64, u64, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ok_finding(path: &str) -> (String, u64, u64, String) {
    (
        path.to_string(),
        OK_LINE,
        OK_COLUMN,
        "hardcoded-secret".to_string(),
    )
}

/// The scan found exactly `ok.js`'s one finding.
fn assert_only_ok(r: &Run) {
    assert_eq!(quads(&r.doc), vec![ok_finding("ok.js")], "{}", r.stderr);
}

fn mkfifo(p: &Path) {
    let st = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap();
    assert!(st.success(), "mkfifo failed");
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
#[cfg(unix)]
fn fifo_in_the_tree_is_never_opened() {
    let dir = tree();
    // Opening either for reading would block forever: no writer ever comes.
    mkfifo(&dir.path().join("pipe.js"));
    mkfifo(&dir.path().join(".env"));
    let r = scan(dir.path(), &["--verbose"]);
    assert_only_ok(&r);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("pipe.js: skipped, FIFO"), "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert_eq!(r.doc["summary"]["files_scanned"], 1);
}

#[test]
#[cfg(unix)]
fn fifo_named_on_the_command_line_is_refused_with_a_warning() {
    let dir = tree();
    mkfifo(&dir.path().join("pipe.js"));
    let r = scan(dir.path(), &["pipe.js", "ok.js"]);
    assert_only_ok(&r);
    assert_eq!(r.code, 1, "a warning does not change the exit status");
    assert!(
        r.stderr
            .contains("warning: pipe.js: skipped, not a regular file (FIFO)"),
        "{}",
        r.stderr
    );
    let strict = scan(dir.path(), &["--strict", "pipe.js", "ok.js"]);
    assert_eq!(strict.code, 2);
    assert_only_ok(&strict);
}

#[test]
#[cfg(target_os = "linux")]
fn character_devices_are_never_read() {
    let dir = tree();
    // Named on the command line: refused from metadata, never opened (reading /dev/zero never ends).
    let r = scan(dir.path(), &["/dev/zero", "/dev/null", "ok.js"]);
    assert_only_ok(&r);
    assert_eq!(r.code, 1);
    for d in ["/dev/zero", "/dev/null"] {
        assert!(
            r.stderr.contains(&format!(
                "{d}: skipped, not a regular file (character device)"
            )),
            "{}",
            r.stderr
        );
    }
    // A device node inside the tree: only root may make one (`mknod`); otherwise the link
    // tests below cover a device reached through the tree.
    let made = std::process::Command::new("mknod")
        .arg(dir.path().join("zero.js"))
        .args(["c", "1", "5"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let r = scan(dir.path(), &["--verbose"]);
        assert_only_ok(&r);
        assert!(
            r.stderr.contains("zero.js: skipped, character device"),
            "{}",
            r.stderr
        );
    } else {
        eprintln!("mknod not permitted here: device node inside the tree not tested");
    }
}

#[test]
#[cfg(unix)]
fn symlink_to_dev_zero_is_not_followed_in_the_tree_and_refused_on_the_command_line() {
    let dir = tree();
    symlink("/dev/zero", &dir.path().join("zero.js"));
    symlink("/dev/zero", &dir.path().join(".env.local"));
    let r = scan(dir.path(), &["--verbose"]);
    assert_only_ok(&r);
    assert!(
        r.stderr
            .contains("zero.js: skipped, symlink (links are not followed)"),
        "{}",
        r.stderr
    );
    // Named explicitly, a link is followed by metadata: a device is refused, not read forever.
    let r = scan(dir.path(), &["zero.js", "ok.js"]);
    assert_only_ok(&r);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("zero.js: skipped, not a regular file (character device)"),
        "{}",
        r.stderr
    );
}

#[test]
#[cfg(unix)]
fn symlink_loops_end() {
    let dir = tree();
    symlink("loop2.js", &dir.path().join("loop1.js"));
    symlink("loop1.js", &dir.path().join("loop2.js"));
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("..", &dir.path().join("sub/up"));
    symlink(dir.path(), &dir.path().join("sub/root"));
    let r = scan(dir.path(), &[]);
    assert_only_ok(&r);
    assert_eq!(r.code, 1);
    // Named on the command line: the loop is an error for that path only.
    let r = scan(dir.path(), &["loop1.js", "ok.js"]);
    assert_only_ok(&r);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("warning: loop1.js:") && r.stderr.contains("symbolic links"),
        "{}",
        r.stderr
    );
}

#[test]
#[cfg(unix)]
fn unreadable_file_and_folder_are_warnings_and_the_scan_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree();
    write(dir.path(), "locked.js", OK_JS);
    write(dir.path(), "closed/inner.js", OK_JS);
    let locked = dir.path().join("locked.js");
    let closed = dir.path().join("closed");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads files whatever their mode: find out what is true for this user.
    let readable = std::fs::File::open(&locked).is_ok();
    let r = scan(dir.path(), &[]);
    let strict = scan(dir.path(), &["--strict"]);
    // Restore so the temporary folder can be removed.
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(r.code, 1);
    if readable {
        let mut want = vec![
            ok_finding("closed/inner.js"),
            ok_finding("locked.js"),
            ok_finding("ok.js"),
        ];
        want.sort();
        assert_eq!(quads(&r.doc), want);
        assert!(!r.stderr.contains("warning"), "{}", r.stderr);
        assert_eq!(strict.code, 1);
    } else {
        assert_only_ok(&r);
        assert!(
            r.stderr.contains("warning: locked.js: cannot read:"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("closed") && r.stderr.contains("Permission denied"),
            "{}",
            r.stderr
        );
        assert_eq!(strict.code, 2, "--strict makes unreadable files fatal");
        assert_only_ok(&strict);
    }
}

#[test]
fn missing_and_vanished_paths() {
    let dir = tree();
    // A path that does not exist: a clear error, exit status 2.
    let out = bin()
        .current_dir(dir.path())
        .args(["--isolated", "gone.js", "ok.js"])
        .timeout(KILL_AFTER)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gone.js: no such file or directory"));
    // A link whose target vanished: named, it is a warning; in the tree, it is not followed.
    #[cfg(unix)]
    {
        symlink("vanished.js", &dir.path().join("dangling.js"));
        let r = scan(dir.path(), &["dangling.js", "ok.js"]);
        assert_only_ok(&r);
        assert_eq!(r.code, 1);
        assert!(
            r.stderr.contains("warning: dangling.js: No such file"),
            "{}",
            r.stderr
        );
        let r = scan(dir.path(), &[]);
        assert_only_ok(&r);
        assert!(r.stderr.is_empty(), "{}", r.stderr);
    }
}

#[test]
fn invalid_utf8_and_latin1_source() {
    let dir = tree();
    // Latin-1 `café` (0xE9) before the secret on the same line, invalid bytes around it.
    let mut latin1 = b"// \xff\xfe garbage \xc3\x28 \xa0\xa1\n".to_vec();
    latin1.extend_from_slice(
        b"const jwt = require('jsonwebtoken'); const note = 'caf\xe9';\njwt.sign({ sub: 1 }, 'hardcoded-secret-value-1234', { algorithm: 'HS256' }); // \xe9t\xe9\n",
    );
    write(dir.path(), "latin1.js", &latin1);
    let r = scan(dir.path(), &[]);
    assert_eq!(
        quads(&r.doc),
        vec![
            ("latin1.js".into(), 3, OK_COLUMN, "hardcoded-secret".into()),
            ok_finding("ok.js"),
        ],
        "{}",
        r.stderr
    );
    // The snippet shows the line lossily, never raw bytes.
    let out = bin()
        .current_dir(dir.path())
        .args(["--isolated", "--no-keys", "--color", "never", "latin1.js"])
        .timeout(KILL_AFTER)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let human = String::from_utf8(out.stdout).expect("output is UTF-8");
    assert!(human.contains("// \u{fffd}t\u{fffd}"), "{human}");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut v = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        v.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    v
}

#[test]
fn utf16_with_a_bom_is_decoded_and_scanned() {
    let dir = tree();
    let text = format!("// ünïcödé 🔑\n{OK_JS}");
    write(dir.path(), "le.js", utf16(&text, false));
    write(dir.path(), "be.js", utf16(&text, true));
    write(dir.path(), ".env", utf16("A=1\nJWT_SECRET=secret\n", false));
    let r = scan(dir.path(), &[]);
    let found = quads(&r.doc);
    assert!(found.contains(&("be.js".into(), 3, OK_COLUMN, "hardcoded-secret".into())));
    assert!(found.contains(&("le.js".into(), 3, OK_COLUMN, "hardcoded-secret".into())));
    assert!(found.contains(&ok_finding("ok.js")));
    assert!(
        found
            .iter()
            .any(|(p, l, c, _)| p == ".env" && *l == 2 && *c == 12),
        "{found:?}"
    );
    assert_eq!(found.len(), 4, "{found:?}");
}

#[test]
fn crlf_and_lone_cr_line_endings_keep_lines_and_columns() {
    let dir = tree();
    let text = format!("// one\n// two\n{OK_JS}");
    write(dir.path(), "crlf.js", text.replace('\n', "\r\n"));
    write(dir.path(), "cr.js", text.replace('\n', "\r"));
    write(dir.path(), "mixed.js", "// a\r\n// b\r".to_string() + OK_JS);
    write(dir.path(), "cr.env", "A=1\rJWT_SECRET=secret\rB=2\r");
    write(
        dir.path(),
        "cr.yml",
        "app:\r  name: x\rjwt:\r  secret: secret\r",
    );
    let r = scan(dir.path(), &[]);
    let found = quads(&r.doc);
    let want = [
        ("cr.env".to_string(), 2, 12),
        ("cr.js".to_string(), 4, OK_COLUMN),
        ("cr.yml".to_string(), 4, 11),
        ("crlf.js".to_string(), 4, OK_COLUMN),
        ("mixed.js".to_string(), 4, OK_COLUMN),
        ("ok.js".to_string(), OK_LINE, OK_COLUMN),
    ];
    let got: Vec<(String, u64, u64)> = found
        .iter()
        .map(|(p, l, c, _)| (p.clone(), *l, *c))
        .collect();
    assert_eq!(got, want, "{}", r.stderr);
}

/// A 50 MB minified bundle on one line: 4 MB of dense code around a 46 MB inlined asset (data
/// URIs and JSON blobs make most of a real bundle's bytes), one secret after the asset.
fn bundle() -> String {
    let chunk = "var a=function(b,c){return b+c*2},d=[1,2,3].map(function(e){return a(e,1)});";
    let n = 4 * 1024 * 1024 / chunk.len();
    let mut s = String::with_capacity(51 * 1024 * 1024);
    s.push_str("var jwt=require('jsonwebtoken');");
    for i in 0..n {
        if i == n / 2 {
            s.push_str("var img=\"data:image/png;base64,");
            let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg";
            for _ in 0..46 * 1024 * 1024 / png.len() {
                s.push_str(png);
            }
            s.push_str("\";jwt.sign({sub:1},'hardcoded-secret-value-1234',{algorithm:'HS256'});");
        }
        s.push_str(chunk);
    }
    s
}

#[test]
fn fifty_megabyte_minified_bundle() {
    let dir = tree();
    let b = bundle();
    assert!(b.len() > 50_000_000 && !b.contains('\n'));
    let col = b.find("'hardcoded").unwrap() as u64 + 1;
    write(dir.path(), "dist/bundle.min.js", &b);
    drop(b);
    // Over the default --max-filesize (8M): skipped, with a note under --verbose.
    let r = scan(dir.path(), &["--verbose"]);
    assert_only_ok(&r);
    assert!(
        r.stderr.contains("note: dist/bundle.min.js: skipped, ")
            && r.stderr.contains("bytes is over --max-filesize 8388608"),
        "{}",
        r.stderr
    );
    // Allowed: read whole, and its one secret found on line 1 at the right column.
    let r = scan(dir.path(), &["--max-filesize", "64M"]);
    assert_eq!(
        quads(&r.doc),
        vec![
            (
                "dist/bundle.min.js".into(),
                1,
                col,
                "hardcoded-secret".into()
            ),
            ok_finding("ok.js"),
        ],
        "{}",
        r.stderr
    );
}

#[test]
fn ten_million_short_lines() {
    let dir = tree();
    // Ten million lines (most empty, 200,000 one-token statements), the secret after.
    let mut s = "\n".repeat(9_800_000);
    s.push_str(&"a\n".repeat(200_000));
    s.push_str(OK_JS);
    write(dir.path(), "lines.js", &s);
    let mut env = "A=1\n".repeat(200_000);
    env.push_str("JWT_SECRET=secret\n");
    write(dir.path(), "lines.env", &env);
    let r = scan(dir.path(), &["--max-filesize", "64M"]);
    assert_eq!(
        quads(&r.doc),
        vec![
            ("lines.env".into(), 200_001, 12, "weak-key".into()),
            (
                "lines.js".into(),
                10_000_002,
                OK_COLUMN,
                "hardcoded-secret".into()
            ),
            ok_finding("ok.js"),
        ],
        "{}",
        r.stderr
    );
}

#[test]
fn deeply_nested_json_and_yaml_do_not_overflow_the_stack() {
    let dir = tree();
    let n = 100_000;
    write(
        dir.path(),
        "deep.json",
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
    );
    write(
        dir.path(),
        "deep-object.json",
        format!("{}\"x\"{}", "{\"a\":".repeat(n), "}".repeat(n)),
    );
    // A secret after a too-deep value is still found.
    write(
        dir.path(),
        "after.json",
        format!(
            "{{\"deep\": {}1{},\n \"jwt\": {{\"secret\": \"secret\"}}}}",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    write(
        dir.path(),
        "deep.yml",
        format!("jwt_secret: {}{}\n", "[".repeat(n), "]".repeat(n)),
    );
    write(
        dir.path(),
        "deep-map.yaml",
        format!("a: {}1{}\n", "{a: ".repeat(n), "}".repeat(n)),
    );
    write(
        dir.path(),
        "deep.js",
        format!(
            "const jwt = require('jsonwebtoken');\njwt.sign({{}}, {}'x'{});\n",
            "(".repeat(n),
            ")".repeat(n)
        ),
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(
        quads(&r.doc),
        vec![
            ("after.json".into(), 2, 21, "hardcoded-secret".into()),
            ok_finding("ok.js"),
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn yaml_alias_bombs_are_not_expanded() {
    let dir = tree();
    // Billion laughs: nine levels of nine aliases each would be 9^9 strings if expanded.
    let mut y = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        y.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    y.push_str("jwt:\n  secret: secret\n  copy: *j\n");
    write(dir.path(), "bomb.yml", &y);
    let r = scan(dir.path(), &[]);
    assert_eq!(
        quads(&r.doc),
        vec![
            ("bomb.yml".into(), 12, 11, "hardcoded-secret".into()),
            ok_finding("ok.js"),
        ],
        "{}",
        r.stderr
    );
}

#[test]
#[cfg(target_os = "linux")]
fn non_utf8_file_names_are_reported_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.js");
    std::fs::write(dir.path().join(name), OK_JS).unwrap();
    let folder = std::ffi::OsStr::from_bytes(b"d\xff");
    std::fs::create_dir(dir.path().join(folder)).unwrap();
    std::fs::write(dir.path().join(folder).join(".env"), "JWT_SECRET=secret\n").unwrap();
    let r = scan(dir.path(), &[]);
    let paths: Vec<String> = quads(&r.doc).into_iter().map(|q| q.0).collect();
    assert_eq!(
        paths,
        vec!["caf\u{fffd}.js", "d\u{fffd}/.env", "ok.js"],
        "{}",
        r.stderr
    );
}

#[test]
#[cfg(unix)]
fn many_tiny_files_leak_no_descriptors() {
    let dir = tree();
    // 20,000 files under a limit of 64 open descriptors: one leaked per file would fail fast.
    for d in 0..20 {
        let sub = dir.path().join(format!("d{d:02}"));
        std::fs::create_dir(&sub).unwrap();
        for f in 0..1000 {
            let text = if f % 100 == 0 {
                "const jwt = require('jsonwebtoken'); jwt.verify(t, process.env.JWT_SECRET, { algorithms: ['HS256'] });\n"
            } else {
                "module.exports = 1;\n"
            };
            std::fs::write(sub.join(format!("f{f:04}.js")), text).unwrap();
        }
    }
    let bin_path = assert_cmd::cargo::cargo_bin("jwtlint");
    let out = std::process::Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$0\" --format json --no-keys --isolated --threads 4 .")
        .arg(&bin_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(quads(&doc), vec![ok_finding("ok.js")]);
    assert_eq!(doc["summary"]["files_scanned"], 20_001);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn paths_given_twice_or_overlapping_report_each_finding_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/ok.js", OK_JS);
    write(dir.path(), "a/b/ok.js", OK_JS);
    write(dir.path(), "a/b/.env", "JWT_SECRET=secret\n");
    let once = scan(dir.path(), &["a"]);
    let r = scan(dir.path(), &["a", "a/b", "a", "a/b/ok.js", "./a/ok.js"]);
    assert_eq!(quads(&r.doc), quads(&once.doc), "{}", r.stderr);
    assert_eq!(quads(&once.doc).len(), 3);
    assert_eq!(
        r.doc["summary"]["files_scanned"],
        once.doc["summary"]["files_scanned"]
    );
}

#[test]
#[cfg(unix)]
fn a_repository_config_cannot_make_jwtlint_read_a_device() {
    let dir = tree();
    write(dir.path(), "jwtlint.toml", "rule-files = [\"/dev/zero\"]\n");
    let out = bin()
        .current_dir(dir.path())
        .arg(".")
        .timeout(KILL_AFTER)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
    // A FIFO where the configuration would be is not a configuration: it is never opened.
    std::fs::remove_file(dir.path().join("jwtlint.toml")).unwrap();
    mkfifo(&dir.path().join(".jwtlint.toml"));
    let out = bin()
        .current_dir(dir.path())
        .args(["--format", "json", "--no-keys", "."])
        .timeout(KILL_AFTER)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(quads(&doc), vec![ok_finding("ok.js")]);
}

/// Inputs the fuzzer found that once hung the analysis (each is kept as a seed in
/// fuzz/corpus/analyze/ too). A hang shows as a kill after `KILL_AFTER`, not as a timing.
#[test]
fn fuzzer_found_hangs_finish() {
    let dir = tree();
    // C# `new T(...)[[` where the expression's limit falls between the brackets: the array-size
    // loop once walked back to the limit forever.
    let cs =
        std::fs::read(crate::support::root().join("tests/data/fuzz/new-array-past-the-limit.cs"))
            .unwrap();
    write(dir.path(), "Controllers/AuthController.cs", cs);
    let r = scan(dir.path(), &[]);
    assert!(r.code <= 1, "{}", r.stderr);
    assert!(quads(&r.doc).contains(&ok_finding("ok.js")), "{}", r.stderr);
}
