//! Stage 3: normalized text → its layout: the lines, the tables of every shape an export leaves
//! (see [`table`]), and blocks (paragraphs, lists, heading marks, form fields, short lines,
//! letter-spaced runs, tables; see [`blocks`]). Segmentation and extraction both read the
//! layout; nothing finds a table or classifies a line twice.

pub mod blocks;
mod flat;
mod grid;
pub mod lists;
mod pieces;
pub mod table;

use std::sync::OnceLock;

pub use blocks::{Block, BlockKind, Blocks};
pub use pieces::is_empty_mark;

use crate::text::{split_lines, Line};

/// A document's layout: its lines and its tables, found once for every later stage, and its
/// blocks, read when a stage first asks for them (only documents read by their outline do).
#[derive(Debug, Clone)]
pub struct Layout<'a> {
    pub lines: Vec<Line<'a>>,
    /// Every table, in document order; a table's index here is its id in `tables.jsonl`.
    pub tables: Vec<Table>,
    /// Where normalization deleted the spaces of letter-spaced runs (normalized offsets).
    letter_gaps: Vec<usize>,
    blocks: OnceLock<Blocks>,
}

impl<'a> Layout<'a> {
    /// Reads the layout of a normalized text.
    pub fn read(norm: &'a str) -> Layout<'a> {
        Layout::read_spaced(norm, &[])
    }

    /// Reads the layout of a normalized text whose letter-spaced runs had their spaces deleted
    /// at `letter_gaps` ([`crate::normalize::Normalized::letter_gaps`]).
    pub fn read_spaced(norm: &'a str, letter_gaps: &[usize]) -> Layout<'a> {
        let lines = split_lines(norm);
        let mut tables = find_tables(norm, &lines);
        for (k, t) in tables.iter_mut().enumerate() {
            t.id = Some(k);
        }
        Layout { lines, tables, letter_gaps: letter_gaps.to_vec(), blocks: OnceLock::new() }
    }

    /// The document's blocks (read on the first call).
    pub fn blocks(&self) -> &Blocks {
        self.blocks.get_or_init(|| blocks::read_blocks(&self.lines, &self.tables, &self.letter_gaps))
    }
}
pub use table::*;

/// Every table of a document, in order: those whose cells the export marked, then those it
/// flattened, on the lines no other table holds, each with the caption unit that governs it.
pub fn find_tables(norm: &str, lines: &[Line<'_>]) -> Vec<Table> {
    let mut tables = table::marked_tables(norm, lines);
    let mut taken = vec![false; lines.len()];
    for t in &tables {
        for f in &mut taken[t.lines.clone()] {
            *f = true;
        }
    }
    let mut flat = flat::flattened_tables(norm, lines, &taken);
    if !flat.is_empty() {
        table::flat_captions(lines, &mut flat);
        tables.extend(flat);
        tables.sort_by_key(|t| t.lines.start);
    }
    tables
}
