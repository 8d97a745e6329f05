//! The rules that read indicators, one per file. Each file opens with what it reads, why, and
//! an example in our own words; [`run`] applies them in the order of the list in
//! [`crate::indicators`], each figure used once.

pub mod arrows;
pub mod differences;
pub mod header_rows;
pub mod labelled_values;
pub mod plan_progress;
pub mod prose;
pub mod runs;
pub mod stated_goal;
pub mod table_columns;
pub mod table_common;
pub mod table_rows;

use super::{Context, Found};
use crate::segment::DocumentKind;

/// Runs every rule over the document.
pub fn run(cx: &Context, found: &mut Found) {
    for (u, unit) in cx.doc.units.iter().enumerate() {
        plan_progress::read(cx, u, unit, found);
    }
    for (id, table) in cx.tables.iter().enumerate() {
        let Some(u) = cx.unit_at(table.norm_span.start) else { continue };
        table_columns::read(cx, u, id, table, found);
        table_rows::read(cx, u, id, table, found);
    }
    // A business plan's 成果目標 are targets set before any result: read before the text
    // rules, which would pair them with each other.
    if cx.doc.kind == DocumentKind::BusinessPlan {
        for (u, unit) in cx.doc.units.iter().enumerate() {
            stated_goal::read(cx, u, unit, found);
        }
    }
    labelled_values::read(cx, found);
    prose::read(cx, found);
    arrows::read(cx, found);
    header_rows::read(cx, found);
    runs::read(cx, found);
    differences::read(cx, found);
}
