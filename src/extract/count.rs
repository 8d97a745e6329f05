//! Counts: a figure and the noun it counts (`28社`, `5~8人`, `10回/年`, `三者`, `11法人`,
//! `1,695事務事業`).
//!
//! A figure followed by a noun is a count with that noun as its unit, unless the noun is a
//! measurement, a time, an ordinal or a part of a name. The noun is read from the characters
//! (the same with and without tokens):
//!
//! 1. a counter of [`COUNTERS`](crate::text::lexicon::COUNTERS) at the start of the word after the figure is the unit
//!    (`施設整備` → `施設`, `人体制` → `人`);
//! 2. else a word filter ([`crate::extract::filters`]) may name it as no count (`5年間`,
//!    `3階`, `2号`, `65歳`);
//! 3. else the whole word, when it is a short run of kanji (≤ 4) or katakana (≤ 6) ending at
//!    a char that is no letter, is the unit (`事務事業`, `測定対象`, `道県`, `ポイント`).
//!
//! Kanji numerals count only before a counter of [`KANJI_COUNTERS`] (`三者`, `約十人`): kanji
//! digits are also parts of ordinary words (一部, 四国, 二本松), and a lone 一 counts only
//! before [`ONE_COUNTERS`] (一件, not 一人ひとり or 一部).

pub use crate::text::lexicon::counter_prefix;

/// Counters a kanji numeral may stand before.
pub const KANJI_COUNTERS: &[&str] = &[
    "機関",
    "施設",
    "分野",
    "団体",
    "地区",
    "事業",
    "項目",
    "か所",
    "箇所",
    "カ所",
    "ヶ所",
    "か国",
    "カ国",
    "者",
    "社",
    "件",
    "人",
    "名",
    "回",
    "つ",
    "校",
    "市町村",
    "市町",
    "世帯",
    "チーム",
    "グループ",
    "台",
    "匹",
    "枚",
    "冊",
];

/// Counters a lone 一 may stand before: elsewhere 一 is lexical (一部, 一体, 一人ひとり).
pub const ONE_COUNTERS: &[&str] = &["件", "名", "社", "団体", "機関", "施設", "か所", "箇所", "事業", "校"];

/// A kanji word after a figure is a counter only when it is this short: longer runs are a
/// phrase (`5施設整備計画` is cut at its counter; `12事業評価対象施策` is none).
pub const GENERIC_KANJI_MAX: usize = 4;
pub const GENERIC_KATAKANA_MAX: usize = 6;

crate::vocabulary! {
    /// How a figure is qualified, by the word written with it (its wire name is the word
    /// standing for each: `およそ`, `程度` … are 約).
    pub enum Qualifier {
        About => "約",
        AtLeast => "以上",
        AtMost => "以下",
        Below => "未満",
        Above => "超",
    }
}

/// Qualifiers written before the number, and the qualifier they mean.
pub const PRE_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("約", Qualifier::About),
    ("およそ", Qualifier::About),
    ("概ね", Qualifier::About),
    ("おおむね", Qualifier::About),
];

/// Words ending in 約 whose 約 is not a qualifier (`集約2件`).
pub const WORDS_ENDING_IN_YAKU: &[&str] = &[
    "集約", "契約", "予約", "要約", "節約", "規約", "条約", "公約", "制約", "協約", "誓約", "特約", "解約", "確約",
    "倹約", "盟約",
];

/// Qualifiers written after the unit.
pub const POST_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("未満", Qualifier::Below),
    ("超", Qualifier::Above),
    ("程度", Qualifier::About),
    ("ほど", Qualifier::About),
    ("ぐらい", Qualifier::About),
    ("くらい", Qualifier::About),
    ("前後", Qualifier::About),
];

/// `年2回`, `年間8万件`: written before the number, they make a rate per 年.
pub const PER_PREFIXES: &[(&str, &str)] = &[("年間", "年"), ("毎年", "年"), ("毎月", "月"), ("年", "年"), ("月", "月")];

/// `10回/年`: the per-units allowed after a slash.
pub const PER_UNITS: &[&str] = &["年度", "年", "月", "週", "日", "人", "社", "回", "件", "校"];

/// Counters that make a count even after a list number's space (`2 か所`): after `1 `, any
/// other noun is a numbered heading (`1 開催日時`, `3 地域の概要`).
pub const CLASSIC_COUNTERS: &[&str] =
    &["人", "名", "件", "社", "回", "か所", "ヶ所", "箇所", "カ所", "ケ所", "校", "台", "個", "つ", "者"];

/// Endings of nouns that name a place, not a thing counted: `403会議室`, `2号館`.
pub const PLACE_ENDINGS: &[&str] = &["室", "号館", "ホール", "会場", "庁舎"];

/// Words before a figure that are no part of a name: a figure after them is free to be a
/// count of any noun (`約10施策`, `計5事業`, `全23道県`).
pub const FREE_PREFIXES: &[&str] =
    &["約", "計", "全", "各", "延べ", "延", "合計", "総計", "うち", "内", "概ね", "最大", "最小", "累計"];

/// Words that may follow a counter of the list to make a longer one (`人泊`, `人日`,
/// `事業会計`), besides the counters themselves (`冊点`).
pub const COUNTER_TAILS: &[&str] = &["泊", "日", "会計"];

/// Whether `word` is the start of a counter of the list and not the whole of it (`ポイン`,
/// `グルー`): a word cut short.
pub fn is_cut_counter(word: &str) -> bool {
    crate::text::lexicon::COUNTERS.iter().any(|c| c.len() > word.len() && c.starts_with(word))
}

/// Kanji of change that may follow a counter made of two (`649千人泊減`): the counter ends
/// before them.
pub const CHANGE_WORDS: &str = "増減";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_take_the_longest_prefix() {
        assert_eq!(counter_prefix("施設整備"), Some("施設"));
        assert_eq!(counter_prefix("事業所"), Some("事業所"));
        assert_eq!(counter_prefix("人体制"), Some("人"));
        assert_eq!(counter_prefix("事務事業"), None);
    }
}
