//! The GitHub Action: action/run.sh run locally with a simulated GitHub environment (event
//! payload, step summary, outputs file, workspace) on a temporary repository, and action.yml
//! checked for expressions inside run blocks.

use crate::support::root;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

const NEW_SECRET: &str = "hunter2-is-my-jwt-secret";
const OLD_SECRET: &str = "legacy-signing-key-2019";

/// A fixed identity and no user or system git configuration, for git and whatever runs it.
pub fn git_env<'c>(c: &'c mut Command, cfg: &Path) -> &'c mut Command {
    c.env("GIT_CONFIG_GLOBAL", cfg)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "jwtlint tests")
        .env("GIT_AUTHOR_EMAIL", "tests@jwtlint.invalid")
        .env("GIT_COMMITTER_NAME", "jwtlint tests")
        .env("GIT_COMMITTER_EMAIL", "tests@jwtlint.invalid")
}

/// Run git and return its trimmed stdout; panics on failure.
pub fn git(dir: &Path, cfg: &Path, args: &[&str]) -> String {
    let out = git_env(Command::new("git").current_dir(dir), cfg)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn sign_with(secret: &str) -> String {
    format!(
        "const jwt = require('jsonwebtoken');\nfunction issue(user) {{\n  return jwt.sign({{ sub: user.id }}, '{secret}', {{ expiresIn: '1h' }});\n}}\nmodule.exports = {{ issue }};\n"
    )
}

/// A temporary "runner": a repository whose base commit holds an old secret in src/legacy.js and
/// whose head commit adds a new one in src/auth.js, plus the files GitHub hands a step.
struct Runner {
    tmp: TempDir,
    repo: PathBuf,
    gitconfig: PathBuf,
    base: String,
}

impl Runner {
    fn new() -> Runner {
        let tmp = tempfile::tempdir().unwrap();
        let gitconfig = tmp.path().join("gitconfig");
        std::fs::write(&gitconfig, "").unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir(&repo).unwrap();
        git(&repo, &gitconfig, &["init", "-q", "-b", "main"]);
        write(&repo, "src/legacy.js", &sign_with(OLD_SECRET));
        write(&repo, "src/app.js", "console.log('hello');\n");
        git(&repo, &gitconfig, &["add", "-A"]);
        git(&repo, &gitconfig, &["commit", "-q", "-m", "base"]);
        let base = git(&repo, &gitconfig, &["rev-parse", "HEAD"]);
        git(&repo, &gitconfig, &["checkout", "-q", "-b", "feature"]);
        write(&repo, "src/app.js", "console.log('hello, world');\n");
        git(
            &repo,
            &gitconfig,
            &["commit", "-q", "-am", "greet the world"],
        );
        write(&repo, "src/auth.js", &sign_with(NEW_SECRET));
        git(&repo, &gitconfig, &["add", "-A"]);
        git(&repo, &gitconfig, &["commit", "-q", "-m", "sign tokens"]);
        Runner {
            tmp,
            repo,
            gitconfig,
            base,
        }
    }

    fn summary(&self) -> PathBuf {
        self.tmp.path().join("step_summary.md")
    }

    fn outputs(&self) -> PathBuf {
        self.tmp.path().join("github_output")
    }

    /// Run action/run.sh as the composite step would: a clean environment holding only what
    /// the runner and action.yml set. `payload` is the event JSON (None: no event file).
    fn run(&self, event: &str, payload: Option<Value>, inputs: &[(&str, &str)]) -> Output {
        self.run_in(&self.repo, event, payload, inputs)
    }

    fn run_in(
        &self,
        workspace: &Path,
        event: &str,
        payload: Option<Value>,
        inputs: &[(&str, &str)],
    ) -> Output {
        let mut c = Command::new("bash");
        c.arg(root().join("action/run.sh"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.tmp.path())
            .env("GIT_CONFIG_GLOBAL", &self.gitconfig)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", event)
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_STEP_SUMMARY", self.summary())
            .env("GITHUB_OUTPUT", self.outputs())
            .env("GITHUB_ACTION_PATH", root())
            .env("RUNNER_TEMP", self.tmp.path().join("runner_temp"))
            .env("JWTLINT_BIN", env!("CARGO_BIN_EXE_jwtlint"))
            .current_dir(self.tmp.path());
        if let Some(p) = payload {
            let path = self.tmp.path().join("event.json");
            std::fs::write(&path, serde_json::to_vec(&p).unwrap()).unwrap();
            c.env("GITHUB_EVENT_PATH", path);
        }
        for (k, v) in inputs {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn pull_request(&self) -> Value {
        json!({
            "action": "synchronize",
            "number": 7,
            "pull_request": {
                "number": 7,
                "base": { "ref": "main", "sha": self.base },
                "head": { "ref": "feature", "sha": git(&self.repo, &self.gitconfig, &["rev-parse", "HEAD"]) }
            }
        })
    }

    /// The GITHUB_OUTPUT file as name → value pairs.
    fn output_values(&self) -> Vec<(String, String)> {
        std::fs::read_to_string(self.outputs())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn both(o: &Output) -> String {
    format!(
        "--- stdout\n{}--- stderr\n{}",
        stdout(o),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The annotation lines (`::error file=...`) jwtlint printed.
fn annotations(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .filter(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
        .map(str::to_string)
        .collect()
}

fn sarif_results(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("the SARIF file is JSON");
    assert_eq!(doc["version"], "2.1.0");
    doc["runs"][0]["results"].as_array().unwrap().clone()
}

#[test]
fn pull_request_reports_only_what_the_pull_request_adds() {
    let r = Runner::new();
    let out = r.run("pull_request", Some(r.pull_request()), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));

    let ann = annotations(&out);
    assert_eq!(ann.len(), 1, "{}", both(&out));
    assert!(
        ann[0].starts_with("::error file=src/auth.js,line=3,"),
        "{}",
        ann[0]
    );
    assert!(
        ann[0].contains("title=jwtlint hardcoded-secret::"),
        "{}",
        ann[0]
    );
    assert!(!stdout(&out).contains("legacy.js"), "{}", both(&out));
    assert!(!both(&out).contains(NEW_SECRET), "secret printed in full");

    let summary = std::fs::read_to_string(r.summary()).unwrap();
    assert!(summary.starts_with("## jwtlint"), "{summary}");
    assert!(summary.contains("| `hardcoded-secret` | 1 |"), "{summary}");
    assert!(summary.contains("`src/auth.js:3`"), "{summary}");
    assert!(!summary.contains("legacy.js"), "{summary}");
    assert!(!summary.contains(NEW_SECRET), "{summary}");
    assert!(
        summary.contains(&r.base),
        "the summary names the base: {summary}"
    );

    assert_eq!(
        r.output_values(),
        [
            ("findings".to_string(), "1".to_string()),
            ("sarif".to_string(), "jwtlint.sarif".to_string())
        ]
    );
    let results = sarif_results(&r.repo.join("jwtlint.sarif"));
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "hardcoded-secret");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/auth.js"
    );
    let sarif_text = std::fs::read_to_string(r.repo.join("jwtlint.sarif")).unwrap();
    assert!(!sarif_text.contains(NEW_SECRET));
}

#[test]
fn fail_on_never_reports_but_passes() {
    let r = Runner::new();
    let out = r.run(
        "pull_request",
        Some(r.pull_request()),
        &[("INPUT_FAIL_ON", "never")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(annotations(&out).len(), 1, "{}", both(&out));
    assert!(r.output_values().contains(&("findings".into(), "1".into())));
}

#[test]
fn push_runs_a_full_scan() {
    let r = Runner::new();
    let payload = json!({ "ref": "refs/heads/feature", "before": r.base });
    let out = r.run("push", Some(payload), &[("INPUT_SARIF", "out/scan.sarif")]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let ann = annotations(&out);
    assert_eq!(ann.len(), 2, "{}", both(&out));
    assert!(
        ann[0].starts_with("::error file=src/auth.js,"),
        "{}",
        ann[0]
    );
    assert!(
        ann[1].starts_with("::error file=src/legacy.js,"),
        "{}",
        ann[1]
    );
    assert!(!both(&out).contains(OLD_SECRET));
    assert_eq!(
        r.output_values(),
        [
            ("findings".to_string(), "2".to_string()),
            ("sarif".to_string(), "out/scan.sarif".to_string())
        ]
    );
    assert_eq!(sarif_results(&r.repo.join("out/scan.sarif")).len(), 2);
    let summary = std::fs::read_to_string(r.summary()).unwrap();
    assert!(summary.contains("| `hardcoded-secret` | 2 |"), "{summary}");
}

#[test]
fn explicit_modes_paths_and_no_sarif() {
    let r = Runner::new();
    // mode: full on a pull request, one path, SARIF switched off.
    let out = r.run(
        "pull_request",
        Some(r.pull_request()),
        &[
            ("INPUT_MODE", "full"),
            ("INPUT_PATHS", "src/legacy.js"),
            ("INPUT_SARIF", ""),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let ann = annotations(&out);
    assert_eq!(ann.len(), 1, "{}", both(&out));
    assert!(
        ann[0].starts_with("::error file=src/legacy.js,"),
        "{}",
        ann[0]
    );
    assert!(!r.repo.join("jwtlint.sarif").exists());
    assert!(r.output_values().contains(&("sarif".into(), String::new())));

    // mode: diff on a push, with the base given as an input and extra arguments.
    std::fs::remove_file(r.outputs()).unwrap();
    let out = r.run(
        "push",
        None,
        &[
            ("INPUT_MODE", "diff"),
            ("INPUT_BASE", r.base.as_str()),
            ("INPUT_ARGS", "--isolated\n--no-keys"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert_eq!(annotations(&out).len(), 1, "{}", both(&out));
    assert!(r.output_values().contains(&("findings".into(), "1".into())));

    // mode: staged sees only what is in the index.
    std::fs::remove_file(r.outputs()).unwrap();
    write(
        &r.repo,
        "src/clean.js",
        "console.log(process.env.JWT_SECRET);\n",
    );
    git(&r.repo, &r.gitconfig, &["add", "src/clean.js"]);
    let out = r.run("workflow_dispatch", None, &[("INPUT_MODE", "staged")]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(annotations(&out).is_empty(), "{}", both(&out));
    assert!(r.output_values().contains(&("findings".into(), "0".into())));
}

#[test]
fn bad_inputs_fail_clearly() {
    let r = Runner::new();
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("INPUT_MODE", "sometimes")],
            "mode must be auto, diff, full or staged",
        ),
        (
            &[("INPUT_FAIL_ON", "info")],
            "fail-on must be error, warning or never",
        ),
        (&[("INPUT_MODE", "diff")], "diff mode needs a base"),
        (
            &[
                ("INPUT_MODE", "diff"),
                ("INPUT_BASE", "--upload-pack=touch pwned"),
            ],
            "looks like an option",
        ),
        (
            &[("INPUT_ARGS", "--format json")],
            "jwtlint stopped with exit status 2",
        ),
    ];
    for (inputs, message) in cases {
        let out = r.run("push", None, inputs);
        assert_eq!(out.status.code(), Some(2), "{inputs:?}: {}", both(&out));
        assert!(both(&out).contains(message), "{inputs:?}: {}", both(&out));
        assert!(annotations(&out).is_empty());
    }
    assert!(!r.outputs().exists(), "no outputs after a failed run");
}

/// actions/checkout's default is a depth-1 clone: the script fetches the base, then the history
/// down to the merge base, and reports only what the branch adds.
#[test]
fn shallow_checkout_fetches_what_diff_needs() {
    let r = Runner::new();
    let origin = r.tmp.path().join("origin.git");
    let clone = r.tmp.path().join("clone");
    git(
        r.tmp.path(),
        &r.gitconfig,
        &[
            "clone",
            "-q",
            "--bare",
            r.repo.to_str().unwrap(),
            "origin.git",
        ],
    );
    let url = format!("file://{}", origin.display());
    git(
        r.tmp.path(),
        &r.gitconfig,
        &[
            "clone", "-q", "--depth", "1", "--branch", "feature", &url, "clone",
        ],
    );
    assert_eq!(
        git(
            &clone,
            &r.gitconfig,
            &["rev-parse", "--is-shallow-repository"]
        ),
        "true"
    );
    let out = r.run_in(&clone, "pull_request", Some(r.pull_request()), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let ann = annotations(&out);
    assert_eq!(ann.len(), 1, "{}", both(&out));
    assert!(
        ann[0].starts_with("::error file=src/auth.js,"),
        "{}",
        ann[0]
    );
    let log = both(&out);
    assert!(log.contains("fetching the base"), "{log}");
    assert!(log.contains("beyond this shallow clone"), "{log}");
    assert_eq!(
        git(
            &clone,
            &r.gitconfig,
            &["rev-parse", "--is-shallow-repository"]
        ),
        "false"
    );

    // A base that origin does not have fails the step; it never falls back to a full scan.
    let missing = "0123456789abcdef0123456789abcdef01234567";
    let payload = json!({ "pull_request": { "base": { "sha": missing } } });
    let out = r.run_in(&clone, "pull_request", Some(payload), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        both(&out).contains("cannot fetch the base"),
        "{}",
        both(&out)
    );
    assert!(annotations(&out).is_empty());
}

/// `version: X.Y.Z` downloads jwtlint-<target>.tar.gz and checks its .sha256; here the
/// "release" is a local folder standing in for GitHub releases.
#[test]
fn released_binary_is_downloaded_and_checked() {
    let r = Runner::new();
    let rel = r.tmp.path().join("releases/v9.9.9");
    let stage = r.tmp.path().join("stage");
    std::fs::create_dir_all(&rel).unwrap();
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_jwtlint"), stage.join("jwtlint")).unwrap();
    let archive = "jwtlint-aarch64-unknown-linux-musl.tar.gz";
    let status = Command::new("tar")
        .arg("-czf")
        .arg(rel.join(archive))
        .arg("-C")
        .arg(&stage)
        .arg("jwtlint")
        .status()
        .unwrap();
    assert!(status.success());
    let sum = Command::new("sha256sum")
        .arg(archive)
        .current_dir(&rel)
        .output()
        .unwrap();
    assert!(sum.status.success());
    std::fs::write(rel.join(format!("{archive}.sha256")), &sum.stdout).unwrap();

    let base_url = format!("file://{}", r.tmp.path().join("releases").display());
    let run = |inputs: &[(&str, &str)]| {
        let mut all = vec![
            ("JWTLINT_BIN", ""),
            ("INPUT_VERSION", "v9.9.9"),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "ARM64"),
            ("JWTLINT_RELEASE_URL", base_url.as_str()),
        ];
        all.extend_from_slice(inputs);
        r.run("push", None, &all)
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert_eq!(annotations(&out).len(), 2, "{}", both(&out));
    assert!(
        r.tmp
            .path()
            .join("runner_temp/jwtlint-action/v9.9.9-aarch64-unknown-linux-musl/jwtlint")
            .is_file()
    );

    // A corrupted archive is refused before it runs.
    std::fs::write(
        rel.join(format!("{archive}.sha256")),
        format!("{} {archive}\n", "0".repeat(64)),
    )
    .unwrap();
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(both(&out).contains("checksum mismatch"), "{}", both(&out));

    // No asset for this platform: a clear error.
    let out = run(&[("RUNNER_ARCH", "X86")]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        both(&out).contains("no released jwtlint binary"),
        "{}",
        both(&out)
    );
}

/// Every `run:` value anywhere in a YAML document.
fn run_blocks(y: &yaml_rust2::Yaml, out: &mut Vec<String>) {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Hash(h) => {
            for (k, v) in h {
                if k.as_str() == Some("run") {
                    out.push(v.as_str().expect("run is a string").to_string());
                }
                run_blocks(v, out);
            }
        }
        Yaml::Array(a) => a.iter().for_each(|v| run_blocks(v, out)),
        _ => {}
    }
}

fn load_yaml(rel: &str) -> yaml_rust2::Yaml {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    yaml_rust2::YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .remove(0)
}

#[test]
fn no_expression_inside_a_run_block() {
    for rel in ["action.yml", ".github/workflows/release.yml"] {
        let doc = load_yaml(rel);
        let mut runs = Vec::new();
        run_blocks(&doc, &mut runs);
        assert!(!runs.is_empty(), "{rel}: no run blocks found");
        for r in runs {
            assert!(!r.contains("${{"), "{rel}: expression in a run block: {r}");
        }
    }
}

#[test]
fn action_metadata_declares_the_documented_interface() {
    let doc = load_yaml("action.yml");
    assert_eq!(doc["runs"]["using"].as_str(), Some("composite"));
    let inputs: Vec<&str> = doc["inputs"]
        .as_hash()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        [
            "paths", "args", "fail-on", "mode", "base", "sarif", "version"
        ]
    );
    let outputs: Vec<&str> = doc["outputs"]
        .as_hash()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(outputs, ["findings", "sarif"]);
    assert_eq!(
        doc["inputs"]["sarif"]["default"].as_str(),
        Some("jwtlint.sarif")
    );
    assert_eq!(doc["inputs"]["mode"]["default"].as_str(), Some("auto"));
    // Every input reaches the script through the scan step's env.
    let scan = doc["runs"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|s| s["id"].as_str() == Some("scan"))
        .expect("a step with id scan");
    for name in inputs {
        let var = format!("INPUT_{}", name.to_uppercase().replace('-', "_"));
        assert_eq!(
            scan["env"][var.as_str()].as_str(),
            Some(format!("${{{{ inputs.{name} }}}}").as_str()),
            "{var}"
        );
    }
    // The README documents every input and output.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## GitHub Action")
        .nth(1)
        .expect("README has a GitHub Action section");
    for name in doc["inputs"]
        .as_hash()
        .unwrap()
        .keys()
        .chain(doc["outputs"].as_hash().unwrap().keys())
    {
        let name = name.as_str().unwrap();
        assert!(
            section.contains(&format!("| `{name}` |")),
            "README lacks `{name}`"
        );
    }
}

#[test]
fn pre_commit_hooks_scan_staged_content_without_file_names() {
    let doc = load_yaml(".pre-commit-hooks.yaml");
    let hooks = doc.as_vec().unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["jwtlint", "jwtlint-system"]);
    for h in hooks {
        assert_eq!(h["entry"].as_str(), Some("jwtlint --staged"));
        assert_eq!(h["pass_filenames"].as_bool(), Some(false));
        assert!(h["types"].is_badvalue() && h["files"].is_badvalue());
        let stages: Vec<&str> = h["stages"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(stages, ["pre-commit", "pre-merge-commit"]);
    }
    assert_eq!(hooks[0]["language"].as_str(), Some("rust"));
    assert_eq!(hooks[1]["language"].as_str(), Some("system"));
}
