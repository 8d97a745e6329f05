//! segment: no panic, and every non-blank line of the normalized text is covered by exactly
//! one section of one unit.
#![no_main]

use keikaku::segment::{segment, SegmentContext};
use keikaku::SourceText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let text = SourceText::from_text(src);
    let norm = text.norm();
    let doc = segment(norm, &[], &SegmentContext { fiscal_year: Some(2019) });
    let violations = keikaku::segment::coverage_violations(norm, &doc);
    assert!(violations.is_empty(), "{violations:?}");
});
