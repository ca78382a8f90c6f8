//! What every fuzz target checks besides "does not panic": positions point into the text and
//! on character boundaries, so every printer can slice the text with them.

use jwtlint::formats::Entry;
use jwtlint::lang::lexer::Lexed;

/// `start..end` is a valid, non-reversed range of `text` on character boundaries.
pub fn check_range(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{what}: range {start}..{end} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: range {start}..{end} not on character boundaries"
    );
}

pub fn check_lexed(text: &str, lx: &Lexed) {
    let mut last = 0;
    for t in &lx.toks {
        check_range(text, t.start as usize, t.end as usize, "token");
        assert!(t.start as usize >= last, "tokens out of order");
        last = t.start as usize;
    }
    for s in &lx.strs {
        check_range(text, s.span.0 as usize, s.span.1 as usize, "string span");
        check_range(
            text,
            s.content.0 as usize,
            s.content.1 as usize,
            "string content",
        );
        if s.exact {
            assert_eq!(
                &text[s.content.0 as usize..s.content.1 as usize],
                s.value,
                "exact string value differs from its source"
            );
        }
    }
    for &(a, b) in &lx.comments {
        check_range(text, a as usize, b as usize, "comment");
    }
}

pub fn check_entries(text: &str, entries: &[Entry]) {
    for e in entries {
        check_range(
            text,
            e.span.start as usize,
            e.span.end as usize,
            "entry span",
        );
    }
}

/// Bytes to text as the scanner decodes them (UTF-16 BOM, lossy UTF-8, lone CR).
pub fn text(data: &[u8]) -> Option<String> {
    jwtlint::source::decode_text(data).map(|t| t.into_owned())
}
