//! Money: value in yen with unit `円` (`500万円`, `14,043千円`, `約2億円`); other currencies
//! keep their unit (`2USドル` → 2, `ドル`); a bare number in a table column whose header
//! carries the unit (`予算額 (千円)`) takes that unit.

/// Yen as written after the number (multipliers 千/万/億/兆 are part of the number).
pub const YEN: &str = "円";

/// Other currencies: (as written, unit reported).
pub const CURRENCIES: &[(&str, &str)] = &[
    ("USドル", "ドル"),
    ("米ドル", "ドル"),
    ("ドル", "ドル"),
    ("ユーロ", "ユーロ"),
    ("ポンド", "ポンド"),
    ("人民元", "元"),
    ("ウォン", "ウォン"),
];

/// Units a table column header may carry, in brackets: (as written, multiplier of yen).
pub const HEADER_UNITS: &[(&str, f64)] =
    &[("(円)", 1.0), ("(千円)", 1e3), ("(万円)", 1e4), ("(百万円)", 1e6), ("(億円)", 1e8)];

/// The header label and multiplier when `header` names a yen column: `予算額 (千円)` →
/// (`予算額`, 1000).
pub fn header_unit(header: &str) -> Option<(&str, f64)> {
    let h = header.trim();
    HEADER_UNITS.iter().find_map(|(u, mult)| {
        let label = h.strip_suffix(u)?.trim_end();
        Some((label, *mult))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_units() {
        assert_eq!(header_unit("予算額 (千円)"), Some(("予算額", 1e3)));
        assert_eq!(header_unit("金額(円)"), Some(("金額", 1.0)));
        assert_eq!(header_unit("予算額"), None);
    }
}
