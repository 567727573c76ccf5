//! A large findings file is read on two threads; the results, the errors,
//! their lines and their order must be exactly what one thread gives
//! (`SCORE_THREADS=1`). Files here pass the size past which a file is
//! split (8 MiB), so both paths really run.

mod common;

use std::process::Output;

use common::{code, started, Workdir};

/// Item and rule ids of gov2022 (rule "" takes direct points).
const PAIRS: &[(&str, &str)] = &[
    ("1.1", "a"),
    ("1.1", "b"),
    ("1.2", ""),
    ("1.5", "a"),
    ("1.5", "c"),
    ("2.1", "a"),
    ("2.1", "f"),
    ("2.3", "e"),
    ("2.5", "a"),
    ("3.2", ""),
    ("4.5", ""),
];

/// About `bytes` of gov2022 findings: random units (so most appear in both
/// halves, some only in the second), a note now and then.
fn findings(bytes: usize, units: u64, seed: u64) -> String {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut out = String::from("unit,item,rule,count,points,score,note\n");
    while out.len() < bytes {
        let unit = next() % units;
        let (item, rule) = PAIRS[(next() % PAIRS.len() as u64) as usize];
        let note = if next() % 97 == 0 { "查看台账" } else { "" };
        if rule.is_empty() {
            out.push_str(&format!("单位{unit:05},{item},,,0.5,,{note}\n"));
        } else {
            let count = 1 + next() % 3;
            out.push_str(&format!("单位{unit:05},{item},{rule},{count},,,{note}\n"));
        }
    }
    out
}

/// Runs score on `findings.csv` in `wd`, on one thread or as it likes.
fn run(wd: &Workdir, one_thread: bool, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("score").expect("the score binary is built");
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .arg("--quiet")
        .args(args)
        .arg("findings.csv")
        .current_dir(wd.path());
    if !args.contains(&"--rubric") {
        cmd.args(["--rubric", "gov2022"]);
    }
    if one_thread {
        cmd.env("SCORE_THREADS", "1");
    } else {
        cmd.env_remove("SCORE_THREADS");
    }
    started(|| cmd.output()).expect("run score")
}

/// Scores `text` on one thread and on two; insists they agree byte for
/// byte, and returns the output.
fn same_both_ways(text: &str, args: &[&str]) -> Output {
    let wd = Workdir::new();
    wd.write("findings.csv", text);
    let one = run(&wd, true, args);
    let two = run(&wd, false, args);
    assert_eq!(code(&one), code(&two), "exit codes differ");
    assert!(
        one.stderr == two.stderr,
        "stderr differs:\n{}\n---\n{}",
        String::from_utf8_lossy(&one.stderr),
        String::from_utf8_lossy(&two.stderr)
    );
    assert!(one.stdout == two.stdout, "stdout differs");
    one
}

const SIZE: usize = 9 << 20;

#[test]
fn a_clean_file_scores_the_same_on_two_threads() {
    let text = findings(SIZE, 3000, 7);
    let out = same_both_ways(&text, &["--format", "csv"]);
    assert_eq!(code(&out), 0);
    same_both_ways(&text, &["--format", "csv", "--detail"]);
}

#[test]
fn units_first_seen_in_the_second_half_keep_their_place() {
    let mut text = findings(SIZE, 2000, 11);
    // Units 2000-2099 appear only near the end, and one near the top.
    for u in (2000..2100).rev() {
        text.push_str(&format!("单位{u:05},1.1,a,1,,,\n"));
    }
    text.insert_str(text.find('\n').unwrap() + 1, "单位02050,1.1,b,2,,,\n");
    let out = same_both_ways(&text, &["--format", "csv"]);
    assert_eq!(code(&out), 0);
}

#[test]
fn errors_in_both_halves_are_reported_alike() {
    let mut lines: Vec<String> = findings(SIZE, 3000, 13).lines().map(String::from).collect();
    let n = lines.len();
    lines[100] = "单位00001,9.9,a,1,,,".to_string();
    lines[n / 2 + 17] = "单位00002,1.1,zz,1,,,".to_string();
    lines[n - 5] = "单位00003,1.1,a,many,,,".to_string();
    let out = same_both_ways(&(lines.join("\n") + "\n"), &["--format", "csv"]);
    assert_ne!(code(&out), 0);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("findings.csv:101:"), "{err}");
}

#[test]
fn a_score_in_one_half_clashes_with_deductions_in_the_other() {
    let mut lines: Vec<String> = findings(SIZE, 3000, 17).lines().map(String::from).collect();
    let n = lines.len();
    // 2.2 appears nowhere else: deductions near the top, a score past the middle.
    lines[40] = "单位00007,2.2,a,1,,,".to_string();
    lines[n / 2 + 40] = "单位00007,2.2,,,,3,".to_string();
    // Two scores for one item, one in each half.
    lines[60] = "单位00008,2.4,,,,1,".to_string();
    lines[n - 60] = "单位00008,2.4,,,,2,".to_string();
    let out = same_both_ways(&(lines.join("\n") + "\n"), &["--format", "csv"]);
    assert_ne!(code(&out), 0);
}

#[test]
fn quoted_line_breaks_read_the_same() {
    let mut lines: Vec<String> = findings(SIZE, 3000, 19).lines().map(String::from).collect();
    let n = lines.len();
    lines[n / 2 + 3] = "单位00009,1.1,a,1,,,\"line one\nline two\"".to_string();
    lines[n / 2 + 9] = "单位00009,1.1,a,1,,,\"x,\ny\"".to_string();
    let out = same_both_ways(&(lines.join("\n") + "\n"), &["--format", "csv", "--detail"]);
    assert_eq!(code(&out), 0);
}

#[test]
fn crlf_and_a_byte_order_mark_read_the_same() {
    let text = findings(SIZE, 3000, 23).replace('\n', "\r\n");
    let out = same_both_ways(&format!("\u{feff}{text}"), &["--format", "csv"]);
    assert_eq!(code(&out), 0);
}

#[test]
fn a_nul_byte_near_the_top_is_reported_alike() {
    let mut text = findings(SIZE, 3000, 29);
    text.insert(text.find("\n单位").unwrap(), '\0');
    let out = same_both_ways(&text, &["--format", "csv"]);
    assert_ne!(code(&out), 0);
}

#[test]
fn a_quote_past_the_first_mebibyte_reads_the_same() {
    let mut lines: Vec<String> = findings(SIZE, 3000, 31).lines().map(String::from).collect();
    let n = lines.len();
    // A quoted comma in the second half only: one thread reads it again.
    lines[n / 2 + 100] = "单位00010,1.1,a,1,,,\"x, y\"".to_string();
    let out = same_both_ways(&(lines.join("\n") + "\n"), &["--format", "csv", "--detail"]);
    assert_eq!(code(&out), 0);
}

/// What the quick reading of a half cannot cut at commas (a lone `\r`,
/// which ends a record for the csv crate; a NUL byte; a line longer than
/// its 256 KiB chunk), and what it must read as the csv crate does
/// (blank lines, CRLF blank lines, spaces, a last line with no line
/// break), in either half: the same results and errors as one thread.
#[test]
fn odd_bytes_in_either_half_read_the_same() {
    let lines: Vec<String> = findings(SIZE, 3000, 43).lines().map(String::from).collect();
    let n = lines.len();
    let long = format!("单位00012,1.1,a,1,,,{}", "长".repeat(100_000));
    // A clash within the second half, named by the lines of both rows.
    let (score, deduction) = ("单位00007,2.2,,,,3,", "单位00007,2.2,a,1,,,");
    let cases: [(&[(usize, &str)], i32); 7] = [
        (
            &[(n / 2 + 21, "单位00012,1.1,a,1,,,\r单位00013,1.1,b,2,,,")],
            0,
        ),
        (&[(n / 2 + 21, "单位00012,1.1,a,1\r,,,")], 1),
        (&[(n / 2 + 22, "单位00012,1.1,a,1,,,x\0y")], 1),
        (&[(n / 4, &long)], 0),
        (
            &[
                (n / 2 + 23, "\n\r\n\r\n"),
                (n / 2 + 40, deduction),
                (n / 2 + 50, score),
            ],
            1,
        ),
        (&[(n / 4 + 1, " 单位00014 ,1.1,a,1,,,")], 0),
        (&[(n / 2 + 24, "单位00012,1.1,a,1,,,")], 0),
    ];
    for (edits, want) in cases {
        let mut lines = lines.clone();
        for &(at, line) in edits {
            lines[at] = line.to_string();
        }
        let text = lines.join("\n") + "\n";
        let out = same_both_ways(&text, &["--format", "csv", "--detail"]);
        let first = &edits[0].1;
        assert_eq!(code(&out), want, "{:?}", &first[..first.len().min(40)]);
    }
    // No line break after the last row.
    let text = lines.join("\n");
    assert_eq!(code(&same_both_ways(&text, &["--format", "csv"])), 0);
}

#[test]
fn long_points_in_both_halves_add_up_alike() {
    let mut lines: Vec<String> = findings(SIZE, 3000, 37).lines().map(String::from).collect();
    let n = lines.len();
    // Sums of 28-digit points round; in another grouping they could differ.
    for (i, at) in [5, 9, n / 2 + 5, n / 2 + 9].into_iter().enumerate() {
        let p = [
            "0.1111111111111111111111111111",
            "2.000000000000000000000000001",
        ][i % 2];
        lines[at] = format!("单位00011,1.2,,,{p},,");
    }
    let out = same_both_ways(&(lines.join("\n") + "\n"), &["--format", "csv", "--detail"]);
    assert_eq!(code(&out), 0);
}

/// Direct points of many shapes (whole, zero, minus zero, two
/// decimals) for the same household, month and item in both halves and
/// within each: the second half's points join the first's as one thread
/// adds them, whether the first half has points for that item or not.
#[test]
fn direct_points_join_alike_across_the_cut() {
    const POINTS: [&str; 9] = ["0.5", "1", "2.25", "0", "-0", "3", "0.0", "12.5", "0.75"];
    const ITEMS: [&str; 4] = ["1.4", "2.1", "3.4", "5.2"];
    let mut text = String::from("period,unit,item,rule,count,points\n");
    // 5,000 households × 12 months × 4 items: about 1.7 rows a key, so
    // the second half has many keys the first lacks, and many it has.
    let mut state: u64 = 41;
    let mut next = |n: u64| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) % n
    };
    while text.len() < SIZE {
        let (month, unit) = (1 + next(12), next(5000));
        let (item, points) = (ITEMS[next(4) as usize], POINTS[next(9) as usize]);
        text.push_str(&format!("{month}月,户{unit:04},{item},,,{points}\n"));
    }
    let rubric = ["--rubric", "village-points", "--format", "csv"];
    let out = same_both_ways(&text, &rubric);
    assert_eq!(code(&out), 0);
    let detail = same_both_ways(&text, &[&rubric[..], &["--detail"]].concat());
    assert_eq!(code(&detail), 0);
}

/// `score --rubric gov2022 --quiet ARGS -`, run in `wd`, to be given its
/// standard input.
fn stdin_command(wd: &Workdir, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("score"));
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("SCORE_THREADS")
        .env("LANG", "C")
        .args(["--rubric", "gov2022", "--quiet"])
        .args(args)
        .arg("-")
        .current_dir(wd.path());
    cmd
}

/// Runs score on standard input redirected from `file` in `wd` (as
/// `score - < file` does), after reading `skip` bytes of it.
fn run_stdin_file(wd: &Workdir, file: &str, skip: u64, args: &[&str]) -> Output {
    use std::io::{Seek, SeekFrom};
    let mut cmd = stdin_command(wd, args);
    started(|| {
        let mut f = std::fs::File::open(wd.path().join(file)).expect("the findings");
        f.seek(SeekFrom::Start(skip)).expect("seek");
        cmd.stdin(f).output()
    })
    .expect("run score")
}

/// Standard input redirected from a file is read as that file (on Linux
/// without a copy), from where it stands: a file already read into is
/// read from there, not from its start.
#[test]
fn standard_input_from_a_file_reads_as_the_file_does() {
    let clean = findings(SIZE, 3000, 29);
    let mut lines: Vec<String> = clean.lines().map(String::from).collect();
    let n = lines.len();
    lines[n - 7] = "单位00003,1.1,a,many,,,".to_string();
    let text = lines.join("\n") + "\n";
    let wd = Workdir::new();
    wd.write("findings.csv", &text);
    // Bytes the reader of standard input must not see.
    let junk = "junk,junk,junk,\n";
    wd.write("behind.csv", &format!("{junk}{text}"));
    let file = run(&wd, false, &["--format", "csv"]);
    let want = String::from_utf8_lossy(&file.stderr).replace("findings.csv", "<stdin>");
    assert!(want.contains(&format!("<stdin>:{}:", n - 6)), "{want}");
    for (name, skip) in [("findings.csv", 0), ("behind.csv", junk.len() as u64)] {
        let stdin = run_stdin_file(&wd, name, skip, &["--format", "csv"]);
        assert_eq!(code(&file), code(&stdin), "{name}");
        assert!(file.stdout == stdin.stdout, "results differ: {name}");
        assert_eq!(String::from_utf8_lossy(&stdin.stderr), want, "{name}");
    }
}

/// Runs score on standard input fed from `findings.csv` in `wd`.
fn run_stdin(wd: &Workdir, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::from_std(stdin_command(wd, args));
    cmd.pipe_stdin(wd.path().join("findings.csv"))
        .expect("findings.csv");
    started(|| cmd.output()).expect("run score")
}

/// Standard input is copied to a temporary file and read as one (both
/// cores; read again to place a clash): the same results and the same
/// errors, at the same lines, as the file, only named `<stdin>`.
#[test]
fn standard_input_reads_as_the_file_does() {
    let clean = findings(SIZE, 3000, 23);
    let mut lines: Vec<String> = clean.lines().map(String::from).collect();
    let n = lines.len();
    lines[40] = "单位00007,2.2,a,1,,,".to_string();
    lines[n / 2 + 40] = "单位00007,2.2,,,,3,".to_string();
    lines[n - 5] = "单位00003,1.1,a,many,,,".to_string();
    for text in [clean, lines.join("\n") + "\n"] {
        let wd = Workdir::new();
        wd.write("findings.csv", &text);
        let file = run(&wd, false, &["--format", "csv"]);
        let stdin = run_stdin(&wd, &["--format", "csv"]);
        assert_eq!(code(&file), code(&stdin));
        assert!(file.stdout == stdin.stdout, "results differ");
        let want = String::from_utf8_lossy(&file.stderr).replace("findings.csv", "<stdin>");
        assert_eq!(String::from_utf8_lossy(&stdin.stderr), want);
    }
    // The clash is placed: a score at line 40 + n/2 + 1 against deductions at line 41.
    let wd = Workdir::new();
    wd.write("findings.csv", &(lines.join("\n") + "\n"));
    let err = String::from_utf8_lossy(&run_stdin(&wd, &[]).stderr).into_owned();
    assert!(err.contains(&format!("<stdin>:{}:", n / 2 + 41)), "{err}");
    assert!(err.contains("deductions at line 41"), "{err}");
    assert!(err.contains(&format!("<stdin>:{}:", n - 4)), "{err}");
}
