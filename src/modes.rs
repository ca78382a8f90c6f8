//! Git scan modes: `--staged` (the index, for pre-commit), `--diff BASE` (what a pull request
//! adds), `--history` (every blob reachable from any ref, for audits).

use crate::finding::{Finding, HistoryNote, RuleId};
use crate::lang::{ConfigFormat, FileKind, detect};
use crate::rules::env_file_committed::GitStatus;
use crate::ruleset::RuleSet;
use crate::scan::{Collector, ScanOptions, ScanOutcome, analyze_bytes, worth_analysing};
use crate::source::git::{BlobFile, Repo, changed_lines};
use crate::text::LineIndex;
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

fn repo_for(paths: &[std::path::PathBuf]) -> Result<Repo> {
    let start = paths.first().map(|p| p.as_path()).unwrap_or(Path::new("."));
    match Repo::discover(start) {
        Some(r) => Ok(r),
        None => bail!("{} is not inside a git work tree", start.display()),
    }
}

fn status_for(kind: FileKind) -> Option<GitStatus> {
    (kind == FileKind::Config(ConfigFormat::Dotenv)).then_some(GitStatus::Committed)
}

/// Adjusts one blob's findings (filter to changed lines, attach history) with a thread-local repository.
/// What a mode does with a blob's findings (never called without any): the blob's text is
/// shared, copied once from the blob for the findings and the report.
type KeepFn<'a> = dyn Fn(&gix::Repository, &BlobFile, &Arc<str>, &mut Vec<Finding>) + Sync + 'a;

/// The `.jwtlintignore` files of the work tree in the folders of the files to scan and above,
/// deepest first: what the walk of a plain scan honours, applied to repository paths so that
/// `--staged`, `--diff` and `--history` leave out the same files. Looked up folder by folder
/// (a few `stat`s), not by listing the index: `--staged` in a 100k-file repository stays fast.
struct JwtlintIgnore(Vec<(std::path::PathBuf, ignore::gitignore::Gitignore)>);

impl JwtlintIgnore {
    fn load<'p>(repo: &Repo, paths: impl Iterator<Item = &'p str>) -> JwtlintIgnore {
        let mut dirs: HashSet<&str> = HashSet::new();
        for p in paths {
            let mut d = p;
            while let Some((parent, _)) = d.rsplit_once('/') {
                if !dirs.insert(parent) {
                    break;
                }
                d = parent;
            }
        }
        dirs.insert("");
        let mut out: Vec<(std::path::PathBuf, ignore::gitignore::Gitignore)> = dirs
            .into_iter()
            .filter_map(|rel| {
                let dir = repo.root.join(rel);
                let file = dir.join(".jwtlintignore");
                if !file.is_file() {
                    return None;
                }
                let mut b = ignore::gitignore::GitignoreBuilder::new(&dir);
                // A line the ignore crate cannot read is skipped, as the walk skips it.
                let _ = b.add(&file);
                Some((dir, b.build().ok()?))
            })
            .collect();
        out.sort_by_key(|(dir, _)| std::cmp::Reverse(dir.components().count()));
        JwtlintIgnore(out)
    }

    /// Is this repository-relative path ignored? As the walk decides: each folder from the
    /// root down, then the file; for each, the deepest `.jwtlintignore` above it that matches
    /// decides (an ignored folder is never entered, so a `!` rule for a file inside it, or a
    /// deeper file's, does not bring the file back).
    fn ignores(&self, root: &Path, rel: &str) -> bool {
        let mut at = root.to_path_buf();
        let parts: Vec<&str> = rel.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let is_dir = i + 1 < parts.len();
            for (dir, gi) in &self.0 {
                if at.parent().is_none_or(|p| !p.starts_with(dir)) {
                    continue;
                }
                let m = gi.matched(&at, is_dir);
                if m.is_ignore() {
                    return true;
                }
                if m.is_whitelist() {
                    break;
                }
            }
        }
        false
    }
}

/// Analyse blobs from the object database, in parallel; `keep` filters each file's findings.
fn scan_blobs(
    repo: &Repo,
    blobs: &[BlobFile],
    opts: &ScanOptions,
    rules: &RuleSet,
    keep: &KeepFn,
) -> ScanOutcome {
    let col = Collector::default();
    let sync = repo.repo.clone().into_sync();
    // Paths named on the command line narrow the scan (`.` means the whole repository, as git
    // hooks run from anywhere in the work tree).
    let within: Vec<String> = opts
        .paths
        .iter()
        .filter(|p| p.as_path() != Path::new("."))
        .filter_map(|p| repo.relative(p))
        .collect();
    let narrowed = opts.paths.iter().any(|p| p.as_path() != Path::new("."));
    let ignored = opts
        .ignore_files
        .then(|| JwtlintIgnore::load(repo, blobs.iter().map(|b| b.path.as_str())));
    let blobs: Vec<&BlobFile> = blobs
        .iter()
        .filter(|b| {
            !ignored
                .as_ref()
                .is_some_and(|i| i.ignores(&repo.root, &b.path))
        })
        .filter(|b| {
            !narrowed
                || within.iter().any(|w| {
                    w.is_empty()
                        || b.path == *w
                        || b.path
                            .strip_prefix(w.as_str())
                            .is_some_and(|r| r.starts_with('/'))
                })
        })
        .collect();
    let shown: Vec<String> = blobs.iter().map(|b| repo.display(&b.path)).collect();
    let scan_one = |r: &mut gix::Repository, (b, display): (&&BlobFile, &String)| {
        let display = display.as_str();
        let Some(kind) = detect(Path::new(&b.path)) else {
            return;
        };
        if let Some(f) = &opts.filter
            && !f.allows(display)
        {
            return;
        }
        let data = match r.find_blob(b.oid) {
            Ok(blob) => blob.data.clone(),
            Err(e) => {
                col.warn(format!("{display}: cannot read blob {}: {e}", b.oid));
                return;
            }
        };
        if data.len() as u64 > opts.max_filesize {
            col.note(format!(
                "{display}: skipped, {} bytes is over --max-filesize {}",
                data.len(),
                opts.max_filesize
            ));
            return;
        }
        col.counted();
        if worth_analysing(display, &data, kind, rules, opts.analyze.include_tests).is_err() {
            return;
        }
        match analyze_bytes(display, &data, kind, rules, &opts.analyze, status_for(kind)) {
            Ok(Some((mut res, text))) => {
                let kept = |r: &crate::analyze::FileResult| {
                    !r.findings.is_empty() || !r.seen.is_empty() || !r.exports.is_empty()
                };
                let shared: Option<Arc<str>> = kept(&res).then(|| Arc::from(text.as_ref()));
                if let Some(t) = &shared
                    && !res.findings.is_empty()
                {
                    keep(r, b, t, &mut res.findings);
                }
                let shared = shared.filter(|_| kept(&res));
                col.add(display, res, shared);
            }
            Ok(None) => {}
            Err(e) => col.error(e),
        }
    };
    // `--threads` workers, as the walk has (rayon's global pool has one per CPU). One blob per
    // job: a blob costs a millisecond or more, and rayon's default split left one of two cores
    // idle for a third of `--history` on jwtlint's own repository (0.58 -> 0.42 s).
    match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
    {
        Ok(pool) => pool.install(|| {
            blobs
                .par_iter()
                .zip(&shown)
                .with_max_len(1)
                .for_each_init(|| sync.to_thread_local(), scan_one)
        }),
        Err(e) => {
            col.warn(format!(
                "cannot start {} worker threads ({e}); scanning on this one",
                opts.threads
            ));
            let mut r = sync.to_thread_local();
            blobs.iter().zip(&shown).for_each(|x| scan_one(&mut r, x));
        }
    }
    col.finish()
}

/// `--staged`: the blobs in the index that differ from HEAD (what `git commit` would record).
pub fn staged(opts: &ScanOptions, rules: &RuleSet) -> Result<ScanOutcome> {
    let repo = repo_for(&opts.paths)?;
    let files = repo.staged()?;
    Ok(scan_blobs(&repo, &files, opts, rules, &|_, _, _, _| {}))
}

/// Lines (1-based) a finding touches: its span and its labels.
fn finding_lines(f: &Finding, text: &str, li: &LineIndex) -> Vec<usize> {
    let mut v: Vec<usize> = (f.line..=f.end_line.max(f.line)).collect();
    for l in &f.labels {
        v.push(li.line_col(text, l.start).0);
    }
    v
}

/// `--diff BASE`: findings on lines added or changed since the merge base of BASE and HEAD. A
/// finding counts when any line it touches is new (a constant defined before, used in a new call).
pub fn diff(
    opts: &ScanOptions,
    rules: &RuleSet,
    base: &str,
    worktree: bool,
) -> Result<ScanOutcome> {
    let repo = repo_for(&opts.paths)?;
    let mb = repo.merge_base_with_head(base)?;
    let mb_tree = repo.commit_tree(mb)?;
    if worktree {
        // Scan the work tree, then keep what is new relative to the merge base. Ignored files
        // are no change of the work tree: git never records them.
        let mut out = crate::scan::scan_tree(opts, rules, false);
        // Files of the merge base gone from the work tree: where an added file may come from.
        let mut gone: Option<Vec<String>> = None;
        let mut changed: BTreeMap<String, HashSet<usize>> = BTreeMap::new();
        for (path, text) in &out.texts {
            let rel = repo.relative(Path::new(path));
            let old = rel.as_deref().and_then(|r| repo.blob_at(mb_tree, r));
            let lines = match old.and_then(|oid| repo.blob(oid).ok()) {
                Some(o) => changed_lines(&String::from_utf8_lossy(&o), text),
                None => {
                    let gone = gone.get_or_insert_with(|| {
                        let mut all = Vec::new();
                        let _ = repo.tree_blobs(mb_tree, "", &mut all);
                        all.retain(|b| !repo.root.join(&b.path).exists());
                        rename_candidates(&repo.repo, &all)
                    });
                    lines_since_rename(text, gone)
                }
            };
            changed.insert(path.clone(), lines);
        }
        let texts = out.texts.clone();
        out.findings.retain(|f| {
            changed.get(&f.path).is_some_and(|lines| {
                let text = &texts[&f.path];
                let li = LineIndex::new(text);
                finding_lines(f, text, &li)
                    .iter()
                    .any(|l| lines.contains(l))
            })
        });
        return Ok(out);
    }
    let head_tree = repo.head_tree().context("HEAD has no tree")?;
    let changes = repo.tree_changes(Some(mb_tree), head_tree)?;
    let old_of: BTreeMap<String, Option<gix::ObjectId>> = changes
        .iter()
        .map(|(b, old)| (b.path.clone(), *old))
        .collect();
    // Deleted files (in the merge base, not at HEAD), for renames; only needed when files were added.
    let gone = if old_of.values().any(Option::is_none) {
        let mut deleted: Vec<BlobFile> = repo
            .tree_changes(Some(head_tree), mb_tree)?
            .into_iter()
            .map(|(b, _)| b)
            .collect();
        deleted.retain(|b| !old_of.contains_key(&b.path));
        rename_candidates(&repo.repo, &deleted)
    } else {
        Vec::new()
    };
    let blobs: Vec<BlobFile> = changes.into_iter().map(|(b, _)| b).collect();
    let keep = |r: &gix::Repository, b: &BlobFile, text: &Arc<str>, findings: &mut Vec<Finding>| {
        let text: &str = text;
        let lines = match old_of.get(&b.path) {
            Some(Some(old)) => match r.find_blob(*old) {
                Ok(old) => changed_lines(&String::from_utf8_lossy(&old.data), text),
                Err(_) => return,
            },
            _ => lines_since_rename(text, &gone),
        };
        let li = LineIndex::new(text);
        findings.retain(|f| {
            finding_lines(f, text, &li)
                .iter()
                .any(|l| lines.contains(l))
        });
    };
    Ok(scan_blobs(&repo, &blobs, opts, rules, &keep))
}

/// Git's default limit on rename candidates (`diff.renameLimit`).
const RENAME_LIMIT: usize = 1000;

/// The text of deleted files an added file may have been renamed from (files jwtlint reads).
fn rename_candidates(repo: &gix::Repository, deleted: &[BlobFile]) -> Vec<String> {
    deleted
        .iter()
        .filter(|b| detect(Path::new(&b.path)).is_some())
        .take(RENAME_LIMIT)
        .filter_map(|b| repo.find_blob(b.oid).ok())
        .map(|blob| String::from_utf8_lossy(&blob.data).into_owned())
        .collect()
}

/// The lines of an added file that are new: relative to the deleted file it was renamed from
/// (the most similar one keeping at least half of the lines, git's default threshold), or all
/// of them when it is not a rename.
fn lines_since_rename(text: &str, deleted: &[String]) -> HashSet<usize> {
    let lines = |s: &str| s.lines().count().max(1);
    let n = lines(text);
    let best = deleted
        .iter()
        // At most half the lines in common is impossible beyond a size ratio of 3.
        .filter(|old| lines(old) <= 3 * n && n <= 3 * lines(old))
        .map(|old| {
            (
                similar::TextDiff::from_lines(old.as_str(), text).ratio(),
                old,
            )
        })
        .filter(|(ratio, _)| *ratio >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, old)) => changed_lines(old, text),
        None => (1..=n).collect(),
    }
}

/// `--history`: every unique blob reachable from any ref, scanned once. Each finding says which
/// commit introduced it and whether it is still at HEAD.
pub fn history(opts: &ScanOptions, rules: &RuleSet, max_key_age_days: u64) -> Result<ScanOutcome> {
    let repo = repo_for(&opts.paths)?;
    let show = std::io::stderr().is_terminal();
    let mut last = std::time::Instant::now();
    let hist = repo.history(|commits, blobs| {
        if show && last.elapsed().as_millis() > 250 {
            eprint!("\rjwtlint: walked {commits} commits, {blobs} unique blobs");
            last = std::time::Instant::now();
        }
    })?;
    if show {
        eprintln!(
            "\rjwtlint: walked {} commits, {} unique blobs, scanning…",
            hist.commits,
            hist.blobs.len()
        );
    }
    let intro: BTreeMap<gix::ObjectId, (crate::source::git::Introduced, bool)> = hist
        .blobs
        .iter()
        .map(|(b, i)| (b.oid, (i.clone(), hist.head_paths.contains_key(&b.oid))))
        .collect();
    // A blob still at HEAD is shown where it is now (it may have been renamed since).
    let blobs: Vec<BlobFile> = hist
        .blobs
        .iter()
        .map(|(b, _)| BlobFile {
            path: hist.head_paths.get(&b.oid).unwrap_or(&b.path).clone(),
            oid: b.oid,
        })
        .collect();
    let keep = |_: &gix::Repository, b: &BlobFile, text: &Arc<str>, findings: &mut Vec<Finding>| {
        let Some((i, at_head)) = intro.get(&b.oid) else {
            return;
        };
        for f in findings.iter_mut() {
            f.history = Some(HistoryNote {
                commit: i.commit.to_string(),
                path: i.path.clone(),
                author_time: i.author_time,
                at_head: *at_head,
            });
            f.source = Some(text.clone());
        }
    };
    let mut out = scan_blobs(&repo, &blobs, opts, rules, &keep);
    out.findings = collapse_history(std::mem::take(&mut out.findings), max_key_age_days);
    // Each finding carries its own text; the per-path map would mix versions.
    out.texts.clear();
    crate::scan::finish(&mut out);
    Ok(out)
}

/// One finding per (rule, secret) — per (rule, path, context) for findings without a secret —
/// with the oldest introduction. A secret still at HEAD is shown where it is now (at each HEAD
/// path holding it; a secret that moved is not also reported at its old path); a removed one is
/// shown where it was introduced and says that rotation is the only fix; long-lived ones are stale.
fn collapse_history(findings: Vec<Finding>, max_key_age_days: u64) -> Vec<Finding> {
    let mut groups: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    for f in findings {
        let key = match &f.secret {
            Some(s) => format!("{}\u{1f}{}", f.rule, s.hash),
            None => f.fingerprint.clone(),
        };
        groups.entry(key).or_default().push(f);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let at_head = |f: &Finding| f.history.as_ref().is_some_and(|h| h.at_head);
    let mut out = Vec::new();
    for (_, mut g) in groups {
        g.sort_by_key(|f| f.history.as_ref().map_or(0, |h| h.author_time));
        let oldest = g[0].history.clone();
        let mut kept: Vec<Finding> = Vec::new();
        if g.iter().any(at_head) {
            for f in g.into_iter().filter(at_head) {
                if !kept.iter().any(|k| k.path == f.path) {
                    kept.push(f);
                }
            }
        } else {
            kept.push(g.swap_remove(0));
        }
        for mut f in kept {
            if let (Some(h), Some(old)) = (f.history.as_mut(), &oldest) {
                h.commit = old.commit.clone();
                h.path = old.path.clone();
                h.author_time = old.author_time;
            }
            annotate_history(&mut f, now, max_key_age_days);
            out.push(f);
        }
    }
    out.retain(|f| f.rule != RuleId::StaleSecret);
    out
}

/// Where a finding came from in history, and what that means for fixing it.
fn annotate_history(f: &mut Finding, now: i64, max_key_age_days: u64) {
    let Some(h) = &f.history else { return };
    let short = &h.commit[..h.commit.len().min(10)];
    let date = format_date(h.author_time);
    if !h.at_head {
        f.message
            .push_str(" (removed from HEAD, still in git history)");
        f.notes.push(format!(
            "introduced in commit {short} ({date}) at `{}` and later removed: anyone with a clone still has it; rotate the key, deleting the file does not revoke it",
            h.path
        ));
        return;
    }
    f.notes.push(format!(
        "introduced in commit {short} ({date}) at `{}`",
        h.path
    ));
    let age_days = (now - h.author_time).max(0) as u64 / 86_400;
    if f.rule.is_value_rule() && f.secret.is_some() && age_days > max_key_age_days {
        f.notes.push(format!(
            "stale-secret: unchanged for {age_days} days (over --max-key-age {max_key_age_days}): rotate it"
        ));
    }
}

/// `YYYY-MM-DD` for a Unix time (UTC), without a date library.
pub fn format_date(t: i64) -> String {
    let days = t.div_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_date(1_700_000_000), "2023-11-14");
        assert_eq!(format_date(951_782_400), "2000-02-29");
    }
}
