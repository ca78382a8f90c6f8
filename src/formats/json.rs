//! JSON with spans, tolerant of what config files contain: `//` and `/* */` comments, trailing
//! commas (appsettings.json, tsconfig-style JSONC). Depth is bounded, so hostile nesting cannot
//! overflow the stack.

use super::Entry;
use crate::facts::Span;

const MAX_DEPTH: usize = 200;

struct P<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    out: Vec<Entry>,
    path: Vec<String>,
}

pub fn parse(text: &str) -> Vec<Entry> {
    let mut p = P {
        s: text,
        b: text.as_bytes(),
        i: 0,
        out: Vec::new(),
        path: Vec::new(),
    };
    // A BOM or leading garbage is skipped.
    p.ws();
    let _ = p.value(0);
    p.out
}

impl P<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                b' ' | b'\t' | b'\r' | b'\n' | b',' => self.i += 1,
                b'/' if self.b.get(self.i + 1) == Some(&b'/') => {
                    self.i = memchr::memchr(b'\n', &self.b[self.i..])
                        .map_or(self.b.len(), |k| self.i + k);
                }
                b'/' if self.b.get(self.i + 1) == Some(&b'*') => {
                    self.i = self.s[self.i + 2..]
                        .find("*/")
                        .map_or(self.b.len(), |k| self.i + 2 + k + 2);
                }
                0xEF if self.s[self.i..].starts_with('\u{feff}') => self.i += 3,
                _ => break,
            }
        }
    }

    /// Returns false on a syntax error (parsing stops; entries so far are kept).
    fn value(&mut self, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        self.ws();
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b'}') => {
                            self.i += 1;
                            return true;
                        }
                        Some(b'"') | Some(b'\'') => {
                            let Some((key, _)) = self.string() else {
                                return false;
                            };
                            self.ws();
                            if self.b.get(self.i) != Some(&b':') {
                                return false;
                            }
                            self.i += 1;
                            self.path.push(key);
                            let ok = self.value(depth + 1);
                            self.path.pop();
                            if !ok {
                                return false;
                            }
                        }
                        _ => return false,
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                loop {
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b']') => {
                            self.i += 1;
                            return true;
                        }
                        None => return false,
                        _ => {
                            if !self.value(depth + 1) {
                                return false;
                            }
                        }
                    }
                }
            }
            Some(b'"') | Some(b'\'') => {
                let Some((v, span)) = self.string() else {
                    return false;
                };
                self.out.push(Entry {
                    path: self.path.clone(),
                    value: v,
                    span,
                    base64: false,
                    generated: None,
                });
                true
            }
            Some(_) => {
                // number, true, false, null
                let start = self.i;
                while self.i < self.b.len()
                    && !matches!(
                        self.b[self.i],
                        b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t' | b'/'
                    )
                {
                    self.i += 1;
                }
                self.i > start
            }
            None => false,
        }
    }

    fn string(&mut self) -> Option<(String, Span)> {
        let q = self.b[self.i];
        self.i += 1;
        let start = self.i;
        let mut v = String::new();
        let mut seg = self.i;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == q {
                v.push_str(&self.s[seg..self.i]);
                let span = Span::new(start as u32, self.i as u32);
                self.i += 1;
                return Some((v, span));
            }
            if c == b'\\' {
                v.push_str(&self.s[seg..self.i]);
                let e = *self.b.get(self.i + 1)?;
                self.i += 2;
                match e {
                    b'n' => v.push('\n'),
                    b't' => v.push('\t'),
                    b'r' => v.push('\r'),
                    b'b' => v.push('\u{8}'),
                    b'f' => v.push('\u{c}'),
                    b'u' => {
                        let hex = self.s.get(self.i..self.i + 4)?;
                        let cp = u32::from_str_radix(hex, 16).ok()?;
                        v.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        self.i += 4;
                    }
                    other => v.push(other as char),
                }
                seg = self.i;
                continue;
            }
            if c == b'\n' {
                return None;
            }
            self.i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_with_comments() {
        let t = "{\n  // comment\n  \"Jwt\": { \"Key\": \"abc\", \"Issuer\": \"me\", },\n  \"List\": [1, \"x\"],\n}";
        let e = parse(t);
        assert_eq!(e[0].path, ["Jwt", "Key"]);
        assert_eq!(&t[e[0].span.range()], "abc");
        assert_eq!(e.len(), 3);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let t = "[".repeat(100_000);
        assert!(parse(&t).is_empty());
        let t = format!("{}\"x\"{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
        let _ = parse(&t);
    }
}
