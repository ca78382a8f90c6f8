//! Git without a git binary (gix): the index (what is tracked, what is staged), trees and blobs,
//! merge bases for pull-request diffs, and the full history for audits.

use anyhow::{Context, Result, anyhow, bail};
use gix::ObjectId;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A file version in the object database.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobFile {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    pub oid: ObjectId,
}

pub struct Repo {
    pub repo: gix::Repository,
    /// The work tree root (absolute).
    pub root: PathBuf,
    /// The current directory relative to the root, when it is inside the work tree.
    cwd_in_tree: Option<Vec<String>>,
}

/// Where the blob that introduced a secret came from.
#[derive(Debug, Clone)]
pub struct Introduced {
    pub commit: ObjectId,
    pub path: String,
    pub author_time: i64,
}

/// Every blob reachable from any ref, each once, with the oldest commit that added it.
pub struct History {
    pub blobs: Vec<(BlobFile, Introduced)>,
    /// Blobs in HEAD's tree, with their path there (the first one, when a blob is at several).
    pub head_paths: HashMap<ObjectId, String>,
    pub commits: usize,
}

impl Repo {
    /// The repository containing `path`, if any.
    pub fn discover(path: &Path) -> Option<Repo> {
        let start = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let start = if start.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            start
        };
        let repo = gix::discover(&start).ok()?;
        let root = repo.workdir()?.to_path_buf();
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let cwd_in_tree = std::env::current_dir()
            .ok()
            .map(|c| std::fs::canonicalize(&c).unwrap_or(c))
            .and_then(|c| {
                let sub = c.strip_prefix(&root).ok()?;
                Some(
                    sub.components()
                        .map(|p| p.as_os_str().to_string_lossy().into_owned())
                        .collect(),
                )
            });
        Some(Repo {
            repo,
            root,
            cwd_in_tree,
        })
    }

    /// Paths tracked in the index (stage 0 and conflicts alike).
    pub fn tracked(&self) -> HashSet<String> {
        let Ok(index) = self.repo.open_index() else {
            return HashSet::new();
        };
        index
            .entries()
            .iter()
            .map(|e| e.path(&index).to_string())
            .collect()
    }

    pub fn blob(&self, oid: ObjectId) -> Result<Vec<u8>> {
        let b = self
            .repo
            .find_blob(oid)
            .with_context(|| format!("cannot read blob {oid}"))?;
        Ok(b.data.clone())
    }

    fn tree_entries(
        &self,
        tree: ObjectId,
    ) -> Result<Vec<(String, gix::object::tree::EntryKind, ObjectId)>> {
        let t = self
            .repo
            .find_tree(tree)
            .with_context(|| format!("cannot read tree {tree}"))?;
        let decoded = t
            .decode()
            .map_err(|e| anyhow!("cannot decode tree {tree}: {e}"))?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| (e.filename.to_string(), e.mode.kind(), e.oid.to_owned()))
            .collect())
    }

    /// The tree of a commit (or of whatever a revision names).
    pub fn tree_of(&self, rev: &str) -> Result<ObjectId> {
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| anyhow!("unknown revision {rev:?}: {e}"))?;
        let obj = id.object().with_context(|| format!("cannot read {rev}"))?;
        let tree = obj
            .peel_to_tree()
            .map_err(|e| anyhow!("{rev} does not name a commit or tree: {e}"))?;
        Ok(tree.id)
    }

    pub fn head_tree(&self) -> Option<ObjectId> {
        self.repo.head_tree_id().ok().map(|i| i.detach())
    }

    /// The merge base of `base` and HEAD: the commit a pull request's changes are measured from.
    pub fn merge_base_with_head(&self, base: &str) -> Result<ObjectId> {
        let b = self.repo.rev_parse_single(base).map_err(|e| anyhow!("unknown revision {base:?}: {e} (in CI, fetch enough history: actions/checkout with fetch-depth: 0)"))?;
        let b = b
            .object()?
            .peel_to_commit()
            .map_err(|e| anyhow!("{base} is not a commit: {e}"))?
            .id;
        let head = self
            .repo
            .head_id()
            .map_err(|e| anyhow!("HEAD does not point to a commit: {e}"))?
            .detach();
        match self.repo.merge_base(b, head) {
            Ok(Some(id)) => Ok(id.detach()),
            Ok(None) => bail!("{base} and HEAD have no common ancestor"),
            Err(e) => bail!("cannot compute the merge base of {base} and HEAD: {e}"),
        }
    }

    pub fn commit_tree(&self, commit: ObjectId) -> Result<ObjectId> {
        Ok(self.repo.find_commit(commit)?.tree_id()?.detach())
    }

    /// Files added or changed from tree `old` to tree `new` (equal subtrees are skipped).
    pub fn tree_changes(
        &self,
        old: Option<ObjectId>,
        new: ObjectId,
    ) -> Result<Vec<(BlobFile, Option<ObjectId>)>> {
        let mut out = Vec::new();
        self.diff_trees(old, new, "", &mut out)?;
        out.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        Ok(out)
    }

    fn diff_trees(
        &self,
        old: Option<ObjectId>,
        new: ObjectId,
        prefix: &str,
        out: &mut Vec<(BlobFile, Option<ObjectId>)>,
    ) -> Result<()> {
        use gix::object::tree::EntryKind as K;
        if old == Some(new) {
            return Ok(());
        }
        let old_entries: HashMap<String, (K, ObjectId)> = match old {
            Some(o) => self
                .tree_entries(o)?
                .into_iter()
                .map(|(n, k, id)| (n, (k, id)))
                .collect(),
            None => HashMap::new(),
        };
        for (name, kind, id) in self.tree_entries(new)? {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            let before = old_entries.get(&name);
            match kind {
                K::Tree => {
                    let old_sub = before.filter(|(k, _)| *k == K::Tree).map(|(_, i)| *i);
                    if old_sub != Some(id) {
                        self.diff_trees(old_sub, id, &path, out)?;
                    }
                }
                K::Blob | K::BlobExecutable => {
                    let old_blob = before
                        .filter(|(k, _)| matches!(k, K::Blob | K::BlobExecutable))
                        .map(|(_, i)| *i);
                    if old_blob != Some(id) {
                        out.push((BlobFile { path, oid: id }, old_blob));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The blob at `path` in `tree`, if any.
    pub fn blob_at(&self, tree: ObjectId, path: &str) -> Option<ObjectId> {
        use gix::object::tree::EntryKind as K;
        let mut cur = tree;
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            let entries = self.tree_entries(cur).ok()?;
            let (_, kind, id) = entries.into_iter().find(|(n, _, _)| n == part)?;
            if i + 1 == parts.len() {
                return matches!(kind, K::Blob | K::BlobExecutable).then_some(id);
            }
            if kind != K::Tree {
                return None;
            }
            cur = id;
        }
        None
    }

    /// A path on disk relative to the repository root, if it is inside the work tree.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let abs = std::fs::canonicalize(path).ok()?;
        let rel = abs.strip_prefix(&self.root).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    /// Every blob in a tree (recursively).
    pub fn tree_blobs(&self, tree: ObjectId, prefix: &str, out: &mut Vec<BlobFile>) -> Result<()> {
        use gix::object::tree::EntryKind as K;
        for (name, kind, id) in self.tree_entries(tree)? {
            let path = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            match kind {
                K::Tree => self.tree_blobs(id, &path, out)?,
                K::Blob | K::BlobExecutable => out.push(BlobFile { path, oid: id }),
                _ => {}
            }
        }
        Ok(())
    }

    /// Staged files: index entries whose blob differs from HEAD's. Uses the index's cache tree to
    /// skip every directory whose tree is unchanged, so the cost grows with what is staged, not
    /// with the size of the repository.
    pub fn staged(&self) -> Result<Vec<BlobFile>> {
        // A new repository has no index file until something is staged: nothing to scan.
        let index = self
            .repo
            .index_or_empty()
            .context("cannot read the git index")?;
        let index: &gix::index::File = &index;
        let head = self.head_tree();
        let mut out = Vec::new();
        let cache = index.tree();
        self.staged_dir(index, cache, head, "", &mut out)?;
        out.sort();
        Ok(out)
    }

    fn staged_dir(
        &self,
        index: &gix::index::File,
        cache: Option<&gix::index::extension::Tree>,
        head: Option<ObjectId>,
        prefix: &str,
        out: &mut Vec<BlobFile>,
    ) -> Result<()> {
        use gix::object::tree::EntryKind as K;
        if let (Some(c), Some(h)) = (cache, head)
            && c.num_entries.is_some()
            && c.id == h
        {
            return Ok(());
        }
        let head_entries: HashMap<String, (K, ObjectId)> = match head {
            Some(h) => self
                .tree_entries(h)?
                .into_iter()
                .map(|(n, k, id)| (n, (k, id)))
                .collect(),
            None => HashMap::new(),
        };
        let entries = index.entries();
        let range = if prefix.is_empty() {
            0..entries.len()
        } else {
            match index.prefixed_entries_range(format!("{prefix}/").as_str().into()) {
                Some(r) => r,
                None => return Ok(()),
            }
        };
        let skip = if prefix.is_empty() {
            0
        } else {
            prefix.len() + 1
        };
        let mut i = range.start;
        while i < range.end {
            let e = &entries[i];
            let path = e.path(index).to_string();
            let rest = &path[skip.min(path.len())..];
            if let Some(slash) = rest.find('/') {
                // A subdirectory: recurse once, then jump past its entries.
                let name = &rest[..slash];
                let sub = if prefix.is_empty() {
                    name.to_string()
                } else {
                    format!("{prefix}/{name}")
                };
                let child = cache.and_then(|c| {
                    c.children
                        .iter()
                        .find(|t| t.name.as_slice() == name.as_bytes())
                });
                let head_sub = head_entries
                    .get(name)
                    .filter(|(k, _)| *k == K::Tree)
                    .map(|(_, id)| *id);
                self.staged_dir(index, child, head_sub, &sub, out)?;
                let sub_range = index.prefixed_entries_range(format!("{sub}/").as_str().into());
                i = sub_range.map_or(i + 1, |r| r.end.max(i + 1));
                continue;
            }
            if e.stage_raw() == 0 && !e.mode.is_submodule() {
                let same = head_entries.get(rest).is_some_and(|(k, id)| {
                    matches!(k, K::Blob | K::BlobExecutable | K::Link) && *id == e.id
                });
                if !same {
                    out.push(BlobFile { path, oid: e.id });
                }
            }
            i += 1;
        }
        Ok(())
    }

    /// Walk the history reachable from every ref; each unique blob is listed once with the
    /// oldest commit that added it at some path.
    pub fn history(&self, mut progress: impl FnMut(usize, usize)) -> Result<History> {
        let mut tips: Vec<ObjectId> = Vec::new();
        let refs = self.repo.references().context("cannot list references")?;
        for r in refs.all().context("cannot list references")?.flatten() {
            let mut r = r;
            if let Ok(id) = r.peel_to_id()
                && let Ok(obj) = id.object()
                && let Ok(c) = obj.peel_to_commit()
            {
                tips.push(c.id);
            }
        }
        if let Ok(h) = self.repo.head_id() {
            tips.push(h.detach());
        }
        tips.sort();
        tips.dedup();
        let mut first: HashMap<ObjectId, Introduced> = HashMap::new();
        let mut commits = 0usize;
        if !tips.is_empty() {
            let walk = self
                .repo
                .rev_walk(tips)
                .sorting(gix::revision::walk::Sorting::ByCommitTime(
                    Default::default(),
                ))
                .all()
                .context("cannot walk the history")?;
            for info in walk {
                let info = info.context("broken history")?;
                commits += 1;
                let commit = info.object()?;
                let tree = commit.tree_id()?.detach();
                let parent_tree = match info.parent_ids().next() {
                    Some(p) => Some(self.commit_tree(p.detach())?),
                    None => None,
                };
                // The author's time: when the secret was written, not when it was rebased.
                let time = commit
                    .author()
                    .ok()
                    .and_then(|a| a.time().ok())
                    .map_or(0, |t| t.seconds);
                for (blob, _) in self.tree_changes(parent_tree, tree)? {
                    // Newest first: an older commit that adds the same blob replaces the entry.
                    first.insert(
                        blob.oid,
                        Introduced {
                            commit: info.id,
                            path: blob.path,
                            author_time: time,
                        },
                    );
                }
                progress(commits, first.len());
            }
        }
        let mut head_list = Vec::new();
        if let Some(h) = self.head_tree() {
            self.tree_blobs(h, "", &mut head_list)?;
        }
        let mut head_paths = HashMap::new();
        for b in head_list {
            head_paths.entry(b.oid).or_insert(b.path);
        }
        let mut blobs: Vec<(BlobFile, Introduced)> = first
            .into_iter()
            .map(|(oid, intro)| {
                (
                    BlobFile {
                        path: intro.path.clone(),
                        oid,
                    },
                    intro,
                )
            })
            .collect();
        blobs.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(History {
            blobs,
            head_paths,
            commits,
        })
    }

    /// A repository-relative path as a display path: relative to the current directory, with
    /// `../` when running from a subdirectory of the work tree (as `git status` shows it).
    pub fn display(&self, rel: &str) -> String {
        let Some(up) = &self.cwd_in_tree else {
            return crate::source::display_path(&self.root.join(rel));
        };
        let down: Vec<&str> = rel.split('/').collect();
        let common = up
            .iter()
            .zip(&down)
            .take_while(|(a, b)| a.as_str() == **b)
            .count();
        let mut parts = vec![".."; up.len() - common];
        parts.extend(&down[common..]);
        parts.join("/")
    }
}

/// 1-based numbers of the lines of `new` that are added or changed relative to `old`.
pub fn changed_lines(old: &str, new: &str) -> HashSet<usize> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_lines(old, new);
    let mut out = HashSet::new();
    for change in diff.iter_all_changes() {
        if change.tag() == ChangeTag::Insert
            && let Some(i) = change.new_index()
        {
            out.insert(i + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_are_the_new_ones() {
        let got = changed_lines("a\nb\nc\n", "a\nB\nc\nd\n");
        let mut v: Vec<_> = got.into_iter().collect();
        v.sort();
        assert_eq!(v, [2, 4]);
    }
}
