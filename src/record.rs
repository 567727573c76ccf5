//! One row of a table as its fields' bytes, reused from row to row.
//!
//! The csv crate's `ByteRecord` takes a field at a time, about 80
//! instructions each; a quote-free line (`plain::Plain`) is copied in
//! whole here and only its commas noted, which counts at millions of rows.

/// Eight bytes of 1: `ONES * b` is `b` in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// `b` without ASCII blanks at either end. A field that starts and ends
/// past the space (nearly all) is looked at twice rather than searched.
#[inline]
pub fn trimmed(b: &[u8]) -> &[u8] {
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if f > b' ' && l > b' ' => b,
        _ => b.trim_ascii(),
    }
}

/// What [`Record::take_line`] found at the front of some bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    /// A line: `used` bytes with its line break (`newline`, if it had one);
    /// a `blank` one holds nothing and is no record.
    Line {
        blank: bool,
        used: usize,
        newline: bool,
    },
    /// No line break yet: the line goes on past these bytes.
    More,
    /// A `\r` inside the line.
    Odd,
}

/// A row's fields: `bytes` holds them (for a line read whole, with the
/// commas between them), `spans` where each starts and ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    bytes: Vec<u8>,
    spans: Vec<(u32, u32)>,
}

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    pub fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
    }

    /// Adds a field at the end.
    pub fn push_field(&mut self, field: &[u8]) {
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(field);
        self.spans.push((start, self.bytes.len() as u32));
    }

    /// Takes the first line of `bytes`, cut at its commas, and says how
    /// far it went. The line ends at a `\n`, or at the end of `bytes` if
    /// `eof`; a `\r` before its `\n` is dropped, and any other `\r` makes
    /// it [`Taken::Odd`] (the csv crate would end a record there).
    #[inline]
    pub fn take_line(&mut self, bytes: &[u8], eof: bool) -> Taken {
        self.spans.clear();
        let (mut from, mut cr) = (0, usize::MAX);
        let mut at = |j: usize, spans: &mut Vec<(u32, u32)>| match bytes[j] {
            b',' => {
                spans.push((from as u32, j as u32));
                from = j + 1;
                false
            }
            b'\n' => true,
            b'\r' => {
                cr = cr.min(j);
                false
            }
            _ => false,
        };
        let mut i = 0;
        let stop = 'scan: {
            // Eight bytes at a time, looking only at those below `-`
            // (`,`, `\n` and `\r` among them; a `-` itself may show up too).
            while let Some(word) = bytes.get(i..i + 8) {
                let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
                let mut below = w.wrapping_sub(ONES * 0x2D) & !w & (ONES * 0x80);
                while below != 0 {
                    let j = i + (below.trailing_zeros() / 8) as usize;
                    below &= below - 1;
                    if at(j, &mut self.spans) {
                        break 'scan Some(j);
                    }
                }
                i += 8;
            }
            (i..bytes.len()).find(|&j| bytes[j] <= b',' && at(j, &mut self.spans))
        };
        let (mut end, used) = match stop {
            Some(j) => (j, j + 1),
            None if eof => (bytes.len(), bytes.len()),
            None => {
                self.clear(); // left whole, if empty
                return Taken::More;
            }
        };
        if end > 0 && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        if cr < end {
            self.clear();
            return Taken::Odd;
        }
        self.spans.push((from as u32, end as u32));
        self.bytes.clear();
        self.bytes.extend_from_slice(&bytes[..end]);
        Taken::Line {
            blank: end == 0,
            used,
            newline: stop.is_some(),
        }
    }

    /// Copies a record the csv crate read.
    pub fn set_csv(&mut self, rec: &csv::ByteRecord) {
        // Its fields lie end to end in `as_slice`: one copy, then the spans.
        self.clear();
        self.bytes.extend_from_slice(rec.as_slice());
        let mut start = 0;
        for field in rec {
            let end = start + field.len() as u32;
            self.spans.push((start, end));
            start = end;
        }
    }

    /// How many fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Field `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let &(start, end) = self.spans.get(i)?;
        self.bytes.get(start as usize..end as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        self.spans
            .iter()
            .map(|&(s, e)| &self.bytes[s as usize..e as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_is_trim_ascii() {
        let cases: [&[u8]; 9] = [
            b"",
            b" ",
            b"a",
            b" a",
            b"a\t",
            b"\r\na b\x0c",
            b"!",
            b"\x7f",
            "单位 ".as_bytes(),
        ];
        for b in cases {
            assert_eq!(trimmed(b), b.trim_ascii(), "{b:?}");
        }
    }

    fn fields(r: &Record) -> Vec<&[u8]> {
        r.iter().collect()
    }

    /// The fields of the first line of `bytes`, and what was found.
    fn take(bytes: &[u8], eof: bool) -> (Vec<Vec<u8>>, Taken) {
        let mut r = Record::new();
        let taken = r.take_line(bytes, eof);
        (r.iter().map(<[u8]>::to_vec).collect(), taken)
    }

    fn line(blank: bool, used: usize, newline: bool) -> Taken {
        Taken::Line {
            blank,
            used,
            newline,
        }
    }

    #[test]
    fn a_line_is_cut_at_its_commas() {
        let f = |v: &[&str]| v.iter().map(|s| s.as_bytes().to_vec()).collect::<Vec<_>>();
        assert_eq!(
            take(b"a,,b c,\nx", false),
            (f(&["a", "", "b c", ""]), line(false, 8, true))
        );
        // Past eight bytes, with bytes below `-` that are not commas.
        let long = "单位00001 ,+1.5,-2,\t#!,a-b-c--d,\r\nnext,line";
        let want = f(&["单位00001 ", "+1.5", "-2", "\t#!", "a-b-c--d", ""]);
        // 12 + 1 + 4 + 1 + 2 + 1 + 3 + 1 + 8 + 1 + 2 bytes, the last two "\r\n".
        assert_eq!(take(long.as_bytes(), false), (want, line(false, 36, true)));
        assert_eq!(take(b"\r\n", false), (f(&[""]), line(true, 2, true)));
        assert_eq!(take(b"a,b", true), (f(&["a", "b"]), line(false, 3, false)));
        assert_eq!(
            take(b"a,b\r", true),
            (f(&["a", "b"]), line(false, 4, false))
        );
        assert_eq!(take(b"a,b", false).1, Taken::More);
        assert_eq!(take(b"a,b\rc\n", false).1, Taken::Odd);
        assert_eq!(take(b"abcdefgh,b\r\r\n", false).1, Taken::Odd);
    }

    #[test]
    fn fields_pushed_or_copied_read_back() {
        let mut r = Record::new();
        r.push_field("单位".as_bytes());
        r.push_field(b"");
        assert_eq!(fields(&r), ["单位".as_bytes(), b""]);
        let csv = csv::ByteRecord::from(vec!["x", "", "y,z"]);
        r.set_csv(&csv);
        assert_eq!(fields(&r), [&b"x"[..], b"", b"y,z"]);
        r.clear();
        assert!(r.is_empty());
    }
}
