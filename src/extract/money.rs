//! Money: value in yen with unit `円` (`500万円`, `14,043千円`, `約2億円`, `¥1,500`,
//! `12 千円`); other currencies keep their unit (`2USドル` → 2, `ドル`); a bare number takes
//! the unit of its table column (`予算額 (千円)`) or of a caption above its block
//! (`(単位:百万円)`, `金額の単位は千円`): how headers and captions name units is the shared
//! table model's ([`crate::layout`]).

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

/// An amount in yen as a product of a figure and a scale gives it, without the float error
/// of the product (`4198.1 × 1e6` is `4198100000.0000005`): rounded to a thousandth of a yen.
pub fn yen(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// The yen multiplier of a unit word (`千円` → 1000), for a table column's or a caption's unit.
pub fn yen_multiplier(unit: &str) -> Option<f64> {
    YEN_SCALES.iter().find(|(u, _)| *u == unit).map(|(_, m)| *m).or((unit == YEN).then_some(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_multipliers() {
        assert_eq!(yen_multiplier("千円"), Some(1e3));
        assert_eq!(yen_multiplier("百万円"), Some(1e6));
        assert_eq!(yen_multiplier("円"), Some(1.0));
        assert_eq!(yen_multiplier("件"), None);
    }
}
