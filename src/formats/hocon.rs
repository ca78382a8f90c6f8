//! HOCON (Ktor/Play/Akka `application.conf`): `jwt { secret = "x" }`, `jwt.secret = "x"`,
//! `key: value`, `+=`, quoted, unquoted and `"""triple-quoted"""` strings, value
//! concatenation, `#` and `//` comments, `include` statements (skipped), substitutions
//! `${path}` / `${?ENV}`.
//!
//! The Ktor idiom `secret = "dev"` followed by `secret = ${?JWT_SECRET}` makes the literal a
//! default the environment overrides: that literal is emitted as `${JWT_SECRET:-dev}` (with the
//! literal's span), which the engine judges as a fallback secret like a Spring placeholder.

use super::Entry;
use crate::facts::Span;

const MAX_DEPTH: usize = 200;

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Lit,
    /// `${?NAME}`: set from NAME when it exists, otherwise the earlier value stays.
    Optional(String),
    /// `${NAME}` or a concatenation with substitutions.
    Subst,
}

struct Raw {
    path: Vec<String>,
    value: String,
    span: Span,
    kind: Kind,
}

struct P<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    out: Vec<Raw>,
    dead: bool,
}

pub fn parse(text: &str) -> Vec<Entry> {
    let mut p = P {
        s: text,
        b: text.as_bytes(),
        i: 0,
        out: Vec::new(),
        dead: false,
    };
    if text.starts_with('\u{feff}') {
        p.i = 3;
    }
    p.ws(true);
    let braced = p.peek() == Some(b'{');
    if braced {
        p.i += 1;
    }
    let mut path = Vec::new();
    p.object(&mut path, 0, braced);
    resolve(p.out)
}

/// Literals overridden later by `${?NAME}` become fallbacks of NAME; substitutions are dropped.
fn resolve(raw: Vec<Raw>) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        match &r.kind {
            Kind::Lit => {
                let over = raw[i + 1..].iter().find_map(|o| match &o.kind {
                    Kind::Optional(name) if o.path == r.path => Some(name.as_str()),
                    _ => None,
                });
                let value = over
                    .and_then(|name| super::fallback_value(name, &r.value, r.span))
                    .unwrap_or_else(|| r.value.clone());
                out.push(Entry::new(r.path.clone(), value, r.span));
            }
            // References: nothing to judge.
            Kind::Optional(_) | Kind::Subst => {}
        }
    }
    out
}

enum Piece {
    Str {
        value: String,
        span: Span,
        quoted: bool,
    },
    Subst {
        text: String,
        optional: bool,
        span: Span,
    },
    Ws(String),
    Complex,
}

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at(&self, s: &str) -> bool {
        self.b[self.i.min(self.b.len())..].starts_with(s.as_bytes())
    }

    fn skip_line(&mut self) {
        self.i = memchr::memchr(b'\n', &self.b[self.i..]).map_or(self.b.len(), |k| self.i + k);
    }

    /// White space, comments and (when `newlines`) line breaks and commas.
    fn ws(&mut self, newlines: bool) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\n' | b',' if newlines => self.i += 1,
                b'#' => self.skip_line(),
                b'/' if self.at("//") => self.skip_line(),
                0xEF if self.s[self.i..].starts_with('\u{feff}') => self.i += 3,
                _ => break,
            }
        }
    }

    /// Members until `}` (when `braced`) or the end of the text.
    fn object(&mut self, path: &mut Vec<String>, depth: usize, braced: bool) {
        if depth > MAX_DEPTH {
            self.dead = true;
            return;
        }
        loop {
            if self.dead {
                return;
            }
            self.ws(true);
            match self.peek() {
                None => return,
                Some(b'}') => {
                    self.i += 1;
                    if braced {
                        return;
                    }
                    continue;
                }
                Some(b']') => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            if self.at("include") {
                let after = self.b.get(self.i + 7).copied();
                if matches!(after, Some(b' ' | b'\t' | b'"')) {
                    self.skip_line();
                    continue;
                }
            }
            let start = self.i;
            let keys = self.key();
            if keys.is_empty() {
                if self.i == start {
                    // Not a key: skip the character so the loop always advances.
                    self.i += self.s[self.i..].chars().next().map_or(1, char::len_utf8);
                }
                continue;
            }
            self.ws(false);
            if self.at("+=") {
                self.i += 2;
            } else if matches!(self.peek(), Some(b'=' | b':')) {
                self.i += 1;
            } else if self.peek() != Some(b'{') {
                // `key` alone or garbage: drop the line.
                self.skip_line();
                continue;
            }
            let n = keys.len();
            path.extend(keys);
            self.value(path, depth + 1);
            path.truncate(path.len() - n);
        }
    }

    /// A key path: `a.b."c.d"`; empty when there is none.
    fn key(&mut self) -> Vec<String> {
        let mut keys = Vec::new();
        loop {
            match self.peek() {
                Some(b'"') => match self.quoted() {
                    Some((k, _)) => keys.push(k),
                    None => return Vec::new(),
                },
                _ => {
                    let st = self.i;
                    while let Some(c) = self.peek() {
                        if matches!(
                            c,
                            b' ' | b'\t'
                                | b'\r'
                                | b'\n'
                                | b'.'
                                | b'='
                                | b':'
                                | b'{'
                                | b'}'
                                | b'['
                                | b']'
                                | b','
                                | b'"'
                                | b'#'
                                | b'+'
                                | b'$'
                        ) || self.at("//")
                        {
                            break;
                        }
                        self.i += 1;
                    }
                    if self.i == st {
                        return if self.peek() == Some(b'.') {
                            Vec::new()
                        } else {
                            keys
                        };
                    }
                    keys.push(self.s[st..self.i].to_string());
                }
            }
            if self.peek() == Some(b'.') {
                self.i += 1;
            } else {
                return keys;
            }
        }
    }

    /// A `"..."` string with JSON escapes: (value, span of the text inside the quotes).
    fn quoted(&mut self) -> Option<(String, Span)> {
        let start = self.i + 1;
        let mut i = start;
        let mut v = String::new();
        while i < self.b.len() {
            match self.b[i] {
                b'"' => {
                    self.i = i + 1;
                    return Some((v, Span::new(start as u32, i as u32)));
                }
                b'\n' => break,
                b'\\' if i + 1 < self.b.len() => {
                    let c = self.b[i + 1];
                    i += 2;
                    match c {
                        b'n' => v.push('\n'),
                        b't' => v.push('\t'),
                        b'r' => v.push('\r'),
                        b'b' => v.push('\u{8}'),
                        b'f' => v.push('\u{c}'),
                        b'u' => {
                            let hex = self.s.get(i..i + 4).unwrap_or("");
                            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) if hex.len() == 4 => {
                                    v.push(ch);
                                    i += 4;
                                }
                                _ => v.push('u'),
                            }
                        }
                        c if c.is_ascii() => v.push(c as char),
                        _ => {
                            // `\` before a multi-byte character: keep the character.
                            i -= 1;
                            let ch = self.s[i..].chars().next().unwrap_or(' ');
                            v.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                }
                _ => {
                    let ch = self.s[i..].chars().next().unwrap_or(' ');
                    v.push(ch);
                    i += ch.len_utf8();
                }
            }
        }
        // Unterminated: stop at the line end.
        self.i = i;
        None
    }

    /// A value: a concatenation of strings and substitutions, an object or an array.
    fn value(&mut self, path: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            self.dead = true;
            return;
        }
        self.ws(false);
        let mut pieces: Vec<Piece> = Vec::new();
        loop {
            if self.dead {
                return;
            }
            let Some(c) = self.peek() else { break };
            match c {
                b'\n' | b',' | b'}' | b']' | b'#' => break,
                b'/' if self.at("//") => break,
                b' ' | b'\t' | b'\r' => {
                    let st = self.i;
                    while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
                        self.i += 1;
                    }
                    pieces.push(Piece::Ws(self.s[st..self.i].to_string()));
                }
                b'{' => {
                    self.i += 1;
                    self.object(path, depth + 1, true);
                    pieces.push(Piece::Complex);
                }
                b'[' => {
                    self.i += 1;
                    self.array(path, depth + 1);
                    pieces.push(Piece::Complex);
                }
                b'"' if self.at("\"\"\"") => {
                    let start = self.i + 3;
                    match self.s[start..].find("\"\"\"") {
                        Some(k) => {
                            // Extra quotes before the closing three belong to the string.
                            let mut end = start + k;
                            while self.b.get(end + 3) == Some(&b'"') {
                                end += 1;
                            }
                            pieces.push(Piece::Str {
                                value: self.s[start..end].to_string(),
                                span: Span::new(start as u32, end as u32),
                                quoted: true,
                            });
                            self.i = end + 3;
                        }
                        None => {
                            self.i = self.b.len();
                            return;
                        }
                    }
                }
                b'"' => match self.quoted() {
                    Some((value, span)) => pieces.push(Piece::Str {
                        value,
                        span,
                        quoted: true,
                    }),
                    None => return,
                },
                b'$' if self.at("${") => {
                    let st = self.i;
                    match memchr::memchr2(b'}', b'\n', &self.b[st..]) {
                        Some(k) if self.b[st + k] == b'}' => {
                            self.i = st + k + 1;
                            let inner = &self.s[st + 2..st + k];
                            pieces.push(Piece::Subst {
                                text: self.s[st..self.i].to_string(),
                                optional: inner.starts_with('?'),
                                span: Span::new(st as u32, self.i as u32),
                            });
                        }
                        _ => {
                            self.skip_line();
                            return;
                        }
                    }
                }
                _ => {
                    let st = self.i;
                    while let Some(c) = self.peek() {
                        if matches!(
                            c,
                            b' ' | b'\t'
                                | b'\r'
                                | b'\n'
                                | b'$'
                                | b'"'
                                | b'{'
                                | b'}'
                                | b'['
                                | b']'
                                | b':'
                                | b'='
                                | b','
                                | b'+'
                                | b'#'
                                | b'`'
                                | b'^'
                                | b'?'
                                | b'!'
                                | b'@'
                                | b'*'
                                | b'&'
                                | b'\\'
                        ) || self.at("//")
                        {
                            break;
                        }
                        self.i += 1;
                    }
                    if self.i == st {
                        // A character that cannot start a value: give up on this line.
                        self.skip_line();
                        return;
                    }
                    pieces.push(Piece::Str {
                        value: self.s[st..self.i].to_string(),
                        span: Span::new(st as u32, self.i as u32),
                        quoted: false,
                    });
                }
            }
        }
        self.emit(path, pieces);
    }

    fn array(&mut self, path: &mut Vec<String>, depth: usize) {
        loop {
            if self.dead {
                return;
            }
            self.ws(true);
            match self.peek() {
                None => return,
                Some(b']') => {
                    self.i += 1;
                    return;
                }
                Some(b'}') => return,
                _ => {}
            }
            let before = self.i;
            self.value(path, depth);
            if self.i == before {
                self.i += 1;
            }
        }
    }

    fn emit(&mut self, path: &[String], mut pieces: Vec<Piece>) {
        // White space around a value is not part of it.
        while matches!(pieces.last(), Some(Piece::Ws(_))) {
            pieces.pop();
        }
        while matches!(pieces.first(), Some(Piece::Ws(_))) {
            pieces.remove(0);
        }
        if pieces.is_empty() || pieces.iter().any(|p| matches!(p, Piece::Complex)) {
            return;
        }
        if let [
            Piece::Subst {
                text,
                optional,
                span,
            },
        ] = pieces.as_slice()
        {
            let inner = text[2..text.len() - 1].trim_start_matches('?').trim();
            self.out.push(Raw {
                path: path.to_vec(),
                value: text.clone(),
                span: *span,
                kind: if *optional {
                    Kind::Optional(inner.to_string())
                } else {
                    Kind::Subst
                },
            });
            return;
        }
        let has_subst = pieces.iter().any(|p| matches!(p, Piece::Subst { .. }));
        let mut value = String::new();
        let mut first: Option<Span> = None;
        let mut last = Span::new(0, 0);
        for p in &pieces {
            match p {
                Piece::Str { value: v, span, .. } => {
                    value.push_str(v);
                    first.get_or_insert(*span);
                    last = *span;
                }
                Piece::Ws(w) => value.push_str(w),
                Piece::Subst { span, .. } => {
                    first.get_or_insert(*span);
                    last = *span;
                }
                Piece::Complex => {}
            }
        }
        let Some(first) = first else { return };
        let span = match pieces.as_slice() {
            [
                Piece::Str {
                    span, quoted: true, ..
                },
            ] => *span,
            _ => Span::new(first.start, last.end),
        };
        self.out.push(Raw {
            path: path.to_vec(),
            value,
            span,
            kind: if has_subst { Kind::Subst } else { Kind::Lit },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(t: &str) -> Vec<(String, String, String)> {
        parse(t)
            .into_iter()
            .map(|e| (e.path.join("."), e.value, t[e.span.range()].to_string()))
            .collect()
    }

    #[test]
    fn ktor_forms() {
        let t = r#"
include "base.conf"
include required(file("x.conf"))
ktor {
    deployment { port = 8080 }
}
jwt {
    // comment
    secret = "dev-secret" # trailing
    secret = ${?JWT_SECRET}
    issuer: "http://0.0.0.0:8080/"
    realm = ktor sample app
}
jwt.audience = "aud"
"quoted.key" = """tri"ple"""
db { password = ${DB_PASSWORD} }
list = [ "a", { k = "v" } ]
"#;
        let got = kv(t);
        assert_eq!(
            got,
            [
                ("ktor.deployment.port".into(), "8080".into(), "8080".into()),
                (
                    "jwt.secret".into(),
                    "${JWT_SECRET:-dev-secret}".into(),
                    "dev-secret".into()
                ),
                (
                    "jwt.issuer".into(),
                    "http://0.0.0.0:8080/".into(),
                    "http://0.0.0.0:8080/".into()
                ),
                (
                    "jwt.realm".into(),
                    "ktor sample app".into(),
                    "ktor sample app".into()
                ),
                ("jwt.audience".into(), "aud".into(), "aud".into()),
                ("quoted.key".into(), "tri\"ple".into(), "tri\"ple".into()),
                ("list".into(), "a".into(), "a".into()),
                ("list.k".into(), "v".into(), "v".into()),
            ]
        );
        assert_eq!(parse(t)[5].path, ["quoted.key"]);
    }

    #[test]
    fn root_braces_and_overrides() {
        let t = "{ jwt.secret: \"a\\tb\", jwt { secret = ${JWT_SECRET} }, other = x${Y} }";
        let e = parse(t);
        // A required substitution does not make the literal a fallback; references are dropped.
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].value, "a\tb");
        assert_eq!(&t[e[0].span.range()], "a\\tb");
        // Override in a later dotted form.
        let e = parse("app { jwt { secret = abc } }\napp.jwt.secret = ${?S}\n");
        assert_eq!(e[0].value, "${S:-abc}");
    }

    #[test]
    fn garbage_and_depth() {
        for t in [
            "{",
            "}",
            "a = \"",
            "a = \"\"\"x",
            "a = ${",
            "= = =",
            "a.",
            "...",
            "[[[",
            "a = \"\\u12\"",
            "é = ü\\",
            "a = \"\\é\"",
            "include",
            "a { b = [ { c = \"",
        ] {
            crate::formats::assert_spans(t, &parse(t));
        }
        let n = 100_000;
        let _ = parse(&format!("a = {}", "{b=".repeat(n)));
        let _ = parse(&format!("a = {}", "[".repeat(n)));
        let _ = parse(&"a { ".repeat(n));
        let _ = parse(&format!("{} = 1", "a.".repeat(n)));
    }
}
