//! Invariants on arbitrary input (proptest): the offset map lands on char boundaries, is
//! monotone and maps every normalized char back to source text that normalizes to it; decoding
//! never panics and its offsets stay inside the input; every mention's span slices the source
//! to text whose normalization is the mention's normalized surface.

mod common;

use common::*;
use proptest::prelude::*;

use keikaku::normalize::normalize;
use keikaku::SourceText;

/// Pieces that exercise every normalization rule, plus plain Japanese and ASCII.
const PIECES: &[&str] = &[
    "Ｒ１.９月頃",
    "H30.5、7、Ｈ31.１",
    "ﾍﾞﾝﾁｬｰ",
    "ｶﾞ",
    "㍑",
    "①",
    "〇",
    "○",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "[bookmark: _GoBack]",
    "[bookmark: ",
    "～",
    "〜",
    "－",
    "　",
    "（R2.3月末時点）",
    "参加企業：28社",
    "96.8％",
    "約153万円",
    "令和6年10月9日（水）～11日（金）",
    "が",
    "\u{3099}",
    "e\u{301}",
    "ｱ",
    "%",
    "abc",
    "2024",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![prop::sample::select(PIECES).prop_map(str::to_string), any::<char>().prop_map(|c| c.to_string()),],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offset_map_is_monotone_on_char_boundaries_and_round_trips(src in text_strategy()) {
        let n = normalize(&src);
        let mut last_start = 0;
        let mut last_end = 0;
        for (a, c) in n.text.char_indices().chain(std::iter::once((n.text.len(), ' '))) {
            let (s, e) = (n.map.dec_start(a), n.map.dec_end(a));
            prop_assert!(src.is_char_boundary(s) && src.is_char_boundary(e), "{src:?} @ {a}");
            prop_assert!(s >= last_start && e >= last_end, "not monotone in {src:?} @ {a}");
            prop_assert!(s <= src.len() && e <= src.len());
            last_start = s;
            last_end = e;
            if a < n.text.len() {
                let b = a + c.len_utf8();
                let r = n.map.dec_range(a..b);
                // 〇 becomes ○ only at a line start, which a slice on its own always is.
                let back = normalize(&src[r.clone()]).text.replace('○', "〇");
                let c = if c == '○' { '〇' } else { c };
                prop_assert!(back.contains(c), "{src:?}: {c:?} maps to {:?} which normalizes to {back:?}", &src[r]);
            }
        }
    }

    #[test]
    fn decode_never_panics_and_offsets_stay_inside(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(d) = keikaku::decode(&bytes, None) {
            let mut last = 0;
            for (i, _) in d.text.char_indices().chain(std::iter::once((d.text.len(), ' '))) {
                let s = d.src_byte(i);
                prop_assert!(s >= last && s <= bytes.len());
                last = s;
            }
        }
    }

    #[test]
    fn mention_surfaces_map_back_to_the_source(src in text_strategy()) {
        let decoded = SourceText::from_text(&src).decoded;
        let p = keikaku::process(decoded, &mut tokenizer().worker(), &keikaku::PipelineOptions { fiscal_year: Some(2019) });
        let (text, norm) = (&p.text, p.text.norm());
        for m in &p.mentions {
            prop_assert!(norm.is_char_boundary(m.norm_span.start) && norm.is_char_boundary(m.norm_span.end));
            let surface = text.source_text(m.norm_span.clone());
            let span = text.source_span(m.norm_span.clone());
            prop_assert_eq!(&src[span.start_byte..span.end_byte], surface);
            prop_assert_eq!(normalize(surface).text, &norm[m.norm_span.clone()], "in {:?}", src);
        }
    }
}

#[test]
fn mention_surfaces_of_the_seeds_map_back() {
    let mut total = 0;
    for path in seeds() {
        let bytes = std::fs::read(&path).unwrap();
        let p = process_file(&path);
        for m in &p.mentions {
            let surface = p.text.source_text(m.norm_span.clone());
            let span = p.text.source_span(m.norm_span.clone());
            assert_eq!(&bytes[span.start_byte..span.end_byte], surface.as_bytes(), "{}", path.display());
            assert_eq!(normalize(surface).text, &p.text.norm()[m.norm_span.clone()], "{}", path.display());
            total += 1;
        }
    }
    assert!(total > 500, "the seeds hold hundreds of mentions, found {total}");
}

/// Pieces of the lines subjects are read on: figures, what names them, and every char lindera
/// ends a sentence after (`、` `。` tab, line end), plus joiners and words glued to figures.
const SUBJECT_PIECES: &[&str] = &[
    "相談件数",
    "参加企業",
    "延べ",
    "12社",
    "45件",
    "3回",
    "80%",
    "約50万円",
    "令和2年度",
    "の",
    "、",
    "。",
    "\t",
    "\n",
    "・",
    "/",
    "AI",
    "DX",
    "セミナー",
    "を開催",
    "について",
    "合計",
    "(",
    ")",
    ":",
    " ",
    "が",
    "支援",
    "研修会",
];

fn subject_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SUBJECT_PIECES), 0..60).prop_map(|v| v.concat())
}

/// Subjects read the way the pipeline reads them (the tokens of the sentences around each
/// figure, and of its line when the reading goes further back) and from the tokens of the
/// whole text.
/// Each figure's start and subject.
type Subjects = Vec<(usize, Option<String>)>;

fn subjects_both_ways(norm: &str) -> (Subjects, Subjects) {
    let ctx = keikaku::extract::ExtractContext::default();
    let mut worker = tokenizer().worker();
    let whole = worker.tokenize(norm);
    let read = |ms: Vec<keikaku::extract::Mention>| ms.into_iter().map(|m| (m.norm_span.start, m.subject)).collect();
    let from_whole = read(keikaku::extract::extract(norm, &whole, &ctx));
    let mut figures = keikaku::extract::figures(norm, &ctx);
    figures.label_subjects(norm);
    let mut lazy = keikaku::LineTokens::new(&mut worker, norm);
    let from_sentences = read(figures.with_subjects(norm, &mut lazy));
    (from_sentences, from_whole)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn subjects_from_sentences_are_those_of_whole_lines(src in subject_text()) {
        let text = SourceText::from_text(&src);
        let (sentences, whole) = subjects_both_ways(text.norm());
        prop_assert_eq!(sentences, whole, "in {:?}", src);
    }
}

#[test]
fn subjects_of_the_seeds_and_fixtures_from_sentences_are_those_of_whole_lines() {
    let mut paths = seeds();
    for dir in ["fixtures/extract", "fixtures/segment", "fixtures/layout"] {
        let mut more: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt") && !p.to_string_lossy().ends_with(".tree.txt"))
            .collect();
        more.sort();
        paths.extend(more);
    }
    let mut subjects = 0;
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let text = SourceText::new(keikaku::decode(&bytes, None).unwrap());
        let (sentences, whole) = subjects_both_ways(text.norm());
        subjects += whole.iter().filter(|(_, s)| s.is_some()).count();
        assert_eq!(sentences, whole, "{}", path.display());
    }
    assert!(subjects > 300, "the seeds name hundreds of subjects, found {subjects}");
}
