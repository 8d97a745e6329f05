//! Property: `segment` never panics and always owns every non-blank line exactly once, on
//! arbitrary text built from the seeds' alphabet (tabs, newlines, bullets, brackets, the
//! plan headings' key words, list tags, digits).

use keikaku::segment::{coverage_violations, segment, SegmentContext};
use keikaku::SourceText;
use proptest::prelude::*;

/// Pieces that make the layouts' decisions: cell tabs, lone tabs, headings, bullets, tables.
const PIECES: &[&str] = &[
    "\n",
    "\n",
    "\n",
    "\t",
    "\t",
    "\n\t\n",
    "\r\n",
    " ",
    "  ",
    "　",
    "■",
    "○",
    "〇",
    "・",
    "‣",
    "▸",
    "▶",
    "▷",
    "◇",
    "◎",
    "※",
    "⇒",
    "→",
    "●",
    "【",
    "】",
    "【テーマ1】",
    "<",
    ">",
    "＜",
    "＞",
    "(",
    ")",
    "(*1)",
    "(定性的な目標)",
    "(数値目標)",
    "<今年度何をするか>",
    "<何をどのような状態にするか(目標)>",
    "<進捗状況(R2.3月末時点)>",
    "めざす方向",
    "(メンバーからの意見)",
    "事業名:",
    "(1,000千円)",
    "事業目的",
    "成果目標",
    "分野:",
    "分野",
    "関西チャレンジ:",
    "事業開始年度:",
    "「強み」",
    "年度\t2024",
    "<ul style=\"x\">",
    "</ul>",
    "- ",
    "**",
    "【Appendix】",
    "OUTLINE",
    "連携内容",
    "(締結時期:2024年)",
    "(兵庫県HP)",
    "【兵庫県】",
    "1.",
    "(1)",
    "①",
    "0",
    "7",
    "12",
    "件",
    "開催",
    "年度",
    "健都",
    "a",
    "Z",
    "\u{f0d8}",
    "é",
    "ﾍﾞ",
];

fn doc_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..160).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
        ..ProptestConfig::default()
    })]

    #[test]
    fn segment_covers_every_line_and_never_panics(src in doc_text()) {
        let text = SourceText::from_text(&src);
        let norm = text.norm();
        let doc = segment(norm, &SegmentContext::default());
        let v = coverage_violations(norm, &doc);
        prop_assert!(v.is_empty(), "{:?}\non {:?}", v, norm);
    }

    #[test]
    fn raw_strings_never_panic(src in "[\\t\\n ■○・◇【】<>()0-9a事業名:年度]{0,200}") {
        let doc = segment(&src, &SegmentContext::default());
        let v = coverage_violations(&src, &doc);
        prop_assert!(v.is_empty(), "{:?}\non {:?}", v, src);
    }
}
