//! Shell scripts, Makefiles and Dockerfiles, sharing one shell word scanner.
//!
//! - Shell: `export JWT_SECRET=abc`, `JWT_SECRET="abc" node app.js`, any `NAME=value` word
//!   (`docker run -e JWT_SECRET=abc`, `--build-arg JWT_SECRET=abc`, `heroku config:set ...`,
//!   `--from-literal=JWT_SECRET=abc`, `--set jwt.secret=abc`), `--jwt-secret=abc` /
//!   `--jwt-secret abc` flags, heredoc bodies (`cat > .env <<EOF`).
//! - Makefile: `JWT_SECRET ?= abc`, `:=`, `::=`, `+=`, `=`, `!=` (a shell command), `export`
//!   and `override` prefixes; recipe lines are shell.
//! - Dockerfile: `ENV K=V K2="v 2"`, legacy `ENV K V`, `ARG K=V`, and shell-form `RUN`/`CMD`/
//!   `ENTRYPOINT` lines scanned as shell; `\` continuations and the `# escape=` directive.
//!
//! `${JWT_SECRET:-default}` is kept as is (the engine judges the default as a fallback); other
//! values with expansions (`$JWT_SECRET`, `"$A$B"`) are not literals and are skipped. A value
//! produced by a command is an entry with `generated` set: `$(openssl rand -hex 16)` (a CSPRNG
//! asked for 16 bytes), `$(date +%s | sha256sum)` (the clock), `$RANDOM` (not a CSPRNG),
//! `$(uuidgen)`.

use super::{Entry, Generated};
use crate::facts::Span;
use crate::ruleset::GenKind;
use regex::Regex;
use std::sync::OnceLock;

/// A quoted string that does not close within this many lines closes at its first line's end.
const MAX_QUOTE_LINES: usize = 64;

/// One shell word after quote removal. `map[k]` is the source offset of decoded byte `k`;
/// `expands[k]` is true when that byte is outside single quotes and not escaped (so `$` there
/// expands).
#[derive(Debug, Default)]
struct Word {
    text: String,
    map: Vec<u32>,
    expands: Vec<bool>,
}

impl Word {
    fn push_src(&mut self, src: &str, at: usize, len: usize, expands: bool) {
        self.text.push_str(&src[at..at + len]);
        for k in 0..len {
            self.map.push((at + k) as u32);
            self.expands.push(expands);
        }
    }
    /// A character copied from source offset `at` (the same bytes as in the source).
    fn push_char(&mut self, c: char, at: usize, expands: bool) {
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        self.text.push_str(s);
        for k in 0..s.len() {
            self.map.push((at + k) as u32);
            self.expands.push(expands);
        }
    }
    /// Source span of decoded bytes `a..b`.
    fn span(&self, a: usize, b: usize) -> Span {
        if a >= b || b > self.map.len() {
            let p = self.map.get(a).copied().unwrap_or(0);
            return Span::new(p, p);
        }
        let end = self.map[b - 1] as usize + 1;
        Span::new(self.map[a], end as u32)
    }
}

enum Tok {
    Word(Word),
    /// Command separator: newline, `;`, `&`, `|`, `(`, `)`.
    Sep,
}

struct Scanner<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    end: usize,
    /// Heredoc bodies are collected (off inside a heredoc body line).
    heredocs: bool,
    /// A heredoc opened on this line: (delimiter, strip leading tabs).
    pending: Option<(String, bool)>,
    /// Heredoc body line ranges, scanned after the main pass.
    bodies: Vec<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    fn new(s: &'a str, start: usize, end: usize, heredocs: bool) -> Self {
        Scanner {
            s,
            b: s.as_bytes(),
            i: start,
            end,
            heredocs,
            pending: None,
            bodies: Vec::new(),
        }
    }

    fn line_end(&self, from: usize) -> usize {
        let from = from.min(self.end);
        memchr::memchr(b'\n', &self.b[from..self.end]).map_or(self.end, |k| from + k)
    }

    /// Position of the quote `q` closing at or after `from`, honoring `\` escapes when
    /// `escapes`; `None` if it does not close within `MAX_QUOTE_LINES` lines.
    fn find_close(&self, from: usize, q: u8, escapes: bool) -> Option<usize> {
        let mut i = from;
        let mut lines = 0;
        while i < self.end {
            match self.b[i] {
                c if c == q => return Some(i),
                b'\\' if escapes => i += 1,
                b'\n' => {
                    lines += 1;
                    if lines > MAX_QUOTE_LINES {
                        return None;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// End (exclusive) of a `$(...)`, `${...}` or backtick construct starting at `i`, bounded
    /// by the scan range; nested brackets and quotes are skipped.
    fn construct_end(&self, i: usize) -> usize {
        let (open, close) = match self.b.get(i + 1) {
            Some(b'(') if self.b[i] == b'$' => (b'(', b')'),
            Some(b'{') if self.b[i] == b'$' => (b'{', b'}'),
            _ => {
                // Backtick.
                return self
                    .find_close(i + 1, b'`', true)
                    .map_or(self.line_end(i), |k| k + 1);
            }
        };
        let mut depth = 0usize;
        let mut k = i + 1;
        while k < self.end {
            match self.b[k] {
                c if c == open => depth += 1,
                c if c == close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return k + 1;
                    }
                }
                b'\'' | b'"' => {
                    let q = self.b[k];
                    match self.find_close(k + 1, q, q == b'"') {
                        Some(c) => k = c,
                        None => return self.line_end(i),
                    }
                }
                b'\\' => k += 1,
                b'\n' if open == b'{' => return k,
                _ => {}
            }
            k += 1;
        }
        self.end
    }

    /// Index of the next char boundary at or after `k` (for ranges ending inside a character).
    fn boundary(&self, mut k: usize) -> usize {
        while k < self.b.len() && !self.s.is_char_boundary(k) {
            k += 1;
        }
        k
    }

    fn next(&mut self) -> Option<Tok> {
        // Blanks, continuations, comments.
        loop {
            if self.i >= self.end {
                return None;
            }
            match self.b[self.i] {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\\' if self.b.get(self.i + 1) == Some(&b'\n') => self.i += 2,
                b'\\' if self.s[self.i..].starts_with("\\\r\n") => self.i += 3,
                b'#' => self.i = self.line_end(self.i),
                _ => break,
            }
        }
        let c = self.b[self.i];
        match c {
            b'\n' => {
                self.i += 1;
                if let Some((delim, tabs)) = self.pending.take() {
                    self.skip_heredoc(&delim, tabs);
                }
                return Some(Tok::Sep);
            }
            b';' | b'&' | b'|' | b'(' | b')' => {
                self.i += 1;
                return Some(Tok::Sep);
            }
            b'<' if self.s[self.i..].starts_with("<<") && !self.s[self.i..].starts_with("<<<") => {
                self.heredoc();
                return Some(Tok::Sep);
            }
            b'<' | b'>' => {
                self.i += 1;
                return Some(Tok::Sep);
            }
            _ => {}
        }
        let mut w = Word::default();
        while self.i < self.end {
            let i = self.i;
            match self.b[i] {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' => {
                    break;
                }
                b'\\' => match self.b.get(i + 1) {
                    Some(b'\n') if i + 1 < self.end => self.i += 2,
                    Some(_) if i + 1 < self.end => {
                        let ch = self.s[i + 1..].chars().next().unwrap_or(' ');
                        w.push_char(ch, i + 1, false);
                        self.i = i + 1 + ch.len_utf8();
                    }
                    _ => self.i += 1,
                },
                b'\'' => {
                    let e = self
                        .find_close(i + 1, b'\'', false)
                        .unwrap_or_else(|| self.line_end(i));
                    w.push_src(self.s, i + 1, e - i - 1, false);
                    self.i = if e < self.end && self.b[e] == b'\'' {
                        e + 1
                    } else {
                        e
                    };
                }
                b'"' => self.double_quoted(&mut w),
                b'$' if matches!(self.b.get(i + 1), Some(b'(' | b'{')) => {
                    let e = self.boundary(self.construct_end(i).max(i + 1));
                    w.push_src(self.s, i, e - i, true);
                    self.i = e;
                }
                b'`' => {
                    let e = self.boundary(self.construct_end(i).max(i + 1));
                    w.push_src(self.s, i, e - i, true);
                    self.i = e;
                }
                _ => {
                    let n = self.s[i..].chars().next().map_or(1, char::len_utf8);
                    w.push_src(self.s, i, n, true);
                    self.i = i + n;
                }
            }
        }
        Some(Tok::Word(w))
    }

    /// A `"..."` part of a word (at `self.i`): `\` escapes `$`, `` ` ``, `"`, `\`; `$(...)`,
    /// `${...}` and backticks inside open their own quoting context. A quote that does not
    /// close within `MAX_QUOTE_LINES` lines closes at the end of its first line.
    fn double_quoted(&mut self, w: &mut Word) {
        let mut k = self.i + 1;
        let mut lines = 0;
        // (word length, position) at the first line break, to fall back to.
        let mut first_nl: Option<(usize, usize)> = None;
        while k < self.end {
            match self.b[k] {
                b'"' => {
                    self.i = k + 1;
                    return;
                }
                b'\\'
                    if k + 1 < self.end && matches!(self.b[k + 1], b'$' | b'`' | b'"' | b'\\') =>
                {
                    w.push_src(self.s, k + 1, 1, false);
                    k += 2;
                    continue;
                }
                b'\\' if k + 1 < self.end && self.b[k + 1] == b'\n' => {
                    k += 2;
                    continue;
                }
                b'`' => {
                    let e = self.boundary(self.construct_end(k).max(k + 1));
                    w.push_src(self.s, k, e - k, true);
                    k = e;
                    continue;
                }
                b'$' if matches!(self.b.get(k + 1), Some(b'(' | b'{')) => {
                    let e = self.boundary(self.construct_end(k).max(k + 1));
                    w.push_src(self.s, k, e - k, true);
                    k = e;
                    continue;
                }
                b'\n' => {
                    first_nl.get_or_insert((w.text.len(), k));
                    lines += 1;
                    if lines > MAX_QUOTE_LINES {
                        break;
                    }
                }
                _ => {}
            }
            let n = self.s[k..].chars().next().map_or(1, char::len_utf8);
            w.push_src(self.s, k, n, true);
            k += n;
        }
        // Unterminated.
        match first_nl {
            Some((len, at)) => {
                w.text.truncate(len);
                w.map.truncate(len);
                w.expands.truncate(len);
                self.i = at;
            }
            None => self.i = k.min(self.end),
        }
    }

    /// `<<EOF`, `<<-EOF`, `<<'EOF'`: the body's lines are scanned one by one (so `.env`
    /// contents written by a script count), then scanning resumes after the delimiter.
    fn heredoc(&mut self) {
        self.i += 2;
        let tabs = self.b.get(self.i) == Some(&b'-');
        if tabs {
            self.i += 1;
        }
        while self.i < self.end && matches!(self.b[self.i], b' ' | b'\t') {
            self.i += 1;
        }
        if self.i >= self.end || matches!(self.b[self.i], b'\n' | b';' | b'&' | b'|') {
            return;
        }
        let Some(Tok::Word(delim)) = self.next() else {
            return;
        };
        if self.heredocs && !delim.text.is_empty() {
            self.pending = Some((delim.text, tabs));
        }
    }

    /// At the start of a heredoc body: record its lines and move past the delimiter line.
    fn skip_heredoc(&mut self, delim: &str, tabs: bool) {
        while self.i < self.end {
            let e = self.line_end(self.i);
            let line = self.s[self.i..e].trim_end_matches('\r');
            let line = if tabs {
                line.trim_start_matches('\t')
            } else {
                line
            };
            let next = (e + 1).min(self.end);
            if line == delim {
                self.i = next;
                return;
            }
            self.bodies.push((self.i, e));
            self.i = next;
        }
    }
}

/// Scan `text[start..end]` as shell commands.
fn scan_shell(text: &str, start: usize, end: usize, out: &mut Vec<Entry>) {
    let mut sc = Scanner::new(text, start, end, true);
    scan_commands(&mut sc, out);
    for (a, b) in std::mem::take(&mut sc.bodies) {
        let mut body = Scanner::new(text, a, b, false);
        scan_commands(&mut body, out);
    }
}

fn scan_commands(sc: &mut Scanner, out: &mut Vec<Entry>) {
    let mut words: Vec<Word> = Vec::new();
    loop {
        match sc.next() {
            Some(Tok::Word(w)) => words.push(w),
            Some(Tok::Sep) => command(std::mem::take(&mut words), out),
            None => {
                command(words, out);
                return;
            }
        }
    }
}

/// `NAME=` at the start of a word: the position of `=` (names: letters, digits, `_`, `.`, `-`).
fn assignment_name(t: &str) -> Option<usize> {
    let eq = t.find('=')?;
    let name = &t[..eq];
    let first = name.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_')
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return None;
    }
    Some(eq)
}

/// One simple command's words: assignments, `-e NAME=v`, `--flag=v`, `--flag v`.
fn command(words: Vec<Word>, out: &mut Vec<Entry>) {
    let mut k = 0;
    while k < words.len() {
        let w = &words[k];
        let t = w.text.as_str();
        if let Some(eq) = assignment_name(t) {
            value_entry(&t[..eq], w, eq + 1, t.len(), out);
        } else if let Some(flag) = t.strip_prefix("--").or_else(|| t.strip_prefix('-')) {
            let off = t.len() - flag.len();
            match flag.find('=') {
                Some(eq) => {
                    let base = off + eq + 1;
                    let rest = &t[base..];
                    match assignment_name(rest) {
                        // `--env=JWT_SECRET=abc`, `--from-literal=JWT_SECRET=abc`
                        Some(eq2) => value_entry(&rest[..eq2], w, base + eq2 + 1, t.len(), out),
                        // `--jwt-secret=abc`
                        None if off == 2 && eq > 0 => {
                            value_entry(&flag[..eq], w, base, t.len(), out)
                        }
                        None => {}
                    }
                }
                // `--jwt-secret abc`
                None if off == 2 && !flag.is_empty() => {
                    if let Some(next) = words.get(k + 1)
                        && !next.text.starts_with('-')
                        && assignment_name(&next.text).is_none()
                    {
                        value_entry(flag, next, 0, next.text.len(), out);
                        k += 1;
                    }
                }
                None => {}
            }
        }
        k += 1;
    }
}

/// An entry for `name` whose value is `w.text[a..b]`, unless it is not a literal.
fn value_entry(name: &str, w: &Word, a: usize, b: usize, out: &mut Vec<Entry>) {
    let v = &w.text[a..b];
    let path = vec![name.to_string()];
    let exp = &w.expands[a..b];
    // `$RANDOM` anywhere in the value.
    if let Some(p) =
        find_expanding(v, exp, "$RANDOM").or_else(|| find_expanding(v, exp, "${RANDOM}"))
    {
        let len = if v[p..].starts_with("${") { 9 } else { 7 };
        out.push(generated_entry(
            path,
            v[p..p + len].to_string(),
            w.span(a + p, a + p + len),
            weak_random(),
        ));
        return;
    }
    let has_expansion = v
        .bytes()
        .enumerate()
        .any(|(k, c)| exp[k] && ((c == b'$' && k + 1 < v.len()) || c == b'`'));
    if !has_expansion {
        // `printf 'JWT_SECRET=%s\n' "$(...)"`: a format template, not a value.
        if !["%s", "%d", "%b", "%q", "%x"].iter().any(|f| v.contains(f)) {
            out.push(Entry::new(path, v.to_string(), w.span(a, b)));
        }
        return;
    }
    // `$(cmd)`, `` `cmd` ``, `${X:-$(cmd)}`: a generator?
    if let Some((c0, c1)) = substitution(v) {
        if let Some(g) = classify_command(&v[c0..c1]) {
            out.push(generated_entry(path, v.to_string(), w.span(a, b), g));
        }
        return;
    }
    // Exactly one `${...}`: the engine reads a default out of it.
    if v.starts_with("${") && v.ends_with('}') && v.matches('$').count() == 1 {
        out.push(Entry::new(path, v.to_string(), w.span(a, b)));
    }
}

fn weak_random() -> Generated {
    Generated {
        kind: GenKind::Weak,
        name: "$RANDOM".into(),
        bytes: None,
    }
}

fn generated_entry(path: Vec<String>, value: String, span: Span, g: Generated) -> Entry {
    let mut e = Entry::new(path, value, span);
    e.generated = Some(g);
    e
}

fn find_expanding(v: &str, exp: &[bool], pat: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = v[from..].find(pat) {
        let p = from + p;
        let end_ok = !v[p + pat.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if exp[p] && end_ok {
            return Some(p);
        }
        from = p + 1;
    }
    None
}

/// The command inside a value that is one command substitution (possibly as a `${X:-...}`
/// default): its byte range in `v`.
fn substitution(v: &str) -> Option<(usize, usize)> {
    let (inner, off) = match v.strip_prefix("${") {
        Some(r) => {
            let r = r.strip_suffix('}')?;
            let d = r.find(":-").or_else(|| r.find(":="))?;
            (&r[d + 2..], 2 + d + 2)
        }
        None => (v, 0),
    };
    if let Some(cmd) = inner.strip_prefix("$(").and_then(|r| r.strip_suffix(')')) {
        let start = off + 2;
        let trimmed = cmd.strip_prefix("shell ").unwrap_or(cmd);
        let start = start + (cmd.len() - trimmed.len());
        return Some((start, start + trimmed.len()));
    }
    if inner.len() >= 2 && inner.starts_with('`') && inner.ends_with('`') {
        return Some((off + 1, off + inner.len() - 1));
    }
    None
}

fn regexes() -> &'static [(Regex, &'static str)] {
    static R: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    R.get_or_init(|| {
        [
            (
                r"openssl\s+rand\s+(?:-(?:hex|base64)\s+)?(?:-out\s+\S+\s+)?(\d+)\b",
                "openssl rand",
            ),
            (
                r"head\s+-c\s*(\d+)\s+(?:<\s*)?/dev/u?random",
                "/dev/urandom",
            ),
            (r"/dev/u?random\s*\|\s*head\s+-c\s*(\d+)\b", "/dev/urandom"),
            (
                r"\btoken_(?:hex|bytes|urlsafe)\(\s*(\d+)\s*\)",
                "secrets.token_hex",
            ),
            (r"\burandom\(\s*(\d+)\s*\)", "os.urandom"),
            (r"\brandomBytes\(\s*(\d+)\s*\)", "crypto.randomBytes"),
            (r"\brandom_bytes\(\s*(\d+)\s*\)", "random_bytes"),
            (
                r"\bSecureRandom\.(?:hex|base64|urlsafe_base64|random_bytes)\(\s*(\d+)\s*\)",
                "SecureRandom.hex",
            ),
        ]
        .into_iter()
        .filter_map(|(p, n)| Regex::new(p).ok().map(|r| (r, n)))
        .collect()
    })
}

/// What a command substitution produces, when it is a generator jwtlint can judge.
/// The generator's name is the command as written (`$(openssl rand -hex 16)`), so messages show
/// the user their own code.
pub fn classify_command(cmd: &str) -> Option<Generated> {
    let c = cmd.trim();
    let shown = {
        let mut t: String = c.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() > 60 {
            t = t.chars().take(59).collect::<String>() + "…";
        }
        format!("$({t})")
    };
    if c.contains("$RANDOM") || c.contains("${RANDOM}") {
        return Some(weak_random());
    }
    let words: Vec<&str> = c
        .split(|ch: char| ch.is_whitespace() || matches!(ch, '|' | ';' | '&' | '(' | ')' | '`'))
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .iter()
        .any(|w| *w == "uuidgen" || w.ends_with("/proc/sys/kernel/random/uuid"))
        || c.contains("uuid4()")
        || c.contains("randomUUID()")
    {
        return Some(Generated {
            kind: GenKind::Uuid,
            name: shown,
            bytes: None,
        });
    }
    if words.contains(&"date") {
        return Some(Generated {
            kind: GenKind::Time,
            name: shown,
            bytes: None,
        });
    }
    for (re, _) in regexes() {
        if let Some(m) = re.captures(c)
            && let Some(n) = m.get(1).and_then(|n| n.as_str().parse::<u64>().ok())
        {
            return Some(Generated {
                kind: GenKind::Csprng,
                name: shown,
                bytes: Some(n),
            });
        }
    }
    None
}

/// Shell scripts and Makefiles.
pub fn parse(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut pos = 0;
    // Runs of lines that are not Make assignments are scanned as shell.
    let mut shell_from = 0;
    // Whether the previous line ends with `\` (this line continues it).
    let mut continued = false;
    while pos < b.len() {
        let e = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |k| pos + k);
        let was_continued = continued;
        continued = text[pos..e].trim_end_matches('\r').ends_with('\\');
        // Only at the start of a line that does not continue the previous one.
        if !was_continued && let Some(entries) = make_assignment(text, pos, e) {
            if shell_from < pos {
                scan_shell(text, shell_from, pos, &mut out);
            }
            out.extend(entries);
            shell_from = (e + 1).min(b.len());
        }
        pos = e + 1;
    }
    if shell_from < b.len() {
        scan_shell(text, shell_from, b.len(), &mut out);
    }
    out.sort_by_key(|e| e.span.start);
    out
}

fn make_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"^ *(?:(?:export|override)[ \t]+)*([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*)(\?=|:::=|::=|:=|\+=|!=|=)[ \t]*",
        )
        .expect("valid regex")
    })
}

/// `NAME ?= value` and friends (a plain `=` needs white space before it: `NAME=value` is left to
/// the shell scanner). `Some(entries)` when the line is a Make assignment.
fn make_assignment(text: &str, start: usize, end: usize) -> Option<Vec<Entry>> {
    let line = &text[start..end];
    if line.starts_with('\t') {
        return None;
    }
    let m = make_re().captures(line)?;
    let op = m.get(3)?.as_str();
    if op == "=" && m.get(2)?.as_str().is_empty() {
        return None;
    }
    let name = m.get(1)?.as_str();
    let vstart = m.get(0)?.end();
    // The value runs to an unescaped `#` (a Make comment) or the line end.
    let lb = line.as_bytes();
    let vend = (vstart..lb.len())
        .find(|&k| lb[k] == b'#' && lb[k - 1] != b'\\')
        .unwrap_or(lb.len());
    let raw = line[vstart..vend].trim_end();
    let mut a = start + vstart;
    let mut z = a + raw.len();
    let mut v = raw;
    if v.len() >= 2
        && (v.starts_with('"') && v.ends_with('"') || v.starts_with('\'') && v.ends_with('\''))
    {
        v = &v[1..v.len() - 1];
        a += 1;
        z -= 1;
    }
    let path = vec![name.to_string()];
    let span = Span::new(a as u32, z as u32);
    let mut out = Vec::new();
    if op == "!=" {
        if let Some(g) = classify_command(v) {
            out.push(generated_entry(path, v.to_string(), span, g));
        }
        return Some(out);
    }
    if let Some((c0, c1)) = substitution(v) {
        if let Some(g) = classify_command(&v[c0..c1]) {
            out.push(generated_entry(path, v.to_string(), span, g));
        }
    } else if !v.contains('$') {
        // `?=` only assigns when the variable is not set (in the environment either).
        let value = if op == "?=" {
            super::fallback_value(name, v, span).unwrap_or_else(|| v.to_string())
        } else {
            v.to_string()
        };
        out.push(Entry::new(path, value, span));
    } else if v.starts_with("${") && v.ends_with('}') && v.matches('$').count() == 1 {
        out.push(Entry::new(path, v.to_string(), span));
    }
    Some(out)
}

/// Dockerfiles: `ENV`, `ARG` and shell-form `RUN`/`CMD`/`ENTRYPOINT`.
pub fn parse_dockerfile(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // `# escape=`` ` `` makes the backtick the line-continuation character.
    let escape = text
        .lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .find_map(|l| {
            let d = l.trim_start().trim_start_matches('#').trim();
            d.strip_prefix("escape=")
                .map(|e| e.trim().as_bytes().first().copied())
        })
        .flatten()
        .unwrap_or(b'\\');
    let line_end = |p: usize| memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |k| p + k);
    while pos < b.len() {
        let e = line_end(pos);
        let line = &text[pos..e];
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            pos = e + 1;
            continue;
        }
        // The instruction continues while a line ends with the escape character; comment
        // and blank lines inside it are dropped (they do not end it).
        let continues =
            |l: &str| l.trim_end_matches(['\r', ' ', '\t']).as_bytes().last() == Some(&escape);
        let mut end = e;
        let mut cont = continues(line);
        while cont && end < b.len() {
            let ns = end + 1;
            end = line_end(ns);
            let l = &text[ns..end];
            let lt = l.trim_start();
            if !(lt.starts_with('#') || lt.trim_end().is_empty()) {
                cont = continues(l);
            }
        }
        let istart = pos + (line.len() - t.len());
        let kw_end = t.find(char::is_whitespace).unwrap_or(t.len());
        let kw = t[..kw_end].to_ascii_uppercase();
        let args = istart + kw_end;
        match kw.as_str() {
            "ENV" | "ARG" if escape == b'\\' => docker_env(text, args, end, kw == "ENV", &mut out),
            "RUN" | "CMD" | "ENTRYPOINT"
                if escape == b'\\' && !text[args..end].trim_start().starts_with('[') =>
            {
                scan_shell(text, args, end, &mut out);
            }
            _ => {}
        }
        pos = end + 1;
    }
    out
}

fn docker_env(text: &str, start: usize, end: usize, env: bool, out: &mut Vec<Entry>) {
    let rest = text[start..end].trim_start();
    let rstart = end - rest.len();
    let first = rest.split_whitespace().next().unwrap_or("");
    if env && !first.is_empty() && !first.contains('=') {
        // Legacy `ENV KEY value with spaces`: the rest of the instruction, quotes removed.
        let after = &rest[first.len()..];
        let v = after.trim();
        if v.is_empty() {
            return;
        }
        let a = rstart + first.len() + (after.len() - after.trim_start().len());
        let mut sc = Scanner::new(text, a, a + v.len(), false);
        let mut w = Word::default();
        while let Some(tok) = sc.next() {
            if let Tok::Word(x) = tok {
                if !w.text.is_empty() {
                    // Words are joined by one space.
                    let at = w.map.last().map_or(a, |&m| m as usize + 1);
                    w.push_char(' ', at, false);
                }
                w.text.push_str(&x.text);
                w.map.extend(x.map);
                w.expands.extend(x.expands);
            }
        }
        let n = w.text.len();
        value_entry(first, &w, 0, n, out);
        return;
    }
    let mut sc = Scanner::new(text, rstart, end, false);
    while let Some(tok) = sc.next() {
        if let Tok::Word(w) = tok
            && let Some(eq) = assignment_name(&w.text)
        {
            let n = w.text.len();
            value_entry(&w.text[..eq], &w, eq + 1, n, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, String, String, Option<GenKind>, Option<u64>);

    fn kv(t: &str, f: fn(&str) -> Vec<Entry>) -> Vec<Row> {
        f(t).into_iter()
            .map(|e| {
                (
                    e.path.join("."),
                    e.value,
                    t[e.span.range()].to_string(),
                    e.generated.as_ref().map(|g| g.kind),
                    e.generated.and_then(|g| g.bytes),
                )
            })
            .collect()
    }

    fn s(a: &str, b: &str, c: &str) -> Row {
        (a.into(), b.into(), c.into(), None, None)
    }

    fn g(a: &str, c: &str, k: GenKind, n: Option<u64>) -> Row {
        (a.into(), c.into(), c.into(), Some(k), n)
    }

    #[test]
    fn shell_forms() {
        let t = r#"#!/bin/sh
# JWT_SECRET=commented
export JWT_SECRET=abc
JWT_SECRET="q r" node app.js
A='x$y' B=$C D="$E" F=${G:-dflt} P='%s\n'
printf 'Q=%s\n' "$(openssl rand -hex 32)"
docker run -e TOKEN_SECRET=t1 --env=K2=v2 \
  --build-arg K3="v 3" --jwt-secret s4 --flag=x img
K=$(openssl rand -hex 16); L=`date +%s | sha256sum`; M=$RANDOM$RANDOM
N="${N:-$(openssl rand -base64 48)}"
cat > .env <<EOF
H1=heredoc
EOF
echo 'unclosed
Z=after
"#;
        let got = kv(t, parse);
        assert_eq!(
            got,
            [
                s("JWT_SECRET", "abc", "abc"),
                s("JWT_SECRET", "q r", "q r"),
                s("A", "x$y", "x$y"),
                s("F", "${G:-dflt}", "${G:-dflt}"),
                s("TOKEN_SECRET", "t1", "t1"),
                s("K2", "v2", "v2"),
                s("K3", "v 3", "v 3"),
                s("jwt-secret", "s4", "s4"),
                s("flag", "x", "x"),
                g("K", "$(openssl rand -hex 16)", GenKind::Csprng, Some(16)),
                g("L", "`date +%s | sha256sum`", GenKind::Time, None),
                g("M", "$RANDOM", GenKind::Weak, None),
                g(
                    "N",
                    "${N:-$(openssl rand -base64 48)}",
                    GenKind::Csprng,
                    Some(48)
                ),
                s("H1", "heredoc", "heredoc"),
                s("Z", "after", "after"),
            ]
        );
    }

    #[test]
    fn make_forms() {
        let t = "JWT_SECRET ?= abc # c\nB := \"q\"\nexport C = v\nD != openssl rand -hex 8\nE = $(shell date +%s)\nF=$(JWT)\nbuild:\n\tJWT_SECRET=rec ./run\n";
        let got = kv(t, parse);
        assert_eq!(
            got,
            [
                s("JWT_SECRET", "${JWT_SECRET:-abc}", "abc"),
                s("B", "q", "q"),
                s("C", "v", "v"),
                g("D", "openssl rand -hex 8", GenKind::Csprng, Some(8)),
                g("E", "$(shell date +%s)", GenKind::Time, None),
                s("JWT_SECRET", "rec", "rec"),
            ]
        );
    }

    #[test]
    fn dockerfile_forms() {
        let t = "# syntax=docker/dockerfile:1\nFROM node:20\nARG JWT_SECRET=argval\nARG ONLY\nENV JWT_SECRET=envval OTHER=\"two words\" \\\n    THIRD=${JWT_SECRET:-fb}\nENV LEGACY some value\nenv REF=$JWT_SECRET\nRUN export X=1 && \\\n# c\n\n    echo \"JWT_SECRET=inrun\" > .env\nCMD [\"node\", \"--jwt-secret=exec\"]\n";
        let got = kv(t, parse_dockerfile);
        assert_eq!(
            got,
            [
                s("JWT_SECRET", "argval", "argval"),
                s("JWT_SECRET", "envval", "envval"),
                s("OTHER", "two words", "two words"),
                s("THIRD", "${JWT_SECRET:-fb}", "${JWT_SECRET:-fb}"),
                s("LEGACY", "some value", "some value"),
                s("X", "1", "1"),
                s("JWT_SECRET", "inrun", "inrun"),
            ]
        );
    }

    #[test]
    fn generators() {
        let c = |s: &str| classify_command(s).map(|g| (g.kind, g.bytes));
        assert_eq!(c("openssl rand -hex 32"), Some((GenKind::Csprng, Some(32))));
        assert_eq!(
            c("openssl rand 24 | base64"),
            Some((GenKind::Csprng, Some(24)))
        );
        assert_eq!(
            c("head -c 16 /dev/urandom | base64"),
            Some((GenKind::Csprng, Some(16)))
        );
        assert_eq!(
            c("python3 -c 'import secrets; print(secrets.token_hex(8))'"),
            Some((GenKind::Csprng, Some(8)))
        );
        assert_eq!(c("uuidgen"), Some((GenKind::Uuid, None)));
        assert_eq!(
            c("cat /proc/sys/kernel/random/uuid"),
            Some((GenKind::Uuid, None))
        );
        assert_eq!(c("date | md5sum"), Some((GenKind::Time, None)));
        assert_eq!(c("cat /run/secrets/jwt"), None);
        assert_eq!(c("vault kv get -field=secret kv/jwt"), None);
        assert_eq!(c("update"), None);
    }

    #[test]
    fn garbage() {
        for t in [
            "\\",
            "'",
            "\"",
            "$(",
            "${",
            "`",
            "A=\"$(\"",
            "A=$(((",
            "<<",
            "cat <<",
            "cat <<EOF",
            "cat <<EOF\n",
            "A=\\",
            "é=ü",
            "A=\"é\\",
            "--",
            "-=",
            "--=",
            "A=${X:-$(",
            "x\\\r\n",
            "A='é",
            "\t",
            "D != ",
            "X ?= \"",
            "A=`é",
            "A=\"`é",
            "A=\"$(é",
            "A=\"${é",
            "A=$é",
            "A=${é",
            "A=$(é",
            "ENV RUN \\\u{feff}",
        ] {
            crate::formats::assert_spans(t, &parse(t));
            crate::formats::assert_spans(t, &parse_dockerfile(t));
            let _ = parse_dockerfile(&format!("ENV {t}"));
            let _ = parse_dockerfile(&format!("ENV X {t}"));
            let _ = parse_dockerfile(&format!("RUN {t}"));
        }
        let n = 100_000;
        let _ = parse(&format!("A={}", "$(".repeat(n)));
        let _ = parse(&format!("A={}", "${".repeat(n)));
        let _ = parse(&"\"\n".repeat(n));
        let _ = parse(&"'".repeat(n));
        let _ = parse(&"a \\\n".repeat(n));
        let _ = parse_dockerfile(&"RUN a \\\n".repeat(n));
    }
}
