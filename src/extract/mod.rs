//! Stage 5: normalized text (+ tokens) → mentions of dates, counts, percentages and money,
//! per the extraction contract (`shared/spec/extraction.md`, summarized in the README).
//!
//! Mentions come out in normalized byte offsets; [`crate::span::SourceText`] turns them into
//! source spans and surfaces when records are written.

use std::ops::Range;

use serde::Serialize;

use crate::tokenize::Token;

/// What a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    Date,
    Count,
    Percent,
    Money,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Date => "date",
            MentionKind::Count => "count",
            MentionKind::Percent => "percent",
            MentionKind::Money => "money",
        }
    }
}

/// One extracted expression, in normalized coordinates. Field meanings follow the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub kind: MentionKind,
    /// Normalized byte range of the surface.
    pub norm_span: Range<usize>,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub date: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    /// One of 約 以上 以下 未満 超.
    pub qualifier: Option<&'static str>,
    pub approx: bool,
    /// `as_of` for as-of dates.
    pub role: Option<&'static str>,
    pub per: Option<String>,
    pub subject: Option<String>,
    /// Name of the rule that produced the mention.
    pub rule: &'static str,
}

impl Mention {
    /// A mention of `kind` over `norm_span` by `rule`, every optional field empty.
    pub fn new(kind: MentionKind, norm_span: Range<usize>, rule: &'static str) -> Mention {
        Mention {
            kind,
            norm_span,
            value: None,
            value_max: None,
            unit: None,
            date: None,
            date_start: None,
            date_end: None,
            qualifier: None,
            approx: false,
            role: None,
            per: None,
            subject: None,
            rule,
        }
    }
}

/// What extraction needs to know besides the text.
#[derive(Debug, Clone, Default)]
pub struct ExtractContext {
    /// The document's fiscal year (April–March, named by its starting year), when known:
    /// months without a year take their year from it.
    pub fiscal_year: Option<i32>,
}

/// Extracts every mention from normalized text, in document order.
pub fn extract(norm: &str, tokens: &[Token], ctx: &ExtractContext) -> Vec<Mention> {
    let _ = (norm, tokens, ctx);
    Vec::new()
}

/// The document's fiscal year by the spec's rule: the fiscal year containing the first as-of
/// date (…時点 / …現在); failing that, the first explicit 年度 in the first five non-empty
/// lines; failing that, none.
pub fn document_fiscal_year(norm: &str) -> Option<i32> {
    let _ = norm;
    None
}
