//! Letter-spaced text: single characters set apart by one space each, as PDF exports write
//! titles, table labels and names (`委 員 名 簿`, `区 分`, `H 2 7 年 度`, `岡 本 和 彦`). A reader
//! reads them as if the spaces were not there; normalization drops those spaces (keeping the
//! way back to the source), so every stage sees `委員名簿`, `区分`, `H27年度`.
//!
//! A run counts only when at least two of its characters are kanji or kana: spaced digits,
//! marks and ratings (`1 1 1 1`, `― ー ※`, `A B C`) are cells of a table, not a word.

use std::ops::Range;

use super::chars::{is_kanji, is_katakana};

/// A space between letters: ASCII or ideographic.
fn is_gap(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

fn is_letter(c: char) -> bool {
    (is_kanji(c) || is_katakana(c) || ('\u{3041}'..='\u{3096}').contains(&c)) && c != 'ー'
}

/// The byte ranges of the spaces inside letter-spaced runs of `text`, in order.
pub fn letter_spaced_gaps(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Only the lines holding a space (ASCII or ideographic) are read: the spaces are found by
    // byte searches over the whole text, and each line is read once.
    let bytes = text.as_bytes();
    let mut spaces: Vec<usize> = memchr::memchr_iter(b' ', bytes).collect();
    spaces.extend(memchr::memmem::find_iter(bytes, "\u{3000}".as_bytes()));
    spaces.sort_unstable();
    let mut done_to = 0;
    for at in spaces {
        if at < done_to {
            continue;
        }
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        gaps_in_line(&text[start..end], start, &mut out);
        done_to = end;
    }
    out
}

/// Whether `line` has two single characters set apart by one space (`x y`): the cheap test
/// before the line is read token by token.
fn has_spaced_pair(line: &str) -> bool {
    let b = line.as_bytes();
    let gap_at = |i: usize| -> Option<usize> {
        if b.get(i) == Some(&b' ') {
            Some(1)
        } else if b.get(i..i + 3) == Some("\u{3000}".as_bytes()) {
            Some(3)
        } else {
            None
        }
    };
    let mut gaps: Vec<usize> = memchr::memchr_iter(b' ', b).collect();
    gaps.extend(memchr::memmem::find_iter(b, "\u{3000}".as_bytes()));
    for g in gaps {
        let Some(glen) = gap_at(g) else { continue };
        // The char before the gap stands alone: a gap or the line's start before it.
        let Some(before) = line[..g].chars().next_back() else { continue };
        let b0 = g - before.len_utf8();
        let alone_before = b0 == 0
            || gap_at(b0 - 1).is_some()
            || line[..b0].ends_with('\u{3000}')
            || line[..b0].ends_with(['\n', '\r', '\t']);
        let Some(after) = line[g + glen..].chars().next() else { continue };
        let a1 = g + glen + after.len_utf8();
        let alone_after = a1 >= line.len() || gap_at(a1).is_some() || line[a1..].starts_with(['\n', '\r', '\t']);
        if alone_before && alone_after && !is_gap(before) && !is_gap(after) {
            return true;
        }
    }
    false
}

fn gaps_in_line(line: &str, base: usize, out: &mut Vec<Range<usize>>) {
    if !has_spaced_pair(line) {
        return;
    }
    // Tokens: (start, end, char count) of the runs of non-space chars; gaps between them.
    let mut tokens: Vec<(usize, usize, usize)> = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, c) in line.char_indices() {
        if is_gap(c) || c == '\n' || c == '\r' || c == '\t' {
            if let Some((s, n)) = cur.take() {
                tokens.push((s, i, n));
            }
        } else {
            cur = Some(match cur {
                Some((s, n)) => (s, n + 1),
                None => (i, 1),
            });
        }
    }
    if let Some((s, n)) = cur {
        tokens.push((s, line.len(), n));
    }
    let mut k = 0;
    while k < tokens.len() {
        // A run: single-char tokens, each apart from the next by exactly one space.
        let mut j = k;
        while j + 1 < tokens.len()
            && tokens[j].2 == 1
            && tokens[j + 1].2 == 1
            && one_gap(line, tokens[j].1, tokens[j + 1].0)
        {
            j += 1;
        }
        // A heading's number at the line's start before spaced letters (`1 開 会`) stays apart.
        let number_first = line[..tokens[0].0].trim().is_empty()
            && line[tokens[0].0..tokens[0].1].chars().all(|c| c.is_ascii_digit())
            && tokens.get(1).is_some_and(|t| line[t.0..t.1].chars().next().is_some_and(is_letter));
        let heading_number = k == 0 && number_first;
        // A letter right after a figure is its unit (`48,000 人 0 人`): the run starts after it.
        let after_figure =
            k > 0 && !(k == 1 && number_first) && line[..tokens[k - 1].1].ends_with(|c: char| c.is_ascii_digit());
        if (after_figure || heading_number) && j > k {
            k += 1;
            continue;
        }
        if j > k && tokens[k].2 == 1 {
            let letters = tokens[k..=j].iter().filter(|t| line[t.0..t.1].chars().next().is_some_and(is_letter)).count();
            if letters >= 2 {
                // One digit before spaced letters inside a line is a heading's or an item's
                // number (`… 6 監 査 の 結 果` → `6 監査の結果`): the gap after it stays. Two
                // digits or more are a spaced figure (`2 7 年 度` → `27年度`).
                let digit = |t: &(usize, usize, usize)| line[t.0..t.1].starts_with(|c: char| c.is_ascii_digit());
                let lead = tokens[k..=j].iter().take_while(|t| digit(t)).count();
                let keep = (lead == 1 && k < j).then_some(k);
                for t in k..j {
                    if Some(t) != keep {
                        out.push(base + tokens[t].1..base + tokens[t + 1].0);
                    }
                }
            }
            k = j + 1;
        } else {
            k += 1;
        }
    }
}

/// Exactly one space (ASCII or ideographic) between `a` and `b`.
fn one_gap(line: &str, a: usize, b: usize) -> bool {
    let gap = &line[a..b];
    let mut cs = gap.chars();
    cs.next().is_some_and(is_gap) && cs.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unspaced(t: &str) -> String {
        let gaps = letter_spaced_gaps(t);
        let mut out = String::new();
        let mut at = 0;
        for g in gaps {
            out.push_str(&t[at..g.start]);
            at = g.end;
        }
        out.push_str(&t[at..]);
        out
    }

    #[test]
    fn letter_spaced_words_close_up() {
        assert_eq!(unspaced("委 員 名 簿"), "委員名簿");
        assert_eq!(unspaced("区 分 令和4年度"), "区分 令和4年度");
        assert_eq!(unspaced("H 2 7 年 度"), "H27年度");
        assert_eq!(unspaced("所 属 ・ 役 職"), "所属・役職");
        assert_eq!(unspaced("委\u{3000}員\u{3000}長"), "委員長");
        assert_eq!(unspaced("担 当 課 健康福祉課"), "担当課 健康福祉課");
        assert_eq!(unspaced("1 開 会"), "1 開会");
        assert_eq!(unspaced("2 7 年 度"), "27年度");
        assert_eq!(unspaced("6 監 査 の 結 果"), "6 監査の結果", "a heading's number stays apart");
        assert_eq!(unspaced("か。 6 監 査 の 結 果"), "か。 6 監査の結果", "inside a line too");
        assert_eq!(unspaced("2 0 人 以 上"), "20人以上");
    }

    #[test]
    fn spaced_cells_stay_apart() {
        for t in
            ["1 1 1 1 1", "― ー ※ -", "A B C", "3 / 8", "計 1,234", "山田 太郎", "H 2 2", "○ 委員", "48,000 人 0 人"]
        {
            assert_eq!(unspaced(t), t, "{t}");
        }
    }
}
