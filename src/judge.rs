//! Judging values: is this literal a secret at all (not a placeholder, reference, path or public
//! key), how many key bytes does the library get from it, and is it guessable?

use crate::names::looks_like_env_name;
use crate::ruleset::{WeakRules, normalize_known};
use base64::Engine as _;

/// JWT algorithms as far as key rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Alg {
    Hs256,
    Hs384,
    Hs512,
    None,
    /// RS*, ES*, PS*, EdDSA: keys are not HMAC secrets.
    Asymmetric,
}

impl Alg {
    /// Understands `HS256`, `HmacSha256`, `SigningMethodHS256`, `HMAC256`, `Jwts.SIG.HS256`, `none`.
    pub fn parse(s: &str) -> Option<Alg> {
        let u: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        // JWT.NET class names: `HMACSHA512Algorithm`.
        let u = match u.strip_suffix("ALGORITHM") {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => u,
        };
        if u.is_empty() {
            return None;
        }
        if u == "NONE" || u.ends_with("METHODNONE") || u == "ALGNONE" {
            return Some(Alg::None);
        }
        for (bits, alg) in [
            ("256", Alg::Hs256),
            ("384", Alg::Hs384),
            ("512", Alg::Hs512),
        ] {
            if u.ends_with(&format!("HS{bits}"))
                || u.ends_with(&format!("HMACSHA{bits}"))
                || u.ends_with(&format!("HMAC{bits}"))
                || u == format!("HMACSHA{bits}SIGNATURE")
                || u.ends_with(&format!("HMACSHA{bits}SIGNATURE"))
            {
                return Some(alg);
            }
        }
        let asym = [
            "RS256",
            "RS384",
            "RS512",
            "ES256",
            "ES384",
            "ES512",
            "PS256",
            "PS384",
            "PS512",
            "EDDSA",
            "ES256K",
            "RSASHA256",
            "ECDSASHA256",
            "RSA256",
            "RSA384",
            "RSA512",
            "ECDSA256",
            "ECDSA384",
            "ECDSA512",
        ];
        if asym.iter().any(|a| u.ends_with(a)) {
            return Some(Alg::Asymmetric);
        }
        None
    }

    /// RFC 7518 §3.2: a key of the same size as the hash output or larger MUST be used.
    pub fn min_key_bytes(self) -> Option<usize> {
        match self {
            Alg::Hs256 => Some(32),
            Alg::Hs384 => Some(48),
            Alg::Hs512 => Some(64),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Alg::Hs256 => "HS256",
            Alg::Hs384 => "HS384",
            Alg::Hs512 => "HS512",
            Alg::None => "none",
            Alg::Asymmetric => "asymmetric",
        }
    }

    pub fn is_hmac(self) -> bool {
        matches!(self, Alg::Hs256 | Alg::Hs384 | Alg::Hs512)
    }
}

/// How a string becomes key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    Base64,
    Base64Url,
    Hex,
}

impl Encoding {
    pub fn parse(s: &str) -> Encoding {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "base64" | "b64" => Encoding::Base64,
            "base64url" => Encoding::Base64Url,
            "hex" | "base16" => Encoding::Hex,
            _ => Encoding::Utf8,
        }
    }
}

/// Number of key bytes the library will use for `value` under `enc`; `None` when it does not decode.
pub fn key_bytes(value: &str, enc: Encoding) -> Option<usize> {
    match enc {
        Encoding::Utf8 => Some(value.len()),
        Encoding::Hex => {
            let v = value.trim();
            if v.len().is_multiple_of(2) && v.chars().all(|c| c.is_ascii_hexdigit()) {
                Some(v.len() / 2)
            } else {
                None
            }
        }
        Encoding::Base64 | Encoding::Base64Url => {
            let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            let t = v.trim_end_matches('=');
            let std = base64::engine::general_purpose::STANDARD_NO_PAD;
            let url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            std.decode(t)
                .or_else(|_| url.decode(t))
                .ok()
                .map(|b| b.len())
        }
    }
}

/// Decode a Kubernetes-style base64 value to text.
pub fn decode_base64_text(value: &str) -> Option<String> {
    let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let b = base64::engine::general_purpose::STANDARD
        .decode(v.as_bytes())
        .ok()?;
    String::from_utf8(b).ok()
}

/// What a literal found where a key goes actually is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueClass {
    Secret,
    PrivateKey,
    Empty,
    /// `${X}`, `{{ .Values.x }}`, `%(x)s`, ...: a reference a tool fills in.
    Placeholder,
    /// `xxxxxx`, `<your-secret>`, `TODO`: a person is meant to replace it.
    Filler,
    /// An environment variable name, a URL, a file path, a vault reference.
    Reference,
    PublicKey,
}

/// Classify a literal value that sits where a secret goes.
pub fn classify(value: &str) -> ValueClass {
    let v = value.trim();
    // (An empty JSON object or array is data: `return []byte("{}"), nil` in a loader.)
    if v.is_empty() || v == "\"\"" || v == "''" || v == "{}" || v == "[]" {
        return ValueClass::Empty;
    }
    if v.contains("-----BEGIN") {
        if v.contains("PRIVATE KEY") {
            return ValueClass::PrivateKey;
        }
        return ValueClass::PublicKey;
    }
    if is_placeholder(v) {
        return ValueClass::Placeholder;
    }
    if is_filler(v) {
        return ValueClass::Filler;
    }
    if is_reference(v) {
        return ValueClass::Reference;
    }
    ValueClass::Secret
}

pub fn is_placeholder(v: &str) -> bool {
    let v = v.trim();
    let wrapped = |open: &str, close: &str| {
        v.starts_with(open) && v.ends_with(close) && v.len() > open.len() + close.len()
    };
    if wrapped("${", "}")
        || wrapped("$(", ")")
        || wrapped("{{", "}}")
        || wrapped("#{", "}")
        || wrapped("%(", ")s")
        || wrapped("<%", "%>")
        || wrapped("@@", "@@")
        || wrapped("__", "__")
        || wrapped("%", "%")
        || wrapped("#{", "}#")
        || wrapped("$[", "]")
        || wrapped("ENC(", ")")
        || wrapped("{", "}") && !v.contains(':') && !v.contains(' ')
    {
        return true;
    }
    // A whole value that is one reference: `$JWT_SECRET`, `${{ secrets.X }}` embedded, `{{ .Values.x }}`.
    if (v.starts_with('$')
        && v.len() > 1
        && v[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '{' || c == '}'))
        || v.contains("${{")
        || (v.contains("{{") && v.contains("}}"))
        || v.contains("<%=")
        || v.starts_with("!Ref")
        || v.starts_with("{{resolve:")
        // Dynaconf lazy values: `@format {env[JWT_SECRET]}`, `@jinja {{ env.X }}`, `@get key`.
        || ["@format ", "@jinja ", "@get ", "@json ", "@str "]
            .iter()
            .any(|p| v.starts_with(p))
        // Serverless Framework / CloudFormation-style variables: `${env:X}`, `${ssm:/path}`.
        // (`${env:X, 'default'}` carries a default: judged as a fallback elsewhere.)
        || (v.starts_with("${")
            && v.ends_with('}')
            && !v.contains(',')
            && v[2..].split_once(':').is_some_and(|(k, _)| {
                matches!(
                    k,
                    "env" | "ssm" | "self" | "opt" | "file" | "cf" | "s3" | "sls" | "param"
                        | "aws" | "secretsmanager"
                )
            }))
    {
        return true;
    }
    false
}

/// Human filler that stands in for a secret: `xxxxxxxx`, `********`, `<your-secret>`,
/// `[secret]`, `TODO`. In a config file it is a placeholder; passed to a signing call it is the
/// (guessable) key the program really uses.
pub fn is_filler(v: &str) -> bool {
    let v = v.trim();
    let wrapped = |open: &str, close: &str| {
        v.starts_with(open) && v.ends_with(close) && v.len() > open.len() + close.len()
    };
    if wrapped("<", ">") || wrapped("[", "]") {
        return true;
    }
    let distinct: std::collections::HashSet<char> = v.chars().collect();
    if distinct.len() == 1
        && matches!(
            v.chars().next(),
            Some('x' | 'X' | '*' | '.' | '-' | '?' | '#' | '_' | '0')
        )
        && v.len() >= 3
    {
        return true;
    }
    matches!(
        v.to_ascii_lowercase().as_str(),
        "-" | "?"
            | "none"
            | "null"
            | "nil"
            | "undefined"
            | "todo"
            | "tbd"
            | "n/a"
            | "na"
            | "redacted"
            | "<redacted>"
            | "secret_here"
            | "insert_secret_here"
            | "your_secret_here"
            | "true"
            | "false"
    )
}

pub fn is_reference(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    // URLs and vault / secret-manager references
    if let Some(i) = lower.find("://")
        && i > 0
        && lower[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
    {
        return true;
    }
    for p in [
        "vault:",
        "secret:",
        "secrets:",
        "arn:aws:",
        "env:",
        "file:",
        "classpath:",
        "ref+",
        "op://",
        "sm://",
        "awssm:",
        "gcpsm:",
        "azkv:",
        "doppler:",
        "secretsmanager:",
        "ssm:",
    ] {
        if lower.starts_with(p) {
            return true;
        }
    }
    // File paths
    if v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with("~/")
        || (v.len() > 2 && v.as_bytes()[1] == b':' && v.as_bytes()[2] == b'\\')
    {
        return !v.contains(' ') || v.starts_with('/');
    }
    for ext in [
        ".pem", ".key", ".pub", ".crt", ".der", ".p12", ".pfx", ".jks", ".json", ".txt", ".env",
        ".yml", ".yaml", ".cer",
    ] {
        if lower.ends_with(ext)
            && !v.contains(' ')
            && v.len() > ext.len() + 1
            && (v.contains('/')
                || v.contains('\\')
                || v.chars()
                    .take(v.len() - ext.len())
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            return true;
        }
    }
    looks_like_env_name(v)
}

/// Why a secret is guessable, or None when it is not. Uses the shipped list of published JWT
/// secrets and zxcvbn (dictionary words, names, dates, keyboard runs, repeats, l33t).
pub fn weakness(value: &str, weak: &WeakRules) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let norm = normalize_known(v);
    if weak.known.contains_key(&norm) {
        return Some(
            "it is a published example secret (jwt.io, library docs and tutorials list it)".into(),
        );
    }
    // A published secret dressed up (`***your-256-bit-secret***`, `my-changeme-key`).
    if norm.len() >= 10
        && let Some(k) = weak
            .known
            .keys()
            .filter(|k| k.len() >= 10)
            .find(|k| norm.contains(k.as_str()))
    {
        let _ = k;
        return Some("it contains a published example secret".into());
    }
    if is_uuid(v) {
        return Some(
            "it is a UUID: an identifier format with at most 122 random bits, not a key".into(),
        );
    }
    let lower = v.to_lowercase();
    if weak
        .prefixes
        .iter()
        .any(|p| lower.starts_with(p.as_str()) && v.len() > p.len())
    {
        return Some("it starts like a documented placeholder".into());
    }
    // Long random-looking material (hex/base64 of 32+ bytes) is not guessable.
    if looks_random(v) {
        return None;
    }
    let entropy = zxcvbn::zxcvbn(v, &[]);
    let log10 = entropy.guesses_log10();
    let seq = entropy.sequence();
    let checked: usize = v.chars().take(100).count();
    let mut covered = 0usize;
    let mut kinds: Vec<&'static str> = Vec::new();
    for m in seq {
        use zxcvbn::matching::patterns::MatchPattern as P;
        let len = m.j - m.i + 1;
        let kind = match &m.pattern {
            P::Dictionary(d) => {
                if d.l33t {
                    "l33t-spelled dictionary words"
                } else if d.reversed {
                    "reversed words"
                } else {
                    "dictionary words"
                }
            }
            P::Spatial(_) => "a keyboard run",
            P::Repeat(_) => "repeated characters",
            P::Sequence(_) => "a character sequence",
            P::Regex(_) => "a recent year",
            P::Date(_) => "a date",
            P::BruteForce => continue,
        };
        covered += len;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let coverage = covered as f64 / checked.max(1) as f64;
    let describe = |kinds: &[&str]| {
        if kinds.is_empty() {
            "a short, guessable value".to_string()
        } else {
            kinds.join(" and ")
        }
    };
    // Crackable offline from one token (hashcat mode 16500 does ~10^9 guesses/s per GPU).
    // zxcvbn prices unstructured characters at 10 guesses each, far below a real attacker's
    // cost for random symbols, so a low estimate only counts when it found structure or the
    // value is too short to survive brute force whatever it is made of.
    if log10 < 14.0 && (coverage >= 0.4 || checked <= 8) {
        return Some(format!(
            "zxcvbn rates it guessable in about 10^{:.0} guesses ({})",
            log10.max(0.0),
            describe(&kinds)
        ));
    }
    // No percentage in the message: zxcvbn may pick either of two equally likely readings of
    // a value (`bracket-access-default`: 82% or 91% words) from one run to the next, and the
    // same code must give the same report.
    if coverage >= 0.8 && !kinds.is_empty() {
        return Some(format!(
            "it is made of {}, the first thing a cracker tries",
            describe(&kinds)
        ));
    }
    if placeholder_phrase(v, weak) {
        return Some("it reads like a placeholder phrase copied from an example".into());
    }
    None
}

/// `0a6b944d-d2fb-46fc-a85e-0295c986cd9f`
pub fn is_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Hex or base64 strings of key length with a healthy character mix.
pub fn looks_random(v: &str) -> bool {
    if v.len() < 32 || v.contains(' ') {
        return false;
    }
    let hex = v.chars().all(|c| c.is_ascii_hexdigit());
    let b64 = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_'));
    if !(hex || b64) {
        return false;
    }
    let distinct: std::collections::HashSet<char> = v.chars().collect();
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    let upper = v.chars().filter(|c| c.is_ascii_uppercase()).count();
    let lower = v.chars().filter(|c| c.is_ascii_lowercase()).count();
    // Long words glued together (`thisismysupersecretkeyforjwtsigning`) are not random.
    let classes = [digits > 0, upper > 0, lower > 0]
        .iter()
        .filter(|b| **b)
        .count();
    distinct.len() >= 12 && (classes >= 2 || (hex && digits > 0))
}

fn placeholder_phrase(v: &str, weak: &WeakRules) -> bool {
    let words: Vec<String> = v
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(crate::names::split_words)
        .collect();
    if words.len() < 2 {
        return false;
    }
    let hits = words
        .iter()
        .filter(|w| weak.placeholder_words.contains(w.as_str()))
        .count();
    let alpha: usize = words.iter().map(|w| w.len()).sum();
    hits >= 2 && hits * 2 >= words.len() && alpha * 10 >= v.len() * 6
}

/// Shannon-style description used in notes: bytes of entropy a generated key of `n` bytes has.
pub fn hex_key(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::RuleSet;

    #[test]
    fn algs() {
        assert_eq!(Alg::parse("HS256"), Some(Alg::Hs256));
        assert_eq!(
            Alg::parse("SecurityAlgorithms.HmacSha512"),
            Some(Alg::Hs512)
        );
        assert_eq!(Alg::parse("SigningMethodHS384"), Some(Alg::Hs384));
        assert_eq!(Alg::parse("HMAC256"), Some(Alg::Hs256));
        assert_eq!(Alg::parse("none"), Some(Alg::None));
        assert_eq!(Alg::parse("SigningMethodNone"), Some(Alg::None));
        assert_eq!(Alg::parse("RS256"), Some(Alg::Asymmetric));
        assert_eq!(Alg::parse("foo"), None);
    }

    #[test]
    fn bytes() {
        assert_eq!(key_bytes("abc", Encoding::Utf8), Some(3));
        assert_eq!(key_bytes("deadbeef", Encoding::Hex), Some(4));
        assert_eq!(key_bytes("c2VjcmV0", Encoding::Base64), Some(6));
        assert_eq!(key_bytes("not base64!", Encoding::Base64), None);
    }

    #[test]
    fn classes() {
        assert_eq!(classify("${JWT_SECRET}"), ValueClass::Placeholder);
        assert_eq!(classify("<your-secret>"), ValueClass::Filler);
        assert_eq!(
            classify("{{ .Values.jwt.secret }}"),
            ValueClass::Placeholder
        );
        assert_eq!(classify("xxxxxxxx"), ValueClass::Filler);
        assert_eq!(classify(""), ValueClass::Empty);
        assert_eq!(classify("JWT_SECRET"), ValueClass::Reference);
        assert_eq!(classify("/run/secrets/jwt"), ValueClass::Reference);
        assert_eq!(
            classify("https://example.com/.well-known/jwks.json"),
            ValueClass::Reference
        );
        assert_eq!(
            classify("-----BEGIN PUBLIC KEY-----\nMIIB"),
            ValueClass::PublicKey
        );
        assert_eq!(classify("mysecretkey"), ValueClass::Secret);
        assert_eq!(classify("s3cr3t-K3y!"), ValueClass::Secret);
    }

    #[test]
    fn weak_and_strong() {
        let w = &RuleSet::builtin().weak;
        for v in [
            "secret",
            "your-256-bit-secret",
            "changeme",
            "mysecretkey",
            "password123",
            "qwertyuiop",
            "aaaaaaaaaaaa",
            "Summer2024!",
            "my-super-secret-jwt-key-for-production",
            "thisismysupersecretkey",
            "P@ssw0rd",
        ] {
            assert!(weakness(v, w).is_some(), "{v} should be weak");
        }
        for v in [
            "8f3b2c1d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c",
            "q7Zx2LmP9vRt4KwY8nJd3HsB6gFc1TaE",
            "kS9#mQ2!vX7@pL4$wR8%",
        ] {
            assert!(
                weakness(v, w).is_none(),
                "{v} should not be weak: {:?}",
                weakness(v, w)
            );
        }
    }
}
