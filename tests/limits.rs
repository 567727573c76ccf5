//! Large and early-closed outputs: what a pipeline or a province-sized file
//! does to `score`.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::*;

/// `score … | head -1`: the reader goes away after one line. `score` ends
/// quietly with exit 0, no "broken pipe" message.
#[test]
fn a_reader_that_stops_early_gets_no_broken_pipe_message() {
    let wd = Workdir::new();
    // 20,000 units, one row each: a CSV result of about 600 KB, far past
    // a pipe's 64 KiB buffer, so writing must hit the closed pipe.
    let mut findings = String::from("unit,item,rule,count\n");
    for i in 0..20_000 {
        findings.push_str(&format!("U{i},1.1,a,1\n"));
    }
    wd.write("f.csv", &findings);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("score"))
        .args(["--rubric", "gov2022", "--format", "csv", "f.csv"])
        .current_dir(wd.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run score");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read the first line");
    // The reader is dropped here, closing the pipe.
    assert!(first.starts_with("unit,kind,"), "{first}");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

/// A findings file naming 100,000 distinct units (no roster): every one is
/// scored. Each is charged rule 1.1a once: 30% of 8 = 2.4, so 100 − 2.4 =
/// 97.6, all tied at rank 1.
#[test]
fn a_hundred_thousand_distinct_units_are_all_scored() {
    let wd = Workdir::new();
    let mut findings = String::from("unit,item,rule,count\n");
    for i in 0..100_000 {
        findings.push_str(&format!("户{i:06},1.1,a,1\n"));
    }
    wd.write("f.csv", &findings);
    let rows = wd.csv(&["--rubric", "gov2022", "f.csv"]);
    assert_eq!(rows.len(), 100_000);
    assert!(rows
        .iter()
        .all(|r| r["total"] == "97.6" && r["rank"] == "1"));
    assert_eq!(rows[0]["unit"], "户000000");
    assert_eq!(rows[99_999]["unit"], "户099999");
}
