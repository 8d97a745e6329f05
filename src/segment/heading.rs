//! Headings of any document: which lines head a section, by which numbering scheme, and at
//! which level.
//!
//! # Schemes
//!
//! A heading line starts with a mark of a numbering scheme and goes on with a short title:
//! `第1章` `第1節` `第1`; `1` `1.` `1、` (full-width forms are ASCII after normalization);
//! hierarchical `1-1` `1.1`; `(1)`; `①`; `ア` `ア.` `(ア)` `ア)`; `I` `II.` (`Ⅰ` after
//! normalization); `一、` `(一)`; `<1>`; a bracketed title (`【基本方針】`, `<調査の概要>`,
//! `〔歳入〕`, `[…]`, `《…》`); a bullet-led title (■ □ ● ◆ ◇ ▼ ○, the last only as a label
//! such as `○日時`); a markdown `#`. A title is short (40 chars, 30 after a bullet) and no
//! sentence (no `。`).
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

use super::Line;

/// A numbering scheme or kind of heading mark. Two headings are siblings when their schemes
/// are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `第1章`
    Chapter,
    /// `第1節`
    Section,
    /// `第1部`
    Part,
    /// `第1` with a title
    Dai,
    /// `1 ` (a space after the number)
    Arabic,
    /// `1.`
    ArabicDot,
    /// `1、`
    ArabicComma,
    /// `1)`
    ArabicClose,
    /// `1-1`, `1.1` with this many parts
    Hierarchical(u8),
    /// `(1)`
    ParenArabic,
    /// `<1>`
    AngleArabic,
    /// `①`
    Circled,
    /// `ア`, `ア.`
    Katakana,
    /// `(ア)`, `ア)`
    ParenKatakana,
    /// `I`, `II.`
    Roman,
    /// `i`, `ii.`
    RomanLower,
    /// `一、`, `一 `
    Kanji,
    /// `(一)`
    ParenKanji,
    /// `A.`, `A `
    Latin,
    /// A whole-line bracketed title, by its opening bracket.
    Bracket(char),
    /// A title led by a bullet, by the bullet.
    Bullet(char),
    /// A markdown heading of this many `#`.
    Markdown(u8),
    /// `議事1`, `指標(2)`, `施策3`: a word and a number, by the word (hashed).
    Word(u32),
    /// A short label line with its block below it (`出席委員`, `○日時`).
    Label,
}

/// What a line says as a heading: its scheme, its number and where its title starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingMark {
    pub scheme: Scheme,
    /// Byte offset of the title in the trimmed line.
    pub title_start: usize,
    /// The heading's number in its scheme (`(3)` → 3, `ウ` → 3, `Ⅳ` → 4), when it has one.
    pub ordinal: Option<u32>,
}

const KATAKANA_ORDER: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";
const KANJI_NUMERALS: &str = "一二三四五六七八九十";

/// The longest title a numbered heading has (chars).
const MAX_TITLE: usize = 40;
/// The longest title after a bullet or of a label line.
const MAX_BULLET_TITLE: usize = 30;

fn is_title(t: &str, max: usize) -> bool {
    let t = t.trim();
    !t.is_empty() && !t.contains('。') && t.chars().count() <= max && !is_contents_entry(t) && !letter_spaced(t)
}

/// Characters set apart by spaces (`区  分`, `年 度 評 価 結 果`): cells of a laid-out table,
/// not a title.
pub fn letter_spaced(t: &str) -> bool {
    let (mut words, mut single) = (0, 0);
    for w in t.split_whitespace() {
        words += 1;
        let mut cs = w.chars();
        single += usize::from(cs.next().is_some() && cs.next().is_none());
    }
    words >= 2 && single * 2 > words
}

/// A table-of-contents entry: a title, leader dots and a page number (`概要……3`,
/// `計画の位置付け ・・・・ 12P`); it lists a heading, it is none.
pub fn is_contents_entry(t: &str) -> bool {
    let body = t.trim_end().trim_end_matches(['P', 'p', '頁', ' ']);
    let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let before = body[..body.len() - digits].trim_end_matches(['-', ' ']);
    let leaders = |s: &str| s.ends_with("…") || s.ends_with("・・") || s.ends_with("..") || s.ends_with("‥");
    // With its page number, or with only the leader dots when the number went to another line.
    (digits > 0 && leaders(before)) || (t.ends_with("・・・・") || t.ends_with("……") || t.ends_with("...."))
}

/// Bytes of the separator after a number: spaces, `.`, `、`, `:`; (0 when none).
fn separator_len(rest: &str) -> usize {
    let s = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if s > 0 {
        return s;
    }
    rest.chars().next().filter(|c| matches!(c, '.' | '、' | ':')).map_or(0, |c| {
        let after = &rest[c.len_utf8()..];
        c.len_utf8() + (after.len() - after.trim_start().len())
    })
}

/// The value of a run of kanji numerals up to 99 (`十二` → 12).
fn kanji_value(s: &str) -> Option<u32> {
    let digit = |c: char| KANJI_NUMERALS.chars().position(|k| k == c).map(|p| p as u32 + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

fn roman_value(s: &str) -> Option<u32> {
    const ROMANS: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
    ROMANS.iter().position(|r| r.eq_ignore_ascii_case(s)).map(|p| p as u32 + 1)
}

fn katakana_value(c: char) -> Option<u32> {
    KATAKANA_ORDER.chars().position(|k| k == c).map(|p| p as u32 + 1)
}

/// Reads the heading mark of `t` (a trimmed line), if it has one.
pub fn mark(t: &str) -> Option<HeadingMark> {
    // A title cell flattened out of a web table keeps its pipe (`施策の目標 |`).
    let t = t.trim_end_matches(['|', ' ']);
    // A bullet before a number (`• ア) 感染症対策`, `- (1) 概要`) is the list's look, not
    // the heading's scheme.
    if let Some(rest) = t.strip_prefix(['•', '・', '-']) {
        let inner = rest.trim_start();
        if inner.len() < rest.len() || t.starts_with('•') {
            let m = numbered_mark(inner)?;
            return Some(HeadingMark { title_start: m.title_start + (t.len() - inner.len()), ..m });
        }
        return None;
    }
    numbered_mark(t).or_else(|| titled_mark(t))
}

/// A heading number alone on its line (`1`, `(2)`, `③`, `第1章`, `II`), its title on the
/// next line.
pub fn bare_mark(t: &str) -> Option<HeadingMark> {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 6 || t.contains(' ') {
        return None;
    }
    numbered_mark(&format!("{t} 見出し"))
}

/// `議事1 …`, `議題(2) …`, `施策3 …`, `基本目標2`: a short word of kanji or katakana, a
/// number, then a space, a separator or the end of the line. Siblings share the word.
fn word_number(t: &str) -> Option<HeadingMark> {
    let word_len: usize = t
        .chars()
        .take_while(|&c| crate::extract::chars::is_kanji(c) || crate::extract::chars::is_katakana(c))
        .take(6)
        .map(char::len_utf8)
        .sum();
    let word = &t[..word_len];
    let n = word.chars().count();
    if !(1..=5).contains(&n) || ["令和", "平成", "昭和", "大正", "明治", "第"].iter().any(|e| word.ends_with(e))
    {
        return None;
    }
    let rest = &t[word_len..];
    let inner = rest.strip_prefix('(').unwrap_or(rest);
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let after = &inner[digits..];
    let after = if rest.starts_with('(') { after.strip_prefix(')')? } else { after };
    let sep = separator_len(after);
    if !after.is_empty() && sep == 0 {
        return None; // `令和3年度`, `R5年`: a number inside a word
    }
    let at = t.len() - after[sep..].len();
    let title = &t[at..];
    let ok = title.is_empty() || is_title(title, MAX_TITLE) && !title.starts_with(|c: char| c.is_ascii_digit());
    ok.then(|| HeadingMark {
        scheme: Scheme::Word(word_hash(word)),
        title_start: at,
        ordinal: inner[..digits].parse().ok(),
    })
}

/// A stable tag for a heading word, so that `Scheme` stays `Copy`.
fn word_hash(w: &str) -> u32 {
    w.bytes().fold(2_166_136_261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16_777_619))
}

/// Headings with a number: 第N章, 1, 1., (1), ①, ア, Ⅰ, 一、 …
fn numbered_mark(t: &str) -> Option<HeadingMark> {
    let first = t.chars().next()?;
    let title_after = |scheme: Scheme, at: usize, max: usize, ordinal: Option<u32>| -> Option<HeadingMark> {
        let title = t.get(at..)?;
        is_title(title, max).then_some(HeadingMark { scheme, title_start: at, ordinal })
    };
    // 第N章 / 第N節 / 第N部 / 第N.
    if let Some(rest) = t.strip_prefix('第') {
        let num: usize =
            rest.chars().take_while(|c| c.is_ascii_digit() || KANJI_NUMERALS.contains(*c)).map(char::len_utf8).sum();
        if num > 0 {
            let ordinal = rest[..num].parse().ok().or_else(|| kanji_value(&rest[..num]));
            let after = &rest[num..];
            let (scheme, unit) = match after.chars().next() {
                Some('章') => (Scheme::Chapter, '章'.len_utf8()),
                Some('節') => (Scheme::Section, '節'.len_utf8()),
                Some('部') => (Scheme::Part, '部'.len_utf8()),
                Some(' ') | Some('、') | Some('.') => (Scheme::Dai, 0),
                _ => return None,
            };
            let at = '第'.len_utf8() + num + unit;
            let at = at + separator_len(&t[at..]);
            return title_after(scheme, at, MAX_TITLE, ordinal);
        }
        return None;
    }
    // A word and a number: 議事1 / 議題(2) / 指標1 / 施策3 / 基本目標2, a title after a space
    // or none (`指標1` alone heads its block).
    if let Some(m) = word_number(t) {
        return Some(m);
    }
    // Digits: 1 / 1. / 1、 / 1) / 1-1 / 1.1
    if first.is_ascii_digit() {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 2 {
            return None;
        }
        let ordinal = t[..digits].parse().ok();
        let rest = &t[digits..];
        // Hierarchical numbers: 1-1, 1.1, 1-2-3 followed by a space.
        let mut parts = 1u8;
        let mut p = digits;
        let mut last = ordinal;
        while let Some(sep) = t[p..].chars().next().filter(|c| *c == '-' || *c == '.') {
            let d = t[p + 1..].bytes().take_while(u8::is_ascii_digit).count();
            if d == 0 || d > 2 {
                break;
            }
            last = t[p + 1..p + 1 + d].parse().ok();
            parts += 1;
            p += sep.len_utf8() + d;
        }
        if parts > 1 && t[p..].starts_with([' ', '\t']) {
            let at = p + separator_len(&t[p..]);
            return title_after(Scheme::Hierarchical(parts), at, MAX_TITLE, last);
        }
        let (scheme, sep) = match rest.chars().next()? {
            ' ' | '\t' => (Scheme::Arabic, separator_len(rest)),
            '.' => (Scheme::ArabicDot, separator_len(rest)),
            '、' => (Scheme::ArabicComma, separator_len(rest)),
            ')' => (Scheme::ArabicClose, 1 + (rest[1..].len() - rest[1..].trim_start().len())),
            _ => return None,
        };
        // `1.5` is a decimal, `1. 5件` a count after a number: the title must start with a letter.
        let title = &t[digits + sep..];
        if title.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return title_after(scheme, digits + sep, MAX_TITLE, ordinal);
    }
    // Bracketed numbers and letters: (1) (ア) (一) <1>
    if first == '(' || first == '<' {
        let close = if first == '(' { ')' } else { '>' };
        if let Some(end) = t.find(close) {
            let inner = &t[1..end];
            let at = end + 1;
            let digits = !inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit());
            let one_kana = inner.chars().count() == 1 && KATAKANA_ORDER.contains(inner);
            let (scheme, ordinal) = if digits {
                (Some(if first == '(' { Scheme::ParenArabic } else { Scheme::AngleArabic }), inner.parse().ok())
            } else if first == '(' && one_kana {
                (Some(Scheme::ParenKatakana), inner.chars().next().and_then(katakana_value))
            } else if first == '(' && !inner.is_empty() && inner.chars().all(|c| KANJI_NUMERALS.contains(c)) {
                (Some(Scheme::ParenKanji), kanji_value(inner))
            } else {
                (None, None)
            };
            if let Some(scheme) = scheme {
                let at = at + (t[at..].len() - t[at..].trim_start().len());
                return title_after(scheme, at, MAX_TITLE, ordinal);
            }
        }
        return None;
    }
    // Circled numbers.
    if ('①'..='⑳').contains(&first) {
        let at = first.len_utf8();
        let at = at + (t[at..].len() - t[at..].trim_start().len());
        return title_after(Scheme::Circled, at, MAX_TITLE, Some(first as u32 - '①' as u32 + 1));
    }
    // Katakana: ア / ア. / ア) followed by a separator.
    if KATAKANA_ORDER.contains(first) {
        let rest = &t[first.len_utf8()..];
        let ordinal = katakana_value(first);
        if let Some(r) = rest.strip_prefix(')') {
            let at = t.len() - r.trim_start().len();
            return title_after(Scheme::ParenKatakana, at, MAX_TITLE, ordinal);
        }
        let sep = separator_len(rest);
        if sep > 0 {
            return title_after(Scheme::Katakana, first.len_utf8() + sep, MAX_TITLE, ordinal);
        }
        return None;
    }
    // Roman numerals (Ⅰ is I after normalization).
    let roman: usize = t.bytes().take_while(|b| matches!(b, b'I' | b'V' | b'X')).count();
    if roman > 0 && roman <= 4 {
        let sep = separator_len(&t[roman..]);
        if sep > 0 && !t[roman..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return title_after(Scheme::Roman, roman + sep, MAX_TITLE, roman_value(&t[..roman]));
        }
    }
    let roman_lower: usize = t.bytes().take_while(|b| matches!(b, b'i' | b'v' | b'x')).count();
    if roman_lower > 0 && roman_lower <= 4 && t[roman_lower..].starts_with(['.', ')']) {
        let at = roman_lower + 1;
        let at = at + (t[at..].len() - t[at..].trim_start().len());
        return title_after(Scheme::RomanLower, at, MAX_TITLE, roman_value(&t[..roman_lower]));
    }
    // Latin capital letters: `A.` `A `.
    if first.is_ascii_uppercase() && t[1..].starts_with(['.', ' ']) {
        let at = 1 + separator_len(&t[1..]);
        if t[at..].starts_with(|c: char| !c.is_ascii()) {
            return title_after(Scheme::Latin, at, MAX_TITLE, Some(u32::from(first as u8 - b'A') + 1));
        }
    }
    // Kanji numerals: 一、 一
    if KANJI_NUMERALS.contains(first) {
        let num: usize = t.chars().take_while(|c| KANJI_NUMERALS.contains(*c)).map(char::len_utf8).sum();
        let rest = &t[num..];
        if rest.starts_with('、') || rest.starts_with(' ') {
            let at = num + separator_len(rest);
            return title_after(Scheme::Kanji, at, MAX_TITLE, kanji_value(&t[..num]));
        }
        return None;
    }
    None
}

/// Headings without a number: markdown, a bracketed title, a bullet-led title.
fn titled_mark(t: &str) -> Option<HeadingMark> {
    let first = t.chars().next()?;
    let titled = |scheme: Scheme, title_start: usize| HeadingMark { scheme, title_start, ordinal: None };
    // Markdown.
    if first == '#' {
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        let rest = &t[hashes..];
        if hashes <= 6 && rest.starts_with(' ') {
            let at = hashes + (rest.len() - rest.trim_start().len());
            return is_title(&t[at..], 80).then(|| titled(Scheme::Markdown(hashes as u8), at));
        }
        return None;
    }
    // Whole-line bracketed titles.
    let close = match first {
        '【' => '】',
        '<' => '>',
        '〔' => '〕',
        '[' => ']',
        '《' => '》',
        '≪' => '≫',
        '〈' => '〉',
        _ => return bullet_mark(t),
    };
    let inner_end = t.find(close)?;
    let after = t[inner_end + close.len_utf8()..].trim();
    // `【基本方針】` alone, or `【概要】 …` with a short title after it; not a field
    // (`【反映額:12億円】`) and not a speaker (`【委員】`).
    let inner = &t[first.len_utf8()..inner_end];
    let is_field = inner.contains(':') && !inner.trim_end().ends_with(':');
    let ok = !inner.is_empty()
        && inner.chars().count() <= MAX_BULLET_TITLE
        && !inner.contains('。')
        && !is_field
        && super::speaker::role_of(inner).is_none()
        && (after.is_empty() || is_title(after, MAX_BULLET_TITLE));
    ok.then(|| titled(Scheme::Bracket(first), 0))
}

/// A title led by a bullet (■ □ ● ◆ ◇ ▼ ▽ ◎ ○ 〇); several bullets on one line are check
/// boxes (`□拡充 ■継続`). `○` and `◎` lead speaker turns and list points as often as
/// headings, so after them only a short label is a title (`○日時`, `〇出席委員`).
fn bullet_mark(t: &str) -> Option<HeadingMark> {
    let first = t.chars().next()?;
    if !matches!(first, '■' | '□' | '●' | '◆' | '◇' | '▼' | '▽' | '◎' | '○' | '〇' | '◯') {
        return None;
    }
    let rest = &t[first.len_utf8()..];
    if rest.chars().any(|c| matches!(c, '■' | '□' | '●' | '◆' | '◇' | '○' | '〇')) {
        return None;
    }
    let at = first.len_utf8() + (rest.len() - rest.trim_start().len());
    let title = &t[at..];
    let label_like = matches!(first, '◎' | '○' | '〇' | '◯');
    if label_like
        && (title.chars().count() > 15
            || title.contains(['、', ':', ' '])
            || title.bytes().any(|b| b.is_ascii_digit())
            || super::speaker::turn(t).is_some())
    {
        return None;
    }
    is_title(title, MAX_BULLET_TITLE).then_some(HeadingMark {
        scheme: Scheme::Bullet(first),
        title_start: at,
        ordinal: None,
    })
}

/// A heading of the document: a line index, its scheme and level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub scheme: Scheme,
    pub level: u8,
}

/// The levels of a document's headings, given in order as (line, scheme): the
/// schemes' nesting read with a stack (see the module doc). Level 0 is the title's; schemes
/// start at 1.
pub fn levels(candidates: &[(usize, Scheme)]) -> Vec<Heading> {
    let mut stack: Vec<Scheme> = Vec::new();
    let mut out = Vec::with_capacity(candidates.len());
    for &(line, scheme) in candidates {
        let level = match stack.iter().position(|s| *s == scheme) {
            Some(i) => {
                stack.truncate(i + 1);
                i + 1
            }
            None => {
                stack.push(scheme);
                stack.len()
            }
        };
        out.push(Heading { line, scheme, level: u8::try_from(level).unwrap_or(u8::MAX) });
    }
    out
}

/// The heading marks of a document and the lines of its lists.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// (line index, scheme) of each heading candidate, in order.
    pub headings: Vec<(usize, Scheme)>,
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
        let repeated = run.iter().enumerate().find_map(|(a, (_, m))| {
            let again = match m.ordinal {
                Some(_) => run[a + 1..].iter().any(|(_, o)| o.scheme == m.scheme),
                None => run.get(a + 1).is_some_and(|(_, o)| o.scheme == m.scheme),
            };
            again.then_some(m.scheme)
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
            if !goes_on {
                keep[k..end].iter_mut().for_each(|f| *f = false);
                // A wrapped member further down (`③ …` over two lines, then `④`) is the list's too.
                let (mut prev_line, mut prev_ord) = (run[run.len() - 1].0, last);
                while end < marks.len() {
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
            out.headings.push((i, m.scheme));
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
        let c: Vec<usize> = candidates(&lines, &|_| false).headings.iter().map(|m| m.0 + 1).collect();
        assert_eq!(c, vec![6]);
    }
}
