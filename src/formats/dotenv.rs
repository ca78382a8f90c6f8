//! `.env` files: `KEY=value`, `export KEY=value`, quotes, `#` comments, multi-line double-quoted values.

use super::Entry;
use crate::facts::Span;

pub fn parse(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut pos = 0;
    while pos < b.len() {
        let line_end = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut next = line_end + 1;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            pos = next;
            continue;
        }
        let (body, body_off) = match trimmed.strip_prefix("export ") {
            Some(r) => (
                r.trim_start(),
                indent + 7 + (r.len() - r.trim_start().len()),
            ),
            None => (trimmed, indent),
        };
        let Some(eq) = body.find('=') else {
            pos = next;
            continue;
        };
        let key = body[..eq].trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            pos = next;
            continue;
        }
        let after = &body[eq + 1..];
        let lead = after.len() - after.trim_start().len();
        let vstart = pos + body_off + eq + 1 + lead;
        let rest = &text[vstart..];
        let (value, span) = match rest.as_bytes().first() {
            Some(b'"') => {
                // Double quotes: escapes, may span lines.
                let mut v = String::new();
                let mut i = 1;
                let rb = rest.as_bytes();
                let mut closed = None;
                while i < rb.len() {
                    match rb[i] {
                        b'\\' if i + 1 < rb.len() => {
                            // The escaped character may be multi-byte (`\é`): step over all of it.
                            let ch = rest[i + 1..].chars().next().unwrap_or(' ');
                            v.push(match ch {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                c => c,
                            });
                            i += 1 + ch.len_utf8();
                        }
                        b'"' => {
                            closed = Some(i);
                            break;
                        }
                        _ => {
                            let ch = rest[i..].chars().next().unwrap_or(' ');
                            v.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                }
                let end = closed.unwrap_or_else(|| rest.find('\n').unwrap_or(rest.len()));
                if let Some(c) = closed {
                    let after_close = vstart + c + 1;
                    next = memchr::memchr(b'\n', &b[after_close..])
                        .map_or(b.len(), |i| after_close + i)
                        + 1;
                } else {
                    v = rest[1..end].to_string();
                }
                (v, Span::new((vstart + 1) as u32, (vstart + end) as u32))
            }
            Some(b'\'') => {
                let line_rest = &text[vstart..line_end];
                let end = line_rest[1..].find('\'').map_or(line_rest.len(), |i| i + 1);
                (
                    line_rest[1..end].to_string(),
                    Span::new((vstart + 1) as u32, (vstart + end) as u32),
                )
            }
            _ => {
                let line_rest = &text[vstart..line_end];
                let cut = line_rest
                    .find(" #")
                    .or_else(|| line_rest.find("\t#"))
                    .unwrap_or(line_rest.len());
                let v = line_rest[..cut].trim_end().trim_end_matches('\r');
                (
                    v.to_string(),
                    Span::new(vstart as u32, (vstart + v.len()) as u32),
                )
            }
        };
        out.push(Entry {
            path: vec![key.to_string()],
            value,
            span,
            base64: false,
            generated: None,
        });
        pos = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let t = "# c\nJWT_SECRET=abc # note\nexport A=\"x\\ny\"\nB='q r'\n\nMULTI=\"l1\nl2\"\nC=\n";
        let e = parse(t);
        let kv: Vec<(String, String)> = e
            .iter()
            .map(|e| (e.path[0].clone(), e.value.clone()))
            .collect();
        assert_eq!(
            kv,
            [
                ("JWT_SECRET".into(), "abc".into()),
                ("A".into(), "x\ny".into()),
                ("B".into(), "q r".into()),
                ("MULTI".into(), "l1\nl2".into()),
                ("C".into(), "".into())
            ]
        );
        assert_eq!(&t[e[0].span.range()], "abc");
        assert_eq!(&t[e[2].span.range()], "q r");
    }

    #[test]
    fn escaped_multibyte_character() {
        let e = parse("A=\"\\é\"\nJWT_SECRET=\"x\\éy\"\n");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].value, "é");
        assert_eq!(e[1].value, "xéy");
    }

    #[test]
    fn crlf_and_garbage() {
        let e = parse("JWT_SECRET=abc\r\nX\r\n=bad\n\"");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].value, "abc");
    }
}
