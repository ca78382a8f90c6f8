//! Line and column arithmetic on file text.

/// Byte offsets of line starts; lines and columns are 1-based, columns count characters.
/// `\r\n`, `\n` and a lone `\r` all end a line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// (line, column) of a byte offset, both 1-based; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let mut off = offset;
        while !text.is_char_boundary(off) {
            off -= 1;
        }
        let col = text[start..off].chars().count() + 1;
        (line + 1, col)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte range of line `line` (1-based), without its terminator.
    pub fn line_range(&self, text: &str, line: usize) -> (usize, usize) {
        let i = line.saturating_sub(1).min(self.starts.len() - 1);
        let start = self.starts[i];
        let mut end = self.starts.get(i + 1).copied().unwrap_or(text.len());
        let b = text.as_bytes();
        while end > start && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
            end -= 1;
        }
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "ab\r\ncé\rx\ny";
        let li = LineIndex::new(t);
        assert_eq!(li.line_col(t, 0), (1, 1));
        assert_eq!(li.line_col(t, 4), (2, 1));
        assert_eq!(li.line_col(t, 5), (2, 2));
        assert_eq!(li.line_col(t, 8), (3, 1));
        assert_eq!(li.line_col(t, 10), (4, 1));
        assert_eq!(li.line_range(t, 2), (4, 7));
    }
}
