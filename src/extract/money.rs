//! Money: value in yen with unit `円` (`500万円`, `14,043千円`, `約2億円`, `¥1,500`,
//! `12 千円`); other currencies keep their unit (`2USドル` → 2, `ドル`); a bare number takes
//! the unit of its table column (`予算額 (千円)`) or of a caption above its block
//! (`(単位:百万円)`, `金額の単位は千円`).

/// Yen as written after the number (multipliers 千/万/億/兆 are part of the number).
pub const YEN: &str = "円";

/// Scale words written before 円 after a space (`12 千円`), with their multipliers: the
/// numeral reader takes them when they are glued to the figure.
pub const YEN_SCALES: &[(&str, f64)] =
    &[("千万円", 1e7), ("百万円", 1e6), ("千円", 1e3), ("万円", 1e4), ("億円", 1e8), ("兆円", 1e12)];

/// Other currencies written after the number: (as written, unit reported).
pub const CURRENCIES: &[(&str, &str)] = &[
    ("USドル", "ドル"),
    ("米ドル", "ドル"),
    ("ドル", "ドル"),
    ("ユーロ", "ユーロ"),
    ("ポンド", "ポンド"),
    ("人民元", "元"),
    ("ウォン", "ウォン"),
];

/// Currency signs written before the number: (sign, unit reported). `￥` is `¥` after
/// normalization.
pub const PREFIX_SIGNS: &[(char, &str)] = &[('¥', "円"), ('$', "ドル"), ('€', "ユーロ"), ('£', "ポンド")];

/// Units a table column header or a caption may carry: (as written, multiplier of yen).
pub const UNIT_WORDS: &[(&str, f64)] =
    &[("千万円", 1e7), ("百万円", 1e6), ("千円", 1e3), ("万円", 1e4), ("億円", 1e8), ("円", 1.0)];

/// The header label and multiplier when `header` names a yen column: `予算額 (千円)` →
/// (`予算額`, 1000); `金額(単位:百万円)` → (`金額`, 1e6).
pub fn header_unit(header: &str) -> Option<(&str, f64)> {
    let h = header.trim();
    let inner_start = h.rfind('(')?;
    let inner = h[inner_start + 1..].strip_suffix(')')?.trim();
    let inner = inner.strip_prefix("単位").map(|r| r.trim_start_matches([':', ' ', '：'])).unwrap_or(inner);
    let (_, mult) = UNIT_WORDS.iter().find(|(u, _)| inner == *u)?;
    Some((h[..inner_start].trim_end(), *mult))
}

/// The multiplier a unit caption sets for the figures below it: `(単位:百万円)`,
/// `(金額単位:千円)`, `単位:千円`, `金額の単位は千円`, `(単位 千円、%)`.
pub fn caption_unit(line: &str) -> Option<f64> {
    let at = line.find("単位")?;
    let rest = &line[at + "単位".len()..];
    let rest = rest.trim_start_matches([':', ' ', 'は', '：']);
    UNIT_WORDS.iter().find(|(u, _)| rest.starts_with(u)).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_units() {
        assert_eq!(header_unit("予算額 (千円)"), Some(("予算額", 1e3)));
        assert_eq!(header_unit("金額(円)"), Some(("金額", 1.0)));
        assert_eq!(header_unit("金額(単位:百万円)"), Some(("金額", 1e6)));
        assert_eq!(header_unit("予算額"), None);
        assert_eq!(header_unit("件数(件)"), None);
    }

    #[test]
    fn caption_units() {
        assert_eq!(caption_unit("(単位:百万円)"), Some(1e6));
        assert_eq!(caption_unit("補正予算の内容(単位:百万円)"), Some(1e6));
        assert_eq!(caption_unit("(金額単位:千円)"), Some(1e3));
        assert_eq!(caption_unit("事業数及び決算額等(金額の単位は千円)"), Some(1e3));
        assert_eq!(caption_unit("単位 千円、%"), Some(1e3));
        assert_eq!(caption_unit("基礎となる単位で"), None);
    }
}
