//! decode: arbitrary bytes never panic; offsets stay inside the input and are monotone.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = keikaku::decode(data, None) {
        let mut last = 0;
        for (i, _) in d.text.char_indices().chain(std::iter::once((d.text.len(), ' '))) {
            let s = d.src_byte(i);
            assert!(s >= last && s <= data.len(), "offset {s} after {last}, input {} bytes", data.len());
            last = s;
        }
        assert_eq!(d.src_byte(d.text.len()), data.len());
    }
});
