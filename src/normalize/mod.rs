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
//! - the spaces of letter-spaced text (`委 員 名 簿`, `H 2 7 年 度`) are deleted, so that it
//!   reads as it is meant ([`crate::text::spacing`]);
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
    /// Where the spaces of letter-spaced runs were deleted (`委 員 名 簿` → `委員名簿`): the
    /// normalized byte offsets, in order, for the layout stage to record where the runs were.
    pub letter_gaps: Vec<usize>,
}

/// Word (docx → text) export residue that carries no content.
const WORD_RESIDUE_PREFIXES: &[&str] = &["[bookmark: "];

/// Normalizes `decoded` (the decoded source text).
///
/// Text that normalization leaves alone (most of it: ASCII, kana, kanji) is copied in runs;
/// only the chars that change are looked at one by one and recorded as edits.
pub fn normalize(decoded: &str) -> Normalized {
    let bytes = decoded.as_bytes();
    let mut out = String::with_capacity(decoded.len());
    let mut edits: Vec<Edit> = Vec::new();
    let mut run = 0usize; // start of the pending run of unchanged text, not yet copied
    let mut i = 0usize;
    let mut scratch = String::new();
    // The spaces of letter-spaced runs, in order: each is deleted where the loop meets it.
    let gaps = crate::text::spacing::letter_spaced_gaps(decoded);
    let mut next_gap = 0;
    let mut letter_gaps: Vec<usize> = Vec::with_capacity(gaps.len());

    while i < bytes.len() {
        let b = bytes[i];
        while next_gap < gaps.len() && gaps[next_gap].start < i {
            next_gap += 1;
        }
        if next_gap < gaps.len() && gaps[next_gap].start == i {
            let gap = gaps[next_gap].clone();
            next_gap += 1;
            out.push_str(&decoded[run..i]);
            letter_gaps.push(out.len());
            push_edit(&mut edits, &mut out, gap.clone(), "");
            i = gap.end;
            run = i;
            continue;
        }
        if b < 0x80 {
            match b {
                b'\r' => {
                    out.push_str(&decoded[run..i]);
                    let len = if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    push_edit(&mut edits, &mut out, i..i + len, "\n");
                    i += len;
                    run = i;
                }
                b'[' => match word_residue_len(&decoded[i..]) {
                    Some(len) => {
                        out.push_str(&decoded[run..i]);
                        push_edit(&mut edits, &mut out, i..i + len, "");
                        i += len;
                        run = i;
                    }
                    None => i += 1,
                },
                _ => {
                    // ASCII that stays as it is, up to the next byte that may change or the
                    // next letter-spacing gap (none starts at or before `i`: checked above).
                    let limit = gaps.get(next_gap).map_or(bytes.len(), |g| g.start);
                    i += 1;
                    while i < limit && bytes[i] < 0x80 && bytes[i] != b'\r' && bytes[i] != b'[' {
                        i += 1;
                    }
                }
            }
            continue;
        }
        let run_end = stable_run_end(decoded, i);
        if run_end > i {
            i = run_end;
            continue;
        }
        // `i` is always a char boundary: it only ever advances by whole chars. A stable char
        // not followed by a combining mark was skipped with its run above.
        let c = decoded[i..].chars().next().unwrap_or('\u{FFFD}');
        let mut end = i + c.len_utf8();
        // A cluster: the char plus following combining marks.
        while let Some(next) = decoded[end..].chars().next() {
            if is_combining(next) {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        let cluster = &decoded[i..end];
        let at_line_start = c == '\u{3007}' && starts_line(decoded, i);
        // A special replacement applies to the base char; any combining marks after it go
        // through NFKC on their own, so the result is the same whether or not marks follow
        // and no mark is lost.
        let alone = end == i + c.len_utf8();
        let full_width = full_width_nfkc(c);
        let replacement: Option<&str> = match special_replacement(c, at_line_start) {
            Some(Replacement::Keep) if alone => None,
            Some(Replacement::With(s)) if alone => Some(s),
            Some(special) => {
                scratch.clear();
                match special {
                    Replacement::Keep => scratch.push(c),
                    Replacement::With(s) => scratch.push_str(s),
                }
                scratch.extend(decoded[i + c.len_utf8()..end].nfkc());
                (scratch != cluster).then_some(scratch.as_str())
            }
            None if alone && nfkc_is_identity(c) => None,
            None if alone && full_width.is_some() => {
                scratch.clear();
                scratch.extend(full_width);
                Some(scratch.as_str())
            }
            None => {
                scratch.clear();
                scratch.extend(cluster.nfkc());
                (scratch != cluster).then_some(scratch.as_str())
            }
        };
        if let Some(replacement) = replacement {
            out.push_str(&decoded[run..i]);
            push_edit(&mut edits, &mut out, i..end, replacement);
            run = end;
        }
        i = end;
    }
    out.push_str(&decoded[run..]);
    let norm_len = out.len();
    Normalized { text: out, map: OffsetMap::new(edits, norm_len, decoded.len()), letter_gaps }
}

/// True when only spaces, tabs and ideographic spaces stand between the previous line end
/// (or the start) and byte offset `i`.
fn starts_line(text: &str, i: usize) -> bool {
    for c in text[..i].chars().rev() {
        match c {
            '\n' | '\r' => return true,
            ' ' | '\t' | '\u{3000}' => {}
            _ => return false,
        }
    }
    true
}

/// End of the run of stable 3-byte chars (kana, kanji, see [`is_stable`]) starting at byte
/// `i`; `i` when there is none. A run's last char stays out of it when a combining mark
/// follows: the two are a cluster.
fn stable_run_end(decoded: &str, i: usize) -> usize {
    let bytes = decoded.as_bytes();
    let mut end = i;
    // Each char is told by one bit of a table, without branching on its script: kana and
    // kanji alternate in these texts, and a branch per script mispredicted on most of them.
    while let Some(&[b0, b1, b2]) = bytes.get(end..end + 3) {
        // `end` is a char boundary of valid UTF-8: a lead byte 1110xxxx starts a 3-byte char,
        // whose code point's top ten bits are the lead's low four and the next byte's low six.
        if b0 & 0xF0 != 0xE0 {
            break;
        }
        let block = (usize::from(b0 & 0x0F) << 6) | usize::from(b1 & 0x3F);
        if STABLE_BITS[block] >> (b2 & 0x3F) & 1 == 0 {
            break;
        }
        end += 3;
    }
    if end > i && bytes.get(end).is_some_and(|&b| b >= 0x80) && decoded[end..].chars().next().is_some_and(is_combining)
    {
        end -= 3;
    }
    end
}

/// [`is_stable`] of every code point below U+10000, one bit each: code point `c` is bit
/// `c & 63` of entry `c >> 6`.
static STABLE_BITS: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut c = 0u32;
    while c < 0x10000 {
        if is_stable(c) {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
        }
        c += 1;
    }
    bits
};

/// Chars that normalization certainly leaves unchanged on their own: kana, kanji and the
/// common Japanese punctuation and bullets of these documents.
const fn is_stable(c: u32) -> bool {
    matches!(c,
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC | 0x4E00..=0x9FFF
        | 0x3001..=0x3006 | 0x3008..=0x3011 | 0x25A0..=0x25FF | 0x203B)
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
        '\u{FEFF}' => Replacement::With(""),          // a stray BOM / zero-width no-break space
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
    match c as u32 {
        0xFF9E | 0xFF9F | 0x3099 | 0x309A => true,
        // ASCII, kana, CJK ideographs and full-width forms: never combining (most of the text).
        0..=0x2FF | 0x3040..=0x3098 | 0x309B..=0x30FF | 0x4E00..=0x9FFF | 0xFF00..=0xFF9D => false,
        _ => canonical_combining_class(c) != 0,
    }
}

/// NFKC of a full-width ASCII form (`Ｒ` `１` `（`) or the ideographic space, without the
/// general NFKC machinery: these are most of what changes in these documents.
fn full_width_nfkc(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
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

    proptest::proptest! {
        /// A run of stable chars ends where a walk deciding each char by its code point ends it.
        #[test]
        fn stable_runs_end_where_each_char_says(text in "[あア漢字丁鿿一々〇、。「」■※ーｶ１a\u{3099}𠮷]{0,40}") {
            let mut walked = 0;
            for c in text.chars() {
                if c.len_utf8() == 3 && is_stable(c as u32) {
                    walked += 3;
                } else {
                    break;
                }
            }
            if walked > 0 && text[walked..].chars().next().is_some_and(is_combining) {
                walked -= 3;
            }
            proptest::prop_assert_eq!(stable_run_end(&text, 0), walked);
        }
    }

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
    fn combining_marks_on_a_bullet_are_not_lost() {
        // Found by fuzzing: 〇 with combining marks at a line start used to become a bare ○.
        let n = norm("〇\u{305}\u{317}");
        assert!(n.contains('\u{305}') && n.contains('\u{317}'), "{n:?}");
        // And a wave dash is a tilde with or without a mark after it.
        assert_eq!(norm("〜\u{3099}").chars().next(), Some('~'));
    }

    #[test]
    fn full_width_shortcut_is_nfkc() {
        for c in ('\u{FF01}'..='\u{FF5E}').chain(['\u{3000}']) {
            let nfkc: String = std::iter::once(c).nfkc().collect();
            assert_eq!(full_width_nfkc(c).map(String::from), Some(nfkc), "{c:?}");
        }
    }

    #[test]
    fn stable_runs_leave_a_char_before_a_combining_mark() {
        // か + U+3099 composes to が; so does ｶ + ﾞ after a run of kanji.
        assert_eq!(norm("漢字か\u{3099}"), "漢字が");
        assert_eq!(norm("漢字ｶﾞ"), "漢字ガ");
        assert_eq!(norm("漢字\u{3099}"), "漢字\u{3099}");
    }

    #[test]
    fn circled_numbers_are_kept() {
        assert_eq!(norm("①大阪企業のグローバル化"), "①大阪企業のグローバル化");
    }
}
