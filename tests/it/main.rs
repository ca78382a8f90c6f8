//! jwtlint's one integration-test crate: fixtures, rule-data examples, the CLI, the GitHub
//! Action's script and the pre-commit hooks.

#[cfg(unix)]
mod action;
mod cli;
mod fixtures;
#[cfg(unix)]
mod precommit;
mod support;
