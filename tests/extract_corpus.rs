//! The extraction corpus, in duckling form (cf. duckling `Duckling/Time/JA/Corpus.hs`): per
//! rule, one expected value and the surface forms that must produce it (half- and
//! full-width, with and without era, list and range variants), every example of
//! `docs/extraction.md`, and a negative corpus that must yield nothing.
//!
//! Each input is fed raw (un-normalized) through `SourceText::from_text` → tokenize →
//! `extract(norm, tokens, ctx)` with the reference fiscal year 2019 (unless a case says
//! otherwise), and again with an empty token slice (the extraction-only path). A mention's
//! surface is `SourceText::source_text(norm_span)`. Failures quote the input.

mod common;

use common::*;
use keikaku::extract;

/// The reference "now": fiscal year 2019 (April 2019 – March 2020).
const FY: Option<i32> = Some(2019);

/// One expected mention: its surface and the fields to check (unset = not checked).
#[derive(Debug, Clone, Default)]
struct Want {
    surface: &'static str,
    kind: &'static str,
    date: Option<&'static str>,
    start: Option<Option<&'static str>>,
    end: Option<Option<&'static str>>,
    value: Option<f64>,
    max: Option<Option<f64>>,
    unit: Option<&'static str>,
    q: Option<Option<&'static str>>,
    approx: Option<bool>,
    role: Option<Option<&'static str>>,
    per: Option<Option<&'static str>>,
    subject: Option<&'static str>,
}

fn date(surface: &'static str, value: &'static str) -> Want {
    Want { surface, kind: "date", date: Some(value), ..Want::default() }
}

fn count(surface: &'static str, value: f64, unit: &'static str) -> Want {
    Want { surface, kind: "count", value: Some(value), unit: Some(unit), ..Want::default() }
}

fn percent(surface: &'static str, value: f64) -> Want {
    Want { surface, kind: "percent", value: Some(value), ..Want::default() }
}

fn money(surface: &'static str, value: f64, unit: &'static str) -> Want {
    Want { surface, kind: "money", value: Some(value), unit: Some(unit), ..Want::default() }
}

impl Want {
    fn days(mut self, start: Option<&'static str>, end: Option<&'static str>) -> Want {
        self.start = Some(start);
        self.end = Some(end);
        self
    }
    fn approx(mut self) -> Want {
        self.approx = Some(true);
        self
    }
    fn exact(mut self) -> Want {
        self.approx = Some(false);
        self
    }
    fn role_as_of(mut self) -> Want {
        self.role = Some(Some("as_of"));
        self
    }
    fn q(mut self, q: &'static str) -> Want {
        self.q = Some(Some(q));
        self
    }
    fn no_q(mut self) -> Want {
        self.q = Some(None);
        self
    }
    fn max(mut self, v: f64) -> Want {
        self.max = Some(Some(v));
        self
    }
    fn per(mut self, p: &'static str) -> Want {
        self.per = Some(Some(p));
        self
    }
    fn subject(mut self, s: &'static str) -> Want {
        self.subject = Some(s);
        self
    }
}

fn check_with(input: &str, fy: Option<i32>, wants: &[Want]) -> Vec<String> {
    let mut errors = Vec::new();
    for with_tokens in [true, false] {
        let mode = if with_tokens { "with tokens" } else { "without tokens" };
        let (text, got) = extract_text(input, fy, with_tokens);
        let surfaces: Vec<&str> = got.iter().map(|m| text.source_text(m.norm_span.clone())).collect();
        let want_surfaces: Vec<&str> = wants.iter().map(|w| w.surface).collect();
        if surfaces != want_surfaces {
            errors.push(format!("«{input}» ({mode}): surfaces {surfaces:?}, want {want_surfaces:?}\n  got {got:#?}"));
            continue;
        }
        for (m, w) in got.iter().zip(wants) {
            let mut bad = Vec::new();
            if m.kind.as_str() != w.kind {
                bad.push(format!("kind {} ≠ {}", m.kind.as_str(), w.kind));
            }
            if let Some(d) = w.date {
                if m.date_text().as_deref() != Some(d) {
                    bad.push(format!("date {:?} ≠ {d}", m.date_text()));
                }
            }
            if let Some(s) = w.start {
                if m.date_start_text().as_deref() != s {
                    bad.push(format!("date_start {:?} ≠ {s:?}", m.date_start_text()));
                }
            }
            if let Some(e) = w.end {
                if m.date_end_text().as_deref() != e {
                    bad.push(format!("date_end {:?} ≠ {e:?}", m.date_end_text()));
                }
            }
            if let Some(v) = w.value {
                if !m.value.is_some_and(|x| (x - v).abs() < 1e-9) {
                    bad.push(format!("value {:?} ≠ {v}", m.value));
                }
            }
            if let Some(v) = w.max {
                if m.value_max != v {
                    bad.push(format!("value_max {:?} ≠ {v:?}", m.value_max));
                }
            }
            if let Some(u) = w.unit {
                if m.unit.as_deref() != Some(u) {
                    bad.push(format!("unit {:?} ≠ {u}", m.unit));
                }
            }
            if let Some(q) = w.q {
                if m.qualifier.map(|x| x.as_str()) != q {
                    bad.push(format!("qualifier {:?} ≠ {q:?}", m.qualifier));
                }
            }
            if let Some(a) = w.approx {
                if m.approx != a {
                    bad.push(format!("approx {} ≠ {a}", m.approx));
                }
            }
            if let Some(r) = w.role {
                if m.role.map(|x| x.as_str()) != r {
                    bad.push(format!("role {:?} ≠ {r:?}", m.role));
                }
            }
            if let Some(p) = w.per {
                if m.per.as_deref() != p {
                    bad.push(format!("per {:?} ≠ {p:?}", m.per));
                }
            }
            if let (Some(s), true) = (w.subject, with_tokens) {
                if m.subject.as_deref() != Some(s) {
                    bad.push(format!("subject {:?} ≠ {s}", m.subject));
                }
            }
            if !bad.is_empty() {
                errors.push(format!("«{input}» ({mode}) «{}» [{}]: {}", w.surface, m.rule, bad.join("; ")));
            }
        }
    }
    errors
}

fn check_all(cases: &[(&str, Vec<Want>)]) {
    check_all_fy(FY, cases);
}

fn check_all_fy(fy: Option<i32>, cases: &[(&str, Vec<Want>)]) {
    let errors: Vec<String> = cases.iter().flat_map(|(input, wants)| check_with(input, fy, wants)).collect();
    assert!(errors.is_empty(), "{} failing:\n{}", errors.len(), errors.join("\n"));
}

/// Duckling's `examples`: every input is, in full, one mention equal to `want` (whose
/// surface is taken from the input).
fn examples(want: Want, inputs: &[&'static str]) -> Vec<(&'static str, Vec<Want>)> {
    inputs.iter().map(|i| (*i, vec![Want { surface: i, ..want.clone() }])).collect()
}

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

#[test]
fn eras_as_data() {
    let mut cases = Vec::new();
    cases.extend(examples(date("", "1877"), &["明治10年", "明治１０年"]));
    cases.extend(examples(date("", "1877-05"), &["M10.5", "Ｍ１０.５", "明治10年5月"]));
    cases.extend(examples(date("", "1916"), &["大正5年"]));
    cases.extend(examples(date("", "1916-03"), &["T5.3", "大正5年3月"]));
    cases.extend(examples(date("", "FY1975"), &["昭和50年度", "S50年度"]));
    cases.extend(examples(date("", "1975-04"), &["S50.4", "昭和50年4月"]));
    cases.extend(examples(date("", "2018"), &["平成30年", "Ｈ30年"]));
    cases.extend(examples(date("", "2019"), &["令和元年", "令和1年", "R1年"]));
    // Years past an era's end convert arithmetically.
    cases.extend(examples(date("", "FY2019").days(Some("2019-04-01"), Some("2020-03-31")), &["平成31年度", "H31年度"]));
    cases.extend(examples(date("", "2021"), &["平成33年"]));
    check_all(&cases);
}

#[test]
fn abbreviations() {
    let mut cases = Vec::new();
    cases.extend(examples(
        date("", "2019-08").days(Some("2019-08-01"), Some("2019-08-31")),
        &["R1.8", "Ｒ1.8", "R１.８", "Ｒ１．８", "令和元年8月", "令和1年8月", "２０１９年８月", "2019年8月"],
    ));
    cases.extend(examples(
        date("", "2018-11-22").days(Some("2018-11-22"), Some("2018-11-22")),
        &["H30.11.22", "Ｈ30.11.22", "平成30年11月22日", "2018年11月22日"],
    ));
    cases.extend(examples(date("", "2019-09"), &["R１.9月", "R1.9月", "Ｒ１．９月"]));
    cases.extend(examples(
        date("", "FY2020").days(Some("2020-04-01"), Some("2021-03-31")),
        &["R2年度", "令和2年度", "Ｒ２年度", "2020年度"],
    ));
    cases.extend(examples(date("", "FY2025"), &["2025年度", "２０２５年度"]));
    cases.extend(examples(date("", "FY2040"), &["2040年度"]));
    cases.extend(examples(date("", "2024-06"), &["2024年6月"]));
    cases.extend(examples(date("", "2023-12-21"), &["2023年12月21日"]));
    cases.extend(examples(date("", "2018-05"), &["H30.5", "平成30年5月", "２０１８年５月"]));
    check_all(&cases);
}

#[test]
fn bare_era_year_is_a_fiscal_year() {
    check_all(&[
        ("Ｈ28：41件", vec![date("Ｈ28", "FY2016"), count("41件", 41.0, "件")]),
        (
            "⇒利用実績105件（Ｈ28：41件、Ｈ29：59件）",
            vec![
                count("105件", 105.0, "件").subject("利用実績"),
                date("Ｈ28", "FY2016"),
                count("41件", 41.0, "件").subject("利用実績"),
                date("Ｈ29", "FY2017"),
                count("59件", 59.0, "件").subject("利用実績"),
            ],
        ),
    ]);
}

#[test]
fn document_fiscal_year_for_months_without_a_year() {
    check_all(&[
        ("6/12", vec![date("6/12", "2019-06-12").days(Some("2019-06-12"), Some("2019-06-12"))]),
        ("（6/12)", vec![date("6/12", "2019-06-12")]),
        ("2月", vec![date("2月", "2020-02").days(Some("2020-02-01"), Some("2020-02-29"))]),
        ("5月に設置", vec![date("5月", "2019-05")]),
        ("2月23日（日）", vec![date("2月23日（日）", "2020-02-23")]),
    ]);
    check_all_fy(
        None,
        &[
            ("6/12", vec![date("6/12", "XXXX-06-12").days(None, None)]),
            ("2月", vec![date("2月", "XXXX-02").days(None, None)]),
            ("今年度", vec![date("今年度", "FYXXXX").days(None, None)]),
        ],
    );
}

#[test]
fn document_fiscal_year_rule() {
    assert_eq!(extract::document_fiscal_year("商工労働部\n\t<進捗状況(H31.3月末時点)>\n"), Some(2018));
    assert_eq!(extract::document_fiscal_year("<進捗状況(R2.3月末時点)>\n"), Some(2019));
    assert_eq!(extract::document_fiscal_year("委員(令和6年8月1日現在)\n"), Some(2024));
    // No as-of date: the first explicit 年度 in the first five non-empty lines.
    assert_eq!(extract::document_fiscal_year("\n令和6年度 事業計画\n"), Some(2024));
    assert_eq!(extract::document_fiscal_year("a\nb\nc\nd\ne\n2025年度\n"), None);
    assert_eq!(extract::document_fiscal_year("今年度の計画\n"), None);
    assert_eq!(extract::document_fiscal_year("2019年に設立\n"), None);
}

#[test]
fn lists_share_an_era() {
    check_all(&[
        ("（R1.7、9、11）", vec![date("R1.7", "2019-07"), date("9", "2019-09"), date("11", "2019-11")]),
        ("(H30.5、7、Ｈ31.１)", vec![date("H30.5", "2018-05"), date("7", "2018-07"), date("Ｈ31.１", "2019-01")]),
        ("（H30.7、8、９）", vec![date("H30.7", "2018-07"), date("8", "2018-08"), date("９", "2018-09")]),
        // A month lower than the previous one rolls into the next year.
        ("（H30.11、1）", vec![date("H30.11", "2018-11"), date("1", "2019-01")]),
        // A list may continue across a line break (seed 000, lines 130–131).
        (
            "　　　京都府、神戸市との連絡会議の実施(H30.6、8、\n10、12)",
            vec![date("H30.6", "2018-06"), date("8", "2018-08"), date("10", "2018-10"), date("12", "2018-12")],
        ),
        ("（Ｈ31.4、Ｒ1.9、R2.1）", vec![date("Ｈ31.4", "2019-04"), date("Ｒ1.9", "2019-09"), date("R2.1", "2020-01")]),
        ("（8/27、11/5）", vec![date("8/27", "2019-08-27"), date("11/5", "2019-11-05")]),
    ]);
}

#[test]
fn ranges_inherit_from_the_start() {
    check_all(&[
        ("R2.2～３", vec![date("R2.2～３", "2020-02/2020-03").days(Some("2020-02-01"), Some("2020-03-31"))]),
        ("（R2.2～３）", vec![date("R2.2～３", "2020-02/2020-03")]),
        ("10/9～11", vec![date("10/9～11", "2019-10-09/2019-10-11")]),
        ("10/9~11", vec![date("10/9~11", "2019-10-09/2019-10-11")]),
        ("H30.11～ H31.１", vec![date("H30.11～ H31.１", "2018-11/2019-01")]),
        ("（H31.1～３）", vec![date("H31.1～３", "2019-01/2019-03")]),
        ("4月～3月", vec![date("4月～3月", "2019-04/2020-03").days(Some("2019-04-01"), Some("2020-03-31"))]),
        ("R1.4、8～9", vec![date("R1.4", "2019-04"), date("8～9", "2019-08/2019-09")]),
        (
            "令和6年10月9日（水）～11日（金）",
            vec![date("令和6年10月9日（水）～11日（金）", "2024-10-09/2024-10-11")
                .days(Some("2024-10-09"), Some("2024-10-11"))],
        ),
        ("令和6年9月21日～23日", vec![date("令和6年9月21日～23日", "2024-09-21/2024-09-23")]),
        ("2024年度～2026年度", vec![date("2024年度～2026年度", "FY2024/FY2026")]),
        ("9月末から10月上旬", vec![date("9月末から10月上旬", "2019-09-30/2019-10-10")]),
        // A まで that only closes a range stays out.
        ("（4月～3月までの平均）", vec![date("4月～3月", "2019-04/2020-03")]),
        (
            "（2回:H30.8～10、7名が参加）",
            vec![count("2回", 2.0, "回"), date("H30.8～10", "2018-08/2018-10"), count("7名", 7.0, "名")],
        ),
    ]);
}

#[test]
fn open_ends() {
    check_all(&[
        ("（R1.4～）", vec![date("R1.4～", "2019-04/..").days(Some("2019-04-01"), None)]),
        ("（H31.1以降）", vec![date("H31.1以降", "2019-01/..")]),
        ("R2年度以降", vec![date("R2年度以降", "FY2020/..").days(Some("2020-04-01"), None)]),
        ("2024年度から3年間", vec![date("2024年度から", "FY2024/..")]),
        ("令和5年度末まで延長", vec![date("令和5年度末まで", "../2024-03-31").days(None, Some("2024-03-31"))]),
        ("R2年度までに", vec![date("R2年度まで", "../FY2020").days(None, Some("2021-03-31"))]),
        ("H30.5以前", vec![date("H30.5以前", "../2018-05")]),
        ("2050年までの達成", vec![date("2050年まで", "../2050")]),
        ("（～R5年度）", vec![date("～R5年度", "../FY2023")]),
    ]);
}

#[test]
fn parts_of_periods() {
    check_all(&[
        ("R2.3月末", vec![date("R2.3月末", "2020-03-31").days(Some("2020-03-31"), Some("2020-03-31"))]),
        ("年度末で期限", vec![date("年度末", "2020-03-31")]),
        ("10月上旬", vec![date("10月上旬", "2019-10-01/2019-10-10")]),
        ("10月中旬", vec![date("10月中旬", "2019-10-11/2019-10-20")]),
        ("2月下旬", vec![date("2月下旬", "2020-02-21/2020-02-29")]),
        ("・年度上半期での公募実施", vec![date("年度上半期", "2019-04/2019-09")]),
        ("（年度前半）", vec![date("年度前半", "2019-04/2019-09")]),
        ("年度下半期", vec![date("年度下半期", "2019-10/2020-03")]),
        ("年度後半", vec![date("年度後半", "2019-10/2020-03")]),
        ("を年度当初に", vec![date("年度当初", "2019-04").approx()]),
        // 当初予算 is the year's initial budget, not its beginning: the year only.
        ("R2年度当初予算", vec![date("R2年度", "FY2020")]),
        ("R2年度当初に", vec![date("R2年度当初", "2020-04").approx()]),
        ("R4春ごろ", vec![date("R4春ごろ", "2022-03/2022-05").approx().days(Some("2022-03-01"), Some("2022-05-31"))]),
        ("（H30秋頃）", vec![date("H30秋頃", "2018-09/2018-11").approx()]),
        ("R1夏", vec![date("R1夏", "2019-06/2019-08")]),
        ("R1冬", vec![date("R1冬", "2019-12/2020-02")]),
        ("（年内）", vec![date("年内", "../2019-12-31").days(None, Some("2019-12-31"))]),
        ("・年度内に２市町", vec![date("年度内", "../2020-03-31"), count("２市町", 2.0, "市町")]),
    ]);
}

#[test]
fn approximate_dates() {
    let mut cases = Vec::new();
    cases.extend(examples(date("", "2019-09").approx(), &["R１.9月頃", "R1.9ごろ", "R1.9前後", "令和元年9月頃"]));
    cases.push(("R2年度を目途に", vec![date("R2年度を目途", "FY2020").approx()]));
    cases.push(("（H30.12ごろ）", vec![date("H30.12ごろ", "2018-12").approx()]));
    cases.push(("R1.9", vec![date("R1.9", "2019-09").exact()]));
    check_all(&cases);
}

#[test]
fn as_of_dates() {
    check_all(&[
        ("（R2.3月末時点）", vec![date("R2.3月末時点", "2020-03-31").role_as_of()]),
        ("＜進捗状況（H31.3月末時点）＞", vec![date("H31.3月末時点", "2019-03-31").role_as_of()]),
        ("3月末時点の構成員", vec![date("3月末時点", "2020-03-31").role_as_of()]),
        ("（令和6年8月1日現在）", vec![date("令和6年8月1日現在", "2024-08-01").role_as_of()]),
        ("R1.9", vec![Want { role: Some(None), ..date("R1.9", "2019-09") }]),
    ]);
}

#[test]
fn fiscal_words() {
    check_all(&[
        ("今年度は", vec![date("今年度", "FY2019").days(Some("2019-04-01"), Some("2020-03-31"))]),
        ("昨年度", vec![date("昨年度", "FY2018")]),
        ("前年度を上回る", vec![date("前年度", "FY2018")]),
        ("来年度", vec![date("来年度", "FY2020")]),
        ("次年度以降", vec![date("次年度以降", "FY2020/..")]),
        ("○今年度から実施した", vec![date("今年度から", "FY2019/..")]),
        ("前年度末", vec![date("前年度末", "2019-03-31")]),
    ]);
}

#[test]
fn fiscal_year_table_column() {
    let table = "\u{3000}<これまでの商談会開催後の商談状況>\n\t開催\n年度\n\t商談数\n\t商談\n継続中\n\n\t28\n\t288件\n\t4件\n\n\t29\n\t375件\n\t7件\n\n\n";
    check_all(&[(
        table,
        vec![
            date("28", "FY2016").days(Some("2016-04-01"), Some("2017-03-31")),
            count("288件", 288.0, "件").subject("商談数"),
            count("4件", 4.0, "件").subject("商談継続中"),
            date("29", "FY2017"),
            count("375件", 375.0, "件"),
            count("7件", 7.0, "件"),
        ],
    )]);
    // In a 平成 document, a year of the document's own era.
    check_all_fy(
        Some(2018),
        &[(
            table,
            vec![
                date("28", "FY2016"),
                count("288件", 288.0, "件"),
                count("4件", 4.0, "件"),
                date("29", "FY2017"),
                count("375件", 375.0, "件"),
                count("7件", 7.0, "件"),
            ],
        )],
    );
    // The same numbers outside a 年度 column are nothing.
    check_all(&[("\t開催\n\t商談数\n\n\t28\n\t288件\n", vec![count("288件", 288.0, "件")])]);
}

// ---------------------------------------------------------------------------------------
// Counts, percentages, money
// ---------------------------------------------------------------------------------------

#[test]
fn counts() {
    let mut cases = Vec::new();
    cases.extend(examples(count("", 10.0, "件").no_q(), &["１０件", "10件"]));
    cases.extend(examples(count("", 1500.0, "名"), &["1,500名", "１,５００名"]));
    cases.extend(examples(count("", 80000.0, "件"), &["8万件"]));
    for (input, unit) in [
        ("3社", "社"),
        ("3件", "件"),
        ("3人", "人"),
        ("3名", "名"),
        ("3回", "回"),
        ("3機関", "機関"),
        ("3施設", "施設"),
        ("3分野", "分野"),
        ("3台", "台"),
        ("3箇所", "箇所"),
        ("3者", "者"),
        ("3部", "部"),
        ("3団体", "団体"),
        ("3地区", "地区"),
        ("3市町", "市町"),
    ] {
        cases.push((input, vec![count(input, 3.0, unit)]));
    }
    cases.push(("三者による基本合意", vec![count("三者", 3.0, "者")]));
    cases.push(("府を含む四者による", vec![count("四者", 4.0, "者")]));
    cases.push(("1本半", vec![count("1本半", 1.5, "本")]));
    cases.push(("5～8人", vec![count("5～8人", 5.0, "人").max(8.0)]));
    cases.push(("約10社", vec![count("約10社", 10.0, "社").q("約")]));
    cases.push(("およそ10社", vec![count("およそ10社", 10.0, "社").q("約")]));
    cases.push(("概ね10社", vec![count("概ね10社", 10.0, "社").q("約")]));
    cases.push(("10社程度", vec![count("10社程度", 10.0, "社").q("約")]));
    cases.push(("10社ほど", vec![count("10社ほど", 10.0, "社").q("約")]));
    cases.push(("３件以上", vec![count("３件以上", 3.0, "件").q("以上")]));
    cases.push(("10件以下", vec![count("10件以下", 10.0, "件").q("以下")]));
    cases.push(("10件未満", vec![count("10件未満", 10.0, "件").q("未満")]));
    cases.push(("100名超", vec![count("100名超", 100.0, "名").q("超")]));
    cases.push(("（10回/年）", vec![count("10回/年", 10.0, "回").per("年")]));
    cases.push(("(3回程度／年)", vec![count("3回程度／年", 3.0, "回").q("約").per("年")]));
    cases.push(("年2回", vec![count("年2回", 2.0, "回").per("年")]));
    cases.push(("２回ずつ開催", vec![Want { per: Some(None), ..count("２回", 2.0, "回") }]));
    cases.push(("（４回、計563名参加）", vec![count("４回", 4.0, "回"), count("563名", 563.0, "名")]));
    cases.push(("集約2件", vec![count("2件", 2.0, "件").no_q()]));
    check_all(&cases);
}

#[test]
fn subjects() {
    check_all(&[
        ("・HBNetへの参画企業：28社", vec![count("28社", 28.0, "社").subject("HBNetへの参画企業")]),
        ("入居率：96.8％", vec![percent("96.8％", 96.8).subject("入居率")]),
        (
            "既入居企業補助　  ：2社・４件・約153万円",
            vec![
                count("2社", 2.0, "社").subject("既入居企業補助"),
                count("４件", 4.0, "件").subject("既入居企業補助"),
                money("約153万円", 1_530_000.0, "円").q("約").subject("既入居企業補助"),
            ],
        ),
        (
            "〇りそなグループ等との連携による下記セミナーを開催。（参加企業165社）",
            vec![count("165社", 165.0, "社").subject("参加企業")],
        ),
        ("35件のビジネスマッチングを実現", vec![count("35件", 35.0, "件").subject("ビジネスマッチング")]),
        (
            "・彩都バイオインキュベーション施設入居率：90％以上(通年)（昨年度：約97％）",
            vec![
                percent("90％以上", 90.0).q("以上").subject("彩都バイオインキュベーション施設入居率"),
                date("昨年度", "FY2018"),
                percent("約97％", 97.0).q("約").subject("彩都バイオインキュベーション施設入居率"),
            ],
        ),
        (
            "・電池関連企業や受託評価サービス企業等の誘致：\n2件",
            vec![count("2件", 2.0, "件").subject("電池関連企業や受託評価サービス企業等の誘致")],
        ),
    ]);
}

#[test]
fn a_line_break_between_a_figure_and_its_counter() {
    check_all(&[
        ("目標は前回の最大値の415万\n人を超えることとする。", vec![count("415万\n人", 4_150_000.0, "人")]),
        // A figure alone on its line is a cell: the next line's counter is not its own.
        ("合計\n12\n件数", vec![]),
    ]);
}

#[test]
fn percentages() {
    check_all(&[
        ("96.8％", vec![percent("96.8％", 96.8).no_q()]),
        ("90％以上", vec![percent("90％以上", 90.0).q("以上")]),
        ("約97％", vec![percent("約97％", 97.0).q("約")]),
        ("90%", vec![percent("90%", 90.0)]),
        ("3割", vec![percent("3割", 30.0)]),
        ("3割4分5厘", vec![percent("3割4分5厘", 34.5)]),
        ("5割以上", vec![percent("5割以上", 50.0).q("以上")]),
    ]);
}

#[test]
fn money_amounts() {
    check_all(&[
        ("500万円", vec![money("500万円", 5_000_000.0, "円")]),
        ("14,043千円", vec![money("14,043千円", 14_043_000.0, "円")]),
        ("（14,043千円）", vec![money("14,043千円", 14_043_000.0, "円")]),
        ("約２億円", vec![money("約２億円", 200_000_000.0, "円").q("約")]),
        ("投資額約２億円", vec![money("約２億円", 200_000_000.0, "円").q("約").subject("投資額")]),
        ("約153万円", vec![money("約153万円", 1_530_000.0, "円").q("約")]),
        ("2USドル", vec![money("2USドル", 2.0, "ドル")]),
        ("100~200万円", vec![money("100~200万円", 1_000_000.0, "円").max(2_000_000.0)]),
        ("5件500万円", vec![count("5件", 5.0, "件"), money("500万円", 5_000_000.0, "円")]),
    ]);
}

#[test]
fn money_table_column() {
    let table = "分野\t事業名\t予算額 (千円)\t頁\nスタートアップ\t情報発信事業\t14,043\t6\n\t各種セミナー\t(1,102)\t11\n-\t管理費\t410\t-\n\n";
    check_all(&[(
        table,
        vec![
            money("14,043", 14_043_000.0, "円").subject("予算額"),
            money("1,102", 1_102_000.0, "円").subject("予算額"),
            money("410", 410_000.0, "円"),
        ],
    )]);
}

// ---------------------------------------------------------------------------------------
// Surfaces and the negative corpus
// ---------------------------------------------------------------------------------------

#[test]
fn surfaces_follow_the_spec() {
    check_all(&[
        ("（R１.9月頃）", vec![date("R１.9月頃", "2019-09").approx()]),
        ("（R2.3月末時点）", vec![date("R2.3月末時点", "2020-03-31")]),
        ("（R2.2～３）", vec![date("R2.2～３", "2020-02/2020-03")]),
        ("（90％以上）", vec![percent("90％以上", 90.0)]),
        ("（約153万円）", vec![money("約153万円", 1_530_000.0, "円")]),
        ("（R2年度以降）", vec![date("R2年度以降", "FY2020/..")]),
        ("計563名", vec![count("563名", 563.0, "名")]),
        ("（4月～3月までの平均）", vec![date("4月～3月", "2019-04/2020-03")]),
    ]);
}

#[test]
fn negative_corpus() {
    const NOTHING: &[&str] = &[
        // relative days, weeks, months
        "今日",
        "来週",
        "3日後",
        "先月",
        "翌日",
        // durations
        "5年間",
        "3か月",
        "３ヶ月",
        "５年間延長",
        // ordinals
        "第1回",
        "第４次",
        "第７回意見交換会",
        "10本目",
        "4年目",
        "2回目",
        // footnote marks
        "(*10)",
        "（*1）",
        "未来医療(*11)",
        // years inside names
        "コンテスト2018",
        "Week 2018",
        "Singapore 2019",
        "フェア2018",
        "2019",
        "スマートエネルギーWeek 2018",
        "ビューティーアジアシンガポール2019",
        // names
        "H2Osaka",
        "H2Osakaビジョン推進会議",
        "5G",
        "5G実証施設",
        "G20",
        "G20健都視察",
        "I0T",
        "AI/I0T",
        // a 1–2 digit year without an era outside a 年度 table
        "32年度",
        // M.D without an era
        "5.19",
        "（分科会 5.19）",
        // addresses, lexical 一, measurements
        "4丁目",
        "中之島4丁目",
        "一体",
        "一貫",
        "一部",
        "一般",
        "一環",
        "5kg",
        "3km",
        "10m²",
        // fractions and page counts
        "1/50の縮小模型",
        "要旨1/2",
        // fiscal words that are not dates
        "毎年度",
        "年度ごとの",
        "第三者",
    ];
    let mut errors = Vec::new();
    for input in NOTHING {
        for with_tokens in [true, false] {
            let (text, got) = extract_text(input, FY, with_tokens);
            if !got.is_empty() {
                let surfaces: Vec<&str> = got.iter().map(|m| text.source_text(m.norm_span.clone())).collect();
                errors.push(format!("«{input}» (tokens: {with_tokens}) must yield nothing, got {surfaces:?} {got:?}"));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn nothing_panics_on_odd_input() {
    for input in [
        "",
        "\n",
        "R",
        "R.",
        "R1.",
        "H30.",
        "~",
        "から",
        "年度",
        "月",
        "1",
        "1/",
        "/1",
        "、",
        "R1.4、",
        "R1.4、\n",
        "令和",
        "令和元",
        "（",
        "）",
        "¥",
        "１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０件",
        "約",
        "割",
        "3割4分",
    ] {
        for fy in [None, Some(2019)] {
            let _ = extract_text(input, fy, true);
            let _ = extract_text(input, fy, false);
        }
    }
}
