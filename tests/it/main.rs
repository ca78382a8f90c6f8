//! jwtlint's one integration-test crate: fixtures, rule-data examples, the CLI, git modes, the
//! GitHub Action's script and the pre-commit hooks.

#[cfg(unix)]
mod action;
mod cli;
mod fixtures;
mod git;
#[cfg(unix)]
mod precommit;
mod support;
