//! Stage 1: bytes → text. Detects the encoding, decodes, and remembers where each decoded
//! character came from in the source bytes, so spans can point into the file as given.
//!
//! Order of detection (each step decides only when the previous one could not):
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. strict UTF-8;
//! 3. Shift_JIS (encoding_rs's WHATWG Shift_JIS, which is CP932) versus EUC-JP, whichever
//!    decodes with fewer errors (ties go to Shift_JIS, the more common in these archives).
//!
//! Undecodable bytes become U+FFFD and are counted in [`Decoded::decode_errors`]; a document
//! is never rejected for them. Binary input (NUL bytes outside UTF-16) is rejected with
//! [`DecodeError::Binary`] so the batch can skip it explicitly.

use encoding_rs::{DecoderResult, Encoding, EUC_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

crate::vocabulary! {
    /// The encodings keikaku reads; their wire names are WHATWG labels, stable in output.
    pub enum SourceEncoding {
        Utf8 => "UTF-8",
        Utf16Le => "UTF-16LE",
        Utf16Be => "UTF-16BE",
        ShiftJis => "Shift_JIS",
        EucJp => "EUC-JP",
    }
}

impl SourceEncoding {
    fn encoding_rs(self) -> &'static Encoding {
        match self {
            SourceEncoding::Utf8 => UTF_8,
            SourceEncoding::Utf16Le => UTF_16LE,
            SourceEncoding::Utf16Be => UTF_16BE,
            SourceEncoding::ShiftJis => SHIFT_JIS,
            SourceEncoding::EucJp => EUC_JP,
        }
    }

    /// Parses a user-given label (`--encoding`): any WHATWG label of a supported encoding,
    /// plus the common aliases `sjis`, `cp932` and `eucjp`.
    pub fn from_label(label: &str) -> Option<SourceEncoding> {
        let l = label.trim().to_ascii_lowercase();
        let alias = match l.as_str() {
            "sjis" | "cp932" | "ms932" | "windows-31j" => Some(SourceEncoding::ShiftJis),
            "eucjp" | "euc_jp" => Some(SourceEncoding::EucJp),
            "utf8" => Some(SourceEncoding::Utf8),
            "utf16le" | "utf-16" => Some(SourceEncoding::Utf16Le),
            "utf16be" => Some(SourceEncoding::Utf16Be),
            _ => None,
        };
        alias.or_else(|| {
            let enc = Encoding::for_label_no_replacement(l.as_bytes())?;
            [
                SourceEncoding::Utf8,
                SourceEncoding::Utf16Le,
                SourceEncoding::Utf16Be,
                SourceEncoding::ShiftJis,
                SourceEncoding::EucJp,
            ]
            .into_iter()
            .find(|e| e.encoding_rs() == enc)
        })
    }
}

/// Why a file could not be decoded at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// NUL bytes in a file without a UTF-16 byte-order mark: not a text document.
    #[error("binary file (NUL byte at offset {offset}); not a text document, skipped")]
    Binary { offset: usize },
}

/// Decoded text plus the way back to source bytes.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    pub encoding: SourceEncoding,
    pub had_bom: bool,
    /// Number of undecodable byte sequences replaced by U+FFFD.
    pub decode_errors: usize,
    /// Length of the source in bytes.
    pub src_len: usize,
    map: SourceMap,
}

/// Decoded-text byte offset → source byte offset.
#[derive(Debug, Clone)]
enum SourceMap {
    /// The decoded text is the source shifted by a BOM of this many bytes (UTF-8).
    Shift(usize),
    /// One entry per decoded char: (decoded byte offset, source byte offset), plus a final
    /// entry for the end of both.
    Table(Vec<(u32, u32)>),
}

impl Decoded {
    /// Decoded text built directly from a string (tests, `extract` on text): the source is
    /// the UTF-8 of `text` itself.
    pub fn from_text(text: &str) -> Decoded {
        Decoded {
            text: text.to_string(),
            encoding: SourceEncoding::Utf8,
            had_bom: false,
            decode_errors: 0,
            src_len: text.len(),
            map: SourceMap::Shift(0),
        }
    }

    /// The source byte offset of the decoded byte offset `dec_byte` (a char boundary of
    /// [`Decoded::text`], or its length).
    pub fn src_byte(&self, dec_byte: usize) -> usize {
        self.src_byte_near(dec_byte, &mut 0)
    }

    /// [`Decoded::src_byte`] for offsets asked in document order: the table is searched from
    /// where the last offset was found (`hint`, updated).
    pub fn src_byte_near(&self, dec_byte: usize, hint: &mut usize) -> usize {
        match &self.map {
            SourceMap::Shift(n) => dec_byte + n,
            SourceMap::Table(table) => {
                let key = dec_byte as u32;
                // The entries at or before the offset; the last of them is its char (or the
                // char it is inside).
                let i = crate::text::positions::partition_point_from(table, hint, |&(d, _)| d <= key);
                table[i.saturating_sub(1)].1 as usize
            }
        }
    }
}

/// Decodes `bytes`, detecting the encoding unless `forced` is given.
pub fn decode(bytes: &[u8], forced: Option<SourceEncoding>) -> Result<Decoded, DecodeError> {
    if let Some(enc) = forced {
        let (bom_len, _) = bom_of(bytes).unwrap_or((0, enc));
        let bom_len = if bom_of(bytes).map(|(_, e)| e) == Some(enc) { bom_len } else { 0 };
        return Ok(decode_with(bytes, bom_len, enc));
    }
    if let Some((bom_len, enc)) = bom_of(bytes) {
        return Ok(decode_with(bytes, bom_len, enc));
    }
    if let Some(offset) = memchr_nul(bytes) {
        if let Some(enc) = sniff_utf16_without_bom(bytes) {
            return Ok(decode_with(bytes, 0, enc));
        }
        return Err(DecodeError::Binary { offset });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: SourceEncoding::Utf8,
            had_bom: false,
            decode_errors: 0,
            src_len: bytes.len(),
            map: SourceMap::Shift(0),
        });
    }
    // Fewest errors wins; ties go to Shift_JIS. A clean decode settles it in one pass: clean
    // Shift_JIS wins outright, and clean EUC-JP wins once Shift_JIS is known to have an error.
    match decode_clean_multibyte(bytes, 0, bytes.len(), SourceEncoding::ShiftJis) {
        Ok(decoded) => return Ok(decoded),
        Err(NotClean::Malformed) => {
            if let Ok(decoded) = decode_clean_multibyte(bytes, 0, bytes.len(), SourceEncoding::EucJp) {
                return Ok(decoded);
            }
        }
        Err(NotClean::Other) => {}
    }
    // Otherwise count errors; the counts stop as soon as they cannot win.
    let sjis_errors = count_errors(bytes, SourceEncoding::ShiftJis, usize::MAX);
    let enc = if sjis_errors == 0 {
        SourceEncoding::ShiftJis
    } else {
        let euc_errors = count_errors(bytes, SourceEncoding::EucJp, sjis_errors);
        let best = sjis_errors.min(euc_errors);
        let utf8_errors = count_errors(bytes, SourceEncoding::Utf8, best);
        if utf8_errors < best && utf8_errors * 100 < bytes.len() {
            // Mostly UTF-8 with a few broken bytes: keep UTF-8 rather than mojibake the rest.
            SourceEncoding::Utf8
        } else if euc_errors < sjis_errors {
            SourceEncoding::EucJp
        } else {
            SourceEncoding::ShiftJis
        }
    };
    Ok(decode_with(bytes, 0, enc))
}

fn bom_of(bytes: &[u8]) -> Option<(usize, SourceEncoding)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((3, SourceEncoding::Utf8))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((2, SourceEncoding::Utf16Le))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((2, SourceEncoding::Utf16Be))
    } else {
        None
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// UTF-16 without a BOM: text whose NULs sit almost all at odd (LE) or even (BE) offsets,
/// and which decodes without errors. Japanese UTF-16 has few NULs, so also require that
/// the file decodes cleanly and that at least a tenth of the code units are ASCII.
fn sniff_utf16_without_bom(bytes: &[u8]) -> Option<SourceEncoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1
            } else {
                odd += 1
            }
        }
    }
    let candidate = if odd > even * 4 && odd * 10 >= units {
        SourceEncoding::Utf16Le
    } else if even > odd * 4 && even * 10 >= units {
        SourceEncoding::Utf16Be
    } else {
        return None;
    };
    if count_errors(bytes, candidate, 1) != 0 {
        return None;
    }
    // The decoded text must look like text: nearly all chars ASCII-printable, kana, CJK or
    // full-width forms. Random binary with NULs at odd offsets does not.
    let (text, _) = candidate.encoding_rs().decode_without_bom_handling(bytes);
    let total = text.chars().count().max(1);
    let plausible = text
        .chars()
        .filter(|&c| {
            matches!(c as u32,
                0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x2000..=0x26FF | 0x3000..=0x30FF
                | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
        })
        .count();
    (plausible * 100 >= total * 95).then_some(candidate)
}

/// Counts malformed sequences when decoding `bytes` as `enc`, stopping at `limit`.
fn count_errors(bytes: &[u8], enc: SourceEncoding, limit: usize) -> usize {
    let mut decoder = enc.encoding_rs().new_decoder_without_bom_handling();
    let mut out = vec![0u8; 64 * 1024];
    let mut src = bytes;
    let mut errors = 0;
    loop {
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(src, &mut out, true);
        src = &src[read..];
        match result {
            DecoderResult::InputEmpty => return errors,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(_, _) => {
                errors += 1;
                if errors >= limit {
                    return errors;
                }
            }
        }
    }
}

/// Decodes with a known encoding, building the decoded → source offset table.
fn decode_with(bytes: &[u8], bom_len: usize, enc: SourceEncoding) -> Decoded {
    let body = &bytes[bom_len..];
    if enc == SourceEncoding::Utf8 {
        if let Ok(text) = std::str::from_utf8(body) {
            return Decoded {
                text: text.to_string(),
                encoding: enc,
                had_bom: bom_len > 0,
                decode_errors: 0,
                src_len: bytes.len(),
                map: SourceMap::Shift(bom_len),
            };
        }
    }
    if let Ok(decoded) = decode_clean_multibyte(body, bom_len, bytes.len(), enc) {
        return decoded;
    }
    // Feed the decoder in chunks and track, for every char it writes, the source offset at
    // which that char's bytes began. A decoder consumes whole sequences before it writes, so
    // "source position after the previous char" is the start of the next one; to get exact
    // positions we feed one sequence-sized step at a time (at most 4 bytes), which is still
    // tens of MB/s and only used for non-UTF-8 input.
    let mut decoder = enc.encoding_rs().new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() * 3 / 2);
    let mut table: Vec<(u32, u32)> = Vec::with_capacity(body.len());
    let mut errors = 0;
    let mut pos = 0usize; // source offset within body of the next unconsumed byte
    let mut char_start = 0usize; // source offset where the pending (not yet written) char began
    let mut buf = [0u8; 16];
    while pos <= body.len() {
        let last = pos == body.len();
        let step_end = (pos + 1).min(body.len());
        let (result, read, written) = decoder.decode_to_utf8_without_replacement(&body[pos..step_end], &mut buf, last);
        pos += read;
        if written > 0 {
            let out = std::str::from_utf8(&buf[..written]).expect("decoder writes UTF-8");
            for (i, c) in out.char_indices() {
                table.push(((text.len() + i) as u32, (char_start + bom_len) as u32));
                let _ = c;
            }
            text.push_str(out);
            char_start = pos;
        }
        match result {
            DecoderResult::Malformed(bad, after) => {
                // The malformed sequence ended `after` bytes before `pos`.
                let bad_end = pos - after as usize;
                let bad_start = bad_end.saturating_sub(bad as usize).max(char_start.min(bad_end));
                table.push((text.len() as u32, (bad_start + bom_len) as u32));
                text.push('\u{FFFD}');
                errors += 1;
                // Bytes after the malformed sequence that were consumed still belong to the
                // next char.
                char_start = bad_end;
            }
            DecoderResult::InputEmpty => {
                if last {
                    break;
                }
                if written == 0 && read == 0 {
                    break;
                }
            }
            DecoderResult::OutputFull => {}
        }
        if last && written == 0 {
            break;
        }
    }
    table.push((text.len() as u32, bytes.len() as u32));
    Decoded {
        text,
        encoding: enc,
        had_bom: bom_len > 0,
        decode_errors: errors,
        src_len: bytes.len(),
        map: SourceMap::Table(table),
    }
}

/// Why [`decode_clean_multibyte`] did not decode.
#[derive(Debug)]
enum NotClean {
    /// The input has at least one malformed sequence in this encoding.
    Malformed,
    /// Not a multibyte encoding, or the fast offset table disagrees with the decoder.
    Other,
}

/// Fast path for Shift_JIS and EUC-JP input that decodes without errors: the source length
/// of every char follows from its lead byte, so the offset table is built in one scan.
/// Fails (use the general path) on any error or disagreement.
fn decode_clean_multibyte(
    body: &[u8],
    bom_len: usize,
    src_len: usize,
    enc: SourceEncoding,
) -> Result<Decoded, NotClean> {
    match enc {
        SourceEncoding::ShiftJis => decode_clean_with(body, bom_len, src_len, enc, |b| match b {
            0x00..=0x80 | 0xA1..=0xDF => Some(1),
            0x81..=0x9F | 0xE0..=0xFC => Some(2),
            _ => None,
        }),
        SourceEncoding::EucJp => decode_clean_with(body, bom_len, src_len, enc, |b| match b {
            0x00..=0x7F => Some(1),
            0x8E | 0xA1..=0xFE => Some(2),
            0x8F => Some(3),
            _ => None,
        }),
        _ => Err(NotClean::Other),
    }
}

/// [`decode_clean_multibyte`] for one encoding, whose source length of a char follows from its
/// lead byte by `byte_len` (a closure, so that the per-char call is inlined).
fn decode_clean_with(
    body: &[u8],
    bom_len: usize,
    src_len: usize,
    enc: SourceEncoding,
    byte_len: impl Fn(u8) -> Option<usize>,
) -> Result<Decoded, NotClean> {
    let text = enc
        .encoding_rs()
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or(NotClean::Malformed)?
        .into_owned();
    let mut table = Vec::with_capacity(text.len() / 2 + 1);
    let mut src = 0usize;
    for (dec, _) in text.char_indices() {
        let len = body.get(src).copied().and_then(&byte_len).ok_or(NotClean::Other)?;
        table.push((dec as u32, (src + bom_len) as u32));
        src += len;
    }
    if src != body.len() {
        return Err(NotClean::Other);
    }
    table.push((text.len() as u32, src_len as u32));
    Ok(Decoded { text, encoding: enc, had_bom: bom_len > 0, decode_errors: 0, src_len, map: SourceMap::Table(table) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(enc: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = enc.encode(text);
        assert!(!had_errors);
        bytes.into_owned()
    }

    const SAMPLE: &str = "商工労働部\n【テーマ１】　健康・医療関連産業\n・設立登記（R1.11）\n";

    #[test]
    fn strict_utf8_is_identity() {
        let d = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!(d.encoding, SourceEncoding::Utf8);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.src_byte(6), 6);
    }

    #[test]
    fn utf8_bom_shifts_offsets() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert!(d.had_bom);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.src_byte(0), 3);
    }

    #[test]
    fn shift_jis_detected_with_offsets() {
        let bytes = roundtrip(SHIFT_JIS, SAMPLE);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, SourceEncoding::ShiftJis);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.decode_errors, 0);
        // 商工労働部 is five 2-byte chars, then the newline.
        let nl = SAMPLE.find('\n').unwrap();
        assert_eq!(d.src_byte(nl), 10);
        assert_eq!(bytes[d.src_byte(nl)], b'\n');
        assert_eq!(d.src_byte(d.text.len()), bytes.len());
    }

    #[test]
    fn fast_and_general_paths_agree() {
        for enc in [SourceEncoding::ShiftJis, SourceEncoding::EucJp] {
            let text = "ﾍﾞﾝﾁｬｰ企業①～③、R1.8\r\n\t〇商談数：263件\n";
            let (bytes, _, _) = enc.encoding_rs().encode(text);
            let fast = decode_clean_multibyte(&bytes, 0, bytes.len(), enc).expect("clean input");
            let mut broken = bytes.to_vec();
            broken.push(0xFF); // forces the general path
            let general = decode_with(&broken, 0, enc);
            assert_eq!(fast.text, text);
            for (i, _) in text.char_indices() {
                assert_eq!(fast.src_byte(i), general.src_byte(i), "{enc} at {i}");
            }
        }
    }

    #[test]
    fn euc_jp_detected() {
        let bytes = roundtrip(EUC_JP, SAMPLE);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, SourceEncoding::EucJp);
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn broken_shift_jis_counts_errors_and_keeps_text() {
        let mut bytes = roundtrip(SHIFT_JIS, SAMPLE);
        bytes.push(0x82); // a lead byte cut off at the end
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, SourceEncoding::ShiftJis);
        assert_eq!(d.decode_errors, 1);
        assert!(d.text.starts_with(SAMPLE));
        assert!(d.text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn utf16le_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in SAMPLE.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, SourceEncoding::Utf16Le);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.src_byte(3), 4); // 商 is one UTF-16 unit, after the 2-byte BOM
    }

    #[test]
    fn utf16le_without_bom_is_sniffed() {
        let mut bytes = Vec::new();
        for u in "商工労働部\n【テーマ1】 R1.8 28社\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, SourceEncoding::Utf16Le);
    }

    #[test]
    fn binary_is_rejected() {
        let bytes = b"%PDF-1.4\n\x00\x01\x02binary";
        assert!(matches!(decode(bytes, None), Err(DecodeError::Binary { .. })));
    }

    #[test]
    fn forced_encoding_wins() {
        let bytes = roundtrip(EUC_JP, SAMPLE);
        let d = decode(&bytes, Some(SourceEncoding::EucJp)).unwrap();
        assert_eq!(d.text, SAMPLE);
        assert_eq!(SourceEncoding::from_label("cp932"), Some(SourceEncoding::ShiftJis));
        assert_eq!(SourceEncoding::from_label("euc-jp"), Some(SourceEncoding::EucJp));
        assert_eq!(SourceEncoding::from_label("latin1"), None);
    }
}
