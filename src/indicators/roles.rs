//! What a header or a label says a figure is: the shared reader of [`ValueRole`] words for the
//! table rules (a column's header path, a row's label) and the text rules (the word before a
//! figure).

use crate::text::lexicon::{ValueRole, VALUE_ROLE_WORDS};

/// Longest text (chars, brackets left out) a header may have and still name a role: `30年度実績`
/// does, a sentence about 計画実施にかかる財源 does not.
const MAX_HEADER: usize = 10;

/// The chars of `text` without its bracketed parts and spaces: `実績(決算)` → `実績`,
/// `累計 (28~30年度)` → `累計`.
fn core_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut depth = 0usize;
    text.chars().filter(move |&c| match c {
        '(' | '[' | '【' | '〔' | '<' => {
            depth += 1;
            false
        }
        ')' | ']' | '】' | '〕' | '>' => {
            depth = depth.saturating_sub(1);
            false
        }
        c => depth == 0 && !c.is_whitespace(),
    })
}

/// The role a header cell names (`目標値(R7)` → target, `実績(決算)` → actual, `差b-a` →
/// difference), or none. A header naming two roles (`計画実績`) names none, as does a long one.
pub fn header_role(text: &str) -> Option<ValueRole> {
    // A sentence is no header (checked first: this is asked of every line of a document).
    if text.len() > 40 * MAX_HEADER {
        return None;
    }
    // A core longer than a header names no role (`role_of_core`), so each is taken up to one
    // char past that length: most lines asked are far longer than any header.
    let c: String = core_chars(text).take(MAX_HEADER + 1).collect();
    // A role written only in brackets (`平成28年度(実績)`, `(目標)`) is the header's role too.
    let whole = || {
        text.chars()
            .filter(|c| !c.is_whitespace() && !"()[]【】〔〕<>".contains(*c))
            .take(MAX_HEADER + 1)
            .collect::<String>()
    };
    role_of_core(&c).or_else(|| role_of_core(&whole()))
}

fn role_of_core(c: &str) -> Option<ValueRole> {
    if c.is_empty() || c.chars().count() > MAX_HEADER || !holds_a_role_word(c) {
        return None;
    }
    let mut found: Option<ValueRole> = None;
    for &(role, words) in VALUE_ROLE_WORDS {
        if let Some(w) = words.iter().find(|w| c.contains(**w)) {
            // `差` alone, or first: not the 差 of `格差`.
            let kanji_before = || c[..c.len() - w.len()].chars().next_back().is_some_and(crate::text::chars::is_kanji);
            if role == ValueRole::Difference && !(c.starts_with(w) || c.ends_with(w) && !kanji_before()) {
                continue;
            }
            match found {
                None => found = Some(role),
                // 目標達成率 is a rate; 計画策定時 a baseline; 目標の累計 a target.
                Some(ValueRole::Rate) | Some(ValueRole::Difference) => {}
                Some(ValueRole::Baseline) if role == ValueRole::Target => {}
                Some(ValueRole::Cumulative) if role == ValueRole::Target => found = Some(role),
                Some(_) if role == ValueRole::Baseline && c.contains("計画策定時") => found = Some(role),
                Some(f) if f != role && !matches!(role, ValueRole::Current | ValueRole::Baseline) => return None,
                Some(_) => {}
            }
        }
    }
    found
}

/// Whether `c` holds any word of [`VALUE_ROLE_WORDS`] (one pass: asked of most lines and
/// cells, which hold none).
fn holds_a_role_word(c: &str) -> bool {
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            aho_corasick::AhoCorasick::new(VALUE_ROLE_WORDS.iter().flat_map(|(_, words)| words.iter()))
                .expect("role words compile")
        })
        .is_match(c)
}

/// The role a header path names: its innermost level naming one (`平成24年度` > `計画(予算)` →
/// target).
pub fn path_role(path: &[String]) -> Option<ValueRole> {
    path.iter().rev().find_map(|h| header_role(h))
}

/// The role word ending right before a figure in running text (`目標値:`, `実績額(決算額)は`,
/// `現状 `), with the word; only particles, brackets and colons may stand between.
pub fn label_before(before: &str) -> Option<(ValueRole, &'static str)> {
    // Strip what may stand between the word and the figure, innermost last: particles,
    // colons, a bracketed note (`実績額(決算額)は`) — unless the bracket holds the label itself
    // (`(目標)380人`).
    let mut t = before.trim_end();
    loop {
        let mut stripped = t.trim_end_matches(LINKS).trim_end_matches('約');
        for tail in LINK_WORDS {
            if let Some(s) = stripped.strip_suffix(tail) {
                stripped = s;
            }
        }
        let stripped = match stripped.strip_suffix(')') {
            Some(inner) => match inner.rfind('(') {
                Some(open) if inner.len() - open <= 30 => {
                    if let Some(found) = role_word_at_end(&inner[open + 1..]) {
                        return Some(found);
                    }
                    &inner[..open]
                }
                _ => stripped,
            },
            None => stripped,
        };
        if stripped == t {
            break;
        }
        t = stripped;
    }
    role_word_at_end(t)
}

/// Characters that may stand between a label and its figure.
const LINKS: [char; 12] = [':', '=', ' ', '、', 'は', 'が', 'で', '…', '・', '(', 'の', '→'];

/// Words that may stand between a label and its figure (`目標とした45ha`, `目標である30%`).
const LINK_WORDS: [&str; 5] = ["とした", "とする", "である", "として", "では"];

/// The role word `t` ends with, if it is a label (see [`label_before`]).
fn role_word_at_end(t: &str) -> Option<(ValueRole, &'static str)> {
    for &(role, words) in VALUE_ROLE_WORDS {
        if role == ValueRole::Difference {
            continue;
        }
        if let Some(w) = words.iter().find(|w| t.ends_with(**w)) {
            // `計画` ends many words that are no label (`事業計画`, `基本計画`): only 計画値 / 計画額
            // and the like count, or 計画 as a word of its own.
            if *w == "計画" || *w == "基準" || *w == "現状" {
                let before_word = t[..t.len() - w.len()].chars().next_back();
                if before_word
                    .is_some_and(|c| crate::text::chars::is_kanji(c) || c.is_alphanumeric() && !c.is_ascii_digit())
                {
                    // 年度目標 / 令和7年度目標: a year before the word is fine.
                    if !t[..t.len() - w.len()].ends_with("年度") && !t[..t.len() - w.len()].ends_with('年') {
                        continue;
                    }
                }
            }
            return Some((role, w));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_their_role() {
        assert_eq!(header_role("目標値(R6)"), Some(ValueRole::Target));
        assert_eq!(header_role("実績(決算)"), Some(ValueRole::Actual));
        assert_eq!(header_role("計画(予算)"), Some(ValueRole::Target));
        assert_eq!(header_role("30年度実績"), Some(ValueRole::Actual));
        assert_eq!(header_role("累計 (28~30年度)"), Some(ValueRole::Cumulative));
        assert_eq!(header_role("達成率"), Some(ValueRole::Rate));
        assert_eq!(header_role("目標達成率"), Some(ValueRole::Rate));
        assert_eq!(header_role("差b-a"), Some(ValueRole::Difference));
        assert_eq!(header_role("基準値(R2)"), Some(ValueRole::Baseline));
        assert_eq!(header_role("計画策定時"), Some(ValueRole::Baseline));
        assert_eq!(header_role("現状値"), Some(ValueRole::Current));
        assert_eq!(header_role("平成28年度 (実績)"), Some(ValueRole::Actual));
        assert_eq!(header_role("(目標)"), Some(ValueRole::Target));
        assert_eq!(header_role("区分"), None);
        assert_eq!(header_role("計画実施にかかる財源の確保状況"), None);
        assert_eq!(header_role("格差"), None);
    }

    #[test]
    fn labels_end_right_before_their_figure() {
        assert_eq!(label_before("計画額"), Some((ValueRole::Target, "計画額")));
        assert_eq!(label_before("に対して実績額(決算額)は"), Some((ValueRole::Actual, "実績額")));
        assert_eq!(label_before("目標:"), Some((ValueRole::Target, "目標")));
        assert_eq!(label_before("令和7年度目標 "), Some((ValueRole::Target, "目標")));
        assert_eq!(label_before("数値目標:"), Some((ValueRole::Target, "目標")));
        assert_eq!(label_before("(目標)"), Some((ValueRole::Target, "目標")));
        assert_eq!(label_before("目標の"), Some((ValueRole::Target, "目標")));
        assert_eq!(label_before("目標とした"), Some((ValueRole::Target, "目標")));
        assert_eq!(label_before("基本計画では"), None);
        assert_eq!(label_before("事業計画"), None);
        assert_eq!(label_before("参加者は"), None);
    }
}
