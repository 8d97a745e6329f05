//! Stage 3: normalized text → its layout: the lines, the tables of every shape an export leaves
//! (see [`table`]), and blocks (paragraphs, lists, headings, form fields). Segmentation and
//! extraction both read the layout; nothing finds a table twice.

mod flat;
mod grid;
pub mod lists;
mod pieces;
pub mod table;

pub use pieces::is_empty_mark;

use crate::text::{split_lines, Line};

/// A document's layout: its lines and its tables, found once for every later stage.
#[derive(Debug, Clone)]
pub struct Layout<'a> {
    pub lines: Vec<Line<'a>>,
    /// Every table, in document order; a table's index here is its id in `tables.jsonl`.
    pub tables: Vec<Table>,
}

impl<'a> Layout<'a> {
    /// Reads the layout of a normalized text.
    pub fn read(norm: &'a str) -> Layout<'a> {
        let lines = split_lines(norm);
        let mut tables = find_tables(norm, &lines);
        for (k, t) in tables.iter_mut().enumerate() {
            t.id = Some(k);
        }
        Layout { lines, tables }
    }
}
pub use table::*;
