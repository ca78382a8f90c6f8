//! What to scan: the filesystem (parallel walk honouring ignore files) and, for git modes, blobs
//! from the index, a diff or the history.

pub mod fs;
pub mod git;

use std::path::Path;

/// Display path: relative to the current directory when possible, `/`-separated, lossy for
/// non-UTF-8 names (never skipped).
pub fn display_path(p: &Path) -> String {
    // jwtlint never changes its working directory: ask the system once, not once per file.
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().ok());
    let rel = match (cwd, p.is_absolute()) {
        (Some(c), true) => p.strip_prefix(c).unwrap_or(p),
        _ => p,
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(r) = s.strip_prefix("./") {
        s = r;
    }
    if s.is_empty() {
        ".".to_string()
    } else {
        s.to_string()
    }
}

/// Decode file bytes to text: UTF-16 with a BOM is decoded, UTF-8 BOM stripped, invalid UTF-8
/// replaced (line structure is kept so positions stay right), and a lone `\r` line ending
/// (classic Mac) becomes `\n`, byte for byte, so every lexer and parser sees the line breaks
/// [`crate::text::LineIndex`] counts. None for binary content.
pub fn decode_text(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let text = decode_unnormalized(bytes)?;
    Some(normalize_lone_cr(text))
}

/// Replace every `\r` not followed by `\n` with `\n` (same length: offsets do not move).
fn normalize_lone_cr(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let lone = |i: usize| b.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', b).any(lone) {
        return text;
    }
    let mut out = text.into_owned().into_bytes();
    for i in 0..out.len() {
        if out[i] == b'\r' && out.get(i + 1) != Some(&b'\n') {
            out[i] = b'\n';
        }
    }
    // Only ASCII bytes changed, so the text is still UTF-8.
    std::borrow::Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

fn decode_unnormalized(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return Some(Cow::Owned(String::from_utf16_lossy(&units)));
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    Some(String::from_utf8_lossy(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes() {
        assert_eq!(decode_text(b"abc").unwrap(), "abc");
        assert!(decode_text(b"a\0b").is_none());
        let mut u16le = vec![0xFF, 0xFE];
        for u in "k=v".encode_utf16() {
            u16le.extend(u.to_le_bytes());
        }
        assert_eq!(decode_text(&u16le).unwrap(), "k=v");
        assert_eq!(decode_text(b"\xEF\xBB\xBFx").unwrap(), "x");
        assert_eq!(decode_text(b"a\xE9b").unwrap(), "a\u{fffd}b");
        assert_eq!(decode_text(b"a\rb\r\nc\r").unwrap(), "a\nb\r\nc\n");
        assert!(matches!(
            decode_text(b"a\r\nb").unwrap(),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
