//! The text formats: CSV for scripts, Markdown for reports, and a terminal
//! table that lines up Chinese text.

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

use super::grid::{Grid, Rows};

/// The width of a table that is not shown on a terminal.
const PAGE_WIDTH: u16 = 120;

/// CSV, written row by row as the grid makes them.
pub struct Csv<W: std::io::Write> {
    w: csv::Writer<W>,
    /// The first write that failed: rows after it are not tried.
    failed: Option<csv::Error>,
}

impl Csv<Vec<u8>> {
    pub fn new() -> Self {
        Csv::to(Vec::new())
    }

    pub fn into_bytes(self) -> Vec<u8> {
        // Writing to a Vec cannot fail; the results are dropped only if it did.
        self.w.into_inner().unwrap_or_default()
    }
}

impl<W: std::io::Write> Csv<W> {
    /// Rows written through to `w` as they come.
    pub fn to(w: W) -> Self {
        Csv {
            w: csv::Writer::from_writer(w),
            failed: None,
        }
    }

    /// Flushes what is buffered; the first error met, if any.
    pub fn finish(mut self) -> std::io::Result<()> {
        match self.failed.take().map(csv::Error::into_kind) {
            // The system's own error, so a closed pipe is still one.
            Some(csv::ErrorKind::Io(e)) => Err(e),
            Some(other) => Err(std::io::Error::other(format!("{other:?}"))),
            None => self.w.flush(),
        }
    }

    fn record<I: IntoIterator<Item = T>, T: AsRef<[u8]>>(&mut self, fields: I) {
        if self.failed.is_none() {
            self.failed = self.w.write_record(fields).err();
        }
    }
}

impl<W: std::io::Write> Rows for Csv<W> {
    fn header(&mut self, header: Vec<String>, _numeric: Vec<bool>) {
        self.record(&header);
    }

    fn row(&mut self, row: &mut Vec<String>) {
        self.record(row.iter());
    }
}

/// A kept grid as CSV (templates).
pub fn csv(g: &Grid) -> Vec<u8> {
    let mut w = Csv::new();
    w.header(g.header.clone(), Vec::new());
    for row in &g.rows {
        w.record(row);
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
