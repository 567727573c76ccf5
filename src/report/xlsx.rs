//! Grids as plain sheets (the fill-in templates): the header in row 1 as
//! the reader expects it, numbers stored as numbers, the header frozen and
//! columns wide enough for Chinese text. The results workbook, made to be
//! read and printed, is `workbook/`.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::grid::Grid;

/// Widest column, in character cells, before text wraps.
const MAX_WIDTH: usize = 60;

/// Writes named grids as the sheets of one workbook, whole, in memory.
pub fn workbook(sheets: &[(&str, &Grid)]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (name, g) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name)?;
        for (c, h) in g.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in g.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                if cell.is_empty() {
                    continue;
                }
                // Excel keeps every number as an IEEE double; the exact
                // decimal text (92.4) converts to the double Excel itself
                // would store when the figure is typed in, and shows the same.
                match (g.numeric.get(c), cell.parse::<f64>()) {
                    (Some(true), Ok(n)) => ws.write_number(r, col, n)?,
                    _ if width(cell) > MAX_WIDTH => {
                        ws.write_string_with_format(r, col, cell, &wrap)?
                    }
                    _ => ws.write_string(r, col, cell)?,
                };
            }
        }
        for c in 0..g.header.len() {
            let w = std::iter::once(&g.header[c])
                .chain(g.rows.iter().filter_map(|r| r.get(c)))
                .map(|s| width(s))
                .max()
                .unwrap_or(4)
                .clamp(4, MAX_WIDTH);
            ws.set_column_width(c as u16, w as u32 + 2)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

/// Display width: a Chinese character takes two cells.
fn width(s: &str) -> usize {
    s.width()
}
