//! # short-key
//!
//! **What it finds.** An HMAC key shorter than its algorithm needs — HS256 32 bytes, HS384 48,
//! HS512 64 — measured in the bytes the library will use (after `Buffer.from(s, 'base64')`,
//! `Decoders.BASE64.decode`, `Convert.FromBase64String`, jjwt's Base64 `String` keys, `bytes.fromhex`,
//! a Kubernetes Secret's base64 `data`), and CSPRNG calls asked for too few bytes
//! (`crypto.randomBytes(16)`, `secrets.token_hex(16)`, `openssl rand -hex 16`). The algorithm comes
//! from the sign/verify options when given, else the library default (HS256 for most).
//!
//! **Why it matters.** RFC 7518 §3.2: "A key of the same size as the hash output (for instance,
//! 256 bits for HS256) or larger MUST be used with this algorithm." Short keys make offline
//! cracking of a captured token practical (hashcat mode 16500). Several libraries now reject them
//! at runtime (PyJWT ≥ 2.11 warns, jjwt, nimbus, php-jwt ≥ 7, lcobucci ≥ 4.2, Microsoft
//! IdentityModel IDX10720), so a short key also breaks on upgrade (CWE-326).
//!
//! **Example.**
//!
//! ```js
//! jwt.sign(payload, crypto.randomBytes(16).toString('hex'), { algorithm: 'HS512' });
//! ```
//!
//! **Instead.** Use at least as many random bytes as the hash output: `crypto.randomBytes(64)` for
//! HS512, `openssl rand -hex 32` for HS256.
//!
//! **References.** RFC 7518 §3.2, CWE-326 (inadequate encryption strength).

use super::{Ctx, Hit, ValueFacts};
use crate::engine::SecretUse;
use crate::finding::{Fix, RuleId};
use crate::judge::ValueClass;
use crate::ruleset::GenKind;
use crate::value::OKind;

pub fn check(u: &SecretUse, v: &ValueFacts, ctx: &Ctx) -> Option<Hit> {
    let alg = v.alg?;
    let need = alg.min_key_bytes()?;
    let need = ctx.min_bytes(alg).unwrap_or(need);
    let (have, subject) = match &u.origin.kind {
        OKind::Lit(_) if v.class == ValueClass::Secret => (
            v.bytes,
            format!("HMAC key \"{}\" is {} bytes", v.masked, v.bytes),
        ),
        OKind::Gen {
            kind: GenKind::Csprng,
            name,
            bytes: Some(b),
        } => (
            *b as usize,
            format!(
                "`{}` makes a {b}-byte key",
                super::call_display(name, Some(*b))
            ),
        ),
        _ => return None,
    };
    if have >= need {
        return None;
    }
    let mut message = format!(
        "{subject}; {} needs at least {need} (RFC 7518 §3.2)",
        alg.name()
    );
    if let Some(check) = u.sinks.iter().find_map(|s| {
        s.key_length_check
            .as_ref()
            .map(|c| (s.library.clone(), c.clone()))
    }) {
        // The library's own sentence may already name it ("PyJWT only warns ...").
        if check.1.starts_with(check.0.as_str()) {
            message.push_str(&format!(": {}", check.1));
        } else {
            message.push_str(&format!(": {} {}", check.0, check.1));
        }
    }
    let generated = matches!(u.origin.kind, OKind::Gen { .. });
    Some(Hit {
        rule: RuleId::ShortKey,
        message,
        note: format!(
            "it is {have} bytes, below the {need} bytes {} needs (RFC 7518 §3.2)",
            alg.name()
        ),
        fix: Fix {
            description: if generated {
                format!(
                    "ask the CSPRNG for at least {need} bytes: `{}`",
                    super::strong_generator(ctx, need)
                )
            } else {
                format!("use a random key of at least {need} bytes from {}", v.env)
            },
            replacement: Some(if generated {
                super::strong_generator(ctx, need)
            } else {
                crate::fix::env_read(ctx.cat, &v.env)
            }),
            env: Some(crate::fix::env_line(&v.env, need, ctx.keys)),
            commands: crate::fix::commands(need, ctx.cat),
            edit: None,
        },
        severity: None,
    })
}
