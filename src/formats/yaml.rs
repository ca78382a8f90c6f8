//! YAML through yaml-rust2's event parser: spans for every scalar, anchors and aliases never
//! expanded (alias bombs cost nothing), no recursion (deep nesting cannot overflow the stack).
//! Understands the shapes secrets take: docker-compose `environment:` lists and maps, Kubernetes
//! `env: [{name, value}]`, Secret `data:` (base64) and `stringData:`, Helm values, CI `env:` blocks.

use super::{Entry, split_assignment};
use crate::facts::Span;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

enum Frame {
    Map {
        key: Option<String>,
        expecting_key: bool,
        /// Scalar children (key, value, span), for `{name: X, value: Y}` pairs.
        scalars: Vec<(String, String, Span)>,
    },
    Seq,
}

struct Walker<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    doc: Vec<Entry>,
    /// Root-level scalars of the current document (`kind: Secret`).
    root: Vec<(String, String)>,
    out: Vec<Entry>,
    /// Last (line, column, byte offset) converted: scalars come in order, so converting the next
    /// one starts here and a long line costs one pass, not one pass per scalar.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

pub fn parse(text: &str) -> Vec<Entry> {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut w = Walker {
        src: text,
        line_starts,
        stack: Vec::new(),
        doc: Vec::new(),
        root: Vec::new(),
        out: Vec::new(),
        cursor: std::cell::Cell::new((usize::MAX, 0, 0)),
    };
    let mut p = Parser::new_from_str(text);
    // Every event consumes input, so a real document has far fewer events than this; the cap
    // only guards against a parser that stops advancing.
    let max_events = text.len().saturating_mul(4).saturating_add(64);
    let mut events = 0usize;
    loop {
        events += 1;
        if events > max_events {
            break;
        }
        match p.next_token() {
            Ok((ev, mark)) => {
                let done = matches!(ev, Event::StreamEnd);
                w.event(ev, mark.line(), mark.col());
                if done {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    w.flush_doc();
    w.out
}

impl Walker<'_> {
    fn offset(&self, line: usize, col: usize) -> usize {
        let (cline, ccol, coff) = self.cursor.get();
        let (mut n, mut off) = if cline == line && ccol <= col {
            (ccol, coff)
        } else {
            let start = self
                .line_starts
                .get(line.saturating_sub(1))
                .copied()
                .unwrap_or(self.src.len());
            (0, start.min(self.src.len()))
        };
        for c in self.src[off..].chars() {
            if n == col {
                break;
            }
            n += 1;
            off += c.len_utf8();
        }
        self.cursor.set((line, n, off));
        off.min(self.src.len())
    }

    fn path(&self) -> Vec<String> {
        let mut p = Vec::new();
        for f in &self.stack {
            if let Frame::Map { key: Some(k), .. } = f {
                p.push(k.clone());
            }
        }
        p
    }

    fn scalar_span(&self, value: &str, style: TScalarStyle, line: usize, col: usize) -> Span {
        let mut off = self.offset(line, col);
        let b = self.src.as_bytes();
        if matches!(
            style,
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
        ) && matches!(b.get(off), Some(b'"' | b'\''))
        {
            off += 1;
        }
        let first = value.lines().next().unwrap_or("");
        let rest = &self.src[off..];
        let len = if rest.starts_with(value) {
            value.len()
        } else if !first.is_empty() && rest.starts_with(first) {
            first.len()
        } else {
            // Escapes or folding changed the text: cover the source line's remainder.
            let line_end = rest.find('\n').unwrap_or(rest.len());
            let line = rest[..line_end].trim_end();
            let quoted = matches!(
                style,
                TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
            );
            // Drop the closing quote when the value ends on this line (never a byte of a
            // multi-byte character: found by fuzzing).
            match line.strip_suffix(['"', '\'']) {
                Some(l) if quoted => l.len(),
                _ => line.len(),
            }
        };
        Span::new(off as u32, (off + len) as u32)
    }

    fn value_done(&mut self) {
        if let Some(Frame::Map {
            expecting_key, key, ..
        }) = self.stack.last_mut()
        {
            *expecting_key = true;
            *key = None;
        }
    }

    fn event(&mut self, ev: Event, line: usize, col: usize) {
        match ev {
            Event::DocumentStart => self.flush_doc(),
            Event::DocumentEnd => self.flush_doc(),
            Event::MappingStart(..) => {
                let as_key = matches!(
                    self.stack.last(),
                    Some(Frame::Map {
                        expecting_key: true,
                        ..
                    })
                );
                if as_key {
                    // A complex key: treat as opaque.
                    if let Some(Frame::Map { expecting_key, .. }) = self.stack.last_mut() {
                        *expecting_key = false;
                    }
                }
                self.stack.push(Frame::Map {
                    key: None,
                    expecting_key: true,
                    scalars: Vec::new(),
                });
            }
            Event::MappingEnd => {
                let frame = self.stack.pop();
                if let Some(Frame::Map { scalars, .. }) = frame {
                    // Kubernetes `env: [{ name: JWT_SECRET, value: "..." }]`
                    let name = scalars
                        .iter()
                        .find(|(k, _, _)| k == "name")
                        .map(|(_, v, _)| v.clone());
                    let value = scalars.iter().find(|(k, _, _)| k == "value");
                    if let (Some(n), Some((_, v, sp))) = (name, value) {
                        let mut path = self.path();
                        path.push(n);
                        self.doc.push(Entry {
                            path,
                            value: v.clone(),
                            span: *sp,
                            base64: false,
                            generated: None,
                        });
                    }
                    if self.stack.is_empty() {
                        self.root = scalars
                            .iter()
                            .map(|(k, v, _)| (k.clone(), v.clone()))
                            .collect();
                    }
                }
                self.value_done();
            }
            Event::SequenceStart(..) => self.stack.push(Frame::Seq),
            Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            Event::Alias(_) => self.value_done(),
            Event::Scalar(v, style, _, _) => {
                let expecting = matches!(
                    self.stack.last(),
                    Some(Frame::Map {
                        expecting_key: true,
                        ..
                    })
                );
                if expecting {
                    if let Some(Frame::Map {
                        key, expecting_key, ..
                    }) = self.stack.last_mut()
                    {
                        *key = Some(v);
                        *expecting_key = false;
                    }
                    return;
                }
                let span = self.scalar_span(&v, style, line, col);
                match self.stack.last_mut() {
                    Some(Frame::Map {
                        key: Some(k),
                        scalars,
                        ..
                    }) => {
                        // Only what the shape checks read: `{name, value}` pairs and `kind`.
                        if matches!(k.as_str(), "name" | "value" | "kind") {
                            scalars.push((k.clone(), v.clone(), span));
                        }
                        let path = self.path();
                        self.doc.push(Entry {
                            path,
                            value: v,
                            span,
                            base64: false,
                            generated: None,
                        });
                    }
                    Some(Frame::Seq) => {
                        // compose `environment: ["JWT_SECRET=abc"]`, `args: ["--jwt-secret=abc"]`
                        if let Some((k, val, off)) = split_assignment(&v) {
                            let exact = self.src.get(span.range()) == Some(v.as_str());
                            let vspan = if exact {
                                Span::new(
                                    span.start + off as u32,
                                    span.start + (off + val.len()) as u32,
                                )
                            } else {
                                span
                            };
                            let mut path = self.path();
                            path.push(k.to_string());
                            self.doc.push(Entry {
                                path,
                                value: val.to_string(),
                                span: vspan,
                                base64: false,
                                generated: None,
                            });
                        }
                    }
                    _ => {}
                }
                self.value_done();
            }
            _ => {}
        }
    }

    fn flush_doc(&mut self) {
        let is_secret = self.root.iter().any(|(k, v)| k == "kind" && v == "Secret");
        let is_sealed = self
            .root
            .iter()
            .any(|(k, v)| k == "kind" && (v == "SealedSecret" || v == "ExternalSecret"));
        let mut doc = std::mem::take(&mut self.doc);
        if is_sealed {
            doc.clear();
        }
        if is_secret {
            for e in &mut doc {
                if e.path.first().map(String::as_str) == Some("data") {
                    e.base64 = true;
                }
            }
        }
        // Moved, not copied: a large document is never held twice.
        if self.out.is_empty() {
            self.out = doc;
        } else {
            self.out.append(&mut doc);
        }
        self.root.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(t: &str) -> Vec<(String, String, String)> {
        parse(t)
            .into_iter()
            .map(|e| {
                (
                    e.path.join("."),
                    e.value.clone(),
                    t[e.span.range()].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn maps_and_quotes() {
        let got = kv("jwt:\n  secret: \"abc\"\n  ttl: 3600\napp:\n  name: x\n");
        assert!(got.contains(&("jwt.secret".into(), "abc".into(), "abc".into())));
        assert!(got.contains(&("jwt.ttl".into(), "3600".into(), "3600".into())));
    }

    #[test]
    fn compose_environment_list_and_map() {
        let got = kv(
            "services:\n  api:\n    environment:\n      - JWT_SECRET=abc123\n      - \"OTHER=1\"\n  web:\n    environment:\n      JWT_SECRET: ${JWT_SECRET:-dev}\n",
        );
        assert!(
            got.contains(&(
                "services.api.environment.JWT_SECRET".into(),
                "abc123".into(),
                "abc123".into()
            )),
            "{got:?}"
        );
        assert!(got.contains(&(
            "services.web.environment.JWT_SECRET".into(),
            "${JWT_SECRET:-dev}".into(),
            "${JWT_SECRET:-dev}".into()
        )));
    }

    #[test]
    fn kubernetes_env_and_secret() {
        let t = "apiVersion: v1\nkind: Secret\ndata:\n  JWT_SECRET: c2VjcmV0\nstringData:\n  JWT_KEY: plain\n---\nspec:\n  containers:\n    - env:\n        - name: JWT_SECRET\n          value: \"xyz\"\n        - name: OTHER\n          valueFrom:\n            secretKeyRef: { name: s, key: k }\n";
        let e = parse(t);
        let data = e.iter().find(|e| e.path == ["data", "JWT_SECRET"]).unwrap();
        assert!(data.base64);
        assert!(
            e.iter().any(
                |e| e.path.last().map(String::as_str) == Some("JWT_SECRET") && e.value == "xyz"
            )
        );
        assert!(
            e.iter()
                .any(|e| e.path == ["stringData", "JWT_KEY"] && !e.base64)
        );
    }

    #[test]
    fn multi_line_quoted_scalars_keep_spans_on_char_boundaries() {
        for t in [
            "k: \"aé\n  x\"\n",
            "k: 'aé\n  x'\n",
            "k: \"a\\té\"\n",
            "k: \"\n  é\"\n",
        ] {
            let e = parse(t);
            crate::formats::assert_spans(t, &e);
            assert_eq!(e.len(), 1, "{t:?}");
        }
        let t = "k: \"a\\tb\"\n";
        assert_eq!(&t[parse(t)[0].span.range()], "a\\tb");
    }

    #[test]
    fn alias_bomb_and_garbage() {
        let bomb = "a: &a [\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
        let _ = parse(bomb);
        let _ = parse(&"[".repeat(100_000));
        let _ = parse("key: [unclosed\n  - : :\n\t\u{0}");
    }
}
