//! Named rejections, in the style of ja-timex's `extract_filter.py`: every reason keikaku has
//! for reading a number as no figure is a [`Filter`] with a name, the class of non-figure it
//! names ([`NumberClass`]: a phone number, a page, an article's number, a duration …), a doc
//! and an example. The quantity reader asks the filters of each stage of its reading in the
//! order of [`FILTERS`] and stops at the first that fires; the account of a document's
//! numbers ([`super::account`]) asks them too, and names every number a filter rejects by it.
//! The negative corpus (`tests/corpus/negative.txt`) cites, for each input, the filter that
//! must fire on its numbers.
//!
//! The stages, in the order a figure is read:
//!
//! - [`Stage::Masked`]: URLs, phone and fax numbers, postal codes — no figure is read there;
//! - [`Stage::Figure`]: the figure and what stands right before or after it (`第3回`, `※1`,
//!   `P.12`, `G20`, `1人1日当たり`, `昭和22年法律第67号`);
//! - [`Stage::Word`]: the word after the figure, when it is no counter of the list (`5年間`,
//!   `65歳`, `4級`, `3階`, `2倍`, `5kg` …: one index of words, longest first, then the
//!   filters on the word's shape);
//! - [`Stage::Context`]: the figure and its unit in their line (`1 開催日時` is a heading's
//!   number, `一部` a word, `プラン2030` a name);
//! - [`Stage::Bare`]: only for the account, a figure with no unit at all: its shape says what
//!   it is (`14:30`, `(1)`, `20KB`, a lone cell).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::classes::NumberClass;
use super::count;
use super::quantity::candidate::Candidate;
use super::quantity::units::{Unit, UnitKind};
use crate::text::chars::{self, is_kanji, is_katakana};
use crate::text::numeral::Figure;

/// When in the reading of a figure a filter is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Masked,
    Figure,
    Word,
    Context,
    Bare,
}

/// A word read after a figure as its unit (a `<noun>`), for the word filters.
pub(crate) struct Word<'a> {
    pub norm: &'a str,
    pub unit: Unit<'a>,
    pub figure: &'a Figure,
}

impl<'a> Word<'a> {
    /// The text after the word.
    fn after(&self) -> &'a str {
        &self.norm[self.unit.end..]
    }
}

/// How a filter decides.
pub(crate) enum Test {
    /// The word after the figure starts with one of these (the longest of all word lists wins).
    Words(&'static [&'static str]),
    /// A predicate on the word after the figure.
    Word(fn(&Word) -> bool),
    /// A predicate on the figure read so far.
    Candidate(fn(&Candidate) -> bool),
    /// Decided by the masking of URLs and contact numbers ([`masking_filter`]).
    Masked,
}

/// Cheap conditions a filter needs before its test is worth running: the char before the
/// figure is one of `before`, or the char after it one of `after` (an empty list is no
/// condition; a filter with neither is always tested).
#[derive(Debug, Clone, Copy)]
pub struct Gate {
    pub before: &'static [char],
    pub after: &'static [char],
    /// The figure's first char (after its sign).
    pub first: &'static [char],
}

impl Gate {
    /// Always tested.
    pub const ANY: Gate = Gate { before: &[], after: &[], first: &[] };
}

/// One named reason to read a number as no figure.
pub struct Filter {
    /// The name the negative corpus and the audit cite (`per_unit`, `time_of_day` …).
    pub name: &'static str,
    /// What the number is.
    pub class: NumberClass,
    pub stage: Stage,
    /// When its test is worth running.
    pub gate: Gate,
    /// What it rejects and why.
    pub doc: &'static str,
    /// A text it rejects a number of.
    pub example: &'static str,
    pub(crate) test: Test,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Filter {
    fn eq(&self, other: &Filter) -> bool {
        self.name == other.name
    }
}

/// Era names: a figure right before one is a list number or a footnote (`※1 令和4年度`).
const ERA_NAMES: &[&str] = &["明治", "大正", "昭和", "平成", "令和"];

/// Words after a figure that make a duration or a time relative to another.
const DURATION_WORDS: &[&str] = &[
    "年間",
    "年連続",
    "年ぶり",
    "年振り",
    "年前",
    "年後",
    "年来",
    "年半",
    "か年",
    "カ年",
    "ヵ年",
    "ヶ年",
    "ケ年",
    "か月",
    "ヶ月",
    "カ月",
    "ヵ月",
    "ケ月",
    "箇月",
    "週間",
    "日間",
    "日後",
    "日前",
    "時間",
    "分間",
    "秒間",
    "分後",
    "分前",
    "連休",
    "泊",
    "期間",
    "年毎",
    "年ごと",
];
const CALENDAR_WORDS: &[&str] = &["年", "月", "日", "週", "世紀", "周年", "半期", "四半期", "年度", "年代", "当初"];
const TIME_WORDS: &[&str] = &["時", "分", "秒", "時半"];
const AGE_WORDS: &[&str] = &["歳", "才"];
const GRADE_WORDS: &[&str] = &["級", "年生", "学年", "等級", "段", "号俸"];
const RATIO_WORDS: &[&str] = &["倍", "割合", "分の", "対", "比", "厘"];
const ORDINAL_WORDS: &[&str] =
    &["位", "番", "番目", "次", "期", "代", "等", "巻", "話", "編", "幕", "部目", "台目", "第", "着"];
const ARTICLE_WORDS: &[&str] = &["号", "条", "項", "款", "目", "章", "節"];
const ADDRESS_WORDS: &[&str] = &["丁目", "丁", "番地"];
const PLACE_WORDS: &[&str] = &["階", "号館", "号室", "号棟"];
const PAGE_WORDS: &[&str] = &["頁", "ページ"];
const VERSION_WORDS: &[&str] = &["版", "型"];
const MEASURE_WORDS: &[&str] = &[
    "度",
    "桁",
    "キロ",
    "メートル",
    "センチ",
    "ミリ",
    "グラム",
    "トン",
    "リットル",
    "ヘクタール",
    "アール",
    "ワット",
    "ボルト",
    "バイト",
    "平方",
    "立方",
    "坪",
    "畳",
    "度C",
    "銭",
];
const BARE_QUALIFIER_WORDS: &[&str] =
    &["以内", "以上", "以下", "未満", "程度", "相当", "前後", "余り", "強", "弱", "超", "以外", "増", "減"];
const PER_WORDS: &[&str] = &["当たり", "当り", "毎"];

/// Words a figure's denominator of a rate ends with (`1人当たり`, `1日あたり`).
const PER_UNIT_ENDS: &[&str] = &["当たり", "あたり", "当り", "につき"];

/// Labels of documents and exhibits: a figure after one numbers it (`資料3`, `別紙1`).
/// Words that name the items of a list, before an item's number (`指標1`, `議題2`).
const ITEM_LABELS: &[&str] = &[
    "指標",
    "項目",
    "議題",
    "案件",
    "目標",
    "その",
    "論点",
    "課題",
    "視点",
    "方針",
    "設問",
    "質問",
    "問",
    "柱",
    "テーマ",
    "ステップ",
    "フェーズ",
    "ケース",
    "No.",
    "№",
    "パターン",
    "タイプ",
    "レベル",
    "ランク",
    "グループ",
    "チーム",
    "エリア",
    "ゾーン",
];

/// Words naming a measurement before its figure (`震度7`).
const MEASURE_PREFIXES: &[&str] = &["震度", "マグニチュード", "標高", "海抜", "気温", "水深", "水位", "体温"];

/// `ahead` without a trailing number and connector (`資料1―` → `資料`, `参考資料1~` → `参考資料`,
/// `資料1から` → `資料`).
fn strip_number_and_connector(ahead: &str) -> &str {
    let Some(rest) = ahead.strip_suffix(['~', '―', '-', '、', '・', '‐']).or_else(|| ahead.strip_suffix("から"))
    else {
        return ahead;
    };
    let bare = rest.trim_end_matches(' ').trim_end_matches(|x: char| x.is_ascii_digit());
    if bare.len() < rest.len() {
        bare
    } else {
        ahead
    }
}

const EXHIBIT_LABELS: &[&str] =
    &["参考資料", "資料", "別紙", "別添", "別表", "附表", "付表", "様式", "図表", "表", "図", "参考", "添付"];

/// Words before 第 that make the number after it a law's, bill's or report's number.
const NUMBERED_ACTS: &[&str] = &[
    "法律", "条例", "政令", "省令", "規則", "告示", "訓令", "要綱", "議案", "議", "案", "報告", "陳情", "請願", "諮問",
    "答申", "承認", "認定", "発議", "通知", "指令", "達",
];
/// What a number after 第 numbers when it is legal or budget numbering.
const ARTICLE_MARKS: &[&str] = &["条", "項", "号", "款", "章", "節", "編"];

/// Kinds of act a year of its number names (`昭和22年法律第67号`).
const LAW_KINDS: &[&str] = &["法律", "条例", "政令", "省令", "規則", "告示", "訓令", "内閣府令"];

/// Words that, in the kanji after a date, make it the name of an event (`平成30年7月豪雨`).
pub(crate) const EVENT_NAMES: &[&str] = &["豪雨", "台風", "地震", "震災", "水害", "大雨", "噴火"];

/// Labels of identifiers: a figure after one (and a colon or a space) is an id.
const ID_LABELS: &[&str] = &["番号", "ID", "No.", "No", "NO.", "NO", "no.", "№", "#", "コード"];

/// Latin units of measurement after a figure (`5kg`, `3.2km`, `100㎡`).
const LATIN_MEASURES: &[&str] = &[
    "°C", "°F", "μg", "mg", "ppm", "ppb", "μm", "nm", "km2", "km/h", "km", "kg", "kWh", "kW", "kw", "cm", "mm", "ml",
    "mL", "m2", "m3", "m²", "m³", "ha", "dB", "Hz", "㎡", "㎥", "㎞", "㎏", "℃", "°", "m", "g", "t", "L", "l", "W",
    "V",
];
const FILE_SIZES: &[&str] = &["KB", "MB", "GB", "TB", "kB", "Kb", "kb", "mb", "byte", "バイト", "B"];

/// The filters, in the order they are asked within each stage.
pub static FILTERS: &[Filter] = &[
    // --- masked -------------------------------------------------------------------------
    Filter {
        name: "url",
        class: NumberClass::Url,
        stage: Stage::Masked,
        gate: Gate::ANY,
        doc: "Inside a URL (http://…, https://…, www.…) or an e-mail address no figure is read.",
        example: "https://www.city.example.lg.jp/2024/0315.html",
        test: Test::Masked,
    },
    Filter {
        name: "postal_code",
        class: NumberClass::Postal,
        stage: Stage::Masked,
        gate: Gate::ANY,
        doc: "A postal code after 〒 (three digits, a hyphen, four digits).",
        example: "〒540-8570",
        test: Test::Masked,
    },
    Filter {
        name: "phone_number",
        class: NumberClass::Phone,
        stage: Stage::Masked,
        gate: Gate::ANY,
        doc: "A phone or fax number: digit groups joined by hyphens or brackets, the first starting with 0.",
        example: "06-6941-0351",
        test: Test::Masked,
    },
    // --- the figure ---------------------------------------------------------------------
    Filter {
        name: "kanji_zero",
        class: NumberClass::Word,
        stage: Stage::Figure,
        gate: Gate { before: &[], after: &[], first: &['〇'] },
        doc: "No numeral starts with 〇: 〇〇名 is a blank to fill in, 〇件 a placeholder or a bullet.",
        example: "〇〇名",
        test: Test::Candidate(|c| c.figure.kanji && c.figure_text().starts_with('〇')),
    },
    Filter {
        name: "zero_padded",
        class: NumberClass::Id,
        stage: Stage::Figure,
        gate: Gate { before: &[], after: &[], first: &['0'] },
        doc: "A figure written with leading zeros is an id or a code.",
        example: "0050916",
        test: Test::Candidate(|c| {
            let digits = c.figure_text().trim_start_matches(crate::text::numeral::MINUS_SIGNS);
            digits.len() > 1 && digits.starts_with('0') && digits.as_bytes()[1].is_ascii_digit()
        }),
    },
    Filter {
        name: "law_number",
        class: NumberClass::Article,
        stage: Stage::Figure,
        gate: Gate { before: &[], after: &['年'], first: &[] },
        doc: "A law's or an ordinance's number and the year in it: the year names the act, it dates nothing.",
        example: "昭和22年法律第67号",
        test: Test::Candidate(|c| names_an_act(c.norm, c.figure.end)),
    },
    Filter {
        name: "event_name",
        class: NumberClass::Name,
        stage: Stage::Figure,
        gate: Gate { before: &[], after: &['年', '月', '日'], first: &[] },
        doc: "The figures of a date that names an event (a disaster) are part of the name.",
        example: "平成30年7月豪雨",
        test: Test::Candidate(|c| date_names_an_event(c.norm, c.figure.end)),
    },
    Filter {
        name: "page_number",
        class: NumberClass::Page,
        stage: Stage::Figure,
        gate: Gate { before: &['P', 'p', '.', ' '], after: &['P', 'p'], first: &[] },
        doc: "A page number: after P. or p. (P.12, p 3), or before P, 頁 or ページ with nothing else (11P).",
        example: "P.12",
        test: Test::Candidate(|c| {
            let after = c.after_figure().as_bytes();
            let gate = matches!(c.before(), Some('P' | 'p' | '.' | ' ')) || matches!(after.first(), Some(b'P' | b'p'));
            if !gate {
                return false;
            }
            let ahead = c.ahead().trim_end_matches(' ');
            let p_before = ahead.strip_suffix('.').unwrap_or(ahead);
            let by_p = (p_before.ends_with('P') || p_before.ends_with('p'))
                && !p_before[..p_before.len() - 1].ends_with(|x: char| x.is_ascii_alphabetic());
            let after = c.after_figure();
            let p_after = (after.starts_with('P') || after.starts_with('p'))
                && !after[1..].starts_with(|x: char| x.is_ascii_alphanumeric());
            by_p || p_after
        }),
    },
    Filter {
        name: "version_number",
        class: NumberClass::Version,
        stage: Stage::Figure,
        gate: Gate { before: &[' ', '.', 'r', 'R', 'n', 'N', 'v', 'V'], after: &[], first: &[] },
        doc: "A version number after Ver., Version or v.",
        example: "Ver.2.1",
        test: Test::Candidate(|c| {
            if !matches!(c.before(), Some(' ' | '.' | 'r' | 'R' | 'n' | 'N' | 'v' | 'V')) {
                return false;
            }
            let ahead = c.ahead().trim_end_matches([' ', '.']);
            let tail = &ahead.as_bytes()[ahead.len().saturating_sub(8)..];
            let ends = |w: &[u8]| tail.len() >= w.len() && tail[tail.len() - w.len()..].eq_ignore_ascii_case(w);
            ends(b"ver") || ends(b"version") || ends(b" v") || ahead.eq_ignore_ascii_case("v")
        }),
    },
    Filter {
        name: "labelled_id",
        class: NumberClass::Id,
        stage: Stage::Figure,
        gate: Gate { before: &[' ', ':', '.', '号', 'D', 'o', 'O', '#', '№', 'ド'], after: &[], first: &[] },
        doc: "A figure after an id's label (番号, ID, No., #) and a colon or a space is an id.",
        example: "ページ番号:52713",
        test: Test::Candidate(|c| {
            let ahead = c.ahead().trim_end_matches([' ', ':', '.']);
            ahead.ends_with(['号', 'D', 'o', 'O', '#', '№', 'ド'])
                && ID_LABELS.iter().any(|l| ahead.ends_with(l.trim_end_matches('.')))
        }),
    },
    Filter {
        name: "glued_to_letter",
        class: NumberClass::Code,
        stage: Stage::Figure,
        gate: Gate { before: &['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], after: &[], first: &[] },
        doc: "A figure glued to a Latin letter (or, in digits, to another digit) is part of a code or a name.",
        example: "G20",
        test: Test::Candidate(|c| {
            !c.in_chain && c.before().is_some_and(|b| b.is_ascii_alphabetic() || (b.is_ascii_digit() && !c.figure.kanji))
        }),
    },
    Filter {
        name: "article_number",
        class: NumberClass::Article,
        stage: Stage::Figure,
        gate: Gate { before: &['第', 'の'], after: &[], first: &[] },
        doc: "Legal, bill and budget numbering: a number after 第 that counts 条, 項, 号 …, or after a bill's or an act's 第, or a number after 条の (第3条の5).",
        example: "議案第12号",
        test: Test::Candidate(|c| {
            if !matches!(c.before(), Some('第' | 'の')) {
                return false;
            }
            let ahead = c.ahead();
            let after = c.after_figure();
            if let Some(before_dai) = ahead.strip_suffix('第') {
                return ARTICLE_MARKS.iter().any(|m| after.starts_with(m))
                    || NUMBERED_ACTS.iter().any(|a| before_dai.ends_with(a));
            }
            ["条の", "項の", "号の"].iter().any(|w| ahead.ends_with(w))
        }),
    },
    Filter {
        name: "ordinal",
        class: NumberClass::Ordinal,
        stage: Stage::Figure,
        gate: Gate { before: &['第'], after: &[], first: &[] },
        doc: "A number after 第 is an ordinal (第3回, 第2次).",
        example: "第3回",
        test: Test::Candidate(|c| !c.in_chain && c.before() == Some('第')),
    },
    Filter {
        name: "footnote_mark",
        class: NumberClass::Footnote,
        stage: Stage::Figure,
        gate: Gate { before: &['※', '*', ' ', '注'], after: &[], first: &[] },
        doc: "A footnote mark: a figure after ※, * or 注.",
        example: "※1",
        test: Test::Candidate(|c| {
            let note = || {
                let ahead = c.ahead().trim_end_matches(' ');
                ahead.strip_suffix('注').is_some_and(|a| !a.ends_with(is_kanji))
            };
            !c.in_chain && (c.before().is_some_and(|b| b == '※' || b == '*') || (matches!(c.before(), Some('注' | ' ')) && note()))
        }),
    },
    Filter {
        name: "postal_mark",
        class: NumberClass::Postal,
        stage: Stage::Figure,
        gate: Gate { before: &['〒'], after: &[], first: &[] },
        doc: "A figure after 〒 is a postal code.",
        example: "〒5408570",
        test: Test::Candidate(|c| c.before() == Some('〒')),
    },
    Filter {
        name: "after_mark",
        class: NumberClass::Id,
        stage: Stage::Figure,
        gate: Gate { before: &['#', '_'], after: &[], first: &[] },
        doc: "A figure glued after #, _ or a decimal point is part of an id or of another figure.",
        example: "#3",
        test: Test::Candidate(|c| !c.in_chain && c.before().is_some_and(|b| "#_".contains(b))),
    },
    Filter {
        name: "after_point",
        class: NumberClass::Section,
        stage: Stage::Figure,
        gate: Gate { before: &['.'], after: &[], first: &[] },
        doc: "A figure after a point is the last part of a hierarchical number (2.1, <3>.1) or a figure's tail.",
        example: "3.1.2 推進体制",
        test: Test::Candidate(|c| !c.in_chain && c.before() == Some('.')),
    },
    Filter {
        name: "after_slash",
        class: NumberClass::Ratio,
        stage: Stage::Figure,
        gate: Gate { before: &['/'], after: &[], first: &[] },
        doc: "A figure after a slash that follows a figure or a letter is a fraction's denominator or a date's part (1/2); after a counted figure it is a figure of its own (314人/316人).",
        example: "補助率1/2",
        test: Test::Candidate(|c| {
            !c.in_chain
                && c.before() == Some('/')
                && chars::before(c.norm, c.start - 1).is_none_or(|b| b.is_ascii_alphanumeric() || b == '/')
        }),
    },
    Filter {
        name: "list_comma",
        class: NumberClass::Bare,
        stage: Stage::Figure,
        gate: Gate { before: &[','], after: &[], first: &[] },
        doc: "A figure after a comma that follows a digit is an item of a list of bare numbers (1,2); a comma after a word is a 読点 and separates like 、 (ものの,100%).",
        example: "1,2",
        test: Test::Candidate(|c| {
            !c.in_chain
                && c.before() == Some(',')
                && chars::before(c.norm, c.start - 1).is_some_and(|b| b.is_ascii_digit())
        }),
    },
    Filter {
        name: "unit_caption",
        class: NumberClass::Caption,
        stage: Stage::Figure,
        gate: Gate::ANY,
        doc: "After 単位 a figure names a unit, not an amount.",
        example: "(単位:百万円)",
        test: Test::Candidate(|c| {
            // Only a few bytes are looked back at: a line may be megabytes long.
            let from = chars::ceil_boundary(c.norm, c.start.saturating_sub(4 * 3 + "単位".len()).max(c.line.start));
            let window = &c.norm.as_bytes()[from..c.start];
            let tani = "単位".as_bytes();
            window
                .windows(tani.len())
                .rposition(|w| w == tani)
                .is_some_and(|i| c.norm[from + i..c.start].chars().count() <= 4)
        }),
    },
    Filter {
        name: "exhibit_number",
        class: NumberClass::Section,
        stage: Stage::Figure,
        gate: Gate { before: &[' ', '料', '紙', '添', '表', '式', '図', '考', '付'], after: &[], first: &[] },
        doc: "The number of an exhibit or a document after its label (資料3, 別紙1, 表2-1).",
        example: "資料3-5",
        test: Test::Candidate(|c| {
            if !c.before().is_some_and(|b| b == ' ' || "料紙添表式図考付".contains(b)) {
                return false;
            }
            let ahead = c.ahead().trim_end_matches(' ');
            EXHIBIT_LABELS.iter().any(|l| {
                ahead.ends_with(l) && chars::before(ahead, ahead.len() - l.len()).is_none_or(|b| !is_kanji(b))
            })
        }),
    },
    Filter {
        name: "per_unit",
        class: NumberClass::PerUnit,
        stage: Stage::Figure,
        gate: Gate::ANY,
        doc: "The denominator of a rate: a figure and its unit before 当たり or あたり, or before another such pair (1人1日当たり, 市民1人あたり, 1万人当たり).",
        example: "1人1日当たり",
        test: Test::Candidate(|c| per_unit_follows(c.norm, c.figure.end, c.line.end)),
    },
    Filter {
        name: "hyphenated_id",
        class: NumberClass::Id,
        stage: Stage::Figure,
        gate: Gate { before: &['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], after: &['-'], first: &[] },
        doc: "Three or more groups of bare digits joined by hyphens, none with a unit, are an id (15349-1650-2027).",
        example: "問い合わせ番号:15349-1650-2027",
        test: Test::Candidate(|c| {
            let b = c.norm.as_bytes();
            let near = b.get(c.figure.end) == Some(&b'-') || c.start > 0 && b[c.start - 1] == b'-' || b[c.start] == b'-';
            near && hyphenated_id_at(c.norm, c.figure.start.max(c.start), c.line.clone())
        }),
    },
    // --- the word after the figure -----------------------------------------------------
    Filter {
        name: "duration",
        class: NumberClass::Duration,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A duration or a time relative to another (5年間, 3か月, 5年連続, 10年ぶり, 3日後).",
        example: "3年間",
        test: Test::Words(DURATION_WORDS),
    },
    Filter {
        name: "calendar_word",
        class: NumberClass::Calendar,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A calendar word no date rule read (28年度 without an era, 2週, 3世紀).",
        example: "45年度",
        test: Test::Words(CALENDAR_WORDS),
    },
    Filter {
        name: "time_of_day",
        class: NumberClass::Time,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A time of day or a count of minutes (午後2時, 10時30分).",
        example: "午後2時",
        test: Test::Words(TIME_WORDS),
    },
    Filter {
        name: "age",
        class: NumberClass::Age,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "An age (65歳, 20歳代).",
        example: "65歳以上",
        test: Test::Words(AGE_WORDS),
    },
    Filter {
        name: "grade",
        class: NumberClass::Grade,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A grade or a school year (4級, 3年生).",
        example: "4級",
        test: Test::Words(GRADE_WORDS),
    },
    Filter {
        name: "ratio_word",
        class: NumberClass::Ratio,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A multiple, a fraction or a ratio (2倍, 3分の2, 7対1).",
        example: "3分の2",
        test: Test::Words(RATIO_WORDS),
    },
    Filter {
        name: "ordinal_word",
        class: NumberClass::Ordinal,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "An ordinal or a rank (3位, 第2次, 2期).",
        example: "3位",
        test: Test::Words(ORDINAL_WORDS),
    },
    Filter {
        name: "article_word",
        class: NumberClass::Article,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "Legal and budget numbering after a figure (1款, 2項, 3目, 5号).",
        example: "1款",
        test: Test::Words(ARTICLE_WORDS),
    },
    Filter {
        name: "address",
        class: NumberClass::Address,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A block or a lot of an address (4丁目, 12番地).",
        example: "4丁目12番地",
        test: Test::Words(ADDRESS_WORDS),
    },
    Filter {
        name: "floor_or_room",
        class: NumberClass::Place,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A floor or a room (5階, 201号室, 2号館).",
        example: "5階",
        test: Test::Words(PLACE_WORDS),
    },
    Filter {
        name: "page_word",
        class: NumberClass::Page,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A page (3ページ, 12頁).",
        example: "(2ページ)",
        test: Test::Words(PAGE_WORDS),
    },
    Filter {
        name: "version_word",
        class: NumberClass::Version,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "An edition or a model (第2版, 3型).",
        example: "第2版",
        test: Test::Words(VERSION_WORDS),
    },
    Filter {
        name: "measure_word",
        class: NumberClass::Measure,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A measurement written in words (1,200トン, 1,250平方メートル, 30度).",
        example: "1,200トン",
        test: Test::Words(MEASURE_WORDS),
    },
    Filter {
        name: "qualifier_without_unit",
        class: NumberClass::Bare,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A qualifier or a change after a figure with no unit (2以内, 1相当): nothing is counted.",
        example: "申請から90日以内",
        test: Test::Words(BARE_QUALIFIER_WORDS),
    },
    Filter {
        name: "per_word",
        class: NumberClass::PerUnit,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A figure before 当たり or 毎 with no unit of its own.",
        example: "1当たり",
        test: Test::Words(PER_WORDS),
    },
    Filter {
        name: "era_after",
        class: NumberClass::Section,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A figure right before an era's name is a list number or a footnote (※1 令和4年度).",
        example: "※1 令和4年度",
        test: Test::Words(ERA_NAMES),
    },
    Filter {
        name: "ordinal_me",
        class: NumberClass::Ordinal,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A word ending in 目 makes an ordinal (3巡目, 4年目).",
        example: "3巡目",
        test: Test::Word(|w| w.unit.text.ends_with('目')),
    },
    Filter {
        name: "place_name",
        class: NumberClass::Place,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A word naming a place (403会議室, 3庁舎).",
        example: "403会議室",
        test: Test::Word(|w| count::PLACE_ENDINGS.iter().any(|e| w.unit.text.ends_with(e))),
    },
    Filter {
        name: "kanji_numeral_in_word",
        class: NumberClass::Word,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A kanji numeral before a word that is no counter of the list is part of the word (一層, 三位).",
        example: "一石二鳥",
        test: Test::Word(|w| w.figure.kanji),
    },
    Filter {
        name: "stem_not_noun",
        class: NumberClass::Bare,
        stage: Stage::Word,
        gate: Gate::ANY,
        doc: "A word that is a verb's or an adjective's stem, not a noun that counts: one kanji followed by kana that is no particle (5及び, 4学び), or a word followed by a form of する (3信頼される).",
        example: "第180条の5及び",
        test: Test::Word(|w| {
            if w.unit.text.starts_with(is_katakana) {
                return false;
            }
            let one_kanji = w.unit.text.chars().count() == 1;
            (one_kanji && starts_with_okurigana(w.after())) || ["さ", "し", "す", "せ"].iter().any(|f| w.after().starts_with(f) && !w.after().starts_with("しか"))
        }),
    },
    // --- the figure and its unit in context --------------------------------------------
    Filter {
        name: "heading_number",
        class: NumberClass::Section,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "A list or heading number: a bare integer at a line's start, or of one or two digits after a space, or after - or . or a label, then a space and a noun (1 開催日時, 資料7 …); not a common counter ending the cell (312 業者, 2 か所).",
        example: "1 開催日時",
        test: Test::Candidate(heading_number),
    },
    Filter {
        name: "title_number",
        class: NumberClass::Section,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "A section number glued to its title: one or two digits at a line's start or after a space, before a word that is no common counter and runs on into a title (1地域総がかりの教育).",
        example: "1地域総がかりの教育",
        test: Test::Candidate(title_number),
    },
    Filter {
        name: "unit_alone",
        class: NumberClass::Caption,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "A bare scale word with 円 standing alone in its cell or line, or after a label's colon, names a column's or a field's unit (千円, 事業費:千円).",
        example: "千円",
        test: Test::Candidate(|c| {
            let text = c.figure_text();
            c.figure.kanji
                && !text.chars().any(|ch| chars::is_kanji_digit(ch) || ch == '十' || ch == '数')
                && matches!(c.unit_kind, Some(UnitKind::Yen(_)))
                && chars::before(c.norm, c.start)
                    .is_none_or(|b| matches!(b, ' ' | '\t' | '\n' | '(' | '|' | ':' | '【' | '[' | '〔' | '「' | '/'))
                && chars::at(c.norm, c.end)
                    .is_none_or(|a| matches!(a, ' ' | '\t' | '\n' | ')' | '|' | '(' | '】' | ']' | '〕' | '」' | '/'))
        }),
    },
    Filter {
        name: "kanji_in_word",
        class: NumberClass::Word,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "Kanji digits are parts of words too: they count only before a short list of counters (三者, 約十人), a lone 一 before a shorter one (一件, not 一部 or 一人ひとり), and not glued to a word on their left (第三者); 市内一円 is no amount.",
        example: "一部",
        test: Test::Candidate(|c| {
            if !c.figure.kanji {
                return false;
            }
            let text = c.figure_text();
            match c.unit_kind {
                Some(UnitKind::Counter) | Some(UnitKind::Noun) => {
                    let list = if text == "一" { count::ONE_COUNTERS } else { count::KANJI_COUNTERS };
                    let listed = list.contains(&c.unit_text()) || (c.unit_text() == "度" && text != "一");
                    !listed
                        || (c.unit_kind == Some(UnitKind::Counter)
                            && chars::before(c.norm, c.start).is_some_and(chars::is_word_char)
                            && c.qualifier.is_none())
                }
                Some(UnitKind::Yen(_)) => text == "一",
                _ => false,
            }
        }),
    },
    Filter {
        name: "name_with_figure",
        class: NumberClass::Name,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "A figure glued to a katakana word, or a year-like four-digit figure, before a noun that is no counter of the list is part of a name (プラン2030, 東京2020大会).",
        example: "東京2020大会",
        test: Test::Candidate(|c| {
            let f = &c.figure;
            let four_digit_year =
                !f.grouped && !f.decimal && f.leading_digits == 4 && (1900.0..2100.0).contains(&f.value);
            c.unit_kind == Some(UnitKind::Noun) && (c.glued_to_word || four_digit_year)
        }),
    },
    Filter {
        name: "ordinal_after",
        class: NumberClass::Ordinal,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "目 after the unit makes an ordinal (10本目, 2回目).",
        example: "2回目",
        test: Test::Candidate(|c| c.norm.get(c.end..).is_some_and(|r| r.starts_with('目'))),
    },
    Filter {
        name: "fraction",
        class: NumberClass::Ratio,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "A one-char noun then の after a figure is a fraction or a name (3分の2).",
        example: "4分の1",
        test: Test::Candidate(|c| {
            c.unit_kind == Some(UnitKind::Noun)
                && c.norm.get(c.end..).is_some_and(|r| r.starts_with('の'))
                && c.unit_text().chars().count() == 1
        }),
    },
    // --- the shapes of figures with nothing attached (the account) ----------------------
    Filter {
        name: "next_cell",
        class: NumberClass::Bare,
        stage: Stage::Context,
        gate: Gate::ANY,
        doc: "A word that is no counter of the list, after a space on the same line, is the next cell of a row, not the figure's counter (1,200 達成率); a counter of the list may stand after a space (36,369 人). Asked after the heading filters (2 計画数値 is a heading's number).",
        example: "計画 3,800 進捗率",
        test: Test::Candidate(|c| {
            let Some(u) = c.unit.filter(|u| u.kind == UnitKind::Noun) else { return false };
            let gap = &c.norm[c.figure.end..u.at];
            !gap.is_empty() && !gap.contains('\n')
        }),
    },
    Filter {
        name: "time_colon",
        class: NumberClass::Time,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "Hours and minutes apart by a colon (14:30, 9:00~17:00).",
        example: "14:30",
        test: Test::Candidate(|c| {
            let after = c.after_figure();
            let two = |s: &str| s.len() >= 2 && s.as_bytes()[..2].iter().all(u8::is_ascii_digit);
            (after.starts_with(':') && two(&after[1..]))
                || (c.before() == Some(':') && chars::before(c.norm, c.start - 1).is_some_and(|b| b.is_ascii_digit()))
        }),
    },
    Filter {
        name: "file_size",
        class: NumberClass::FileSize,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A file's size (20KB, 1.2MB).",
        example: "[PDFファイル/126KB]",
        test: Test::Candidate(|c| {
            let after = c.after_figure().trim_start_matches(' ');
            FILE_SIZES.iter().any(|u| {
                after.starts_with(u) && !after[u.len()..].starts_with(|x: char| x.is_ascii_alphabetic())
            })
        }),
    },
    Filter {
        name: "latin_measure",
        class: NumberClass::Measure,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A measurement with a Latin or a symbol unit (5kg, 3.2km, 100㎡, 30℃).",
        example: "3.2km",
        test: Test::Candidate(|c| {
            let after = c.after_figure().trim_start_matches(' ');
            LATIN_MEASURES.iter().any(|u| {
                after.starts_with(u) && !after[u.len()..].starts_with(|x: char| x.is_ascii_alphanumeric())
            })
        }),
    },
    Filter {
        name: "bracketed_number",
        class: NumberClass::Section,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A number alone in brackets numbers a heading or an item ((1), <2>, 【3】).",
        example: "(1) 補助金の交付",
        test: Test::Candidate(|c| {
            let open = c.before().is_some_and(|b| "(<[【〔《〈｛{".contains(b));
            let close = c.after_figure().starts_with([')', '>', ']', '】', '〕', '》', '〉', '}']);
            open && close
        }),
    },
    Filter {
        name: "list_number",
        class: NumberClass::Section,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A list or heading number: an integer at a line's start or after a space followed by . or ) or a space and words (1. 事業計画, 2) 概要, 1 開催日時), or the parts of a hierarchical number (2-1-3, 1-1).",
        example: "1. 事業計画",
        test: Test::Candidate(|c| {
            let f = &c.figure;
            if f.kanji || f.grouped || f.negative {
                return false;
            }
            let ahead = c.ahead();
            let opens = ahead.trim_end_matches([' ', '\t']).is_empty()
                || ahead.ends_with([' ', '\t', '・', '-', '.', '(', '】', '」'])
                || ahead.ends_with(|b: char| "○●◎◇◆■□▶▷・-".contains(b));
            let after = c.after_figure();
            let marked = after.starts_with(['.', ')']) && !after[1..].starts_with(|x: char| x.is_ascii_digit())
                || after.starts_with(". ");
            let hierarchical = after.starts_with('-') && after[1..].starts_with(|x: char| x.is_ascii_digit())
                || ahead.ends_with('-') && chars::before(ahead, ahead.len() - 1).is_some_and(|b| b.is_ascii_alphanumeric());
            let spaced_title = after.starts_with(' ')
                && after.trim_start().starts_with(|x: char| is_kanji(x) || is_katakana(x) || x.is_ascii_alphabetic());
            (opens && (marked || spaced_title || hierarchical)) || hierarchical && !f.decimal
        }),
    },
    Filter {
        name: "item_label",
        class: NumberClass::Section,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "The number of an item after its label word (指標1, 項目2, 議題1について, その2, 参考資料1~4, 資料1―1): a small integer after a word that names items, or after such a number and a connector, before punctuation, a particle or the line's end.",
        example: "議題1について",
        test: Test::Candidate(|c| {
            let f = &c.figure;
            if f.kanji || f.grouped || f.decimal || f.negative || f.leading_digits > 2 {
                return false;
            }
            let ahead = strip_number_and_connector(c.ahead().trim_end_matches(' ')).trim_end_matches(' ');
            let labelled = ITEM_LABELS.iter().chain(EXHIBIT_LABELS).any(|l| ahead.ends_with(l));
            let after = c.after_figure();
            let closes = after.starts_with("から")
                || after.starts_with("まで")
                || after.chars().next().is_none_or(|x| is_separator(x) || "はにのをとで".contains(x));
            labelled && closes
        }),
    },
    Filter {
        name: "ratio_term",
        class: NumberClass::Ratio,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "The first term of a fraction (2/3), the second term of a ratio or a fraction (7対1, 3分の1, 1/2 where no date is read), or a factor of a formula (×100, ÷12).",
        example: "7対1入院基本料",
        test: Test::Candidate(|c| {
            let ahead = c.ahead().trim_end_matches(' ');
            let after_number = |rest: &str| rest.ends_with(|x: char| x.is_ascii_digit() || chars::is_kanji_digit(x));
            ahead.strip_suffix('対').is_some_and(after_number)
                || ahead.strip_suffix('/').is_some_and(|r| r.ends_with(|x: char| x.is_ascii_digit()))
                || c.after_figure().strip_prefix('/').is_some_and(|r| r.starts_with(|x: char| x.is_ascii_digit()))
                || ahead.strip_suffix("分の").is_some_and(after_number)
                || ahead.ends_with(['×', '÷', '*'])
        }),
    },
    Filter {
        name: "sub_number",
        class: NumberClass::Article,
        stage: Stage::Bare,
        gate: Gate { before: &['の'], after: &[], first: &[] },
        doc: "The branch number of an article or an item numbered with 第 (第202の3, 第4条の2の3).",
        example: "第202の3に基づく",
        test: Test::Candidate(|c| {
            let Some(rest) = c.ahead().strip_suffix('の') else { return false };
            let digits = rest.trim_end_matches(|x: char| x.is_ascii_digit());
            digits.len() < rest.len() && (digits.ends_with('第') || digits.ends_with('条') || digits.ends_with('の'))
        }),
    },
    Filter {
        name: "measure_prefix",
        class: NumberClass::Measure,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A measurement named before its figure (震度7, 標高300, マグニチュード7.3).",
        example: "震度7を観測",
        test: Test::Candidate(|c| MEASURE_PREFIXES.iter().any(|p| c.ahead().trim_end_matches(' ').ends_with(p))),
    },
    Filter {
        name: "lot_number",
        class: NumberClass::Address,
        stage: Stage::Bare,
        gate: Gate { before: &['町', '字', '村'], after: &[], first: &[] },
        doc: "A lot number after a town's name (水沢町1234), before a bracket, a hyphen, 番, a separator or a particle.",
        example: "(本町1234)",
        test: Test::Candidate(|c| {
            let after = c.after_figure();
            c.plain_integer()
                && c.figure.leading_digits >= 2
                && after.chars().next().is_none_or(|x| is_separator(x) || x == '番' || ('ぁ'..='ゖ').contains(&x))
        }),
    },
    Filter {
        name: "extension",
        class: NumberClass::Phone,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A phone extension after 内線 (内線4576, 内線7691・7692).",
        example: "代表 03-1234-5678(内線4576)",
        test: Test::Candidate(|c| {
            let ahead = strip_number_and_connector(c.ahead().trim_end_matches(' '));
            c.plain_integer() && ahead.trim_end_matches(' ').ends_with("内線")
        }),
    },
    Filter {
        name: "titled_name",
        class: NumberClass::Name,
        stage: Stage::Bare,
        gate: Gate { before: &[], after: &['」', '』', '》'], first: &[] },
        doc: "A figure ending a name in quotes, glued to its words (「行革プラン2016」, 『健康みらい21』).",
        example: "「まちづくりプラン2016」に基づき",
        test: Test::Candidate(|c| {
            c.plain_integer()
                && c.before().is_some_and(|b| is_kanji(b) || is_katakana(b) || b == 'ー' || ('ぁ'..='ゖ').contains(&b))
                && c.after_figure().starts_with(['」', '』', '》'])
        }),
    },
    Filter {
        name: "care_level",
        class: NumberClass::Grade,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A care level after 要介護 or 要支援, alone or in a range (要介護1~5, 要支援2).",
        example: "要介護1~5の認定者",
        test: Test::Candidate(|c| {
            let ahead = strip_number_and_connector(c.ahead().trim_end_matches(' '));
            c.plain_integer() && (ahead.ends_with("要介護") || ahead.ends_with("要支援"))
        }),
    },
    Filter {
        name: "letter_code",
        class: NumberClass::Code,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A figure glued to Latin letters after it that name no measure is a code or a name (5G, 3LDK).",
        example: "5G通信",
        test: Test::Candidate(|c| c.after_figure().starts_with(|x: char| x.is_ascii_alphabetic())),
    },
    Filter {
        name: "figure_alone",
        class: NumberClass::Bare,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A figure with nothing attached: alone on its line or between spaces, brackets, rules or punctuation (a cell of a row the layout did not read as a table, a rating, a lone number).",
        example: "合計 1,234",
        test: Test::Candidate(|c| {
            let open = c.before().is_none_or(is_separator) || c.start == c.line.start || signed_alone(c.ahead());
            let after = c.after_figure();
            let close = after.chars().next().is_none_or(is_separator);
            open && close
        }),
    },
    Filter {
        name: "year_in_name",
        class: NumberClass::Name,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A year glued to the end of a plan's or an event's name (プラン2030, 総合戦略2020): four digits from 1900 to 2100 right after kanji or katakana, no 年 after them.",
        example: "みらい創生プラン2035",
        test: Test::Candidate(|c| {
            c.plain_integer()
                && c.figure.leading_digits == 4
                && (1900.0..=2100.0).contains(&c.figure.value)
                && c.before().is_some_and(|b| is_kanji(b) || is_katakana(b) || b == 'ー')
                && !c.after_figure().starts_with(['年', '月', '/', '.'])
        }),
    },
    Filter {
        name: "label_value",
        class: NumberClass::Bare,
        stage: Stage::Bare,
        gate: Gate::ANY,
        doc: "A figure with no unit ending a short line right after its label (合計36, 要改善22, ▲22): a cell of a label–value list the layout did not read as a table.",
        example: "合計36",
        test: Test::Candidate(|c| {
            if !c.after_figure().trim_end().is_empty() {
                return false;
            }
            let ahead = c.ahead().trim_end_matches(' ');
            let ahead = ahead.trim_end_matches(['▲', '△', '-', '+']);
            let label = ahead.trim_start();
            label.chars().count() <= 16 && label.chars().last().is_none_or(|b| is_kanji(b) || is_katakana(b) || is_separator(b))
        }),
    },
];

/// `ahead` ends with a minus or plus mark that stands alone (after a separator or at the
/// line's start, maybe a space before the figure: `△ 119`, `(▲498)`).
fn signed_alone(ahead: &str) -> bool {
    let a = ahead.trim_end_matches(' ');
    let Some(rest) = a.strip_suffix(['▲', '△', '▼', '+', '-']) else { return false };
    rest.chars().next_back().is_none_or(is_separator)
}

/// A char that separates cells or items: whitespace, brackets, rules, punctuation.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || "()<>[]【】〔〕「」『』|,、。.:;/~-=+・*→⇒…‥".contains(c) || c == '\u{3000}'
}

/// Hiragana after a word that is no particle (nor the start of one): the word is a verb's or
/// an adjective's stem (`及び`, `信頼される`, `学び`).
fn starts_with_okurigana(after: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "の", "が", "を", "に", "は", "へ", "と", "で", "も", "や", "か", "よ", "ま", "ず", "ご", "ほ", "く", "ぐ",
        "だ", "しか", "な", "ば", "ず", "こ", "ぶ", "あ", "ね", "ら", "わ", "ぐ",
    ];
    let Some(c) = after.chars().next() else { return false };
    ('\u{3041}'..='\u{3096}').contains(&c) && !PARTICLES.iter().any(|p| after.starts_with(p))
}

/// The figure ending at `end` is followed by a unit and 当たり (or another figure and unit,
/// then 当たり): the denominator of a rate.
pub(crate) fn per_unit_follows(norm: &str, end: usize, limit: usize) -> bool {
    let limit = chars::floor_boundary(norm, limit.min(end + 48));
    let Some(mut rest) = norm.get(end..limit) else { return false };
    for round in 0..2 {
        // The unit: a short word (up to the 当 of 当たり), then the end of a rate.
        let mut word = 0;
        for (k, c) in rest.char_indices().take(4) {
            if !(is_kanji(c) || is_katakana(c)) || (c == '当' && rest[k..].starts_with(PER_UNIT_ENDS[0])) {
                break;
            }
            word = k + c.len_utf8();
        }
        if word == 0 {
            return false;
        }
        rest = &rest[word..];
        if rest.starts_with(['当', 'あ', 'に']) && PER_UNIT_ENDS.iter().any(|e| rest.starts_with(e)) {
            return true;
        }
        if round == 1 {
            return false;
        }
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
    }
    false
}

/// The figure ending at `end` is the year of a law's or an ordinance's number
/// (`22年法律第67号`).
pub(crate) fn names_an_act(norm: &str, end: usize) -> bool {
    norm.get(end..).and_then(|r| r.strip_prefix('年')).is_some_and(act_follows)
}

/// `rest` (the text after a year's 年) names an act by its number (`法律第67号`).
pub(crate) fn act_follows(rest: &str) -> bool {
    LAW_KINDS.iter().any(|k| rest.strip_prefix(k).is_some_and(|r| r.starts_with('第')))
}

/// The date whose figure ends at `end` goes on (年, 月, 日 and their figures) into the name
/// of an event (`30年7月豪雨`).
pub(crate) fn date_names_an_event(norm: &str, end: usize) -> bool {
    if !norm.get(end..).is_some_and(|r| r.starts_with(['年', '月', '日'])) {
        return false;
    }
    let Some(rest) = norm.get(end..chars::floor_boundary(norm, end + 40)) else { return false };
    let date_part: usize = rest
        .chars()
        .take_while(|&c| c.is_ascii_digit() || matches!(c, '年' | '月' | '日' | '度' | ' '))
        .map(char::len_utf8)
        .sum();
    rest[date_part..].starts_with(is_kanji) && kanji_after_names_an_event(&rest[date_part..])
}

/// The kanji at the start of `rest` hold an event's name (`豪雨災害`, `東日本台風`).
pub(crate) fn kanji_after_names_an_event(rest: &str) -> bool {
    let run: usize = rest.chars().take(8).take_while(|&c| is_kanji(c)).map(char::len_utf8).sum();
    let word = &rest[..run];
    word.char_indices().any(|(k, _)| EVENT_NAMES.iter().any(|e| word[k..].starts_with(e)))
}

/// The digits at `pos` are one group of three or more groups of bare digits joined by
/// hyphens (`15349-1650-2027`), none followed by a unit.
pub(crate) fn hyphenated_id_at(norm: &str, pos: usize, line: std::ops::Range<usize>) -> bool {
    let b = norm.as_bytes();
    let is_part = |i: usize| i < line.end && (b[i].is_ascii_digit() || b[i] == b'-');
    let mut s = pos;
    while s > line.start && is_part(s - 1) {
        s -= 1;
    }
    let mut e = pos;
    while is_part(e) {
        e += 1;
    }
    let run = &norm[s..e];
    let groups: Vec<&str> = run.split('-').collect();
    groups.len() >= 3
        && groups.iter().all(|g| !g.is_empty())
        && !norm[e..line.end].starts_with(|c: char| is_kanji(c) || c == '%' || c == '円')
        && !norm[..s].ends_with(|c: char| c.is_ascii_alphabetic())
}

/// A list or heading number before a spaced noun (the rule of `docs/extraction.md`).
fn heading_number(c: &Candidate) -> bool {
    let f = &c.figure;
    let Some(unit) = c.unit else { return false };
    let plain_integer = c.plain_integer();
    let spaced = unit.spaced(f.end) && c.value_max.is_none();
    if !(plain_integer && spaced && matches!(c.unit_kind, Some(UnitKind::Counter) | Some(UnitKind::Noun))) {
        return false;
    }
    let norm = c.norm;
    let at_line_start = norm[c.line.start..c.start].trim().is_empty();
    let prev = chars::before(norm, c.start);
    let after_space = prev.is_some_and(|p| p == ' ' || p == '\t');
    // `<3>-1 自立訓練`, `2.1 概要`: the last part of a hierarchical number.
    let sub_number = prev.is_some_and(|p| p == '-' || p == '.');
    // `資料7 狛江市の…`, `目標1 福祉施設の…`: the number of a labelled item.
    let label_number = prev.is_some_and(is_kanji) && !c.free_prefix;
    // A heading goes on with its title, or is a short title of its own (`1 概要`); a count in
    // a table cell ends there, with a counter of the list (`312 業者`). A common counter (`2
    // か所`) counts there too, unless it starts the title's first word (`3 人口変化`).
    let tail = norm.get(c.end..c.line.end).unwrap_or("").trim_start();
    let title_follows = !tail.is_empty() && !tail.starts_with([')', '|', '\t']);
    let counter_starts_a_word = chars::at(norm, c.end).is_some_and(is_kanji);
    let heading = if count::CLASSIC_COUNTERS.contains(&c.unit_text()) {
        counter_starts_a_word
    } else {
        title_follows || c.unit_kind == Some(UnitKind::Noun)
    };
    heading && (at_line_start || sub_number || label_number || (after_space && f.leading_digits <= 2))
}

/// A section number glued to its title (`1地域総がかりの教育`, `3信頼される…`): the title's
/// first word runs on past the counter (more kanji, then kana).
fn title_number(c: &Candidate) -> bool {
    let f = &c.figure;
    let Some(unit) = c.unit else { return false };
    if !c.plain_integer() || f.leading_digits > 1 || c.value_max.is_some() || unit.spaced(f.end) || c.free_prefix {
        return false;
    }
    if count::CLASSIC_COUNTERS.contains(&unit.text) || !matches!(c.unit_kind, Some(UnitKind::Counter | UnitKind::Noun))
    {
        return false;
    }
    let at_line_start = c.norm[c.line.start..c.start].trim().is_empty();
    let after_space = chars::before(c.norm, c.start).is_some_and(|p| p == ' ' || p == '\t');
    if !(at_line_start || after_space) {
        return false;
    }
    // The word after the counter: one kanji then kana (`総がかり`), the counter swallowed by
    // a word that is not part of it.
    let after = c.norm.get(unit.end..c.line.end).unwrap_or("");
    let mut it = after.chars();
    matches!((it.next(), it.next()), (Some(k), Some(h)) if is_kanji(k) && ('\u{3041}'..='\u{3096}').contains(&h))
}

/// Where each stage's filters stand in [`FILTERS`] (they are written stage by stage), by
/// `Stage as usize`.
static STAGES: LazyLock<[std::ops::Range<usize>; 5]> = LazyLock::new(|| {
    let mut out: [std::ops::Range<usize>; 5] = Default::default();
    let mut seen = [false; 5];
    for (i, f) in FILTERS.iter().enumerate() {
        let k = f.stage as usize;
        if !seen[k] {
            seen[k] = true;
            out[k] = i..i;
        }
        assert_eq!(out[k].end, i, "the filters of a stage are written together ({})", f.name);
        out[k].end = i + 1;
    }
    out
});

/// The filters of `stage`, in order.
pub fn of_stage(stage: Stage) -> &'static [Filter] {
    &FILTERS[STAGES[stage as usize].clone()]
}

type WordIndex = HashMap<char, Vec<(&'static str, &'static Filter)>, crate::fnv::BuildFnv>;

/// The index of the word lists of the [`Stage::Word`] filters: by first char, longest first.
static WORD_INDEX: LazyLock<WordIndex> = LazyLock::new(|| {
    let mut map = WordIndex::default();
    for f in FILTERS.iter() {
        if let Test::Words(words) = f.test {
            for w in words {
                map.entry(w.chars().next().expect("no empty word")).or_default().push((w, f));
            }
        }
    }
    for v in map.values_mut() {
        v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }
    map
});

/// For each stage, which of its filters (as bits, in their order) a char before or after a
/// figure admits, and which have no gate: most figures pass none of the gates, and only the
/// few ungated filters test them.
struct Dispatch {
    open: u64,
    /// By the figure's first char.
    first_ascii: [u64; 128],
    first: HashMap<char, u64, crate::fnv::BuildFnv>,
    /// By ASCII char, then by other chars.
    before_ascii: [u64; 128],
    after_ascii: [u64; 128],
    before: HashMap<char, u64, crate::fnv::BuildFnv>,
    after: HashMap<char, u64, crate::fnv::BuildFnv>,
}

impl Dispatch {
    fn mask(ascii: &[u64; 128], other: &HashMap<char, u64, crate::fnv::BuildFnv>, c: Option<char>) -> u64 {
        match c {
            Some(c) if c.is_ascii() => ascii[c as usize],
            Some(c) => other.get(&c).copied().unwrap_or(0),
            None => 0,
        }
    }
}

static DISPATCH: LazyLock<Vec<Dispatch>> = LazyLock::new(|| {
    [Stage::Masked, Stage::Figure, Stage::Word, Stage::Context, Stage::Bare]
        .iter()
        .map(|s| {
            let filters = of_stage(*s);
            assert!(filters.len() <= 64, "a stage holds at most 64 filters");
            let mut d = Dispatch {
                open: 0,
                first_ascii: [0; 128],
                first: HashMap::default(),
                before_ascii: [0; 128],
                after_ascii: [0; 128],
                before: HashMap::default(),
                after: HashMap::default(),
            };
            for (i, f) in filters.iter().enumerate() {
                let bit = 1u64 << i;
                if f.gate.before.is_empty() && f.gate.after.is_empty() && f.gate.first.is_empty() {
                    d.open |= bit;
                }
                for &c in f.gate.first {
                    if c.is_ascii() {
                        d.first_ascii[c as usize] |= bit;
                    } else {
                        *d.first.entry(c).or_default() |= bit;
                    }
                }
                for &c in f.gate.before {
                    if c.is_ascii() {
                        d.before_ascii[c as usize] |= bit;
                    } else {
                        *d.before.entry(c).or_default() |= bit;
                    }
                }
                for &c in f.gate.after {
                    if c.is_ascii() {
                        d.after_ascii[c as usize] |= bit;
                    } else {
                        *d.after.entry(c).or_default() |= bit;
                    }
                }
            }
            d
        })
        .collect()
});

/// The first filter of `stage` that fires on `c`.
pub(crate) fn first(stage: Stage, c: &Candidate) -> Option<&'static Filter> {
    let filters = of_stage(stage);
    let d = &DISPATCH[stage as usize];
    let after = c.after_figure().chars().next();
    let first = c.figure_text().trim_start_matches(crate::text::numeral::MINUS_SIGNS).chars().next();
    let mut admitted = d.open
        | Dispatch::mask(&d.first_ascii, &d.first, first)
        | Dispatch::mask(&d.before_ascii, &d.before, c.before())
        | Dispatch::mask(&d.after_ascii, &d.after, after);
    while admitted != 0 {
        let i = admitted.trailing_zeros() as usize;
        admitted &= admitted - 1;
        let f = &filters[i];
        if let Test::Candidate(test) = f.test {
            if test(c) {
                return Some(f);
            }
        }
    }
    None
}

/// The first word filter that fires on the `<noun>` `unit` read after `figure`: the longest
/// word of the word lists the unit starts with, then the filters on the word's shape.
pub(crate) fn word_filter(norm: &str, unit: Unit<'_>, figure: &Figure) -> Option<&'static Filter> {
    let rest = &norm[unit.at..];
    if let Some(list) = rest.chars().next().and_then(|c| WORD_INDEX.get(&c)) {
        if let Some((_, f)) = list.iter().find(|(w, _)| rest.starts_with(w)) {
            return Some(f);
        }
    }
    let word = Word { norm, unit, figure };
    of_stage(Stage::Word).iter().find(|f| match f.test {
        Test::Word(test) => test(&word),
        _ => false,
    })
}

/// The filter that masks the number at `run` (URL, phone number, postal code), given the
/// masked ranges of its line.
pub(crate) fn masking_filter(
    norm: &str,
    masked: &[std::ops::Range<usize>],
    run: std::ops::Range<usize>,
) -> Option<&'static Filter> {
    let i = masked.partition_point(|r| r.end <= run.start);
    let m = masked.get(i).filter(|r| r.start < run.end)?;
    let text = &norm[m.clone()];
    let name = if text.starts_with('〒') {
        "postal_code"
    } else if text.starts_with(|c: char| c.is_ascii_digit()) && !text.contains('/') {
        "phone_number"
    } else {
        "url"
    };
    by_name(name)
}

/// The filter called `name`.
pub fn by_name(name: &str) -> Option<&'static Filter> {
    FILTERS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_documented() {
        let mut names: Vec<&str> = FILTERS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "a filter name is used twice");
        let staged: usize = [Stage::Masked, Stage::Figure, Stage::Word, Stage::Context, Stage::Bare]
            .iter()
            .map(|s| of_stage(*s).len())
            .sum();
        assert_eq!(staged, FILTERS.len());
        for f in FILTERS.iter() {
            assert!(!f.doc.is_empty() && !f.example.is_empty(), "{} needs a doc and an example", f.name);
            assert!(f.class != NumberClass::Unaccounted, "{} names no class", f.name);
        }
    }

    #[test]
    fn denominators_of_rates() {
        let t = "1人1日当たり収益";
        assert!(per_unit_follows(t, 1, t.len()));
        let t = "市民1人あたりの";
        assert!(per_unit_follows(t, "市民1".len(), t.len()));
        let t = "1万人当たり";
        assert!(per_unit_follows(t, "1万".len(), t.len()));
        let t = "5人が参加";
        assert!(!per_unit_follows(t, 1, t.len()));
    }

    #[test]
    fn acts_and_events() {
        let t = "昭和22年法律第67号";
        assert!(names_an_act(t, "昭和22".len()));
        assert!(!names_an_act("令和5年4月", "令和5".len()));
        let t = "平成30年7月豪雨災害に";
        assert!(date_names_an_event(t, "平成30".len()));
        assert!(date_names_an_event(t, "平成30年7".len()));
        assert!(!date_names_an_event("令和2年7月に", "令和2".len()));
    }

    #[test]
    fn ids_of_hyphenated_digits() {
        let t = "問い合わせ番号:15349-1650-2027 更新日";
        let at = t.find("2027").unwrap();
        assert!(hyphenated_id_at(t, at, 0..t.len()));
        let t = "3-6,479千円";
        assert!(!hyphenated_id_at(t, 0, 0..t.len()));
    }
}
