//! Japanese eras as data (cf. ja-timex `dictionary/wareki.json`). The date rules' `<era>`
//! patterns are built from this table, so an era added here is read everywhere.
//!
//! A year of an era converts arithmetically, also past the era's end: 平成31年度 = FY2019,
//! 平成33年 = 2021.

/// One era: its name, its one-letter abbreviation, and the offset that turns its years into
/// Western years (`offset + N`).
#[derive(Debug, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    pub letter: char,
    /// The one-kanji abbreviation written in dotted dates (`令5.3.31`, `平30.4.1`).
    pub short: char,
    pub offset: i32,
    /// The first fiscal year that is the era's year 1 (元年度).
    pub first_fiscal_year: i32,
}

/// The eras, oldest first.
pub const ERAS: [Era; 5] = [
    Era { name: "明治", letter: 'M', short: '明', offset: 1867, first_fiscal_year: 1868 },
    Era { name: "大正", letter: 'T', short: '大', offset: 1911, first_fiscal_year: 1912 },
    Era { name: "昭和", letter: 'S', short: '昭', offset: 1925, first_fiscal_year: 1926 },
    Era { name: "平成", letter: 'H', short: '平', offset: 1988, first_fiscal_year: 1989 },
    Era { name: "令和", letter: 'R', short: '令', offset: 2018, first_fiscal_year: 2019 },
];

/// The era written as `s`: a name (`令和`) or a letter (`R`, already ASCII after normalization).
pub fn lookup(s: &str) -> Option<&'static Era> {
    let mut chars = s.chars();
    let single = chars.next().filter(|_| chars.next().is_none());
    ERAS.iter().find(|e| e.name == s || single.is_some_and(|c| c == e.letter || c == e.short))
}

/// Whether `word` ends with an era's name (`…令和`): a number after it is the era's year.
pub fn ends_with_name(word: &str) -> bool {
    ERAS.iter().any(|e| word.ends_with(e.name))
}

/// The text after an era written at the start of `t`, by name or letter (`令和3年度` → `3年度`,
/// `H30` → `30`).
pub fn strip_era(t: &str) -> Option<&str> {
    ERAS.iter().find_map(|e| t.strip_prefix(e.name).or_else(|| t.strip_prefix(e.letter)))
}

/// A char an era can start with: a name's first char, a letter or a one-kanji abbreviation.
pub fn starts_an_era(c: char) -> bool {
    static FIRST: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    // Asked of every char of many lines: a short list of chars, made once from the table.
    FIRST
        .get_or_init(|| {
            ERAS.iter().flat_map(|e| [e.letter, e.short].into_iter().chain(e.name.chars().next())).collect()
        })
        .contains(&c)
}

/// A char of an era's name (`令`, `和`, `平`, `成` …).
pub fn in_a_name(c: char) -> bool {
    static NAMES: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| ERAS.iter().flat_map(|e| e.name.chars()).collect()).contains(&c)
}

/// Regex alternation of the era names: `明治|大正|…`.
pub fn names_pattern() -> String {
    ERAS.iter().map(|e| e.name).collect::<Vec<_>>().join("|")
}

/// Regex class of the era letters: `[MTSHR]`.
pub fn letters_pattern() -> String {
    format!("[{}]", ERAS.iter().map(|e| e.letter).collect::<String>())
}

/// Regex class of the one-kanji abbreviations: `[明大昭平令]`.
pub fn shorts_pattern() -> String {
    format!("[{}]", ERAS.iter().map(|e| e.short).collect::<String>())
}

/// Regex sub-pattern for a year of an era: 1–2 digits, 元 (= 1), or a kanji numeral
/// (`三十`, `十八`).
pub const YEAR_PATTERN: &str = concat!("(?:[0-9]{1,2}|元|[", crate::kanji_one_to_ten!(), "]{1,3})");

/// An era year as written: digits, kanji, or `元` (= 1). Year 0 is no year.
pub fn parse_year(s: &str) -> Option<i32> {
    if s == "元" {
        return Some(1);
    }
    let n = i32::try_from(crate::text::numeral::small_value(s)?).ok()?;
    (1..=99).contains(&n).then_some(n)
}

/// Index into [`ERAS`] of the era a fiscal year belongs to (FY2019 → 令和).
pub fn index_of_fiscal_year(fy: i32) -> Option<usize> {
    ERAS.iter().rposition(|e| e.first_fiscal_year <= fy)
}

/// The fiscal year of a bare 1–2 digit year written in a document of fiscal year `doc_fy`:
/// a year of the document's era, or of the previous era when the document's era would put
/// it far in the future (令和 document, `28` → 平成28年度 = 2016). A document may name years a
/// few ahead of its own (a plan period, a target): up to ten years ahead stay in its era.
pub fn fiscal_year_in_document_era(n: i32, doc_fy: i32) -> Option<i32> {
    const AHEAD: i32 = 10;
    let i = index_of_fiscal_year(doc_fy)?;
    let y = ERAS[i].offset + n;
    if y <= doc_fy + AHEAD {
        return Some(y);
    }
    let prev = ERAS.get(i.checked_sub(1)?)?;
    Some(prev.offset + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_letters() {
        assert_eq!(lookup("令和").map(|e| e.offset), Some(2018));
        assert_eq!(lookup("H").map(|e| e.name), Some("平成"));
        assert_eq!(lookup("X"), None);
        assert_eq!(lookup("令").map(|e| e.name), Some("令和"));
        assert_eq!(names_pattern(), "明治|大正|昭和|平成|令和");
        assert_eq!(letters_pattern(), "[MTSHR]");
    }

    #[test]
    fn years_as_written() {
        assert_eq!(parse_year("元"), Some(1));
        assert_eq!(parse_year("0"), None);
        assert_eq!(parse_year("31"), Some(31));
        assert_eq!(parse_year("三十"), Some(30));
        assert_eq!(parse_year("十八"), Some(18));
    }

    #[test]
    fn char_tests_are_the_table_s() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let starts = ERAS.iter().any(|e| e.letter == c || e.short == c || e.name.starts_with(c));
            assert_eq!(starts_an_era(c), starts, "{c}");
            assert_eq!(in_a_name(c), ERAS.iter().any(|e| e.name.contains(c)), "{c}");
        }
    }

    #[test]
    fn table_years_fall_back_to_the_previous_era() {
        assert_eq!(fiscal_year_in_document_era(28, 2019), Some(2016));
        assert_eq!(fiscal_year_in_document_era(1, 2019), Some(2019));
        assert_eq!(fiscal_year_in_document_era(30, 2018), Some(2018));
        assert_eq!(fiscal_year_in_document_era(6, 2021), Some(2024), "a few years ahead stay in the era");
        assert_eq!(index_of_fiscal_year(1988).map(|i| ERAS[i].name), Some("昭和"));
    }
}
