//! # unverified-decode
//!
//! **What it finds.** A token decoded without signature verification whose claims are then used:
//! jsonwebtoken `jwt.decode`, jose `decodeJwt`, jwt-decode `jwtDecode` in server code, jwt-simple
//! `decode(t, k, true)`, PyJWT `options={"verify_signature": False}` (or 1.x `verify=False`),
//! python-jose `get_unverified_claims`, golang-jwt `ParseUnverified`, lestrrat-go/jwx
//! `ParseInsecure` / `WithVerify(false)`, go-jose `UnsafeClaimsWithoutVerification`, auth0
//! `JWT.decode`, .NET `ReadJwtToken`, ruby-jwt `JWT.decode(t, nil, false)`, Rust
//! `dangerous::insecure_decode`. Not reported: header-only peeks (`decode(t, { complete: true })`
//! to read `kid`, `get_unverified_header`, `decodeProtectedHeader`), reading only `exp`, a decode
//! followed by a verify of the same token in the same function, and browser code (it has no key).
//!
//! **Why it matters.** Decoded-but-unverified claims are attacker-controlled: changing `sub` or
//! `role` in the payload is enough to become another user (CWE-347, CWE-345).
//!
//! **Example.**
//!
//! ```js
//! const { sub } = jwt.decode(req.headers.authorization.slice(7));
//! const user = await User.findById(sub);
//! ```
//!
//! **Instead.** Verify first, with an explicit algorithm, and use only the verified claims:
//! `jwt.verify(token, secret, { algorithms: ['HS256'] })`.
//!
//! **References.** CWE-347, CWE-345 (insufficient verification of data authenticity), RFC 8725 §3.

use super::Hit;
use crate::finding::{Fix, RuleId};

pub fn hit(callee: &str, fix: &str, explicit: bool) -> Hit {
    let message = if explicit {
        format!(
            "`{callee}` is told not to verify the signature: the claims are attacker-controlled"
        )
    } else {
        format!(
            "`{callee}` reads the token without verifying its signature and the claims are used"
        )
    };
    Hit {
        rule: RuleId::UnverifiedDecode,
        message,
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
