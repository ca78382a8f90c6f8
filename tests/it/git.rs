//! Git-aware scanning on throwaway repositories built with the `git` binary: `--staged`,
//! `--diff BASE [--worktree]`, `--history` (with stale keys), env-file-committed and
//! shared-secret. Every test asserts the exact findings of the JSON report.

use crate::support::bin;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

// Random-looking keys (no words, no runs): only where they sit makes them findings.
const S1: &str = "8d1xCsDfNG57nKf6OnimUJyMIek6SREOHcyuBExokInR";
const S2: &str = "ptaLUBPu1RNVM5jo4bdmxlykbxtk43BbyG1pbnHzaGmY";
const S3: &str = "lYuKu3EUHtHkM4lmYVmIW9ndZSiZWJHmkwBdZUCRwFOI";
const S4: &str = "JbIvnu7yNqFI6IpF49tpIUgNv4AGRnH7UCyx2vRePHwB";
const S5: &str = "OhpUYavtLtWqcxp8u5hPnOLVSqprj31d1wlLHttyl3zi";
const S6: &str = "hHylXJYxhvoSFD2uyvFxfz4d95YZHCDIPfTRuN3BW9Y1";
const S7: &str = "oIEoNazMSBGgBZVivGB1QGLO30V2VfMYjBv7LTNxFIbE";

/// 2024-01-01T00:00:00Z; each commit of a test moves the clock on by a day unless told otherwise.
const T0: i64 = 1_704_067_200;
const DAY: i64 = 86_400;

/// Run git in `dir` with a fixed identity and date, isolated from the user's configuration.
fn git_at(dir: &Path, time: i64, args: &[&str]) -> String {
    let date = format!("{time} +0000");
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Test Author",
            "-c",
            "user.email=author@example.com",
        ])
        .args(["-c", "commit.gpgsign=false", "-c", "core.quotepath=false"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, T0, args)
}

/// A temporary repository on branch `main` with no commits yet.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q", "-b", "main"]);
        Repo { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn git(&self, args: &[&str]) -> String {
        git(self.path(), args)
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    /// `git mv`, creating the destination folder first.
    fn mv(&self, from: &str, to: &str) {
        let p = self.path().join(to);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        self.git(&["mv", from, to]);
    }
    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).unwrap();
    }
    /// Stage everything and commit at `time` (author and committer); returns the commit id.
    fn commit_all(&self, msg: &str, time: i64) -> String {
        git_at(self.path(), time, &["add", "-A"]);
        self.commit(msg, time)
    }
    /// Commit what is staged at `time`; returns the commit id.
    fn commit(&self, msg: &str, time: i64) -> String {
        git_at(
            self.path(),
            time,
            &["commit", "-q", "--allow-empty", "-m", msg],
        );
        self.git(&["rev-parse", "HEAD"])
    }
}

/// A JavaScript file that signs with `key` (a JS expression) on line 2.
fn js_sign(key: &str) -> String {
    format!(
        "const jwt = require('jsonwebtoken');\nexports.issue = (u) => jwt.sign({{ sub: u }}, {key}, {{ algorithm: 'HS256' }});\n"
    )
}

fn js_secret(secret: &str) -> String {
    js_sign(&format!("'{secret}'"))
}

fn js_clean() -> String {
    js_sign("process.env.JWT_SECRET")
}

struct Run {
    code: i32,
    doc: Value,
    stdout: String,
    stderr: String,
}

/// Run jwtlint with JSON output in `dir`.
fn jwtlint(dir: &Path, args: &[&str]) -> Run {
    let out = bin()
        .current_dir(dir)
        .args(["--format", "json", "--no-keys", "--isolated"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let doc = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("bad json ({e}): {stdout}\nstderr: {stderr}"));
    Run {
        code: out.status.code().unwrap(),
        doc,
        stdout,
        stderr,
    }
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().unwrap()
}

/// (path, line, rule) of every finding, in report order.
fn triples(doc: &Value) -> Vec<(String, u64, String)> {
    findings(doc)
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

fn t(path: &str, line: u64, rule: &str) -> (String, u64, String) {
    (path.to_string(), line, rule.to_string())
}

fn notes(f: &Value) -> Vec<String> {
    f["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

/// The finding at `path`, which must be the only one there.
fn at<'a>(doc: &'a Value, path: &str) -> &'a Value {
    let v: Vec<&Value> = findings(doc).iter().filter(|f| f["path"] == path).collect();
    assert_eq!(v.len(), 1, "one finding at {path}: {doc:#}");
    v[0]
}

fn assert_no_secret(run: &Run, secrets: &[&str]) {
    for s in secrets {
        assert!(!run.stdout.contains(s), "{s} printed: {}", run.stdout);
        assert!(!run.stderr.contains(s), "{s} printed: {}", run.stderr);
    }
}

// ---------------------------------------------------------------- --staged

#[test]
fn staged_scans_the_index_not_the_work_tree() {
    let r = Repo::new();
    r.write("app.js", &js_clean());
    r.write("lib.js", &js_clean());
    r.write("old.js", &js_secret(S3));
    r.commit_all("init", T0);
    // Staged, then edited away in the work tree: the commit would still record it.
    r.write("app.js", &js_secret(S1));
    r.git(&["add", "app.js"]);
    r.write("app.js", &js_clean());
    // Not staged: a modified tracked file and an untracked file.
    r.write("lib.js", &js_secret(S2));
    r.write("new.js", &js_secret(S4));
    // A staged deletion of a file holding a secret is not an error.
    r.git(&["rm", "-q", "old.js"]);

    let run = jwtlint(r.path(), &["--staged"]);
    assert_eq!(triples(&run.doc), [t("app.js", 2, "hardcoded-secret")]);
    assert_eq!(run.code, 1);
    assert_eq!(run.doc["summary"]["files_scanned"], 1);
    assert!(run.doc["findings"][0]["history"].is_null());
    assert_no_secret(&run, &[S1, S2, S3, S4]);

    // The snippet shows the staged line (masked), not the work tree's.
    let human = bin()
        .current_dir(r.path())
        .args(["--staged", "--no-keys", "--isolated", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("jwt.sign({ sub: u }, '8d1x****"), "{text}");
    assert!(!text.contains("process.env.JWT_SECRET, {"), "{text}");

    // Nothing staged that differs from HEAD once the index is reset.
    r.git(&["reset", "-q"]);
    let run = jwtlint(r.path(), &["--staged"]);
    assert_eq!(triples(&run.doc), []);
    assert_eq!(run.code, 0);
}

#[test]
fn staged_dotenv_is_env_file_committed_and_odd_paths_work() {
    let r = Repo::new();
    r.write("README.md", "demo\n");
    r.commit_all("init", T0);
    r.write(".env", &format!("PORT=3000\nJWT_SECRET={S1}\n"));
    r.write("src/my app/auth.js", &js_secret(S2));
    r.write("src/ключи/вход.js", &js_secret(S3));
    r.git(&["add", "."]);
    // Ignored afterwards in the work tree does not matter: it is staged.
    r.write(".gitignore", ".env\n");

    let run = jwtlint(r.path(), &["--staged"]);
    assert_eq!(
        triples(&run.doc),
        [
            t(".env", 2, "env-file-committed"),
            t("src/my app/auth.js", 2, "hardcoded-secret"),
            t("src/ключи/вход.js", 2, "hardcoded-secret"),
        ]
    );
    let env = at(&run.doc, ".env");
    assert!(
        env["message"]
            .as_str()
            .unwrap()
            .contains("`.env` is committed to git and holds the JWT secret `JWT_SECRET`"),
        "{env:#}"
    );
    assert_no_secret(&run, &[S1, S2, S3]);
}

#[test]
fn staged_initial_commit_and_subdirectory() {
    let r = Repo::new();
    // Nothing staged yet (not even an index file).
    let run = jwtlint(r.path(), &["--staged"]);
    assert_eq!((run.code, triples(&run.doc)), (0, vec![]));
    r.write("sub/a.js", &js_secret(S1));
    r.write("b.js", &js_secret(S2));
    r.write("c.js", &js_clean());
    r.git(&["add", "."]);

    // No commit yet: everything in the index is what the first commit records.
    let run = jwtlint(r.path(), &["--staged"]);
    assert_eq!(
        triples(&run.doc),
        [
            t("b.js", 2, "hardcoded-secret"),
            t("sub/a.js", 2, "hardcoded-secret"),
        ]
    );
    assert_eq!(run.doc["summary"]["files_scanned"], 3);

    // From a subdirectory: the whole index is scanned (that is what `git commit` records), paths
    // relative to the current directory.
    let run = jwtlint(&r.path().join("sub"), &["--staged"]);
    assert_eq!(
        triples(&run.doc),
        [
            t("../b.js", 2, "hardcoded-secret"),
            t("a.js", 2, "hardcoded-secret"),
        ]
    );

    // Paths on the command line narrow the scan to them.
    let run = jwtlint(r.path(), &["--staged", "sub"]);
    assert_eq!(triples(&run.doc), [t("sub/a.js", 2, "hardcoded-secret")]);
    let run = jwtlint(r.path(), &["--staged", "b.js", "c.js"]);
    assert_eq!(triples(&run.doc), [t("b.js", 2, "hardcoded-secret")]);
}

#[test]
fn git_modes_outside_a_repository_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.js"), js_secret(S1)).unwrap();
    for args in [
        &["--staged"][..],
        &["--diff", "main"][..],
        &["--history"][..],
    ] {
        let out = bin()
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is not inside a git work tree"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

// ---------------------------------------------------------------- --diff

/// main: `sign.js` defines a key it does not sign with yet, `legacy.js` has an old hardcoded
/// secret. Branch `feature` (checked out): a new sign call uses the old constant, `new.js` brings
/// a new secret, `legacy.js` gets an unrelated line.
fn pull_request_repo() -> (Repo, String) {
    let r = Repo::new();
    r.write(
        "sign.js",
        &format!(
            "const jwt = require('jsonwebtoken');\nconst K = '{S1}';\nmodule.exports = {{ jwt, K }};\n"
        ),
    );
    r.write("legacy.js", &js_secret(S2));
    let base = r.commit_all("base", T0);
    r.git(&["tag", "v1"]);
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(
        "sign.js",
        &format!(
            "const jwt = require('jsonwebtoken');\nconst K = '{S1}';\nmodule.exports = {{ jwt, K }};\nexports.issue = (u) => jwt.sign({{ sub: u }}, K, {{ algorithm: 'HS256' }});\n"
        ),
    );
    r.write("legacy.js", &format!("{}// touched\n", js_secret(S2)));
    r.write("new.js", &js_secret(S3));
    r.commit_all("feature", T0 + DAY);
    (r, base)
}

#[test]
fn diff_reports_only_what_the_branch_adds() {
    let (r, base) = pull_request_repo();
    let expected = [
        t("new.js", 2, "hardcoded-secret"),
        t("sign.js", 2, "hardcoded-secret"),
    ];
    for b in ["main", "v1", base.as_str(), &base[..10]] {
        let run = jwtlint(r.path(), &["--diff", b]);
        assert_eq!(triples(&run.doc), expected, "--diff {b}");
        assert_eq!(run.code, 1);
        assert_no_secret(&run, &[S1, S2, S3]);
    }
    // The old constant is reported because the new sign call on line 4 uses it.
    let run = jwtlint(r.path(), &["--diff", "main"]);
    let f = at(&run.doc, "sign.js");
    assert!(
        f["message"].as_str().unwrap().contains("`jwt.sign`"),
        "{f:#}"
    );
    // A full scan sees the old secret too.
    let run = jwtlint(r.path(), &[]);
    assert_eq!(
        triples(&run.doc),
        [
            t("legacy.js", 2, "hardcoded-secret"),
            t("new.js", 2, "hardcoded-secret"),
            t("sign.js", 2, "hardcoded-secret"),
        ]
    );
}

#[test]
fn diff_measures_from_the_merge_base_when_base_moved_on() {
    let r = Repo::new();
    r.write("settings.js", &js_secret(S1));
    r.write("app.js", &js_clean());
    r.commit_all("base", T0);
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("feat.js", &js_secret(S2));
    r.commit_all("feature", T0 + DAY);
    r.git(&["checkout", "-q", "main"]);
    // main fixes settings.js and adds a secret of its own after the branch point.
    r.write("settings.js", &js_clean());
    r.write("main.js", &js_secret(S3));
    r.write("app.js", &format!("{}// main\n", js_clean()));
    r.commit_all("main moves on", T0 + 2 * DAY);
    r.git(&["checkout", "-q", "feature"]);

    // Against main itself, settings.js would look added; against the merge base it is not.
    let run = jwtlint(r.path(), &["--diff", "main"]);
    assert_eq!(triples(&run.doc), [t("feat.js", 2, "hardcoded-secret")]);
}

#[test]
fn diff_worktree_adds_uncommitted_changes() {
    let (r, _) = pull_request_repo();
    r.write("wip.js", &js_secret(S4));
    // An ignored local file is no change git would record (a full scan reports its weak key).
    r.write(".gitignore", ".env.local\n");
    r.write(".env.local", "JWT_SECRET=secret\n");
    r.write(
        "legacy.js",
        &format!("{}{}", js_secret(S2), "exports.again = (u) => jwt.sign({ sub: u }, 'Zr0vq1Ws2Xt3Yu4Zv5Aw6Bx7Cy8Dz9Ea', { algorithm: 'HS256' });\n"),
    );
    let run = jwtlint(r.path(), &["--diff", "main"]);
    assert_eq!(
        triples(&run.doc),
        [
            t("new.js", 2, "hardcoded-secret"),
            t("sign.js", 2, "hardcoded-secret"),
        ]
    );
    let run = jwtlint(r.path(), &["--diff", "main", "--worktree"]);
    assert_eq!(
        triples(&run.doc),
        [
            t("legacy.js", 3, "hardcoded-secret"),
            t("new.js", 2, "hardcoded-secret"),
            t("sign.js", 2, "hardcoded-secret"),
            t("wip.js", 2, "hardcoded-secret"),
        ]
    );
    let run = jwtlint(r.path(), &[]);
    assert!(triples(&run.doc).contains(&t(".env.local", 1, "weak-key")));
}

#[test]
fn diff_with_a_bad_base_is_exit_2() {
    let (r, _) = pull_request_repo();
    let out = bin()
        .current_dir(r.path())
        .args(["--diff", "no-such-branch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown revision \"no-such-branch\""), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");
    // --worktree means nothing without --diff.
    bin()
        .current_dir(r.path())
        .arg("--worktree")
        .assert()
        .code(2);
}

#[test]
fn diff_a_renamed_file_adds_no_finding() {
    let r = Repo::new();
    r.write("old/auth.js", &js_secret(S1));
    r.write("old/keys.js", &js_secret(S2));
    r.commit_all("base", T0);
    r.git(&["checkout", "-q", "-b", "feature"]);
    // A pure rename adds no line.
    r.mv("old/auth.js", "new/auth.js");
    // A rename with an edit: only the edited line is new.
    r.mv("old/keys.js", "new/keys.js");
    r.write(
        "new/keys.js",
        &format!(
            "{}exports.other = (u) => jwt.sign({{ sub: u }}, '{S3}', {{ algorithm: 'HS256' }});\n",
            js_secret(S2)
        ),
    );
    // Uncommitted first: --worktree sees the renames in the work tree.
    let run = jwtlint(r.path(), &["--diff", "main", "--worktree"]);
    assert_eq!(triples(&run.doc), [t("new/keys.js", 3, "hardcoded-secret")]);
    r.commit_all("move", T0 + DAY);
    let run = jwtlint(r.path(), &["--diff", "main"]);
    assert_eq!(triples(&run.doc), [t("new/keys.js", 3, "hardcoded-secret")]);
    // The full scan still sees both old secrets at their new paths.
    let run = jwtlint(r.path(), &[]);
    assert_eq!(
        triples(&run.doc),
        [
            t("new/auth.js", 2, "hardcoded-secret"),
            t("new/keys.js", 2, "hardcoded-secret"),
            t("new/keys.js", 3, "hardcoded-secret"),
        ]
    );
}

// ---------------------------------------------------------------- --history

#[test]
fn history_reports_removed_secrets_with_their_first_commit() {
    let r = Repo::new();
    r.write("config/keys.js", &js_secret(S1));
    r.write("app.js", &js_clean());
    // Author and committer dates differ: the report gives the author's.
    let authored = T0 - 30 * DAY;
    let date = format!("{authored} +0000");
    let c1 = {
        git_at(r.path(), T0, &["add", "-A"]);
        let out = Command::new("git")
            .current_dir(r.path())
            .args([
                "-c",
                "user.name=Test Author",
                "-c",
                "user.email=author@example.com",
            ])
            .args(["commit", "-q", "-m", "add keys"])
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", format!("{T0} +0000"))
            .output()
            .unwrap();
        assert!(out.status.success());
        r.git(&["rev-parse", "HEAD"])
    };
    // Commit 2 shifts the secret down a line and adds a second one that stays.
    r.write("config/keys.js", &format!("// keys\n{}", js_secret(S1)));
    r.write("live.js", &js_secret(S2));
    let c2 = r.commit_all("more", T0 + DAY);
    // Commit 3 removes the first secret.
    r.remove("config/keys.js");
    r.commit_all("remove keys", T0 + 2 * DAY);

    let run = jwtlint(r.path(), &["--history"]);
    assert_eq!(
        triples(&run.doc),
        [
            t("config/keys.js", 2, "hardcoded-secret"),
            t("live.js", 2, "hardcoded-secret"),
        ]
    );
    assert_eq!(run.code, 1);
    let gone = at(&run.doc, "config/keys.js");
    assert_eq!(
        gone["history"],
        serde_json::json!({"commit": c1, "path": "config/keys.js", "author_time": authored, "at_head": false})
    );
    let msg = gone["message"].as_str().unwrap();
    assert!(
        msg.ends_with("(removed from HEAD, still in git history)"),
        "{msg}"
    );
    let n = notes(gone);
    assert!(
        n.iter().any(|n| n.starts_with(&format!(
            "introduced in commit {} (2023-12-02) at `config/keys.js` and later removed",
            &c1[..10]
        )) && n.contains("rotate the key")),
        "{n:?}"
    );
    let live = at(&run.doc, "live.js");
    assert_eq!(
        live["history"],
        serde_json::json!({"commit": c2, "path": "live.js", "author_time": T0 + DAY, "at_head": true})
    );
    assert!(!live["message"].as_str().unwrap().contains("removed"));
    assert_no_secret(&run, &[S1, S2]);
    // Not a terminal: no progress on stderr.
    assert_eq!(run.stderr, "");
}

#[test]
fn history_scans_each_blob_once_across_branches_and_follows_moves() {
    let r = Repo::new();
    r.write("a/auth.js", &js_secret(S1));
    let c1 = r.commit_all("one", T0);
    // The same file (same blob) added on two branches.
    r.git(&["checkout", "-q", "-b", "b1"]);
    r.write("x.js", &js_secret(S2));
    let cx = r.commit_all("x on b1", T0 + DAY);
    r.git(&["checkout", "-q", "main"]);
    r.git(&["checkout", "-q", "-b", "b2"]);
    r.write("x.js", &js_secret(S2));
    r.commit_all("x on b2", T0 + 2 * DAY);
    r.git(&["checkout", "-q", "main"]);
    // On main the secret moves: a pure rename, then into another file with other content.
    r.mv("a/auth.js", "b/auth.js");
    r.commit_all("move", T0 + 3 * DAY);
    r.mv("b/auth.js", "c/login.js");
    r.write("c/login.js", &format!("// login\n{}", js_secret(S1)));
    r.commit_all("move again", T0 + 4 * DAY);

    let run = jwtlint(r.path(), &["--history"]);
    assert_eq!(
        triples(&run.doc),
        [
            t("c/login.js", 3, "hardcoded-secret"),
            t("x.js", 2, "hardcoded-secret"),
        ]
    );
    assert_eq!(
        at(&run.doc, "c/login.js")["history"],
        serde_json::json!({"commit": c1, "path": "a/auth.js", "author_time": T0, "at_head": true})
    );
    assert_eq!(
        at(&run.doc, "x.js")["history"],
        serde_json::json!({"commit": cx, "path": "x.js", "author_time": T0 + DAY, "at_head": false})
    );
}

#[test]
fn history_pure_rename_is_shown_where_it_is_now() {
    let r = Repo::new();
    r.write("a/auth.js", &js_secret(S1));
    let c1 = r.commit_all("one", T0);
    r.mv("a/auth.js", "b/auth.js");
    r.commit_all("move", T0 + DAY);
    let run = jwtlint(r.path(), &["--history"]);
    assert_eq!(triples(&run.doc), [t("b/auth.js", 2, "hardcoded-secret")]);
    assert_eq!(
        at(&run.doc, "b/auth.js")["history"],
        serde_json::json!({"commit": c1, "path": "a/auth.js", "author_time": T0, "at_head": true})
    );
}

#[test]
fn history_keeps_every_value_a_location_ever_held() {
    let r = Repo::new();
    // The key is replaced in place (same span), and another file's key is replaced then deleted.
    r.write("a.js", &js_secret(S1));
    r.write("b.js", &js_secret(S3));
    let c1 = r.commit_all("one", T0);
    r.write("a.js", &js_secret(S2));
    r.write("b.js", &js_secret(S4));
    let c2 = r.commit_all("replace", T0 + DAY);
    r.remove("b.js");
    r.commit_all("remove", T0 + 2 * DAY);
    let run = jwtlint(r.path(), &["--history"]);
    let mut got: Vec<(String, String, bool)> = findings(&run.doc)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["history"]["commit"].as_str().unwrap().to_string(),
                f["history"]["at_head"].as_bool().unwrap(),
            )
        })
        .collect();
    got.sort();
    let want = |p: &str, c: &str, h: bool| (p.to_string(), c.to_string(), h);
    assert_eq!(
        got,
        [
            want("a.js", &c1, false),
            want("a.js", &c2, true),
            want("b.js", &c1, false),
            want("b.js", &c2, false),
        ]
    );
}

#[test]
fn history_flags_keys_older_than_max_key_age() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let r = Repo::new();
    r.write("old.js", &js_secret(S1));
    r.write("gone.js", &js_secret(S3));
    r.commit_all("old", T0);
    r.remove("gone.js");
    r.commit_all("remove", T0 + DAY);
    r.write("fresh.js", &js_secret(S2));
    r.commit_all("fresh", now - DAY);

    let stale = |f: &Value| {
        notes(f)
            .iter()
            .any(|n| n.starts_with("stale-secret: unchanged for"))
    };
    let run = jwtlint(r.path(), &["--history"]);
    assert_eq!(
        triples(&run.doc),
        [
            t("fresh.js", 2, "hardcoded-secret"),
            t("gone.js", 2, "hardcoded-secret"),
            t("old.js", 2, "hardcoded-secret"),
        ]
    );
    assert!(stale(at(&run.doc, "old.js")), "{:#}", run.doc);
    assert!(!stale(at(&run.doc, "fresh.js")));
    // A removed key needs rotating whatever its age; that note says so already.
    assert!(!stale(at(&run.doc, "gone.js")));
    let age = (now - T0) / DAY;
    assert!(
        notes(at(&run.doc, "old.js")).contains(&format!(
            "stale-secret: unchanged for {age} days (over --max-key-age 90): rotate it"
        )) || notes(at(&run.doc, "old.js")).contains(&format!(
            "stale-secret: unchanged for {} days (over --max-key-age 90): rotate it",
            age - 1
        ))
    );
    let run = jwtlint(r.path(), &["--history", "--max-key-age", "100000"]);
    assert!(!stale(at(&run.doc, "old.js")));
}

// ---------------------------------------------------------------- env-file-committed

#[test]
fn env_files_tracked_unignored_ignored_and_templates() {
    let r = Repo::new();
    r.write(".gitignore", "node_modules/\n.env.local\n");
    r.write(".env", &format!("JWT_SECRET={S1}\n"));
    r.commit_all("init", T0);
    // Untracked, not ignored: `git add .` would commit it.
    r.write("api/.env.production", &format!("JWT_SECRET={S2}\n"));
    // Ignored: not env-file-committed, but a weak key is still a weak key; a strong one is fine.
    r.write(".env.local", "JWT_SECRET=secret\n");
    r.write("web/.gitignore", ".env\n");
    r.write("web/.env", &format!("JWT_SECRET={S3}\n"));
    // Templates with placeholders.
    r.write(
        ".env.example",
        "JWT_SECRET=\nJWT_REFRESH_SECRET=<generate with openssl rand -hex 32>\n",
    );
    r.write("api/.env.sample", "JWT_SECRET=your-jwt-secret-here\n");
    // An ignored folder is never entered, not even for dotenv files.
    r.write("node_modules/pkg/.env", "JWT_SECRET=secret\n");

    let run = jwtlint(r.path(), &[]);
    assert_eq!(
        triples(&run.doc),
        [
            t(".env", 1, "env-file-committed"),
            t(".env.local", 1, "weak-key"),
            t("api/.env.production", 1, "env-file-committed"),
        ]
    );
    let m = |p: &str| at(&run.doc, p)["message"].as_str().unwrap().to_string();
    assert!(m(".env").contains("is committed to git"), "{}", m(".env"));
    assert!(
        m("api/.env.production").contains("is not ignored by git: `git add .` would commit"),
        "{}",
        m("api/.env.production")
    );
    assert_no_secret(&run, &[S1, S2, S3]);
}

// ---------------------------------------------------------------- shared-secret

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn shared_secrets_are_reported_at_every_occurrence() {
    let r = Repo::new();
    r.write(".gitignore", ".env.development\n.env.production\n");
    r.write(".env.development", &format!("JWT_SECRET={S1}\n"));
    r.write(".env.production", &format!("JWT_SECRET={S1}\n"));
    r.write(
        "config/application-dev.yml",
        &format!("jwt:\n  secret: {S2}\n"),
    );
    r.write(
        "config/application-prod.yml",
        &format!("jwt:\n  secret: {S2}\n"),
    );
    r.write(
        "appsettings.Development.json",
        &format!("{{\n  \"Jwt\": {{\n    \"Key\": \"{S3}\"\n  }}\n}}\n"),
    );
    r.write(
        "appsettings.Staging.json",
        &format!("{{\n  \"Jwt\": {{\n    \"Key\": \"{S3}\"\n  }}\n}}\n"),
    );
    r.write(
        "docker-compose.yml",
        &format!("services:\n  api:\n    image: api\n    environment:\n      JWT_SECRET: {S4}\n"),
    );
    r.write(
        "k8s/secret.yaml",
        &format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ndata:\n  JWT_SECRET: {}\n",
            b64(S4)
        ),
    );
    r.write("svc/.env", &format!("JWT_SECRET={S5}\n"));
    r.write(
        ".github/workflows/ci.yml",
        &format!("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      JWT_SECRET: {S5}\n    steps:\n      - run: npm test\n"),
    );
    r.commit_all("configs", T0);

    let run = jwtlint(r.path(), &[]);
    assert_no_secret(&run, &[S1, S2, S3, S4, S5, &b64(S4)]);
    let shared = |p: &str, others: &[&str]| {
        let f = at(&run.doc, p);
        let n = notes(f).join("\n") + f["message"].as_str().unwrap();
        for o in others {
            assert!(n.contains(&format!("`{o}`")), "{p} should name {o}: {f:#}");
        }
    };
    shared(".env.development", &[".env.production"]);
    shared(".env.production", &[".env.development"]);
    shared(
        "config/application-dev.yml",
        &["config/application-prod.yml"],
    );
    shared(
        "config/application-prod.yml",
        &["config/application-dev.yml"],
    );
    shared(
        "appsettings.Development.json",
        &["appsettings.Staging.json"],
    );
    shared(
        "appsettings.Staging.json",
        &["appsettings.Development.json"],
    );
    shared("docker-compose.yml", &["k8s/secret.yaml"]);
    shared("k8s/secret.yaml", &["docker-compose.yml"]);
    shared("svc/.env", &[".github/workflows/ci.yml"]);
    shared(".github/workflows/ci.yml", &["svc/.env"]);
    // Where no other rule applies (local, ignored files), the sharing is its own warning.
    assert_eq!(
        triples(&run.doc),
        [
            t(".env.development", 1, "shared-secret"),
            t(".env.production", 1, "shared-secret"),
            t(".github/workflows/ci.yml", 6, "hardcoded-secret"),
            t("appsettings.Development.json", 3, "hardcoded-secret"),
            t("appsettings.Staging.json", 3, "hardcoded-secret"),
            t("config/application-dev.yml", 2, "hardcoded-secret"),
            t("config/application-prod.yml", 2, "hardcoded-secret"),
            t("docker-compose.yml", 5, "hardcoded-secret"),
            t("k8s/secret.yaml", 6, "hardcoded-secret"),
            t("svc/.env", 1, "env-file-committed"),
        ]
    );
    assert_eq!(at(&run.doc, ".env.production")["severity"], "warning");
    assert_eq!(run.doc["summary"]["by_rule"]["shared-secret"], 2);
}

#[test]
fn shared_secret_near_misses() {
    let r = Repo::new();
    r.write(".gitignore", ".env\n");
    r.write(
        ".env",
        &format!("JWT_SECRET={S6}\nJWT_REFRESH_SECRET=${{JWT_SECRET}}\n"),
    );
    // A template holding the real value leaks it: that is reported (and shared).
    r.write(".env.example", &format!("JWT_SECRET={S6}\n"));
    // Different values, and the same reference: nothing.
    r.write(
        "config/application-dev.yml",
        &format!("jwt:\n  secret: {S7}\n"),
    );
    r.write(
        "config/application-prod.yml",
        "jwt:\n  secret: ${JWT_SECRET}\n",
    );
    r.write(
        "config/application-test.yml",
        "jwt:\n  secret: ${JWT_SECRET}\n",
    );
    r.commit_all("configs", T0);
    let run = jwtlint(r.path(), &[]);
    assert_eq!(
        triples(&run.doc),
        [
            t(".env", 1, "shared-secret"),
            t(".env.example", 1, "hardcoded-secret"),
            t("config/application-dev.yml", 2, "hardcoded-secret"),
        ]
    );
    let shared_note = |p: &str| {
        let f = at(&run.doc, p);
        format!("{}\n{}", f["message"], notes(f).join("\n"))
    };
    assert!(shared_note(".env").contains("`.env.example`"));
    assert!(shared_note(".env.example").contains("`.env` (.env)"));
    assert!(!shared_note("config/application-dev.yml").contains("same"));
    assert_no_secret(&run, &[S6, S7]);
}

/// `.jwtlintignore` (at the root and in folders below it) leaves the same files out of
/// `--staged`, `--diff` and `--history` as out of a plain scan; `--no-ignore` reads them all.
#[test]
fn git_modes_honour_jwtlintignore() {
    let r = Repo::new();
    r.write(
        ".jwtlintignore",
        "# labelled samples\nsamples/\nvendor/\n# a folder is never entered: this brings nothing back\n!samples/keep.js\n",
    );
    r.write("pkg/.jwtlintignore", "generated.js\n!keep.js\n");
    // Nor does a whitelist in a folder the root file ignores.
    r.write("vendor/.jwtlintignore", "!keep.js\n");
    r.write("vendor/keep.js", &format!("// vendored\n{}", js_secret(S1)));
    r.write(
        "samples/keep.js",
        &format!("// kept sample\n{}", js_secret(S1)),
    );
    r.write("samples/bad.js", &format!("// sample\n{}", js_secret(S1)));
    r.write("pkg/generated.js", &js_secret(S1));
    // (Different texts: history reads each blob once, under one of its paths.)
    r.write("pkg/keep.js", &format!("// kept\n{}", js_secret(S2)));
    r.write("app.js", &js_secret(S2));
    r.commit_all("one", T0);
    let expected = vec![
        t("app.js", 2, "hardcoded-secret"),
        t("pkg/keep.js", 3, "hardcoded-secret"),
    ];
    assert_eq!(triples(&jwtlint(r.path(), &[]).doc), expected);
    assert_eq!(triples(&jwtlint(r.path(), &["--history"]).doc), expected);
    let all = triples(&jwtlint(r.path(), &["--history", "--no-ignore"]).doc);
    assert_eq!(all.len(), 6, "{all:?}");
    // Staged and diff: a change in an ignored folder is not reported either.
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write("samples/worse.js", &format!("// worse\n{}", js_secret(S2)));
    r.write(
        "pkg/generated.js",
        &format!("// regenerated\n{}", js_secret(S2)),
    );
    r.write("new.js", &format!("// new\n{}", js_secret(S1)));
    git_at(r.path(), T0 + DAY, &["add", "-A"]);
    assert_eq!(
        triples(&jwtlint(r.path(), &["--staged"]).doc),
        vec![t("new.js", 3, "hardcoded-secret")]
    );
    r.commit("two", T0 + DAY);
    assert_eq!(
        triples(&jwtlint(r.path(), &["--diff", "main"]).doc),
        vec![t("new.js", 3, "hardcoded-secret")]
    );
    let staged_all = triples(&jwtlint(r.path(), &["--diff", "main", "--no-ignore"]).doc);
    assert_eq!(staged_all.len(), 3, "{staged_all:?}");
}
