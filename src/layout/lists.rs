//! Flattened HTML list fragments, as a web page's lists survive a text export.
//!
//! Action plans keep list cells as `<ul style=…> entry entry <ul style=…> ▶entry …` with the
//! `<li>` tags lost; [`list_entries`] splits them back (see there).

/// One entry of a flattened list, as byte offsets into the cell text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where the entry starts (at its marker, if any).
    pub start: usize,
    pub end: usize,
    /// Where the entry's text starts (after the marker).
    pub body: usize,
    /// 0 for top entries, 1 for entries of a nested list (▶) or under a 【label】.
    pub level: u8,
    /// `▶`, `・` …; empty when the entry has none.
    pub marker: String,
    /// A 【…】 label entry.
    pub label: bool,
}

fn is_entry_marker(c: char) -> bool {
    matches!(c, '・' | '▶' | '▸' | '‣' | '•' | '【')
}

/// Splits a list cell into entries.
///
/// `<ul …>` tags are dropped and count nesting; `</ul>` closes one level. Inside the text
/// between tags:
///
/// - when entries carry markers (` ・…`, ` ▶…`, ` 【…】`, at the start or after a space), the
///   text is split before each such marker only (so a space inside an entry, as in
///   `デモ飛行 、MaaS実証`, stays);
/// - otherwise the entries were joined by single spaces, so the text is split at spaces
///   outside brackets (「」『』()【】<>〈〉《》), except where the space sits inside a run of
///   Latin words (`Beyond 5G`, `from NOW ON KANSAI`), or before punctuation that cannot start an
///   entry (`、` `)` …). A Latin word glued to Japanese before the space (`…視察先のPR 協調事業`)
///   does end an entry.
///
/// A `▶` entry (or any entry of a nested `<ul>` that has no marker of its own, before a
/// marker-less entry ends it) is level 1; `・` entries after a 【label】 are level 1.
pub fn list_entries(cell: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    // Entries marked with ・ or 【…】 (not ▶, which marks only nested entries).
    let has_markers = cell.char_indices().any(|(i, c)| {
        matches!(c, '・' | '【' | '•') && (i == 0 || cell[..i].ends_with(' ') || cell[..i].ends_with('>'))
    });
    let mut depth = 0usize;
    let mut pos = 0;
    let mut seen_label = false;
    while pos < cell.len() {
        let rest = &cell[pos..];
        if rest.starts_with("<ul") || rest.starts_with("<li") || rest.starts_with("</li") {
            let close = rest.find('>').map_or(rest.len(), |c| c + 1);
            if rest.starts_with("<ul") {
                depth += 1;
            }
            pos += close;
            continue;
        }
        if rest.starts_with("</ul") {
            depth = depth.saturating_sub(1);
            pos += rest.find('>').map_or(rest.len(), |c| c + 1);
            continue;
        }
        // Text up to the next tag.
        let seg_end = pos + next_tag(rest).unwrap_or(rest.len());
        let seg = &cell[pos..seg_end];
        // Cut before markers; then a piece that is a ▶ entry, or any piece of a list whose
        // entries carry no ・ / 【 markers, is cut at spaces too (unmarked top entries follow a
        // nested ▶ list without a closing tag).
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mcuts = marker_cuts(seg);
        let mut a = 0;
        for b in mcuts.into_iter().chain(std::iter::once(seg.len())) {
            let piece = &seg[a..b];
            let first = piece.trim_start().chars().next().unwrap_or(' ');
            let split_spaces = matches!(first, '▶' | '▸' | '‣') || (!has_markers && !is_entry_marker(first));
            if split_spaces {
                let mut c = a;
                for cut in space_cuts(piece) {
                    pieces.push((c, a + cut));
                    c = a + cut;
                }
                pieces.push((c, b));
            } else {
                pieces.push((a, b));
            }
            a = b;
        }
        for (pa, pb) in pieces {
            let piece = &seg[pa..pb];
            let lead = piece.len() - piece.trim_start().len();
            let t = piece.trim();
            if t.is_empty() {
                continue;
            }
            let start = pos + pa + lead;
            let first = t.chars().next().unwrap_or(' ');
            let (marker, label) = if first == '【' && t.contains('】') {
                (String::new(), true)
            } else if is_entry_marker(first) {
                (first.to_string(), false)
            } else {
                (String::new(), false)
            };
            let body_off = if marker.is_empty() { 0 } else { first.len_utf8() };
            let body = start + body_off + (t[body_off..].len() - t[body_off..].trim_start().len());
            let nested_marker = matches!(first, '▶' | '▸' | '‣');
            let level = if label {
                seen_label = true;
                0
            } else if nested_marker || (first == '・' && seen_label) {
                1
            } else {
                0
            };
            out.push(Entry { start, end: start + t.len(), body, level, marker, label });
        }
        pos = seg_end;
    }
    // In a nested <ul> without markers, entries stay at level 0: without `</ul>` there is no
    // telling where the nested list ends.
    let _ = depth;
    out
}

/// Where the first list tag (`<ul`, `</ul`, `<li`, `</li`) in `s` starts: one pass over the
/// `<`s instead of a search per tag through the rest of the cell.
fn next_tag(s: &str) -> Option<usize> {
    memchr::memchr_iter(b'<', s.as_bytes())
        .find(|&i| ["<ul", "</ul", "<li", "</li"].iter().any(|t| s[i..].starts_with(t)))
}

/// Cut points before markers that start an entry.
fn marker_cuts(seg: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in seg.char_indices() {
        if i > 0 && is_entry_marker(c) && prev.is_some_and(char::is_whitespace) {
            cuts.push(i);
        }
        prev = Some(c);
    }
    cuts
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '「' | '『' | '(' | '【' | '<' | '〈' | '《' | '[' | '≪' | '“')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, '」' | '』' | ')' | '】' | '>' | '〉' | '》' | ']' | '≫' | '”')
}

/// Cut points at spaces between entries of a marker-less list (see [`list_entries`]).
fn space_cuts(seg: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut depth = 0i32;
    let chars: Vec<(usize, char)> = seg.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if is_open_bracket(c) {
            depth += 1;
            continue;
        }
        if is_close_bracket(c) {
            depth = (depth - 1).max(0);
            continue;
        }
        if c != ' ' || depth > 0 {
            continue;
        }
        let Some(&(_, before)) = chars[..k].iter().rev().find(|(_, c)| *c != ' ') else { continue };
        let Some(&(_, after)) = chars[k + 1..].iter().find(|(_, c)| *c != ' ') else { continue };
        if matches!(after, '、' | '。' | ',' | '.' | ')' | '」' | '』' | '】' | '・' | '~' | '-')
            || is_open_bracket(before)
            || is_entry_marker(before)
        {
            continue;
        }
        if before.is_ascii() && !is_close_bracket(before) && after.is_ascii() {
            continue;
        }
        if before.is_ascii_alphanumeric() {
            // The Latin word before the space: glued to Japanese → the entry ends here;
            // preceded by a space → a Latin phrase that goes on (`Beyond 5G 関連…`).
            let word_start =
                chars[..k].iter().rposition(|(_, c)| !c.is_ascii_alphanumeric() && !matches!(c, '.' | '-' | '&'));
            match word_start.map(|p| chars[p].1) {
                Some(' ') | None => continue,
                _ => {}
            }
        }
        // Only the first space of a run is a cut.
        if k > 0 && chars[k - 1].1 == ' ' {
            continue;
        }
        cuts.push(i);
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{cell_tables, tsv_runs, tsv_table};
    use crate::text::split_lines;

    fn texts(cell: &str) -> Vec<(String, u8)> {
        list_entries(cell).into_iter().map(|e| (cell[e.body..e.end].to_string(), e.level)).collect()
    }

    #[test]
    fn tsv_rows_and_header() {
        let text = "分野\t事業名\t予算額 (千円)\nA\tB\t14,043\n\tC\t(1,102)\n";
        let lines = split_lines(text);
        assert_eq!(tsv_runs(&lines, 0..lines.len()), vec![0..3]);
        let t = tsv_table(&lines, 0..3);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1][2].text, "14,043");
        assert_eq!(&text[t.rows[2][2].norm_span.clone()], "(1,102)");
        assert_eq!(t.rows[2][0].text, "");
        assert_eq!(t.column_units, vec![None, None, Some("千円".to_string())]);
    }

    #[test]
    fn nested_table_in_a_cell() {
        let text = "\t○取組\n<表題>\n\t開催\n年度\n\t商談数\n\n\t28\n\t288件\n\n\n・表の後の行\n";
        let lines = split_lines(text);
        let c = cell_tables(&lines, 0..lines.len());
        assert_eq!(c.text_lines, vec![0, 1, 10]);
        assert_eq!(c.table_lines, vec![2, 3, 4, 6, 7]);
        assert_eq!(c.tables.len(), 1);
        let rows: Vec<Vec<&str>> =
            c.tables[0].rows.iter().map(|r| r.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(rows, vec![vec!["開催年度", "商談数"], vec!["28", "288件"]]);
    }

    #[test]
    fn ul_entries_split_on_spaces() {
        let cell = "<ul style=\"list-style-type: none\"> 視察先のPR 協調事業の拡充(対象を 拡大する等) Beyond 5G 関連素材開発 「from NOW ON KANSAI」の発行 ";
        assert_eq!(
            texts(cell),
            vec![
                ("視察先のPR".to_string(), 0),
                ("協調事業の拡充(対象を 拡大する等)".to_string(), 0),
                ("Beyond 5G 関連素材開発".to_string(), 0),
                ("「from NOW ON KANSAI」の発行".to_string(), 0),
            ]
        );
    }

    #[test]
    fn ul_nested_arrows() {
        let cell =
            "<ul style=\"x\"> 万博会場内外での取組 <ul style=\"x\"> ▶大阪での発信 ▶ 会場外での発信 未来医療の開発製造 ";
        assert_eq!(
            texts(cell),
            vec![
                ("万博会場内外での取組".to_string(), 0),
                ("大阪での発信".to_string(), 1),
                ("会場外での発信".to_string(), 1),
                ("未来医療の開発製造".to_string(), 0),
            ]
        );
    }

    #[test]
    fn label_cells_split_on_markers_only() {
        let cell = "【空飛ぶクルマ】 ・万博会場内外での デモ飛行の実現 ・支援・整備 【MaaS】 ・提供";
        let e = list_entries(cell);
        let got: Vec<_> = e.iter().map(|e| (&cell[e.body..e.end], e.level, e.label)).collect();
        assert_eq!(
            got,
            vec![
                ("【空飛ぶクルマ】", 0, true),
                ("万博会場内外での デモ飛行の実現", 1, false),
                ("支援・整備", 1, false),
                ("【MaaS】", 0, true),
                ("提供", 1, false),
            ]
        );
    }
}
