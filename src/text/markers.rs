//! Marks that open a line: heading numbers of every scheme, bracketed and bullet-led titles,
//! and the speaker mark of minutes. Segmentation reads headings and turns with them; the layout
//! stage asks whether a line heads a section (a unit caption reaches up to the next one).
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

use crate::text::lexicon::{role_of, SpeakerRole};

/// Bullets that lead a list item or a titled line as exports write them (which kind of item
/// each one gives is [`crate::segment::items`]' call).
pub const BULLETS: &[char] =
    &['■', '□', '●', '◆', '◇', '◎', '○', '〇', '◯', '・', '•', '‣', '▸', '▶', '▷', '►', '▼', '▽'];

/// Bullets a title can start with (`■基本方針`, `○日時`).
pub const TITLE_BULLETS: &[char] = &['■', '□', '●', '◆', '◇', '▼', '▽', '◎', '○', '〇', '◯'];

/// Bullets of which several on one line are check boxes (`□拡充 ■継続`), not a title's.
const CHECK_BOXES: &[char] = &['■', '□', '●', '◆', '◇', '○', '〇'];

/// Bullets that lead only a short label as a title (`○日時`): after them a longer line is a
/// speaker's turn or a point of a list.
const LABEL_BULLETS: &[char] = &['◎', '○', '〇', '◯'];

/// Marks that open a speaker's turn in minutes (`○委員長 …`).
pub const SPEAKER_MARKS: &[char] = &['○', '〇', '◯', '◎', '◆', '◇'];

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

impl Scheme {
    /// The scheme's name in evidence (`arabic`, `paren-arabic`, `bracket:【`, `bullet:■` …).
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Chapter => "chapter",
            Scheme::Section => "section",
            Scheme::Part => "part",
            Scheme::Dai => "dai",
            Scheme::Arabic => "arabic",
            Scheme::ArabicDot => "arabic-dot",
            Scheme::ArabicComma => "arabic-comma",
            Scheme::ArabicClose => "arabic-close",
            Scheme::Hierarchical(_) => "hierarchical",
            Scheme::ParenArabic => "paren-arabic",
            Scheme::AngleArabic => "angle-arabic",
            Scheme::Circled => "circled",
            Scheme::Katakana => "katakana",
            Scheme::ParenKatakana => "paren-katakana",
            Scheme::Roman => "roman",
            Scheme::RomanLower => "roman-lower",
            Scheme::Kanji => "kanji",
            Scheme::ParenKanji => "paren-kanji",
            Scheme::Latin => "latin",
            Scheme::Bracket('【') => "bracket:【】",
            Scheme::Bracket('<') => "bracket:<>",
            Scheme::Bracket('〔') => "bracket:〔〕",
            Scheme::Bracket('「') => "bracket:「」",
            Scheme::Bracket(_) => "bracket",
            Scheme::Bullet('■') => "bullet:■",
            Scheme::Bullet('□') => "bullet:□",
            Scheme::Bullet('●') => "bullet:●",
            Scheme::Bullet('◆') => "bullet:◆",
            Scheme::Bullet('◇') => "bullet:◇",
            Scheme::Bullet(_) => "bullet",
            Scheme::Markdown(_) => "markdown",
            Scheme::Word(_) => "word-number",
            Scheme::Label => "label",
        }
    }
}

/// The rule name a block read from a heading mark of `scheme` carries (`mark:arabic`).
pub fn mark_rule(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Chapter => "mark:chapter",
        Scheme::Section => "mark:section",
        Scheme::Part => "mark:part",
        Scheme::Dai => "mark:dai",
        Scheme::Arabic => "mark:arabic",
        Scheme::ArabicDot => "mark:arabic-dot",
        Scheme::ArabicComma => "mark:arabic-comma",
        Scheme::ArabicClose => "mark:arabic-close",
        Scheme::Hierarchical(_) => "mark:hierarchical",
        Scheme::ParenArabic => "mark:paren-arabic",
        Scheme::AngleArabic => "mark:angle-arabic",
        Scheme::Circled => "mark:circled",
        Scheme::Katakana => "mark:katakana",
        Scheme::ParenKatakana => "mark:paren-katakana",
        Scheme::Roman => "mark:roman",
        Scheme::RomanLower => "mark:roman-lower",
        Scheme::Kanji => "mark:kanji",
        Scheme::ParenKanji => "mark:paren-kanji",
        Scheme::Latin => "mark:latin",
        Scheme::Bracket(_) => "mark:bracket",
        Scheme::Bullet(_) => "mark:bullet",
        Scheme::Markdown(_) => "mark:markdown",
        Scheme::Word(_) => "mark:word-number",
        Scheme::Label => "mark:label",
    }
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
const KANJI_NUMERALS: &str = crate::text::chars::KANJI_ONE_TO_TEN;

/// The longest title a numbered heading has (chars).
const MAX_TITLE: usize = 40;
/// The longest title after a bullet or of a label line.
const MAX_BULLET_TITLE: usize = 30;

fn is_title(t: &str, max: usize) -> bool {
    let t = t.trim();
    // A question (`…点検を続けているか`) is a check-list's point, not a title.
    let question = t.ends_with('か') || t.ends_with("か?");
    if t.is_empty() || question || is_contents_entry(t) || t.ends_with(LINK_ENDS) || starts_with_web_chrome(t) {
        return false;
    }
    // The rest is read in one pass over the chars (each test walked the line on its own).
    TitleReading::of(t, max).is_some_and(|r| {
        // Three figures standing apart (`優る 0 0 5 …`): a table's row, not a title.
        let row = r.figure_words >= 3;
        r.alphabetic && !r.link_word && !row && !r.letter_spaced()
    })
}

/// What [`is_title`] reads of a trimmed line in one pass over its chars: its words (as
/// `split_whitespace` cuts them) for [`letter_spaced`] and a table row's figures, a link's
/// words, and whether it has a letter at all.
#[derive(Default)]
struct TitleReading {
    words: usize,
    /// Words of one char that is no ASCII digit ([`letter_spaced`]'s).
    single_letters: usize,
    /// Words of ASCII digits, `,` and `.` only.
    figure_words: usize,
    alphabetic: bool,
    /// One of [`LINK_WORDS`] stands in the line.
    link_word: bool,
}

impl TitleReading {
    /// The reading of `t`; `None` when it is no title by its length (more than `max` chars)
    /// or by a `。` (a sentence).
    fn of(t: &str, max: usize) -> Option<Self> {
        let mut r = TitleReading::default();
        let mut chars = 0;
        // The word being read: its chars (counted up to two), whether it opens with a
        // letter, whether it is all figures.
        let (mut word_chars, mut opens_with_letter, mut all_figures) = (0, false, true);
        for (i, c) in t.char_indices() {
            chars += 1;
            if chars > max || c == '。' {
                return None;
            }
            if c.is_whitespace() {
                if word_chars > 0 {
                    r.end_word(word_chars, opens_with_letter, all_figures);
                    word_chars = 0;
                }
                continue;
            }
            if word_chars == 0 {
                (opens_with_letter, all_figures) = (!c.is_ascii_digit(), true);
            }
            word_chars = (word_chars + 1).min(2);
            all_figures = all_figures && (c.is_ascii_digit() || c == ',' || c == '.');
            r.alphabetic = r.alphabetic || c.is_alphabetic();
            if LINK_WORD_STARTS.contains(&c) {
                r.link_word = r.link_word || LINK_WORDS.iter().any(|w| t[i..].starts_with(w));
            }
        }
        if word_chars > 0 {
            r.end_word(word_chars, opens_with_letter, all_figures);
        }
        Some(r)
    }

    fn end_word(&mut self, chars: usize, opens_with_letter: bool, all_figures: bool) {
        self.words += 1;
        self.single_letters += usize::from(opens_with_letter && chars == 1);
        self.figure_words += usize::from(all_figures);
    }

    /// [`letter_spaced`] of the line read.
    fn letter_spaced(&self) -> bool {
        self.words >= 2 && self.single_letters * 2 > self.words
    }
}

/// Words of a link's text anywhere in it (`…はこちら`, `(PDF 263KB)`).
const LINK_WORDS: &[&str] = &["こちら", "(PDF", "ダウンロード"];
/// The first chars of [`LINK_WORDS`]: only at these does [`TitleReading`] look for one.
const LINK_WORD_STARTS: [char; 3] = ['こ', '(', 'ダ'];
/// Arrows a link's text ends with (`…一覧表】↓`).
const LINK_ENDS: [char; 3] = ['↓', '→', '⇒'];

/// Whether `t` starts with a web page's chrome ([`crate::text::lexicon::WEB_CHROME`]).
fn starts_with_web_chrome(t: &str) -> bool {
    crate::text::lexicon::WEB_CHROME.iter().any(|w| t.starts_with(w))
}

/// A link's text (`…の結果はこちらから↓`, `事業仕分け実施結果【一覧表】↓`, `…(PDF 263KB)`): what
/// a page points to, not a title of its own.
pub fn is_link(t: &str) -> bool {
    t.ends_with(LINK_ENDS) || LINK_WORDS.iter().any(|w| t.contains(w)) || starts_with_web_chrome(t)
}

/// A form's or an attachment's number (`様式1`, `別紙2`, `参考資料3-1`): a stamp of the page.
pub fn is_form_number(t: &str) -> bool {
    let t = t.trim();
    ["様式", "別紙", "別添", "別表", "参考資料", "資料"].iter().any(|w| {
        t.strip_prefix(w).is_some_and(|r| {
            let r = r.trim_start_matches(['第', ' ']);
            !r.is_empty() && r.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '号' | '.'))
        })
    })
}

/// Characters set apart by spaces (`区  分`, `年 度 評 価 結 果`): cells of a laid-out table,
/// not a title.
pub fn letter_spaced(t: &str) -> bool {
    let (mut words, mut single) = (0, 0);
    for w in t.split_whitespace() {
        words += 1;
        let mut cs = w.chars();
        // A figure set apart (`第 1 期`) is a PDF's spacing of digits, not letter spacing.
        let letter = cs.next().is_some_and(|c| !c.is_ascii_digit());
        single += usize::from(letter && cs.next().is_none());
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
    read_mark(t, titled_mark)
}

/// What [`mark`] reads of `t` when [`may_open_numbered`] says it can open with a numbered or
/// markdown heading, bracketed and bullet-led titles left unread; `None` for the rest. Its
/// numbered and markdown marks (a word's aside) are [`mark`]'s; the layout asks this of most
/// short lines.
pub fn numbered_or_markdown_mark(t: &str) -> Option<HeadingMark> {
    if !may_open_numbered(t) {
        return None;
    }
    read_mark(t, markdown_mark)
}

/// [`mark`]'s reading, with `unnumbered` read where no numbered scheme opens the line.
fn read_mark(t: &str, unnumbered: fn(&str) -> Option<HeadingMark>) -> Option<HeadingMark> {
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
    numbered_mark(t).or_else(|| unnumbered(t))
}

/// Whether [`mark`] can read a numbered scheme or a markdown heading at the start of `t` (any
/// scheme but a word's, a bracket's, a bullet's): only from these first chars — or from a
/// bullet before a number. Most lines start with a kanji or kana that opens none of them; a
/// caller that wants only these schemes asks this first.
pub fn may_open_numbered(t: &str) -> bool {
    let Some(first) = t.chars().next() else { return false };
    matches!(first, '•' | '・' | '-' | '第' | '(' | '<' | '#' | '①'..='⑳')
        || first.is_ascii_digit()
        || first.is_ascii_uppercase()
        || matches!(first, 'i' | 'v' | 'x')
        // The range holding every char of KATAKANA_ORDER (ア…ワ), and KANJI_NUMERALS: tests,
        // not searches of the lists.
        || ('ア'..='ワ').contains(&first)
        || matches!(first, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// A heading number alone on its line (`1`, `(2)`, `③`, `第1章`, `II`), its title on the
/// next line.
pub fn bare_mark(t: &str) -> Option<HeadingMark> {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 6 || t.contains(' ') {
        return None;
    }
    // A word and a number stand alone as a heading's number only in a series (`指標1`).
    numbered_mark(&format!("{t} 見出し")).filter(|m| match m.scheme {
        Scheme::Word(_) => SERIES_WORDS
            .iter()
            .any(|w| t.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '(' | ')')).ends_with(w)),
        _ => true,
    })
}

/// `議事1 …`, `議題(2) …`, `施策3 …`, `基本目標2`: a short word of kanji or katakana, a
/// number, then a space, a separator or the end of the line. Siblings share the word.
fn word_number(t: &str) -> Option<HeadingMark> {
    let word_len: usize = t
        .chars()
        .take_while(|&c| crate::text::chars::is_kanji(c) || crate::text::chars::is_katakana(c))
        .take(6)
        .map(char::len_utf8)
        .sum();
    let word = &t[..word_len];
    let n = word.chars().count();
    if !(1..=5).contains(&n) || crate::text::era::ends_with_name(word) || word.ends_with('第') {
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
    // A word and a number alone heads a block only in a series of such blocks (`指標1`,
    // `議事2`); a row's label and its figure (`民間等0`, `合計36`) is a flattened table's.
    let alone = title.is_empty() && SERIES_WORDS.iter().any(|w| word.ends_with(w));
    let ok = alone || is_title(title, MAX_TITLE) && !title.starts_with(|c: char| c.is_ascii_digit());
    ok.then(|| HeadingMark {
        scheme: Scheme::Word(word_hash(word)),
        title_start: at,
        ordinal: inner[..digits].parse().ok(),
    })
}

/// Words that number a series of blocks (`指標1`, `議事2`, `基本目標3`, `テーマ1`).
const SERIES_WORDS: &[&str] = &[
    "議事",
    "議題",
    "案件",
    "指標",
    "施策",
    "目標",
    "テーマ",
    "事業",
    "項目",
    "分野",
    "政策",
    "資料",
    "課題",
    "取組",
    "重点",
    "柱",
    "戦略",
    "方針",
    "視点",
    "プロジェクト",
    "ステップ",
    "報告",
    "質問",
    "意見",
    "提言",
    "論点",
    "事例",
    "事項",
    "プラン",
    "計画",
    "部会",
    "分科会",
    "グループ",
    "ワーキング",
];

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
    if first == '#' {
        return markdown_mark(t);
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
        && !is_form_number(inner)
        && inner.chars().count() <= MAX_BULLET_TITLE
        && !inner.contains('。')
        && !is_field
        && crate::text::lexicon::role_of(inner).is_none()
        && (after.is_empty() || is_title(after, MAX_BULLET_TITLE));
    ok.then(|| titled(Scheme::Bracket(first), 0))
}

/// A markdown heading (`## 概要`).
fn markdown_mark(t: &str) -> Option<HeadingMark> {
    if !t.starts_with('#') {
        return None;
    }
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    let rest = &t[hashes..];
    if hashes <= 6 && rest.starts_with(' ') {
        let at = hashes + (rest.len() - rest.trim_start().len());
        return is_title(&t[at..], 80).then_some(HeadingMark {
            scheme: Scheme::Markdown(hashes as u8),
            title_start: at,
            ordinal: None,
        });
    }
    None
}

/// A title led by a bullet (■ □ ● ◆ ◇ ▼ ▽ ◎ ○ 〇); several bullets on one line are check
/// boxes (`□拡充 ■継続`). `○` and `◎` lead speaker turns and list points as often as
/// headings, so after them only a short label is a title (`○日時`, `〇出席委員`).
fn bullet_mark(t: &str) -> Option<HeadingMark> {
    let first = t.chars().next()?;
    if !TITLE_BULLETS.contains(&first) {
        return None;
    }
    let rest = &t[first.len_utf8()..];
    if rest.contains(CHECK_BOXES) {
        return None;
    }
    let at = first.len_utf8() + (rest.len() - rest.trim_start().len());
    let title = &t[at..];
    let label_like = LABEL_BULLETS.contains(&first);
    if label_like
        && (title.chars().count() > 15
            || title.contains(['、', ':', ' '])
            || title.bytes().any(|b| b.is_ascii_digit())
            || speaker_turn(t).is_some())
    {
        return None;
    }
    is_title(title, MAX_BULLET_TITLE).then_some(HeadingMark {
        scheme: Scheme::Bullet(first),
        title_start: at,
        ordinal: None,
    })
}

// --- speaker turns ------------------------------------------------------------------------

/// A speaker turn read from a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// The speaker as written, without the turn's mark (`議長(山田太郎君)`, `田中委員`).
    pub speaker: String,
    pub role: SpeakerRole,
    /// Byte offset in the trimmed line where the speech starts (after the speaker).
    pub speech_start: usize,
    /// Byte offset in the trimmed line where the speaker starts (after a `○`).
    pub speaker_start: usize,
}

/// The speaker turn `t` (a trimmed line) opens, if it opens one.
pub fn speaker_turn(t: &str) -> Option<Turn> {
    let first = t.chars().next()?;
    // ○label(name) speech / ○label speech
    if SPEAKER_MARKS.contains(&first) {
        let body = &t[first.len_utf8()..];
        let lead = body.len() - body.trim_start().len();
        let body = &body[lead..];
        let speaker_start = first.len_utf8() + lead;
        let label_len = match body.find('(') {
            // `議長(山田太郎君)`: the label runs to the closing bracket.
            Some(open) if open <= 24 && !body[..open].contains(' ') => body[open..].find(')').map(|c| open + c + 1)?,
            _ => body.find([' ', ':']).unwrap_or(body.len()),
        };
        let label = &body[..label_len];
        if label.is_empty() || label.chars().count() > 30 {
            return None;
        }
        let role = role_of(label)?;
        let rest = &body[label_len..];
        let rest_trim = rest.trim_start_matches([' ', ':']);
        return Some(Turn {
            speaker: label.to_string(),
            role,
            speech_start: speaker_start + label_len + (rest.len() - rest_trim.len()),
            speaker_start,
        });
    }
    // 【委員】speech / (事務局)speech
    if matches!(first, '【' | '(') {
        let close = if first == '【' { '】' } else { ')' };
        let end = t.find(close)?;
        let label = &t[first.len_utf8()..end];
        if label.is_empty() || label.chars().count() > 12 {
            return None;
        }
        let role = role_of(label)?;
        let after = end + close.len_utf8();
        let rest = &t[after..];
        // A role alone on its line (`【委員】`) opens a turn whose speech is on the lines below.
        let speech = after + (rest.len() - rest.trim_start_matches([' ', ':']).len());
        return Some(Turn { speaker: label.to_string(), role, speech_start: speech, speaker_start: first.len_utf8() });
    }
    // Q … / A …
    if matches!(first, 'Q' | 'A') {
        let rest = &t[1..];
        let sep = rest.len() - rest.trim_start_matches([' ', '.', ':']).len();
        if sep > 0 && rest[sep..].starts_with(|c: char| !c.is_ascii()) {
            let role = if first == 'Q' { SpeakerRole::Other } else { SpeakerRole::Secretariat };
            return Some(Turn { speaker: first.to_string(), role, speech_start: 1 + sep, speaker_start: 0 });
        }
    }
    // label speech: a speaker and a space before a sentence, the mark lost (`委員長 ただいまから
    // …開会します。`, `山田委員 …伺います。`); a roster's row (`会長 佐々木 明子 教授`) has no
    // sentence, and a sentence has no space in it.
    if let Some((label, rest)) = t.split_once(' ') {
        let rest = rest.trim_start();
        let sentence = rest.split_once('。').map(|(s, _)| s);
        let speech = sentence.is_some_and(|s| s.chars().count() >= 6 && !s.contains(' '));
        if speech && (2..=12).contains(&label.chars().count()) && !label.contains([':', '(', '、']) {
            if let Some(role) = role_of(label) {
                return Some(Turn {
                    speaker: label.to_string(),
                    role,
                    speech_start: t.len() - rest.len(),
                    speaker_start: 0,
                });
            }
        }
    }
    // label: speech
    let colon = t.find(':')?;
    let label = t[..colon].trim();
    if label.is_empty() || label.chars().count() > 16 || label.contains(' ') && !label.contains('(') {
        return None;
    }
    let role = role_of(label)?;
    let rest = &t[colon + 1..];
    if rest.trim().is_empty() {
        return None;
    }
    Some(Turn { speaker: label.to_string(), role, speech_start: t.len() - rest.trim_start().len(), speaker_start: 0 })
}

/// Words that say a line reports what someone said (`…について報告。`, `…との意見があった`). No
/// reported turn and no heading naming a speaker is without one: the kind rules read a line for
/// speakers only when it holds one (the line facts of `segment::kind`).
pub(crate) const SPEECH_WORDS: &[&str] = &[
    "報告",
    "説明",
    "意見",
    "質問",
    "回答",
    "発言",
    "提案",
    "要望",
    "指摘",
    "挨拶",
    "あいさつ",
    "答弁",
    "紹介",
    "お願い",
];

/// A turn reported rather than quoted (minutes written as reported speech): a speaker named
/// before `から` or `より` at the line's start, after a bullet or not, and a word of speech
/// later on the line (`●事務局から、全174事業のうち…について報告。`, `委員より…との意見があった。`,
/// `会長から挨拶`). The speech is the whole sentence, speaker included.
pub fn reported_turn(t: &str) -> Option<Turn> {
    let first = t.chars().next()?;
    let start = if matches!(first, '●' | '・' | '○' | '◎' | '◆' | '■' | '-' | '•') {
        let rest = &t[first.len_utf8()..];
        first.len_utf8() + (rest.len() - rest.trim_start().len())
    } else {
        0
    };
    let body = &t[start..];
    let head_end = body.char_indices().nth(14).map_or(body.len(), |(i, _)| i);
    let at = ["から", "より"].iter().filter_map(|w| body[..head_end].find(w)).min()?;
    let label = body[..at].trim();
    // A role or a name with a role (`事務局`, `会長`, `近藤委員`), not a phrase (`まず事務局`)
    // or a body's long name (`北浜市教育委員会評価委員`).
    let hiragana = label.chars().any(|c| ('\u{3041}'..='\u{3096}').contains(&c));
    if label.is_empty() || label.chars().count() > 8 || hiragana || !label.chars().all(char::is_alphanumeric) {
        return None;
    }
    let role = role_of(label)?;
    let rest = &body[at..];
    SPEECH_WORDS.iter().any(|w| rest.contains(w)).then(|| Turn {
        speaker: label.to_string(),
        role,
        speech_start: start,
        speaker_start: start,
    })
}

/// Speaker turns inside a long line (a whole record flattened onto one line): a speaker mark
/// after a space, a speaker and a space (`… 。 ○大和田教育長  改めて…`). The byte offsets of
/// the marks in `t`, in order.
pub fn inline_turns(t: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_space = true;
    for (i, c) in t.char_indices() {
        if prev_space && SPEAKER_MARKS.contains(&c) && i > 0 {
            let rest = &t[i..];
            if speaker_turn(rest).is_some_and(|turn| rest[turn.speaker_start..].len() > turn.speaker.len()) {
                out.push(i);
            }
        }
        prev_space = c == ' ';
    }
    out
}

/// The speaker a heading names for what is said under it (`<委員からの意見内容>`, `【委員意見】`,
/// `事務局の説明`, `質疑応答` has none): the label and its role.
pub fn heading_speaker(title: &str) -> Option<(String, SpeakerRole)> {
    let t = title.trim_matches(|c: char| {
        c.is_whitespace() || "【】<>〈〉《》≪≫[]〔〕()■□●◆◇○◎".contains(c) || c.is_ascii_digit() || c == '.'
    });
    let at = ["からの", "の", "より"]
        .iter()
        .filter_map(|w| t.find(w).map(|i| (i, w.len())))
        .filter(|&(i, w)| {
            SPEECH_WORDS.iter().any(|s| t[i + w..].starts_with(s) || t[i + w..].starts_with(&format!("主な{s}")))
        })
        .map(|(i, _)| i)
        .min()
        .or_else(|| SPEECH_WORDS.iter().filter_map(|s| t.find(s)).filter(|&i| i > 0).min())?;
    let label = &t[..at];
    if label.is_empty() || label.chars().count() > 10 {
        return None;
    }
    role_of(label).map(|role| (label.to_string(), role))
}

#[cfg(test)]
mod reported_tests {
    use super::*;

    #[test]
    fn numbered_marks_open_where_may_open_numbered_says() {
        for c in KATAKANA_ORDER.chars().chain(KANJI_NUMERALS.chars()) {
            assert!(may_open_numbered(&format!("{c} 見出し")), "{c}");
        }
        for t in [
            "第1章 総則",
            "1 概要",
            "1-2 目標",
            "(1) 施策",
            "<2> 指標",
            "ア 事業",
            "(ア) 事業",
            "II 計画",
            "ii. 補足",
            "A. 目的",
            "一、方針",
            "# 見出し",
            "・ (1) 概要",
            "① 概要",
        ] {
            assert!(mark(t).is_some(), "{t}");
            assert!(may_open_numbered(t), "{t}");
        }
        assert!(!may_open_numbered("施策の目標") && !may_open_numbered("【基本方針】"));
        for t in [
            "第1章 総則",
            "1 概要",
            "(1) 施策",
            "<概要>",
            "【基本方針】",
            "■基本方針",
            "## 概要",
            "① 概要",
            "施策1 概要",
        ] {
            let other = |m: &HeadingMark| matches!(m.scheme, Scheme::Bracket(_) | Scheme::Bullet(_) | Scheme::Word(_));
            let numbered = mark(t).filter(|m| !other(m));
            assert_eq!(numbered_or_markdown_mark(t).filter(|m| !other(m)), numbered, "{t}");
        }
    }

    #[test]
    fn reported_speech() {
        let t = reported_turn("●事務局から、全120事業のうち主な事業について報告。").unwrap();
        assert_eq!((t.speaker.as_str(), t.role), ("事務局", SpeakerRole::Secretariat));
        assert_eq!(
            reported_turn("委員より、周知を強めるべきとの意見があった。").map(|t| t.role),
            Some(SpeakerRole::Member)
        );
        assert_eq!(reported_turn("●市内の施設から報告があった。"), None);
        assert_eq!(reported_turn("事務局から送付された資料のとおり。"), None);
    }

    #[test]
    fn speakers_named_by_headings() {
        assert_eq!(heading_speaker("<委員からの意見内容>").map(|s| s.1), Some(SpeakerRole::Member));
        assert_eq!(heading_speaker("【委員意見】").map(|s| s.0), Some("委員".to_string()));
        assert_eq!(heading_speaker("事務局の説明").map(|s| s.1), Some(SpeakerRole::Secretariat));
        assert_eq!(heading_speaker("質疑応答"), None);
        assert_eq!(heading_speaker("計画の概要"), None);
    }
}

#[cfg(test)]
mod title_tests {
    use super::*;

    /// [`is_title`] as its tests read one by one, each walking the line (the reading it had
    /// before [`TitleReading`]).
    fn is_title_test_by_test(t: &str, max: usize) -> bool {
        let t = t.trim();
        let question = t.ends_with('か') || t.ends_with("か?");
        let row = || {
            t.split_whitespace().filter(|w| w.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')).count()
                >= 3
        };
        !t.is_empty()
            && !question
            && !t.contains('。')
            && t.chars().count() <= max
            && !is_contents_entry(t)
            && !letter_spaced(t)
            && !row()
            && !is_link(t)
            && t.chars().any(char::is_alphabetic)
    }

    #[test]
    fn link_words_start_with_their_starts() {
        for w in LINK_WORDS {
            assert!(w.starts_with(LINK_WORD_STARTS), "{w}");
        }
    }

    #[test]
    fn titles() {
        for t in ["基本方針", "計画の概要", "第1期 概要", "A 概要", "事業点検の結果"] {
            assert!(is_title(t, MAX_TITLE), "{t}");
        }
        for t in [
            "",
            "点検を続けているか",
            "概要。",
            "優る 0 0 5",
            "区  分",
            "年 度 評 価 結 果",
            "結果はこちら",
            "資料(PDF 263KB)",
            "一覧表↓",
            "お問い合わせ先",
            "概要……3",
            "12 3,000 4.5",
            "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもや",
        ] {
            assert!(!is_title(t, MAX_BULLET_TITLE), "{t}");
        }
    }

    proptest::proptest! {
        /// The one-pass reading gives every line the verdict of the tests one by one, on
        /// lines of kanji, kana, figures, spaces of every width, link words, leaders and
        /// page numbers.
        #[test]
        fn one_pass_title_is_the_tests_one_by_one(
            t in "(基本|方針|か|か\\?|。|こちら|こち|\\(PDF|ダウンロード|↓|→|…|・・|P|頁|お問い合わせ|Embed|[0-9]|[,.]|[ \t\u{3000}\u{a0}\u{2003}]|[a-zA-Z]|[アイ]|[①◆]){0,24}",
            max in 0usize..50,
        ) {
            proptest::prop_assert_eq!(is_title(&t, max), is_title_test_by_test(&t, max), "{:?}", t);
        }
    }
}
