//! Inputs that once crashed or broke an invariant (found by fuzzing or property tests), kept
//! under `fixtures/regressions/`: each must convert, with every non-blank line covered once and
//! every mention's surface mapping back to the source.

use keikaku::normalize::normalize;

#[test]
fn regression_inputs_convert_cleanly() {
    let tokenizer = keikaku::Tokenizer::new(None).unwrap();
    let mut worker = tokenizer.worker();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(decoded) = keikaku::decode(&bytes, None) else { continue };
        let p = keikaku::process(decoded, &mut worker, &Default::default());
        let violations = keikaku::segment::coverage_violations(p.text.norm(), &p.document);
        assert!(violations.is_empty(), "{}: {violations:?}", path.display());
        for m in &p.mentions {
            let surface = p.text.source_text(m.norm_span.clone());
            assert_eq!(normalize(surface).text, &p.text.norm()[m.norm_span.clone()], "{}", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 2, "the regression inputs are there");
}
