//! # stale-secret
//!
//! **What it finds.** With `--history`: a JWT secret in a file tracked at HEAD whose value has not
//! changed for longer than `--max-key-age` (default 90 days), measured from the author time of the
//! oldest commit that contains the same value (moves and renames do not reset it). The secret is
//! already a finding where it sits (hardcoded-secret, env-file-committed, ...), so staleness is a
//! `stale-secret: unchanged for N days` note on that finding: one location, one finding.
//!
//! **Why it matters.** Keys that are never rotated accumulate exposure: every former employee,
//! laptop backup and CI log that ever saw the repository can still sign tokens. Regular rotation
//! bounds the damage of an undetected leak (CWE-324).
//!
//! **Example.** `config/jwt.yml` holds the same `jwt.secret` since a commit 14 months ago.
//!
//! **Instead.** Move the key to a secret store and rotate it on a schedule; support two keys
//! during the switch (verify with both, sign with the new one).
//!
//! **References.** CWE-324 (use of a key past its expiration date), NIST SP 800-57 Part 1 §5.3.
