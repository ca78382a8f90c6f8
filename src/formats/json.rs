//! JSON with spans, tolerant of what config files contain: `//` and `/* */` comments, trailing
//! commas (appsettings.json, tsconfig-style JSONC). Depth is bounded, so hostile nesting cannot
//! overflow the stack: a value nested deeper than that is stepped over without recursion and
//! the keys after it are still read.

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
        self.ws();
        if depth > MAX_DEPTH {
            return self.skip_value();
        }
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

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Option<u32> {
        let hex = self.s.get(self.i..self.i + 4)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(hex, 16).ok()
    }

    /// Step over one value without recursion (brackets counted, strings and comments skipped).
    fn skip_value(&mut self) -> bool {
        let mut open = 0usize;
        loop {
            self.ws();
            match self.b.get(self.i) {
                None => return false,
                Some(b'{' | b'[') => {
                    open += 1;
                    self.i += 1;
                }
                Some(b'}' | b']') => {
                    if open == 0 {
                        return false;
                    }
                    open -= 1;
                    self.i += 1;
                }
                Some(b'"' | b'\'') => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                Some(b':') => self.i += 1,
                Some(_) => {
                    let start = self.i;
                    while self.i < self.b.len()
                        && !matches!(
                            self.b[self.i],
                            b',' | b'}'
                                | b']'
                                | b'{'
                                | b'['
                                | b':'
                                | b'"'
                                | b'\''
                                | b' '
                                | b'\n'
                                | b'\r'
                                | b'\t'
                                | b'/'
                        )
                    {
                        self.i += 1;
                    }
                    if self.i == start {
                        // A lone `/` that does not open a comment.
                        self.i += 1;
                    }
                }
            }
            if open == 0 {
                return true;
            }
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
                // The escaped character may be any character, not only ASCII.
                let e = self.s[self.i + 1..].chars().next()?;
                self.i += 1 + e.len_utf8();
                match e {
                    'n' => v.push('\n'),
                    't' => v.push('\t'),
                    'r' => v.push('\r'),
                    'b' => v.push('\u{8}'),
                    'f' => v.push('\u{c}'),
                    'u' => {
                        let mut cp = self.hex4()?;
                        // A surrogate pair: `\ud83d\ude00`.
                        if (0xD800..0xDC00).contains(&cp) && self.s[self.i..].starts_with("\\u") {
                            self.i += 2;
                            let lo = self.hex4()?;
                            if (0xDC00..0xE000).contains(&lo) {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            } else {
                                v.push('\u{fffd}');
                                cp = lo;
                            }
                        }
                        v.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                    }
                    other => v.push(other),
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
    fn escapes() {
        let t = r#"{"a": "x\u00e9\ud83d\ude00\n\é\"", "b": "\u12"}"#;
        let e = parse(t);
        assert_eq!(e[0].value, "xé😀\né\"");
        assert_eq!(e.len(), 1);
        // Found by fuzzing: a backslash before a multi-byte character.
        let _ = parse("{\"\\\u{fffd}\": \"\\\u{fffd}\"}");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let t = "[".repeat(100_000);
        assert!(parse(&t).is_empty());
        let t = format!("{}\"x\"{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
        let _ = parse(&t);
        // Keys after a too-deep value are still read.
        let t = format!(
            "{{\"deep\": {}\"x\"{}, \"jwt\": {{\"secret\": \"abc\"}}}}",
            "[{\"a\": ".repeat(1000),
            "}]".repeat(1000)
        );
        let e = parse(&t);
        assert_eq!(e.last().unwrap().path, ["jwt", "secret"]);
        assert_eq!(&t[e.last().unwrap().span.range()], "abc");
        assert_eq!(e.len(), 1);
    }
}
