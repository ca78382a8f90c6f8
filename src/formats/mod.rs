//! Configuration formats parsed with spans into key/value entries. A finding points at the
//! value's line and column; values are decoded (quotes, escapes) before they are judged.

pub mod dotenv;
pub mod json;
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
        ConfigFormat::Yaml => yaml::parse(text),
        _ => Vec::new(),
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
