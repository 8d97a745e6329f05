//! What the quantity reader has read at one place ([`Candidate`]), the thing the named filters
//! judge: apart from the reader, so that the filters need not reach into it.

use std::ops::Range;

use super::super::count::Qualifier;
use super::units::{Unit, UnitKind};
use crate::text::chars;
use crate::text::numeral::Figure;

/// What the reader has read at one place, for the filters to judge: the figure, what stands
/// before it and, once read, its unit and where the reading ends.
pub(crate) struct Candidate<'a> {
    pub norm: &'a str,
    /// The line (its `\n` excluded).
    pub line: Range<usize>,
    pub figure: Figure,
    /// Where the quantity starts: a qualifier, a currency sign or a minus sign before the
    /// figure, or the figure.
    pub start: usize,
    /// A currency sign before the figure (`¥`, `$`): the unit it gives.
    pub sign_unit: Option<&'static str>,
    /// The figure is a link of a chain of amounts after a `-` (`3-6,479千円-8,979千円`).
    pub in_chain: bool,
    /// A qualifier written before the figure (`約`).
    pub qualifier: Option<Qualifier>,
    /// A word before the figure that is no part of a name (`約`, `計`, `全`).
    pub free_prefix: bool,
    /// Glued to a katakana word on its left (`プラン2030`).
    pub glued_to_word: bool,
    /// The unit read after the figure (or after the range's end).
    pub unit: Option<Unit<'a>>,
    /// What the unit makes of the figure (from the unit, a currency sign or the table row).
    pub unit_kind: Option<UnitKind>,
    /// Where what was read ends.
    pub end: usize,
    /// The high end of a range or a span.
    pub value_max: Option<f64>,
    /// The char before `start` (kept as `start` moves).
    pub(super) prev: Option<char>,
}

impl<'a> Candidate<'a> {
    /// The figure read at `start` on `line`, nothing yet read around it.
    pub(super) fn new(norm: &'a str, line: Range<usize>, figure: Figure, start: usize) -> Candidate<'a> {
        Candidate {
            norm,
            line,
            figure,
            start,
            sign_unit: None,
            in_chain: false,
            qualifier: None,
            free_prefix: false,
            glued_to_word: false,
            unit: None,
            unit_kind: None,
            end: figure.end,
            value_max: figure.value_max,
            prev: chars::before(norm, start),
        }
    }

    /// The figure as written.
    pub fn figure_text(&self) -> &'a str {
        &self.norm[self.figure.start..self.figure.end]
    }

    /// The char before the quantity's start.
    pub fn before(&self) -> Option<char> {
        self.prev
    }

    /// Moves the quantity's start to `start`.
    pub(super) fn start_at(&mut self, start: usize) {
        self.start = start;
        self.prev = chars::before(self.norm, start);
    }

    /// The line's text before the quantity.
    pub fn ahead(&self) -> &'a str {
        &self.norm[self.line.start..self.start.max(self.line.start)]
    }

    /// The line's text after the figure.
    pub fn after_figure(&self) -> &'a str {
        self.norm.get(self.figure.end..self.line.end).unwrap_or("")
    }

    /// An integer in digits with no sign, separator or decimal part (`12`, not `1,200`).
    pub fn plain_integer(&self) -> bool {
        let f = &self.figure;
        !f.kanji && !f.negative && !f.grouped && !f.decimal && self.sign_unit.is_none()
    }

    /// The unit as written, or `""`.
    pub fn unit_text(&self) -> &'a str {
        self.unit.map_or("", |u| u.text)
    }
}
