//! Number parsing for extraction: ASCII digits with commas and decimals, the multipliers
//! 千/万/億/兆 (`1億2000万`, `14,043千`), and kanji numerals (`三`, `二十五`, `百二十`).
//!
//! Input is normalized text, so full-width digits are already ASCII.

/// Regex sub-pattern for one run of digits: `14,043`, `96.8`, `2019`.
pub const DIGITS: &str = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?";

/// Regex sub-pattern for a number with multipliers: `500万`, `1億2000万`, `14,043千`.
pub fn number_pattern() -> String {
    format!(r"{DIGITS}(?:[兆億万千](?:{DIGITS})?)*")
}

/// The value of an ASCII number with optional multipliers, as matched by [`number_pattern`].
pub fn parse_number(s: &str) -> Option<f64> {
    let mut total = 0.0f64;
    let mut section = 0.0f64; // below 万
    let mut current: Option<f64> = None;
    let mut rest = s;
    while !rest.is_empty() {
        let digits_len = rest.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(rest.len());
        if digits_len > 0 {
            if current.is_some() {
                return None;
            }
            let cleaned: String = rest[..digits_len].chars().filter(|&c| c != ',').collect();
            current = Some(cleaned.parse::<f64>().ok()?);
            rest = &rest[digits_len..];
            continue;
        }
        let c = rest.chars().next()?;
        match c {
            '千' => {
                section += current.take().unwrap_or(1.0) * 1_000.0;
            }
            '万' | '億' | '兆' => {
                let mult = match c {
                    '万' => 1e4,
                    '億' => 1e8,
                    _ => 1e12,
                };
                let base = section + current.take().unwrap_or(if section > 0.0 { 0.0 } else { 1.0 });
                total += base * mult;
                section = 0.0;
            }
            _ => return None,
        }
        rest = &rest[c.len_utf8()..];
    }
    let v = total + section + current.unwrap_or(0.0);
    v.is_finite().then_some(v)
}

/// The trailing multiplier of a number (`200万` → 1e4), for ranges like `100~200万円`
/// where the low end omits it.
pub fn trailing_multiplier(s: &str) -> Option<f64> {
    match s.chars().next_back()? {
        '千' => Some(1e3),
        '万' => Some(1e4),
        '億' => Some(1e8),
        '兆' => Some(1e12),
        _ => None,
    }
}

/// Kanji digits.
pub const KANJI_DIGITS: &str = "〇一二三四五六七八九";

/// The value of a kanji numeral (`三` → 3, `二十五` → 25, `百二十` → 120, `千五百` → 1500).
pub fn parse_kanji(s: &str) -> Option<f64> {
    let mut total = 0u64;
    let mut current: Option<u64> = None;
    if s.is_empty() {
        return None;
    }
    for c in s.chars() {
        if let Some(d) = KANJI_DIGITS.chars().position(|k| k == c) {
            // Positional digits (二〇二四) or a digit before a unit.
            current = Some(current.map_or(d as u64, |v| v.saturating_mul(10).saturating_add(d as u64)));
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total = total.saturating_add(current.take().unwrap_or(1).saturating_mul(unit));
    }
    Some((total.saturating_add(current.unwrap_or(0))) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_decimals_and_multipliers() {
        assert_eq!(parse_number("10"), Some(10.0));
        assert_eq!(parse_number("23,000"), Some(23000.0));
        assert_eq!(parse_number("96.8"), Some(96.8));
        assert_eq!(parse_number("500万"), Some(5_000_000.0));
        assert_eq!(parse_number("14,043千"), Some(14_043_000.0));
        assert_eq!(parse_number("2億"), Some(200_000_000.0));
        assert_eq!(parse_number("1億2000万"), Some(120_000_000.0));
        assert_eq!(parse_number("1千万"), Some(10_000_000.0));
        assert_eq!(parse_number("150兆"), Some(1.5e14));
        assert_eq!(parse_number("x"), None);
    }

    #[test]
    fn long_digit_runs_do_not_panic() {
        // 500 digits overflow f64: no value rather than infinity.
        assert_eq!(parse_number(&"9".repeat(500)), None);
        assert_eq!(parse_number(&"1".repeat(30)), Some(1.111_111_111_111_111e29));
    }

    #[test]
    fn kanji_numerals() {
        assert_eq!(parse_kanji("三"), Some(3.0));
        assert_eq!(parse_kanji("十"), Some(10.0));
        assert_eq!(parse_kanji("二十五"), Some(25.0));
        assert_eq!(parse_kanji("百二十"), Some(120.0));
        assert_eq!(parse_kanji("千五百"), Some(1500.0));
        assert_eq!(parse_kanji("あ"), None);
    }
}
