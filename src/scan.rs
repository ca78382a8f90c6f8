//! The scan pipeline: walk in parallel, read each candidate file once into a reused buffer,
//! skip binaries and oversized files, run the keyword prefilter, analyse, then sort findings once.

use crate::analyze::{AnalyzeOptions, analyze};
use crate::finding::Finding;
use crate::lang::{FileKind, detect};
use crate::ruleset::RuleSet;
use crate::source::{
    decode_text, display_path,
    fs::{WalkOptions, walk},
};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::PathBuf;
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
}

thread_local! {
    static BUF: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(64 * 1024));
}

/// Analyse one in-memory file (used by the filesystem walk and by git modes).
/// A file's findings plus its decoded text (kept for rendering snippets).
pub type Analysed = (Vec<Finding>, Arc<str>);

pub fn analyze_bytes(
    display: &str,
    bytes: &[u8],
    kind: FileKind,
    rules: &RuleSet,
    opts: &AnalyzeOptions,
) -> Result<Option<Analysed>, String> {
    let Some(text) = decode_text(bytes) else {
        return Ok(None);
    };
    let text: Arc<str> = Arc::from(text.as_ref());
    let t2 = text.clone();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze(display, &t2, kind, rules, opts)
    }));
    match r {
        Ok(f) => Ok(Some((f, text))),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            // The message comes from our own code, never from file content.
            Err(format!(
                "{display}: internal error while analysing this file ({msg}); please report it"
            ))
        }
    }
}

pub fn scan(opts: &ScanOptions, rules: &RuleSet) -> ScanOutcome {
    let findings: Mutex<Vec<Finding>> = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let warnings = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let texts: Mutex<BTreeMap<String, Arc<str>>> = Mutex::new(BTreeMap::new());
    let seen: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let scanned = AtomicUsize::new(0);
    let multi = opts.paths.len() > 1;
    let lock =
        |m: &Mutex<Vec<String>>, s: String| m.lock().unwrap_or_else(|p| p.into_inner()).push(s);

    let visit = |found: crate::source::fs::Found| {
        let display = display_path(&found.path);
        let Some(kind) = detect(&found.path) else {
            return;
        };
        if let Some(f) = &opts.filter {
            if !f.allows(&display) && !found.explicit {
                return;
            }
        }
        if multi
            && !seen
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(display.clone())
        {
            return;
        }
        let file = match std::fs::File::open(&found.path) {
            Ok(f) => f,
            Err(e) => {
                lock(&warnings, format!("{display}: cannot read: {e}"));
                return;
            }
        };
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > opts.max_filesize {
            lock(
                &notes,
                format!(
                    "{display}: skipped, {len} bytes is over --max-filesize {}",
                    opts.max_filesize
                ),
            );
            return;
        }
        BUF.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.clear();
            // Read at most max_filesize + 1 bytes: a file that grew since stat is still capped.
            if let Err(e) = file.take(opts.max_filesize + 1).read_to_end(&mut buf) {
                lock(&warnings, format!("{display}: cannot read: {e}"));
                return;
            }
            if buf.len() as u64 > opts.max_filesize {
                lock(
                    &notes,
                    format!(
                        "{display}: skipped, over --max-filesize {}",
                        opts.max_filesize
                    ),
                );
                return;
            }
            scanned.fetch_add(1, Ordering::Relaxed);
            let utf16 = buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]);
            if !utf16 {
                if memchr::memchr(0, &buf[..buf.len().min(8192)]).is_some() {
                    lock(&notes, format!("{display}: skipped, binary"));
                    return;
                }
                if !rules.might_match(&buf) {
                    return;
                }
            }
            match analyze_bytes(&display, &buf, kind, rules, &opts.analyze) {
                Ok(Some((fs, text))) => {
                    if !fs.is_empty() {
                        texts
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .insert(display.clone(), text);
                        findings
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .extend(fs);
                    }
                }
                Ok(None) => lock(&notes, format!("{display}: skipped, binary")),
                Err(e) => lock(&errors, e),
            }
        });
    };
    let walk_warnings = walk(
        &opts.paths,
        &WalkOptions {
            threads: opts.threads,
            ignore_files: opts.ignore_files,
        },
        &visit,
    );
    let mut out = ScanOutcome {
        findings: findings.into_inner().unwrap_or_else(|p| p.into_inner()),
        files_scanned: scanned.load(Ordering::Relaxed),
        notes: notes.into_inner().unwrap_or_else(|p| p.into_inner()),
        warnings: warnings.into_inner().unwrap_or_else(|p| p.into_inner()),
        errors: errors.into_inner().unwrap_or_else(|p| p.into_inner()),
        texts: texts.into_inner().unwrap_or_else(|p| p.into_inner()),
    };
    out.warnings.extend(walk_warnings);
    finish(&mut out);
    out
}

/// Sort everything once so output is identical for any thread count.
pub fn finish(out: &mut ScanOutcome) {
    out.findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then(a.end.cmp(&b.end))
            .then(a.message.cmp(&b.message))
    });
    out.findings.dedup_by(|a, b| {
        a.path == b.path && a.start == b.start && a.end == b.end && a.rule == b.rule
    });
    out.notes.sort();
    out.warnings.sort();
    out.warnings.dedup();
    out.errors.sort();
}
