//! The real `pre-commit` tool (from PyPI) on a temporary repository. Ignored by `cargo test`
//! because it needs pre-commit installed; `.ci/run` installs it and runs
//! `cargo test --test it -- --ignored precommit`.

use crate::action::{git, git_env, write};
use crate::support::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SECRET: &str = "correct-horse-jwt-signing-key";

/// The secret as jwtlint prints it: the first 4 characters, then one `*` per other byte.
fn masked() -> String {
    format!("{}{}", &SECRET[..4], "*".repeat(SECRET.len() - 4))
}

struct Repo {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    gitconfig: PathBuf,
    home: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        let gitconfig = tmp.path().join("gitconfig");
        std::fs::write(&gitconfig, "").unwrap();
        let home = tmp.path().join("pre-commit-home");
        let dir = tmp.path().join("repo");
        std::fs::create_dir(&dir).unwrap();
        git(&dir, &gitconfig, &["init", "-q", "-b", "main"]);
        Repo {
            _tmp: tmp,
            dir,
            gitconfig,
            home,
        }
    }

    /// A command whose PATH starts with the folder of the built jwtlint.
    fn cmd(&self, program: &str) -> Command {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_jwtlint")).parent().unwrap();
        let mut paths = vec![bin_dir.to_path_buf()];
        paths.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let mut c = Command::new(program);
        git_env(&mut c, &self.gitconfig)
            .current_dir(&self.dir)
            .env("PATH", std::env::join_paths(paths).unwrap())
            .env("PRE_COMMIT_HOME", &self.home)
            .env("NO_COLOR", "1");
        c
    }

    fn pre_commit(&self, args: &[&str]) -> Output {
        self.cmd("python3")
            .args(["-m", "pre_commit"])
            .args(args)
            .output()
            .unwrap()
    }

    fn commit(&self, message: &str) -> Output {
        self.cmd("git")
            .args(["commit", "-q", "-m", message])
            .output()
            .unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn signing(secret_expr: &str) -> String {
    format!(
        "const jwt = require('jsonwebtoken');\nexports.issue = (u) => jwt.sign({{ sub: u }}, {secret_expr});\n"
    )
}

/// Quote for pre-commit's shlex-split `entry`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[test]
#[ignore = "needs pre-commit from PyPI; .ci/run installs it"]
fn precommit_local_hook_blocks_a_hardcoded_secret() {
    let r = Repo::new();
    // A YAML double-quoted string (JSON's syntax) holding the shell-quoted binary path.
    let entry = serde_json::to_string(&format!(
        "{} --staged",
        sh_quote(env!("CARGO_BIN_EXE_jwtlint"))
    ))
    .unwrap();
    write(
        &r.dir,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: jwtlint\n        name: jwtlint\n        language: system\n        entry: {entry}\n        pass_filenames: false\n"
        ),
    );
    let out = r.pre_commit(&["install"]);
    assert!(out.status.success(), "pre-commit install: {}", text(&out));

    // A clean first commit passes.
    write(&r.dir, "src/auth.js", &signing("process.env.JWT_SECRET"));
    git(&r.dir, &r.gitconfig, &["add", "-A"]);
    let out = r.commit("read the secret from the environment");
    assert!(out.status.success(), "clean commit blocked: {}", text(&out));

    // Staging a hardcoded secret (in code and in a .env file) blocks the commit.
    write(&r.dir, "src/auth.js", &signing(&format!("'{SECRET}'")));
    write(&r.dir, ".env", &format!("JWT_SECRET={SECRET}\n"));
    git(&r.dir, &r.gitconfig, &["add", "-A"]);
    let before = git(&r.dir, &r.gitconfig, &["rev-parse", "HEAD"]);
    let out = r.commit("hardcode the secret");
    let log = text(&out);
    assert!(!out.status.success(), "commit with a secret passed: {log}");
    assert!(log.contains("error[hardcoded-secret]"), "{log}");
    assert!(log.contains("src/auth.js"), "{log}");
    assert!(log.contains(".env"), "{log}");
    assert!(log.contains(&masked()), "{log}");
    assert!(!log.contains(SECRET), "secret printed in full: {log}");
    assert_eq!(git(&r.dir, &r.gitconfig, &["rev-parse", "HEAD"]), before);

    // Only the staged content counts: the secret fixed in the index, still in the work tree.
    git(&r.dir, &r.gitconfig, &["rm", "-q", "--cached", ".env"]);
    let fixed = signing("process.env.JWT_SECRET");
    let blob = {
        let mut c = r.cmd("git");
        c.args(["hash-object", "-w", "--stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(fixed.as_bytes())
            .unwrap();
        let o = child.wait_with_output().unwrap();
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    };
    git(
        &r.dir,
        &r.gitconfig,
        &[
            "update-index",
            "--cacheinfo",
            &format!("100644,{blob},src/auth.js"),
        ],
    );
    write(&r.dir, "README.md", "# demo\n");
    git(&r.dir, &r.gitconfig, &["add", "README.md"]);
    let out = r.commit("add a readme");
    assert!(
        out.status.success(),
        "clean staged content blocked: {}",
        text(&out)
    );

    // `git commit -a` stages the work tree's secret in a temporary index: blocked too.
    let out = r
        .cmd("git")
        .args(["commit", "-q", "-a", "-m", "commit everything"])
        .output()
        .unwrap();
    let log = text(&out);
    assert!(
        !out.status.success(),
        "commit -a with a secret passed: {log}"
    );
    assert!(log.contains("error[hardcoded-secret]"), "{log}");
    assert!(!log.contains(SECRET), "secret printed in full: {log}");
}

/// The repository's own .pre-commit-hooks.yaml, through `pre-commit try-repo`, with the built
/// jwtlint on PATH (the `jwtlint-system` hook; the `rust` one would compile the crate).
#[test]
#[ignore = "needs pre-commit from PyPI; .ci/run installs it"]
fn precommit_try_repo_runs_the_published_hook() {
    let r = Repo::new();
    let this_repo = root();
    write(&r.dir, "src/auth.js", &signing(&format!("'{SECRET}'")));
    git(&r.dir, &r.gitconfig, &["add", "-A"]);
    let out = r.pre_commit(&["try-repo", this_repo.to_str().unwrap(), "jwtlint-system"]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("jwtlint"), "{log}");
    assert!(log.contains("Failed"), "{log}");
    assert!(log.contains("error[hardcoded-secret]"), "{log}");
    assert!(log.contains(&masked()), "{log}");
    assert!(!log.contains(SECRET), "secret printed in full: {log}");

    write(&r.dir, "src/auth.js", &signing("process.env.JWT_SECRET"));
    git(&r.dir, &r.gitconfig, &["add", "-A"]);
    let out = r.pre_commit(&["try-repo", this_repo.to_str().unwrap(), "jwtlint-system"]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(log.contains("Passed"), "{log}");
}
