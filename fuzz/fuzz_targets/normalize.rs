//! normalize: the offset map lands on char boundaries, is monotone, and every normalized char
//! maps back to source text that normalizes to it.
#![no_main]

use keikaku::normalize::normalize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let n = normalize(src);
    let (mut last_start, mut last_end) = (0, 0);
    for (a, c) in n.text.char_indices() {
        let (s, e) = (n.map.dec_start(a), n.map.dec_end(a + c.len_utf8()));
        assert!(src.is_char_boundary(s) && src.is_char_boundary(e) && s <= e && e <= src.len());
        assert!(s >= last_start && e >= last_end, "not monotone at {a}");
        (last_start, last_end) = (s, e);
        // 〇 becomes ○ only at a line start, which a slice on its own always is.
        let back = normalize(&src[s..e]).text.replace('○', "〇");
        let c = if c == '○' { '〇' } else { c };
        assert!(back.contains(c), "{c:?} maps back to {:?}", &src[s..e]);
    }
});
