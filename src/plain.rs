//! Quote-free CSV, read as lines cut at commas: the halves of a large file
//! read on two cores (`findings::split`), which are read again on one
//! thread at the first thing out of the ordinary. For a file with no
//! quote, no lone `\r`, no NUL and no very long line, this gives exactly
//! the records, and the lines of their first bytes, that the csv crate
//! under `lines::LineLog` gives, at a fraction of the work: no parser
//! state per byte, and line numbers counted as the lines are found.

use std::io::Read;

use crate::record::{Record, Taken};

/// Bytes read at a time. A line that does not fit is out of the ordinary.
const CHUNK: usize = 256 * 1024;

/// Lines of a quote-free CSV stream.
pub struct Plain {
    inner: Box<dyn Read>,
    buf: Vec<u8>,
    /// The next byte not yet read as part of a line.
    start: usize,
    /// The end of the bytes read into `buf`.
    end: usize,
    eof: bool,
    /// `\n`s before `buf[start]`.
    newlines: u64,
    /// Bytes of the stream before `buf[0]`.
    base: u64,
}

/// Something the csv crate reads differently from a plain cut at commas
/// and line breaks (a quote, a `\r` not ending a line), or that the full
/// reader reports (a NUL byte, a very long line, a failed read).
#[derive(Debug, PartialEq, Eq)]
pub struct Odd;

impl Plain {
    pub fn new(inner: Box<dyn Read>) -> Plain {
        Plain {
            inner,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            newlines: 0,
            base: 0,
        }
    }

    /// Reads the next record into `rec` (blank lines are skipped, as the
    /// csv crate skips them) and returns the line it is on; `None` at the
    /// end of the stream.
    #[inline]
    pub fn next(&mut self, rec: &mut Record) -> Result<Option<u64>, Odd> {
        loop {
            let rest = &self.buf[self.start..self.end];
            if rest.is_empty() && self.eof {
                return Ok(None);
            }
            match rec.take_line(rest, self.eof) {
                Taken::Line {
                    blank,
                    used,
                    newline,
                } => {
                    let line = self.newlines + 1;
                    self.newlines += u64::from(newline);
                    self.start += used;
                    if !blank {
                        return Ok(Some(line));
                    }
                }
                Taken::More => self.fill()?,
                Taken::Odd => return Err(Odd),
            }
        }
    }

    /// `\n`s read so far: all of the stream's once `next` gave `None`.
    pub fn newlines(&self) -> u64 {
        self.newlines
    }

    /// Bytes of the stream read as lines so far.
    pub fn bytes_read(&self) -> u64 {
        self.base + self.start as u64
    }

    /// Moves the unfinished line to the front and reads more behind it.
    fn fill(&mut self) -> Result<(), Odd> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.base += self.start as u64;
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            return Err(Odd); // a line longer than a chunk
        }
        let n = self
            .inner
            .read(&mut self.buf[self.end..])
            .map_err(|_| Odd)?;
        let new = &self.buf[self.end..self.end + n];
        if memchr::memchr2(b'"', 0, new).is_some() {
            return Err(Odd);
        }
        self.eof = n == 0;
        self.end += n;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::records as csv;

    /// Each record's fields and line, as `Plain` reads `text` in chunks of
    /// `step` bytes.
    fn plain(text: &str, step: usize) -> Result<Vec<(Vec<String>, u64)>, Odd> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let bytes: &'static [u8] = Box::leak(text.as_bytes().to_vec().into_boxed_slice());
        let mut p = Plain::new(Box::new(Trickle(bytes, step)));
        let mut rec = Record::new();
        let mut out = Vec::new();
        while let Some(line) = p.next(&mut rec)? {
            out.push((rec.iter().map(lossy).collect(), line));
        }
        assert_eq!(p.newlines() as usize, text.matches('\n').count());
        assert_eq!(p.bytes_read() as usize, text.len());
        Ok(out)
    }

    fn lossy(field: &[u8]) -> String {
        String::from_utf8_lossy(field).into_owned()
    }

    #[test]
    fn reads_what_the_csv_crate_reads() {
        let texts = [
            "",
            "\n\n",
            "h,n\na,1\nb,2\n",
            "h,n\na,1\nb,2",
            "h,n\r\na,1\r\nb,2\r\n",
            "h,n\r\na,1\r\nb,2\r",
            "\n\r\nh,n\n\na,1\r\n\r\n\r\nb,2\n\n",
            "h,n,\n,,\n a , 1 \n单位,扣分\n",
            "h\n,\nx,y,z\n\n",
        ];
        for text in texts {
            for step in [1, 2, 3, 7, 1 << 20] {
                assert_eq!(plain(text, step), Ok(csv(text)), "{text:?} by {step}");
            }
        }
    }

    #[test]
    fn what_it_does_not_read_is_odd() {
        for text in [
            "h,n\na,\"1\"\n",
            "h,n\na,1\rb,2\n",
            "h,n\na,1\r\r\n",
            "h,n\na,\0\n",
        ] {
            assert_eq!(plain(text, 1 << 20), Err(Odd), "{text:?}");
        }
        let long = format!("h\n{}\n", "x".repeat(CHUNK));
        assert_eq!(plain(&long, 1 << 20), Err(Odd));
        let fits = format!("h\n{}\n", "x".repeat(CHUNK - 1));
        assert_eq!(plain(&fits, 1 << 20), Ok(csv(&fits)));
    }
}
