//! The real binary on temporary folders: exit codes, formats, errors.

use crate::support::bin;
use predicates::prelude::*;

#[test]
fn missing_path_is_exit_2() {
    bin()
        .arg("/definitely/not/here")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or directory"));
}

#[test]
fn clean_tree_is_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.js"), "const jwt = require('jsonwebtoken');\njwt.sign(p, process.env.JWT_SECRET, { algorithm: 'HS256' });\n").unwrap();
    bin()
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
}
