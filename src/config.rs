//! jwtlint.toml: discovered by walking up from the scanned path (`jwtlint.toml`,
//! `.jwtlint.toml`, or `[tool.jwtlint]` in pyproject.toml), or given with `--config`; ignored with
//! `--isolated`. Unknown keys and bad values are errors naming the key and the file.

use crate::finding::{RuleId, Severity};
use anyhow::{Context, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file as written. Field names are the TOML keys.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    /// Only scan paths matching these globs (relative to the config file's folder).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Never scan paths matching these globs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Lowest severity that makes the exit status 1: "error" (default), "warning" or "never".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<String>,
    /// Per rule: "off", "on", "warning" or "error".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Secrets::is_empty")]
    pub secrets: Secrets,
    /// Minimum key bytes per algorithm (raises RFC 7518 sizes; never lowers them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub min_key_bytes: BTreeMap<String, usize>,
    /// Analyse test code too (skipped by default: tests sign with throwaway keys on purpose).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub include_tests: bool,
    /// Extra rule files in the rules/*.toml format (sinks, generators, env lookups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_files: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Secrets {
    /// Extra names that hold JWT secrets (matched like built-in names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Extra values that count as known-weak secrets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_weak: Vec<String>,
}

impl Secrets {
    fn is_empty(&self) -> bool {
        self.names.is_empty() && self.known_weak.is_empty()
    }
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Deserialize)]
struct PyTool {
    jwtlint: Option<toml::Value>,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub file: FileConfig,
    pub source: Option<PathBuf>,
    pub root: PathBuf,
}

/// Configuration and rule files larger than this are refused (a hostile repository's
/// `rule-files = ["/dev/zero"]` is refused too: only regular files are read).
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

pub const NAMES: [&str; 2] = ["jwtlint.toml", ".jwtlint.toml"];

/// Find the configuration for a scan of `start`: the nearest jwtlint.toml / .jwtlint.toml /
/// pyproject.toml with `[tool.jwtlint]` in `start` or its parents.
pub fn discover(start: &Path) -> Result<Loaded> {
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        for n in NAMES {
            let p = d.join(n);
            if p.is_file() {
                return load(&p);
            }
        }
        let py = d.join("pyproject.toml");
        if py.is_file() {
            let text = crate::source::fs::read_regular_text(&py, MAX_CONFIG_BYTES)
                .with_context(|| format!("cannot read {}", py.display()))?;
            let parsed: PyProject =
                toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", py.display()))?;
            if let Some(v) = parsed.tool.and_then(|t| t.jwtlint) {
                let file: FileConfig = v.try_into().map_err(|e: toml::de::Error| {
                    anyhow::anyhow!("{} [tool.jwtlint]: {e}", py.display())
                })?;
                validate(&file, &py)?;
                return Ok(Loaded {
                    file,
                    source: Some(py),
                    root: d.to_path_buf(),
                });
            }
        }
        dir = d.parent();
    }
    Ok(Loaded {
        file: FileConfig::default(),
        source: None,
        root: std::env::current_dir().unwrap_or_default(),
    })
}

/// Load an explicit configuration file.
pub fn load(path: &Path) -> Result<Loaded> {
    let text = crate::source::fs::read_regular_text(path, MAX_CONFIG_BYTES)
        .with_context(|| format!("cannot read config {}", path.display()))?;
    let file: FileConfig = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        let parsed: PyProject =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        match parsed.tool.and_then(|t| t.jwtlint) {
            Some(v) => v.try_into().map_err(|e: toml::de::Error| {
                anyhow::anyhow!("{} [tool.jwtlint]: {e}", path.display())
            })?,
            None => FileConfig::default(),
        }
    } else {
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
    };
    validate(&file, path)?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    Ok(Loaded {
        file,
        source: Some(path.to_path_buf()),
        root,
    })
}

fn validate(c: &FileConfig, path: &Path) -> Result<()> {
    for (rule, setting) in &c.rules {
        if RuleId::parse(rule).is_none() {
            bail!(
                "{}: unknown rule `{rule}` in [rules] (see `jwtlint rules`)",
                path.display()
            );
        }
        if !matches!(setting.as_str(), "off" | "on" | "warning" | "error") {
            bail!(
                "{}: [rules] {rule} = {setting:?}: expected \"off\", \"on\", \"warning\" or \"error\"",
                path.display()
            );
        }
    }
    if let Some(f) = &c.fail_on
        && !matches!(f.as_str(), "error" | "warning" | "never")
    {
        bail!(
            "{}: fail-on = {f:?}: expected \"error\", \"warning\" or \"never\"",
            path.display()
        );
    }
    for (alg, n) in &c.min_key_bytes {
        if !matches!(alg.as_str(), "HS256" | "HS384" | "HS512") {
            bail!(
                "{}: [min-key-bytes] {alg}: expected HS256, HS384 or HS512",
                path.display()
            );
        }
        if *n == 0 || *n > 4096 {
            bail!(
                "{}: [min-key-bytes] {alg} = {n}: expected 1..=4096",
                path.display()
            );
        }
    }
    for g in c.include.iter().chain(&c.exclude) {
        Glob::new(g).map_err(|e| anyhow::anyhow!("{}: bad glob {g:?}: {e}", path.display()))?;
    }
    Ok(())
}

impl FileConfig {
    /// Rules switched off.
    pub fn disabled(&self) -> Vec<RuleId> {
        self.rules
            .iter()
            .filter(|(_, v)| v.as_str() == "off")
            .filter_map(|(k, _)| RuleId::parse(k))
            .collect()
    }
    /// Severity overrides.
    pub fn severities(&self) -> BTreeMap<RuleId, Severity> {
        self.rules
            .iter()
            .filter_map(|(k, v)| Some((RuleId::parse(k)?, Severity::parse(v)?)))
            .collect()
    }
}

/// include/exclude globs, matched against display paths relative to the config root.
#[derive(Debug)]
pub struct PathFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
    /// Display-path prefix of the config root (empty when it is the current directory).
    prefix: String,
}

impl PathFilter {
    pub fn new(include: &[String], exclude: &[String], root: &Path) -> Result<PathFilter> {
        let build = |globs: &[String]| -> Result<GlobSet> {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                // `fixtures/` and `fixtures` mean the folder and everything below it.
                let g = g.trim_end_matches('/');
                b.add(Glob::new(g)?);
                b.add(Glob::new(&format!("{g}/**"))?);
            }
            Ok(b.build()?)
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
        let prefix = match root.strip_prefix(&cwd) {
            Ok(rel) if !rel.as_os_str().is_empty() => {
                format!("{}/", rel.to_string_lossy().replace('\\', "/"))
            }
            _ => String::new(),
        };
        Ok(PathFilter {
            include: if include.is_empty() {
                None
            } else {
                Some(build(include)?)
            },
            exclude: build(exclude)?,
            prefix,
        })
    }

    /// True when a display path should be scanned.
    pub fn allows(&self, display: &str) -> bool {
        let rel = display.strip_prefix(&self.prefix).unwrap_or(display);
        if self.exclude.is_match(rel) {
            return false;
        }
        match &self.include {
            Some(i) => i.is_match(rel),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors() {
        let dir = std::env::temp_dir().join(format!("jwtlint-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("jwtlint.toml");
        std::fs::write(&p, "exclude = [\"x\"]\nbogus = 1\n").unwrap();
        let e = load(&p).unwrap_err().to_string();
        assert!(e.contains("bogus") && e.contains("jwtlint.toml"), "{e}");
        std::fs::write(&p, "[rules]\nweak-key = \"loud\"\n").unwrap();
        let e = load(&p).unwrap_err().to_string();
        assert!(e.contains("weak-key") && e.contains("loud"), "{e}");
        std::fs::write(&p, "[rules]\nno-such-rule = \"off\"\n").unwrap();
        assert!(load(&p).unwrap_err().to_string().contains("no-such-rule"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn filter() {
        let f = PathFilter::new(
            &[],
            &["fixtures/".into(), "**/*.test.js".into()],
            &std::env::current_dir().unwrap(),
        )
        .unwrap();
        assert!(!f.allows("fixtures/js/a.js"));
        assert!(!f.allows("src/a.test.js"));
        assert!(f.allows("src/a.js"));
    }
}
