//! The units that decide what a figure is, as rule records: each [`UnitRule`] has a name
//! (the part of a mention's `rule` it writes), the kind of mention it makes, a doc and an
//! example, and reads its unit at the place after a figure. [`read_unit`] asks them in the
//! order of [`UNIT_RULES`]; the first that reads a unit decides it. A word that only the
//! last rule (`<noun>`) reads is then judged by the word filters
//! ([`crate::extract::filters`]), which reject times, durations, measurements, ordinals …
//! by name.

use super::super::count::{self, counter_prefix};
use super::super::{money, percent, MentionKind};
use crate::text::chars::{self, is_kanji, is_katakana};
use crate::text::numeral::Figure;

/// What a unit makes of the figure before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum UnitKind {
    Percent,
    /// 割 (and 分, 厘 after it).
    Wari,
    /// Yen times this multiplier (`千円` after a space: 1000).
    Yen(f64),
    Currency(&'static str),
    /// A counter of the list (`件`, `施設`), or two of them written as one (`冊点`, `人泊`).
    Counter,
    /// Any other short noun (`事務事業`, `道県`).
    Noun,
}

/// A unit read after a figure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit<'a> {
    pub kind: UnitKind,
    pub text: &'a str,
    /// Where the unit starts (after the spaces or the line break before it).
    pub at: usize,
    /// Where it ends.
    pub end: usize,
    /// The name of the rule that read it.
    pub rule: &'static str,
}

impl Unit<'_> {
    /// Whether spaces (or a line break) stand between the figure ending at `figure_end` and
    /// the unit.
    pub fn spaced(&self, figure_end: usize) -> bool {
        self.at > figure_end
    }
}

/// What a unit rule is given: the text after a figure (spaces skipped), and the figure.
pub(crate) struct UnitInput<'a> {
    pub norm: &'a str,
    /// Where the unit would start.
    pub at: usize,
    /// The end of what may be read (the line's end).
    pub limit: usize,
    pub figure: Figure,
}

impl<'a> UnitInput<'a> {
    fn rest(&self) -> &'a str {
        self.norm.get(self.at..self.limit).unwrap_or("")
    }

    fn unit(&self, kind: UnitKind, text: &'a str, rule: &'static str) -> Unit<'a> {
        Unit { kind, text, at: self.at, end: self.at + text.len(), rule }
    }
}

/// One way a unit is written after a figure.
pub struct UnitRule {
    /// The part of a mention's `rule` this unit writes: `%`, `<scale>円`, `<counter>` …
    pub name: &'static str,
    /// The kind of mention it makes.
    pub kind: MentionKind,
    pub doc: &'static str,
    /// A text whose unit it reads.
    pub example: &'static str,
    /// The chars the unit can start with (empty: any): the rule is asked only there.
    pub starts: &'static [char],
    pub(crate) read: for<'a> fn(&UnitInput<'a>) -> Option<Unit<'a>>,
}

/// The unit rules, asked in this order.
pub const UNIT_RULES: &[UnitRule] = &[
    UnitRule {
        name: "%",
        kind: MentionKind::Percent,
        doc: "A percent sign or the word パーセント.",
        example: "96.8%",
        starts: &['%', 'パ'],
        read: |u| {
            let w = percent::PERCENT_UNITS.iter().find(|w| u.rest().starts_with(**w))?;
            Some(u.unit(UnitKind::Percent, w, "%"))
        },
    },
    UnitRule {
        name: "割",
        kind: MentionKind::Percent,
        doc: "割, with 分 and 厘 after it (3割4分5厘 = 34.5%).",
        example: "3割",
        starts: &['割'],
        read: |u| {
            let w = percent::WARI_UNITS[0].0;
            u.rest().starts_with(w).then(|| u.unit(UnitKind::Wari, w, "割"))
        },
    },
    UnitRule {
        name: "円",
        kind: MentionKind::Money,
        doc: "円 after a figure with its scale words; 余 between the scale and 円 keeps the amount (55億余円).",
        example: "500万円",
        starts: &['円', '余'],
        read: |u| {
            let rest = u.rest();
            if rest.starts_with(money::YEN) {
                return Some(u.unit(UnitKind::Yen(1.0), money::YEN, "円"));
            }
            (rest.starts_with("余円") && u.figure.last_scale.is_some())
                .then(|| u.unit(UnitKind::Yen(1.0), &rest[.."余円".len()], "円"))
        },
    },
    UnitRule {
        name: "<currency>",
        kind: MentionKind::Money,
        doc: "Another currency, reported by its name (2USドル → ドル).",
        example: "1,200米ドル",
        starts: &['U', '米', 'ド', 'ユ', 'ポ', '人', 'ウ'],
        read: |u| {
            let (w, unit) = money::CURRENCIES.iter().find(|(w, _)| u.rest().starts_with(*w))?;
            Some(u.unit(UnitKind::Currency(unit), w, "<currency>"))
        },
    },
    UnitRule {
        name: "<counter><counter>",
        kind: MentionKind::Count,
        doc: "Two counting nouns written as one, the longest counter written (冊点, 人泊, 事業会計); the second ends the word or stands before a word of change (増, 減 …).",
        example: "1,200人泊",
        starts: &[],
        read: |u| {
            let rest = u.rest();
            let first = counter_prefix(rest)?;
            let after = &rest[first.len()..];
            let second = counter_prefix(after).or_else(|| count::COUNTER_TAILS.iter().find(|t| after.starts_with(**t)).copied())?;
            let next = after[second.len()..].chars().next();
            let ends = next.is_none_or(|c| !is_kanji(c) || count::CHANGE_WORDS.contains(c));
            // A counter that is the first of a longer counter is read by the other rule
            // (`事業所` is one counter, not 事業 and 所).
            (ends && counter_prefix(&rest[..first.len() + second.len()]) == Some(first))
                .then(|| u.unit(UnitKind::Counter, &rest[..first.len() + second.len()], "<counter><counter>"))
        },
    },
    UnitRule {
        name: "<counter>",
        kind: MentionKind::Count,
        doc: "A counter of the list at the start of the word after the figure (10施設整備 → 施設); 度 after a kanji numeral (三度 = three times).",
        example: "28社",
        starts: &[],
        read: |u| {
            let rest = u.rest();
            if let Some(c) = counter_prefix(rest) {
                return Some(u.unit(UnitKind::Counter, c, "<counter>"));
            }
            // 三度に渡り: a kanji numeral counts times with 度 (a digit before 度 is a measure).
            let times = u.figure.kanji && rest.starts_with('度') && !rest[3..].starts_with(|c: char| is_kanji(c));
            times.then(|| u.unit(UnitKind::Counter, &rest[..'度'.len_utf8()], "<counter>"))
        },
    },
    UnitRule {
        name: "<noun>",
        kind: MentionKind::Count,
        doc: "Any other word after the figure, a run of kanji or of katakana; the word filters reject times, measures, ordinals and long phrases.",
        example: "1,695事務事業",
        starts: &[],
        read: |u| {
            let rest = u.rest();
            let first = rest.chars().next()?;
            let katakana = is_katakana(first);
            if !(is_kanji(first) || katakana || first == 'つ' || first == 'か' || first == 'ヶ') {
                return None;
            }
            let len: usize = rest
                .chars()
                .take_while(|&c| if katakana { is_katakana(c) } else { is_kanji(c) || c == 'ヶ' || c == 'か' || c == 'つ' })
                .map(char::len_utf8)
                .sum();
            Some(u.unit(UnitKind::Noun, &rest[..len.max(first.len_utf8())], "<noun>"))
        },
    },
];

/// Spaces allowed between a figure and its unit (`12 千円`, `25 校`).
pub(crate) const MAX_UNIT_GAP: usize = 2;

/// The unit after a figure ending at `pos` (spaces allowed before it), if a rule reads one.
/// A `<noun>` is returned as read: the word filters judge it.
pub(crate) fn read_unit<'a>(norm: &'a str, pos: usize, limit: usize, figure: &Figure) -> Option<Unit<'a>> {
    let gap = chars::spaces_at(norm, pos);
    if gap > MAX_UNIT_GAP {
        return None;
    }
    let input = UnitInput { norm, at: pos + gap, limit, figure: *figure };
    let first = chars::at(norm, input.at)?;
    UNIT_RULES.iter().filter(|r| r.starts.is_empty() || r.starts.contains(&first)).find_map(|r| (r.read)(&input))
}

/// A counter on the next line when a line break falls between a figure and its counter
/// (`…の662万` / `人を上回る`): a counter of the list that ends its word. The figure must end
/// its line and not stand alone on it (a cell of a table flattened one cell a line is not
/// continued by the next cell).
pub(crate) fn counter_on_next_line<'a>(norm: &'a str, line_start: usize, figure: &Figure) -> Option<Unit<'a>> {
    let b = norm.as_bytes();
    if b.get(figure.end) != Some(&b'\n') || norm[line_start..figure.start].trim().is_empty() {
        return None;
    }
    let at = figure.end + 1;
    let limit = chars::floor_boundary(norm, at + 64);
    let limit = norm[at..limit].find('\n').map_or(limit, |i| at + i);
    let rest = &norm[at..limit];
    let c = counter_prefix(rest)?;
    let next = rest[c.len()..].chars().next();
    if next.is_some_and(|n| is_kanji(n) || is_katakana(n)) || c.chars().count() > 2 {
        return None;
    }
    Some(Unit { kind: UnitKind::Counter, text: c, at, end: at + c.len(), rule: "<counter>" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::numeral;

    fn unit(t: &str) -> Option<(String, &'static str)> {
        let f = numeral::read(t, 0, t.len())?;
        read_unit(t, f.end, t.len(), &f).map(|u| (u.text.to_string(), u.rule))
    }

    #[test]
    fn the_longest_counter_written() {
        assert_eq!(unit("600,000冊点"), Some(("冊点".into(), "<counter><counter>")));
        assert_eq!(unit("649千人泊減"), Some(("人泊".into(), "<counter><counter>")));
        assert_eq!(unit("2事業会計と"), Some(("事業会計".into(), "<counter><counter>")));
        assert_eq!(unit("40事業所"), Some(("事業所".into(), "<counter>")));
        assert_eq!(unit("3件点検"), Some(("件".into(), "<counter>")), "a second counter that starts a word is none");
        assert_eq!(unit("10施設整備"), Some(("施設".into(), "<counter>")));
    }

    #[test]
    fn rules_in_order() {
        assert_eq!(unit("5%").map(|u| u.1), Some("%"));
        assert_eq!(unit("3割").map(|u| u.1), Some("割"));
        assert_eq!(unit("55億余円").map(|u| u.0), Some("余円".into()));
        assert_eq!(unit("2USドル").map(|u| u.1), Some("<currency>"));
        assert_eq!(unit("1,695事務事業").map(|u| u.1), Some("<noun>"));
        assert_eq!(unit("三度に渡り").map(|u| u.0), Some("度".into()));
        assert_eq!(unit("30度").map(|u| u.1), Some("<noun>"), "a digit before 度 is left to the word filters");
    }

    #[test]
    fn start_chars_cover_the_words_read() {
        let starts = |name: &str| UNIT_RULES.iter().find(|r| r.name == name).map(|r| r.starts).unwrap_or_default();
        for (w, _) in money::CURRENCIES {
            assert!(starts("<currency>").contains(&w.chars().next().unwrap()), "{w}");
        }
        for w in percent::PERCENT_UNITS {
            assert!(starts("%").contains(&w.chars().next().unwrap()), "{w}");
        }
    }

    #[test]
    fn each_rule_reads_its_example() {
        for r in UNIT_RULES {
            assert_eq!(unit(r.example).map(|u| u.1), Some(r.name), "{}: {}", r.name, r.example);
        }
    }
}
