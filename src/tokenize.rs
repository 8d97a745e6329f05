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
use std::ops::Range;
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
        for chunk in chunks(line) {
            let piece = &line[chunk.clone()];
            if !piece.trim().is_empty() {
                self.tokenize_piece(piece, base + chunk.start, out);
            }
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

/// A document's tokens, made when a stage first asks for them and only for the text it asks
/// for. Tokenization is most of `convert`'s time, and most text never needs tokens: subjects
/// are read from tokens only around a count, percentage or amount that has no column header
/// or colon label to name it (segmentation, plan pairing included, reads characters).
///
/// Text is tokenized in whole lindera sentences. lindera's segmenter cuts what it is given
/// after each `\n`, `\t`, `。` and `、` and runs its lattice on each piece alone
/// (`find_sentence_end` in lindera 6.2's `segmenter.rs`), and keikaku hands it a line at a time
/// (in chunks when very long, [`MAX_CHUNK_BYTES`]): so a sentence of a chunk has the same tokens
/// whether it is tokenized alone or with its whole line, and a stretch of text is known whole
/// once each sentence overlapping it is. [`LineTokens::known`] says which stretches are.
pub struct LineTokens<'a> {
    worker: Option<&'a mut TokenizerWorker>,
    text: &'a str,
    /// Sorted by offset.
    tokens: Vec<Token>,
    /// The stretches of text tokenized so far: sorted, apart (touching ones are joined), each
    /// beginning and ending where a sentence does.
    done: Vec<Range<usize>>,
    bytes_tokenized: usize,
    time: Duration,
}

/// Whether lindera ends a sentence after `b`, the last byte of a char: `\n`, `\t`, or the last
/// byte of `。` (E3 80 82) or `、` (E3 80 81) when the two before it are E3 80.
fn ends_sentence(bytes: &[u8], last: usize) -> bool {
    match bytes[last] {
        b'\n' | b'\t' => true,
        0x81 | 0x82 => last >= 2 && bytes[last - 2] == 0xE3 && bytes[last - 1] == 0x80,
        _ => false,
    }
}

/// How far from an offset its sentence's ends are looked for; past that the line's end is
/// taken, so a line of megabytes with no punctuation is scanned about once, not once per ask.
const SENTENCE_SCAN_BYTES: usize = 4 * 1024;

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
            done: Vec::new(),
            bytes_tokenized: 0,
            time: Duration::ZERO,
        }
    }

    /// The tokens of every line.
    pub fn all(&mut self) -> &[Token] {
        let whole = 0..self.text.len();
        if self.done.first() != Some(&whole) {
            if let Some(worker) = self.worker.as_deref_mut() {
                let started = Instant::now();
                self.tokens = worker.tokenize(self.text);
                self.bytes_tokenized = self.text.len();
                self.time += started.elapsed();
                self.done = vec![whole];
            }
        }
        &self.tokens
    }

    /// The tokens known so far, with those of the lines holding `offsets` added: a sorted
    /// slice in which each of those lines is complete.
    pub fn lines_at(&mut self, offsets: impl IntoIterator<Item = usize>) -> &[Token] {
        self.ask(offsets.into_iter().map(|o| o..o + 1), false, |_, line| line)
    }

    /// The tokens known so far, with those of the sentence holding the char at each of
    /// `offsets` added (a sentence as lindera cuts one, above).
    pub fn sentences_at(&mut self, offsets: impl IntoIterator<Item = usize>) -> &[Token] {
        self.spans_at(offsets.into_iter().map(|o| o..o + 1))
    }

    /// The tokens known so far, with those of the sentences overlapping each of `spans` added
    /// (each span on one line).
    pub fn spans_at(&mut self, spans: impl IntoIterator<Item = Range<usize>>) -> &[Token] {
        let text = self.text.as_bytes();
        self.ask(spans, true, |span, line| {
            let (o, last) = (span.start, span.end.max(span.start + 1) - 1);
            // Back to just after the last sentence end before `o` (or the line's start).
            let floor = o.saturating_sub(SENTENCE_SCAN_BYTES).max(line.start);
            let mut start = o;
            while start > floor && !ends_sentence(text, start - 1) {
                start -= 1;
            }
            if start == floor {
                start = if floor == line.start || ends_sentence(text, floor - 1) { floor } else { line.start };
            }
            // On to just after the first sentence end at or after `last` (or the line's end).
            let ceil = last.saturating_add(SENTENCE_SCAN_BYTES).min(line.end);
            let mut end = last;
            while end < ceil && !ends_sentence(text, end) {
                end += 1;
            }
            let end = if end < ceil { end + 1 } else { line.end };
            start..end
        })
    }

    /// What is known so far: the tokens and the stretches of text they cover whole.
    pub fn known(&self) -> KnownTokens<'_> {
        KnownTokens { tokens: &self.tokens, done: &self.done, tokenized: self.worker.is_some() }
    }

    /// Tokenizes, for each of `spans` (each on one line), the stretch `stretch(span, its line)`
    /// returns (a run of whole sentences of that line), less what is known already.
    /// `sentences`: the stretch is the span's sentences, known whole when the span is.
    fn ask(
        &mut self,
        spans: impl IntoIterator<Item = Range<usize>>,
        sentences: bool,
        stretch: impl Fn(Range<usize>, Range<usize>) -> Range<usize>,
    ) -> &[Token] {
        let Some(worker) = self.worker.as_deref_mut() else {
            return &self.tokens;
        };
        let started = Instant::now();
        let text = self.text;
        let bytes = text.as_bytes();
        let mut spans: Vec<Range<usize>> = spans
            .into_iter()
            .filter(|s| s.start < text.len())
            .map(|s| s.start..s.end.clamp(s.start + 1, text.len()))
            .collect();
        spans.sort_unstable_by_key(|s| (s.start, s.end));
        spans.dedup();
        let mut added: Vec<Token> = Vec::new();
        let mut asked: Vec<Range<usize>> = Vec::new();
        // The line of the spans in turn (found in one pass over the text) and its chunks.
        let (mut line_start, mut scanned) = (0, 0);
        let mut line: Option<Range<usize>> = None;
        let mut chunks: Vec<usize> = Vec::new();
        for span in spans {
            let o = span.start;
            if let Some(i) = memchr::memrchr(b'\n', &bytes[scanned..o]) {
                line_start = scanned + i + 1;
            }
            scanned = o;
            let line = match &line {
                Some(l) if l.start == line_start => l.clone(),
                _ => {
                    let end = memchr::memchr(b'\n', &bytes[o..]).map_or(text.len(), |i| o + i + 1);
                    chunks.clear();
                    line.insert(line_start..end).clone()
                }
            };
            let within = |r: &Range<usize>| r.start <= span.start && span.end <= r.end;
            if asked.last().is_some_and(within) || (sentences && last_starting_by(&self.done, o).is_some_and(within)) {
                continue;
            }
            let mut want = stretch(span, line.clone());
            // Stretches of one request are apart: a later one starts where the last ended.
            if let Some(last) = asked.last() {
                want.start = want.start.max(last.end);
            }
            if chunks.is_empty() {
                chunks.extend(self::chunks(&text[line.clone()]).map(|c| line.start + c.start));
                chunks.push(line.end);
            }
            for part in missing(&self.done, want.clone()) {
                // Each chunk's share of the part: whole sentences of that chunk.
                let mut k = chunks.partition_point(|&c| c <= part.start).saturating_sub(1);
                while k + 1 < chunks.len() && chunks[k] < part.end {
                    let (from, to) = (part.start.max(chunks[k]), part.end.min(chunks[k + 1]));
                    if from < to && !text[from..to].trim().is_empty() {
                        worker.tokenize_piece(&text[from..to], from, &mut added);
                    }
                    k += 1;
                }
                self.bytes_tokenized += part.end - part.start;
            }
            asked.push(want);
        }
        if !added.is_empty() {
            merge_tokens(&mut self.tokens, added);
        }
        if !asked.is_empty() {
            join_stretches(&mut self.done, asked);
        }
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

/// The tokens a [`LineTokens`] has made, with the stretches of text they cover whole: a
/// reader that needs the tokens of some text knows whether it has them all.
#[derive(Clone, Copy)]
pub struct KnownTokens<'t> {
    tokens: &'t [Token],
    done: &'t [Range<usize>],
    tokenized: bool,
}

impl<'t> KnownTokens<'t> {
    /// The tokens of a whole text (empty: there is no tokenizer, and readers fall back to
    /// character classes).
    pub fn whole(tokens: &'t [Token]) -> KnownTokens<'t> {
        // One stretch, the whole text (a slice of one range, not a range of indices).
        #[allow(clippy::single_range_in_vec_init)]
        const EVERYWHERE: &[Range<usize>] = &[0..usize::MAX];
        KnownTokens { tokens, done: EVERYWHERE, tokenized: !tokens.is_empty() }
    }

    /// Sorted by offset.
    pub fn tokens(&self) -> &'t [Token] {
        self.tokens
    }

    /// Whether there is a tokenizer at all.
    pub fn tokenized(&self) -> bool {
        self.tokenized
    }

    /// The stretch of text around `pos` (`start <= pos <= end`) whose tokens are all known.
    pub fn stretch(&self, pos: usize) -> Option<Range<usize>> {
        last_starting_by(self.done, pos).filter(|r| pos <= r.end).cloned()
    }
}

/// The last stretch of `done` (sorted, apart) that starts at or before `pos`.
fn last_starting_by(done: &[Range<usize>], pos: usize) -> Option<&Range<usize>> {
    done[..done.partition_point(|r| r.start <= pos)].last()
}

/// The parts of `want` no stretch of `done` (sorted, apart) holds, in order.
fn missing(done: &[Range<usize>], want: Range<usize>) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut at = want.start;
    let first = done.partition_point(|r| r.end <= want.start);
    for r in &done[first..] {
        if r.start >= want.end {
            break;
        }
        if r.start > at {
            parts.push(at..r.start);
        }
        at = at.max(r.end);
    }
    if at < want.end {
        parts.push(at..want.end);
    }
    parts
}

/// `done` with the stretches of `asked` (sorted, apart) added; touching stretches are joined.
fn join_stretches(done: &mut Vec<Range<usize>>, asked: Vec<Range<usize>>) {
    let mut all: Vec<Range<usize>> = Vec::with_capacity(done.len() + asked.len());
    let (mut i, mut j) = (0, 0);
    while i < done.len() || j < asked.len() {
        let next = if j == asked.len() || (i < done.len() && done[i].start <= asked[j].start) {
            i += 1;
            done[i - 1].clone()
        } else {
            j += 1;
            asked[j - 1].clone()
        };
        match all.last_mut() {
            Some(last) if next.start <= last.end => last.end = last.end.max(next.end),
            _ => all.push(next),
        }
    }
    *done = all;
}

/// `tokens` with `added` merged in (both sorted; they are on different text).
fn merge_tokens(tokens: &mut Vec<Token>, added: Vec<Token>) {
    if tokens.is_empty() {
        *tokens = added;
        return;
    }
    let old = std::mem::take(tokens);
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
    *tokens = merged;
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

/// The chunks a line is handed to lindera in (byte ranges of `line`): the whole line when
/// short enough, else pieces cut by [`chunk_end`].
fn chunks(line: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        (start < line.len()).then(|| {
            let end = chunk_end(line, start);
            let chunk = start..end;
            start = end;
            chunk
        })
    })
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

    /// The tokens of `whole` that start inside `stretch`.
    fn inside(whole: &[Token], stretch: &Range<usize>) -> Vec<Token> {
        whole.iter().copied().filter(|t| stretch.contains(&t.norm_start)).collect()
    }

    #[test]
    fn sentences_asked_for_get_the_tokens_a_whole_tokenization_gives_them() {
        let text = "前置き\n研修会を開催し、延べ45人が参加した。相談\t12件\n次の行、ここ";
        let whole = tokenizer().worker().tokenize(text);
        let mut worker = tokenizer().worker();
        let mut lazy = LineTokens::new(&mut worker, text);
        let at = text.find("延べ").unwrap();
        lazy.sentences_at([at]);
        let known = lazy.known();
        // The sentence runs from after `、` to after `。`, and no further.
        let stretch = known.stretch(at).expect("known around the ask");
        assert_eq!(&text[stretch.clone()], "延べ45人が参加した。");
        assert_eq!(known.tokens(), inside(&whole, &stretch).as_slice());
        // A tab ends a sentence too; asking again for known text tokenizes nothing.
        let before = lazy.bytes_tokenized();
        lazy.sentences_at([text.find("12件").unwrap(), at + 3]);
        let stretch = lazy.known().stretch(text.find("12件").unwrap()).unwrap();
        assert_eq!(&text[stretch.clone()], "12件\n");
        assert_eq!(lazy.bytes_tokenized() - before, "12件\n".len());
        // The line of a sentence asked for before: the rest of it, joined to what was known.
        lazy.lines_at([at]);
        let line = text.find("研修会").unwrap()..text.find("次の行").unwrap();
        assert_eq!(lazy.known().stretch(at), Some(line.clone()));
        assert_eq!(lazy.known().tokens(), inside(&whole, &line).as_slice());
    }

    #[test]
    fn sentences_of_a_line_cut_into_chunks_are_those_of_the_whole_line() {
        // Past MAX_CHUNK_BYTES a line is tokenized in chunks, cut where a sentence may not end.
        let line = format!("{}。\n", "健康・医療関連産業の振興と研究開発 ".repeat(600));
        assert!(line.len() > 2 * MAX_CHUNK_BYTES);
        let whole = tokenizer().worker().tokenize(&line);
        let mut worker = tokenizer().worker();
        let mut lazy = LineTokens::new(&mut worker, &line);
        let middle = line.char_indices().map(|(i, _)| i).find(|&i| i > MAX_CHUNK_BYTES + 100).unwrap();
        lazy.sentences_at([middle, 10]);
        let known = lazy.known();
        let stretch = known.stretch(middle).unwrap();
        assert!(stretch.start <= 10 && stretch.end == line.len(), "one sentence: the whole line");
        assert_eq!(known.tokens(), whole.as_slice());
        // Short sentences past the first chunk: each as the chunked line has it.
        let line = "健康・医療関連産業の振興と研究開発、".repeat(600);
        let whole = tokenizer().worker().tokenize(&line);
        let mut worker = tokenizer().worker();
        let mut lazy = LineTokens::new(&mut worker, &line);
        let asks: Vec<usize> = [MAX_CHUNK_BYTES - 20, MAX_CHUNK_BYTES + 5, 3 * MAX_CHUNK_BYTES]
            .iter()
            .map(|&o| (o..).find(|&i| line.is_char_boundary(i)).unwrap())
            .collect();
        lazy.sentences_at(asks.clone());
        let known = lazy.known();
        let stretches: std::collections::BTreeSet<(usize, usize)> =
            asks.iter().map(|&o| known.stretch(o).map(|r| (r.start, r.end)).unwrap()).collect();
        assert!(stretches.iter().all(|(a, b)| b - a < 200), "sentences, not the line: {stretches:?}");
        let expected: Vec<Token> = stretches.iter().flat_map(|&(a, b)| inside(&whole, &(a..b))).collect();
        assert_eq!(known.tokens(), expected.as_slice());
    }

    #[test]
    fn without_a_tokenizer_no_line_gets_tokens() {
        let mut lazy = LineTokens::none("3社\n5件");
        assert!(lazy.lines_at([0, 4]).is_empty() && lazy.all().is_empty());
    }
}
