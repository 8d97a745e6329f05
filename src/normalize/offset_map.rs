//! The way back from normalized text to the decoded source text.
//!
//! Normalization is a sequence of replacements (a full-width `１` becomes `1`, `\r\n` becomes
//! `\n`, `[bookmark: _GoBack]` becomes nothing). Between replacements the two texts are
//! identical byte for byte, so the map stores only the replacements ("edits"), sorted, and
//! everything else is a constant shift. An expansion such as `㍑` → `リットル` maps every
//! normalized byte inside it back to the *whole* source character.
//!
//! Offsets here are bytes. `norm_*` is the normalized text, `dec_*` the decoded source text
//! (see [`crate::decode::Decoded`] for the step from there to the bytes of the file).

use std::ops::Range;

use crate::text::positions::partition_point_from;

/// One replacement: normalized bytes `norm` came from decoded bytes `dec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub norm_start: usize,
    pub norm_end: usize,
    pub dec_start: usize,
    pub dec_end: usize,
}

/// Normalized byte offset → decoded byte offset, monotone and on char boundaries.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    edits: Vec<Edit>,
    norm_len: usize,
    dec_len: usize,
}

impl OffsetMap {
    pub(crate) fn new(edits: Vec<Edit>, norm_len: usize, dec_len: usize) -> OffsetMap {
        debug_assert!(edits.windows(2).all(|w| w[0].norm_end <= w[1].norm_start && w[0].dec_end <= w[1].dec_start));
        OffsetMap { edits, norm_len, dec_len }
    }

    /// Number of replacements (for statistics and tests).
    pub fn edit_count(&self) -> usize {
        self.edits.len()
    }

    /// The decoded offset where a span starting at normalized offset `norm` starts.
    /// A deletion at `norm` is skipped (the span starts after the deleted text).
    pub fn dec_start(&self, norm: usize) -> usize {
        self.dec_start_from(norm, &mut 0)
    }

    fn dec_start_from(&self, norm: usize, hint: &mut usize) -> usize {
        let norm = norm.min(self.norm_len);
        // Last edit with norm_start <= norm.
        let i = partition_point_from(&self.edits, hint, |e| e.norm_start <= norm);
        if i == 0 {
            return norm;
        }
        let e = &self.edits[i - 1];
        if e.norm_start == e.norm_end {
            // A deletion at or before `norm`.
            return e.dec_end + (norm - e.norm_end);
        }
        if norm < e.norm_end {
            e.dec_start
        } else {
            e.dec_end + (norm - e.norm_end)
        }
    }

    /// The decoded offset where a span ending at normalized offset `norm` ends.
    /// A deletion at `norm` is not included (the span ends before the deleted text).
    pub fn dec_end(&self, norm: usize) -> usize {
        self.dec_end_from(norm, &mut 0)
    }

    fn dec_end_from(&self, norm: usize, hint: &mut usize) -> usize {
        let norm = norm.min(self.norm_len);
        // Last edit with norm_start < norm.
        let i = partition_point_from(&self.edits, hint, |e| e.norm_start < norm);
        if i == 0 {
            return norm;
        }
        let e = &self.edits[i - 1];
        if norm <= e.norm_end {
            e.dec_end
        } else {
            e.dec_end + (norm - e.norm_end)
        }
    }

    /// True unless `norm` falls strictly inside the expansion of one source char (`¼` → `1⁄4`):
    /// a span may only start or end where the source text has a boundary too.
    pub fn is_boundary(&self, norm: usize) -> bool {
        let i = self.edits.partition_point(|e| e.norm_start < norm);
        i == 0 || norm >= self.edits[i - 1].norm_end
    }

    /// Maps a normalized byte range to the decoded byte range it came from.
    pub fn dec_range(&self, norm: Range<usize>) -> Range<usize> {
        self.dec_range_near(norm, &mut [0, 0])
    }

    /// [`OffsetMap::dec_range`] for ranges asked in document order: the edits are searched
    /// from where the last range's were found (`hints`, updated).
    pub fn dec_range_near(&self, norm: Range<usize>, hints: &mut [usize; 2]) -> Range<usize> {
        let start = self.dec_start_from(norm.start, &mut hints[0]);
        let end = self.dec_end_from(norm.end, &mut hints[1]).max(start);
        start..end
    }

    /// Length of the decoded text this map points into.
    pub fn dec_len(&self) -> usize {
        self.dec_len
    }
}
