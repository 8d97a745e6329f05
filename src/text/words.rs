//! A list of words found in a text in one pass, however long the list: a reader that looks
//! for each of several cue words over a whole document would otherwise scan it once a word.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// A word list and the automaton that finds its words (built on first use).
pub struct Words {
    list: &'static [&'static str],
    automaton: OnceLock<AhoCorasick>,
}

impl Words {
    pub const fn new(list: &'static [&'static str]) -> Words {
        Words { list, automaton: OnceLock::new() }
    }

    pub fn list(&self) -> &'static [&'static str] {
        self.list
    }

    /// Where each word occurs in `t`, as `(index in the list, byte offset)`, in the order
    /// `for w in list { for (at, _) in t.match_indices(w) { … } }` gives them: word by word in
    /// the list's order, each left to right and never overlapping itself.
    pub fn occurrences(&self, t: &str) -> Vec<(usize, usize)> {
        let automaton = self.automaton.get_or_init(|| {
            debug_assert!(
                self.list.iter().enumerate().all(|(i, w)| !self.list[..i].contains(w)),
                "a word is listed twice"
            );
            AhoCorasick::builder().kind(Some(AhoCorasickKind::DFA)).build(self.list).expect("word list compiles")
        });
        let mut hits: Vec<(usize, usize)> =
            automaton.find_overlapping_iter(t).map(|m| (m.pattern().as_usize(), m.start())).collect();
        hits.sort_unstable();
        // `match_indices` goes on past the end of each match it gives.
        let mut out = Vec::with_capacity(hits.len());
        let mut kept: Option<(usize, usize)> = None;
        for (w, at) in hits {
            if kept.is_some_and(|(kw, end)| kw == w && at < end) {
                continue;
            }
            kept = Some((w, at + self.list[w].len()));
            out.push((w, at));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static CUES: Words = Words::new(&["を目標", "目標", "ああ", "標を"]);

    /// What `occurrences` stands for: one `match_indices` pass a word.
    fn one_pass_a_word(t: &str) -> Vec<(usize, usize)> {
        CUES.list().iter().enumerate().flat_map(|(k, w)| t.match_indices(w).map(move |(at, _)| (k, at))).collect()
    }

    #[test]
    fn as_one_pass_a_word_gives_them() {
        for t in ["", "30%を目標に、50件を目標とする", "ああああああ", "目標を目標を目標", "あああ目標をああ"]
        {
            assert_eq!(CUES.occurrences(t), one_pass_a_word(t), "{t}");
        }
    }
}
