//! Parallel filesystem walk (ignore's WalkParallel): honours .gitignore, .ignore and
//! .jwtlintignore, includes hidden files (`.env`), never enters `.git`, never opens anything but
//! regular files (a FIFO or device in the tree cannot hang the scan).

use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub threads: usize,
    /// Respect .gitignore/.ignore/.jwtlintignore.
    pub ignore_files: bool,
}

/// A file found by the walk.
pub struct Found {
    pub path: PathBuf,
    /// Given explicitly on the command line (scanned even if ignored).
    pub explicit: bool,
    /// A directory the walk entered (visited so callers can look inside it).
    pub is_dir: bool,
}

/// Errors met while walking (unreadable directories, broken links).
pub type WalkWarnings = Vec<String>;

/// Walk `roots` in parallel, calling `visit` for every regular file.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions, visit: &(dyn Fn(Found) + Sync)) -> WalkWarnings {
    let warnings = std::sync::Mutex::new(Vec::new());
    let mut dirs: Vec<&Path> = Vec::new();
    for r in roots {
        match std::fs::metadata(r) {
            Ok(m) if m.is_file() => visit(Found {
                path: r.clone(),
                explicit: true,
                is_dir: false,
            }),
            Ok(m) if m.is_dir() => dirs.push(r),
            Ok(_) => {}
            Err(e) => warnings
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(format!("{}: {e}", r.display())),
        }
    }
    if dirs.is_empty() {
        return warnings.into_inner().unwrap_or_else(|p| p.into_inner());
    }
    let mut b = WalkBuilder::new(dirs[0]);
    for d in &dirs[1..] {
        b.add(d);
    }
    b.hidden(false)
        .git_ignore(opts.ignore_files)
        .git_global(opts.ignore_files)
        .git_exclude(opts.ignore_files)
        .ignore(opts.ignore_files)
        .parents(opts.ignore_files)
        .require_git(false)
        .follow_links(false)
        .threads(opts.threads)
        .filter_entry(|e| {
            e.file_name() != ".git" && e.file_name() != ".hg" && e.file_name() != ".svn"
        });
    if opts.ignore_files {
        b.add_custom_ignore_filename(".jwtlintignore");
    }
    b.build_parallel().run(|| {
        let warnings = &warnings;
        Box::new(move |res| {
            match res {
                Ok(entry) => {
                    let ft = entry.file_type();
                    if ft.is_some_and(|t| t.is_file()) {
                        visit(Found {
                            path: entry.into_path(),
                            explicit: false,
                            is_dir: false,
                        });
                    } else if ft.is_some_and(|t| t.is_dir()) {
                        visit(Found {
                            path: entry.into_path(),
                            explicit: false,
                            is_dir: true,
                        });
                    }
                }
                Err(e) => warnings
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(e.to_string()),
            }
            WalkState::Continue
        })
    });
    let mut w = warnings.into_inner().unwrap_or_else(|p| p.into_inner());
    w.sort();
    w
}
