//! jwtlint's one integration-test crate: fixtures, rule-data examples, the CLI, git modes, the
//! GitHub Action's script, the pre-commit hooks and snapshots of the human output.

#[cfg(unix)]
mod action;
mod cli;
mod fixtures;
mod git;
mod guarantees;
mod hostile;
#[cfg(unix)]
mod precommit;
mod props;
mod snapshots;
mod support;
