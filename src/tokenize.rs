//! Stage 3: normalized text → tokens with a coarse part of speech, by lindera with the
//! embedded IPADIC and keikaku's user dictionary.
//!
//! One [`Tokenizer`] is loaded per process (the dictionary is embedded, so this costs about a
//! millisecond) and each rayon thread gets its own [`TokenizerWorker`], which reuses lindera's
//! lattice and caches the part of speech of every word it has seen: decoding a token's
//! details from the dictionary costs as much as segmenting it, and the same few thousand
//! words recur throughout a corpus.
//!
//! Text is segmented line by line (a line is never a sentence boundary problem in these
//! documents) and very long lines in chunks, so memory stays bounded on pathological input.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use lindera::dictionary::UserDictionary;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::worker::SegmentWorker;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::viterbi::LexType;

/// The user dictionary shipped with keikaku (`dictionaries/user.csv`), embedded.
pub const DEFAULT_USER_DICTIONARY: &str = include_str!("../dictionaries/user.csv");

/// Longest piece of text handed to lindera at once; longer lines are cut at a char boundary
/// near this size (preferring punctuation) so the lattice stays small.
const MAX_CHUNK_BYTES: usize = 8 * 1024;

/// Why the tokenizer could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenizeError {
    #[error("cannot load the embedded IPADIC dictionary: {0}")]
    Dictionary(String),
    #[error("user dictionary {path}: {reason}; each row must be `surface,left_id,right_id,cost,pos,...` (13 IPADIC fields) or `surface,pos,reading`")]
    UserDictionary { path: String, reason: String },
}

/// Coarse part of speech, enough for extraction and segmentation decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PosClass {
    /// 名詞,数
    Number,
    /// 名詞,接尾,助数詞 — 社, 件, 人, 回 …
    Counter,
    /// 名詞,接尾 (other than counters)
    NounSuffix,
    /// 名詞,固有名詞
    ProperNoun,
    /// other 名詞
    Noun,
    Verb,
    Adjective,
    Adverb,
    Particle,
    AuxVerb,
    Prefix,
    Symbol,
    Other,
}

impl PosClass {
    /// Classifies IPADIC's first two part-of-speech fields.
    pub fn from_ipadic(pos: &str, sub1: &str) -> PosClass {
        match (pos, sub1) {
            ("名詞", "数") => PosClass::Number,
            ("名詞", "接尾") => PosClass::NounSuffix,
            ("名詞", "固有名詞") => PosClass::ProperNoun,
            ("名詞", _) => PosClass::Noun,
            ("動詞", _) => PosClass::Verb,
            ("形容詞", _) => PosClass::Adjective,
            ("副詞", _) => PosClass::Adverb,
            ("助詞", _) => PosClass::Particle,
            ("助動詞", _) => PosClass::AuxVerb,
            ("接頭詞", _) => PosClass::Prefix,
            ("記号", _) => PosClass::Symbol,
            _ => PosClass::Other,
        }
    }

    /// True for anything that can be part of a noun phrase (subjects, key nouns).
    pub fn is_nominal(self) -> bool {
        matches!(
            self,
            PosClass::Number | PosClass::Counter | PosClass::NounSuffix | PosClass::ProperNoun | PosClass::Noun
        )
    }
}

/// A token: a byte range of the normalized text and its part of speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub norm_start: usize,
    pub norm_end: usize,
    pub pos: PosClass,
}

impl Token {
    pub fn text<'a>(&self, norm_text: &'a str) -> &'a str {
        &norm_text[self.norm_start..self.norm_end]
    }
}

/// The shared, loaded-once tokenizer.
#[derive(Clone)]
pub struct Tokenizer {
    segmenter: Segmenter,
}

impl Tokenizer {
    /// Loads IPADIC and the user dictionary: keikaku's own when `user_dict` is `None`,
    /// else the CSV at that path.
    pub fn new(user_dict: Option<&Path>) -> Result<Tokenizer, TokenizeError> {
        let dictionary = keikaku_ipadic::load().map_err(|e| TokenizeError::Dictionary(e.to_string()))?;
        let user = match user_dict {
            None => build_user_dictionary(DEFAULT_USER_DICTIONARY.as_bytes(), "(built-in dictionaries/user.csv)")?,
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|e| TokenizeError::UserDictionary {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?;
                build_user_dictionary(&bytes, &path.display().to_string())?
            }
        };
        Ok(Tokenizer { segmenter: Segmenter::new(Mode::Normal, dictionary, Some(user)) })
    }

    /// A worker for one thread.
    pub fn worker(&self) -> TokenizerWorker {
        TokenizerWorker { worker: self.segmenter.new_worker(), system_pos: Vec::new(), other_pos: HashMap::new() }
    }

    /// The lindera segmenter (for `keikaku tokens`, which prints full details).
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }
}

fn build_user_dictionary(csv: &[u8], name: &str) -> Result<UserDictionary, TokenizeError> {
    DictionaryBuilder::new(keikaku_ipadic::metadata())
        .build_user_dict_from_reader(csv)
        .map_err(|e| TokenizeError::UserDictionary { path: name.to_string(), reason: e.to_string() })
}

/// Per-thread tokenizer state: lindera's reusable lattice and a part-of-speech cache.
pub struct TokenizerWorker {
    worker: SegmentWorker,
    /// Part of speech of system-dictionary words, indexed by word id (filled on first sight).
    system_pos: Vec<Option<PosClass>>,
    /// Part of speech of user-dictionary and unknown words.
    other_pos: HashMap<(u8, u32), PosClass>,
}

impl TokenizerWorker {
    /// Tokenizes the whole normalized text, line by line. Whitespace is not a token.
    pub fn tokenize(&mut self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::with_capacity(text.len() / 6);
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            self.tokenize_line(line, line_start, &mut tokens);
            line_start += line.len();
        }
        tokens
    }

    /// Tokenizes one line (`base` is its offset in the text), in chunks when it is long.
    fn tokenize_line(&mut self, line: &str, base: usize, out: &mut Vec<Token>) {
        let mut chunk_start = 0;
        while chunk_start < line.len() {
            let chunk_end = chunk_end(line, chunk_start);
            let chunk = &line[chunk_start..chunk_end];
            if !chunk.trim().is_empty() {
                self.tokenize_piece(chunk, base + chunk_start, out);
            }
            chunk_start = chunk_end;
        }
    }

    fn tokenize_piece(&mut self, piece: &str, base: usize, out: &mut Vec<Token>) {
        let Self { worker, system_pos, other_pos } = self;
        let Ok(segmented) = worker.segment(piece) else {
            // lindera fails only on internal errors; the text is still covered by segmentation
            // and extraction, which do not need tokens to work.
            return;
        };
        for mut token in segmented {
            let surface = token.surface.as_ref();
            // Whitespace only (as `trim` reads it): one char read for a word.
            if surface.chars().all(char::is_whitespace) {
                continue;
            }
            let (start, end) = (token.byte_start, token.byte_end);
            let id = token.word_id.id();
            let cached = match token.word_id.lex_type() {
                LexType::System => system_pos.get(id as usize).copied().flatten(),
                LexType::User => other_pos.get(&(1, id)).copied(),
                LexType::Unknown => other_pos.get(&(2, id)).copied(),
            };
            let pos = match cached {
                Some(pos) => pos,
                None => {
                    let pos = pos_of(&mut token);
                    match token.word_id.lex_type() {
                        LexType::System => {
                            let i = id as usize;
                            if system_pos.len() <= i {
                                system_pos.resize(i + 1, None);
                            }
                            system_pos[i] = Some(pos);
                        }
                        LexType::User => {
                            other_pos.insert((1, id), pos);
                        }
                        LexType::Unknown => {
                            other_pos.insert((2, id), pos);
                        }
                    }
                    pos
                }
            };
            out.push(Token { norm_start: base + start, norm_end: base + end, pos });
        }
    }
}

/// A document's tokens, made when a stage first asks for them and only for the lines it asks
/// for. Tokenization is most of `convert`'s time, and most lines never need tokens: subjects
/// are read from tokens only on the lines holding a count, percentage or amount that has no
/// column header or colon label to name it (segmentation, plan pairing included, reads
/// characters). Lines are tokenized one by one in any case, so a line's tokens are the same
/// whichever way it is asked for.
pub struct LineTokens<'a> {
    worker: Option<&'a mut TokenizerWorker>,
    text: &'a str,
    /// Sorted by offset.
    tokens: Vec<Token>,
    /// Start offsets of the lines tokenized so far, sorted.
    lines_done: Vec<usize>,
    all_done: bool,
    bytes_tokenized: usize,
    time: Duration,
}

impl<'a> LineTokens<'a> {
    pub fn new(worker: &'a mut TokenizerWorker, text: &'a str) -> LineTokens<'a> {
        LineTokens { worker: Some(worker), ..LineTokens::none(text) }
    }

    /// No tokenizer: every request gets no tokens, and the stages fall back to character
    /// classes (as in the extraction benchmark and tests of segmentation alone).
    pub fn none(text: &'a str) -> LineTokens<'a> {
        LineTokens {
            worker: None,
            text,
            tokens: Vec::new(),
            lines_done: Vec::new(),
            all_done: false,
            bytes_tokenized: 0,
            time: Duration::ZERO,
        }
    }

    /// The tokens of every line.
    pub fn all(&mut self) -> &[Token] {
        if !self.all_done {
            if let Some(worker) = self.worker.as_deref_mut() {
                let started = Instant::now();
                self.tokens = worker.tokenize(self.text);
                self.bytes_tokenized = self.text.len();
                self.time += started.elapsed();
            }
            self.all_done = true;
            self.lines_done.clear();
        }
        &self.tokens
    }

    /// The tokens known so far, with those of the lines holding `offsets` added: a sorted
    /// slice in which each of those lines is complete.
    pub fn lines_at(&mut self, offsets: impl IntoIterator<Item = usize>) -> &[Token] {
        let Some(worker) = self.worker.as_deref_mut().filter(|_| !self.all_done) else {
            return &self.tokens;
        };
        let started = Instant::now();
        let text = self.text;
        // Line starts of the offsets, in one pass over the text (offsets sorted first).
        let mut offsets: Vec<usize> = offsets.into_iter().filter(|&o| o <= text.len()).collect();
        offsets.sort_unstable();
        let mut starts: Vec<usize> = Vec::with_capacity(offsets.len());
        let (mut line_start, mut scanned) = (0, 0);
        for o in offsets {
            if let Some(i) = memchr::memrchr(b'\n', &text.as_bytes()[scanned..o]) {
                line_start = scanned + i + 1;
            }
            scanned = o;
            if starts.last() != Some(&line_start) {
                starts.push(line_start);
            }
        }
        starts.retain(|s| self.lines_done.binary_search(s).is_err());
        if starts.is_empty() {
            return &self.tokens;
        }
        let mut added = Vec::new();
        for &start in &starts {
            let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1);
            worker.tokenize_line(&text[start..end], start, &mut added);
            self.bytes_tokenized += end - start;
        }
        if self.tokens.is_empty() {
            self.tokens = added;
        } else {
            // Both sorted, on different lines: merge.
            let old = std::mem::take(&mut self.tokens);
            let mut merged = Vec::with_capacity(old.len() + added.len());
            let (mut i, mut j) = (0, 0);
            while i < old.len() && j < added.len() {
                if old[i].norm_start <= added[j].norm_start {
                    merged.push(old[i]);
                    i += 1;
                } else {
                    merged.push(added[j]);
                    j += 1;
                }
            }
            merged.extend_from_slice(&old[i..]);
            merged.extend_from_slice(&added[j..]);
            self.tokens = merged;
        }
        self.lines_done.extend(starts);
        self.lines_done.sort_unstable();
        self.time += started.elapsed();
        &self.tokens
    }

    /// Bytes of the text that were tokenized.
    pub fn bytes_tokenized(&self) -> usize {
        self.bytes_tokenized
    }

    /// Time spent tokenizing (for the stages benchmark).
    pub fn time(&self) -> Duration {
        self.time
    }

    pub fn into_tokens(self) -> Vec<Token> {
        self.tokens
    }
}

/// Decodes a token's part of speech from the dictionary (the slow path the cache avoids).
fn pos_of(token: &mut lindera::token::Token) -> PosClass {
    let mut details = token.details_iter();
    let pos = details.next().unwrap_or("*").to_string();
    let sub1 = details.next().unwrap_or("*");
    let class = PosClass::from_ipadic(&pos, sub1);
    if class == PosClass::NounSuffix && details.next() == Some("助数詞") {
        PosClass::Counter
    } else {
        class
    }
}

/// End of the chunk starting at `start`: the whole rest of the line when short enough, else a
/// cut after the last punctuation or space before the limit (or at the limit).
fn chunk_end(line: &str, start: usize) -> usize {
    if line.len() - start <= MAX_CHUNK_BYTES {
        return line.len();
    }
    let mut limit = start + MAX_CHUNK_BYTES;
    while !line.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &line[start..limit];
    window
        .rfind(['。', '、', ' ', '\t', ',', '.'])
        .map(|i| start + i + window[i..].chars().next().map_or(1, char::len_utf8))
        .filter(|&e| e > start)
        .unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn tokenizer() -> &'static Tokenizer {
        static T: OnceLock<Tokenizer> = OnceLock::new();
        T.get_or_init(|| Tokenizer::new(None).expect("tokenizer loads"))
    }

    fn tokens(text: &str) -> Vec<(String, PosClass)> {
        tokenizer().worker().tokenize(text).into_iter().map(|t| (t.text(text).to_string(), t.pos)).collect()
    }

    #[test]
    fn counters_are_tagged() {
        let t = tokens("参加企業165社");
        assert!(t.contains(&("165".into(), PosClass::Number)), "{t:?}");
        assert!(t.contains(&("社".into(), PosClass::Counter)), "{t:?}");
    }

    #[test]
    fn domain_terms_are_single_tokens() {
        for (term, class) in [
            ("健都", PosClass::ProperNoun),
            ("彩都", PosClass::ProperNoun),
            ("未来医療国際拠点", PosClass::ProperNoun),
            ("HBNet", PosClass::ProperNoun),
            ("PMDA", PosClass::ProperNoun),
            ("O-BIC", PosClass::ProperNoun),
            ("NLAB", PosClass::ProperNoun),
            ("クラスター", PosClass::Noun),
            ("H2Osaka", PosClass::ProperNoun),
            ("5G", PosClass::Noun),
        ] {
            let text = format!("{term}の形成を推進する");
            let t = tokens(&text);
            assert_eq!(t[0], (term.to_string(), class), "{text}: {t:?}");
        }
    }

    #[test]
    fn offsets_are_into_the_whole_text() {
        let text = "一行目\n\tHBNetへの参画企業:28社\n";
        let toks = tokenizer().worker().tokenize(text);
        assert!(toks.iter().any(|t| t.text(text) == "HBNet"));
        assert!(toks.iter().all(|t| text.is_char_boundary(t.norm_start) && text.is_char_boundary(t.norm_end)));
    }

    #[test]
    fn long_lines_are_chunked_on_char_boundaries() {
        let line = "健康・医療関連産業、".repeat(2000);
        let toks = tokenizer().worker().tokenize(&line);
        assert!(toks.windows(2).all(|w| w[0].norm_end <= w[1].norm_start));
        assert_eq!(toks.last().unwrap().norm_end, line.len());
    }

    #[test]
    fn lines_asked_for_get_the_tokens_a_whole_tokenization_gives_them() {
        let text = "第1回 会議で3社が参加した。\n\n予算は50万円\n目標:成約10件、達成率80%\n最後の行";
        let whole = tokenizer().worker().tokenize(text);
        let mut worker = tokenizer().worker();
        let mut lazy = LineTokens::new(&mut worker, text);
        // Asked out of order and twice: the third line, then the first, then the third again.
        let third = text.find("目標").unwrap();
        lazy.lines_at([third + 3, 5]);
        let got = lazy.lines_at([third]).to_vec();
        let on_lines =
            |t: &Token| t.norm_start < text.find('\n').unwrap() || (third..third + 40).contains(&t.norm_start);
        let expected: Vec<Token> =
            whole.iter().copied().filter(|t| on_lines(t) && t.norm_start < text.rfind('\n').unwrap()).collect();
        assert_eq!(got, expected);
        assert!(lazy.bytes_tokenized() < text.len());
        assert_eq!(lazy.all(), whole.as_slice());
    }

    #[test]
    fn without_a_tokenizer_no_line_gets_tokens() {
        let mut lazy = LineTokens::none("3社\n5件");
        assert!(lazy.lines_at([0, 4]).is_empty() && lazy.all().is_empty());
    }
}
