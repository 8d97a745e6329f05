//! The ground floor: the text every stage reads, and the words several stages know.
//!
//! Nothing here depends on a pipeline stage; every stage may depend on it. Each word list and
//! character class is written once, so that adding an era, a bullet or a page stamp is one
//! edit:
//!
//! - [`lines`]: lines of the normalized text ([`Line`], [`split_lines`]) and how a wrapped
//!   line is joined back ([`push_joined`]);
//! - [`positions`]: one index from offsets to lines, and look-ups of spans in a range;
//! - [`chars`]: character classes (kanji, katakana, word chars, kanji digits) and a fast
//!   char-set finder;
//! - [`numeral`]: the one numeral reader (digits, separators, decimals, kanji, scale words,
//!   signs);
//! - [`era`]: the Japanese eras as data;
//! - [`calendar`]: points and periods of the calendar (`When`, `Ymd`);
//! - [`markers`]: heading marks of every numbering scheme, bullets and brackets;
//! - [`spacing`]: letter-spaced runs (`委 員 名 簿`), read as if unspaced;
//! - [`lexicon`]: the words several stages use (page stamps, offices and venues, target and
//!   result words, units);
//! - [`words`]: a word list found in a text in one pass.

pub mod calendar;
pub mod chars;
pub mod era;
pub mod lexicon;
pub mod lines;
pub mod markers;
pub mod numeral;
pub mod positions;
pub mod spacing;
pub mod words;

pub use lines::{push_joined, split_lines, Line};
