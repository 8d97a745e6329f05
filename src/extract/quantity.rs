//! The grammar shared by counts, percentages and money:
//!
//! ```text
//! [年|年間|毎年] [約|およそ|概ね] <number> [~ <number>] <unit> [半] [以上|以下|未満|超|程度|ほど] [/<per>]
//! ```
//!
//! `<number>` is ASCII digits with commas, decimals and 千/万/億/兆 ([`number`]); `<unit>` is
//! one of the units of [`percent`], [`money`] or [`count`] (data), or, when tokens are given,
//! a 助数詞 token. The unit decides the kind. Counts also come from kanji numerals before a
//! short list of counters (`三者`).
//!
//! Not quantities: ordinals (`第1回`, `10本目`), numbers glued to Latin letters (`G20`, `5G`,
//! `I0T`, `H2O`), footnote marks (`(*10)`), numbers inside a proper-noun token, decimals'
//! tails (`5.19`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::number::{self, number_pattern, parse_kanji, parse_number, trailing_multiplier};
use super::{count, intern, money, percent, Group, Mention, MentionKind};
use crate::tokenize::{PosClass, Token};

fn unit_alternation() -> String {
    let mut units: Vec<&str> = Vec::new();
    units.extend(percent::PERCENT_UNITS);
    units.push(percent::WARI_UNITS[0].0);
    units.push(money::YEN);
    units.extend(money::CURRENCIES.iter().map(|(w, _)| *w));
    units.extend(count::COUNTERS);
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    units.dedup();
    units.iter().map(|u| regex::escape(u)).collect::<Vec<_>>().join("|")
}

/// Between the two numbers of a range.
const RANGE_MARK: &str = r"\x20?[~\-]\x20?";

/// The whole grammar as one pattern (what [`match_at`] matches part by part).
#[cfg(test)]
fn quantity_pattern() -> String {
    let pre: Vec<&str> = count::PRE_QUALIFIERS.iter().map(|(w, _)| *w).collect();
    let num = number_pattern();
    format!(
        r"(?P<pre>{pre})?(?P<n1>{num})(?:{RANGE_MARK}(?P<n2>{num}))?(?P<unit>{units})?",
        pre = pre.join("|"),
        units = unit_alternation()
    )
}

/// The parts of the grammar after the pre-qualifier, each anchored.
struct Parts {
    number: Regex,
    range_mark: Regex,
    unit: Regex,
}

static PARTS: LazyLock<Parts> = LazyLock::new(|| {
    let anchored = |p: &str| Regex::new(&format!("^(?:{p})")).expect("quantity pattern compiles");
    Parts { number: anchored(&number_pattern()), range_mark: anchored(RANGE_MARK), unit: anchored(&unit_alternation()) }
});

/// One match of the grammar, its parts in the text's offsets.
struct QuantityMatch<'h> {
    start: usize,
    end: usize,
    pre: Option<Group<'h>>,
    n1: Group<'h>,
    n2: Option<Group<'h>>,
    unit: Option<Group<'h>>,
}

/// The leftmost match of the grammar at or after `pos` in `hay`, found part by part.
///
/// A match is `<pre>? <number>` and a number starts with a digit, so it starts at the first
/// digit or at a pre-qualifier right before it. All that may follow the first number is
/// optional, so matching each part where the previous one ends finds what the whole pattern
/// would (leftmost-first), with anchored matches only: no search, and no capture search
/// (which tried ~70 unit alternatives after every number).
fn match_at(hay: &str, pos: usize) -> Option<QuantityMatch<'_>> {
    let parts = &*PARTS;
    let digit = pos + hay.as_bytes().get(pos..)?.iter().position(u8::is_ascii_digit)?;
    let before = hay.get(pos..digit)?;
    let pre = count::PRE_QUALIFIERS
        .iter()
        .map(|(w, _)| *w)
        .filter(|w| before.ends_with(w))
        .max_by_key(|w| w.len())
        .map(|w| Group { start: digit - w.len(), end: digit, text: w });
    let n1 = part(&parts.number, hay, digit)?;
    let n2 = part(&parts.range_mark, hay, n1.end).and_then(|mark| part(&parts.number, hay, mark.end));
    let number_end = n2.map_or(n1.end, |n| n.end);
    let unit = part(&parts.unit, hay, number_end);
    let (start, end) = (pre.map_or(digit, |p| p.start), unit.map_or(number_end, |u| u.end));
    Some(QuantityMatch { start, end, pre, n1, n2, unit })
}

/// The anchored match of `re` at `at` in `hay`.
fn part<'h>(re: &Regex, hay: &'h str, at: usize) -> Option<Group<'h>> {
    let m = re.find(hay.get(at..)?)?;
    Some(Group { start: at + m.start(), end: at + m.end(), text: m.as_str() })
}

static KANJI_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    let mut counters: Vec<&str> = count::KANJI_COUNTERS.to_vec();
    counters.sort_by_key(|u| std::cmp::Reverse(u.len()));
    Regex::new(&format!(
        "(?P<kn>[{}十百千]+)(?P<kc>{})",
        number::KANJI_DIGITS,
        counters.iter().map(|u| regex::escape(u)).collect::<Vec<_>>().join("|")
    ))
    .expect("kanji count pattern compiles")
});

fn prev_char(norm: &str, pos: usize) -> Option<char> {
    norm.get(..pos)?.chars().next_back()
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// What the unit makes of the number.
enum UnitKind {
    Percent,
    Wari,
    Yen,
    Currency(&'static str),
    Counter,
}

fn unit_kind(unit: &str) -> UnitKind {
    if percent::PERCENT_UNITS.contains(&unit) {
        UnitKind::Percent
    } else if unit == percent::WARI_UNITS[0].0 {
        UnitKind::Wari
    } else if unit == money::YEN {
        UnitKind::Yen
    } else if let Some((_, u)) = money::CURRENCIES.iter().find(|(w, _)| *w == unit) {
        UnitKind::Currency(u)
    } else {
        UnitKind::Counter
    }
}

/// The token of `tokens` (sorted, non-overlapping) starting exactly at `pos`.
fn token_at(tokens: &[Token], pos: usize) -> Option<&Token> {
    let i = tokens.partition_point(|t| t.norm_start < pos);
    tokens.get(i).filter(|t| t.norm_start == pos)
}

/// The token covering `pos` strictly inside it (starting before it).
fn token_around(tokens: &[Token], pos: usize) -> Option<&Token> {
    let i = tokens.partition_point(|t| t.norm_end <= pos);
    tokens.get(i).filter(|t| t.norm_start < pos && pos < t.norm_end)
}

/// Scans one line of `norm` for counts, percentages and money.
pub(crate) fn scan_line(norm: &str, line: Range<usize>, tokens: &[Token], out: &mut Vec<Mention>) {
    let Some(hay) = norm.get(..line.end) else { return };
    let mut pos = line.start;
    while pos < line.end {
        let Some(QuantityMatch { start: whole_start, end: whole_end, pre, n1, n2, unit }) = match_at(hay, pos) else {
            break;
        };
        // Search again past the whole number whatever happens: a number's tail is never a
        // number of its own (and this keeps long digit runs linear).
        pos = whole_end.max(n1.end);
        let mut start = whole_start;
        let mut qualifier = None;
        let mut rule = String::new();
        if let Some(pre) = pre {
            let word_before =
                norm.get(..pre.end).is_some_and(|b| count::WORDS_ENDING_IN_YAKU.iter().any(|w| b.ends_with(w)));
            if word_before {
                // 集約, 契約: the 約 belongs to the word before.
                start = n1.start;
            } else {
                qualifier = count::PRE_QUALIFIERS.iter().find(|(w, _)| *w == pre.text).map(|(_, q)| *q);
                rule.push_str(pre.text);
            }
        }
        let before = prev_char(norm, start);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || ".,*#/_第".contains(c))
            || token_around(tokens, n1.start).is_some_and(|t| t.pos == PosClass::ProperNoun)
        {
            continue;
        }
        let number_end = n2.map_or(n1.end, |m| m.end);
        let (unit_text, unit_end) = match unit {
            Some(u) => (u.text, u.end),
            None => match token_at(tokens, number_end) {
                Some(t) if t.pos == PosClass::Counter && count::is_token_counter(t.text(norm)) => {
                    (t.text(norm), t.norm_end)
                }
                _ => continue,
            },
        };
        if norm.get(unit_end..).is_some_and(|r| r.starts_with('目')) {
            continue; // ordinal: 10本目, 2回目
        }
        let Some(mut value) = parse_number(n1.text) else { continue };
        let mut value_max = match n2 {
            Some(m) => match parse_number(m.text) {
                Some(v) => Some(v),
                None => continue,
            },
            None => None,
        };
        if let (Some(m2), None) = (n2, trailing_multiplier(n1.text)) {
            // 100~200万円: the low end shares the high end's multiplier.
            if let Some(mult) = trailing_multiplier(m2.text) {
                value *= mult;
            }
        }
        let mut end = unit_end;
        let rest = |end: usize| norm.get(end..line.end).unwrap_or("");
        let (kind, unit, unit_rule) = match unit_kind(unit_text) {
            UnitKind::Percent => (MentionKind::Percent, "%".to_string(), "%"),
            UnitKind::Wari => {
                if value_max.is_some() {
                    continue;
                }
                let (v, used) = percent::wari_value(value, rest(end));
                value = v;
                end += used;
                (MentionKind::Percent, "%".to_string(), if used > 0 { "割<number>分…" } else { "割" })
            }
            UnitKind::Yen => (MentionKind::Money, money::YEN.to_string(), "円"),
            UnitKind::Currency(u) => (MentionKind::Money, u.to_string(), "<currency>"),
            UnitKind::Counter => (MentionKind::Count, unit_text.to_string(), "<counter>"),
        };
        rule.push_str("<number>");
        if n2.is_some() {
            rule.push_str("~<number>");
        }
        rule.push_str(unit_rule);
        if kind == MentionKind::Count && rest(end).starts_with('半') {
            value += 0.5;
            value_max = value_max.map(|v| v + 0.5);
            end += '半'.len_utf8();
            rule.push('半');
        }
        if let Some((w, q)) = count::POST_QUALIFIERS.iter().find(|(w, _)| rest(end).starts_with(w)) {
            qualifier = Some(q);
            end += w.len();
            rule.push_str(w);
        }
        let mut per = None;
        if kind == MentionKind::Count {
            if let Some(p) =
                rest(end).strip_prefix('/').and_then(|r| count::PER_UNITS.iter().find(|u| r.starts_with(**u)))
            {
                per = Some(p.to_string());
                end += 1 + p.len();
                rule.push_str("/<per>");
            } else if let Some((w, p)) = per_prefix(norm, start, line.start) {
                per = Some(p.to_string());
                start -= w.len();
                rule.insert_str(0, w);
            }
        }
        let mut m = Mention::new(kind, start..end, intern(&rule));
        m.value = Some(value);
        m.value_max = value_max;
        m.unit = Some(unit);
        m.qualifier = qualifier;
        m.per = per;
        out.push(m);
        pos = pos.max(end);
    }
    scan_kanji_counts(norm, line, out);
}

/// `年2回`, `年間8万件`: a rate prefix right before the number (not the 年 of a date).
fn per_prefix(norm: &str, start: usize, line_start: usize) -> Option<(&'static str, &'static str)> {
    let before = norm.get(line_start..start)?;
    let (w, p) = count::PER_PREFIXES.iter().find(|(w, _)| before.ends_with(w))?;
    let ahead = prev_char(norm, start - w.len());
    if ahead.is_some_and(|c| c.is_ascii_digit() || c == '元' || c == '毎' && *w == "年") {
        return None;
    }
    Some((w, p))
}

/// `三者`, `四者`, `二つ`: kanji numerals before a counter. A lone 一 is lexical (一体, 一部),
/// and a numeral right after another kanji is part of a word (第三者, 統一, 四国).
fn scan_kanji_counts(norm: &str, line: Range<usize>, out: &mut Vec<Mention>) {
    let Some(text) = norm.get(line.clone()) else { return };
    static ANY_KANJI_DIGIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("[二三四五六七八九十百]").expect("kanji digit pattern compiles"));
    if !ANY_KANJI_DIGIT.is_match(text) {
        return;
    }
    for caps in KANJI_COUNT.captures_iter(text) {
        let (Some(kn), Some(kc)) = (caps.name("kn"), caps.name("kc")) else { continue };
        let start = line.start + kn.start();
        let end = line.start + kc.end();
        let before = prev_char(norm, start);
        if kn.as_str() == "一"
            || before.is_some_and(|c| is_kanji(c) || is_katakana(c))
            || norm.get(end..).is_some_and(|r| r.starts_with('目'))
        {
            continue;
        }
        let Some(value) = parse_kanji(kn.as_str()) else { continue };
        let mut m = Mention::new(MentionKind::Count, start..end, "<kanji-number><counter>");
        m.value = Some(value);
        m.unit = Some(kc.as_str().to_string());
        out.push(m);
    }
}

/// A money mention for a bare number in a table column whose header carries the unit.
pub(crate) fn table_money(span: Range<usize>, text: &str, multiplier: f64, rule: &'static str) -> Option<Mention> {
    let v = parse_number(text)?;
    let mut m = Mention::new(MentionKind::Money, span, rule);
    m.value = Some(v * multiplier);
    m.unit = Some(money::YEN.to_string());
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<(String, MentionKind, Option<f64>)> {
        let mut out = Vec::new();
        scan_line(text, 0..text.len(), &[], &mut out);
        out.into_iter().map(|m| (text[m.norm_span.clone()].to_string(), m.kind, m.value)).collect()
    }

    #[test]
    fn units_decide_the_kind() {
        assert_eq!(
            scan("5件500万円、96.8%"),
            vec![
                ("5件".to_string(), MentionKind::Count, Some(5.0)),
                ("500万円".to_string(), MentionKind::Money, Some(5e6)),
                ("96.8%".to_string(), MentionKind::Percent, Some(96.8)),
            ]
        );
    }

    #[test]
    fn parts_match_as_the_whole_pattern_does() {
        let whole = Regex::new(&quantity_pattern()).expect("quantity pattern compiles");
        let texts = [
            "5件500万円、96.8%",
            "約2億円、およそ3割、概ね10人、おおむね5~8社、集約2件",
            "100~200万円 1,234,5678 12,34件 3.5.6人 1 - 2 ドル 7 ~ 9USドル",
            "1億2000万円 14,043千円 2千万 5 ~ x 6- 7~件 8~ 9 10万~ 20",
            "約 5 年2回 第1回 G20 10本目 1割2分 3パーセント 4か所",
        ];
        for text in texts {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let want = whole.captures_at(text, pos).map(|c| {
                    let g = |n: &str| c.name(n).map(|m| m.range());
                    (c.get(0).map(|m| m.range()), g("pre"), g("n1"), g("n2"), g("unit"))
                });
                let got = match_at(text, pos).map(|m| {
                    let r = |g: Option<Group>| g.map(|g| g.start..g.end);
                    (Some(m.start..m.end), r(m.pre), r(Some(m.n1)), r(m.n2), r(m.unit))
                });
                assert_eq!(got, want, "{text:?} from {pos}");
            }
        }
    }

    #[test]
    fn letters_ordinals_and_footnotes_are_not_quantities() {
        for t in ["G20", "第1回", "10本目", "(*10)", "(分科会 5.19)", "I0T", "4丁目", "5G", "H2O"] {
            assert!(scan(t).is_empty(), "{t}: {:?}", scan(t));
        }
    }

    #[test]
    fn kanji_counts() {
        assert_eq!(scan("の三者による"), vec![("三者".to_string(), MentionKind::Count, Some(3.0))]);
        assert!(scan("第三者").is_empty());
        assert!(scan("一体的").is_empty());
    }

    #[test]
    fn long_digit_runs_yield_no_figure_from_their_tails() {
        // A run glued to a letter is no figure, and none of its tails is one either; a comma
        // run with no unit is none. (Its speed is the linearity bench's to measure.)
        let text = format!("a{}件 {}", "1".repeat(200_000), "2,".repeat(100_000));
        assert!(scan(&text).is_empty());
    }
}
