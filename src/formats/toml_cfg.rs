//! TOML (`config.toml`, `Settings.toml`, `netlify.toml`, `fly.toml`): every string value with its
//! key path (`[jwt] secret = "x"` -> `["jwt", "secret"]`), through dotted keys, inline tables and
//! arrays of tables. Parsed by the `toml` crate's span-preserving `DeTable` (its parser bounds
//! nesting depth); a file with syntax errors still yields what parsed.

use super::{Entry, split_assignment};
use crate::facts::Span;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

const MAX_DEPTH: usize = 128;

pub fn parse(text: &str) -> Vec<Entry> {
    let (doc, _errors) = DeTable::parse_recoverable(text);
    let mut out = Vec::new();
    let mut path = Vec::new();
    table(text, doc.get_ref(), &mut path, &mut out, 0);
    // Tables are maps sorted by key: put entries back in file order.
    out.sort_by_key(|e| e.span.start);
    out
}

fn table(text: &str, t: &DeTable<'_>, path: &mut Vec<String>, out: &mut Vec<Entry>, depth: usize) {
    for (k, v) in t {
        path.push(k.get_ref().to_string());
        value(text, v, path, out, depth + 1);
        path.pop();
    }
}

fn value(
    text: &str,
    v: &Spanned<DeValue<'_>>,
    path: &mut Vec<String>,
    out: &mut Vec<Entry>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match v.get_ref() {
        DeValue::String(s) => {
            let span = inner_span(text, v.span());
            out.push(Entry::new(path.clone(), s.to_string(), span));
        }
        DeValue::Table(t) => table(text, t, path, out, depth),
        DeValue::Array(items) => {
            for item in items {
                match item.get_ref() {
                    // `env = ["JWT_SECRET=abc"]`, `args = ["--jwt-secret=abc"]`
                    DeValue::String(s) => {
                        let span = inner_span(text, item.span());
                        match split_assignment(s) {
                            Some((k, val, off)) if text.get(span.range()) == Some(s.as_ref()) => {
                                let mut p = path.clone();
                                p.push(k.trim_start_matches('-').to_string());
                                let start = span.start + off as u32;
                                out.push(Entry::new(
                                    p,
                                    val.to_string(),
                                    Span::new(start, start + val.len() as u32),
                                ));
                            }
                            _ => out.push(Entry::new(path.clone(), s.to_string(), span)),
                        }
                    }
                    _ => value(text, item, path, out, depth + 1),
                }
            }
        }
        _ => {}
    }
}

/// The text between a string's delimiters (the newline right after `"""` belongs to neither).
/// An unterminated string (recovered from an error) keeps what follows its opening quote.
fn inner_span(text: &str, r: std::ops::Range<usize>) -> Span {
    let whole = Span::new(r.start as u32, r.end as u32);
    let Some(raw) = text.get(r.clone()) else {
        return whole;
    };
    let q = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| raw.starts_with(q))
        .unwrap_or("");
    let mut start = r.start + q.len();
    let end = if !q.is_empty() && raw.len() >= 2 * q.len() && raw.ends_with(q) {
        r.end - q.len()
    } else {
        r.end
    };
    if q.len() == 3 {
        let body = &text[start..end.max(start)];
        if body.starts_with("\r\n") {
            start += 2;
        } else if body.starts_with('\n') {
            start += 1;
        }
    }
    Span::new(start as u32, end.max(start) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_forms() {
        let t = "title = \"x\"\n[jwt]\nsecret = \"a\\u0041b\" # c\nalg = 'HS256'\n\n[server.auth]\nkey = \"\"\"\nml\"\"\"\nn = 3\n\n[[services]]\nname = \"api\"\nenv = { JWT_SECRET = \"q\" }\n[[services]]\nargs = [\"JWT_SECRET=zz\", \"--verbose\"]\napp.jwt.token_secret = 'lit'\n";
        let e = parse(t);
        let got: Vec<(String, String, String)> = e
            .iter()
            .map(|e| {
                (
                    e.path.join("."),
                    e.value.clone(),
                    t[e.span.range()].to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("title".into(), "x".into(), "x".into()),
                ("jwt.secret".into(), "aAb".into(), "a\\u0041b".into()),
                ("jwt.alg".into(), "HS256".into(), "HS256".into()),
                ("server.auth.key".into(), "ml".into(), "ml".into()),
                ("services.name".into(), "api".into(), "api".into()),
                ("services.env.JWT_SECRET".into(), "q".into(), "q".into()),
                ("services.args.JWT_SECRET".into(), "zz".into(), "zz".into()),
                (
                    "services.args".into(),
                    "--verbose".into(),
                    "--verbose".into()
                ),
                (
                    "services.app.jwt.token_secret".into(),
                    "lit".into(),
                    "lit".into()
                ),
            ]
        );
    }

    #[test]
    fn garbage_and_depth() {
        for t in [
            "[",
            "a = ",
            "a = \"unterminated\nb = \"ok\"",
            "[[",
            "= = =",
            "a.b.c = {",
            "\u{feff}x = 'y'",
            "default = \"=!RUN \u{feff}",
        ] {
            crate::formats::assert_spans(t, &parse(t));
        }
        let e = parse("a = \"unterminated\n[t]\nb = \"ok\"\n");
        assert!(e.iter().any(|e| e.path == ["t", "b"] && e.value == "ok"));
        let n = 100_000;
        let _ = parse(&format!("a = {}1{}", "[".repeat(n), "]".repeat(n)));
        let _ = parse(&format!("a = {}{}", "{b=".repeat(n), "}".repeat(n)));
        let _ = parse(&format!("{} = 1", "a.".repeat(n)));
        let _ = parse(&format!("[{}]", "a.".repeat(n)));
    }
}
