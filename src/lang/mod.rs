//! Language detection and lexing.
//!
//! Code files are lexed, never grepped: strings, comments, identifiers and brackets are known,
//! so a "secret" in a comment is not a finding and a call that spans ten lines is one call.

pub mod lexer;
pub mod parser;

use std::path::Path;

/// What a file is, decided from its name alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Code(Language),
    Config(ConfigFormat),
}

/// Programming languages with a lexer and a library catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    JavaScript,
    TypeScript,
    Python,
    Go,
    Java,
    Kotlin,
    CSharp,
    Php,
    Ruby,
    Rust,
}

/// Configuration formats parsed with spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConfigFormat {
    Dotenv,
    Json,
    Yaml,
    Properties,
    Toml,
    Hocon,
    Shell,
    Dockerfile,
    Terraform,
}

impl Language {
    /// The name used in rules/*.toml and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Python => "python",
            Language::Go => "go",
            Language::Java => "java",
            Language::Kotlin => "kotlin",
            Language::CSharp => "csharp",
            Language::Php => "php",
            Language::Ruby => "ruby",
            Language::Rust => "rust",
        }
    }

    pub fn from_name(name: &str) -> Option<Language> {
        Some(match name {
            "javascript" => Language::JavaScript,
            "typescript" => Language::TypeScript,
            "python" => Language::Python,
            "go" => Language::Go,
            "java" => Language::Java,
            "kotlin" => Language::Kotlin,
            "csharp" => Language::CSharp,
            "php" => Language::Php,
            "ruby" => Language::Ruby,
            "rust" => Language::Rust,
            _ => return None,
        })
    }

    /// True for the JavaScript family (JS and TS share one catalogue).
    pub fn is_js(self) -> bool {
        matches!(self, Language::JavaScript | Language::TypeScript)
    }
}

impl ConfigFormat {
    pub fn name(self) -> &'static str {
        match self {
            ConfigFormat::Dotenv => "dotenv",
            ConfigFormat::Json => "json",
            ConfigFormat::Yaml => "yaml",
            ConfigFormat::Properties => "properties",
            ConfigFormat::Toml => "toml",
            ConfigFormat::Hocon => "hocon",
            ConfigFormat::Shell => "shell",
            ConfigFormat::Dockerfile => "dockerfile",
            ConfigFormat::Terraform => "terraform",
        }
    }
}

/// Decides what a file is from its name. `None` means jwtlint has nothing to say about it.
pub fn detect(path: &Path) -> Option<FileKind> {
    // Non-UTF-8 names are judged (and reported) by their lossy form, never skipped. Called for
    // every file of a walk: a usual name is lower-cased on the stack.
    let name = path.file_name()?;
    let mut stack = [0u8; 128];
    let lower: std::borrow::Cow<str> = match name.to_str() {
        Some(n) if n.len() <= stack.len() => {
            let b = &mut stack[..n.len()];
            b.copy_from_slice(n.as_bytes());
            b.make_ascii_lowercase();
            // ASCII lower-casing keeps UTF-8 valid.
            std::borrow::Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default())
        }
        _ => std::borrow::Cow::Owned(name.to_string_lossy().to_ascii_lowercase()),
    };
    let lower: &str = &lower;
    if is_dotenv_name(lower) {
        return Some(FileKind::Config(ConfigFormat::Dotenv));
    }
    if lower == "dockerfile" || lower.starts_with("dockerfile.") || lower.ends_with(".dockerfile") {
        return Some(FileKind::Config(ConfigFormat::Dockerfile));
    }
    if lower == "makefile" || lower == "gnumakefile" || lower.ends_with(".mk") {
        return Some(FileKind::Config(ConfigFormat::Shell));
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
    let kind = match ext {
        "js" | "mjs" | "cjs" | "jsx" => FileKind::Code(Language::JavaScript),
        "ts" | "tsx" | "mts" | "cts" => {
            if lower.ends_with(".d.ts") || lower.ends_with(".d.mts") || lower.ends_with(".d.cts") {
                return None;
            }
            FileKind::Code(Language::TypeScript)
        }
        "py" | "pyw" => FileKind::Code(Language::Python),
        "go" => FileKind::Code(Language::Go),
        "java" => FileKind::Code(Language::Java),
        "kt" | "kts" => FileKind::Code(Language::Kotlin),
        "cs" => FileKind::Code(Language::CSharp),
        "php" => FileKind::Code(Language::Php),
        "rb" | "rake" => FileKind::Code(Language::Ruby),
        "rs" => FileKind::Code(Language::Rust),
        "json" | "jsonc" => FileKind::Config(ConfigFormat::Json),
        "yml" | "yaml" => FileKind::Config(ConfigFormat::Yaml),
        "properties" => FileKind::Config(ConfigFormat::Properties),
        "toml" => FileKind::Config(ConfigFormat::Toml),
        "conf" | "hocon" => FileKind::Config(ConfigFormat::Hocon),
        "sh" | "bash" | "zsh" | "ksh" => FileKind::Config(ConfigFormat::Shell),
        "tf" | "tfvars" => FileKind::Config(ConfigFormat::Terraform),
        "env" => FileKind::Config(ConfigFormat::Dotenv),
        _ => return None,
    };
    Some(kind)
}

/// `.env`, `.env.local`, `.env.production`, `.flaskenv`, `app.env`, `.env.example` ...
pub fn is_dotenv_name(lower: &str) -> bool {
    lower == ".env"
        || lower.starts_with(".env.")
        || lower == ".flaskenv"
        || lower == ".envrc"
        || (lower.ends_with(".env") && !lower.contains('/'))
}

/// Dotenv templates hold placeholders by convention: `.env.example`, `.env.sample`, ...
pub fn is_template_name(lower_name: &str) -> bool {
    // Not `default`: node-config's config/default.json is the live base configuration.
    const MARKERS: &[&str] = &[
        "example", "sample", "template", "dist", "tpl", "skel", "schema",
    ];
    lower_name
        .split(['.', '-', '_'])
        .any(|part| MARKERS.contains(&part))
}

/// A code file named like a configuration or constants module (`config.js`, `settings.py`,
/// `SecurityConstants.java`, `keys.ts`): where other files' keys are defined.
pub fn is_config_module(path: &str) -> bool {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file).to_ascii_lowercase();
    matches!(
        stem.as_str(),
        "config"
            | "configuration"
            | "settings"
            | "constants"
            | "consts"
            | "keys"
            | "secrets"
            | "env"
            | "environment"
    ) || stem.ends_with("constants")
        || stem.ends_with("config")
        || stem.ends_with("settings")
}

/// Test code by the conventions of each ecosystem: test folders (`test/`, `tests/`, `spec/`,
/// `__tests__/`, `testdata/`, `src/test/`, `Foo.Tests/`) and test file names (`*_test.go`,
/// `*.test.ts`, `*.spec.js`, `test_*.py`, `*_test.py`, `conftest.py`, `*Test.java`, `*Tests.cs`,
/// `*_spec.rb`, `*Test.php`). Tests forge tokens, decode without verifying and sign with
/// throwaway keys on purpose; jwtlint skips them unless asked (`--include-tests`).
pub fn is_test_path(path: &str) -> bool {
    // Called for every file of a walk: no allocation until the file name itself.
    let mut parts = path
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".");
    let Some(mut file) = parts.next() else {
        return false;
    };
    const DIRS: &[&str] = &[
        "test",
        "tests",
        "spec",
        "specs",
        "__tests__",
        "__test__",
        "__mocks__",
        "testdata",
        "test-data",
        "testing",
        "e2e-tests",
        "integration-tests",
        "unittests",
        "benches",
    ];
    let ends_with_ci = |s: &str, suffix: &str| {
        s.len() >= suffix.len()
            && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    let starts_with_ci = |s: &str, prefix: &str| {
        s.len() >= prefix.len()
            && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    for next in parts {
        let d = file;
        // Every test folder name starts with one of these letters (and most folders do not).
        let first = d.as_bytes()[0].to_ascii_lowercase();
        if matches!(first, b't' | b's' | b'_' | b'e' | b'i' | b'u' | b'b')
            && DIRS.iter().any(|t| d.eq_ignore_ascii_case(t))
            || ends_with_ci(d, ".tests")
            || ends_with_ci(d, ".test")
        {
            return true;
        }
        file = next;
    }
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let ext_is = |e: &str| ext.eq_ignore_ascii_case(e);
    if ext_is("go") {
        ends_with_ci(stem, "_test")
    } else if ext_is("py") {
        starts_with_ci(stem, "test_")
            || ends_with_ci(stem, "_test")
            || ["conftest", "tests", "test"]
                .iter()
                .any(|t| stem.eq_ignore_ascii_case(t))
    } else if ext_is("rb") {
        ends_with_ci(stem, "_spec") || ends_with_ci(stem, "_test")
    } else if ["java", "kt", "kts", "cs", "php", "scala", "groovy"]
        .iter()
        .any(|e| ext_is(e))
    {
        ["Test", "Tests", "IT", "Spec", "TestCase"]
            .iter()
            .any(|s| stem.ends_with(s) && stem.len() > s.len())
    } else {
        // JavaScript/TypeScript and friends: `auth.test.ts`, `auth.spec.js`, `auth.e2e-spec.ts`.
        let f = file.as_bytes();
        [&b".test."[..], b".spec.", b".e2e-spec."]
            .iter()
            .any(|m| f.windows(m.len()).any(|w| w.eq_ignore_ascii_case(m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_paths() {
        for p in [
            "api/handlers/auth_test.go",
            "tests/test_auth.py",
            "app/tests.py/../conftest.py",
            "src/test/java/com/acme/JwtUtilTest.java",
            "JwtServiceTests.cs",
            "Api.Tests/Helpers.cs",
            "spec/lib/json_web_token_spec.rb",
            "src/auth/auth.service.spec.ts",
            "test/requireAuth.test.js",
            "src/__tests__/token.js",
            "tests/Feature/AuthTest.php",
            "pkg/testdata/token.go",
            "shop/accounts/tests.py",
            "benches/jwt.rs",
        ] {
            assert!(is_test_path(p), "{p} is a test");
        }
        for p in [
            "src/auth/jwt.service.ts",
            "app/config.py",
            "internal/attest/attest.go",
            "src/main/java/com/acme/TestimonialService.java",
            "src/main/java/com/acme/Test.java",
            "contest.py",
            "app/testsuite.py",
            "src/bench.rs",
            "latest/auth.js",
            "lib/testing_utils.rb",
            "src/protest/handler.ts",
        ] {
            assert!(!is_test_path(p), "{p} is not a test");
        }
    }

    #[test]
    fn detects_by_name() {
        let d = |p: &str| detect(Path::new(p));
        assert_eq!(d("src/a.ts"), Some(FileKind::Code(Language::TypeScript)));
        assert_eq!(d("types/a.d.ts"), None);
        assert_eq!(d(".env"), Some(FileKind::Config(ConfigFormat::Dotenv)));
        assert_eq!(
            d(".env.production"),
            Some(FileKind::Config(ConfigFormat::Dotenv))
        );
        assert_eq!(d("prod.env"), Some(FileKind::Config(ConfigFormat::Dotenv)));
        assert_eq!(
            d("appsettings.Development.json"),
            Some(FileKind::Config(ConfigFormat::Json))
        );
        assert_eq!(
            d("Dockerfile"),
            Some(FileKind::Config(ConfigFormat::Dockerfile))
        );
        assert_eq!(d("README.md"), None);
        assert_eq!(d("Makefile"), Some(FileKind::Config(ConfigFormat::Shell)));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = Path::new(std::ffi::OsStr::from_bytes(b"caf\xe9.js"));
            assert_eq!(detect(odd), Some(FileKind::Code(Language::JavaScript)));
        }
    }

    #[test]
    fn template_names() {
        assert!(is_template_name(".env.example"));
        assert!(is_template_name(".env.sample"));
        assert!(is_template_name("env.template"));
        assert!(!is_template_name(".env.production"));
        assert!(!is_template_name(".env"));
    }
}
