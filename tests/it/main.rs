//! jwtlint's one integration-test crate: fixtures, rule-data examples, the CLI.

mod cli;
mod fixtures;
mod guarantees;
mod hostile;
mod props;
mod support;
