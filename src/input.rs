//! Tabular inputs (findings, rosters): CSV streamed row by row, or the
//! first sheet of a workbook (.xlsx, .xlsm, .xls, .ods). Both give rows as
//! reused [`Record`]s, so the readers above do not care which.

use std::io::Read;

use calamine::{
    open_workbook_auto, open_workbook_auto_from_rs, Cell, Data, DataRef, Range, Reader, Sheets,
    Xlsx,
};

use crate::error::{Error, Place, Problem};
use crate::lines::LineLog;
use crate::plain::Plain;
use crate::record::Record;
use crate::source;

/// An open table: its header and the rows still to read.
pub struct Input {
    /// The file as named in messages.
    pub file: String,
    pub header: Vec<String>,
    source: Source,
}

enum Source {
    Csv {
        rdr: csv::Reader<LineLog<Box<dyn Read>>>,
        /// The record as the csv crate reads it, before it is copied out.
        raw: csv::ByteRecord,
        /// The line of a quoted field that ran to a line break just before
        /// the end of the file: an unclosed quote, if nothing follows.
        open_quote: Option<u64>,
    },
    /// Quote-free CSV cut at commas (a half of a large file, read on a
    /// core of its own): anything out of the ordinary stops it.
    Plain(Plain),
    /// A worksheet, held whole (spreadsheets stop at about a million rows).
    Sheet {
        name: String,
        range: Range<Data>,
        next: usize,
    },
    /// A stream that broke: nothing more to read.
    Done,
}

/// Endings read as workbooks; anything else is CSV.
const WORKBOOK: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether `path` names a workbook rather than a CSV file.
pub fn is_workbook(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK.contains(&e.to_ascii_lowercase().as_str()))
}

impl Input {
    /// Opens `path` (`-` is standard input, read as CSV) and reads its header.
    pub fn open(path: &str) -> Result<Input, Error> {
        let file = source::label(path).to_string();
        if path != "-" && is_workbook(path) {
            source::check_file(path)?;
            return guarded(&file.clone(), || {
                let book = open_workbook_auto(path).map_err(|e| unreadable(&file, e))?;
                Input::sheet(book, file)
            });
        }
        Input::csv(source::open(path)?, file)
    }

    /// A CSV table from bytes in memory (any encoding `source` reads).
    pub fn from_csv_bytes(file: &str, bytes: Vec<u8>) -> Result<Input, Error> {
        Input::csv(
            source::decode(Box::new(std::io::Cursor::new(bytes)), file)?,
            file.to_string(),
        )
    }

    /// A workbook from bytes in memory.
    pub fn from_workbook_bytes(file: &str, bytes: Vec<u8>) -> Result<Input, Error> {
        guarded(file, || {
            let book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                .map_err(|e| unreadable(file, e))?;
            Input::sheet(book, file.to_string())
        })
    }

    fn csv(stream: Box<dyn Read>, file: String) -> Result<Input, Error> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true) // ragged rows are reported by the readers, with their line
            .buffer_capacity(256 * 1024)
            .from_reader(LineLog::new(stream));
        let mut rec = csv::ByteRecord::new();
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => {
                return Err(Error::invalid(Problem::file(
                    &file,
                    crate::tr!("is empty: expected a header row", "是空文件：应有表头行"),
                )))
            }
            Err(e) => {
                let line = e.position().map(|p| rdr.get_mut().line_of(p.byte()));
                return Err(Error::invalid(csv_problem(&file, &e, line)));
            }
        }
        let line = rdr
            .get_mut()
            .line_of(rec.position().map_or(0, |p| p.byte()));
        let header = header(rec.iter(), &file, line)?;
        Ok(Input {
            file,
            header,
            source: Source::Csv {
                rdr,
                raw: rec,
                open_quote: None,
            },
        })
    }

    /// A quote-free CSV table from a stream of UTF-8 without a byte-order
    /// mark, cut at commas ([`Plain`]): for a half of a large file, read
    /// again in full if its [`Input::next`] gives any problem.
    pub fn plain(stream: Box<dyn Read>, file: &str) -> Result<Input, Error> {
        let mut lines = Plain::new(stream);
        let mut rec = Record::new();
        let line = match lines.next(&mut rec) {
            Ok(Some(line)) => line,
            _ => return Err(Error::invalid(Problem::file(file, not_plain()))),
        };
        Ok(Input {
            file: file.to_string(),
            header: header(rec.iter(), file, line)?,
            source: Source::Plain(lines),
        })
    }

    fn sheet<R: Read + std::io::Seek>(mut book: Sheets<R>, file: String) -> Result<Input, Error> {
        let bad = |msg: String| Error::invalid(Problem::file(&file, msg));
        let name = book.sheet_names().first().cloned().unwrap_or_default();
        let no_sheets = book.sheet_names().is_empty();
        let range = match &mut book {
            _ if no_sheets => Err(no_sheets_text()),
            Sheets::Xlsx(x) => bounded(x, &name),
            _ => match book.worksheet_range_at(0) {
                Some(r) => r.map_err(|e| e.to_string()),
                None => Err(no_sheets_text()),
            },
        }
        .map_err(|e| {
            bad(crate::tr!(
                "cannot read sheet {name}: {e}",
                "无法读取工作表 {name}：{e}"
            ))
        })?;
        if range.is_empty() {
            return Err(bad(crate::tr!(
                "sheet {name} is empty: expected a header row",
                "工作表 {name} 是空的：应有表头行"
            )));
        }
        if range.start().is_some_and(|(row, _)| row > 0) {
            return Err(Error::invalid(Problem::new(
                Place::Row(file.clone(), name.clone(), 1),
                crate::tr!(
                    "the first row is empty: the header must be in row 1",
                    "第一行是空的：表头须在第 1 行"
                ),
            )));
        }
        // Keep column positions absolute: columns left of the used range are empty.
        let skip = range.start().map_or(0, |s| s.1 as usize);
        let header = std::iter::repeat_n(String::new(), skip)
            .chain((0..range.width()).map(|c| cell_text(range.get((0, c)))))
            .collect();
        Ok(Input {
            file,
            header,
            source: Source::Sheet {
                name,
                range,
                next: 1,
            },
        })
    }

    /// Reads the next row into `rec`; returns its line (the sheet's row
    /// number for a workbook), or a problem with the row. The problem is
    /// boxed so that the answer fits in two registers: in place, every row
    /// of a large file copied some ninety bytes, twice.
    #[inline]
    pub fn next(&mut self, rec: &mut Record) -> Option<Result<u64, Box<Problem>>> {
        if let Source::Plain(lines) = &mut self.source {
            match lines.next(rec) {
                Ok(Some(line)) => return Some(Ok(line)),
                Ok(None) => return None,
                Err(_) => {
                    self.source = Source::Done;
                    let p = Problem::file(&self.file, not_plain());
                    return Some(Err(Box::new(p)));
                }
            }
        }
        self.next_row(rec).map(|row| row.map_err(Box::new))
    }

    /// [`Input::next`] from a CSV file or a workbook.
    fn next_row(&mut self, rec: &mut Record) -> Option<Result<u64, Problem>> {
        match &mut self.source {
            Source::Csv {
                rdr,
                raw,
                open_quote,
            } => match rdr.read_byte_record(raw) {
                Ok(false) => open_quote
                    .take()
                    .map(|line| Err(Problem::at(&self.file, line, unclosed()))),
                Ok(true) => {
                    rec.set_csv(raw);
                    let start = raw.position().map_or(0, |p| p.byte());
                    let line = rdr.get_mut().line_of(start);
                    *open_quote = None;
                    // Only a record with a line break in a field can hold a
                    // quote left open.
                    if memchr::memchr(b'\n', raw.as_slice()).is_some() {
                        match quoted_break(raw, line, self.header.len()) {
                            Some(Quoted::Swallows(at, lines)) => {
                                return Some(Err(Problem::at(
                                    &self.file,
                                    at,
                                    crate::tr!(
                                        "unclosed quote? the field opened with \" on this line runs on over {lines} lines that look like rows",
                                        "引号未闭合？此行以 \" 开始的字段延续了 {lines} 行，这些行看起来是数据行"
                                    ),
                                )))
                            }
                            Some(Quoted::EndsInBreak(at)) => *open_quote = Some(at),
                            None => {}
                        }
                    }
                    Some(Ok(line))
                }
                Err(e) => {
                    let line = e.position().map(|p| rdr.get_mut().line_of(p.byte()));
                    let p = csv_problem(&self.file, &e, line);
                    if e.is_io_error() {
                        self.source = Source::Done;
                    }
                    Some(Err(p))
                }
            },
            Source::Sheet { range, next, .. } => {
                if *next >= range.height() {
                    return None;
                }
                let (start_col, row) = (range.start().map_or(0, |s| s.1 as usize), *next);
                rec.clear();
                for _ in 0..start_col {
                    rec.push_field(b"");
                }
                for c in 0..range.width() {
                    rec.push_field(cell_text(range.get((row, c))).as_bytes());
                }
                *next += 1;
                Some(Ok(row as u64 + 1))
            }
            // Plain lines are read by `next` itself.
            Source::Plain(_) | Source::Done => None,
        }
    }

    /// The `\n`s a quote-free table has read so far (0 for any other).
    pub fn newlines(&self) -> u64 {
        match &self.source {
            Source::Plain(lines) => lines.newlines(),
            _ => 0,
        }
    }

    /// Whether the rows come from a workbook.
    pub fn is_sheet(&self) -> bool {
        matches!(self.source, Source::Sheet { .. })
    }

    /// Whether the cell in column `col` of the row just read holds a
    /// number (a workbook cell; CSV fields are all text). A number has lost
    /// how it was typed: `1.10` and `1.1` are the same cell.
    pub fn is_number(&self, col: usize) -> bool {
        match &self.source {
            Source::Sheet { next, .. } => self.number_at(next.saturating_sub(1), col),
            _ => false,
        }
    }

    /// Whether header cell `col` holds a number (see [`Input::is_number`]).
    pub fn header_is_number(&self, col: usize) -> bool {
        self.number_at(0, col)
    }

    fn number_at(&self, row: usize, col: usize) -> bool {
        let Source::Sheet { range, .. } = &self.source else {
            return false;
        };
        let start_col = range.start().map_or(0, |s| s.1 as usize);
        let cell = col.checked_sub(start_col).and_then(|c| range.get((row, c)));
        matches!(cell, Some(Data::Float(_) | Data::Int(_)))
    }

    /// Whether a row holds the header's names again, as when a second
    /// table is pasted below the first.
    pub fn repeats_header(&self, rec: &Record) -> bool {
        rec.len() == self.header.len()
            && rec
                .iter()
                .zip(&self.header)
                .all(|(f, h)| std::str::from_utf8(f).is_ok_and(|f| f.trim() == h))
    }

    /// Bytes read so far (CSV; 0 for a workbook, which is read whole).
    pub fn bytes_read(&self) -> u64 {
        match &self.source {
            Source::Csv { rdr, .. } => rdr.position().byte(),
            Source::Plain(lines) => lines.bytes_read(),
            _ => 0,
        }
    }

    /// Where a problem in row `line`, column `col` (an index into the
    /// header) sits: `f.csv:7`, or `f.xlsx:Sheet1!C7`.
    pub fn place(&self, line: u64, col: Option<usize>) -> Place {
        match (&self.source, col) {
            (Source::Csv { .. } | Source::Plain(_) | Source::Done, _) => {
                Place::line(&self.file, line)
            }
            (Source::Sheet { name, .. }, Some(c)) => {
                Place::Cell(self.file.clone(), name.clone(), c, line)
            }
            (Source::Sheet { name, .. }, None) => Place::Row(self.file.clone(), name.clone(), line),
        }
    }
}

/// The most cells a sheet's used range may span (about 1 GB as cells).
/// Far past any table a person fills in; a stray entry at the bottom right
/// of a sheet (XFD1048576) spans 17 billion, which would exhaust memory.
const MAX_CELLS: u64 = 30_000_000;

/// An xlsx sheet read cell by cell, refusing a used range past
/// [`MAX_CELLS`] before the reader lays the cells out in a grid.
fn bounded<R: Read + std::io::Seek>(book: &mut Xlsx<R>, name: &str) -> Result<Range<Data>, String> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let (mut rows, mut cols) = (0u64, 0u64);
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        rows = rows.max(u64::from(r) + 1);
        cols = cols.max(u64::from(c) + 1);
        if rows * cols > MAX_CELLS {
            return Err(crate::tr!(
                "a value in {}{rows} makes the sheet span {} cells, more than {MAX_CELLS}: delete what lies outside the table",
                "单元格 {}{rows} 有值，使工作表跨越 {} 个单元格，超过 {MAX_CELLS}：请删除表格以外的内容",
                crate::error::column_letters(c as usize),
                rows * cols
            ));
        }
        cells.push(Cell::new((r, c), Data::from(cell.get_value().clone())));
    }
    Ok(Range::from_sparse(cells))
}

fn unreadable(file: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid(Problem::file(
        file,
        crate::tr!("cannot read the workbook: {e}", "无法读取工作簿：{e}"),
    ))
}

/// Runs the workbook reader (which reads the whole sheet), turning a panic
/// inside it into an error naming the file. Workbooks are zipped XML from
/// many programs; a damaged one has tripped an unchecked multiplication in
/// the reader (found by fuzzing), and a bug there must not crash `score`.
fn guarded(file: &str, read: impl FnOnce() -> Result<Input, Error>) -> Result<Input, Error> {
    // Quiet while reading: the panic is reported as the error below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|_| {
        Err(unreadable(
            file,
            crate::tr!(
                "the file is damaged (its contents stopped the workbook reader)",
                "文件已损坏（其内容使工作簿读取器中止）"
            ),
        ))
    })
}

/// A cell as the text a person sees: numbers as the shortest decimal that
/// reads back the same (0.3, not 0.29999999999999999), whole numbers
/// without a decimal point (an item id 2 or a unit code 1001).
fn cell_text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Int(i)) => i.to_string(),
        // Rust prints the shortest representation that round-trips, never
        // with an exponent: exactly what the cell shows in General format.
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Some(Data::DateTime(d)) => format!("{d}"),
        Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => s.clone(),
        Some(Data::Error(e)) => format!("{e}"),
    }
}

/// A header row's names, trimmed.
fn header<'a>(
    fields: impl Iterator<Item = &'a [u8]>,
    file: &str,
    line: u64,
) -> Result<Vec<String>, Error> {
    fields
        .map(|f| std::str::from_utf8(f).map(|s| s.trim().to_string()))
        .collect::<Result<_, _>>()
        .map_err(|_| {
            Error::invalid(Problem::at(
                file,
                line,
                crate::tr!(
                    "header is not UTF-8 or GB18030 text",
                    "表头不是有效的 UTF-8 或 GB18030 文本"
                ),
            ))
        })
}

/// Why a quote-free reading stopped; never shown, as the file is then read
/// again in full.
fn not_plain() -> String {
    crate::tr!(
        "not plain CSV (a quote, a lone carriage return, a NUL byte or a very long line): read again in full",
        "不是简单 CSV（含引号、单独的回车、NUL 字节或过长的行）：须完整重读"
    )
}

/// A row that holds the header's names again.
pub fn repeated_header() -> String {
    crate::tr!(
        "this row repeats the header (a second table pasted in?)",
        "此行重复了表头（是否粘贴了第二张表？）"
    )
}

/// A row with a different number of fields than the header.
pub fn ragged(fields: usize, width: usize) -> String {
    crate::tr!(
        "has {fields} fields, the header has {width}",
        "此行有 {fields} 列，表头有 {width} 列"
    )
}

/// A field (or header) that decodes as neither UTF-8 nor GB18030.
pub fn not_text() -> String {
    crate::tr!(
        "not valid UTF-8 or GB18030 text",
        "不是有效的 UTF-8 或 GB18030 文本"
    )
}

fn no_sheets_text() -> String {
    crate::tr!("has no sheets", "没有工作表")
}

fn unclosed() -> String {
    crate::tr!(
        "unclosed quote: the field opened with \" on this line never ends",
        "引号未闭合：此行以 \" 开始的字段一直没有结束"
    )
}

/// What a quoted line break in a record suggests.
enum Quoted {
    /// A field (opened at this line) ends in a line break: harmless inside
    /// the file, but at its end the quote was never closed.
    EndsInBreak(u64),
    /// A field (opened at this line) holds this many further lines, one of
    /// them with a comma for every column: rows swallowed by an open quote.
    Swallows(u64, usize),
}

/// Looks for a quote left open in a record that starts at `line` and spans
/// several. A real note may hold line breaks (Alt+Enter in Excel); it does
/// not end in one, nor hold a line with as many commas as a row.
fn quoted_break(rec: &csv::ByteRecord, mut line: u64, columns: usize) -> Option<Quoted> {
    let mut found = None;
    for field in rec {
        let breaks = memchr::memchr_iter(b'\n', field).count();
        if breaks == 0 {
            continue;
        }
        let row_like = field
            .split(|&b| b == b'\n')
            .skip(1)
            .any(|l| columns > 1 && memchr::memchr_iter(b',', l).count() + 1 >= columns);
        if row_like {
            return Some(Quoted::Swallows(line, breaks));
        }
        if field.ends_with(b"\n") {
            found = Some(Quoted::EndsInBreak(line));
        }
        line += breaks as u64;
    }
    found
}

/// A CSV reader's error as a problem at its line (`line`, the physical
/// line when known; the csv reader's own count otherwise).
pub fn csv_problem(file: &str, e: &csv::Error, line: Option<u64>) -> Problem {
    let line = line.or(e.position().map(|p| p.line())).unwrap_or(0);
    let msg = match e.kind() {
        csv::ErrorKind::Io(io) => match source::stop_problem(file, io) {
            Some(p) => return p,
            None => crate::tr!("cannot read: {io}", "无法读取：{io}"),
        },
        csv::ErrorKind::Utf8 { .. } => not_text(),
        // The csv crate's own wording: no translation of it exists.
        _ => crate::tr!("{e}", "CSV 格式错误：{e}"),
    };
    if line > 0 {
        Problem::at(file, line, msg)
    } else {
        Problem::file(file, msg)
    }
}
