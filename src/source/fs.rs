//! Parallel filesystem walk (ignore's WalkParallel): honours .gitignore, .ignore and
//! .jwtlintignore, includes hidden files (`.env`), never enters `.git`, never follows symlinks
//! inside the tree, and never opens anything but regular files: a FIFO, socket or device in the
//! tree (or swapped in between the walk and the read) cannot hang or feed the scan.

use ignore::{WalkBuilder, WalkState};
use std::fs::{File, FileType};
use std::io::{self, Read};
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
    /// Given explicitly on the command line (scanned even if ignored; a symlink is followed).
    pub explicit: bool,
    /// A directory the walk entered (visited so callers can look inside it).
    pub is_dir: bool,
}

/// What the walk met besides files: warnings (unreadable directories, broken links, explicit
/// paths that are not regular files) and `--verbose` notes (special files and symlinks skipped).
#[derive(Debug, Default)]
pub struct WalkReport {
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// What a file type is, in words, when it is not something the walk reads or enters.
pub fn special_kind(ft: FileType) -> Option<&'static str> {
    if ft.is_file() || ft.is_dir() {
        return None;
    }
    if ft.is_symlink() {
        return Some("symlink");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("FIFO");
        }
        if ft.is_char_device() {
            return Some("character device");
        }
        if ft.is_block_device() {
            return Some("block device");
        }
        if ft.is_socket() {
            return Some("socket");
        }
    }
    Some("special file")
}

/// Walk `roots` in parallel, calling `visit` for every regular file and entered directory.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions, visit: &(dyn Fn(Found) + Sync)) -> WalkReport {
    let report = std::sync::Mutex::new(WalkReport::default());
    let warn = |s: String| {
        report
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .warnings
            .push(s)
    };
    let note = |s: String| {
        report
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .notes
            .push(s)
    };
    let mut dirs: Vec<&Path> = Vec::new();
    for r in roots {
        // An explicit path is followed (`jwtlint link.js`), so its target's type decides.
        match std::fs::metadata(r) {
            Ok(m) if m.is_file() => visit(Found {
                path: r.clone(),
                explicit: true,
                is_dir: false,
            }),
            Ok(m) if m.is_dir() => dirs.push(r),
            Ok(m) => warn(format!(
                "{}: skipped, not a regular file ({})",
                super::display_path(r),
                special_kind(m.file_type()).unwrap_or("special file")
            )),
            Err(e) => warn(format!("{}: {e}", super::display_path(r))),
        }
    }
    if dirs.is_empty() {
        return report.into_inner().unwrap_or_else(|p| p.into_inner());
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
        let (warn, note) = (&warn, &note);
        Box::new(move |res| {
            match res {
                Ok(entry) => match entry.file_type() {
                    Some(t) if t.is_file() || t.is_dir() => visit(Found {
                        is_dir: t.is_dir(),
                        path: entry.into_path(),
                        explicit: false,
                    }),
                    // Only files jwtlint would read are worth a note.
                    Some(t) if crate::lang::detect(entry.path()).is_some() => {
                        note(format!(
                            "{}: skipped, {}",
                            super::display_path(entry.path()),
                            match special_kind(t) {
                                Some("symlink") => "symlink (links are not followed)",
                                Some(k) => k,
                                None => "special file",
                            }
                        ));
                    }
                    _ => {}
                },
                Err(e) => warn(e.to_string()),
            }
            WalkState::Continue
        })
    });
    let mut r = report.into_inner().unwrap_or_else(|p| p.into_inner());
    r.warnings.sort();
    r.notes.sort();
    r
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file (what it is instead).
    NotRegular(&'static str),
    /// Larger than the limit (its size in bytes).
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(k) => write!(f, "not a regular file ({k})"),
            ReadError::TooLarge(n) => write!(f, "{n} bytes is over the size limit"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Open a file the walk found and check, on the open descriptor, that it is a regular file.
///
/// The open never blocks (`O_NONBLOCK`: a FIFO swapped in after the walk opens at once and is
/// then refused), never makes a terminal ours (`O_NOCTTY`), and with `follow = false` refuses a
/// symlink in the last component (`O_NOFOLLOW`), so a file replaced by a link after the walk is
/// not followed out of the tree. Returns the file and its size.
pub fn open_regular(path: &Path, follow: bool) -> Result<(File, u64), ReadError> {
    let mut oo = std::fs::OpenOptions::new();
    oo.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
        if !follow {
            flags |= libc::O_NOFOLLOW;
        }
        oo.custom_flags(flags);
    }
    let file = match oo.open(path) {
        Ok(f) => f,
        #[cfg(unix)]
        Err(e) if !follow && e.raw_os_error() == Some(libc::ELOOP) => {
            return Err(ReadError::NotRegular("symlink"));
        }
        Err(e) => return Err(e.into()),
    };
    let m = file.metadata()?;
    if !m.is_file() {
        return Err(ReadError::NotRegular(
            special_kind(m.file_type()).unwrap_or("directory"),
        ));
    }
    Ok((file, m.len()))
}

/// Read at most `max + 1` bytes of an opened file into `buf` (cleared first): a file that grew
/// since it was measured is still capped, and the caller sees it is over `max`.
pub fn read_capped(file: File, max: u64, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    file.take(max.saturating_add(1)).read_to_end(buf)?;
    Ok(())
}

/// Read a whole regular file of at most `max` bytes (configuration, rule files, baselines),
/// following symlinks: a path naming a device or FIFO is an error, never read.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let m = std::fs::metadata(path)?;
    if !m.is_file() {
        return Err(ReadError::NotRegular(
            special_kind(m.file_type()).unwrap_or("directory"),
        ));
    }
    let (file, len) = open_regular(path, true)?;
    if len > max {
        return Err(ReadError::TooLarge(len));
    }
    let mut buf = Vec::with_capacity(len as usize);
    read_capped(file, max, &mut buf)?;
    if buf.len() as u64 > max {
        return Err(ReadError::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// [`read_regular`] as UTF-8 text (lossy), for configuration files.
pub fn read_regular_text(path: &Path, max: u64) -> Result<String, ReadError> {
    let b = read_regular(path, max)?;
    Ok(match String::from_utf8(b) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vanished_file_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gone.js");
        std::fs::write(&p, "x").unwrap();
        std::fs::remove_file(&p).unwrap();
        match open_regular(&p, false) {
            Err(ReadError::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::NotFound),
            other => panic!("expected NotFound, got {other:?}"),
        }
    }

    #[test]
    fn directories_and_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            open_regular(dir.path(), false),
            Err(ReadError::NotRegular("directory"))
        ));
        let target = dir.path().join("t.js");
        std::fs::write(&target, "abc").unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("l.js");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert!(matches!(
                open_regular(&link, false),
                Err(ReadError::NotRegular("symlink"))
            ));
            let (_, len) = open_regular(&link, true).unwrap();
            assert_eq!(len, 3);
            // A character device given by name is refused without being read.
            assert!(matches!(
                read_regular(Path::new("/dev/zero"), 1024),
                Err(ReadError::NotRegular("character device"))
            ));
            assert!(matches!(
                open_regular(Path::new("/dev/null"), true),
                Err(ReadError::NotRegular("character device"))
            ));
        }
    }

    #[test]
    fn reads_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.toml");
        std::fs::write(&p, "x".repeat(100)).unwrap();
        assert!(matches!(
            read_regular(&p, 99),
            Err(ReadError::TooLarge(100))
        ));
        assert_eq!(read_regular(&p, 100).unwrap().len(), 100);
        let (f, _) = open_regular(&p, false).unwrap();
        let mut buf = vec![1, 2, 3];
        read_capped(f, 10, &mut buf).unwrap();
        assert_eq!(buf.len(), 11);
    }
}
