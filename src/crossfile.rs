//! Keys defined in one file and used in another: a `SecurityConstants.SECRET` read by
//! `Algorithm.HMAC512(SECRET.getBytes())` in a filter, a `module.exports = { secret: '...' }`
//! read as `config.secret` by `jwt.sign`, a Go package constant used from a sibling file.
//!
//! Each code file contributes the secret-like string constants it defines (`Export`) and the
//! signing keys it could not resolve (`KeyRef`, with the class, module or package qualifier the
//! code names). After the scan, a reference that matches exactly one value (by qualifier and
//! name; unqualified names only within the same folder, as Go packages are) turns the constant
//! into a hardcoded-secret finding at the place it is written.

use crate::engine::CodeCtx;
use crate::facts::{BindingKind, Expr, ExprId};
use crate::finding::{Finding, Fix, RuleId, SecretRef, Severity};
use crate::judge::{ValueClass, classify};
use crate::ruleset::{Role, any_match};
use crate::text::LineIndex;
use crate::value::{Eval, OKind};

/// A secret-like string constant a file defines where other files can read it.
#[derive(Debug, Clone)]
pub struct Export {
    pub path: String,
    /// Class or module names it is reachable through (`SecurityConstants`, `config`).
    pub qualifiers: Vec<String>,
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub masked: String,
    pub chars: usize,
    pub bytes: usize,
    pub hash: String,
    pub spans: Vec<(usize, usize)>,
}

/// A signing or verifying key this file reads from elsewhere.
#[derive(Debug, Clone)]
pub struct KeyRef {
    pub path: String,
    pub line: usize,
    pub qualifier: Option<String>,
    pub name: String,
    pub callee: String,
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn stem(path: &str) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.split('.').next().unwrap_or(file).to_string()
}

/// Names worth exporting: some word says secret, key or signing.
fn keyish(name: &str) -> bool {
    crate::names::split_words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "secret"
                | "key"
                | "signing"
                | "jwt"
                | "hmac"
                | "passphrase"
                | "secretkey"
                | "jwtsecret"
        )
    })
}

/// What one code file offers and needs.
pub fn collect(ev: &Eval, ctx: &CodeCtx, li: &LineIndex) -> (Vec<Export>, Vec<KeyRef>) {
    let (facts, src) = (ev.f, ev.src);
    ev.renew_budget();
    let file_scope = src.len() as u32;
    let mut exports = Vec::new();
    for b in &facts.bindings {
        if b.kind != BindingKind::Assign && b.kind != BindingKind::Field {
            continue;
        }
        let name = match b.path.as_slice() {
            [n] => n,
            [m, e, n] if m == "module" && e == "exports" => n,
            [e, n] if e == "exports" || e == "default" => n,
            _ => continue,
        };
        if !keyish(name) {
            continue;
        }
        let class = facts
            .classes
            .iter()
            .filter(|c| c.body.contains(b.key_span))
            .max_by_key(|c| c.body.start);
        // Module level or a class member: what other files can name.
        let top = b.scope.start == 0 && b.scope.end >= file_scope;
        if !top && class.is_none() && b.path.len() == 1 {
            continue;
        }
        let origins = ev.eval(b.value);
        let [o] = origins.as_slice() else { continue };
        let OKind::Lit(lit) = &o.kind else { continue };
        if o.fallback.is_some() || classify(&lit.text) != ValueClass::Secret {
            continue;
        }
        let chars = lit.text.chars().count();
        if !(4..=512).contains(&chars) {
            continue;
        }
        let (start, end) = (o.span.start as usize, o.span.end as usize);
        let (line, column) = li.line_col(src, start);
        let (end_line, end_column) = li.line_col(src, end);
        let mut qualifiers = vec![stem(ctx.path)];
        if let Some(c) = class {
            qualifiers.push(c.name.clone());
        }
        exports.push(Export {
            path: ctx.path.to_string(),
            qualifiers,
            name: name.clone(),
            start,
            end,
            line,
            column,
            end_line,
            end_column,
            masked: crate::finding::mask(&lit.text),
            chars,
            bytes: lit.text.len(),
            hash: crate::rules::hex_sha256(&lit.text),
            spans: lit
                .masks
                .iter()
                .map(|m| (m.start as usize, m.end as usize))
                .collect(),
        });
    }

    let mut refs = Vec::new();
    let active: Vec<_> = ctx
        .cat
        .libraries
        .iter()
        .filter(|l| crate::engine::library_active(l, facts))
        .collect();
    // Without an active library no call can match: skip canonicalising every call.
    let calls: &[ExprId] = if active.is_empty() { &[] } else { &facts.calls };
    for &call in calls {
        let Expr::Call { callee, .. } = facts.expr(call) else {
            continue;
        };
        let canon = ev.canonical(*callee);
        for lib in &active {
            for spec in &lib.calls {
                if !matches!(
                    spec.role,
                    Role::Sign | Role::Verify | Role::Config | Role::Key
                ) || !any_match(&spec.callee, &canon)
                {
                    continue;
                }
                let Some(ksel) = &spec.key else { continue };
                for s in ev.select(call, ksel) {
                    let crate::value::Sel::Expr(k) = s else {
                        continue;
                    };
                    if !ev.eval(k).iter().all(|o| matches!(o.kind, OKind::Unknown)) {
                        continue;
                    }
                    if let Some((qualifier, name)) = root_name(ev, k, 0) {
                        refs.push(KeyRef {
                            path: ctx.path.to_string(),
                            line: li.line_col(src, facts.span(k).start as usize).0,
                            qualifier,
                            name,
                            callee: ev.text(*callee).split_whitespace().collect(),
                        });
                    }
                }
            }
        }
    }
    (exports, refs)
}

/// The constant a key expression reads: `SECRET`, `SecurityConstants.SECRET`,
/// `SECRET.getBytes()`, `Encoding.UTF8.GetBytes(Constants.Secret)`, `config.secret` (with
/// `config = require('./config')`), `[]byte(jwtKey)`.
fn root_name(ev: &Eval, id: ExprId, depth: u32) -> Option<(Option<String>, String)> {
    if depth > 6 {
        return None;
    }
    let f = ev.f;
    match f.expr(id) {
        Expr::Ident(n) => {
            let bs = ev.ident_bindings(n, f.span(id));
            if bs.is_empty() {
                // A name imported from another module: `from app.config import JWT_SECRET`,
                // `import static ...SecurityConstants.SECRET`.
                let target = f
                    .imports
                    .iter()
                    .find(|i| &i.local == n)
                    .map(|i| i.target.clone());
                return Some(match target {
                    Some(t) => {
                        let parts: Vec<&str> = t.split(['.', '/', '\\', ':']).collect();
                        let q = parts.iter().rev().nth(1).map(|s| s.to_string());
                        (q, parts.last().unwrap_or(&n.as_str()).to_string())
                    }
                    None => (None, n.clone()),
                });
            }
            // `const { secret } = require('./config')`
            if let [b] = bs.as_slice()
                && let Expr::Member { obj, name, .. } = f.expr(b.value)
                && let Some(m) = module_of(ev, *obj)
            {
                return Some((Some(m), name.clone()));
            }
            None
        }
        Expr::Member { obj, name, .. } => {
            if let Expr::Ident(o) = f.expr(*obj) {
                if let Some(m) = module_of(ev, *obj) {
                    return Some((Some(m), name.clone()));
                }
                if ev.ident_bindings(o, f.span(*obj)).is_empty()
                    && !matches!(o.as_str(), "this" | "self" | "$this" | "process" | "os")
                {
                    let q = f
                        .imports
                        .iter()
                        .find(|i| &i.local == o)
                        .map(|i| stem_of_target(&i.target))
                        .unwrap_or_else(|| o.clone());
                    return Some((Some(q), name.clone()));
                }
            }
            None
        }
        Expr::Call { callee, args, .. } => {
            // `app.get('superSecret')` reads what `app.set('superSecret', config.secret)` wrote.
            if let Some(v) = ev.stored_value(id) {
                return root_name(ev, v, depth + 1);
            }
            // A method on the value (`SECRET.getBytes()`), else a wrapper's first argument.
            if let Expr::Member { obj, .. } = f.expr(*callee)
                && let Some(r) = root_name(ev, *obj, depth + 1)
            {
                return Some(r);
            }
            args.first().and_then(|a| root_name(ev, a.value, depth + 1))
        }
        _ => None,
    }
}

/// The local module an identifier stands for (`config` bound to `require('./config')` or
/// imported from `./config`), as the module's file stem.
fn module_of(ev: &Eval, id: ExprId) -> Option<String> {
    let f = ev.f;
    let Expr::Ident(n) = f.expr(id) else {
        return None;
    };
    if let Some(i) = f.imports.iter().find(|i| &i.local == n)
        && (i.target.starts_with('.') || i.target.starts_with("@/") || i.target.starts_with("~/"))
    {
        return Some(stem_of_target(&i.target));
    }
    let bs = ev.ident_bindings(n, f.span(id));
    if let [b] = bs.as_slice()
        && let Expr::Call { callee, args, .. } = f.expr(b.value)
        && matches!(f.expr(*callee), Expr::Ident(r) if r == "require")
        && let Some(m) = args.first().and_then(|a| f.as_str(a.value))
        && m.starts_with('.')
    {
        return Some(stem_of_target(m));
    }
    None
}

fn stem_of_target(t: &str) -> String {
    let last = t
        .trim_end_matches('/')
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(t);
    let last = last.split('.').next().unwrap_or(last);
    if last == "index" {
        // `./config/index.js` is imported as `./config`.
        return t
            .trim_end_matches("/index")
            .rsplit('/')
            .next()
            .unwrap_or(last)
            .to_string();
    }
    last.to_string()
}

/// Turn constants read as keys from other files into findings.
pub fn resolve(findings: &mut Vec<Finding>, exports: &[Export], refs: &[KeyRef], disabled: bool) {
    if disabled {
        return;
    }
    for r in refs {
        let candidates: Vec<&Export> = exports
            .iter()
            .filter(|e| e.path != r.path && e.name == r.name)
            .filter(|e| match &r.qualifier {
                Some(q) => e.qualifiers.iter().any(|x| x.eq_ignore_ascii_case(q)),
                None => folder(&e.path) == folder(&r.path),
            })
            .collect();
        let Some(first) = candidates.first() else {
            continue;
        };
        if candidates.iter().any(|c| c.hash != first.hash) {
            continue;
        }
        for e in candidates {
            let note = format!("used as the key of `{}` in {}:{}", r.callee, r.path, r.line);
            if let Some(f) = findings.iter_mut().find(|f| {
                f.path == e.path && f.start == e.start && f.end == e.end && f.rule.is_value_rule()
            }) {
                if !f.notes.contains(&note) {
                    f.notes.push(note);
                }
                continue;
            }
            findings.push(Finding {
                rule: RuleId::HardcodedSecret,
                severity: Severity::Error,
                path: e.path.clone(),
                start: e.start,
                end: e.end,
                line: e.line,
                column: e.column,
                end_line: e.end_line,
                end_column: e.end_column,
                message: format!(
                    "hardcoded JWT secret \"{}\" ({} bytes) in `{}` is the key of `{}` in {}",
                    e.masked, e.bytes, e.name, r.callee, r.path
                ),
                notes: vec![note],
                help: None,
                fix: Fix {
                    description: "read the key from the environment or a secret store instead of the repository, and rotate the exposed key: it stays in git history".into(),
                    replacement: None,
                    env: None,
                    commands: crate::fix::commands(32, None),
                    edit: None,
                },
                labels: Vec::new(),
                secret: Some(SecretRef {
                    spans: e.spans.clone(),
                    masked: e.masked.clone(),
                    chars: e.chars,
                    hash: e.hash.clone(),
                }),
                fingerprint: crate::rules::hex_sha256(&format!(
                    "hardcoded-secret\u{1f}{}\u{1f}{}",
                    e.path, e.hash
                ))[..32]
                    .to_string(),
                history: None,
                source: None,
            });
        }
    }
}
