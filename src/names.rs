//! Secret key names: is `jwtSecret`, `JWT_SECRET_KEY`, `jwt.secret`, `Jwt:Key` a JWT HMAC secret?

use crate::ruleset::NameRules;

/// Split a name into lower-case words: camelCase, snake_case, kebab-case, dots, colons, `__`,
/// slashes and spaces all separate words; digits end a word (`AUTH_SECRET_1` -> [auth, secret]).
pub fn split_words(name: &str) -> Vec<String> {
    if name.is_ascii() {
        return split_ascii_words(name.as_bytes());
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphabetic() {
            let prev = if i > 0 { chars[i - 1] } else { ' ' };
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            // fooBar | FOOBar -> foo Bar / FOO Bar
            let boundary = c.is_uppercase()
                && !cur.is_empty()
                && (prev.is_lowercase() || (prev.is_uppercase() && next.is_lowercase()));
            if boundary {
                words.push(std::mem::take(&mut cur));
            }
            cur.extend(c.to_lowercase());
        } else {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Does a word start at byte `i`, the way `split_words` splits names: after a byte that is not
/// an ASCII letter (bytes outside ASCII count as separators), or at a capital that follows a
/// lower-case letter (`fooBar`) or ends a run of capitals (`FOOBar`)?
pub fn ascii_word_starts(b: &[u8], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| b[p]) else {
        return true;
    };
    if !prev.is_ascii_alphabetic() {
        return true;
    }
    b[i].is_ascii_uppercase()
        && (prev.is_ascii_lowercase() || b.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()))
}

/// `split_words` for ASCII names without allocating: the lower-cased letters of every word go
/// into `letters` back to back, each word's range in it into `words`, and each word's range in
/// `b` into `spans` (all cleared first).
pub fn split_ascii_words_into(
    b: &[u8],
    letters: &mut Vec<u8>,
    words: &mut Vec<(usize, usize)>,
    spans: &mut Vec<(usize, usize)>,
) {
    letters.clear();
    words.clear();
    spans.clear();
    let mut start = 0;
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphabetic() {
            if letters.len() > start && ascii_word_starts(b, i) {
                words.push((start, letters.len()));
                spans.push((from, i));
                start = letters.len();
            }
            if letters.len() == start {
                from = i;
            }
            letters.push(c.to_ascii_lowercase());
        } else if letters.len() > start {
            words.push((start, letters.len()));
            spans.push((from, i));
            start = letters.len();
        }
    }
    if letters.len() > start {
        words.push((start, letters.len()));
        spans.push((from, b.len()));
    }
}

/// `split_words` for ASCII names (nearly all of them), without decoding characters.
fn split_ascii_words(b: &[u8]) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphabetic() {
            if !cur.is_empty() && ascii_word_starts(b, i) {
                words.push(std::mem::take(&mut cur));
            }
            cur.push(c.to_ascii_lowercase() as char);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// True when the key path names a JWT HMAC secret. `path` is the binding path or config key path;
/// its last element is the name itself, earlier elements give context (`jwt` in `jwt.secret`).
pub fn is_jwt_secret_path(path: &[String], rules: &NameRules) -> bool {
    let Some(last) = path.last() else {
        return false;
    };
    if rules.may_name_secret(last) == Some(false) {
        return false;
    }
    let words = split_words(last);
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    if words.iter().any(|w| rules.excluded.contains(w)) {
        return false;
    }
    let spells_jwt = words
        .iter()
        .any(|w| w.starts_with("jw") && rules.context.contains(w));
    if !spells_jwt && words.iter().any(|w| rules.excluded_unless_jwt.contains(w)) {
        return false;
    }
    if rules.providers.contains(&words[0]) {
        return false;
    }
    let parents: Vec<Vec<String>> = path
        .iter()
        .rev()
        .skip(1)
        .take(8)
        .map(|p| split_words(p))
        .collect();
    if parents
        .iter()
        .take(3)
        .any(|p| p.first().is_some_and(|w| rules.providers.contains(w)))
    {
        return false;
    }
    let joined: String = words.concat();
    if rules.exact.contains(&joined) {
        return true;
    }
    let last_word = words.last().map(String::as_str).unwrap_or("");
    let has_context = words.iter().any(|w| rules.context.contains(w))
        || parents.iter().flatten().any(|w| rules.context.contains(w));
    if has_context && (rules.secret.contains(last_word) || words.iter().any(|w| w == "secret")) {
        return true;
    }
    rules.phrases.iter().any(|ph| {
        ph.len() <= words.len() && words[words.len() - ph.len()..] == ph[..]
            // The phrase must be the whole name or follow a non-provider prefix.
            && (ph.len() == words.len() || !rules.providers.contains(&words[words.len() - ph.len() - 1]))
    })
}

/// Convenience for a single name.
pub fn is_jwt_secret_name(name: &str, rules: &NameRules) -> bool {
    is_jwt_secret_path(&[name.to_string()], rules)
}

/// An ALL_CAPS name that reads like an environment variable (`JWT_SECRET`).
pub fn looks_like_env_name(v: &str) -> bool {
    v.len() >= 3
        && v.len() <= 64
        && v.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && v.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && v.contains('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_ranges_split_like_split_words() {
        let (mut letters, mut words, mut spans) = (Vec::new(), Vec::new(), Vec::new());
        for name in [
            "JWT_SECRET",
            "jwtSecretKey",
            "HTTPServerKey",
            "AUTH_SECRET_1",
            "token.key",
            "a-b__c/d:e f",
            "",
            "__",
            "X",
            "parseJSONWebToken2Secret",
        ] {
            split_ascii_words_into(name.as_bytes(), &mut letters, &mut words, &mut spans);
            let got: Vec<String> = words
                .iter()
                .map(|&(a, b)| String::from_utf8(letters[a..b].to_vec()).unwrap())
                .collect();
            assert_eq!(got, split_words(name), "{name}");
            // Each word's bytes in the name are its letters.
            let from_spans: Vec<String> = spans
                .iter()
                .map(|&(a, b)| name[a..b].to_ascii_lowercase())
                .collect();
            assert_eq!(from_spans, got, "{name}");
        }
    }
    use crate::ruleset::RuleSet;

    #[test]
    fn words() {
        assert_eq!(split_words("jwtSecretKey"), ["jwt", "secret", "key"]);
        assert_eq!(split_words("JWT_SECRET_KEY"), ["jwt", "secret", "key"]);
        assert_eq!(split_words("Jwt:Key"), ["jwt", "key"]);
        assert_eq!(split_words("Jwt__Key"), ["jwt", "key"]);
        assert_eq!(split_words("JWTSecret"), ["jwt", "secret"]);
        assert_eq!(split_words("AUTH_SECRET_1"), ["auth", "secret"]);
        assert_eq!(split_words("jwt.secret-key"), ["jwt", "secret", "key"]);
        assert_eq!(split_words("clé_JWTSecret"), ["clé", "jwt", "secret"]);
        assert_eq!(split_words("ÉcoleKey"), ["école", "key"]);
    }

    #[test]
    fn classification() {
        let r = &RuleSet::builtin().names;
        let yes = [
            "JWT_SECRET",
            "jwtSecret",
            "JWT_SECRET_KEY",
            "JWT_KEY",
            "TOKEN_SECRET",
            "ACCESS_TOKEN_SECRET",
            "REFRESH_TOKEN_SECRET",
            "NEXTAUTH_SECRET",
            "AUTH_SECRET",
            "AUTH_SECRET_1",
            "SIGNING_KEY",
            "Jwt:Key",
            "jwt.secret",
            "secretOrKey",
            "JWT_ACCESS_SECRET",
            "ADMIN_JWT_SECRET",
            "SUPABASE_JWT_SECRET",
            "TOKEN_KEY",
            "BETTER_AUTH_SECRET",
            "jwt_signing_key",
            "JwtSettings:SecretKey",
            "SECRET_KEY_BASE",
            "SESSION_JWT_SECRET",
            "JWT_SECRET_OLD",
            "API_JWT_SECRET",
            "DEFAULT_JWT_SECRET",
        ];
        for n in yes {
            assert!(is_jwt_secret_name(n, r), "{n} should be a JWT secret name");
        }
        let no = [
            "JWT_EXPIRES_IN",
            "JWT_ALGORITHM",
            "JWT_PUBLIC_KEY",
            "jwtIssuer",
            "AUTH_GITHUB_SECRET",
            "CLIENT_SECRET",
            "TWITTER_ACCESS_TOKEN_SECRET",
            "SESSION_SECRET",
            "DB_PASSWORD",
            "STRIPE_WEBHOOK_SECRET",
            "SECRET_KEY",
            "CLERK_JWT_KEY",
            "JWT_SECRET_FILE",
            "jwtKeyId",
            "SLACK_SIGNING_SECRET",
            "API_KEY",
            "JWT",
            "jwt_token",
            "secret",
            "key",
            "COOKIE_SECRET",
            "GOOGLE_CLIENT_SECRET",
            "JWT_SECRET_PATH",
            "jwksUri",
        ];
        for n in no {
            assert!(
                !is_jwt_secret_name(n, r),
                "{n} should not be a JWT secret name"
            );
        }
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_jwt_secret_path(&p(&["config", "jwt", "secret"]), r));
        assert!(is_jwt_secret_path(
            &p(&["security", "jwt", "token", "secret-key"]),
            r
        ));
        assert!(!is_jwt_secret_path(
            &p(&["twitter", "access_token_secret"]),
            r
        ));
        assert!(!is_jwt_secret_path(&p(&["jwt", "issuer"]), r));
        // Micronaut: the JWT context is five levels up.
        assert!(is_jwt_secret_path(
            &p(&[
                "micronaut",
                "security",
                "token",
                "jwt",
                "signatures",
                "secret",
                "generator",
                "secret"
            ]),
            r
        ));
    }
}
