//! Stated rates checked: where a document states its own 達成率 / 進捗率, the rate computed from
//! the pair should give it back. Agreement confirms a pair (and picks between candidate result
//! columns: a year's figure or the cumulative one); disagreement is reported, not hidden.
//!
//! Documents compute a rate for "less is better" in two ways: target over actual, or
//! 1 + (target − actual) / target (a 0.31 target met with 0.33 is 93.5%, not 93.9%). Both are
//! tried; the one that agrees is recorded as the formula.

crate::vocabulary! {
    /// How a rate is computed from a target `t` and an actual `a`.
    pub enum Formula {
        /// a / t: more is better.
        ActualOverTarget => "actual/target",
        /// t / a: less is better.
        TargetOverActual => "target/actual",
        /// 1 + (t − a) / t: less is better, as the gap from the target.
        ShortfallOfTarget => "1+(target-actual)/target",
    }
}

impl Formula {
    /// True for the formulas of "less is better".
    pub fn lower_is_better(self) -> bool {
        !matches!(self, Formula::ActualOverTarget)
    }

    /// The rate in percent, when it can be computed.
    pub fn percent(self, target: f64, actual: f64) -> Option<f64> {
        let r = match self {
            Formula::ActualOverTarget => (target != 0.0).then(|| actual / target)?,
            Formula::TargetOverActual => (actual != 0.0).then(|| target / actual)?,
            Formula::ShortfallOfTarget => (target != 0.0).then(|| 1.0 + (target - actual) / target)?,
        };
        Some(r * 100.0)
    }
}

/// The stated rate against the computed one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateCheck {
    /// The computed rate in percent (by `formula`).
    pub computed: f64,
    pub formula: Formula,
    /// True when the stated rate is the computed one, to the stated precision.
    pub agrees: bool,
}

/// How far a stated rate written with `decimals` digits after the point may be from the
/// computed one: half its last digit, and a little for the rounding of the figures.
fn tolerance(decimals: u8) -> f64 {
    0.5 * 10f64.powi(-i32::from(decimals)) + 0.06
}

/// Checks a stated rate (percent, `decimals` after the point) against a target and an actual.
/// `lower_is_better`: `Some` when the direction is known, `None` to try every formula (the
/// agreeing one then tells the direction). The check of the direction's own formula is
/// returned when none agrees.
pub fn check(target: f64, actual: f64, stated: f64, decimals: u8, lower_is_better: Option<bool>) -> Option<RateCheck> {
    let formulas: &[Formula] = match lower_is_better {
        Some(false) => &[Formula::ActualOverTarget],
        Some(true) => &[Formula::TargetOverActual, Formula::ShortfallOfTarget],
        None => &[Formula::ActualOverTarget, Formula::TargetOverActual, Formula::ShortfallOfTarget],
    };
    let tol = tolerance(decimals);
    let mut first: Option<RateCheck> = None;
    for &f in formulas {
        let Some(computed) = f.percent(target, actual) else { continue };
        let agrees = (computed - stated).abs() <= tol;
        let c = RateCheck { computed, formula: f, agrees };
        if agrees {
            return Some(c);
        }
        first.get_or_insert(c);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_is_better_rates_agree_to_their_precision() {
        let c = check(600000.0, 519109.0, 86.5, 1, None).unwrap();
        assert!(c.agrees);
        assert_eq!(c.formula, Formula::ActualOverTarget);
        assert!(!check(100.0, 75.0, 80.0, 0, Some(false)).unwrap().agrees);
        assert!(check(3297.0, 2273.0, 68.9, 1, Some(false)).unwrap().agrees);
    }

    #[test]
    fn less_is_better_rates_are_read_either_way() {
        // 0.31 aimed at, 0.33 reached: 93.5% as the shortfall, not 93.9% as the ratio.
        let c = check(0.31, 0.33, 93.5, 1, None).unwrap();
        assert!(c.agrees);
        assert_eq!(c.formula, Formula::ShortfallOfTarget);
        let c = check(50.0, 40.0, 125.0, 0, Some(true)).unwrap();
        assert_eq!(c.formula, Formula::TargetOverActual);
        assert!(c.agrees);
    }

    #[test]
    fn a_rate_that_cannot_be_computed_is_no_check() {
        assert!(check(0.0, 5.0, 50.0, 0, Some(false)).is_none());
    }
}
