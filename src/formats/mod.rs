//! Configuration formats parsed with spans into key/value entries. A finding points at the
//! value's line and column; values are decoded (quotes, escapes) before they are judged.

pub mod dotenv;
pub mod hocon;
pub mod json;
pub mod properties;
pub mod shell;
pub mod terraform;
pub mod toml_cfg;
pub mod yaml;

use crate::facts::Span;
use crate::lang::ConfigFormat;

/// One scalar value at a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Key path from the document root (`["jwt", "secret"]`, `["services", "api", "environment", "JWT_SECRET"]`).
    pub path: Vec<String>,
    /// The value as the application reads it (quotes removed, escapes decoded).
    pub value: String,
    /// Byte range of the value text in the file.
    pub span: Span,
    /// The value is base64 of the real secret (Kubernetes Secret `data:`).
    pub base64: bool,
    /// The value is produced by a command when the file runs (`$(openssl rand -hex 16)`,
    /// `$RANDOM`): `span` is then the generator's text and `value` is that text.
    pub generated: Option<Generated>,
}

/// A value a script generates instead of storing (shell command substitutions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `Csprng` (with `bytes`), `Weak`, `Uuid` or `Time`.
    pub kind: crate::ruleset::GenKind,
    /// What generates it, as it reads in a message (`openssl rand`, `date`, `$RANDOM`).
    pub name: String,
    /// Bytes of randomness asked for (CSPRNG only).
    pub bytes: Option<u64>,
}

impl Entry {
    /// A plain literal entry.
    pub fn new(path: Vec<String>, value: String, span: Span) -> Entry {
        Entry {
            path,
            value,
            span,
            base64: false,
            generated: None,
        }
    }
}

/// A literal that applies only while the environment variable `name` is unset (HOCON `x = "a"`
/// then `x = ${?NAME}`, Make `NAME ?= a`), written as the engine reads fallbacks:
/// `${NAME:-literal}`. The entry keeps the literal's span, so the finding points at the literal.
/// `None` when the literal cannot be wrapped (empty, or containing `}` / `${`), or when the
/// wrapped text would be as long as the span (the engine would then map offsets into the span).
pub fn fallback_value(name: &str, literal: &str, span: Span) -> Option<String> {
    if literal.is_empty() || literal.contains('}') || literal.contains("${") || name.is_empty() {
        return None;
    }
    let wrapped = format!("${{{name}:-{literal}}}");
    (wrapped.len() != (span.end - span.start) as usize).then_some(wrapped)
}

/// Files that are generated lock or dependency manifests: never hand-written secrets.
pub fn is_lockfile(lower_name: &str) -> bool {
    matches!(
        lower_name,
        "package-lock.json"
            | "npm-shrinkwrap.json"
            | "pnpm-lock.yaml"
            | "yarn.lock"
            | "composer.lock"
            | "pipfile.lock"
            | "poetry.lock"
            | "cargo.lock"
            | "gemfile.lock"
            | "packages.lock.json"
            | "project.assets.json"
            | "deno.lock"
            | "bun.lock"
            | "custom-environment-variables.json"
            | "custom-environment-variables.yml"
            | "custom-environment-variables.yaml"
    ) || lower_name.ends_with(".lock")
}

/// Parse a configuration file into entries. Never fails: malformed input yields what parsed.
pub fn entries(format: ConfigFormat, text: &str) -> Vec<Entry> {
    match format {
        ConfigFormat::Dotenv => dotenv::parse(text),
        ConfigFormat::Json => json::parse(text),
        ConfigFormat::Yaml => {
            let mut es = yaml::parse(text);
            let scripts = yaml_scripts(&es, text);
            es.extend(scripts);
            es
        }
        ConfigFormat::Properties => properties::parse(text),
        ConfigFormat::Toml => toml_cfg::parse(text),
        ConfigFormat::Hocon => hocon::parse(text),
        ConfigFormat::Shell => shell::parse(text),
        ConfigFormat::Dockerfile => shell::parse_dockerfile(text),
        ConfigFormat::Terraform => terraform::parse(text),
    }
}

/// Shell embedded in YAML: CI steps (`run:` in GitHub Actions, `script:` in GitLab CI and
/// friends) are scanned like shell scripts, so `kubectl create secret --from-literal=JWT_SECRET=x`
/// in a deploy job is seen. Only plain and block scalars qualify: their source text is the
/// script itself (indentation aside), so the shell parser's offsets map straight into the file.
fn yaml_scripts(es: &[Entry], text: &str) -> Vec<Entry> {
    const SCRIPT_KEYS: &[&str] = &[
        "run",
        "script",
        "before_script",
        "after_script",
        "command",
        "commands",
    ];
    let mut out = Vec::new();
    for e in es {
        let is_script = e
            .path
            .iter()
            .rev()
            .take(2)
            .any(|k| SCRIPT_KEYS.contains(&k.as_str()));
        if !is_script || !e.value.contains('=') && !e.value.contains("--") {
            continue;
        }
        if text[e.span.start as usize..].starts_with(['"', '\'']) {
            continue;
        }
        let (start, end) = script_extent(text, e.span);
        for mut inner in shell::parse(&text[start..end]) {
            inner.span = Span::new(
                inner.span.start + start as u32,
                inner.span.end + start as u32,
            );
            out.push(inner);
        }
    }
    out
}

/// The source range of a YAML script scalar: from its first character over the following lines
/// indented at least as deep (a block scalar's body; a plain scalar's continuation lines).
fn script_extent(text: &str, span: Span) -> (usize, usize) {
    let start = span.start as usize;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let col = start - line_start;
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    while end < text.len() {
        let next = end + 1;
        let line_end = text[next..].find('\n').map_or(text.len(), |i| next + i);
        let line = &text[next..line_end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if !line.trim().is_empty() && indent < col {
            break;
        }
        end = line_end;
    }
    (start, end.max(span.end as usize).min(text.len()))
}

/// Test helper: every entry's span is a valid range of `text`.
#[cfg(test)]
pub(crate) fn assert_spans(text: &str, entries: &[Entry]) {
    for e in entries {
        assert!(
            text.get(e.span.range()).is_some(),
            "bad span {e:?} in {text:?}"
        );
    }
}

/// `KEY=VALUE` inside a list item or shell word: (key, value, value offset).
pub fn split_assignment(s: &str) -> Option<(&str, &str, usize)> {
    let eq = s.find('=')?;
    let key = s[..eq].trim();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return None;
    }
    let raw = &s[eq + 1..];
    let lead = raw.len() - raw.trim_start().len();
    Some((key, raw.trim(), eq + 1 + lead))
}
