//! extract: no panic; mentions are ordered, inside the text, on char boundaries, and the source
//! text under each span normalizes to the mention's normalized surface.
#![no_main]

use keikaku::extract::{extract, ExtractContext};
use keikaku::normalize::normalize;
use keikaku::SourceText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let text = SourceText::from_text(src);
    let norm = text.norm();
    for fy in [None, Some(2019)] {
        let mentions = extract(norm, &[], &ExtractContext { fiscal_year: fy });
        let mut last_end = 0;
        for m in &mentions {
            let r = m.norm_span.clone();
            // The pipeline drops mentions whose edge falls inside one source char's expansion.
            if !text.normalized.map.is_boundary(r.start) || !text.normalized.map.is_boundary(r.end) {
                continue;
            }
            assert!(r.start < r.end && r.end <= norm.len(), "{r:?}");
            assert!(norm.is_char_boundary(r.start) && norm.is_char_boundary(r.end));
            assert!(r.start >= last_end, "mentions overlap or are out of order");
            last_end = r.end;
            let surface = text.source_text(r.clone());
            let span = text.source_span(r.clone());
            assert_eq!(&src[span.start_byte..span.end_byte], surface);
            assert_eq!(normalize(surface).text.replace('○', "〇"), norm[r].replace('○', "〇"));
        }
    }
});
