//! `subject` of counts, percentages and money: the noun phrase the figure is about, from the
//! same line. In order:
//!
//! 1. the header of the table column the figure sits in (`288件` under `商談数`);
//! 2. the label before a colon (`HBNetへの参画企業:28社`, `既入居企業補助:2社・4件・約153万円`),
//!    unless that label is itself a date (`(H28:41件)`, `(昨年度:約97%)`), in which case an
//!    earlier label on the line;
//! 3. the noun phrase after `の` (`35件のビジネスマッチング`);
//! 4. the nearest preceding noun phrase on the line, skipping other mentions (with tokens: a
//!    run of nominal tokens; without: a run of kanji, katakana and Latin letters).
//!
//! Null when there is none.

use std::ops::Range;

use super::table::Cell;
use super::{Mention, MentionKind};
use crate::text::chars::{self, floor_boundary};
use crate::tokenize::{KnownTokens, PosClass, Token};

/// Characters that end a colon label on the left (outside brackets). `、` ends it only when
/// the label is inside brackets or after another label (`(H28:41件、H29:59件)`); at the top of
/// an item it is part of the phrase (`電池、水素関連ビジネスの創出:3件`).
const LABEL_BOUNDARIES: &[char] = &['。', ',', ':', '⇒', '→', '\t', '<', '>', '「', '」', '【', '】'];
/// Characters allowed between a colon and the figure it labels (besides other figures).
const LABEL_GAP: &[char] = &[' ', '・', '、', ',', '/', '⇒', '→', '\t'];
/// Leading list marks stripped from a subject.
const BULLETS: &[char] = &[
    '・', '○', '〇', '◎', '●', '■', '□', '◆', '◇', '▸', '‣', '▶', '▷', '-', '⇒', '→', '※', ' ', '\t', '【', '】', '(',
    ')',
];
/// Nouns that are never a subject on their own.
const NOT_SUBJECTS: &[&str] =
    &["うち", "こと", "ため", "もの", "等", "など", "他", "ほか", "中", "内", "上", "際", "計", "合計"];

fn clean(s: &str) -> Option<String> {
    let t = s.trim_start_matches(BULLETS);
    // A list number: `(1)ワークショップ…` → `ワークショップ…`.
    let t = match t.find(')') {
        Some(i) if i > 0 && t[..i].bytes().all(|b| b.is_ascii_digit()) => t[i + 1..].trim_start_matches(BULLETS),
        _ => t,
    };
    let t = t.trim_end_matches([' ', '\t', '・', ':']).trim();
    (!t.is_empty() && !NOT_SUBJECTS.contains(&t)).then(|| t.to_string())
}

/// How far (in bytes) a subject is looked for around its figure. A subject is part of the
/// same item, and items are short; the bound keeps extraction linear on a line of megabytes.
const WINDOW: usize = 600;

/// Start of the line holding `pos`, or the start of the look-up window on a very long line.
fn line_start(norm: &str, pos: usize) -> usize {
    let lo = floor_boundary(norm, pos.saturating_sub(WINDOW));
    norm.get(lo..pos).and_then(|s| s.rfind('\n')).map_or(lo, |i| lo + i + 1)
}

/// End of the line holding `pos` (before its `\n`), or the end of the look-up window.
fn line_end(norm: &str, pos: usize) -> usize {
    let hi = floor_boundary(norm, pos.saturating_add(WINDOW));
    norm.get(pos..hi).and_then(|s| s.find('\n')).map_or(hi, |j| pos + j)
}

/// The mention span covering `pos`; `spans` are sorted and do not overlap.
fn covered(spans: &[Range<usize>], pos: usize) -> Option<&Range<usize>> {
    let i = spans.partition_point(|s| s.start <= pos);
    spans[..i].last().filter(|s| pos < s.end)
}

/// The mentions of a mention's line and the line before it (a label may end the line
/// before), as a range of indices into the sorted `spans`.
fn near_range(norm: &str, spans: &[Range<usize>], i: usize) -> Range<usize> {
    let span = &spans[i];
    let ls = line_start(norm, span.start);
    let from = line_start(norm, ls.saturating_sub(1));
    let le = line_end(norm, span.end);
    let lo = spans[..i].partition_point(|s| s.end <= from);
    let hi = i + spans[i..].partition_point(|s| s.start < le);
    lo..hi
}

/// The subjects read without tokens (steps 1 and 2 of the module's list): the header of a figure's
/// table column or the label before a colon (`mentions` sorted). Returns the counts,
/// percentages and amounts left without one (indices): only their phrases need tokens.
pub(crate) fn fill_labels(norm: &str, mentions: &mut [Mention], cells: &[Cell]) -> Vec<usize> {
    let spans: Vec<Range<usize>> = mentions.iter().map(|m| m.norm_span.clone()).collect();
    let kinds: Vec<MentionKind> = mentions.iter().map(|m| m.kind).collect();
    let mut dates: Vec<Range<usize>> = Vec::new();
    let mut open = Vec::new();
    for (i, m) in mentions.iter_mut().enumerate() {
        if m.kind == MentionKind::Date {
            continue;
        }
        let span = m.norm_span.clone();
        let near = near_range(norm, &spans, i);
        dates.clear();
        dates.extend(near.clone().filter(|&j| kinds[j] == MentionKind::Date).map(|j| spans[j].clone()));
        m.subject = cell_header(cells, &span).or_else(|| colon_label(norm, &span, &spans[near], &dates));
        if m.subject.is_none() {
            open.push(i);
        }
    }
    open
}

/// Where the phrases of the `open` mentions are read first: the char before each figure
/// (unless it starts its line) and the char after a `の` that follows it. The tokens of the
/// sentences holding those chars are what [`fill_phrases`] reads almost always.
pub(crate) fn phrase_offsets(norm: &str, mentions: &[Mention], open: &[usize]) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(open.len());
    for &i in open {
        let span = &mentions[i].norm_span;
        if let Some(c) = chars::before(norm, span.start).filter(|&c| c != '\n') {
            offsets.push(span.start - c.len_utf8());
        }
        if norm.get(span.end..).is_some_and(|rest| rest.starts_with('の')) {
            offsets.push(span.end + 'の'.len_utf8());
        }
    }
    offsets
}

/// A phrase's reading needs the tokens of this stretch of the figure's line, not known yet.
pub(crate) struct NeedsTokens(pub(crate) Range<usize>);

/// The subjects of the `open` mentions (steps 3 and 4): the phrase after `の`, or the nearest
/// noun phrase before the figure, read from the `known` tokens (or from character classes
/// when there is no tokenizer). A reading that would need tokens not known is left undone:
/// those mentions are returned with the stretch of their line to tokenize before they are
/// read again (after which none needs more). Whatever is read is what the tokens of every
/// line would give.
pub(crate) fn fill_phrases(
    norm: &str,
    known: &KnownTokens,
    mentions: &mut [Mention],
    open: &[usize],
) -> Vec<(usize, Range<usize>)> {
    let spans: Vec<Range<usize>> = mentions.iter().map(|m| m.norm_span.clone()).collect();
    let mut again = Vec::new();
    for &i in open {
        let span = spans[i].clone();
        let near = &spans[near_range(norm, &spans, i)];
        let phrase = match following_no(norm, known, span.end) {
            Ok(None) => preceding_phrase(norm, known, span.start, near),
            found => found,
        };
        match phrase {
            Ok(subject) => mentions[i].subject = subject,
            Err(NeedsTokens(stretch)) => again.push((i, stretch)),
        }
    }
    again
}

fn cell_header(cells: &[Cell], span: &Range<usize>) -> Option<String> {
    let i = cells.partition_point(|c| c.span.end <= span.start);
    let c = cells.get(i).filter(|c| c.span.start <= span.start && span.end <= c.span.end)?;
    clean(&c.header)
}

/// The label before the colon at `colon`, back to the previous boundary on the line.
fn label_before(norm: &str, ls: usize, colon: usize) -> Option<Range<usize>> {
    let before = norm.get(ls..colon)?;
    let mut depth = 0usize;
    let mut comma = None;
    for (i, c) in before.char_indices().rev() {
        let after = ls + i + c.len_utf8();
        match c {
            ')' => depth += 1,
            '(' if depth > 0 => depth -= 1,
            '(' => return Some(comma.unwrap_or(after)..colon),
            '、' if depth == 0 && comma.is_none() => comma = Some(after),
            c if depth == 0 && LABEL_BOUNDARIES.contains(&c) => return Some(comma.unwrap_or(after)..colon),
            _ => {}
        }
    }
    Some(ls..colon)
}

fn colon_label(norm: &str, span: &Range<usize>, spans: &[Range<usize>], dates: &[Range<usize>]) -> Option<String> {
    let mut ls = line_start(norm, span.start);
    let before = norm.get(ls..span.start)?;
    let colon = match before.rfind(':') {
        Some(i) => ls + i,
        // `・電池関連企業等の誘致:` ⏎ `2件`: the label ends the line before.
        None if before.trim().is_empty() && ls > 0 => {
            let prev_ls = line_start(norm, ls - 1);
            let prev = norm.get(prev_ls..ls - 1)?.trim_end();
            if !prev.ends_with(':') {
                return None;
            }
            ls = prev_ls;
            prev_ls + prev.len() - 1
        }
        None => return None,
    };
    // Between the colon and the figure: only separators and other figures.
    let mut p = colon + 1;
    while p < span.start {
        if let Some(s) = covered(spans, p) {
            p = s.end;
            continue;
        }
        let c = norm.get(p..)?.chars().next()?;
        if !LABEL_GAP.contains(&c) && c != '\n' {
            return None;
        }
        p += c.len_utf8();
    }
    // A label that is a date (`H28`, `昨年度`) or another figure (`2回:`) is not a subject:
    // look for an earlier label on the line.
    let not_a_subject = |r: &Range<usize>| {
        let t = trim_range(norm, r.clone());
        t.is_empty() || spans.iter().chain(dates).any(|d| d.start <= t.start && t.end <= d.end)
    };
    let mut label = label_before(norm, ls, colon)?;
    while not_a_subject(&label) {
        let earlier = norm.get(ls..label.start)?.rfind(':')?;
        label = label_before(norm, ls, ls + earlier)?;
    }
    clean(norm.get(label)?)
}

fn trim_range(norm: &str, r: Range<usize>) -> Range<usize> {
    let s = norm.get(r.clone()).unwrap_or("");
    let t = s.trim_matches(BULLETS);
    let lead = s.len() - s.trim_start_matches(BULLETS).len();
    r.start + lead..r.start + lead + t.len()
}

/// A nominal token with a letter in it (IPADIC tags unknown ASCII symbols such as `(` or `:`
/// as nouns).
fn is_nominal_token(norm: &str, t: &Token) -> bool {
    matches!(t.pos, PosClass::Noun | PosClass::ProperNoun | PosClass::NounSuffix | PosClass::Prefix)
        && t.text(norm).chars().any(|c| is_nominal_char(c) && c != '・')
}

/// Latin letters and digits glued to a phrase (`AI/I0T技術`), which IPADIC splits up.
fn is_ascii_word(norm: &str, t: &Token) -> bool {
    let s = t.text(norm);
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_nominal_char(c: char) -> bool {
    chars::is_kanji(c) || chars::is_katakana(c) || c == '・' || c.is_ascii_alphabetic()
}

/// `35件のビジネスマッチング` → `ビジネスマッチング`.
fn following_no(norm: &str, known: &KnownTokens, end: usize) -> Result<Option<String>, NeedsTokens> {
    let Some(start) = norm.get(end..).and_then(|rest| rest.strip_prefix('の')).map(|_| end + 'の'.len_utf8()) else {
        return Ok(None);
    };
    let phrase_end = if !known.tokenized() {
        let Some(window) = norm.get(start..line_end(norm, start)) else { return Ok(None) };
        let run: usize = window.chars().take_while(|&c| is_nominal_char(c)).map(char::len_utf8).sum();
        start + run
    } else {
        let tokens = known.tokens();
        // Tokens are known whole from `start` up to `reach`.
        let reach = known.stretch(start).map_or(start, |r| r.end);
        let mut i = tokens.partition_point(|t| t.norm_start < start);
        let mut e = start;
        loop {
            if e >= start + WINDOW {
                break;
            }
            if e >= reach && e < norm.len() {
                // The rest of the look-up window on the line.
                return Err(NeedsTokens(e..line_end(norm, start).min(start + WINDOW).max(e + 1)));
            }
            match tokens.get(i).filter(|t| t.norm_start == e && is_nominal_token(norm, t)) {
                Some(t) => {
                    e = t.norm_end;
                    i += 1;
                }
                None => break,
            }
        }
        e
    };
    Ok(norm.get(start..phrase_end).and_then(clean))
}

/// The nearest noun phrase before `pos` on its line, skipping other mentions.
fn preceding_phrase(
    norm: &str,
    known: &KnownTokens,
    pos: usize,
    spans: &[Range<usize>],
) -> Result<Option<String>, NeedsTokens> {
    let ls = line_start(norm, pos);
    if !known.tokenized() {
        return Ok(preceding_phrase_chars(norm, ls, pos, spans));
    }
    // Tokens are known whole from `from` up to `pos`. When that is from before `ls` (or from
    // `ls` at the start of a line: the tokens before it are on other lines) every token the
    // reading could look at is the one the whole text's tokens would give. Otherwise it reads
    // only the known ones, and a reading that would look further back needs the rest of the
    // look-up window.
    let from = known.stretch(pos).map_or(pos, |r| r.start);
    let at_line_start = ls == 0 || norm.as_bytes()[ls - 1] == b'\n';
    let line_known = from < ls || (from == ls && at_line_start);
    let all = known.tokens();
    let tokens = if line_known { all } else { &all[all.partition_point(|t| t.norm_start < from)..] };
    // What a reading that looks further back needs: from the start of the look-up window (or
    // the char before it, inside a line) to the known stretch.
    let wider = || {
        let back = if at_line_start { ls } else { floor_boundary(norm, ls - 1) };
        NeedsTokens(back..from.max(back + 1))
    };
    let mut i = tokens.partition_point(|t| t.norm_start < pos);
    while i > 0 {
        i -= 1;
        let t = &tokens[i];
        if t.norm_start < ls {
            return Ok(None);
        }
        if !is_nominal_token(norm, t) || covered(spans, t.norm_start).is_some() {
            continue;
        }
        // Extend back over adjacent nominal tokens, Latin words, and a joining ・ or /.
        let end = t.norm_end;
        let mut start = t.norm_start;
        let mut j = i;
        loop {
            if j == 0 {
                if line_known {
                    break;
                }
                return Err(wider());
            }
            let p = &tokens[j - 1];
            let word = |t: &Token| is_nominal_token(norm, t) || is_ascii_word(norm, t);
            let joining = matches!(p.text(norm), "・" | "/");
            if joining && j < 2 && !line_known {
                return Err(wider());
            }
            let joiner = joining && j >= 2 && word(&tokens[j - 2]) && tokens[j - 2].norm_end == p.norm_start;
            let joins = p.norm_end == start && covered(spans, p.norm_start).is_none() && (word(p) || joiner);
            if !joins || p.norm_start < ls {
                break;
            }
            start = p.norm_start;
            j -= 1;
        }
        if let Some(s) = norm.get(start..end).and_then(clean) {
            return Ok(Some(s));
        }
        i = j;
    }
    if line_known {
        Ok(None)
    } else {
        Err(wider())
    }
}

fn preceding_phrase_chars(norm: &str, ls: usize, pos: usize, spans: &[Range<usize>]) -> Option<String> {
    let text = norm.get(ls..pos)?;
    let mut end = None;
    let mut start = ls;
    for (i, c) in text.char_indices().rev() {
        let at = ls + i;
        let in_mention = covered(spans, at).is_some();
        match end {
            None if is_nominal_char(c) && !in_mention => {
                end = Some(at + c.len_utf8());
                start = at;
            }
            None => {}
            Some(_) if is_nominal_char(c) && !in_mention => start = at,
            Some(_) => break,
        }
    }
    clean(norm.get(start..end?)?)
}
