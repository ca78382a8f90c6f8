//! # none-algorithm
//!
//! **What it finds.** The `none` algorithm accepted or used: `'none'` in an algorithms list or as
//! the signing algorithm, jose `UnsecuredJWT`, golang-jwt `SigningMethodNone` /
//! `UnsafeAllowNoneSignatureType`, auth0 `Algorithm.none()`, nimbus `PlainJWT`, jjwt `.unsecured()`,
//! ruby-jwt `JWT.encode(p, nil, 'none')`, .NET `RequireSignedTokens = false` or a
//! `SignatureValidator` that always succeeds, and jsonwebtoken `verify` called without a key.
//!
//! **Why it matters.** A token with `"alg": "none"` has no signature: anyone can write one with any
//! claims and the server accepts it (CWE-347, CWE-327).
//!
//! **Example.**
//!
//! ```js
//! jwt.verify(token, secret, { algorithms: ['HS256', 'none'] });
//! ```
//!
//! **Instead.** Allow exactly the algorithm you sign with: `{ algorithms: ['HS256'] }`.
//!
//! **References.** CWE-347, CWE-327, RFC 8725 §2.1 and §3.1, RFC 7518 §3.6.

use super::Hit;
use crate::finding::{Fix, RuleId};

pub fn hit(message: &str, fix: &str) -> Hit {
    Hit {
        rule: RuleId::NoneAlgorithm,
        message: message.to_string(),
        note: String::new(),
        fix: Fix {
            description: fix.to_string(),
            replacement: None,
            env: None,
            commands: Vec::new(),
            edit: None,
        },
        severity: None,
    }
}
