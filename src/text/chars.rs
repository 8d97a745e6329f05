//! Character classes, defined once for every rule of extraction.
//!
//! Input is normalized text: full-width ASCII is ASCII, half-width katakana is full-width, the
//! wave dashes are `~` and the dashes `-` (see [`crate::normalize`]).

/// A kanji, including the iteration mark 々 and 〆 (not the kanji zero 〇: see [`is_kanji_digit`]).
pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々' | '〆')
}

/// A katakana letter or the long-vowel mark; not the middle dot ・ (U+30FB), a list separator.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}')
}

/// A letter of a word: kanji, katakana or the kanji zero. A figure glued to one on its left
/// is part of a name (`東京2020大会`) unless that char is a prefix such as 約 or 計.
pub fn is_word_char(c: char) -> bool {
    is_kanji(c) || is_katakana(c) || c == '〇'
}

/// The kanji that count from one to ten (一 … 十), as headings and dates number with them:
/// a macro, so regex patterns can be built from it with `concat!`.
#[macro_export]
macro_rules! kanji_one_to_ten {
    () => {
        "一二三四五六七八九十"
    };
}

/// The kanji digits 〇 to 九 in value order, as a string for `concat!`.
#[macro_export]
macro_rules! kanji_digits {
    () => {
        "〇一二三四五六七八九"
    };
}

/// 一 … 十 (see [`kanji_one_to_ten`]).
pub const KANJI_ONE_TO_TEN: &str = kanji_one_to_ten!();

/// The kanji digits, 〇 (zero) to 九, in value order.
pub const KANJI_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The value of a kanji digit (`〇` → 0, `九` → 9); 零 is zero too.
pub fn kanji_digit(c: char) -> Option<u32> {
    if c == '零' {
        return Some(0);
    }
    KANJI_DIGITS.iter().position(|&k| k == c).map(|d| d as u32)
}

pub fn is_kanji_digit(c: char) -> bool {
    kanji_digit(c).is_some()
}

/// 十, 百, 千 inside a kanji numeral and their values.
pub fn kanji_small_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Any char that can be part of a kanji numeral below 万.
pub fn is_kanji_numeral(c: char) -> bool {
    is_kanji_digit(c) || kanji_small_unit(c).is_some()
}

/// The char before byte `pos` of `text`.
pub fn before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The char at byte `pos` of `text`.
pub fn at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// Bytes of spaces (ASCII space only: a full-width space is one after normalization) at `pos`.
pub fn spaces_at(text: &str, pos: usize) -> usize {
    text.as_bytes().get(pos..).map_or(0, |b| b.iter().take_while(|&&b| b == b' ').count())
}

/// A set of chars found by a byte loop instead of `char` iteration: ASCII chars by a table
/// of bytes, others (up to U+FFFF) by a bit per code point, decoded from their bytes in place.
/// Most of a Japanese text is kanji and kana none of which are in the set.
pub struct CharFinder {
    ascii: [bool; 128],
    /// For three-byte chars, by the low bits of their first byte, a bit per the low bits of
    /// their second: whether any char of the set starts so. Most kana and kanji are ruled out
    /// here without decoding.
    three: [u64; 16],
    /// One bit per code point below U+10000.
    bmp: Vec<u64>,
}

impl CharFinder {
    pub fn new(set: &str) -> CharFinder {
        let mut f = CharFinder { ascii: [false; 128], three: [0; 16], bmp: vec![0; 1024] };
        for c in set.chars() {
            let cp = c as usize;
            if cp < 128 {
                f.ascii[cp] = true;
            } else {
                assert!(cp < 0x10000, "CharFinder holds chars below U+10000, not {c}");
                f.bmp[cp / 64] |= 1 << (cp % 64);
                let mut buf = [0; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                if bytes.len() == 3 {
                    f.three[usize::from(bytes[0] & 0x0F)] |= 1 << (bytes[1] & 0x3F);
                }
            }
        }
        f
    }

    /// Where the first char of the set at or after byte `pos` (a char boundary, before `end`)
    /// starts.
    pub fn find(&self, text: &str, pos: usize, end: usize) -> Option<usize> {
        let bytes = &text.as_bytes()[..end.min(text.len())];
        let n = bytes.len();
        let mut i = pos;
        while i < n {
            let b = bytes[i];
            // Kana and kanji first: the most common chars, most ruled out by their first two
            // bytes.
            if b & 0xF0 == 0xE0 && i + 2 < n {
                let (lead, second) = (usize::from(b & 0x0F), usize::from(bytes[i + 1] & 0x3F));
                if self.three[lead] >> second & 1 != 0 {
                    let cp = (lead << 12) | (second << 6) | usize::from(bytes[i + 2] & 0x3F);
                    if self.bmp[cp / 64] & (1 << (cp % 64)) != 0 {
                        return Some(i);
                    }
                }
                i += 3;
                continue;
            }
            if b < 0x80 {
                if self.ascii[usize::from(b)] {
                    return Some(i);
                }
                i += 1;
                continue;
            }
            let (cp, len) = match b {
                0xC0..=0xDF if i + 1 < n => ((usize::from(b & 0x1F) << 6) | usize::from(bytes[i + 1] & 0x3F), 2),
                0xF0..=0xF7 => (usize::MAX, 4),
                _ => (usize::MAX, 1),
            };
            if cp < 0x10000 && self.bmp[cp / 64] & (1 << (cp % 64)) != 0 {
                return Some(i);
            }
            i += len;
        }
        None
    }
}

/// Weekday kanji as written in brackets after a date (`(金)`), including holidays (`祝`, `休`).
pub const WEEKDAY_KANJI: &str = "月火水木金土日祝休";

/// `pos` (clamped to the text), moved back to the nearest char boundary: where a byte window
/// ends.
pub(crate) fn floor_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// `pos` (clamped to the text), moved on to the nearest char boundary: where a byte window
/// looking back starts.
pub(crate) fn ceil_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_kanji('年') && is_kanji('々') && !is_kanji('〇') && !is_kanji('ア'));
        assert!(is_katakana('ア') && is_katakana('ー') && !is_katakana('・'));
        assert_eq!(kanji_digit('〇'), Some(0));
        assert_eq!(kanji_digit('九'), Some(9));
        assert_eq!(kanji_digit('十'), None);
        assert_eq!(kanji_small_unit('百'), Some(100));
    }

    #[test]
    fn char_finder_finds_what_a_char_search_finds() {
        let set = "0123456789年〇一二三¥▲";
        let finder = CharFinder::new(set);
        for text in ["", "a", "x5", "今年度", "ー年", "¥100", "価格▲3", "𠮷九二", "\n\t3", "平成"] {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let want = text[pos..].find(|c: char| set.contains(c)).map(|i| i + pos);
                assert_eq!(finder.find(text, pos, text.len()), want, "{text:?} from {pos}");
            }
        }
    }

    #[test]
    fn neighbours() {
        assert_eq!(before("約5件", "約".len()), Some('約'));
        assert_eq!(at("約5件", "約5".len()), Some('件'));
        assert_eq!(spaces_at("12  千円", 2), 2);
        assert_eq!(before("", 0), None);
    }
}
