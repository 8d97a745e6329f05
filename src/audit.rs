//! `keikaku audit`: what keikaku read past in a corpus nobody annotated. Every number of every
//! document is accounted for ([`crate::extract::account`]); the audit sums the classes over
//! the corpus and groups the *unaccounted* numbers by their shape (the digits as `N` with two
//! chars on each side, [`account::shape`]), most frequent first, each with the first place it
//! was seen (`path:line`) and that line's text around it. A shape at the top of the list is a
//! class of figure (or of non-figure) the grammar does not know yet.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::extract::account::{self, NumberClass, Tally};
use crate::pipeline::Processed;

/// One shape of unaccounted number over the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeCount {
    pub shape: String,
    pub count: u64,
    /// In how many documents it was seen.
    pub documents: u64,
    /// Where it was first seen: `path:line`.
    pub example: String,
    /// The text around that first one (its line, at most 20 chars each side).
    pub context: String,
}

/// The audit of a corpus, document by document.
#[derive(Debug, Default)]
pub struct Audit {
    pub documents: u64,
    pub tally: Tally,
    shapes: HashMap<String, ShapeCount>,
    /// The last document that counted each shape (to count documents once).
    last_doc: HashMap<String, u64>,
}

impl Audit {
    pub fn new() -> Audit {
        Audit::default()
    }

    /// Adds one document (its path as it should be shown).
    pub fn add(&mut self, path: &str, p: &Processed) {
        self.documents += 1;
        let doc = self.documents;
        self.tally.add(&Tally::of(&p.numbers));
        let norm = p.text.norm();
        for run in p.numbers.iter().filter(|r| r.class == NumberClass::Unaccounted) {
            let shape = account::shape(norm, &run.norm_span);
            let entry = self.shapes.entry(shape.clone()).or_insert_with(|| ShapeCount {
                shape: shape.clone(),
                count: 0,
                documents: 0,
                example: format!("{path}:{}", p.text.line_number(run.norm_span.start)),
                context: context(norm, run.norm_span.clone()),
            });
            entry.count += 1;
            if self.last_doc.insert(shape, doc) != Some(doc) {
                entry.documents += 1;
            }
        }
    }

    /// The shapes of the unaccounted numbers, most frequent first (ties by shape).
    pub fn shapes(&self) -> Vec<&ShapeCount> {
        let mut v: Vec<&ShapeCount> = self.shapes.values().collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.shape.cmp(&b.shape)));
        v
    }

    /// The report `keikaku audit` prints: totals, the classes, the `top` shapes.
    pub fn report(&self, top: usize) -> String {
        let mut out = String::new();
        let total = self.tally.total();
        let unaccounted = self.tally.get(NumberClass::Unaccounted);
        let _ = writeln!(
            out,
            "{} documents, {} numbers, {} unaccounted ({:.2}%)",
            self.documents,
            total,
            unaccounted,
            100.0 * self.tally.unaccounted_share()
        );
        let mut classes: Vec<(NumberClass, u64)> =
            NumberClass::ALL.iter().map(|&c| (c, self.tally.get(c))).filter(|&(_, n)| n > 0).collect();
        classes.sort_by_key(|c| std::cmp::Reverse(c.1));
        let line: Vec<String> = classes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        let _ = writeln!(out, "classes: {}", line.join(", "));
        let shapes = self.shapes();
        if shapes.is_empty() {
            return out;
        }
        let _ = writeln!(
            out,
            "\nunaccounted shapes ({} in all; the digits as N, ⏎ a line break), most frequent first:",
            shapes.len()
        );
        let _ = writeln!(out, "{:>6} {:>5}  {:<12} example", "count", "docs", "shape");
        for s in shapes.iter().take(top) {
            let pad = 12usize.saturating_sub(s.shape.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum());
            let _ = writeln!(
                out,
                "{:>6} {:>5}  {}{}  {}  {}",
                s.count,
                s.documents,
                s.shape,
                " ".repeat(pad),
                s.example,
                s.context
            );
        }
        out
    }
}

/// The text of the number's line around it, the number in 【】.
fn context(norm: &str, run: std::ops::Range<usize>) -> String {
    const SIDE: usize = 20;
    let line_start = norm[..run.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = norm[run.end..].find('\n').map_or(norm.len(), |i| run.end + i);
    let left: String = {
        let v: Vec<char> = norm[line_start..run.start].chars().rev().take(SIDE).collect();
        v.into_iter().rev().collect()
    };
    let right: String = norm[run.end..line_end].chars().take(SIDE).collect();
    format!("{}【{}】{}", left.trim_start(), &norm[run], right.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_marks_the_number_within_its_line() {
        let t = "一行目\n会議は第12回を数える\n三行目";
        let s = t.find("12").unwrap();
        assert_eq!(context(t, s..s + 2), "会議は第【12】回を数える");
    }
}
