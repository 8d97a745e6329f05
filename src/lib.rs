//! keikaku turns archived Japanese administrative plan documents into structured JSON.
//!
//! The pipeline, one module per stage, each handing a typed value to the next:
//!
//! ```text
//! bytes ─decode→ Decoded ─normalize→ Normalized (+ OffsetMap)
//!       ─segment→ Document (units → sections → items) + Ownership ─extract→ Vec<Mention>
//!       ─indicators→ Vec<Indicator> (targets against results) ─record→ JSONL
//! ```
//!
//! Tokens ([`LineTokens`]) are made when segmentation or extraction first asks for a line's:
//! only the lines that need them are tokenized, and tokenization is most of the time.
//!
//! Every mention and item keeps its position in the normalized text; [`span::SourceText`]
//! maps it back to bytes, chars and line:col of the file as given.

pub mod audit;
pub mod batch;
pub mod cli;
pub mod columns;
pub mod corpus;
pub mod decode;
pub mod extract;
mod fnv;
pub mod indicators;
pub mod inspect;
pub mod layout;
pub mod normalize;
pub mod parquet;
pub mod pipeline;
pub mod record;
pub mod schema;
pub mod segment;
pub mod source;
pub mod span;
pub mod text;
pub mod tokenize;
pub mod vocab;

pub use decode::{decode, DecodeError, Decoded, SourceEncoding};
pub use pipeline::{process, PipelineOptions, Processed};
pub use span::{SourceSpan, SourceText};
pub use tokenize::{LineTokens, Token, Tokenizer, TokenizerWorker};
