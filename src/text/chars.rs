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

/// Every place of a set of chars in a whole text, in order: for a set of the ten ASCII digits
/// and chars of three UTF-8 bytes (kanji), which is what figures start with. A scan a byte
/// at a time ([`CharFinder`]) spends most of its time ruling out kanji one by one; here
/// digits are found eight bytes at a time and the kanji by a packed (SIMD) multi-substring
/// search of their bytes, and the two lists are merged.
pub struct PlaceFinder {
    /// The set's three-byte chars, as byte strings (UTF-8 keeps a char's first byte from
    /// ever standing inside another char, so a match is always a whole char).
    kanji: Option<aho_corasick::packed::Searcher>,
    /// The same set, for texts too short for a search's set-up to pay.
    fallback: CharFinder,
}

impl PlaceFinder {
    /// `set` must hold the ten ASCII digits and otherwise only chars of three UTF-8 bytes.
    pub fn new(set: &str) -> PlaceFinder {
        let ascii: String = set.chars().filter(char::is_ascii).collect();
        assert!(
            ascii.len() == 10 && ascii.chars().all(|c| c.is_ascii_digit()),
            "PlaceFinder: digits only, not {ascii}"
        );
        let kanji: Vec<String> = set.chars().filter(|c| !c.is_ascii()).map(String::from).collect();
        assert!(kanji.iter().all(|k| k.len() == 3), "PlaceFinder: chars of three bytes only");
        // Without SSSE3 or AVX2 a packed searcher may be unavailable: the char-by-char scan
        // then serves every text.
        let kanji = aho_corasick::packed::Config::new().builder().extend(&kanji).build();
        PlaceFinder { kanji, fallback: CharFinder::new(set) }
    }

    /// The places of the set's chars in `text`, in order, into `out` (cleared first).
    pub fn places(&self, text: &str, out: &mut Vec<usize>) {
        out.clear();
        let bytes = text.as_bytes();
        let Some(kanji) = self.kanji.as_ref().filter(|_| bytes.len() >= 64) else {
            let mut p = 0;
            while let Some(i) = self.fallback.find(text, p, bytes.len()) {
                out.push(i);
                p = i + if bytes[i] < 0x80 { 1 } else { 3 };
            }
            return;
        };
        let mut digits = Vec::new();
        ascii_digits(bytes, &mut digits);
        let mut d = 0;
        for m in kanji.find_iter(bytes) {
            let before = d + digits[d..].iter().take_while(|&&p| p < m.start()).count();
            out.extend_from_slice(&digits[d..before]);
            d = before;
            out.push(m.start());
        }
        out.extend_from_slice(&digits[d..]);
    }
}

/// Of eight bytes (read little-endian), the high bit of each byte that is an ASCII digit. A
/// byte is a digit when, xor '0', it is below 10: adding 0x76 to its low seven bits sets its
/// high bit exactly when they are 10 or more (no carry leaves the byte), and a byte with its
/// own high bit set is no digit.
fn digit_bytes(chunk: &[u8]) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    let x = word ^ (ONES * u64::from(b'0'));
    !((x & !HIGHS).wrapping_add(ONES * 0x76) | x) & HIGHS
}

/// The places of the ASCII digits of `bytes`, in order: eight bytes at a time.
fn ascii_digits(bytes: &[u8], out: &mut Vec<usize>) {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut digits = digit_bytes(chunk);
        while digits != 0 {
            out.push(at + digits.trailing_zeros() as usize / 8);
            digits &= digits - 1;
        }
        at += 8;
    }
    out.extend(chunks.remainder().iter().enumerate().filter(|(_, b)| b.is_ascii_digit()).map(|(i, _)| at + i));
}

/// Where each run of ASCII digits of `bytes` starts, in order, into `out` (appended), found
/// eight bytes at a time: an index for counting the runs of any range by two searches
/// (see [`digit_runs_in`]).
pub fn digit_run_starts(bytes: &[u8], out: &mut Vec<usize>) {
    let mut carry = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let digits = digit_bytes(chunk);
        let mut starts = digits & !((digits << 8) | carry);
        while starts != 0 {
            out.push(at + starts.trailing_zeros() as usize / 8);
            starts &= starts - 1;
        }
        carry = (digits >> 63) << 7;
        at += 8;
    }
    let mut in_run = carry != 0;
    for (i, b) in chunks.remainder().iter().enumerate() {
        let digit = b.is_ascii_digit();
        if digit && !in_run {
            out.push(at + i);
        }
        in_run = digit;
    }
}

/// How many runs of ASCII digits `bytes[range]` holds, from the run starts of the whole of
/// `bytes` ([`digit_run_starts`]): those inside the range, and one more when the range starts
/// inside a run.
pub fn digit_runs_in(bytes: &[u8], starts: &[usize], range: std::ops::Range<usize>) -> usize {
    if range.start >= range.end {
        return 0;
    }
    let inside = crate::text::positions::starting_in(starts, range.clone(), |&s| s).len();
    let cut = range.start > 0 && bytes[range.start].is_ascii_digit() && bytes[range.start - 1].is_ascii_digit();
    inside + usize::from(cut)
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

    proptest::proptest! {
        /// Runs counted from the whole text's run starts are the runs of the range itself.
        #[test]
        fn digit_runs_of_a_range_are_counted_from_the_run_starts(
            text in "[0-9a ,.年]{0,60}", a in 0usize..64, len in 0usize..64
        ) {
            let b = text.as_bytes();
            let mut starts = Vec::new();
            digit_run_starts(b, &mut starts);
            let walked: Vec<usize> =
                (0..b.len()).filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit())).collect();
            proptest::prop_assert_eq!(&starts, &walked);
            let a = a.min(b.len());
            let e = (a + len).min(b.len());
            let r = &b[a..e];
            let walked_in_range = (0..r.len()).filter(|&i| r[i].is_ascii_digit() && (i == 0 || !r[i - 1].is_ascii_digit())).count();
            proptest::prop_assert_eq!(digit_runs_in(b, &starts, a..e), walked_in_range);
        }

        /// Whole-text places are every place a char search finds, on texts of digits, kanji
        /// of the set and not, kana, Latin letters, spaces and four-byte chars.
        #[test]
        fn place_finder_finds_every_place_a_char_search_finds(
            text in "[0-9a-z 年一二九十万国語あア𠮷\\n]{0,200}"
        ) {
            let set = "0123456789年〇一二三四五六七八九十";
            let mut places = Vec::new();
            PlaceFinder::new(set).places(&text, &mut places);
            let want: Vec<usize> = text.char_indices().filter(|(_, c)| set.contains(*c)).map(|(i, _)| i).collect();
            proptest::prop_assert_eq!(places, want);
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
