//! # missing-algorithms
//!
//! **What it finds.** A verify or decode call without an explicit algorithms allow-list, for the
//! libraries where the omission is unsafe or version-dependent: jsonwebtoken `verify` (≤ 8 takes
//! the algorithm from the token header, CVE-2022-23540), jwt-simple `decode` (header `alg`
//! chosen), fast-jwt `createVerifier` (all algorithms accepted), jose `jwtVerify` (any algorithm
//! that fits the key; reported as a warning), python-jose `jwt.decode` (any algorithm),
//! golang-jwt `Parse` without `WithValidMethods` and without a method check in the key function,
//! go-jose v2/v3 `ParseSigned`, .NET `TokenValidationParameters` without `ValidAlgorithms`.
//! Libraries that fail closed (PyJWT 2, express-jwt ≥ 6, ruby-jwt ≥ 2, Rust jsonwebtoken,
//! php-jwt ≥ 6, auth0 java-jwt, go-jose v4) are not reported.
//!
//! **Why it matters.** When the token chooses its own algorithm, an attacker can pick `none`, or
//! sign with HMAC using the server's public key as the secret (algorithm confusion), and the
//! signature check passes (CWE-347, CWE-757).
//!
//! **Example.**
//!
//! ```js
//! const claims = jwt.verify(token, process.env.JWT_SECRET);
//! ```
//!
//! **Instead.**
//!
//! ```js
//! const claims = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
//! ```
//!
//! **References.** CWE-347 (improper verification of cryptographic signature), CWE-757,
//! CVE-2022-23540, RFC 8725 §3.1 (JWT BCP: perform algorithm verification).

use super::Hit;
use crate::finding::{Fix, RuleId, Severity};

pub fn hit(callee: &str, library: &str, note: &str, severity: Severity, fix: &str) -> Hit {
    Hit {
        rule: RuleId::MissingAlgorithms,
        message: format!("`{callee}` verifies without an explicit algorithms allow-list"),
        note: format!("{library}: {note}"),
        fix: Fix {
            description: fix.to_string(),
            replacement: None,
            env: None,
            commands: Vec::new(),
            edit: None,
        },
        severity: Some(severity),
    }
}
