//! Scratch: prints each line's block and the records' heading rules of a file.
fn main() {
    let path = std::env::args().nth(1).expect("path");
    let from: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let to: usize = std::env::args().nth(3).and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    let bytes = std::fs::read(&path).expect("read");
    let text = keikaku::SourceText::new(keikaku::decode(&bytes, None).expect("decode"));
    let norm = text.norm();
    let layout = keikaku::layout::Layout::read_spaced(norm, &text.normalized.letter_gaps);
    let blocks = layout.blocks();
    let doc = keikaku::segment::segment_layout(norm, &layout, &keikaku::segment::SegmentContext::default());
    println!("kind {:?} {:?}", doc.kind, doc.evidence);
    let mut heads = std::collections::HashMap::new();
    for u in &doc.units {
        if let Some(s) = &u.title_span {
            heads.insert(
                text.line_number(s.start),
                format!("L{:?} {}", u.level, u.heading_rule.clone().unwrap_or_default()),
            );
        }
    }
    for (i, l) in layout.lines.iter().enumerate() {
        if i + 1 < from || i + 1 > to {
            continue;
        }
        let b = blocks
            .block_of(i)
            .map(|b| format!("{}{}", b.rule, if b.letter_spaced { "+ls" } else { "" }))
            .unwrap_or_default();
        let h = heads.get(&(i + 1)).cloned().unwrap_or_default();
        println!("{:4} {:18} {:28} {}", i + 1, b, h, l.text.chars().take(50).collect::<String>());
    }
}
