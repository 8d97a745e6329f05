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
