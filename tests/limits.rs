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
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("score"));
    cmd.args(["--rubric", "gov2022", "--format", "csv", "f.csv"])
        .current_dir(wd.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = started(|| cmd.spawn()).expect("run score");
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

/// Common rows are applied a few rows after they are read (to fetch their
/// cells meanwhile); a count that overflows there must still be reported
/// at its own line, in line order among the other problems, as if every
/// row were applied when read. Rule 1.1a's counts, 999,999,999 a row
/// (nine digits: a common row): lines 2–5 make 3,999,999,996, line 6 would
/// make 4,999,999,995 > 4,294,967,295; line 7 names no item of the
/// rubric; lines 8–27 are 20 common rows of rule 1.6a (more than are ever waiting);
/// line 28 overflows again, its problem found while lines 29–50 (common
/// rows too) are read; line 51 is one field short.
#[test]
fn an_overflow_in_a_waiting_row_is_reported_at_its_line_in_order() {
    let wd = Workdir::new();
    let mut f = String::from("unit,item,rule,count\n");
    for _ in 2..=6 {
        f.push_str("曲山镇,1.1,a,999999999\n");
    }
    f.push_str("曲山镇,9.9,a,1\n");
    for _ in 8..=27 {
        f.push_str("曲山镇,1.6,a,1\n");
    }
    f.push_str("曲山镇,1.1,a,999999999\n");
    for _ in 29..=50 {
        f.push_str("曲山镇,1.6,a,1\n");
    }
    f.push_str("曲山镇,1.1\n");
    wd.write("f.csv", &f);
    for threads in ["1", "2"] {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("score"));
        cmd.args(["--rubric", "gov2022", "f.csv"])
            .env("SCORE_THREADS", threads)
            .env("LANG", "C")
            .current_dir(wd.path());
        let out = started(|| cmd.output()).expect("run score");
        assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("f.csv:")).collect();
        let overflow = "the counts of rule \"a\" for unit \"曲山镇\" add up past 4294967295";
        assert_eq!(lines.len(), 4, "{err}");
        assert_eq!(lines[0], format!("f.csv:6: {overflow}"));
        assert!(
            lines[1].starts_with("f.csv:7: unknown item \"9.9\""),
            "{err}"
        );
        assert_eq!(lines[2], format!("f.csv:28: {overflow}"));
        assert!(lines[3].starts_with("f.csv:51: "), "{err}");
    }
}

/// A row that is not a common one sees every common row before it applied:
/// here a note (line 4) after a plain finding (line 3) on scored item 1.1,
/// then a score for 1.1 (line 5). The clash names line 3, the first
/// finding, as it would if each row were applied when read; were the note
/// applied before the waiting line 3, it would name line 4.
#[test]
fn a_row_that_is_not_common_waits_for_the_common_rows_before_it() {
    let wd = Workdir::new();
    wd.write(
        "f.csv",
        "unit,item,rule,count,score,note\n\
         曲山镇,1.6,a,1,,\n\
         曲山镇,1.1,a,1,,\n\
         曲山镇,1.1,a,1,,说明\n\
         曲山镇,1.1,,,5,\n",
    );
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("score"));
    cmd.args(["--rubric", "gov2022", "f.csv"])
        .env("LANG", "C")
        .current_dir(wd.path());
    let out = started(|| cmd.output()).expect("run score");
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert_eq!(
        stderr(&out).lines().next(),
        Some(
            "f.csv:5: unit \"曲山镇\" item \"1.1\" has a score here and deductions at line 3: \
             give one or the other"
        )
    );
}

/// The tests start score again only when Wine could not start it (error
/// 1359, Windows only), and give up after ten tries; every other error, and
/// any error on other systems, comes back from the first try.
#[test]
fn only_a_process_wine_could_not_start_is_started_again() {
    use std::io::{Error, ErrorKind};
    let mut tries = 0;
    let never: std::io::Result<()> = started(|| {
        tries += 1;
        Err(Error::from_raw_os_error(1359))
    });
    assert_eq!(never.unwrap_err().raw_os_error(), Some(1359));
    assert_eq!(tries, if cfg!(windows) { 10 } else { 1 });

    let mut tries = 0;
    let third = started(|| {
        tries += 1;
        match tries {
            1 | 2 => Err(Error::from_raw_os_error(1359)),
            n => Ok(n),
        }
    });
    if cfg!(windows) {
        assert_eq!(third.unwrap(), 3);
    } else {
        assert_eq!(third.unwrap_err().raw_os_error(), Some(1359));
    }

    let mut tries = 0;
    let other: std::io::Result<()> = started(|| {
        tries += 1;
        Err(Error::new(ErrorKind::NotFound, "no such program"))
    });
    assert_eq!(other.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(tries, 1);
}
