//! Library versions pinned by the project: the nearest manifest or lockfile above a source file
//! says which version of a JWT library the code runs against, so a finding can follow that
//! version's behaviour (jsonwebtoken 8 takes the algorithm from the token header, 9 does not;
//! express-jwt 6 refuses to start without `algorithms`; PyJWT 1 decodes with any algorithm).
//!
//! Read: package.json, package-lock.json, requirements*.txt, pyproject.toml, poetry.lock,
//! uv.lock, Pipfile.lock, go.mod, pom.xml, build.gradle(.kts), *.csproj, composer.json,
//! composer.lock, Gemfile, Gemfile.lock, Cargo.toml, Cargo.lock. A lockfile's exact version wins
//! over a manifest's range; a range counts as its lower bound (`^8.5.1` -> 8.5.1).
//! Manifests are read lazily, once per folder, only when a rule asks.

use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A library version and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    pub version: String,
    /// Display path of the manifest or lockfile.
    pub manifest: String,
}

/// Packages pinned by the manifests of one folder.
type DirVersions = HashMap<String, Pinned>;

/// Finds the versions that apply to a file; shared by all scan threads.
#[derive(Debug, Default)]
pub struct Index {
    dirs: Mutex<HashMap<PathBuf, Arc<DirVersions>>>,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// The version of `package` pinned nearest above `file` (its folder first, then up to the
    /// repository root, or the working folder for a relative path).
    pub fn pinned(&self, file: &str, package: &str) -> Option<Pinned> {
        let key = normalize_package(package);
        let mut dir = Path::new(file).parent().map(Path::to_path_buf);
        for _ in 0..12 {
            let d = dir?;
            let d = if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d
            };
            let versions = self.dir(&d);
            if let Some(p) = versions.get(&key) {
                return Some(p.clone());
            }
            if d == Path::new(".") || d.join(".git").exists() {
                return None;
            }
            // A relative path stops at the working folder (where the scan was started).
            dir = match d.parent() {
                Some(p) if p != d => Some(p.to_path_buf()),
                _ => None,
            };
        }
        None
    }

    fn dir(&self, d: &Path) -> Arc<DirVersions> {
        if let Some(v) = self.dirs.lock().unwrap_or_else(|p| p.into_inner()).get(d) {
            return v.clone();
        }
        let v = Arc::new(read_dir_manifests(d));
        self.dirs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(d.to_path_buf(), v.clone());
        v
    }
}

/// Package names compared case-insensitively, `_` and `.` as `-` (PyPI), Go major suffixes
/// dropped (`github.com/golang-jwt/jwt/v5` -> `github.com/golang-jwt/jwt`).
pub fn normalize_package(name: &str) -> String {
    let mut n = name.trim().to_ascii_lowercase().replace('_', "-");
    if let Some((head, tail)) = n.rsplit_once("/v")
        && !tail.is_empty()
        && tail.chars().all(|c| c.is_ascii_digit())
    {
        n = head.to_string();
    }
    n
}

fn read_dir_manifests(d: &Path) -> DirVersions {
    let mut out = DirVersions::new();
    let Ok(rd) = std::fs::read_dir(d) else {
        return out;
    };
    let mut names: Vec<String> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // Manifests first, lockfiles last: the exact locked version overrides a range.
    names.sort_by_key(|n| (is_lock(n), n.clone()));
    for name in names {
        let lower = name.to_ascii_lowercase();
        if !is_manifest(&lower) {
            continue;
        }
        let path = d.join(&name);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.len() > 32 * 1024 * 1024 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let display = crate::source::display_path(&path);
        for (pkg, version) in parse_manifest(&lower, &text) {
            if let Some(v) = clean_version(&version) {
                out.insert(
                    normalize_package(&pkg),
                    Pinned {
                        version: v,
                        manifest: display.clone(),
                    },
                );
            }
        }
    }
    out
}

fn is_lock(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.ends_with(".lock") || l == "package-lock.json" || l == "pipfile.lock"
}

fn is_manifest(lower: &str) -> bool {
    matches!(
        lower,
        "package.json"
            | "package-lock.json"
            | "pyproject.toml"
            | "poetry.lock"
            | "uv.lock"
            | "pipfile.lock"
            | "go.mod"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "composer.json"
            | "composer.lock"
            | "gemfile"
            | "gemfile.lock"
            | "cargo.toml"
            | "cargo.lock"
    ) || (lower.starts_with("requirements") && lower.ends_with(".txt"))
        || lower.ends_with(".csproj")
}

/// `(package, version text)` pairs of one manifest or lockfile.
pub fn parse_manifest(lower_name: &str, text: &str) -> Vec<(String, String)> {
    match lower_name {
        "package.json" | "composer.json" => json_deps(text),
        "package-lock.json" => package_lock(text),
        "pipfile.lock" => pipfile_lock(text),
        "composer.lock" => composer_lock(text),
        "pyproject.toml" => pyproject(text),
        "poetry.lock" | "uv.lock" | "cargo.lock" => toml_packages(text),
        "cargo.toml" => cargo_toml(text),
        "go.mod" => go_mod(text),
        "pom.xml" => pom(text),
        "build.gradle" | "build.gradle.kts" => gradle(text),
        "gemfile" => gemfile(text),
        "gemfile.lock" => gemfile_lock(text),
        n if n.ends_with(".csproj") => csproj(text),
        _ => requirements(text),
    }
}

/// The first dotted number in a version text: `^8.5.1` -> `8.5.1`, `~> 2.7` -> `2.7`,
/// `v5.2.0` -> `5.2.0`, `>=1.7,<2` -> `1.7`. None for `*`, `latest`, git URLs.
pub fn clean_version(v: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(\d+(?:\.\d+){0,3})").expect("version regex"));
    if v.contains("://") || v.starts_with("git") || v.starts_with("file:") {
        return None;
    }
    re.captures(v).map(|c| c[1].to_string())
}

/// Compare dotted versions numerically (`0.9.1` < `0.10.0`); missing parts count as 0.
pub fn cmp_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<u64> {
        s.split('.')
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0)
            })
            .collect()
    };
    let (pa, pb) = (parts(a), parts(b));
    for i in 0..pa.len().max(pb.len()) {
        let (x, y) = (
            pa.get(i).copied().unwrap_or(0),
            pb.get(i).copied().unwrap_or(0),
        );
        if x != y {
            return x.cmp(&y);
        }
    }
    std::cmp::Ordering::Equal
}

fn json_deps(text: &str) -> Vec<(String, String)> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for section in [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
        "require",
        "require-dev",
    ] {
        if let Some(m) = v.get(section).and_then(|s| s.as_object()) {
            for (k, val) in m {
                if let Some(s) = val.as_str() {
                    out.push((k.clone(), s.to_string()));
                }
            }
        }
    }
    out
}

/// `{"name": {"version": "1.2.3"}}` maps under `sections` of a JSON document.
fn versions_in(v: &serde_json::Value, sections: &[&str], strip: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for section in sections {
        for (k, val) in v
            .get(section)
            .and_then(|s| s.as_object())
            .into_iter()
            .flatten()
        {
            let Some(name) = k.strip_prefix(strip) else {
                continue;
            };
            // npm lockfiles list nested copies too (`node_modules/a/node_modules/b`): top level only.
            if name.contains("/node_modules/") {
                continue;
            }
            if let Some(ver) = val.get("version").and_then(|x| x.as_str()) {
                out.push((name.to_string(), ver.to_string()));
            }
        }
    }
    out
}

fn package_lock(text: &str) -> Vec<(String, String)> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    // lockfileVersion 2/3 key packages by `node_modules/<name>`; version 1 by name.
    if v.get("packages").is_some() {
        versions_in(&v, &["packages"], "node_modules/")
    } else {
        versions_in(&v, &["dependencies"], "")
    }
}

fn pipfile_lock(text: &str) -> Vec<(String, String)> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(|v| versions_in(&v, &["default", "develop"], ""))
        .unwrap_or_default()
}

fn composer_lock(text: &str) -> Vec<(String, String)> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for section in ["packages", "packages-dev"] {
        for p in v
            .get(section)
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            if let (Some(n), Some(ver)) = (
                p.get("name").and_then(|x| x.as_str()),
                p.get("version").and_then(|x| x.as_str()),
            ) {
                out.push((n.to_string(), ver.to_string()));
            }
        }
    }
    out
}

/// `name==1.7.1`, `name>=2,<3`, `name[extra]~=3.3` (PEP 508), one per line.
fn requirements(text: &str) -> Vec<(String, String)> {
    text.lines().filter_map(pep508).collect()
}

fn pep508(line: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(==|~=|>=|===|>)\s*([0-9][^\s,;#]*)")
            .expect("pep508 regex")
    });
    let c = re.captures(line)?;
    Some((c[1].to_string(), c[3].to_string()))
}

fn pyproject(text: &str) -> Vec<(String, String)> {
    let Ok(v) = toml::from_str::<toml::Value>(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in v
        .get("project")
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(p) = d.as_str().and_then(pep508) {
            out.push(p);
        }
    }
    // Poetry: [tool.poetry.dependencies] name = "^2.8" or { version = "^2.8" }.
    if let Some(t) = v
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_table())
    {
        dep_table(t, &mut out);
    }
    out
}

/// A TOML dependency table: `name = "1.2"` or `name = { version = "1.2", ... }`.
fn dep_table(t: &toml::Table, out: &mut Vec<(String, String)>) {
    for (k, val) in t {
        let ver = val
            .as_str()
            .or_else(|| val.get("version").and_then(|x| x.as_str()));
        if let Some(ver) = ver {
            out.push((k.clone(), ver.to_string()));
        }
    }
}

/// `[[package]] name = "..." version = "..."` (poetry.lock, uv.lock, Cargo.lock).
fn toml_packages(text: &str) -> Vec<(String, String)> {
    let Ok(v) = toml::from_str::<toml::Value>(text) else {
        return Vec::new();
    };
    v.get("package")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some((
                p.get("name")?.as_str()?.to_string(),
                p.get("version")?.as_str()?.to_string(),
            ))
        })
        .collect()
}

fn cargo_toml(text: &str) -> Vec<(String, String)> {
    let Ok(v) = toml::from_str::<toml::Value>(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for section in ["dependencies", "dev-dependencies"] {
        if let Some(t) = v.get(section).and_then(|d| d.as_table()) {
            dep_table(t, &mut out);
        }
    }
    out
}

/// `require github.com/golang-jwt/jwt/v5 v5.2.0` and require blocks.
fn go_mod(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let l = line.split("//").next().unwrap_or("").trim();
        if l.starts_with("require (") {
            in_block = true;
            continue;
        }
        if in_block && l == ")" {
            in_block = false;
            continue;
        }
        let spec = if in_block {
            l
        } else if let Some(r) = l.strip_prefix("require ") {
            r.trim()
        } else {
            continue;
        };
        let mut parts = spec.split_whitespace();
        if let (Some(m), Some(v)) = (parts.next(), parts.next()) {
            out.push((m.to_string(), v.to_string()));
        }
    }
    out
}

/// `<dependency>` blocks with `<artifactId>` and `<version>` (`${prop}` resolved from
/// `<properties>`); recorded as `groupId:artifactId` and as `artifactId`.
fn pom(text: &str) -> Vec<(String, String)> {
    static DEP: OnceLock<Regex> = OnceLock::new();
    static TAG: OnceLock<Regex> = OnceLock::new();
    let dep = DEP.get_or_init(|| Regex::new(r"(?s)<dependency>(.*?)</dependency>").expect("pom"));
    let tag = TAG.get_or_init(|| Regex::new(r"<([A-Za-z0-9_.-]+)>\s*([^<]*?)\s*</").expect("tag"));
    let mut props = HashMap::new();
    if let Some(p) = text
        .find("<properties>")
        .and_then(|s| text[s..].find("</properties>").map(|e| &text[s..s + e]))
    {
        for c in tag.captures_iter(p) {
            props.insert(c[1].to_string(), c[2].to_string());
        }
    }
    let mut out = Vec::new();
    for d in dep.captures_iter(text) {
        let mut g = None;
        let mut a = None;
        let mut v = None;
        for c in tag.captures_iter(&d[1]) {
            match &c[1] {
                "groupId" => g = Some(c[2].to_string()),
                "artifactId" => a = Some(c[2].to_string()),
                "version" => v = Some(c[2].to_string()),
                _ => {}
            }
        }
        let (Some(a), Some(mut v)) = (a, v) else {
            continue;
        };
        if let Some(p) = v.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
            match props.get(p) {
                Some(val) => v = val.clone(),
                None => continue,
            }
        }
        if let Some(g) = g {
            out.push((format!("{g}:{a}"), v.clone()));
        }
        out.push((a, v));
    }
    out
}

/// `implementation 'io.jsonwebtoken:jjwt-api:0.11.5'` and the Kotlin DSL form.
fn gradle(text: &str) -> Vec<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"["']([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+):([0-9][^"'@]*)["']"#).expect("gradle")
    });
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        out.push((format!("{}:{}", &c[1], &c[2]), c[3].to_string()));
        out.push((c[2].to_string(), c[3].to_string()));
    }
    out
}

/// `<PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="6.10.0" />`.
fn csproj(text: &str) -> Vec<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?s)<PackageReference\s+Include="([^"]+)"\s+Version="([^"]+)""#)
            .expect("csproj")
    });
    re.captures_iter(text)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

/// `gem 'jwt', '~> 2.7'`.
fn gemfile(text: &str) -> Vec<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?m)^\s*gem\s+["']([^"']+)["']\s*,\s*["']([^"']+)["']"#).expect("gemfile")
    });
    re.captures_iter(text)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

/// `    jwt (2.7.1)` under `specs:`.
fn gemfile_lock(text: &str) -> Vec<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?m)^    ([A-Za-z0-9_.-]+) \(([0-9][^)]*)\)\s*$").expect("gemfile.lock")
    });
    re.captures_iter(text)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn get(name: &str, text: &str, pkg: &str) -> Option<String> {
        parse_manifest(name, text)
            .into_iter()
            .find(|(p, _)| normalize_package(p) == normalize_package(pkg))
            .and_then(|(_, v)| clean_version(&v))
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(cmp_versions("0.9.1", "0.10.0"), Ordering::Less);
        assert_eq!(cmp_versions("8.5.1", "9"), Ordering::Less);
        assert_eq!(cmp_versions("9.0.0", "9"), Ordering::Equal);
        assert_eq!(cmp_versions("4.0.1", "4.0.1"), Ordering::Equal);
        assert_eq!(clean_version("^8.5.1").as_deref(), Some("8.5.1"));
        assert_eq!(clean_version("~> 2.7").as_deref(), Some("2.7"));
        assert_eq!(clean_version(">=1.7,<2").as_deref(), Some("1.7"));
        assert_eq!(clean_version("v5.2.0").as_deref(), Some("5.2.0"));
        assert_eq!(clean_version("*"), None);
        assert_eq!(clean_version("git+https://github.com/x/y.git#v1"), None);
    }

    #[test]
    fn every_manifest_kind() {
        let pj = r#"{"dependencies": {"express-jwt": "^5.3.3", "jsonwebtoken": "~8.5.1"}}"#;
        assert_eq!(
            get("package.json", pj, "express-jwt").as_deref(),
            Some("5.3.3")
        );
        let lock = r#"{"lockfileVersion": 3, "packages": {"": {}, "node_modules/jsonwebtoken": {"version": "9.0.2"}, "node_modules/a/node_modules/jsonwebtoken": {"version": "8.0.0"}}}"#;
        assert_eq!(
            get("package-lock.json", lock, "jsonwebtoken").as_deref(),
            Some("9.0.2")
        );
        assert_eq!(
            get(
                "requirements.txt",
                "flask==3.0\nPyJWT==1.7.1  # pinned\n",
                "pyjwt"
            )
            .as_deref(),
            Some("1.7.1")
        );
        assert_eq!(
            get(
                "requirements.txt",
                "python-jose[cryptography]>=3.3.0\n",
                "python_jose"
            )
            .as_deref(),
            Some("3.3.0")
        );
        assert_eq!(
            get(
                "pyproject.toml",
                "[project]\ndependencies = [\"pyjwt>=2.8\"]\n",
                "PyJWT"
            )
            .as_deref(),
            Some("2.8")
        );
        assert_eq!(
            get(
                "poetry.lock",
                "[[package]]\nname = \"pyjwt\"\nversion = \"2.8.0\"\n",
                "pyjwt"
            )
            .as_deref(),
            Some("2.8.0")
        );
        assert_eq!(get("go.mod", "module x\n\nrequire (\n\tgithub.com/golang-jwt/jwt/v5 v5.2.0 // indirect\n)\nrequire github.com/dgrijalva/jwt-go v3.2.0+incompatible\n", "github.com/golang-jwt/jwt").as_deref(), Some("5.2.0"));
        let pom = "<properties><jjwt.version>0.9.1</jjwt.version></properties><dependencies><dependency><groupId>io.jsonwebtoken</groupId><artifactId>jjwt</artifactId><version>${jjwt.version}</version></dependency></dependencies>";
        assert_eq!(
            get("pom.xml", pom, "io.jsonwebtoken:jjwt").as_deref(),
            Some("0.9.1")
        );
        assert_eq!(
            get(
                "build.gradle",
                "implementation 'io.jsonwebtoken:jjwt-api:0.11.5'\n",
                "jjwt-api"
            )
            .as_deref(),
            Some("0.11.5")
        );
        assert_eq!(get("api.csproj", r#"<PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="6.10.0" />"#, "System.IdentityModel.Tokens.Jwt").as_deref(), Some("6.10.0"));
        assert_eq!(
            get(
                "composer.lock",
                r#"{"packages": [{"name": "firebase/php-jwt", "version": "v5.5.1"}]}"#,
                "firebase/php-jwt"
            )
            .as_deref(),
            Some("5.5.1")
        );
        assert_eq!(
            get(
                "gemfile.lock",
                "GEM\n  specs:\n    jwt (2.7.1)\n      base64\n",
                "jwt"
            )
            .as_deref(),
            Some("2.7.1")
        );
        assert_eq!(
            get("gemfile", "gem 'jwt', '~> 1.5'\n", "jwt").as_deref(),
            Some("1.5")
        );
        assert_eq!(
            get(
                "cargo.lock",
                "[[package]]\nname = \"jsonwebtoken\"\nversion = \"9.3.0\"\n",
                "jsonwebtoken"
            )
            .as_deref(),
            Some("9.3.0")
        );
        assert_eq!(
            get(
                "cargo.toml",
                "[dependencies]\njsonwebtoken = { version = \"8\" }\n",
                "jsonwebtoken"
            )
            .as_deref(),
            Some("8")
        );
    }

    #[test]
    fn nearest_manifest_and_lockfile_win() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("svc/src")).unwrap();
        std::fs::write(
            root.join("package.json"),
            r#"{"dependencies": {"jsonwebtoken": "^9.0.0"}}"#,
        )
        .unwrap();
        std::fs::write(
            root.join("svc/package.json"),
            r#"{"dependencies": {"jsonwebtoken": "^8.5.1"}}"#,
        )
        .unwrap();
        std::fs::write(
            root.join("svc/package-lock.json"),
            r#"{"packages": {"node_modules/jsonwebtoken": {"version": "8.5.1"}}}"#,
        )
        .unwrap();
        let idx = Index::new();
        let f = root.join("svc/src/auth.js");
        let p = idx.pinned(f.to_str().unwrap(), "jsonwebtoken").unwrap();
        assert_eq!(p.version, "8.5.1");
        assert!(p.manifest.ends_with("package-lock.json"));
        let g = root.join("other/x.js");
        assert_eq!(
            idx.pinned(g.to_str().unwrap(), "jsonwebtoken")
                .unwrap()
                .version,
            "9.0.0"
        );
        assert_eq!(idx.pinned(g.to_str().unwrap(), "koa-jwt"), None);
    }
}
