//! # weak-key
//!
//! **What it finds.** A JWT secret that can be guessed: a published secret (jwt.io's
//! `your-256-bit-secret`, framework documentation keys, `changeme`, `secret`, `tobemodified`,
//! the FastAPI and jose tutorial keys), or a value zxcvbn rates as guessable — dictionary words,
//! names and years, keyboard runs, repeats, l33t spellings, placeholder phrases
//! (`your-secret-key-here`). In `.env` files this is the finding itself; in code it is a note on
//! hardcoded-secret or fallback-secret.
//!
//! **Why it matters.** An HS256 token is an offline password hash: one captured token lets an
//! attacker try wordlists at billions of guesses per second (hashcat mode 16500, jwt_tool -C).
//! Public wordlists of JWT secrets (wallarm/jwt-secrets, 100k entries) are tried first
//! (CWE-521, CWE-798).
//!
//! **Example.**
//!
//! ```sh
//! JWT_SECRET=supersecretkey2024
//! ```
//!
//! **Instead.** Generate the key: `openssl rand -hex 32` (HS256), `openssl rand -hex 64` (HS512).
//!
//! **References.** CWE-521 (weak password requirements), CWE-798, RFC 7518 §3.2,
//! https://github.com/wallarm/jwt-secrets.

use super::{Ctx, Hit, ValueFacts};
use crate::engine::SecretUse;
use crate::finding::{Fix, RuleId};
use crate::judge::ValueClass;
use crate::value::OKind;

pub fn check(u: &SecretUse, v: &ValueFacts, ctx: &Ctx) -> Option<Hit> {
    if !matches!(u.origin.kind, OKind::Lit(_)) || v.class != ValueClass::Secret {
        return None;
    }
    let reason = v.weakness.as_ref()?;
    let subject = match &u.name {
        Some(n) => format!("`{n}` holds a guessable secret \"{}\"", v.masked),
        None => format!("JWT secret \"{}\" is guessable", v.masked),
    };
    Some(Hit {
        rule: RuleId::WeakKey,
        message: format!("{subject}: {reason}"),
        note: format!("it is guessable: {reason}"),
        fix: Fix {
            description: format!("replace it with a random key of at least {} bytes", v.need),
            replacement: None,
            env: Some(crate::fix::env_line(&v.env, v.need, ctx.keys)),
            commands: crate::fix::commands(v.need, ctx.cat),
            edit: None,
        },
        severity: None,
    })
}
