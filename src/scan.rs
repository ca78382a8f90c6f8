//! The scan pipeline: walk in parallel, read each candidate file once into a reused buffer,
//! skip binaries and oversized files, run the keyword prefilter, analyse, then sort findings once.
//! Git-aware: dotenv files are checked against the index (tracked = committed) and the ignore
//! rules (not ignored = `git add .` would commit them); ignored dotenv files are still read, but
//! ignored folders are never entered.

use crate::analyze::{AnalyzeOptions, FileResult, analyze};
use crate::finding::{Finding, SeenSecret};
use crate::lang::{FileKind, detect, is_dotenv_name};
use crate::rules::env_file_committed::GitStatus;
use crate::ruleset::RuleSet;
use crate::source::git::Repo;
use crate::source::{
    decode_text, display_path,
    fs::{ReadError, WalkOptions, open_regular, read_capped, walk},
};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub threads: usize,
    pub max_filesize: u64,
    pub ignore_files: bool,
    pub analyze: AnalyzeOptions,
    /// Path filter from configuration (include/exclude globs).
    pub filter: Option<Arc<crate::config::PathFilter>>,
}

/// Everything a scan produced, deterministic in content and order.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    /// `--verbose` notes (skipped files and why).
    pub notes: Vec<String>,
    /// Unreadable files and walk errors: reported on stderr, never fatal.
    pub warnings: Vec<String>,
    /// Files whose analysis failed internally (caught panics).
    pub errors: Vec<String>,
    /// Text of each file with findings, for rendering snippets.
    pub texts: BTreeMap<String, Arc<str>>,
    /// Files of a filesystem scan that gave only cross-file constants: their text is read again
    /// if a cross-file finding points into them ([`ScanOutcome::load_deferred_texts`]), rather
    /// than kept in memory for the whole scan (bundles export dozens of constants).
    pub deferred: BTreeMap<String, Deferred>,
    /// Secret values seen in config files, for the shared-secret pass.
    pub seen: Vec<SeenSecret>,
    /// Constants and key references for the cross-file pass.
    pub exports: Vec<crate::crossfile::Export>,
    pub key_refs: Vec<crate::crossfile::KeyRef>,
}

thread_local! {
    static BUF: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(64 * 1024));
}

/// A file's result plus its decoded text (kept for rendering snippets).
/// A file's results and its decoded text (borrowed from the bytes when they were clean UTF-8:
/// callers copy it only when they keep it).
pub type Analysed<'a> = (FileResult, std::borrow::Cow<'a, str>);

thread_local! {
    /// Where the last panic on this thread happened (`src/lang/parser.rs:120`), set by the hook.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
    /// This thread is inside a file's analysis: a panic is caught and reported for that file.
    static ANALYSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Replace the default panic message, which prints the panic's payload (a slicing panic quotes
/// the string it sliced: a scanned file, maybe a secret), with a short one naming only the place
/// in jwtlint's code. Panics inside a file's analysis print nothing here: the scan reports them
/// as an error for that file. `JWTLINT_DEBUG_PANICS=1` restores the full message for debugging.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    let debug = std::env::var_os("JWTLINT_DEBUG_PANICS").is_some_and(|v| !v.is_empty() && v != "0");
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        PANIC_AT.with(|p| p.borrow_mut().clone_from(&at));
        if debug {
            default(info);
        } else if !ANALYSING.with(|a| a.get()) {
            eprintln!(
                "jwtlint: internal error at {}; please report it (the panic message is not shown because it could quote a scanned file; JWTLINT_DEBUG_PANICS=1 shows it)",
                at.as_deref().unwrap_or("an unknown place")
            );
        }
    }));
}

/// Run `f`, catching a panic: `Err` holds where it happened (`src/x.rs:12`), never its payload.
/// The panic hook prints nothing for a caught panic: the caller reports it.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, Option<String>> {
    let was = ANALYSING.with(|a| a.replace(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    ANALYSING.with(|a| a.set(was));
    r.map_err(|_| PANIC_AT.with(|p| p.borrow_mut().take()))
}

/// A test-only way to make one file's analysis panic, with the file's text in the panic message
/// (proves neither reaches the output). Compiled into debug builds only: release binaries have
/// no such switch.
#[cfg(debug_assertions)]
fn test_panic_trigger(display: &str, text: &str) {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| std::env::var("JWTLINT_TEST_PANIC_ON").ok());
    if let Some(t) = target
        && display.rsplit('/').next() == Some(t.as_str())
    {
        panic!("JWTLINT_TEST_PANIC_ON: {text}");
    }
}

/// The same for drawing a finding's snippet: `JWTLINT_TEST_PANIC_ON=render:<file name>`.
#[cfg(debug_assertions)]
pub fn test_render_panic_trigger(display: &str, text: &str) {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| {
        std::env::var("JWTLINT_TEST_PANIC_ON")
            .ok()
            .and_then(|t| t.strip_prefix("render:").map(str::to_string))
    });
    if let Some(t) = target
        && display.rsplit('/').next() == Some(t.as_str())
    {
        panic!("JWTLINT_TEST_PANIC_ON: {text}");
    }
}

/// Files above this size hand their memory back after analysis (see `analyze_bytes`).
const LARGE_FILE: usize = 1 << 20;

/// Files over [`BUDGETED_FILE`] analysed at once may hold at most this many bytes of source
/// between them (one larger file runs alone): analysis holds about twenty bytes per byte of source, and two
/// workers on a 3 MB bundle and a 4 MB API model at once were the scan's whole peak memory.
const LARGE_IN_FLIGHT: usize = 4 << 20;

/// Files above this size count against [`LARGE_IN_FLIGHT`].
const BUDGETED_FILE: usize = 256 << 10;

/// Source bytes of the large files being analysed now (see [`LARGE_IN_FLIGHT`]).
static IN_FLIGHT: (Mutex<usize>, std::sync::Condvar) = (Mutex::new(0), std::sync::Condvar::new());

/// A large file's share of [`LARGE_IN_FLIGHT`], given back when dropped.
struct LargeSlot(usize);

impl LargeSlot {
    /// Waits until `len` more bytes fit (or nothing else runs); small files never wait.
    fn take(len: usize) -> LargeSlot {
        if len <= BUDGETED_FILE {
            return LargeSlot(0);
        }
        let (lock, cv) = &IN_FLIGHT;
        let mut used = lock.lock().unwrap_or_else(|p| p.into_inner());
        while *used > 0 && *used + len > LARGE_IN_FLIGHT {
            used = cv.wait(used).unwrap_or_else(|p| p.into_inner());
        }
        *used += len;
        LargeSlot(len)
    }
}

impl Drop for LargeSlot {
    fn drop(&mut self) {
        if self.0 == 0 {
            return;
        }
        let (lock, cv) = &IN_FLIGHT;
        let mut used = lock.lock().unwrap_or_else(|p| p.into_inner());
        *used -= self.0;
        cv.notify_all();
    }
}

/// glibc, tuned for many short-lived tables (each file's tokens, strings and expressions):
///
/// - blocks of 1 MiB and more (the tables of files over about 200 KiB) are mapped on their own
///   and unmapped when freed, so a large file's tables do not stay in an arena; the default
///   threshold grows with the largest block freed so far;
/// - the heap grows and shrinks 4 MiB beyond what it needs.
///
/// With a 128 KiB threshold and no pad (the earlier setting), every file's tables were taken
/// from the system and handed back: the page faults, `mmap`s and `munmap`s were a fifth of
/// `--history`'s time on jwtlint's own history (see docs/PERFORMANCE.md).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it takes no pointers.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TOP_PAD, 4 << 20);
    }
}

/// Return freed heap pages to the system (glibc keeps them in each thread's arena otherwise).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Analyse one in-memory file (used by the filesystem walk and by git modes). Binary content
/// gives `Ok(None)`; a panic inside the analysis is caught and returned as an error message that
/// names the file and the place in jwtlint's code, never the panic's payload (it could quote the
/// file).
pub fn analyze_bytes<'a>(
    display: &str,
    bytes: &'a [u8],
    kind: FileKind,
    rules: &RuleSet,
    opts: &AnalyzeOptions,
    git: Option<GitStatus>,
) -> Result<Option<Analysed<'a>>, String> {
    let Some(text) = decode_text(bytes) else {
        return Ok(None);
    };
    // Analysis holds about thirty bytes per byte of source (tokens, expressions, bindings): the
    // memory a large file used is handed back to the system after it, or each worker would keep
    // the largest file it has seen.
    let large = bytes.len() > LARGE_FILE;
    let slot = LargeSlot::take(bytes.len());
    let r = catch_panic(|| {
        #[cfg(debug_assertions)]
        test_panic_trigger(display, &text);
        analyze(display, &text, kind, rules, opts, git)
    });
    if large {
        release_free_memory();
    }
    drop(slot);
    match r {
        Ok(f) => Ok(Some((f, text))),
        Err(at) => {
            let at = at.map(|a| format!(" at {a}")).unwrap_or_default();
            Err(format!(
                "{display}: internal error while analysing this file (panic{at}); its findings are missing, the rest of the scan is complete; please report it"
            ))
        }
    }
}

/// Should this content be analysed at all (not binary, mentions a keyword where it counts)?
/// `tests`: test code is analysed (`--include-tests`), so a Rust test module's keywords count.
pub fn worth_analysing(
    display: &str,
    bytes: &[u8],
    kind: FileKind,
    rules: &RuleSet,
    tests: bool,
) -> Result<(), &'static str> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16 {
        return Ok(());
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err("binary");
    }
    // A configuration module (`config.js`, `settings.py`, `Constants.java`) that says `secret`
    // or any keyword anywhere is read even without a secret name: `module.exports = { secret:
    // '...' }` or `export const APP_KEY = '...'` beside `JWT_EXPIRY` is the key another file
    // signs with (the cross-file pass needs its constants). (A suppression marker is one of
    // the prefilter's texts, in comments too: such a file is read so the marker is checked.)
    // Other source files count only keywords in their code: the analysis would drop a file
    // whose keywords are all in comments or test modules after lexing it (`tests`: test code
    // is analysed).
    let config_module = matches!(kind, FileKind::Code(_)) && crate::lang::is_config_module(display);
    let matched = if config_module {
        rules.might_match_kind(kind, bytes)
    } else {
        rules.might_match_code(kind, bytes, tests)
    };
    if matched
        || config_module
            && (bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"secret"))
                || rules.might_match(bytes))
    {
        return Ok(());
    }
    Err("no keyword")
}

/// Collects results from many threads.
#[derive(Default)]
pub struct Collector {
    findings: Mutex<Vec<Finding>>,
    notes: Mutex<Vec<String>>,
    warnings: Mutex<Vec<String>>,
    errors: Mutex<Vec<String>>,
    texts: Mutex<BTreeMap<String, Arc<str>>>,
    seen: Mutex<Vec<SeenSecret>>,
    exports: Mutex<Vec<crate::crossfile::Export>>,
    key_refs: Mutex<Vec<crate::crossfile::KeyRef>>,
    deferred: Mutex<BTreeMap<String, Deferred>>,
    scanned: AtomicUsize,
}

/// Where a file's text can be read again, and a hash of the text the analysis saw.
#[derive(Debug, Clone)]
pub struct Deferred {
    pub path: PathBuf,
    hash: u64,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl ScanOutcome {
    /// Reads the deferred texts that findings point into; a file changed or gone since the scan
    /// stays without text (its findings are reported without a snippet).
    pub fn load_deferred_texts(&mut self) {
        let wanted: BTreeSet<String> = self
            .findings
            .iter()
            .filter(|f| f.source.is_none() && !self.texts.contains_key(&f.path))
            .map(|f| f.path.clone())
            .collect();
        for p in wanted {
            let Some(d) = self.deferred.get(&p) else {
                continue;
            };
            let read = || -> Option<String> {
                let (file, _) = open_regular(&d.path, true).ok()?;
                let mut buf = Vec::new();
                read_capped(file, u64::from(u32::MAX), &mut buf).ok()?;
                crate::source::decode_text(&buf).map(|t| t.into_owned())
            };
            match read() {
                Some(text) if text_hash(&text) == d.hash => {
                    self.texts.insert(p, Arc::from(text));
                }
                _ => self.warnings.push(format!(
                    "{p}: changed during the scan; its cross-file findings are shown without a snippet and were not checked against suppression comments"
                )),
            }
        }
    }
}

fn push<T>(m: &Mutex<Vec<T>>, v: T) {
    m.lock().unwrap_or_else(|p| p.into_inner()).push(v);
}

impl Collector {
    pub fn note(&self, s: String) {
        push(&self.notes, s);
    }
    pub fn warn(&self, s: String) {
        push(&self.warnings, s);
    }
    pub fn counted(&self) {
        self.scanned.fetch_add(1, Ordering::Relaxed);
    }

    /// Analyse bytes and keep what came out.
    /// `display` is the file's name in reports, `path` where it can be read again.
    pub fn take(
        &self,
        (display, path): (&str, &Path),
        bytes: &[u8],
        kind: FileKind,
        rules: &RuleSet,
        opts: &AnalyzeOptions,
        git: Option<GitStatus>,
    ) {
        if let Err(why) = worth_analysing(display, bytes, kind, rules, opts.include_tests) {
            if why == "binary" {
                self.note(format!("{display}: skipped, binary"));
            }
            return;
        }
        match analyze_bytes(display, bytes, kind, rules, opts, git) {
            Ok(Some((r, text))) => {
                if !r.findings.is_empty() || !r.seen.is_empty() {
                    self.texts
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(display.to_string(), Arc::from(text.as_ref()));
                } else if !r.exports.is_empty() {
                    let d = Deferred {
                        path: path.to_path_buf(),
                        hash: text_hash(&text),
                    };
                    self.deferred
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(display.to_string(), d);
                }
                self.findings
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(r.findings);
                self.seen
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend(r.seen);
                self.cross(r.exports, r.key_refs);
            }
            Ok(None) => self.note(format!("{display}: skipped, binary")),
            Err(e) => push(&self.errors, e),
        }
    }

    /// Keep an already analysed file's results, and its text when the caller kept it (for
    /// findings, configuration secrets or cross-file constants).
    pub fn add(&self, display: &str, r: FileResult, text: Option<Arc<str>>) {
        if let Some(text) = text {
            self.texts
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(display.to_string(), text);
        }
        self.findings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(r.findings);
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(r.seen);
        self.cross(r.exports, r.key_refs);
    }

    fn cross(&self, exports: Vec<crate::crossfile::Export>, refs: Vec<crate::crossfile::KeyRef>) {
        if !exports.is_empty() {
            self.exports
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(exports);
        }
        if !refs.is_empty() {
            self.key_refs
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(refs);
        }
    }

    pub fn error(&self, e: String) {
        push(&self.errors, e);
    }

    pub fn finish(self) -> ScanOutcome {
        let mut out = ScanOutcome {
            findings: self
                .findings
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
            files_scanned: self.scanned.load(Ordering::Relaxed),
            notes: self.notes.into_inner().unwrap_or_else(|p| p.into_inner()),
            warnings: self
                .warnings
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
            errors: self.errors.into_inner().unwrap_or_else(|p| p.into_inner()),
            texts: self.texts.into_inner().unwrap_or_else(|p| p.into_inner()),
            deferred: self
                .deferred
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
            seen: self.seen.into_inner().unwrap_or_else(|p| p.into_inner()),
            exports: self.exports.into_inner().unwrap_or_else(|p| p.into_inner()),
            key_refs: self
                .key_refs
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
        };
        finish(&mut out);
        out
    }
}

/// Git facts a filesystem scan needs for dotenv files.
struct GitContext {
    repo_root: PathBuf,
    /// Tracked dotenv paths, repository-relative.
    tracked_dotenv: HashSet<String>,
}

impl GitContext {
    fn discover(paths: &[PathBuf]) -> Option<GitContext> {
        let repo = Repo::discover(paths.first()?)?;
        let tracked_dotenv = repo
            .tracked()
            .into_iter()
            .filter(|p| is_dotenv_name(&p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase()))
            .collect();
        Some(GitContext {
            repo_root: repo.root,
            tracked_dotenv,
        })
    }

    fn status(&self, path: &Path, ignored: bool) -> GitStatus {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let Ok(rel) = abs.strip_prefix(&self.repo_root) else {
            return GitStatus::Local;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if self.tracked_dotenv.contains(&rel) {
            GitStatus::Committed
        } else if ignored {
            GitStatus::Local
        } else {
            GitStatus::Unignored
        }
    }
}

pub fn scan(opts: &ScanOptions, rules: &RuleSet) -> ScanOutcome {
    scan_tree(opts, rules, true)
}

/// The filesystem scan; `ignored_dotenv` also reads dotenv files that ignore rules hide (a
/// developer's local `.env`), which a scan of changes leaves out: git never records them.
pub fn scan_tree(opts: &ScanOptions, rules: &RuleSet, ignored_dotenv: bool) -> ScanOutcome {
    let col = Collector::default();
    let git = GitContext::discover(&opts.paths);
    let seen_paths: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    // Dotenv files in visited folders, found whether or not an ignore rule hides them.
    let dotenv_candidates: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
    let visited_dotenv: Mutex<HashSet<PathBuf>> = Mutex::new(HashSet::new());
    let multi = opts.paths.len() > 1;

    // `follow`: the path was named on the command line (a symlink there is followed).
    let read_and_take =
        |path: &Path, display: &str, kind: FileKind, status: Option<GitStatus>, follow: bool| {
            let (file, len) = match open_regular(path, follow) {
                Ok(f) => f,
                Err(e @ ReadError::NotRegular(_)) => {
                    col.warn(format!("{display}: skipped, {e}"));
                    return;
                }
                Err(e) => {
                    col.warn(format!("{display}: cannot read: {e}"));
                    return;
                }
            };
            if len > opts.max_filesize {
                col.note(format!(
                    "{display}: skipped, {len} bytes is over --max-filesize {}",
                    opts.max_filesize
                ));
                return;
            }
            BUF.with(|buf| {
                let mut buf = buf.borrow_mut();
                if let Err(e) = read_capped(file, opts.max_filesize, &mut buf) {
                    col.warn(format!("{display}: cannot read: {e}"));
                } else if buf.len() as u64 > opts.max_filesize {
                    col.note(format!(
                        "{display}: skipped, over --max-filesize {}",
                        opts.max_filesize
                    ));
                } else {
                    col.counted();
                    col.take((display, path), &buf, kind, rules, &opts.analyze, status);
                }
                // Each worker keeps its buffer, but not at the size of the largest file it read.
                if buf.capacity() > LARGE_FILE {
                    *buf = Vec::new();
                }
            });
        };

    let visit = |found: crate::source::fs::Found| {
        if found.is_dir {
            if git.is_some()
                && ignored_dotenv
                && opts.ignore_files
                && let Ok(rd) = std::fs::read_dir(&found.path)
            {
                let mut c = dotenv_candidates.lock().unwrap_or_else(|p| p.into_inner());
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().to_ascii_lowercase();
                    if is_dotenv_name(&name) && e.file_type().is_ok_and(|t| t.is_file()) {
                        c.insert(e.path());
                    }
                }
            }
            return;
        }
        // Half the files of a tree are of no kind jwtlint reads: no display path for them.
        let Some(kind) = detect(&found.path) else {
            return;
        };
        let display = display_path(&found.path);
        if let Some(f) = &opts.filter
            && !f.allows(&display)
            && !found.explicit
        {
            return;
        }
        if multi
            && !seen_paths
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(display.clone())
        {
            return;
        }
        // Test code is skipped unread (`analyze` would skip it after reading).
        if !opts.analyze.include_tests && crate::lang::is_test_path(&display) {
            return;
        }
        let status = match (&git, kind) {
            (Some(g), FileKind::Config(crate::lang::ConfigFormat::Dotenv)) => {
                visited_dotenv
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(found.path.clone());
                Some(g.status(&found.path, false))
            }
            (None, FileKind::Config(crate::lang::ConfigFormat::Dotenv)) => Some(GitStatus::Local),
            _ => None,
        };
        read_and_take(&found.path, &display, kind, status, found.explicit);
    };
    let walked = walk(
        &opts.paths,
        &WalkOptions {
            threads: opts.threads,
            ignore_files: opts.ignore_files,
        },
        &visit,
    );
    // Ignored dotenv files: weak and short keys in a developer's local .env still matter.
    if let Some(g) = &git {
        let visited = visited_dotenv
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        for p in dotenv_candidates
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
        {
            if visited.contains(&p) {
                continue;
            }
            let display = display_path(&p);
            if let Some(f) = &opts.filter
                && !f.allows(&display)
            {
                continue;
            }
            if let Some(kind) = detect(&p) {
                read_and_take(&p, &display, kind, Some(g.status(&p, true)), false);
            }
        }
    }
    for w in walked.warnings {
        col.warn(w);
    }
    for n in walked.notes {
        col.note(n);
    }
    col.finish()
}

/// Sort everything once so output is identical for any thread count.
pub fn finish(out: &mut ScanOutcome) {
    out.findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then(a.end.cmp(&b.end))
            .then(a.message.cmp(&b.message))
    });
    // One finding per location and rule; with --history one location may have held several
    // secrets over time, each its own finding.
    out.findings.dedup_by(|a, b| {
        a.path == b.path
            && a.start == b.start
            && a.end == b.end
            && a.rule == b.rule
            && a.secret.as_ref().map(|s| &s.hash) == b.secret.as_ref().map(|s| &s.hash)
    });
    out.seen
        .sort_by(|a, b| (&a.path, a.start).cmp(&(&b.path, b.start)));
    out.seen
        .dedup_by(|a, b| a.path == b.path && a.start == b.start);
    out.notes.sort();
    out.warnings.sort();
    out.warnings.dedup();
    out.errors.sort();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that gave only cross-file constants is read again for its snippet, unless it
    /// changed since the scan (the finding's offsets would point into other text).
    #[test]
    fn deferred_texts_are_read_back_only_when_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let config =
            "module.exports = {\n    // the signing secret\n    key: 'ilovescotchyscotch'\n};\n";
        std::fs::write(d.join("config.js"), config).unwrap();
        std::fs::write(
            d.join("server.js"),
            "const jwt = require('jsonwebtoken');\nconst config = require('./config');\njwt.sign(u, config.key, { algorithm: 'HS256' });\n",
        )
        .unwrap();
        let opts = ScanOptions {
            paths: vec![d.to_path_buf()],
            threads: 1,
            max_filesize: 1 << 20,
            ignore_files: true,
            analyze: AnalyzeOptions::default(),
            filter: None,
        };
        let outcome = || {
            let mut o = scan(&opts, RuleSet::builtin());
            crate::crossfile::resolve(&mut o.findings, &o.exports, &o.key_refs, false);
            o
        };
        let mut o = outcome();
        let f = o.findings.iter().find(|f| f.path.ends_with("config.js"));
        let path = f.expect("a cross-file finding in config.js").path.clone();
        assert!(!o.texts.contains_key(&path) && o.deferred.contains_key(&path));
        o.load_deferred_texts();
        assert_eq!(o.texts.get(&path).map(|t| t.as_ref()), Some(config));

        let mut o = outcome();
        std::fs::write(d.join("config.js"), config.replace("ilove", "iLove")).unwrap();
        o.load_deferred_texts();
        assert!(!o.texts.contains_key(&path));
        assert!(
            o.warnings
                .iter()
                .any(|w| w.contains("changed during the scan")),
            "{:?}",
            o.warnings
        );
    }
}
