//! Stage 2: decoded text → normalized text with an [`OffsetMap`] back to the source.
//!
//! Everything after this stage (tokenizing, segmenting, extracting) reads the normalized
//! text, so the rules below are what lets one pattern match `Ｒ１.９`, `R1.9` and `R１.9` alike:
//!
//! - NFKC per grapheme-like cluster (a base char plus following combining marks, including
//!   the half-width voiced marks `ﾞ` `ﾟ`): full-width digits, Latin and punctuation become
//!   ASCII, half-width katakana become full-width, `　` becomes a space;
//! - the wave-dash family (`～` `〜` `∼` `〰`) becomes `~`; dashes `－` `−` `‐` become `-`;
//! - circled numbers (`①`…`⑳`) are kept: in these documents they are list markers, and NFKC
//!   would turn them into bare digits that look like counts;
//! - `〇` (U+3007, the kanji zero) at the start of a line is a bullet and becomes `○`;
//! - Word export residue such as `[bookmark: _GoBack]` is deleted;
//! - `\r\n` and lone `\r` become `\n`.
//!
//! Tabs are kept: the plan documents' table layout lives in them.

mod offset_map;

pub use offset_map::{Edit, OffsetMap};

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalized text and the map back to the decoded text it came from.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
}

/// Word (docx → text) export residue that carries no content.
const WORD_RESIDUE_PREFIXES: &[&str] = &["[bookmark: "];

/// Normalizes `decoded` (the decoded source text).
pub fn normalize(decoded: &str) -> Normalized {
    let mut out = String::with_capacity(decoded.len());
    let mut edits: Vec<Edit> = Vec::new();
    let bytes = decoded.as_bytes();
    let mut i = 0usize;
    let mut at_line_start = true;
    let mut scratch = String::new();

    while i < decoded.len() {
        let b = bytes[i];
        // ASCII fast path: everything but CR and '[' is copied as is.
        if b < 0x80 && b != b'\r' && b != b'[' {
            out.push(b as char);
            at_line_start = b == b'\n' || (at_line_start && (b == b'\t' || b == b' '));
            i += 1;
            continue;
        }
        if b == b'\r' {
            let len = if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            push_edit(&mut edits, &mut out, i..i + len, "\n");
            i += len;
            at_line_start = true;
            continue;
        }
        if b == b'[' {
            if let Some(len) = word_residue_len(&decoded[i..]) {
                push_edit(&mut edits, &mut out, i..i + len, "");
                i += len;
                continue;
            }
            out.push('[');
            at_line_start = false;
            i += 1;
            continue;
        }
        // A non-ASCII cluster: the char plus following combining marks.
        let c = decoded[i..].chars().next().expect("char boundary");
        let mut end = i + c.len_utf8();
        while let Some(next) = decoded[end..].chars().next() {
            if is_combining(next) {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        let cluster = &decoded[i..end];
        let was_line_start = at_line_start;
        at_line_start = c == '\u{3000}' && at_line_start;
        match special_replacement(c, was_line_start) {
            Some(Replacement::Keep) => out.push_str(cluster),
            Some(Replacement::With(s)) => push_edit(&mut edits, &mut out, i..end, s),
            None => {
                if end == i + c.len_utf8() && nfkc_is_identity(c) {
                    out.push(c);
                } else {
                    scratch.clear();
                    scratch.extend(cluster.nfkc());
                    if scratch == cluster {
                        out.push_str(cluster);
                    } else {
                        let s = std::mem::take(&mut scratch);
                        push_edit(&mut edits, &mut out, i..end, &s);
                        scratch = s;
                    }
                }
            }
        }
        i = end;
    }
    let norm_len = out.len();
    Normalized { text: out, map: OffsetMap::new(edits, norm_len, decoded.len()) }
}

enum Replacement {
    Keep,
    With(&'static str),
}

fn special_replacement(c: char, at_line_start: bool) -> Option<Replacement> {
    Some(match c {
        '～' | '〜' | '∼' | '〰' => Replacement::With("~"),
        '－' | '−' | '‐' | '‑' => Replacement::With("-"),
        '\u{3007}' if at_line_start => Replacement::With("○"),
        '\u{2460}'..='\u{2473}' => Replacement::Keep, // ①..⑳
        '\u{FEFF}' => Replacement::With(""),           // a stray BOM / zero-width no-break space
        _ => return None,
    })
}

fn push_edit(edits: &mut Vec<Edit>, out: &mut String, dec: Range<usize>, replacement: &str) {
    let norm_start = out.len();
    out.push_str(replacement);
    edits.push(Edit { norm_start, norm_end: out.len(), dec_start: dec.start, dec_end: dec.end });
}

fn word_residue_len(s: &str) -> Option<usize> {
    for prefix in WORD_RESIDUE_PREFIXES {
        if s.starts_with(prefix) {
            // ']' is ASCII, so the byte position found is a char boundary.
            let close = s.as_bytes().iter().take(256).position(|&b| b == b']')?;
            let inner = &s[prefix.len()..close];
            if !inner.contains('\n') {
                return Some(close + 1);
            }
        }
    }
    None
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}')
        || (!c.is_ascii() && canonical_combining_class(c) != 0)
}

/// True when NFKC leaves `c` unchanged on its own. Hiragana, katakana and CJK ideographs are
/// answered without a table look-up: they are most of the text.
fn nfkc_is_identity(c: char) -> bool {
    match c as u32 {
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC | 0x4E00..=0x9FFF => true,
        _ => is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    /// Every normalized span maps back to source text whose own normalization is the span.
    fn assert_roundtrip(src: &str) {
        let n = normalize(src);
        for (a, _) in n.text.char_indices() {
            let b = a + n.text[a..].chars().next().unwrap().len_utf8();
            let r = n.map.dec_range(a..b);
            assert!(src.is_char_boundary(r.start) && src.is_char_boundary(r.end));
            let back = norm(&src[r.clone()]);
            assert!(
                back.contains(&n.text[a..b]),
                "{src:?}: norm {:?} maps to {:?} which normalizes to {back:?}",
                &n.text[a..b],
                &src[r]
            );
        }
    }

    #[test]
    fn full_width_digits_and_latin() {
        assert_eq!(norm("Ｒ１.９月頃"), "R1.9月頃");
        assert_eq!(norm("ＳＤＧｓ"), "SDGs");
        assert_eq!(norm("９６.８％"), "96.8%");
        assert_roundtrip("（Ｈ31.４、Ｒ1.9、R2.1）");
    }

    #[test]
    fn wave_dashes_become_tilde() {
        assert_eq!(norm("R2.2～３"), "R2.2~3");
        assert_eq!(norm("H30.10〜12"), "H30.10~12");
        assert_eq!(norm("R1.7~9"), "R1.7~9");
    }

    #[test]
    fn kanji_zero_bullet_at_line_start_only() {
        assert_eq!(norm("〇三者による基本合意\n令和〇年"), "○三者による基本合意\n令和〇年");
        assert_eq!(norm("\t〇設立"), "\t○設立");
        assert_eq!(norm("　　〇設立"), "  ○設立");
    }

    #[test]
    fn word_residue_is_deleted_and_offsets_skip_it() {
        let src = "\t[bookmark: _GoBack]健康・医療";
        let n = normalize(src);
        assert_eq!(n.text, "\t健康・医療");
        let start = n.text.find('健').unwrap();
        assert_eq!(&src[n.map.dec_start(start)..], "健康・医療");
        assert_eq!(n.map.dec_end(1), 1, "a span ending before the deletion stops before it");
    }

    #[test]
    fn crlf_and_cr() {
        assert_eq!(norm("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_roundtrip("行1\r\n行2\r");
    }

    #[test]
    fn half_width_katakana_with_voiced_marks() {
        assert_eq!(norm("ﾍﾞﾝﾁｬｰ"), "ベンチャー");
        assert_roundtrip("ﾍﾞﾝﾁｬｰ企業ﾊﾟｰﾄﾅｰ");
    }

    #[test]
    fn expansion_maps_to_whole_source_char() {
        // lindera's own example: １０㍑ → 10リットル
        let src = "１０㍑";
        let n = normalize(src);
        assert_eq!(n.text, "10リットル");
        let l = n.text.find('ッ').unwrap();
        assert_eq!(&src[n.map.dec_range(l..l + 3)], "㍑");
        assert_eq!(&src[n.map.dec_range(0..2)], "１０");
    }

    #[test]
    fn unclosed_residue_near_multibyte_text_is_kept() {
        let src = format!("[bookmark: {}", "健康（".repeat(100));
        assert_eq!(norm(&src), format!("[bookmark: {}", "健康(".repeat(100)));
    }

    #[test]
    fn circled_numbers_are_kept() {
        assert_eq!(norm("①大阪企業のグローバル化"), "①大阪企業のグローバル化");
    }
}
