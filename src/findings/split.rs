//! Both cores on one large file: the file is cut in two at a line break,
//! each half read into a ledger of its own on its own thread, and the
//! second folded into the first. Results must be what one thread gives,
//! byte for byte, so anything out of the ordinary (any problem in either
//! half, a quote anywhere, a count or score that clashes across the cut)
//! throws the halves away and the file is read again on one thread, which
//! reports it as always.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};

use super::Reader;
use crate::error::Problem;
use crate::input::{self, Input};
use crate::ledger::{Ledger, Loc};
use crate::source;

/// Files smaller than this are read on one thread: a second costs more
/// than it saves.
const MIN_BYTES: u64 = 8 << 20;

/// How far past the middle a line break is looked for.
const LOOK: usize = 1 << 20;

/// Where a file is cut, and what the second half needs to be read alone.
pub(super) struct Split {
    path: String,
    /// The first byte of the second half (just after a `\n`).
    at: u64,
    /// The byte-order mark's length (0 or 3), skipped in the first half.
    bom: u64,
    /// The header line (and any blank lines before it), without a
    /// byte-order mark: put before the second half, so it reads alike.
    header: Vec<u8>,
    /// `\n`s in `header`.
    header_lines: u64,
}

/// How to cut `path` in two, if it is a large UTF-8 CSV file with a plain
/// header and a line break past its middle.
pub(super) fn plan(path: &str) -> Option<Split> {
    if path == "-" || input::is_workbook(path) || !crate::threads::allowed() {
        return None;
    }
    let mut f = File::open(path).ok()?;
    let size = f.metadata().ok()?.len();
    if size < MIN_BYTES {
        return None;
    }
    let mut head = vec![0; LOOK];
    let n = read_up_to(&mut f, &mut head).ok()?;
    head.truncate(n);
    // A quote near the top: likely more below; one thread, no wasted half.
    if !source::head_is_utf8(&head) || memchr::memchr(b'"', &head).is_some() {
        return None;
    }
    let bom = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = head[bom..].iter().position(|&b| b != b'\n' && b != b'\r')?;
    let end = bom + body + memchr::memchr(b'\n', &head[bom + body..])? + 1;
    let header = head[bom..end].to_vec();
    f.seek(SeekFrom::Start(size / 2)).ok()?;
    let mut mid = vec![0; LOOK];
    let n = read_up_to(&mut f, &mut mid).ok()?;
    let at = size / 2 + memchr::memchr(b'\n', &mid[..n])? as u64 + 1;
    (at < size && at > end as u64).then(|| Split {
        path: path.to_string(),
        at,
        bom: bom as u64,
        header_lines: memchr::memchr_iter(b'\n', &header).count() as u64,
        header,
    })
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// What reading one half gave: its ledger, whether it went cleanly, and
/// how many `\n`s it held.
struct Half {
    ledger: Ledger,
    clean: bool,
    newlines: u64,
}

impl Split {
    /// Opens one half as a quote-free table (the plan saw UTF-8): the
    /// first as the file's start, the second behind the header line.
    fn open(&self, second: bool) -> Option<Input> {
        let mut f = File::open(&self.path).ok()?;
        let stream: Box<dyn Read> = if second {
            f.seek(SeekFrom::Start(self.at)).ok()?;
            Box::new(Cursor::new(self.header.clone()).chain(f))
        } else {
            f.seek(SeekFrom::Start(self.bom)).ok()?;
            Box::new(f.take(self.at - self.bom))
        };
        Input::plain(stream, source::label(&self.path)).ok()
    }

    /// Reads one half into a fork of `base` with a reader of its own.
    fn read_half(&self, reader: &mut Reader, base: &Ledger, second: bool) -> Half {
        let mut ledger = base.fork();
        let Some(mut input) = self.open(second) else {
            return Half {
                ledger,
                clean: false,
                newlines: 0,
            };
        };
        let mut problems: Vec<Problem> = Vec::new();
        let total = (!second).then_some(self.at);
        reader.read_from(&mut input, total, &mut ledger, &mut problems);
        // A half read cleanly was read to its end: every `\n` in it counted.
        Half {
            ledger,
            clean: problems.is_empty(),
            newlines: input.newlines(),
        }
    }
}

impl Reader<'_> {
    /// Reads a file cut in two on two threads into `ledger` (which holds
    /// units only). Returns false, leaving `ledger` and the file list as
    /// they were, when one thread must read it instead.
    pub(super) fn read_split(&mut self, split: &Split, ledger: &mut Ledger) -> bool {
        let files = self.files.clone();
        let before = files.len();
        let (rubric, roster) = (self.rubric, self.roster);
        let base: &Ledger = ledger;
        let (one, two) = std::thread::scope(|s| {
            let second = s.spawn(move || {
                let mut reader = Reader::new(rubric, roster);
                reader.files = files;
                split.read_half(&mut reader, base, true)
            });
            let one = split.read_half(self, base, false);
            (one, second.join().ok())
        });
        // The first half's label is dropped again (if it got that far).
        let Some(two) = two.filter(|t| t.clean && one.clean) else {
            self.files.truncate(before);
            return false;
        };
        // A row of the second half is as many lines further down as the
        // first half holds, less the header line put before it.
        let (from, by) = (split.header_lines, one.newlines);
        let mut merged = one.ledger;
        let moved = |at: Loc| Loc {
            file: at.file,
            line: at.line - from + by,
        };
        if merged.absorb(two.ledger, moved).is_err() {
            self.files.truncate(before);
            return false;
        }
        *ledger = merged;
        true
    }
}
