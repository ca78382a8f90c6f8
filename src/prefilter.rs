//! The keyword prefilter: one aho-corasick pass over a file's raw bytes decides whether the file
//! is analysed at all. Most files of a repository hold no JWT code; they must cost a keyword
//! scan, never a lexer.
//!
//! A keyword counts only where it can mean what the analysis looks for:
//!
//! - library and context keywords (`jwt`, `jsonwebtoken`, `SignedString`, ...) where they start a
//!   word the way [`crate::names::split_words`] splits names (`jwtSecret`, `decodeJWT`,
//!   `golang-jwt`; not `assigning` for `signing`, not random `jwe` inside minified names);
//! - the texts that switch on a catalogue's context names anywhere, as the analysis matches them
//!   (`src.contains`);
//! - a word of a secret-name phrase (`secret`, `token`, `signing`, `hmac`) only when the name
//!   around it holds a whole phrase or an exact secret name (`TOKEN_SECRET`, `signingKey`,
//!   `secretOrKey`): without a context keyword in the file, no other name is a JWT secret name
//!   ([`crate::names::is_jwt_secret_path`]), so `secret` alone in a README or an AWS SDK model
//!   does not make the file worth lexing.

use crate::names::split_words;
use aho_corasick::AhoCorasick;
use std::collections::{BTreeMap, HashSet};

/// How a needle counts when found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// A word of a secret-name phrase: the name around it must hold a phrase or an exact name.
    Name,
    /// Counts where it starts a word.
    WordStart,
    /// Counts wherever it occurs.
    Anywhere,
}

/// Longest stretch of name characters looked at on each side of a phrase word.
const NAME_REACH: usize = 160;
/// Names with more words are never secret names (`is_jwt_secret_path`).
const MAX_NAME_WORDS: usize = 8;

/// The compiled prefilter (built once with the rule set).
#[derive(Debug, Clone)]
pub struct Prefilter {
    /// Stage one: the anchors, searched case-sensitively in case-folded bytes (see [`fold`]), so
    /// the search can use aho-corasick's SIMD (Teddy) prefilter. Every needle holds an anchor.
    anchors: AhoCorasick,
    /// For each anchor, the needles that hold it and where: stage two compares just these
    /// around an anchor hit.
    holders: Vec<Vec<(usize, usize)>>,
    /// The longest anchor, in bytes.
    longest_anchor: usize,
    /// Every needle, case-insensitive: the whole-text pass stage one and two must agree with
    /// (built on first use: scans never need it).
    ac: std::sync::OnceLock<AhoCorasick>,
    kinds: Vec<Kind>,
    /// For each needle: can a secret name end with it (a phrase's last word, the end of an
    /// exact name)? A name that ends with a needle that cannot end one (`accessToken`) is
    /// rejected without splitting it into words.
    ends_name: Vec<bool>,
    /// Secret-name phrases (word sequences) a name must contain.
    phrases: Vec<Vec<String>>,
    /// Exact secret names (words joined) a name must contain as consecutive words: a few, so
    /// compared in place rather than hashed.
    exact: Vec<Vec<u8>>,
    /// The needles, lower-case, for tests and diagnostics.
    needles: Vec<String>,
    /// Built for one programming language's files: outside string literals a `.` or `::` is a
    /// member access, so a phrase does not run across one (`token.key` is `key` of `token`).
    code: bool,
    /// The secret-name rules (for `uses`, and for the word rules every phrase is held to).
    names: crate::ruleset::NameRules,
    /// Where a library or context keyword counts (see [`Prefilter::keyword_used`]).
    uses: Uses,
    /// The suppression marker's needle: it counts in comments too (that is where it is written,
    /// and a file with one is read so the marker is checked).
    marker: Option<usize>,
}

/// Where a library or context keyword counts, by the language the prefilter is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uses {
    /// Wherever it starts a word.
    Anywhere,
    /// JavaScript and TypeScript: in a module specifier or a secret name.
    JavaScript,
    /// Rust: as a path segment, a call or an import (`jsonwebtoken::encode`, `from_secret(`,
    /// `use jwt::SignWithKey`), or in a secret name.
    Rust,
    /// JSON: in a secret name, a key or a value (`"jwt.secret"`, `{"name": "JWT_KEY"}`), in a
    /// key whose object holds a key that makes one (`"jwt": {"issuer": "me", "key": "..."}`),
    /// or in the value of a bare `Secret`, `Key` or `SigningKey` (which the value's `jwt` makes
    /// a JWT secret: `"Secret": "USED TO SIGN JWT TOKENS"`); not in other prose
    /// (`"description": "Returns a JWT token"`).
    Json,
}

/// What the prefilter is built from.
#[derive(Debug)]
pub struct Spec<'a> {
    /// Library and context keywords: count where they start a word.
    pub keywords: Vec<&'a str>,
    /// Texts the analysis looks for anywhere (context-name conditions).
    pub anywhere: Vec<&'a str>,
    /// Secret-name phrases (lower-case words).
    pub phrases: &'a [Vec<String>],
    /// Exact secret names (lower-case, words joined).
    pub exact: &'a HashSet<String>,
    /// Further name words that make a needle (the longest word of a configured name).
    pub name_words: Vec<&'a str>,
    /// Every catalogue's keywords: words an exact name may start with (`hmac` in `hmackey`),
    /// whether or not they are keywords of this prefilter.
    pub vocabulary: Vec<&'a str>,
    /// For one programming language's files (see [`Prefilter`]'s `code`).
    pub code: bool,
    /// The secret-name rules.
    pub names: &'a crate::ruleset::NameRules,
    /// Where keywords count (see [`Prefilter::keyword_used`]).
    pub uses: Uses,
}

impl Prefilter {
    pub fn new(spec: &Spec) -> Result<Prefilter, aho_corasick::BuildError> {
        // The vocabulary of phrase words, to find the word an exact name starts with.
        let vocab: HashSet<&str> = spec
            .phrases
            .iter()
            .flatten()
            .map(String::as_str)
            .chain(spec.keywords.iter().copied())
            .chain(spec.vocabulary.iter().copied())
            .collect();
        let mut needles: BTreeMap<String, Kind> = BTreeMap::new();
        let mut add = |s: &str, k: Kind| {
            let s = s.to_ascii_lowercase();
            if s.is_empty() {
                return;
            }
            let e = needles.entry(s).or_insert(k);
            *e = (*e).max(k);
        };
        // Name words first: a catalogue keyword that is also a phrase word (`secret`) is only a
        // name word, or every file mentioning a secret would be lexed.
        let mut name_needles: HashSet<String> = HashSet::new();
        for p in spec.phrases {
            // `secret` when the phrase has it, else its longest word: the rarest in code.
            let w = if p.iter().any(|w| w == "secret") {
                "secret"
            } else {
                p.iter().max_by_key(|w| w.len()).map_or("", String::as_str)
            };
            name_needles.insert(w.to_string());
        }
        let keywords: HashSet<String> = spec
            .keywords
            .iter()
            .map(|k| k.to_ascii_lowercase())
            .collect();
        for e in spec.exact {
            // The shortest phrase word or keyword the name starts with (`hmackey` -> `hmac`):
            // present however the name is split (`HMAC_KEY`, `hmacKey`). A keyword already
            // counts where the name starts (`jwtsecret` -> `jwt`).
            let w = (1..=e.len())
                .filter(|&n| e.is_char_boundary(n))
                .map(|n| &e[..n])
                .find(|p| vocab.contains(p))
                .unwrap_or(e);
            if !keywords.contains(w) || w == "secret" {
                name_needles.insert(w.to_string());
            }
        }
        name_needles.extend(spec.name_words.iter().map(|w| w.to_ascii_lowercase()));
        for w in &name_needles {
            add(w, Kind::Name);
        }
        for k in &spec.keywords {
            if !name_needles.contains(&k.to_ascii_lowercase()) {
                add(k, Kind::WordStart);
            }
        }
        for a in &spec.anywhere {
            add(a, Kind::Anywhere);
        }
        let (needles, kinds): (Vec<String>, Vec<Kind>) = needles.into_iter().unzip();
        // A contiguous NFA: a fraction of a DFA's build time (start-up matters on every
        // commit), and the search time is spent in the SIMD prefilter anyway.
        let anchor_list = anchors_for(&needles);
        let anchors = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(anchor_list.iter().map(|a| fold_vec(a.as_bytes())))?;
        let holders = anchor_list
            .iter()
            .map(|a| {
                let mut h = Vec::new();
                for (n, needle) in needles.iter().enumerate() {
                    for (at, _) in needle.match_indices(a.as_str()) {
                        h.push((n, at));
                    }
                }
                h
            })
            .collect();
        let ends_name = needles
            .iter()
            .map(|n| {
                spec.phrases.iter().any(|p| p.last() == Some(n))
                    || spec.exact.iter().any(|e| e.ends_with(n.as_str()))
            })
            .collect();
        let marker = needles.iter().position(|n| n == crate::suppress::MARKER);
        Ok(Prefilter {
            marker,
            ends_name,
            longest_anchor: anchor_list.iter().map(String::len).max().unwrap_or(0),
            anchors,
            holders,
            ac: std::sync::OnceLock::new(),
            kinds,
            phrases: spec.phrases.to_vec(),
            exact: spec.exact.iter().map(|e| e.as_bytes().to_vec()).collect(),
            needles,
            code: spec.code,
            names: spec.names.clone(),
            uses: spec.uses,
        })
    }

    /// True when the bytes may hold a finding.
    pub fn is_match(&self, bytes: &[u8]) -> bool {
        FOLDED.with(|f| self.search(bytes, &mut f.borrow_mut(), None))
    }

    /// True when a source file may hold a finding in its code: as [`Prefilter::is_match`], but a
    /// keyword in a comment line or a Rust test module does not count (see [`NotCode`]; a
    /// suppression marker does, as the analysis checks a file's markers whatever else it says). The
    /// analysis drops such a file after lexing it anyway (it asks the prefilter again over the
    /// code alone); this drops it before.
    pub fn is_match_in_code(&self, bytes: &[u8], not_code: NotCode) -> bool {
        let mut skip = Skip::new(bytes, not_code);
        FOLDED.with(|f| self.search(bytes, &mut f.borrow_mut(), Some(&mut skip)))
    }

    /// Stage one over the case-folded bytes, a chunk at a time (the copy stays in cache): every
    /// place an anchor starts (overlapping ones too: `jwtoken` holds `jwt` and `token`). Stage
    /// two: the needles that hold the anchor, compared in place. Every needle holds an anchor,
    /// so every needle in the text is looked at.
    fn search(&self, bytes: &[u8], folded: &mut Vec<u8>, mut skip: Option<&mut Skip>) -> bool {
        // Each chunk is searched with the start of the next one, so an anchor that starts in it
        // is found whole; anchors that start in the overlap are left to the next chunk.
        let overlap = self.longest_anchor.saturating_sub(1);
        let mut rejected = 0..0;
        let mut base = 0;
        while base < bytes.len() {
            let end = (base + FOLD_CHUNK + overlap).min(bytes.len());
            folded.clear();
            // A copy, then the fold in place: both loops vectorise.
            folded.extend_from_slice(&bytes[base..end]);
            folded.iter_mut().for_each(|b| *b = fold(*b));
            let mut pos = 0;
            while pos < folded.len() {
                let input = aho_corasick::Input::new(folded.as_slice()).span(pos..folded.len());
                let Some(hit) = self.anchors.find(input) else {
                    break;
                };
                if hit.start() >= FOLD_CHUNK && end < bytes.len() {
                    break;
                }
                let at = base + hit.start();
                for &(n, offset) in &self.holders[hit.pattern().as_usize()] {
                    let needle = self.needles[n].as_bytes();
                    let Some(start) = at.checked_sub(offset) else {
                        continue;
                    };
                    let stop = start + needle.len();
                    if stop <= bytes.len()
                        && bytes[start..stop].eq_ignore_ascii_case(needle)
                        && self.counts(bytes, n, start..stop, &mut rejected)
                        && !self.left_out(n, start, skip.as_deref_mut())
                    {
                        return true;
                    }
                }
                pos = hit.start() + 1;
            }
            base += FOLD_CHUNK;
        }
        false
    }

    /// The needle that lets the bytes through, and where: every needle over the whole text, for
    /// measuring the prefilter (and as the reference the two-stage search must agree with).
    pub fn first_match(&self, bytes: &[u8]) -> Option<(&str, usize)> {
        self.first_match_in(bytes, None)
    }

    /// [`Prefilter::first_match`], and with `not_code` as [`Prefilter::is_match_in_code`] sees
    /// the bytes.
    pub fn first_match_in(&self, bytes: &[u8], not_code: Option<NotCode>) -> Option<(&str, usize)> {
        let mut skip = not_code.map(|n| Skip::new(bytes, n));
        let ac = self.ac.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&self.needles)
                .expect("a few hundred short needles always build (the anchors, a subset, did)")
        });
        let mut rejected = 0..0;
        ac.find_overlapping_iter(bytes)
            .find(|m| {
                self.counts(bytes, m.pattern().as_usize(), m.range(), &mut rejected)
                    && !self.left_out(m.pattern().as_usize(), m.start(), skip.as_mut())
            })
            .map(|m| (self.needles[m.pattern().as_usize()].as_str(), m.start()))
    }

    /// Is needle `n` at `at` outside the code `skip` leaves out? (The suppression marker never is.)
    fn left_out(&self, n: usize, at: usize, skip: Option<&mut Skip>) -> bool {
        Some(n) != self.marker && skip.is_some_and(|s| s.covers(at))
    }

    /// Does needle `n`, found at `at`, count there? `rejected` is the last name stretch found to
    /// hold no secret name (its other words are not looked at again).
    fn counts(
        &self,
        bytes: &[u8],
        n: usize,
        at: std::ops::Range<usize>,
        rejected: &mut std::ops::Range<usize>,
    ) -> bool {
        match self.kinds[n] {
            Kind::Anywhere => true,
            Kind::WordStart => {
                crate::names::ascii_word_starts(bytes, at.start) && self.keyword_used(bytes, at)
            }
            Kind::Name => {
                let name = name_around(bytes, at.start, at.end);
                if name == *rejected {
                    return false;
                }
                // Nothing spelled after the needle: it is the name's last word, and only a
                // needle that can end a secret name can end this one (left to right, any
                // earlier phrase in the stretch was looked at from its own needle).
                if !self.ends_name[n]
                    && !bytes[at.end..name.end]
                        .iter()
                        .any(|&c| c.is_ascii_alphabetic() || c >= 0x80)
                {
                    *rejected = name;
                    return false;
                }
                // Code outside a string literal: the stretch does not start right after a
                // quote or a `${`/`{` interpolation (nor reach the file's start or the reach
                // limit, where what precedes it is unknown).
                let in_code = self.code
                    && name.start > 0
                    && !name_byte(bytes[name.start - 1])
                    && !matches!(bytes[name.start - 1], b'"' | b'\'' | b'`' | b'{');
                let ok = self.names_secret(&bytes[name.clone()], in_code);
                if !ok {
                    *rejected = name;
                }
                ok
            }
        }
    }

    /// Does this stretch of name characters hold a secret-name phrase or an exact secret name as
    /// consecutive words, at the end of a name? The analysis asks that a name end with the phrase
    /// (`TOKEN_SECRET`, not `TOKEN_SECRET_HASH` or `PublicSigningKeyUrl`), so the phrase must be
    /// followed by the stretch's end or a separator that can end a name: `.`, `:`, `-`, `/`,
    /// `@` (`TOKEN_SECRET.trim()`, `${TOKEN_SECRET:-dev}`), and in code a space too (`if
    /// tokenSecret and ...`); in a key or a string a space is part of the name (`"public signing
    /// key that ..."` is prose). `in_code` (code outside a string literal) also keeps a phrase
    /// from running across a separator: `token.key` is `key` of `token` there.
    fn names_secret(&self, name: &[u8], in_code: bool) -> bool {
        NAME_WORDS.with(|w| {
            let (letters, words, spans) = &mut *w.borrow_mut();
            if name.is_ascii() {
                crate::names::split_ascii_words_into(name, letters, words, spans);
            } else {
                // Rare: the same form from the general splitter (words back to back, in bytes),
                // without the separator checks.
                letters.clear();
                words.clear();
                spans.clear();
                for word in split_words(&String::from_utf8_lossy(name)) {
                    let start = letters.len();
                    letters.extend_from_slice(word.as_bytes());
                    words.push((start, letters.len()));
                }
            }
            // What separates word `i` from word `i + 1` (empty: a change of case).
            let gap = |i: usize| match (spans.get(i), spans.get(i + 1)) {
                (Some(a), Some(b)) => Some(&name[a.1..b.0]),
                _ => None,
            };
            // Bytes that join two words into one name, in code and elsewhere.
            let joins = |c: &u8| matches!(c, b'_' | b'$') || c.is_ascii_digit();
            let joins_here = |c: &u8| joins(c) || !in_code && matches!(c, b' ' | b'\t');
            let ends =
                |j: usize| j + 1 == words.len() || gap(j).is_none_or(|g| !g.iter().all(joins_here));
            let joined = |i: usize, j: usize| {
                !in_code || (i..j).all(|k| gap(k).is_none_or(|g| g.iter().all(joins)))
            };
            // The name the phrase ends: the words before it joined to it by `_`, `$`, digits
            // or a change of case, never by a space (`ENV TOKEN_SECRET=...` in a Dockerfile).
            // Words without spans (the non-ASCII path) are not extended over.
            let name_start = |i: usize| {
                (0..i)
                    .rev()
                    .take_while(|&k| gap(k).is_some_and(|g| g.iter().all(joins)))
                    .last()
                    .unwrap_or(i)
            };
            let word = |k: usize| &letters[words[k].0..words[k].1];
            self.words_name_secret(letters, words, |i, j| {
                ends(j) && joined(i, j) && self.names_allow(name_start(i)..=j, word)
            })
        })
    }

    /// The word rules of [`crate::names::is_jwt_secret_path`] that hold whatever the rest of the
    /// path is, over the words `range` of a name: no excluded word (`ID_TOKEN_SECRET`,
    /// `TOKEN_SECRET_HEADER`), none of the words excluded unless the name spells out `jwt`
    /// (`API_TOKEN_SECRET`, not `API_JWT_TOKEN_SECRET`), no provider as the first word
    /// (`GITHUB_TOKEN_SECRET`).
    fn names_allow<'w>(
        &self,
        range: std::ops::RangeInclusive<usize>,
        word: impl Fn(usize) -> &'w [u8],
    ) -> bool {
        let has =
            |set: &HashSet<String>, w: &[u8]| std::str::from_utf8(w).is_ok_and(|w| set.contains(w));
        let n = &self.names;
        let spells_jwt = range
            .clone()
            .any(|k| word(k).starts_with(b"jw") && has(&n.context, word(k)));
        !range.clone().any(|k| {
            has(&n.excluded, word(k)) || !spells_jwt && has(&n.excluded_unless_jwt, word(k))
        }) && !has(&n.providers, word(*range.start()))
    }

    /// [`Self::names_secret`] over words given as byte ranges of `letters` (no allocation):
    /// `fits(i, j)` says whether words `i..=j` can be a whole secret name.
    fn words_name_secret(
        &self,
        letters: &[u8],
        words: &[(usize, usize)],
        fits: impl Fn(usize, usize) -> bool,
    ) -> bool {
        let word = |i: usize| &letters[words[i].0..words[i].1];
        let has_phrase = self.phrases.iter().any(|p| {
            !p.is_empty()
                && (0..(words.len() + 1).saturating_sub(p.len())).any(|i| {
                    p.iter()
                        .enumerate()
                        .all(|(k, pw)| short_eq(word(i + k), pw.as_bytes()))
                        && fits(i, i + p.len() - 1)
                })
        });
        has_phrase
            || (0..words.len()).any(|i| {
                // Words are back to back in `letters`: words i..=j joined are one slice, and an
                // exact name that starts there must end where a word ends.
                let from = &letters[words[i].0..];
                self.exact.iter().any(|e| {
                    from.len() >= e.len()
                        && short_eq(&from[..e.len()], e)
                        && (i..words.len().min(i + MAX_NAME_WORDS))
                            .find(|&j| words[j].1 - words[i].0 >= e.len())
                            .is_some_and(|j| words[j].1 - words[i].0 == e.len() && fits(i, j))
                })
            })
    }

    /// JavaScript and TypeScript: is the library or context keyword at `at` used where the
    /// analysis can use it?
    ///
    /// - in a module specifier (`require("jsonwebtoken")`, `from 'jose'`, `import("@nestjs/jwt")`):
    ///   what makes a library's calls count, as every JavaScript library of the rules is
    ///   imported by a name holding a keyword;
    /// - in a name path that is a JWT secret name ([`crate::names::is_jwt_secret_path`]:
    ///   `jwtSecret`, `JWE_KEY`, `jwt.key`, `jwt?.config.secret`, `'jwt:secret'`), or that names
    ///   an object literal or class body with a key that makes one (`jwtOptions = { expiresIn:
    ///   '1h', secret: ... }`, `class JwtConfig { static secret = ... }`).
    ///
    /// Not where other code says it: `ZodJWT`, `EAR_JWE_CRYPTO`, `jwtRegex`, `isValidJWT(t)`,
    /// `validateTokenBindingJwtHeaderKey` (a header is not a secret), a search index's `"jose"`
    /// key. Secret names (`TOKEN_SECRET`) and context texts count as in any file. Configuration
    /// modules (`config.js`, `constants.ts`) are read whatever their keywords say (see
    /// `scan::worth_analysing`): the constants they export matter to other files.
    ///
    /// Rust: where the keyword is a whole path segment, call or import (`jsonwebtoken::encode`,
    /// `EncodingKey::from_secret(`, `.sign_with_key(`, `use jwt::SignWithKey`), or in a secret
    /// name as in JavaScript. Not in a string or a longer name (`"-jwt"`, `is_jwt_token`).
    ///
    /// JSON: in a secret name or a key whose object makes one, or in a bare `Secret` value (see
    /// [`Uses::Json`]).
    fn keyword_used(&self, b: &[u8], at: std::ops::Range<usize>) -> bool {
        match self.uses {
            Uses::Anywhere => true,
            Uses::JavaScript => specifier_at(b, at.clone()) || self.secret_path_at(b, at.start),
            Uses::Rust => rust_path_at(b, at.clone()) || self.secret_path_at(b, at.start),
            Uses::Json => self.secret_path_at(b, at.start) || bare_secret_value_at(b, at.start),
        }
    }

    /// Is a name path starting with the identifier around `at` a JWT secret name (`jwtSecret`,
    /// `jwt.key`, `jwt?.config.secret`, `'jwt:secret'`), or does the name hold an object literal
    /// with a key that makes one (`jwt: { secret: ... }`)?
    fn secret_path_at(&self, b: &[u8], at: usize) -> bool {
        // JSON keys are strings: `jwt-secret` is one name, and a key's quotes come before its
        // `:` and object.
        let json = self.uses == Uses::Json;
        let ident =
            |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || json && c == b'-';
        let lo = at
            - b[at.saturating_sub(NAME_REACH)..at]
                .iter()
                .rev()
                .take_while(|&&c| ident(c))
                .count();
        let mut path: Vec<String> = Vec::new();
        let mut pos = lo;
        while path.len() < MAX_NAME_WORDS {
            let end = pos
                + b[pos..]
                    .iter()
                    .take(NAME_REACH)
                    .take_while(|&&c| ident(c))
                    .count();
            if end == pos {
                return false;
            }
            path.push(String::from_utf8_lossy(&b[pos..end]).into_owned());
            if self.is_secret_path(&path) {
                return true;
            }
            pos = end;
            // `?.`, `.`, and `:` between two names (`jwt:secret` in a configuration key).
            match b.get(pos..pos + 2).unwrap_or(&[]) {
                [b'?', b'.', ..] => pos += 2,
                [b'.' | b':', c] if ident(*c) => pos += 1,
                _ => break,
            }
        }
        // `name = {`, `name: Type = {`, `class Name extends Base {`: the keys of the object
        // literal or class body, a short way into it.
        let rest = &b[pos..b.len().min(pos + OBJECT_REACH)];
        let mut i = 0;
        let mut assigned = false;
        let mut words = 0;
        while i < rest.len().min(TYPE_REACH) {
            match rest[i] {
                b'=' if !assigned && !matches!(rest.get(i + 1), Some(b'=' | b'>')) => {
                    assigned = true
                }
                // A JSON key: its closing quote, `:` and blanks.
                c if json => {
                    if !(c.is_ascii_whitespace() || matches!(c, b'"' | b':')) {
                        break;
                    }
                }
                // Rust: a struct literal or definition, `JwtConfig { secret: s }`, `jwt_config =
                // Config {`, `jwt: JwtConfig = JwtConfig {`; not a closure (`says_jwt = || {`)
                // or prose in a string (`"jsonwebtoken 8 and earlier ... {name}"`).
                c if self.uses == Uses::Rust => {
                    if ident(c) && (i == 0 || !ident(rest[i - 1])) {
                        words += 1;
                    }
                    if words > 2
                        || !(ident(c) || c.is_ascii_whitespace() || matches!(c, b':' | b'<' | b'>'))
                    {
                        break;
                    }
                }
                c if ident(c)
                    || c.is_ascii_whitespace()
                    || matches!(
                        c,
                        b':' | b'<' | b'>' | b'.' | b',' | b'|' | b'&' | b'?' | b'[' | b']'
                    ) => {}
                _ => break,
            }
            i += 1;
        }
        if rest.get(i) != Some(&b'{') {
            return false;
        }
        // The keys inside, up to the matching brace (the lexer's: strings skipped).
        let body = &rest[i + 1..crate::lang::lexer::matching_brace(rest, i)];
        let mut j = 0;
        while j < body.len() {
            if !ident(body[j]) {
                j += 1;
                continue;
            }
            let end = j + body[j..].iter().take_while(|&&c| ident(c)).count();
            // Identifier bytes are ASCII; most keys fail the cheap check unallocated.
            let key = std::str::from_utf8(&body[j..end]).unwrap_or("");
            if self.names.may_name_secret(key) != Some(false) {
                path.push(key.to_string());
                if self.is_secret_path(&path) {
                    return true;
                }
                path.pop();
            }
            j = end;
        }
        false
    }

    /// [`crate::names::is_jwt_secret_path`], after its cheap necessary condition.
    fn is_secret_path(&self, path: &[String]) -> bool {
        path.last()
            .is_some_and(|last| self.names.may_name_secret(last) != Some(false))
            && crate::names::is_jwt_secret_path(path, &self.names)
    }

    /// The needles (lower-case).
    pub fn needles(&self) -> &[String] {
        &self.needles
    }
}

/// A name's lower-cased letters, each word's range in them and each word's range in the name.
type NameWords = (Vec<u8>, Vec<(usize, usize)>, Vec<(usize, usize)>);

/// Bytes folded and searched at a time (plus the overlap): the copy stays in the cache, and a
/// large file needs no copy of its size.
const FOLD_CHUNK: usize = 1 << 16;

thread_local! {
    /// Letters and word ranges of the name being checked, reused by each worker.
    static NAME_WORDS: std::cell::RefCell<NameWords> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
    /// The case-folded chunk being searched, reused by each worker.
    static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How a language writes comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comments {
    /// `//` and `/* */` (JavaScript, TypeScript, Go, Java, Kotlin, C#, Rust).
    Slash,
    /// `#` (Python, Ruby; not a Ruby `#{...}` interpolation in a heredoc line).
    Hash,
    /// Both (PHP; not a `#[...]` attribute).
    SlashHash,
}

/// What of a source file is not code to [`Prefilter::is_match_in_code`]:
///
/// - a comment line: one whose first non-blank text is `//`, `#`, or a block comment's `/*` or
///   `*` before any `*/` (licence headers, doc comments, commented-out code); comments after
///   code on a line are left to the lexer (telling them from `//` in a string takes one);
/// - with `rust_tests`, a Rust `#[cfg(test)]` module as rustfmt lays it out: the attribute and
///   `[pub] mod name {` at the start of their lines, up to the first line that starts with `}` at
///   the same indentation. A module laid out otherwise is not recognised, and its keywords count.
///
/// What the lexer finds to be a comment or a test module the analysis leaves out before parsing
/// (`analyze::code_view`); recognising them here too only saves lexing the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotCode {
    comments: Comments,
    /// What starts code inside the language's multi-line strings, where a line can look like a
    /// comment but runs code (`// ${process.env.JWT_SECRET || 'dev'}` in a JavaScript template
    /// literal, `# KEY={os.environ.get(...)}` in a Python f-string): a comment-like line holding
    /// one counts. None in Rust, Go, Java and C# (a C# verbatim interpolated string's `{` is not
    /// told from a comment's).
    interpolation: &'static [&'static [u8]],
    rust_tests: bool,
}

impl NotCode {
    /// For a `lang` source file; `tests`: test code is analysed, so Rust test modules count.
    pub fn new(lang: crate::lang::Language, tests: bool) -> NotCode {
        use crate::lang::Language as L;
        let comments = match lang {
            L::Python | L::Ruby => Comments::Hash,
            L::Php => Comments::SlashHash,
            L::JavaScript | L::TypeScript | L::Go | L::Java | L::Kotlin | L::CSharp | L::Rust => {
                Comments::Slash
            }
        };
        let interpolation: &'static [&'static [u8]] = match lang {
            L::JavaScript | L::TypeScript | L::Kotlin | L::Php => &[b"${", b"{$"],
            L::Python => &[b"{"],
            L::Ruby => &[b"#{"],
            L::Go | L::Java | L::CSharp | L::Rust => &[],
        };
        NotCode {
            comments,
            interpolation,
            rust_tests: lang == L::Rust && !tests,
        }
    }
}

/// [`NotCode`] for one file: the Rust test modules are found on the first keyword that counts.
struct Skip<'a> {
    bytes: &'a [u8],
    not_code: NotCode,
    tests: Option<Vec<std::ops::Range<usize>>>,
}

impl<'a> Skip<'a> {
    fn new(bytes: &'a [u8], not_code: NotCode) -> Skip<'a> {
        Skip {
            bytes,
            not_code,
            tests: None,
        }
    }

    /// Is the keyword starting at `at` outside the code?
    fn covers(&mut self, at: usize) -> bool {
        if in_comment_line(self.bytes, at, &self.not_code) {
            return true;
        }
        if !self.not_code.rust_tests {
            return false;
        }
        let bytes = self.bytes;
        self.tests
            .get_or_insert_with(|| rust_test_modules(bytes))
            .iter()
            .any(|r| r.contains(&at))
    }
}

/// Does the line holding `at` start (after blanks) with a comment that reaches `at`?
fn in_comment_line(b: &[u8], at: usize, not_code: &NotCode) -> bool {
    let comments = not_code.comments;
    // A lone `\r` ends a line too (old Mac files): the lexer says so.
    let line = memchr::memrchr2(b'\n', b'\r', &b[..at]).map_or(0, |p| p + 1);
    let Some(first) = b[line..at].iter().position(|&c| c != b' ' && c != b'\t') else {
        return false;
    };
    let start = line + first;
    let line = &b[start..];
    let eol = memchr::memchr2(b'\n', b'\r', &b[at..]).map_or(b.len(), |e| at + e);
    let whole = &b[start..eol];
    let slash = comments != Comments::Hash;
    let hash = comments != Comments::Slash;
    // A line of a multi-line string that interpolates runs code (see [`NotCode`]).
    let interpolates = not_code
        .interpolation
        .iter()
        .any(|m| memchr::memmem::find(whole, m).is_some());
    if slash && line.starts_with(b"//") {
        return !interpolates;
    }
    // A block comment's line, up to its `*/` (`/* a */ jwt.sign(...)` is code after it). A `*`
    // that starts code (`*ptr`, a generator method `*[Symbol.iterator]`) is followed by a name.
    let block = line.starts_with(b"/*")
        || line.starts_with(b"*")
            && matches!(
                line.get(1),
                None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'*')
            );
    if slash && block {
        return memchr::memmem::find(&b[start..at], b"*/").is_none() && !interpolates;
    }
    hash && line.starts_with(b"#") && !matches!(line.get(1), Some(b'[' | b'{')) && !interpolates
}

/// Byte ranges of `#[cfg(test)] [pub] mod name {` modules laid out as rustfmt does (see
/// [`NotCode`]).
fn rust_test_modules(b: &[u8]) -> Vec<std::ops::Range<usize>> {
    const ATTR: &[u8] = b"#[cfg(test)]";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&b[from..], ATTR) {
        let at = from + p;
        from = at + ATTR.len();
        let line = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
        let indent = &b[line..at];
        if !indent.iter().all(|&c| c == b' ' || c == b'\t') {
            continue;
        }
        // The rest of the attribute's line is blank; the next line is the module's head.
        let Some(eol) = memchr::memchr(b'\n', &b[from..]).map(|e| from + e) else {
            break;
        };
        if !b[from..eol].iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let head_end = memchr::memchr(b'\n', &b[eol + 1..]).map_or(b.len(), |e| eol + 1 + e);
        let head = &b[eol + 1..head_end];
        let Some(rest) = head.strip_prefix(indent) else {
            continue;
        };
        let rest = rest.strip_prefix(b"pub ").unwrap_or(rest);
        let Some(name_brace) = rest.strip_prefix(b"mod ") else {
            continue;
        };
        let name_brace = name_brace.trim_ascii_end();
        let Some(name) = name_brace.strip_suffix(b"{").map(<[u8]>::trim_ascii_end) else {
            continue;
        };
        if name.is_empty() || !name.iter().all(|&c| c == b'_' || c.is_ascii_alphanumeric()) {
            continue;
        }
        // The module ends at the first line that starts with `}` at the attribute's indentation.
        let mut pos = head_end;
        let end = loop {
            if pos >= b.len() {
                break None;
            }
            let next = memchr::memchr(b'\n', &b[pos + 1..]).map_or(b.len(), |e| pos + 1 + e);
            let l = &b[pos + 1..next.min(b.len())];
            if l.strip_prefix(indent)
                .is_some_and(|r| r.first() == Some(&b'}'))
            {
                break Some(next);
            }
            pos = next;
        };
        let Some(end) = end else {
            continue;
        };
        // The text looked like a module but may be in a block comment or a string (a test module
        // commented out without its closing brace, a code generator's template): then its braces
        // do not balance up to the closing line, or a comment closes in it that did not open there.
        let body = &b[eol..end];
        let count = |c: u8| memchr::memchr_iter(c, body).count();
        let count_str = |s: &[u8]| memchr::memmem::find_iter(body, s).count();
        if count(b'{') != count(b'}') || count_str(b"*/") > count_str(b"/*") {
            continue;
        }
        out.push(at..end);
        from = end;
    }
    out
}

/// ASCII case folding by one bit: upper-case letters become lower-case; some punctuation moves
/// too (`_` to DEL, `[` to `{`), the same way in needles and text, so an anchor is found wherever
/// a case-insensitive search would find it (and, rarely, where stage two then finds nothing).
fn fold(b: u8) -> u8 {
    b | 0x20
}

/// Equality of two short byte strings (words of a name) without a call to `memcmp`.
fn short_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

fn fold_vec(s: &[u8]) -> Vec<u8> {
    s.iter().map(|&b| fold(b)).collect()
}

/// The anchors: each needle that holds no shorter needle (`signing` covers `signingkey`, `jwt`
/// covers `golang-jwt`). Every needle holds an anchor, and the shortest needles are three bytes
/// long, which keeps the SIMD search on three-byte fingerprints.
fn anchors_for(needles: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut by_len: Vec<&String> = needles.iter().collect();
    by_len.sort_by_key(|n| (n.len(), n.as_str()));
    for n in by_len {
        if !out.iter().any(|a| n.contains(a.as_str())) {
            out.push(n.clone());
        }
    }
    out
}

/// How far into an object literal or class body a keyword's name is followed for a key that
/// makes a secret name.
const OBJECT_REACH: usize = 8192;
/// How far past a keyword's name its type and `=` may reach before the `{`.
const TYPE_REACH: usize = 128;

/// Is the keyword at `at` inside the JSON string value of a bare `Secret`, `Key` or
/// `SigningKey` key (`"Secret": "THIS IS USED TO SIGN AND VERIFY JWT TOKENS"`)?
fn bare_secret_value_at(b: &[u8], at: usize) -> bool {
    let before = &b[at.saturating_sub(OBJECT_REACH)..at];
    let Some(open) = before.iter().rposition(|&c| c == b'"') else {
        return false;
    };
    let trim = |s: &[u8]| {
        s.len()
            - s.iter()
                .rev()
                .take_while(|c| c.is_ascii_whitespace())
                .count()
    };
    let before = &before[..trim(&before[..open])];
    let Some(before) = before.strip_suffix(b":") else {
        return false;
    };
    let Some(before) = before[..trim(before)].strip_suffix(b"\"") else {
        return false;
    };
    let key = &before[before.iter().rposition(|&c| c == b'"').map_or(0, |p| p + 1)..];
    crate::engine::BARE_SECRET_KEYS
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k.as_bytes()))
}

/// Is the keyword at `at` a whole Rust identifier used as a path segment, a call or an import:
/// followed by `::`, `(` or `!`, or after `::`, `.`, `use`, `crate` or `as`?
fn rust_path_at(b: &[u8], at: std::ops::Range<usize>) -> bool {
    let ident = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    if at.start > 0 && ident(&b[at.start - 1]) || b.get(at.end).is_some_and(ident) {
        return false;
    }
    let after = &b[at.end..];
    let after = &after[after.iter().take_while(|c| c.is_ascii_whitespace()).count()..];
    if after.starts_with(b"::") || after.starts_with(b"(") || after.starts_with(b"!") {
        return true;
    }
    let before = &b[..at.start];
    let before = &before[..before.len()
        - before
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count()];
    if before.ends_with(b"::") || before.ends_with(b".") {
        return true;
    }
    let word = &before[before.len() - before.iter().rev().take_while(|c| ident(c)).count()..];
    matches!(word, b"use" | b"crate" | b"as")
}

/// Is the keyword at `at` part of a quoted module specifier: `require("express-jwt")`,
/// `__require('jose')`, `from "@nestjs/jwt"`, `import 'next-auth'`, `import("jose")`?
fn specifier_at(b: &[u8], at: std::ops::Range<usize>) -> bool {
    let spec =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@' | b'/' | b'.' | b'-');
    let lo = at.start
        - b[at.start.saturating_sub(NAME_REACH)..at.start]
            .iter()
            .rev()
            .take_while(|&&c| spec(c))
            .count();
    let hi = at.end
        + b[at.end..]
            .iter()
            .take(NAME_REACH)
            .take_while(|&&c| spec(c))
            .count();
    let (Some(&open), Some(&close)) = (lo.checked_sub(1).map(|i| &b[i]), b.get(hi)) else {
        return false;
    };
    if open != close || !matches!(open, b'"' | b'\'' | b'`') {
        return false;
    }
    // Before the quote: blanks, at most one `(`, blanks, then the word.
    let mut i = lo - 1;
    let mut paren = false;
    while i > 0 {
        let c = b[i - 1];
        if c.is_ascii_whitespace() {
            i -= 1;
        } else if c == b'(' && !paren {
            paren = true;
            i -= 1;
        } else {
            break;
        }
    }
    let word_start = i - b[i.saturating_sub(32)..i]
        .iter()
        .rev()
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$')
        .count();
    let word = &b[word_start..i];
    word.ends_with(b"require") || (!paren && word == b"from") || word == b"import"
}

/// Characters a name (identifier, config key, environment variable, string key) may hold.
fn name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'_' | b'-' | b'.' | b':' | b'/' | b'\\' | b'$' | b'@' | b' ' | b'\t'
        )
        || c >= 0x80
}

/// The stretch of name characters around `start..end`, at most `NAME_REACH` on each side.
fn name_around(b: &[u8], start: usize, end: usize) -> std::ops::Range<usize> {
    let lo = b[start.saturating_sub(NAME_REACH)..start]
        .iter()
        .rposition(|&c| !name_byte(c))
        .map_or(start.saturating_sub(NAME_REACH), |p| {
            start.saturating_sub(NAME_REACH) + p + 1
        });
    let hi_end = (end + NAME_REACH).min(b.len());
    let hi = b[end..hi_end]
        .iter()
        .position(|&c| !name_byte(c))
        .map_or(hi_end, |p| end + p);
    lo..hi
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pf() -> &'static Prefilter {
        crate::ruleset::RuleSet::builtin().prefilter()
    }

    #[test]
    fn library_keywords_count_where_a_word_starts() {
        for yes in [
            "const jwt = require('jsonwebtoken')",
            "import { SignJWT } from 'jose'",
            "token.SignedString(key)",
            "decodeJWT(x)",
            "JWTSecret",
            "github.com/golang-jwt/jwt/v5",
            "use NextAuth;",
        ] {
            assert!(pf().is_match(yes.as_bytes()), "{yes}");
        }
        for no in [
            "assigning the value; designing it",
            "var ajwe=1,bjws=2,xjwk=3;",
            "fn main() { println!(\"hello\") }",
        ] {
            assert!(!pf().is_match(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn phrase_words_count_inside_a_secret_name() {
        for yes in [
            "TOKEN_SECRET=abc",
            "const tokenSecret = 'x'",
            "signing_key: abc",
            "SIGNING.KEY = 1",
            "secretOrKey: k",
            "SECRET_OR_PRIVATE_KEY",
            "HMAC_KEY = 'x'",
            "hmacSecret",
            "tokensecret = 1",
            "x = cfg['access_token_secret']",
            "token key: abc",
            "secret_key_base: x",
            "AUTH_SECRET=1",
            // `token` starts inside the anchor `jwt`: overlapping anchors are both found.
            "const xjwToken_secret = 1",
        ] {
            assert!(pf().is_match(yes.as_bytes()), "{yes}");
        }
        for no in [
            "the client secret is stored in the vault",
            "AWS_SECRET_ACCESS_KEY = x",
            "let token = lexer.next(); // secret sauce",
            "SECRET_KEY = 'django'",
            "mytokensecret = 1",
        ] {
            assert!(!pf().is_match(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn a_phrase_counts_only_where_a_name_can_end_with_it() {
        use crate::lang::{ConfigFormat, FileKind, Language};
        let rs = crate::ruleset::RuleSet::builtin();
        let js = rs.prefilter_for(FileKind::Code(Language::JavaScript));
        let json = rs.prefilter_for(FileKind::Config(ConfigFormat::Json));
        for yes in [
            "const tokenSecret = 'x'",
            "const s = process.env.TOKEN_SECRET.trim() || 'dev'",
            "const s = config.get('token.secret')",
            "const s = `${cfg.token.secret}`",
            "const TOKEN_SECRET_2 = 'x'",
            "return tokenSecret || fallback",
            "const k = SIGNING_KEY",
        ] {
            assert!(js.is_match(yes.as_bytes()), "{yes}");
        }
        for no in [
            // `key` of `token`, not a name `token.key`.
            "this.name = token.key;",
            "init(); cfg.signing.key = 1",
            // Names that go on past the phrase.
            "const TOKEN_SECRET_HASH = 1",
            "const publicSigningKeyUrl = u",
            // Prose in a string.
            "throw new Error('no token key that works')",
        ] {
            assert!(!js.is_match(no.as_bytes()), "{no}");
        }
        for yes in [
            r#"{"signing_key": "abc"}"#,
            r#"{"jwt": {"token.secret": "abc"}}"#,
            r#"{"Token Secret": "abc"}"#,
        ] {
            assert!(json.is_match(yes.as_bytes()), "{yes}");
        }
        for no in [
            r#"{"PublicSigningKeyUrl": "https://x"}"#,
            r#"{"documentation": "The URL of the public signing key that is used to verify"}"#,
        ] {
            assert!(!json.is_match(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn needles_across_the_edge_of_a_folded_chunk_are_found() {
        let p = pf();
        for needle in ["jsonwebtoken", "x = TOKEN_SECRET;", "jwt", "hmacKey = 1"] {
            for at in FOLD_CHUNK - 16..FOLD_CHUNK + 4 {
                let mut text = "a".repeat(at);
                // A separator before the needle, so word starts and names begin with it.
                text.replace_range(at - 1.., " ");
                text.push_str(needle);
                text.push_str(&" b".repeat(40));
                assert!(p.is_match(text.as_bytes()), "{needle} at {at}");
                assert!(p.first_match(text.as_bytes()).is_some(), "{needle} at {at}");
            }
        }
        // And nothing is found twice or invented at the edge: a long text without a needle.
        let plain = "lorem ipsum dolor sit amet ".repeat(3 * FOLD_CHUNK / 27);
        assert!(!p.is_match(plain.as_bytes()));
    }

    #[test]
    fn context_conditions_count_anywhere() {
        // rust.toml switches context names on with `jwt::` anywhere in the text.
        assert!(pf().is_match(b"use myjwt::Claims;"));
    }

    #[test]
    fn every_needle_holds_an_anchor_and_anchors_are_few() {
        let p = pf();
        let anchors = anchors_for(&p.needles);
        for n in &p.needles {
            assert!(anchors.iter().any(|a| n.contains(a.as_str())), "{n}");
        }
        // Few enough for aho-corasick's SIMD searcher (Teddy takes up to 64 patterns).
        assert!(anchors.len() <= 64, "{}: {anchors:?}", anchors.len());
    }

    #[test]
    fn matches_far_apart_and_in_any_case_are_found() {
        // The one real match after many anchor hits that stage two rejects.
        let mut s = "let token = next(); // a design for signing in\n".repeat(2000);
        s.push_str("const SECRET = 1; const Jwt_Secret_Key = 'x';\n");
        assert!(pf().is_match(s.as_bytes()));
        assert!(pf().is_match(b"IMPORT JSONWEBTOKEN"));
        assert!(pf().is_match(b"x = new SYMMETRICSECURITYKEY(k)"));
        s.truncate(s.len() - 46);
        assert!(!pf().is_match(s.as_bytes()));
        // A needle across the edge of the window around its anchor.
        assert!(pf().is_match(b"AAAA.TokenValidationParameters"));
    }

    /// The prefilter of `kind` takes every `yes` and no `no`, where the prefilter that counts
    /// every keyword anywhere takes the `no`s too (they hold a keyword, in the wrong place).
    /// In a source file, a keyword counts in code: not in a comment line, not in a Rust test
    /// module laid out as rustfmt does (unless test code is analysed).
    #[test]
    fn in_source_files_only_code_counts() {
        use crate::lang::{FileKind, Language};
        let rs = crate::ruleset::RuleSet::builtin();
        let check = |lang: Language, tests: bool, yes: &[&str], no: &[&str]| {
            let kind = FileKind::Code(lang);
            for y in yes {
                assert!(
                    rs.might_match_code(kind, y.as_bytes(), tests),
                    "{lang:?}: {y}"
                );
            }
            for n in no {
                assert!(
                    rs.might_match_kind(kind, n.as_bytes()),
                    "the keyword counts somewhere: {n}"
                );
                assert!(
                    !rs.might_match_code(kind, n.as_bytes(), tests),
                    "{lang:?}: {n}"
                );
            }
        };
        check(
            Language::JavaScript,
            false,
            &[
                "/* config */ const secret = process.env.JWT_SECRET;",
                "/**\n * Signs tokens.\n */\nconst JWT_SECRET = 'abc';",
                "const u = 'http://example.com/a'; const jwt = require('jsonwebtoken');",
                "const x = a\n  *b; const jwtSecret = 'abc';",
                "// note\nconst TOKEN_SECRET = 'x' // the secret",
                // A template literal's line that interpolates is code.
                "module.exports = () => `\n// edge worker: signs with\n// ${process.env.JWT_SECRET || 'dev'}\n`;",
                // A suppression marker counts in a comment: the analysis checks it.
                "// jwtlint:ignore[hardcoded-secret] rotated in #42\nconst a = 1;",
                // A block comment's lines that do not start with `*` are left to the lexer.
                "/* old:\n   const TOKEN_SECRET = 'x'; */\nf();",
            ],
            &[
                "// const jwt = require('jsonwebtoken');\nmodule.exports = {};",
                "/**\n * @param jwtSecret the key\n */\nfunction f(a) {}",
                "/* const JWT_SECRET = 'abc'; */\nf();",
                "    // TOKEN_SECRET=abc in .env\nrun();",
            ],
        );
        check(
            Language::Python,
            false,
            &[
                "JWT_SECRET = 'abc'  # the signing key",
                "# jwt config\nJWT_SECRET = 'abc'",
                "return f\"\"\"# generated\n# JWT_SECRET={os.environ.get('JWT_SECRET', 'dev')}\n\"\"\"",
            ],
            &[
                "# JWT_SECRET = 'abc'\nDEBUG = True",
                "    # import jwt\n    pass",
            ],
        );
        check(
            Language::Ruby,
            false,
            &["x = <<~EOS\n#{JWT_SECRET}\nEOS"],
            &["# JWT_SECRET = 'abc'\nputs 1"],
        );
        check(
            Language::Php,
            false,
            &["#[Route('/')]\nfunction f() { $jwtSecret = 'abc'; }"],
            &["# $jwtSecret = 'abc';\n// $TOKEN_SECRET = 'x';\necho 1;"],
        );
        let module = "pub fn f() {}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    \
                      #[test]\n    fn t() {\n        let jwt_secret = \"abc\";\n    }\n}\n";
        check(Language::Rust, false, &[], &[module]);
        check(Language::Rust, true, &[module], &[]);
        check(
            Language::Rust,
            false,
            &[
                // Code after the module counts.
                &format!("{module}\npub const JWT_SECRET: &str = \"abc\";\n"),
                // Not laid out as rustfmt does: the module is not recognised.
                "#[cfg(test)] mod tests { const JWT_SECRET: &str = \"abc\"; }",
                "#[cfg(test)]\nfn helper() { let jwt_secret = \"abc\"; }",
                // A module head commented out, or in a code generator's raw string: its braces
                // do not balance up to the next `}` line.
                "/*\n#[cfg(test)]\nmod tests {\n    // disabled\n*/\npub fn key() -> EncodingKey {\n    \
                 jsonwebtoken::EncodingKey::from_secret(b\"dev\")\n}\n",
                "const HEAD: &str = r#\"\n#[cfg(test)]\nmod tests {\n    use super::*;\n\"#;\n\
                 pub fn key() -> EncodingKey {\n    EncodingKey::from_secret(b\"dev\")\n}\n",
                // A nested module ends at its own indentation.
                "mod outer {\n    #[cfg(test)]\n    mod tests {\n    }\n    \
                 pub const JWT_SECRET: &str = \"abc\";\n}\n",
            ],
            &[
                "/// Reads `JWT_SECRET`.\n//! use jsonwebtoken::encode;\npub fn f() {}",
                // Rust strings do not interpolate: `${` in a comment is prose.
                "// Spring `@Value(\"${jwt.secret:default}\")`\npub fn f() {}",
            ],
        );
    }

    fn counts_only_where_used(kind: crate::lang::FileKind, yes: &[&str], no: &[&str]) {
        let p = crate::ruleset::RuleSet::builtin().prefilter_for(kind);
        for y in yes {
            assert!(p.is_match(y.as_bytes()), "{y}");
        }
        for n in no {
            assert!(
                pf().is_match(n.as_bytes()),
                "where every keyword counts, it does: {n}"
            );
            assert!(!p.is_match(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn in_javascript_a_keyword_counts_in_a_specifier_or_a_secret_name() {
        use crate::lang::{FileKind, Language};
        counts_only_where_used(
            FileKind::Code(Language::JavaScript),
            &[
                "var crypto = require('crypto'); var jwt = require('jsonwebtoken');",
                "const import_jose = __toESM(__require(\"jose\"));",
                "import {\n  JwtModule,\n} from '@nestjs/jwt';",
                "import type { JWTPayload } from \"jose\";",
                "export * from \"express-jwt\";",
                "const m = await import( 'next-auth/jwt' );",
                "const jwtSecret = e.env.S;",
                "var JWE_KEY = k;",
                "if (config.jwt.secret) {}",
                "o=t?.jwt?.key",
                "this.jwtService.sign(p)",
                "const jwtOptions = {\n  expiresIn: '1h',\n  algorithm: 'HS256',\n  secret: s,\n};",
                "module.exports = { jwt: { issuer: 'me', key: k } }",
                "export const jwtConstants: JwtConstants = {\n  secret: 'x',\n};",
                "class JwtConfig extends BaseConfig {\n  static issuer = 'me';\n  static secret = 'x';\n}",
                "nconf.get('jwt:secret')",
                // Secret names count as in any file.
                "const TOKEN_SECRET = 'x';",
            ],
            &[
                "ZodIssueCode: () => ZodIssueCode,\n  ZodJWT: () => ZodJWT,\n  ZodKSUID: () => ZodKSUID,",
                "const EAR_JWK = \"ear_jwk\";\n  const EAR_JWE_CRYPTO = \"ear_jwe_crypto\";",
                "Search.setIndex({\"jone\":[9,60],\"jose\":13,\"joseph\":10})",
                "const jwtRegex = /^[A-Za-z0-9-_]+\\.[A-Za-z0-9-_]+$/;",
                "export function isValidJWT(token, algorithm = null) { return true; }",
                "this.validateTokenBindingJwtHeaderKey(h)",
                "var passportRegexByCountryCode = {\n  AM: /^[A-Z]{2}\\d{7}$/,\n};",
                "Ae={Jwt:\"JWT\",Jwk:\"JWK\",Pop:\"pop\"}",
                "const jwtOptions = { expiresIn: '1h' };\nconst other = { secret: s };",
                "if (jwtEnabled) {\n  const secret = s;\n}",
                "declare module 'jsonwebtoken' {}",
            ],
        );
    }

    #[test]
    fn in_rust_a_keyword_counts_in_a_path_a_call_an_import_or_a_secret_name() {
        use crate::lang::{FileKind, Language};
        counts_only_where_used(
            FileKind::Code(Language::Rust),
            &[
                "use jsonwebtoken::{encode, Header};",
                "let t = jsonwebtoken::encode(&h, &c, &k)?;",
                "use jwt_simple::prelude::*;",
                "use jwt::SignWithKey;",
                "extern crate jsonwebtoken as jwt;",
                "use crate::auth::jwt;",
                "let k = EncodingKey::from_secret(s.as_bytes());",
                "let k = HS256Key :: from_bytes(b);",
                "let t = claims.sign_with_key(&k)?;",
                "let v = insecure_decode (t);",
                "pub struct Settings { pub jwt_key: String }",
                "let cfg = JwtConfig { issuer: i, secret: s };",
                "let jwt_config = Config {\n    issuer: i,\n    secret: s,\n};",
                "config.jwt.key",
            ],
            &[
                "if last.ends_with(\"-jwt\") { return \"jwt\".to_string(); }",
                "pub fn is_jwt_token(s: &str) -> bool { s.split('.').count() == 3 }",
                "let jwt_payload = decode_segment(p);",
                "/// Parses a JWT header.\nfn header(h: &str) {}",
                "const JWKS_URL: &str = \"https://example.com/.well-known/jwks.json\";",
                "let encodingkeyword = 1;",
                "let says_jwt = || {\n    e.path.last().is_some_and(|k| k == \"key\")\n};",
                "format!(\"{callee} verifies the jwt without a key, {key}\")",
            ],
        );
    }

    #[test]
    fn in_json_a_keyword_counts_in_a_secret_name_or_a_secret_s_object_or_value() {
        use crate::lang::{ConfigFormat, FileKind};
        counts_only_where_used(
            FileKind::Config(ConfigFormat::Json),
            &[
                "{\"jwt\": {\"issuer\": \"me\", \"key\": \"k\"}}",
                "{\"jwt-hmac\": \"k\"}",
                "{\"Jwt:Key\": \"k\"}",
                "{\"env\": [{\"name\": \"JWT_KEY\", \"value\": \"k\"}]}",
                "{\"AppSettings\": {\n  \"Secret\": \"THIS IS USED TO SIGN AND VERIFY JWT TOKENS\"\n}}",
                "{\"signingKey\" : \"a jwt key\"}",
            ],
            &[
                "{\"documentation\": \"<p>Returns a JWT token for the caller</p>\"}",
                "{\"jwtAuth\": {\"type\": \"structure\", \"members\": {}}}",
                "{\"Note\": \"tokens are jwt\", \"Other\": {\"Secret\": 1}}",
                "{\"keywords\": [\"jwt\", \"auth\"]}",
            ],
        );
    }

    #[test]
    fn a_phrase_counts_only_in_a_name_the_analysis_can_take() {
        // Words that make a name something other than a JWT secret, as `is_jwt_secret_path`
        // has them: excluded words, provider prefixes, test-like words unless it spells `jwt`.
        for no in [
            "updateProfile(idTokenClaims, idTokenSecret)",
            "HEADER_TOKEN_SECRET = 'x-token'",
            "GITHUB_TOKEN_SECRET=abc",
            "const apiTokenSecret = k",
            "session_token_secret: abc",
        ] {
            assert!(!pf().is_match(no.as_bytes()), "{no}");
        }
        for yes in [
            "const tokenSecret = k",
            "API_JWT_TOKEN_SECRET=abc",
            "ENV TOKEN_SECRET=abc",
            "app.token_secret = k",
            "my_access_token_secret: abc",
        ] {
            assert!(pf().is_match(yes.as_bytes()), "{yes}");
        }
    }

    #[test]
    fn name_reach_is_bounded() {
        let long = format!("{}token_secret", "x ".repeat(5 * NAME_REACH));
        assert!(pf().is_match(long.as_bytes()));
        let r = name_around(long.as_bytes(), 10 * NAME_REACH + 6, 10 * NAME_REACH + 12);
        assert_eq!(r.end, long.len());
        assert_eq!(r.start, 10 * NAME_REACH + 6 - NAME_REACH);
    }
}
