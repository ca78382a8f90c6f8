//! # fallback-secret
//!
//! **What it finds.** A configuration lookup for a JWT secret with a hardcoded default:
//! `process.env.JWT_SECRET || 'dev'`, `process.env.JWT_SECRET ?? 'dev'`,
//! `configService.get('JWT_SECRET', 'dev')`, `os.getenv('JWT_SECRET', 'dev')`,
//! `ENV.fetch('JWT_SECRET', 'dev')`, `env('JWT_SECRET', 'changeme')`,
//! `env::var("JWT_SECRET").unwrap_or("dev".into())`, `${JWT_SECRET:dev}` in Spring or compose
//! files, destructuring and parameter defaults (`const { JWT_SECRET = 'dev' } = process.env`).
//!
//! **Why it matters.** When the variable is missing in one environment (a new deployment, a
//! renamed secret, a CI job) the service starts anyway and signs tokens with a key that is in the
//! repository. Nothing fails, so nobody notices (CWE-798, CWE-1188).
//!
//! **Example.**
//!
//! ```js
//! const secret = process.env.JWT_SECRET || 'dev-secret';
//! ```
//!
//! **Instead.** Drop the default and fail at start-up:
//!
//! ```js
//! const secret = process.env.JWT_SECRET;
//! if (!secret) throw new Error('JWT_SECRET is not set');
//! ```
//!
//! **References.** CWE-798, CWE-1188 (insecure default initialization of a resource).

use super::{Ctx, Hit, ValueFacts};
use crate::engine::SecretUse;
use crate::finding::{Fix, RuleId};
use crate::judge::ValueClass;
use crate::value::OKind;

pub fn check(u: &SecretUse, v: &ValueFacts, ctx: &Ctx) -> Option<Hit> {
    let fb = u.origin.fallback.as_ref()?;
    let empty = matches!(u.origin.kind, OKind::Falsy);
    if !empty
        && (!matches!(u.origin.kind, OKind::Lit(_))
            || !matches!(v.class, ValueClass::Secret | ValueClass::PrivateKey))
    {
        return None;
    }
    let of = fb.of.clone().or_else(|| u.name.clone());
    if empty {
        let name = of.unwrap_or_else(|| "the JWT secret".into());
        return Some(Hit {
            rule: RuleId::FallbackSecret,
            message: format!(
                "`{name}` falls back to an empty key when it is unset: anyone can sign valid tokens"
            ),
            note: format!("it falls back to an empty key when `{name}` is unset"),
            fix: Fix {
                description: format!(
                    "fail at start-up when {} is unset instead of using an empty key",
                    v.env
                ),
                replacement: Some(crate::fix::env_read(ctx.cat, &v.env)),
                env: Some(crate::fix::env_line(&v.env, v.need, ctx.keys)),
                commands: crate::fix::commands(v.need, ctx.cat),
                edit: None,
            },
            severity: None,
        });
    }
    let message = match &of {
        Some(name) => format!(
            "`{name}` falls back to the hardcoded secret \"{}\" ({} bytes) when it is unset",
            v.masked, v.bytes
        ),
        None => format!(
            "the JWT secret falls back to the hardcoded value \"{}\" ({} bytes) when the lookup is empty",
            v.masked, v.bytes
        ),
    };
    let env = v.env.clone();
    let replacement = if ctx.format.is_some() {
        crate::fix::config_reference(
            ctx.format.unwrap_or(crate::lang::ConfigFormat::Yaml),
            &env,
            ctx.path,
        )
    } else {
        match ctx.cat {
            Some(c) if !c.fix.env_read_required.is_empty() => {
                c.fix.env_read_required.replace("{ENV}", &env)
            }
            _ => crate::fix::env_read(ctx.cat, &env),
        }
    };
    Some(Hit {
        rule: RuleId::FallbackSecret,
        message,
        note: match &of {
            Some(n) => format!("it is the fallback used when `{n}` is unset"),
            None => "it is a fallback default of a configuration lookup".into(),
        },
        fix: Fix {
            description: format!(
                "remove the default and fail at start-up when {env} is unset; set {env} in every environment"
            ),
            replacement: Some(replacement),
            env: Some(crate::fix::env_line(&env, v.need, ctx.keys)),
            commands: crate::fix::commands(v.need, ctx.cat),
            edit: None,
        },
        severity: None,
    })
}
