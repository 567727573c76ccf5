//! Writing results: an output file is written whole or not at all, and is
//! never one of the inputs.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Problem};

/// Refuses an output path that is the same file as an input, however it is
/// spelled (`./`, `..`, a symlink or a hard link): `same-file` compares
/// device and inode on Unix, volume and file index on Windows.
pub fn check_not_input(output: &str, inputs: &[&Path]) -> Result<(), Error> {
    if !Path::new(output).exists() {
        return Ok(()); // a file that does not exist yet is no input
    }
    for input in inputs {
        // An input that cannot be opened is reported when it is read.
        if same_file::is_same_file(output, input).unwrap_or(false) {
            return Err(Error::Usage(crate::tr!(
                "--output {output} is the input {}: refusing to overwrite it",
                "--output {output} 就是输入文件 {}：不能覆盖它",
                input.display()
            )));
        }
    }
    Ok(())
}

/// Writes `bytes` to a uniquely named temporary file beside `path`, then
/// renames it over `path`, so readers see the old file or the new one, never
/// half of one. The temporary file is removed on every failure.
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<(), Error> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| cannot_write(path, &e))?;
    f.commit()
}

fn cannot_write(path: &str, e: &io::Error) -> Error {
    Error::invalid(Problem::file(
        path,
        crate::tr!("cannot write: {e}", "无法写入：{e}"),
    ))
}

/// An output file written as a stream into a temporary file beside it and
/// renamed over it by [`AtomicFile::commit`]: whole or not at all. Dropped
/// uncommitted (an error, a panic), the temporary file is deleted.
pub struct AtomicFile {
    path: String,
    tmp: io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Creates the temporary file beside `path`.
    pub fn create(path: &str) -> Result<AtomicFile, Error> {
        let target = Path::new(path);
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `make_in` rather than `tempfile_in`: we open the file ourselves, so an
        // error is the system's own reason, without tempfile's random path in it.
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .make_in(dir, create_new)
            .map_err(|e| cannot_write(path, &e))?;
        Ok(AtomicFile {
            path: path.to_string(),
            tmp: io::BufWriter::with_capacity(1 << 16, tmp),
        })
    }

    /// Flushes, syncs and renames the file over its path.
    pub fn commit(self) -> Result<(), Error> {
        let path = self.path;
        let tmp = self
            .tmp
            .into_inner()
            .map_err(|e| cannot_write(&path, e.error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| cannot_write(&path, &e))?;
        // `persist` replaces an existing file on Windows too.
        tmp.persist(&path)
            .map_err(|e| cannot_write(&path, &e.error))?;
        Ok(())
    }

    /// An error met while writing, told with this file's name.
    pub fn failed(&self, e: &io::Error) -> Error {
        cannot_write(&self.path, e)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.tmp.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

/// Creates `p` only if nothing (not even a dangling symlink) is there, so a
/// link planted under the temporary name is never followed.
fn create_new(p: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    // tempfile would make it 0600; a result file gets what any new file
    // gets: 0666 less the umask.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
    options.open(p)
}
