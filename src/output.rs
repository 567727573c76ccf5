//! Writing results: an output file is written whole or not at all, and is
//! never one of the inputs.

use std::fs;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::error::{Error, Problem};

/// Refuses an output path that is the same file as an input, however it is
/// spelled (`./`, `..`, a symlink or a hard link all resolve to one inode).
pub fn check_not_input(output: &str, inputs: &[&Path]) -> Result<(), Error> {
    let Ok(out) = fs::metadata(output) else {
        return Ok(()); // a file that does not exist yet is no input
    };
    for input in inputs {
        if let Ok(m) = fs::metadata(input) {
            if m.dev() == out.dev() && m.ino() == out.ino() {
                return Err(Error::Usage(format!(
                    "--output {output} is the input {}: refusing to overwrite it",
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`, so readers see the old file or the new one, never half of one.
pub fn write_atomic(path: &str, bytes: &[u8]) -> Result<(), Error> {
    let target = Path::new(path);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let fail =
        |e: std::io::Error| Error::invalid(Problem::file(path, format!("cannot write: {e}")));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, target)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
