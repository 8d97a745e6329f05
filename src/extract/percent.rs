//! Percentages: `96.8%` → 96.8, `90%以上`, `約97%`, `▲1.5%`, ranges (`90%~100%未満`), and
//! 割/分/厘 (`3割4分5厘` → 34.5).

/// Percent signs (`％` is `%` after normalization).
pub const PERCENT_UNITS: &[&str] = &["%", "パーセント"];

/// 割 and its smaller units: (unit, value of one unit in percent).
pub const WARI_UNITS: &[(&str, f64)] = &[("割", 10.0), ("分", 1.0), ("厘", 0.1)];

/// The value of `n割` followed by optional `b分` and `c厘` in `rest` (the text after 割):
/// (percent, bytes of `rest` consumed).
pub fn wari_value(n: f64, rest: &str) -> (f64, usize) {
    let mut value = n * WARI_UNITS[0].1;
    let mut used = 0;
    for (unit, per) in &WARI_UNITS[1..] {
        let tail = &rest[used..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 2 || !tail[digits..].starts_with(unit) {
            continue;
        }
        let Ok(d) = tail[..digits].parse::<f64>() else { continue };
        value += d * per;
        used += digits + unit.len();
    }
    (value, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wari_bu_rin() {
        assert_eq!(wari_value(3.0, ""), (30.0, 0));
        let (v, used) = wari_value(3.0, "4分5厘です");
        assert!((v - 34.5).abs() < 1e-9, "{v}");
        assert_eq!(used, "4分5厘".len());
        assert_eq!(wari_value(5.0, "以上"), (50.0, 0));
    }
}
