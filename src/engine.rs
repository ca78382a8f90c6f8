//! From facts to evidence: which values are used as JWT keys (by a library sink, a secret-named
//! binding or a secret-named configuration lookup), which verify calls lack an algorithms list,
//! where `none` is accepted and which decodes skip verification. Rules turn evidence into findings.

use crate::facts::*;
use crate::finding::Severity;
use crate::judge::Alg;
use crate::names::is_jwt_secret_path;
use crate::ruleset::{CallSpec, Catalog, Library, Role, RuleSet, any_match};
use crate::value::{Eval, OKind, Origin, Sel};

/// Configuration keys that name a JWT secret on their own when the value says `jwt` (the
/// ASP.NET sample's `"Secret": "THIS IS USED TO SIGN AND VERIFY JWT TOKENS..."`); the JSON
/// prefilter lets such a value through on its `jwt`.
pub(crate) const BARE_SECRET_KEYS: &[&str] = &["secret", "key", "signingkey"];

/// Where a secret value was seen used.
#[derive(Debug, Clone)]
pub struct SinkRef {
    /// Span of the callee (`jwt.sign`) or of the key name.
    pub span: Span,
    pub callee: String,
    pub library: String,
    pub role: Role,
    pub key_length_check: Option<String>,
}

/// A value used as a JWT key.
#[derive(Debug, Clone)]
pub struct SecretUse {
    pub origin: Origin,
    pub sinks: Vec<SinkRef>,
    /// The secret-named binding, config key or env var it is bound to.
    pub name: Option<String>,
    /// The strictest algorithm the key is used with, when known.
    pub alg: Option<Alg>,
}

#[derive(Debug, Clone)]
pub enum Evidence {
    Secret(SecretUse),
    MissingAlgorithms {
        span: Span,
        callee: String,
        library: String,
        note: String,
        severity: Severity,
        fix: String,
    },
    NoneAlgorithm {
        span: Span,
        message: String,
        fix: String,
    },
    UnverifiedDecode {
        span: Span,
        callee: String,
        library: String,
        fix: String,
        explicit: bool,
    },
}

pub struct CodeCtx<'a> {
    pub rules: &'a RuleSet,
    pub cat: &'a Catalog,
    pub path: &'a str,
    /// Library versions pinned by the project's manifests (None: versions unknown).
    pub versions: Option<&'a crate::versions::Index>,
}

/// The missing-algorithms note and severity for a call, following the library version the
/// project pins when the rule data describes that version's behaviour.
fn missing_for(spec: &CallSpec, ctx: &CodeCtx) -> (Option<String>, Severity) {
    if let Some(index) = ctx.versions {
        for rule in &spec.versions {
            if let Some(p) = index.pinned(ctx.path, &rule.package)
                && rule.applies(&p.version)
            {
                let note = rule.missing_algorithms.as_ref().map(|n| {
                    n.replace("{VERSION}", &p.version)
                        .replace("{MANIFEST}", &p.manifest)
                });
                return (note, rule.missing_severity);
            }
        }
    }
    (spec.missing_algorithms.clone(), spec.missing_severity)
}

/// Analyse one parsed code file.
pub fn code_evidence(ev: &Eval, ctx: &CodeCtx) -> Vec<Evidence> {
    let (facts, src) = (ev.f, ev.src);
    ev.renew_budget();
    let mut out: Vec<Evidence> = Vec::new();
    let active: Vec<&Library> = ctx
        .cat
        .libraries
        .iter()
        .filter(|l| library_active(l, facts))
        .collect();
    let client_side = facts.client_side || is_client_path(ctx.path, facts.lang);

    // 1. Library calls. In Ruby a method called without parentheses is a member read
    // (`JWT::EncodedToken.new(raw).unverified_payload`), so whole member chains count too.
    // Without an active library no call can match: skip canonicalising every call.
    let mut targets: Vec<ExprId> = if active.is_empty() {
        Vec::new()
    } else {
        facts.calls.clone()
    };
    if facts.lang == crate::lang::Language::Ruby && !active.is_empty() {
        for (i, e) in facts.exprs.iter().enumerate() {
            let id = i as ExprId;
            if matches!(e, Expr::Member { .. })
                && !ev.parent(id).is_some_and(|p| {
                    matches!(facts.expr(p), Expr::Member { .. } | Expr::Call { .. })
                })
            {
                targets.push(id);
            }
        }
    }
    let no_args: Vec<Arg> = Vec::new();
    // The library calls a callee matches, by canonical callee: the same callee (`self.push`,
    // `res.json`) is called many times in a file, and each is checked against hundreds of
    // patterns.
    let mut matched: foldhash::HashMap<String, Vec<(usize, usize)>> = Default::default();
    for &call in &targets {
        let (callee, args) = match facts.expr(call) {
            Expr::Call { callee, args, .. } => (callee, args),
            Expr::Member { .. } => (&call, &no_args),
            _ => continue,
        };
        let canon = ev.canonical(*callee);
        if !matched.contains_key(&canon) {
            let mut hits = Vec::new();
            for (l, lib) in active.iter().enumerate() {
                for (c, spec) in lib.calls.iter().enumerate() {
                    if any_match(&spec.callee, &canon) {
                        hits.push((l, c));
                    }
                }
            }
            matched.insert(canon.clone(), hits);
        }
        for &(l, c) in &matched[&canon] {
            let (lib, spec) = (active[l], &active[l].calls[c]);
            if !spec.arg0_is.is_empty() {
                let ok = facts.positional(args, 0).is_some_and(|a| {
                    let c = ev.canonical(a);
                    spec.arg0_is.contains(&c)
                });
                if !ok {
                    continue;
                }
            }
            if spec
                .unless_chain
                .iter()
                .any(|m| ev.chain_call(call, m).is_some())
            {
                continue;
            }
            // `super(...)` only counts inside a class that extends the library's strategy.
            if canon == "super"
                && !facts
                    .import_paths
                    .iter()
                    .any(|p| lib.imports.iter().any(|i| i == p))
            {
                continue;
            }
            let callee_span = facts.span(*callee);
            let mut callee_text = short_callee(src.get(callee_span.range()).unwrap_or(""));
            // C# target-typed `new(...)`: name the type.
            if callee_text == "new" {
                callee_text = format!("new {canon}");
            }
            handle_call(
                ev,
                facts,
                call,
                callee_span,
                &callee_text,
                lib,
                spec,
                client_side,
                ctx,
                &mut out,
            );
        }
    }

    // 1b. Member references that mean `none` (`jwt.UnsafeAllowNoneSignatureType`).
    let member_specs: Vec<(&Library, &CallSpec)> = active
        .iter()
        .flat_map(|l| {
            l.calls
                .iter()
                .filter(|c| c.members && c.role == Role::None)
                .map(move |c| (*l, c))
        })
        .collect();
    if !member_specs.is_empty() {
        for (i, e) in facts.exprs.iter().enumerate() {
            let id = i as ExprId;
            if !matches!(e, Expr::Member { .. }) {
                continue;
            }
            // Only whole member chains, not their prefixes or callees.
            if let Some(p) = ev.parent(id)
                && matches!(facts.expr(p), Expr::Member { .. } | Expr::Call { .. })
                && !matches!(facts.expr(p), Expr::Call { callee, .. } if *callee != id)
            {
                continue;
            }
            let canon = ev.canonical(id);
            if let Some((lib, spec)) = member_specs
                .iter()
                .find(|(_, s)| any_match(&s.callee, &canon))
            {
                let text = short_callee(src.get(facts.span(id).range()).unwrap_or(""));
                out.push(Evidence::NoneAlgorithm {
                    span: facts.span(id),
                    message: spec.none_message.clone().unwrap_or_else(|| format!("`{text}` accepts unsigned (\"none\") tokens")),
                    fix: format!("sign and verify with a real algorithm, e.g. {} with a 32-byte key from the environment", lib.default_alg.name()),
                });
            }
        }
    }

    // 2. Objects of a known type (`authOptions: NextAuthOptions = { secret }`).
    for lib in &active {
        for obj in &lib.objects {
            for b in &facts.bindings {
                if b.path.len() != 1 {
                    continue;
                }
                let Some((_, ty)) = facts.typed.iter().find(|(n, _)| *n == b.path[0]) else {
                    continue;
                };
                let tcanon = facts
                    .imports
                    .iter()
                    .find(|i| &i.local == ty)
                    .map(|i| i.target.clone())
                    .unwrap_or_else(|| ty.clone());
                if !any_match(&obj.types, &tcanon) && !any_match(&obj.types, ty) {
                    continue;
                }
                for alt in &obj.key.alts {
                    let mut vals = vec![b.value];
                    for step in alt {
                        if let crate::ruleset::Step::Field(f) = step {
                            vals = vals.iter().flat_map(|&v| ev.field_values(v, f)).collect();
                        }
                    }
                    for v in vals {
                        let sink = SinkRef {
                            span: b.key_span,
                            callee: b.path[0].clone(),
                            library: lib.id.clone(),
                            role: Role::Config,
                            key_length_check: lib.key_length_check.clone(),
                        };
                        for o in ev.eval(v) {
                            out.push(Evidence::Secret(SecretUse {
                                origin: o,
                                sinks: vec![sink.clone()],
                                name: None,
                                alg: Some(lib.default_alg),
                            }));
                        }
                    }
                }
            }
        }
    }

    // 3. Secret-named bindings: `jwtSecret = '...'`, `{ JWT_SECRET: '...' }`, `JWT_SECRET_KEY='...'`.
    // Read the whole text only when a Twitter-like name comes up.
    let twitter = std::cell::OnceCell::new();
    let twitter = || *twitter.get_or_init(|| mentions_twitter(src));
    let no_jwt = std::cell::OnceCell::new();
    let no_jwt_here = || *no_jwt.get_or_init(|| active.is_empty() && !mentions_jwt(facts, src));
    let context_names = active_context_names(ctx.cat, facts, src);
    let is_secret_name = |path: &[String]| {
        is_jwt_secret_path(path, &ctx.rules.names)
            || path
                .last()
                .is_some_and(|n| context_names.contains(&crate::names::split_words(n).concat()))
    };
    let stem = ctx
        .path
        .rsplit('/')
        .next()
        .unwrap_or(ctx.path)
        .split('.')
        .next()
        .unwrap_or("")
        .to_string();
    for b in &facts.bindings {
        let renamed;
        let path: &[String] = if b
            .path
            .first()
            .is_some_and(|p| p == crate::lang::parser::RETURN_ROOT)
        {
            let mut p = b.path.clone();
            p[0] = stem.clone();
            renamed = p;
            &renamed
        } else {
            &b.path
        };
        // A member of a class is named in the class's context: `Secret` in `JwtOptions`.
        let class = (b.path.len() == 1)
            .then(|| {
                facts
                    .classes
                    .iter()
                    .filter(|c| c.body.contains(b.key_span))
                    .max_by_key(|c| c.body.start)
            })
            .flatten();
        let in_class;
        let path: &[String] = match class {
            Some(c) if !is_secret_name(path) => {
                in_class = vec![c.name.clone(), b.path[0].clone()];
                &in_class
            }
            _ => path,
        };
        if !is_secret_name(path) {
            continue;
        }
        // `hmac_key = os.urandom(20)` beside `hmac.new(hmac_key, ...)` in a file with no JWT
        // library and no mention of JWT signs webhooks or hashes host names, not tokens.
        if no_jwt_here()
            && crate::names::split_words(&b.path[b.path.len() - 1])
                .iter()
                .any(|w| w.starts_with("hmac"))
        {
            continue;
        }
        // Test helpers that set the environment (`ClimateControl.modify(JWT_SECRET: 'x')`).
        if b.kind == BindingKind::Kwarg
            && let Some(p) = ev.parent(b.value)
            && let Expr::Call { callee, .. } = facts.expr(p)
            && let Expr::Member { name, .. } | Expr::Ident(name) = facts.expr(*callee)
            && matches!(
                name.as_str(),
                "modify"
                    | "with_env"
                    | "with_modified_env"
                    | "stub_env"
                    | "setenv"
                    | "mock_env"
                    | "patch_env"
            )
        {
            continue;
        }
        let name = b.path.last().cloned().unwrap_or_default();
        if is_twitter_like(&name) && twitter() {
            continue;
        }
        // pydantic `BaseSettings` fields: the default is used when the variable is unset.
        // .NET options classes and Spring properties classes (`JwtOptions`, `JwtSettings`,
        // `JwtProperties`) are bound from configuration: an initializer is the default.
        let bound_from_config = |c: &crate::facts::Class| {
            matches!(
                facts.lang,
                crate::lang::Language::CSharp
                    | crate::lang::Language::Java
                    | crate::lang::Language::Kotlin
            ) && [
                "Options",
                "Settings",
                "Config",
                "Configuration",
                "Properties",
            ]
            .iter()
            .any(|s| c.name.ends_with(s))
        };
        // (Kotlin and C# primary-constructor parameters and Java record components are the
        // members of such classes.)
        let member = b.kind == BindingKind::Assign
            || (b.kind == BindingKind::Param
                && matches!(
                    facts.lang,
                    crate::lang::Language::Kotlin
                        | crate::lang::Language::CSharp
                        | crate::lang::Language::Java
                ));
        let settings = member
            && b.path.len() == 1
            && class.is_some_and(|c| {
                bound_from_config(c)
                    || c.bases
                        .iter()
                        .any(|base| ctx.cat.settings_bases.iter().any(|s| s == base))
            });
        let guarded = b.kind == BindingKind::Fallback;
        // What overrides the default: the environment variable of a pydantic field, the
        // configuration key of an options class member.
        let of = match class {
            Some(c) if settings && bound_from_config(c) => format!("{}.{}", c.name, name),
            _ => name.to_ascii_uppercase(),
        };
        // A local variable in a file with no JWT library and no mention of JWT, computed from a
        // clock or a random call (`const tokenKey = msg.id ?? String(Date.now())` naming a
        // cancellation token), is an id, not a key.
        let local = b.scope.start > 0 || (b.scope.end as usize) < src.len();
        for mut o in ev.eval(b.value) {
            if local && matches!(o.kind, OKind::Gen { .. }) && no_jwt_here() {
                continue;
            }
            if (settings || guarded)
                && o.fallback.is_none()
                && !matches!(o.kind, OKind::Env { .. } | OKind::Unknown)
            {
                o.fallback = Some(crate::value::Fallback {
                    of: Some(of.clone()),
                });
            }
            out.push(Evidence::Secret(SecretUse {
                origin: o,
                sinks: Vec::new(),
                name: Some(name.clone()),
                alg: None,
            }));
        }
    }

    // 3b. `s := os.Getenv("JWT_SECRET"); if s == "" { s = "dev" }` with a plainly named variable.
    let fallbacks: Vec<&crate::facts::Binding> = facts
        .bindings
        .iter()
        .filter(|b| b.kind == BindingKind::Fallback && b.path.len() == 1)
        .filter(|b| !is_secret_name(&b.path))
        .collect();
    // The plain assignments of the same name in the same scope, indexed once (a bundle has
    // thousands of `x || (x = ...)`; a scan of every binding for each was quadratic).
    let mut assigned: std::collections::HashMap<(&str, crate::facts::Span), Vec<ExprId>> =
        std::collections::HashMap::new();
    if !fallbacks.is_empty() {
        for o in &facts.bindings {
            if let ([name], BindingKind::Assign) = (&o.path[..], o.kind) {
                assigned
                    .entry((name.as_str(), o.scope))
                    .or_default()
                    .push(o.value);
            }
        }
    }
    for b in fallbacks {
        let env = assigned
            .get(&(b.path[0].as_str(), b.scope))
            .into_iter()
            .flatten()
            .flat_map(|&v| ev.eval(v))
            .find_map(|o| o.env_name().map(str::to_string));
        let Some(env) = env.filter(|e| is_secret_name(std::slice::from_ref(e))) else {
            continue;
        };
        for mut o in ev.eval(b.value) {
            if matches!(o.kind, OKind::Env { .. } | OKind::Unknown) {
                continue;
            }
            if o.fallback.is_none() {
                o.fallback = Some(crate::value::Fallback {
                    of: Some(env.clone()),
                });
            }
            out.push(Evidence::Secret(SecretUse {
                origin: o,
                sinks: Vec::new(),
                name: Some(env.clone()),
                alg: None,
            }));
        }
    }

    // 3c. Go struct tags: `JWTSecret string \`envconfig:"JWT_SECRET" default:"dev"\`` (envconfig,
    // caarlos0/env `envDefault`, cleanenv `env-default`): the default is a fallback.
    if facts.lang == crate::lang::Language::Go {
        for tag in struct_tag_defaults(facts, src) {
            let path = [tag.env.clone().unwrap_or_else(|| tag.field.clone())];
            if !is_secret_name(&path) && !is_secret_name(std::slice::from_ref(&tag.field)) {
                continue;
            }
            let mut o = crate::value::Origin::literal(tag.value, tag.span);
            o.fallback = Some(crate::value::Fallback {
                of: Some(tag.env.clone().unwrap_or_else(|| tag.field.clone())),
            });
            out.push(Evidence::Secret(SecretUse {
                origin: o,
                sinks: Vec::new(),
                name: Some(tag.field),
                alg: None,
            }));
        }
    }

    // 4. Lookups of secret-named configuration with a literal default, wherever they are.
    for (i, e) in facts.exprs.iter().enumerate() {
        let interesting = match e {
            Expr::Binary { op: BinOp::Or, .. } | Expr::Default { .. } | Expr::Cond { .. } => true,
            Expr::Call { .. } => true,
            Expr::Str(s) => facts.str_value(*s).starts_with("${"),
            _ => false,
        };
        if !interesting {
            continue;
        }
        let id = i as ExprId;
        // Only outermost fallback expressions: skip a node whose parent is also a fallback node.
        if let Some(p) = ev.parent(id)
            && matches!(
                facts.expr(p),
                Expr::Binary { op: BinOp::Or, .. } | Expr::Default { .. }
            )
        {
            continue;
        }
        if matches!(e, Expr::Call { .. }) && !is_env_call_with_default(ev, facts, id) {
            continue;
        }
        for o in ev.eval(id) {
            let Some(fb) = &o.fallback else { continue };
            let Some(of) = &fb.of else { continue };
            if is_secret_name(std::slice::from_ref(of)) && !(is_twitter_like(of) && twitter()) {
                out.push(Evidence::Secret(SecretUse {
                    origin: o.clone(),
                    sinks: Vec::new(),
                    name: Some(of.clone()),
                    alg: None,
                }));
            }
        }
    }
    out
}

struct TagDefault {
    field: String,
    env: Option<String>,
    value: String,
    span: Span,
}

/// Defaults in Go struct tags, with the field they belong to and the variable they read.
fn struct_tag_defaults(facts: &Facts, src: &str) -> Vec<TagDefault> {
    let lx = &facts.lexed;
    let mut out = Vec::new();
    for (i, t) in lx.toks.iter().enumerate() {
        let crate::lang::lexer::TokKind::Str(si) = t.kind else {
            continue;
        };
        let s = &lx.strs[si as usize];
        if !src[s.span.0 as usize..].starts_with('`') || !s.value.contains(':') {
            continue;
        }
        // The field name opens the line: `JWTSecret string `...``.
        let mut j = i;
        while j > 0 && !lx.toks[j].nl_before {
            j -= 1;
        }
        if j + 1 >= i || lx.toks[j].kind != crate::lang::lexer::TokKind::Ident {
            continue;
        }
        let field = lx.text(src, j).to_string();
        let mut env = None;
        let mut default = None;
        // key:"value" pairs separated by spaces; values hold no unescaped quote.
        let body = &s.value;
        let mut k = 0;
        while let Some(colon) = body[k..].find(":\"") {
            let key = body[k..k + colon].trim();
            let vstart = k + colon + 2;
            let Some(vlen) = body[vstart..].find('"') else {
                break;
            };
            let value = &body[vstart..vstart + vlen];
            match key {
                "env" | "envconfig" | "mapstructure" | "koanf" if env.is_none() => {
                    let name = value.split(',').next().unwrap_or("").trim();
                    if !name.is_empty() {
                        env = Some(name.to_string());
                    }
                }
                "default" | "envDefault" | "env-default" if !value.is_empty() && s.exact => {
                    let start = s.content.0 + vstart as u32;
                    default = Some((value.to_string(), Span::new(start, start + vlen as u32)));
                }
                _ => {}
            }
            k = vstart + vlen + 1;
        }
        if let Some((value, span)) = default {
            out.push(TagDefault {
                field,
                env,
                value,
                span,
            });
        }
    }
    out
}

/// A callee as messages show it: whitespace removed, long builder chains shortened to their
/// head and last call (`Jwts.builder()….signWith`).
fn short_callee(text: &str) -> String {
    let compact: String = text.split_whitespace().collect::<Vec<_>>().join("");
    if compact.chars().count() <= 48 {
        return compact;
    }
    let head: String = compact.split(['(', '.']).take(1).collect();
    let last = compact.rsplit(['.', ':', '>']).next().unwrap_or("");
    format!("{head}….{last}")
}

/// A library applies to a file when the file imports it (libraries without imports always apply).
pub fn library_active(lib: &Library, facts: &Facts) -> bool {
    lib.imports.is_empty()
        || facts.import_paths.iter().any(|p| {
            lib.imports.iter().any(|imp| {
                p == imp
                    || p.strip_prefix(imp.as_str())
                        .is_some_and(|rest| rest.starts_with(['.', '/', ':', '\\']))
            })
        })
}

/// A key made from a parameter of a named local function (`function issue(p, secret) { return
/// jwt.sign(p, secret) }`, `fn key(secret: &str) -> EncodingKey {
/// EncodingKey::from_secret(secret.as_bytes()) }`, through [`Eval::param_source`]): the arguments
/// its callers in this file pass for it (`issue(user, 'dev')`, a keyword argument `secret='dev'`
/// too). One level: a caller's own parameter is not followed further.
///
/// Callers: plain calls of a top-level function's name; calls of a method by `this.`, `self.`,
/// `Self::`, `$this->`, `static::` or its class's name, from inside that class (and plainly,
/// where a language calls its own methods so: Ruby, Java, Kotlin, C#). Another object's method
/// of the same name is not the helper (`mailer.issueToken(...)`, `this.sign(...)` in another
/// class), nor, where a name is overloaded, a call whose arguments do not fit this one.
fn wrapper_key_args(ev: &Eval, facts: &Facts, k: ExprId) -> Vec<ExprId> {
    use crate::lang::Language as L;
    let Some((name, fi)) = ev.param_source(k) else {
        return Vec::new();
    };
    let func = &facts.functions[fi];
    let Some(index) = func.params.iter().position(|p| p.name == name) else {
        return Vec::new();
    };
    // The class the function is a method of, if any.
    let class = facts.class_at(func.body);
    // A constructor's callers make an object: `new TokenService('k')`, `JWTAuth("k")`,
    // `TokenService.new('k')`, from anywhere in the file.
    if let Some(cls) = class
        && crate::value::is_constructor(facts.lang, &func.name, &cls.name)
    {
        let receiver = func.params.first().is_some_and(|p| p.name == "self");
        let mut out = Vec::new();
        for &c in &facts.calls {
            let Expr::Call { callee, args, .. } = facts.expr(c) else {
                continue;
            };
            let makes = match facts.expr(*callee) {
                Expr::Ident(n) if n == "super" => {
                    // A subclass's constructor passing it on: `super('k')` in `extends C`.
                    facts
                        .class_at(facts.span(c))
                        .is_some_and(|k| k.bases.contains(&cls.name))
                }
                Expr::Ident(n) => *n == cls.name,
                Expr::Member { obj, name: m, .. } => {
                    m == "new" && matches!(facts.expr(*obj), Expr::Ident(o) if *o == cls.name)
                }
                _ => false,
            };
            if !makes {
                continue;
            }
            let arg = facts
                .named(args, &name)
                .or_else(|| facts.positional(args, index - usize::from(receiver)));
            out.extend(arg);
        }
        return out;
    }
    let names = ev.function_names(fi);
    if names.is_empty() {
        return Vec::new();
    }
    let plain_calls_methods = matches!(facts.lang, L::Ruby | L::Java | L::Kotlin | L::CSharp);
    // A method's `self`/`cls` parameter is not passed positionally.
    let receiver = matches!(
        func.params.first().map(|p| p.name.as_str()),
        Some("self" | "cls" | "&self" | "&mut self" | "mut self")
    );
    let params = func.params.len() - usize::from(receiver);
    let required = func
        .params
        .iter()
        .skip(usize::from(receiver))
        .filter(|p| p.default.is_none())
        .count();
    let mut out = Vec::new();
    for &c in &facts.calls {
        let Expr::Call { callee, args, .. } = facts.expr(c) else {
            continue;
        };
        // (name called, called by its class's name: from anywhere in the file)
        let (called, by_class_name) = match facts.expr(*callee) {
            Expr::Ident(n) if class.is_none() || plain_calls_methods => (n.as_str(), false),
            Expr::Member { obj, name, .. } => {
                let (Some(cls), Expr::Ident(o)) = (class, facts.expr(*obj)) else {
                    continue;
                };
                let by_class_name = *o == cls.name;
                let own = by_class_name
                    || matches!(
                        o.as_str(),
                        "this" | "self" | "Self" | "cls" | "$this" | "static"
                    );
                if !own {
                    continue;
                }
                (name.as_str(), by_class_name)
            }
            _ => continue,
        };
        if !names.contains(&called)
            || class.is_some_and(|cls| !by_class_name && !cls.body.contains(facts.span(c)))
        {
            continue;
        }
        // Overloads: only calls whose arguments fit this one.
        if names.iter().any(|n| ev.functions_named(n).len() > 1)
            && !(required..=params).contains(&args.len())
        {
            continue;
        }
        let arg = facts.named(args, &name).or_else(|| {
            let member = matches!(facts.expr(*callee), Expr::Member { .. });
            let i = if receiver && !member {
                index
            } else {
                index - usize::from(receiver)
            };
            facts.positional(args, i)
        });
        if let Some(a) = arg {
            out.push(a);
        }
    }
    out
}

/// Context names switched on by the file's imports or text.
fn active_context_names(
    cat: &Catalog,
    facts: &Facts,
    src: &str,
) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for c in &cat.context_names {
        let on = c.when.iter().any(|w| {
            facts
                .import_paths
                .iter()
                .any(|p| p == w || p.starts_with(&format!("{w}.")))
                || src.contains(w.as_str())
        });
        if on && !c.unless.iter().any(|u| names_in_code(facts, src, u)) {
            out.extend(c.names.iter().cloned());
        }
    }
    out
}

/// Does the code (not a comment) say `name`, as a name or a whole string?
fn names_in_code(facts: &Facts, src: &str, name: &str) -> bool {
    use crate::lang::lexer::TokKind;
    facts.lexed.toks.iter().any(|t| match t.kind {
        TokKind::Ident => &src[t.start as usize..t.end as usize] == name,
        TokKind::Str(i) => facts.lexed.strs[i as usize].value == name,
        _ => false,
    })
}

fn is_env_call_with_default(ev: &Eval, facts: &Facts, id: ExprId) -> bool {
    let Expr::Call {
        callee, args, init, ..
    } = facts.expr(id)
    else {
        return false;
    };
    // Fallback methods may take no argument (`unwrap_or_default()`).
    if let Expr::Member { name, .. } = facts.expr(*callee)
        && ev.cat.fallback_methods.contains(name.as_str())
    {
        return true;
    }
    // Every other form takes its default (or its name) as an argument: `getenv('X', 'd')`,
    // `coalesce(a, b)`, a wrapper with parameters. Most calls have none.
    if args.is_empty() && init.is_none() {
        return false;
    }
    let canon = ev.canonical(*callee);
    if any_match(&ev.cat.coalesce, &canon) || ev.env_wrapper(*callee).is_some() {
        return true;
    }
    if ev
        .cat
        .env
        .iter()
        .any(|e| e.default.is_some() && any_match(&e.call, &canon))
    {
        return true;
    }
    false
}

/// One case-insensitive pass, no lower-cased copy of the file (a 50 MB bundle was copied and
/// searched eight times).
/// Does the code say `jwt` (any case) in a name, a string or an import? Comments do not count:
/// a comment is not a use.
fn mentions_jwt(facts: &Facts, src: &str) -> bool {
    facts.lexed.toks.iter().any(|t| {
        src.as_bytes()
            .get(t.start as usize..t.end as usize)
            .is_some_and(|b| b.windows(3).any(|w| w.eq_ignore_ascii_case(b"jwt")))
    })
}

fn mentions_twitter(src: &str) -> bool {
    static WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "consumer_key",
                "consumer_secret",
                "consumerkey",
                "consumersecret",
                "twitter",
                "tweepy",
                "twit(",
                "oauth_token_secret",
            ])
            .expect("fixed patterns")
    });
    WORDS.is_match(src)
}

fn is_twitter_like(name: &str) -> bool {
    let w = crate::names::split_words(name);
    w.ends_with(&["token".to_string(), "secret".to_string()])
        || w.ends_with(&["access".to_string(), "secret".to_string()])
}

/// Browser code cannot verify an HMAC token (it has no secret); decoding there is display-only.
pub fn is_client_path(path: &str, lang: crate::lang::Language) -> bool {
    let p = path.to_ascii_lowercase();
    let segs: Vec<&str> = p.split('/').collect();
    if segs.iter().any(|s| {
        matches!(
            *s,
            "api"
                | "server"
                | "backend"
                | "functions"
                | "lambda"
                | "middleware"
                | "routes"
                | "controllers"
        )
    }) {
        return false;
    }
    let client_dir = segs.iter().any(|s| {
        matches!(
            *s,
            "client"
                | "frontend"
                | "front-end"
                | "web-client"
                | "components"
                | "hooks"
                | "store"
                | "redux"
                | "views"
                | "pages"
                | "public"
                | "static"
                | "browser"
                | "ui"
                | "composables"
                | "screens"
                | "app-client"
                | "stores"
                | "frontend-app"
        )
    });
    let jsx = lang.is_js()
        && (p.ends_with(".jsx")
            || p.ends_with(".tsx")
            || p.ends_with(".vue")
            || p.ends_with(".svelte"));
    client_dir || jsx
}

#[allow(clippy::too_many_arguments)]
fn handle_call(
    ev: &Eval,
    facts: &Facts,
    call: ExprId,
    callee_span: Span,
    callee_text: &str,
    lib: &Library,
    spec: &CallSpec,
    client_side: bool,
    ctx: &CodeCtx,
    out: &mut Vec<Evidence>,
) {
    let sink = SinkRef {
        span: callee_span,
        callee: callee_text.to_string(),
        library: lib.id.clone(),
        role: spec.role,
        key_length_check: lib.key_length_check.clone(),
    };
    // Algorithms named at this call.
    let mut algs: Vec<(Alg, Span)> = Vec::new();
    let mut alg_strings: Vec<(String, Span)> = Vec::new();
    for sel in [&spec.alg, &spec.algorithms].into_iter().flatten() {
        for s in ev.select(call, sel) {
            match s {
                Sel::Expr(x) => alg_strings.extend(ev.strings(x)),
                Sel::Const(c) => alg_strings.push((c, callee_span)),
            }
        }
    }
    for (s, sp) in &alg_strings {
        if let Some(a) = Alg::parse(s) {
            algs.push((a, *sp));
        }
    }
    let mut keyless_none = false;
    // none-algorithm: `'none'` named as the algorithm or in the allow-list.
    for (a, sp) in &algs {
        if *a == Alg::None {
            let what = match spec.role {
                Role::Sign => format!(
                    "{callee_text} signs with the \"none\" algorithm: the token carries no signature"
                ),
                _ => format!(
                    "{callee_text} accepts the \"none\" algorithm: anyone can forge a token"
                ),
            };
            out.push(Evidence::NoneAlgorithm {
                span: *sp,
                message: what,
                fix: format!(
                    "allow only the algorithm you sign with, e.g. '{}'",
                    lib.default_alg.name()
                ),
            });
        }
    }
    if spec.role == Role::None {
        out.push(Evidence::NoneAlgorithm {
            span: facts.span(call),
            message: spec.none_message.clone().unwrap_or_else(|| format!("{callee_text} uses the \"none\" algorithm: tokens carry no signature")),
            fix: format!("sign and verify with a real algorithm, e.g. {} with a 32-byte key from the environment", lib.default_alg.name()),
        });
        return;
    }
    for sel in &spec.none_when_false {
        for s in ev.select(call, sel) {
            if let Sel::Expr(x) = s
                && matches!(facts.expr(x), Expr::Bool(false))
            {
                let field = match sel.alts.first().and_then(|a| a.last()) {
                    Some(crate::ruleset::Step::Field(f)) => f.clone(),
                    _ => "this option".to_string(),
                };
                out.push(Evidence::NoneAlgorithm {
                    span: facts.span(x),
                    message: format!("`{field} = false` lets unsigned (\"none\") tokens through"),
                    fix: format!("remove it ({field} defaults to true)"),
                });
            }
        }
    }
    for sel in &spec.none_when_lambda {
        for s in ev.select(call, sel) {
            if let Sel::Expr(x) = s
                && let Expr::Lambda { func, .. } = facts.expr(x)
            {
                let body = facts.functions[*func as usize].body;
                let text = ev.src.get(body.range()).unwrap_or("");
                if !text.contains("throw")
                    && !text.contains("Validate")
                    && !text.contains("Verify")
                    && !text.contains("verify")
                {
                    out.push(Evidence::NoneAlgorithm {
                            span: facts.span(x),
                            message: "this signature validator accepts every token without checking its signature".to_string(),
                            fix: "remove the custom validator and let the handler verify signatures with IssuerSigningKey".to_string(),
                        });
                }
            }
        }
    }
    // A key constructor for something else (`new SecretKeySpec(bytes, "AES")`) is not a JWT key.
    if spec.role == Role::Key
        && algs.is_empty()
        && !alg_strings.is_empty()
        && alg_strings.iter().all(|(_, sp)| {
            ev.src
                .get(sp.range())
                .is_some_and(|t| t.starts_with(['"', '\'']))
        })
    {
        return;
    }
    let hmac_algs: Vec<Alg> = algs
        .iter()
        .map(|(a, _)| *a)
        .filter(|a| a.is_hmac())
        .collect();
    let asym = algs.iter().any(|(a, _)| *a == Alg::Asymmetric) && hmac_algs.is_empty();
    let alg = hmac_algs
        .iter()
        .copied()
        .max()
        .or(if asym { None } else { Some(lib.default_alg) });

    // Keys.
    if matches!(
        spec.role,
        Role::Sign | Role::Verify | Role::Config | Role::Key
    ) && let Some(ksel) = &spec.key
    {
        for s in ev.select(call, ksel) {
            let Sel::Expr(k) = s else { continue };
            let mut origins = ev.eval(k);
            // The key is a parameter of a local helper: what its callers in this file pass.
            for a in wrapper_key_args(ev, facts, k) {
                origins.extend(ev.eval(a));
            }
            // jjwt's legacy `signWith(alg, String)` Base64-decodes the string it is given.
            let bytes_value = |x: ExprId| matches!(facts.expr(x), Expr::Call { .. });
            let key_is_bytes = bytes_value(k)
                || matches!(facts.expr(k), Expr::Ident(n) if ev.ident_values(n, facts.span(k)).into_iter().any(bytes_value));
            if let Some(enc) = spec.key_encoding
                && !key_is_bytes
            {
                for o in &mut origins {
                    if let OKind::Lit(l) = &mut o.kind
                        && l.enc == crate::judge::Encoding::Utf8
                    {
                        l.enc = enc;
                    }
                }
            }
            // With an explicit algorithms list that leaves out `none`, a missing key fails
            // verification instead of accepting unsigned tokens.
            let algs_exclude_none =
                || !algs.is_empty() && algs.iter().all(|(a, _)| *a != Alg::None);
            if spec.falsy_key_none
                && spec.role == Role::Verify
                && !origins.is_empty()
                && origins
                    .iter()
                    .all(|o| matches!(o.kind, OKind::Falsy) && o.fallback.is_none())
                && !algs_exclude_none()
            {
                keyless_none = true;
                out.push(Evidence::NoneAlgorithm {
                        span: facts.span(k),
                        message: format!("{callee_text} is called without a key: jsonwebtoken 8 and earlier then accept unsigned (\"none\") tokens"),
                        fix: "pass the verification key and an explicit algorithms list".into(),
                    });
                continue;
            }
            if asym {
                continue;
            }
            for o in origins {
                out.push(Evidence::Secret(SecretUse {
                    origin: o,
                    sinks: vec![sink.clone()],
                    name: None,
                    alg,
                }));
            }
        }
    }

    // missing-algorithms on verify calls of libraries where the omission is unsafe.
    let no_verify = spec.no_verify.as_ref().is_some_and(|nv| {
        ev.select(call, nv).into_iter().any(|s| match s {
            Sel::Expr(x) => {
                matches!(facts.expr(x), Expr::Bool(true))
                    || facts.as_str(x).is_some_and(|v| !v.is_empty())
            }
            Sel::Const(_) => false,
        })
    });
    let verify_off = spec.verify_flag.as_ref().is_some_and(|vf| {
        ev.select(call, vf)
            .into_iter()
            .any(|s| matches!(s, Sel::Expr(x) if matches!(facts.expr(x), Expr::Bool(false))))
    });
    let key_present = spec
        .key
        .as_ref()
        .is_some_and(|k| !ev.select(call, k).is_empty());
    if spec.unverified_without_key {
        let keys: Vec<ExprId> = spec
            .key
            .as_ref()
            .map(|k| ev.select(call, k))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| match s {
                Sel::Expr(x) => Some(x),
                Sel::Const(_) => None,
            })
            .collect();
        if keys.iter().all(|&k| matches!(facts.expr(k), Expr::Null)) {
            out.push(Evidence::UnverifiedDecode {
                span: callee_span,
                callee: callee_text.to_string(),
                library: lib.id.clone(),
                fix: spec
                    .decode_fix
                    .clone()
                    .unwrap_or_else(|| "pass the verification key".into())
                    .replace("{ALG}", lib.default_alg.name()),
                explicit: true,
            });
            return;
        }
    }
    // A keyless verify already reported as accepting `none` needs no missing-algorithms too.
    if spec.role == Role::Verify
        && !verify_off
        && !keyless_none
        && (key_present || !spec.missing_requires_key)
    {
        let (missing_note, missing_severity) = missing_for(spec, ctx);
        if let (Some(asel), Some(note)) = (&spec.algorithms, &missing_note) {
            let method_checked = spec.method_check_in.as_ref().is_some_and(|m| {
                ev.select(call, m).into_iter().any(|s| match s {
                    Sel::Expr(x) => {
                        let body = match facts.expr(x) {
                            Expr::Lambda { func, .. } => Some(facts.functions[*func as usize].body),
                            Expr::Ident(n) => facts
                                .functions
                                .iter()
                                .find(|f| &f.name == n)
                                .map(|f| f.body)
                                .or_else(|| {
                                    ev.ident_values(n, facts.span(x)).into_iter().find_map(|v| {
                                        match facts.expr(v) {
                                            Expr::Lambda { func, .. } => {
                                                Some(facts.functions[*func as usize].body)
                                            }
                                            _ => None,
                                        }
                                    })
                                }),
                            Expr::Member { name, .. } => facts
                                .functions
                                .iter()
                                .find(|f| &f.name == name)
                                .map(|f| f.body),
                            _ => None,
                        };
                        body.and_then(|b| ev.src.get(b.range())).is_some_and(|t| {
                            spec.method_check_tokens
                                .iter()
                                .any(|k| t.contains(k.as_str()))
                        })
                    }
                    Sel::Const(_) => false,
                })
            });
            if !no_verify
                && !method_checked
                && algs.is_empty()
                && alg_strings.is_empty()
                && options_missing(ev, facts, call, asel)
            {
                let fix_alg = lib.default_alg.name();
                out.push(Evidence::MissingAlgorithms {
                    span: callee_span,
                    callee: callee_text.to_string(),
                    library: lib.id.clone(),
                    note: note.clone(),
                    severity: missing_severity,
                    fix: spec
                        .algorithms_fix
                        .clone()
                        .unwrap_or_else(|| "pass an explicit algorithms allow-list".into())
                        .replace("{ALG}", fix_alg),
                });
            }
        }
        if no_verify && !decode_is_harmless(ev, facts, call, spec, client_side) {
            out.push(Evidence::UnverifiedDecode {
                span: callee_span,
                callee: callee_text.to_string(),
                library: lib.id.clone(),
                fix: spec
                    .decode_fix
                    .clone()
                    .unwrap_or_default()
                    .replace("{ALG}", lib.default_alg.name()),
                explicit: true,
            });
        }
    }
    {
        let off = verify_off;
        if off && !decode_is_harmless(ev, facts, call, spec, client_side) {
            out.push(Evidence::UnverifiedDecode {
                span: callee_span,
                callee: callee_text.to_string(),
                library: lib.id.clone(),
                fix: spec
                    .decode_fix
                    .clone()
                    .unwrap_or_default()
                    .replace("{ALG}", lib.default_alg.name()),
                explicit: true,
            });
        }
    }

    if matches!(spec.role, Role::Decode | Role::Unverified) {
        if decode_is_harmless(ev, facts, call, spec, client_side) {
            return;
        }
        out.push(Evidence::UnverifiedDecode {
            span: callee_span,
            callee: callee_text.to_string(),
            library: lib.id.clone(),
            fix: spec
                .decode_fix
                .clone()
                .unwrap_or_else(|| "verify the signature before trusting the claims".into())
                .replace("{ALG}", lib.default_alg.name()),
            explicit: spec.role == Role::Unverified,
        });
    }
}

/// The options argument that should carry the algorithms list is absent or a closed object
/// literal without it (an options object from elsewhere might carry it: not reported).
fn options_missing(ev: &Eval, facts: &Facts, call: ExprId, sel: &crate::ruleset::Selector) -> bool {
    use crate::ruleset::Step;
    let Expr::Call { args, init, .. } = facts.expr(call) else {
        return false;
    };
    // Present (even with a value we cannot read): not missing. `algorithms=None` is absent.
    let found = ev.select(call, sel);
    if !found.is_empty()
        && !found
            .iter()
            .all(|s| matches!(s, Sel::Expr(x) if matches!(facts.expr(*x), Expr::Null)))
    {
        return false;
    }
    let spread = args.iter().any(|a| {
        matches!(
            facts.expr(a.value),
            Expr::Unary {
                op: UnOp::Spread,
                ..
            }
        )
    });
    // Every alternative must be known to be absent.
    sel.alts.iter().all(|alt| match alt.first() {
        Some(Step::Arg(n)) => match facts.positional(args, *n) {
            None => !spread,
            Some(opt) => {
                alt.len() > 1
                    && (matches!(facts.expr(opt), Expr::Lambda { .. }) || ev.object_is_closed(opt))
            }
        },
        Some(Step::Kw(_)) | Some(Step::ArgCall(_)) => !spread,
        Some(Step::Init) | Some(Step::Field(_)) => match init {
            Some(o) => !facts.object_is_open(*o),
            None => true,
        },
        Some(Step::Chain(_)) => true,
        _ => false,
    })
}

fn decode_is_harmless(
    ev: &Eval,
    facts: &Facts,
    call: ExprId,
    spec: &CallSpec,
    client_side: bool,
) -> bool {
    if client_side {
        return true;
    }
    let args: &[Arg] = match facts.expr(call) {
        Expr::Call { args, .. } => args,
        _ => &[],
    };
    // The token: the first argument, or the constructor argument of the receiver
    // (`JWT::EncodedToken.new(raw).unverified_payload`); none at all (a validation switch like
    // `insecure_disable_signature_validation()`) is never harmless.
    let receiver_arg = || {
        let callee = match facts.expr(call) {
            Expr::Call { callee, .. } => *callee,
            _ => call,
        };
        let Expr::Member { obj, .. } = facts.expr(callee) else {
            return None;
        };
        ev.calls_of(*obj)
            .into_iter()
            .find_map(|c| match facts.expr(c) {
                Expr::Call { args, .. } => args.first().map(|a| a.value),
                _ => None,
            })
    };
    let Some(token) = facts
        .positional(args, 0)
        .or_else(|| args.first().map(|a| a.value))
        .or_else(receiver_arg)
    else {
        return false;
    };
    let token_text = ev.text(token);
    // `{ complete: true }` header peeks (to pick a key by `kid`).
    if let Some(h) = &spec.header_option
        && ev
            .select(call, h)
            .into_iter()
            .any(|s| matches!(s, Sel::Expr(x) if matches!(facts.expr(x), Expr::Bool(true))))
    {
        return true;
    }
    // `decode(t).exp`, `decode(t).header`, `const { exp } = decode(t)`
    // Reading only the header or the timestamps (`decode(t).exp`, `.ValidTo`, `.getExpiresAt()`).
    let harmless = |name: &str| {
        let n = name.to_ascii_lowercase();
        let n = n
            .strip_prefix("get")
            .unwrap_or(&n)
            .trim_start_matches('_')
            .replace('_', "");
        matches!(
            n.as_str(),
            "header"
                | "headers"
                | "exp"
                | "iat"
                | "nbf"
                | "kid"
                | "alg"
                | "typ"
                | "expiresat"
                | "expiration"
                | "expires"
                | "validto"
                | "validfrom"
                | "issuedat"
                | "notbefore"
                | "keyid"
                | "algorithm"
                | "type"
                | "expirationtime"
                | "jti"
                | "jwtid"
                | "id"
        )
    };
    // Steps from a decoded token to its claims: `.first`, `.payload`, `.getJWTClaimsSet()`.
    let to_claims = |name: &str| {
        let n = name.to_ascii_lowercase();
        let n = n.strip_prefix("get").unwrap_or(&n).replace('_', "");
        matches!(
            n.as_str(),
            "first" | "last" | "payload" | "claims" | "claimsset" | "jwtclaimsset" | "body"
        )
    };
    // Walk up through `.first` / `[0]` (ruby-jwt returns [payload, header]) to what is read.
    let mut cur = call;
    for _ in 0..5 {
        let Some(p) = ev.parent(cur) else { break };
        match facts.expr(p) {
            Expr::Member { name, .. } if harmless(name) => return true,
            Expr::Member { name, .. } if to_claims(name) => cur = p,
            // `x.getJWTClaimsSet()`: the call of a member just stepped through.
            Expr::Call { callee, .. } if *callee == cur => cur = p,
            Expr::Index { index, .. } => {
                if let Some(k) = facts.as_str(*index) {
                    if harmless(k) {
                        return true;
                    }
                    break;
                }
                if matches!(facts.expr(*index), Expr::Num) {
                    cur = p;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    // `claims = decode(t).first` followed only by `claims['exp']` reads: an expiry check.
    let harmless_use = |u: ExprId| match ev.parent(u).map(|p| facts.expr(p)) {
        Some(Expr::Member { name, .. }) => harmless(name),
        Some(Expr::Index { index, .. }) => facts.as_str(*index).is_some_and(harmless),
        _ => false,
    };
    if let Some(name) = facts
        .bindings
        .iter()
        .find(|b| b.value == cur && b.path.len() == 1)
        .map(|b| b.path[0].clone())
    {
        let call_span = facts.span(call);
        let scope = facts
            .functions
            .iter()
            .filter(|f| f.body.contains(call_span))
            .min_by_key(|f| f.body.end - f.body.start)
            .map(|f| f.body)
            .unwrap_or(Span::new(0, ev.src.len() as u32));
        let uses: Vec<ExprId> = facts
            .exprs
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                let sp = facts.span(*i as ExprId);
                matches!(e, Expr::Ident(n) if *n == name)
                    && scope.contains(sp)
                    && sp.start > call_span.end
            })
            .map(|(i, _)| i as ExprId)
            .collect();
        if !uses.is_empty() && uses.iter().all(|&u| harmless_use(u)) {
            return true;
        }
    }

    // Verified elsewhere with the same token in this file (decode-then-verify).
    let call_span = facts.span(call);
    let enclosing = facts
        .functions
        .iter()
        .filter(|f| f.body.contains(call_span))
        .min_by_key(|f| f.body.end - f.body.start)
        .map(|f| f.body);
    for &other in &facts.calls {
        if other == call {
            continue;
        }
        let Expr::Call {
            callee,
            args: oargs,
            ..
        } = facts.expr(other)
        else {
            continue;
        };
        let canon = ev.canonical(*callee);
        // PyJWT style: the verifying call is the same function with verification left on.
        let verifies_too = spec.role == Role::Verify
            && any_match(&spec.callee, &canon)
            && !spec.verify_flag.as_ref().is_some_and(|vf| {
                ev.select(other, vf).into_iter().any(
                    |s| matches!(s, Sel::Expr(x) if matches!(facts.expr(x), Expr::Bool(false))),
                )
            });
        if !any_match(&spec.verified_by, &canon) && !verifies_too {
            continue;
        }
        let same_token = oargs
            .first()
            .is_some_and(|a| ev.text(a.value) == token_text);
        let same_fn = match enclosing {
            Some(b) => b.contains(facts.span(other)),
            None => !facts
                .functions
                .iter()
                .any(|f| f.body.contains(facts.span(other))),
        };
        if same_fn && (same_token || enclosing.is_some()) {
            return true;
        }
    }
    false
}

/// Analyse a configuration file's entries.
pub fn config_evidence(
    entries: &[crate::formats::Entry],
    rules: &RuleSet,
    join_with: &str,
    file_name: &str,
) -> Vec<Evidence> {
    // Rails `config/secrets.yml`: development and test keys are committed by design.
    let rails_secrets = matches!(file_name, "secrets.yml" | "secrets.yaml");
    use crate::judge::Encoding;
    use crate::value::{Fallback, Lit, parse_placeholder};
    let mut out = Vec::new();
    // Asked only for a secret-named entry: most configuration files have none, and a 4 MB API
    // model has a hundred thousand keys.
    let twitter = std::cell::OnceCell::new();
    let mentions_twitter = || {
        *twitter.get_or_init(|| {
            entries.iter().flat_map(|e| e.path.iter()).any(|p| {
                let l = p.to_ascii_lowercase();
                l.contains("consumer_key") || l.contains("consumer_secret") || l.contains("twitter")
            })
        })
    };
    for e in entries {
        // A bare `Secret` is a JWT secret when its value says so (the ASP.NET sample's
        // `"AppSettings": {"Secret": "THIS IS USED TO SIGN AND VERIFY JWT TOKENS..."}`).
        let says_jwt = || {
            e.path.last().is_some_and(|k| {
                let w = crate::names::split_words(k);
                w.len() == 1 && BARE_SECRET_KEYS.contains(&w[0].as_str())
            }) && e.value.contains(' ')
                && e.value.to_ascii_lowercase().contains("jwt")
                && !e.path.iter().rev().skip(1).take(3).any(|p| {
                    crate::names::split_words(p)
                        .first()
                        .is_some_and(|w| rules.names.providers.contains(w))
                })
        };
        if !is_jwt_secret_path(&e.path, &rules.names) && !says_jwt() {
            continue;
        }
        // Test-runner settings (`[tool.pytest.ini_options] env = ["JWT_SECRET=..."]`) are test code.
        if e.path.iter().any(|p| {
            let l = p.to_ascii_lowercase();
            l == "pytest" || l == "ini_options" || l == "jest" || l == "vitest"
        }) {
            continue;
        }
        if rails_secrets
            && e.path
                .first()
                .is_some_and(|p| matches!(p.as_str(), "development" | "test"))
        {
            continue;
        }
        let name = e.path.last().cloned().unwrap_or_default();
        if is_twitter_like(&name) && mentions_twitter() {
            continue;
        }
        let display = match e.path.len() {
            0 => String::new(),
            1 => e.path[0].clone(),
            _ => {
                // Environment lists read best as the variable name alone.
                let parent = e.path[e.path.len() - 2].to_ascii_lowercase();
                if matches!(
                    parent.as_str(),
                    "environment"
                        | "env"
                        | "data"
                        | "stringdata"
                        | "variables"
                        | "vars"
                        | "args"
                        | "build_args"
                        | "secrets"
                        | "parameters"
                        | "values"
                ) {
                    name.clone()
                } else {
                    e.path.join(join_with)
                }
            }
        };
        // Sibling algorithm setting (`jwt.algorithm: HS512`, `JWT_ALGORITHM=HS512`).
        let parent = &e.path[..e.path.len().saturating_sub(1)];
        let alg = entries
            .iter()
            .filter(|o| o.path.len() == e.path.len() && o.path[..o.path.len() - 1] == *parent)
            .filter(|o| {
                crate::names::split_words(o.path.last().map(String::as_str).unwrap_or(""))
                    .iter()
                    .any(|w| w.starts_with("alg"))
            })
            .find_map(|o| Alg::parse(&o.value))
            .filter(|a| a.is_hmac());
        // Generated by the script itself (`$(openssl rand -hex 16)`, `$RANDOM`).
        if let Some(g) = &e.generated {
            out.push(Evidence::Secret(SecretUse {
                origin: Origin {
                    kind: OKind::Gen {
                        kind: g.kind,
                        name: g.name.clone(),
                        bytes: g.bytes,
                    },
                    span: e.span,
                    fallback: None,
                },
                sinks: Vec::new(),
                name: Some(display),
                alg,
            }));
            continue;
        }
        let mut value = e.value.clone();
        if e.base64 {
            match crate::judge::decode_base64_text(&value) {
                Some(v) => value = v,
                None => continue,
            }
        }
        // Hasura: `{"type":"HS256","key":"..."}`
        if value.trim_start().starts_with('{') && value.contains("\"key\"") {
            let inner = crate::formats::json::parse(&value);
            if let Some(k) = inner.iter().find(|x| x.path == ["key"]) {
                let exact = !e.base64 && e.span.end - e.span.start == value.len() as u32;
                let span = if exact {
                    Span::new(e.span.start + k.span.start, e.span.start + k.span.end)
                } else {
                    e.span
                };
                let origin = Origin {
                    kind: OKind::Lit(Lit {
                        text: k.value.clone(),
                        enc: Encoding::Utf8,
                        masks: vec![span],
                        hashed: false,
                    }),
                    span,
                    fallback: None,
                };
                out.push(Evidence::Secret(SecretUse {
                    origin,
                    sinks: Vec::new(),
                    name: Some(display.clone()),
                    alg,
                }));
            }
            continue;
        }
        if let Some(ph) = parse_placeholder(&value) {
            if let Some((d, off)) = ph.default {
                let exact = !e.base64 && e.span.end - e.span.start == value.len() as u32;
                let span = if exact {
                    Span::new(
                        e.span.start + off as u32,
                        e.span.start + (off + d.len()) as u32,
                    )
                } else {
                    e.span
                };
                let origin = Origin {
                    kind: OKind::Lit(Lit {
                        text: d,
                        enc: Encoding::Utf8,
                        masks: vec![span],
                        hashed: false,
                    }),
                    span,
                    fallback: Some(Fallback { of: Some(ph.name) }),
                };
                out.push(Evidence::Secret(SecretUse {
                    origin,
                    sinks: Vec::new(),
                    name: Some(display.clone()),
                    alg,
                }));
            }
            continue;
        }
        let origin = Origin {
            kind: OKind::Lit(Lit {
                text: value,
                enc: Encoding::Utf8,
                masks: vec![e.span],
                hashed: false,
            }),
            span: e.span,
            fallback: None,
        };
        out.push(Evidence::Secret(SecretUse {
            origin,
            sinks: Vec::new(),
            name: Some(display),
            alg,
        }));
    }
    out
}
