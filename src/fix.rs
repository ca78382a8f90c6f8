//! Fresh keys from the OS CSPRNG and per-language replacement snippets.

use crate::judge::Alg;
use crate::lang::Language;
use crate::ruleset::Catalog;
use base64::Engine as _;

/// Output formats for generated keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyFormat {
    Hex,
    Base64,
    Base64url,
}

/// `bytes` random bytes from the operating system (getrandom: never a seeded generator).
pub fn random_bytes(bytes: usize) -> Result<Vec<u8>, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(buf)
}

pub fn encode_key(bytes: &[u8], fmt: KeyFormat) -> String {
    match fmt {
        KeyFormat::Hex => crate::judge::hex_key(bytes),
        KeyFormat::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
        KeyFormat::Base64url => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
    }
}

/// A fresh hex key of `bytes` bytes, or None when the OS generator is unavailable.
pub fn fresh_key(bytes: usize) -> Option<String> {
    random_bytes(bytes)
        .ok()
        .map(|b| encode_key(&b, KeyFormat::Hex))
}

/// Key size for an algorithm (HS256 32 bytes, HS384 48, HS512 64).
pub fn key_size(alg: Option<Alg>) -> usize {
    alg.and_then(Alg::min_key_bytes).unwrap_or(32)
}

/// The environment variable a fix reads: the name in use when it looks like one, else derived
/// from the binding name, else `JWT_SECRET`.
pub fn env_name(candidates: &[Option<&str>]) -> String {
    for c in candidates.iter().flatten() {
        if crate::names::looks_like_env_name(c) {
            return c.to_string();
        }
    }
    for c in candidates.iter().flatten() {
        let words = crate::names::split_words(c);
        if words.len() >= 2
            && words
                .iter()
                .all(|w| w.chars().all(|ch| ch.is_ascii_alphanumeric()))
        {
            return words.join("_").to_ascii_uppercase();
        }
    }
    "JWT_SECRET".to_string()
}

/// `NAME=<fresh key>`; with keys disabled, a command substitution the user runs instead.
pub fn env_line(env: &str, bytes: usize, keys: bool) -> String {
    if keys && let Some(k) = fresh_key(bytes) {
        return format!("{env}={k}");
    }
    format!("{env}=$(openssl rand -hex {bytes})")
}

/// Commands that make another key of the right size.
pub fn commands(bytes: usize, cat: Option<&Catalog>) -> Vec<String> {
    let mut v = vec![format!("openssl rand -hex {bytes}")];
    if let Some(c) = cat
        && !c.fix.keygen.is_empty()
    {
        let k = c.fix.keygen.replace("{BYTES}", &bytes.to_string());
        if !v.contains(&k) {
            v.push(k);
        }
    }
    v
}

/// Code that reads the key from the environment, in the file's language.
pub fn env_read(cat: Option<&Catalog>, env: &str) -> String {
    match cat {
        Some(c) if !c.fix.env_read.is_empty() => c.fix.env_read.replace("{ENV}", env),
        _ => format!("${{{env}}}"),
    }
}

/// A CSPRNG call of the file's language making `bytes` bytes.
pub fn csprng(cat: Option<&Catalog>, bytes: usize) -> String {
    match cat {
        Some(c) if !c.fix.csprng.is_empty() => c.fix.csprng.replace("{BYTES}", &bytes.to_string()),
        _ => format!("openssl rand -hex {bytes}"),
    }
}

/// How a config format reads an environment variable instead of a literal.
pub fn config_reference(format: crate::lang::ConfigFormat, env: &str, path: &str) -> String {
    use crate::lang::ConfigFormat as F;
    let lower = path.to_ascii_lowercase();
    match format {
        F::Yaml if lower.contains(".github/workflows") => format!("${{{{ secrets.{env} }}}}"),
        F::Yaml if lower.contains("docker-compose") || lower.contains("compose.y") => {
            format!("${{{env}:?{env} must be set}}")
        }
        F::Yaml | F::Properties | F::Hocon => format!("${{{env}}}"),
        F::Json => {
            "(remove it; set it with an environment variable, a user secret or a vault)".to_string()
        }
        F::Dotenv => format!("{env}=<generated key>"),
        F::Toml | F::Terraform => format!("(read {env} from the environment or a secret store)"),
        F::Shell | F::Dockerfile => format!("${{{env}:?{env} must be set}}"),
    }
}

pub fn language_keygen(lang: Option<Language>, bytes: usize) -> Option<String> {
    let l = lang?;
    Some(match l {
        Language::JavaScript | Language::TypeScript => format!(
            "node -e \"console.log(require('crypto').randomBytes({bytes}).toString('hex'))\""
        ),
        Language::Python => {
            format!("python3 -c \"import secrets; print(secrets.token_hex({bytes}))\"")
        }
        Language::Ruby => format!("ruby -rsecurerandom -e 'puts SecureRandom.hex({bytes})'"),
        Language::Php => format!("php -r 'echo bin2hex(random_bytes({bytes})), PHP_EOL;'"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fresh_and_sized() {
        let a = fresh_key(32).unwrap();
        let b = fresh_key(32).unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(fresh_key(64).unwrap().len(), 128);
        let k = random_bytes(48).unwrap();
        assert_eq!(encode_key(&k, KeyFormat::Base64).len(), 64);
        assert!(!encode_key(&k, KeyFormat::Base64url).contains(['+', '/', '=']));
    }

    #[test]
    fn env_names() {
        assert_eq!(env_name(&[Some("JWT_SECRET")]), "JWT_SECRET");
        assert_eq!(env_name(&[Some("jwtSecret")]), "JWT_SECRET");
        assert_eq!(
            env_name(&[None, Some("accessTokenSecret")]),
            "ACCESS_TOKEN_SECRET"
        );
        assert_eq!(env_name(&[None]), "JWT_SECRET");
    }
}
