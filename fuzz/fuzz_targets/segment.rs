//! segment: no panic, and nothing lost, per character: every character that is not
//! whitespace belongs to a title, heading, item, table or layout line, and none to two records
//! or sections (`coverage_violations`, on the one ownership index).
#![no_main]

use keikaku::segment::{segment, SegmentContext};
use keikaku::SourceText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let text = SourceText::from_text(src);
    let norm = text.norm();
    let doc = segment(norm, &mut keikaku::LineTokens::none(norm), &SegmentContext { fiscal_year: Some(2019) });
    let violations = keikaku::segment::coverage_violations(norm, &doc);
    assert!(violations.is_empty(), "{violations:?}");
});
