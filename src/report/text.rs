//! The text formats: CSV for scripts, Markdown for reports, and a terminal
//! table that lines up Chinese text.

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

use super::grid::{Grid, Rows};

/// The width of a table that is not shown on a terminal.
const PAGE_WIDTH: u16 = 120;

/// CSV, written row by row as the grid makes them.
pub struct Csv(csv::Writer<Vec<u8>>);

impl Csv {
    pub fn new() -> Csv {
        Csv(csv::Writer::from_writer(Vec::new()))
    }

    pub fn into_bytes(self) -> Vec<u8> {
        // Writing to a Vec cannot fail; the results are dropped only if it did.
        self.0.into_inner().unwrap_or_default()
    }
}

impl Rows for Csv {
    fn header(&mut self, header: Vec<String>, _numeric: Vec<bool>) {
        let _ = self.0.write_record(&header);
    }

    fn row(&mut self, row: &mut Vec<String>) {
        let _ = self.0.write_record(row.iter());
    }
}

/// A kept grid as CSV (templates).
pub fn csv(g: &Grid) -> Vec<u8> {
    let mut w = Csv::new();
    w.header(g.header.clone(), Vec::new());
    for row in &g.rows {
        let _ = w.0.write_record(row);
    }
    w.into_bytes()
}

pub fn markdown(g: &Grid, notes: &[String]) -> Vec<u8> {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    out.push_str(&format!(
        "| {} |\n",
        g.header
            .iter()
            .map(|h| esc(h))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    let rule: Vec<&str> = g
        .numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &g.rows {
        out.push_str(&format!(
            "| {} |\n",
            row.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            out.push_str(&format!("- {}\n", esc(n)));
        }
    }
    out.into_bytes()
}

pub fn table(g: &Grid, notes: &[String]) -> Vec<u8> {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(&g.header);
    // On a terminal the table fits its width; in a pipe or file, a width a
    // report page can hold, so long reasons wrap instead of running on.
    if t.width().is_none() {
        t.set_width(PAGE_WIDTH);
    }
    for row in &g.rows {
        t.add_row(row);
    }
    for (i, &n) in g.numeric.iter().enumerate() {
        if let Some(col) = t.column_mut(i) {
            col.set_cell_alignment(if n {
                CellAlignment::Right
            } else {
                CellAlignment::Left
            });
        }
    }
    let mut out = t.to_string();
    out.push('\n');
    for n in notes {
        out.push_str(n);
        out.push('\n');
    }
    out.into_bytes()
}
