//! Lines of the normalized text: where each starts and ends, its trimmed part, and how the
//! lines of a wrapped cell or item are joined back into one text. Every stage reads lines
//! through [`Line`] (normalization has turned every line end into `\n`).

use std::ops::Range;

/// One line of the normalized text, without its `\n`.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Normalized byte offset of the line's first byte.
    pub start: usize,
    /// Normalized byte offset just past the line's last byte (before `\n`).
    pub end: usize,
    pub text: &'a str,
    /// Bytes of leading and trailing whitespace (computed once: every stage asks).
    lead: usize,
    trail: usize,
}

impl<'a> Line<'a> {
    /// A line of `text` (no `\n` inside) starting at normalized offset `start`.
    pub fn new(start: usize, text: &'a str) -> Line<'a> {
        let lead = text.len() - trim_start(text).len();
        // Most lines do not end with whitespace: settle that from the last byte before paying
        // for a trim.
        let trail =
            if lead == text.len() || !ends_with_whitespace(text) { 0 } else { text.len() - text.trim_end().len() };
        Line { start, end: start + text.len(), text, lead, trail }
    }

    /// Only whitespace (including a lone tab).
    pub fn is_blank(&self) -> bool {
        self.lead == self.text.len()
    }

    /// Starts with a tab: in a Word table export, the line opens a new cell.
    pub fn is_tab_led(&self) -> bool {
        self.text.starts_with('\t')
    }

    /// A tab and nothing else but whitespace: an empty cell.
    pub fn is_lone_tab(&self) -> bool {
        self.is_tab_led() && self.is_blank()
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The line's range without leading and trailing whitespace.
    pub fn trimmed_range(&self) -> Range<usize> {
        let start = self.start + self.lead;
        start..(self.end - self.trail).max(start)
    }

    /// The line without trailing whitespace (empty for a blank line).
    pub fn trim_end(&self) -> &'a str {
        if self.is_blank() {
            ""
        } else {
            &self.text[..self.text.len() - self.trail]
        }
    }

    pub fn trimmed(&self) -> &'a str {
        &self.text[self.lead..self.text.len() - self.trail]
    }
}

/// `s.trim_start()`, settled from the first character when it is not whitespace (most lines
/// and cells start with text), which is much cheaper than the general trim.
pub(crate) fn trim_start(s: &str) -> &str {
    if starts_with_whitespace(s) {
        s.trim_start()
    } else {
        s
    }
}

/// `s.starts_with(char::is_whitespace)`, from the first byte alone for all but the few lead
/// bytes a whitespace char can have (a line is asked this once per stage that splits it).
fn starts_with_whitespace(s: &str) -> bool {
    match s.as_bytes().first() {
        None => false,
        Some(b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') => true,
        Some(0xC2 | 0xE1 | 0xE2 | 0xE3) => s.starts_with(char::is_whitespace),
        Some(_) => false,
    }
}

/// `s.ends_with(char::is_whitespace)`, from the last byte alone for all but the few last
/// bytes a whitespace char can have.
fn ends_with_whitespace(s: &str) -> bool {
    match s.as_bytes().last() {
        None => false,
        Some(b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') => true,
        Some(0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) => s.ends_with(char::is_whitespace),
        Some(_) => false,
    }
}

/// Splits the normalized text into lines (on `\n` only: normalization has turned every line
/// end into `\n`).
pub fn split_lines(norm: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', norm.as_bytes()).count() + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', norm.as_bytes()) {
        lines.push(Line::new(start, &norm[start..nl]));
        start = nl + 1;
    }
    if start < norm.len() {
        lines.push(Line::new(start, &norm[start..]));
    }
    lines
}

/// The byte ranges of `norm.split('\n')` (each without its `\n`, a last empty one after a
/// final `\n` included), the `\n`s found by memchr: for stages that read lines as ranges.
pub fn line_ranges(norm: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', norm.as_bytes()) {
        out.push(start..nl);
        start = nl + 1;
    }
    out.push(start..norm.len());
    out
}

/// Appends `piece` to `text` the way a wrapped line continues: directly between Japanese
/// characters, with a space between ASCII letters or digits.
pub fn push_joined(text: &mut String, piece: &str) {
    if let (Some(a), Some(b)) = (text.chars().next_back(), piece.chars().next()) {
        if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
            text.push(' ');
        }
    }
    push_clean(text, piece);
}

/// Appends `piece` without markdown emphasis (`**`).
pub fn push_clean(text: &mut String, piece: &str) {
    if memchr::memchr(b'*', piece.as_bytes()).is_some() && piece.contains("**") {
        text.push_str(&piece.replace("**", ""));
    } else {
        text.push_str(piece);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_are_the_lines_split_gives() {
        for t in ["", "a", "a\n", "\n\n", "目標\n実績 3\n", "x\ny"] {
            let split: Vec<&str> = t.split('\n').collect();
            let ranges: Vec<&str> = line_ranges(t).into_iter().map(|r| &t[r]).collect();
            assert_eq!(ranges, split, "{t:?}");
        }
    }

    #[test]
    fn whitespace_at_the_ends_is_told_from_bytes_as_from_chars() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [format!("{c}"), format!("{c}x"), format!("x{c}"), format!("年{c}年")] {
                assert_eq!(starts_with_whitespace(&s), s.starts_with(char::is_whitespace), "{s:?}");
                assert_eq!(ends_with_whitespace(&s), s.ends_with(char::is_whitespace), "{s:?}");
            }
        }
        assert!(!starts_with_whitespace("") && !ends_with_whitespace(""));
    }

    #[test]
    fn a_line_knows_its_trimmed_part() {
        let l = Line::new(10, " \t計画 5件\u{3000}");
        assert_eq!(l.trimmed(), "計画 5件");
        assert_eq!((l.start, l.end), (10, 10 + " \t計画 5件\u{3000}".len()));
        assert!(Line::new(0, " \t ").is_blank());
    }
}
