//! Where results go and in what shape: the format follows `--output`'s
//! extension, `--bom` for Excel, failed writes are errors, and the quota
//! report appears once on a terminal.

mod common;

use common::*;

/// 10 points, one item; 甲 loses 2.4 (30% of 8), 乙 nothing; bands 优秀 >= 9.
const RUBRIC: &str = r#"
[rubric]
id = "out"
name = "输出测试"
total = 10

[[grade]]
name = "优秀"
min = 9

[[grade]]
name = "差"

[[quota]]
grades = ["优秀"]
max = 0.40

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [ { id = "a", text = "落实不到位的,每项扣30%", deduct = "30%" } ]

[[section.item]]
id = "1.2"
name = "台账"
points = 2
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

// 甲: 10 - 2.4 = 7.6 (差); 乙: 10 (优秀). 1 of 2 = 50% 优秀 > 40%: the quota fails.
const FINDINGS: &str = "unit,item,rule,count\n甲,1.1,a,1\n乙,1.1,a,0\n";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write("f.csv", FINDINGS);
    wd
}

fn run_to(wd: &Workdir, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--rubric", "r.toml", "-q"];
    args.extend_from_slice(extra);
    args.push("f.csv");
    wd.run(&args)
}

#[test]
fn output_xlsx_alone_writes_a_real_workbook() {
    use calamine::Reader;
    let wd = workdir();
    let out = run_to(&wd, &["-o", "r.xlsx"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let mut book = calamine::open_workbook_auto(wd.path().join("r.xlsx")).expect("a workbook");
    let sheet = book.worksheet_range("结果").expect("the results sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    // 乙 keeps 10 (优秀, rank 1); 甲 10 - 2.4 = 7.6 (差, rank 2). The header row follows
    // the title rows: it is the one that starts with 单位.
    let head = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "单位"))
        .expect("a header row");
    let total = rows[head]
        .iter()
        .position(|h| h == "总分")
        .expect("a 总分 column");
    let by_unit: Vec<(&str, &str)> = rows[head + 1..]
        .iter()
        .map(|r| (r[0].as_str(), r[total].as_str()))
        .collect();
    assert_eq!(by_unit, [("乙", "10"), ("甲", "7.6")]);
}

#[test]
fn the_extension_picks_csv_md_and_json() {
    let wd = workdir();
    for name in ["r.csv", "r.md", "r.json", "R.CSV"] {
        let out = run_to(&wd, &["-o", name]);
        assert_eq!(code(&out), 0, "{name}: {}", describe(&out));
    }
    assert!(
        wd.read("r.csv").starts_with("unit,"),
        "{}",
        wd.read("r.csv")
    );
    assert!(
        wd.read("R.CSV").starts_with("unit,"),
        "{}",
        wd.read("R.CSV")
    );
    assert!(wd.read("r.md").starts_with('|'), "{}", wd.read("r.md"));
    let json: serde_json::Value = serde_json::from_str(&wd.read("r.json")).expect("JSON");
    assert_eq!(json["units"].as_array().map(Vec::len), Some(2));
    // Any other extension gets the table: its header row, with the rubric's labels.
    let out = run_to(&wd, &["-o", "r.txt"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let table = wd.read("r.txt");
    let header: Vec<&str> = table
        .lines()
        .nth(1)
        .unwrap_or("")
        .split(['│', '┆'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(header, ["单位", "1", "总分", "等次", "排名"], "{table}");
}

#[test]
fn a_format_that_contradicts_the_extension_is_a_usage_error() {
    let wd = workdir();
    let out = run_to(&wd, &["--format", "table", "-o", "r.xlsx"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert_eq!(
        stderr(&out).lines().next(),
        Some("error: --format table does not match --output r.xlsx: a .xlsx file is written as --format xlsx (or leave --format out)")
    );
    assert!(!wd.exists("r.xlsx"));
    // The same format twice is fine.
    let out = run_to(&wd, &["--format", "csv", "-o", "r.csv"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
}

#[test]
fn bom_starts_csv_and_md_and_is_off_by_default() {
    let wd = workdir();
    for (args, bom) in [
        (&["-f", "csv"][..], false),
        (&["-f", "csv", "--bom"][..], true),
        (&["-f", "md", "--bom"][..], true),
        (&["-o", "r.csv", "--bom"][..], true),
    ] {
        let out = run_to(&wd, args);
        assert_eq!(code(&out), 0, "{args:?}: {}", describe(&out));
        let bytes = if args.contains(&"-o") {
            std::fs::read(wd.path().join("r.csv")).unwrap()
        } else {
            out.stdout.clone()
        };
        assert_eq!(bytes.starts_with(b"\xEF\xBB\xBF"), bom, "{args:?}");
        // Exactly one mark, then the header.
        let text = String::from_utf8(bytes).unwrap();
        let rest = text.trim_start_matches('\u{feff}');
        assert_eq!(text.len() - rest.len(), if bom { 3 } else { 0 });
    }
    // Past the mark, the same CSV as without it.
    let out = run_to(&wd, &["-f", "csv", "--bom"]);
    let rows = csv_rows(
        std::str::from_utf8(&out.stdout)
            .unwrap()
            .trim_start_matches('\u{feff}'),
    );
    assert_eq!(rows.len(), 2);
}

#[test]
fn bom_with_json_is_a_usage_error() {
    let wd = workdir();
    let out = run_to(&wd, &["-f", "json", "--bom"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: --bom is for csv and md output, not json"
    );
}

#[test]
fn template_bom_and_extension() {
    let wd = workdir();
    let out = wd.run(&["template", "--rubric", "r.toml", "--bom"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        out.stdout.starts_with("\u{FEFF}单位,".as_bytes()),
        "{}",
        describe(&out)
    );
    let out = wd.run(&[
        "template", "--rubric", "r.toml", "-f", "csv", "-o", "t.xlsx",
    ]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(!wd.exists("t.xlsx"));
}

/// On a terminal the table already ends with the quota report: it is not
/// repeated as a warning. Redirected, the warning is the only report.
#[cfg(target_os = "linux")]
#[test]
fn the_quota_report_appears_once_on_a_terminal() {
    let wd = workdir();
    let score = assert_cmd::cargo::cargo_bin("score");
    let cmd = format!("{} --rubric r.toml f.csv", score.display());
    // `script` gives the run a terminal for both its outputs.
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(wd.path())
        .output()
        .expect("script (util-linux) runs");
    let screen = String::from_utf8_lossy(&out.stdout);
    // 1 of 2 = 50% 优秀 against at most 40%: 40% of 2 is 0.8, so at most 0 units.
    assert_eq!(
        screen.matches("quota 优秀 at most 40%").count(),
        1,
        "{screen}"
    );
    assert!(
        screen.contains("at most 0 of 2 graded units, found 1 (50%): NOT met"),
        "{screen}"
    );

    let out = wd.run(&["--rubric", "r.toml", "-o", "r.txt", "f.csv"]);
    assert_eq!(stderr(&out).matches("quota 优秀 at most 40%").count(), 1);
    assert_eq!(
        wd.read("r.txt").matches("quota 优秀 at most 40%").count(),
        1
    );
}
