//! Opening inputs: files or standard input, UTF-8 with or without BOM, or
//! GB18030/GBK as Excel saves CSV on Chinese Windows. Decoding streams, so
//! a large file is never held in memory.

use std::fs::File;
use std::io::{self, Cursor, Read};

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Problem};

/// How many leading bytes decide the encoding.
const SNIFF: usize = 64 * 1024;

/// The label for standard input in messages.
pub const STDIN: &str = "<stdin>";

/// Where standard input was copied to, if it was: that file is labelled
/// as standard input in every message.
static SPOOLED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Standard input as a file: its path, and the temporary file it was
/// copied to (removed when this is dropped), if it was.
pub struct Spooled {
    pub path: String,
    _copy: Option<tempfile::NamedTempFile>,
}

/// Standard input as a file that can be read like one: on both cores, and
/// again when the first reading kept too little to name a problem. Copied
/// into a temporary file, unless it is a file already. `None` (read
/// standard input as it comes) when no temporary file can be made, or once
/// one was: standard input is only there once.
pub fn spool_stdin() -> Result<Option<Spooled>, Error> {
    if SPOOLED.get().is_some() {
        return Ok(None);
    }
    let spooled = match stdin_file() {
        Some(path) => Spooled { path, _copy: None },
        None => {
            let Ok(tmp) = tempfile::Builder::new().prefix(".score-stdin.").tempfile() else {
                return Ok(None);
            };
            let mut w = io::BufWriter::with_capacity(1 << 16, tmp);
            io::copy(&mut io::stdin().lock(), &mut w).map_err(|e| read_error("-", &e))?;
            let tmp = w.into_inner().map_err(|e| read_error("-", e.error()))?;
            let path = tmp.path().to_string_lossy().into_owned();
            Spooled {
                path,
                _copy: Some(tmp),
            }
        }
    };
    Ok(SPOOLED.set(spooled.path.clone()).is_ok().then_some(spooled))
}

/// A path that opens standard input afresh, when it is a regular file not
/// read from yet (`score - < findings.csv`): on Linux `/proc/self/fd/0`
/// opens the file itself, with an offset of its own, so the copy (a fifth
/// of the time of a 200 MB file) is not needed.
#[cfg(target_os = "linux")]
fn stdin_file() -> Option<String> {
    use std::io::Seek;
    use std::os::fd::AsFd;
    let mut f = File::from(io::stdin().as_fd().try_clone_to_owned().ok()?);
    let path = "/proc/self/fd/0";
    let fresh = f.metadata().ok()?.is_file() && f.stream_position().ok()? == 0;
    (fresh && File::open(path).is_ok()).then(|| path.to_string())
}

/// Elsewhere, opening a path for standard input may share its offset.
#[cfg(not(target_os = "linux"))]
fn stdin_file() -> Option<String> {
    None
}

/// Opens `name` (`-` for standard input) as a stream of UTF-8 bytes, with
/// any byte-order mark removed.
pub fn open(name: &str) -> Result<Box<dyn Read>, Error> {
    let raw: Box<dyn Read> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(open_file(name)?)
    };
    decode(raw, name)
}

/// Turns a stream of UTF-8 (with or without a byte-order mark) or GB18030
/// into UTF-8, deciding from its first 64 KiB. Lines longer than
/// [`MAX_LINE`] stop the stream with an error naming the line.
pub fn decode(raw: Box<dyn Read>, name: &str) -> Result<Box<dyn Read>, Error> {
    let mut raw = LineGuard {
        inner: raw,
        line: 1,
        len: 0,
        nul_ok: true, // until the head shows whether this is UTF-16
    };
    let mut head = Vec::with_capacity(SNIFF);
    (&mut raw)
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(|e| read_error(name, &e))?;
    let encoding = sniff(&head);
    if encoding != UTF_16LE && encoding != UTF_16BE {
        if let Some(z) = memchr::memchr(0, &head) {
            let line = 1 + memchr::memchr_iter(b'\n', &head[..z]).count() as u64;
            return Err(read_error(name, &Stop::error(line, Why::Nul)));
        }
        raw.nul_ok = false;
    }
    if encoding == UTF_8 {
        // Already UTF-8: pass the bytes straight through (no copy through a
        // decoder), less the byte-order mark.
        let bom = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        head.drain(..bom);
        return Ok(Box::new(Cursor::new(head).chain(raw)));
    }
    let bom = Encoding::for_bom(&head).map_or(0, |(_, n)| n);
    head.drain(..bom);
    Ok(Box::new(Transcode {
        inner: Box::new(Cursor::new(head).chain(raw)),
        decoder: encoding.new_decoder_without_bom_handling(),
        input: vec![0; 64 * 1024],
        start: 0,
        end: 0,
        eof: false,
        done: false,
        line: 1,
    }))
}

/// Whether a file's head (its first 64 KiB) makes it UTF-8.
pub fn head_is_utf8(head: &[u8]) -> bool {
    sniff(&head[..head.len().min(SNIFF)]) == UTF_8
}

/// Streams GB18030 (or UTF-16, by its mark) as UTF-8. Unlike a lossy
/// decoder it stops at a byte sequence that is not text, naming the line,
/// so a file in some third encoding is an error, not silent mojibake.
struct Transcode {
    inner: Box<dyn Read>,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The decoder has finished (or failed): nothing more to give.
    done: bool,
    line: u64,
}

/// Why a stream stopped before its end, and at which line. Raised inside
/// `Read` (so it travels through the csv reader as an I/O error) and turned
/// into a `FILE:LINE` problem by [`stop_problem`].
#[derive(Debug)]
pub struct Stop {
    pub line: u64,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A byte sequence that is neither UTF-8 nor GB18030.
    NotText,
    /// A NUL byte: a binary file, or UTF-16 without its mark.
    Nul,
    /// A line longer than [`MAX_LINE`].
    TooLong,
}

impl Stop {
    fn error(line: u64, why: Why) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, Stop { line, why })
    }
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.why {
            Why::NotText => crate::tr!(
                "not text: neither UTF-8 nor GB18030 (save the file as UTF-8 or as Excel's CSV)",
                "不是文本：既不是 UTF-8 也不是 GB18030（请把文件另存为 UTF-8 或 Excel 的 CSV）"
            ),
            Why::Nul => crate::tr!(
                "not text: a NUL byte (save the file as UTF-8 or as Excel's CSV)",
                "不是文本：含有 NUL 字节（请把文件另存为 UTF-8 或 Excel 的 CSV）"
            ),
            Why::TooLong => crate::tr!(
                "line is longer than {MAX_LINE} bytes: is this a table?",
                "此行超过 {MAX_LINE} 字节：这是表格文件吗？"
            ),
        })
    }
}

impl std::error::Error for Stop {}

/// The problem an I/O error carries when a stream stopped at a line.
pub fn stop_problem(file: &str, e: &io::Error) -> Option<Problem> {
    let stop = e.get_ref()?.downcast_ref::<Stop>()?;
    Some(Problem::at(file, stop.line, stop.to_string()))
}

impl Read for Transcode {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use encoding_rs::DecoderResult;
        // The decoder needs room for a whole character.
        if buf.len() < 4 {
            let mut small = [0u8; 4];
            let n = self.read(&mut small)?;
            let k = n.min(buf.len());
            buf[..k].copy_from_slice(&small[..k]);
            return Ok(k);
        }
        loop {
            if self.done {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
                self.eof = self.end == 0;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.start..self.end],
                buf,
                self.eof,
            );
            self.start += read;
            self.line += memchr::memchr_iter(b'\n', &buf[..written]).count() as u64;
            match result {
                DecoderResult::Malformed(_, _) => {
                    self.done = true;
                    return Err(Stop::error(self.line, Why::NotText));
                }
                // The decoder has seen the last byte: it must not be called again.
                DecoderResult::InputEmpty if self.eof => {
                    self.done = true;
                    return Ok(written);
                }
                _ if written > 0 => return Ok(written),
                _ => {}
            }
        }
    }
}

/// The longest line a findings or roster file may have: far past any real
/// row, and short of exhausting memory on a file that is not a table.
pub const MAX_LINE: usize = 1 << 20;

/// Counts lines as bytes pass, and stops a line that runs past
/// [`MAX_LINE`] or holds a NUL byte (no text but UTF-16 has one).
struct LineGuard {
    inner: Box<dyn Read>,
    line: u64,
    len: usize,
    nul_ok: bool,
}

impl Read for LineGuard {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let buf = &buf[..n];
        if !self.nul_ok {
            if let Some(z) = memchr::memchr(0, buf) {
                let line = self.line + memchr::memchr_iter(b'\n', &buf[..z]).count() as u64;
                return Err(Stop::error(line, Why::Nul));
            }
        }
        // When the chunk with what came before it on its line is no longer
        // than a line may be, no line in it can be too long: count its
        // line breaks at once and note how much of its last line it holds.
        if self.len + n <= MAX_LINE {
            match memchr::memrchr(b'\n', buf) {
                Some(last) => {
                    self.line += memchr::memchr_iter(b'\n', buf).count() as u64;
                    self.len = n - last - 1;
                }
                None => self.len += n,
            }
            return Ok(n);
        }
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', buf) {
            if self.len + (nl - start) > MAX_LINE {
                return Err(Stop::error(self.line, Why::TooLong));
            }
            self.line += 1;
            self.len = 0;
            start = nl + 1;
        }
        self.len += n - start;
        if self.len > MAX_LINE {
            return Err(Stop::error(self.line, Why::TooLong));
        }
        Ok(n)
    }
}

/// Reads a whole small file (a rubric), with friendly errors.
pub fn read_file(name: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    open_file(name)?
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(name, &e))?;
    Ok(bytes)
}

/// Decodes a whole file's bytes as UTF-8 (BOM removed) or GB18030.
pub fn decode_whole(bytes: &[u8], name: &str) -> Result<String, Error> {
    let (text, _, bad) = sniff(bytes).decode(bytes);
    if bad {
        return Err(Error::invalid(Problem::file(
            name,
            crate::tr!(
                "not text: neither UTF-8 nor GB18030",
                "不是文本：既不是 UTF-8 也不是 GB18030"
            ),
        )));
    }
    Ok(text.into_owned())
}

/// UTF-8 when the head is valid UTF-8 (a character cut at the end of the
/// head is fine) or starts with its BOM; GB18030 otherwise.
fn sniff(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc;
    }
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(_) => GB18030,
    }
}

/// Checks that `name` is a readable file, not missing or a directory.
pub fn check_file(name: &str) -> Result<(), Error> {
    let meta = std::fs::metadata(name).map_err(|e| read_error(name, &e))?;
    if meta.is_dir() {
        return Err(Error::invalid(Problem::file(
            label(name),
            crate::tr!("is a directory, not a file", "是文件夹，不是文件"),
        )));
    }
    Ok(())
}

fn open_file(name: &str) -> Result<File, Error> {
    check_file(name)?;
    File::open(name).map_err(|e| read_error(name, &e))
}

fn read_error(name: &str, e: &io::Error) -> Error {
    let label = label(name);
    if let Some(p) = stop_problem(label, e) {
        return Error::invalid(p);
    }
    let what = match e.kind() {
        io::ErrorKind::NotFound => crate::tr!("no such file", "文件不存在"),
        io::ErrorKind::PermissionDenied => crate::tr!("permission denied", "没有读取权限"),
        _ => crate::tr!("cannot read: {e}", "无法读取：{e}"),
    };
    Error::invalid(Problem::file(label, what))
}

/// The label a file gets in messages.
pub fn label(name: &str) -> &str {
    if name == "-" || SPOOLED.get().is_some_and(|s| s == name) {
        STDIN
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_gbk_and_utf8() {
        // "单位" in GBK.
        assert_eq!(sniff(&[0xC5, 0xE0, 0xCE, 0xBB]), GB18030);
        assert_eq!(sniff("单位".as_bytes()), UTF_8);
        // A UTF-8 character cut at the end of the sniffed head.
        assert_eq!(sniff(&"单位".as_bytes()[..4]), UTF_8);
    }
}
