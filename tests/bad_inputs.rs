//! The bad-input catalogue: every folder `tests/bad/NNN-name/` is one case.
//!
//! A case holds its input files, `args` (the arguments after `score`, one per line, run with a
//! fresh temp copy of the folder as the working directory) and `expect` (line 1: the exit code;
//! line 2: the exact first line of standard error). The runner checks the exit code, that first
//! line, that standard output is empty on exit 1 or 2, and that a failed run wrote nothing (the
//! temp folder is byte for byte as before). `tests/bad/accepted/` holds odd-looking inputs that are
//! NOT errors, in the same format with exit 0: they must succeed and print results. Every failing
//! case is collected and reported at once.
//!
//! Cases whose inputs cannot be plain committed files are made here, in code (their folders hold
//! `args`, `expect` and the ordinary files; `SPECIAL` below adds the rest):
//!
//! | case                          | made at run time                                              |
//! |-------------------------------|---------------------------------------------------------------|
//! | `findings-10mb-field`         | `findings.csv` whose line 2 has one 10,000,000-byte field     |
//! | `findings-is-directory`       | `findings.csv` is a directory                                 |
//! | `roster-is-directory`         | `units.csv` is a directory                                    |
//! | `rubric-is-directory`         | `rubric.toml` is a directory                                  |
//! | `findings-unreadable`         | `findings.csv` with mode 000, run as user `nobody` when root  |
//! | `output-symlink-to-findings`  | `out.csv`, a symlink to `findings.csv`                        |
//! | `output-hardlink-to-findings` | `out.csv`, a hard link to `findings.csv`                      |
//! | `findings-stdin-unknown-item` | the findings, fed on standard input                           |
//!
//! Committed as files although not plain text: `findings-nul-byte` (a NUL byte in line 3),
//! `findings-invalid-bytes` (FF FF), `findings-gbk-line-number` (GB18030), the `.xlsx` cases.
//! Missing files need nothing: the file is simply not in the folder.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output};

use assert_cmd::Command;

/// What a special case needs beyond its committed files.
struct Special {
    name: &'static str,
    /// Makes the files that cannot be committed.
    prepare: fn(&Path),
    /// Bytes for standard input.
    stdin: &'static [u8],
    /// Run as an unprivileged user (root can read a mode-000 file).
    as_nobody: bool,
}

const SPECIAL: &[Special] = &[
    Special {
        name: "findings-10mb-field",
        prepare: |dir| {
            let mut bytes = "unit,item,rule,count,note\n曲山镇,1.1,a,1,"
                .as_bytes()
                .to_vec();
            bytes.resize(bytes.len() + 10_000_000, b'x');
            bytes.push(b'\n');
            fs::write(dir.join("findings.csv"), bytes).unwrap();
        },
        stdin: b"",
        as_nobody: false,
    },
    Special {
        name: "findings-is-directory",
        prepare: |dir| fs::create_dir(dir.join("findings.csv")).unwrap(),
        stdin: b"",
        as_nobody: false,
    },
    Special {
        name: "roster-is-directory",
        prepare: |dir| fs::create_dir(dir.join("units.csv")).unwrap(),
        stdin: b"",
        as_nobody: false,
    },
    Special {
        name: "rubric-is-directory",
        prepare: |dir| fs::create_dir(dir.join("rubric.toml")).unwrap(),
        stdin: b"",
        as_nobody: false,
    },
    Special {
        name: "findings-unreadable",
        prepare: |dir| {
            let path = dir.join("findings.csv");
            fs::write(&path, "unit,item,rule,count\n曲山镇,1.1,a,1\n").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        },
        stdin: b"",
        as_nobody: true,
    },
    Special {
        name: "output-symlink-to-findings",
        prepare: |dir| std::os::unix::fs::symlink("findings.csv", dir.join("out.csv")).unwrap(),
        stdin: b"",
        as_nobody: false,
    },
    Special {
        name: "output-hardlink-to-findings",
        prepare: |dir| fs::hard_link(dir.join("findings.csv"), dir.join("out.csv")).unwrap(),
        stdin: b"",
        as_nobody: false,
    },
    Special {
        name: "findings-stdin-unknown-item",
        prepare: |_| {},
        stdin: "unit,item,rule,count\n曲山镇,1.1,a,1\n曲山镇,9.9,a,1\n".as_bytes(),
        as_nobody: false,
    },
];

/// The fewest bad-input cases the catalogue may hold.
const MIN_CASES: usize = 60;

fn catalogue() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

/// The case folders under `dir` (those with an `args` file), sorted by name.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("args").is_file())
        .collect();
    found.sort();
    found
}

/// A case's name without its number: `070-findings-10mb-field` -> `findings-10mb-field`.
fn short_name(case: &Path) -> String {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    match name.split_once('-') {
        Some((num, rest)) if num.bytes().all(|b| b.is_ascii_digit()) => rest.to_string(),
        _ => name,
    }
}

/// Copies `from` into `to`, leaving out the case's own `args` and `expect`.
fn copy_inputs(from: &Path, to: &Path, top: bool) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if top && (name == "args" || name == "expect") {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir(&target).unwrap();
            copy_inputs(&entry.path(), &target, false);
        } else {
            fs::copy(entry.path(), &target).unwrap();
            fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
}

/// Everything in a folder, to tell whether a run wrote anything: (path, what it is).
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let what = if meta.file_type().is_symlink() {
                let mut v = b"symlink -> ".to_vec();
                v.extend(fs::read_link(&path).unwrap().to_string_lossy().as_bytes());
                v
            } else if meta.is_dir() {
                stack.push(path.clone());
                b"dir".to_vec()
            } else {
                fs::read(&path).unwrap_or_else(|_| b"unreadable".to_vec())
            };
            all.push((path.strip_prefix(dir).unwrap().to_path_buf(), what));
        }
    }
    all.sort();
    all
}

fn is_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Runs `score ARGS` in `dir` (`assert_cmd::Command::cargo_bin`); as user `nobody` when asked
/// and running as root, through `runuser` or `setpriv` and a copy of the binary nobody can run.
fn run(dir: &Path, args: &[String], stdin: &[u8], as_nobody: bool) -> Result<Output, String> {
    let mut cmd = if as_nobody && is_root() {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
        let bin = dir.join("score-bin");
        fs::copy(assert_cmd::cargo::cargo_bin("score"), &bin).unwrap();
        fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
        let mut c = if let Some(runuser) = find_tool("runuser") {
            let mut c = StdCommand::new(runuser);
            c.args(["-u", "nobody", "--"]);
            c
        } else if let Some(setpriv) = find_tool("setpriv") {
            let mut c = StdCommand::new(setpriv);
            c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"]);
            c
        } else {
            return Err(
                "running as root, and neither runuser nor setpriv exists to run as nobody".into(),
            );
        };
        c.arg(&bin);
        Command::from_std(c)
    } else {
        Command::cargo_bin("score").map_err(|e| format!("the score binary: {e}"))?
    };
    cmd.args(args)
        .current_dir(dir)
        .write_stdin(stdin.to_vec())
        .output()
        .map_err(|e| format!("cannot run score: {e}"))
}

/// Runs one case; `None` when it behaves as its `expect` says, else what went wrong.
fn check(case: &Path) -> Option<String> {
    let name = short_name(case);
    let label = case.file_name().unwrap().to_string_lossy().into_owned();
    let args: Vec<String> = fs::read_to_string(case.join("args"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let expect = fs::read_to_string(case.join("expect")).unwrap();
    let mut lines = expect.lines();
    let want_code: i32 = match lines.next().map(|l| l.trim().parse()) {
        Some(Ok(c)) => c,
        _ => return Some(format!("{label}: `expect` line 1 must be an exit code")),
    };
    let want_line = lines.next().unwrap_or("").to_string();

    let tmp = tempfile::Builder::new()
        .prefix("score-bad-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    copy_inputs(case, dir, true);
    let special = SPECIAL.iter().find(|s| s.name == name);
    if let Some(s) = special {
        (s.prepare)(dir);
    }
    let before = snapshot(dir);
    let out = match run(
        dir,
        &args,
        special.map_or(b"", |s| s.stdin),
        special.is_some_and(|s| s.as_nobody),
    ) {
        Ok(out) => out,
        Err(e) => return Some(format!("{label}: {e}")),
    };
    // Let the temp dir be removed even after a mode-000 file.
    for (path, _) in &before {
        let _ = fs::set_permissions(dir.join(path), fs::Permissions::from_mode(0o755));
    }

    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let got_line = stderr
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r');
    let mut wrong = Vec::new();
    if code != want_code {
        wrong.push(format!("exit {code}, expected {want_code}"));
    }
    if got_line != want_line {
        wrong.push(format!(
            "first stderr line\n      expected: {want_line}\n      actual:   {got_line}"
        ));
    }
    if (matches!(code, 1 | 2) || matches!(want_code, 1 | 2)) && !out.stdout.is_empty() {
        wrong.push(format!("{} bytes on stdout", out.stdout.len()));
    }
    if want_code == 0 && code == 0 && out.stdout.is_empty() {
        wrong.push("nothing on stdout".into());
    }
    if matches!(want_code, 1 | 2) {
        let after: Vec<(PathBuf, Vec<u8>)> = snapshot(dir)
            .into_iter()
            .filter(|(p, _)| p != Path::new("score-bin"))
            .collect();
        let before: Vec<(PathBuf, Vec<u8>)> = before
            .into_iter()
            .filter(|(p, _)| p != Path::new("score-bin"))
            .collect();
        if after != before {
            wrong.push("the run changed the working folder".into());
        }
    }
    if wrong.is_empty() {
        None
    } else {
        Some(format!(
            "{label} (score {}):\n    {}",
            args.join(" "),
            wrong.join("\n    ")
        ))
    }
}

#[test]
fn every_bad_input_is_rejected_as_its_expect_file_says() {
    let all = cases(&catalogue());
    assert!(
        all.len() >= MIN_CASES,
        "the catalogue has {} cases, fewer than {MIN_CASES}",
        all.len()
    );
    let names: Vec<String> = all.iter().map(|c| short_name(c)).collect();
    for s in SPECIAL {
        assert!(
            names.iter().any(|n| n == s.name),
            "SPECIAL names {:?}, which has no folder in tests/bad",
            s.name
        );
    }
    let failures: Vec<String> = all.iter().filter_map(|c| check(c)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases failed:\n\n{}\n",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}

#[test]
fn odd_but_valid_inputs_are_accepted() {
    let all = cases(&catalogue().join("accepted"));
    assert!(!all.is_empty(), "tests/bad/accepted holds no cases");
    let failures: Vec<String> = all.iter().filter_map(|c| check(c)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} accepted cases failed:\n\n{}\n",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}
