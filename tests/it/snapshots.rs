//! Snapshots of the human output: one finding per rule per language, taken from the labeled
//! fixtures (the first finding of each rule in each fixture folder, in report order). A change to
//! a message, a note, a help line or the snippet layout shows up here for review
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test` to accept).

use crate::support::{bin, files_under, root};
use std::collections::BTreeMap;
use std::path::Path;

/// Human diagnostics of a folder, split into one block per finding. The folder is copied out of
/// the repository first, so whether the checkout is a git work tree changes nothing.
fn blocks(folder: &str) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let src = root().join(folder);
    for f in files_under(&src) {
        let to = tmp.path().join(folder).join(f.strip_prefix(&src).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&f, &to).unwrap();
    }
    let out = bin()
        .current_dir(tmp.path())
        .args([
            "--no-keys",
            "--isolated",
            "--include-tests",
            "--color",
            "never",
            "-j",
            "1",
        ])
        .arg(Path::new(folder))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut blocks: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with("error[") || line.starts_with("warning[") {
            blocks.push(String::new());
        }
        if line.starts_with("jwtlint: ") {
            break;
        }
        if let Some(b) = blocks.last_mut() {
            b.push_str(line);
            b.push('\n');
        }
    }
    blocks.iter().map(|b| b.trim_end().to_string()).collect()
}

#[test]
fn one_finding_per_rule_per_language() {
    let mut names = Vec::new();
    for dir in std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .flatten()
    {
        if dir.path().is_dir() {
            names.push(dir.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    let mut taken = 0;
    for lang in names {
        let mut first: BTreeMap<String, String> = BTreeMap::new();
        for b in blocks(&format!("fixtures/{lang}")) {
            let rule = b[b.find('[').unwrap() + 1..b.find(']').unwrap()].to_string();
            first.entry(rule).or_insert(b);
        }
        for (rule, block) in first {
            insta::assert_snapshot!(format!("{lang}__{rule}"), block);
            taken += 1;
        }
    }
    assert!(
        taken >= 40,
        "only {taken} snapshots: the fixtures lost findings"
    );
}
