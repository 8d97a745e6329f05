//! The whole pipeline for one document: decoded text → normalized → tokens → document →
//! mentions. Batch conversion, `extract` and `inspect` all go through [`process`].

use crate::decode::Decoded;
use crate::extract::{self, ExtractContext, Mention};
use crate::segment::{self, Document, SegmentContext};
use crate::span::SourceText;
use crate::tokenize::{Token, TokenizerWorker};

/// Options that change what the pipeline produces.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// `--fy`: the fiscal year to use when the text does not tell it (overrides the
    /// document's own).
    pub fiscal_year: Option<i32>,
}

/// Everything the pipeline found in one document.
#[derive(Debug, Clone)]
pub struct Processed {
    pub text: SourceText,
    pub tokens: Vec<Token>,
    pub document: Document,
    pub mentions: Vec<Mention>,
    /// The fiscal year used for month-only dates.
    pub fiscal_year: Option<i32>,
}

/// Runs normalize → tokenize → segment → extract on a decoded document.
pub fn process(decoded: Decoded, worker: &mut TokenizerWorker, options: &PipelineOptions) -> Processed {
    let text = SourceText::new(decoded);
    let norm = text.norm();
    let tokens = worker.tokenize(norm);
    let fiscal_year = options.fiscal_year.or_else(|| extract::document_fiscal_year(norm));
    let document = segment::segment(norm, &tokens, &SegmentContext { fiscal_year });
    let mentions = extract::extract(norm, &tokens, &ExtractContext { fiscal_year });
    Processed { text, tokens, document, mentions, fiscal_year }
}
