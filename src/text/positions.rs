//! One position service: which line an offset is on, and which of a sorted list of spans fall
//! in a range. Every stage and `inspect` ask it instead of indexing lines themselves.

use std::ops::Range;

/// The start offset of every line of a text, for 1-based line numbers of offsets.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text` (byte offsets; a line starts after each `\n`).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of byte offset `at` (an offset past the end is on the last line).
    pub fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1)
    }

    /// The byte offset where 1-based line `line` starts.
    pub fn start_of(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// How many lines the text has (a text that ends with `\n` has an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// `v.partition_point(pred)` (`pred` true on a prefix of `v`), searched forward from `hint` in
/// doubling steps when the answer is at or after it, else by a binary search: for questions
/// asked in document order, as a cursor asks them, each is a few steps near the last answer
/// instead of a search through the whole list. `hint` becomes the answer.
pub fn partition_point_from<T>(v: &[T], hint: &mut usize, pred: impl Fn(&T) -> bool) -> usize {
    let h = (*hint).min(v.len());
    let answer = if h > 0 && !pred(&v[h - 1]) {
        v[..h].partition_point(&pred)
    } else {
        // Every element before `lo` satisfies `pred`.
        let (mut lo, mut step) = (h, 1);
        while lo + step <= v.len() && pred(&v[lo + step - 1]) {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(v.len());
        lo + v[lo..hi].partition_point(&pred)
    };
    *hint = answer;
    answer
}

/// The indices of the spans (sorted by start, not overlapping) that start inside `range`.
pub fn starting_in<T>(spans: &[T], range: Range<usize>, start_of: impl Fn(&T) -> usize) -> Range<usize> {
    let first = spans.partition_point(|s| start_of(s) < range.start);
    let last = first + spans[first..].partition_point(|s| start_of(s) < range.end);
    first..last
}

/// A set of spans (which may overlap) asked whether any of them covers a place: by their
/// starts, with the furthest end reached so far, so that each question is one binary search.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    starts: Vec<usize>,
    furthest: Vec<usize>,
}

impl Reach {
    pub fn new(spans: impl IntoIterator<Item = Range<usize>>) -> Reach {
        let mut by_start: Vec<Range<usize>> = spans.into_iter().collect();
        by_start.sort_unstable_by_key(|r| r.start);
        let mut far = 0;
        let furthest = by_start
            .iter()
            .map(|r| {
                far = far.max(r.end);
                far
            })
            .collect();
        Reach { starts: by_start.iter().map(|r| r.start).collect(), furthest }
    }

    /// Whether a span starting before `before` ends after `past`.
    pub fn reaches(&self, before: usize, past: usize) -> bool {
        let n = self.starts.partition_point(|&s| s < before);
        n > 0 && self.furthest[n - 1] > past
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// From any hint, the answer is the partition point a binary search gives.
        #[test]
        fn partition_point_from_a_hint_is_the_partition_point(
            mut v in proptest::collection::vec(0usize..50, 0..40), x in 0usize..55, hint in 0usize..45
        ) {
            v.sort_unstable();
            let mut h = hint;
            proptest::prop_assert_eq!(partition_point_from(&v, &mut h, |&e| e <= x), v.partition_point(|&e| e <= x));
            proptest::prop_assert_eq!(h, v.partition_point(|&e| e <= x));
        }
    }

    #[test]
    fn lines_of_offsets() {
        let idx = LineIndex::new("ab\ncd\n\nef");
        assert_eq!((idx.line_of(0), idx.line_of(2), idx.line_of(3), idx.line_of(6), idx.line_of(7)), (1, 1, 2, 3, 4));
        assert_eq!(idx.line_of(100), 4);
        assert_eq!(idx.start_of(2), Some(3));
        assert_eq!(idx.len(), 4);
    }

    #[test]
    fn spans_in_a_range() {
        let spans = [0..2, 3..5, 6..8, 9..12];
        assert_eq!(starting_in(&spans, 3..9, |r| r.start), 1..3);
        assert_eq!(starting_in(&spans, 20..30, |r| r.start), 4..4);
    }
}
