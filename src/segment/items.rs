//! The bullet hierarchy: lines → [`Item`]s with kind, marker and nesting level.
//!
//! # Markers
//!
//! | marker | kind | rank |
//! |---|---|---|
//! | `■` | objective | 0 |
//! | `◇` (◇成果指標(アウトカム)) | indicator | 0 |
//! | `◎` | direction | 0 |
//! | `【…】` at line start, `◆`, a whole-line `<…>` caption | label | 2 (see below) |
//! | `○` `〇` `◯` | action (question in a Q&A section) | 4 |
//! | `(定性的な目標)` / `(数値目標)` | qualitative / numeric targets | 4 |
//! | `●` (a statement in minutes) | detail | 4 |
//! | `1.` `(1)` `①` (numbered points) | detail | 4 |
//! | `- ` (a markdown list line without another marker) | detail | 4 |
//! | `・` `•`, a private-use symbol-font bullet (U+E000–U+F8FF) | detail | 8 |
//! | `‣` `▸` `▶` `▷` `►` | detail | 12 |
//! | `⇒` `→` | result (answer after a question) | one deeper than the item before |
//! | `※` | note | same as the item before |
//!
//! A markdown list dash (`- `) before the marker and `**` emphasis are dropped. Two or more
//! leading spaces (a full-width space is one space after normalization) add one to the rank.
//!
//! # Levels
//!
//! The level is relative, like nested markdown lists: a stack holds the ranks of the open
//! items; a new item pops every open item of the same or a higher rank, its level is the
//! number of items left open and its parent is the innermost of them. So a progress column
//! that starts with `○` has its `○` items at level 0, and `・` under them at level 1.
//!
//! A 【…】 label after a blank line heads a group (rank 2: the ○ items after it nest under
//! it). A label directly under an item (no blank line between, as `【会員数】` under a ○) is a
//! sub-label: the sibling of an open label, else a child of the innermost open ○-level item.
//!
//! # Continuations and paragraphs
//!
//! A line without a marker that directly follows an item's line (no blank line between)
//! continues that item: its text is appended (without a separator between Japanese
//! characters, with a space between ASCII words) and the item's span grows to cover it. A
//! marker-less line after a blank line starts a new `Text` item. Label, indicator and target
//! heading lines take no continuation: the plain line after them is their first child; so is
//! a paragraph after a numbered title (`(2) 事業化に向けた…事業`, no sentence end).

use super::{Item, ItemKind, Line, TargetKind};
use crate::text::lines::push_clean;
pub use crate::text::push_joined;

/// How to read markers in a section.
#[derive(Debug, Clone, Copy, Default)]
pub struct ItemOptions {
    /// A question-and-answer section (minutes after (メンバーからの意見)): `○` is a question
    /// and `⇒` after it is its answer.
    pub qa: bool,
}

/// What a line starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A kind with a fixed rank.
    Ranked(ItemKind, u8),
    /// ⇒ →: one deeper than the previous item.
    Result,
    /// ※: a sibling of the previous item.
    Note,
    /// No marker.
    Plain,
}

/// A line's marker and where its parts start, as byte offsets into the line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Marked<'a> {
    mark: Mark,
    /// The marker as written (empty when none, or for labels and target headings whose
    /// whole text is the item).
    pub(crate) marker: &'a str,
    /// Offset of the line's first character after indentation: a markdown dash, when there
    /// is one, is part of the item's span though not of its text.
    lead: usize,
    /// Offset of the marker (after indentation and a markdown dash).
    pub(crate) start: usize,
    /// Offset of the item text.
    pub(crate) body: usize,
    /// Leading spaces (not tabs: a leading tab is the table layout).
    indent: usize,
}

/// Drops a markdown list dash (`- `) and the whitespace around it.
pub fn strip_markdown_dash(t: &str) -> &str {
    let s = super::trim_start(t);
    match s.strip_prefix("- ").or_else(|| s.strip_prefix("-\t")) {
        Some(rest) => rest.trim_start(),
        None if s == "-" => "",
        None => s,
    }
}

/// True when the line starts with a list marker (a bullet, `※`, `⇒`, a number).
pub fn starts_with_bullet(t: &str) -> bool {
    classify(t).mark != Mark::Plain
}

/// Reads the marker of one line.
pub(crate) fn classify(text: &str) -> Marked<'_> {
    let indent = text.chars().take_while(|c| *c == ' ' || *c == '\u{3000}').count();
    let after_ws = text.len() - super::trim_start(text).len();
    let rest0 = &text[after_ws..];
    let stripped = strip_markdown_dash(rest0);
    let start = text.len() - stripped.len();
    let s = stripped;
    let mut chars = s.chars();
    let first = chars.next().unwrap_or(' ');
    let one = |mark: Mark| {
        let m = &s[..first.len_utf8()];
        let body = start + m.len() + (s[m.len()..].len() - s[m.len()..].trim_start().len());
        Marked { mark, marker: m, lead: after_ws, start, body, indent }
    };
    // A caption line (`<…>`, `【…】`): a label with no marker, its brackets kept in its text.
    let caption =
        Marked { mark: Mark::Ranked(ItemKind::Label, 2), marker: "", lead: after_ws, start, body: start, indent };
    match first {
        '■' => return one(Mark::Ranked(ItemKind::Objective, 0)),
        '◇' => return one(Mark::Ranked(ItemKind::Indicator, 0)),
        '◎' => return one(Mark::Ranked(ItemKind::Direction, 0)),
        '◆' => return one(Mark::Ranked(ItemKind::Label, 2)),
        '○' | '〇' | '◯' => return one(Mark::Ranked(ItemKind::Action, 4)),
        '●' => return one(Mark::Ranked(ItemKind::Detail, 4)),
        '・' | '•' => return one(Mark::Ranked(ItemKind::Detail, 8)),
        '‣' | '▸' | '▶' | '▷' | '►' => return one(Mark::Ranked(ItemKind::Detail, 12)),
        '⇒' | '→' => return one(Mark::Result),
        '※' => return one(Mark::Note),
        '①'..='⑳' => return one(Mark::Ranked(ItemKind::Detail, 4)),
        // Symbol-font bullets (Wingdings arrows, squares) survive the export as private-use
        // characters.
        '\u{E000}'..='\u{F8FF}' => return one(Mark::Ranked(ItemKind::Detail, 8)),
        // A caption such as `<これまでの商談会開催後の商談状況>`.
        '<' if s.trim_end().ends_with('>') && s.chars().count() <= 60 => return caption,
        '【' if s.contains('】') => return caption,
        '(' => {
            if let Some(close) = s.find(')') {
                let inner = &s[1..close];
                let whole_line = s[close + 1..].trim().is_empty();
                if whole_line && inner.contains("定性") && inner.contains("目標") {
                    return Marked {
                        mark: Mark::Ranked(ItemKind::QualitativeTargets, 4),
                        marker: "",
                        lead: after_ws,
                        start,
                        body: start,
                        indent,
                    };
                }
                if whole_line && inner.contains("数値目標") {
                    return Marked {
                        mark: Mark::Ranked(ItemKind::NumericTargets, 4),
                        marker: "",
                        lead: after_ws,
                        start,
                        body: start,
                        indent,
                    };
                }
                if (1..=2).contains(&inner.len()) && inner.bytes().all(|b| b.is_ascii_digit()) {
                    let m = &s[..close + 1];
                    let body = start + m.len() + (s[m.len()..].len() - s[m.len()..].trim_start().len());
                    return Marked {
                        mark: Mark::Ranked(ItemKind::Detail, 4),
                        marker: m,
                        lead: after_ws,
                        start,
                        body,
                        indent,
                    };
                }
            }
        }
        '0'..='9' => {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let after = &s[digits..];
            if digits <= 2 && after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit()) {
                let m = &s[..digits + 1];
                let body = start + m.len() + (s[m.len()..].len() - s[m.len()..].trim_start().len());
                return Marked {
                    mark: Mark::Ranked(ItemKind::Detail, 4),
                    marker: m,
                    lead: after_ws,
                    start,
                    body,
                    indent,
                };
            }
        }
        _ => {}
    }
    if start > after_ws {
        // A markdown list line (`- text`): an entry of its own.
        return Marked {
            mark: Mark::Ranked(ItemKind::Detail, 4),
            marker: "",
            lead: after_ws,
            start,
            body: start,
            indent,
        };
    }
    Marked { mark: Mark::Plain, marker: "", lead: after_ws, start, body: start, indent }
}

/// Footnote references `(*N)` in `text`.
pub fn footnotes(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    if memchr::memchr(b'*', text.as_bytes()).is_none() {
        return out;
    }
    let mut rest = text;
    while let Some(i) = rest.find("(*") {
        let after = &rest[i + 2..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits <= 4 && after[digits..].starts_with(')') {
            if let Ok(n) = after[..digits].parse() {
                out.push(n);
            }
        }
        rest = after;
    }
    out
}

/// A numbered point that reads as a title (`(2) 事業化に向けた…事業`, no sentence end): the
/// paragraph after it is its body.
fn is_numbered_title(item: &Item) -> bool {
    let numbered = item
        .marker
        .as_deref()
        .is_some_and(|m| m.ends_with(')') || m.ends_with('.') || m.starts_with(|c: char| ('①'..='⑳').contains(&c)));
    numbered && !item.text.ends_with('。') && item.text.chars().count() <= 40
}

fn takes_continuation(item: &Item, whole_line_label: bool) -> bool {
    match item.kind {
        ItemKind::Indicator | ItemKind::QualitativeTargets | ItemKind::NumericTargets => false,
        ItemKind::Label => !whole_line_label && !item.text.starts_with('<'),
        _ => true,
    }
}

/// Parses the lines `idx` (indices into `lines`, ascending; blank ones are skipped) into
/// items. Two indices that are not consecutive count as a paragraph break.
pub fn parse_items(lines: &[Line<'_>], idx: &[usize], opts: ItemOptions) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::with_capacity(idx.len());
    // (rank, item index) of the open items.
    let mut stack: Vec<(u16, usize)> = Vec::new();
    // Rank of the last item.
    let mut prev_rank: Option<u16> = None;
    let mut prev_line: Option<usize> = None;
    let mut last_whole_label = false;
    let mut last_question: Option<usize> = None;
    for &i in idx {
        let Some(line) = lines.get(i) else { continue };
        if line.is_blank() {
            continue;
        }
        let adjacent = prev_line.is_some_and(|p| p + 1 == i);
        prev_line = Some(i);
        let m = classify(line.text);
        let content = line.trim_end();
        let body_text = content.get(m.body..).unwrap_or("");
        if m.mark == Mark::Plain && adjacent {
            if let Some(last) = items.last_mut() {
                if takes_continuation(last, last_whole_label) {
                    push_joined(&mut last.text, body_text);
                    last.norm_span.end = line.start + content.len();
                    continue;
                }
            }
        }
        let prev_kind = items.last().map(|it| it.kind);
        let deepen = u16::from(m.indent >= 2);
        let (mut kind, rank) = match m.mark {
            Mark::Ranked(ItemKind::Label, r) if adjacent && !stack.is_empty() => {
                // A label right under an item (no blank line between) is a sub-label: the
                // sibling of an open label, else a child of the innermost ○-level item.
                let open_label = stack.iter().rev().find(|&&(_, k)| items[k].kind == ItemKind::Label).map(|&(r, _)| r);
                let action_level = stack.iter().rev().find(|&&(r, _)| r <= 8).map(|&(r, _)| r);
                let r = open_label.or(action_level.map(|a| a + 1)).unwrap_or(u16::from(r) * 2);
                (ItemKind::Label, r)
            }
            Mark::Ranked(kind, r) => (kind, u16::from(r) * 2 + deepen),
            Mark::Result => match prev_kind {
                Some(ItemKind::Result | ItemKind::Answer) => (ItemKind::Result, prev_rank.unwrap_or(8)),
                _ => (ItemKind::Result, prev_rank.map_or(8, |r| r + 1)),
            },
            Mark::Note => (ItemKind::Note, prev_rank.unwrap_or(8)),
            Mark::Plain => {
                let header_like = matches!(
                    prev_kind,
                    Some(
                        ItemKind::Label | ItemKind::Indicator | ItemKind::QualitativeTargets | ItemKind::NumericTargets
                    )
                ) || items.last().is_some_and(is_numbered_title);
                let r = if header_like { prev_rank.map_or(0, |r| r + 1) } else { stack.last().map_or(0, |&(r, _)| r) };
                (ItemKind::Text, r)
            }
        };
        while stack.last().is_some_and(|&(r, _)| r >= rank) {
            stack.pop();
        }
        let mut parent = stack.last().map(|&(_, k)| k);
        if opts.qa {
            match kind {
                ItemKind::Action => kind = ItemKind::Question,
                ItemKind::Result if last_question.is_some() => {
                    kind = ItemKind::Answer;
                    // An answer belongs to the question, not to an earlier answer.
                    while stack.last().is_some_and(|&(_, k)| Some(k) != last_question) && !stack.is_empty() {
                        stack.pop();
                    }
                    parent = last_question;
                }
                _ => {}
            }
        }
        let level = if kind == ItemKind::Answer {
            parent.and_then(|p| items.get(p)).map_or(0, |q| q.level.saturating_add(1))
        } else {
            u8::try_from(stack.len()).unwrap_or(u8::MAX)
        };
        let index = items.len();
        let mut text = String::with_capacity(body_text.len());
        push_clean(&mut text, body_text);
        let marker = (!m.marker.is_empty()).then(|| m.marker.to_string());
        items.push(Item {
            marker,
            level,
            parent,
            ..Item::new(kind, text, line.start + m.lead..line.start + content.len().max(m.lead))
        });
        prev_rank = Some(rank);
        stack.push((rank, index));
        last_whole_label = kind == ItemKind::Label && m.marker.is_empty() && {
            let t = line.text[m.start..].trim_end();
            t.ends_with('】') && t.matches('【').count() == 1
        };
        if kind == ItemKind::Question {
            last_question = Some(index);
        } else if opts.qa && parent.is_none() && kind != ItemKind::Answer {
            last_question = None;
        }
    }
    finish(&mut items);
    items
}

/// Footnotes and target kinds, once the texts and parents are final.
pub(crate) fn finish(items: &mut [Item]) {
    for k in 0..items.len() {
        items[k].footnotes = footnotes(&items[k].text);
        let mut p = items[k].parent;
        let mut steps = 0;
        while let Some(j) = p {
            if j >= k || steps > 64 {
                break;
            }
            match items[j].kind {
                ItemKind::QualitativeTargets => {
                    items[k].target_kind = Some(TargetKind::Qualitative);
                    break;
                }
                ItemKind::NumericTargets => {
                    items[k].target_kind = Some(TargetKind::Numeric);
                    break;
                }
                _ => {}
            }
            p = items[j].parent;
            steps += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::split_lines;

    fn parse(text: &str, qa: bool) -> Vec<Item> {
        let lines = split_lines(text);
        let idx: Vec<usize> = (0..lines.len()).collect();
        parse_items(&lines, &idx, ItemOptions { qa })
    }

    fn shape(items: &[Item]) -> Vec<(ItemKind, u8, &str)> {
        items.iter().map(|i| (i.kind, i.level, i.text.as_str())).collect()
    }

    #[test]
    fn plan_column_hierarchy() {
        let items = parse("■目標A(*1)\n○取組\n・詳細1\n  ・深い詳細\n・詳細2\n■目標B", false);
        assert_eq!(
            shape(&items),
            vec![
                (ItemKind::Objective, 0, "目標A(*1)"),
                (ItemKind::Action, 1, "取組"),
                (ItemKind::Detail, 2, "詳細1"),
                (ItemKind::Detail, 3, "深い詳細"),
                (ItemKind::Detail, 2, "詳細2"),
                (ItemKind::Objective, 0, "目標B"),
            ]
        );
        assert_eq!(items[0].footnotes, vec![1]);
        assert_eq!(items[3].parent, Some(2));
        assert_eq!(items[4].parent, Some(1));
    }

    #[test]
    fn continuation_joins_and_extends_span() {
        let text = "○第一行\n続きの行\n\n段落";
        let items = parse(text, false);
        assert_eq!(shape(&items), vec![(ItemKind::Action, 0, "第一行続きの行"), (ItemKind::Text, 0, "段落")]);
        assert_eq!(&text[items[0].norm_span.clone()], "○第一行\n続きの行");
    }

    #[test]
    fn indicator_blocks_and_target_kinds() {
        let items = parse("◇成果指標(アウトカム)\n(定性的な目標)\n・まとめる\n(数値目標)\n・5件\n◇成果指標(アウトカム)\n(数値目標)\n・3件", false);
        let kinds: Vec<_> = items.iter().map(|i| (i.kind, i.level, i.target_kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (ItemKind::Indicator, 0, None),
                (ItemKind::QualitativeTargets, 1, None),
                (ItemKind::Detail, 2, Some(TargetKind::Qualitative)),
                (ItemKind::NumericTargets, 1, None),
                (ItemKind::Detail, 2, Some(TargetKind::Numeric)),
                (ItemKind::Indicator, 0, None),
                (ItemKind::NumericTargets, 1, None),
                (ItemKind::Detail, 2, Some(TargetKind::Numeric)),
            ]
        );
    }

    #[test]
    fn questions_and_answers() {
        let items = parse("○ 課題は。\n\n⇒ 回答です。\n続き。\n\n○ 次の質問\n⇒ 答え", true);
        assert_eq!(
            shape(&items),
            vec![
                (ItemKind::Question, 0, "課題は。"),
                (ItemKind::Answer, 1, "回答です。続き。"),
                (ItemKind::Question, 0, "次の質問"),
                (ItemKind::Answer, 1, "答え"),
            ]
        );
        assert_eq!(items[3].parent, Some(2));
    }

    #[test]
    fn result_note_label_numbered_markdown() {
        let items =
            parse("○取組\n⇒成果5件\n※注記\n【府による取組み】\n・訪問\n- (1) 番号付き\n- ・ 点\n\n**強調**の文", false);
        let k: Vec<_> = items.iter().map(|i| (i.kind, i.marker.as_deref(), i.text.as_str())).collect();
        assert_eq!(k[1], (ItemKind::Result, Some("⇒"), "成果5件"));
        assert_eq!(k[2], (ItemKind::Note, Some("※"), "注記"));
        assert_eq!(k[3], (ItemKind::Label, None, "【府による取組み】"));
        assert_eq!(items[4].parent, Some(3), "a detail under a label");
        assert_eq!(k[5], (ItemKind::Detail, Some("(1)"), "番号付き"));
        assert_eq!(k[6], (ItemKind::Detail, Some("・"), "点"));
        assert_eq!(k[7].2, "強調の文");
    }

    #[test]
    fn numbers_are_not_always_markers() {
        assert_eq!(classify("2.5%増").mark, Mark::Plain);
        assert_eq!(classify("2040年").mark, Mark::Plain);
        assert_eq!(classify("5. 中小企業").mark, Mark::Ranked(ItemKind::Detail, 4));
    }
}
