//! The grammar shared by counts, percentages and money:
//!
//! ```text
//! [per] [約|およそ|概ね] [¥|$|€|£] figure [unit] [qualifier] [~ figure [unit] [qualifier]] [半] [/per]
//! ```
//!
//! `figure` is read by [`numeral::read`] (digits, separators, decimals, kanji, scale words,
//! a minus sign); `unit` decides the kind: a percent sign or 割 ([`percent`]), 円 or another
//! currency ([`money`]), or a noun that counts ([`count`]). A range may repeat the unit
//! (`5人~8人`) and may be written high to low (`100%未満~90%`): its value is `[low, high]`.
//! `48/91指標` is 48 of 91 indicators: a count of 48.
//!
//! Not quantities: a figure with nothing attached, ordinals (`第1回`, `10本目`), figures glued
//! to Latin letters (`G20`, `5G`, `H2O`), footnote marks (`(*10)`), a decimal's tail
//! (`5.19`), and a figure glued to a word on its left followed by a noun that is no counter
//! of the list (`東京2020大会`, `プラン2030`).

use std::ops::Range;

use super::count::{
    self, counter_prefix, is_not_counter, CLASSIC_COUNTERS, FREE_PREFIXES, KANJI_COUNTERS, ONE_COUNTERS, PLACE_ENDINGS,
};
use super::{intern, money, percent, Mention, MentionKind};
use crate::text::chars::{self, is_kanji, is_katakana};
use crate::text::numeral::{self, Figure};

/// What a unit makes of the figure before it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum UnitKind {
    Percent,
    /// 割 (and 分, 厘 after it).
    Wari,
    /// Yen times this multiplier (`千円` after a space: 1000).
    Yen(f64),
    Currency(&'static str),
    /// A counter of the list (`件`, `施設`).
    Counter,
    /// Any other short noun (`事務事業`, `道県`).
    Noun,
}

/// A unit read after a figure.
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    kind: UnitKind,
    text: &'a str,
    /// Byte range of the unit, spaces before it excluded.
    end: usize,
}

/// Spaces allowed between a figure and its unit (`12 千円`, `25 校`).
const MAX_UNIT_GAP: usize = 2;

/// The unit after a figure ending at `pos`, if there is one.
fn read_unit<'a>(norm: &'a str, pos: usize, limit: usize, figure: &Figure) -> Option<Unit<'a>> {
    let gap = chars::spaces_at(norm, pos);
    if gap > MAX_UNIT_GAP {
        return None;
    }
    let at = pos + gap;
    let rest = norm.get(at..limit)?;
    let unit = |kind, word: &'static str| Some(Unit { kind, text: word, end: at + word.len() });
    if let Some(w) = percent::PERCENT_UNITS.iter().find(|w| rest.starts_with(**w)) {
        return unit(UnitKind::Percent, w);
    }
    if rest.starts_with(percent::WARI_UNITS[0].0) {
        return unit(UnitKind::Wari, percent::WARI_UNITS[0].0);
    }
    if rest.starts_with(money::YEN) {
        return unit(UnitKind::Yen(1.0), money::YEN);
    }
    // `55億余円`: 余 ("and some") between the scale and 円 keeps the amount.
    if rest.starts_with("余円") && figure.last_scale.is_some() {
        return unit(UnitKind::Yen(1.0), "余円");
    }
    if let Some((w, m)) = money::YEN_SCALES.iter().find(|(w, _)| rest.starts_with(*w)) {
        if figure.last_scale.is_none() {
            return unit(UnitKind::Yen(*m), w);
        }
    }
    if let Some((w, u)) = money::CURRENCIES.iter().find(|(w, _)| rest.starts_with(*w)) {
        return Some(Unit { kind: UnitKind::Currency(u), text: w, end: at + w.len() });
    }
    let first = rest.chars().next()?;
    let katakana = is_katakana(first);
    if !(is_kanji(first) || katakana || first == 'つ' || first == 'か' || first == 'ヶ') {
        return None;
    }
    // The word after the figure: a run of kanji, or of katakana.
    let word_len: usize = rest
        .chars()
        .take_while(|&c| if katakana { is_katakana(c) } else { is_kanji(c) || c == 'ヶ' || c == 'か' || c == 'つ' })
        .map(char::len_utf8)
        .sum();
    let word = &rest[..word_len.max(first.len_utf8())];
    if let Some(c) = counter_prefix(rest) {
        return Some(Unit { kind: UnitKind::Counter, text: c, end: at + c.len() });
    }
    if is_not_counter(rest) || word.ends_with('目') {
        return None; // 5年間, 3階, 2以内; 3巡目 is an ordinal
    }
    let chars_in_word = word.chars().count();
    let short = if katakana {
        chars_in_word <= count::GENERIC_KATAKANA_MAX
    } else {
        chars_in_word <= count::GENERIC_KANJI_MAX && word.chars().all(is_kanji)
    };
    if !short || figure.kanji || PLACE_ENDINGS.iter().any(|e| word.ends_with(e)) {
        return None;
    }
    // A word cut by a line break (`事` / `業）`, `ポイン` / `ト`) is no unit we can name.
    let cut = norm[at + word.len()..].starts_with('\n')
        && chars::at(norm, at + word.len() + 1).is_some_and(|c| is_kanji(c) || is_katakana(c));
    if cut {
        return None;
    }
    Some(Unit { kind: UnitKind::Noun, text: word, end: at + word.len() })
}

/// A quantity read at one position.
struct Quantity {
    start: usize,
    end: usize,
    kind: MentionKind,
    value: f64,
    value_max: Option<f64>,
    unit: String,
    qualifier: Option<&'static str>,
    per: Option<&'static str>,
    rule: String,
    /// The yen multiplier a cell of its own on the row gave (`千円 3,213`): it goes on to the
    /// rows below.
    row_unit: Option<f64>,
}

/// Where the quantity whose figure starts at `digit` starts: before it may stand a minus sign
/// (`▲`, `△`, `-`, `ー`, `マイナス`, a space after a mark) and before that a currency sign
/// (`¥`, `$`, `€`, `£`).
fn start_before(norm: &str, digit: usize, line_start: usize) -> usize {
    let mut at = digit;
    let before = |p: usize| if p > line_start { chars::before(norm, p) } else { None };
    let mut p = at;
    if before(p) == Some(' ') && before(p - 1).is_some_and(|c| c == '▲' || c == '△') {
        p -= 1;
    }
    if let Some(c) = before(p).filter(|c| numeral::MINUS_SIGNS.contains(c)) {
        at = p - c.len_utf8();
    } else if norm[line_start..p].ends_with("マイナス") {
        at = p - "マイナス".len();
    }
    let mut q = at;
    if before(q) == Some(' ') {
        q -= 1;
    }
    if let Some((s, _)) = before(q).and_then(|c| money::PREFIX_SIGNS.iter().find(|(s, _)| *s == c)) {
        at = q - s.len_utf8();
    }
    at
}

/// Scans one line of `norm` for counts, percentages and money, from the marks in `marks` (the
/// places of digits, kanji numerals and 年, in order), skipping `masked` ranges.
///
/// `row_unit` carries a yen unit from a table row that gives it as a cell (`人件費 千円 3,213`)
/// to the rows below it that give none (`間接人件費 335 242`): a unit cell merged over rows.
pub(crate) fn scan_line(
    norm: &str,
    line: Range<usize>,
    marks: &[usize],
    masked: &[Range<usize>],
    row_unit: &mut Option<f64>,
    out: &mut Vec<Mention>,
) {
    if !is_figures_row(&norm[line.clone()]) {
        *row_unit = None;
    }
    let carried = *row_unit;
    let chain = minus_chain(&norm[line.clone()], line.start);
    let mut pos = line.start;
    for &mark in marks {
        if mark < pos || !chars::at(norm, mark).is_some_and(|c| c.is_ascii_digit() || numeral::is_numeral_start(c)) {
            continue;
        }
        let start = start_before(norm, mark, pos.max(line.start));
        if crate::extract::is_masked(masked, start) {
            pos = mark + chars::at(norm, mark).map_or(1, char::len_utf8);
            continue;
        }
        match quantity_at(norm, start, line.clone(), carried, &chain) {
            Some(q) => {
                pos = q.end.max(mark + 1);
                if let Some(mult) = q.row_unit {
                    *row_unit = Some(mult);
                }
                let mut m = Mention::new(q.kind, q.start..q.end, intern(&q.rule));
                m.value = Some(q.value);
                m.value_max = q.value_max;
                m.unit = Some(q.unit);
                m.qualifier = q.qualifier;
                m.per = q.per.map(str::to_string);
                out.push(m);
            }
            None => pos = skip_figure(norm, mark, line.end),
        }
    }
}

/// Past the figure or char at `start`: a number's tail is never a number of its own (and
/// skipping whole runs keeps long digit runs linear).
fn skip_figure(norm: &str, start: usize, end: usize) -> usize {
    let bytes = norm.as_bytes();
    let mut p = start;
    while p < end && (bytes[p].is_ascii_digit() || bytes[p] == b',' || bytes[p] == b'.') {
        p += 1;
    }
    if p > start {
        return p;
    }
    start + chars::at(norm, start).map_or(1, char::len_utf8)
}

/// The quantity whose figure (or currency sign) starts at `at`.
fn quantity_at(
    norm: &str,
    at: usize,
    line: Range<usize>,
    carried_unit: Option<f64>,
    chain: &[usize],
) -> Option<Quantity> {
    let mut rule = String::new();
    // A currency sign before the figure.
    let (sign_unit, figure_at) =
        match chars::at(norm, at).and_then(|c| money::PREFIX_SIGNS.iter().find(|(s, _)| *s == c)) {
            Some((s, u)) => {
                let p = at + s.len_utf8();
                (Some(*u), p + chars::spaces_at(norm, p).min(1))
            }
            None => (None, at),
        };
    // A minus glued to the figure before it, in a chain of amounts (`3-6,479千円-8,979千円`):
    // the numeral reader reads no sign after a digit, so the figure is read and negated.
    let in_chain = chain.binary_search(&figure_at).is_ok();
    let f1 = if in_chain {
        let mut f = numeral::read(norm, figure_at + 1, line.end)?;
        f.value = -f.value;
        f.value_max = f.value_max.map(|v| -v);
        f.negative = true;
        f.start = figure_at;
        f
    } else {
        numeral::read(norm, figure_at, line.end)?
    };
    let figure_text = &norm[f1.start..f1.end];
    if f1.kanji && figure_text.starts_with('〇') {
        return None; // 〇〇名, 〇%: a placeholder (or a bullet), not zero; no numeral starts with 〇
    }
    let digits = figure_text.trim_start_matches(numeral::MINUS_SIGNS);
    if digits.len() > 1 && digits.starts_with('0') && digits.as_bytes()[1].is_ascii_digit() {
        return None; // 0050916: a zero-padded id or code
    }
    let mut start = at;
    // Left context: what the figure is glued to.
    let before = chars::before(norm, start);
    // Glued to a Latin letter, a digit or a decimal point it is part of a code or another
    // figure (`G20`, `5.19`); a kanji numeral after digits is a figure of its own.
    let glued = |c: char| c.is_ascii_alphabetic() || (c.is_ascii_digit() && !f1.kanji) || ".,*#/_第※〒".contains(c);
    if before.is_some_and(glued) && !in_chain {
        return None;
    }
    // After 単位 a figure names a unit, not an amount: `(単位:百万円)`, `単位 千人`. (Only a
    // few bytes are looked back at: a line may be megabytes long.)
    let from = chars::ceil_boundary(norm, start.saturating_sub(4 * 3 + "単位".len()).max(line.start));
    let window = &norm.as_bytes()[from..start];
    let tani = "単位".as_bytes();
    if window.windows(tani.len()).rposition(|w| w == tani).is_some_and(|i| norm[from + i..start].chars().count() <= 4) {
        return None;
    }
    let mut qualifier = None;
    // `約 23%`: a space may stand between the qualifier and the figure.
    let gap = usize::from(norm[line.start..start].ends_with(' '));
    if let Some((w, q)) = count::PRE_QUALIFIERS.iter().find(|(w, _)| norm[line.start..start - gap].ends_with(w)) {
        let part_of_word = count::WORDS_ENDING_IN_YAKU.iter().any(|word| norm[..start - gap].ends_with(word));
        if !part_of_word {
            qualifier = Some(*q);
            start -= w.len() + gap;
            rule.push_str(w);
        }
    }
    let free_prefix = qualifier.is_some() || FREE_PREFIXES.iter().any(|p| norm[line.start..start].ends_with(p));
    // Glued to a katakana word (`プラン2030`) a figure is part of a name; after a kanji word it
    // may be one (`東京2020大会`: a year, caught below) or a count (`上記902測定対象`).
    let glued_to_word = !free_prefix && chars::before(norm, start).is_some_and(is_katakana);

    // `48/91指標`: 48 of 91.
    if let Some(q) = of_total(norm, &f1, start, line.end, qualifier, glued_to_word) {
        return Some(q);
    }

    let mut unit1 = read_unit(norm, f1.end, line.end, &f1);
    if sign_unit.is_some() {
        unit1 = None;
    }
    let mut end = unit1.map_or(f1.end, |u| u.end);
    // `55億円余`: 余 after 円 keeps the amount (it is no qualifier).
    if unit1.is_some_and(|u| matches!(u.kind, UnitKind::Yen(_))) && norm[end..line.end].starts_with('余') {
        end += '余'.len_utf8();
    }
    let mut value = f1.value;
    // 数十人: a span of its own.
    let mut value_max = f1.value_max;
    let mut mid_qualifier = None;
    if let Some(u) = unit1 {
        if let Some((w, q)) = post_qualifier(norm, u.end, line.end) {
            mid_qualifier = Some((w, q));
            end = u.end + w.len();
        }
    }
    // A range: `5~8人`, `5人~8人`, `100%未満~90%`, `100~200万円`.
    let mut unit = unit1;
    let mut range_rule = "";
    if let Some((f2, u2, range_end)) = range_second(norm, end, line.end, unit1, chain) {
        let mut low = f1.value;
        if unit1.is_none() && f1.last_scale.is_none() {
            if let Some(scale) = f2.last_scale {
                low *= scale; // 100~200万円: the low end shares the high end's scale word
            }
        }
        unit = unit.or(u2);
        if unit.is_some() {
            let (lo, hi) = if low <= f2.value { (low, f2.value) } else { (f2.value, low) };
            value = lo;
            value_max = Some(hi);
            end = range_end;
            range_rule = if low <= f2.value { "~<number>" } else { "~<number> (high to low)" };
        }
    }
    // An open range: `4人~` (4 or more), `~6人` (up to 6).
    let mut open_range = None;
    if unit1.is_some() && range_rule.is_empty() && mid_qualifier.is_none() {
        let after = norm.get(end..line.end).unwrap_or("");
        if after.starts_with('~')
            && !after[1..].trim_start().starts_with(|c: char| c.is_ascii_digit() || numeral::is_numeral_start(c))
        {
            end += 1;
            open_range = Some(("~", "以上"));
        } else if chars::before(norm, start) == Some('~')
            && chars::before(norm, start - 1).is_none_or(|c| !(c.is_ascii_alphanumeric() || chars::is_katakana(c)))
        {
            start -= 1;
            open_range = Some(("~", "以下"));
        }
    }
    let mut from_row_unit = None;
    let unit_kind = match (sign_unit, unit) {
        (Some(u), _) => UnitKind::Currency(u),
        (None, Some(u)) => u.kind,
        // `人件費 千円 3,213 2,495`: a row of a flattened table whose unit stands as a cell of
        // its own before its figures.
        (None, None) => match row_unit_before(norm, start, line.start) {
            Some(mult) if value_max.is_none() => {
                from_row_unit = Some(mult);
                UnitKind::Yen(mult)
            }
            _ => match carried_unit {
                Some(mult) if value_max.is_none() && !f1.decimal => UnitKind::Yen(mult),
                _ => return None,
            },
        },
    };
    let unit_text = unit.map_or("", |u| u.text);
    // A list or heading number: a bare integer at the start of a line, or of one or two digits
    // after a space, then a space and a noun (`1 開催日時`, `610 総合計画を基軸とした…`).
    let plain_integer = !f1.kanji && !f1.negative && !f1.grouped && !f1.decimal && sign_unit.is_none();
    let spaced = unit.is_some_and(|u| u.end - u.text.len() > f1.end) && value_max.is_none();
    if plain_integer && spaced && matches!(unit_kind, UnitKind::Counter | UnitKind::Noun) {
        let at_line_start = norm[line.start..start].trim().is_empty();
        let prev = chars::before(norm, start);
        let after_space = prev.is_some_and(|c| c == ' ' || c == '\t');
        // `<3>-1 自立訓練`, `2.1 概要`: the last part of a hierarchical number.
        let sub_number = prev.is_some_and(|c| c == '-' || c == '.');
        // `資料7 狛江市の…`, `目標1 福祉施設の…`: the number of a labelled item.
        let label_number = prev.is_some_and(chars::is_kanji) && !free_prefix;
        // A heading goes on with its title, or is a short title of its own (`1 概要`); a count
        // in a table cell ends there, with a counter of the list (`312 業者`). A common counter
        // (`2 か所`) counts there too, unless it starts the title's first word (`3 人口変化`).
        let title_follows = !norm[end..line.end].trim_start().is_empty()
            && !norm[end..line.end].trim_start().starts_with([')', '|', '\t']);
        let counter_starts_a_word = chars::at(norm, end).is_some_and(is_kanji);
        let heading = if CLASSIC_COUNTERS.contains(&unit_text) {
            counter_starts_a_word
        } else {
            title_follows || unit_kind == UnitKind::Noun
        };
        if heading && (at_line_start || sub_number || label_number || (after_space && f1.leading_digits <= 2)) {
            return None;
        }
    }
    // `千円` standing alone (a column's unit in a flattened table) is no amount.
    if f1.kanji
        && !figure_text.chars().any(|c| chars::is_kanji_digit(c) || c == '十' || c == '数')
        && matches!(unit_kind, UnitKind::Yen(_))
    {
        let alone_before = chars::before(norm, start).is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '(' | '|'));
        let alone_after = chars::at(norm, end).is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | ')' | '|'));
        if alone_before && alone_after {
            return None;
        }
    }
    if f1.kanji && matches!(unit_kind, UnitKind::Counter | UnitKind::Noun) {
        // Kanji digits are parts of words too: they count only before a short list of
        // counters, and a lone 一 before a shorter one (一件, not 一部 or 一人ひとり).
        let counters = if figure_text == "一" { ONE_COUNTERS } else { KANJI_COUNTERS };
        if !counters.contains(&unit_text) {
            return None;
        }
    }
    if f1.kanji && figure_text == "一" && matches!(unit_kind, UnitKind::Yen(_)) {
        return None; // 市内一円: throughout the city
    }
    // Kanji figures count only what a counter of the list counts; a figure glued to a word
    // on its left only with a counter of the list (`参加者数120人`, not `東京2020大会`).
    let four_digit_year = !f1.grouped && !f1.decimal && f1.leading_digits == 4 && (1900.0..2100.0).contains(&f1.value);
    if unit_kind == UnitKind::Noun && (glued_to_word || four_digit_year) {
        return None;
    }
    if f1.kanji
        && unit_kind == UnitKind::Counter
        && chars::before(norm, start).is_some_and(chars::is_word_char)
        && qualifier.is_none()
    {
        return None;
    }
    if norm.get(end..).is_some_and(|r| r.starts_with('目')) {
        return None; // ordinal: 10本目, 2回目
    }
    if unit_kind == UnitKind::Noun
        && norm.get(end..).is_some_and(|r| r.starts_with("の"))
        && unit_text.chars().count() == 1
    {
        return None; // 3分の2 and the like: a one-char noun then の is a fraction or a name
    }
    rule.push_str(if f1.kanji { "<kanji-number>" } else { "<number>" });
    rule.push_str(range_rule);
    let (kind, unit_out, unit_rule) = match unit_kind {
        UnitKind::Percent => (MentionKind::Percent, "%".to_string(), "%"),
        UnitKind::Wari => {
            if value_max.is_some() {
                return None;
            }
            let (v, used) = percent::wari_value(value, norm.get(end..line.end).unwrap_or(""));
            value = v;
            end += used;
            (MentionKind::Percent, "%".to_string(), if used > 0 { "割<number>分…" } else { "割" })
        }
        UnitKind::Yen(mult) => {
            value *= mult;
            value_max = value_max.map(|v| v * mult);
            (MentionKind::Money, money::YEN.to_string(), if mult == 1.0 { "円" } else { "<scale>円" })
        }
        UnitKind::Currency(u) => {
            if let Some(s) = sign_unit {
                rule.insert_str(0, "<currency sign>");
                (MentionKind::Money, s.to_string(), "")
            } else {
                (MentionKind::Money, u.to_string(), "<currency>")
            }
        }
        UnitKind::Counter => (MentionKind::Count, unit_text.to_string(), "<counter>"),
        UnitKind::Noun => (MentionKind::Count, unit_text.to_string(), "<noun>"),
    };
    rule.push_str(unit_rule);
    if kind == MentionKind::Count && norm.get(end..line.end).is_some_and(|r| r.starts_with('半')) {
        value += 0.5;
        value_max = value_max.map(|v| v + 0.5);
        end += '半'.len_utf8();
        rule.push('半');
    }
    if let Some((w, q)) = post_qualifier(norm, end, line.end).filter(|_| open_range.is_none()) {
        qualifier = Some(q);
        end += w.len();
        rule.push_str(w);
    } else if let Some((mark, q)) = open_range {
        qualifier = Some(q);
        if q == "以上" {
            rule.push_str(mark);
        } else {
            rule.insert_str(0, mark);
        }
    } else if let Some((w, q)) = mid_qualifier {
        if value_max.is_none() {
            qualifier = Some(q);
            rule.push_str(w);
        }
    }
    let mut per = None;
    if kind == MentionKind::Count {
        if let Some(p) = norm
            .get(end..line.end)
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| count::PER_UNITS.iter().find(|u| r.starts_with(**u)))
        {
            per = Some(*p);
            end += 1 + p.len();
            rule.push_str("/<per>");
        } else if let Some((w, p)) = per_prefix(norm, start, line.start) {
            per = Some(p);
            start -= w.len();
            rule.insert_str(0, w);
        }
    }
    Some(Quantity { start, end, kind, value, value_max, unit: unit_out, qualifier, per, rule, row_unit: from_row_unit })
}

/// The places (offsets into the text, the line starting at `base`) of the `-` signs of `line`
/// that stand between amounts of a chain of three or more (`3-6,479千円-8,979千円`: a count and
/// two negative amounts, the columns of a flattened row), sorted. Such a `-` is a minus sign,
/// not a range mark, whatever stands before it.
fn minus_chain(line: &str, base: usize) -> Vec<usize> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    if memchr::memchr(b'-', b).is_none() {
        return out;
    }
    // A figure (digits, separators) with an optional unit word: the chain's links.
    let figure_end = |mut i: usize| -> Option<usize> {
        let s = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b',' || b[i] == b'.') {
            i += 1;
        }
        if i == s || !b[s].is_ascii_digit() {
            return None;
        }
        let rest = &line[i..];
        let unit =
            ["千万円", "百万円", "千円", "万円", "億円", "円", "人", "件", "%"].iter().find(|u| rest.starts_with(**u));
        Some(i + unit.map_or(0, |u| u.len()))
    };
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b',' || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let mut links = vec![];
        let mut at = i;
        while let Some(end) = figure_end(at) {
            links.push(end);
            if b.get(end) == Some(&b'-') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
                at = end + 1;
            } else {
                break;
            }
        }
        if links.len() >= 3 {
            out.extend(links[..links.len() - 1].iter().map(|&e| base + e));
        }
        i = links.last().copied().unwrap_or(i + 1).max(i + 1);
    }
    out
}

/// True for a row of a flattened table: a label, then only bare figures apart by spaces
/// (`間接人件費 335 242`), or a unit cell among them (`人件費 千円 3,213`).
fn is_figures_row(line: &str) -> bool {
    let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
    let Some(label) = words.next() else { return false };
    let figure = |w: &str| {
        !w.is_empty()
            && w.trim_start_matches(['▲', '△', '-']).bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    };
    let mut any = false;
    for w in words {
        if figure(w) {
            any = true;
        } else if !money::YEN_SCALES.iter().any(|(u, _)| *u == w) && any {
            return false;
        }
    }
    any && !label.bytes().any(|b| b.is_ascii_digit())
}

/// The yen multiplier of a unit standing as a cell of its own before the figure at `start`
/// on its line, with only figures and spaces between (`人件費 千円 3,213 2,495`).
fn row_unit_before(norm: &str, start: usize, line_start: usize) -> Option<f64> {
    let from = chars::ceil_boundary(norm, start.saturating_sub(64).max(line_start));
    let ahead = &norm[from..start];
    // Back over the figures and the spaces between them.
    let rest = ahead.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\t' | '▲' | '△'));
    if rest.len() == ahead.len() {
        return None; // no space between the unit cell and the figure
    }
    let (word, mult) =
        money::YEN_SCALES.iter().map(|(w, m)| (*w, *m)).chain([(money::YEN, 1.0)]).find(|(w, _)| rest.ends_with(w))?;
    let before_word = &rest[..rest.len() - word.len()];
    (before_word.is_empty() || before_word.ends_with([' ', '\t'])).then_some(mult)
}

/// A qualifier written after a unit (`以上`, `未満`, `程度` …).
fn post_qualifier(norm: &str, pos: usize, limit: usize) -> Option<(&'static str, &'static str)> {
    let rest = norm.get(pos..limit)?;
    count::POST_QUALIFIERS.iter().find(|(w, _)| rest.starts_with(w)).copied()
}

/// The second half of a range after `pos`: a range mark, a figure and its unit (which must be
/// the first one's when both are written). Returns the figure, its unit and the range's end.
fn range_second<'a>(
    norm: &'a str,
    pos: usize,
    limit: usize,
    unit1: Option<Unit<'a>>,
    chain: &[usize],
) -> Option<(Figure, Option<Unit<'a>>, usize)> {
    let mut p = pos + chars::spaces_at(norm, pos).min(1);
    let mark = chars::at(norm, p)?;
    if !matches!(mark, '~' | '-') {
        return None;
    }
    // A `-` glued to the digits after it is a minus sign, no range mark, when it follows a
    // space (`36,369 人 -14,451 人`), follows a figure that carries its unit (`6,479千円-8,979千円`)
    // or stands in a chain of amounts (`3-6,479千円-8,979千円`).
    if mark == '-' && norm.as_bytes().get(p + 1).is_some_and(u8::is_ascii_digit) {
        let after_space = p > pos;
        let after_unit = unit1.is_some() && p == pos;
        if after_space || after_unit || chain.binary_search(&p).is_ok() {
            return None;
        }
    }
    p += 1;
    p += chars::spaces_at(norm, p).min(1);
    // After a mark, `-` is not a sign: read the digits themselves.
    if !norm.as_bytes().get(p).is_some_and(u8::is_ascii_digit)
        && !chars::at(norm, p).is_some_and(chars::is_kanji_numeral)
    {
        return None;
    }
    let f2 = numeral::read(norm, p, limit)?;
    let u2 = read_unit(norm, f2.end, limit, &f2);
    match (unit1, u2) {
        (Some(a), Some(b)) if a.kind != b.kind || a.text != b.text => return None,
        (None, None) => return None,
        _ => {}
    }
    // A qualifier after the range is read by the caller, past `end`.
    let end = u2.map_or(f2.end, |u| u.end);
    Some((f2, u2, end))
}

/// `48/91指標`: a figure, a slash, a total and a counter is a count of the first figure.
fn of_total(
    norm: &str,
    f1: &Figure,
    start: usize,
    limit: usize,
    qualifier: Option<&'static str>,
    glued_to_word: bool,
) -> Option<Quantity> {
    if f1.kanji || glued_to_word || norm.as_bytes().get(f1.end) != Some(&b'/') {
        return None;
    }
    let f2 = numeral::read(norm, f1.end + 1, limit)?;
    if f2.kanji || f2.negative {
        return None;
    }
    let unit = read_unit(norm, f2.end, limit, &f2)?;
    if !matches!(unit.kind, UnitKind::Counter | UnitKind::Noun) || f1.value > f2.value {
        return None;
    }
    Some(Quantity {
        start,
        end: unit.end,
        kind: MentionKind::Count,
        value: f1.value,
        value_max: None,
        unit: unit.text.to_string(),
        qualifier,
        per: None,
        rule: "<number>/<total><counter>".to_string(),
        row_unit: None,
    })
}

/// `年2回`, `年間8万件`: a rate prefix right before the number (not the 年 of a date).
fn per_prefix(norm: &str, start: usize, line_start: usize) -> Option<(&'static str, &'static str)> {
    let before = norm.get(line_start..start)?;
    let (w, p) = count::PER_PREFIXES.iter().find(|(w, _)| before.ends_with(w))?;
    let ahead = chars::before(norm, start - w.len());
    if ahead.is_some_and(|c| {
        c.is_ascii_digit()
            || chars::is_kanji_numeral(c)
            || c == '元'
            || c == '毎' && *w == "年"
            || c == '毎' && *w == "月"
    }) {
        return None;
    }
    // 今年, 昨年, 同年, 前年 … are dates, not rates.
    if (*w == "年" || *w == "月") && ahead.is_some_and(|c| "今昨同前翌来本当各".contains(c)) {
        return None;
    }
    Some((w, p))
}

/// A money mention for a bare number in a table column or block whose header or caption
/// carries the unit.
pub(crate) fn table_money(
    span: Range<usize>,
    text: &str,
    multiplier: f64,
    rule: impl FnOnce() -> &'static str,
) -> Option<Mention> {
    let f = numeral::read(text, 0, text.len())?;
    if f.end != text.len() || f.kanji {
        return None;
    }
    // The rule is named only for a cell that holds an amount (most cells do not).
    let mut m = Mention::new(MentionKind::Money, span, rule());
    m.value = Some(money::yen(f.value * multiplier));
    m.unit = Some(money::YEN.to_string());
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<usize> {
        let mut marks = Vec::new();
        crate::extract::marks_of(text, 0..text.len(), &mut marks);
        marks
    }

    fn scan(text: &str) -> Vec<(String, MentionKind, Option<f64>)> {
        let mut out = Vec::new();
        scan_line(text, 0..text.len(), &starts(text), &[], &mut None, &mut out);
        out.into_iter().map(|m| (text[m.norm_span.clone()].to_string(), m.kind, m.value)).collect()
    }

    fn one(text: &str) -> (String, MentionKind, Option<f64>, Option<f64>, Option<String>) {
        let mut out = Vec::new();
        scan_line(text, 0..text.len(), &starts(text), &[], &mut None, &mut out);
        assert_eq!(out.len(), 1, "{text}: {out:?}");
        let m = out.remove(0);
        (text[m.norm_span.clone()].to_string(), m.kind, m.value, m.value_max, m.unit)
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
    fn any_counting_noun_is_a_unit() {
        assert_eq!(one("11法人が参加").4.as_deref(), Some("法人"));
        assert_eq!(one("全1,695事務事業を").4.as_deref(), Some("事務事業"));
        assert_eq!(one("は23道県で").4.as_deref(), Some("道県"));
        assert_eq!(one("10施設整備").4.as_deref(), Some("施設"));
        assert_eq!(one("12ポイント上昇").4.as_deref(), Some("ポイント"));
        assert_eq!(one("2 か所").4.as_deref(), Some("か所"));
    }

    #[test]
    fn money_with_every_scale() {
        assert_eq!(one("2兆1,009億71百万円").2, Some(2_100_971_000_000.0));
        assert_eq!(one("755,163百万円").2, Some(755_163_000_000.0));
        assert_eq!(one("115,972 千円").2, Some(115_972_000.0));
        assert_eq!(one("▲8億円").2, Some(-800_000_000.0));
        assert_eq!(one("¥1,500").2, Some(1500.0));
        assert_eq!(one("五百万円").2, Some(5_000_000.0));
    }

    #[test]
    fn ranges_low_to_high() {
        assert_eq!(one("5人~8人").2, Some(5.0));
        assert_eq!(one("5人~8人").3, Some(8.0));
        assert_eq!(one("100%未満~90%").2, Some(90.0));
        assert_eq!(one("100%未満~90%").3, Some(100.0));
        assert_eq!(one("18~16ポイント").3, Some(18.0));
        assert_eq!(one("100~200万円").2, Some(1e6));
    }

    #[test]
    fn not_quantities() {
        for t in [
            "G20",
            "第1回",
            "10本目",
            "(*10)",
            "(分科会 5.19)",
            "I0T",
            "4丁目",
            "5G",
            "H2O",
            "3分の2",
            "5階",
            "3年間",
            "東京2020大会",
            "プラン2030",
            "一部",
            "市内一円で",
            "06-6941-0351",
            "〒540-8570",
            "20KB",
            "(単位:百万円)",
            "千円",
            "第三者",
        ] {
            assert!(scan(t).is_empty(), "{t}: {:?}", scan(t));
        }
    }

    #[test]
    fn a_row_unit_goes_on_whatever_the_last_figure_of_its_row() {
        // A zero or a decimal ends the row that gives the unit: the rows below still take 千円
        // exactly (the multiplier is carried, not worked back out of a figure).
        let text = "委託料 千円 1,500 0\n需用費 25 30\n備品費 千円 1.1\n消耗品費 335\n";
        let got: Vec<(String, Option<f64>)> = crate::extract::extract(text, &[], &Default::default())
            .into_iter()
            .map(|m| (text[m.norm_span].to_string(), m.value))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1,500".to_string(), Some(1_500_000.0)),
                ("0".to_string(), Some(0.0)),
                ("25".to_string(), Some(25_000.0)),
                ("30".to_string(), Some(30_000.0)),
                ("1.1".to_string(), Some(1_100.0)),
                ("335".to_string(), Some(335_000.0)),
            ]
        );
    }

    #[test]
    fn a_row_unit_goes_on_over_the_rows_below() {
        let text = "人件費 千円 3,213 2,495\n間接人件費 335 242\n財源\n事業数 12 14\n";
        let got: Vec<(String, f64)> = crate::extract::extract(text, &[], &Default::default())
            .into_iter()
            .map(|m| (text[m.norm_span].to_string(), m.value.unwrap_or(0.0)))
            .collect();
        assert_eq!(
            got,
            vec![
                ("3,213".to_string(), 3_213_000.0),
                ("2,495".to_string(), 2_495_000.0),
                ("335".to_string(), 335_000.0),
                ("242".to_string(), 242_000.0)
            ]
        );
    }

    #[test]
    fn of_a_total() {
        assert_eq!(one("48/91指標").2, Some(48.0));
        assert_eq!(one("48/91指標").0, "48/91指標");
    }

    #[test]
    fn kanji_counts() {
        assert_eq!(scan("の三者による"), vec![("三者".to_string(), MentionKind::Count, Some(3.0))]);
        assert_eq!(one("約十人").2, Some(10.0));
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
