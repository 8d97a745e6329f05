//! The whole pipeline from bytes to records: no panic (a panic would be caught and reported as
//! an error row, which this target treats as a failure), and every output line is valid JSON
//! with every key present.
#![no_main]

use std::sync::OnceLock;

use keikaku::batch::{convert_bytes, ConvertConfig};
use keikaku::record::DocStatus;
use keikaku::Tokenizer;
use libfuzzer_sys::fuzz_target;

fn tokenizer() -> &'static Tokenizer {
    static T: OnceLock<Tokenizer> = OnceLock::new();
    T.get_or_init(|| Tokenizer::new(None).expect("tokenizer loads"))
}

const DOCUMENT_KEYS: usize = 20;

fuzz_target!(|data: &[u8]| {
    let mut worker = tokenizer().worker();
    let mut out = convert_bytes("fuzz.txt", data, &ConvertConfig::default(), &mut worker);
    let (documents, records, mentions) =
        (out.documents.to_vec().unwrap(), out.records.to_vec().unwrap(), out.mentions.to_vec().unwrap());
    let docs = std::str::from_utf8(&documents).expect("UTF-8");
    let doc: serde_json::Value = serde_json::from_str(docs.trim_end()).expect("one JSON line");
    assert_eq!(doc.as_object().map(|o| o.len()), Some(DOCUMENT_KEYS));
    assert_ne!(out.status, DocStatus::Error, "the pipeline failed: {}", doc["error"]);
    for buf in [&records, &mentions] {
        for line in std::str::from_utf8(buf).expect("UTF-8").lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
            assert!(v.is_object());
        }
    }
    assert_eq!(records.iter().filter(|&&b| b == b'\n').count() as u64, out.record_count);
});
