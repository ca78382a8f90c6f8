//! # unused-suppression
//!
//! **What it finds.** With `--report-unused-ignores`: a `jwtlint:ignore[rule]` comment that no
//! longer matches any finding on its line or the line below.
//!
//! **Why it matters.** Stale suppressions outlive the code they excused and silently swallow the
//! next finding that appears on that line.
//!
//! **Example.** `// jwtlint:ignore[hardcoded-secret] demo key` above a line that now reads the key
//! from the environment.
//!
//! **Instead.** Delete the comment.
//!
//! **References.** jwtlint README, "Suppressions".
