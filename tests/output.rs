//! Where results go: `--output` is written whole or not at all, with a new file's
//! usual permissions, and never over an input; a standard output that cannot be written is an
//! error, except a reader that went away. Paths with Chinese characters and spaces work. These
//! run on Linux and, cross-built, under Wine (`.ci/windows`).

mod common;

use std::fs;
use std::process::{Command, Stdio};

use common::*;

/// 10 points: 1.1 (8) with r30 = 30% of 8 = 2.4 each; 2.1 (2) with r1 = 1 each.
const RUBRIC: &str = r#"
[rubric]
id = "tiny"
name = "小测试"
total = 10

[[section]]
id = "1"
name = "基础工作"
points = 8

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [ { id = "r30", text = "落实不到位的,每项扣百分之三十", deduct = "30%" } ]

[[section]]
id = "2"
name = "宣传工作"
points = 2

[[section.item]]
id = "2.1"
name = "信息报送"
points = 2
rules = [ { id = "r1", text = "每少报一次扣一分", deduct = 1 } ]
"#;

/// 甲: 10 − 2.4 = 7.6; 乙: 10 − 1 = 9.
const FINDINGS: &str = "unit,item,rule,count\n甲,1.1,r30,1\n乙,2.1,r1,1\n";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write("findings.csv", FINDINGS);
    wd
}

fn score_to(output: &str) -> Vec<String> {
    [
        "--rubric",
        "rubric.toml",
        "--format",
        "csv",
        "--output",
        output,
        "findings.csv",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn run_to(wd: &Workdir, output: &str) -> std::process::Output {
    let args = score_to(output);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    wd.run(&args)
}

/// Asserts a failed `--output` write: exit 1, nothing on standard output, one message naming
/// the target, and the folder's files exactly as `before` (no result, no temporary file).
fn assert_write_failed(wd: &Workdir, out: &std::process::Output, target: &str, before: &[String]) {
    assert_eq!(code(out), 1, "{}", describe(out));
    assert_eq!(stdout(out), "");
    let err = stderr(out);
    assert!(
        err.starts_with(&format!("{target}: cannot write: ")) && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(wd.files(), before, "stray files left");
}

#[test]
fn output_replaces_an_existing_file_and_leaves_nothing_else() {
    let wd = workdir();
    wd.write("out.csv", "old results\n");
    let out = run_to(&wd, "out.csv");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(stdout(&out), "");
    let rows = csv_rows(&wd.read("out.csv"));
    assert_eq!(column(&rows, "total"), ["9", "7.6"]);
    assert_eq!(wd.files(), ["findings.csv", "out.csv", "rubric.toml"]);
}

#[test]
fn output_into_a_folder_that_does_not_exist_fails_and_leaves_nothing() {
    let wd = workdir();
    let before = wd.files();
    let out = run_to(&wd, "missing/out.csv");
    assert_write_failed(&wd, &out, "missing/out.csv", &before);
}

/// The temporary file is written, then cannot be renamed over a folder: it must go.
#[test]
fn output_that_cannot_replace_its_target_leaves_no_temporary_file() {
    let wd = workdir();
    wd.write("taken/inside.txt", "a folder in the way");
    let before = wd.files();
    let out = run_to(&wd, "taken");
    assert_write_failed(&wd, &out, "taken", &before);
    assert_eq!(wd.read("taken/inside.txt"), "a folder in the way");
}

#[cfg(unix)] // a read-only folder does not stop file creation on Windows
#[test]
fn output_into_a_read_only_folder_fails_and_leaves_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let wd = workdir();
    wd.mkdir("locked");
    let locked = wd.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).expect("chmod");
    // root writes anyway: then there is nothing to test
    let probe = locked.join("probe");
    if fs::write(&probe, "").is_ok() {
        let _ = fs::remove_file(&probe);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
        eprintln!("skipped: this user can write into a read-only folder");
        return;
    }
    let out = run_to(&wd, "locked/out.csv");
    let left: Vec<_> = fs::read_dir(&locked).expect("read folder").collect();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out).starts_with("locked/out.csv: cannot write: "),
        "{}",
        describe(&out)
    );
    assert!(left.is_empty(), "stray files left: {left:?}");
}

/// A new output file gets 0666 less the umask, as from `>`, not tempfile's 0600.
#[cfg(unix)]
#[test]
fn a_new_output_file_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let wd = workdir();
    let score = assert_cmd::cargo::cargo_bin("score");
    for (umask, mode) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let name = format!("out-{umask}.csv");
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(&score)
            .args(score_to(&name))
            .current_dir(wd.path())
            .output()
            .expect("run score");
        assert_eq!(code(&out), 0, "{}", describe(&out));
        let got = fs::metadata(wd.path().join(&name))
            .expect("output")
            .permissions();
        assert_eq!(got.mode() & 0o777, mode, "umask {umask}");
    }
}

/// A hard link is the same file under another name (same-file sees it on both systems).
#[test]
fn output_that_is_a_hard_link_to_an_input_is_a_usage_error() {
    let wd = workdir();
    fs::hard_link(wd.path().join("findings.csv"), wd.path().join("link.csv")).expect("link");
    // the findings reached through the parent folder
    let dir = wd.path().file_name().expect("temp dir name");
    let via_parent = format!("../{}/findings.csv", dir.to_string_lossy());
    for target in ["link.csv", "./findings.csv", &via_parent, "rubric.toml"] {
        let out = run_to(&wd, target);
        assert_eq!(code(&out), 2, "--output {target}\n{}", describe(&out));
        assert_eq!(wd.read("findings.csv"), FINDINGS);
        assert_eq!(wd.read("rubric.toml"), RUBRIC);
    }
}

/// Rubric, findings, roster and output all in a folder with a Chinese name and a space.
#[test]
fn paths_with_chinese_characters_and_spaces_work() {
    let wd = Workdir::new();
    wd.write("城关 镇/细则 2024.toml", RUBRIC);
    wd.write("城关 镇/2024 考核.csv", FINDINGS);
    wd.write("城关 镇/名单 表.csv", "unit\n甲\n乙\n丙\n");
    let out = wd.run(&[
        "--rubric",
        "城关 镇/细则 2024.toml",
        "--units",
        "城关 镇/名单 表.csv",
        "--format",
        "csv",
        "--output",
        "城关 镇/结果 2024.csv",
        "城关 镇/2024 考核.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let rows = csv_rows(&wd.read("城关 镇/结果 2024.csv"));
    // 丙 has no findings: full marks
    assert_eq!(column(&rows, "unit"), ["丙", "乙", "甲"]);
    assert_eq!(column(&rows, "total"), ["10", "9", "7.6"]);

    // and errors name the file as it was given
    wd.write(
        "城关 镇/2024 考核.csv",
        "unit,item,rule,count\n丁,1.1,r30,1\n",
    );
    let out = wd.run(&[
        "--rubric",
        "城关 镇/细则 2024.toml",
        "--units",
        "城关 镇/名单 表.csv",
        "城关 镇/2024 考核.csv",
    ]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out).starts_with("城关 镇/2024 考核.csv:2: "),
        "{}",
        describe(&out)
    );
}

/// `score … | head -1`, with the reader gone before score writes: exit 0, no message.
#[test]
fn a_closed_pipe_on_standard_output_is_a_quiet_exit_0() {
    let wd = workdir();
    // far past a pipe's buffer, so writing must meet the closed pipe
    let mut findings = String::from("unit,item,rule,count\n");
    for i in 0..20_000 {
        findings.push_str(&format!("U{i},1.1,r30,1\n"));
    }
    wd.write("many.csv", &findings);
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("score"));
    cmd.args(["--rubric", "rubric.toml", "--format", "csv", "many.csv"])
        .current_dir(wd.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = started(|| cmd.spawn()).expect("run score");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(stderr(&out), "");
}

/// `score … > /dev/full`: the results were not written, so it is an error.
#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_an_error() {
    let wd = workdir();
    let score = assert_cmd::cargo::cargo_bin("score");
    let cases: &[&[&str]] = &[
        &["--rubric", "rubric.toml", "--format", "csv", "findings.csv"],
        &["rubrics"],
        &["check", "rubric.toml"],
    ];
    for args in cases {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("open /dev/full");
        let out = Command::new(&score)
            .args(*args)
            .current_dir(wd.path())
            .stdout(full)
            .output()
            .expect("run score");
        assert_eq!(code(&out), 1, "{args:?}\n{}", describe(&out));
        assert_eq!(
            stderr(&out),
            "standard output: cannot write: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}
