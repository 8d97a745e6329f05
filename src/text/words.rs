//! A list of words found in a text with searchers prepared once: where each word occurs (a
//! SIMD `memmem` searcher per word), or whether any occurs at all (one automaton pass for the
//! whole list). A reader that looks for several words in every line or document would
//! otherwise set up a searcher per word per call, or scan once a word.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;

/// A word list and its searchers (each made on first use).
pub struct Words {
    list: &'static [&'static str],
    finders: OnceLock<Vec<Finder<'static>>>,
    any: OnceLock<AhoCorasick>,
}

impl Words {
    pub const fn new(list: &'static [&'static str]) -> Words {
        Words { list, finders: OnceLock::new(), any: OnceLock::new() }
    }

    /// Whether `t` holds any of the words.
    pub fn any_in(&self, t: &str) -> bool {
        self.any.get_or_init(|| AhoCorasick::new(self.list).expect("word list compiles")).is_match(t)
    }

    pub fn list(&self) -> &'static [&'static str] {
        self.list
    }

    /// Where each word occurs in `t`, as `(index in the list, byte offset)`, in the order
    /// `for w in list { for (at, _) in t.match_indices(w) { … } }` gives them: word by word in
    /// the list's order, each left to right and never overlapping itself.
    pub fn occurrences(&self, t: &str) -> Vec<(usize, usize)> {
        let finders = self.finders.get_or_init(|| self.list.iter().map(|w| Finder::new(w.as_bytes())).collect());
        finders.iter().enumerate().flat_map(|(k, f)| f.find_iter(t.as_bytes()).map(move |at| (k, at))).collect()
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
    fn any_in_is_any_word_contained() {
        for t in ["", "を目", "30%を目標に", "標をあ", "ああ"] {
            assert_eq!(CUES.any_in(t), CUES.list().iter().any(|w| t.contains(w)), "{t}");
        }
    }

    #[test]
    fn as_one_pass_a_word_gives_them() {
        for t in ["", "30%を目標に、50件を目標とする", "ああああああ", "目標を目標を目標", "あああ目標をああ"]
        {
            assert_eq!(CUES.occurrences(t), one_pass_a_word(t), "{t}");
        }
    }
}
