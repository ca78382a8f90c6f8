//! One lexer for every supported language, configured per language family.
//!
//! The lexer never fails: unterminated strings end at the end of the line (or file), unknown
//! bytes become punctuation. Comments are kept apart from tokens so rules never see them, and
//! strings are decoded (escapes, interpolation parts) so values are judged as the program sees them.

use super::Language;

/// Kind of a token. Strings carry an index into [`Lexed::strs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Ident,
    Str(u32),
    Num,
    Punct,
    Open(u8),
    Close(u8),
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub kind: TokKind,
    pub start: u32,
    pub end: u32,
    /// A line break separates this token from the previous one.
    pub nl_before: bool,
}

/// A piece of a string literal: literal text, or an interpolated expression (source range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Expr(u32, u32),
}

#[derive(Debug, Clone)]
pub struct StrLit {
    /// The decoded text with interpolations left out.
    pub value: String,
    /// Whole literal, quotes and prefixes included.
    pub span: (u32, u32),
    /// Between the quotes.
    pub content: (u32, u32),
    /// `value` is byte-for-byte the source between the quotes, so sub-spans map exactly.
    pub exact: bool,
    /// Interpolated strings keep their pieces in order; empty for plain literals.
    pub pieces: Vec<Piece>,
    /// A byte string (`b"..."`).
    pub bytes: bool,
    /// A symbol or a heredoc body rather than a quoted string.
    pub symbol: bool,
}

impl StrLit {
    pub fn is_interpolated(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Expr(..)))
    }
}

#[derive(Debug, Default)]
pub struct Lexed {
    pub toks: Vec<Tok>,
    pub strs: Vec<StrLit>,
    pub comments: Vec<(u32, u32)>,
}

impl Lexed {
    pub fn text<'a>(&self, src: &'a str, i: usize) -> &'a str {
        let t = self.toks[i];
        &src[t.start as usize..t.end as usize]
    }

    /// The source as the code sees it, at the same offsets: tokens kept, comments, whitespace
    /// and the text of long string literals (over [`LONG_STRING`] bytes: prose, base64, embedded
    /// tables; their interpolated expressions are kept) blanked. A keyword only there cannot
    /// lead to a finding, so the analysis asks the prefilter again over this view before parsing.
    pub fn code_view(&self, src: &str) -> Vec<u8> {
        let b = src.as_bytes();
        let mut view = vec![b' '; b.len()];
        let mut keep = |s: u32, e: u32| {
            let r = s as usize..(e as usize).min(b.len());
            if let (Some(to), Some(from)) = (view.get_mut(r.clone()), b.get(r)) {
                to.copy_from_slice(from);
            }
        };
        for t in &self.toks {
            match t.kind {
                TokKind::Str(i) => match self.strs.get(i as usize) {
                    Some(lit) if lit.content.1.saturating_sub(lit.content.0) > LONG_STRING => {
                        // Names the analysis reads inside a string (`${jwt.secret:...}`, a Go
                        // tag `env:"JWT_SECRET" envDefault:"..."`) sit at either end of it.
                        let (a, b) = lit.content;
                        keep(t.start, a.saturating_add(STRING_ENDS));
                        keep(b.saturating_sub(STRING_ENDS), t.end);
                        for p in &lit.pieces {
                            if let Piece::Expr(s, e) = *p {
                                keep(s, e);
                            }
                        }
                    }
                    _ => keep(t.start, t.end),
                },
                _ => keep(t.start, t.end),
            }
        }
        view
    }
}

/// String literals longer than this are data or prose to [`Lexed::code_view`]: no key name,
/// import path or environment variable name is this long.
pub const LONG_STRING: u32 = 256;

/// Bytes kept at each end of a long string literal by [`Lexed::code_view`].
const STRING_ENDS: u32 = 64;

const PUNCT3: &[&str] = &[
    "===", "!==", "...", "**=", "<<=", ">>=", "??=", "||=", "&&=", "<=>", ">>>",
];
const PUNCT2: &[&str] = &[
    "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=",
    "/=", "%=", "&=", "|=", "^=", "<<", ":=", "..", "**", "<-",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Js,
    CLike,
    Python,
    Ruby,
    Php,
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    lang: Language,
    fam: Family,
    pos: usize,
    out: Lexed,
    nl: bool,
    /// Ruby heredocs waiting for the end of the current line: (terminator, squiggly/dash, str index).
    pending_heredocs: Vec<(String, bool, usize)>,
}

/// Lex `src` as `lang`. Never panics; unknown input degrades to punctuation tokens.
pub fn lex(src: &str, lang: Language) -> Lexed {
    let fam = match lang {
        Language::JavaScript | Language::TypeScript => Family::Js,
        Language::Python => Family::Python,
        Language::Ruby => Family::Ruby,
        Language::Php => Family::Php,
        _ => Family::CLike,
    };
    let mut lx = Lexer {
        src,
        b: src.as_bytes(),
        lang,
        fam,
        pos: 0,
        // About one token per five bytes of source: one allocation instead of a dozen doublings
        // (each a copy of the table so far).
        out: Lexed {
            toks: Vec::with_capacity(src.len() / 5 + 16),
            ..Lexed::default()
        },
        nl: true,
        pending_heredocs: Vec::new(),
    };
    if fam == Family::Php {
        lx.skip_php_html();
    }
    lx.run();
    lx.out
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c == '$' || c.is_alphanumeric()
}

impl<'a> Lexer<'a> {
    fn peek(&self, off: usize) -> u8 {
        *self.b.get(self.pos + off).unwrap_or(&0)
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    fn push(&mut self, kind: TokKind, start: usize, end: usize) {
        self.out.toks.push(Tok {
            kind,
            start: start as u32,
            end: end as u32,
            nl_before: self.nl,
        });
        self.nl = false;
    }

    fn run(&mut self) {
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            match c {
                b'\n' => {
                    self.nl = true;
                    self.pos += 1;
                    if !self.pending_heredocs.is_empty() {
                        self.read_heredoc_bodies();
                    }
                    if self.fam == Family::Ruby && self.src[self.pos..].starts_with("=begin") {
                        self.ruby_block_comment();
                    }
                    if self.fam == Family::Ruby && self.src[self.pos..].starts_with("__END__") {
                        self.pos = self.b.len();
                    }
                }
                b' ' | b'\t' | b'\r' | 0x0c | 0x0b => {
                    // Indentation comes in runs: skip it in one loop, not one dispatch a byte.
                    self.pos += 1 + self.b[self.pos + 1..]
                        .iter()
                        .take_while(|&&c| matches!(c, b' ' | b'\t' | b'\r' | 0x0c | 0x0b))
                        .count();
                }
                b'/' if self.peek(1) == b'/'
                    && self.fam != Family::Python
                    && self.fam != Family::Ruby =>
                {
                    self.line_comment()
                }
                b'/' if self.peek(1) == b'*'
                    && self.fam != Family::Python
                    && self.fam != Family::Ruby =>
                {
                    self.block_comment()
                }
                b'#' if self.hash_is_comment() => self.line_comment(),
                b'?' if self.fam == Family::Php && self.peek(1) == b'>' => {
                    self.pos += 2;
                    self.push(TokKind::Punct, self.pos - 2, self.pos);
                    self.skip_php_html();
                }
                b'"' | b'\'' | b'`' => self.string_start(),
                b'0'..=b'9' => self.number(),
                b'.' if self.peek(1).is_ascii_digit() && !self.prev_is_value() => self.number(),
                b'(' | b'[' | b'{' => {
                    self.push(TokKind::Open(c), self.pos, self.pos + 1);
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    self.push(TokKind::Close(c), self.pos, self.pos + 1);
                    self.pos += 1;
                }
                b'/' if self.fam == Family::Js || self.fam == Family::Ruby => {
                    if self.regex_allowed() && self.try_regex() {
                        continue;
                    }
                    self.punct();
                }
                b'@' if self.fam == Family::CLike
                    && self.lang == Language::CSharp
                    && matches!(self.peek(1), b'"' | b'$') =>
                {
                    self.string_start()
                }
                b'$' if self.lang == Language::CSharp && matches!(self.peek(1), b'"' | b'@') => {
                    self.string_start()
                }
                b'%' if self.fam == Family::Ruby && self.ruby_percent_literal() => {}
                b'<' if self.fam == Family::Ruby && self.ruby_heredoc_start() => {}
                b'<' if self.fam == Family::Php && self.src[self.pos..].starts_with("<<<") => {
                    if !self.php_heredoc() {
                        self.punct();
                    }
                }
                b':' if self.fam == Family::Ruby && self.ruby_symbol() => {}
                _ => {
                    let ch = self.char_at(self.pos).unwrap_or('\u{fffd}');
                    if is_ident_start(ch) || (ch == '@' && self.fam == Family::Ruby) {
                        self.ident_or_prefixed_string();
                    } else if ch.is_whitespace() {
                        self.pos += ch.len_utf8();
                    } else {
                        self.punct();
                    }
                }
            }
        }
    }

    fn hash_is_comment(&self) -> bool {
        match self.fam {
            Family::Python | Family::Ruby => true,
            // PHP 8 attributes start with `#[`.
            Family::Php => self.peek(1) != b'[',
            _ => false,
        }
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        let end = memchr::memchr(b'\n', &self.b[self.pos..]).map_or(self.b.len(), |i| self.pos + i);
        // PHP: `?>` ends a line comment.
        let end = if self.fam == Family::Php {
            self.src[start..end].find("?>").map_or(end, |i| start + i)
        } else {
            end
        };
        self.out.comments.push((start as u32, end as u32));
        self.pos = end;
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let nested = matches!(self.lang, Language::Rust | Language::Kotlin);
        self.pos += 2;
        let mut depth = 1;
        while self.pos < self.b.len() {
            if self.b[self.pos] == b'*' && self.peek(1) == b'/' {
                self.pos += 2;
                depth -= 1;
                if depth == 0 {
                    break;
                }
            } else if nested && self.b[self.pos] == b'/' && self.peek(1) == b'*' {
                self.pos += 2;
                depth += 1;
            } else {
                if self.b[self.pos] == b'\n' {
                    self.nl = true;
                }
                self.pos += 1;
            }
        }
        self.out
            .comments
            .push((start as u32, self.pos.min(self.b.len()) as u32));
    }

    fn ruby_block_comment(&mut self) {
        let start = self.pos;
        let end = match self.src[self.pos..].find("\n=end") {
            Some(i) => {
                let after = self.pos + i + 5;
                memchr::memchr(b'\n', &self.b[after..]).map_or(self.b.len(), |j| after + j)
            }
            None => self.b.len(),
        };
        self.out.comments.push((start as u32, end as u32));
        self.pos = end;
    }

    fn skip_php_html(&mut self) {
        // Everything outside <?php ... ?> is template text.
        match self.src[self.pos..].find("<?") {
            Some(i) => {
                let mut p = self.pos + i + 2;
                if self.src[p..].starts_with("php") {
                    p += 3;
                } else if self.src[p..].starts_with('=') {
                    p += 1;
                }
                self.pos = p;
            }
            None => self.pos = self.b.len(),
        }
        self.nl = true;
    }

    fn prev_is_value(&self) -> bool {
        match self.out.toks.last() {
            Some(t) => matches!(
                t.kind,
                TokKind::Ident | TokKind::Num | TokKind::Str(_) | TokKind::Close(_)
            ),
            None => false,
        }
    }

    fn number(&mut self) {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            let exponent_sign = (c == b'+' || c == b'-')
                && matches!(self.b[self.pos - 1], b'e' | b'E')
                && !self.src[start..self.pos].starts_with("0x");
            if c.is_ascii_alphanumeric()
                || c == b'_'
                || (c == b'.' && self.peek(1).is_ascii_digit())
                || exponent_sign
            {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.push(TokKind::Num, start, self.pos);
    }

    fn punct(&mut self) {
        let rest = &self.src[self.pos..];
        let one = rest.chars().next().map_or(1, |c| c.len_utf8());
        // Every punctuator of two or three bytes has one of these second bytes.
        let longer = matches!(
            self.peek(1),
            b'=' | b'.' | b'*' | b'<' | b'>' | b'?' | b'|' | b'&' | b':' | b'+' | b'-'
        );
        let len = if !longer {
            one
        } else if PUNCT3.iter().any(|p| rest.starts_with(p)) {
            3
        } else if PUNCT2.iter().any(|p| rest.starts_with(p))
            || rest.starts_with("?:") && matches!(self.lang, Language::Kotlin | Language::Php)
        {
            2
        } else {
            one
        };
        let start = self.pos;
        self.pos += len;
        self.push(TokKind::Punct, start, self.pos);
    }

    fn ident_or_prefixed_string(&mut self) {
        let start = self.pos;
        // Ruby instance/class variables keep their sigils.
        if self.fam == Family::Ruby {
            while self.pos < self.b.len() && self.b[self.pos] == b'@' {
                self.pos += 1;
            }
        }
        // ASCII names in one loop over bytes; other characters decoded one by one.
        self.pos += self.b[self.pos..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$')
            .count();
        while let Some(c) = self.char_at(self.pos) {
            if is_ident_continue(c) || (c == '$' && self.fam == Family::Php) {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        if self.pos == start {
            self.pos += self.char_at(start).map_or(1, |c| c.len_utf8());
            self.push(TokKind::Punct, start, self.pos);
            return;
        }
        // Ruby method names may end in ? or ! (`empty?`, `save!`), but not `!=`.
        if self.fam == Family::Ruby
            && matches!(self.peek(0), b'?' | b'!')
            && self.peek(1) != b'='
            && !matches!(self.peek(1), b':')
        {
            self.pos += 1;
        }
        let word = &self.src[start..self.pos];
        // String prefixes: Python r/b/f/u, Rust b/r/br, Kotlin/Java none.
        let next = self.peek(0);
        if next == b'"' || next == b'\'' || (next == b'#' && self.lang == Language::Rust) {
            let lw = word.to_ascii_lowercase();
            let is_prefix = match self.fam {
                Family::Python => {
                    matches!(
                        lw.as_str(),
                        "r" | "b" | "f" | "u" | "rb" | "br" | "fr" | "rf" | "t"
                    )
                }
                _ if self.lang == Language::Rust => {
                    matches!(word, "b" | "r" | "br" | "c" | "cr") && (next != b'\'' || word == "b")
                }
                _ => false,
            };
            if is_prefix {
                self.pos = start;
                self.string_with_prefix(start, word.len());
                return;
            }
        }
        // Rust lifetimes and char literals are handled in string_start; identifiers end here.
        self.push(TokKind::Ident, start, self.pos);
    }

    fn regex_allowed(&self) -> bool {
        let Some(t) = self.out.toks.last() else {
            return true;
        };
        match t.kind {
            TokKind::Num | TokKind::Str(_) => false,
            TokKind::Close(b')') | TokKind::Close(b']') => false,
            TokKind::Close(_) => true,
            TokKind::Open(_) => true,
            TokKind::Punct => true,
            TokKind::Ident => {
                let w = &self.src[t.start as usize..t.end as usize];
                matches!(
                    w,
                    "return"
                        | "typeof"
                        | "case"
                        | "in"
                        | "of"
                        | "delete"
                        | "void"
                        | "throw"
                        | "new"
                        | "instanceof"
                        | "yield"
                        | "await"
                        | "if"
                        | "when"
                        | "unless"
                        | "and"
                        | "or"
                        | "not"
                        | "else"
                        | "elsif"
                        | "then"
                        | "do"
                )
            }
        }
    }

    fn try_regex(&mut self) -> bool {
        let start = self.pos;
        let mut p = self.pos + 1;
        let mut in_class = false;
        while p < self.b.len() {
            match self.b[p] {
                b'\\' => p += 2,
                b'\n' => return false,
                b'[' => {
                    in_class = true;
                    p += 1
                }
                b']' => {
                    in_class = false;
                    p += 1
                }
                b'/' if !in_class => {
                    p += 1;
                    while p < self.b.len() && self.b[p].is_ascii_alphabetic() {
                        p += 1;
                    }
                    let p = p.min(self.b.len());
                    self.pos = p;
                    // A regex is an opaque value: a punct token that expressions treat as unknown.
                    self.push(TokKind::Num, start, p);
                    return true;
                }
                _ => p += 1,
            }
        }
        false
    }

    fn add_str(&mut self, lit: StrLit) {
        let idx = self.out.strs.len() as u32;
        let (s, e) = lit.span;
        self.out.strs.push(lit);
        self.push(TokKind::Str(idx), s as usize, e as usize);
    }

    fn string_start(&mut self) {
        let c = self.b[self.pos];
        // C#: @"verbatim", $"interp", $@"...", @$"..."
        if self.lang == Language::CSharp && (c == b'@' || c == b'$') {
            let start = self.pos;
            let mut verbatim = false;
            let mut interp = false;
            while matches!(self.peek(0), b'@' | b'$') {
                if self.peek(0) == b'@' {
                    verbatim = true;
                } else {
                    interp = true;
                }
                self.pos += 1;
            }
            if self.peek(0) != b'"' {
                self.pos = start + 1;
                self.push(TokKind::Punct, start, start + 1);
                return;
            }
            if self.src[self.pos..].starts_with("\"\"\"") {
                self.triple_quoted(start, b'"', interp, false);
                return;
            }
            self.quoted(
                start,
                b'"',
                QuoteRules {
                    escapes: !verbatim,
                    doubled_quote_escape: verbatim,
                    multiline: verbatim,
                    interp: if interp { Interp::Braces } else { Interp::None },
                },
            );
            return;
        }
        match self.fam {
            Family::Js => match c {
                b'`' => self.quoted(
                    self.pos,
                    b'`',
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::DollarBraces,
                    },
                ),
                _ => self.quoted(self.pos, c, QuoteRules::plain()),
            },
            Family::Python => {
                if self.src[self.pos..].starts_with("\"\"\"")
                    || self.src[self.pos..].starts_with("'''")
                {
                    self.triple_quoted(self.pos, c, false, false);
                } else if c == b'`' {
                    self.punct();
                } else {
                    self.quoted(self.pos, c, QuoteRules::plain());
                }
            }
            Family::Ruby => match c {
                b'"' => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::HashBraces,
                    },
                ),
                b'\'' => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::None,
                    },
                ),
                _ => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::HashBraces,
                    },
                ),
            },
            Family::Php => match c {
                b'"' => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::PhpVars,
                    },
                ),
                b'\'' => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::None,
                    },
                ),
                _ => self.punct(),
            },
            Family::CLike => match (self.lang, c) {
                (Language::Go, b'`') => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: false,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::None,
                    },
                ),
                (_, b'`') => self.punct(),
                (Language::Rust, b'\'') => self.rust_quote(),
                (_, b'\'') => self.char_literal(),
                (Language::Java | Language::Kotlin, b'"')
                    if self.src[self.pos..].starts_with("\"\"\"") =>
                {
                    let interp = self.lang == Language::Kotlin;
                    self.triple_quoted(self.pos, b'"', interp, !interp)
                }
                (Language::Kotlin, b'"') => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: false,
                        interp: Interp::Kotlin,
                    },
                ),
                (Language::CSharp, b'"') if self.src[self.pos..].starts_with("\"\"\"") => {
                    self.triple_quoted(self.pos, b'"', false, false)
                }
                (Language::Rust, b'"') => self.quoted(
                    self.pos,
                    c,
                    QuoteRules {
                        escapes: true,
                        doubled_quote_escape: false,
                        multiline: true,
                        interp: Interp::None,
                    },
                ),
                _ => self.quoted(self.pos, c, QuoteRules::plain()),
            },
        }
    }

    fn char_literal(&mut self) {
        // 'x', '\n', '\u0041' in Java/C#/Kotlin/Go: a short quoted token.
        let start = self.pos;
        let mut p = self.pos + 1;
        let limit = (self.pos + 12).min(self.b.len());
        while p < limit {
            match self.b[p] {
                b'\\' => p += 2,
                b'\'' => {
                    self.pos = p + 1;
                    self.push(TokKind::Num, start, self.pos);
                    return;
                }
                b'\n' => break,
                _ => p += 1,
            }
        }
        self.pos = start + 1;
        self.push(TokKind::Punct, start, start + 1);
    }

    fn rust_quote(&mut self) {
        // Either a char literal ('a', '\n', '\u{1F600}') or a lifetime ('a, 'static).
        let start = self.pos;
        let rest = &self.src[self.pos + 1..];
        let mut chars = rest.char_indices();
        match chars.next() {
            Some((_, '\\')) => {
                if let Some(i) = rest[1..].find('\'')
                    && i < 10
                {
                    self.pos = start + 1 + 1 + i + 1;
                    self.push(TokKind::Num, start, self.pos);
                    return;
                }
            }
            Some((_, ch)) if rest[ch.len_utf8()..].starts_with('\'') => {
                self.pos = start + 1 + ch.len_utf8() + 1;
                self.push(TokKind::Num, start, self.pos);
                return;
            }
            _ => {}
        }
        // Lifetime: skip the quote, the identifier follows as its own token.
        self.pos = start + 1;
        self.push(TokKind::Punct, start, start + 1);
    }

    fn string_with_prefix(&mut self, start: usize, prefix_len: usize) {
        let prefix = self.src[start..start + prefix_len].to_ascii_lowercase();
        self.pos = start + prefix_len;
        match self.fam {
            Family::Python => {
                let raw = prefix.contains('r');
                let fstr = prefix.contains('f') || prefix.contains('t');
                let bytes = prefix.contains('b');
                let q = self.b[self.pos];
                let triple = self.src[self.pos..].starts_with("\"\"\"")
                    || self.src[self.pos..].starts_with("'''");
                let before = self.out.strs.len();
                if triple {
                    self.triple_quoted_python(start, q, raw, fstr);
                } else {
                    self.quoted(
                        start,
                        q,
                        QuoteRules {
                            escapes: !raw,
                            doubled_quote_escape: false,
                            multiline: false,
                            interp: if fstr { Interp::PyBraces } else { Interp::None },
                        },
                    );
                }
                if bytes && self.out.strs.len() > before {
                    self.out.strs[before].bytes = true;
                }
            }
            _ => {
                // Rust: b"..", r"..", r#".."#, br#".."#, b'x'
                let bytes = prefix.starts_with('b');
                if prefix.contains('r') {
                    let mut hashes = 0;
                    while self.peek(0) == b'#' {
                        hashes += 1;
                        self.pos += 1;
                    }
                    if self.peek(0) != b'"' {
                        self.pos = start + prefix_len;
                        self.push(TokKind::Ident, start, self.pos);
                        return;
                    }
                    self.pos += 1;
                    let content_start = self.pos;
                    let closing: String = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    let content_end = self.src[self.pos..]
                        .find(&closing)
                        .map_or(self.b.len(), |i| self.pos + i);
                    self.pos = (content_end + closing.len()).min(self.b.len());
                    let value = self.src[content_start..content_end].to_string();
                    self.add_str(StrLit {
                        value,
                        span: (start as u32, self.pos as u32),
                        content: (content_start as u32, content_end as u32),
                        exact: true,
                        pieces: Vec::new(),
                        bytes,
                        symbol: false,
                    });
                } else if self.peek(0) == b'\'' {
                    self.rust_quote();
                    if let Some(t) = self.out.toks.last_mut() {
                        t.start = start as u32;
                    }
                } else {
                    let before = self.out.strs.len();
                    self.quoted(
                        start,
                        b'"',
                        QuoteRules {
                            escapes: true,
                            doubled_quote_escape: false,
                            multiline: true,
                            interp: Interp::None,
                        },
                    );
                    if self.out.strs.len() > before {
                        self.out.strs[before].bytes = bytes;
                    }
                }
            }
        }
    }

    /// A quoted string starting at `self.pos` (the quote), with `lit_start` including any prefix.
    fn quoted(&mut self, lit_start: usize, q: u8, rules: QuoteRules) {
        self.pos += 1; // opening quote
        let content_start = self.pos;
        let mut value = String::new();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut exact = true;
        let mut seg_start = self.pos;
        let content_end;
        loop {
            if self.pos >= self.b.len() {
                // Unterminated at the end of the file: the value runs to the end (found by
                // fuzzing: the last segment was dropped, so `value` disagreed with `content`).
                content_end = self.b.len();
                value.push_str(&self.src[seg_start.min(self.b.len())..]);
                break;
            }
            let c = self.b[self.pos];
            if c == q {
                if rules.doubled_quote_escape && self.peek(1) == q {
                    value.push_str(&self.src[seg_start..self.pos + 1]);
                    self.pos += 2;
                    seg_start = self.pos;
                    exact = false;
                    continue;
                }
                content_end = self.pos;
                value.push_str(&self.src[seg_start..self.pos]);
                self.pos += 1;
                break;
            }
            if c == b'\n' && !rules.multiline {
                content_end = self.pos;
                value.push_str(&self.src[seg_start..self.pos]);
                break;
            }
            if c == b'\\' && rules.escapes {
                value.push_str(&self.src[seg_start..self.pos]);
                self.pos += 1;
                exact = false;
                self.decode_escape(&mut value, q);
                seg_start = self.pos;
                continue;
            }
            if let Some((expr_start, expr_end, resume)) = self.interpolation(rules.interp) {
                value.push_str(&self.src[seg_start..self.pos]);
                if !value.is_empty() || !pieces.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut value)));
                }
                pieces.push(Piece::Expr(expr_start as u32, expr_end as u32));
                self.pos = resume;
                seg_start = self.pos;
                exact = false;
                continue;
            }
            // Advance one UTF-8 character.
            self.pos += utf8_len(c);
        }
        if !pieces.is_empty() {
            if !value.is_empty() {
                pieces.push(Piece::Text(value.clone()));
            }
            value = pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Text(t) => Some(t.as_str()),
                    Piece::Expr(..) => None,
                })
                .collect();
        }
        self.pos = self.pos.min(self.b.len());
        let end = self.pos;
        self.add_str(StrLit {
            value,
            span: (lit_start as u32, end as u32),
            content: (content_start as u32, content_end.min(self.b.len()) as u32),
            exact,
            pieces,
            bytes: false,
            symbol: false,
        });
    }

    fn decode_escape(&mut self, value: &mut String, q: u8) {
        let Some(c) = self.char_at(self.pos) else {
            return;
        };
        self.pos += c.len_utf8();
        match c {
            'n' => value.push('\n'),
            't' => value.push('\t'),
            'r' => value.push('\r'),
            '0' if !self.peek(0).is_ascii_digit() => value.push('\0'),
            '\n' => {} // line continuation
            'x' => {
                let hex = self.src.get(self.pos..self.pos + 2).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        value.push(v as char);
                        self.pos += 2;
                    }
                    Err(_) => value.push('x'),
                }
            }
            'u' => {
                let rest = &self.src[self.pos..];
                if let Some(inner) = rest.strip_prefix('{') {
                    if let Some(close) = inner.find('}')
                        && let Some(ch) = u32::from_str_radix(&inner[..close], 16)
                            .ok()
                            .and_then(char::from_u32)
                    {
                        value.push(ch);
                        self.pos += close + 2;
                        return;
                    }
                    value.push('u');
                } else if let Some(ch) = rest
                    .get(..4)
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                {
                    value.push(ch);
                    self.pos += 4;
                } else {
                    value.push('u');
                }
            }
            _ => {
                // Unknown escapes keep the character (JS, Java); Python/PHP/Ruby keep the backslash
                // for non-special characters, which only matters for odd literals.
                if c as u32 == q as u32
                    || c == '\\'
                    || c == '\''
                    || c == '"'
                    || c == '`'
                    || c == '$'
                    || c == '#'
                    || c == '{'
                    || c == '}'
                {
                    value.push(c);
                } else if matches!(self.fam, Family::Python | Family::Php) {
                    value.push('\\');
                    value.push(c);
                } else {
                    value.push(c);
                }
            }
        }
    }

    /// If an interpolation starts at `self.pos`, returns (expr_start, expr_end, resume_pos).
    fn interpolation(&self, kind: Interp) -> Option<(usize, usize, usize)> {
        let rest = &self.b[self.pos..];
        let brace_from = |open: usize| -> (usize, usize, usize) {
            let expr_start = self.pos + open;
            let end = matching_brace(self.b, expr_start - 1);
            (expr_start, end, (end + 1).min(self.b.len()))
        };
        match kind {
            Interp::None => None,
            Interp::DollarBraces if rest.starts_with(b"${") => Some(brace_from(2)),
            Interp::HashBraces if rest.starts_with(b"#{") => Some(brace_from(2)),
            Interp::Braces | Interp::PyBraces if rest.starts_with(b"{") => {
                if rest.starts_with(b"{{") {
                    return None;
                }
                Some(brace_from(1))
            }
            Interp::Kotlin => {
                if rest.starts_with(b"${") {
                    Some(brace_from(2))
                } else if rest.first() == Some(&b'$')
                    && rest
                        .get(1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                {
                    let mut e = 1;
                    while rest
                        .get(e)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    {
                        e += 1;
                    }
                    Some((self.pos + 1, self.pos + e, self.pos + e))
                } else {
                    None
                }
            }
            Interp::PhpVars => {
                if rest.starts_with(b"{$") {
                    Some(brace_from(1))
                } else if rest.first() == Some(&b'$')
                    && rest
                        .get(1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                {
                    let mut e = 1;
                    while rest
                        .get(e)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    {
                        e += 1;
                    }
                    Some((self.pos, self.pos + e, self.pos + e))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn triple_quoted(&mut self, lit_start: usize, q: u8, interp: bool, java_block: bool) {
        let quote3 = [q, q, q];
        let q3 = std::str::from_utf8(&quote3).unwrap_or("\"\"\"");
        // Skip any run of quote characters (C# raw strings may use more than three).
        let mut open = 0;
        while self.peek(0) == q {
            open += 1;
            self.pos += 1;
        }
        let closing: String = std::iter::repeat_n(q as char, open.max(3)).collect();
        let content_start = self.pos;
        let content_end = self.src[self.pos..]
            .find(closing.as_str())
            .map_or(self.b.len(), |i| self.pos + i);
        self.pos = (content_end + closing.len()).min(self.b.len());
        let _ = q3;
        let raw = &self.src[content_start..content_end];
        let mut value = raw.to_string();
        if java_block {
            value = value.trim_start_matches(['\r', '\n']).to_string();
        }
        let mut pieces = Vec::new();
        if interp {
            pieces = split_dollar_interp(self.src, content_start, content_end);
            if !pieces.is_empty() {
                value = pieces
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Text(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect();
            }
        }
        self.add_str(StrLit {
            value,
            span: (lit_start as u32, self.pos as u32),
            content: (content_start as u32, content_end as u32),
            exact: pieces.is_empty() && !java_block,
            pieces,
            bytes: false,
            symbol: false,
        });
    }

    fn triple_quoted_python(&mut self, lit_start: usize, q: u8, raw: bool, fstr: bool) {
        self.pos += 3;
        let content_start = self.pos;
        let closing = if q == b'"' { "\"\"\"" } else { "'''" };
        let mut p = self.pos;
        let content_end = loop {
            match self.src[p..].find(closing) {
                Some(i) => {
                    let at = p + i;
                    // An escaped quote does not close the string.
                    if !raw
                        && at > 0
                        && self.b[at - 1] == b'\\'
                        && !(at > 1 && self.b[at - 2] == b'\\')
                    {
                        p = at + 1;
                        continue;
                    }
                    break at;
                }
                None => break self.b.len(),
            }
        };
        self.pos = (content_end + 3).min(self.b.len());
        let value = self.src[content_start..content_end].to_string();
        let pieces = if fstr {
            split_brace_interp(self.src, content_start, content_end)
        } else {
            Vec::new()
        };
        self.add_str(StrLit {
            value,
            span: (lit_start as u32, self.pos as u32),
            content: (content_start as u32, content_end as u32),
            exact: pieces.is_empty(),
            pieces,
            bytes: false,
            symbol: false,
        });
    }

    fn ruby_percent_literal(&mut self) -> bool {
        // %q(..) %Q(..) %(..) %w(..) %i(..) %r{..}
        let rest = &self.b[self.pos..];
        let (kind, open_at) = match rest.get(1) {
            Some(b'q' | b'Q' | b'w' | b'W' | b'i' | b'I' | b'r') => (rest[1], 2),
            Some(b'(' | b'[' | b'{' | b'<' | b'|' | b'!') => (b'Q', 1),
            _ => return false,
        };
        if self.prev_is_value() && open_at == 1 {
            return false; // modulo operator
        }
        let Some(&open) = rest.get(open_at) else {
            return false;
        };
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            b'{' => b'}',
            b'<' => b'>',
            b'|' | b'!' | b'/' => open,
            _ => return false,
        };
        let start = self.pos;
        let content_start = self.pos + open_at + 1;
        let mut depth = 1;
        let mut p = content_start;
        while p < self.b.len() {
            let c = self.b[p];
            if c == b'\\' {
                p += 2;
                continue;
            }
            if c == close && open != close {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            } else if c == close {
                break;
            } else if c == open {
                depth += 1;
            }
            p += 1;
        }
        let content_end = p.min(self.b.len());
        self.pos = (p + 1).min(self.b.len());
        if kind == b'r' {
            self.push(TokKind::Num, start, self.pos);
            return true;
        }
        let value = self.src[content_start..content_end].to_string();
        self.add_str(StrLit {
            value,
            span: (start as u32, self.pos as u32),
            content: (content_start as u32, content_end as u32),
            exact: true,
            pieces: Vec::new(),
            bytes: false,
            symbol: false,
        });
        true
    }

    fn ruby_symbol(&mut self) -> bool {
        // :name is a symbol unless it is part of `::` or `a ? b : c` / `key: value`.
        let next = self.peek(1);
        if next == b':' || self.src[..self.pos].ends_with(':') {
            return false;
        }
        if !(next.is_ascii_alphabetic() || next == b'_' || next == b'"') {
            return false;
        }
        if self.prev_is_value() {
            return false;
        }
        let start = self.pos;
        if next == b'"' {
            self.pos += 1;
            self.quoted(start, b'"', QuoteRules::plain());
            if let Some(s) = self.out.strs.last_mut() {
                s.symbol = true;
            }
            return true;
        }
        let mut p = self.pos + 1;
        while p < self.b.len() && (self.b[p].is_ascii_alphanumeric() || self.b[p] == b'_') {
            p += 1;
        }
        if p < self.b.len()
            && matches!(self.b[p], b'?' | b'!' | b'=')
            && self.b.get(p + 1) != Some(&b'=')
            && self.b.get(p + 1) != Some(&b'>')
        {
            p += 1;
        }
        self.pos = p;
        self.add_str(StrLit {
            value: self.src[start + 1..p].to_string(),
            span: (start as u32, p as u32),
            content: (start as u32 + 1, p as u32),
            exact: true,
            pieces: Vec::new(),
            bytes: false,
            symbol: true,
        });
        true
    }

    fn ruby_heredoc_start(&mut self) -> bool {
        // <<~EOS, <<-EOS, <<EOS, <<~'EOS', <<~"EOS"
        let rest = &self.src[self.pos..];
        if !rest.starts_with("<<") {
            return false;
        }
        let mut p = 2;
        let squiggly = matches!(rest.as_bytes().get(2), Some(b'~' | b'-'));
        if squiggly {
            p += 1;
        }
        let quoted = matches!(rest.as_bytes().get(p), Some(b'\'' | b'"'));
        if quoted {
            p += 1;
        }
        let name_start = p;
        while rest
            .as_bytes()
            .get(p)
            .is_some_and(|c| c.is_ascii_uppercase() || *c == b'_' || c.is_ascii_digit())
        {
            p += 1;
        }
        if p == name_start || (!squiggly && !quoted && self.prev_is_value()) {
            return false;
        }
        let name = rest[name_start..p].to_string();
        if quoted {
            p += 1;
        }
        let start = self.pos;
        self.pos += p;
        let idx = self.out.strs.len();
        self.add_str(StrLit {
            value: String::new(),
            span: (start as u32, self.pos as u32),
            content: (self.pos as u32, self.pos as u32),
            exact: false,
            pieces: Vec::new(),
            bytes: false,
            symbol: false,
        });
        self.pending_heredocs.push((name, squiggly, idx));
        true
    }

    fn read_heredoc_bodies(&mut self) {
        let pending = std::mem::take(&mut self.pending_heredocs);
        for (name, indented, idx) in pending {
            let body_start = self.pos;
            let mut p = self.pos;
            let mut body_end = self.b.len();
            while p < self.b.len() {
                let line_end = memchr::memchr(b'\n', &self.b[p..]).map_or(self.b.len(), |i| p + i);
                let line = &self.src[p..line_end];
                let t = if indented {
                    line.trim()
                } else {
                    line.trim_end_matches('\r')
                };
                if t == name {
                    body_end = p;
                    p = line_end;
                    break;
                }
                p = (line_end + 1).min(self.b.len());
                if line_end >= self.b.len() {
                    break;
                }
            }
            let value = self.src[body_start..body_end].to_string();
            if let Some(s) = self.out.strs.get_mut(idx) {
                s.value = value;
                s.content = (body_start as u32, body_end as u32);
                s.exact = true;
            }
            self.pos = p;
        }
    }

    fn php_heredoc(&mut self) -> bool {
        // <<<EOT / <<<"EOT" / <<<'EOT'
        let start = self.pos;
        let mut p = self.pos + 3;
        while self.b.get(p) == Some(&b' ') {
            p += 1;
        }
        let quoted = matches!(self.b.get(p), Some(b'\'' | b'"'));
        if quoted {
            p += 1;
        }
        let ns = p;
        while self
            .b
            .get(p)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            p += 1;
        }
        if p == ns {
            return false;
        }
        let name = self.src[ns..p].to_string();
        let Some(nl) = memchr::memchr(b'\n', &self.b[p..]) else {
            return false;
        };
        let body_start = p + nl + 1;
        let mut q = body_start;
        let mut body_end = self.b.len();
        let mut after = self.b.len();
        while q < self.b.len() {
            let line_end = memchr::memchr(b'\n', &self.b[q..]).map_or(self.b.len(), |i| q + i);
            let line = self.src[q..line_end].trim_start();
            if line.starts_with(name.as_str())
                && !line[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                body_end = q.saturating_sub(1).max(body_start);
                after = q + (self.src[q..line_end].len() - line.len()) + name.len();
                break;
            }
            q = line_end + 1;
        }
        self.pos = after.min(self.b.len());
        self.add_str(StrLit {
            value: self.src[body_start.min(body_end)..body_end].to_string(),
            span: (start as u32, self.pos as u32),
            content: (body_start.min(body_end) as u32, body_end as u32),
            exact: true,
            pieces: Vec::new(),
            bytes: false,
            symbol: false,
        });
        true
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Interp {
    None,
    DollarBraces,
    HashBraces,
    Braces,
    PyBraces,
    Kotlin,
    PhpVars,
}

#[derive(Clone, Copy)]
struct QuoteRules {
    escapes: bool,
    doubled_quote_escape: bool,
    multiline: bool,
    interp: Interp,
}

impl QuoteRules {
    fn plain() -> Self {
        QuoteRules {
            escapes: true,
            doubled_quote_escape: false,
            multiline: false,
            interp: Interp::None,
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// Given the index of an opening `{`, returns the index of its matching `}` (or the end),
/// skipping nested braces and quoted strings inside interpolations.
pub(crate) fn matching_brace(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut p = open;
    while p < b.len() {
        match b[p] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return p;
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                p += 1;
                while p < b.len() && b[p] != q && b[p] != b'\n' {
                    if b[p] == b'\\' {
                        p += 1;
                    }
                    p += 1;
                }
            }
            _ => {}
        }
        p += 1;
    }
    b.len()
}

fn split_brace_interp(src: &str, start: usize, end: usize) -> Vec<Piece> {
    let b = src.as_bytes();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut p = start;
    let mut seg = start;
    let mut any = false;
    while p < end {
        if b[p] == b'{' {
            if b.get(p + 1) == Some(&b'{') {
                text.push_str(&src[seg..p + 1]);
                p += 2;
                seg = p;
                continue;
            }
            text.push_str(&src[seg..p]);
            let close = matching_brace(b, p).min(end);
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Expr(p as u32 + 1, close as u32));
            any = true;
            p = close + 1;
            seg = p.min(end);
            continue;
        }
        p += 1;
    }
    if !any {
        return Vec::new();
    }
    text.push_str(&src[seg.min(end)..end]);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

fn split_dollar_interp(src: &str, start: usize, end: usize) -> Vec<Piece> {
    let b = src.as_bytes();
    let mut pieces = Vec::new();
    let mut seg = start;
    let mut p = start;
    let mut any = false;
    while p < end {
        if b[p] == b'$' && b.get(p + 1) == Some(&b'{') {
            if p > seg {
                pieces.push(Piece::Text(src[seg..p].to_string()));
            }
            let close = matching_brace(b, p + 1).min(end);
            pieces.push(Piece::Expr(p as u32 + 2, close as u32));
            any = true;
            p = close + 1;
            seg = p.min(end);
            continue;
        }
        p += 1;
    }
    if !any {
        return Vec::new();
    }
    if seg < end {
        pieces.push(Piece::Text(src[seg..end].to_string()));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str, lang: Language) -> Vec<String> {
        let l = lex(src, lang);
        l.toks
            .iter()
            .map(|t| match t.kind {
                TokKind::Str(i) => format!("S({})", l.strs[i as usize].value),
                _ => src[t.start as usize..t.end as usize].to_string(),
            })
            .collect()
    }

    #[test]
    fn code_view_keeps_code_and_short_strings_only() {
        let long = "QR08".repeat(80);
        let src = format!(
            "// verifies the jwt\nconst k = process.env['JWT_SECRET']; /* jws */\nconst t = \"{long}jws{long}\";\nconst u = `{long}${{jwt.sign(p)}}{long}`;\n"
        );
        let lx = lex(&src, Language::JavaScript);
        let view = lx.code_view(&src);
        assert_eq!(view.len(), src.len());
        let v = String::from_utf8(view).unwrap();
        // Offsets are kept: each line starts where it did.
        assert_eq!(v.find("const k"), src.find("const k"));
        assert!(v.contains("process.env['JWT_SECRET'];"));
        assert!(!v.contains("verifies") && !v.contains("/* jws */"));
        // A long literal loses its middle, not its ends (where a `${NAME:default}` or a Go
        // tag's name sits) nor its interpolations.
        assert!(!v.contains("jws"));
        assert!(v.contains(&format!("\"{}", &long[..64])));
        assert!(v.contains(&format!("{}\";", &long[long.len() - 64..])));
        assert!(!v.contains(&long[..65]));
        assert!(v.contains("jwt.sign(p)"));
        // A string exactly at the limit is kept.
        let edge = format!("x = '{}'", "a".repeat(LONG_STRING as usize));
        let lx = lex(&edge, Language::Python);
        assert_eq!(lx.code_view(&edge), edge.as_bytes());
    }

    #[test]
    fn js_strings_comments_regex() {
        let src = "const a = 'x\\'y'; // 'not a string'\n/* jwt.sign(p, 'c') */ let r = /ab'c/g; b = a / 2;";
        let k = kinds(src, Language::JavaScript);
        assert_eq!(k[..5], ["const", "a", "=", "S(x'y)", ";"]);
        assert!(!k.iter().any(|t| t.contains("not a string")));
        assert!(k.contains(&"/ab'c/g".to_string()));
        assert!(k.contains(&"/".to_string()));
    }

    #[test]
    fn unterminated_string_at_end_of_file_keeps_its_text() {
        // Found by fuzzing (every language): the value lost its text when the file ended.
        for (lang, src) in [
            (Language::JavaScript, "x = 'abc"),
            (Language::Python, "x = \"abc"),
            (Language::Go, "x := `abc"),
            (Language::Ruby, "x = \"abc"),
            (Language::Php, "<?php $x = 'abc"),
        ] {
            let l = lex(src, lang);
            let s = l.strs.last().unwrap();
            assert_eq!(s.value, "abc", "{lang:?}");
            assert_eq!(&src[s.content.0 as usize..s.content.1 as usize], "abc");
        }
    }

    #[test]
    fn js_template_pieces() {
        let src = "`key-${Math.random()}-x`";
        let l = lex(src, Language::JavaScript);
        let s = &l.strs[0];
        assert_eq!(s.pieces.len(), 3);
        assert_eq!(s.value, "key--x");
        if let Piece::Expr(a, b) = s.pieces[1] {
            assert_eq!(&src[a as usize..b as usize], "Math.random()");
        } else {
            panic!("expected expr piece");
        }
    }

    #[test]
    fn python_prefixes_and_triple() {
        let k = kinds(
            "x = b'abc'\ny = r\"a\\d\"\nz = '''multi\nline'''  # c",
            Language::Python,
        );
        assert_eq!(
            k,
            [
                "x",
                "=",
                "S(abc)",
                "y",
                "=",
                "S(a\\d)",
                "z",
                "=",
                "S(multi\nline)"
            ]
        );
    }

    #[test]
    fn go_raw_and_rune() {
        let k = kinds("k := []byte(`se\"cret`); r := 'x'", Language::Go);
        assert!(k.contains(&"S(se\"cret)".to_string()));
        assert!(k.contains(&"'x'".to_string()));
    }

    #[test]
    fn rust_raw_lifetime_char() {
        let k = kinds(
            "fn f<'a>(x: &'a str) { let s = r#\"a\"b\"#; let c = 'c'; b\"key\" }",
            Language::Rust,
        );
        assert!(k.contains(&"S(a\"b)".to_string()));
        assert!(k.contains(&"'c'".to_string()));
        assert!(k.contains(&"S(key)".to_string()));
    }

    #[test]
    fn csharp_verbatim_and_interp() {
        let k = kinds(
            "var a = @\"c:\\x\"\"q\"; var b = $\"k{x}\";",
            Language::CSharp,
        );
        assert!(k.contains(&"S(c:\\x\"q)".to_string()));
        assert!(k.contains(&"S(k)".to_string()));
    }

    #[test]
    fn ruby_symbols_heredoc_percent() {
        let k = kinds(
            "JWT.decode(t, k, true, { algorithm: 'HS256', :x => 1 })\ns = <<~EOS\n  body\nEOS\nq = %q(abc)",
            Language::Ruby,
        );
        assert!(k.contains(&"S(x)".to_string()));
        assert!(k.contains(&"S(  body\n)".to_string()));
        assert!(k.contains(&"S(abc)".to_string()));
        assert!(k.contains(&"algorithm".to_string()));
    }

    #[test]
    fn php_vars_and_html() {
        let k = kinds(
            "<html>it's</html><?php $key = 'abc'; # c\n echo \"v $key\"; ?><p>don't</p>",
            Language::Php,
        );
        assert_eq!(k[..4], ["$key", "=", "S(abc)", ";"]);
        assert!(!k.iter().any(|t| t.contains("don")));
    }

    #[test]
    fn never_panics_on_garbage() {
        for src in [
            "\"",
            "'",
            "`${",
            "/*",
            "r#\"",
            "<<~EOS",
            "<<<EOT\n",
            "%q(",
            "\\",
            "@\"",
            "$\"{",
            "'''",
            "f'{",
            "\u{fffd}\"\u{1F600}",
        ] {
            for lang in [
                Language::JavaScript,
                Language::Python,
                Language::Ruby,
                Language::Php,
                Language::Rust,
                Language::CSharp,
                Language::Go,
                Language::Kotlin,
                Language::Java,
            ] {
                let l = lex(src, lang);
                for t in &l.toks {
                    assert!(t.start <= t.end && (t.end as usize) <= src.len());
                    assert!(
                        src.is_char_boundary(t.start as usize)
                            && src.is_char_boundary(t.end as usize)
                    );
                }
            }
        }
    }
}
