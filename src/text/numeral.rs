//! The one numeral reader, used by counts, percentages, money and dates.
//!
//! A figure as Japanese public documents write it (after normalization, so full-width digits,
//! `，` and `．` are ASCII already):
//!
//! ```text
//! figure  = [sign [" "]] section+
//! sign    = "▲" | "△" | "-"            (a minus; "-" only where it cannot be a range mark)
//! section = coefficient [" "] [small] [" "] [big] [" "]
//! coefficient = arabic | kanji         (arabic: 14,043  96.8  2,5000; kanji: 二十五 三百 二〇二三)
//! small   = "千" | "百"                 (after arabic digits: 14,043千, 12百万)
//! big     = "万" | "億" | "兆"
//! ```
//!
//! so that `1億2,345万` is 123,450,000, `3兆4,560億12百万` is 3,456,012,000,000, `5.5億` is
//! 550,000,000 and `2兆2,427億 1百万` is 2,242,701,000,000. A space may stand between a
//! coefficient and its scale word (`12 千円`, `10 万人`) and after a big scale word before the
//! next section. A figure needs a numeral: `千件` is 1,000; a bare scale word `万` is none. (A
//! unit caption such as `(単位:百万円)` names no amount: `extract::quantity` leaves
//! figures after `単位` alone.)

use crate::text::chars::{self, kanji_digit, kanji_small_unit};

/// A figure read from the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// Byte range in the text, the sign included.
    pub start: usize,
    pub end: usize,
    /// The value, negative when a minus sign was written; the low end of a span.
    pub value: f64,
    /// The high end when the figure is a span (`数十` → 10 and 90, `十数` → 11 and 19).
    pub value_max: Option<f64>,
    /// A minus sign was written (`▲`, `△`, `-`).
    pub negative: bool,
    /// Written with kanji digits (`二十五`, `三百万`).
    pub kanji: bool,
    /// The multiplier of the last scale word (`200万` → 1e4), for a range whose low end
    /// omits it (`100~200万円`).
    pub last_scale: Option<f64>,
    /// ASCII digits of the first coefficient (`2019` → 4): dates and years look at it.
    pub leading_digits: usize,
    /// Written with a decimal point.
    pub decimal: bool,
    /// Written with a thousands separator (`36,527,520`).
    pub grouped: bool,
}

/// Signs written before a figure that make it negative. `ー` (the long-vowel mark, which PDF
/// exports write for a minus) counts after anything but katakana.
pub const MINUS_SIGNS: [char; 4] = ['▲', '△', '-', 'ー'];

/// Words written before a figure that make it negative.
const MINUS_WORDS: [&str; 1] = ["マイナス"];

/// Big scale words and their multipliers.
const BIG_SCALES: [(char, f64); 3] = [('万', 1e4), ('億', 1e8), ('兆', 1e12)];

fn big_scale(c: char) -> Option<f64> {
    BIG_SCALES.iter().find(|(s, _)| *s == c).map(|(_, m)| *m)
}

/// A value that may be a span: `数十` is 10 to 90, `十数` 11 to 19.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    lo: f64,
    hi: f64,
}

impl Span {
    fn exact(v: f64) -> Span {
        Span { lo: v, hi: v }
    }
    fn add(self, o: Span) -> Span {
        Span { lo: self.lo + o.lo, hi: self.hi + o.hi }
    }
    fn times(self, m: f64) -> Span {
        Span { lo: self.lo * m, hi: self.hi * m }
    }
}

/// Reads the figure starting at byte `pos` of `text` (at its sign or first digit), looking no
/// further than `limit`. `None` when no figure starts there.
pub fn read(text: &str, pos: usize, limit: usize) -> Option<Figure> {
    let limit = limit.min(text.len());
    let bytes = text.as_bytes();
    let mut p = pos;
    let mut negative = false;
    if let Some(w) = MINUS_WORDS.iter().find(|w| text.get(p..).is_some_and(|r| r.starts_with(**w))) {
        negative = true;
        p += w.len();
    } else if let Some(c) = chars::at(text, p).filter(|c| MINUS_SIGNS.contains(c)) {
        let ok = match c {
            '-' => minus_can_start_here(text, p),
            'ー' => {
                !chars::before(text, p).is_some_and(chars::is_katakana)
                    && chars::at(text, p + c.len_utf8()).is_some_and(|n| n.is_ascii_digit())
            }
            _ => true,
        };
        if !ok {
            return None;
        }
        negative = true;
        p += c.len_utf8();
        if c != '-' && bytes.get(p) == Some(&b' ') {
            p += 1;
        }
    }
    let body_start = p;
    let mut total = Span::exact(0.0);
    let mut section = Span::exact(0.0); // below 万
    let mut current: Option<Span> = None;
    let mut last_scale = None;
    let mut kanji = false;
    let mut decimal = false;
    let mut grouped = false;
    let mut leading_digits = 0;
    let mut end = p;
    let mut any_digit = false;
    // What the last thing read was, to decide what may follow it.
    #[derive(PartialEq, Clone, Copy)]
    enum Last {
        Nothing,
        Arabic,
        Kanji,
        Small,
        Big,
    }
    let mut last = Last::Nothing;
    while p < limit {
        let c = match chars::at(text, p) {
            Some(c) => c,
            None => break,
        };
        if c.is_ascii_digit() {
            // After 千 a smaller part may follow (`6千5百万`); after digits or kanji, no digits.
            if matches!(last, Last::Arabic | Last::Kanji) {
                break;
            }
            let (value, len, has_decimal, has_group) = read_arabic(text, p, limit)?;
            if last == Last::Nothing {
                leading_digits = text[p..p + len].bytes().take_while(u8::is_ascii_digit).count();
            }
            current = Some(Span::exact(value));
            decimal |= has_decimal;
            grouped |= has_group;
            any_digit = true;
            p += len;
            end = p;
            last = Last::Arabic;
            continue;
        }
        if is_numeral_start(c) && last != Last::Arabic && last != Last::Kanji {
            // A kanji numeral after a small scale (`1千五百`) is not a thing this grammar reads.
            if last == Last::Small {
                break;
            }
            let (value, len, digits) = read_kanji(text, p, limit);
            if len == 0 {
                break;
            }
            current = Some(value);
            kanji = true;
            any_digit |= digits;
            p += len;
            end = p;
            last = Last::Kanji;
            continue;
        }
        // A space: between a coefficient and its scale word, or after a big scale word
        // before the next section.
        if c == ' ' {
            let q = p + chars::spaces_at(text, p);
            let next = chars::at(text, q);
            let ok = match last {
                Last::Arabic | Last::Kanji => next
                    .is_some_and(|n| big_scale(n).is_some() || (last == Last::Arabic && kanji_small_unit(n).is_some())),
                Last::Big => next.is_some_and(|n| n.is_ascii_digit()) && q - p <= 2,
                _ => false,
            };
            if !ok || q - p > 2 {
                break;
            }
            p = q;
            continue;
        }
        if let Some(unit) = kanji_small_unit(c).filter(|_| matches!(last, Last::Arabic)) {
            // 14,043千, 12百(万): the arabic coefficient times 千 or 百.
            section = section.add(current.take().unwrap_or(Span::exact(1.0)).times(f64::from(unit)));
            last_scale = Some(f64::from(unit));
            p += c.len_utf8();
            end = p;
            last = Last::Small;
            continue;
        }
        if let Some(mult) = big_scale(c) {
            if matches!(last, Last::Nothing | Last::Big) {
                break;
            }
            total = total.add(section.add(current.take().unwrap_or(Span::exact(0.0))).times(mult));
            section = Span::exact(0.0);
            last_scale = Some(mult);
            p += c.len_utf8();
            end = p;
            last = Last::Big;
            continue;
        }
        break;
    }
    if !any_digit || end == body_start {
        return None;
    }
    let value = total.add(section).add(current.unwrap_or(Span::exact(0.0)));
    if !value.lo.is_finite() || !value.hi.is_finite() {
        return None;
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let value_max = (value.hi != value.lo).then_some(value.hi * sign);
    Some(Figure {
        start: pos,
        end,
        value: value.lo * sign,
        value_max,
        negative,
        kanji,
        last_scale,
        leading_digits,
        decimal,
        grouped,
    })
}

/// A char that starts a kanji numeral: a kanji digit, 十百千, or 数 (`数十`, `数万`: some).
pub fn is_numeral_start(c: char) -> bool {
    chars::is_kanji_numeral(c) || c == '数'
}

/// A `-` before a digit is a minus only where it cannot be a range or list mark: not after a
/// figure, a Latin letter, a closing bracket or a unit sign (`1-2`, `A-1`, `(2)-3`, `5%-6%`).
fn minus_can_start_here(text: &str, pos: usize) -> bool {
    let next_is_digit = text.as_bytes().get(pos + 1).is_some_and(u8::is_ascii_digit);
    next_is_digit
        && chars::before(text, pos)
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || chars::is_katakana(c) || ")]>》】〉%.,-~/".contains(c)))
}

/// ASCII digits at `pos`: `14,043`, `96.8`, `2,5000` (a group of four, as 万-grouping writes).
/// Returns (value, length, has a decimal point, has a group separator).
fn read_arabic(text: &str, pos: usize, limit: usize) -> Option<(f64, usize, bool, bool)> {
    let bytes = &text.as_bytes()[..limit];
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut p = pos + digits(pos);
    let mut grouped = false;
    // Thousands separators: a comma followed by three digits (or four) and then no digit.
    if p - pos <= 4 {
        while bytes.get(p) == Some(&b',') {
            let n = digits(p + 1);
            if n != 3 && n != 4 {
                break;
            }
            grouped = true;
            p += 1 + n;
        }
    }
    let mut has_decimal = false;
    if bytes.get(p) == Some(&b'.') {
        let n = digits(p + 1);
        // `1.2.3` is a section or version number, not a decimal.
        if n > 0 && !(bytes.get(p + 1 + n) == Some(&b'.') && bytes.get(p + 2 + n).is_some_and(u8::is_ascii_digit)) {
            has_decimal = true;
            p += 1 + n;
        }
    }
    let value: f64 = if grouped {
        // Without the separators, in a buffer on the stack (a figure is short).
        let mut buf = [0u8; 64];
        let mut n = 0;
        for &b in &bytes[pos..p] {
            if b != b',' {
                *buf.get_mut(n)? = b;
                n += 1;
            }
        }
        std::str::from_utf8(&buf[..n]).ok()?.parse().ok()?
    } else {
        text[pos..p].parse().ok()?
    };
    Some((value, p - pos, has_decimal, grouped))
}

/// A kanji numeral below 万 at `pos`: positional (`二〇二三`) or with 十百千 (`二十五`,
/// `千五百`), where 数 stands for any digit from 1 to 9 (`数十` → 10..90, `百数十` →
/// 110..190). Returns (value, length in bytes, has any numeral char).
fn read_kanji(text: &str, pos: usize, limit: usize) -> (Span, usize, bool) {
    let mut total = Span::exact(0.0);
    let mut current: Option<Span> = None;
    let mut len = 0;
    let mut digits = false;
    let mut last_unit = u32::MAX;
    for c in text[pos..limit].chars() {
        let digit = match c {
            '数' => Some(Span { lo: 1.0, hi: 9.0 }),
            _ => kanji_digit(c).map(|d| Span::exact(f64::from(d))),
        };
        if let Some(d) = digit {
            // 数 is one digit, never part of a positional run (`数数` is no numeral).
            if c == '数' && current.is_some() || current.is_some_and(|v| v.lo != v.hi) {
                break;
            }
            current = Some(current.map_or(d, |v| v.times(10.0).add(d)));
            digits = true;
        } else if let Some(unit) = kanji_small_unit(c) {
            // Units go down (千 then 百 then 十); 十百 is no numeral.
            if unit >= last_unit {
                break;
            }
            last_unit = unit;
            total = total.add(current.take().unwrap_or(Span::exact(1.0)).times(f64::from(unit)));
            digits = true;
        } else {
            break;
        }
        len += c.len_utf8();
    }
    // 数 alone (not 数十, 数万, 十数) is only a figure before a counter; the caller decides.
    (total.add(current.unwrap_or(Span::exact(0.0))), len, digits)
}

/// The value of a small number written in ASCII digits or kanji (`12`, `十二`, `三十一`,
/// `二〇二三`), as date parts are written; `None` for anything else.
pub fn small_value(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let (v, len, _) = read_kanji(s, 0, s.len());
    (len == s.len() && v.lo == v.hi && v.lo <= f64::from(u32::MAX)).then_some(v.lo as u32)
}

/// Regex sub-pattern for a small number in a date: 1–2 ASCII digits or a kanji numeral up to
/// 三十一 (`十二`, `二十`, `三十一`).
pub const DATE_NUMBER: &str = concat!("(?:[0-9]{1,2}|[", crate::kanji_one_to_ten!(), "]{1,3})");

/// Regex sub-pattern for a four-digit year: ASCII digits, or kanji written digit by digit
/// (`二〇二三`) or with 千 (`二千二十三`).
pub const YEAR_NUMBER: &str =
    concat!("(?:[0-9]{4}|[", crate::kanji_digits!(), "]{4}|二千[", crate::kanji_digits!(), "十]{0,3})");

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<f64> {
        read(s, 0, s.len()).map(|f| f.value)
    }

    fn surface(s: &str) -> Option<&str> {
        read(s, 0, s.len()).map(|f| &s[f.start..f.end])
    }

    #[test]
    fn arabic_digits_separators_and_decimals() {
        assert_eq!(value("10"), Some(10.0));
        assert_eq!(value("23,000"), Some(23000.0));
        assert_eq!(value("1,234,567"), Some(1_234_567.0));
        assert_eq!(value("96.8"), Some(96.8));
        assert_eq!(value("2,5000"), Some(25000.0), "a group of four, as 万-grouping writes");
        assert_eq!(surface("1,2件"), Some("1"), "a comma before one digit is a list");
        assert_eq!(surface("1.2.3"), Some("1"), "a section number is no decimal");
        let f = read("36,527,520", 0, 10).expect("figure");
        assert!(f.grouped && !f.decimal && f.leading_digits == 2);
    }

    #[test]
    fn scale_words() {
        assert_eq!(value("500万"), Some(5_000_000.0));
        assert_eq!(value("14,043千"), Some(14_043_000.0));
        assert_eq!(value("1億2,345万"), Some(123_450_000.0));
        assert_eq!(value("3兆4,560億12百万"), Some(3_456_012_000_000.0));
        assert_eq!(value("2兆1,009億71百万"), Some(2_100_971_000_000.0));
        assert_eq!(value("2兆2,427億 1百万"), Some(2_242_701_000_000.0));
        assert_eq!(value("5.5億"), Some(550_000_000.0));
        assert_eq!(value("1千万"), Some(10_000_000.0));
        assert_eq!(value("12百万"), Some(12_000_000.0));
        assert_eq!(value("12 千"), Some(12_000.0), "a space before the scale word");
        assert_eq!(value("10 万"), Some(100_000.0));
        assert_eq!(value("39億2,5000万"), Some(4_150_000_000.0));
        assert_eq!(value("2億6千5百万"), Some(265_000_000.0));
        assert_eq!(read("200万", 0, 5).and_then(|f| f.last_scale), Some(1e4));
    }

    #[test]
    fn kanji_numerals() {
        assert_eq!(value("三"), Some(3.0));
        assert_eq!(value("十"), Some(10.0));
        assert_eq!(value("二十五"), Some(25.0));
        assert_eq!(value("三百"), Some(300.0));
        assert_eq!(value("千五百"), Some(1500.0));
        assert_eq!(value("二〇二三"), Some(2023.0));
        assert_eq!(value("一万二千"), Some(12_000.0));
        assert_eq!(value("五百万"), Some(5_000_000.0));
        assert_eq!(value("1万2千"), Some(12_000.0));
        assert!(read("三", 0, 3).is_some_and(|f| f.kanji));
    }

    #[test]
    fn some_digit_spans() {
        let span = |s: &str| read(s, 0, s.len()).map(|f| (f.value, f.value_max));
        assert_eq!(span("数十"), Some((10.0, Some(90.0))));
        assert_eq!(span("十数"), Some((11.0, Some(19.0))));
        assert_eq!(span("百数十"), Some((110.0, Some(190.0))));
        assert_eq!(span("数万"), Some((10_000.0, Some(90_000.0))));
        assert_eq!(span("一万数千"), Some((11_000.0, Some(19_000.0))));
        assert_eq!(span("十数万"), Some((110_000.0, Some(190_000.0))));
        assert_eq!(span("三十"), Some((30.0, None)));
    }

    #[test]
    fn minus_words_and_marks() {
        assert_eq!(value("マイナス五十六万"), Some(-560_000.0));
        assert_eq!(value("ー2,345"), Some(-2345.0));
        let t = "データー1";
        assert_eq!(read(t, "データ".len(), t.len()), None, "a long vowel after katakana is no sign");
    }

    #[test]
    fn a_figure_needs_a_numeral() {
        assert_eq!(value("千"), Some(1000.0));
        assert_eq!(value("百万"), Some(1_000_000.0));
        assert_eq!(value("万"), None);
        assert_eq!(value("x"), None);
        assert_eq!(value(""), None);
    }

    #[test]
    fn minus_signs() {
        assert_eq!(value("▲3億"), Some(-300_000_000.0));
        assert_eq!(value("△2.5"), Some(-2.5));
        assert_eq!(value("▲ 1,200"), Some(-1200.0));
        assert_eq!(value("-5"), Some(-5.0));
        // After a figure `-` is a range or list mark.
        let t = "3-5";
        assert_eq!(read(t, 1, t.len()), None);
        let t = "増減 -12";
        assert_eq!(read(t, "増減 ".len(), t.len()).map(|f| f.value), Some(-12.0));
    }

    #[test]
    fn small_values_of_date_parts() {
        assert_eq!(small_value("12"), Some(12));
        assert_eq!(small_value("十二"), Some(12));
        assert_eq!(small_value("三十一"), Some(31));
        assert_eq!(small_value("二〇二三"), Some(2023));
        assert_eq!(small_value("二千二十三"), Some(2023));
        assert_eq!(small_value("元"), None);
        assert_eq!(small_value("十百"), None);
    }

    #[test]
    fn long_runs_do_not_overflow() {
        assert_eq!(value(&"9".repeat(500)), None);
        assert!(value(&"九".repeat(50)).is_some());
    }
}
