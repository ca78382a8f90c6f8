//! # hardcoded-secret
//!
//! **What it finds.** A literal string (or bytes) used as a JWT HMAC secret or signing key: passed
//! to a signing or verifying call (`jwt.sign(payload, 'mysecret')`), assigned to a secret-named
//! binding (`const JWT_SECRET = '...'`, `jwtSecret: '...'`, `app.config['JWT_SECRET_KEY'] = '...'`),
//! or committed under a secret-named key in a configuration file (`jwt.secret` in
//! `application.yml`, `Jwt:Key` in `appsettings.json`, `JWT_SECRET` in docker-compose or a
//! Kubernetes Secret).
//!
//! **Why it matters.** Anyone who can read the repository, a build artifact or a container image
//! can mint valid tokens for any user. The key cannot be rotated without a release and stays in
//! git history forever (CWE-798, CWE-321).
//!
//! **Example.**
//!
//! ```js
//! const token = jwt.sign({ sub: user.id }, 'mysecretkey');
//! ```
//!
//! **Instead.** Read the key from the environment or a secret store and fail at start-up when it
//! is missing; generate it with a CSPRNG (`openssl rand -hex 32`); rotate the old one.
//!
//! ```js
//! const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { algorithm: 'HS256' });
//! ```
//!
//! **References.** CWE-798 (hard-coded credentials), CWE-321 (hard-coded cryptographic key),
//! RFC 7518 §3.2.

use super::{Ctx, Hit, ValueFacts, Where};
use crate::engine::SecretUse;
use crate::finding::{Fix, RuleId};
use crate::judge::ValueClass;
use crate::value::OKind;

pub fn check(u: &SecretUse, v: &ValueFacts, ctx: &Ctx) -> Option<Hit> {
    if !matches!(u.origin.kind, OKind::Lit(_)) || u.origin.fallback.is_some() {
        return None;
    }
    // A developer's `.env` is judged by env-file-committed, weak-key and short-key; a template
    // (`.env.example`) that ships a real-looking key hands it to everyone who copies it.
    if !matches!(v.class, ValueClass::Secret | ValueClass::PrivateKey)
        || (ctx.is_dotenv() && !ctx.template)
    {
        return None;
    }
    let what = if v.class == ValueClass::PrivateKey {
        "private key".to_string()
    } else {
        format!("JWT secret \"{}\" ({} bytes)", v.masked, v.bytes)
    };
    let message = match v.place(u, ctx) {
        Where::Sink(callee) => format!("hardcoded {what} is the key of `{callee}`"),
        Where::Name(name) if ctx.template => format!(
            "the template ships a real-looking {what} under `{name}`: everyone who copies it uses this key"
        ),
        Where::Name(name) if ctx.format.is_some() => format!("{what} is committed under `{name}`"),
        Where::Name(name) => format!("hardcoded {what} in `{name}`"),
        Where::Unknown => format!("hardcoded {what}"),
    };
    let env = v.env.clone();
    let replacement = if ctx.format.is_some() {
        crate::fix::config_reference(
            ctx.format.unwrap_or(crate::lang::ConfigFormat::Yaml),
            &env,
            ctx.path,
        )
    } else {
        crate::fix::env_read(ctx.cat, &env)
    };
    Some(Hit {
        rule: RuleId::HardcodedSecret,
        message,
        note: "the value is hardcoded where it is committed".into(),
        fix: Fix {
            description: format!(
                "read the key from the environment ({env}) or a secret store instead of the repository, and rotate the exposed key: it stays in git history"
            ),
            replacement: Some(replacement),
            env: Some(crate::fix::env_line(&env, v.need, ctx.keys)),
            commands: crate::fix::commands(v.need, ctx.cat),
            edit: if v.class == ValueClass::PrivateKey {
                None
            } else {
                Some((u.origin.span.start as usize, u.origin.span.end as usize))
            },
        },
        severity: None,
    })
}
