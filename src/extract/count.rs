//! Counts: a number and a counter (`28社`, `5~8人`, `10回/年`, `三者`, `1本半`).
//!
//! The counters are data: [`COUNTERS`] is the fallback list used when no tokens are given
//! (the `keikaku extract` speed path) and whenever it matches; with tokens, a number followed
//! by a token that IPADIC tags 名詞,接尾,助数詞 is a count too, unless the counter is in
//! [`NOT_COUNTERS`] (time, age, ratios, floors, addresses, ordinals).

/// Counters as written, longest first where one is a prefix of another.
pub const COUNTERS: &[&str] = &[
    "機関",
    "施設",
    "分野",
    "団体",
    "地区",
    "地域",
    "市町村",
    "府県市",
    "府県",
    "市町",
    "箇所",
    "か所",
    "カ所",
    "ヶ所",
    "ケ所",
    "ヵ所",
    "か国",
    "カ国",
    "ヶ国",
    "ケ国",
    "拠点",
    "事業",
    "企業",
    "大学",
    "病院",
    "店舗",
    "チーム",
    "グループ",
    "プロジェクト",
    "種類",
    "項目",
    "品目",
    "区画",
    "講座",
    "コース",
    "ブース",
    "人",
    "名",
    "社",
    "件",
    "回",
    "台",
    "者",
    "部",
    "校",
    "店",
    "戸",
    "棟",
    "本",
    "個",
    "点",
    "枚",
    "冊",
    "組",
    "種",
    "品",
    "国",
    "市",
    "町",
    "村",
    "県",
    "つ",
];

/// Counters that may follow a kanji numeral (`三者`, `四者`, `二つ`): a shorter list, since
/// kanji digits are also ordinary word parts (一部, 四国).
pub const KANJI_COUNTERS: &[&str] =
    &["機関", "施設", "分野", "団体", "地区", "者", "社", "件", "人", "名", "回", "つ", "か所", "箇所"];

/// 助数詞 tokens that are not counts.
pub const NOT_COUNTERS: &[&str] = &[
    "年",
    "年度",
    "年間",
    "月",
    "日",
    "日間",
    "時",
    "時間",
    "分",
    "分間",
    "秒",
    "週",
    "週間",
    "か月",
    "ヶ月",
    "カ月",
    "ヵ月",
    "ケ月",
    "歳",
    "才",
    "倍",
    "階",
    "丁目",
    "丁",
    "番",
    "番地",
    "号",
    "位",
    "度",
    "次",
    "期",
    "代",
    "世紀",
    "円",
    "銭",
    "ドル",
    "割",
    "厘",
    "目",
    "条",
    "項",
    "章",
    "節",
    "頁",
    "ページ",
    "版",
    "型",
    "等",
    "年生",
    "学年",
    "泊",
    "連休",
    "周年",
    "周",
    "倍以上",
    "か年",
    "カ年",
    "ヵ年",
    "ヶ年",
    "ケ年",
];

/// Qualifiers written before the number, and the qualifier they mean.
pub const PRE_QUALIFIERS: &[(&str, &str)] = &[("約", "約"), ("およそ", "約"), ("概ね", "約"), ("おおむね", "約")];

/// Words ending in 約 whose 約 is not a qualifier (`集約2件`).
pub const WORDS_ENDING_IN_YAKU: &[&str] = &[
    "集約", "契約", "予約", "要約", "節約", "規約", "条約", "公約", "制約", "協約", "誓約", "特約", "解約", "確約",
    "倹約", "盟約",
];

/// Qualifiers written after the unit.
pub const POST_QUALIFIERS: &[(&str, &str)] = &[
    ("以上", "以上"),
    ("以下", "以下"),
    ("未満", "未満"),
    ("超", "超"),
    ("程度", "約"),
    ("ほど", "約"),
    ("前後", "約"),
];

/// `年2回`, `年間8万件`: written before the number, they make a rate per 年.
pub const PER_PREFIXES: &[(&str, &str)] = &[("年間", "年"), ("毎年", "年"), ("毎月", "月"), ("年", "年")];

/// `10回/年`: the per-units allowed after a slash.
pub const PER_UNITS: &[&str] = &["年度", "年", "月", "週", "日", "人", "社", "回", "件", "校"];

/// True when `unit`, a 助数詞 token, is a count's counter.
pub fn is_token_counter(unit: &str) -> bool {
    !unit.is_empty()
        && !NOT_COUNTERS.contains(&unit)
        && !unit.chars().any(|c| c.is_ascii_alphanumeric() || c == '%' || c == '/')
}
