//! Where a value comes from: literals (with their spans), configuration lookups, random or
//! time-based generators, or something unknown. Values are followed within a file through
//! constants, fields, object literals, template strings, wrappers like `Buffer.from(x, 'base64')`
//! and local helper functions; fallbacks (`a || 'x'`, `get(k, 'x')`) are marked as such.

use crate::facts::*;
use crate::judge::Encoding;
use crate::lang::lexer::Piece;
use crate::ruleset::{Catalog, GenKind, Selector, Step, any_match};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

const MAX_DEPTH: u32 = 12;
const MAX_ORIGINS: usize = 24;

#[derive(Debug, Clone, PartialEq)]
pub struct Lit {
    /// The literal text as the program sees it (escapes decoded, pieces concatenated).
    pub text: String,
    pub enc: Encoding,
    /// Source ranges holding the secret text (masked in output).
    pub masks: Vec<Span>,
    /// Passed through a hash: the key is derived from this text.
    pub hashed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OKind {
    Lit(Lit),
    Env {
        name: Option<String>,
    },
    Gen {
        kind: GenKind,
        name: String,
        bytes: Option<u64>,
    },
    Falsy,
    Unknown,
}

/// A fallback: the value is used when a configuration lookup comes back empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Fallback {
    /// The variable or key looked up (`JWT_SECRET`), when known.
    pub of: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub kind: OKind,
    pub span: Span,
    pub fallback: Option<Fallback>,
}

impl Origin {
    fn new(kind: OKind, span: Span) -> Origin {
        Origin {
            kind,
            span,
            fallback: None,
        }
    }
    pub fn unknown(span: Span) -> Origin {
        Origin::new(OKind::Unknown, span)
    }
    pub fn is_config(&self) -> bool {
        matches!(self.kind, OKind::Env { .. } | OKind::Unknown)
    }
    pub fn env_name(&self) -> Option<&str> {
        match &self.kind {
            OKind::Env { name } => name.as_deref(),
            _ => None,
        }
    }
}

/// A selected value: an expression or a constant from the rule data.
#[derive(Debug, Clone)]
pub enum Sel {
    Expr(ExprId),
    Const(String),
}

pub struct Eval<'a> {
    pub f: &'a Facts,
    pub src: &'a str,
    pub cat: &'a Catalog,
    imports: HashMap<&'a str, &'a str>,
    by_path: HashMap<String, Vec<usize>>,
    typed: HashMap<&'a str, &'a str>,
    fns: HashMap<&'a str, Vec<usize>>,
    parents: RefCell<Option<Vec<ExprId>>>,
    visiting: RefCell<HashSet<ExprId>>,
    budget: Cell<u32>,
}

fn join(path: &[String]) -> String {
    path.join("\u{1f}")
}

impl<'a> Eval<'a> {
    pub fn new(f: &'a Facts, src: &'a str, cat: &'a Catalog) -> Eval<'a> {
        let mut imports = HashMap::new();
        for i in &f.imports {
            imports.insert(i.local.as_str(), i.target.as_str());
        }
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, b) in f.bindings.iter().enumerate() {
            by_path.entry(join(&b.path)).or_default().push(i);
        }
        let mut typed = HashMap::new();
        for (n, t) in &f.typed {
            typed.entry(n.as_str()).or_insert(t.as_str());
        }
        let mut fns: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, func) in f.functions.iter().enumerate() {
            if !func.name.is_empty() {
                fns.entry(func.name.as_str()).or_default().push(i);
            }
        }
        // `const helper = () => ...` names a function too.
        for b in &f.bindings {
            if b.path.len() == 1
                && let Expr::Lambda { func, .. } = f.expr(b.value)
            {
                fns.entry(b.path[0].as_str())
                    .or_default()
                    .push(*func as usize);
            }
        }
        Eval {
            f,
            src,
            cat,
            imports,
            by_path,
            typed,
            fns,
            parents: RefCell::new(None),
            visiting: RefCell::new(HashSet::new()),
            budget: Cell::new(20_000),
        }
    }

    fn spend(&self) -> bool {
        let b = self.budget.get();
        if b == 0 {
            return false;
        }
        self.budget.set(b - 1);
        true
    }

    pub fn text(&self, id: ExprId) -> &'a str {
        let s = self.f.span(id);
        self.src.get(s.range()).unwrap_or("")
    }

    /// Parent of each expression (computed on first use).
    pub fn parent(&self, id: ExprId) -> Option<ExprId> {
        let mut p = self.parents.borrow_mut();
        if p.is_none() {
            let mut v = vec![u32::MAX; self.f.exprs.len()];
            for (i, e) in self.f.exprs.iter().enumerate() {
                for c in children(e) {
                    if (c as usize) < v.len() {
                        v[c as usize] = i as u32;
                    }
                }
            }
            *p = Some(v);
        }
        p.as_ref()
            .and_then(|v| v.get(id as usize).copied())
            .filter(|x| *x != u32::MAX)
    }

    // ---------------------------------------------------------------- canonical names

    /// The canonical path of an expression: imports resolved (`jwt.sign` -> `jsonwebtoken.sign`),
    /// typed receivers resolved (`this.jwtService.sign` -> `@nestjs/jwt.JwtService.sign`), calls
    /// rendered as `()`.
    pub fn canonical(&self, id: ExprId) -> String {
        self.canon(id, 0)
    }

    fn type_path(&self, ty: &str) -> String {
        match self.imports.get(ty) {
            Some(t) => t.to_string(),
            None => ty.to_string(),
        }
    }

    fn canon(&self, id: ExprId, depth: u32) -> String {
        if depth > 8 {
            return "?".into();
        }
        match self.f.expr(id) {
            Expr::Ident(n) => {
                if let Some(t) = self.imports.get(n.as_str()) {
                    return t.to_string();
                }
                if let Some(t) = self.typed.get(n.as_str())
                    && t.chars().next().is_some_and(|c| c.is_uppercase())
                    && *t != "String"
                    && *t != "string"
                {
                    return self.type_path(t);
                }
                // Follow `const Strategy = passportJwt.Strategy` style aliases.
                if let Some(idx) = self.by_path.get(n.as_str())
                    && idx.len() == 1
                {
                    let b = &self.f.bindings[idx[0]];
                    if b.kind == BindingKind::Assign {
                        match self.f.expr(b.value) {
                            Expr::Ident(_)
                            | Expr::Member { .. }
                            | Expr::Call { .. }
                            | Expr::Unary {
                                op: UnOp::Await, ..
                            } => {
                                return self.canon(b.value, depth + 1);
                            }
                            _ => {}
                        }
                    }
                }
                n.clone()
            }
            Expr::Member { obj, name, .. } => {
                if let Expr::Ident(o) = self.f.expr(*obj)
                    && matches!(o.as_str(), "this" | "self" | "$this")
                    && let Some(t) = self.typed.get(name.as_str())
                    && t.chars().next().is_some_and(|c| c.is_uppercase())
                {
                    return self.type_path(t);
                }
                format!("{}.{}", self.canon(*obj, depth + 1), name)
            }
            Expr::Call { callee, args, .. } => {
                if let Expr::Ident(n) = self.f.expr(*callee)
                    && (n == "require" || n == "import")
                    && let Some(a) = args.first()
                    && let Some(s) = self.f.as_str(a.value)
                {
                    return crate::lang::parser::normalize_module(s);
                }
                format!("{}()", self.canon(*callee, depth + 1))
            }
            Expr::Index { obj, .. } => format!("{}[]", self.canon(*obj, depth + 1)),
            Expr::Unary { op: UnOp::Await, e } => self.canon(*e, depth + 1),
            _ => "?".into(),
        }
    }

    // ---------------------------------------------------------------- bindings

    /// Binding values for a plain name visible at `at`.
    pub fn ident_values(&self, name: &str, at: Span) -> Vec<ExprId> {
        self.ident_bindings(name, at)
            .into_iter()
            .map(|b| b.value)
            .collect()
    }

    /// Bindings of a plain name visible at `at` (innermost scope only).
    pub fn ident_bindings(&self, name: &str, at: Span) -> Vec<&'a Binding> {
        let Some(idx) = self.by_path.get(name) else {
            return Vec::new();
        };
        let visible: Vec<&Binding> = idx
            .iter()
            .map(|&i| &self.f.bindings[i])
            .filter(|b| b.scope.contains(at))
            .collect();
        if visible.is_empty() {
            return Vec::new();
        }
        let inner = visible.iter().map(|b| b.scope.start).max().unwrap_or(0);
        visible
            .into_iter()
            .filter(|b| b.scope.start == inner && b.key_span != at)
            .collect()
    }

    /// Values bound to a member path: `config.jwt.secret`, `this.secret`, `opts.secretOrKey`.
    fn path_values(&self, path: &[String], at: Span) -> Vec<ExprId> {
        let mut out: Vec<ExprId> = self
            .by_path
            .get(&join(path))
            .into_iter()
            .flatten()
            .map(|&i| self.f.bindings[i].value)
            .collect();
        if path.len() == 2 && matches!(path[0].as_str(), "this" | "self" | "$this" | "@" | "static")
        {
            // Class fields: `secret = 'x'` in the class body around the use.
            for c in &self.f.classes {
                if c.body.contains(at)
                    && let Some(idx) = self.by_path.get(path[1].as_str())
                {
                    for &i in idx {
                        let b = &self.f.bindings[i];
                        if c.body.contains(b.key_span)
                            && b.kind != BindingKind::Param
                            && b.kind != BindingKind::Kwarg
                        {
                            out.push(b.value);
                        }
                    }
                }
            }
        }
        out
    }

    fn member_path(&self, id: ExprId) -> Option<Vec<String>> {
        match self.f.expr(id) {
            Expr::Ident(n) => {
                if n.starts_with('@') && self.f.lang == crate::lang::Language::Ruby {
                    Some(vec!["@".into(), n.trim_start_matches('@').to_string()])
                } else {
                    Some(vec![n.clone()])
                }
            }
            Expr::Member { obj, name, .. } => {
                let mut p = self.member_path(*obj)?;
                p.push(name.clone());
                Some(p)
            }
            Expr::Index { obj, index } => {
                let mut p = self.member_path(*obj)?;
                p.push(self.f.as_str(*index)?.to_string());
                Some(p)
            }
            _ => None,
        }
    }

    /// Object literals (or initializers) an expression may stand for.
    pub fn objects_of(&self, id: ExprId, depth: u32) -> Vec<ExprId> {
        if depth > MAX_DEPTH || !self.spend() {
            return Vec::new();
        }
        match self.f.expr(id) {
            Expr::Object(_) => vec![id],
            Expr::Call { init: Some(i), .. } => vec![*i],
            Expr::Call { callee, .. } => {
                // Local helper returning an object; `Object.assign({}, a)`, `{...}` wrappers.
                let mut out = Vec::new();
                if let Expr::Ident(n) = self.f.expr(*callee)
                    && let Some(fs) = self.fns.get(n.as_str())
                {
                    for &fi in fs {
                        for &r in &self.f.functions[fi].returns {
                            out.extend(self.objects_of(r, depth + 1));
                        }
                    }
                }
                out
            }
            Expr::Ident(n) => {
                let at = self.f.span(id);
                self.ident_values(n, at)
                    .into_iter()
                    .flat_map(|v| self.objects_of(v, depth + 1))
                    .collect()
            }
            Expr::Member { obj, name, .. } => {
                let mut out = Vec::new();
                if let Some(p) = self.member_path(id) {
                    for v in self.path_values(&p, self.f.span(id)) {
                        out.extend(self.objects_of(v, depth + 1));
                    }
                }
                for o in self.objects_of(*obj, depth + 1) {
                    if let Some(v) = self.f.field(o, name) {
                        out.extend(self.objects_of(v, depth + 1));
                    }
                }
                out
            }
            Expr::Unary { op: UnOp::Await, e } => self.objects_of(*e, depth + 1),
            Expr::Lambda { func, .. } => self.f.functions[*func as usize]
                .returns
                .iter()
                .flat_map(|&r| self.objects_of(r, depth + 1))
                .collect(),
            Expr::Binary {
                op: BinOp::Or,
                l,
                r,
            } => {
                let mut v = self.objects_of(*l, depth + 1);
                v.extend(self.objects_of(*r, depth + 1));
                v
            }
            _ => Vec::new(),
        }
    }

    /// Field `name` of whatever object `id` stands for, including `x.name = ...` assignments.
    pub fn field_values(&self, id: ExprId, name: &str) -> Vec<ExprId> {
        let mut out = Vec::new();
        for o in self.objects_of(id, 0) {
            if let Expr::Object(fields) = self.f.expr(o) {
                for f in fields.iter().rev() {
                    if f.key.as_deref() == Some(name) {
                        out.push(f.value);
                        break;
                    }
                }
            }
        }
        if let Some(mut p) = self.member_path(id) {
            p.push(name.to_string());
            out.extend(self.path_values(&p, self.f.span(id)));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// True when an options value is fully known (object literals without spreads), so a missing
    /// field is really missing.
    pub fn object_is_closed(&self, id: ExprId) -> bool {
        let objs = self.objects_of(id, 0);
        !objs.is_empty() && objs.iter().all(|&o| !self.f.object_is_open(o))
    }

    // ---------------------------------------------------------------- selectors

    /// Select values from a call with a rule-data selector; the first alternative that yields
    /// anything wins.
    pub fn select(&self, call: ExprId, sel: &Selector) -> Vec<Sel> {
        for alt in &sel.alts {
            let got = self.select_alt(call, alt);
            if !got.is_empty() {
                return got;
            }
        }
        Vec::new()
    }

    fn select_alt(&self, call: ExprId, steps: &[Step]) -> Vec<Sel> {
        let mut cur: Vec<ExprId> = vec![call];
        for (i, step) in steps.iter().enumerate() {
            let mut next = Vec::new();
            for &c in &cur {
                match step {
                    Step::Const(v) => return vec![Sel::Const(v.clone())],
                    Step::Arg(n) => {
                        for call in self.calls_of(c) {
                            if let Expr::Call { args, .. } = self.f.expr(call)
                                && let Some(a) = self.f.positional(args, *n)
                            {
                                next.push(a);
                            }
                        }
                    }
                    Step::Kw(k) => {
                        for call in self.calls_of(c) {
                            if let Expr::Call { args, .. } = self.f.expr(call)
                                && let Some(a) = self.f.named(args, k)
                            {
                                next.push(a);
                            }
                        }
                    }
                    Step::Field(name) => {
                        if i == 0 {
                            // A field of the call's own initializer (`new T { Key = .. }`).
                            if let Expr::Call { init: Some(o), .. } = self.f.expr(c) {
                                if let Some(v) = self.f.field(*o, name) {
                                    next.push(v);
                                }
                                continue;
                            }
                        }
                        next.extend(self.field_values(c, name));
                    }
                    Step::Init => {
                        if let Expr::Call { init: Some(o), .. } = self.f.expr(c) {
                            next.push(*o);
                        }
                    }
                    Step::ArgCall(name) => {
                        for call in self.calls_of(c) {
                            if let Expr::Call { args, .. } = self.f.expr(call) {
                                for a in args {
                                    if let Expr::Call { callee, .. } = self.f.expr(a.value) {
                                        let last = match self.f.expr(*callee) {
                                            Expr::Member { name, .. } | Expr::Ident(name) => {
                                                name.as_str()
                                            }
                                            _ => "",
                                        };
                                        if last == name {
                                            next.push(a.value);
                                        }
                                    }
                                }
                            }
                        }
                    }
                    Step::Return => {
                        for v in self.lambdas_of(c, 0) {
                            next.extend(self.f.functions[v as usize].returns.iter().copied());
                        }
                    }
                    Step::Chain(m) => {
                        if let Some(x) = self.chain_call(c, m) {
                            next.push(x);
                        }
                    }
                }
            }
            if next.is_empty() {
                return Vec::new();
            }
            next.truncate(MAX_ORIGINS);
            cur = next;
        }
        cur.into_iter().map(Sel::Expr).collect()
    }

    /// Calls an expression stands for (itself, or through a constant).
    fn calls_of(&self, id: ExprId) -> Vec<ExprId> {
        match self.f.expr(id) {
            Expr::Call { .. } => vec![id],
            Expr::Ident(n) => self
                .ident_values(n, self.f.span(id))
                .into_iter()
                .filter(|v| matches!(self.f.expr(*v), Expr::Call { .. }))
                .collect(),
            Expr::Unary { op: UnOp::Await, e } => self.calls_of(*e),
            _ => Vec::new(),
        }
    }

    fn lambdas_of(&self, id: ExprId, depth: u32) -> Vec<u32> {
        if depth > 4 {
            return Vec::new();
        }
        match self.f.expr(id) {
            Expr::Lambda { func, .. } => vec![*func],
            Expr::Ident(n) => {
                let mut out: Vec<u32> = self
                    .ident_values(n, self.f.span(id))
                    .into_iter()
                    .flat_map(|v| self.lambdas_of(v, depth + 1))
                    .collect();
                if let Some(fs) = self.fns.get(n.as_str()) {
                    out.extend(fs.iter().map(|&i| i as u32));
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// The call to `method` earlier in the receiver chain of `call` (`new SignJWT(p).setProtectedHeader({..}).sign(k)`).
    pub fn chain_call(&self, call: ExprId, method: &str) -> Option<ExprId> {
        let mut cur = call;
        for _ in 0..32 {
            let Expr::Call { callee, .. } = self.f.expr(cur) else {
                return None;
            };
            let Expr::Member { obj, .. } = self.f.expr(*callee) else {
                return None;
            };
            let mut recv = *obj;
            // Through a variable holding the builder.
            if let Expr::Ident(n) = self.f.expr(recv) {
                let vals = self.ident_values(n, self.f.span(recv));
                recv = *vals.first()?;
            }
            if let Expr::Unary { op: UnOp::Await, e } = self.f.expr(recv) {
                recv = *e;
            }
            if let Expr::Call { callee: c2, .. } = self.f.expr(recv) {
                if let Expr::Member { name, .. } = self.f.expr(*c2)
                    && name == method
                {
                    return Some(recv);
                }
                if let Expr::Ident(name) = self.f.expr(*c2)
                    && name == method
                {
                    return Some(recv);
                }
            }
            cur = recv;
        }
        None
    }

    // ---------------------------------------------------------------- constants

    /// String constants an expression may be (algorithm names, env var names).
    pub fn strings(&self, id: ExprId) -> Vec<(String, Span)> {
        self.strings_d(id, 0)
    }

    fn strings_d(&self, id: ExprId, depth: u32) -> Vec<(String, Span)> {
        if depth > MAX_DEPTH || !self.spend() {
            return Vec::new();
        }
        let span = self.f.span(id);
        match self.f.expr(id) {
            Expr::Str(s) => vec![(self.f.str_value(*s).to_string(), span)],
            Expr::Array(items) => items
                .iter()
                .flat_map(|&i| self.strings_d(i, depth + 1))
                .collect(),
            Expr::Object(fields) => fields
                .iter()
                .filter(|f| f.key.is_none())
                .flat_map(|f| self.strings_d(f.value, depth + 1))
                .collect(),
            Expr::Ident(n) => {
                let vals = self.ident_values(n, span);
                if vals.is_empty() {
                    // `HS256` imported as a constant, Go `jwt.SigningMethodHS256` style names.
                    return vec![(n.clone(), span)];
                }
                vals.into_iter()
                    .flat_map(|v| self.strings_d(v, depth + 1))
                    .collect()
            }
            Expr::Member { name, .. } => {
                if let Some(p) = self.member_path(id) {
                    let vals = self.path_values(&p, span);
                    if !vals.is_empty() {
                        return vals
                            .into_iter()
                            .flat_map(|v| self.strings_d(v, depth + 1))
                            .collect();
                    }
                }
                vec![(name.clone(), span)]
            }
            Expr::Call { callee, args, .. } => {
                // `Algorithm.HMAC256(k)`, `jwa.HS256()`, `List.of("HS256")`, `vec![..]`, `[]string{..}`
                let mut out: Vec<(String, Span)> = Vec::new();
                if let Expr::Member { name, .. } | Expr::Ident(name) = self.f.expr(*callee)
                    && crate::judge::Alg::parse(name).is_some()
                {
                    out.push((name.clone(), span));
                }
                if out.is_empty() {
                    for a in args {
                        out.extend(self.strings_d(a.value, depth + 1));
                    }
                    if let Expr::Call { init: Some(o), .. } = self.f.expr(id) {
                        out.extend(self.strings_d(*o, depth + 1));
                    }
                }
                out
            }
            Expr::Binary {
                op: BinOp::Or,
                l,
                r,
            } => {
                let mut v = self.strings_d(*l, depth + 1);
                v.extend(self.strings_d(*r, depth + 1));
                v
            }
            Expr::Cond { then, els, .. } => {
                let mut v = self.strings_d(*then, depth + 1);
                v.extend(self.strings_d(*els, depth + 1));
                v
            }
            _ => Vec::new(),
        }
    }

    pub fn number(&self, id: ExprId) -> Option<u64> {
        self.number_d(id, 0)
    }

    fn number_d(&self, id: ExprId, depth: u32) -> Option<u64> {
        if depth > 6 {
            return None;
        }
        match self.f.expr(id) {
            Expr::Num => parse_int(self.text(id)),
            Expr::Ident(n) => self
                .ident_values(n, self.f.span(id))
                .into_iter()
                .find_map(|v| self.number_d(v, depth + 1)),
            Expr::Binary { l, r, .. } => {
                // `256 / 8`, `32 * 2`: read the operator from the source between the operands.
                let (a, b) = (self.number_d(*l, depth + 1)?, self.number_d(*r, depth + 1)?);
                let between = self
                    .src
                    .get(self.f.span(*l).end as usize..self.f.span(*r).start as usize)?
                    .trim();
                match between {
                    "*" => a.checked_mul(b),
                    "/" => a.checked_div(b),
                    "+" => a.checked_add(b),
                    "-" => a.checked_sub(b),
                    _ => None,
                }
            }
            Expr::Call { callee, args, .. } => {
                // `new Uint8Array(32)`, `make([]byte, 32)`, `new byte[32]`
                let c = self.canonical(*callee);
                if c.ends_with("Array")
                    || c == "make"
                    || c.starts_with("byte")
                    || c == "bytearray"
                    || c == "Buffer.alloc"
                {
                    let pick = if c == "make" { 1 } else { 0 };
                    return self
                        .f
                        .positional(args, pick)
                        .and_then(|a| self.number_d(a, depth + 1));
                }
                None
            }
            _ => None,
        }
    }

    // ---------------------------------------------------------------- evaluation

    pub fn eval(&self, id: ExprId) -> Vec<Origin> {
        let mut v = self.eval_d(id, 0);
        v.truncate(MAX_ORIGINS);
        v
    }

    fn eval_d(&self, id: ExprId, depth: u32) -> Vec<Origin> {
        let span = self.f.span(id);
        if depth > MAX_DEPTH || !self.spend() {
            return vec![Origin::unknown(span)];
        }
        if !self.visiting.borrow_mut().insert(id) {
            return vec![Origin::unknown(span)];
        }
        let out = self.eval_inner(id, depth, span);
        self.visiting.borrow_mut().remove(&id);
        out
    }

    fn eval_inner(&self, id: ExprId, depth: u32, span: Span) -> Vec<Origin> {
        let d = depth + 1;
        match self.f.expr(id) {
            Expr::Str(s) => self.eval_str(*s, span, d),
            Expr::Null | Expr::Bool(false) => vec![Origin::new(OKind::Falsy, span)],
            Expr::Num
            | Expr::Bool(true)
            | Expr::Opaque
            | Expr::Lambda { .. }
            | Expr::Object(_)
            | Expr::Array(_)
            | Expr::Param(_) => {
                vec![Origin::unknown(span)]
            }
            Expr::Ident(n) => {
                if self.imports.contains_key(n.as_str()) {
                    return vec![Origin::unknown(span)];
                }
                let bs = self.ident_bindings(n, span);
                if bs.is_empty() {
                    return vec![Origin::unknown(span)];
                }
                let mut primary = Vec::new();
                let mut fallbacks = Vec::new();
                for b in bs {
                    if b.kind == BindingKind::Fallback {
                        fallbacks.push(b.value);
                    } else {
                        primary.push(b.value);
                    }
                }
                let mut out = self.union(primary.into_iter().map(|v| self.eval_d(v, d)));
                if !fallbacks.is_empty() {
                    let of = out
                        .iter()
                        .find_map(|o| o.env_name().map(str::to_string))
                        .or_else(|| Some(n.clone()));
                    let fb = self.union(fallbacks.into_iter().map(|v| self.eval_d(v, d)));
                    out.retain(|o| !matches!(o.kind, OKind::Falsy));
                    out.extend(mark_fallback(fb, of));
                }
                out
            }
            Expr::Member { obj, name, .. } => {
                let oc = self.canonical(*obj);
                if self.cat.env.iter().any(|e| any_match(&e.member, &oc)) {
                    return vec![Origin::new(
                        OKind::Env {
                            name: Some(name.clone()),
                        },
                        span,
                    )];
                }
                let fields = self.field_values(*obj, name);
                if !fields.is_empty() {
                    return self.union(fields.into_iter().map(|v| self.eval_d(v, d)));
                }
                // A property of a generated value keeps its taint (`crypto.randomUUID().length` aside).
                let base = self.eval_d(*obj, d);
                let gens: Vec<Origin> = base
                    .into_iter()
                    .filter(|o| matches!(o.kind, OKind::Gen { .. } | OKind::Env { .. }))
                    .collect();
                if !gens.is_empty() {
                    return gens;
                }
                vec![Origin::unknown(span)]
            }
            Expr::Index { obj, index } => {
                let oc = self.canonical(*obj);
                if let Some(key) = self.f.as_str(*index) {
                    if self
                        .cat
                        .env
                        .iter()
                        .any(|e| any_match(&e.member, &oc) || any_match(&e.index, &oc))
                    {
                        return vec![Origin::new(
                            OKind::Env {
                                name: Some(key.to_string()),
                            },
                            span,
                        )];
                    }
                    let fields = self.field_values(*obj, key);
                    if !fields.is_empty() {
                        return self.union(fields.into_iter().map(|v| self.eval_d(v, d)));
                    }
                }
                // Indexing a generated value (`chars[Math.floor(Math.random() * n)]`) is generated.
                if let Some(g) = self.find_gen(*index, d) {
                    return vec![g];
                }
                vec![Origin::unknown(span)]
            }
            Expr::Call { .. } => self.eval_call(id, span, d),
            Expr::Binary {
                op: BinOp::Or,
                l,
                r,
            } => {
                let left = self.eval_d(*l, d);
                let right = self.eval_d(*r, d);
                let of = left
                    .iter()
                    .find_map(|o| o.env_name().map(str::to_string))
                    .or_else(|| self.lookup_name(*l));
                let mut out: Vec<Origin> = left
                    .into_iter()
                    .filter(|o| !matches!(o.kind, OKind::Falsy))
                    .collect();
                out.extend(mark_fallback(right, of));
                out
            }
            Expr::Default { primary, fallback } => {
                let left = self.eval_d(*primary, d);
                let right = self.eval_d(*fallback, d);
                let of = left
                    .iter()
                    .find_map(|o| o.env_name().map(str::to_string))
                    .or_else(|| self.lookup_name(*primary));
                let mut out = left;
                out.extend(mark_fallback(right, of));
                out
            }
            Expr::Binary {
                op: BinOp::And, r, ..
            } => self.eval_d(*r, d),
            Expr::Binary {
                op: BinOp::Add,
                l,
                r,
            } => {
                let a = self.eval_d(*l, d);
                let b = self.eval_d(*r, d);
                concat(vec![a, b], span)
            }
            Expr::Binary { l, r, .. } => {
                // Arithmetic on generated values stays generated (`Math.random() * 1e16`).
                if let Some(g) = self.find_gen(*l, d).or_else(|| self.find_gen(*r, d)) {
                    return vec![g];
                }
                vec![Origin::unknown(span)]
            }
            Expr::Cond { cond, then, els } => {
                let a = self.eval_d(*then, d);
                let b = self.eval_d(*els, d);
                let a_cfg = a.iter().any(|o| o.is_config());
                let b_cfg = b.iter().any(|o| o.is_config());
                let cond_env = self.mentions_env(*cond, d);
                let of = a
                    .iter()
                    .chain(b.iter())
                    .find_map(|o| o.env_name().map(str::to_string))
                    .or_else(|| self.lookup_name(*cond));
                let mut out = Vec::new();
                // `cfg ? cfg : 'dev'` / `isProd ? process.env.X : 'dev-secret'`: the literal side is a fallback.
                if a_cfg && !b_cfg {
                    out.extend(a);
                    out.extend(mark_fallback(b, of));
                } else if b_cfg && !a_cfg {
                    out.extend(mark_fallback(a, of));
                    out.extend(b);
                } else if cond_env && !a_cfg && !b_cfg {
                    out.extend(mark_fallback(a, of.clone()));
                    out.extend(mark_fallback(b, of));
                } else {
                    out.extend(a);
                    out.extend(b);
                }
                out
            }
            Expr::Unary { op, e } => match op {
                UnOp::Await | UnOp::Plus | UnOp::Spread | UnOp::Ref | UnOp::Other => {
                    self.eval_d(*e, d)
                }
                _ => vec![Origin::unknown(span)],
            },
            Expr::Assign { rhs, .. } => self.eval_d(*rhs, d),
        }
    }

    /// The name a lookup expression reads (`config.jwtSecret` -> `jwtSecret`), for fallback notes.
    fn lookup_name(&self, id: ExprId) -> Option<String> {
        match self.f.expr(id) {
            Expr::Member { name, .. } => Some(name.clone()),
            Expr::Index { index, .. } => self.f.as_str(*index).map(str::to_string),
            Expr::Ident(n) => Some(n.clone()),
            Expr::Call { args, .. } => args
                .first()
                .and_then(|a| self.f.as_str(a.value))
                .map(str::to_string),
            _ => None,
        }
    }

    fn mentions_env(&self, id: ExprId, depth: u32) -> bool {
        if depth > 6 {
            return false;
        }
        let e = self.f.expr(id);
        match e {
            Expr::Member { obj, .. } | Expr::Index { obj, .. } => {
                let oc = self.canonical(*obj);
                if self
                    .cat
                    .env
                    .iter()
                    .any(|s| any_match(&s.member, &oc) || any_match(&s.index, &oc))
                {
                    return true;
                }
            }
            Expr::Ident(n) => {
                let l = n.to_ascii_lowercase();
                if l.contains("prod") || l.contains("dev") || l.contains("env") {
                    return true;
                }
            }
            _ => {}
        }
        children(e)
            .into_iter()
            .any(|c| self.mentions_env(c, depth + 1))
    }

    fn union(&self, parts: impl Iterator<Item = Vec<Origin>>) -> Vec<Origin> {
        let mut out: Vec<Origin> = Vec::new();
        for p in parts {
            for o in p {
                if out.len() >= MAX_ORIGINS {
                    return out;
                }
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }

    fn eval_str(&self, s: u32, span: Span, depth: u32) -> Vec<Origin> {
        let lit = &self.f.lexed.strs[s as usize];
        if lit.is_interpolated() {
            let mut parts: Vec<Vec<Origin>> = Vec::new();
            let mut off = lit.content.0;
            for p in &lit.pieces {
                match p {
                    Piece::Text(t) => {
                        let sp = Span::new(off, off + t.len() as u32);
                        parts.push(vec![Origin::new(
                            OKind::Lit(Lit {
                                text: t.clone(),
                                enc: Encoding::Utf8,
                                masks: vec![sp],
                                hashed: false,
                            }),
                            sp,
                        )]);
                        off += t.len() as u32;
                    }
                    Piece::Expr(a, b) => {
                        let sub = self
                            .f
                            .interp
                            .iter()
                            .find(|((x, y), _)| x == a && y == b)
                            .map(|(_, id)| *id);
                        parts.push(match sub {
                            Some(e) => self.eval_d(e, depth),
                            None => vec![Origin::unknown(Span::new(*a, *b))],
                        });
                        off = *b + 1;
                    }
                }
            }
            return concat(parts, span);
        }
        let text = lit.value.clone();
        let content = Span::new(lit.content.0, lit.content.1);
        // `${NAME:default}` (Spring, shell, compose) and `${NAME}` placeholders are lookups.
        if let Some(ph) = parse_placeholder(&text) {
            let mut out = vec![Origin::new(
                OKind::Env {
                    name: Some(ph.name.clone()),
                },
                span,
            )];
            if let Some((d, start)) = ph.default {
                let sp = if lit.exact {
                    Span::new(
                        content.start + start as u32,
                        content.start + (start + d.len()) as u32,
                    )
                } else {
                    content
                };
                out.push(Origin {
                    kind: OKind::Lit(Lit {
                        text: d,
                        enc: Encoding::Utf8,
                        masks: vec![sp],
                        hashed: false,
                    }),
                    span: sp,
                    fallback: Some(Fallback { of: Some(ph.name) }),
                });
            }
            return out;
        }
        if text.is_empty() {
            return vec![Origin::new(OKind::Falsy, span)];
        }
        let mask = content;
        vec![Origin::new(
            OKind::Lit(Lit {
                text,
                enc: Encoding::Utf8,
                masks: vec![mask],
                hashed: false,
            }),
            span,
        )]
    }

    fn eval_call(&self, id: ExprId, span: Span, d: u32) -> Vec<Origin> {
        let Expr::Call { callee, args, .. } = self.f.expr(id) else {
            return vec![Origin::unknown(span)];
        };
        let canon = self.canonical(*callee);
        // Configuration lookups with optional defaults.
        for e in &self.cat.env {
            if any_match(&e.call, &canon) {
                let name = e
                    .name
                    .as_ref()
                    .and_then(|s| self.select(id, s).into_iter().next())
                    .and_then(|s| match s {
                        Sel::Expr(x) => self.f.as_str(x).map(str::to_string),
                        Sel::Const(c) => Some(c),
                    });
                let mut out = vec![Origin::new(OKind::Env { name: name.clone() }, span)];
                if let Some(ds) = &e.default {
                    for s in self.select(id, ds) {
                        if let Sel::Expr(x) = s {
                            // A block/lambda default (`ENV.fetch(k) { ... }`) yields its return value.
                            let vals = match self.f.expr(x) {
                                Expr::Lambda { func, .. } => self.f.functions[*func as usize]
                                    .returns
                                    .iter()
                                    .flat_map(|&r| self.eval_d(r, d))
                                    .collect(),
                                _ => self.eval_d(x, d),
                            };
                            out.extend(mark_fallback(vals, name.clone()));
                        }
                    }
                }
                return out;
            }
        }
        for g in &self.cat.generators {
            if any_match(&g.calls, &canon) {
                let mut bytes = g.bytes.as_ref().and_then(|s| {
                    self.select(id, s).into_iter().find_map(|x| match x {
                        Sel::Expr(e) => self.number(e),
                        Sel::Const(c) => c.parse().ok(),
                    })
                });
                if bytes.is_none()
                    && let Some(bits) = g.bits.as_ref().and_then(|s| {
                        self.select(id, s).into_iter().find_map(|x| match x {
                            Sel::Expr(e) => self.number(e),
                            Sel::Const(c) => c.parse().ok(),
                        })
                    })
                {
                    bytes = Some(bits / 8);
                }
                if bytes.is_none() && args.is_empty() {
                    bytes = g.default_bytes;
                }
                return vec![Origin::new(
                    OKind::Gen {
                        kind: g.kind,
                        name: self.text(*callee).to_string(),
                        bytes,
                    },
                    span,
                )];
            }
        }
        for w in &self.cat.wrappers {
            if any_match(&w.calls, &canon) {
                let enc = w
                    .encoding
                    .as_ref()
                    .and_then(|s| self.select(id, s).into_iter().next())
                    .and_then(|s| match s {
                        Sel::Expr(x) => self.strings(x).into_iter().next().map(|(v, _)| v),
                        Sel::Const(c) => Some(c),
                    })
                    .map(|s| Encoding::parse(&s))
                    .unwrap_or_default();
                let vals: Vec<Origin> = self
                    .select(id, &w.value)
                    .into_iter()
                    .flat_map(|s| match s {
                        Sel::Expr(x) => self.eval_d(x, d),
                        Sel::Const(_) => Vec::new(),
                    })
                    .map(|mut o| {
                        if let OKind::Lit(l) = &mut o.kind
                            && l.enc == Encoding::Utf8
                        {
                            l.enc = enc;
                        }
                        o
                    })
                    .collect();
                if vals.is_empty() {
                    return vec![Origin::unknown(span)];
                }
                return vals;
            }
        }
        if any_match(&self.cat.coalesce, &canon) && !args.is_empty() {
            let first = self.eval_d(args[0].value, d);
            let of = first
                .iter()
                .find_map(|o| o.env_name().map(str::to_string))
                .or_else(|| self.lookup_name(args[0].value));
            let mut out: Vec<Origin> = first
                .into_iter()
                .filter(|o| !matches!(o.kind, OKind::Falsy))
                .collect();
            for a in &args[1..] {
                out.extend(mark_fallback(self.eval_d(a.value, d), of.clone()));
            }
            return out;
        }
        if let Some(inputs) = self.hash_inputs(id) {
            let mut out = Vec::new();
            for x in inputs {
                for mut o in self.eval_d(x, d) {
                    if let OKind::Lit(l) = &mut o.kind {
                        l.hashed = true;
                    }
                    out.push(o);
                }
            }
            if out.is_empty() {
                out.push(Origin::unknown(span));
            }
            return out;
        }
        if let Expr::Member { obj, name, .. } = self.f.expr(*callee) {
            let lname = name.to_ascii_lowercase();
            if self.cat.passthrough.contains(name.as_str()) || self.cat.passthrough.contains(&lname)
            {
                return self.eval_d(*obj, d);
            }
            if self.cat.fallback_methods.contains(name.as_str()) {
                let base = self.eval_d(*obj, d);
                let of = base.iter().find_map(|o| o.env_name().map(str::to_string));
                let mut out: Vec<Origin> = base;
                if let Some(a) = args.iter().find(|a| a.name.is_none()) {
                    let vals = match self.f.expr(a.value) {
                        Expr::Lambda { func, .. } => self.f.functions[*func as usize]
                            .returns
                            .iter()
                            .flat_map(|&r| self.eval_d(r, d))
                            .collect(),
                        _ => self.eval_d(a.value, d),
                    };
                    out.extend(mark_fallback(vals, of));
                } else if name == "unwrap_or_default" {
                    out.push(Origin {
                        kind: OKind::Falsy,
                        span,
                        fallback: Some(Fallback { of }),
                    });
                }
                return out;
            }
            if self.cat.transform.contains(name.as_str()) {
                let base = self.eval_d(*obj, d);
                let mut out: Vec<Origin> = base
                    .into_iter()
                    .map(|o| match o.kind {
                        OKind::Gen { .. } | OKind::Env { .. } => o,
                        _ => Origin {
                            kind: OKind::Unknown,
                            span,
                            fallback: o.fallback,
                        },
                    })
                    .collect();
                if !out.iter().any(|o| matches!(o.kind, OKind::Gen { .. }))
                    && let Some(g) = args.iter().find_map(|a| self.find_gen(a.value, d))
                {
                    out = vec![g];
                }
                return out;
            }
        }
        // A helper defined in this file: follow what it returns.
        if let Expr::Ident(n) = self.f.expr(*callee)
            && let Some(fs) = self.fns.get(n.as_str())
        {
            let rets: Vec<ExprId> = fs
                .iter()
                .flat_map(|&i| self.f.functions[i].returns.iter().copied())
                .collect();
            if !rets.is_empty() {
                return self.union(rets.into_iter().map(|r| self.eval_d(r, d)));
            }
        }
        // Anything computed from a weak generator is weak.
        if let Some(g) = args.iter().find_map(|a| self.find_gen(a.value, d)) {
            return vec![g];
        }
        if let Expr::Member { obj, .. } = self.f.expr(*callee)
            && let Some(g) = self.find_gen(*obj, d)
        {
            return vec![g];
        }
        vec![Origin::unknown(span)]
    }

    /// For `createHash('sha256').update(x).digest()`: the hashed inputs.
    fn hash_inputs(&self, id: ExprId) -> Option<Vec<ExprId>> {
        let mut inputs = Vec::new();
        let mut cur = id;
        for _ in 0..16 {
            let Expr::Call { callee, args, .. } = self.f.expr(cur) else {
                return None;
            };
            let canon = self.canonical(*callee);
            if any_match(&self.cat.hashes, &canon) {
                // The first argument of `createHash('sha256')` names the algorithm.
                let skip_first = args
                    .first()
                    .and_then(|a| self.f.as_str(a.value))
                    .is_some_and(|s| s.len() <= 12 && !s.contains(' '))
                    && !args.is_empty()
                    && (canon.contains("create") || args.len() > 1);
                inputs.extend(args.iter().skip(usize::from(skip_first)).map(|a| a.value));
                return Some(inputs);
            }
            let Expr::Member { obj, name, .. } = self.f.expr(*callee) else {
                return None;
            };
            // `.update(x)` feeds the hash; `.digest('hex')` only encodes its output.
            if matches!(name.as_str(), "update" | "write" | "push") {
                inputs.extend(args.iter().map(|a| a.value));
            }
            cur = *obj;
        }
        None
    }

    /// A weak / unique / time generator used anywhere inside an expression (lambda bodies and
    /// local helpers included).
    pub fn find_gen(&self, id: ExprId, depth: u32) -> Option<Origin> {
        if depth > MAX_DEPTH || !self.spend() {
            return None;
        }
        let e = self.f.expr(id);
        if let Expr::Call { callee, .. } = e {
            let canon = self.canonical(*callee);
            for g in &self.cat.generators {
                if matches!(g.kind, GenKind::Weak | GenKind::Uuid | GenKind::Time)
                    && any_match(&g.calls, &canon)
                {
                    return Some(Origin::new(
                        OKind::Gen {
                            kind: g.kind,
                            name: self.text(*callee).to_string(),
                            bytes: None,
                        },
                        self.f.span(id),
                    ));
                }
            }
            if let Expr::Ident(n) = self.f.expr(*callee)
                && let Some(fs) = self.fns.get(n.as_str())
            {
                for &fi in fs {
                    for &r in &self.f.functions[fi].returns {
                        if let Some(g) = self.find_gen(r, depth + 1) {
                            return Some(g);
                        }
                    }
                }
            }
        }
        if let Expr::Lambda { func, .. } = e {
            for &r in &self.f.functions[*func as usize].returns {
                if let Some(g) = self.find_gen(r, depth + 1) {
                    return Some(g);
                }
            }
        }
        if let Expr::Ident(n) = e {
            // A local variable holding generated material (`const chars = ...; chars[rand]` is not).
            for v in self.ident_values(n, self.f.span(id)) {
                if matches!(self.f.expr(v), Expr::Call { .. } | Expr::Binary { .. })
                    && let Some(g) = self.find_gen(v, depth + 2)
                {
                    return Some(g);
                }
            }
            return None;
        }
        children(e)
            .into_iter()
            .find_map(|c| self.find_gen(c, depth + 1))
    }
}

fn mark_fallback(v: Vec<Origin>, of: Option<String>) -> Vec<Origin> {
    v.into_iter()
        .map(|mut o| {
            if o.fallback.is_none() && !matches!(o.kind, OKind::Env { .. } | OKind::Unknown) {
                o.fallback = Some(Fallback { of: of.clone() });
            }
            o
        })
        .collect()
}

/// Concatenate alternatives piecewise: generated parts dominate, all-literal parts join into one
/// literal, anything dynamic makes the result unknown.
fn concat(parts: Vec<Vec<Origin>>, span: Span) -> Vec<Origin> {
    for p in &parts {
        if let Some(g) = p.iter().find(|o| {
            matches!(
                o.kind,
                OKind::Gen {
                    kind: GenKind::Weak | GenKind::Uuid | GenKind::Time,
                    ..
                }
            )
        }) {
            return vec![Origin {
                kind: g.kind.clone(),
                span: g.span,
                fallback: g.fallback.clone(),
            }];
        }
    }
    let mut text = String::new();
    let mut masks = Vec::new();
    let mut fallback = None;
    for p in &parts {
        let Some(first) = p.first() else {
            return vec![Origin::unknown(span)];
        };
        match &first.kind {
            OKind::Lit(l) if p.len() == 1 => {
                text.push_str(&l.text);
                masks.extend(l.masks.iter().copied());
                if first.fallback.is_some() {
                    fallback = first.fallback.clone();
                }
            }
            _ => return vec![Origin::unknown(span)],
        }
    }
    if text.is_empty() {
        return vec![Origin::new(OKind::Falsy, span)];
    }
    vec![Origin {
        kind: OKind::Lit(Lit {
            text,
            enc: Encoding::Utf8,
            masks,
            hashed: false,
        }),
        span,
        fallback,
    }]
}

/// Child expressions (for walks that need every sub-expression).
pub fn children(e: &Expr) -> Vec<ExprId> {
    match e {
        Expr::Member { obj, .. } => vec![*obj],
        Expr::Index { obj, index } => vec![*obj, *index],
        Expr::Call {
            callee, args, init, ..
        } => {
            let mut v = vec![*callee];
            v.extend(args.iter().map(|a| a.value));
            if let Some(i) = init {
                v.push(*i);
            }
            v
        }
        Expr::Object(fields) => fields
            .iter()
            .flat_map(|f| std::iter::once(f.value).chain(f.default))
            .collect(),
        Expr::Array(items) => items.clone(),
        Expr::Binary { l, r, .. } => vec![*l, *r],
        Expr::Cond { cond, then, els } => vec![*cond, *then, *els],
        Expr::Unary { e, .. } => vec![*e],
        Expr::Lambda {
            body: Body::Expr(b),
            ..
        } => vec![*b],
        Expr::Assign { lhs, rhs, .. } => vec![*lhs, *rhs],
        Expr::Default { primary, fallback } => vec![*primary, *fallback],
        _ => Vec::new(),
    }
}

pub struct Placeholder {
    pub name: String,
    /// Default text and its byte offset inside the placeholder string.
    pub default: Option<(String, usize)>,
}

/// `${NAME}`, `${NAME:default}` (Spring), `${NAME:-default}` / `${NAME-default}` (shell, compose).
/// Only a string that is exactly one placeholder qualifies.
pub fn parse_placeholder(s: &str) -> Option<Placeholder> {
    let t = s.trim();
    let lead = s.len() - s.trim_start().len();
    let inner = t.strip_prefix("${")?.strip_suffix('}')?;
    if inner.contains("${") || inner.contains('}') {
        return None;
    }
    let name_end = inner
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    // `${a-b}`: in Spring a dash is part of the name; `:-`/`-` only count after a plain name.
    let name = name.trim_end_matches('-');
    if name.is_empty() {
        return None;
    }
    let rest = &inner[name.len()..];
    let (dflt, skip) = if let Some(r) = rest.strip_prefix(":-") {
        (Some(r), 2)
    } else if let Some(r) = rest.strip_prefix(":=") {
        (Some(r), 2)
    } else if let Some(r) = rest.strip_prefix(':') {
        (Some(r), 1)
    } else if let Some(r) = rest.strip_prefix('-') {
        (Some(r), 1)
    } else if rest.is_empty() {
        (None, 0)
    } else {
        return None;
    };
    let default = dflt
        .filter(|d| !d.is_empty())
        .map(|d| (d.to_string(), lead + 2 + name.len() + skip));
    Some(Placeholder {
        name: name.to_string(),
        default,
    })
}

fn parse_int(t: &str) -> Option<u64> {
    let t: String = t.chars().filter(|c| *c != '_').collect();
    let t = t.trim_end_matches(|c: char| c.is_ascii_alphabetic() && c != 'x' && c != 'X');
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(h, 16).ok();
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        let p = parse_placeholder("${JWT_SECRET:dev-secret}").unwrap();
        assert_eq!(p.name, "JWT_SECRET");
        assert_eq!(p.default, Some(("dev-secret".to_string(), 13)));
        let p = parse_placeholder("${JWT_SECRET:-abc}").unwrap();
        assert_eq!(p.default.as_ref().map(|d| d.0.as_str()), Some("abc"));
        assert_eq!(
            &"${JWT_SECRET:-abc}"[p.default.as_ref().unwrap().1..][..3],
            "abc"
        );
        let p = parse_placeholder("${jwt.secret}").unwrap();
        assert!(p.default.is_none());
        assert!(parse_placeholder("prefix-${X}").is_none());
        assert!(parse_placeholder("plain").is_none());
    }

    #[test]
    fn ints() {
        assert_eq!(parse_int("32"), Some(32));
        assert_eq!(parse_int("0x20"), Some(32));
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("64n"), Some(64));
    }
}
