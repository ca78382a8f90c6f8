//! Per-file facts: an expression arena plus the bindings, imports, functions and typed names the
//! parser found. Rules and the value evaluator read these; nothing here knows about JWTs.

use crate::lang::Language;
use crate::lang::lexer::Lexed;

pub type ExprId = u32;

/// A byte range in the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `||`, `??`, `or`, `?:` (elvis): the right side is a fallback.
    Or,
    /// `&&`, `and`
    And,
    /// `+`, PHP `.`: concatenation when strings are involved.
    Add,
    Eq,
    Ne,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Not,
    Neg,
    Plus,
    Await,
    Spread,
    Ref,
    Other,
}

#[derive(Debug, Clone)]
pub struct Arg {
    /// Keyword / named argument (`algorithms=[...]`, `algorithm: 'HS256'`).
    pub name: Option<String>,
    pub value: ExprId,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// Static key name; `None` for computed keys and spreads.
    pub key: Option<String>,
    pub key_span: Span,
    pub value: ExprId,
    /// `{ a = 'x' }` in a destructuring pattern.
    pub default: Option<ExprId>,
    pub spread: bool,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub span: Span,
    pub default: Option<ExprId>,
    pub ty: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub enum Body {
    Expr(ExprId),
    /// Token range of a block body (inside the braces / indented suite).
    Block(u32, u32),
    None,
}

#[derive(Debug, Clone)]
pub enum Expr {
    Str(u32),
    Num,
    Bool(bool),
    Null,
    Ident(String),
    Member {
        obj: ExprId,
        name: String,
        name_span: Span,
    },
    Index {
        obj: ExprId,
        index: ExprId,
    },
    Call {
        callee: ExprId,
        args: Vec<Arg>,
        new: bool,
        init: Option<ExprId>,
    },
    Object(Vec<Field>),
    Array(Vec<ExprId>),
    Binary {
        op: BinOp,
        l: ExprId,
        r: ExprId,
    },
    Cond {
        cond: ExprId,
        then: ExprId,
        els: ExprId,
    },
    Unary {
        op: UnOp,
        e: ExprId,
    },
    Lambda {
        params: Vec<Param>,
        body: Body,
        func: u32,
    },
    Assign {
        lhs: ExprId,
        rhs: ExprId,
        compound: bool,
    },
    /// `primary` with a fallback used when it is missing (destructuring and parameter defaults).
    Default {
        primary: ExprId,
        fallback: ExprId,
    },
    /// A function parameter (its value comes from callers).
    Param(String),
    Opaque,
}

/// `name = value` in any of its forms: declarations, assignments, object fields, keyword
/// arguments, class fields, dictionary entries.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Key path, e.g. `["config", "jwt", "secret"]`, `["app", "config", "JWT_SECRET_KEY"]`.
    pub path: Vec<String>,
    pub key_span: Span,
    pub value: ExprId,
    /// Byte range of the innermost scope the binding lives in.
    pub scope: Span,
    pub kind: BindingKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    /// `const x = ...`, `x = ...`, `self.x = ...`
    Assign,
    /// `{ key: value }` inside an object/dict/hash/array literal or initializer.
    Field,
    /// `f(key=value)`
    Kwarg,
    /// A parameter with a default value.
    Param,
    /// An assignment that only runs when the variable is empty (`if x == "" { x = "dev" }`,
    /// `x ||= 'dev'`): its value is a fallback.
    Fallback,
}

#[derive(Debug, Clone)]
pub struct Import {
    /// Local name introduced (`jwt`, `sign`, `JwtStrategy`).
    pub local: String,
    /// Canonical path it stands for (`jsonwebtoken`, `jsonwebtoken.sign`, `passport-jwt.Strategy`).
    pub target: String,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub name: String,
    pub params: Vec<Param>,
    /// Expressions returned by the function body (`return x`, arrow expression bodies).
    pub returns: Vec<ExprId>,
    /// Byte range of the body.
    pub body: Span,
}

/// Everything the parser learned about one file.
#[derive(Debug)]
pub struct Facts {
    pub lang: Language,
    pub lexed: Lexed,
    pub exprs: Vec<Expr>,
    pub spans: Vec<Span>,
    pub bindings: Vec<Binding>,
    pub imports: Vec<Import>,
    /// Raw import specifiers/packages as written (`io.jsonwebtoken.Jwts`, `jsonwebtoken`).
    pub import_paths: Vec<String>,
    pub functions: Vec<Function>,
    /// `name: Type` / `Type name` declarations: (name, type).
    pub typed: Vec<(String, String)>,
    /// Every call expression, in source order.
    pub calls: Vec<ExprId>,
    /// Expressions parsed from string interpolations, keyed by the piece's source range.
    pub interp: Vec<((u32, u32), ExprId)>,
    /// Spring-style annotation values bound to fields: (field name, string expression).
    pub annotations: Vec<(String, String, ExprId)>,
    /// Class-like declarations with their base types (Python `class S(BaseSettings)`).
    pub classes: Vec<Class>,
    /// `'use client'` directive or browser framework imports seen.
    pub client_side: bool,
}

#[derive(Debug, Clone)]
pub struct Class {
    pub name: String,
    pub bases: Vec<String>,
    /// Byte range of the class body.
    pub body: Span,
}

impl Facts {
    /// The innermost class whose body holds `at`.
    pub fn class_at(&self, at: Span) -> Option<&Class> {
        self.classes
            .iter()
            .filter(|c| c.body.contains(at))
            .min_by_key(|c| c.body.end - c.body.start)
    }

    pub fn expr(&self, id: ExprId) -> &Expr {
        &self.exprs[id as usize]
    }
    pub fn span(&self, id: ExprId) -> Span {
        self.spans[id as usize]
    }
    pub fn str_value(&self, idx: u32) -> &str {
        &self.lexed.strs[idx as usize].value
    }
    /// The string literal an expression is, if it is one (not interpolated).
    pub fn as_str(&self, id: ExprId) -> Option<&str> {
        match self.expr(id) {
            Expr::Str(i) => {
                let s = &self.lexed.strs[*i as usize];
                if s.is_interpolated() {
                    None
                } else {
                    Some(&s.value)
                }
            }
            _ => None,
        }
    }
    /// Dotted rendering of a plain name path (`process.env.X`), without resolving imports.
    pub fn plain_path(&self, id: ExprId) -> Option<String> {
        match self.expr(id) {
            Expr::Ident(n) => Some(n.clone()),
            Expr::Member { obj, name, .. } => Some(format!("{}.{}", self.plain_path(*obj)?, name)),
            _ => None,
        }
    }
    /// Named or positional argument selection helpers.
    pub fn positional(&self, args: &[Arg], n: usize) -> Option<ExprId> {
        args.iter()
            .filter(|a| a.name.is_none())
            .nth(n)
            .map(|a| a.value)
    }
    pub fn named(&self, args: &[Arg], name: &str) -> Option<ExprId> {
        args.iter()
            .find(|a| a.name.as_deref() == Some(name))
            .map(|a| a.value)
    }
    /// Field of an object literal by static key.
    pub fn field(&self, obj: ExprId, key: &str) -> Option<ExprId> {
        match self.expr(obj) {
            Expr::Object(fields) => fields
                .iter()
                .rev()
                .find(|f| f.key.as_deref() == Some(key))
                .map(|f| f.value),
            _ => None,
        }
    }
    /// True when an object literal has a spread or computed key, so a missing field may exist.
    pub fn object_is_open(&self, obj: ExprId) -> bool {
        match self.expr(obj) {
            Expr::Object(fields) => fields.iter().any(|f| f.spread || f.key.is_none()),
            _ => true,
        }
    }
}
