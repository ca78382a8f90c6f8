//! # env-file-committed
//!
//! **What it finds.** A dotenv file (`.env`, `.env.local`, `.env.production`, `*.env`) holding a
//! JWT secret that git tracks, that is staged, or that sits in a work tree without being ignored
//! (so `git add .` would commit it). Templates (`.env.example`, `.sample`, `.template`, `.dist`)
//! are only reported when they hold a real-looking key rather than a placeholder. A local `.env`
//! that `.gitignore` covers is not this rule (weak-key and short-key still apply to it).
//!
//! **Why it matters.** A committed `.env` publishes the key to everyone with read access to the
//! repository, its forks and its history; removing the file later does not remove it from history
//! (CWE-798, CWE-538).
//!
//! **Example.**
//!
//! ```sh
//! $ git ls-files .env
//! .env            # JWT_SECRET=8f3b2c1d...
//! ```
//!
//! **Instead.** `git rm --cached .env`, add `.env` to `.gitignore`, commit a `.env.example` with
//! placeholders, and rotate the key (it stays in history): `jwtlint keygen --env JWT_SECRET`.
//!
//! **References.** CWE-798, CWE-538 (insertion of sensitive information into externally-accessible
//! file), https://12factor.net/config.

use super::{Ctx, Hit, ValueFacts};
use crate::engine::SecretUse;
use crate::finding::{Fix, RuleId};
use crate::judge::ValueClass;
use crate::value::OKind;

/// Whether git has, or would take, the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GitStatus {
    /// Tracked, staged or part of a commit being scanned.
    Committed,
    /// In a work tree, not ignored, not tracked: `git add .` would commit it.
    Unignored,
    /// Ignored (and untracked), or not in a repository.
    Local,
}

pub fn check(u: &SecretUse, v: &ValueFacts, ctx: &Ctx) -> Option<Hit> {
    if !ctx.is_dotenv() || u.origin.fallback.is_some() || !matches!(u.origin.kind, OKind::Lit(_)) {
        return None;
    }
    let status = ctx.git?;
    if status == GitStatus::Local || !matches!(v.class, ValueClass::Secret | ValueClass::PrivateKey)
    {
        return None;
    }
    let file = ctx.path.rsplit('/').next().unwrap_or(ctx.path);
    let name = u.name.clone().unwrap_or_else(|| "a JWT secret".into());
    let message = match status {
        GitStatus::Committed => format!(
            "`{file}` is committed to git and holds the JWT secret `{name}` (\"{}\")",
            v.masked
        ),
        _ => format!(
            "`{file}` is not ignored by git: `git add .` would commit the JWT secret `{name}` (\"{}\")",
            v.masked
        ),
    };
    Some(Hit {
        rule: RuleId::EnvFileCommitted,
        message,
        note: format!(
            "`{file}` is {} by git",
            if status == GitStatus::Committed {
                "tracked"
            } else {
                "not ignored"
            }
        ),
        fix: Fix {
            description: format!(
                "run `git rm --cached {file}`, add `{file}` to .gitignore, commit a `.env.example` with placeholders instead, and rotate the key: it stays in git history"
            ),
            replacement: None,
            env: Some(crate::fix::env_line(&v.env, v.need, ctx.keys)),
            commands: crate::fix::commands(v.need, ctx.cat),
            edit: None,
        },
        severity: None,
    })
}
