//! Terraform / HCL (`*.tf`, `*.tfvars`): attributes with string values and their paths.
//!
//! - `variable "jwt_secret" { default = "abc" }` -> `["jwt_secret"]` (the default is the value
//!   used unless a caller overrides it, so it is a committed secret).
//! - `jwt_secret = "abc"` in `*.tfvars` or `locals { ... }` -> `["jwt_secret"]` /
//!   `["locals", "jwt_secret"]`.
//! - blocks nest: `resource "aws_lambda_function" "api" { environment { variables = {
//!   JWT_SECRET = "abc" } } }` -> `["resource", "api", "environment", "variables", "JWT_SECRET"]`
//!   (a resource's provider-specific type label is left out of the path).
//! - `{ name = "JWT_SECRET", value = "abc" }` pairs (Kubernetes `env` blocks, ECS container
//!   definitions in `jsonencode(...)`) -> `[..., "JWT_SECRET"]`.
//! - strings with `${...}`/`%{...}` templates are not literals and are skipped; heredocs count.

use super::Entry;
use crate::facts::Span;

const MAX_DEPTH: usize = 200;

struct P<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    out: Vec<Entry>,
    dead: bool,
}

/// String attributes seen directly in one body or object (for `name`/`value` pairs).
type Scalars = Vec<(String, String, Span)>;

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
    let mut path = Vec::new();
    p.body(&mut path, None, 0);
    p.out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-')
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

    /// Blanks and comments; line breaks too when `nl`.
    fn ws(&mut self, nl: bool) {
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\n' if nl => self.i += 1,
                b'#' => self.skip_line(),
                b'/' if self.at("//") => self.skip_line(),
                b'/' if self.at("/*") => {
                    self.i = self.s[self.i + 2..]
                        .find("*/")
                        .map_or(self.b.len(), |k| self.i + 2 + k + 2);
                }
                _ => break,
            }
        }
    }

    fn ident(&mut self) -> Option<&str> {
        let st = self.i;
        while self.peek().is_some_and(is_ident) {
            self.i += 1;
        }
        (self.i > st).then(|| &self.s[st..self.i])
    }

    /// A block body (or the file): attributes and nested blocks until `}`.
    /// `var` is the label of a `variable` block.
    fn body(&mut self, path: &mut Vec<String>, var: Option<&str>, depth: usize) {
        if depth > MAX_DEPTH {
            self.dead = true;
            return;
        }
        let mut scalars: Scalars = Vec::new();
        loop {
            if self.dead {
                return;
            }
            self.ws(true);
            let Some(c) = self.peek() else { break };
            if c == b'}' {
                self.i += 1;
                break;
            }
            let Some(name) = self.ident().map(str::to_string) else {
                self.skip_line();
                if self.peek().is_some() {
                    self.i += 1;
                }
                continue;
            };
            self.ws(false);
            if self.peek() == Some(b'=') && !self.at("==") || self.peek() == Some(b':') {
                self.i += 1;
                let mut p = match var {
                    Some(v) if name == "default" => vec![v.to_string()],
                    Some(v) => vec![v.to_string(), name.clone()],
                    None => {
                        let mut p = path.clone();
                        p.push(name.clone());
                        p
                    }
                };
                let before = self.out.len();
                self.expr(&mut p, depth + 1, false);
                self.note_scalar(&mut scalars, &name, before);
                continue;
            }
            // A block: `type "label" ident { ... }`
            let mut labels = Vec::new();
            loop {
                self.ws(false);
                match self.peek() {
                    Some(b'"') => {
                        let (v, _, _) = self.string();
                        labels.push(v);
                    }
                    Some(c) if is_ident(c) => {
                        let l = self.ident().unwrap_or_default().to_string();
                        labels.push(l);
                    }
                    _ => break,
                }
            }
            if self.peek() != Some(b'{') {
                self.skip_line();
                continue;
            }
            self.i += 1;
            let n = path.len();
            if name == "variable" && labels.len() == 1 && depth == 0 {
                self.body(path, Some(&labels[0]), depth + 1);
                continue;
            }
            path.push(name.clone());
            let skip_type = matches!(name.as_str(), "resource" | "data") && labels.len() > 1;
            path.extend(labels.into_iter().skip(usize::from(skip_type)));
            self.body(path, None, depth + 1);
            path.truncate(n);
        }
        self.pairs(path, &scalars);
    }

    /// Remember `key = "literal"` (the last entry emitted, if it was this attribute's only one).
    fn note_scalar(&self, scalars: &mut Scalars, key: &str, before: usize) {
        if self.out.len() == before + 1 {
            let e = &self.out[before];
            scalars.push((key.to_string(), e.value.clone(), e.span));
        }
    }

    /// `{ name = "JWT_SECRET", value = "abc" }`
    fn pairs(&mut self, path: &[String], scalars: &Scalars) {
        let name = scalars.iter().find(|(k, _, _)| k == "name");
        let value = scalars.iter().find(|(k, _, _)| k == "value");
        if let (Some((_, n, _)), Some((_, v, sp))) = (name, value) {
            let mut p = path.to_vec();
            p.push(n.clone());
            self.out.push(Entry::new(p, v.clone(), *sp));
        }
    }

    /// An expression up to its end: a line break (unless `nl`), `,` or a closing bracket.
    /// String literals in it are entries at `path`.
    fn expr(&mut self, path: &mut Vec<String>, depth: usize, nl: bool) {
        if depth > MAX_DEPTH {
            self.dead = true;
            return;
        }
        loop {
            if self.dead {
                return;
            }
            self.ws(nl);
            let Some(c) = self.peek() else { return };
            match c {
                b'\n' | b',' | b'}' | b')' | b']' => return,
                b'"' => {
                    let (v, span, templated) = self.string();
                    if !templated {
                        self.out.push(Entry::new(path.clone(), v, span));
                    }
                }
                b'<' if self.at("<<") => self.heredoc(path),
                b'{' => {
                    self.i += 1;
                    self.object(path, depth + 1);
                }
                b'[' | b'(' => {
                    let close = if c == b'[' { b']' } else { b')' };
                    self.i += 1;
                    loop {
                        let before = self.i;
                        self.expr(path, depth + 1, true);
                        if self.dead {
                            return;
                        }
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(x) if x == close => {
                                self.i += 1;
                                break;
                            }
                            None => return,
                            // A mismatched closer: leave it for the enclosing level.
                            Some(_) if self.i == before => return,
                            Some(_) => return,
                        }
                    }
                }
                _ => {
                    // Identifiers, numbers, operators, references: not literals.
                    self.i += self.s[self.i..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
    }

    /// An object constructor `{ key = expr, "key": expr, ... }` (the `{` is consumed).
    fn object(&mut self, path: &mut Vec<String>, depth: usize) {
        let mut scalars: Scalars = Vec::new();
        loop {
            if self.dead {
                return;
            }
            self.ws(true);
            let key = match self.peek() {
                None => return,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                Some(b'"') => self.string().0,
                Some(c) if is_ident(c) => self.ident().unwrap_or_default().to_string(),
                Some(b'(') => {
                    // `(var.name) = value`: a computed key.
                    self.i += 1;
                    let mut p = path.clone();
                    self.expr(&mut p, depth + 1, true);
                    if self.peek() == Some(b')') {
                        self.i += 1;
                    }
                    String::new()
                }
                Some(_) => {
                    // Not a key: skip this item.
                    let mut p = path.clone();
                    let before = self.i;
                    self.expr(&mut p, depth + 1, false);
                    if self.i == before {
                        self.i += 1;
                    }
                    continue;
                }
            };
            self.ws(false);
            if !matches!(self.peek(), Some(b'=' | b':')) || self.at("==") {
                continue;
            }
            self.i += 1;
            let before = self.out.len();
            path.push(key.clone());
            self.expr(path, depth + 1, false);
            path.pop();
            if !key.is_empty() {
                self.note_scalar(&mut scalars, &key, before);
            }
        }
        self.pairs(path, &scalars);
    }

    /// A quoted template string: (decoded value, span inside the quotes, has templates).
    fn string(&mut self) -> (String, Span, bool) {
        let start = self.i + 1;
        let mut i = start;
        let mut v = String::new();
        let mut templated = false;
        while i < self.b.len() {
            match self.b[i] {
                b'"' => {
                    self.i = i + 1;
                    return (v, Span::new(start as u32, i as u32), templated);
                }
                b'\n' => break,
                b'\\' if i + 1 < self.b.len() && self.b[i + 1].is_ascii() => {
                    let c = self.b[i + 1];
                    i += 2;
                    match c {
                        b'n' => v.push('\n'),
                        b't' => v.push('\t'),
                        b'r' => v.push('\r'),
                        b'u' | b'U' => {
                            let n = if c == b'u' { 4 } else { 8 };
                            match self
                                .s
                                .get(i..i + n)
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .and_then(char::from_u32)
                            {
                                Some(ch) => {
                                    v.push(ch);
                                    i += n;
                                }
                                None => v.push(c as char),
                            }
                        }
                        _ => v.push(c as char),
                    }
                }
                b'$' | b'%'
                    if self.b.get(i + 1) == Some(&self.b[i])
                        && self.b.get(i + 2) == Some(&b'{') =>
                {
                    // `$${` is an escaped literal `${`.
                    v.push(self.b[i] as char);
                    i += 2;
                }
                b'$' | b'%' if self.b.get(i + 1) == Some(&b'{') => {
                    templated = true;
                    // Skip the interpolation, nested braces and strings included.
                    let mut depth = 0usize;
                    i += 1;
                    while i < self.b.len() && self.b[i] != b'\n' {
                        match self.b[i] {
                            b'{' => depth += 1,
                            b'}' => {
                                depth -= 1;
                                if depth == 0 {
                                    i += 1;
                                    break;
                                }
                            }
                            b'"' => {
                                i += 1;
                                while i < self.b.len() && !matches!(self.b[i], b'"' | b'\n') {
                                    i += if self.b[i] == b'\\' { 2 } else { 1 };
                                }
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                    i = i.min(self.b.len());
                    while i < self.b.len() && !self.s.is_char_boundary(i) {
                        i += 1;
                    }
                }
                _ => {
                    let ch = self.s[i..].chars().next().unwrap_or(' ');
                    v.push(ch);
                    i += ch.len_utf8();
                }
            }
        }
        // Unterminated: the rest of the line.
        let end = i.min(self.b.len());
        self.i = end;
        (v, Span::new(start as u32, end as u32), true)
    }

    /// `<<EOT` / `<<-EOT` heredoc: its lines up to the delimiter line.
    fn heredoc(&mut self, path: &[String]) {
        self.i += 2;
        let indent = self.peek() == Some(b'-');
        if indent {
            self.i += 1;
        }
        let Some(delim) = self.ident().map(str::to_string) else {
            return;
        };
        self.skip_line();
        if self.peek().is_none() {
            return;
        }
        self.i += 1;
        let start = self.i;
        let mut line = start;
        while line < self.b.len() {
            let end = memchr::memchr(b'\n', &self.b[line..]).map_or(self.b.len(), |k| line + k);
            if self.s[line..end].trim() == delim {
                let body_end = if line > start { line - 1 } else { start };
                let body_end = if body_end > start && self.b[body_end - 1] == b'\r' {
                    body_end - 1
                } else {
                    body_end
                };
                let raw = &self.s[start..body_end];
                if !raw.contains("${") && !raw.contains("%{") {
                    let value = if indent {
                        let min = raw
                            .lines()
                            .filter(|l| !l.trim().is_empty())
                            .map(|l| l.len() - l.trim_start().len())
                            .min()
                            .unwrap_or(0);
                        raw.lines()
                            .map(|l| l.get(min..).unwrap_or(l.trim_start()))
                            .collect::<Vec<_>>()
                            .join("\n")
                    } else {
                        raw.to_string()
                    };
                    self.out.push(Entry::new(
                        path.to_vec(),
                        value,
                        Span::new(start as u32, body_end as u32),
                    ));
                }
                self.i = end;
                return;
            }
            line = end + 1;
        }
        self.i = self.b.len();
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
    fn blocks_variables_and_objects() {
        let t = r#"
variable "jwt_secret" {
  description = "JWT signing secret"
  type        = string
  default     = "tf-default"
  sensitive   = true
}
locals { api_key = "k" } # c
resource "aws_lambda_function" "api" {
  function_name = "api-${var.env}"
  environment {
    variables = {
      JWT_SECRET = "lambda-secret"
      "OTHER": var.x
    }
  }
}
resource "kubernetes_deployment" "d" {
  env {
    name  = "JWT_SECRET"
    value = "k8s"
  }
}
container_definitions = jsonencode([{ environment = [{ name = "JWT_SECRET", value = "ecs\u0041" }] }])
cond = var.a != "" ? var.a : "fb"
heredoc = <<-EOT
    line1
    EOT
"#;
        let got = kv(t);
        assert_eq!(
            got,
            [
                (
                    "jwt_secret.description".into(),
                    "JWT signing secret".into(),
                    "JWT signing secret".into()
                ),
                (
                    "jwt_secret".into(),
                    "tf-default".into(),
                    "tf-default".into()
                ),
                ("locals.api_key".into(), "k".into(), "k".into()),
                (
                    "resource.api.environment.variables.JWT_SECRET".into(),
                    "lambda-secret".into(),
                    "lambda-secret".into()
                ),
                (
                    "resource.d.env.name".into(),
                    "JWT_SECRET".into(),
                    "JWT_SECRET".into()
                ),
                ("resource.d.env.value".into(), "k8s".into(), "k8s".into()),
                (
                    "resource.d.env.JWT_SECRET".into(),
                    "k8s".into(),
                    "k8s".into()
                ),
                (
                    "container_definitions.environment.name".into(),
                    "JWT_SECRET".into(),
                    "JWT_SECRET".into()
                ),
                (
                    "container_definitions.environment.value".into(),
                    "ecsA".into(),
                    "ecs\\u0041".into()
                ),
                (
                    "container_definitions.environment.JWT_SECRET".into(),
                    "ecsA".into(),
                    "ecs\\u0041".into()
                ),
                ("cond".into(), "".into(), "".into()),
                ("cond".into(), "fb".into(), "fb".into()),
                ("heredoc".into(), "line1".into(), "    line1".into()),
            ]
        );
    }

    #[test]
    fn tfvars_and_templates() {
        let t = "jwt_secret = \"abc\"\nother = \"${var.x}\"\nesc = \"$${lit}\"\n/* block\n comment */ n = 1\n";
        let got = kv(t);
        assert_eq!(
            got,
            [
                ("jwt_secret".into(), "abc".into(), "abc".into()),
                ("esc".into(), "${lit}".into(), "$${lit}".into()),
            ]
        );
    }

    #[test]
    fn garbage_and_depth() {
        for t in [
            "{",
            "}",
            "a = \"",
            "a = <<",
            "a = <<EOF\nx",
            "a = \"${",
            "a = \"${\"x",
            "= = =",
            "b \"l\"",
            "a = [",
            "a = (",
            "a = {",
            "a = { (x",
            "é = \"ü\\é\"",
            "a = \"\\u12\"",
            "a = \"x$\"",
            "/*",
        ] {
            crate::formats::assert_spans(t, &parse(t));
        }
        let n = 100_000;
        let _ = parse(&format!("a = {}", "{b=".repeat(n)));
        let _ = parse(&format!("a = {}", "[".repeat(n)));
        let _ = parse(&format!("a = {}", "f(".repeat(n)));
        let _ = parse(&"b { ".repeat(n));
    }
}
