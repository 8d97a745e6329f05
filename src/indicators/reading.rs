//! Reading around a figure in running text: its line, the words before it (what it is about),
//! the words after it (which way it should go), a comparison word before it, and how alike two
//! labels read. Shared by the rules.

use std::ops::Range;

use crate::extract::{Mention, MentionKind, Qualifier};
use crate::text::lexicon::{DECREASE_WORDS, INCREASE_WORDS};

use super::{Context, Direction, Value};

/// How far around a figure its line is read: a line may be megabytes long, and searching it
/// whole per figure is quadratic.
const LINE_WINDOW: usize = 1024;

/// The line of `norm` around offset `at`, at most [`LINE_WINDOW`] bytes each way.
pub fn line_around(norm: &str, at: usize) -> Range<usize> {
    let at = at.min(norm.len());
    let lo = crate::text::chars::ceil_boundary(norm, at.saturating_sub(LINE_WINDOW));
    let hi = crate::text::chars::floor_boundary(norm, at + LINE_WINDOW);
    let start = norm[lo..at].rfind('\n').map_or(lo, |i| lo + i + 1);
    let end = norm[at..hi].find('\n').map_or(hi, |i| at + i);
    start..end
}

/// The sentence around offset `at`: from after the last `。` (or the line start) to the next
/// `。` (or the line end).
pub fn sentence_around(norm: &str, at: usize) -> Range<usize> {
    let line = line_around(norm, at);
    let start = norm[line.start..at].rfind('。').map_or(line.start, |i| line.start + i + '。'.len_utf8());
    let end = norm[at..line.end].find('。').map_or(line.end, |i| at + i + '。'.len_utf8());
    start..end
}

/// The words before a figure on its line, without bullets, brackets and colons: what the
/// figure is about (`・HBNetへの参画企業:` → `HBNetへの参画企業`).
pub fn label_before(norm: &str, span: &Range<usize>) -> String {
    let line = line_around(norm, span.start);
    clean_label(&norm[line.start..span.start])
}

/// A label without its leading marks and trailing separators.
pub fn clean_label(s: &str) -> String {
    let t = s
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | '・' | '、' | '=' | '→' | '⇒'));
    t.trim().to_string()
}

/// What a sentence's figure measures: the noun phrase before it, read back over the clause
/// (`令和8年までに刑法犯認知件数を` → `刑法犯認知件数`, `設置台数は現在320台であり、これを` →
/// `設置台数`). `None` when the clause only points back (`これを`, `この割合を`).
pub fn subject_of(head: &str) -> Option<String> {
    const TIME_CUES: [&str; 4] = ["までに", "において", "では", "には"];
    const PARTICLES: [&str; 7] = ["については", "について", "を", "は", "が", "も", "の"];
    const POINTERS: [&str; 4] = ["これ", "この", "それ", "その"];
    // After a pointer, only a clause that states the figure pointed at names it.
    let mut pointed = false;
    for clause in head.rsplit(['、', '。', ',']) {
        let mut s = clause.trim();
        for cue in TIME_CUES {
            if let Some(i) = s.rfind(cue) {
                s = &s[i + cue.len()..];
            }
        }
        for p in PARTICLES {
            if let Some(rest) = s.strip_suffix(p) {
                s = rest;
                break;
            }
        }
        let stated = s.chars().any(|c| c.is_ascii_digit());
        // `設置台数は現在320台であり`: the topic before は, not the figure after it.
        if let Some(i) = s.find('は').filter(|&i| stated && i > 0) {
            s = &s[..i];
        }
        let s = clean_label(s);
        if POINTERS.iter().any(|p| s.starts_with(p)) {
            pointed = true;
            continue;
        }
        if s.chars().count() >= 2 && (stated || !pointed) {
            return Some(s);
        }
    }
    None
}

/// Dice coefficient of the character bigrams of two texts, digits, punctuation and spaces
/// left out (so `参画企業:50社` and `参画企業:28社` are alike).
pub fn similarity(a: &str, b: &str) -> f64 {
    fn bigrams(s: &str) -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().filter(|c| c.is_alphabetic() && !c.is_ascii_digit()).collect();
        let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    }
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Which way a target figure should go: its qualifier (以上 → at least, 以下 / 以内 → at most,
/// 未満 → below, 超 → above), else the words just after it on its line (削減 … → decrease,
/// 増加 … → increase), else reach.
pub fn direction_of(norm: &str, v: &Value) -> Direction {
    match v.qualifier {
        Some(Qualifier::AtLeast) => return Direction::AtLeast,
        Some(Qualifier::AtMost) => return Direction::AtMost,
        Some(Qualifier::Below) => return Direction::Below,
        Some(Qualifier::Above) => return Direction::Above,
        Some(Qualifier::About) | None => {}
    }
    let line = line_around(norm, v.span.start);
    let after: String = norm[v.span.end.min(line.end)..line.end].chars().take(12).collect();
    if after.starts_with("以上") && !DECREASE_WORDS.iter().any(|w| after.contains(w)) {
        Direction::AtLeast
    } else if after.starts_with("以下") || after.starts_with("以内") {
        Direction::AtMost
    } else if let Some(w) = DECREASE_WORDS.iter().find(|w| after.contains(**w)) {
        // `500トンに削減` / `…まで減らす`: the figure is the level to fall to. `15人削減`,
        // `10%以上削減`: the figure is the amount of the fall, and more of it is better.
        let before_word = &after[..after.find(w).unwrap_or(0)];
        if before_word.ends_with('に') || before_word.ends_with("まで") {
            Direction::Decrease
        } else {
            Direction::AtLeast
        }
    } else if INCREASE_WORDS.iter().any(|w| after.contains(w)) {
        Direction::Increase
    } else {
        Direction::Reach
    }
}

/// A 昨年度 / 前年度 / 前回 before a figure on its line: a value given for comparison
/// (`(昨年度:約97%)`), not a target.
pub fn previous_value_word(norm: &str, at: usize) -> Option<&'static str> {
    let line = line_around(norm, at);
    let before = &norm[line.start..at];
    ["昨年度", "前年度", "前年", "前回"].into_iter().find(|w| before.contains(w))
}

/// The first date on a target's line after it that is no as-of date: its deadline.
pub fn deadline_after(cx: &Context, target: &Range<usize>) -> Option<usize> {
    let line = line_around(cx.norm, target.start);
    cx.index.within(&(target.end..line.end)).find(|&i| {
        let m: &Mention = &cx.mentions[i];
        m.kind == MentionKind::Date && m.role.is_none() && previous_value_word(cx.norm, m.norm_span.start).is_none()
    })
}

/// The date written right after a figure (`312万人(R5)`, `22%(令和元年度)`): what the figure is as
/// of, or when a target is due. Only spaces and brackets may stand between.
#[allow(dead_code)]
pub fn date_right_after(cx: &Context, span: &Range<usize>) -> Option<usize> {
    let end = crate::text::chars::floor_boundary(cx.norm, (span.end + 24).min(cx.norm.len()));
    cx.index.within(&(span.end..end)).find(|&i| {
        let m = &cx.mentions[i];
        m.kind == MentionKind::Date && cx.norm[span.end..m.norm_span.start].chars().all(|c| c == ' ' || c == '(')
    })
}

/// The direction an indicator's name gives when no word at its figure does: what it counts
/// should fall (`ごみ排出量`, `交通事故死者数`, `待機児童数`).
pub fn direction_of_name(name: &str) -> Option<Direction> {
    crate::text::lexicon::LOWER_IS_BETTER_NAMES.iter().any(|w| name.contains(w)).then_some(Direction::Decrease)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_is_the_noun_phrase_of_the_clause() {
        assert_eq!(subject_of("本年度では、令和9年までに空き家の数を").as_deref(), Some("空き家の数"));
        assert_eq!(subject_of("さらに、登録店舗数は現在40店であり、これを").as_deref(), Some("登録店舗数"));
        assert_eq!(subject_of("そこで町は、令和9年度までにこの割合を"), None);
    }

    #[test]
    fn similar_lines_are_alike_and_others_are_not() {
        assert!(similarity("HBNetへの参画企業:50社", "HBNetへの参画企業:28社") > 0.9);
        assert!(similarity("HBNet参画大学・研究機関:20機関", "HBNetへの参画大学・研究機関:12機関") > 0.6);
        assert!(similarity("新たな有望シーズの創出:3件", "商談数:263件") < 0.25);
        assert!(similarity("入居率", "セミナーの参加者数") < 0.25);
        assert_eq!(similarity("", "x"), 0.0);
    }

    #[test]
    fn sentences_end_at_the_full_stop() {
        let s = "前の文です。目標は30%とする。次の文";
        let at = s.find("30").unwrap();
        assert_eq!(&s[sentence_around(s, at)], "目標は30%とする。");
    }
}
