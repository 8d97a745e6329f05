//! The whole pipeline for one document: decoded text → normalized → document → mentions
//! (tokens of the lines whose figures' subjects need them). Batch conversion, `extract` and
//! `inspect` all go through [`process`].

use crate::decode::Decoded;
use crate::extract::account::NumberRun;
use crate::extract::{self, ExtractContext, Mention, TypedCell};
use crate::indicators::{self, Indicator};
use crate::layout::{Layout, Table};
use crate::segment::owners::Ownership;
use crate::segment::{self, Document, SectionName, SegmentContext};

use crate::span::SourceText;
use crate::tokenize::{LineTokens, Token, TokenizerWorker};

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
    /// The tokens of the lines that needed them (those holding a count, percentage or amount
    /// with no column header or colon label to name it), sorted: see [`LineTokens`].
    pub tokens: Vec<Token>,
    pub document: Document,
    pub mentions: Vec<Mention>,
    /// The fiscal year used for month-only dates.
    pub fiscal_year: Option<i32>,
    /// Which record and section own each offset: worked out once, here, for the record
    /// writer, `inspect` and the coverage check.
    pub owners: Ownership,
    /// Every target figure with what was reached.
    pub indicators: Vec<Indicator>,
    /// The document's tables as the layout stage read them (a table's index is its id).
    pub tables: Vec<Table>,
    /// Every data cell of those tables with its typed value.
    pub cells: Vec<TypedCell>,
    /// Every number of the text and what it turned out to be (a mention, a table cell, a
    /// named non-figure or unaccounted): see [`extract::account`].
    pub numbers: Vec<NumberRun>,
}

/// Runs normalize → layout → segment → extract (with the tokens subjects need) on a decoded document.
pub fn process(decoded: Decoded, worker: &mut TokenizerWorker, options: &PipelineOptions) -> Processed {
    let text = SourceText::new(decoded);
    let norm = text.norm();
    let fiscal_year = options.fiscal_year.or_else(|| extract::document_fiscal_year(norm));
    // The layout (lines and tables) is read once, for segmentation and extraction both.
    let layout = Layout::read_spaced(norm, &text.normalized.letter_gaps);
    let document = segment::segment_layout(norm, &layout, &SegmentContext { fiscal_year });
    let mut figures = extract::figures_in(norm, &layout.tables, &ExtractContext { fiscal_year });
    figures.label_subjects(norm);
    // Subjects are the one stage that reads tokens, and only around their figures.
    let mut tokens = LineTokens::new(worker, norm);
    let mentions = figures.with_subjects(norm, &mut tokens);
    let tokens = tokens.into_tokens();
    let tables = layout.tables;
    finish(text, tokens, document, mentions, tables, fiscal_year)
}

/// The pipeline after segmentation and extraction: drops figures read across a boundary the
/// source does not have, dates the records (`as_of`), builds the ownership index and the
/// indicators. Public so the stages benchmark times exactly what [`process`] does.
pub fn finish(
    text: SourceText,
    tokens: Vec<Token>,
    mut document: Document,
    mut mentions: Vec<Mention>,
    tables: Vec<Table>,
    fiscal_year: Option<i32>,
) -> Processed {
    // A figure whose edge falls inside the expansion of one source char (`１¼` → `11⁄4`) was
    // read across a boundary the source does not have: its surface would not be its text.
    let map = &text.normalized.map;
    mentions.retain(|m| map.is_boundary(m.norm_span.start) && map.is_boundary(m.norm_span.end));
    attach_as_of(&mut document, &mentions);
    let tables = register_tables(&mut document, tables);
    let owners = Ownership::of(&document);
    let era_year = fiscal_year.or_else(|| {
        mentions
            .iter()
            .filter(|m| m.kind == extract::MentionKind::Date && m.rule.starts_with("<era>"))
            .find_map(|m| m.fiscal_year)
    });
    let cells = extract::typed_cells(text.norm(), &tables, &mentions, era_year);
    let indicators = indicators::indicators(&text, &document, &mentions, &tables, &cells, &owners);
    let numbers = extract::account::account(text.norm(), &mentions, &tables);
    Processed { text, tokens, document, mentions, fiscal_year, owners, indicators, tables, cells, numbers }
}

/// Every table of the document gets its id: a section's table that the layout found is the
/// layout's (its reading replaces the section's copy, so a table is read one way only); one a
/// seed segmenter read within its own columns and the layout did not find is added after the
/// layout's. Returns the document's tables, in id order.
fn register_tables(document: &mut Document, mut tables: Vec<Table>) -> Vec<Table> {
    let by_span: std::collections::HashMap<(usize, usize), usize> =
        tables.iter().enumerate().map(|(k, t)| ((t.norm_span.start, t.norm_span.end), k)).collect();
    for unit in &mut document.units {
        for section in &mut unit.sections {
            for t in &mut section.tables {
                if t.id.is_some() {
                    continue;
                }
                let found =
                    by_span.get(&(t.norm_span.start, t.norm_span.end)).copied().filter(|&k| tables[k].shape == t.shape);
                t.id = Some(match found {
                    Some(k) => {
                        // The same grid read twice: the layout's header and units stand.
                        let same = tables[k].rows.len() == t.rows.len()
                            && tables[k].rows.iter().zip(&t.rows).all(|(a, b)| {
                                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.norm_span == y.norm_span)
                            });
                        if same {
                            *t = tables[k].clone();
                        }
                        k
                    }
                    None => {
                        let mut copy = t.clone();
                        copy.id = Some(tables.len());
                        tables.push(copy);
                        tables.len() - 1
                    }
                });
            }
        }
    }
    tables
}

/// A unit's `as_of` is the as-of date in its progress heading (＜進捗状況（R2.3月末時点）＞),
/// and its fiscal year the one that date falls in (an as-of date in April–March of FY N+1
/// reports on FY N when it is the end of March; otherwise on the fiscal year containing it).
fn attach_as_of(document: &mut Document, mentions: &[Mention]) {
    for unit in &mut document.units {
        let Some(heading) =
            unit.sections.iter().find(|s| s.name == SectionName::Progress).and_then(|s| s.heading_span.clone())
        else {
            continue;
        };
        // Mentions are in document order: start at the heading instead of scanning them all.
        let first = mentions.partition_point(|m| m.norm_span.start < heading.start);
        let as_of = mentions[first..]
            .iter()
            .take_while(|m| m.norm_span.start < heading.end)
            .find(|m| m.role == Some(extract::MentionRole::AsOf) && m.norm_span.end <= heading.end);
        if let Some(m) = as_of {
            if let Some(fy) = extract::fiscal_year_of(m) {
                unit.fiscal_year = Some(fy);
            }
            unit.as_of = m.date.and_then(|d| d.last_day());
        }
    }
}
