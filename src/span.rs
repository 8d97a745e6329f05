//! Source text as the later stages see it: the decoded file, its normalized form, and the
//! way from a normalized byte range back to bytes, chars and line:col of the file as given.

use std::ops::Range;

use serde::Serialize;

use crate::decode::Decoded;
use crate::normalize::{normalize, Normalized};

/// Where something is in the source file. Bytes are offsets into the file as given (before
/// decoding, so a Shift_JIS file gets Shift_JIS offsets); chars are code-point offsets into
/// the decoded text (without a byte-order mark); `line` is 1-based, `col` 0-based in code
/// points. Ranges are half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SourceSpan {
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_char: usize,
    pub end_char: usize,
    pub line: usize,
    pub col: usize,
}

/// Where a part of a record is: code-point offsets into the decoded text and the 1-based line
/// (records give every item, cell and heading one, so they are written short; a mention's
/// [`SourceSpan`] also gives bytes of the file as given and the column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TextSpan {
    pub start_char: usize,
    pub end_char: usize,
    pub line: usize,
}

/// Where an item is: code-point offsets into the decoded text, nothing more. Items are most of a
/// record's JSON; a line number on each cost 2–3% of all output, and the offsets find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CharSpan {
    pub start_char: usize,
    pub end_char: usize,
}

impl From<SourceSpan> for CharSpan {
    fn from(s: SourceSpan) -> CharSpan {
        CharSpan { start_char: s.start_char, end_char: s.end_char }
    }
}

impl From<SourceSpan> for TextSpan {
    fn from(s: SourceSpan) -> TextSpan {
        TextSpan { start_char: s.start_char, end_char: s.end_char, line: s.line }
    }
}

/// A decoded document, its normalized text, and the index to locate normalized ranges.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub decoded: Decoded,
    pub normalized: Normalized,
    /// (decoded byte offset, char offset) of every line start.
    line_starts: Vec<(usize, usize)>,
    /// Char offset at every [`CHECKPOINT_BYTES`]-th byte (rounded down to a char boundary),
    /// so char offsets inside long lines cost a bounded scan, not a scan from the line start.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_BYTES: usize = 4096;

impl SourceText {
    pub fn new(decoded: Decoded) -> SourceText {
        let normalized = normalize(&decoded.text);
        let (line_starts, checkpoints) = index(&decoded.text);
        SourceText { decoded, normalized, line_starts, checkpoints }
    }

    /// Convenience for tests and `extract` on a string.
    pub fn from_text(text: &str) -> SourceText {
        SourceText::new(Decoded::from_text(text))
    }

    /// The normalized text, which every later stage reads.
    pub fn norm(&self) -> &str {
        &self.normalized.text
    }

    /// The decoded source text behind a normalized range: the surface as written.
    pub fn source_text(&self, norm: Range<usize>) -> &str {
        let dec = self.normalized.map.dec_range(norm);
        &self.decoded.text[dec]
    }

    /// Locates a normalized byte range in the source file.
    pub fn source_span(&self, norm: Range<usize>) -> SourceSpan {
        self.spans().locate(norm)
    }

    /// A cursor for locating many ranges, fastest when they come in document order.
    pub fn spans(&self) -> SpanCursor<'_> {
        SpanCursor { text: self, line: 0, known: [(0, 0); 2], edit_hints: [0; 2], table_hints: [0; 2] }
    }

    /// The last checkpoint at or before a decoded byte offset, or `known` if that is nearer.
    fn checkpoint_before(&self, dec_byte: usize, known: (usize, usize)) -> (usize, usize) {
        let i = self.checkpoints.partition_point(|&(b, _)| b <= dec_byte).max(1) - 1;
        if self.checkpoints[i].0 > known.0 {
            self.checkpoints[i]
        } else {
            known
        }
    }

    /// 1-based line number, and byte and char offset of that line's start, for a decoded
    /// byte offset.
    fn line_of(&self, dec_byte: usize) -> (usize, usize, usize) {
        let i = self.line_starts.partition_point(|&(b, _)| b <= dec_byte).max(1) - 1;
        let (b, c) = self.line_starts[i];
        (i + 1, b, c)
    }

    /// (decoded byte offset, char offset) of every line start of the decoded text: 0, after
    /// `\n`, after a `\r` not followed by `\n`. The one line index of the source.
    pub fn line_starts(&self) -> &[(usize, usize)] {
        &self.line_starts
    }

    /// The 1-based source line number of a normalized offset.
    pub fn line_number(&self, norm: usize) -> usize {
        self.line_of(self.normalized.map.dec_start(norm)).0
    }
}

/// Locates normalized ranges in the source, remembering the last one: ranges that come in
/// document order (a record's items, a table's cells, a document's mentions) find their line
/// by stepping forward and count chars from the previous range instead of from the line start.
/// Ranges out of order are located too, by searching from scratch.
#[derive(Debug, Clone)]
pub struct SpanCursor<'a> {
    text: &'a SourceText,
    /// Index into `line_starts` of the line where the last range started.
    line: usize,
    /// (decoded byte, char offset) of the last range's start and end.
    known: [(usize, usize); 2],
    /// Where the last range was found among the normalization's edits (start, end) and in
    /// the decoding's offset table (start, end): search hints.
    edit_hints: [usize; 2],
    table_hints: [usize; 2],
}

impl<'a> SpanCursor<'a> {
    /// The text this cursor locates ranges in.
    pub fn text(&self) -> &'a SourceText {
        self.text
    }

    /// Locates a normalized byte range in the source file.
    pub fn locate(&mut self, norm: Range<usize>) -> SourceSpan {
        let text = self.text;
        let dec = text.normalized.map.dec_range_near(norm, &mut self.edit_hints);
        let line = self.line_index(dec.start);
        let (line_byte, line_char) = text.line_starts[line];
        // Count chars from the nearest known offset at or before the start.
        let mut from = (line_byte, line_char);
        for known in self.known {
            if from.0 < known.0 && known.0 <= dec.start {
                from = known;
            }
        }
        if dec.start - from.0 > CHECKPOINT_BYTES {
            from = text.checkpoint_before(dec.start, from);
        }
        let start_char = from.1 + text.decoded.text[from.0..dec.start].chars().count();
        let end_char = start_char + text.decoded.text[dec.clone()].chars().count();
        self.known = [(dec.start, start_char), (dec.end, end_char)];
        SourceSpan {
            start_byte: text.decoded.src_byte_near(dec.start, &mut self.table_hints[0]),
            end_byte: text.decoded.src_byte_near(dec.end, &mut self.table_hints[1]),
            start_char,
            end_char,
            line: line + 1,
            col: start_char - line_char,
        }
    }

    /// Index into `line_starts` of the line holding a decoded byte offset: a few steps
    /// forward from the last line, else a binary search.
    fn line_index(&mut self, dec_byte: usize) -> usize {
        const STEPS: usize = 4;
        let starts = &self.text.line_starts;
        self.line = if starts[self.line].0 <= dec_byte {
            let ahead = &starts[self.line + 1..];
            let mut n = ahead.iter().take(STEPS).take_while(|&&(b, _)| b <= dec_byte).count();
            if n == STEPS {
                n += ahead[STEPS..].partition_point(|&(b, _)| b <= dec_byte);
            }
            self.line + n
        } else {
            starts.partition_point(|&(b, _)| b <= dec_byte) - 1
        };
        self.line
    }
}

/// (byte, char) offset pairs.
type ByteChar = (usize, usize);

/// Line starts of `text` (after `\n`, after `\r` not followed by `\n`, and at 0) and char
/// checkpoints (at the first char at or after every [`CHECKPOINT_BYTES`] from the last), as
/// (byte, char) pairs. Line ends are found by `memchr` and the chars between them counted by
/// the standard library's counter, which reads many bytes at a time.
fn index(text: &str) -> (Vec<ByteChar>, Vec<ByteChar>) {
    let bytes = text.as_bytes();
    let mut starts = vec![(0, 0)];
    let mut checkpoints = vec![(0, 0)];
    // Chars before byte `at`, a char boundary.
    let (mut at, mut chars) = (0usize, 0usize);
    let mut next_checkpoint = CHECKPOINT_BYTES;
    let advance = |to: usize, at: &mut usize, chars: &mut usize| {
        *chars += text[*at..to].chars().count();
        *at = to;
    };
    for end in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            continue;
        }
        // The line end is a char start, so each checkpoint up to it falls at or before it.
        while next_checkpoint <= end {
            let cp = crate::text::chars::ceil_boundary(text, next_checkpoint);
            advance(cp, &mut at, &mut chars);
            checkpoints.push((cp, chars));
            next_checkpoint = cp + CHECKPOINT_BYTES;
        }
        advance(end + 1, &mut at, &mut chars);
        starts.push((end + 1, chars));
    }
    while next_checkpoint < bytes.len() {
        let cp = crate::text::chars::ceil_boundary(text, next_checkpoint);
        if cp >= bytes.len() {
            break;
        }
        advance(cp, &mut at, &mut chars);
        checkpoints.push((cp, chars));
        next_checkpoint = cp + CHECKPOINT_BYTES;
    }
    (starts, checkpoints)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_the_source() {
        let src = "商工労働部\r\n・設立登記（Ｒ1.11）\r\n";
        let t = SourceText::from_text(src);
        let n = t.norm();
        assert_eq!(n, "商工労働部\n・設立登記(R1.11)\n");
        let start = n.find("R1.11").unwrap();
        let span = t.source_span(start..start + "R1.11".len());
        assert_eq!(t.source_text(start..start + 5), "Ｒ1.11");
        assert_eq!(&src[span.start_byte..span.end_byte], "Ｒ1.11");
        assert_eq!(span.line, 2);
        assert_eq!(span.col, 6);
        assert_eq!(span.start_char, 7 + 6);
        assert_eq!(span.end_char - span.start_char, 5);
    }

    #[test]
    fn char_offsets_in_a_long_line() {
        let src = format!("{}5件", "健康・医療".repeat(3000));
        let t = SourceText::from_text(&src);
        let s = t.norm().find('5').unwrap();
        let span = t.source_span(s..s + "5件".len());
        assert_eq!(span.start_char, 15000);
        assert_eq!(span.end_char, 15002);
        assert_eq!(span.col, 15000);
        assert_eq!((span.line, span.start_byte), (1, 45000));
    }

    /// The byte walk `index` was first written as: the reference it is held to.
    fn index_walked(text: &str) -> (Vec<ByteChar>, Vec<ByteChar>) {
        let mut starts = vec![(0, 0)];
        let mut checkpoints = vec![(0, 0)];
        let bytes = text.as_bytes();
        let mut chars = 0usize;
        let mut next_checkpoint = CHECKPOINT_BYTES;
        for (i, &b) in bytes.iter().enumerate() {
            if b & 0xC0 == 0x80 {
                continue;
            }
            if i >= next_checkpoint {
                checkpoints.push((i, chars));
                next_checkpoint = i + CHECKPOINT_BYTES;
            }
            chars += 1;
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push((i + 1, chars));
            }
        }
        (starts, checkpoints)
    }

    proptest::proptest! {
        /// Line starts and checkpoints are those of a walk a byte at a time, on texts of
        /// one-, two-, three- and four-byte chars and every kind of line end, some longer than
        /// a checkpoint's stride.
        #[test]
        fn index_is_the_byte_walk(parts in proptest::collection::vec("(a|é|健康|𠮷|\r\n|\r|\n|x{300}|医{700})", 0..40)) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(index(&text), index_walked(&text));
        }
    }

    #[test]
    fn index_holds_line_starts_and_char_checkpoints() {
        let long = "健康・医療".repeat(2000);
        let texts = [
            String::new(),
            "a".into(),
            "\n".into(),
            "a\r\nb\rc\n\r\r\n".into(),
            format!("{long}\r\n{long}\r{}\n", "x".repeat(9000)),
            format!("{}\n{long}", "ｶﾞ\t".repeat(1500)),
            "x".repeat(CHECKPOINT_BYTES * 3),
            format!("{}\n", "x".repeat(CHECKPOINT_BYTES - 1)),
        ];
        for text in &texts {
            let (starts, checkpoints) = index(text);
            let mut want_starts = vec![0];
            let bytes = text.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    want_starts.push(i + 1);
                }
            }
            assert_eq!(
                starts.iter().map(|s| s.0).collect::<Vec<_>>(),
                want_starts,
                "{:?}",
                &text[..text.len().min(40)]
            );
            for &(b, c) in starts.iter().chain(&checkpoints) {
                assert!(text.is_char_boundary(b));
                assert_eq!(c, text[..b].chars().count(), "char offset at byte {b}");
            }
            // A checkpoint at least every CHECKPOINT_BYTES (+ one char) of text.
            for w in checkpoints.windows(2) {
                assert!(w[1].0 - w[0].0 < CHECKPOINT_BYTES + 4, "{w:?}");
            }
            assert!(text.len() - checkpoints.last().unwrap().0 < CHECKPOINT_BYTES + 4);
        }
    }

    #[test]
    fn cr_only_line_ends_count_as_lines() {
        let t = SourceText::from_text("a\rb\rc5件");
        let n = t.norm();
        let s = n.find('5').unwrap();
        assert_eq!(t.source_span(s..s + 1).line, 3);
    }
}
