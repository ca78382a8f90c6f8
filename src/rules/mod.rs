//! Rules: one module per rule id. Each module's `//!` documentation is what
//! `jwtlint explain RULE` prints; its function decides whether the rule applies to a piece of
//! evidence and writes the message and the fix.

pub mod env_file_committed;
pub mod fallback_secret;
pub mod hardcoded_secret;
pub mod missing_algorithms;
pub mod none_algorithm;
pub mod shared_secret;
pub mod short_key;
pub mod stale_secret;
pub mod unverified_decode;
pub mod weak_generator;
pub mod weak_key;

use crate::engine::{Evidence, SecretUse};
use crate::finding::{Finding, Fix, Label, RuleId, SecretRef, SeenSecret, Severity, mask};
use crate::judge::{Alg, ValueClass, classify, key_bytes, weakness};
use crate::lang::{ConfigFormat, Language};
use crate::ruleset::{Catalog, RuleSet};
use crate::text::LineIndex;
use crate::value::OKind;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Documentation of every rule, from the `//!` comments of src/rules/<id>.rs.
/// How a generator call reads in a message: `Math.random()`, `crypto.randomBytes(16)`; a shell
/// generator (`$(date +%s)`, `$RANDOM`) is already written as the user wrote it.
pub(crate) fn call_display(name: &str, bytes: Option<u64>) -> String {
    if name.starts_with('$') {
        return name.to_string();
    }
    match bytes {
        Some(b) => format!("{name}({b})"),
        None => format!("{name}()"),
    }
}

/// A CSPRNG expression making `bytes` bytes, written the way the file would write it: the
/// language's call in code, a command substitution in shell scripts and Dockerfiles.
pub(crate) fn strong_generator(ctx: &Ctx, bytes: usize) -> String {
    match ctx.format {
        Some(ConfigFormat::Shell | ConfigFormat::Dockerfile) => {
            format!("$(openssl rand -hex {bytes})")
        }
        _ => crate::fix::csprng(ctx.cat, bytes),
    }
}

pub fn doc(rule: RuleId) -> Option<&'static str> {
    crate::ruleset::RULE_DOCS
        .iter()
        .find(|(id, _)| *id == rule.as_str())
        .map(|(_, d)| *d)
}

/// One-line summary of a rule (the first paragraph after the title).
pub fn summary(rule: RuleId) -> String {
    let d = doc(rule).unwrap_or("");
    let para: Vec<&str> = d
        .lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let text = para.join(" ").replace("**What it finds.** ", "");
    text.split(". ")
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_string()
}

/// What a rule needs to know about the file being judged.
pub struct Ctx<'a> {
    pub path: &'a str,
    pub src: &'a str,
    pub rules: &'a RuleSet,
    pub cat: Option<&'a Catalog>,
    pub lang: Option<Language>,
    pub format: Option<ConfigFormat>,
    /// A dotenv template (`.env.example`): placeholders expected.
    pub template: bool,
    /// Print freshly generated keys in fixes.
    pub keys: bool,
    /// Minimum key bytes per algorithm from the configuration (overrides RFC sizes upwards).
    pub min_key_bytes: &'a BTreeMap<String, usize>,
    pub disabled: &'a std::collections::HashSet<RuleId>,
    /// What git thinks of this file (dotenv files only; None outside git-aware scans).
    pub git: Option<env_file_committed::GitStatus>,
}

impl Ctx<'_> {
    pub fn is_dotenv(&self) -> bool {
        self.format == Some(ConfigFormat::Dotenv)
    }
    pub fn min_bytes(&self, alg: Alg) -> Option<usize> {
        let base = alg.min_key_bytes()?;
        Some(
            self.min_key_bytes
                .get(alg.name())
                .copied()
                .unwrap_or(base)
                .max(base),
        )
    }
}

/// A rule's verdict on one piece of evidence.
pub struct Hit {
    pub rule: RuleId,
    pub message: String,
    /// How to say it when another rule's finding is primary at this location.
    pub note: String,
    pub fix: Fix,
    pub severity: Option<Severity>,
}

/// Facts about a secret value computed once for all value rules.
pub struct ValueFacts {
    pub class: ValueClass,
    pub text: String,
    pub bytes: usize,
    pub masked: String,
    pub weakness: Option<String>,
    pub alg: Option<Alg>,
    /// Bytes a fresh key for this use should have.
    pub need: usize,
    /// The environment variable a fix should read.
    pub env: String,
}

/// A dotted, slashed or colon-separated key name whose last part spells `name`
/// (`git.authtokensecret` for `AttrAuthTokenSecret`, `jwt.secret-key` for `JWT_SECRET_KEY`).
fn echoes_name(value: &str, name: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | ':' | '-' | '_');
    if !value.chars().all(ok) || !value.contains(['.', '/', ':']) {
        return false;
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let last = norm(value.rsplit(['.', '/', ':']).next().unwrap_or(""));
    let name = norm(name);
    last.len() >= 8 && (name.ends_with(&last) || last.ends_with(&name))
}

pub enum Where {
    Sink(String),
    Name(String),
    Unknown,
}

impl ValueFacts {
    pub fn new(u: &SecretUse, ctx: &Ctx) -> ValueFacts {
        let (text, bytes, class) = match &u.origin.kind {
            OKind::Lit(l) => {
                let mut class = classify(&l.text);
                // Filler passed to a signing call is the key the program really uses, and so is
                // an env-name-shaped default (`getEnv("JWT_SECRET", "CHANGE_THIS_TO_SOMETHING")`).
                let used_as_key = !u.sinks.is_empty() || u.origin.fallback.is_some();
                if class == ValueClass::Filler && !u.sinks.is_empty() {
                    class = ValueClass::Secret;
                }
                if class == ValueClass::Reference
                    && used_as_key
                    && crate::names::looks_like_env_name(&l.text)
                {
                    class = ValueClass::Secret;
                }
                // `AttrAuthTokenSecret = "git.authtokensecret"`: a namespaced key name that
                // spells the binding's own name is where a secret is stored, not the secret.
                if class == ValueClass::Secret
                    && u.sinks.is_empty()
                    && u.origin.fallback.is_none()
                    && u.name.as_deref().is_some_and(|n| echoes_name(&l.text, n))
                {
                    class = ValueClass::Reference;
                }
                let bytes = if l.hashed {
                    32
                } else {
                    key_bytes(&l.text, l.enc).unwrap_or(l.text.len())
                };
                (l.text.clone(), bytes, class)
            }
            _ => (String::new(), 0, ValueClass::Secret),
        };
        let alg = u.alg.or(Some(Alg::Hs256)).filter(|a| a.is_hmac());
        let weak = if matches!(u.origin.kind, OKind::Lit(_)) && class == ValueClass::Secret {
            weakness(&text, &ctx.rules.weak)
        } else {
            None
        };
        let need = ctx_need(alg, ctx);
        let env = crate::fix::env_name(&[
            u.origin.fallback.as_ref().and_then(|f| f.of.as_deref()),
            u.name.as_deref(),
        ]);
        ValueFacts {
            class,
            masked: mask(&text),
            text,
            bytes,
            weakness: weak,
            alg,
            need,
            env,
        }
    }

    pub fn place(&self, u: &SecretUse, _ctx: &Ctx) -> Where {
        if let Some(s) = u.sinks.first() {
            return Where::Sink(s.callee.clone());
        }
        match &u.name {
            Some(n) => Where::Name(n.clone()),
            None => Where::Unknown,
        }
    }
}

fn ctx_need(alg: Option<Alg>, ctx: &Ctx) -> usize {
    alg.and_then(|a| ctx.min_bytes(a)).unwrap_or(32)
}

/// Every value rule that applies to a secret use, in precedence order.
pub fn judge_secret(u: &SecretUse, ctx: &Ctx) -> (Vec<Hit>, ValueFacts) {
    let v = ValueFacts::new(u, ctx);
    // Values that are not secrets at all.
    if matches!(u.origin.kind, OKind::Lit(_)) {
        match v.class {
            ValueClass::Secret | ValueClass::PrivateKey => {}
            _ => return (Vec::new(), v),
        }
        if ctx.template && (v.weakness.is_some() || !crate::judge::looks_random(&v.text)) {
            return (Vec::new(), v);
        }
        if u.sinks.is_empty() && looks_like_prose(&v.text) && v.weakness.is_none() {
            return (Vec::new(), v);
        }
        if u.sinks.is_empty() && names_not_secrets(u.name.as_deref(), &v.text, ctx) {
            return (Vec::new(), v);
        }
    }
    let mut hits: Vec<Hit> = [
        hardcoded_secret::check(u, &v, ctx),
        env_file_committed::check(u, &v, ctx),
        fallback_secret::check(u, &v, ctx),
        weak_generator::check(u, &v, ctx),
        weak_key::check(u, &v, ctx),
        short_key::check(u, &v, ctx),
    ]
    .into_iter()
    .flatten()
    .filter(|h| !ctx.disabled.contains(&h.rule))
    .collect();
    hits.sort_by_key(|h| h.rule.precedence());
    (hits, v)
}

/// A secret-named value that is only a name, judged without a sink: a UI label that spells the
/// key out (`"jwtSecret": "JWT secret"`), any string of a translation file, or a storage key
/// (`TOKEN_KEY = 'dashboard.accessToken'`, `JWT_KEY = 'jwt'`: where the token is kept, not what
/// signs it).
fn names_not_secrets(name: Option<&str>, value: &str, ctx: &Ctx) -> bool {
    // A dotenv file holds values, never labels.
    if ctx.format == Some(ConfigFormat::Dotenv) {
        return false;
    }
    let lower_path = ctx.path.to_ascii_lowercase();
    if [
        "locales/",
        "locale/",
        "i18n/",
        "translations/",
        "lang/",
        "messages/",
    ]
    .iter()
    .any(|d| lower_path.starts_with(d) || lower_path.contains(&format!("/{d}")))
    {
        return true;
    }
    let Some(name) = name else {
        return false;
    };
    let name_words = crate::names::split_words(name);
    let value_words = crate::names::split_words(value);
    if value.contains(' ') {
        // "JWT secret" under `auth.jwtSecret`: the label's words are the name's.
        return value_words.len() >= 2 && value_words.iter().all(|w| name_words.contains(w));
    }
    let identifier = !value.is_empty()
        && value.len() <= 40
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
    const WHERE_TOKENS_LIVE: &[&str] =
        &["token", "jwt", "auth", "access", "refresh", "id", "bearer"];
    const SECRET_WORDS: &[&str] = &["secret", "key", "pass", "password", "signing", "private"];
    identifier
        && name_words.last().is_some_and(|w| w == "key")
        && !name_words.iter().any(|w| w == "secret" || w == "signing")
        && value_words
            .iter()
            .any(|w| WHERE_TOKENS_LIVE.contains(&w.as_str()))
        && !value_words
            .iter()
            .any(|w| SECRET_WORDS.contains(&w.as_str()))
}

/// Labels or sentences rather than keys: `'JWT Secret'`, `'Enter the signing key:'`.
fn looks_like_prose(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.chars().all(|c| {
                c.is_alphabetic()
                    || matches!(c, ':' | '.' | ',' | '\'' | '?' | '!' | '(' | ')' | '-')
            })
        })
}

/// Turn a file's evidence into findings: one finding per location, other rules as notes.
/// Findings plus every secret value seen in a config file (for the cross-file shared-secret pass).
pub fn findings(
    evidence: Vec<Evidence>,
    ctx: &Ctx,
    li: &LineIndex,
) -> (Vec<Finding>, Vec<SeenSecret>) {
    // Group secret uses by the value's location.
    let mut groups: BTreeMap<(u32, u32), SecretUse> = BTreeMap::new();
    let mut others: Vec<(Hit, (usize, usize), Option<String>)> = Vec::new();
    for e in evidence {
        match e {
            Evidence::Secret(u) => {
                // An empty fallback key (`env::var(K).unwrap_or_default()`) is kept: Rust
                // jsonwebtoken signs with an empty key without complaint.
                let empty_fallback = matches!(u.origin.kind, OKind::Falsy)
                    && u.origin.fallback.is_some()
                    && ctx.lang == Some(Language::Rust);
                if matches!(
                    u.origin.kind,
                    OKind::Env { .. } | OKind::Unknown | OKind::Falsy
                ) && !empty_fallback
                {
                    continue;
                }
                if matches!(
                    u.origin.kind,
                    OKind::Gen {
                        kind: crate::ruleset::GenKind::Sized,
                        ..
                    }
                ) {
                    continue;
                }
                let key = (u.origin.span.start, u.origin.span.end);
                match groups.get_mut(&key) {
                    Some(g) => {
                        for s in u.sinks {
                            if !g.sinks.iter().any(|x| x.span == s.span) {
                                g.sinks.push(s);
                            }
                        }
                        g.alg = match (g.alg, u.alg) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            (a, b) => a.or(b),
                        };
                        if g.name.is_none() {
                            g.name = u.name;
                        }
                        if g.origin.fallback.is_none() && u.origin.fallback.is_some() {
                            g.origin.fallback = u.origin.fallback;
                        }
                    }
                    None => {
                        groups.insert(key, u);
                    }
                }
            }
            Evidence::MissingAlgorithms {
                span,
                callee,
                library,
                note,
                severity,
                fix,
            } => {
                others.push((
                    missing_algorithms::hit(&callee, &library, &note, severity, &fix),
                    (span.start as usize, span.end as usize),
                    None,
                ));
            }
            Evidence::NoneAlgorithm { span, message, fix } => {
                others.push((
                    none_algorithm::hit(&message, &fix),
                    (span.start as usize, span.end as usize),
                    None,
                ));
            }
            Evidence::UnverifiedDecode {
                span,
                callee,
                fix,
                explicit,
                ..
            } => {
                others.push((
                    unverified_decode::hit(&callee, &fix, explicit),
                    (span.start as usize, span.end as usize),
                    None,
                ));
            }
        }
    }
    let mut out = Vec::new();
    let mut seen_secrets = Vec::new();
    for (_, u) in groups {
        let (mut hits, v) = judge_secret(&u, ctx);
        // A template's placeholder is shared by design; a real key in a template is not.
        if ctx.format.is_some()
            && (!ctx.template || !hits.is_empty())
            && u.origin.fallback.is_none()
            && matches!(u.origin.kind, OKind::Lit(_))
            && matches!(v.class, ValueClass::Secret | ValueClass::PrivateKey)
            && !names_not_secrets(u.name.as_deref(), &v.text, ctx)
        {
            let (line, column) = li.line_col(ctx.src, u.origin.span.start as usize);
            seen_secrets.push(SeenSecret {
                path: ctx.path.to_string(),
                start: u.origin.span.start as usize,
                end: u.origin.span.end as usize,
                line,
                column,
                hash: hex_sha256(&v.text),
                masked: v.masked.clone(),
                chars: v.text.chars().count(),
                name: u.name.clone(),
                spans: match &u.origin.kind {
                    OKind::Lit(l) => l
                        .masks
                        .iter()
                        .map(|m| (m.start as usize, m.end as usize))
                        .collect(),
                    _ => Vec::new(),
                },
            });
        }
        if hits.is_empty() {
            continue;
        }
        let primary = hits.remove(0);
        let mut notes: Vec<String> = hits
            .iter()
            .map(|h| h.note.clone())
            .filter(|n| !n.is_empty())
            .collect();
        // Each callee once: two `jwt.sign` calls with the same key are one "used as the key of".
        let mut callees: Vec<&str> = Vec::new();
        for s in &u.sinks {
            if !callees.contains(&s.callee.as_str()) {
                callees.push(&s.callee);
            }
        }
        if let Some(s) = u.sinks.first() {
            if callees.len() > 1 {
                notes.push(format!(
                    "used as the key of {}",
                    callees
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            } else if !primary.message.contains(&s.callee) {
                notes.push(format!("used as the key of `{}`", s.callee));
            }
        }
        let secret = match &u.origin.kind {
            OKind::Lit(l) => Some(SecretRef {
                spans: l
                    .masks
                    .iter()
                    .map(|m| (m.start as usize, m.end as usize))
                    .collect(),
                masked: v.masked.clone(),
                chars: v.text.chars().count(),
                hash: hex_sha256(&v.text),
            }),
            _ => None,
        };
        let labels = u
            .sinks
            .iter()
            .filter(|s| !u.origin.span.contains(s.span))
            .take(3)
            .map(|s| Label {
                start: s.span.start as usize,
                end: s.span.end as usize,
                text: "used as the key here".into(),
            })
            .collect();
        let fp_basis = match &secret {
            Some(s) => s.hash.clone(),
            None => ctx.src.get(u.origin.span.range()).unwrap_or("").to_string(),
        };
        let f = make(
            ctx,
            li,
            primary,
            (u.origin.span.start as usize, u.origin.span.end as usize),
            notes,
            labels,
            secret,
            &fp_basis,
        );
        out.push(f);
    }
    // One finding per rule and line: `NewWithClaims(SigningMethodNone, c).SignedString(
    // UnsafeAllowNoneSignatureType)` is one mistake, reported at its first mention.
    others.sort_by_key(|(_, span, _)| *span);
    let mut seen = std::collections::HashSet::new();
    for (hit, span, _) in others {
        let line = li.line_col(ctx.src, span.0).0;
        if ctx.disabled.contains(&hit.rule) || !seen.insert((hit.rule, line)) {
            continue;
        }
        let notes = if hit.note.is_empty() {
            Vec::new()
        } else {
            vec![hit.note.clone()]
        };
        let basis = ctx.src.get(span.0..span.1).unwrap_or("").to_string();
        let line_text = {
            let (l, _) = li.line_col(ctx.src, span.0);
            let (a, b) = li.line_range(ctx.src, l);
            ctx.src[a..b].trim().to_string()
        };
        let f = make(
            ctx,
            li,
            hit,
            span,
            notes,
            Vec::new(),
            None,
            &format!("{basis}\u{1f}{line_text}"),
        );
        out.push(f);
    }
    (out, seen_secrets)
}

pub fn hex_sha256(s: &str) -> String {
    let d = Sha256::digest(s.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

#[allow(clippy::too_many_arguments)]
fn make(
    ctx: &Ctx,
    li: &LineIndex,
    hit: Hit,
    span: (usize, usize),
    notes: Vec<String>,
    labels: Vec<Label>,
    secret: Option<SecretRef>,
    fp_basis: &str,
) -> Finding {
    let (line, column) = li.line_col(ctx.src, span.0);
    let (end_line, end_column) = li.line_col(ctx.src, span.1);
    let fingerprint = hex_sha256(&format!(
        "{}\u{1f}{}\u{1f}{}",
        hit.rule.as_str(),
        ctx.path,
        fp_basis
    ))[..32]
        .to_string();
    let help = if hit.fix.description.is_empty() {
        None
    } else {
        Some(hit.fix.description.clone())
    };
    Finding {
        rule: hit.rule,
        severity: hit.severity.unwrap_or(hit.rule.default_severity()),
        path: ctx.path.to_string(),
        start: span.0,
        end: span.1,
        line,
        column,
        end_line,
        end_column,
        message: hit.message,
        notes,
        help,
        fix: hit.fix,
        labels,
        secret,
        fingerprint,
        history: None,
        source: None,
    }
}
