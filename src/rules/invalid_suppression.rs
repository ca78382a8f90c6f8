//! # invalid-suppression
//!
//! **What it finds.** A `jwtlint:ignore` comment that cannot be honoured as written: it names no
//! rule (`jwtlint:ignore` alone), names a rule that does not exist, or gives no reason
//! (`jwtlint:ignore[hardcoded-secret]` with nothing after it).
//!
//! **Why it matters.** Suppressions are security exceptions. One that silences everything, or
//! that nobody can review because it says nothing about why, hides the next real finding on that
//! line.
//!
//! **Example.**
//!
//! ```js
//! const key = 'test-only-key'; // jwtlint:ignore[hardcoded-secret]
//! ```
//!
//! **Instead.** Name the rule and say why: `// jwtlint:ignore[hardcoded-secret] fixture key for
//! unit tests, never deployed`.
//!
//! **References.** jwtlint README, "Suppressions".
