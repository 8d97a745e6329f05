//! A list of words found in a text, each with a searcher prepared once (SIMD `memmem`): a
//! reader that looks for several cue words over every document would otherwise set up a
//! searcher per word per document, or walk the text with a char searcher.

use std::sync::OnceLock;

use memchr::memmem::Finder;

/// A word list and a prepared searcher per word (made on first use).
pub struct Words {
    list: &'static [&'static str],
    finders: OnceLock<Vec<Finder<'static>>>,
}

impl Words {
    pub const fn new(list: &'static [&'static str]) -> Words {
        Words { list, finders: OnceLock::new() }
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
    fn as_one_pass_a_word_gives_them() {
        for t in ["", "30%を目標に、50件を目標とする", "ああああああ", "目標を目標を目標", "あああ目標をああ"]
        {
            assert_eq!(CUES.occurrences(t), one_pass_a_word(t), "{t}");
        }
    }
}
