//! Physical line numbers for CSV records, as an editor shows them.
//!
//! The csv crate dates a record from where the previous one ended: after a
//! CRLF it has consumed the `\r` but not the `\n`, and blank lines before a
//! record are not yet skipped, so its line is one or more too low. This
//! reader sits under the csv reader, notes where line-end bytes pass, and
//! turns a record's start offset into the line of its first byte.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that logs the offsets of `\r` and `\n` bytes as they pass.
pub struct LineLog<R> {
    inner: R,
    /// Bytes handed out so far.
    offset: u64,
    /// Line-end bytes not yet behind the last record asked about:
    /// `(offset, is '\n')`. Bounded by the csv reader's read-ahead.
    ends: VecDeque<(u64, bool)>,
    /// `\n` bytes before the front of `ends`.
    newlines: u64,
}

impl<R: Read> LineLog<R> {
    pub fn new(inner: R) -> LineLog<R> {
        LineLog {
            inner,
            offset: 0,
            ends: VecDeque::new(),
            newlines: 0,
        }
    }

    /// The line of the record the csv reader says starts at byte `start`:
    /// the line of its first byte past any line ends (blank lines, the
    /// `\n` of a CRLF). Offsets must be asked about in increasing order.
    pub fn line_of(&mut self, start: u64) -> u64 {
        let mut first = start;
        while let Some(&(at, newline)) = self.ends.front() {
            if at > first {
                break;
            }
            if at == first {
                first += 1; // a line end the record starts with: skipped by csv
            }
            self.newlines += u64::from(newline);
            self.ends.pop_front();
        }
        1 + self.newlines
    }
}

impl<R: Read> Read for LineLog<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr2_iter(b'\r', b'\n', &buf[..n]) {
            self.ends
                .push_back((self.offset + i as u64, buf[i] == b'\n'));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Reads `text` with the csv crate as `score` does and returns each
/// record's fields with the line `LineLog` gives it.
#[cfg(test)]
pub(crate) fn records(text: &str) -> Vec<(Vec<String>, u64)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(LineLog::new(text.as_bytes()));
    let mut rec = csv::ByteRecord::new();
    let mut out = Vec::new();
    while rdr.read_byte_record(&mut rec).unwrap() {
        let start = rec.position().unwrap().byte();
        let line = rdr.get_mut().line_of(start);
        let fields = rec.iter().map(String::from_utf8_lossy);
        out.push((fields.map(|f| f.into_owned()).collect(), line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record's first field with its line.
    fn lines(text: &str) -> Vec<(String, u64)> {
        let first = |(mut fields, line): (Vec<String>, u64)| (fields.swap_remove(0), line);
        records(text).into_iter().map(first).collect()
    }

    fn expect(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
        pairs.iter().map(|(s, l)| (s.to_string(), *l)).collect()
    }

    #[test]
    fn lf_and_crlf_count_alike() {
        let want = expect(&[("h", 1), ("a", 2), ("b", 3)]);
        assert_eq!(lines("h\na\nb\n"), want);
        assert_eq!(lines("h\r\na\r\nb\r\n"), want);
        assert_eq!(lines("h\r\na\r\nb"), want);
    }

    #[test]
    fn blank_lines_are_counted() {
        // h on 1, blank 2, a on 3, blanks 4 and 5, b on 6.
        let want = expect(&[("h", 1), ("a", 3), ("b", 6)]);
        assert_eq!(lines("h\n\na\n\n\nb\n"), want);
        assert_eq!(lines("h\r\n\r\na\r\n\r\n\r\nb\r\n"), want);
    }

    #[test]
    fn quoted_breaks_push_later_lines_down() {
        // The note of a spans lines 2-4; b is on 5.
        let want = expect(&[("h", 1), ("a", 2), ("b", 5)]);
        assert_eq!(lines("h,n\na,\"x\ny\nz\"\nb,\n"), want);
        assert_eq!(lines("h,n\r\na,\"x\r\ny\r\nz\"\r\nb,\r\n"), want);
    }

    #[test]
    fn a_record_starting_with_a_quoted_break() {
        // "\nq" opens on line 2 and closes on 3; 4 is blank; c is on 5.
        let want = expect(&[("h", 1), ("\nq", 2), ("c", 5)]);
        assert_eq!(lines("h\n\"\nq\"\n\nc\n"), want);
    }
}
