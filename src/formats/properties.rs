//! Java `.properties` (Spring `application.properties`, `application-prod.properties`):
//! `key=value`, `key: value`, `key value`, `#`/`!` comments, `\` line continuations and
//! `\uXXXX` escapes. Dotted keys become paths (`jwt.secret` -> `["jwt", "secret"]`); a value
//! that is exactly one `${NAME:default}` placeholder is judged by the engine as a fallback.

use super::Entry;
use crate::facts::Span;

pub fn parse(text: &str) -> Vec<Entry> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while pos < b.len() {
        // Skip leading white space of a natural line.
        while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\x0c') {
            pos += 1;
        }
        if pos >= b.len() {
            break;
        }
        if matches!(b[pos], b'\n' | b'\r') {
            pos += 1;
            continue;
        }
        if matches!(b[pos], b'#' | b'!') {
            pos = line_end(b, pos);
            continue;
        }
        // The logical line runs from `pos` to `end` (continuations included).
        let end = logical_end(b, pos);
        if let Some(e) = entry(text, pos, end) {
            out.push(e);
        }
        pos = end;
    }
    out
}

/// Index of the `\n`/`\r` ending the natural line at `i` (or the end of the text).
fn line_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !matches!(b[i], b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// End of a logical line: a line ending in an odd number of backslashes continues.
fn logical_end(b: &[u8], mut i: usize) -> usize {
    loop {
        let e = line_end(b, i);
        let slashes = b[i..e].iter().rev().take_while(|&&c| c == b'\\').count();
        if slashes % 2 == 1 && e < b.len() {
            i = e + 1;
            if b[e] == b'\r' && b.get(i) == Some(&b'\n') {
                i += 1;
            }
            continue;
        }
        return e;
    }
}

/// Decode `text[start..end]` (one logical line piece): escapes and continuations.
/// Returns the decoded text.
fn decode(text: &str, start: usize, end: usize) -> String {
    let b = text.as_bytes();
    let mut v = String::new();
    let mut i = start;
    while i < end {
        if b[i] == b'\\' && i + 1 < end {
            let c = b[i + 1];
            match c {
                b'\n' | b'\r' => {
                    // Continuation: drop the line break and the next line's leading blanks.
                    i += 2;
                    if c == b'\r' && i < end && b[i] == b'\n' {
                        i += 1;
                    }
                    while i < end && matches!(b[i], b' ' | b'\t' | b'\x0c') {
                        i += 1;
                    }
                    continue;
                }
                b't' => v.push('\t'),
                b'n' => v.push('\n'),
                b'r' => v.push('\r'),
                b'f' => v.push('\x0c'),
                b'u' => {
                    let hex = text.get(i + 2..(i + 6).min(end)).unwrap_or("");
                    if hex.len() == 4
                        && let Ok(n) = u32::from_str_radix(hex, 16)
                    {
                        v.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                        i += 6;
                        continue;
                    }
                    v.push('u');
                }
                _ => {
                    let ch = text[i + 1..].chars().next().unwrap_or(' ');
                    v.push(ch);
                    i += 1 + ch.len_utf8();
                    continue;
                }
            }
            i += 2;
            continue;
        }
        if b[i] == b'\\' {
            // A lone trailing backslash.
            i += 1;
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or(' ');
        v.push(ch);
        i += ch.len_utf8();
    }
    v
}

fn entry(text: &str, start: usize, end: usize) -> Option<Entry> {
    let b = text.as_bytes();
    // The key ends at the first unescaped `=`, `:` or white space.
    let mut i = start;
    while i < end {
        match b[i] {
            b'\\' => i += 2,
            b'=' | b':' | b' ' | b'\t' | b'\x0c' => break,
            _ => i += 1,
        }
    }
    let key_end = i.min(end);
    let key = decode(text, start, key_end);
    // Separator: blanks, then at most one `=`/`:`, then blanks.
    let mut j = key_end;
    while j < end && matches!(b[j], b' ' | b'\t' | b'\x0c') {
        j += 1;
    }
    if j < end && matches!(b[j], b'=' | b':') {
        j += 1;
    }
    while j < end && matches!(b[j], b' ' | b'\t' | b'\x0c') {
        j += 1;
    }
    // A value that starts with a continuation keeps going on the next line.
    while j + 1 < end && b[j] == b'\\' && matches!(b[j + 1], b'\n' | b'\r') {
        j += 2;
        while j < end && matches!(b[j], b'\n' | b' ' | b'\t' | b'\x0c') {
            j += 1;
        }
    }
    let mut vend = end;
    while vend > j && matches!(b[vend - 1], b' ' | b'\t' | b'\r' | b'\x0c') {
        vend -= 1;
    }
    let value = decode(text, j, vend);
    let path: Vec<String> = key
        .split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if path.is_empty() {
        return None;
    }
    Some(Entry {
        path,
        value,
        span: Span::new(j as u32, vend.max(j) as u32),
        base64: false,
        generated: None,
    })
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
    fn separators_and_comments() {
        let t = "# c\n! also\njwt.secret=abc\njwt.alg : HS256\nplain value here\n  spaced.key = v # not a comment\nempty=\n";
        let got = kv(t);
        assert_eq!(
            got,
            [
                ("jwt.secret".into(), "abc".into(), "abc".into()),
                ("jwt.alg".into(), "HS256".into(), "HS256".into()),
                ("plain".into(), "value here".into(), "value here".into()),
                (
                    "spaced.key".into(),
                    "v # not a comment".into(),
                    "v # not a comment".into()
                ),
                ("empty".into(), "".into(), "".into()),
            ]
        );
        let e = parse(t);
        assert_eq!(e[0].path, ["jwt", "secret"]);
    }

    #[test]
    fn continuations_and_escapes() {
        let t = "a.b = one\\\n    two\\\r\n  three\nk\\:x=\\u0041\\tz\\\\\nspring=${JWT_SECRET:dev}\r\n";
        let e = parse(t);
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].value, "onetwothree");
        assert_eq!(&t[e[0].span.range()], "one\\\n    two\\\r\n  three");
        assert_eq!(e[1].path, ["k:x"]);
        assert_eq!(e[1].value, "A\tz\\");
        assert_eq!(e[2].value, "${JWT_SECRET:dev}");
        assert_eq!(&t[e[2].span.range()], "${JWT_SECRET:dev}");
    }

    #[test]
    fn garbage() {
        for t in [
            "\\",
            "=",
            "\\u12",
            "a=\\u",
            "a\\\n",
            "\u{feff}x=1",
            "é=ü\\",
            "\\\r",
            "k=\\\n",
        ] {
            crate::formats::assert_spans(t, &parse(t));
        }
        assert_eq!(parse("\u{feff}x=1")[0].path, ["x"]);
        let deep = "a\\\n".repeat(100_000);
        let _ = parse(&deep);
    }
}
