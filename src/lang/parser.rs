//! A tolerant parser: a linear statement scanner that calls a Pratt expression parser at each
//! statement start. Unknown syntax only degrades locally (the scanner moves one token on), so one
//! parser serves every supported language with small per-language switches.
//!
//! Output is [`Facts`]: an expression arena with bindings, imports, functions and typed names.

use super::Language;
use super::lexer::{Lexed, Piece, TokKind, lex};
use crate::facts::*;
use foldhash::{HashMap, HashMapExt};

const NONE: u32 = u32::MAX;
/// Path root for the fields of a returned object (`return ['secret' => ...]`); the engine
/// replaces it with the file's name (config/jwt.php -> jwt.secret).
pub const RETURN_ROOT: &str = "__return__";
/// Work budget per token; keeps pathological input linear.
const FUEL_PER_TOKEN: usize = 64;
/// How deep expressions and blocks may nest before the parser stops descending: deeper input
/// (`((((...))))` a hundred thousand times) would overflow a worker thread's stack. Deeper
/// expressions are stepped over; deeper blocks are scanned later from the top, without recursion.
const MAX_NESTING: u32 = 128;

#[derive(Clone, Copy, Default)]
struct Cx {
    /// Inside (), [] or {}: newlines never end an expression.
    in_brackets: bool,
    /// Go `if`/`for`/`switch` headers: `{` starts the block, not a composite literal.
    no_composite: bool,
    /// Stop before `=` (object keys, parameter lists).
    no_assign: bool,
    /// Stop before `:` (ternary branches, dict keys, slices).
    no_colon: bool,
    /// Stop before `in` (Python/JS `for x in y` headers).
    no_in: bool,
    /// Stop before `|` (Rust/Ruby closure parameter lists).
    no_pipe: bool,
}

/// How many of a name's guarded blocks starting before an assignment are looked at.
const GUARD_REACH: usize = 64;

struct Parser<'a> {
    src: &'a str,
    lang: Language,
    lx: Lexed,
    mate: Vec<u32>,
    exprs: Vec<Expr>,
    spans: Vec<Span>,
    bindings: Vec<Binding>,
    imports: Vec<Import>,
    import_paths: Vec<String>,
    functions: Vec<Function>,
    typed: Vec<(String, String)>,
    calls: Vec<ExprId>,
    interp: Vec<((u32, u32), ExprId)>,
    annotations: Vec<(String, String, ExprId)>,
    classes: Vec<Class>,
    client_side: bool,
    /// Block ranges (token indices, exclusive end) still to scan, with their function.
    pending: Vec<(usize, usize, Option<u32>, Span)>,
    /// The function whose body is being scanned (for `return`).
    cur_fn: Option<u32>,
    cur_scope: Span,
    fuel: usize,
    pending_annotation: Option<(String, ExprId)>,
    /// The declared type while a C# declaration's value is parsed (`T x = new(...)`).
    target_type: Option<String>,
    /// `if x == "" { ... }` blocks: assignments to x inside them are fallbacks.
    /// By name: start -> end of each guarded block (ordered, so one lookup looks at the
    /// nearest blocks before an assignment, not at every `if (!token)` of a large file).
    guards: HashMap<String, std::collections::BTreeMap<u32, u32>>,
    /// Current depth of nested `scan` and `expr_bp` calls (see [`MAX_NESTING`]).
    nesting: u32,
    /// Bindings of one-word paths by name, in push order, for [`Parser::assignment_scope`]
    /// (a scan of every binding per assignment was quadratic in bundles); filled lazily up to
    /// `named_upto`.
    named: HashMap<String, Vec<u32>>,
    named_upto: usize,
}

/// Parse a whole file.
pub fn parse(src: &str, lang: Language) -> Facts {
    parse_lexed(src, lang, lex(src, lang))
}

/// [`parse`] for a file already lexed (the analysis looks at the tokens before parsing).
pub fn parse_lexed(src: &str, lang: Language, lx: Lexed) -> Facts {
    let mate = match_brackets(&lx);
    let n = lx.toks.len();
    let mut p = Parser {
        src,
        lang,
        lx,
        mate,
        exprs: Vec::new(),
        spans: Vec::new(),
        bindings: Vec::new(),
        imports: Vec::new(),
        import_paths: Vec::new(),
        functions: Vec::new(),
        typed: Vec::new(),
        calls: Vec::new(),
        interp: Vec::new(),
        annotations: Vec::new(),
        classes: Vec::new(),
        client_side: false,
        pending: Vec::new(),
        cur_fn: None,
        cur_scope: Span::new(0, src.len() as u32),
        fuel: n.saturating_mul(FUEL_PER_TOKEN) + 10_000,
        pending_annotation: None,
        target_type: None,
        guards: HashMap::new(),
        nesting: 0,
        named: HashMap::new(),
        named_upto: 0,
    };
    p.detect_directives();
    p.scan(0, n);
    while let Some((s, e, f, scope)) = p.pending.pop() {
        let (old_fn, old_scope) = (p.cur_fn, p.cur_scope);
        p.cur_fn = f;
        p.cur_scope = scope;
        p.scan(s, e);
        p.cur_fn = old_fn;
        p.cur_scope = old_scope;
    }
    p.parse_interpolations();
    Facts {
        lang,
        lexed: p.lx,
        exprs: p.exprs,
        spans: p.spans,
        bindings: p.bindings,
        imports: p.imports,
        import_paths: p.import_paths,
        functions: p.functions,
        typed: p.typed,
        calls: p.calls,
        interp: p.interp,
        annotations: p.annotations,
        classes: p.classes,
        client_side: p.client_side,
    }
}

fn match_brackets(lx: &Lexed) -> Vec<u32> {
    let mut mate = vec![NONE; lx.toks.len()];
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, t) in lx.toks.iter().enumerate() {
        match t.kind {
            TokKind::Open(c) => stack.push((c, i)),
            TokKind::Close(c) => {
                let want = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if let Some(pos) = stack.iter().rposition(|(o, _)| *o == want) {
                    // Unclosed openers above the match stay unmatched.
                    let (_, oi) = stack[pos];
                    stack.truncate(pos);
                    mate[oi] = i as u32;
                    mate[i] = oi as u32;
                }
            }
            _ => {}
        }
    }
    mate
}

fn is_modifier(w: &str) -> bool {
    matches!(
        w,
        "export"
            | "default"
            | "public"
            | "private"
            | "protected"
            | "internal"
            | "static"
            | "readonly"
            | "declare"
            | "abstract"
            | "override"
            | "open"
            | "lateinit"
            | "pub"
            | "mut"
            | "volatile"
            | "transient"
            | "synchronized"
            | "sealed"
            | "data"
            | "inline"
            | "unsafe"
            | "extern"
            | "virtual"
            | "partial"
            | "required"
            | "global"
            | "nonlocal"
            | "final"
            | "const"
            | "let"
            | "var"
            | "val"
            | "new"
            | "async"
            | "fileprivate"
            | "crate"
            | "ref"
    )
}

fn is_decl_keyword(w: &str) -> bool {
    matches!(
        w,
        "const" | "let" | "var" | "val" | "final" | "static" | "readonly" | "my" | "our"
    )
}

impl<'a> Parser<'a> {
    // ---------------------------------------------------------------- token helpers

    fn n(&self) -> usize {
        self.lx.toks.len()
    }
    fn kind(&self, i: usize) -> Option<TokKind> {
        self.lx.toks.get(i).map(|t| t.kind)
    }
    fn txt(&self, i: usize) -> &'a str {
        match self.lx.toks.get(i) {
            Some(t) => &self.src[t.start as usize..t.end as usize],
            None => "",
        }
    }
    fn is(&self, i: usize, s: &str) -> bool {
        matches!(self.kind(i), Some(TokKind::Punct | TokKind::Ident)) && self.txt(i) == s
    }
    fn is_ident(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(TokKind::Ident))
    }
    fn is_open(&self, i: usize, c: u8) -> bool {
        self.kind(i) == Some(TokKind::Open(c))
    }
    fn is_close(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(TokKind::Close(_)))
    }
    fn nl(&self, i: usize) -> bool {
        self.lx.toks.get(i).is_some_and(|t| t.nl_before)
    }
    fn tspan(&self, i: usize) -> Span {
        match self.lx.toks.get(i) {
            Some(t) => Span::new(t.start, t.end),
            None => Span::new(self.src.len() as u32, self.src.len() as u32),
        }
    }
    /// Index just past the bracket group opened at `i` (or `lim` when unmatched).
    fn after_group(&self, i: usize, lim: usize) -> usize {
        let m = self.mate.get(i).copied().unwrap_or(NONE);
        if m == NONE || m as usize >= lim {
            lim
        } else {
            m as usize + 1
        }
    }
    fn group_end(&self, i: usize, lim: usize) -> usize {
        let m = self.mate.get(i).copied().unwrap_or(NONE);
        if m == NONE || m as usize > lim {
            lim
        } else {
            m as usize
        }
    }
    fn burn(&mut self) -> bool {
        if self.fuel == 0 {
            return false;
        }
        self.fuel -= 1;
        true
    }

    fn add(&mut self, e: Expr, span: Span) -> ExprId {
        let id = self.exprs.len() as ExprId;
        if let Expr::Call { callee, args, .. } = &e {
            self.calls.push(id);
            if let Expr::Ident(n) = &self.exprs[*callee as usize] {
                let first_str = args
                    .first()
                    .and_then(|a| match &self.exprs[a.value as usize] {
                        Expr::Str(s) => Some(self.lx.strs[*s as usize].value.clone()),
                        _ => None,
                    });
                match (n.as_str(), first_str) {
                    ("require" | "import", Some(m)) if self.lang.is_js() => {
                        self.import_paths.push(normalize_module(&m))
                    }
                    ("__import__" | "import_module", Some(m)) if self.lang == Language::Python => {
                        self.import_paths.push(m)
                    }
                    ("define", Some(name)) if self.lang == Language::Php && args.len() >= 2 => {
                        let value = args[1].value;
                        let key_span = self.spans[args[0].value as usize];
                        let scope = Span::new(0, self.src.len() as u32);
                        self.bindings.push(Binding {
                            path: vec![name],
                            key_span,
                            value,
                            scope,
                            kind: BindingKind::Assign,
                        });
                    }
                    _ => {}
                }
            }
        }
        self.exprs.push(e);
        self.spans.push(span);
        id
    }
    fn sp(&self, id: ExprId) -> Span {
        self.spans[id as usize]
    }

    fn newline_terminates(&self) -> bool {
        matches!(
            self.lang,
            Language::Python
                | Language::Ruby
                | Language::Go
                | Language::JavaScript
                | Language::TypeScript
                | Language::Kotlin
        )
    }

    /// Does a line break before token `i` end the current expression?
    fn ends_at_newline(&self, i: usize, cx: Cx) -> bool {
        if cx.in_brackets || !self.nl(i) || !self.newline_terminates() || i == 0 {
            return false;
        }
        // Python explicit line joining.
        if self.lang == Language::Python {
            return !self.is(i - 1, "\\");
        }
        let prev_value = matches!(
            self.kind(i - 1),
            Some(TokKind::Ident | TokKind::Num | TokKind::Str(_) | TokKind::Close(_))
        ) || self.is(i - 1, "++")
            || self.is(i - 1, "--");
        if !prev_value {
            return false;
        }
        if self.lang == Language::Go {
            return true;
        }
        // A line starting with a member access or binary operator continues the expression.
        let t = self.txt(i);
        let continues = matches!(
            t,
            "." | "?."
                | "&&"
                | "||"
                | "??"
                | "?"
                | ":"
                | "+"
                | "*"
                | "/"
                | "%"
                | "="
                | "=="
                | "==="
                | "!="
                | "!=="
                | "|"
                | "&"
                | "?:"
                | "=>"
                | "->"
                | "::"
                | "<"
                | ">"
                | "<="
                | ">="
        ) || (self.lang == Language::Ruby && (t == "&" && self.is(i + 1, ".")));
        !continues
    }

    // ---------------------------------------------------------------- statements

    fn detect_directives(&mut self) {
        if let Some(TokKind::Str(s)) = self.kind(0) {
            let v = &self.lx.strs[s as usize].value;
            if v == "use client" {
                self.client_side = true;
            }
        }
    }

    /// Scan statements in tokens [s, e).
    fn scan(&mut self, s: usize, e: usize) {
        if self.nesting >= MAX_NESTING {
            // Too deep to recurse: scan it from the top-level loop instead.
            self.pending.push((s, e, self.cur_fn, self.cur_scope));
            return;
        }
        self.nesting += 1;
        self.scan_nested(s, e);
        self.nesting -= 1;
    }

    fn scan_nested(&mut self, s: usize, e: usize) {
        let mut i = s;
        let e = e.min(self.n());
        while i < e {
            if !self.burn() {
                return;
            }
            let next = self.statement(i, e);
            i = if next > i { next } else { i + 1 };
        }
    }

    fn statement(&mut self, i: usize, lim: usize) -> usize {
        let kind = match self.kind(i) {
            Some(k) => k,
            None => return lim,
        };
        match kind {
            TokKind::Open(b'{') => {
                // A bare block, class body or function body: a nested scope, scanned in place.
                let end = self.group_end(i, lim);
                let scope = self.tspan(i).to(self.tspan(end));
                let old = self.cur_scope;
                self.cur_scope = scope;
                self.scan(i + 1, end);
                self.cur_scope = old;
                return (end + 1).min(lim.max(end + 1));
            }
            TokKind::Close(_) => return i + 1,
            TokKind::Punct => {
                let t = self.txt(i);
                if t == "@" {
                    return self.annotation(i, lim);
                }
                if t == "#" && self.lang == Language::Rust {
                    return self.rust_attribute(i, lim);
                }
                if t == ";" || t == "," {
                    return i + 1;
                }
            }
            _ => {}
        }
        if kind == TokKind::Ident {
            let w = self.txt(i);
            match w {
                "import" | "from" if self.lang.is_js() || self.lang == Language::Python => {
                    return self.import_stmt(i, lim);
                }
                "import" | "package"
                    if matches!(self.lang, Language::Java | Language::Kotlin | Language::Go) =>
                {
                    return self.import_stmt(i, lim);
                }
                "using" if self.lang == Language::CSharp && self.is_open(i + 1, b'(') => {
                    // `using (var rng = new X()) { ... }`: the declaration, then the body as usual.
                    let close = self.group_end(i + 1, lim);
                    self.scan(i + 2, close);
                    return (close + 1).min(lim.max(close + 1));
                }
                "const" | "var" if self.lang == Language::Go && self.is_open(i + 1, b'(') => {
                    // `const ( a = "x"; b T = y )`: each line of the group is a declaration.
                    let close = self.group_end(i + 1, lim);
                    let mut k = i + 2;
                    while k < close {
                        // The line ends at a newline outside brackets (or a `;`).
                        let mut e = k + 1;
                        while e < close && !self.nl(e) && !self.is(e, ";") {
                            e = if matches!(self.kind(e), Some(TokKind::Open(_))) {
                                self.after_group(e, close)
                            } else {
                                e + 1
                            };
                        }
                        let next = match self.try_typed_declaration(k, e, true) {
                            Some(n) => n,
                            None => self.statement(k, e),
                        };
                        k = next.max(e);
                    }
                    return (close + 1).min(lim.max(close + 1));
                }
                "using" if self.lang == Language::CSharp && self.is(i + 1, "var") => {
                    return self.statement(i + 1, lim);
                }
                "using" if self.lang == Language::CSharp => return self.import_stmt(i, lim),
                "use" if matches!(self.lang, Language::Php | Language::Rust) => {
                    return self.import_stmt(i, lim);
                }
                "require" | "require_relative" | "load" if self.lang == Language::Ruby => {
                    return self.import_stmt(i, lim);
                }
                "namespace" | "package" | "module"
                    if !self.is(i + 1, "=") && !self.is(i + 1, ".") =>
                {
                    return self.skip_to_stmt_end(i + 1, lim);
                }
                "function" | "def" | "func" | "fn" | "fun" | "sub" => {
                    if let Some(next) = self.function_decl(i, lim) {
                        return next;
                    }
                }
                "class" | "struct" | "interface" | "enum" | "trait" | "impl" | "object"
                | "record"
                    if !self.is(i + 1, "=") && !self.is(i + 1, ".") && !self.is(i + 1, ":") =>
                {
                    return self.class_decl(i, lim);
                }
                "return" | "throw" | "yield" | "raise" => {
                    let (e, next) = self.expr(i + 1, lim, Cx::default());
                    if w == "return"
                        && let Some(e) = e
                    {
                        if let Some(f) = self.cur_fn {
                            self.functions[f as usize].returns.push(e);
                        }
                        // Laravel-style config files return their settings: `return ['secret' => ...]`.
                        if matches!(self.exprs[e as usize], Expr::Object(_)) {
                            let key_span = self.tspan(i);
                            self.bind_field_tree(vec![RETURN_ROOT.to_string()], key_span, e);
                        }
                    }
                    return next;
                }
                "if" | "elif" | "unless" => return self.if_statement(i, lim),
                "while" | "switch" | "match" | "until" | "when" | "catch" | "with" | "case"
                | "guard" => {
                    let j = i + 1;
                    let cx = Cx {
                        no_composite: true,
                        ..Cx::default()
                    };
                    let (_, next) = self.expr(j, lim, cx);
                    return next;
                }
                "for" | "foreach" => {
                    let cx = Cx {
                        no_composite: true,
                        no_in: false,
                        ..Cx::default()
                    };
                    let (_, next) = self.expr(i + 1, lim, cx);
                    return next;
                }
                "else" | "try" | "finally" | "do" | "begin" | "end" | "then" | "pass" | "break"
                | "continue" | "loop" | "defer" | "go" | "ensure" | "rescue" | "lock"
                | "unsafe" | "select" | "static"
                    if !self.is(i + 1, "=") =>
                {
                    return i + 1;
                }
                _ => {}
            }
            if is_modifier(w)
                && !self.is(i + 1, "=")
                && !self.is(i + 1, ".")
                && !self.is(i + 1, "(")
                && !self.is(i + 1, ":")
            {
                return self.declaration(i, lim);
            }
            if let Some(next) = self.multi_assign(i, lim) {
                return next;
            }
            if let Some(next) = self.method_decl(i, lim) {
                return next;
            }
            if let Some(next) = self.try_typed_declaration(i, lim, false) {
                return next;
            }
        }
        self.expr_statement(i, lim)
    }

    /// `a, b = x, y` / `key, err := f()`: names bound pairwise; with one value, the first name
    /// takes it (Go's `value, err` convention, Python's first element).
    fn multi_assign(&mut self, i: usize, lim: usize) -> Option<usize> {
        let mut names = vec![i];
        let mut j = i + 1;
        while self.is(j, ",") && self.is_ident(j + 1) {
            names.push(j + 1);
            j += 2;
        }
        if names.len() < 2 || !(self.is(j, "=") || self.is(j, ":=")) {
            return None;
        }
        let cx = Cx::default();
        let mut values = Vec::new();
        let mut k = j + 1;
        loop {
            let (v, next) = self.expr(
                k,
                lim,
                Cx {
                    no_assign: true,
                    ..cx
                },
            );
            let Some(v) = v else { break };
            values.push(v);
            k = next;
            if self.is(k, ",") && !self.ends_at_newline(k + 1, cx) {
                k += 1;
                continue;
            }
            break;
        }
        for (n, &name_i) in names.iter().enumerate() {
            let value = if values.len() == names.len() {
                values.get(n)
            } else if n == 0 {
                values.first()
            } else {
                None
            };
            if let Some(&v) = value {
                let name = self.txt(name_i).to_string();
                if name != "_" {
                    let scope = if self.lang == Language::Go && self.is(j, ":=") {
                        self.cur_scope
                    } else {
                        self.fn_scope()
                    };
                    self.bind_in(
                        vec![name],
                        self.tspan(name_i),
                        v,
                        BindingKind::Assign,
                        scope,
                    );
                }
            }
        }
        for v in values {
            self.collect_bindings(v);
        }
        Some(k.max(j + 1))
    }

    /// `if` headers: parse the condition; when it tests a variable for emptiness, remember the
    /// block so assignments to that variable inside it count as fallbacks.
    fn if_statement(&mut self, i: usize, lim: usize) -> usize {
        let cx = Cx {
            no_composite: true,
            ..Cx::default()
        };
        let (mut cond, mut next) = self.expr(i + 1, lim, cx);
        // Go: `if s := os.Getenv("X"); s == "" {`
        if self.lang == Language::Go && self.is(next, ";") {
            let (c2, n2) = self.expr(next + 1, lim, cx);
            if let Some(e) = cond {
                self.collect_bindings(e);
            }
            cond = c2;
            next = n2;
        }
        let unless = self.txt(i) == "unless";
        let Some(c) = cond else { return next };
        let var = if unless {
            self.path_text(c)
        } else {
            self.guard_var(c)
        };
        let Some(var) = var else { return next };
        let block = match self.lang {
            Language::Python => {
                let k = if self.is(next, ":") { next + 1 } else { next };
                let end = self.indented_block_end(i, k, lim);
                Some(
                    self.tspan(k.min(end))
                        .to(self.tspan(end.saturating_sub(1).max(k))),
                )
            }
            Language::Ruby => {
                let end = self.indented_block_end(i, next, lim);
                Some(
                    self.tspan(next.min(end))
                        .to(self.tspan(end.saturating_sub(1).max(next))),
                )
            }
            _ => {
                if self.is_open(next, b'{') {
                    let close = self.group_end(next, lim);
                    Some(self.tspan(next).to(self.tspan(close)))
                } else {
                    // `if (!x) x = 'dev';`
                    let mut k = next;
                    while k < lim && !self.is(k, ";") && !(k > next && self.nl(k)) {
                        k += 1;
                    }
                    Some(
                        self.tspan(next)
                            .to(self.tspan(k.min(lim.saturating_sub(1)))),
                    )
                }
            }
        };
        if let Some(b) = block {
            let end = self
                .guards
                .entry(var)
                .or_default()
                .entry(b.start)
                .or_insert(b.end);
            *end = (*end).max(b.end);
        }
        next
    }

    /// Dotted text of a plain variable or member path (`secret`, `this.secret`, `$key`).
    fn path_text(&self, e: ExprId) -> Option<String> {
        self.lhs_path(e).map(|p| p.join("."))
    }

    /// The variable a condition tests for emptiness: `!x`, `x == ""`, `x == null`, `x is None`,
    /// `not x`, `len(x) == 0`, `x.isEmpty()`, `x.nil?`, `empty($x)`, `string.IsNullOrEmpty(x)`.
    fn guard_var(&self, c: ExprId) -> Option<String> {
        match &self.exprs[c as usize] {
            Expr::Unary { op: UnOp::Not, e } => {
                // `!isset($x)`
                if let Expr::Call { callee, args, .. } = &self.exprs[*e as usize]
                    && matches!(&self.exprs[*callee as usize], Expr::Ident(n) if n == "isset")
                {
                    return args.first().and_then(|a| self.path_text(a.value));
                }
                self.path_text(*e)
            }
            Expr::Binary { op, l, r } => {
                let empty = |x: ExprId| match &self.exprs[x as usize] {
                    Expr::Null => true,
                    Expr::Str(s) => self.lx.strs[*s as usize].value.is_empty(),
                    Expr::Num => self.src.get(self.spans[x as usize].range()) == Some("0"),
                    _ => false,
                };
                match op {
                    BinOp::Or | BinOp::And => self.guard_var(*l).or_else(|| self.guard_var(*r)),
                    BinOp::Eq | BinOp::Other if empty(*r) => {
                        self.len_arg(*l).or_else(|| self.path_text(*l))
                    }
                    BinOp::Eq | BinOp::Other if empty(*l) => {
                        self.len_arg(*r).or_else(|| self.path_text(*r))
                    }
                    _ => None,
                }
            }
            Expr::Call { callee, args, .. } => {
                let name = match &self.exprs[*callee as usize] {
                    Expr::Member { name, .. } | Expr::Ident(name) => name.as_str(),
                    _ => return None,
                };
                let lname = name.to_ascii_lowercase();
                let emptyish = matches!(
                    lname.as_str(),
                    "isempty"
                        | "isblank"
                        | "isnullorempty"
                        | "isnullorwhitespace"
                        | "empty"
                        | "is_null"
                        | "isnull"
                        | "nil?"
                        | "blank?"
                        | "empty?"
                        | "is_empty"
                        | "isnone"
                );
                if !emptyish {
                    return None;
                }
                match (&self.exprs[*callee as usize], args.first()) {
                    (_, Some(a)) => self.path_text(a.value),
                    (Expr::Member { obj, .. }, None) => self.path_text(*obj),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn len_arg(&self, e: ExprId) -> Option<String> {
        match &self.exprs[e as usize] {
            Expr::Call { callee, args, .. } if matches!(&self.exprs[*callee as usize], Expr::Ident(n) if n == "len" || n == "strlen" || n == "count") => {
                args.first().and_then(|a| self.path_text(a.value))
            }
            Expr::Member { obj, name, .. }
                if name == "length" || name == "Length" || name == "size" =>
            {
                self.path_text(*obj)
            }
            _ => None,
        }
    }

    fn skip_to_stmt_end(&mut self, mut i: usize, lim: usize) -> usize {
        while i < lim {
            if self.is(i, ";") {
                return i + 1;
            }
            if self.is_open(i, b'{') {
                return i;
            }
            if self.nl(i) {
                return i;
            }
            i += 1;
        }
        lim
    }

    fn expr_statement(&mut self, i: usize, lim: usize) -> usize {
        let (e, next) = self.expr(i, lim, Cx::default());
        if let Some(e) = e {
            self.collect_bindings(e);
        }
        next
    }

    /// Modifiers and declaration keywords (`export const`, `private static final`, `let mut`).
    fn declaration(&mut self, mut i: usize, lim: usize) -> usize {
        let mut declared = false;
        // `export default { jwtSecret: '...' }`: the exported object is bound as `default`, so
        // its fields are seen like those of `module.exports = {...}`.
        if self.lang.is_js()
            && self.is(i, "export")
            && self.is(i + 1, "default")
            && self.is_open(i + 2, b'{')
        {
            let (value, next) = self.expr(i + 2, lim, Cx::default());
            if let Some(v) = value {
                self.bind(
                    vec!["default".to_string()],
                    self.tspan(i + 1),
                    v,
                    BindingKind::Assign,
                );
                self.collect_bindings(v);
            }
            return next.max(i + 3);
        }
        while i < lim && self.is_ident(i) && is_modifier(self.txt(i)) {
            if is_decl_keyword(self.txt(i)) {
                declared = true;
            }
            // `export default expr` / `const enum`
            if matches!(self.txt(i + 1), "=" | "." | "(" | ":" | ";" | ",") {
                break;
            }
            i += 1;
        }
        if i >= lim {
            return lim;
        }
        if self.is_ident(i) {
            match self.txt(i) {
                "function" | "def" | "func" | "fn" | "fun" => {
                    if let Some(next) = self.function_decl(i, lim) {
                        return next;
                    }
                }
                "class" | "struct" | "interface" | "enum" | "trait" | "object" | "record" => {
                    return self.class_decl(i, lim);
                }
                _ => {}
            }
            if let Some(next) = self.method_decl(i, lim) {
                return next;
            }
            if let Some(next) = self.try_typed_declaration(i, lim, declared) {
                return next;
            }
        }
        // Destructuring: `const { a = 'x' } = process.env`
        self.expr_statement(i, lim)
    }

    /// `Type name = value`, `name: Type = value`, `name Type = value` (Go), C# properties.
    /// Returns None when the tokens are not a declaration.
    fn try_typed_declaration(&mut self, i: usize, lim: usize, declared: bool) -> Option<usize> {
        if !self.is_ident(i) {
            return None;
        }
        let mut j = i;
        let mut idents: Vec<usize> = Vec::new();
        let mut colon_at: Option<usize> = None;
        let mut adjacent_idents = false;
        let mut angle = 0i32;
        let mut last_was_ident = false;
        while j < lim && j - i < 40 {
            if j > i && self.ends_at_newline(j, Cx::default()) && angle == 0 {
                break;
            }
            match self.kind(j) {
                Some(TokKind::Ident) => {
                    if last_was_ident && angle == 0 {
                        adjacent_idents = true;
                    }
                    idents.push(j);
                    last_was_ident = true;
                }
                Some(TokKind::Punct) => {
                    let t = self.txt(j);
                    match t {
                        "=" | ":=" if angle == 0 => break,
                        "=>" if angle == 0 && self.lang == Language::CSharp => break,
                        ":" if angle == 0 && colon_at.is_none() => colon_at = Some(j),
                        "<" => angle += 1,
                        ">" => angle -= 1,
                        ">>" => angle -= 2,
                        "." | "::" | "?" | "*" | "&" | "," | "|" | "'" | "!" | "\\" => {
                            // `name: Type,` ends a struct field; otherwise a top-level comma is
                            // not a declaration.
                            if t == "," && angle == 0 {
                                if colon_at.is_some() && self.lang == Language::Rust {
                                    break;
                                }
                                return None;
                            }
                        }
                        ";" => break,
                        _ => return None,
                    }
                    last_was_ident = false;
                }
                Some(TokKind::Open(b'[')) => {
                    j = self.after_group(j, lim);
                    last_was_ident = false;
                    continue;
                }
                Some(TokKind::Open(b'{'))
                    if self.lang == Language::CSharp && !idents.is_empty() =>
                {
                    // C# auto-property: `public string Key { get; set; } = "x";`
                    let after = self.after_group(j, lim);
                    let inner = self.txt(j + 1);
                    if matches!(
                        inner,
                        "get" | "set" | "init" | "private" | "protected" | "internal"
                    ) {
                        if self.is(after, "=") {
                            let name_i = *idents.last()?;
                            return Some(self.finish_declaration(name_i, i, after, lim, None));
                        }
                        self.record_typed(&idents, None);
                        return Some(after);
                    }
                    return None;
                }
                Some(TokKind::Open(b'(')) if self.lang == Language::Go && !idents.is_empty() => {
                    return None;
                }
                _ => return None,
            }
            j += 1;
        }
        if idents.is_empty() {
            return None;
        }
        let typed_form = colon_at.is_some() || adjacent_idents || declared;
        if !typed_form {
            return None;
        }
        // Name: before the annotation colon, after `var` in Go, else the last identifier.
        let name_i = if let Some(c) = colon_at {
            *idents.iter().rev().find(|&&k| k < c)?
        } else if self.lang == Language::Go && declared {
            idents[0]
        } else if self.lang == Language::Go && adjacent_idents && self.txt(i) == "var" {
            *idents.get(1)?
        } else {
            *idents.last()?
        };
        if j < lim
            && (self.is(j, "=")
                || self.is(j, ":=")
                || (self.lang == Language::CSharp && self.is(j, "=>")))
        {
            self.record_typed(&idents, colon_at);
            return Some(self.finish_declaration(name_i, i, j, lim, colon_at));
        }
        // A declaration without initializer: remember its type, attach a pending annotation.
        if adjacent_idents || colon_at.is_some() {
            self.record_typed(&idents, colon_at);
            if let Some((ann_name, value)) = self.pending_annotation.take() {
                let name = self.txt(name_i).to_string();
                self.annotations
                    .push((name.clone(), ann_name.clone(), value));
                let scope = self.cur_scope;
                // serde / clap defaults are used when the configured value is missing.
                let kind = if ann_name == "default" {
                    BindingKind::Fallback
                } else {
                    BindingKind::Assign
                };
                self.bindings.push(Binding {
                    path: vec![name],
                    key_span: self.tspan(name_i),
                    value,
                    scope,
                    kind,
                });
            }
            return Some(if j < lim && (self.is(j, ";") || self.is(j, ",")) {
                j + 1
            } else {
                j.max(i + 1)
            });
        }
        None
    }

    fn record_typed(&mut self, idents: &[usize], colon_at: Option<usize>) {
        if idents.len() < 2 {
            return;
        }
        let (name, ty) = match colon_at {
            Some(c) => {
                let name = idents.iter().rev().find(|&&k| k < c);
                let ty = idents.iter().find(|&&k| k > c);
                match (name, ty) {
                    (Some(&n), Some(&t)) => (n, t),
                    _ => return,
                }
            }
            None => {
                if self.lang == Language::Go {
                    (idents[0], idents[idents.len() - 1])
                } else {
                    let n = idents[idents.len() - 1];
                    // The type is the identifier before the name, skipping modifiers.
                    let t = idents[..idents.len() - 1]
                        .iter()
                        .rev()
                        .find(|&&k| !is_modifier(self.txt(k)))
                        .copied();
                    match t {
                        Some(t) => (n, t),
                        None => return,
                    }
                }
            }
        };
        let n = self.txt(name).to_string();
        let t = self.txt(ty).to_string();
        self.typed.push((n, t));
    }

    fn finish_declaration(
        &mut self,
        name_i: usize,
        _start: usize,
        eq: usize,
        lim: usize,
        _colon: Option<usize>,
    ) -> usize {
        // C# target-typed `new(...)` takes the declared type: `SymmetricSecurityKey k = new(...)`.
        let saved = self.target_type.take();
        if self.lang == Language::CSharp && name_i > 0 && self.is_ident(name_i - 1) {
            self.target_type = Some(self.txt(name_i - 1).to_string());
        }
        let (value, next) = self.expr(eq + 1, lim, Cx::default());
        self.target_type = saved;
        let name = self.txt(name_i).to_string();
        if let Some(v) = value {
            self.bind(vec![name], self.tspan(name_i), v, BindingKind::Assign);
            self.collect_bindings(v);
        }
        self.pending_annotation = None;
        // `String a = "x", b = "y";`
        if next < lim && self.is(next, ",") && self.is_ident(next + 1) && self.is(next + 2, "=") {
            return self.finish_declaration(next + 1, next + 1, next + 2, lim, None);
        }
        next
    }

    /// Scope of `x = v` without a declaration keyword: that of the visible declaration of `x`
    /// (an `init()` assigning a package variable), else the enclosing function. Python
    /// assignments always bind in the function.
    fn assignment_scope(&mut self, path: &[String], at: Span) -> Span {
        if path.len() == 1 && self.lang != Language::Python {
            for (i, b) in self.bindings.iter().enumerate().skip(self.named_upto) {
                if let [name] = &b.path[..] {
                    self.named.entry(name.clone()).or_default().push(i as u32);
                }
            }
            self.named_upto = self.bindings.len();
            let found = self.named.get(&path[0]).and_then(|ids| {
                ids.iter()
                    .rev()
                    .map(|&i| &self.bindings[i as usize])
                    .find(|b| {
                        b.scope.contains(at)
                            && b.kind != BindingKind::Kwarg
                            && b.kind != BindingKind::Field
                    })
            });
            if let Some(b) = found {
                return b.scope;
            }
        }
        self.fn_scope()
    }

    /// Scope of an assignment without a declaration keyword: the enclosing function (or file).
    fn fn_scope(&self) -> Span {
        match self.cur_fn {
            Some(f) => self.functions[f as usize].body,
            None => Span::new(0, self.src.len() as u32),
        }
    }

    fn bind(&mut self, path: Vec<String>, key_span: Span, value: ExprId, kind: BindingKind) {
        let scope = self.cur_scope;
        self.bind_in(path, key_span, value, kind, scope);
    }

    fn bind_in(
        &mut self,
        path: Vec<String>,
        key_span: Span,
        value: ExprId,
        kind: BindingKind,
        scope: Span,
    ) {
        // `require('x')` bindings are imports.
        if let Some(target) = self.require_target(value)
            && path.len() == 1
        {
            self.imports.push(Import {
                local: path[0].clone(),
                target,
            });
        }
        if let Expr::Object(fields) = &self.exprs[value as usize] {
            let fields = fields.clone();
            for f in fields {
                if let Some(k) = &f.key {
                    let mut p = path.clone();
                    p.push(k.clone());
                    self.bind_field_tree(p, f.key_span, f.value);
                }
            }
        }
        let scope = if path.len() > 1 && matches!(path[0].as_str(), "this" | "self" | "$this" | "@")
        {
            Span::new(0, self.src.len() as u32)
        } else {
            scope
        };
        let joined = path.join(".");
        let kind = if kind == BindingKind::Assign
            && self.guards.get(&joined).is_some_and(|g| {
                // Blocks holding the assignment start at or before it; the innermost ones
                // are the nearest (a guard dozens of blocks out is not this assignment's).
                g.range(..=key_span.start)
                    .rev()
                    .take(GUARD_REACH)
                    .any(|(&s, &e)| Span::new(s, e).contains(key_span))
            }) {
            BindingKind::Fallback
        } else {
            kind
        };
        self.bindings.push(Binding {
            path,
            key_span,
            value,
            scope,
            kind,
        });
    }

    /// Fields of an initializer or struct literal (`Config{JWTSecret: "x"}`, `new O { Key = "x" }`)
    /// are named values: a secret-named field holding a literal is a finding.
    fn bind_init_fields(&mut self, obj: ExprId) {
        if let Expr::Object(fields) = &self.exprs[obj as usize] {
            let fields = fields.clone();
            for f in fields {
                if let Some(k) = &f.key {
                    self.bind_field_tree(vec![k.clone()], f.key_span, f.value);
                }
            }
        }
    }

    fn bind_field_tree(&mut self, path: Vec<String>, key_span: Span, value: ExprId) {
        if path.len() > 12 {
            return;
        }
        if let Expr::Object(fields) = &self.exprs[value as usize] {
            let fields = fields.clone();
            for f in fields {
                if let Some(k) = &f.key {
                    let mut p = path.clone();
                    p.push(k.clone());
                    self.bind_field_tree(p, f.key_span, f.value);
                }
            }
        }
        let scope = self.cur_scope;
        self.bindings.push(Binding {
            path,
            key_span,
            value,
            scope,
            kind: BindingKind::Field,
        });
    }

    /// `require('m')`, `require('m').x` -> canonical import target.
    fn require_target(&self, value: ExprId) -> Option<String> {
        match &self.exprs[value as usize] {
            Expr::Call { callee, args, .. } => {
                if let Expr::Ident(n) = &self.exprs[*callee as usize]
                    && n == "require"
                    && self.lang.is_js()
                {
                    let a = args.first()?;
                    if let Expr::Str(s) = &self.exprs[a.value as usize] {
                        return Some(normalize_module(&self.lx.strs[*s as usize].value));
                    }
                }
                None
            }
            Expr::Member { obj, name, .. } => {
                let base = self.require_target(*obj)?;
                Some(format!("{base}.{name}"))
            }
            Expr::Unary { op: UnOp::Await, e } => {
                // `await import('m')`
                if let Expr::Call { callee, args, .. } = &self.exprs[*e as usize]
                    && matches!(&self.exprs[*callee as usize], Expr::Ident(n) if n == "import")
                    && let Some(Expr::Str(s)) = args.first().map(|a| &self.exprs[a.value as usize])
                {
                    return Some(normalize_module(&self.lx.strs[*s as usize].value));
                }
                None
            }
            _ => None,
        }
    }

    /// Walk an expression statement for assignments and destructuring.
    fn collect_bindings(&mut self, e: ExprId) {
        let Expr::Assign { lhs, rhs, compound } = self.exprs[e as usize].clone() else {
            return;
        };
        // `out += x` contributes x to what `out` may hold; `count *= 2` contributes nothing useful.
        let op_text = self
            .src
            .get(self.sp(lhs).end as usize..self.sp(rhs).start as usize)
            .map_or("", str::trim);
        if matches!(op_text, "||=" | "??=") {
            if let Some(path) = self.lhs_path(lhs) {
                let span = self.sp(lhs);
                let scope = self.fn_scope();
                self.bindings.push(Binding {
                    path,
                    key_span: span,
                    value: rhs,
                    scope,
                    kind: BindingKind::Fallback,
                });
            }
            return;
        }
        if compound {
            let op_is_add = self
                .src
                .get(self.sp(lhs).end as usize..self.sp(rhs).start as usize)
                .is_some_and(|t| t.trim() == "+=" || t.trim() == ".=" || t.trim() == "<<");
            if op_is_add && let Some(path) = self.lhs_path(lhs) {
                let span = self.sp(lhs);
                let scope = self.fn_scope();
                self.bind_in(path, span, rhs, BindingKind::Assign, scope);
            }
            return;
        }
        // Nested `a = b = c`
        self.collect_bindings(rhs);
        match self.exprs[lhs as usize].clone() {
            Expr::Object(fields) => {
                // Destructuring: `const { A = 'x', b: c } = rhs`
                let req = self.require_target(rhs);
                for f in fields {
                    let Some(key) = f.key.clone() else { continue };
                    let local = match &self.exprs[f.value as usize] {
                        Expr::Ident(n) => n.clone(),
                        _ => key.clone(),
                    };
                    if let Some(base) = &req {
                        self.imports.push(Import {
                            local: local.clone(),
                            target: format!("{base}.{key}"),
                        });
                        continue;
                    }
                    let span = self.sp(f.value);
                    let member = self.add(
                        Expr::Member {
                            obj: rhs,
                            name: key.clone(),
                            name_span: f.key_span,
                        },
                        span,
                    );
                    let value = match f.default {
                        Some(d) => self.add(
                            Expr::Default {
                                primary: member,
                                fallback: d,
                            },
                            span.to(self.sp(d)),
                        ),
                        None => member,
                    };
                    let scope = self.cur_scope;
                    self.bindings.push(Binding {
                        path: vec![local],
                        key_span: span,
                        value,
                        scope,
                        kind: BindingKind::Assign,
                    });
                }
            }
            Expr::Array(_) => {}
            // `b[i] = letters[rand.Intn(n)]`: the buffer holds what is written into it.
            Expr::Index { obj, index } if !matches!(self.exprs[index as usize], Expr::Str(_)) => {
                if let Some(path) = self.lhs_path(obj) {
                    let span = self.sp(lhs);
                    let scope = self.assignment_scope(&path, span);
                    self.bind_in(path, span, rhs, BindingKind::Assign, scope);
                }
            }
            _ => {
                if let Some(path) = self.lhs_path(lhs) {
                    let span = self.sp(lhs);
                    let scope = self.assignment_scope(&path, span);
                    self.bind_in(path, span, rhs, BindingKind::Assign, scope);
                }
            }
        }
    }

    /// `a.b["c"]` -> ["a", "b", "c"]; `$this->x` -> ["$this", "x"]; `@x` -> ["@", "x"].
    fn lhs_path(&self, e: ExprId) -> Option<Vec<String>> {
        match &self.exprs[e as usize] {
            Expr::Ident(n) => {
                if self.lang == Language::Ruby && n.starts_with('@') {
                    Some(vec!["@".into(), n.trim_start_matches('@').to_string()])
                } else {
                    Some(vec![n.clone()])
                }
            }
            Expr::Member { obj, name, .. } => {
                let mut p = self.lhs_path(*obj)?;
                p.push(name.clone());
                Some(p)
            }
            Expr::Index { obj, index } => {
                let mut p = self.lhs_path(*obj)?;
                match &self.exprs[*index as usize] {
                    Expr::Str(s) => p.push(self.lx.strs[*s as usize].value.clone()),
                    _ => return None,
                }
                Some(p)
            }
            _ => None,
        }
    }

    /// `#[serde(default = "default_secret")]`, `#[arg(long, env = "JWT_SECRET", default_value = "dev")]`:
    /// the field declared next falls back to that value.
    fn rust_attribute(&mut self, i: usize, lim: usize) -> usize {
        let open = if self.is(i + 1, "!") { i + 2 } else { i + 1 };
        if !self.is_open(open, b'[') {
            return i + 1;
        }
        let close = self.group_end(open, lim);
        let mut k = open + 1;
        while k < close {
            let key = self.txt(k);
            if matches!(key, "default" | "default_value")
                && self.is(k + 1, "=")
                && let Some(TokKind::Str(si)) = self.kind(k + 2)
            {
                let str_e = self.add(Expr::Str(si), self.tspan(k + 2));
                let value = if key == "default" {
                    // serde: the string names a function returning the default.
                    let name = self.lx.strs[si as usize].value.clone();
                    let callee = self.add(Expr::Ident(name), self.tspan(k + 2));
                    self.add(
                        Expr::Call {
                            callee,
                            args: Vec::new(),
                            new: false,
                            init: None,
                        },
                        self.tspan(k + 2),
                    )
                } else {
                    str_e
                };
                self.pending_annotation = Some(("default".to_string(), value));
            }
            k += 1;
        }
        (close + 1).min(lim.max(close + 1))
    }

    fn annotation(&mut self, i: usize, lim: usize) -> usize {
        // `@Name(args)` / `@Name` / Python decorators `@app.route(...)`.
        let mut j = i + 1;
        let name_start = j;
        while j < lim && (self.is_ident(j) || self.is(j, ".")) && !(j > name_start && self.nl(j)) {
            j += 1;
        }
        let name = (name_start..j).map(|k| self.txt(k)).collect::<String>();
        if j < lim && self.is_open(j, b'(') {
            let end = self.group_end(j, lim);
            let args = self.args(j + 1, end);
            // Spring `@Value("${jwt.secret:default}")`: the value of the field declared next.
            let simple = name.rsplit('.').next().unwrap_or("");
            if matches!(simple, "Value" | "ConfigProperty" | "Property")
                && let Some(a) = args.first()
                && matches!(self.exprs[a.value as usize], Expr::Str(_))
            {
                self.pending_annotation = Some((simple.to_string(), a.value));
            }
            let span = self.tspan(i).to(self.tspan(end));
            let callee = self.add(Expr::Ident(name), self.tspan(name_start));
            self.add(
                Expr::Call {
                    callee,
                    args,
                    new: false,
                    init: None,
                },
                span,
            );
            return (end + 1).min(lim);
        }
        j.max(i + 1)
    }

    // ---------------------------------------------------------------- imports

    fn import_stmt(&mut self, i: usize, lim: usize) -> usize {
        let end = self.stmt_end(i, lim);
        match self.lang {
            Language::JavaScript | Language::TypeScript => self.import_js(i, end),
            Language::Python => self.import_py(i, end),
            Language::Go => self.import_go(i, end),
            Language::Java | Language::Kotlin => self.import_jvm(i, end),
            Language::CSharp => self.import_cs(i, end),
            Language::Php => self.import_php(i, end),
            Language::Ruby => {
                if let Some(TokKind::Str(s)) = self.kind(i + 1).or(self.kind(i + 2)) {
                    self.import_paths
                        .push(self.lx.strs[s as usize].value.clone());
                }
            }
            Language::Rust => self.import_rust(i + 1, end, String::new()),
        }
        if self.lang == Language::Go && self.is_open(i + 1, b'(') {
            return self.after_group(i + 1, lim);
        }
        end
    }

    /// End of an import-like statement: `;`, or a newline outside brackets.
    fn stmt_end(&self, i: usize, lim: usize) -> usize {
        let mut j = i + 1;
        while j < lim {
            if self.is(j, ";") {
                return j + 1;
            }
            if let Some(TokKind::Open(_)) = self.kind(j) {
                j = self.after_group(j, lim);
                continue;
            }
            if self.nl(j)
                && !(self.is(j - 1, ",")
                    || self.is(j - 1, "{")
                    || (self.is(j, "from") && self.lang.is_js()))
            {
                return j;
            }
            if self.is_close(j) {
                return j;
            }
            j += 1;
        }
        lim
    }

    fn import_js(&mut self, i: usize, end: usize) {
        // Find the module string.
        let Some(spec_i) = (i..end)
            .rev()
            .find(|&k| matches!(self.kind(k), Some(TokKind::Str(_))))
        else {
            // `import x = require('m')` handled by the expression path.
            if self.is(i, "import") {
                self.expr_statement(i + 1, end);
            }
            return;
        };
        let Some(TokKind::Str(s)) = self.kind(spec_i) else {
            return;
        };
        let module = normalize_module(&self.lx.strs[s as usize].value);
        self.import_paths.push(module.clone());
        if matches!(
            module.as_str(),
            "react"
                | "react-dom"
                | "vue"
                | "svelte"
                | "svelte/store"
                | "@angular/core"
                | "preact"
                | "solid-js"
                | "pinia"
                | "vuex"
                | "zustand"
                | "jotai"
                | "recoil"
                | "@reduxjs/toolkit"
                | "redux"
                | "mobx"
                | "@tanstack/react-query"
                | "axios-auth-refresh"
        ) || module.starts_with("react-native")
            || module.starts_with("@vue/")
            || module.starts_with("$app/")
        {
            self.client_side = true;
        }
        // `import x = require('m')` (TS)
        if self.is(i + 2, "=") && self.is_ident(i + 1) {
            self.imports.push(Import {
                local: self.txt(i + 1).to_string(),
                target: module,
            });
            return;
        }
        let mut j = i + 1;
        if self.is(j, "type") {
            return;
        }
        while j < spec_i {
            if self.is(j, "from") {
                break;
            }
            if self.is(j, "*") && self.is(j + 1, "as") && self.is_ident(j + 2) {
                self.imports.push(Import {
                    local: self.txt(j + 2).to_string(),
                    target: module.clone(),
                });
                j += 3;
                continue;
            }
            if self.is_open(j, b'{') {
                let close = self.group_end(j, spec_i);
                let mut k = j + 1;
                while k < close {
                    if self.is(k, "type") && self.is_ident(k + 1) && !self.is(k + 1, "as") {
                        k += 1;
                    }
                    if self.is_ident(k) || matches!(self.kind(k), Some(TokKind::Str(_))) {
                        let imported = match self.kind(k) {
                            Some(TokKind::Str(s)) => self.lx.strs[s as usize].value.clone(),
                            _ => self.txt(k).to_string(),
                        };
                        let local = if self.is(k + 1, "as") && self.is_ident(k + 2) {
                            k += 2;
                            self.txt(k).to_string()
                        } else {
                            imported.clone()
                        };
                        let target = if imported == "default" {
                            module.clone()
                        } else {
                            format!("{module}.{imported}")
                        };
                        self.imports.push(Import { local, target });
                    }
                    k += 1;
                }
                j = close + 1;
                continue;
            }
            if self.is_ident(j) && !matches!(self.txt(j), "import" | "type" | "typeof") {
                self.imports.push(Import {
                    local: self.txt(j).to_string(),
                    target: module.clone(),
                });
            }
            j += 1;
        }
    }

    /// A dotted name (`a.b.c`, `a.*`): names and dots alternate, so `jwt as pyjwt` stops at `as`.
    fn dotted(&self, mut j: usize, end: usize) -> (String, usize) {
        let mut s = String::new();
        let mut want_name = true;
        while j < end {
            if j > 0 && self.nl(j) && !s.is_empty() {
                break;
            }
            let name = self.is_ident(j) || self.is(j, "*");
            if name != want_name && !(self.is(j, ".") && s.is_empty()) {
                break;
            }
            if !name && !self.is(j, ".") {
                break;
            }
            s.push_str(self.txt(j));
            want_name = !name;
            j += 1;
        }
        (s, j)
    }

    fn import_py(&mut self, i: usize, end: usize) {
        if self.is(i, "import") {
            let mut j = i + 1;
            while j < end {
                let (path, nj) = self.dotted(j, end);
                if path.is_empty() {
                    j += 1;
                    continue;
                }
                self.import_paths.push(path.clone());
                let head = path.split('.').next().unwrap_or("").to_string();
                // `import a.b as c` binds c to a.b; `import a.b` binds a to a.
                let (local, target) = if self.is(nj, "as") && self.is_ident(nj + 1) {
                    j = nj + 2;
                    (self.txt(nj + 1).to_string(), path)
                } else {
                    j = nj;
                    (head.clone(), head)
                };
                self.imports.push(Import { local, target });
                if self.is(j, ",") {
                    j += 1;
                }
            }
        } else {
            // from a.b import c as d, e
            let mut j = i + 1;
            let mut module = String::new();
            while j < end && (self.is(j, ".") || self.is_ident(j)) && !self.is(j, "import") {
                module.push_str(self.txt(j));
                j += 1;
            }
            if !self.is(j, "import") {
                return;
            }
            self.import_paths.push(module.clone());
            j += 1;
            let (start, stop) = if self.is_open(j, b'(') {
                (j + 1, self.group_end(j, end))
            } else {
                (j, end)
            };
            let mut k = start;
            while k < stop {
                if self.is_ident(k) && !self.is(k, "as") {
                    let name = self.txt(k).to_string();
                    let local = if self.is(k + 1, "as") && self.is_ident(k + 2) {
                        k += 2;
                        self.txt(k).to_string()
                    } else {
                        name.clone()
                    };
                    let target = if module.is_empty() || module.chars().all(|c| c == '.') {
                        name.clone()
                    } else {
                        format!("{}.{name}", module.trim_start_matches('.'))
                    };
                    self.imports.push(Import { local, target });
                }
                k += 1;
            }
        }
    }

    fn import_go(&mut self, i: usize, end: usize) {
        if self.is(i, "package") {
            return;
        }
        let (s, e) = if self.is_open(i + 1, b'(') {
            (i + 2, self.group_end(i + 1, self.n()))
        } else {
            (i + 1, end)
        };
        let mut k = s;
        while k < e {
            if let Some(TokKind::Str(st)) = self.kind(k) {
                let path = self.lx.strs[st as usize].value.clone();
                let alias = if k > s && self.is_ident(k - 1) && !self.nl(k) {
                    Some(self.txt(k - 1).to_string())
                } else {
                    None
                };
                let alias = alias.or_else(|| {
                    if k > s && self.is(k - 1, ".") {
                        Some(".".into())
                    } else {
                        None
                    }
                });
                let local = alias.unwrap_or_else(|| go_package_name(&path));
                self.import_paths.push(path.clone());
                self.imports.push(Import {
                    local,
                    target: normalize_go_path(&path),
                });
            }
            k += 1;
        }
    }

    fn import_jvm(&mut self, i: usize, end: usize) {
        if self.is(i, "package") {
            return;
        }
        let mut j = i + 1;
        if self.is(j, "static") {
            j += 1;
        }
        let (path, nj) = self.dotted(j, end);
        if path.is_empty() {
            return;
        }
        self.import_paths.push(path.clone());
        if path.ends_with('*') {
            return;
        }
        let local = if self.is(nj, "as") && self.is_ident(nj + 1) {
            self.txt(nj + 1).to_string()
        } else {
            path.rsplit('.').next().unwrap_or("").to_string()
        };
        self.imports.push(Import {
            local,
            target: path,
        });
    }

    fn import_cs(&mut self, i: usize, end: usize) {
        let mut j = i + 1;
        if self.is(j, "static") {
            j += 1;
        }

        if self.is_ident(j) && self.is(j + 1, "=") {
            let (path, _) = self.dotted(j + 2, end);
            self.import_paths.push(path.clone());
            self.imports.push(Import {
                local: self.txt(j).to_string(),
                target: path,
            });
            return;
        }
        let (path, _) = self.dotted(j, end);
        if !path.is_empty() {
            self.import_paths.push(path);
        }
    }

    fn import_php(&mut self, i: usize, end: usize) {
        let mut j = i + 1;
        if self.is(j, "function") || self.is(j, "const") {
            j += 1;
        }
        let mut prefix = String::new();
        while j < end {
            if self.is_ident(j) {
                let mut path = prefix.clone();
                while j < end && (self.is_ident(j) || self.is(j, "\\")) {
                    path.push_str(if self.is(j, "\\") { "." } else { self.txt(j) });
                    j += 1;
                }
                if self.is_open(j, b'{') {
                    prefix = path;
                    j += 1;
                    continue;
                }
                let path = path.trim_start_matches('.').to_string();
                let local = if self.is(j, "as") && self.is_ident(j + 1) {
                    j += 2;
                    self.txt(j - 1).to_string()
                } else {
                    path.rsplit('.').next().unwrap_or("").to_string()
                };
                self.import_paths.push(path.clone());
                self.imports.push(Import {
                    local,
                    target: path,
                });
                continue;
            }
            if self.is(j, "\\") && self.is_ident(j + 1) {
                j += 1;
                continue;
            }
            j += 1;
        }
    }

    fn import_rust(&mut self, mut j: usize, end: usize, prefix: String) {
        let mut path = prefix.clone();
        while j < end {
            if self.is_ident(j) {
                if self.is(j, "as") {
                    if self.is_ident(j + 1) {
                        let local = self.txt(j + 1).to_string();
                        self.import_paths.push(path.clone());
                        self.imports.push(Import {
                            local,
                            target: path.clone(),
                        });
                        path = prefix.clone();
                    }
                    j += 2;
                    continue;
                }
                if !path.is_empty() && !path.ends_with('.') {
                    path.push('.');
                }
                path.push_str(self.txt(j));
                j += 1;
            } else if self.is(j, "::") {
                path.push('.');
                j += 1;
            } else if self.is_open(j, b'{') {
                let close = self.group_end(j, end);
                // Split the group by top-level commas.
                let mut k = j + 1;
                let mut seg_start = k;
                while k <= close {
                    if k == close || self.is(k, ",") {
                        if seg_start < k {
                            self.import_rust(seg_start, k, path.clone());
                        }
                        seg_start = k + 1;
                    } else if self.is_open(k, b'{') {
                        k = self.group_end(k, close);
                    }
                    k += 1;
                }
                return;
            } else if self.is(j, ",") || self.is(j, ";") {
                break;
            } else {
                j += 1;
            }
        }
        let path = path.trim_end_matches('.').to_string();
        if path.is_empty() || path.ends_with('*') {
            return;
        }
        let local = path.rsplit('.').next().unwrap_or("").to_string();
        self.import_paths.push(path.clone());
        if local != "self" {
            self.imports.push(Import {
                local,
                target: path,
            });
        }
    }

    // ---------------------------------------------------------------- functions and classes

    fn params(&mut self, open: usize, lim: usize) -> (Vec<Param>, usize) {
        let close = self.group_end(open, lim);
        let mut params = Vec::new();
        let mut k = open + 1;
        while k < close {
            if !self.burn() {
                break;
            }
            // One parameter up to the next top-level comma: not one inside a type's generic
            // arguments (`Map<String, Object> claims`, `claims: Record<string, unknown>`), up to
            // the default value (where `<` compares).
            let mut stop = k;
            let mut angles = 0usize;
            let mut in_default = false;
            while stop < close && !(angles == 0 && self.is(stop, ",")) {
                if let Some(TokKind::Open(_)) = self.kind(stop) {
                    stop = self.after_group(stop, close);
                    continue;
                }
                if !in_default && self.lang != Language::Python {
                    match self.txt(stop) {
                        "<" => angles += 1,
                        ">" => angles = angles.saturating_sub(1),
                        ">>" => angles = angles.saturating_sub(2),
                        ">>>" => angles = angles.saturating_sub(3),
                        "=" if angles == 0 => in_default = true,
                        _ => {}
                    }
                }
                stop += 1;
            }
            let mut name_i = None;
            let mut ty = None;
            let mut default = None;
            // `@Value("${jwt.secret:dflt}") String secret`: the annotation supplies the value;
            // Spring Boot's `@DefaultValue("dflt")` on a record component its default.
            if self.is(k, "@")
                && self.is_ident(k + 1)
                && matches!(self.txt(k + 1), "Value" | "ConfigProperty" | "DefaultValue")
                && self.is_open(k + 2, b'(')
                && let Some(TokKind::Str(si)) = self.kind(k + 3)
            {
                default = Some(self.add(Expr::Str(si), self.tspan(k + 3)));
            }
            let mut seen_colon = false;
            let mut j = k;
            let mut idents = Vec::new();
            while j < stop {
                if self.is(j, "=") {
                    let (d, _) = self.expr(
                        j + 1,
                        stop,
                        Cx {
                            in_brackets: true,
                            ..Cx::default()
                        },
                    );
                    default = d;
                    break;
                }
                if self.is(j, ":") && !seen_colon {
                    seen_colon = true;
                    name_i = idents.last().copied();
                    if self.is_ident(j + 1) {
                        ty = Some(self.txt(j + 1).to_string());
                    }
                }
                if self.is(j, "@") && self.is_ident(j + 1) {
                    j += 2;
                    if self.is_open(j, b'(') {
                        j = self.after_group(j, stop);
                    }
                    continue;
                }
                // (Python has no modifiers: `default` is an ordinary parameter name there.)
                if self.is_ident(j)
                    && !seen_colon
                    && (self.lang == Language::Python || !is_modifier(self.txt(j)))
                {
                    idents.push(j);
                }
                if let Some(TokKind::Open(_)) = self.kind(j) {
                    j = self.after_group(j, stop);
                    continue;
                }
                j += 1;
            }
            if name_i.is_none() {
                // Java/C# `Type name`, Go `name Type`
                name_i = if self.lang == Language::Go {
                    idents.first().copied()
                } else {
                    idents.last().copied()
                };
                if idents.len() >= 2 {
                    let t = if self.lang == Language::Go {
                        idents[idents.len() - 1]
                    } else {
                        idents[idents.len() - 2]
                    };
                    ty = Some(self.txt(t).to_string());
                }
            }
            if let Some(n) = name_i {
                let name = self.txt(n).to_string();
                if let Some(t) = &ty {
                    self.typed.push((name.clone(), t.clone()));
                }
                params.push(Param {
                    name,
                    span: self.tspan(n),
                    default,
                    ty,
                });
            }
            k = stop + 1;
        }
        (params, (close + 1).min(lim.max(close + 1)))
    }

    fn register_params(&mut self, params: &[Param], scope: Span) {
        for p in params {
            let pid = self.add(Expr::Param(p.name.clone()), p.span);
            let value = match p.default {
                Some(d) => {
                    let s = p.span.to(self.sp(d));
                    self.add(
                        Expr::Default {
                            primary: pid,
                            fallback: d,
                        },
                        s,
                    )
                }
                None => pid,
            };
            self.bindings.push(Binding {
                path: vec![p.name.clone()],
                key_span: p.span,
                value,
                scope,
                kind: BindingKind::Param,
            });
        }
    }

    /// `function name(params) {`, `def name(params):`, `func (r T) Name(params) T {`, `fn name(...) -> T {`.
    fn function_decl(&mut self, i: usize, lim: usize) -> Option<usize> {
        let mut j = i + 1;
        if self.is(j, "*") {
            j += 1;
        }
        // Go method receiver
        if self.lang == Language::Go && self.is_open(j, b'(') {
            j = self.after_group(j, lim);
        }
        let name = if self.is_ident(j) {
            let n = self.txt(j).to_string();
            j += 1;
            n
        } else {
            String::new()
        };
        // Kotlin extension `fun String.foo()`, generics `<T>`, Ruby `def self.name`
        let mut name = name;
        while j < lim
            && (self.is(j, ".") || self.is_ident(j))
            && !self.is_open(j, b'(')
            && !self.nl(j)
        {
            if self.is_ident(j) && self.is(j - 1, ".") {
                name = self.txt(j).to_string();
            }
            j += 1;
        }
        // Ruby: `def name` with no parameter list, or `def name a, b`.
        if self.lang == Language::Ruby && (!self.is_open(j, b'(') || self.nl(j)) {
            let mut params = Vec::new();
            let mut k = j;
            while k < lim && !self.nl(k) {
                if self.is_ident(k) {
                    params.push(Param {
                        name: self.txt(k).to_string(),
                        span: self.tspan(k),
                        default: None,
                        ty: None,
                    });
                }
                k += 1;
            }
            let fidx = self.functions.len() as u32;
            let body_end = self.indented_block_end(i, k, lim);
            let scope = self
                .tspan(i)
                .to(self.tspan(body_end.saturating_sub(1).max(i)));
            self.functions.push(Function {
                name,
                params: params.clone(),
                returns: Vec::new(),
                body: scope,
            });
            self.register_params(&params, scope);
            let (old_fn, old_scope) = (self.cur_fn, self.cur_scope);
            self.cur_fn = Some(fidx);
            self.cur_scope = scope;
            self.scan(k, body_end);
            self.cur_fn = old_fn;
            self.cur_scope = old_scope;
            self.ruby_implicit_return(fidx, k, body_end);
            return Some(body_end);
        }
        if self.is(j, "<") {
            j = self.skip_angle(j, lim)?;
        }
        if !self.is_open(j, b'(') {
            return None;
        }
        self.function_at(i, name, j, lim)
    }

    /// Ruby and Rust return the value of a body's last expression: record it as a return.
    fn ruby_implicit_return(&mut self, fidx: u32, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let tail = match self.lang {
            Language::Ruby => {
                let indent = self.indent_of(start);
                (start..end).rev().find(|&k| {
                    (k == start || self.nl(k))
                        && self.indent_of(k) == indent
                        && !matches!(
                            self.txt(k),
                            "end" | "rescue" | "ensure" | "else" | "elsif" | "when"
                        )
                })
            }
            Language::Rust => {
                // After the last `;` at the body's own depth.
                let mut k = start;
                let mut last = start;
                while k < end {
                    if self.is(k, ";") {
                        last = k + 1;
                    }
                    if let Some(TokKind::Open(_)) = self.kind(k) {
                        k = self.after_group(k, end);
                        continue;
                    }
                    k += 1;
                }
                (last < end).then_some(last)
            }
            _ => None,
        };
        let Some(t) = tail else { return };
        if matches!(
            self.txt(t),
            "return" | "raise" | "panic" | "if" | "match" | "let"
        ) {
            return;
        }
        let (e, _) = self.expr(t, end, Cx::default());
        if let Some(e) = e
            && !self.functions[fidx as usize].returns.contains(&e)
        {
            self.functions[fidx as usize].returns.push(e);
        }
    }

    /// A method declaration without a keyword: `name(params) {` in JS/TS class bodies,
    /// `public Type name(params) throws X {` in Java/C#. Returns None when the tokens are not one.
    fn method_decl(&mut self, i: usize, lim: usize) -> Option<usize> {
        if !matches!(
            self.lang,
            Language::JavaScript
                | Language::TypeScript
                | Language::Java
                | Language::CSharp
                | Language::Kotlin
                | Language::Php
        ) {
            return None;
        }
        let mut j = i;
        while j < lim && j - i < 12 {
            if self.is_ident(j) && self.is_open(j + 1, b'(') {
                break;
            }
            let typeish = self.is_ident(j)
                || matches!(self.txt(j), "." | "<" | ">" | ">>" | "," | "?" | "*" | "&")
                || (self.is_open(j, b'[') && self.kind(j + 1) == Some(TokKind::Close(b']')))
                || self.kind(j) == Some(TokKind::Close(b']'));
            if !typeish || (j > i && self.nl(j) && self.lang.is_js()) {
                return None;
            }
            j += 1;
        }
        if !(self.is_ident(j) && self.is_open(j + 1, b'(')) {
            return None;
        }
        if matches!(
            self.txt(j),
            "if" | "for"
                | "while"
                | "switch"
                | "catch"
                | "function"
                | "return"
                | "super"
                | "this"
                | "synchronized"
                | "using"
                | "lock"
                | "fixed"
                | "foreach"
        ) {
            return None;
        }
        let close = self.group_end(j + 1, lim);
        let mut k = close + 1;
        let mut throws = false;
        while k < lim && k - close < 24 {
            if self.is_open(k, b'{') {
                break;
            }
            // C# expression-bodied members: `Type Name(args) => expr;`
            if self.lang == Language::CSharp && self.is(k, "=>") && k == close + 1 {
                break;
            }
            if self.is(k, "throws") {
                throws = true;
            }
            if throws && self.is(k, ",") {
                k += 1;
                continue;
            }
            if matches!(self.txt(k), ";" | "=" | "=>" | "," | ".")
                || self.is_close(k)
                || self.kind(k).is_some_and(|t| matches!(t, TokKind::Str(_)))
            {
                return None;
            }
            if self.lang.is_js() && self.nl(k) && !self.is(k - 1, ":") && !self.is(k, ":") {
                return None;
            }
            if let Some(TokKind::Open(_)) = self.kind(k) {
                k = self.after_group(k, lim);
                continue;
            }
            k += 1;
        }
        let expression_body = self.lang == Language::CSharp && self.is(k, "=>");
        if !(self.is_open(k, b'{') || expression_body) {
            return None;
        }
        let name = self.txt(j).to_string();
        self.function_at(i, name, j + 1, lim)
    }

    /// The rest of a function declaration from its parameter list at `paren`.
    fn function_at(&mut self, i: usize, name: String, j: usize, lim: usize) -> Option<usize> {
        let (params, after) = self.params(j, lim);
        // Find the body start: `{` (brace languages) or `:` (Python), or `=` (Kotlin expression body).
        let mut k = after;
        while k < lim {
            if self.is_open(k, b'{') {
                break;
            }
            if self.lang == Language::Python && self.is(k, ":") {
                break;
            }
            if self.lang == Language::Ruby {
                break;
            }
            if self.is(k, "=") || self.is(k, "=>") {
                break;
            }
            if self.is(k, ";") {
                return Some(k + 1);
            }
            if let Some(TokKind::Open(_)) = self.kind(k) {
                k = self.after_group(k, lim);
                continue;
            }
            k += 1;
        }
        let fidx = self.functions.len() as u32;
        match self.lang {
            Language::Python | Language::Ruby => {
                let body_start = if self.lang == Language::Python {
                    k + 1
                } else {
                    after
                };
                let body_end = self.indented_block_end(i, body_start, lim);
                let scope = self
                    .tspan(i)
                    .to(self.tspan(body_end.saturating_sub(1).max(i)));
                self.functions.push(Function {
                    name,
                    params: params.clone(),
                    returns: Vec::new(),
                    body: scope,
                });
                self.register_params(&params, scope);
                let (old_fn, old_scope) = (self.cur_fn, self.cur_scope);
                self.cur_fn = Some(fidx);
                self.cur_scope = scope;
                self.scan(body_start, body_end);
                self.cur_fn = old_fn;
                self.cur_scope = old_scope;
                if self.lang == Language::Ruby {
                    self.ruby_implicit_return(fidx, body_start, body_end);
                }
                Some(body_end)
            }
            _ => {
                if k < lim && self.is_open(k, b'{') {
                    let end = self.group_end(k, lim);
                    let scope = self.tspan(k).to(self.tspan(end));
                    self.functions.push(Function {
                        name,
                        params: params.clone(),
                        returns: Vec::new(),
                        body: scope,
                    });
                    self.register_params(&params, scope);
                    let (old_fn, old_scope) = (self.cur_fn, self.cur_scope);
                    self.cur_fn = Some(fidx);
                    self.cur_scope = scope;
                    self.scan(k + 1, end);
                    self.cur_fn = old_fn;
                    self.cur_scope = old_scope;
                    if self.lang == Language::Rust {
                        self.ruby_implicit_return(fidx, k + 1, end);
                    }
                    Some((end + 1).min(lim.max(end + 1)))
                } else if k < lim && (self.is(k, "=") || self.is(k, "=>")) {
                    let (e, next) = self.expr(k + 1, lim, Cx::default());
                    let scope = self.tspan(i).to(self.tspan(next.saturating_sub(1)));
                    self.functions.push(Function {
                        name,
                        params: params.clone(),
                        returns: e.into_iter().collect(),
                        body: scope,
                    });
                    self.register_params(&params, scope);
                    Some(next)
                } else {
                    Some(after)
                }
            }
        }
    }

    /// End (exclusive token index) of an indentation-delimited block whose header starts at `head`.
    fn indented_block_end(&self, head: usize, body_start: usize, lim: usize) -> usize {
        let head_indent = self.indent_of(head);
        let mut k = body_start;
        // A one-line body `def f(): return x` ends at the line break.
        let multiline = k < lim && self.nl(k);
        while k < lim {
            if self.nl(k) && k > body_start {
                if !multiline {
                    return k;
                }
                if self.indent_of(k) <= head_indent {
                    if self.lang == Language::Ruby && self.is(k, "end") {
                        return k + 1;
                    }
                    return k;
                }
            } else if self.nl(k) && k == body_start && !multiline {
                return k;
            }
            if let Some(TokKind::Open(_)) = self.kind(k) {
                k = self.after_group(k, lim);
                continue;
            }
            k += 1;
        }
        lim
    }

    fn indent_of(&self, i: usize) -> usize {
        let start = self.tspan(i).start as usize;
        let line_start = self.src[..start].rfind('\n').map_or(0, |p| p + 1);
        self.src[line_start..start]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .count()
    }

    fn class_decl(&mut self, i: usize, lim: usize) -> usize {
        let name = if self.is_ident(i + 1) {
            self.txt(i + 1).to_string()
        } else {
            String::new()
        };
        let mut j = i + 1;
        let mut bases = Vec::new();
        let mut ctor_params: Vec<Param> = Vec::new();
        // Header up to the body.
        while j < lim {
            if self.is_open(j, b'{') {
                break;
            }
            // A Kotlin class without a body ends with its header line
            // (`data class Credentials(val user: String)`).
            if self.lang == Language::Kotlin
                && j > i + 1
                && self.nl(j)
                && !self.is(j, ":")
                && !self.is(j, ",")
                && !self.is(j, "where")
                && !self.is(j - 1, ":")
                && !self.is(j - 1, ",")
            {
                break;
            }
            // Kotlin / C# 12 primary constructor: `class X(private val secret: String)`
            if (matches!(self.lang, Language::Kotlin | Language::CSharp)
                || (self.lang == Language::Java && self.is(i, "record")))
                && self.is_open(j, b'(')
                && self.is_ident(j - 1)
                && j <= i + 3
            {
                let (params, after) = self.params(j, lim);
                ctor_params = params;
                j = after;
                continue;
            }
            if self.lang == Language::Python && self.is(j, ":") {
                break;
            }
            if self.lang == Language::Ruby && self.nl(j) && j > i + 1 {
                break;
            }
            if self.is(j, ";") {
                return j + 1;
            }
            if self.is_open(j, b'(') {
                let close = self.group_end(j, lim);
                for k in j + 1..close {
                    if self.is_ident(k) {
                        bases.push(self.txt(k).to_string());
                    }
                }
                j = close + 1;
                continue;
            }
            if self.is_ident(j) && j > i + 1 {
                bases.push(self.txt(j).to_string());
            }
            j += 1;
        }
        match self.lang {
            Language::Python | Language::Ruby => {
                let body_start = if self.lang == Language::Python {
                    j + 1
                } else {
                    j
                };
                let end = self.indented_block_end(i, body_start, lim);
                let body = self
                    .tspan(body_start.min(end))
                    .to(self.tspan(end.saturating_sub(1).max(i)));
                self.classes.push(Class { name, bases, body });
                let old = self.cur_scope;
                self.cur_scope = body;
                self.scan(body_start, end);
                self.cur_scope = old;
                end
            }
            _ => {
                if j < lim && self.is_open(j, b'{') {
                    let end = self.group_end(j, lim);
                    // A primary constructor's parameters belong to the class too.
                    let body = if ctor_params.is_empty() {
                        self.tspan(j).to(self.tspan(end))
                    } else {
                        self.tspan(i).to(self.tspan(end))
                    };
                    self.classes.push(Class { name, bases, body });
                    self.register_params(&ctor_params, self.tspan(i).to(body));
                    let old = self.cur_scope;
                    self.cur_scope = body;
                    self.scan(j + 1, end);
                    self.cur_scope = old;
                    (end + 1).min(lim.max(end + 1))
                } else {
                    let span = self.tspan(i).to(self.tspan(j.saturating_sub(1).max(i)));
                    if !ctor_params.is_empty() {
                        self.classes.push(Class {
                            name,
                            bases,
                            body: span,
                        });
                    }
                    self.register_params(&ctor_params, span);
                    j
                }
            }
        }
    }

    fn skip_angle(&self, i: usize, lim: usize) -> Option<usize> {
        // Skip `<...>` generics; None when it does not look like a type argument list.
        let mut depth = 0i32;
        let mut j = i;
        while j < lim && j - i < 64 {
            match self.txt(j) {
                "<" => depth += 1,
                ">" => depth -= 1,
                ">>" => depth -= 2,
                ">>>" => depth -= 3,
                "," | "." | "?" | "::" | "[" | "]" | "|" | "&" | "*" | "extends" | "super"
                | "in" | "out" | ";" => {}
                _ if self.kind(j) == Some(TokKind::Num) && self.lang == Language::Rust => {}
                "'" => {}
                _ => {
                    if !self.is_ident(j)
                        && !matches!(
                            self.kind(j),
                            Some(
                                TokKind::Open(b'[')
                                    | TokKind::Close(b']')
                                    | TokKind::Open(b'(')
                                    | TokKind::Close(b')')
                            )
                        )
                    {
                        return None;
                    }
                }
            }
            j += 1;
            if depth <= 0 {
                return if depth == 0 { Some(j) } else { None };
            }
        }
        None
    }

    // ---------------------------------------------------------------- expressions

    /// Parse an expression starting at `i` (bounded by `lim`). Returns the expression (None when
    /// nothing parseable starts there) and the index after it.
    fn expr(&mut self, i: usize, lim: usize, cx: Cx) -> (Option<ExprId>, usize) {
        if i >= lim {
            return (None, i);
        }
        let (e, next) = self.expr_bp(i, lim, cx, 0);
        (e, next)
    }

    fn binop(&self, i: usize, cx: Cx) -> Option<(u8, bool, &'static str)> {
        // (binding power, right associative, kind)
        let t = self.txt(i);
        let k = self.kind(i)?;
        if k == TokKind::Ident {
            return match t {
                "or" if matches!(self.lang, Language::Python | Language::Ruby | Language::Php) => {
                    Some((3, false, "or"))
                }
                "and" if matches!(self.lang, Language::Python | Language::Ruby | Language::Php) => {
                    Some((4, false, "and"))
                }
                "if" if self.lang == Language::Python => Some((2, true, "pyif")),
                "in" if !cx.no_in => Some((6, false, "other")),
                "not" if self.lang == Language::Python && self.is(i + 1, "in") => {
                    Some((6, false, "other2"))
                }
                "is" | "instanceof" => Some((6, false, "other")),
                "as" | "satisfies" => Some((11, false, "as")),
                _ => None,
            };
        }
        if k != TokKind::Punct {
            return None;
        }
        Some(match t {
            "=" if !cx.no_assign => (1, true, "assign"),
            ":=" if !cx.no_assign => (1, true, "assign"),
            "+=" | "-=" | "*=" | "/=" | "%=" | "||=" | "??=" | "&&=" | "|=" | "&=" | "^="
            | "<<=" | ">>=" | "**=" | ".="
                if !cx.no_assign =>
            {
                (1, true, "cassign")
            }
            "?" if !matches!(self.lang, Language::Rust | Language::Python) => (2, true, "ternary"),
            "||" | "??" => (3, false, "or"),
            "?:" => (3, false, "or"),
            "&&" => (4, false, "and"),
            "|" if !cx.no_pipe => (5, false, "other"),
            "^" | "&" => (5, false, "other"),
            "==" | "===" => (6, false, "eq"),
            "!=" | "!==" => (6, false, "ne"),
            "<=>" | "=~" | "!~" => (6, false, "other"),
            "<" | ">" | "<=" | ">=" => (7, false, "other"),
            "<<" | ">>" | ">>>" => (8, false, "other"),
            "+" => (9, false, "add"),
            "-" => (9, false, "other"),
            "." if self.lang == Language::Php => (9, false, "add"),
            "*" | "/" | "%" | "**" => (10, false, "other"),
            ".." | "..." if !self.lang.is_js() => (2, false, "other"),
            _ => return None,
        })
    }

    fn expr_bp(&mut self, i: usize, lim: usize, cx: Cx, min_bp: u8) -> (Option<ExprId>, usize) {
        if self.nesting >= MAX_NESTING {
            // Nothing parseable here: callers step over the tokens (groups as a whole).
            return (None, i);
        }
        self.nesting += 1;
        let r = self.expr_bp_nested(i, lim, cx, min_bp);
        self.nesting -= 1;
        r
    }

    fn expr_bp_nested(
        &mut self,
        i: usize,
        lim: usize,
        cx: Cx,
        min_bp: u8,
    ) -> (Option<ExprId>, usize) {
        let (lhs, mut j) = self.unary(i, lim, cx);
        let Some(mut lhs) = lhs else { return (None, j) };
        loop {
            if j >= lim || !self.burn() {
                break;
            }
            if self.ends_at_newline(j, cx) {
                break;
            }
            if cx.no_colon && self.is(j, ":") {
                break;
            }
            let Some((bp, right, kind)) = self.binop(j, cx) else {
                break;
            };
            if bp < min_bp || (bp == min_bp && !right) {
                break;
            }
            let op_i = j;
            match kind {
                "ternary" => {
                    let (then, k) = self.expr_bp(
                        op_i + 1,
                        lim,
                        Cx {
                            no_colon: true,
                            ..cx
                        },
                        0,
                    );
                    if !self.is(k, ":") {
                        // TS optional marks / C# nullable: not a ternary.
                        let Some(then) = then else {
                            return (Some(lhs), k);
                        };
                        let s = self.sp(lhs).to(self.sp(then));
                        let n = self.add(Expr::Opaque, s);
                        return (Some(n), k);
                    }
                    let (els, k2) = self.expr_bp(k + 1, lim, cx, bp);
                    let (Some(then), Some(els)) = (then, els) else {
                        return (Some(lhs), k2);
                    };
                    let s = self.sp(lhs).to(self.sp(els));
                    lhs = self.add(
                        Expr::Cond {
                            cond: lhs,
                            then,
                            els,
                        },
                        s,
                    );
                    j = k2;
                }
                "pyif" => {
                    // `a if cond else b`
                    let (cond, k) = self.expr_bp(op_i + 1, lim, cx, 3);
                    if !self.is(k, "else") {
                        // Comprehension filter: keep the left side.
                        j = k;
                        continue;
                    }
                    let (els, k2) = self.expr_bp(k + 1, lim, cx, bp);
                    let (Some(cond), Some(els)) = (cond, els) else {
                        return (Some(lhs), k2);
                    };
                    let s = self.sp(lhs).to(self.sp(els));
                    lhs = self.add(
                        Expr::Cond {
                            cond,
                            then: lhs,
                            els,
                        },
                        s,
                    );
                    j = k2;
                }
                "as" => {
                    // Skip the type: identifiers, dots, generics, `[]`, `|`.
                    let mut k = op_i + 1;
                    if self.is(k, "?") {
                        k += 1;
                    }
                    k = self.skip_type(k, lim);
                    let s = self.sp(lhs).to(self.tspan(k.saturating_sub(1)));
                    self.spans[lhs as usize] = self.sp(lhs);
                    let _ = s;
                    j = k;
                }
                "assign" | "cassign" => {
                    let (rhs, k) = self.expr_bp(op_i + 1, lim, cx, bp);
                    let Some(rhs) = rhs else {
                        return (Some(lhs), k);
                    };
                    let s = self.sp(lhs).to(self.sp(rhs));
                    lhs = self.add(
                        Expr::Assign {
                            lhs,
                            rhs,
                            compound: kind == "cassign"
                                && self.txt(op_i) != "||="
                                && self.txt(op_i) != "??=",
                        },
                        s,
                    );
                    j = k;
                }
                _ => {
                    let skip = if kind == "other2" { 2 } else { 1 };
                    let next_bp = if right { bp } else { bp + 1 };
                    let (rhs, k) = self.expr_bp(op_i + skip, lim, cx, next_bp);
                    let Some(rhs) = rhs else {
                        return (Some(lhs), k);
                    };
                    let op = match kind {
                        "or" => BinOp::Or,
                        "and" => BinOp::And,
                        "add" => BinOp::Add,
                        "eq" => BinOp::Eq,
                        "ne" => BinOp::Ne,
                        _ => BinOp::Other,
                    };
                    let s = self.sp(lhs).to(self.sp(rhs));
                    lhs = self.add(Expr::Binary { op, l: lhs, r: rhs }, s);
                    j = k;
                }
            }
        }
        (Some(lhs), j)
    }

    fn skip_type(&self, mut k: usize, lim: usize) -> usize {
        let start = k;
        while k < lim {
            if k > start && self.nl(k) && !self.is(k, "|") {
                break;
            }
            match self.kind(k) {
                Some(TokKind::Ident) => {
                    if k > start
                        && self.is_ident(k - 1)
                        && !self.is(k - 1, "const")
                        && !self.is(k - 1, "keyof")
                        && !self.is(k - 1, "typeof")
                    {
                        break;
                    }
                    k += 1;
                }
                Some(TokKind::Punct) => match self.txt(k) {
                    "." | "|" | "&" | "?" => k += 1,
                    "<" => match self.skip_angle(k, lim) {
                        Some(n) => k = n,
                        None => break,
                    },
                    _ => break,
                },
                Some(TokKind::Open(b'[')) if self.kind(k + 1) == Some(TokKind::Close(b']')) => {
                    k += 2
                }
                Some(TokKind::Str(_)) if k == start => k += 1,
                _ => break,
            }
        }
        k.max(start)
    }

    fn unary(&mut self, i: usize, lim: usize, cx: Cx) -> (Option<ExprId>, usize) {
        if i >= lim || self.nesting >= MAX_NESTING {
            return (None, i);
        }
        self.nesting += 1;
        let r = self.unary_nested(i, lim, cx);
        self.nesting -= 1;
        r
    }

    fn unary_nested(&mut self, i: usize, lim: usize, cx: Cx) -> (Option<ExprId>, usize) {
        let t = self.txt(i);
        let op = match (self.kind(i), t) {
            (Some(TokKind::Punct), "!") => Some(UnOp::Not),
            (Some(TokKind::Punct), "-") => Some(UnOp::Neg),
            (Some(TokKind::Punct), "+") => Some(UnOp::Plus),
            (Some(TokKind::Punct), "~") => Some(UnOp::Other),
            (Some(TokKind::Punct), "..." | "**") => Some(UnOp::Spread),
            (Some(TokKind::Punct), "*") if !self.lang.is_js() => Some(UnOp::Spread),
            (Some(TokKind::Punct), "&" | "&&")
                if matches!(self.lang, Language::Rust | Language::Go | Language::Php) =>
            {
                Some(UnOp::Ref)
            }
            (Some(TokKind::Ident), "await") => Some(UnOp::Await),
            (Some(TokKind::Ident), "not")
                if matches!(self.lang, Language::Python | Language::Ruby) =>
            {
                Some(UnOp::Not)
            }
            (Some(TokKind::Ident), "typeof" | "void" | "delete" | "yield")
                if (self.lang.is_js() || t == "yield")
                    && (self.is_ident(i + 1)
                        || matches!(
                            self.kind(i + 1),
                            Some(TokKind::Str(_) | TokKind::Num | TokKind::Open(_))
                        )) =>
            {
                Some(UnOp::Other)
            }
            (Some(TokKind::Ident), "out" | "ref" | "in")
                if self.lang == Language::CSharp && self.is_ident(i + 1) =>
            {
                Some(UnOp::Other)
            }
            (Some(TokKind::Ident), "mut" | "move") if self.lang == Language::Rust => {
                Some(UnOp::Other)
            }
            (Some(TokKind::Ident), "range") if self.lang == Language::Go => Some(UnOp::Other),
            _ => None,
        };
        if let Some(op) = op {
            // Rust `&mut x`, double refs.
            let (e, j) = self.unary(i + 1, lim, cx);
            let Some(e) = e else { return (None, j) };
            let s = self.tspan(i).to(self.sp(e));
            let inner = self.add(Expr::Unary { op, e }, s);
            return (Some(inner), j);
        }
        let (p, j) = self.primary(i, lim, cx);
        match p {
            Some(p) => self.postfix(p, j, lim, cx),
            None => (None, j),
        }
    }

    fn primary(&mut self, i: usize, lim: usize, cx: Cx) -> (Option<ExprId>, usize) {
        let Some(kind) = self.kind(i) else {
            return (None, i);
        };
        let span = self.tspan(i);
        match kind {
            TokKind::Str(s) => {
                let mut e = self.add(Expr::Str(s), span);
                let mut j = i + 1;
                // Adjacent literal concatenation ("a" "b") in Python, C, Go raw? (Python mainly)
                while j < lim
                    && matches!(self.lang, Language::Python)
                    && matches!(self.kind(j), Some(TokKind::Str(_)))
                    && !self.ends_at_newline(j, cx)
                {
                    let Some(TokKind::Str(s2)) = self.kind(j) else {
                        break;
                    };
                    let r = self.add(Expr::Str(s2), self.tspan(j));
                    let sp = self.sp(e).to(self.sp(r));
                    e = self.add(
                        Expr::Binary {
                            op: BinOp::Add,
                            l: e,
                            r,
                        },
                        sp,
                    );
                    j += 1;
                }
                (Some(e), j)
            }
            TokKind::Num => (Some(self.add(Expr::Num, span)), i + 1),
            TokKind::Ident => self.primary_ident(i, lim, cx),
            TokKind::Open(b'(') => {
                let close = self.group_end(i, lim);
                let after = (close + 1).min(lim.max(close + 1));
                if self.is_arrow_after(after, lim) {
                    return self.arrow_function(i, lim);
                }
                // Casts: `(string) mt_rand()`, `(String) obj`, `(byte[]) x`: the value is what follows.
                if matches!(self.lang, Language::Php | Language::Java | Language::CSharp)
                    && close > i + 1
                    && (i + 1..close)
                        .all(|k| self.is_ident(k) || matches!(self.txt(k), "." | "[" | "]" | "\\"))
                    && self.is_ident(i + 1)
                    && after < lim
                    && !self.nl(after)
                    && (matches!(
                        self.kind(after),
                        Some(TokKind::Ident | TokKind::Str(_) | TokKind::Num | TokKind::Open(b'('))
                    ) || matches!(self.txt(after), "$" | "\\" | "@"))
                {
                    let (inner, next) = self.unary(after, lim, cx);
                    if let Some(inner) = inner {
                        let s = self.tspan(i).to(self.sp(inner));
                        return (
                            Some(self.add(
                                Expr::Unary {
                                    op: UnOp::Other,
                                    e: inner,
                                },
                                s,
                            )),
                            next,
                        );
                    }
                }
                let items = self.list(i + 1, close);
                let span = self.tspan(i).to(self.tspan(close));
                let e = if items.len() == 1 {
                    items[0]
                } else {
                    self.add(Expr::Array(items), span)
                };
                (Some(e), after)
            }
            TokKind::Open(b'[') => {
                let close = self.group_end(i, lim);
                let after = (close + 1).min(lim.max(close + 1));
                let span = self.tspan(i).to(self.tspan(close));
                // Go type expressions: []byte, [32]byte, [N]T
                if self.lang == Language::Go
                    && (close == i + 1 || close == i + 2)
                    && self.is_ident(after)
                {
                    let mut k = after;
                    let mut ty = String::from("[]");
                    while k < lim && (self.is_ident(k) || self.is(k, ".")) {
                        ty.push_str(self.txt(k));
                        k += 1;
                    }
                    let e = self.add(Expr::Ident(ty), span.to(self.tspan(k - 1)));
                    return (Some(e), k);
                }
                // PHP / Ruby arrays with `=>` are maps.
                if self.has_top_level(i + 1, close, "=>") {
                    let fields = self.fields(i + 1, close);
                    return (Some(self.add(Expr::Object(fields), span)), after);
                }
                let items = self.list(i + 1, close);
                (Some(self.add(Expr::Array(items), span)), after)
            }
            TokKind::Open(b'{') => {
                let close = self.group_end(i, lim);
                let after = (close + 1).min(lim.max(close + 1));
                let span = self.tspan(i).to(self.tspan(close));
                match self.lang {
                    Language::JavaScript
                    | Language::TypeScript
                    | Language::Python
                    | Language::Ruby => {
                        // Ruby block `{ |x| ... }` as a primary is a hash unless it starts with `|`.
                        if self.lang == Language::Ruby && self.is(i + 1, "|") {
                            let f = self.lambda_block(i, close, Vec::new());
                            return (Some(f), after);
                        }
                        let fields = self.fields(i + 1, close);
                        (Some(self.add(Expr::Object(fields), span)), after)
                    }
                    Language::Kotlin => {
                        let f = self.lambda_block(i, close, Vec::new());
                        (Some(f), after)
                    }
                    _ => {
                        // A block expression (Rust) or collection initializer (C#, Java arrays).
                        if matches!(self.lang, Language::CSharp | Language::Java) {
                            let fields = self.fields(i + 1, close);
                            return (Some(self.add(Expr::Object(fields), span)), after);
                        }
                        self.pending.push((i + 1, close, self.cur_fn, span));
                        (Some(self.add(Expr::Opaque, span)), after)
                    }
                }
            }
            TokKind::Open(_) => (None, i + 1),
            TokKind::Close(_) => (None, i),
            TokKind::Punct => {
                let t = self.txt(i);
                match t {
                    "|" | "||" if matches!(self.lang, Language::Rust) => {
                        self.rust_closure(i, lim, cx)
                    }
                    "->" if matches!(self.lang, Language::Ruby) => {
                        let mut j = i + 1;
                        let mut params = Vec::new();
                        if self.is_open(j, b'(') {
                            let (p, a) = self.params(j, lim);
                            params = p;
                            j = a;
                        }
                        if self.is_open(j, b'{') {
                            let close = self.group_end(j, lim);
                            let f = self.lambda_block(j, close, params);
                            return (Some(f), (close + 1).min(lim.max(close + 1)));
                        }
                        (Some(self.add(Expr::Opaque, span)), j)
                    }
                    "@" => {
                        // Annotation inside an expression / C# verbatim identifier.
                        let next = self.annotation(i, lim);
                        (Some(self.add(Expr::Opaque, span)), next)
                    }
                    "::" if self.is_ident(i + 1) => self.primary_ident(i + 1, lim, cx),
                    "\\" if self.lang == Language::Php && self.is_ident(i + 1) => {
                        // `\Firebase\JWT\JWT::encode`: a fully qualified name.
                        let mut j = i + 1;
                        let mut parts = vec![self.txt(j).to_string()];
                        while self.is(j + 1, "\\") && self.is_ident(j + 2) {
                            parts.push(self.txt(j + 2).to_string());
                            j += 2;
                        }
                        if parts.len() == 1 {
                            return self.primary_ident(i + 1, lim, cx);
                        }
                        let path = parts.join(".");
                        self.import_paths.push(path.clone());
                        let e = self.add(Expr::Ident(path), self.tspan(i).to(self.tspan(j)));
                        (Some(e), j + 1)
                    }
                    "<" if self.lang.is_js() => {
                        // JSX or a type assertion: opaque.
                        (Some(self.add(Expr::Opaque, span)), i + 1)
                    }
                    "$" if self.lang == Language::Kotlin => {
                        (Some(self.add(Expr::Opaque, span)), i + 1)
                    }
                    _ => (None, i),
                }
            }
        }
    }

    fn primary_ident(&mut self, i: usize, lim: usize, cx: Cx) -> (Option<ExprId>, usize) {
        let span = self.tspan(i);
        let w = self.txt(i);
        match w {
            "true" | "True" | "TRUE" => return (Some(self.add(Expr::Bool(true), span)), i + 1),
            "false" | "False" | "FALSE" => return (Some(self.add(Expr::Bool(false), span)), i + 1),
            "null" | "undefined" | "None" | "nil" | "NULL" | "Null" => {
                return (Some(self.add(Expr::Null, span)), i + 1);
            }
            "new" if !self.is(i + 1, ".") && !self.is(i + 1, "=") && !self.is(i + 1, ":") => {
                return self.new_expr(i, lim, cx);
            }
            "function" | "func" | "fun" if !self.is(i + 1, "=") => {
                let mut j = i + 1;
                if self.is(j, "*") {
                    j += 1;
                }
                if self.is_ident(j) {
                    j += 1;
                }
                if self.is_open(j, b'(') {
                    return self.function_expr(i, j, lim);
                }
            }
            "fn" if self.lang == Language::Php && self.is_open(i + 1, b'(') => {
                return self.function_expr(i, i + 1, lim);
            }
            "static"
                if self.lang == Language::Php
                    && (self.is(i + 1, "fn") || self.is(i + 1, "function")) =>
            {
                return self.primary_ident(i + 1, lim, cx);
            }
            "async"
                if ((self.is_ident(i + 1) && !self.is(i + 1, "="))
                    || self.is_open(i + 1, b'('))
                    && (!self.is_open(i + 1, b'(')
                        || self.is_arrow_after(self.after_group(i + 1, lim), lim)) =>
            {
                return self.primary(i + 1, lim, cx);
            }
            "lambda" if self.lang == Language::Python => {
                // lambda params: body
                let mut j = i + 1;
                while j < lim && !self.is(j, ":") {
                    j += 1;
                }
                let (body, next) = self.expr(
                    j + 1,
                    lim,
                    Cx {
                        no_colon: cx.no_colon,
                        in_brackets: cx.in_brackets,
                        ..Cx::default()
                    },
                );
                let fidx = self.functions.len() as u32;
                let bspan = span.to(self.tspan(next.saturating_sub(1)));
                self.functions.push(Function {
                    name: String::new(),
                    params: Vec::new(),
                    returns: body.into_iter().collect(),
                    body: bspan,
                });
                let body = body.map_or(Body::None, Body::Expr);
                return (
                    Some(self.add(
                        Expr::Lambda {
                            params: Vec::new(),
                            body,
                            func: fidx,
                        },
                        bspan,
                    )),
                    next,
                );
            }
            "lambda" | "proc" if self.lang == Language::Ruby && self.is_open(i + 1, b'{') => {
                let close = self.group_end(i + 1, lim);
                let f = self.lambda_block(i + 1, close, Vec::new());
                return (Some(f), (close + 1).min(lim.max(close + 1)));
            }
            "array" if self.lang == Language::Php && self.is_open(i + 1, b'(') => {
                let close = self.group_end(i + 1, lim);
                let fields = self.fields(i + 2, close);
                let s = span.to(self.tspan(close));
                return (
                    Some(self.add(Expr::Object(fields), s)),
                    (close + 1).min(lim.max(close + 1)),
                );
            }
            "class" => {
                // Class expression: skip to its body.
                let mut j = i + 1;
                while j < lim && !self.is_open(j, b'{') {
                    j += 1;
                }
                if j < lim {
                    let close = self.group_end(j, lim);
                    let body = self.tspan(j).to(self.tspan(close));
                    self.pending.push((j + 1, close, self.cur_fn, body));
                    return (
                        Some(self.add(Expr::Opaque, span.to(body))),
                        (close + 1).min(lim.max(close + 1)),
                    );
                }
            }
            "map" if self.lang == Language::Go && self.is_open(i + 1, b'[') => {
                let mut j = self.after_group(i + 1, lim);
                j = self.skip_type(j, lim);
                let e = self.add(Expr::Ident("map".into()), span);
                return (Some(e), j);
            }
            _ => {}
        }
        // Arrow function with a single parameter: `x => ...`
        if self.arrow().is_some_and(|a| self.is(i + 1, a)) {
            return self.arrow_function(i, lim);
        }
        (Some(self.add(Expr::Ident(w.to_string()), span)), i + 1)
    }

    fn new_expr(&mut self, i: usize, lim: usize, cx: Cx) -> (Option<ExprId>, usize) {
        // new Callee.Path<T>(args) { init }
        let mut j = i + 1;
        let callee = if self.lang == Language::CSharp
            && self.is_open(j, b'(')
            && let Some(t) = self.target_type.clone()
        {
            Some(self.add(Expr::Ident(t), self.tspan(i)))
        } else if self.is_open(j, b'(') {
            let close = self.group_end(j, lim);
            let inner = self.list(j + 1, close);
            j = (close + 1).min(lim.max(close + 1));
            inner.first().copied()
        } else if self.is_ident(j) {
            let mut e = self.add(Expr::Ident(self.txt(j).to_string()), self.tspan(j));
            j += 1;
            while j < lim
                && (self.is(j, ".") || self.is(j, "::") || self.is(j, "\\"))
                && self.is_ident(j + 1)
            {
                let name = self.txt(j + 1).to_string();
                let s = self.sp(e).to(self.tspan(j + 1));
                e = self.add(
                    Expr::Member {
                        obj: e,
                        name,
                        name_span: self.tspan(j + 1),
                    },
                    s,
                );
                j += 2;
            }
            Some(e)
        } else {
            None
        };
        // C# `new[] { a, b }`: an implicitly typed array.
        if callee.is_none()
            && self.is_open(j, b'[')
            && self.kind(j + 1) == Some(TokKind::Close(b']'))
            && self.is_open(j + 2, b'{')
        {
            let close = self.group_end(j + 2, lim);
            let items = self.list(j + 3, close);
            let s = self.tspan(i).to(self.tspan(close));
            return (
                Some(self.add(Expr::Array(items), s)),
                (close + 1).min(lim.max(close + 1)),
            );
        }
        let Some(callee) = callee else {
            // C# `new { ... }` / `new() { ... }`
            if self.is_open(j, b'{') {
                let close = self.group_end(j, lim);
                let fields = self.fields(j + 1, close);
                let s = self.tspan(i).to(self.tspan(close));
                return (
                    Some(self.add(Expr::Object(fields), s)),
                    (close + 1).min(lim.max(close + 1)),
                );
            }
            return (Some(self.add(Expr::Opaque, self.tspan(i))), j.max(i + 1));
        };
        if self.is(j, "<")
            && let Some(k) = self.skip_angle(j, lim)
        {
            j = k;
        }
        let mut args = Vec::new();
        let mut end_span = self.sp(callee);
        if j < lim && self.is_open(j, b'(') {
            let close = self.group_end(j, lim);
            args = self.args(j + 1, close);
            end_span = self.tspan(close);
            j = (close + 1).min(lim.max(close + 1));
        }
        // Java/C# arrays `new byte[32]`, `new byte[] { ... }` (within `lim`: past it an unclosed
        // `[` "ends" at `lim`, behind `j`, and the loop would never end).
        while j < lim && self.is_open(j, b'[') {
            let close = self.group_end(j, lim);
            if close > j + 1 {
                let (e, _) = self.expr(
                    j + 1,
                    close,
                    Cx {
                        in_brackets: true,
                        ..cx
                    },
                );
                if let Some(e) = e {
                    args.push(Arg {
                        name: None,
                        value: e,
                    });
                }
            }
            end_span = self.tspan(close);
            j = (close + 1).min(lim.max(close + 1));
        }
        let mut init = None;
        if j < lim
            && self.is_open(j, b'{')
            && matches!(self.lang, Language::CSharp | Language::Java)
        {
            let close = self.group_end(j, lim);
            let fields = self.fields(j + 1, close);
            let s = self.tspan(j).to(self.tspan(close));
            let o = self.add(Expr::Object(fields), s);
            self.bind_init_fields(o);
            init = Some(o);
            end_span = self.tspan(close);
            j = (close + 1).min(lim.max(close + 1));
        }
        let s = self.tspan(i).to(end_span);
        let call = self.add(
            Expr::Call {
                callee,
                args,
                new: true,
                init,
            },
            s,
        );
        (Some(call), j)
    }

    /// The lambda arrow: `=>` in JS/TS/C#, `->` in Java.
    fn arrow(&self) -> Option<&'static str> {
        match self.lang {
            Language::JavaScript | Language::TypeScript | Language::CSharp => Some("=>"),
            Language::Java => Some("->"),
            _ => None,
        }
    }

    fn is_arrow_after(&self, after: usize, lim: usize) -> bool {
        let Some(arrow) = self.arrow() else {
            return false;
        };
        if self.is(after, arrow) {
            return true;
        }
        if !self.lang.is_js() {
            return false;
        }
        // TS return type annotation: `(a): Promise<T> =>`
        if self.is(after, ":") {
            let mut k = after + 1;
            while k < lim && k - after < 30 {
                if self.is(k, "=>") {
                    return true;
                }
                if self.is(k, ";") || self.is_open(k, b'{') && !self.is(k - 1, ":") || self.nl(k) {
                    return false;
                }
                if let Some(TokKind::Open(_)) = self.kind(k) {
                    k = self.after_group(k, lim);
                    continue;
                }
                k += 1;
            }
        }
        false
    }

    fn arrow_function(&mut self, i: usize, lim: usize) -> (Option<ExprId>, usize) {
        let (params, mut j) = if self.is_open(i, b'(') {
            self.params(i, lim)
        } else {
            (
                vec![Param {
                    name: self.txt(i).to_string(),
                    span: self.tspan(i),
                    default: None,
                    ty: None,
                }],
                i + 1,
            )
        };
        let arrow = self.arrow().unwrap_or("=>");
        while j < lim && !self.is(j, arrow) {
            if let Some(TokKind::Open(_)) = self.kind(j) {
                j = self.after_group(j, lim);
                continue;
            }
            j += 1;
        }
        let body_i = j + 1;
        self.lambda_body(i, body_i, lim, params)
    }

    fn lambda_body(
        &mut self,
        start: usize,
        body_i: usize,
        lim: usize,
        params: Vec<Param>,
    ) -> (Option<ExprId>, usize) {
        let fidx = self.functions.len() as u32;
        if self.is_open(body_i, b'{') {
            let close = self.group_end(body_i, lim);
            let body = self.tspan(body_i).to(self.tspan(close));
            self.functions.push(Function {
                name: String::new(),
                params: params.clone(),
                returns: Vec::new(),
                body,
            });
            self.register_params(&params, body);
            self.pending.push((body_i + 1, close, Some(fidx), body));
            if self.lang == Language::Rust {
                self.ruby_implicit_return(fidx, body_i + 1, close);
            }
            let s = self.tspan(start).to(self.tspan(close));
            let e = self.add(
                Expr::Lambda {
                    params,
                    body: Body::Block(body_i as u32 + 1, close as u32),
                    func: fidx,
                },
                s,
            );
            return (Some(e), (close + 1).min(lim.max(close + 1)));
        }
        let (body, next) = self.expr(body_i, lim, Cx::default());
        let s = self.tspan(start).to(self.tspan(next.saturating_sub(1)));
        // The body may have defined inner closures: take the index only now.
        let fidx = self.functions.len() as u32;
        self.functions.push(Function {
            name: String::new(),
            params: params.clone(),
            returns: body.into_iter().collect(),
            body: s,
        });
        self.register_params(&params, s);
        let e = self.add(
            Expr::Lambda {
                params,
                body: body.map_or(Body::None, Body::Expr),
                func: fidx,
            },
            s,
        );
        (Some(e), next)
    }

    fn function_expr(&mut self, start: usize, open: usize, lim: usize) -> (Option<ExprId>, usize) {
        let (params, mut j) = self.params(open, lim);
        // Return type / `use (...)` / `=>` (PHP arrow fn)
        while j < lim && !self.is_open(j, b'{') && !self.is(j, "=>") {
            if self.is(j, ";") || self.is(j, ",") || self.is_close(j) {
                return (Some(self.add(Expr::Opaque, self.tspan(start))), j);
            }
            if let Some(TokKind::Open(_)) = self.kind(j) {
                j = self.after_group(j, lim);
                continue;
            }
            j += 1;
        }
        if self.is(j, "=>") {
            return self.lambda_body(start, j + 1, lim, params);
        }
        self.lambda_body(start, j, lim, params)
    }

    fn lambda_block(&mut self, open: usize, close: usize, mut params: Vec<Param>) -> ExprId {
        // Ruby `{ |a, b| ... }`, Kotlin `{ a, b -> ... }`
        let mut k = open + 1;
        if self.lang == Language::Ruby && self.is(k, "|") {
            let mut m = k + 1;
            while m < close && !self.is(m, "|") {
                if self.is_ident(m) {
                    params.push(Param {
                        name: self.txt(m).to_string(),
                        span: self.tspan(m),
                        default: None,
                        ty: None,
                    });
                }
                m += 1;
            }
            k = m + 1;
        }
        if self.lang == Language::Kotlin {
            let mut m = k;
            while m < close && m - k < 12 {
                if self.is(m, "->") {
                    for p in k..m {
                        if self.is_ident(p) {
                            params.push(Param {
                                name: self.txt(p).to_string(),
                                span: self.tspan(p),
                                default: None,
                                ty: None,
                            });
                        }
                    }
                    k = m + 1;
                    break;
                }
                if !(self.is_ident(m) || self.is(m, ",") || self.is(m, ":")) {
                    break;
                }
                m += 1;
            }
        }
        let body = self.tspan(open).to(self.tspan(close));
        // A one-expression block body is its value (Ruby/Kotlin implicit return).
        let (value, after) = self.expr(k, close, Cx::default());
        let returns = if after >= close {
            value.into_iter().collect()
        } else {
            Vec::new()
        };
        let fidx = self.functions.len() as u32;
        self.functions.push(Function {
            name: String::new(),
            params: params.clone(),
            returns,
            body,
        });
        self.register_params(&params, body);
        if after < close {
            self.pending.push((k, close, Some(fidx), body));
        }
        self.add(
            Expr::Lambda {
                params,
                body: Body::Block(k as u32, close as u32),
                func: fidx,
            },
            body,
        )
    }

    fn rust_closure(&mut self, i: usize, lim: usize, _cx: Cx) -> (Option<ExprId>, usize) {
        let mut params = Vec::new();
        let mut j = i + 1;
        if self.is(i, "|") {
            while j < lim && !self.is(j, "|") {
                if self.is_ident(j) && !self.is(j - 1, ":") {
                    params.push(Param {
                        name: self.txt(j).to_string(),
                        span: self.tspan(j),
                        default: None,
                        ty: None,
                    });
                }
                j += 1;
            }
            j += 1;
        }
        // Optional return type `-> T`
        if self.is(j, "->") {
            j = self.skip_type(j + 1, lim);
        }
        self.lambda_body(i, j, lim, params)
    }

    fn postfix(
        &mut self,
        mut e: ExprId,
        mut j: usize,
        lim: usize,
        cx: Cx,
    ) -> (Option<ExprId>, usize) {
        loop {
            if j >= lim || !self.burn() {
                break;
            }
            let nl_break = self.ends_at_newline(j, cx);
            let t = self.txt(j);
            match self.kind(j) {
                Some(TokKind::Punct) => match t {
                    "." | "?." | "::" | "->" | "&." | "?->" => {
                        if nl_break && !matches!(t, "." | "?." | "&.") {
                            break;
                        }
                        let k = j + 1;
                        // `a?.(x)` / `a?.[x]` optional call / index
                        if t == "?." && (self.is_open(k, b'(') || self.is_open(k, b'[')) {
                            j = k;
                            continue;
                        }
                        // Rust turbofish `::<T>`
                        if t == "::"
                            && self.is(k, "<")
                            && let Some(n) = self.skip_angle(k, lim)
                        {
                            j = n;
                            continue;
                        }
                        // Go type assertion `x.(T)`
                        if t == "." && self.is_open(k, b'(') && self.lang == Language::Go {
                            j = self.after_group(k, lim);
                            continue;
                        }
                        if matches!(self.kind(k), Some(TokKind::Ident | TokKind::Num))
                            || (self.lang == Language::Php && self.is(k, "$"))
                        {
                            let name = self.txt(k).to_string();
                            let s = self.sp(e).to(self.tspan(k));
                            e = self.add(
                                Expr::Member {
                                    obj: e,
                                    name,
                                    name_span: self.tspan(k),
                                },
                                s,
                            );
                            j = k + 1;
                            continue;
                        }
                        // `::class`, `.<T>method()` (Java explicit generics)
                        if self.is(k, "<")
                            && let Some(n) = self.skip_angle(k, lim)
                        {
                            j = n - 1;
                            if self.is_ident(n) {
                                j = n - 1;
                            }
                            // Fold into a member with the following identifier.
                            if self.is_ident(n) {
                                let name = self.txt(n).to_string();
                                let s = self.sp(e).to(self.tspan(n));
                                e = self.add(
                                    Expr::Member {
                                        obj: e,
                                        name,
                                        name_span: self.tspan(n),
                                    },
                                    s,
                                );
                                j = n + 1;
                                continue;
                            }
                        }
                        break;
                    }
                    "&" if self.lang == Language::Ruby && self.is(j + 1, ".") => {
                        j += 1;
                        continue;
                    }
                    "!" if !nl_break
                        && (self.lang.is_js()
                            || self.lang == Language::Rust
                            || self.lang == Language::Kotlin
                            || self.lang == Language::CSharp) =>
                    {
                        // TS non-null `x!`, Rust macros `vec![..]`, `format!(..)`.
                        if self.is(j + 1, "=") || self.is(j + 1, "==") {
                            break;
                        }
                        if self.lang == Language::Rust {
                            if let Expr::Ident(n) = &self.exprs[e as usize] {
                                let n = format!("{n}!");
                                self.exprs[e as usize] = Expr::Ident(n);
                            }
                            if let Some(TokKind::Open(c)) = self.kind(j + 1) {
                                let close = self.group_end(j + 1, lim);
                                let args = if c == b'{' {
                                    // `lazy_static! { static ref K: T = v; }`: items of the enclosing scope.
                                    let scope = self.cur_scope;
                                    self.pending.push((j + 2, close, self.cur_fn, scope));
                                    Vec::new()
                                } else {
                                    self.args(j + 2, close)
                                };
                                let s = self.sp(e).to(self.tspan(close));
                                e = self.add(
                                    Expr::Call {
                                        callee: e,
                                        args,
                                        new: false,
                                        init: None,
                                    },
                                    s,
                                );
                                j = (close + 1).min(lim.max(close + 1));
                                continue;
                            }
                        }
                        j += 1;
                        continue;
                    }
                    "!!" => {
                        j += 1;
                        continue;
                    }
                    // Go variadic spread `opts...`
                    "..." if self.lang == Language::Go => {
                        let s = self.sp(e).to(self.tspan(j));
                        e = self.add(
                            Expr::Unary {
                                op: UnOp::Spread,
                                e,
                            },
                            s,
                        );
                        j += 1;
                        continue;
                    }
                    "?" if self.lang == Language::Rust => {
                        j += 1;
                        continue;
                    }
                    "<" if matches!(
                        self.lang,
                        Language::TypeScript
                            | Language::Java
                            | Language::CSharp
                            | Language::Kotlin
                            | Language::Rust
                            | Language::Go
                    ) =>
                    {
                        // Generic call `f<T>(x)` / `new Map<K, V>()` / Go `f[T]`.
                        if let Some(n) = self.skip_angle(j, lim)
                            && self.is_open(n, b'(')
                        {
                            j = n;
                            continue;
                        }
                        break;
                    }
                    "++" | "--" if !nl_break => {
                        j += 1;
                        continue;
                    }
                    _ => break,
                },
                Some(TokKind::Open(b'(')) => {
                    if nl_break && self.lang != Language::JavaScript {
                        break;
                    }
                    let close = self.group_end(j, lim);
                    let mut args = self.args(j + 1, close);
                    let mut s = self.sp(e).to(self.tspan(close));
                    let mut after = (close + 1).min(lim.max(close + 1));
                    // Trailing lambdas: Kotlin `f(x) { ... }`, Ruby `f(x) { |y| ... }` / `do |y| ... end`.
                    if matches!(self.lang, Language::Kotlin | Language::Ruby)
                        && self.is_open(after, b'{')
                        && !self.nl(after)
                    {
                        let c2 = self.group_end(after, lim);
                        let f = self.lambda_block(after, c2, Vec::new());
                        args.push(Arg {
                            name: None,
                            value: f,
                        });
                        s = s.to(self.tspan(c2));
                        after = (c2 + 1).min(lim.max(c2 + 1));
                    }
                    e = self.add(
                        Expr::Call {
                            callee: e,
                            args,
                            new: false,
                            init: None,
                        },
                        s,
                    );
                    j = after;
                    // C# object initializer after a call: `new X() { ... }` handled in new_expr.
                }
                Some(TokKind::Open(b'[')) => {
                    if nl_break {
                        break;
                    }
                    let close = self.group_end(j, lim);
                    // Go generic instantiation `f[T](x)`
                    let (idx, _) = self.expr(
                        j + 1,
                        close,
                        Cx {
                            in_brackets: true,
                            ..Cx::default()
                        },
                    );
                    let s = self.sp(e).to(self.tspan(close));
                    let index = match idx {
                        Some(x) => x,
                        None => self.add(Expr::Opaque, s),
                    };
                    e = self.add(Expr::Index { obj: e, index }, s);
                    j = (close + 1).min(lim.max(close + 1));
                }
                Some(TokKind::Open(b'{')) => {
                    if nl_break && self.lang != Language::Rust {
                        break;
                    }
                    let composite_ok = !cx.no_composite
                        && match self.lang {
                            Language::Go => self.is_type_like(e),
                            Language::Rust => {
                                self.is_type_like(e) && self.rust_struct_literal(j, lim)
                            }
                            Language::Kotlin | Language::Ruby => !self.nl(j),
                            _ => false,
                        };
                    if !composite_ok {
                        break;
                    }
                    let close = self.group_end(j, lim);
                    if matches!(self.lang, Language::Kotlin | Language::Ruby) {
                        // Trailing lambda / block as the last argument.
                        let f = self.lambda_block(j, close, Vec::new());
                        let s = self.sp(e).to(self.tspan(close));
                        let (callee, mut args) = match self.exprs[e as usize].clone() {
                            Expr::Call {
                                callee,
                                args,
                                new: false,
                                ..
                            } => (callee, args),
                            _ => (e, Vec::new()),
                        };
                        args.push(Arg {
                            name: None,
                            value: f,
                        });
                        e = self.add(
                            Expr::Call {
                                callee,
                                args,
                                new: false,
                                init: None,
                            },
                            s,
                        );
                        j = (close + 1).min(lim.max(close + 1));
                        continue;
                    }
                    let fields = self.fields(j + 1, close);
                    let s = self.sp(e).to(self.tspan(close));
                    let obj = self.add(Expr::Object(fields), self.tspan(j).to(self.tspan(close)));
                    self.bind_init_fields(obj);
                    // A composite literal is a construction: a call with an initializer.
                    e = self.add(
                        Expr::Call {
                            callee: e,
                            args: Vec::new(),
                            new: true,
                            init: Some(obj),
                        },
                        s,
                    );
                    j = (close + 1).min(lim.max(close + 1));
                }
                Some(TokKind::Str(_))
                    if self.lang.is_js() && self.txt(j).starts_with('`') && !nl_break =>
                {
                    // Tagged template: opaque call.
                    j += 1;
                }
                Some(TokKind::Ident)
                    if self.lang == Language::Ruby && !nl_break && self.ruby_command_call(e, j) =>
                {
                    // `JWT.encode payload, secret, 'HS256'` — arguments without parentheses.
                    let mut end = j;
                    while !(end >= lim
                        || (end > j && self.ends_at_newline(end, cx))
                        || self.is(end, "do")
                        || matches!(self.txt(end), "if" | "unless" | "while" | "until"))
                    {
                        if let Some(TokKind::Open(_)) = self.kind(end) {
                            end = self.after_group(end, lim);
                            continue;
                        }
                        if self.is_close(end) {
                            break;
                        }
                        end += 1;
                    }
                    let args = self.args(j, end);
                    let s = self.sp(e).to(self.tspan(end.saturating_sub(1)));
                    e = self.add(
                        Expr::Call {
                            callee: e,
                            args,
                            new: false,
                            init: None,
                        },
                        s,
                    );
                    j = end;
                }
                Some(TokKind::Str(_) | TokKind::Num)
                    if self.lang == Language::Ruby && !nl_break && self.ruby_command_call(e, j) =>
                {
                    let mut end = j;
                    while !(end >= lim
                        || (end > j && self.ends_at_newline(end, cx))
                        || self.is(end, "do")
                        || matches!(self.txt(end), "if" | "unless"))
                    {
                        if let Some(TokKind::Open(_)) = self.kind(end) {
                            end = self.after_group(end, lim);
                            continue;
                        }
                        if self.is_close(end) {
                            break;
                        }
                        end += 1;
                    }
                    let args = self.args(j, end);
                    let s = self.sp(e).to(self.tspan(end.saturating_sub(1)));
                    e = self.add(
                        Expr::Call {
                            callee: e,
                            args,
                            new: false,
                            init: None,
                        },
                        s,
                    );
                    j = end;
                }
                _ => break,
            }
        }
        (Some(e), j)
    }

    fn ruby_command_call(&self, e: ExprId, j: usize) -> bool {
        // Only member calls like `JWT.encode x` or known commands; `a b` between plain identifiers is
        // too ambiguous.
        if !matches!(self.exprs[e as usize], Expr::Member { .. }) {
            return false;
        }
        if matches!(
            self.txt(j),
            "if" | "unless"
                | "while"
                | "until"
                | "and"
                | "or"
                | "then"
                | "do"
                | "rescue"
                | "end"
                | "else"
        ) {
            return false;
        }
        // The callee must be directly followed by a space (not `a.b[`).
        let prev_end = self.tspan(j - 1).end as usize;
        let start = self.tspan(j).start as usize;
        start > prev_end
            && self.src[prev_end..start]
                .chars()
                .all(|c| c == ' ' || c == '\t')
    }

    fn rust_struct_literal(&self, open: usize, lim: usize) -> bool {
        // `Name { field: value, .. }` vs a block after an expression.
        let close = self.group_end(open, lim);
        close == open + 1
            || (self.is_ident(open + 1)
                && (self.is(open + 2, ":") || self.is(open + 2, ",") || open + 2 == close))
            || self.is(open + 1, "..")
    }

    fn is_type_like(&self, e: ExprId) -> bool {
        match &self.exprs[e as usize] {
            Expr::Ident(n) => {
                n.starts_with("[]")
                    || n == "map"
                    || n.chars().next().is_some_and(|c| c.is_uppercase())
                    || self.lang == Language::Go
            }
            Expr::Member { name, .. } => {
                self.lang == Language::Go || name.chars().next().is_some_and(|c| c.is_uppercase())
            }
            Expr::Index { .. } => self.lang == Language::Go,
            Expr::Unary { op: UnOp::Ref, e } => self.is_type_like(*e),
            _ => false,
        }
    }

    fn has_top_level(&self, s: usize, e: usize, tok: &str) -> bool {
        let mut k = s;
        while k < e {
            if self.is(k, tok) {
                return true;
            }
            if let Some(TokKind::Open(_)) = self.kind(k) {
                k = self.after_group(k, e);
                continue;
            }
            k += 1;
        }
        false
    }

    /// Comma-separated expressions in [s, e).
    fn list(&mut self, s: usize, e: usize) -> Vec<ExprId> {
        let mut out = Vec::new();
        let mut k = s;
        let cx = Cx {
            in_brackets: true,
            ..Cx::default()
        };
        while k < e {
            if !self.burn() {
                break;
            }
            if self.is(k, ",") || self.is(k, ";") {
                k += 1;
                continue;
            }
            let (x, next) = self.expr(k, e, cx);
            if let Some(x) = x {
                out.push(x);
            }
            k = if next > k {
                self.skip_to_comma(next, e)
            } else {
                self.skip_to_comma(k + 1, e)
            };
        }
        out
    }

    fn skip_to_comma(&self, mut k: usize, e: usize) -> usize {
        while k < e && !self.is(k, ",") && !self.is(k, ";") {
            if let Some(TokKind::Open(_)) = self.kind(k) {
                k = self.after_group(k, e);
                continue;
            }
            k += 1;
        }
        k
    }

    /// Call arguments in [s, e): positional, keyword (`k=v`, `k: v`), implicit hashes (Ruby `k => v`).
    fn args(&mut self, s: usize, e: usize) -> Vec<Arg> {
        let mut out = Vec::new();
        let mut k = s;
        let cx = Cx {
            in_brackets: true,
            ..Cx::default()
        };
        let named_eq = matches!(self.lang, Language::Python | Language::Kotlin);
        let named_colon = matches!(
            self.lang,
            Language::CSharp | Language::Php | Language::Ruby | Language::Kotlin
        );
        while k < e {
            if !self.burn() {
                break;
            }
            if self.is(k, ",") {
                k += 1;
                continue;
            }
            let mut name = None;
            let mut vstart = k;
            if self.is_ident(k)
                && ((named_eq && self.is(k + 1, "="))
                    || (named_colon && self.is(k + 1, ":") && !self.is(k + 1, "::")))
            {
                name = Some(self.txt(k).to_string());
                vstart = k + 2;
            } else if self.lang == Language::Ruby || self.lang == Language::Php {
                // `:sym => v` / `'k' => v`
                if let Some(TokKind::Str(sidx)) = self.kind(k)
                    && self.is(k + 1, "=>")
                {
                    name = Some(self.lx.strs[sidx as usize].value.clone());
                    vstart = k + 2;
                }
            }
            let (x, next) = self.expr(
                vstart,
                e,
                Cx {
                    no_assign: named_eq,
                    ..cx
                },
            );
            // Object-literal arguments: their fields are named values too
            // (`config(['jwt.secret' => 'x'])`, `foo({ jwtSecret: 'x' })`).
            if let Some(x) = x
                && name.is_none()
                && let Expr::Object(fields) = &self.exprs[x as usize]
            {
                let fields = fields.clone();
                for f in fields {
                    if let Some(k) = &f.key {
                        self.bind_field_tree(vec![k.clone()], f.key_span, f.value);
                    }
                }
            }
            if let Some(x) = x {
                if let Some(n) = &name {
                    let scope = self.cur_scope;
                    self.bindings.push(Binding {
                        path: vec![n.clone()],
                        key_span: self.tspan(k),
                        value: x,
                        scope,
                        kind: BindingKind::Kwarg,
                    });
                }
                out.push(Arg { name, value: x });
            }
            k = if next > vstart {
                self.skip_to_comma(next, e)
            } else {
                self.skip_to_comma(vstart.max(k + 1), e)
            };
        }
        out
    }

    /// Fields of an object/dict/hash/initializer in [s, e).
    fn fields(&mut self, s: usize, e: usize) -> Vec<Field> {
        let mut out = Vec::new();
        let mut k = s;
        let cx = Cx {
            in_brackets: true,
            ..Cx::default()
        };
        while k < e {
            if !self.burn() {
                break;
            }
            if self.is(k, ",") || self.is(k, ";") {
                k += 1;
                continue;
            }
            // Spread `...x`, `**x`, Rust `..Default::default()`
            if self.is(k, "...") || self.is(k, "**") || self.is(k, "..") {
                let (x, next) = self.expr(k + 1, e, cx);
                if let Some(x) = x {
                    out.push(Field {
                        key: None,
                        key_span: self.tspan(k),
                        value: x,
                        default: None,
                        spread: true,
                    });
                }
                k = self.skip_to_comma(next.max(k + 1), e);
                continue;
            }
            // Methods / accessors: `get x() {}`, `async f() {}`, `f() {}`
            let mut m = k;
            while self.is_ident(m)
                && matches!(self.txt(m), "get" | "set" | "async" | "static")
                && (self.is_ident(m + 1) || self.is(m + 1, "*"))
            {
                m += 1;
            }
            if self.is(m, "*") {
                m += 1;
            }
            if (self.is_ident(m) || matches!(self.kind(m), Some(TokKind::Str(_))))
                && self.is_open(m + 1, b'(')
                && self.lang.is_js()
            {
                let close = self.group_end(m + 1, e);
                if self.is_open(close + 1, b'{') || self.is(close + 1, ":") {
                    let key = self.key_text(m);
                    let (f, next) = self.function_expr(m, m + 1, e);
                    if let Some(f) = f {
                        out.push(Field {
                            key,
                            key_span: self.tspan(m),
                            value: f,
                            default: None,
                            spread: false,
                        });
                    }
                    k = self.skip_to_comma(next.max(k + 1), e);
                    continue;
                }
            }
            // Key
            let key_i = k;
            let (key, key_span, after_key) =
                if self.is_open(k, b'[') && !matches!(self.lang, Language::Php | Language::Ruby) {
                    // computed key `[expr]: v` / C# indexer initializer `["k"] = v`
                    let close = self.group_end(k, e);
                    let key = match self.kind(k + 1) {
                        Some(TokKind::Str(sidx)) if close == k + 2 => {
                            Some(self.lx.strs[sidx as usize].value.clone())
                        }
                        _ => None,
                    };
                    (key, self.tspan(k).to(self.tspan(close)), close + 1)
                } else if self.is_ident(k)
                    || matches!(self.kind(k), Some(TokKind::Str(_) | TokKind::Num))
                {
                    (self.key_text(k), self.tspan(k), k + 1)
                } else {
                    // Positional element (array initializer etc.)
                    let (x, next) = self.expr(k, e, cx);
                    if let Some(x) = x {
                        out.push(Field {
                            key: None,
                            key_span: self.sp(x),
                            value: x,
                            default: None,
                            spread: false,
                        });
                    }
                    k = self.skip_to_comma(next.max(k + 1), e);
                    continue;
                };
            let sep = self.txt(after_key);
            let is_sep = |t: &str| matches!(t, ":" | "=>" | "=");
            if after_key < e && is_sep(sep) && !self.is(after_key, "::") {
                let (v, next) = self.expr(
                    after_key + 1,
                    e,
                    Cx {
                        no_assign: sep != "=",
                        ..cx
                    },
                );
                if let Some(v) = v {
                    // `{ key: alias = default }` pattern
                    let mut value = v;
                    let mut default = None;
                    if sep == "=" && self.lang.is_js() {
                        // Shorthand with default in a destructuring pattern.
                        let id = self.add(Expr::Ident(key.clone().unwrap_or_default()), key_span);
                        default = Some(v);
                        value = id;
                    } else if let Expr::Assign { lhs, rhs, .. } = self.exprs[v as usize] {
                        value = lhs;
                        default = Some(rhs);
                    }
                    out.push(Field {
                        key,
                        key_span,
                        value,
                        default,
                        spread: false,
                    });
                }
                k = self.skip_to_comma(next.max(after_key + 1), e);
                continue;
            }
            // Python dict with non-literal keys: `{KEY: v}` handled above; shorthand `{ a, b }`.
            if after_key >= e || self.is(after_key, ",") || self.is(after_key, ";") {
                if self.is_ident(key_i) {
                    let id = self.add(Expr::Ident(self.txt(key_i).to_string()), key_span);
                    out.push(Field {
                        key,
                        key_span,
                        value: id,
                        default: None,
                        spread: false,
                    });
                } else if let Some(TokKind::Str(sidx)) = self.kind(key_i) {
                    let id = self.add(Expr::Str(sidx), key_span);
                    out.push(Field {
                        key: None,
                        key_span,
                        value: id,
                        default: None,
                        spread: false,
                    });
                }
                k = after_key;
                continue;
            }
            // Something else: an expression element (e.g. `a + b` in an array-ish initializer).
            let (x, next) = self.expr(k, e, cx);
            if let Some(x) = x {
                out.push(Field {
                    key: None,
                    key_span: self.sp(x),
                    value: x,
                    default: None,
                    spread: false,
                });
            }
            k = self.skip_to_comma(next.max(k + 1), e);
        }
        out
    }

    fn key_text(&self, i: usize) -> Option<String> {
        match self.kind(i) {
            Some(TokKind::Str(s)) => Some(self.lx.strs[s as usize].value.clone()),
            Some(TokKind::Ident) | Some(TokKind::Num) => Some(self.txt(i).to_string()),
            _ => None,
        }
    }

    // ---------------------------------------------------------------- string interpolation

    /// Parse interpolated expressions in template strings so values can be followed into them.
    fn parse_interpolations(&mut self) {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for s in &self.lx.strs {
            for p in &s.pieces {
                if let Piece::Expr(a, b) = p {
                    ranges.push((*a, *b));
                }
            }
        }
        for (a, b) in ranges.into_iter().take(10_000) {
            let text = &self.src[a as usize..b as usize];
            if text.len() > 400 {
                continue;
            }
            let sub = parse_fragment(text, self.lang);
            // Re-home the fragment's expression tree into this arena, shifting spans.
            if let Some(root) = sub.root {
                let id = self.import_fragment(&sub.facts, root, a);
                self.interp.push(((a, b), id));
            }
        }
    }

    fn import_fragment(&mut self, f: &Facts, id: ExprId, shift: u32) -> ExprId {
        let map = |p: &mut Self, x: ExprId| p.import_fragment(f, x, shift);
        let e = f.exprs[id as usize].clone();
        let sp = f.spans[id as usize];
        let span = Span::new(sp.start + shift, sp.end + shift);
        let ne = match e {
            Expr::Str(s) => {
                // Strings in fragments: copy the literal into our string table.
                let mut lit = f.lexed.strs[s as usize].clone();
                lit.span = (lit.span.0 + shift, lit.span.1 + shift);
                lit.content = (lit.content.0 + shift, lit.content.1 + shift);
                lit.pieces.clear();
                let idx = self.lx.strs.len() as u32;
                self.lx.strs.push(lit);
                Expr::Str(idx)
            }
            Expr::Member {
                obj,
                name,
                name_span,
            } => Expr::Member {
                obj: map(self, obj),
                name,
                name_span: Span::new(name_span.start + shift, name_span.end + shift),
            },
            Expr::Index { obj, index } => Expr::Index {
                obj: map(self, obj),
                index: map(self, index),
            },
            Expr::Call {
                callee, args, new, ..
            } => {
                let callee = map(self, callee);
                let args = args
                    .into_iter()
                    .map(|a| Arg {
                        name: a.name,
                        value: map(self, a.value),
                    })
                    .collect();
                Expr::Call {
                    callee,
                    args,
                    new,
                    init: None,
                }
            }
            Expr::Binary { op, l, r } => Expr::Binary {
                op,
                l: map(self, l),
                r: map(self, r),
            },
            Expr::Cond { cond, then, els } => Expr::Cond {
                cond: map(self, cond),
                then: map(self, then),
                els: map(self, els),
            },
            Expr::Unary { op, e } => Expr::Unary {
                op,
                e: map(self, e),
            },
            Expr::Array(items) => Expr::Array(items.into_iter().map(|x| map(self, x)).collect()),
            Expr::Ident(n) => Expr::Ident(n),
            Expr::Num => Expr::Num,
            Expr::Bool(b) => Expr::Bool(b),
            Expr::Null => Expr::Null,
            _ => Expr::Opaque,
        };
        self.add(ne, span)
    }
}

struct Fragment {
    facts: Facts,
    root: Option<ExprId>,
}

fn parse_fragment(text: &str, lang: Language) -> Fragment {
    let lx = lex(text, lang);
    let mate = match_brackets(&lx);
    let n = lx.toks.len();
    let mut p = Parser {
        src: text,
        lang,
        lx,
        mate,
        exprs: Vec::new(),
        spans: Vec::new(),
        bindings: Vec::new(),
        imports: Vec::new(),
        import_paths: Vec::new(),
        functions: Vec::new(),
        typed: Vec::new(),
        calls: Vec::new(),
        interp: Vec::new(),
        annotations: Vec::new(),
        classes: Vec::new(),
        client_side: false,
        pending: Vec::new(),
        cur_fn: None,
        cur_scope: Span::new(0, text.len() as u32),
        fuel: n * FUEL_PER_TOKEN + 1000,
        pending_annotation: None,
        target_type: None,
        guards: HashMap::new(),
        nesting: 0,
        named: HashMap::new(),
        named_upto: 0,
    };
    let (root, _) = p.expr(
        0,
        n,
        Cx {
            in_brackets: true,
            ..Cx::default()
        },
    );
    Fragment {
        facts: Facts {
            lang,
            lexed: p.lx,
            exprs: p.exprs,
            spans: p.spans,
            bindings: Vec::new(),
            imports: Vec::new(),
            import_paths: Vec::new(),
            functions: Vec::new(),
            typed: Vec::new(),
            calls: Vec::new(),
            interp: Vec::new(),
            annotations: Vec::new(),
            classes: Vec::new(),
            client_side: false,
        },
        root,
    }
}

/// `node:crypto` -> `crypto`.
pub fn normalize_module(m: &str) -> String {
    m.strip_prefix("node:").unwrap_or(m).to_string()
}

/// `github.com/golang-jwt/jwt/v5` -> `github.com/golang-jwt/jwt`; `gopkg.in/square/go-jose.v2` -> `gopkg.in/square/go-jose`.
pub fn normalize_go_path(p: &str) -> String {
    let mut s = p.to_string();
    if let Some((head, last)) = s.rsplit_once('/')
        && last.len() >= 2
        && last.starts_with('v')
        && last[1..].chars().all(|c| c.is_ascii_digit())
    {
        s = head.to_string();
    }
    if let Some(pos) = s.rfind(".v")
        && s[pos + 2..].chars().all(|c| c.is_ascii_digit())
        && pos + 2 < s.len()
    {
        s.truncate(pos);
    }
    s
}

/// The package name Go code uses for an import path.
pub fn go_package_name(p: &str) -> String {
    let norm = normalize_go_path(p);
    let last = norm.rsplit('/').next().unwrap_or(&norm);
    if last.ends_with("-jwt") {
        return "jwt".to_string();
    }
    let last = last.strip_prefix("go-").unwrap_or(last);
    let last = last.strip_suffix("-go").unwrap_or(last);
    let last = last.strip_suffix(".go").unwrap_or(last);
    last.replace('-', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str, lang: Language) -> Facts {
        parse(src, lang)
    }

    fn binding_names(f: &Facts) -> Vec<String> {
        f.bindings.iter().map(|b| b.path.join(".")).collect()
    }

    #[test]
    fn js_imports_all_forms() {
        let f = p(
            "import jwt from 'jsonwebtoken';\nimport * as jose from 'jose';\nimport { sign, verify as v } from 'jsonwebtoken';\nconst { expressjwt: ejwt } = require('express-jwt');\nconst Strategy = require('passport-jwt').Strategy;\nconst c = require('node:crypto');",
            Language::JavaScript,
        );
        let got: Vec<(String, String)> = f
            .imports
            .iter()
            .map(|i| (i.local.clone(), i.target.clone()))
            .collect();
        for want in [
            ("jwt", "jsonwebtoken"),
            ("jose", "jose"),
            ("sign", "jsonwebtoken.sign"),
            ("v", "jsonwebtoken.verify"),
            ("ejwt", "express-jwt.expressjwt"),
            ("Strategy", "passport-jwt.Strategy"),
            ("c", "crypto"),
        ] {
            assert!(
                got.contains(&(want.0.to_string(), want.1.to_string())),
                "{want:?} not in {got:?}"
            );
        }
    }

    #[test]
    fn js_bindings_and_calls() {
        let f = p(
            "const SECRET = process.env.JWT_SECRET || 'dev';\nclass A { secret = 'x'; private readonly key: string = 'y'; }\nconst cfg = { jwt: { secret: 'z' } };\njwt.sign(\n  payload,\n  SECRET,\n  { algorithm: 'HS256' }\n);",
            Language::TypeScript,
        );
        let names = binding_names(&f);
        for n in [
            "SECRET",
            "secret",
            "key",
            "cfg",
            "cfg.jwt",
            "cfg.jwt.secret",
        ] {
            assert!(names.contains(&n.to_string()), "{n} not in {names:?}");
        }
        let call = f
            .calls
            .iter()
            .find(|&&c| matches!(f.expr(c), Expr::Call { args, .. } if args.len() == 3));
        assert!(call.is_some());
    }

    #[test]
    fn destructuring_default() {
        let f = p(
            "const { JWT_SECRET = 'dev', OTHER } = process.env;",
            Language::JavaScript,
        );
        let b = f
            .bindings
            .iter()
            .find(|b| b.path == ["JWT_SECRET"])
            .expect("binding");
        assert!(matches!(f.expr(b.value), Expr::Default { .. }));
    }

    #[test]
    fn python_def_and_kwargs() {
        let f = p(
            "import jwt\nfrom jose import jwt as jjwt\nSECRET_KEY = 'abc'\ndef make(user, secret='dev'):\n    return jwt.encode({'sub': user}, SECRET_KEY, algorithm='HS256')\napp.config['JWT_SECRET_KEY'] = 'x'\n",
            Language::Python,
        );
        assert!(
            f.imports
                .iter()
                .any(|i| i.local == "jjwt" && i.target == "jose.jwt")
        );
        let names = binding_names(&f);
        assert!(
            names.contains(&"app.config.JWT_SECRET_KEY".to_string()),
            "{names:?}"
        );
        assert!(names.contains(&"secret".to_string()));
        let enc = f.calls.iter().find(|&&c| {
            matches!(f.expr(c), Expr::Call { args, .. } if args.iter().any(|a| a.name.as_deref() == Some("algorithm")))
        });
        assert!(enc.is_some());
        assert_eq!(
            f.functions
                .iter()
                .find(|x| x.name == "make")
                .map(|x| x.returns.len()),
            Some(1)
        );
    }

    #[test]
    fn go_composite_and_imports() {
        let f = p(
            "package main\nimport (\n  \"os\"\n  jwt \"github.com/golang-jwt/jwt/v5\"\n)\nvar key = []byte(\"secret\")\nfunc main() {\n  m := &ginjwt.GinJWTMiddleware{Key: []byte(\"k\")}\n  t, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)\n}\n",
            Language::Go,
        );
        assert!(
            f.imports
                .iter()
                .any(|i| i.local == "jwt" && i.target == "github.com/golang-jwt/jwt")
        );
        let names = binding_names(&f);
        assert!(names.contains(&"key".to_string()), "{names:?}");
        assert!(f.calls.len() >= 4);
    }

    #[test]
    fn java_declarations_and_annotations() {
        let f = p(
            "import io.jsonwebtoken.Jwts;\nclass A {\n  private static final String SECRET = \"abc\";\n  @Value(\"${jwt.secret:dflt}\")\n  private String jwtSecret;\n  void f() { Jwts.builder().signWith(SignatureAlgorithm.HS256, SECRET).compact(); }\n}",
            Language::Java,
        );
        let names = binding_names(&f);
        assert!(names.contains(&"SECRET".to_string()), "{names:?}");
        assert!(names.contains(&"jwtSecret".to_string()), "{names:?}");
        assert!(f.imports.iter().any(|i| i.local == "Jwts"));
    }

    #[test]
    fn csharp_initializer() {
        let f = p(
            "var p = new TokenValidationParameters { ValidateIssuer = true, IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(\"k\")) };",
            Language::CSharp,
        );
        let call = f
            .calls
            .iter()
            .find(|&&c| matches!(f.expr(c), Expr::Call { init: Some(_), .. }));
        assert!(call.is_some());
    }

    #[test]
    fn ruby_command_call() {
        let f = p(
            "token = JWT.encode payload, 'secret', 'HS256'\n",
            Language::Ruby,
        );
        let call = f
            .calls
            .iter()
            .find(|&&c| matches!(f.expr(c), Expr::Call { args, .. } if args.len() == 3));
        assert!(call.is_some());
    }

    #[test]
    fn template_interpolation_parsed() {
        let f = p("const s = `k-${Math.random()}`;", Language::JavaScript);
        assert_eq!(f.interp.len(), 1);
    }

    #[test]
    fn go_paths() {
        assert_eq!(
            normalize_go_path("github.com/golang-jwt/jwt/v5"),
            "github.com/golang-jwt/jwt"
        );
        assert_eq!(go_package_name("github.com/dgrijalva/jwt-go"), "jwt");
        assert_eq!(go_package_name("gopkg.in/square/go-jose.v2"), "jose");
        assert_eq!(go_package_name("github.com/appleboy/gin-jwt/v2"), "jwt");
    }
}
