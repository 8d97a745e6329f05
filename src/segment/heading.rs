//! Headings of any document: which lines head a section, and at which level. The marks
//! themselves (numbering schemes, brackets, bullets) are read by [`crate::text::markers`].
//!
//! # Levels
//!
//! Levels are not ranked by scheme but read from how the schemes nest in the document, as an
//! outliner does: a stack holds the schemes of the open headings; a heading of a scheme on the
//! stack closes everything opened after it and takes its level, a new scheme opens one level
//! deeper. So `Ⅰ → 1 → (1) → ア` and `1 → (1) → ①` are both four and three levels deep from 1,
//! whichever marks they use. The document's title (its first line, when it is a short one)
//! is level 0.
//!
//! # Lists are not headings
//!
//! Heading marks on consecutive lines where one scheme comes back with nothing between its
//! lines (`1 開会` `2 議題` `(1) …` `3 閉会`) are a list: an agenda, a table of contents, the
//! points of a paragraph. A wrapped member further down (`③` over two lines, then `④`) belongs
//! to the list. They are headings after all when the numbering goes on after the run (`1 開会`
//! `2 説明` on consecutive lines, then `3 質疑応答` with a body). A mark that continues an
//! inline list of the line above (`議事:(1) …` then `(2) …`) is that list's, and a contents
//! entry (`概要……3`) lists a heading without being one.

use crate::text::Line;

pub use crate::text::markers::{bare_mark, is_contents_entry, letter_spaced, mark, HeadingMark, Scheme};

/// The rules of the heading model: each heading a document gets was found by one of them, and
/// carries its name as evidence (`records.jsonl` `heading_rule`, as `<rule>:<scheme>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The document's title: its first line that is no stamp, when short and no heading of a
    /// scheme; a markdown `#` title on the first line.
    Title,
    /// A line that goes on with the title right below it: a subtitle (`会議結果` under the
    /// meeting's name), a title split over lines (`平成27年度` / `第1回…会議`), the page's
    /// title said again over the body.
    TitleBlock,
    /// A mark of a numbering scheme (`第1章` `1` `1.` `(1)` `①` `ア` `(ア)` `Ⅰ` `一、` `<1>`),
    /// a word and a number (`議事1`, `指標2`), a markdown `#`, and a short title after it.
    Numbered,
    /// A whole-line bracketed title (`【基本方針】`, `<調査の概要>`, `〔歳入〕`, `「取組の状況」`).
    Bracketed,
    /// A title led by a bullet (`■` `□` `●` `◆` `◇`; `○日時` as a label only).
    Bullet,
    /// A heading number alone on its line with its title on the next (`1` / `財政規模`,
    /// `第10章` / `評価指標の設定`).
    NumberOverTitle,
    /// A block label of minutes alone or with a count (`日時`, `議題`, `出席委員 十名`,
    /// `本日の会議に付した事件`, `目次`).
    BlockLabel,
    /// A short unmarked line that starts a block and has a body below it: text, a list, a
    /// table, a value (`達成状況` over `未達成`), or another title over a body.
    TitleLine,
    /// A form label of an evaluation sheet: a label and its bracketed gloss (`目標(対象を
    /// どのような状態に…)`), or an indicator's label and name (`活動指標 蔵書冊点数`).
    FormLabel,
    /// A line letter-spaced in the source (`委 員 名 簿`) standing alone over its block.
    LetterSpaced,
    /// A headline sentence or a table's caption on a line of its own between blank lines
    /// (15 to 45 characters, a figure or a quote in it, no `。`), with the paragraph or table
    /// it heads below it (`…が全体の94.5%を占める`, `回答した事業所の6割が…と答えた`).
    Headline,
    /// A heading at the start of a long line that runs on into its body (a flattened page):
    /// a bracketed label (`【目標指標1】…を目指す。`, `<委員からの意見内容> ●…`, and on a
    /// short line `【目的】` before a whole sentence), a numbered title up to the next mark
    /// (`(3)「…」と「…」 ①…`), or a short unmarked noun phrase and a space before a sentence
    /// (`民生委員の活動 今年度は…を行った。`). The line is split there.
    RunIn,
}

impl Rule {
    /// Every rule, in the order of the table above.
    pub const ALL: [Rule; 12] = [
        Rule::Title,
        Rule::TitleBlock,
        Rule::Numbered,
        Rule::Bracketed,
        Rule::Bullet,
        Rule::NumberOverTitle,
        Rule::BlockLabel,
        Rule::TitleLine,
        Rule::FormLabel,
        Rule::LetterSpaced,
        Rule::Headline,
        Rule::RunIn,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::Title => "title",
            Rule::TitleBlock => "title-block",
            Rule::Numbered => "numbered",
            Rule::Bracketed => "bracketed",
            Rule::Bullet => "bullet",
            Rule::NumberOverTitle => "number-over-title",
            Rule::BlockLabel => "block-label",
            Rule::TitleLine => "title-line",
            Rule::FormLabel => "form-label",
            Rule::LetterSpaced => "letter-spaced",
            Rule::Headline => "headline",
            Rule::RunIn => "run-in",
        }
    }

    /// The rule that reads a line with a heading mark of `scheme`.
    pub fn of_scheme(scheme: Scheme) -> Rule {
        match scheme {
            Scheme::Bracket(_) => Rule::Bracketed,
            Scheme::Bullet(_) => Rule::Bullet,
            Scheme::Label => Rule::TitleLine,
            _ => Rule::Numbered,
        }
    }
}

/// A heading candidate: its line, scheme and the rule that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub line: usize,
    pub scheme: Scheme,
    pub rule: Rule,
    /// The heading's number in its scheme, when it has one.
    pub ordinal: Option<u32>,
    /// A run-in heading ends here (byte offset in the trimmed line); the rest is its body.
    pub title_end: Option<usize>,
}

impl Candidate {
    pub fn new(line: usize, scheme: Scheme, rule: Rule, ordinal: Option<u32>) -> Candidate {
        Candidate { line, scheme, rule, ordinal, title_end: None }
    }
}

/// A heading of the document: a line index, its scheme and level, and the rule that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub scheme: Scheme,
    pub level: u8,
    pub rule: Rule,
    pub title_end: Option<usize>,
}

/// The levels of a document's headings, given in order: the schemes' nesting read with a stack
/// (see the module doc). Level 0 is the title's; schemes start at 1. A numbered heading that
/// restarts at 1 under an open heading of its own scheme (`4 議事` then `1 答申書案`, or
/// `2 議事` → `(1) …` → `1 バス路線の再編`) opens a level of its own; a later number goes with
/// the open heading of its scheme whose number it follows (`5` after `4`, past the restarted
/// `1` `2`).
pub fn levels(candidates: &[Candidate]) -> Vec<Heading> {
    let mut stack: Vec<(Scheme, Option<u32>)> = Vec::new();
    let mut out = Vec::with_capacity(candidates.len());
    for c in candidates {
        let restart = c.ordinal == Some(1)
            && stack.iter().any(|&(s, o)| s == c.scheme && o.is_some_and(|o| o >= 1))
            && !matches!(c.scheme, Scheme::Label);
        let at = if restart {
            None
        } else {
            let follows = c
                .ordinal
                .and_then(|n| stack.iter().rposition(|&(s, o)| s == c.scheme && o.is_some_and(|o| o + 1 == n)));
            follows.or_else(|| stack.iter().rposition(|&(s, _)| s == c.scheme))
        };
        let level = match at {
            Some(i) => {
                stack.truncate(i + 1);
                stack[i].1 = c.ordinal;
                i + 1
            }
            None => {
                stack.push((c.scheme, c.ordinal));
                stack.len()
            }
        };
        out.push(Heading {
            line: c.line,
            scheme: c.scheme,
            level: u8::try_from(level).unwrap_or(u8::MAX),
            rule: c.rule,
            title_end: c.title_end,
        });
    }
    out
}

/// The heading marks of a document and the lines of its lists.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// Each heading candidate, in order.
    pub headings: Vec<Candidate>,
    /// Lines with a heading mark that are members of a list (see the module doc).
    pub list_lines: Vec<usize>,
}

/// The heading candidates of `lines` (non-blank, not in `skip`), their lists set apart (see
/// the module doc), with each line's mark already read (`line_marks[i]` is line `i`'s).
pub fn candidates_of(
    lines: &[Line<'_>],
    line_marks: &[Option<HeadingMark>],
    skip: &dyn Fn(usize) -> bool,
) -> Candidates {
    let mut marks: Vec<(usize, HeadingMark)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.is_blank() || skip(i) {
            continue;
        }
        if let Some(m) = line_marks[i] {
            // `(2)` under a line that ends `… (1) 病床機能報告` goes on that line's inline list.
            if i > 0 && continues_inline_list(lines[i - 1].trimmed(), m) {
                continue;
            }
            marks.push((i, m));
        }
    }
    let next_content = |i: usize| (i + 1..lines.len()).find(|&j| !lines[j].is_blank());
    let mut keep = vec![true; marks.len()];
    let mut k = 0;
    while k < marks.len() {
        let mut end = k + 1;
        // Consecutive lines; across blank lines only between marks of one scheme (a list
        // spaced out with blank lines).
        while end < marks.len()
            && (marks[end].0 == marks[end - 1].0 + 1
                || marks[end].1.scheme == marks[end - 1].1.scheme
                    && next_content(marks[end - 1].0) == Some(marks[end].0))
        {
            end += 1;
        }
        let run = &marks[k..end];
        // A scheme met twice with nothing between its lines: siblings without bodies, a list.
        // Bullets (■ ◆ ◇) come back as a chain of nested titles goes on (◆ ■ ◆ ◇): only
        // two in a row make a list of them.
        // Two marks of one scheme in sequence (`1` then `2`, `■` then `■`) next to each other
        // make a list of that scheme; else a numbered scheme whose next number comes later in
        // the run (`1 開会` `(1) …` `2 議題`). A restart (`4 議事` then `1 答申書案`) is none.
        let follows = |m: &HeadingMark, o: &HeadingMark| {
            o.scheme == m.scheme
                && match (m.ordinal, o.ordinal) {
                    // In sequence, counted down (`5` `4` `3`: a scale's rows) or the same
                    // number again (`イ` `イ`: options).
                    (Some(a), Some(b)) => b == a + 1 || b + 1 == a || a == b,
                    (None, None) => true,
                    _ => false,
                }
        };
        let adjacent = run.windows(2).find(|w| follows(&w[0].1, &w[1].1)).map(|w| w[0].1.scheme);
        let repeated = adjacent.or_else(|| {
            run.iter().enumerate().find_map(|(a, (_, m))| {
                (m.ordinal.is_some() && run[a + 1..].iter().any(|(_, o)| follows(m, o))).then_some(m.scheme)
            })
        });
        let markdown = run.iter().all(|(_, m)| matches!(m.scheme, Scheme::Markdown(_)));
        if let (Some(scheme), false) = (repeated, markdown) {
            // Marks before the repeated scheme's first member head the list (`本日審査した案件`).
            let k = k + run.iter().position(|(_, m)| m.scheme == scheme).unwrap_or(0);
            let last = run.iter().rev().find(|(_, m)| m.scheme == scheme).and_then(|(_, m)| m.ordinal);
            // Unless the numbering goes on after the run: then these are the first headings of
            // a sequence whose later members have bodies (`1 開会` `2 説明` … `3 質疑` + body).
            // The next member must stand alone: the first of another run is another list's.
            let goes_on = last.is_some_and(|n| {
                let Some(q) = (end..marks.len()).find(|&q| marks[q].1.scheme == scheme) else { return false };
                let in_run = marks.get(q + 1).is_some_and(|(line, m)| m.scheme == scheme && *line == marks[q].0 + 1);
                marks[q].1.ordinal == Some(n + 1) && !in_run
            });
            // Marks after the list's last member (a title of another scheme with a body of its
            // own below the list: `イ` after `(ア)`…`(エ)` under `ア`) are no members.
            let last_member = run.iter().rposition(|(_, m)| m.scheme == scheme).unwrap_or(0);
            let members_end = end - run.len() + last_member + 1;
            if !goes_on {
                keep[k..members_end].iter_mut().for_each(|f| *f = false);
                // The list's last member heads the text right below it when it is a bare title
                // and a sentence follows with no blank line between (`1 日時 …` `2 場所 …`
                // `3 議事要旨` over `事務局から…報告があった。`).
                if members_end == end {
                    let (line, m) = marks[members_end - 1];
                    let title = lines[line].trimmed()[m.title_start..].trim();
                    let below = lines.get(line + 1).map(Line::trimmed).unwrap_or("");
                    let bare = (2..=15).contains(&title.chars().count()) && !title.contains([' ', '。', ':']);
                    let body = below.contains('。') && mark(below).is_none();
                    if bare && body {
                        keep[members_end - 1] = true;
                    }
                }
                // A wrapped member further down (`③ …` over two lines, then `④`) is the list's too.
                let (mut prev_line, mut prev_ord) = (run[run.len() - 1].0, last);
                while members_end == end && end < marks.len() {
                    let (line, m) = marks[end];
                    let unbroken = line <= prev_line + 3 && (prev_line + 1..line).all(|j| !lines[j].is_blank());
                    if m.scheme == scheme && unbroken && prev_ord.is_some_and(|n| m.ordinal == Some(n + 1)) {
                        keep[end] = false;
                        (prev_line, prev_ord) = (line, m.ordinal);
                        end += 1;
                    } else {
                        break;
                    }
                }
            }
        }
        k = end;
    }
    let mut out = Candidates::default();
    for ((i, m), kept) in marks.into_iter().zip(keep) {
        if kept {
            out.headings.push(Candidate::new(i, m.scheme, Rule::of_scheme(m.scheme), m.ordinal));
        } else {
            out.list_lines.push(i);
        }
    }
    out
}

/// True when `above` (the line before a heading mark `m`) holds the mark before it inline, so
/// `m` continues that line's list: `(1)` … then `(2)`, `①` … then `②`.
fn continues_inline_list(above: &str, m: HeadingMark) -> bool {
    let Some(n) = m.ordinal.filter(|&n| n > 1) else { return false };
    let before = match m.scheme {
        Scheme::ParenArabic => format!("({})", n - 1),
        Scheme::Circled => char::from_u32('①' as u32 + n - 2).map(String::from).unwrap_or_default(),
        _ => return false,
    };
    above.find(&before).is_some_and(|at| at > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(lines: &[Line<'_>], skip: &dyn Fn(usize) -> bool) -> Candidates {
        let marks: Vec<Option<HeadingMark>> =
            lines.iter().map(|l| if l.is_blank() { None } else { mark(l.trimmed()) }).collect();
        candidates_of(lines, &marks, skip)
    }
    use crate::segment::split_lines;

    fn scheme(t: &str) -> Option<Scheme> {
        mark(t).map(|m| m.scheme)
    }

    #[test]
    fn numbering_schemes() {
        assert_eq!(scheme("第1章 計画の基本的事項"), Some(Scheme::Chapter));
        assert_eq!(scheme("第2節 計画の位置付け"), Some(Scheme::Section));
        assert_eq!(scheme("第1 計画の概要"), Some(Scheme::Dai));
        assert_eq!(scheme("1 民生費"), Some(Scheme::Arabic));
        assert_eq!(scheme("1. 管理運営の実績"), Some(Scheme::ArabicDot));
        assert_eq!(scheme("1.施策の概要"), Some(Scheme::ArabicDot));
        assert_eq!(scheme("2-1 取組の状況"), Some(Scheme::Hierarchical(2)));
        assert_eq!(scheme("(1) 款別の内訳"), Some(Scheme::ParenArabic));
        assert_eq!(scheme("<1>誘客プロモーション事業"), Some(Scheme::AngleArabic));
        assert_eq!(scheme("① 概要"), Some(Scheme::Circled));
        assert_eq!(scheme("ア 施設の維持管理"), Some(Scheme::Katakana));
        assert_eq!(scheme("(ア) 複合化"), Some(Scheme::ParenKatakana));
        assert_eq!(scheme("II 性質別の内訳"), Some(Scheme::Roman));
        assert_eq!(scheme("一、予算編成の考え方"), Some(Scheme::Kanji));
        assert_eq!(scheme("(一)人口減少対策"), Some(Scheme::ParenKanji));
        assert_eq!(scheme("【基本方針】"), Some(Scheme::Bracket('【')));
        assert_eq!(scheme("〔歳出〕"), Some(Scheme::Bracket('〔')));
        assert_eq!(scheme("■評価の基準"), Some(Scheme::Bullet('■')));
        assert_eq!(scheme("## 2. 重点取組"), Some(Scheme::Markdown(2)));
    }

    #[test]
    fn sentences_figures_and_check_boxes_are_no_headings() {
        for t in [
            "1. 本市では、高齢化が進んでいる。",
            "1.5倍に増えた",
            "100 件",
            "□拡充 ■改善しながら継続 □現状維持",
            "ア",
            "第3回の会議で決定した",
            "イオンモールの出店",
            "INDEX",
        ] {
            assert_eq!(scheme(t), None, "{t}");
        }
    }

    #[test]
    fn levels_follow_the_documents_nesting() {
        let text = "I 概要\n1 進捗\n本文\nII 取組\n1 運営\n(1) 窓口\nア 内容\n本文\nイ 成果\n本文\n(2) 文書\n本文\n";
        let lines = split_lines(text);
        let c = candidates(&lines, &|_| false).headings;
        let got: Vec<(usize, u8)> = levels(&c).iter().map(|h| (h.line + 1, h.level)).collect();
        assert_eq!(got, vec![(1, 1), (2, 2), (4, 1), (5, 2), (6, 3), (7, 4), (9, 4), (11, 3)]);
    }

    #[test]
    fn runs_of_one_scheme_are_lists() {
        let text = "議事\n1. 開会\n2. 議題の審議\n3. 閉会\n\n2 本文の見出し\n本文\n";
        let lines = split_lines(text);
        let c: Vec<usize> = candidates(&lines, &|_| false).headings.iter().map(|m| m.line + 1).collect();
        assert_eq!(c, vec![6]);
    }
}
