//! The words several stages know, each list written once: who speaks in minutes and in which
//! role, the stamps that date or number a web page, the offices and rooms a page names, the words
//! that make a figure a target or a result, and the units a caption or a header names.

use std::collections::HashMap;
use std::sync::LazyLock;

// --- speakers ------------------------------------------------------------------------------

crate::vocabulary! {
    /// The part a speaker plays in a meeting.
    pub enum SpeakerRole {
        Chair => "chair",
        Member => "member",
        Secretariat => "secretariat",
        Other => "other",
    }
}

const CHAIRS: &[&str] = &["議長", "委員長", "会長", "座長", "部会長", "分科会長", "議長代理", "委員長代理", "会長代理"];
const SECRETARIAT: &[&str] = &["事務局", "書記", "庶務"];
const MEMBERS: &[&str] = &["委員", "議員", "構成員", "理事"];
const OFFICIALS: &[&str] = &[
    "市長",
    "町長",
    "村長",
    "区長",
    "知事",
    "副市長",
    "副知事",
    "教育長",
    "部長",
    "局長",
    "課長",
    "室長",
    "所長",
    "係長",
    "参事",
    "主幹",
    "次長",
    "理事者",
    "説明員",
    "参考人",
    "管理者",
    "監査委員",
    "センター長",
    "館長",
    "担当",
    "大臣",
    "政府参考人",
    "審議官",
    "参事官",
    "企画官",
    "調整官",
    "統括官",
    "教授",
    "准教授",
    "講師",
    "顧問",
    "校長",
    "園長",
    "院長",
    "理事長",
    "主査",
    "指導主事",
    "事業管理者",
    "補佐",
    "主事",
    "主任",
    "係員",
    "技師",
    "専門員",
    "調整官",
    "審議官",
    "参事官",
    "事務官",
];

/// The role a speaker label names (`議長(山田太郎君)`, `総務部長`, `田中委員`, `5番`), or
/// `None` when it names no speaker.
pub fn role_of(label: &str) -> Option<SpeakerRole> {
    // A legend of marks (`◎部会長、○副部会長`) or a list of people names no one speaker.
    if label.contains(['、', ',', '・']) {
        return None;
    }
    // The part before a name in brackets: `議長(山田太郎君)` → `議長`; an anonymised member's
    // letter or number after the role (`委員A`, `委員2`) is no part of it.
    let head = label.split('(').next().unwrap_or(label).trim();
    let head = match head.trim_end_matches(|c: char| c.is_ascii_alphanumeric()) {
        bare if bare.len() < head.len() && head.len() - bare.len() <= 2 && MEMBERS.contains(&bare) => bare,
        _ => head,
    };
    // An attendance block's label (`出席委員`, `理事者側出席者`, `欠席議員`) names no speaker.
    if ATTENDANCE.iter().any(|a| head.contains(a)) {
        return None;
    }
    // A vice chair speaks from the floor as a member; an acting chair (`委員長代理`) presides.
    if let Some(vice) = head.strip_prefix('副').or_else(|| head.find("副").map(|i| &head[i + '副'.len_utf8()..])) {
        if CHAIRS.contains(&vice) {
            return Some(SpeakerRole::Member);
        }
    }
    if CHAIRS.iter().any(|c| head == *c || head.ends_with(c) && !head.ends_with("監査委員長")) {
        return Some(SpeakerRole::Chair);
    }
    if SECRETARIAT.iter().any(|s| head.starts_with(s) || head.ends_with(s))
        || COUNCIL_OFFICES.iter().any(|o| head.contains(o))
    {
        return Some(SpeakerRole::Secretariat);
    }
    if OFFICIALS.iter().any(|o| head.ends_with(o)) {
        return Some(SpeakerRole::Other);
    }
    if MEMBERS.iter().any(|m| head.ends_with(m)) {
        return Some(SpeakerRole::Member);
    }
    // A seat number: `5番`.
    let digits = head.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && &head[digits..] == "番" {
        return Some(SpeakerRole::Member);
    }
    // A committee record names its members by surname and 君 (`石川君`); officials go by title.
    if head.ends_with('君') && head.chars().count() <= 8 && !head.contains(' ') {
        return Some(SpeakerRole::Member);
    }
    // A name with an honorific in brackets or after it: `(山田太郎君)`, `田中氏`.
    if label.contains('(') && (label.contains("君)") || label.contains("氏)") || label.contains("さん)")) {
        return Some(SpeakerRole::Other);
    }
    None
}

/// Words of attendance labels, which look like speakers (`〇出席委員`) but head a roster.
const ATTENDANCE: &[&str] = &["出席", "欠席", "出欠", "傍聴"];

/// The council's own offices, whose officers answer as its secretariat (`議事課長`,
/// `議会事務局次長`).
const COUNCIL_OFFICES: &[&str] = &["議会事務局", "議事課", "議事調査課", "議会総務課", "議事係", "議事担当"];

// --- page furniture ------------------------------------------------------------------------

/// Words that stamp a web page rather than title or date what it reports on: updates,
/// publication, ids, page numbers (`更新日:令和5年12月6日`, `ページID:0167772`).
pub const PAGE_STAMPS: &[&str] = &[
    "更新日",
    "掲載日",
    "公開日",
    "発表日",
    "作成日",
    "最終更新",
    "初版",
    "更新:",
    "掲載:",
    "ID:",
    "ページ番号",
    "ページID",
];

/// What a web page's frame says around its text: share and print buttons, navigation, the
/// contact box (`ツイート シェア`, `印刷ページ表示`, `このページに関するお問い合わせ`).
pub const WEB_CHROME: &[&str] = &[
    "ツイート",
    "シェア",
    "印刷ページ表示",
    "このページを印刷",
    "文字サイズ",
    "ページの先頭",
    "サイトマップ",
    "現在位置",
    "あしあと",
    "このページに関する",
    "この記事に関する",
    "お問い合わせ",
    "Copied",
    "Embed",
];

/// A web page's navigation and frame around its text on a line of its own (`本文`,
/// `ここから本文です`, `検索結果がありません。`, `• ホーム> …`, `ツイート シェア`).
pub fn is_navigation(t: &str) -> bool {
    const NAV: &[&str] = &[
        "本文",
        "ここから本文です",
        "本文ここから",
        "メインコンテンツ",
        "検索結果がありません",
        "ホーム",
        "トップページ",
        "N/A",
        "Protected",
        "Description",
        "Transcript",
        "Documents",
    ];
    let t = t.trim_start_matches(['•', '・', ' ']).trim_end_matches('。');
    NAV.contains(&t) || t.starts_with("ホーム>") || WEB_CHROME.iter().any(|w| t.starts_with(w))
}

/// Whether `t` (a trimmed line) starts with a page stamp.
pub fn starts_with_page_stamp(t: &str) -> bool {
    PAGE_STAMPS.iter().any(|s| t.starts_with(s))
}

/// Whether a page stamp stands anywhere in `t`.
pub fn holds_page_stamp(t: &str) -> bool {
    // One pass over `t` for all stamps (asked of many lines).
    static STAMPS: super::words::Words = super::words::Words::new(PAGE_STAMPS);
    STAMPS.any_in(t)
}

// --- offices, rooms and venues -------------------------------------------------------------

/// Last characters of an office's name (`…財政課`, `医政局`, `内閣府`).
pub const OFFICE_ENDINGS: &[char] = &['課', '局', '部', '室', '府', '省', '庁'];

/// Words a room or a building ends with: where a meeting sits, not who issues the page.
pub const ROOMS: &[&str] =
    &["会議室", "委員会室", "議場", "応接室", "庁舎", "会館", "ホール", "集会室", "研修室", "講堂"];

/// Labels of a meeting's place (`会場 西口センター`, `場所:…`).
pub const VENUE_LABELS: &[&str] = &["会場", "場所", "開催場所", "招集場所"];

/// Whether `t` names a room or a building.
pub fn names_a_room(t: &str) -> bool {
    ROOMS.iter().any(|r| t.ends_with(r))
}

// --- units ---------------------------------------------------------------------------------

/// Units a header cell or a caption may name (`予算額 (千円)`, `(単位:百万円)`).
pub const UNIT_WORDS: &[&str] = &[
    "千万円",
    "百万円",
    "千円",
    "万円",
    "億円",
    "円",
    "件",
    "人",
    "社",
    "%",
    "回",
    "部",
    "年度",
    "か所",
    "箇所",
    "校",
];

// --- counters ------------------------------------------------------------------------------

/// Counters as written. The longest one that starts the word after a figure is its unit.
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
    "事業所",
    "事業者",
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
    "法人",
    "業者",
    "校",
    "人",
    "名",
    "匹",
    "社",
    "件",
    "回",
    "台",
    "者",
    "部",
    "店",
    "戸",
    "棟",
    "本",
    "個",
    "点",
    "枚",
    "冊",
    "学級",
    "組",
    "種",
    "品",
    "国",
    "市",
    "町",
    "村",
    "県",
    "都",
    "つ",
    "世帯",
    "区分",
    "施策",
    "政策",
    "指標",
    "段階",
    "ポイント",
    "基",
    "軒",
    "頭",
    "羽",
    "隻",
    "路線",
    "便",
    "園",
    "館",
    "席",
    "班",
];

/// Words of a list by their first char, longest first: a unit is looked up after every
/// figure, and most lists hold no word starting with the char at hand.
pub struct ByFirstChar(HashMap<char, Vec<&'static str>, crate::fnv::BuildFnv>);

impl ByFirstChar {
    pub fn new(words: &[&'static str]) -> ByFirstChar {
        let mut map: HashMap<char, Vec<&'static str>, crate::fnv::BuildFnv> = HashMap::default();
        for w in words {
            map.entry(w.chars().next().expect("no empty word")).or_default().push(w);
        }
        for v in map.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        ByFirstChar(map)
    }

    /// The longest word of the list that `text` starts with.
    pub fn prefix_of(&self, text: &str) -> Option<&'static str> {
        self.0.get(&text.chars().next()?)?.iter().find(|w| text.starts_with(**w)).copied()
    }
}

static COUNTER_INDEX: LazyLock<ByFirstChar> = LazyLock::new(|| ByFirstChar::new(COUNTERS));

/// The counter of [`COUNTERS`] that `word` starts with, the longest.
pub fn counter_prefix(word: &str) -> Option<&'static str> {
    COUNTER_INDEX.prefix_of(word)
}

/// Units of measurement written after a figure (`45,298平方メートル`, `3,263トン`): no count, but
/// a table cell's or an indicator's value all the same.
pub const MEASURES: &[&str] = &[
    "平方キロメートル",
    "平方メートル",
    "立方メートル",
    "キロメートル",
    "メートル",
    "キログラム",
    "グラム",
    "トン",
    "ヘクタール",
    "リットル",
    "km2",
    "km",
    "kg",
    "kWh",
    "m2",
    "m3",
    "ha",
    "㎡",
    "㎥",
    "㎞",
    "t",
    "g",
    "m",
    "時間",
    "ポイント",
    "pt",
    "倍",
];

/// The measurement unit `text` starts with, the longest.
pub fn measure_prefix(text: &str) -> Option<&'static str> {
    MEASURES.iter().filter(|m| text.starts_with(**m)).max_by_key(|m| m.len()).copied()
}

/// Words that total a table's rows (`合計`, `総計`, `計`): a total row ends a group of rows.
pub const TOTALS: &[&str] = &["合計", "総計", "総合計", "計", "小計", "累計", "合 計"];

/// Whether `label` is a total row's or column's label.
/// A bracket after the word (`累計(R3~R7)`, `合計(千円)`) says over what or in what unit.
pub fn is_total(label: &str) -> bool {
    let t = label.trim();
    let word = match t.find('(') {
        Some(i) if t.ends_with(')') => t[..i].trim_end(),
        _ => t,
    };
    TOTALS.contains(&word)
}

// --- targets and results -------------------------------------------------------------------

/// What a header or a label says a figure is to an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueRole {
    /// 目標値, 計画値, 計画額: what was to be reached.
    Target,
    /// 実績値, 実績額, 結果, 最新値: what was reached.
    Actual,
    /// 累計: what was reached so far, summed over the years (an actual the stated rate may
    /// confirm).
    Cumulative,
    /// 現状値, 現状: the latest value, the result when nothing else is, else the baseline.
    Current,
    /// 基準値, 策定時, 当初値: the starting value.
    Baseline,
    /// 達成率, 達成度, 進捗率: the rate of attainment the document states.
    Rate,
    /// 差, 増減: a column holding the actual less the target.
    Difference,
}

/// Words naming each role, longest first where one contains another. A header names its role
/// when, bracketed parts left out (`実績(決算)`, `目標値(R7)`), it is one of these words with at
/// most a year or a few characters around it (`30年度実績`, `計画額a`, `累計 (28~30年度)`).
pub const VALUE_ROLE_WORDS: &[(ValueRole, &[&str])] = &[
    (ValueRole::Rate, &["達成率", "達成度", "進捗率", "達成割合"]),
    (ValueRole::Difference, &["増減額", "増減", "差引", "差額", "乖離", "差"]),
    (ValueRole::Cumulative, &["累計値", "累計"]),
    (ValueRole::Actual, &["実績値", "実績額", "実績", "結果", "最新値", "速報値", "実数値", "推計値", "推計"]),
    (ValueRole::Target, &["目標値", "目標額", "目標", "計画値", "計画数値", "計画額", "計画"]),
    (ValueRole::Current, &["現状値", "現在値", "現況値", "現状"]),
    (ValueRole::Baseline, &["基準値", "基準年", "基準", "策定時", "当初値", "計画策定時"]),
];

/// Words before a figure in running text that make it a result reached, not a goal: a
/// sentence stating the actual before `…を目標に`.
pub const RESULT_CUES: &[&str] = &[
    "実績",
    "現在",
    "時点",
    "現状",
    "結果",
    "実数",
    "となって",
    "となった",
    "であった",
    "にとどま",
    "を記録",
    "に達し",
];

/// Words before a figure that make it a point of comparison, not a result (`県平均(29.1%)`,
/// `前年度の1,020件`, `ピーク時の662万人`).
pub const COMPARISON_CUES: &[&str] = &["平均", "全国", "前年", "昨年", "ピーク", "最大", "最高", "最低", "比較"];

/// Words after a figure that make it a goal in running text (`30%を目標に`, `50社を目標とし`).
pub const GOAL_CUES: &[&str] =
    &["を目標", "の目標", "を目指", "をめざ", "を目途", "とすることとして", "とする計画", "を計画して", "を見込んで"];

/// Labels a reader takes as "how it went" above a line of figures (`達成状況` over
/// `24%(平成26年度)→22%(令和元年度)`): the line shows results, not a plan.
pub const OUTCOME_LABELS: &[&str] = &["達成状況", "進捗状況", "実績", "推移", "結果", "評価"];

/// Words after a target figure that say it is to fall.
pub const DECREASE_WORDS: &[&str] = &["削減", "減少", "縮減", "抑制", "低減", "減らす", "以下に", "未満に"];
/// Words after a target figure that say it is to rise.
pub const INCREASE_WORDS: &[&str] = &["増加", "増やす", "向上", "拡大", "増"];

/// Words after which a document states an attainment rate (`…の達成率は86.5%`).
pub const RATE_CUES: &[&str] = &["達成率", "達成度", "進捗率"];

/// Words of an indicator's name saying that less is better (`1人1日あたりごみ排出量`,
/// `交通事故死者数`): the direction when the figure's own words give none.
pub const LOWER_IS_BETTER_NAMES: &[&str] = &[
    "ごみ量",
    "排出量",
    "発生量",
    "ごみ処理",
    "死者",
    "負傷者",
    "事故",
    "犯罪",
    "火災",
    "待機児童",
    "不登校",
    "発生率",
    "空き家",
    "空き店舗",
    "滞納",
    "離職",
    "時間外",
    "残業",
    "温室効果ガス",
    "CO2",
    "二酸化炭素",
];
