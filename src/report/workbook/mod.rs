//! The results workbook a leader can be handed: 结果 (one row per unit under
//! a title and the rubric's section names), 明细 (every unit and item in
//! words) and 等次统计 (units per grade, quota bounds as counts of units).
//! Figures are stored as numbers with the rubric's precision as their number
//! format, headers are frozen and repeated on every printed page, and each
//! sheet prints landscape, one page wide.

mod detail;
mod grades;
mod results;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::Results;
use crate::num::show;
use crate::rubric::Section;

/// Writes the three sheets, whole, in memory; `date` is the run's date as
/// the title shows it (`2026年12月1日`).
pub fn results(r: &Results, date: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let st = Styles::new(r.rubric.precision);
    results::sheet(book.add_worksheet(), r, &st, date)?;
    detail::sheet(book.add_worksheet(), r, &st)?;
    grades::sheet(book.add_worksheet(), r, &st)?;
    book.save_to_buffer()
}

/// Today's date where the user is, for the title: a leader reads the date
/// the results were produced, not UTC's.
pub fn today() -> String {
    let d = jiff::ZonedDateTime::now().date();
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The formats the sheets share. Table cells have thin borders so a
/// printed page reads as a table.
struct Styles {
    title: Format,
    subtitle: Format,
    caption: Format,
    header: Format,
    text: Format,
    /// Short words read down a column: a grade, 是/否, 达标.
    mid: Format,
    wrap: Format,
    /// A score with the rubric's precision (`0.00` for 2 decimals).
    score: Format,
    count: Format,
    share: Format,
}

impl Styles {
    fn new(precision: u32) -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new().set_align(FormatAlign::Center),
            caption: Format::new().set_bold(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(0xDDEBF7),
            text: cell.clone(),
            mid: cell.clone().set_align(FormatAlign::Center),
            wrap: cell.clone().set_text_wrap(),
            score: cell.clone().set_num_format(score_format(precision)),
            count: cell.clone().set_num_format("0"),
            share: cell.set_num_format("0.0%"),
        }
    }
}

/// The number format of a score: as many decimals as the rubric keeps, so a
/// column of totals lines up (`92.40`, `100.00`); whole numbers for 0.
fn score_format(precision: u32) -> String {
    if precision == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(precision as usize))
    }
}

/// A worksheet being filled, remembering the widest text of each column so
/// the columns can be sized for Chinese once every cell is in.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<usize>,
    /// Wrapped cells, as (row, column, width of each line): neither Excel
    /// nor LibreOffice grows a row for them on opening, so `size` does.
    wrapped: Vec<(u32, u16, Vec<usize>)>,
}

/// Widest header text, in character cells, before it wraps: a section's
/// name wraps onto a few lines instead of widening its column of figures.
const HEADER_WIDTH: usize = 16;

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet, name: &str) -> Result<Sheet<'a>, XlsxError> {
        ws.set_name(name)?;
        // Landscape A4, one page wide, page numbers at the foot: ready to
        // print for a meeting.
        ws.set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0)
            .set_print_center_horizontally(true)
            .set_footer("&C第 &P 页，共 &N 页");
        Ok(Sheet {
            ws,
            widths: Vec::new(),
            wrapped: Vec::new(),
        })
    }

    fn seen(&mut self, col: u16, w: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(w);
    }

    /// A title merged across the sheet's columns.
    fn title(&mut self, row: u32, last: u16, text: &str, f: &Format) -> Result<(), XlsxError> {
        if last == 0 {
            self.ws.write_string_with_format(row, 0, text, f)?;
        } else {
            self.ws.merge_range(row, 0, row, last, text, f)?;
        }
        Ok(())
    }

    fn header(&mut self, row: u32, cols: &[String], st: &Styles) -> Result<(), XlsxError> {
        for (c, h) in cols.iter().enumerate() {
            self.seen(c as u16, width(h).min(HEADER_WIDTH));
            self.wrapped.push((row, c as u16, vec![width(h)]));
            self.ws
                .write_string_with_format(row, c as u16, h, &st.header)?;
        }
        Ok(())
    }

    fn text(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.seen(col, width(s));
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }

    /// Text in a wrapping cell (`f` wraps), which may hold several lines.
    fn wrap(&mut self, row: u32, col: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let lines: Vec<usize> = s.lines().map(width).collect();
        self.seen(col, lines.iter().copied().max().unwrap_or(0));
        self.wrapped.push((row, col, lines));
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }

    /// A figure as a number. Excel keeps numbers as doubles: the exact
    /// decimal's text converts to the double Excel itself stores when the
    /// figure is typed in.
    fn number(&mut self, row: u32, col: u16, d: Decimal, f: &Format) -> Result<(), XlsxError> {
        let text = show(d);
        match text.parse::<f64>() {
            Ok(n) => {
                // The format shows at most the rubric's decimals (92.4 as
                // 92.40, 2/3 as 66.7%), never all 28 of an exact share.
                self.seen(col, text.len().min(12) + 2);
                self.ws.write_number_with_format(row, col, n, f)?;
            }
            Err(_) => self.text(row, col, &text, f)?,
        }
        Ok(())
    }

    /// An empty bordered cell, so a printed table has no holes in its grid.
    fn blank(&mut self, row: u32, col: u16, f: &Format) -> Result<(), XlsxError> {
        self.ws.write_blank(row, col, f)?;
        Ok(())
    }

    /// Sizes each column to its widest text, within `[4, max(col)]` cells,
    /// then each row with wrapped text to its lines.
    fn size(&mut self, max: impl Fn(u16) -> usize) -> Result<(), XlsxError> {
        let mut cols = Vec::with_capacity(self.widths.len());
        for (c, &w) in self.widths.iter().enumerate() {
            let w = w.clamp(4, max(c as u16).max(4)) + 2;
            self.ws.set_column_width(c as u16, w as f64)?;
            cols.push(w);
        }
        let mut lines: std::collections::BTreeMap<u32, usize> = Default::default();
        for (row, col, widths) in &self.wrapped {
            // A column of w units holds a little more than w character
            // cells; count conservatively so no line is cut off.
            let room = cols.get(*col as usize).copied().unwrap_or(10).max(2) - 1;
            let n: usize = widths.iter().map(|w| w.div_ceil(room).max(1)).sum();
            let e = lines.entry(*row).or_insert(1);
            *e = (*e).max(n);
        }
        for (row, n) in lines {
            if n > 1 {
                self.ws.set_row_height(row, LINE * n as f64 + 3.0)?;
            }
        }
        Ok(())
    }
}

/// Height of a line of 11-point text with Chinese characters, in points.
const LINE: f64 = 15.0;

/// Display width: a Chinese character takes two cells.
fn width(s: &str) -> usize {
    s.width()
}

/// A section as the rubric prints it: `一、推进乡村治理制度创新和能力建设(30分)`;
/// a section of bonus or penalty items has no points of its own.
fn section_title(index: usize, s: &Section) -> String {
    let points = if s.points.is_zero() {
        String::new()
    } else {
        format!("({}分)", show(s.points))
    };
    format!("{}、{}{points}", chinese_number(index + 1), s.name)
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五; the numbering of
/// a rubric's sections.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n % 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n % 10 == 0 { "" } else { DIGITS[n % 10] }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest]),
                // 一百一十, not 一百十.
                10..=19 => format!("一{}", chinese_number(rest)),
                _ => chinese_number(rest),
            };
            format!("{}百{tail}", DIGITS[n / 100])
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_numbered_as_chinese_documents_number_them() {
        let got: Vec<String> = [1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 115, 120]
            .into_iter()
            .map(chinese_number)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "二",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一百一十五",
                "一百二十"
            ]
        );
    }

    #[test]
    fn score_format_follows_precision() {
        assert_eq!(score_format(0), "0");
        assert_eq!(score_format(2), "0.00");
    }

    #[test]
    fn today_reads_as_a_chinese_date() {
        let t = today();
        let (y, rest) = t.split_once('年').expect("年");
        let (m, rest) = rest.split_once('月').expect("月");
        let d = rest.strip_suffix('日').expect("日");
        assert_eq!(y.len(), 4);
        assert!(m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)));
        assert!(d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)));
    }
}
