//! Grids as plain sheets (the fill-in templates): the header in row 1 as
//! the reader expects it, numbers stored as numbers, the header frozen and
//! columns wide enough for Chinese text. The results workbook, made to be
//! read and printed, is `workbook/`.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula, Note,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::grid::Grid;
use crate::template::{Allow, Check, Template};

/// Widest column, in character cells, before text wraps.
const MAX_WIDTH: usize = 60;

/// Display width: a Chinese character takes two cells.
fn width(s: &str) -> usize {
    s.width()
}

/// Writes a fill-in template: the sheet to fill in, with the rubric's own
/// columns grey and locked, the fill-in columns unlocked and validated, and
/// the sheet protected so only the fill-in cells take typing (no password:
/// an assessor who must change more can lift it in one click). Drop-down
/// lists live on a hidden sheet, since a typed-in list is at most 255
/// characters. A score sheet gets its items on a second, reference sheet.
pub fn template_workbook(t: &Template) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let ws = book.add_worksheet();
    ws.set_name(TEMPLATE_SHEET)?;
    fill_in_sheet(ws, t, &head)?;
    // Lists for the hidden sheet: units in A, items in B, then each rule
    // list too long to be typed into a validation.
    let mut lists: Vec<&[String]> = vec![&t.units, &t.items];
    validations(ws, t, &mut lists)?;
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&options);
    if let Some(reference) = &t.reference {
        reference_sheet(book.add_worksheet(), reference, &head)?;
    }
    let hidden = book.add_worksheet();
    hidden.set_name(LISTS_SHEET)?;
    for (c, list) in lists.iter().enumerate() {
        for (r, v) in list.iter().enumerate() {
            hidden.write_string(r as u32, c as u16, v)?;
        }
    }
    hidden.set_hidden(true);
    book.save_to_buffer()
}

/// The sheet to fill in: the rubric's columns and the cells a row does not
/// take grey and locked, the rest open; printed landscape, one page wide.
fn fill_in_sheet(ws: &mut Worksheet, t: &Template, head: &Format) -> Result<(), XlsxError> {
    let g = &t.grid;
    // Top-aligned, so a row grown for a long rule reads from its first line.
    let grey = Format::new()
        .set_background_color(Color::RGB(0xEDEDED))
        .set_font_color(Color::RGB(0x595959))
        .set_align(FormatAlign::Top);
    let grey_wrap = grey.clone().set_text_wrap();
    let open = Format::new().set_unlocked().set_align(FormatAlign::Top);
    for (c, h) in g.header.iter().enumerate() {
        let col = c as u16;
        ws.write_string_with_format(0, col, h, head)?;
        if let Some(about) = t.about.get(c).filter(|a| !a.is_empty()) {
            ws.insert_note(0, col, &Note::new(about).add_author_prefix(false))?;
        }
        if !t.fixed[c] {
            // Whole column, so rows the assessor adds below can be filled too.
            ws.set_column_format(col, &open)?;
        }
    }
    for (r, row) in g.rows.iter().enumerate() {
        let r = r as u32 + 1;
        // Not every spreadsheet grows a row to fit wrapped text on opening.
        let lines = lines(row);
        if lines > 1 {
            ws.set_row_height(r, LINE_HEIGHT * lines as f64)?;
        }
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let fixed = t.fixed[c] || t.closed.get(r as usize - 1).is_some_and(|s| s.contains(&c));
            let number = g.numeric.get(c) == Some(&true);
            match (cell.is_empty(), number, cell.parse::<f64>()) {
                (true, _, _) if fixed => ws.write_blank(r, col, &grey)?,
                // Written, not left to the column, so that every reader
                // (openpyxl included) sees the cell open.
                (true, _, _) => ws.write_blank(r, col, &open)?,
                (false, true, Ok(n)) if fixed => ws.write_number_with_format(r, col, n, &grey)?,
                (false, true, Ok(n)) => ws.write_number_with_format(r, col, n, &open)?,
                _ if fixed && width(cell) > MAX_WIDTH => {
                    ws.write_string_with_format(r, col, cell, &grey_wrap)?
                }
                _ if fixed => ws.write_string_with_format(r, col, cell, &grey)?,
                _ => ws.write_string_with_format(r, col, cell, &open)?,
            };
        }
    }
    fit_columns(ws, g)?;
    // The note is the assessor's own, and starts empty: room to write.
    if let Some(c) = g.header.iter().position(|h| h == "备注") {
        ws.set_column_width(c as u16, NOTE_WIDTH)?;
    }
    ws.set_freeze_panes(1, 0)?;
    // Printed for a team on paper: landscape, one page wide, header on each.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// One validation per column and rule, over all the blocks it covers: an
/// item's rows recur once per unit, and a workbook with one validation per
/// block grows with the roster. A list too long to type goes to `lists`.
fn validations<'t>(
    ws: &mut Worksheet,
    t: &'t Template,
    lists: &mut Vec<&'t [String]>,
) -> Result<(), XlsxError> {
    let mut groups: Vec<(&Check, Vec<(u32, u32)>)> = Vec::new();
    for check in &t.checks {
        let rows = match check.rows {
            Some((a, b)) => (a as u32 + 1, b as u32 + 1),
            None => (1, LAST_ROW),
        };
        match groups
            .iter_mut()
            .find(|(c, _)| c.col == check.col && c.allow == check.allow)
        {
            Some((_, blocks)) => blocks.push(rows),
            None => groups.push((check, vec![rows])),
        }
    }
    for (check, blocks) in groups {
        let col = check.col as u16;
        let mut v = match &check.allow {
            Allow::OneOf(ids) if ids.iter().map(|i| i.len() + 1).sum::<usize>() > 255 => {
                lists.push(ids);
                let message = format!("应填以下之一：{}", ids.join("、"));
                DataValidation::new()
                    .allow_list_formula(list_range(lists.len() - 1, ids.len()))
                    .set_error_title("填写有误")?
                    .set_error_message(clip(&message))?
            }
            allow => validation(allow, t)?,
        };
        if blocks.len() > 1 {
            let all: Vec<String> = blocks
                .iter()
                .map(|&(a, b)| rust_xlsxwriter::cell_range(a, col, b, col))
                .collect();
            v = v.set_multi_range(all.join(" "));
        }
        let (first, last) = blocks[0];
        ws.add_data_validation(first, col, last, col, &v)?;
    }
    Ok(())
}

/// A score sheet's item reference: read-only, printed like the sheet.
fn reference_sheet(ws: &mut Worksheet, reference: &Grid, head: &Format) -> Result<(), XlsxError> {
    ws.set_name(REFERENCE_SHEET)?;
    let top = Format::new().set_align(FormatAlign::Top);
    let top_wrap = top.clone().set_text_wrap();
    for (c, h) in reference.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, head)?;
    }
    for (r, row) in reference.rows.iter().enumerate() {
        let lines = lines(row);
        if lines > 1 {
            ws.set_row_height(r as u32 + 1, LINE_HEIGHT * lines as f64)?;
        }
        for (c, cell) in row.iter().enumerate() {
            let (r, col) = (r as u32 + 1, c as u16);
            match (reference.numeric[c], cell.parse::<f64>()) {
                (true, Ok(n)) => ws.write_number_with_format(r, col, n, &top)?,
                _ if cell.contains('\n') || width(cell) > MAX_WIDTH => {
                    ws.write_string_with_format(r, col, cell, &top_wrap)?
                }
                _ => ws.write_string_with_format(r, col, cell, &top)?,
            };
        }
    }
    fit_columns(ws, reference)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.protect();
    Ok(())
}

/// The name of a template's sheet to fill in.
const TEMPLATE_SHEET: &str = "填报";
/// The score sheet's item reference.
const REFERENCE_SHEET: &str = "指标说明";
/// The hidden sheet of drop-down lists: units in A, items in B. ASCII, so
/// formulas need no quoting.
const LISTS_SHEET: &str = "lists";
/// The width of the note column, in character cells.
const NOTE_WIDTH: u32 = 30;
/// The height of a line of text, in points, Chinese included.
const LINE_HEIGHT: f64 = 16.0;
/// The last row a whole-column validation covers (Excel's last row).
const LAST_ROW: u32 = 1_048_575;

/// A cell validation, with the prompt and the error in the assessor's words.
fn validation(allow: &Allow, t: &Template) -> Result<DataValidation, XlsxError> {
    let number = |d: &Decimal| d.to_string().parse::<f64>().unwrap_or(f64::MAX);
    let (v, message) = match allow {
        Allow::Count => (
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            "次数：0 或以上的整数".to_string(),
        ),
        Allow::Upto(Some(max)) => (
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, number(max))),
            format!("0 至 {} 的数", crate::num::show(*max)),
        ),
        Allow::Upto(None) => (
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "0 或以上的数".to_string(),
        ),
        Allow::Unit => (
            DataValidation::new().allow_list_formula(list_range(0, t.units.len())),
            "名单中的单位".to_string(),
        ),
        Allow::Item => (
            DataValidation::new().allow_list_formula(list_range(1, t.items.len())),
            "考核细则中的指标编号".to_string(),
        ),
        Allow::OneOf(ids) => (
            DataValidation::new().allow_list_strings(ids)?,
            format!("以下之一：{}", ids.join("、")),
        ),
    };
    let message = clip(&format!("应填{message}"));
    v.set_error_title("填写有误")?
        .set_input_message(&message)?
        .set_error_message(message)
}

/// The lines a row's tallest cell takes, wrapped at `MAX_WIDTH`.
fn lines(row: &[String]) -> usize {
    row.iter()
        .map(|cell| {
            cell.lines()
                .map(|l| width(l).div_ceil(MAX_WIDTH).max(1))
                .sum()
        })
        .max()
        .unwrap_or(1)
}

/// The `n` cells of column `col` of the hidden lists sheet.
fn list_range(col: usize, n: usize) -> Formula {
    let col = rust_xlsxwriter::column_number_to_name(col as u16);
    Formula::new(format!("={LISTS_SHEET}!${col}$1:${col}${}", n.max(1)))
}

/// A validation message cut to Excel's 255 characters.
fn clip(message: &str) -> String {
    message.chars().take(250).collect()
}

/// Column widths that fit the header and the cells, Chinese counted double.
fn fit_columns(ws: &mut Worksheet, g: &Grid) -> Result<(), XlsxError> {
    for c in 0..g.header.len() {
        let w = std::iter::once(&g.header[c])
            .chain(g.rows.iter().filter_map(|r| r.get(c)))
            .flat_map(|s| s.lines())
            .map(width)
            .max()
            .unwrap_or(4)
            .clamp(4, MAX_WIDTH);
        ws.set_column_width(c as u16, w as u32 + 2)?;
    }
    Ok(())
}
