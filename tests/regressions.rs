//! Inputs that once crashed or broke an invariant (found by fuzzing or property tests), kept
//! under `fixtures/regressions/`: each must convert, with every non-blank line covered once and
//! every mention's surface mapping back to the source.

mod common;

use common::*;
use keikaku::normalize::normalize;

#[test]
fn regression_inputs_convert_cleanly() {
    let inputs = text_files("fixtures/regressions");
    assert!(inputs.len() >= 2, "the regression inputs are there: {inputs:?}");
    for path in inputs {
        // process_file fails the test on an input that no longer decodes: nothing is skipped.
        let p = process_file(&path);
        let violations = keikaku::segment::coverage_violations(p.text.norm(), &p.document);
        assert!(violations.is_empty(), "{}: {violations:?}", path.display());
        for m in &p.mentions {
            let surface = p.text.source_text(m.norm_span.clone());
            assert_eq!(normalize(surface).text, &p.text.norm()[m.norm_span.clone()], "{}", path.display());
        }
    }
}
