//! Rule data: rules/*.toml (embedded at build time) plus user rule files, read through a serde
//! form that mirrors the TOML (`deny_unknown_fields`) and compiled once into the form the engine
//! uses: patterns built, selectors parsed, names lower-cased, keywords merged into one prefilter.

use crate::finding::Severity;
use crate::judge::Alg;
use crate::lang::Language;
use crate::prefilter::{Prefilter, Spec as PrefilterSpec, Uses};
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: {source}")]
    Toml {
        file: String,
        source: Box<toml::de::Error>,
    },
    #[error("{file}: {msg}")]
    Invalid { file: String, msg: String },
}

// ------------------------------------------------------------------ serde form

/// One rule file to read: user files are TOML, the built-in ones the JSON form build.rs wrote.
struct Source<'a> {
    name: String,
    text: &'a str,
    json: bool,
}

impl<'a> Source<'a> {
    fn toml(name: &str, text: &'a str) -> Self {
        Source {
            name: name.to_string(),
            text,
            json: false,
        }
    }

    fn json(name: &str, text: &'a str) -> Self {
        Source {
            name: name.to_string(),
            text,
            json: true,
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, RuleError> {
        if self.json {
            serde_json::from_str(self.text).map_err(|e| RuleError::Invalid {
                file: self.name.clone(),
                msg: format!("built-in rule data: {e}"),
            })
        } else {
            toml::from_str(self.text).map_err(|e| RuleError::Toml {
                file: self.name.clone(),
                source: Box::new(e),
            })
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    languages: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    fix: RawFix,
    #[serde(default)]
    methods: RawMethods,
    #[serde(default)]
    env: Vec<RawEnv>,
    #[serde(default)]
    generator: Vec<RawGenerator>,
    #[serde(default)]
    wrapper: Vec<RawWrapper>,
    #[serde(default)]
    hash: Vec<RawHash>,
    /// Calls that return their first non-empty argument (`cmp.Or(a, "d")`, `Objects.requireNonNullElse`).
    #[serde(default)]
    coalesce: Vec<RawHash>,
    /// Base classes whose field defaults are read from the environment (pydantic `BaseSettings`).
    #[serde(default)]
    settings_bases: Vec<String>,
    /// Names that hold a JWT secret only in files that use a JWT library (`SECRET_KEY` with
    /// flask-jwt-extended or simplejwt).
    #[serde(default)]
    context_names: Vec<RawContextNames>,
    #[serde(default)]
    library: Vec<RawLibrary>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContextNames {
    names: Vec<String>,
    /// Import paths or text that switch the names on.
    when: Vec<String>,
    /// Names that switch them off where the file's code says one (a name or a string, not a
    /// comment): the library's own key setting is there (simplejwt's `SIGNING_KEY`), so the
    /// framework's key is not the JWT key.
    #[serde(default)]
    unless: Vec<String>,
}

#[derive(Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawFix {
    #[serde(default)]
    pub env_read: String,
    #[serde(default)]
    pub env_read_required: String,
    #[serde(default)]
    pub csprng: String,
    #[serde(default)]
    pub keygen: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMethods {
    #[serde(default)]
    passthrough: Vec<String>,
    #[serde(default)]
    transform: Vec<String>,
    #[serde(default)]
    fallback: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnv {
    #[serde(default)]
    member: Vec<String>,
    #[serde(default)]
    index: Vec<String>,
    #[serde(default)]
    call: Vec<String>,
    name: Option<String>,
    default: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGenerator {
    kind: String,
    calls: Vec<String>,
    bytes: Option<String>,
    bits: Option<String>,
    /// Bytes produced when no size argument is given.
    default_bytes: Option<u64>,
    /// The call fills this argument (a buffer) in place: `rand.Read(b)`, `rng.nextBytes(key)`.
    fills: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWrapper {
    calls: Vec<String>,
    value: String,
    encoding: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHash {
    calls: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLibrary {
    id: String,
    imports: Vec<String>,
    default_alg: Option<String>,
    key_length_check: Option<String>,
    #[serde(default)]
    call: Vec<RawCall>,
    #[serde(default)]
    object: Vec<RawObject>,
    #[serde(default)]
    example: Vec<RawExample>,
    #[serde(default)]
    negative: Vec<RawExample>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCall {
    role: String,
    callee: Vec<String>,
    key: Option<String>,
    alg: Option<String>,
    algorithms: Option<String>,
    missing_algorithms: Option<String>,
    missing_severity: Option<String>,
    algorithms_fix: Option<String>,
    #[serde(default)]
    falsy_key_none: bool,
    #[serde(default)]
    verified_by: Vec<String>,
    header_option: Option<String>,
    decode_fix: Option<String>,
    no_verify: Option<String>,
    /// Selector of a boolean that disables verification when false (`options.verify_signature`).
    verify_flag: Option<String>,
    none_message: Option<String>,
    #[serde(default)]
    arg0_is: Vec<String>,
    message: Option<String>,
    /// The library decodes a string key with this encoding (jjwt legacy: base64).
    key_encoding: Option<String>,
    /// Selectors of booleans that accept unsigned tokens when false (`RequireSignedTokens`).
    #[serde(default)]
    none_when_false: Vec<String>,
    /// Selectors of validator delegates that accept any signature when they just return.
    #[serde(default)]
    none_when_lambda: Vec<String>,
    /// Report a missing allow-list only when the key is set here (OIDC setups get keys elsewhere).
    #[serde(default)]
    missing_requires_key: bool,
    /// Skip the call when its method chain contains one of these calls (`compact()` after `signWith`).
    #[serde(default)]
    unless_chain: Vec<String>,
    /// Callee patterns also match plain member references (`jwt.UnsafeAllowNoneSignatureType`).
    #[serde(default)]
    members: bool,
    /// Without a key (absent or null) this call skips verification (php-jwt 2.x `decode($jwt, null)`).
    #[serde(default)]
    unverified_without_key: bool,
    /// A function argument whose body may restrict the algorithm (golang-jwt key funcs).
    method_check_in: Option<String>,
    #[serde(default)]
    method_check_tokens: Vec<String>,
    /// Behaviour of particular library versions, read from the project's manifests.
    #[serde(default)]
    versions: Vec<RawVersionRule>,
}

/// `[[library.call.versions]]`: when the project pins `package` in a range, the missing-algorithms
/// message and severity are these (no `missing_algorithms`: the omission is safe there).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersionRule {
    package: String,
    below: Option<String>,
    from: Option<String>,
    missing_algorithms: Option<String>,
    missing_severity: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObject {
    types: Vec<String>,
    key: String,
    alg: Option<String>,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    #[serde(default)]
    pub rules: Vec<String>,
    pub code: String,
    /// File name to analyse the example as (defaults to the catalogue's first language).
    pub file: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNames {
    names: RawNameLists,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNameLists {
    context: Vec<String>,
    secret: Vec<String>,
    phrases: Vec<Vec<String>>,
    excluded: Vec<String>,
    excluded_unless_jwt: Vec<String>,
    providers: Vec<String>,
    exact: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeak {
    known: RawKnown,
    placeholder: RawPlaceholder,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKnown {
    values: Vec<String>,
    prefixes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaceholder {
    words: Vec<String>,
}

// ------------------------------------------------------------------ compiled form

/// A callee pattern: exact canonical path or a `*` glob.
///
/// A `*` stands for any run of characters within one line (what the regex `.*` matched before:
/// a name with a line break never matches a glob). Matched by hand, without a regex: the rule
/// data holds hundreds of globs, and compiling them as regexes cost most of the start-up time,
/// while matching shared regexes from every worker contended on their cache pool.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    /// The literal pieces between the `*`s (empty: an exact pattern).
    parts: Vec<String>,
    /// The first and last bytes a matching text must have, where the pattern fixes them: one
    /// comparison rejects nearly every text (calls are matched against hundreds of patterns).
    first: Option<u8>,
    last: Option<u8>,
}

impl Pattern {
    pub fn new(text: &str) -> Pattern {
        let parts: Vec<String> = if text.contains('*') {
            text.split('*').map(String::from).collect()
        } else {
            Vec::new()
        };
        let (head, tail) = match (parts.first(), parts.last()) {
            (Some(h), Some(t)) => (h.as_str(), t.as_str()),
            _ => (text, text),
        };
        Pattern {
            text: text.to_string(),
            first: head.bytes().next(),
            last: tail.bytes().last(),
            parts,
        }
    }
    pub fn matches(&self, s: &str) -> bool {
        let b = s.as_bytes();
        if self.first.is_some_and(|f| b.first() != Some(&f))
            || self.last.is_some_and(|l| b.last() != Some(&l))
        {
            return false;
        }
        self.matches_slow(s)
    }

    fn matches_slow(&self, s: &str) -> bool {
        let Some((first, rest)) = self.parts.split_first() else {
            return self.text == s;
        };
        let Some((last, middle)) = rest.split_last() else {
            return self.text == s;
        };
        // Every glob has a first and a last piece (maybe empty); the stars between them cover
        // what the pieces leave, which must not hold a line break.
        if s.len() < first.len() + last.len() || !s.starts_with(first.as_str()) {
            return false;
        }
        if !s.ends_with(last.as_str()) {
            return false;
        }
        let mut hay = &s[first.len()..s.len() - last.len()];
        // Placing each middle piece leftmost leaves the most room for the next ones, and covers
        // the least with stars (the rule data's pieces never hold a line break themselves).
        for piece in middle {
            let Some(at) = hay.find(piece.as_str()) else {
                return false;
            };
            if hay[..at].contains('\n') {
                return false;
            }
            hay = &hay[at + piece.len()..];
        }
        !hay.contains('\n')
    }
    pub fn text(&self) -> &str {
        &self.text
    }
}

pub fn any_match(pats: &[Pattern], s: &str) -> bool {
    pats.iter().any(|p| p.matches(s))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Arg(usize),
    Kw(String),
    Field(String),
    Return,
    Chain(String),
    Const(String),
    /// The initializer block of a construction (`new T { A = b }`, Go `T{A: b}`).
    Init,
    /// An argument that is a call to this function (`jwt.WithValidMethods(...)` among options).
    ArgCall(String),
}

/// Where in a call a value lives; alternatives are tried in order.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    pub alts: Vec<Vec<Step>>,
}

impl Selector {
    pub fn parse(s: &str) -> Result<Selector, String> {
        let mut alts = Vec::new();
        for alt in s.split('|') {
            let alt = alt.trim();
            if alt.is_empty() {
                return Err(format!("empty selector alternative in {s:?}"));
            }
            if let Some(c) = alt.strip_prefix("const:") {
                alts.push(vec![Step::Const(c.to_string())]);
                continue;
            }
            let mut steps = Vec::new();
            for part in alt.split('.') {
                let step = if let Some(c) = part.strip_prefix("argcall:") {
                    Step::ArgCall(c.to_string())
                } else if let Some(n) = part.strip_prefix("arg") {
                    match n.parse::<usize>() {
                        Ok(i) => Step::Arg(i),
                        Err(_) => Step::Field(part.to_string()),
                    }
                } else if let Some(k) = part.strip_prefix("kw:") {
                    Step::Kw(k.to_string())
                } else if let Some(c) = part.strip_prefix("chain:") {
                    Step::Chain(c.to_string())
                } else if part == "return" {
                    Step::Return
                } else if part == "init" {
                    Step::Init
                } else if part.is_empty() {
                    return Err(format!("empty step in selector {s:?}"));
                } else {
                    Step::Field(part.to_string())
                };
                steps.push(step);
            }
            alts.push(steps);
        }
        Ok(Selector { alts })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Sign,
    Verify,
    /// Configures both signing and verification (middleware, modules).
    Config,
    /// Builds a key object from secret material (`Keys.hmacShaKeyFor`, `Algorithm.HMAC256`).
    Key,
    Decode,
    /// An API that reads claims without verifying, by design (`ParseUnverified`).
    Unverified,
    None,
}

/// What a call means in a range of a library's versions (see `[[library.call.versions]]`).
#[derive(Debug, Clone)]
pub struct VersionRule {
    pub package: String,
    /// Applies to versions below this one.
    pub below: Option<String>,
    /// Applies to this version and later.
    pub from: Option<String>,
    /// The missing-algorithms note in that range (`{VERSION}` and `{MANIFEST}` filled in); None
    /// when the omission is safe there.
    pub missing_algorithms: Option<String>,
    pub missing_severity: Severity,
}

impl VersionRule {
    pub fn applies(&self, version: &str) -> bool {
        use std::cmp::Ordering::Less;
        self.below
            .as_deref()
            .is_none_or(|b| crate::versions::cmp_versions(version, b) == Less)
            && self
                .from
                .as_deref()
                .is_none_or(|f| crate::versions::cmp_versions(version, f) != Less)
    }
}

#[derive(Debug, Clone)]
pub struct CallSpec {
    pub role: Role,
    pub callee: Vec<Pattern>,
    pub key: Option<Selector>,
    pub alg: Option<Selector>,
    pub algorithms: Option<Selector>,
    pub missing_algorithms: Option<String>,
    pub missing_severity: Severity,
    pub algorithms_fix: Option<String>,
    pub falsy_key_none: bool,
    pub verified_by: Vec<Pattern>,
    pub header_option: Option<Selector>,
    pub decode_fix: Option<String>,
    pub no_verify: Option<Selector>,
    pub verify_flag: Option<Selector>,
    pub none_message: Option<String>,
    pub arg0_is: Vec<String>,
    pub message: Option<String>,
    pub key_encoding: Option<crate::judge::Encoding>,
    pub none_when_false: Vec<Selector>,
    pub none_when_lambda: Vec<Selector>,
    pub method_check_in: Option<Selector>,
    pub method_check_tokens: Vec<String>,
    pub versions: Vec<VersionRule>,
    pub missing_requires_key: bool,
    pub unless_chain: Vec<String>,
    pub members: bool,
    pub unverified_without_key: bool,
}

#[derive(Debug, Clone)]
pub struct ObjectSpec {
    pub types: Vec<Pattern>,
    pub key: Selector,
    pub alg: Option<Selector>,
}

#[derive(Debug, Clone)]
pub struct Library {
    pub id: String,
    pub imports: Vec<String>,
    pub default_alg: Alg,
    pub key_length_check: Option<String>,
    pub calls: Vec<CallSpec>,
    pub objects: Vec<ObjectSpec>,
    pub examples: Vec<RawExample>,
    pub negatives: Vec<RawExample>,
}

#[derive(Debug, Clone)]
pub struct EnvSpec {
    pub member: Vec<Pattern>,
    pub index: Vec<Pattern>,
    pub call: Vec<Pattern>,
    pub name: Option<Selector>,
    pub default: Option<Selector>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenKind {
    /// Not a CSPRNG (Math.random, java.util.Random, math/rand).
    Weak,
    /// Unique but not secret (UUIDs).
    Uuid,
    /// Time-based (Date.now, time.time).
    Time,
    /// A CSPRNG with a byte count.
    Csprng,
    /// Sized for the algorithm by construction.
    Sized,
}

#[derive(Debug, Clone)]
pub struct GenSpec {
    pub kind: GenKind,
    pub calls: Vec<Pattern>,
    pub bytes: Option<Selector>,
    pub bits: Option<Selector>,
    pub default_bytes: Option<u64>,
    pub fills: Option<Selector>,
}

#[derive(Debug, Clone)]
pub struct WrapperSpec {
    pub calls: Vec<Pattern>,
    pub value: Selector,
    pub encoding: Option<Selector>,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub file: String,
    pub languages: Vec<Language>,
    pub keywords: Vec<String>,
    pub fix: RawFix,
    pub passthrough: HashSet<String>,
    pub transform: HashSet<String>,
    pub fallback_methods: HashSet<String>,
    pub env: Vec<EnvSpec>,
    pub generators: Vec<GenSpec>,
    pub wrappers: Vec<WrapperSpec>,
    pub hashes: Vec<Pattern>,
    pub coalesce: Vec<Pattern>,
    pub settings_bases: Vec<String>,
    pub context_names: Vec<ContextNames>,
    pub libraries: Vec<Library>,
}

/// Names that hold a JWT secret only in files that use a JWT library (`[[context_names]]`).
#[derive(Debug, Clone)]
pub struct ContextNames {
    /// The names, normalised (words joined, lower-case).
    pub names: Vec<String>,
    /// Import paths or text that switch the names on.
    pub when: Vec<String>,
    /// Names that switch them off where the file's code says one.
    pub unless: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct NameRules {
    pub context: HashSet<String>,
    pub secret: HashSet<String>,
    pub phrases: Vec<Vec<String>>,
    pub excluded: HashSet<String>,
    /// Excluded words that a name spelling out `jwt` overrides (`SESSION_JWT_SECRET`).
    pub excluded_unless_jwt: HashSet<String>,
    pub providers: HashSet<String>,
    pub exact: HashSet<String>,
    /// Built on first use from the lists above: texts one of which every secret name holds.
    pub(crate) endings: std::sync::OnceLock<aho_corasick::AhoCorasick>,
}

impl NameRules {
    /// A quick necessary condition for [`crate::names::is_jwt_secret_path`]: the name's letters,
    /// lower-cased and joined, hold an exact secret name, a secret word or a phrase's last word.
    /// `None` when it cannot tell (a name that is not short ASCII).
    pub fn may_name_secret(&self, name: &str) -> Option<bool> {
        let mut buf = [0u8; 96];
        let mut n = 0;
        for &b in name.as_bytes() {
            if !b.is_ascii() || n == buf.len() {
                return None;
            }
            if b.is_ascii_alphabetic() {
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
        let ac = self.endings.get_or_init(|| {
            let mut texts: Vec<&str> = self.exact.iter().map(String::as_str).collect();
            texts.extend(self.secret.iter().map(String::as_str));
            texts.extend(
                self.phrases
                    .iter()
                    .filter_map(|p| p.last())
                    .map(String::as_str),
            );
            texts.push("secret");
            aho_corasick::AhoCorasick::new(texts).expect("plain words make an automaton")
        });
        Some(ac.is_match(&buf[..n]))
    }
}

#[derive(Debug, Clone, Default)]
pub struct WeakRules {
    /// Normalised known values (lower-case, separators removed) -> original spelling.
    pub known: std::collections::HashMap<String, String>,
    pub prefixes: Vec<String>,
    pub placeholder_words: HashSet<String>,
}

/// The rule set a scan uses: the built-in rules, compiled on first use (a scan that reads no
/// file never compiles them), or rules built from a configuration. Dereferences to the
/// compiled [`Rules`].
#[derive(Debug, Clone)]
pub struct RuleSet(Repr);

#[derive(Debug, Clone)]
enum Repr {
    Builtin,
    Own(Box<Rules>),
}

impl std::ops::Deref for RuleSet {
    type Target = Rules;
    fn deref(&self) -> &Rules {
        match &self.0 {
            Repr::Builtin => Rules::builtin(),
            Repr::Own(r) => r,
        }
    }
}

impl RuleSet {
    /// The built-in rule set; compiled on first use, once per process.
    pub fn builtin() -> &'static RuleSet {
        static RS: RuleSet = RuleSet(Repr::Builtin);
        &RS
    }

    /// A rule set from rule files in TOML: (file name, contents); `secret-names.toml` and
    /// `weak-secrets.toml` must be among them.
    pub fn from_files(files: &[(String, String)]) -> Result<RuleSet, RuleError> {
        let sources: Vec<Source> = files.iter().map(|(n, t)| Source::toml(n, t)).collect();
        Ok(RuleSet(Repr::Own(Box::new(Rules::from_sources(&sources)?))))
    }

    /// The built-in rules plus rule files in TOML: (file name, contents).
    pub fn builtin_with(files: &[(String, String)]) -> Result<RuleSet, RuleError> {
        let sources: Vec<Source> = RULE_FILES_JSON
            .iter()
            .map(|(n, t)| Source::json(n, t))
            .chain(files.iter().map(|(n, t)| Source::toml(n, t)))
            .collect();
        Ok(RuleSet(Repr::Own(Box::new(Rules::from_sources(&sources)?))))
    }

    fn own(&mut self) -> &mut Rules {
        if let Repr::Builtin = self.0 {
            self.0 = Repr::Own(Box::new(Rules::builtin().clone()));
        }
        match &mut self.0 {
            Repr::Own(r) => r,
            Repr::Builtin => unreachable!("replaced above"),
        }
    }

    /// Extra secret names from configuration (see [`Rules::add_names`]).
    pub fn add_names(&mut self, names: &[String]) -> Result<(), RuleError> {
        self.own().add_names(names)
    }

    /// Extra known-weak secrets from configuration.
    pub fn add_known_weak(&mut self, values: &[String]) {
        self.own().add_known_weak(values)
    }
}

/// Compiled rule data.
#[derive(Debug, Clone)]
pub struct Rules {
    pub catalogs: Vec<Catalog>,
    pub names: NameRules,
    pub weak: WeakRules,
    /// Keywords of every catalogue plus the secret names' context words.
    pub keywords: Vec<String>,
    /// Words of configured secret names (prefilter words).
    pub name_words: Vec<String>,
    /// For languages without a catalogue (and for callers that do not know the kind): every
    /// keyword. Like the others, built on first use: a scan of a few files needs one or two.
    prefilter: OnceLock<Prefilter>,
    /// For configuration files: secret names and context words (`jwt:` above `secret:`); no
    /// library keyword, since configuration has no library calls (a JSON API model that
    /// mentions HMAC or Passport in its documentation is not worth parsing).
    config_prefilter: OnceLock<Prefilter>,
    /// JSON files' prefilter: the configuration one, with context words counted only in names
    /// (see `Uses::Json`).
    json_prefilter: OnceLock<Prefilter>,
    /// For code: each language's own keywords (a JavaScript file that mentions `firebase` or
    /// `InMemory` cannot hold a finding through PHP's libraries), built on first use.
    lang_prefilters: Vec<(Language, OnceLock<Prefilter>)>,
}

impl Rules {
    /// The built-in rules, compiled once (from the JSON form build.rs writes of rules/*.toml:
    /// it parses in a third of the time, and every scan that reads a file pays for it).
    fn builtin() -> &'static Rules {
        static RS: OnceLock<Rules> = OnceLock::new();
        RS.get_or_init(|| {
            let files: Vec<Source> = RULE_FILES_JSON
                .iter()
                .map(|(n, t)| Source::json(n, t))
                .collect();
            Rules::from_sources(&files).expect("built-in rules compile (checked by tests)")
        })
    }

    fn from_sources(files: &[Source]) -> Result<Rules, RuleError> {
        let mut catalogs = Vec::new();
        let mut names = None;
        let mut weak = None;
        for src in files {
            match src.name.as_str() {
                "secret-names.toml" => {
                    let raw: RawNames = src.parse()?;
                    names = Some(compile_names(raw.names));
                }
                "weak-secrets.toml" => {
                    let raw: RawWeak = src.parse()?;
                    weak = Some(compile_weak(raw));
                }
                _ => {
                    let raw: RawCatalog = src.parse()?;
                    catalogs.push(compile_catalog(&src.name, raw).map_err(|msg| {
                        RuleError::Invalid {
                            file: src.name.clone(),
                            msg,
                        }
                    })?);
                }
            }
        }
        let names = names.ok_or_else(|| RuleError::Invalid {
            file: "secret-names.toml".into(),
            msg: "missing".into(),
        })?;
        let weak = weak.ok_or_else(|| RuleError::Invalid {
            file: "weak-secrets.toml".into(),
            msg: "missing".into(),
        })?;
        let mut keywords: Vec<String> = catalogs
            .iter()
            .flat_map(|c| c.keywords.iter().cloned())
            .collect();
        keywords.extend(names.context.iter().cloned());
        keywords.sort();
        keywords.dedup();
        let lang_prefilters = lang_slots(&catalogs);
        let rules = Rules {
            catalogs,
            names,
            weak,
            keywords,
            name_words: Vec::new(),
            prefilter: OnceLock::new(),
            config_prefilter: OnceLock::new(),
            json_prefilter: OnceLock::new(),
            lang_prefilters,
        };
        if files.iter().any(|f| !f.json) {
            // User rule files: a keyword the automaton cannot take is an error now, not later.
            rules.build_prefilters()?;
        }
        Ok(rules)
    }

    /// Builds the full and the configuration prefilters now (they are otherwise built on
    /// first use), reporting what does not build.
    fn build_prefilters(&self) -> Result<(), RuleError> {
        let full = build_prefilter(
            &self.catalogs,
            &self.names,
            &self.keywords,
            &self.name_words,
            &self.keywords,
            false,
            Uses::Anywhere,
        )?;
        let config = build_config_prefilter(
            &self.names,
            &self.name_words,
            &self.keywords,
            Uses::Anywhere,
        )?;
        let json =
            build_config_prefilter(&self.names, &self.name_words, &self.keywords, Uses::Json)?;
        let _ = self.prefilter.set(full);
        let _ = self.config_prefilter.set(config);
        let _ = self.json_prefilter.set(json);
        Ok(())
    }

    /// The prefilter of every keyword (for files whose kind has no catalogue).
    pub fn prefilter(&self) -> &Prefilter {
        self.prefilter.get_or_init(|| {
            build_prefilter(
                &self.catalogs,
                &self.names,
                &self.keywords,
                &self.name_words,
                &self.keywords,
                false,
                Uses::Anywhere,
            )
            .expect("the built-in keywords build (tested); user rules are built eagerly")
        })
    }

    fn config_prefilter(&self, format: crate::lang::ConfigFormat) -> &Prefilter {
        let (slot, uses) = match format {
            crate::lang::ConfigFormat::Json => (&self.json_prefilter, Uses::Json),
            _ => (&self.config_prefilter, Uses::Anywhere),
        };
        slot.get_or_init(|| {
            build_config_prefilter(&self.names, &self.name_words, &self.keywords, uses)
                .expect("the built-in names build (tested); user rules are built eagerly")
        })
    }

    /// Extra secret names from configuration (matched as whole names, separators ignored).
    /// Each name's longest word also becomes a prefilter word (so `token_signer` matches
    /// `tokenSigner` and `TOKEN_SIGNER` too), or files naming only it would be skipped unread.
    fn add_names(&mut self, names: &[String]) -> Result<(), RuleError> {
        for n in names {
            let words = crate::names::split_words(n);
            if let Some(longest) = words.iter().max_by_key(|w| w.len()) {
                self.name_words.push(longest.clone());
            }
            self.names.exact.insert(words.concat());
            self.names.endings = std::sync::OnceLock::new();
        }
        self.name_words.sort();
        self.name_words.dedup();
        self.prefilter = OnceLock::new();
        self.config_prefilter = OnceLock::new();
        self.json_prefilter = OnceLock::new();
        self.lang_prefilters = lang_slots(&self.catalogs);
        self.build_prefilters()
    }

    fn add_known_weak(&mut self, values: &[String]) {
        for v in values {
            self.weak.known.insert(normalize_known(v), v.clone());
        }
    }

    pub fn catalog(&self, lang: Language) -> Option<&Catalog> {
        self.catalogs.iter().find(|c| c.languages.contains(&lang))
    }

    /// True when the bytes mention a keyword where it can matter: the file may hold a finding.
    pub fn might_match(&self, bytes: &[u8]) -> bool {
        self.prefilter().is_match(bytes)
    }

    /// The prefilter for a kind of file: a code file's language's own, else every keyword.
    pub fn prefilter_for(&self, kind: crate::lang::FileKind) -> &Prefilter {
        let lang = match kind {
            crate::lang::FileKind::Code(lang) => lang,
            crate::lang::FileKind::Config(format) => return self.config_prefilter(format),
        };
        let Some((_, slot)) = self.lang_prefilters.iter().find(|(l, _)| *l == lang) else {
            return self.prefilter();
        };
        slot.get_or_init(|| {
            let cats: Vec<Catalog> = self
                .catalogs
                .iter()
                .filter(|c| c.languages.contains(&lang))
                .cloned()
                .collect();
            let mut keywords: Vec<String> = cats
                .iter()
                .flat_map(|c| c.keywords.iter().cloned())
                .collect();
            keywords.extend(self.names.context.iter().cloned());
            keywords.sort();
            keywords.dedup();
            // The same needles as the full prefilter, fewer of them: it built, so this builds.
            build_prefilter(
                &cats,
                &self.names,
                &keywords,
                &self.name_words,
                &self.keywords,
                true,
                // Where keywords count (see `Prefilter::keyword_used`).
                match lang {
                    Language::JavaScript | Language::TypeScript => Uses::JavaScript,
                    Language::Rust => Uses::Rust,
                    _ => Uses::Anywhere,
                },
            )
            .unwrap_or_else(|_| self.prefilter().clone())
        })
    }

    /// True when a file of this kind holding these bytes may hold a finding.
    pub fn might_match_kind(&self, kind: crate::lang::FileKind, bytes: &[u8]) -> bool {
        self.prefilter_for(kind).is_match(bytes)
    }

    /// [`RuleSet::might_match_kind`] where only a source file's code counts: keywords in its
    /// comment lines and (unless `tests`) its Rust test modules do not (see
    /// [`crate::prefilter::NotCode`]). Configuration files are matched whole.
    pub fn might_match_code(&self, kind: crate::lang::FileKind, bytes: &[u8], tests: bool) -> bool {
        let pf = self.prefilter_for(kind);
        match kind {
            crate::lang::FileKind::Code(lang) => {
                pf.is_match_in_code(bytes, crate::prefilter::NotCode::new(lang, tests))
            }
            crate::lang::FileKind::Config(_) => pf.is_match(bytes),
        }
    }
}

/// The configuration files' prefilter: secret names and context words.
fn build_config_prefilter(
    names: &NameRules,
    name_words: &[String],
    vocabulary: &[String],
    uses: Uses,
) -> Result<Prefilter, RuleError> {
    let mut context: Vec<String> = names.context.iter().cloned().collect();
    context.sort();
    build_prefilter(&[], names, &context, name_words, vocabulary, false, uses)
}

/// One empty per-language prefilter slot for each language a catalogue covers.
fn lang_slots(catalogs: &[Catalog]) -> Vec<(Language, OnceLock<Prefilter>)> {
    let mut langs: Vec<Language> = catalogs
        .iter()
        .flat_map(|c| c.languages.iter().copied())
        .collect();
    langs.sort_by_key(|l| format!("{l:?}"));
    langs.dedup();
    langs.into_iter().map(|l| (l, OnceLock::new())).collect()
}

/// The prefilter from the rule data: catalogue keywords and context words where a word starts,
/// context-name conditions anywhere, secret-name phrases inside names.
fn build_prefilter(
    catalogs: &[Catalog],
    names: &NameRules,
    keywords: &[String],
    name_words: &[String],
    vocabulary: &[String],
    code: bool,
    uses: Uses,
) -> Result<Prefilter, RuleError> {
    Prefilter::new(&PrefilterSpec {
        keywords: keywords.iter().map(String::as_str).collect(),
        // A suppression marker lets a file through, so the marker is checked.
        anywhere: catalogs
            .iter()
            .flat_map(|c| c.context_names.iter().flat_map(|c| &c.when))
            .map(String::as_str)
            .chain([crate::suppress::MARKER])
            .collect(),
        phrases: &names.phrases,
        exact: &names.exact,
        name_words: name_words.iter().map(String::as_str).collect(),
        vocabulary: vocabulary.iter().map(String::as_str).collect(),
        code,
        names,
        uses,
    })
    .map_err(|e| RuleError::Invalid {
        file: "keywords".into(),
        msg: e.to_string(),
    })
}

fn sel(s: &Option<String>) -> Result<Option<Selector>, String> {
    s.as_deref().map(Selector::parse).transpose()
}

fn pats(v: &[String]) -> Vec<Pattern> {
    v.iter().map(|s| Pattern::new(s)).collect()
}

fn compile_catalog(file: &str, raw: RawCatalog) -> Result<Catalog, String> {
    let mut languages = Vec::new();
    for l in &raw.languages {
        languages.push(Language::from_name(l).ok_or_else(|| format!("unknown language {l:?}"))?);
    }
    let mut env = Vec::new();
    for e in raw.env {
        env.push(EnvSpec {
            member: pats(&e.member),
            index: pats(&e.index),
            call: pats(&e.call),
            name: sel(&e.name)?,
            default: sel(&e.default)?,
        });
    }
    let mut generators = Vec::new();
    for g in raw.generator {
        let kind = match g.kind.as_str() {
            "weak" => GenKind::Weak,
            "uuid" => GenKind::Uuid,
            "time" => GenKind::Time,
            "csprng" => GenKind::Csprng,
            "sized" => GenKind::Sized,
            k => return Err(format!("unknown generator kind {k:?}")),
        };
        generators.push(GenSpec {
            kind,
            calls: pats(&g.calls),
            bytes: sel(&g.bytes)?,
            bits: sel(&g.bits)?,
            default_bytes: g.default_bytes,
            fills: sel(&g.fills)?,
        });
    }
    let mut wrappers = Vec::new();
    for w in raw.wrapper {
        wrappers.push(WrapperSpec {
            calls: pats(&w.calls),
            value: Selector::parse(&w.value)?,
            encoding: sel(&w.encoding)?,
        });
    }
    let hashes = raw.hash.iter().flat_map(|h| pats(&h.calls)).collect();
    let coalesce = raw.coalesce.iter().flat_map(|h| pats(&h.calls)).collect();
    let context_names = raw
        .context_names
        .iter()
        .map(|c| ContextNames {
            names: c
                .names
                .iter()
                .map(|n| crate::names::split_words(n).concat())
                .collect(),
            when: c.when.clone(),
            unless: c.unless.clone(),
        })
        .collect();
    let mut libraries = Vec::new();
    for l in raw.library {
        let default_alg = match &l.default_alg {
            Some(a) => {
                Alg::parse(a).ok_or_else(|| format!("{}: unknown default_alg {a:?}", l.id))?
            }
            None => Alg::Hs256,
        };
        let mut calls = Vec::new();
        for c in l.call {
            let role = match c.role.as_str() {
                "sign" => Role::Sign,
                "verify" => Role::Verify,
                "config" => Role::Config,
                "key" => Role::Key,
                "decode" => Role::Decode,
                "unverified" => Role::Unverified,
                "none" => Role::None,
                r => return Err(format!("{}: unknown role {r:?}", l.id)),
            };
            let missing_severity = match c.missing_severity.as_deref() {
                None => Severity::Error,
                Some(s) => Severity::parse(s)
                    .ok_or_else(|| format!("{}: bad missing_severity {s:?}", l.id))?,
            };
            calls.push(CallSpec {
                role,
                callee: pats(&c.callee),
                key: sel(&c.key)?,
                alg: sel(&c.alg)?,
                algorithms: sel(&c.algorithms)?,
                missing_algorithms: c.missing_algorithms,
                missing_severity,
                algorithms_fix: c.algorithms_fix,
                falsy_key_none: c.falsy_key_none,
                verified_by: pats(&c.verified_by),
                header_option: sel(&c.header_option)?,
                decode_fix: c.decode_fix,
                no_verify: sel(&c.no_verify)?,
                verify_flag: sel(&c.verify_flag)?,
                none_message: c.none_message,
                arg0_is: c.arg0_is,
                message: c.message,
                key_encoding: c.key_encoding.as_deref().map(crate::judge::Encoding::parse),
                none_when_false: c
                    .none_when_false
                    .iter()
                    .map(|s| Selector::parse(s))
                    .collect::<Result<_, _>>()?,
                none_when_lambda: c
                    .none_when_lambda
                    .iter()
                    .map(|s| Selector::parse(s))
                    .collect::<Result<_, _>>()?,
                method_check_in: sel(&c.method_check_in)?,
                method_check_tokens: c.method_check_tokens,
                versions: c
                    .versions
                    .into_iter()
                    .map(|v| {
                        if v.below.is_none() && v.from.is_none() {
                            return Err(format!(
                                "{}: a versions rule for {} needs `below` or `from`",
                                l.id, v.package
                            ));
                        }
                        Ok(VersionRule {
                            package: v.package,
                            below: v.below,
                            from: v.from,
                            missing_algorithms: v.missing_algorithms,
                            missing_severity: match v.missing_severity.as_deref() {
                                None => Severity::Error,
                                Some(s) => Severity::parse(s).ok_or_else(|| {
                                    format!("{}: bad missing_severity {s:?}", l.id)
                                })?,
                            },
                        })
                    })
                    .collect::<Result<_, String>>()?,
                missing_requires_key: c.missing_requires_key,
                unless_chain: c.unless_chain,
                members: c.members,
                unverified_without_key: c.unverified_without_key,
            });
        }
        let mut objects = Vec::new();
        for o in l.object {
            objects.push(ObjectSpec {
                types: pats(&o.types),
                key: Selector::parse(&o.key)?,
                alg: sel(&o.alg)?,
            });
        }
        libraries.push(Library {
            id: l.id,
            imports: l.imports,
            default_alg,
            key_length_check: l.key_length_check,
            calls,
            objects,
            examples: l.example,
            negatives: l.negative,
        });
    }
    let lower = |v: Vec<String>| v.into_iter().collect::<HashSet<_>>();
    Ok(Catalog {
        file: file.to_string(),
        languages,
        keywords: raw
            .keywords
            .iter()
            .map(|k| k.to_ascii_lowercase())
            .collect(),
        fix: raw.fix,
        passthrough: lower(raw.methods.passthrough),
        transform: lower(raw.methods.transform),
        fallback_methods: lower(raw.methods.fallback),
        env,
        generators,
        wrappers,
        hashes,
        coalesce,
        settings_bases: raw.settings_bases,
        context_names,
        libraries,
    })
}

fn compile_names(raw: RawNameLists) -> NameRules {
    let set = |v: Vec<String>| {
        v.into_iter()
            .map(|s| s.to_ascii_lowercase())
            .collect::<HashSet<_>>()
    };
    NameRules {
        context: set(raw.context),
        secret: set(raw.secret),
        phrases: raw
            .phrases
            .into_iter()
            .map(|p| p.into_iter().map(|w| w.to_ascii_lowercase()).collect())
            .collect(),
        excluded: set(raw.excluded),
        excluded_unless_jwt: set(raw.excluded_unless_jwt),
        providers: set(raw.providers),
        exact: set(raw.exact),
        endings: std::sync::OnceLock::new(),
    }
}

/// Lower-case, separators removed: the form known secrets are compared in.
pub fn normalize_known(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn compile_weak(raw: RawWeak) -> WeakRules {
    WeakRules {
        known: raw
            .known
            .values
            .iter()
            .map(|v| (normalize_known(v), v.clone()))
            .collect(),
        prefixes: raw
            .known
            .prefixes
            .iter()
            .map(|p| p.to_lowercase())
            .collect(),
        placeholder_words: raw
            .placeholder
            .words
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code file is let through by its own language's keywords (and secret names), not by
    /// another language's libraries.
    /// The JavaScript prefilter counts a library keyword in a module specifier only
    /// (`Prefilter::keyword_used`): every library's import must hold one of its keywords, or
    /// a file using only that library would never be read.
    #[test]
    fn every_javascript_import_holds_a_keyword() {
        let rs = RuleSet::builtin();
        for lang in [Language::JavaScript, Language::TypeScript] {
            let cat = rs.catalog(lang).expect("a JavaScript catalogue");
            for lib in &cat.libraries {
                for imp in &lib.imports {
                    let imp = imp.to_ascii_lowercase();
                    assert!(
                        cat.keywords
                            .iter()
                            .any(|k| imp.contains(&k.to_ascii_lowercase())),
                        "{imp} ({}) holds no keyword",
                        lib.id
                    );
                }
            }
        }
    }

    #[test]
    fn code_prefilters_are_per_language() {
        use crate::lang::{ConfigFormat, FileKind};
        let rs = RuleSet::builtin();
        let js = FileKind::Code(Language::JavaScript);
        let php = FileKind::Code(Language::Php);
        let py = FileKind::Code(Language::Python);
        let firebase =
            b"import { initializeApp } from 'firebase/app';\nconst cache = new InMemoryCache();";
        assert!(!rs.might_match_kind(js, firebase));
        assert!(rs.might_match_kind(php, b"use Firebase\\JWT\\JWT;"));
        // Configuration files: secret names and context words, no library keyword.
        let yaml = FileKind::Config(ConfigFormat::Yaml);
        assert!(!rs.might_match_kind(yaml, firebase));
        assert!(!rs.might_match_kind(
            yaml,
            b"description: requests are signed with HMAC, see Passport"
        ));
        assert!(rs.might_match_kind(yaml, b"jwt:\n  secret: abc"));
        assert!(rs.might_match_kind(yaml, b"NEXTAUTH_SECRET: abc"));
        assert!(rs.might_match_kind(FileKind::Config(ConfigFormat::Dotenv), b"TOKEN_SECRET=abc"));
        // Names count in every language, also those starting with another language's keyword.
        assert!(rs.might_match_kind(py, b"hmac_key = os.urandom(20)"));
        assert!(rs.might_match_kind(js, b"const JWT_SECRET = 'x'"));
        assert!(rs.might_match_kind(py, b"from jose import jwt"));
    }

    /// The JSON form build.rs writes is the TOML form: both compile to the same rule data.
    #[test]
    fn builtin_toml_and_json_forms_agree() {
        let files: Vec<(String, String)> = RULE_FILES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let from_toml = RuleSet::from_files(&files).expect("TOML rules compile");
        let from_json = RuleSet::builtin();
        assert_eq!(from_toml.keywords, from_json.keywords);
        assert_eq!(from_toml.catalogs.len(), from_json.catalogs.len());
        for (t, j) in from_toml.catalogs.iter().zip(&from_json.catalogs) {
            assert_eq!(t.languages, j.languages);
            assert_eq!(t.keywords, j.keywords);
            assert_eq!(t.libraries.len(), j.libraries.len());
        }
        assert_eq!(from_toml.weak.known.len(), from_json.weak.known.len());
        assert_eq!(from_toml.names.exact.len(), from_json.names.exact.len());
    }

    #[test]
    fn builtin_rules_compile() {
        let rs = RuleSet::builtin();
        assert!(rs.catalog(Language::JavaScript).is_some());
        assert!(rs.catalog(Language::TypeScript).is_some());
        assert!(rs.keywords.contains(&"jwt".to_string()));
        assert!(rs.might_match(b"const JWT = 1"));
        assert!(!rs.might_match(b"fn main() { println!(\"hello\") }"));
    }

    #[test]
    fn selectors_parse() {
        let s = Selector::parse("arg0.secret|kw:key|chain:setProtectedHeader.arg0.alg|const:HS256")
            .unwrap();
        assert_eq!(s.alts.len(), 4);
        assert_eq!(s.alts[0], vec![Step::Arg(0), Step::Field("secret".into())]);
        assert_eq!(s.alts[2][0], Step::Chain("setProtectedHeader".into()));
        assert!(Selector::parse("arg0..x").is_err());
    }

    #[test]
    fn globs() {
        let p = Pattern::new("jose.SignJWT()*.sign");
        assert!(p.matches("jose.SignJWT().sign"));
        assert!(p.matches("jose.SignJWT().setProtectedHeader().setIssuedAt().sign"));
        assert!(!p.matches("jose.SignJWT().signx"));
        assert!(Pattern::new("*onfig*.get").matches("this.configService.get"));
        assert!(!Pattern::new("*onfig*.get").matches("this.configService.set"));
        // The pieces may not overlap: `a*a` needs two `a`s.
        assert!(!Pattern::new("a*a").matches("a"));
        assert!(Pattern::new("a*a").matches("aa"));
        assert!(Pattern::new("*").matches("") && Pattern::new("**").matches("x.y"));
        assert!(Pattern::new("x.*.y*z").matches("x.a.b.yqz"));
        assert!(!Pattern::new("x.*.y*z").matches("x.a.b.zqy"));
        // Like the regex `.*` it replaces, a star never covers a line break.
        assert!(!Pattern::new("a.*").matches("a.b\nc"));
        assert!(!Pattern::new("*.b").matches("x\ny.b"));
        // Without a star the pattern is exact.
        assert!(Pattern::new("jwt.sign").matches("jwt.sign"));
        assert!(!Pattern::new("jwt.sign").matches("jwt.signx"));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let files = vec![(
            "x.toml".to_string(),
            "languages = [\"javascript\"]\nbogus = 1\n".to_string(),
        )];
        let err = RuleSet::from_files(&files).unwrap_err().to_string();
        assert!(err.contains("x.toml") && err.contains("bogus"), "{err}");
    }
}
