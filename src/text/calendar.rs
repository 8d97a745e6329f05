//! A point or period of the calendar at some grain, and how it is written (`2019`, `FY2019`,
//! `2019-04`, `2019-04-01`; `XXXX` for an unknown year).

/// A point or period at some grain. The year is `None` when it is unknown (a month without a
/// year in a document whose fiscal year is unknown): it is written `XXXX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Year(Option<i32>),
    /// A fiscal year, April to March, named by the year it starts in.
    Fy(Option<i32>),
    Month(Option<i32>, u32),
    Day(Option<i32>, u32, u32),
}

/// (year, month, day).
pub type Ymd = (i32, u32, u32);

impl When {
    pub fn format(self) -> String {
        let mut out = String::with_capacity(10);
        self.write_to(&mut out);
        out
    }

    /// Appends the value as [`When::format`] writes it: `2019`, `FY2019`, `2019-04`, `2019-04-01`.
    pub fn write_to(self, out: &mut String) {
        match self {
            When::Year(y) => push_year(out, y),
            When::Fy(y) => {
                out.push_str("FY");
                push_year(out, y);
            }
            When::Month(y, m) => {
                push_year(out, y);
                out.push('-');
                push_padded(out, m, 2);
            }
            When::Day(y, m, d) => {
                push_year(out, y);
                out.push('-');
                push_padded(out, m, 2);
                out.push('-');
                push_padded(out, d, 2);
            }
        }
    }

    pub fn first_day(self) -> Option<Ymd> {
        match self {
            When::Year(y) => Some((y?, 1, 1)),
            When::Fy(y) => Some((y?, 4, 1)),
            When::Month(y, m) => Some((y?, m, 1)),
            When::Day(y, m, d) => Some((y?, m, d)),
        }
    }

    pub fn last_day(self) -> Option<Ymd> {
        match self {
            When::Year(y) => Some((y?, 12, 31)),
            When::Fy(y) => Some((y? + 1, 3, 31)),
            When::Month(y, m) => Some((y?, m, days_in_month(y, m))),
            When::Day(y, m, d) => Some((y?, m, d)),
        }
    }

    pub fn year(self) -> Option<i32> {
        match self {
            When::Year(y) | When::Fy(y) | When::Month(y, _) | When::Day(y, _, _) => y,
        }
    }

    /// The fiscal year this point falls in.
    pub fn fiscal_year(self) -> Option<i32> {
        match self {
            When::Fy(y) => y,
            When::Year(_) => None,
            When::Month(y, m) | When::Day(y, m, _) => y.map(|y| if m <= 3 { y - 1 } else { y }),
        }
    }

    /// A sort key of the first day (unknown years sort as equal).
    pub fn start_key(self) -> Option<Ymd> {
        self.first_day()
    }
}

/// Appends a year as `{y:04}`, or `XXXX` when it is unknown.
fn push_year(out: &mut String, y: Option<i32>) {
    match y {
        Some(y) => match u32::try_from(y) {
            Ok(y) => push_padded(out, y, 4),
            Err(_) => out.push_str(&format!("{y:04}")),
        },
        None => out.push_str("XXXX"),
    }
}

/// Appends `n` as `{n:0width$}` does, without the formatting machinery: every date mention
/// writes a few of these.
fn push_padded(out: &mut String, n: u32, width: u32) {
    if n >= 10u32.pow(width) {
        out.push_str(&n.to_string());
        return;
    }
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

pub fn ymd_str((y, m, d): Ymd) -> String {
    When::Day(Some(y), m, d).format()
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: Option<i32>, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y.is_some_and(is_leap) => 29,
        2 => 28,
        _ => 31,
    }
}

/// True when month `m` (and day `d`) exist; with an unknown year February may have 29 days.
pub(crate) fn valid_md(year: Option<i32>, m: u32, d: Option<u32>) -> bool {
    (1..=12).contains(&m) && d.is_none_or(|d| d >= 1 && d <= days_in_month(year.or(Some(2000)), m))
}

/// The calendar year of month `m` in fiscal year `fy`: April–December in `fy`, January–March
/// in `fy + 1`.
pub(crate) fn year_of_month_in_fy(fy: Option<i32>, m: u32) -> Option<i32> {
    fy.map(|y| if m <= 3 { y + 1 } else { y })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_format_writes_them() {
        for y in [-5, 0, 7, 99, 1868, 2019, 9999, 10000, 123456] {
            for (m, d) in [(1, 1), (4, 30), (12, 31), (100, 7), (5, 123)] {
                assert_eq!(When::Day(Some(y), m, d).format(), format!("{y:04}-{m:02}-{d:02}"));
                assert_eq!(When::Month(Some(y), m).format(), format!("{y:04}-{m:02}"));
                assert_eq!(When::Fy(Some(y)).format(), format!("FY{y:04}"));
            }
        }
        assert_eq!(When::Month(None, 4).format(), "XXXX-04");
    }

    #[test]
    fn fiscal_years_of_points() {
        assert_eq!(When::Day(Some(2020), 3, 31).fiscal_year(), Some(2019));
        assert_eq!(When::Month(Some(2020), 4).fiscal_year(), Some(2020));
        assert_eq!(year_of_month_in_fy(Some(2019), 2), Some(2020));
        assert!(valid_md(None, 2, Some(29)) && !valid_md(Some(2023), 2, Some(29)));
    }
}
