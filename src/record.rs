//! One row of a table as its fields' bytes, reused from row to row.
//!
//! The csv crate's `ByteRecord` takes a field at a time, about 80
//! instructions each; a quote-free line (`plain::Plain`) is copied in
//! whole here and only its commas noted, which counts at millions of rows.

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

    /// Takes a line (without its line break) whole, cut at its commas.
    /// False, and a record to be thrown away, if it holds a `\r`: the csv
    /// crate would end a record there.
    #[inline]
    pub fn set_line(&mut self, line: &[u8]) -> bool {
        self.bytes.clear();
        self.bytes.extend_from_slice(line);
        self.spans.clear();
        let mut from = 0u32;
        for (i, &b) in line.iter().enumerate() {
            // One test for most bytes: letters, digits, `.`, `-` and every
            // byte of a multi-byte character come after `,`.
            if b <= b',' {
                if b == b',' {
                    self.spans.push((from, i as u32));
                    from = i as u32 + 1;
                } else if b == b'\r' {
                    return false;
                }
            }
        }
        self.spans.push((from, line.len() as u32));
        true
    }

    /// Copies a record the csv crate read.
    pub fn set_csv(&mut self, rec: &csv::ByteRecord) {
        self.clear();
        for field in rec {
            self.push_field(field);
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

    fn fields(r: &Record) -> Vec<&[u8]> {
        r.iter().collect()
    }

    #[test]
    fn a_line_is_cut_at_its_commas() {
        let mut r = Record::new();
        assert!(r.set_line(b"a,,b c,"));
        assert_eq!(fields(&r), [&b"a"[..], b"", b"b c", b""]);
        assert_eq!((r.len(), r.get(2), r.get(4)), (4, Some(&b"b c"[..]), None));
        assert!(r.set_line(b""));
        assert_eq!(fields(&r), [&b""[..]]);
        assert!(!r.set_line(b"a,b\rc"));
        assert!(r.set_line(b"a,b\tc ,"));
        assert_eq!(fields(&r), [&b"a"[..], b"b\tc ", b""]);
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
