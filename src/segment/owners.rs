//! Who owns each offset of the normalized text: which record (unit) and section, through which
//! part of it. Worked out once where segmentation ends ([`crate::Processed::owners`]) and read by
//! the record writer (a mention's record and section), `inspect` (a line's owner, a mention's
//! record) and the coverage check, so that they cannot disagree.
//!
//! # What owns what
//!
//! A unit owns its title (and a heading number on a line of its own); a section owns its
//! heading, its items, its tables, its layout lines (a plan's ▷ ▶ arrow cells) and, as a whole,
//! the lines it is made of. Every character that is not whitespace must be owned by a title,
//! number, heading, item, table or layout line (nothing lost, see [`Ownership::unowned`]),
//! and no character by two records or sections (see [`Ownership::conflicts`]).

use std::ops::Range;

use super::Document;

/// The part of a record that owns a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The unit's title.
    Title,
    /// A heading's number standing on a line of its own above the title.
    Number,
    /// A section's heading.
    Heading,
    /// An item of the section (index into its items).
    Item(usize),
    /// A table of the section (index into its tables).
    Table(usize),
    /// A layout line of the section (an arrow cell).
    Layout,
    /// A whole line the section is made of.
    Line,
}

impl Part {
    /// Parts that account for characters (every part but a section's whole lines).
    fn holds_content(self) -> bool {
        self != Part::Line
    }
}

/// One owned span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub span: Range<usize>,
    pub unit: usize,
    /// `None` for the unit's own title and number.
    pub section: Option<usize>,
    pub part: Part,
}

impl Owner {
    fn key(&self) -> (usize, Option<usize>) {
        (self.unit, self.section)
    }
}

/// The owners of a document's text, sorted by where they start.
#[derive(Debug, Clone, Default)]
pub struct Ownership {
    owners: Vec<Owner>,
    /// Disjoint runs `(start, end, unit, section)`, sorted: the record and section owning each
    /// offset, for lookups.
    runs: Vec<(usize, usize, usize, Option<usize>)>,
    /// Pairs of owners of different records or sections whose spans overlap.
    conflicts: Vec<(Owner, Owner)>,
    /// Items `(start, end, item)` sorted, for the item an offset stands in.
    items: Vec<(usize, usize, usize)>,
}

impl Ownership {
    /// The ownership of `doc`'s text.
    pub fn of(doc: &Document) -> Ownership {
        let mut owners = Vec::new();
        for (u, unit) in doc.units.iter().enumerate() {
            let mut own = |span: &Range<usize>, section: Option<usize>, part: Part| {
                owners.push(Owner { span: span.clone(), unit: u, section, part });
            };
            if let Some(r) = &unit.title_span {
                own(r, None, Part::Title);
            }
            if let Some(r) = &unit.number_span {
                own(r, None, Part::Number);
            }
            for (s, section) in unit.sections.iter().enumerate() {
                if let Some(r) = &section.heading_span {
                    own(r, Some(s), Part::Heading);
                }
                for (i, item) in section.items.iter().enumerate() {
                    own(&item.norm_span, Some(s), Part::Item(i));
                }
                for (t, table) in section.tables.iter().enumerate() {
                    own(&table.norm_span, Some(s), Part::Table(t));
                }
                for r in &section.layout_lines {
                    own(r, Some(s), Part::Layout);
                }
                for r in &section.lines {
                    own(r, Some(s), Part::Line);
                }
            }
        }
        owners.sort_by_key(|o| (o.span.start, o.span.end));
        let mut runs: Vec<(usize, usize, usize, Option<usize>)> = Vec::with_capacity(owners.len());
        let mut conflicts = Vec::new();
        // The owner whose span reaches furthest so far, to report an overlap with it.
        let mut reach: Option<&Owner> = None;
        for o in &owners {
            // An empty span (an empty item at a line's end) owns the offset it stands at.
            let (start, end) = (o.span.start, o.span.end.max(o.span.start + 1));
            let last = runs.last().copied();
            match last {
                Some(last) if start < last.1 && (last.2, last.3) != o.key() => {
                    if let Some(r) = reach.filter(|r| r.key() != o.key()) {
                        conflicts.push((r.clone(), o.clone()));
                    }
                    if end > last.1 {
                        runs.push((last.1, end, o.unit, o.section));
                    }
                }
                Some(last) if start <= last.1 && (last.2, last.3) == o.key() => {
                    if let Some(l) = runs.last_mut() {
                        l.1 = l.1.max(end);
                    }
                }
                _ => runs.push((start, end, o.unit, o.section)),
            }
            if reach.is_none_or(|r| o.span.end > r.span.end) {
                reach = Some(o);
            }
        }
        let mut items: Vec<(usize, usize, usize)> = owners
            .iter()
            .filter_map(|o| match o.part {
                Part::Item(i) => Some((o.span.start, o.span.end, i)),
                _ => None,
            })
            .collect();
        items.sort_unstable();
        Ownership { owners, runs, conflicts, items }
    }

    /// The item (index in its section's items) the offset `at` stands in, if any.
    pub fn item_at(&self, at: usize) -> Option<usize> {
        let i = self.items.partition_point(|r| r.0 <= at);
        self.items[..i].iter().rev().take(4).find(|r| at < r.1).map(|r| r.2)
    }

    /// Every owned span, sorted by start.
    pub fn owners(&self) -> &[Owner] {
        &self.owners
    }

    /// The record and section owning the offset `at` (`section` is `None` on a unit's title),
    /// or `None` for an offset no record owns (whitespace between records).
    pub fn owner_at(&self, at: usize) -> Option<(usize, Option<usize>)> {
        let i = self.runs.partition_point(|r| r.0 <= at);
        let r = self.runs.get(i.checked_sub(1)?)?;
        (at < r.1).then_some((r.2, r.3))
    }

    /// Owners of different records or sections whose spans overlap.
    pub fn conflicts(&self) -> &[(Owner, Owner)] {
        &self.conflicts
    }

    /// Runs of `norm` holding a character other than whitespace that no title, number,
    /// heading, item, table or layout line owns: text the output would lose.
    pub fn unowned(&self, norm: &str) -> Vec<Range<usize>> {
        let mut spans: Vec<&Range<usize>> =
            self.owners.iter().filter(|o| o.part.holds_content()).map(|o| &o.span).collect();
        spans.sort_by_key(|r| r.start);
        let mut out = Vec::new();
        let mut at = 0;
        let gap = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
            let (from, to) = (from.min(norm.len()), to.min(norm.len()));
            if let Some(text) = norm.get(from..to) {
                let first = text.find(|c: char| !c.is_whitespace());
                let last = text.rfind(|c: char| !c.is_whitespace());
                if let (Some(a), Some(b)) = (first, last) {
                    let end = b + text[b..].chars().next().map_or(1, char::len_utf8);
                    out.push(from + a..from + end);
                }
            }
        };
        for r in spans {
            if r.start > at {
                gap(at, r.start, &mut out);
            }
            at = at.max(r.end);
        }
        gap(at, norm.len(), &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{new_section, new_unit, DocumentKind, Item, ItemKind, SegmentContext, UnitKind};

    fn item(span: Range<usize>) -> Item {
        Item::new(ItemKind::Text, String::new(), span)
    }

    fn doc(units: Vec<crate::segment::Unit>) -> Document {
        Document::new(DocumentKind::Unknown, None, None, units)
    }

    #[test]
    fn owners_answer_for_every_offset_and_find_what_is_lost() {
        // "題\n- 本文\n残り\n": the title, an item from its dash, a line with no item.
        let norm = "題\n- 本文\n残り\n";
        let ctx = SegmentContext::default();
        let mut unit = new_unit(UnitKind::Section, "題".into(), Some(0..3), &ctx);
        let mut s = new_section(crate::segment::SectionName::Body);
        let body = norm.find("- ").unwrap();
        let rest = norm.find("残り").unwrap();
        s.lines = vec![body..rest - 1, rest..norm.len() - 1];
        s.items.push(item(body..rest - 1));
        unit.sections.push(s);
        let own = Ownership::of(&doc(vec![unit]));
        assert_eq!(own.owner_at(0), Some((0, None)));
        assert_eq!(own.owner_at(body + 2), Some((0, Some(0))));
        assert_eq!(own.owner_at(rest), Some((0, Some(0))), "a section's line owns what its items leave");
        assert_eq!(own.unowned(norm), vec![rest..norm.len() - 1]);
        assert!(own.conflicts().is_empty());
    }

    #[test]
    fn two_records_claiming_one_line_conflict() {
        let norm = "a\nb\n";
        let ctx = SegmentContext::default();
        let mut first = new_unit(UnitKind::Section, "a".into(), Some(0..1), &ctx);
        let mut s = new_section(crate::segment::SectionName::Body);
        s.items.push(item(2..3));
        first.sections.push(s);
        let second = new_unit(UnitKind::Section, "b".into(), Some(2..3), &ctx);
        let own = Ownership::of(&doc(vec![first, second]));
        assert_eq!(own.conflicts().len(), 1);
        assert!(own.unowned(norm).is_empty());
    }
}
