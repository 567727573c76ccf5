//! Spreadsheets and templates, and threshold rules: workbooks read
//! as findings and rosters, workbooks written as results, score sheets, fill-in templates, and
//! stepped bounds checked at, just below and just above each step.
//!
//! Every expected figure is worked out by hand in the comment beside it; where two runs are
//! compared (a workbook against the same rows in CSV), the figures are also checked by hand, so
//! that two equal wrong answers cannot pass.

mod common;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;

// ------------------------------------------------------------------------------------------------
// Helpers local to this file.

/// Writes `rows` (the first is the header) as a CSV file, quoting fields that need it.
fn write_csv(w: &Workdir, name: &str, rows: &[Vec<String>]) {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        out.write_record(row).expect("write a csv row");
    }
    w.write_bytes(name, &out.into_inner().expect("finish the csv"));
}

/// Writes `rows` (the first is the header, always text) as the first sheet of a workbook, as a
/// person typing them into Excel would: non-empty cells of the `numeric` columns as numbers
/// (`1.1` the number 1.1, `2` the number 2), every other non-empty cell as text. The sheet gets
/// rust_xlsxwriter's default name, `Sheet1`.
fn write_xlsx(w: &Workdir, name: &str, rows: &[Vec<String>], numeric: &[usize]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            if r > 0 && numeric.contains(&c) {
                let n: f64 = cell.parse().expect("a numeric test cell");
                ws.write_number(r as u32, c as u16, n)
                    .expect("write number");
            } else {
                ws.write_string(r as u32, c as u16, cell.as_str())
                    .expect("write string");
            }
        }
    }
    book.save(w.path().join(name)).expect("save workbook");
}

/// Rows of string slices to owned rows.
fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// Every row (header included) of the sheet `sheet` of the workbook at `path`.
fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).expect("open the written workbook");
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("no sheet {sheet:?} in {path:?}: {e}"));
    assert_eq!(
        range.start().map(|s| (s.0, s.1)),
        Some((0, 0)),
        "sheet {sheet:?} must start at A1"
    );
    range.rows().map(|r| r.to_vec()).collect()
}

/// The sheet names of a workbook, in order.
fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path)
        .expect("open the written workbook")
        .sheet_names()
        .to_vec()
}

/// A cell as text: a number in its shortest decimal form (`format!("{}", f)`: 92.2, 100, -4.2).
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn is_number(cell: &Data) -> bool {
    matches!(cell, Data::Float(_) | Data::Int(_))
}

/// The workbook sheet as rows keyed by its header, every cell as text.
fn sheet_rows(sheet: &[Vec<Data>]) -> Vec<std::collections::HashMap<String, String>> {
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    sheet[1..]
        .iter()
        .map(|r| {
            header
                .iter()
                .enumerate()
                .map(|(i, h)| (h.clone(), r.get(i).map(text).unwrap_or_default()))
                .collect()
        })
        .collect()
}

/// Asserts an error line `FILE:CELL: message` on stderr whose message has all of `words`.
fn assert_cell_error(out: &std::process::Output, file: &str, cell: &str, words: &[&str]) {
    let prefix = format!("{file}:{cell}: ");
    let hit = stderr(out).lines().any(|l| {
        l.strip_prefix(&prefix)
            .is_some_and(|msg| words.iter().all(|w| msg.contains(w)))
    });
    assert!(
        hit,
        "expected an error {prefix}… containing {words:?}\n{}",
        describe(out)
    );
}

/// The total of `unit` in parsed CSV output.
fn total<'a>(rows: &'a [std::collections::HashMap<String, String>], unit: &str) -> &'a str {
    &unit_row(rows, unit)["total"]
}

fn example(name: &str) -> String {
    crate_root()
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

fn fixture(name: &str) -> String {
    crate_root()
        .join("tests")
        .join("data")
        .join(name)
        .display()
        .to_string()
}

/// The gov2022 example roster, copied into the work dir as `units.csv`.
fn gov_roster(w: &Workdir) {
    let text = std::fs::read_to_string(example("gov2022-units.csv")).expect("example roster");
    w.write("units.csv", &text);
}

const TOWNSHIPS: [&str; 8] = [
    "曲山镇",
    "永昌镇",
    "擂鼓镇",
    "通泉镇",
    "陈家坝镇",
    "桂溪镇",
    "禹里镇",
    "片口乡",
];
const ZERO_START: [&str; 5] = [
    "北川经济开发区",
    "县民政局",
    "县司法局",
    "县住建局",
    "县农业农村局",
];

// ------------------------------------------------------------------------------------------------
// 1. Workbook inputs read exactly like the same rows in CSV.

/// A gov2022 roster and findings, numbers as a person types them into Excel.
///
/// Hand arithmetic (gov2022: 1.1 = 8 points, rule a 30% = 2.4; 2.3 a 30% of 5 = 1.5; 2.4 a 30% of
/// 5 = 1.5; 3.2 = 10 points; 4.1, 4.3, 4.5 have no rules, deduct by `points`):
/// - 曲山镇: 1.1 a × 2 = 4.8; 3.2 score 8 → 10 − 8 = 2; 4.3 points 0.3.
///   100 − 4.8 − 2 − 0.3 = 92.9. Sections: 1: 30 − 4.8 = 25.2; 2: 25; 3: 15 − 2 = 13;
///   4: 30 − 0.3 = 29.7 (25.2 + 25 + 13 + 29.7 = 92.9).
/// - 永昌镇: 2.4 a × 3 = 4.5; 1.5 a × 0 = nothing; 4.1 points 0.3 + 0.3 = 0.6 (exact: not
///   0.6000000000000001). 100 − 4.5 − 0.6 = 94.9.
/// - 禹里镇: roster only → 100.
/// - 县民政局 (部门, starts at 0): 2.3 a × 1 = 1.5; 4.5 points 0.3. 0 − 1.5 − 0.3 = −1.8.
///
/// Ranks among 乡镇: 禹里镇 100 → 1, 永昌镇 94.9 → 2, 曲山镇 92.9 → 3.
fn mixed_rows() -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let roster = rows(&[
        &["unit", "kind", "code"],
        &["曲山镇", "乡镇", "1001"],
        &["永昌镇", "乡镇", "1002"],
        &["禹里镇", "乡镇", "1003"],
        &["县民政局", "部门", "2001"],
    ]);
    let findings = rows(&[
        &["unit", "item", "rule", "count", "points", "score", "note"],
        &["曲山镇", "1.1", "a", "2", "", "", "两项制度落实不到位"],
        &["曲山镇", "3.2", "", "", "", "8", "评定得8分"],
        &["曲山镇", "4.3", "", "", "0.3", "", "经费台账缺页"],
        &["永昌镇", "2.4", "a", "3", "", "", "风险评价未全覆盖"],
        &["永昌镇", "1.5", "a", "0", "", "", "核查合格"],
        &["永昌镇", "4.1", "", "", "0.3", "", "第一考核组"],
        &["永昌镇", "4.1", "", "", "0.3", "", "第二考核组"],
        &["县民政局", "2.3", "a", "1", "", "", "社工站覆盖率不足"],
        &["县民政局", "4.5", "", "", "0.3", "", "培训记录不全"],
    ]);
    (roster, findings)
}

#[test]
fn xlsx_findings_and_roster_score_byte_for_byte_like_csv() {
    let w = Workdir::new();
    let (roster, findings) = mixed_rows();
    write_csv(&w, "units.csv", &roster);
    write_csv(&w, "findings.csv", &findings);
    // roster: `code` as numbers; findings: item, count, points and score as numbers.
    write_xlsx(&w, "units.xlsx", &roster, &[2]);
    write_xlsx(&w, "findings.xlsx", &findings, &[1, 3, 4, 5]);

    for extra in [&[][..], &["--detail"][..]] {
        let run = |units: &str, f: &str| {
            let mut args = vec![
                "--rubric", "gov2022", "--units", units, f, "--format", "csv",
            ];
            args.extend_from_slice(extra);
            w.run_ok(&args)
        };
        let from_csv = run("units.csv", "findings.csv");
        let from_xlsx = run("units.xlsx", "findings.xlsx");
        assert_eq!(
            from_xlsx, from_csv,
            "xlsx inputs must score exactly like CSV ({extra:?})"
        );
        // Mixed: a workbook roster with CSV findings and the other way round.
        assert_eq!(run("units.xlsx", "findings.csv"), from_csv);
        assert_eq!(run("units.csv", "findings.xlsx"), from_csv);
    }

    let out = w.csv(&[
        "--rubric",
        "gov2022",
        "--units",
        "units.xlsx",
        "findings.xlsx",
    ]);
    // Worked out in `mixed_rows`.
    assert_eq!(
        pick(
            unit_row(&out, "曲山镇"),
            &["1", "2", "3", "4", "total", "rank"]
        ),
        ["25.2", "25", "13", "29.7", "92.9", "3"]
    );
    assert_eq!(
        pick(unit_row(&out, "永昌镇"), &["total", "rank"]),
        ["94.9", "2"]
    );
    assert_eq!(
        pick(unit_row(&out, "禹里镇"), &["total", "rank"]),
        ["100", "1"]
    );
    assert_eq!(total(&out, "县民政局"), "-1.8");

    // The 0.3 cells, read back as 0.3 and added exactly: 4.1 deducted 0.3 + 0.3 = 0.6, 5.4 left.
    let detail = w.csv(&[
        "--rubric",
        "gov2022",
        "--units",
        "units.xlsx",
        "findings.xlsx",
        "--detail",
    ]);
    assert_eq!(
        pick(
            detail_row(&detail, "永昌镇", "4.1"),
            &["points", "deducted", "score"]
        ),
        ["6", "0.6", "5.4"]
    );
    // 4.3 has 10 points: 0.3 deducted → 9.7.
    assert_eq!(
        pick(detail_row(&detail, "曲山镇", "4.3"), &["deducted", "score"]),
        ["0.3", "9.7"]
    );
}

#[test]
fn numbers_that_are_not_exact_in_binary_read_as_typed() {
    // 0.1, 0.2 and 0.7 have no exact binary form; each must read back as typed, so three rows of
    // 0.1 + 0.2 + 0.7 on 4.3 (10 points) deduct exactly 1 → 9, and the total is 100 − 1 = 99.
    let w = Workdir::new();
    let findings = rows(&[
        &["unit", "item", "points", "note"],
        &["曲山镇", "4.3", "0.1", "一"],
        &["曲山镇", "4.3", "0.2", "二"],
        &["曲山镇", "4.3", "0.7", "三"],
    ]);
    write_xlsx(&w, "f.xlsx", &findings, &[1, 2]);
    let detail = w.csv(&["--rubric", "gov2022", "f.xlsx", "--detail"]);
    assert_eq!(
        pick(detail_row(&detail, "曲山镇", "4.3"), &["deducted", "score"]),
        ["1", "9"]
    );
    let out = w.csv(&["--rubric", "gov2022", "f.xlsx"]);
    assert_eq!(total(&out, "曲山镇"), "99");
}

// ------------------------------------------------------------------------------------------------
// 2. Workbooks saved by LibreOffice score exactly like the example CSV files.

#[test]
fn libreoffice_gov2022_workbooks_score_like_the_csv_examples() {
    let w = Workdir::new();
    let (units_csv, findings_csv) = (
        example("gov2022-units.csv"),
        example("gov2022-findings.csv"),
    );
    let (units_lo, findings_lo) = (
        fixture("gov2022-units-lo.xlsx"),
        fixture("gov2022-findings-lo.xlsx"),
    );
    for extra in [&[][..], &["--detail"][..]] {
        let run = |u: &str, f: &str| {
            let mut args = vec!["--rubric", "gov2022", "--units", u, f, "--format", "csv"];
            args.extend_from_slice(extra);
            w.run_ok(&args)
        };
        let expected = run(&units_csv, &findings_csv);
        assert_eq!(run(&units_lo, &findings_lo), expected, "{extra:?}");
        assert_eq!(run(&units_csv, &findings_lo), expected, "{extra:?}");
        assert_eq!(run(&units_lo, &findings_csv), expected, "{extra:?}");
    }

    // Hand-worked in examples/README-gov2022.md:
    let out = w.csv(&["--rubric", "gov2022", "--units", &units_lo, &findings_lo]);
    assert_eq!(out.len(), 13, "8 乡镇 + 1 经开区 + 4 部门");
    // 曲山镇: 100 − 4.8 (1.1 a × 2 = 2 × 2.4) − 1 (2.3 c) − 2 (3.2 score 8 of 10) = 92.2.
    assert_eq!(
        pick(unit_row(&out, "曲山镇"), &["total", "grade", "rank"]),
        ["92.2", "优秀", "3"]
    );
    // 擂鼓镇: 100 − 4.8 (1.1 b × 3 = 3 × 1.6) − 4 (1.2 points) − 3.6 (1.5: a capped 1.2 + c 2 × 1.2)
    //        = 87.6.
    // 通泉镇: 100 − 2.4 (1.1 a) − 1 (2.3 e) − 3 (3.1 a × 2) − 6 (4.3 points) = 87.6. A tie: both 5th
    // (禹里镇 100, 桂溪镇 97.3, 曲山镇 92.2, 永昌镇 89 are ahead).
    assert_eq!(
        pick(unit_row(&out, "擂鼓镇"), &["total", "rank"]),
        ["87.6", "5"]
    );
    assert_eq!(
        pick(unit_row(&out, "通泉镇"), &["total", "rank"]),
        ["87.6", "5"]
    );
    // 陈家坝镇 78.6 comes next: rank 7 (competition ranking skips 6).
    assert_eq!(
        pick(unit_row(&out, "陈家坝镇"), &["total", "rank"]),
        ["78.6", "7"]
    );
    // 县司法局 (部门, from 0): 0 − 1.2 (1.6 a, 30% of 4) − 3 (2.4 b × 2 = 2 × 1.5) = −4.2.
    assert_eq!(total(&out, "县司法局"), "-4.2");
    // 片口乡: 100 − 7.2 − 6 − 8 − 6 − 10 (4.3: 6 + 6 = 12, capped at 10) − 4 = 58.8.
    assert_eq!(
        pick(unit_row(&out, "片口乡"), &["total", "grade"]),
        ["58.8", "差"]
    );
    // 禹里镇 (roster only): 100; 县农业农村局 (部门, roster only): 0.
    assert_eq!(total(&out, "禹里镇"), "100");
    assert_eq!(total(&out, "县农业农村局"), "0");
}

#[test]
fn libreoffice_community_party_workbook_scores_like_the_csv_example() {
    let w = Workdir::new();
    let units = example("community-party-units.csv");
    let (csv, lo) = (
        example("community-party-findings.csv"),
        fixture("community-party-findings-lo.xlsx"),
    );
    for extra in [&[][..], &["--detail"][..]] {
        let run = |f: &str| {
            let mut args = vec![
                "--rubric",
                "community-party",
                "--units",
                &units,
                f,
                "--format",
                "csv",
            ];
            args.extend_from_slice(extra);
            w.run_ok(&args)
        };
        assert_eq!(run(&lo), run(&csv), "{extra:?}");
    }
    let out = w.csv(&["--rubric", "community-party", "--units", &units, &lo]);
    // 东风社区 (2600 households → 5万元 standard): value 4.2 < 5 → 5.1 loses all 5; 3.1 a × 4 + b
    // = 5, capped at 4; 2.2 all 2; 4.5 a 2; 4.6 points 1. 100 − 5 − 4 − 2 − 2 − 1 = 86.
    assert_eq!(total(&out, "东风社区"), "86");
    // 红星社区 (1800 → 4万元): value 3 < 4 → 5.1 loses 5, as in examples/README-grid-community.md:
    // 100 − 49 = 51.
    assert_eq!(total(&out, "红星社区"), "51");
    // 和平路社区 (3200 → 6万元): 6.5 ≥ 6, nothing; 3.1 a × 2 = 2; 1.4 a 3. 100 − 5 = 95.
    assert_eq!(total(&out, "和平路社区"), "95");
    // 新村社区 (3000 → still 5万元, 6 applies from 3001): 5 ≥ 5, nothing; 3.7 a 1; 3.4 points 0.5.
    // 100 − 1.5 = 98.5.
    assert_eq!(total(&out, "新村社区"), "98.5");
}

// ------------------------------------------------------------------------------------------------
// 3. `--format xlsx` writes the same figures as the CSV output.

#[test]
fn results_workbook_holds_the_csv_figures() {
    let w = Workdir::new();
    let (units, findings) = (
        example("gov2022-units.csv"),
        example("gov2022-findings.csv"),
    );
    let base = [
        "--rubric",
        "gov2022",
        "--units",
        units.as_str(),
        findings.as_str(),
    ];
    let mut args = base.to_vec();
    args.extend_from_slice(&["--format", "xlsx", "--output", "results.xlsx"]);
    let out = w.run(&args);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(out.stdout.is_empty(), "the workbook goes to the file only");
    let path = w.path().join("results.xlsx");
    assert_eq!(sheet_names(&path), ["结果", "明细", "等次统计"]);

    // Sheet 结果 against `--format csv`, row by row, in the same order, under a title (the
    // rubric's name), a line with the number of units, and the section names with points.
    let csv = w.csv(&base);
    let sheet = read_sheet(&path, "结果");
    assert_eq!(
        text(&sheet[0][0]),
        "2022年推进城乡基层治理制度创新和能力建设工作考核细则"
    );
    assert!(text(&sheet[1][0]).ends_with("共13个单位"), "{:?}", sheet[1]);
    let sheet = &sheet[header_row(&sheet)..];
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    let sections = [
        "一、推进乡村治理制度创新和能力建设(30分)",
        "二、推进城市基层治理制度创新和能力建设(25分)",
        "三、突出抓好重要地区和薄弱领域基层治理(15分)",
        "四、加强城乡基层治理组织领导与能力建设(30分)",
    ];
    let mut want: Vec<&str> = vec!["单位", "类型"];
    want.extend(sections);
    want.extend(["总分", "等次", "排名"]);
    assert_eq!(header, want);
    assert_eq!(sheet.len() - 1, csv.len(), "one row per unit");
    let en = ["unit", "kind", "1", "2", "3", "4", "total", "grade", "rank"];
    for (row, want) in sheet[1..].iter().zip(&csv) {
        for (i, en) in en.iter().enumerate() {
            let cell = row.get(i).unwrap_or(&Data::Empty);
            if !["unit", "kind", "grade"].contains(en) {
                assert!(
                    is_number(cell),
                    "{en} of {} must be a number, got {cell:?}",
                    want["unit"]
                );
            }
            // The CSV figure parsed as a number and printed shortest is the cell's number.
            assert_eq!(text(cell), want[*en], "{en} of {}", want["unit"]);
        }
    }
    // Hand figures (examples/README-gov2022.md): 曲山镇 92.2, 县司法局 −4.2, stored as numbers.
    let by_unit = sheet_rows(sheet);
    let find = |u: &str| by_unit.iter().find(|r| r["单位"] == u).expect("unit row");
    assert_eq!(find("曲山镇")["总分"], "92.2");
    assert_eq!(find("县司法局")["总分"], "-4.2");
    assert_eq!(find("禹里镇")["总分"], "100");
    for row in &sheet[1..] {
        if text(&row[0]) == "曲山镇" {
            assert_eq!(row[6], Data::Float(92.2));
        }
    }

    // Sheet 明细 against `--detail --format csv`: the same rows. gov2022 has 18 items
    // (6 + 5 + 2 + 5), none restricted to a kind, and CSV lists every item of every unit:
    // 13 units × 18 = 234 rows.
    let detail_csv = w.csv(&[&base[..], &["--detail"][..]].concat());
    assert_eq!(detail_csv.len(), 13 * 18);
    let detail = read_sheet(&path, "明细");
    let detail = &detail[header_row(&detail)..];
    let header: Vec<String> = detail[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "单位",
            "考核内容",
            "指标",
            "指标名称",
            "分值",
            "扣分",
            "加分",
            "得分",
            "封顶",
            "封顶未计",
            "扣分/加分情形"
        ]
    );
    assert_eq!(detail.len() - 1, detail_csv.len());
    let rows = sheet_rows(detail);
    let figure = |s: &str| s.parse::<f64>().unwrap_or(0.0);
    for (row, want) in rows.iter().zip(&detail_csv) {
        assert_eq!(row["单位"], want["unit"]);
        assert_eq!(row["指标"], want["item"]);
        assert_eq!(row["分值"], want["points"]);
        assert_eq!(row["得分"], want["score"]);
        assert_eq!(row["封顶未计"], want["absorbed"]);
        // deducted in CSV is what was taken off less what was added.
        assert_eq!(
            figure(&row["扣分"]) - figure(&row["加分"]),
            figure(&want["deducted"]),
            "{} {}",
            want["unit"],
            want["item"]
        );
        let capped = if want["capped"] == "true" {
            "是"
        } else {
            "否"
        };
        assert_eq!(row["封顶"], capped);
    }
    for row in &detail[1..] {
        for i in [4, 5, 7, 9] {
            assert!(
                is_number(&row[i]),
                "{} must be a number: {row:?}",
                header[i]
            );
        }
    }
    // 永昌镇 2.1: c × 4 + e × 2 = 6 × 1 = 6 > 5 → deducted 5, score 0, capped, 1 absorbed.
    let r = rows
        .iter()
        .find(|r| r["单位"] == "永昌镇" && r["指标"] == "2.1")
        .expect("永昌镇 2.1");
    assert_eq!(
        [
            &r["分值"],
            &r["扣分"],
            &r["加分"],
            &r["得分"],
            &r["封顶"],
            &r["封顶未计"]
        ],
        ["5", "5", "", "0", "是", "1"]
    );
    assert_eq!(r["考核内容"], sections[1]);

    // 等次统计: the eight 乡镇 are graded (经开区 and 部门 start from zero): 禹里镇 100, 桂溪镇
    // 97.3, 曲山镇 92.2 ≥ 90 优秀; 永昌镇 89, 擂鼓镇 87.6, 通泉镇 87.6 ≥ 80 良好; 陈家坝镇 78.6
    // ≥ 60 一般; 片口乡 58.8 差. gov2022 declares no quota.
    let grades = read_sheet(&path, "等次统计");
    let counts = block(&grades, "各等次单位数");
    let got: Vec<[&str; 5]> = counts
        .iter()
        .map(|r| {
            [
                r["类型"].as_str(),
                r["等次"].as_str(),
                r["单位数"].as_str(),
                r["参评单位数"].as_str(),
                r["占比"].as_str(),
            ]
        })
        .collect();
    assert_eq!(
        got,
        [
            ["乡镇", "优秀", "3", "8", "0.375"],
            ["乡镇", "良好", "3", "8", "0.375"],
            ["乡镇", "一般", "1", "8", "0.125"],
            ["乡镇", "差", "1", "8", "0.125"],
        ]
    );
    let said: Vec<String> = grades.iter().flatten().map(text).collect();
    assert!(said.iter().any(|t| t == "本细则未规定等次比例"), "{said:?}");
}

/// Index of a sheet's header row: the first whose first cell is 单位 (title rows come first).
fn header_row(sheet: &[Vec<Data>]) -> usize {
    sheet
        .iter()
        .position(|r| r.first().is_some_and(|c| text(c) == "单位"))
        .unwrap_or_else(|| panic!("no header row starting with 单位: {sheet:?}"))
}

/// The table under the caption `caption` (a cell alone in column A): its header is the next row,
/// its rows run to the first empty row; each row keyed by the header.
fn block(sheet: &[Vec<Data>], caption: &str) -> Vec<std::collections::HashMap<String, String>> {
    let at = sheet
        .iter()
        .position(|r| r.first().is_some_and(|c| text(c) == caption))
        .unwrap_or_else(|| panic!("no caption {caption}: {sheet:?}"));
    let rest = &sheet[at + 1..];
    let end = rest
        .iter()
        .position(|r| r.iter().all(|c| matches!(c, Data::Empty)))
        .unwrap_or(rest.len());
    sheet_rows(&rest[..end])
}

/// Ten points, two kinds, three quotas on the full-start kind.
const QUOTAS: &str = r#"
[rubric]
id = "quotas"
name = "等次比例测试"
total = 10

[[kind]]
name = "乡镇"
start = "full"
[[kind]]
name = "部门"
start = "zero"

[[grade]]
name = "优秀"
min = 9
[[grade]]
name = "良好"
min = 8
[[grade]]
name = "差"

[[quota]]
grades = ["优秀"]
max = 0.40
[[quota]]
grades = ["差"]
about = 0.10
[[quota]]
grades = ["优秀", "良好"]
min = 0.50

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 10
rules = [ { id = "a", text = "落实不到位的,每项扣一分", deduct = 1 } ]
"#;

#[test]
fn quota_sheet_has_one_row_per_quota_check() {
    let w = Workdir::new();
    w.write("quotas.toml", QUOTAS);
    w.write(
        "units.csv",
        "unit,kind\n甲镇,乡镇\n乙镇,乡镇\n丙镇,乡镇\n丁镇,乡镇\n戊局,部门\n",
    );
    w.write(
        "f.csv",
        "unit,item,rule,count\n乙镇,1.1,a,1\n丙镇,1.1,a,2\n丁镇,1.1,a,5\n戊局,1.1,a,1\n",
    );
    let base = ["--rubric", "quotas.toml", "--units", "units.csv", "f.csv"];
    // 甲镇 10 (优秀), 乙镇 10 − 1 = 9 (优秀), 丙镇 10 − 2 = 8 (良好), 丁镇 10 − 5 = 5 (差);
    // 戊局 (部门, from 0) −1, no grade.
    let csv = w.csv(&base);
    assert_eq!(column(&csv, "total"), ["10", "9", "8", "5", "-1"]);

    let out = w.run(&[&base[..], &["--format", "xlsx", "--output", "r.xlsx"]].concat());
    assert_eq!(code(&out), 0, "{}", describe(&out));
    // Three quotas, checked on each kind with graded units: only 乡镇 (部门 has no grades) →
    // 3 × 1 = 3 rows.
    let sheet = read_sheet(&w.path().join("r.xlsx"), "等次统计");
    let rows = block(&sheet, "比例要求");
    assert_eq!(rows.len(), 3, "{sheet:?}");
    // 优秀 at most 40% of 4 = 1.6 → at most 1 unit, 2 of 4 (50%) → not met; 差 about 10% of 4
    // = 0.4 → about 0 units, 1 (25%), reported only; 优秀 + 良好 at least 50% of 4 = 2 → at
    // least 2 units, 3 (75%) → met.
    let got: Vec<[&str; 8]> = rows
        .iter()
        .map(|r| {
            [
                r["等次"].as_str(),
                r["类型"].as_str(),
                r["要求"].as_str(),
                r["参评单位数"].as_str(),
                r["限额"].as_str(),
                r["实有"].as_str(),
                r["实际占比"].as_str(),
                r["结论"].as_str(),
            ]
        })
        .collect();
    assert_eq!(
        got,
        [
            [
                "优秀",
                "乡镇",
                "至多40%",
                "4",
                "至多1个",
                "2",
                "0.5",
                "未达标"
            ],
            ["差", "乡镇", "约10%", "4", "约0个", "1", "0.25", "仅作报告"],
            [
                "优秀+良好",
                "乡镇",
                "至少50%",
                "4",
                "至少2个",
                "3",
                "0.75",
                "达标"
            ],
        ]
    );
    // Counts and shares are numbers (the share 0.5 shows as 50.0%).
    let head = sheet
        .iter()
        .position(|r| r.first().is_some_and(|c| text(c) == "比例要求"))
        .expect("比例要求")
        + 1;
    for row in &sheet[head + 1..head + 4] {
        for i in [3, 5, 6] {
            assert!(is_number(&row[i]), "a number: {row:?}");
        }
    }
    // Units per grade: 甲镇, 乙镇 优秀; 丙镇 良好; 丁镇 差: of 4 graded 乡镇.
    let counts = block(&sheet, "各等次单位数");
    let got: Vec<(&str, &str, &str)> = counts
        .iter()
        .map(|r| (r["等次"].as_str(), r["单位数"].as_str(), r["占比"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("优秀", "2", "0.5"),
            ("良好", "1", "0.25"),
            ("差", "1", "0.25")
        ]
    );
    // The table's quota report has the same three checks.
    let table = w.run_ok(&base);
    assert_eq!(
        table.lines().filter(|l| l.starts_with("quota ")).count(),
        3,
        "{table}"
    );

    // Under --strict the failed max quota gives exit 3, and the workbook is still written.
    let out = w.run(
        &[
            &base[..],
            &["--format", "xlsx", "--output", "strict.xlsx", "--strict"],
        ]
        .concat(),
    );
    assert_eq!(code(&out), 3, "{}", describe(&out));
    let strict = read_sheet(&w.path().join("strict.xlsx"), "等次统计");
    assert_eq!(block(&strict, "比例要求").len(), 3);
}

// ------------------------------------------------------------------------------------------------
// 4. Errors in a workbook name the cell.

#[test]
fn workbook_errors_name_the_cell() {
    let w = Workdir::new();
    w.write("units.csv", "unit,kind\n曲山镇,乡镇\n永昌镇,乡镇\n");
    let findings = rows(&[
        &["unit", "item", "rule", "count", "note"],
        &["曲山镇", "1.1", "a", "1", "正常"],
        &["曲山", "1.1", "a", "1", "单位名称写错"],
        &["永昌镇", "1.1", "a", "2.5", "次数不是整数"],
    ]);
    write_xlsx(&w, "f.xlsx", &findings, &[1, 3]);
    let out = w.run(&["--rubric", "gov2022", "--units", "units.csv", "f.xlsx"]);
    assert_invalid(&out);
    // Row 3 (the header is row 1), column A: the unit.
    assert_cell_error(&out, "f.xlsx", "Sheet1!A3", &["曲山", "曲山镇"]);
    // Row 4, column D: the count, a number that is not whole.
    assert_cell_error(&out, "f.xlsx", "Sheet1!D4", &["count", "2.5"]);
    // Both problems are reported, not just the first.
    assert_eq!(
        stderr(&out)
            .lines()
            .filter(|l| l.starts_with("f.xlsx:Sheet1!"))
            .count(),
        2,
        "{}",
        describe(&out)
    );

    // The same rows in CSV: the same problems, named by line.
    write_csv(&w, "f.csv", &findings);
    let out = w.run(&["--rubric", "gov2022", "--units", "units.csv", "f.csv"]);
    assert_invalid(&out);
    assert_error(&out, "f.csv", 3, &["曲山"]);
    assert_error(&out, "f.csv", 4, &["2.5"]);
}

#[test]
fn workbook_error_in_a_later_column_names_its_letter() {
    // Columns shuffled: count in B, item in E. A bad item in row 2 is E2, a bad count in row 3 B3.
    let w = Workdir::new();
    let findings = rows(&[
        &["unit", "count", "rule", "note", "item"],
        &["曲山镇", "1", "a", "", "9.9"],
        &["曲山镇", "多次", "a", "", "1.1"],
    ]);
    write_xlsx(&w, "f.xlsx", &findings, &[4]);
    let out = w.run(&["--rubric", "gov2022", "f.xlsx"]);
    assert_invalid(&out);
    assert_cell_error(&out, "f.xlsx", "Sheet1!E2", &["9.9"]);
    assert_cell_error(&out, "f.xlsx", "Sheet1!B3", &["多次"]);
}

// ------------------------------------------------------------------------------------------------
// 5. Templates: filled in as they come, every unit gets full marks.

#[test]
fn long_csv_template_with_roster_scores_full_marks() {
    let w = Workdir::new();
    gov_roster(&w);
    let out = w.run(&[
        "template",
        "--rubric",
        "gov2022",
        "--units",
        "units.csv",
        "--output",
        "t.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let text = w.read("t.csv");
    // gov2022 has no periods and no threshold rules: no 期间, no 数值 column. 指标名称, 分值 and
    // 情形说明 are the rubric's words, which the reader ignores.
    assert_eq!(
        csv_header(&text),
        [
            "单位",
            "指标",
            "指标名称",
            "分值",
            "情形",
            "情形说明",
            "次数",
            "扣分",
            "得分",
            "备注"
        ]
    );
    // Rules per item (rubrics/gov2022.toml): 1.1 2, 1.5 3, 1.6 1, 2.1 6, 2.2 2, 2.3 5, 2.4 2,
    // 2.5 1, 3.1 1 = 23 rule rows; items without rules 1.2, 1.3, 1.4, 3.2, 4.1–4.5 = 9 rows.
    // 23 + 9 = 32 rows a unit, 13 units → 416.
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 13 * 32);
    for r in &rows {
        if r["情形"].is_empty() {
            // A rule-less item is awarded: its score is filled in as full marks.
            assert_eq!(
                (r["次数"].as_str(), r["扣分"].as_str(), r["得分"].as_str()),
                ("", "", r["分值"].as_str()),
                "{r:?}"
            );
        } else {
            assert_eq!(
                (r["次数"].as_str(), r["扣分"].as_str(), r["得分"].as_str()),
                ("0", "", ""),
                "{r:?}"
            );
            assert!(!r["情形说明"].is_empty() && r["备注"].is_empty(), "{r:?}");
        }
    }
    let qu: Vec<_> = rows.iter().filter(|r| r["单位"] == "曲山镇").collect();
    assert_eq!(qu.len(), 32);

    let out = w.csv(&["--rubric", "gov2022", "--units", "units.csv", "t.csv"]);
    assert_eq!(out.len(), 13);
    // 乡镇 start full and nothing was found: 100, all tied at rank 1. 经开区 and 部门 start at 0: 0.
    for u in TOWNSHIPS {
        assert_eq!(
            pick(unit_row(&out, u), &["total", "grade", "rank"]),
            ["100", "优秀", "1"]
        );
    }
    for u in ZERO_START {
        assert_eq!(total(&out, u), "0", "{u}");
    }
}

#[test]
fn long_xlsx_template_with_roster_scores_full_marks() {
    let w = Workdir::new();
    gov_roster(&w);
    // xlsx from the extension alone.
    let out = w.run(&[
        "template",
        "--rubric",
        "gov2022",
        "--units",
        "units.csv",
        "--output",
        "t.xlsx",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let path = w.path().join("t.xlsx");
    let names = sheet_names(&path);
    let sheet = read_sheet(&path, &names[0]);
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "单位",
            "指标",
            "指标名称",
            "分值",
            "情形",
            "情形说明",
            "次数",
            "扣分",
            "得分",
            "备注"
        ]
    );
    // 32 rows a unit × 13 units, as in the CSV template.
    assert_eq!(sheet.len() - 1, 13 * 32);
    // count 0 on rule rows, the item's full points as the score on rule-less rows, as numbers.
    for row in &sheet[1..] {
        let cell = if text(&row[4]).is_empty() {
            assert_eq!(text(&row[8]), text(&row[3]), "{row:?}");
            &row[8]
        } else {
            assert_eq!(text(&row[6]), "0", "{row:?}");
            &row[6]
        };
        assert!(is_number(cell), "{row:?}");
    }

    let out = w.csv(&["--rubric", "gov2022", "--units", "units.csv", "t.xlsx"]);
    assert_eq!(out.len(), 13);
    for u in TOWNSHIPS {
        assert_eq!(total(&out, u), "100", "{u}");
    }
    for u in ZERO_START {
        assert_eq!(total(&out, u), "0", "{u}");
    }

    // `--format xlsx` says the same with any file name.
    let out = w.run(&[
        "template",
        "--rubric",
        "gov2022",
        "--units",
        "units.csv",
        "--format",
        "xlsx",
        "--output",
        "t2.xlsx",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let names = sheet_names(&w.path().join("t2.xlsx"));
    assert_eq!(
        read_sheet(&w.path().join("t2.xlsx"), &names[0]).len() - 1,
        13 * 32
    );
}

#[test]
fn wide_csv_template_filled_in_gives_the_expected_totals() {
    let w = Workdir::new();
    gov_roster(&w);
    let out = w.run(&[
        "template",
        "--rubric",
        "gov2022",
        "--units",
        "units.csv",
        "--wide",
        "--output",
        "w.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let mut records = csv_records(&w.read("w.csv"));
    // 单位, the 18 items in rubric order (all scored in gov2022), 备注.
    let items = [
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2",
        "4.1", "4.2", "4.3", "4.4", "4.5",
    ];
    let mut want = vec!["单位"];
    want.extend(items);
    want.push("备注");
    assert_eq!(records[0], want);
    // One row per roster unit, in roster order, item cells empty.
    let units: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        units,
        [
            "曲山镇",
            "永昌镇",
            "擂鼓镇",
            "通泉镇",
            "陈家坝镇",
            "桂溪镇",
            "禹里镇",
            "片口乡",
            "北川经济开发区",
            "县民政局",
            "县司法局",
            "县住建局",
            "县农业农村局"
        ]
    );
    assert!(records[1..]
        .iter()
        .all(|r| r[1..=18].iter().all(String::is_empty)));

    // As it comes: full marks.
    let out = w.csv(&["--rubric", "gov2022", "--units", "units.csv", "w.csv"]);
    for u in TOWNSHIPS {
        assert_eq!(total(&out, u), "100", "{u}");
    }
    for u in ZERO_START {
        assert_eq!(total(&out, u), "0", "{u}");
    }

    // Filled in: a few scores.
    let head = records[0].clone();
    let col = |id: &str| head.iter().position(|h| h == id).expect("item column");
    let row = |recs: &[Vec<String>], u: &str| recs.iter().position(|r| r[0] == u).unwrap();
    let set = |recs: &mut Vec<Vec<String>>, u: &str, id: &str, v: &str| {
        let (r, c) = (row(recs, u), col(id));
        recs[r][c] = v.to_string();
    };
    set(&mut records, "曲山镇", "3.2", "8");
    set(&mut records, "永昌镇", "1.1", "5.6");
    set(&mut records, "永昌镇", "4.3", "8.5");
    set(&mut records, "县民政局", "2.3", "3.5");
    set(&mut records, "县民政局", "2.5", "5");
    write_csv(&w, "filled.csv", &records);
    let out = w.csv(&["--rubric", "gov2022", "--units", "units.csv", "filled.csv"]);
    // 曲山镇: 3.2 scores 8 of 10 → 100 − 2 = 98.
    assert_eq!(total(&out, "曲山镇"), "98");
    // 永昌镇: 1.1 5.6 of 8 (−2.4), 4.3 8.5 of 10 (−1.5) → 100 − 3.9 = 96.1.
    assert_eq!(total(&out, "永昌镇"), "96.1");
    // 县民政局 (from 0): 2.3 3.5 of 5 (−1.5); 2.5 5 of 5 (−0) → −1.5.
    assert_eq!(total(&out, "县民政局"), "-1.5");
    // Untouched rows keep full marks.
    assert_eq!(total(&out, "禹里镇"), "100");
    assert_eq!(total(&out, "县司法局"), "0");
    // Ranks among 乡镇: six at 100 share rank 1, then 98 → 7, 96.1 → 8.
    assert_eq!(unit_row(&out, "曲山镇")["rank"], "7");
    assert_eq!(unit_row(&out, "永昌镇")["rank"], "8");
}

#[test]
fn wide_xlsx_template_round_trips() {
    let w = Workdir::new();
    gov_roster(&w);
    let out = w.run(&[
        "template",
        "--rubric",
        "gov2022",
        "--units",
        "units.csv",
        "--wide",
        "--format",
        "xlsx",
        "--output",
        "w.xlsx",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let path = w.path().join("w.xlsx");
    let names = sheet_names(&path);
    let sheet = read_sheet(&path, &names[0]);
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(header.first().map(String::as_str), Some("单位"));
    assert_eq!(header.last().map(String::as_str), Some("备注"));
    assert_eq!(header.len(), 1 + 18 + 1, "单位, 18 scored items, 备注");
    assert_eq!(sheet.len() - 1, 13, "one row per roster unit");

    // As it comes.
    let out = w.csv(&["--rubric", "gov2022", "--units", "units.csv", "w.xlsx"]);
    for u in TOWNSHIPS {
        assert_eq!(total(&out, u), "100", "{u}");
    }
    for u in ZERO_START {
        assert_eq!(total(&out, u), "0", "{u}");
    }

    // Filled in in a spreadsheet: the read-back cells, plus two scores typed as numbers.
    let mut grid: Vec<Vec<String>> = sheet
        .iter()
        .map(|r| {
            let mut r: Vec<String> = r.iter().map(text).collect();
            r.resize(header.len(), String::new());
            r
        })
        .collect();
    let col = |id: &str| header.iter().position(|h| h == id).expect("item column");
    let row = |g: &[Vec<String>], u: &str| g.iter().position(|r| r[0] == u).expect("unit row");
    let (r, c) = (row(&grid, "片口乡"), col("4.3"));
    grid[r][c] = "0.3".into();
    let (r, c) = (row(&grid, "县司法局"), col("1.6"));
    grid[r][c] = "2.8".into();
    let numeric: Vec<usize> = (1..=18).collect();
    write_xlsx(&w, "filled.xlsx", &grid, &numeric);
    let out = w.csv(&["--rubric", "gov2022", "--units", "units.csv", "filled.xlsx"]);
    // 片口乡: 4.3 scores 0.3 of 10 → 100 − 9.7 = 90.3.
    assert_eq!(total(&out, "片口乡"), "90.3");
    // 县司法局 (from 0): 1.6 scores 2.8 of 4 → −1.2.
    assert_eq!(total(&out, "县司法局"), "-1.2");
    assert_eq!(total(&out, "曲山镇"), "100");
}

#[test]
fn templates_without_a_roster_score_to_no_units() {
    let w = Workdir::new();
    // Long: unit cells left empty; such unfilled rows are skipped.
    let t = w.run_ok(&["template", "--rubric", "gov2022"]);
    let rows = csv_rows(&t);
    // 32 rows (23 rules + 9 rule-less items), one blank unit.
    assert_eq!(rows.len(), 32);
    assert!(rows.iter().all(|r| r["单位"].is_empty()));
    w.write("t.csv", &t);
    let out = w.run(&["--rubric", "gov2022", "t.csv", "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        csv_rows(&stdout(&out)).is_empty(),
        "no units: {}",
        describe(&out)
    );

    // The same as a workbook.
    let out = w.run(&["template", "--rubric", "gov2022", "--output", "t.xlsx"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let out = w.run(&["--rubric", "gov2022", "t.xlsx", "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        csv_rows(&stdout(&out)).is_empty(),
        "no units: {}",
        describe(&out)
    );

    // Wide without a roster: a header and no rows; no units.
    let t = w.run_ok(&["template", "--rubric", "gov2022", "--wide"]);
    assert!(csv_rows(&t).is_empty(), "{t}");
    w.write("w.csv", &t);
    let out = w.run(&["--rubric", "gov2022", "w.csv", "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        csv_rows(&stdout(&out)).is_empty(),
        "no units: {}",
        describe(&out)
    );
}

#[test]
fn template_of_a_threshold_rubric_has_a_value_column_and_scores_full() {
    // community-party's 5.1 a is a threshold rule: the long template has a 数值 (`value`) column;
    // count 0 rows need no value, so scored as it comes every community keeps 100.
    let w = Workdir::new();
    let units = example("community-party-units.csv");
    let t = w.run_ok(&["template", "--rubric", "community-party", "--units", &units]);
    assert_eq!(
        csv_header(&t),
        [
            "单位",
            "指标",
            "指标名称",
            "分值",
            "情形",
            "情形说明",
            "次数",
            "扣分",
            "得分",
            "数值",
            "备注"
        ]
    );
    w.write("t.csv", &t);
    let out = w.csv(&["--rubric", "community-party", "--units", &units, "t.csv"]);
    assert_eq!(out.len(), 8);
    assert!(out.iter().all(|r| r["total"] == "100"), "{out:?}");
}

// ------------------------------------------------------------------------------------------------
// 6. Score sheets (wide findings).

/// 20 points: 1.1 (8, any kind), 1.2 (12, 乡镇 only); a bonus section with B1.
const WIDE: &str = r#"
[rubric]
id = "wide"
name = "评分表测试"
total = 20

[[kind]]
name = "乡镇"
start = "full"
[[kind]]
name = "部门"
start = "zero"

[[grade]]
name = "优秀"
min = 18
[[grade]]
name = "其他"

[[section]]
id = "1"
name = "基础工作"
points = 20

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [ { id = "a", text = "落实不到位的,每项扣一分", deduct = 1 } ]

[[section.item]]
id = "1.2"
name = "台账管理"
points = 12
rules = []
kinds = ["乡镇"]

[[section]]
id = "B"
name = "加分项"

[[section.item]]
id = "B1"
name = "创新"
type = "bonus"
rules = [ { id = "a", text = "经验被推广的,加一分", add = 1 } ]
"#;

const WIDE_UNITS: &str = "unit,kind\n甲镇,乡镇\n乙局,部门\n丙镇,乡镇\n";

#[test]
fn score_sheet_cells_are_item_scores() {
    let w = Workdir::new();
    w.write("wide.toml", WIDE);
    w.write("units.csv", WIDE_UNITS);
    let sheet = rows(&[
        &["unit", "1.1", "1.2", "B1", "note"],
        &["甲镇", "7.5", "12", "", "评分表"],
        &["乙局", "6", "", "", ""],
        &["丙镇", "", "9.25", "", ""],
    ]);
    write_csv(&w, "s.csv", &sheet);
    write_xlsx(&w, "s.xlsx", &sheet, &[1, 2, 3]);
    let base = ["--rubric", "wide.toml", "--units", "units.csv"];
    let from_csv = w.run_ok(&[&base[..], &["s.csv", "--format", "csv"]].concat());
    let from_xlsx = w.run_ok(&[&base[..], &["s.xlsx", "--format", "csv"]].concat());
    assert_eq!(from_xlsx, from_csv);
    let out = csv_rows(&from_xlsx);
    // 甲镇: 1.1 7.5 of 8, 1.2 12 of 12 → 19.5.
    assert_eq!(total(&out, "甲镇"), "19.5");
    // 乙局 (部门, from 0; 1.2 does not apply): 1.1 6 of 8 → −2.
    assert_eq!(total(&out, "乙局"), "-2");
    // 丙镇: 1.1 empty (full 8), 1.2 9.25 of 12 (−2.75) → 20 − 2.75 = 17.25.
    assert_eq!(total(&out, "丙镇"), "17.25");
}

#[test]
fn score_sheet_errors_name_the_cell() {
    let w = Workdir::new();
    w.write("wide.toml", WIDE);
    w.write("units.csv", WIDE_UNITS);
    let sheet = rows(&[
        &["unit", "1.1", "1.2", "B1", "note"],
        // B2: 9 is above 1.1's 8 points.
        &["甲镇", "9", "", "", ""],
        // C3: 1.2 applies to 乡镇 only, 乙局 is a 部门.
        &["乙局", "", "10", "", ""],
        // D4: B1 is a bonus item: its cell is the points it adds, 0 or more.
        &["丙镇", "", "", "-1", ""],
    ]);
    write_xlsx(&w, "s.xlsx", &sheet, &[1, 2, 3]);
    let out = w.run(&["--rubric", "wide.toml", "--units", "units.csv", "s.xlsx"]);
    assert_invalid(&out);
    assert_cell_error(&out, "s.xlsx", "Sheet1!B2", &["9", "8", "1.1"]);
    assert_cell_error(&out, "s.xlsx", "Sheet1!C3", &["1.2", "部门"]);
    assert_cell_error(&out, "s.xlsx", "Sheet1!D4", &["-1"]);

    write_csv(&w, "s.csv", &sheet);
    let out = w.run(&["--rubric", "wide.toml", "--units", "units.csv", "s.csv"]);
    assert_invalid(&out);
    assert_error(&out, "s.csv", 2, &["9", "8", "1.1"]);
    assert_error(&out, "s.csv", 3, &["1.2", "部门"]);
    assert_error(&out, "s.csv", 4, &["-1"]);
}

// ------------------------------------------------------------------------------------------------
// 7. Threshold rules.

/// community-party 5.1 (5 points), rule a: below { by = "households", steps = [[0, 4],
/// [2000, 5], [3001, 6]] }, deduct "all". The bound per roster unit, a step applying from its
/// number inclusive: 1999 → 4, 2000 → 5, 2001 → 5, 3000 → 5, 3001 → 6.
const STEP_UNITS: &str =
    "unit,households\n社区1999,1999\n社区2000,2000\n社区2001,2001\n社区3000,3000\n社区3001,3001\n";

/// Scores community-party with STEP_UNITS and one 5.1 a row per unit giving `values` in roster
/// order; returns the totals in roster order.
fn step_totals(values: [&str; 5]) -> Vec<String> {
    let w = Workdir::new();
    w.write("units.csv", STEP_UNITS);
    let mut f = String::from("unit,item,rule,count,value\n");
    for (u, v) in ["社区1999", "社区2000", "社区2001", "社区3000", "社区3001"]
        .iter()
        .zip(values)
    {
        f.push_str(&format!("{u},5.1,a,1,{v}\n"));
    }
    w.write("f.csv", &f);
    let out = w.csv(&[
        "--rubric",
        "community-party",
        "--units",
        "units.csv",
        "f.csv",
    ]);
    ["社区1999", "社区2000", "社区2001", "社区3000", "社区3001"]
        .iter()
        .map(|u| total(&out, u).to_string())
        .collect()
}

#[test]
fn stepped_bound_exactly_at_each_step_deducts_nothing() {
    // Value = bound: not strictly below → nothing found → 100 each.
    assert_eq!(step_totals(["4", "5", "5", "5", "6"]), ["100"; 5]);
}

#[test]
fn stepped_bound_just_below_each_step_takes_the_item() {
    // 0.01 under each bound: below → 5.1 loses all 5 → 100 − 5 = 95 each.
    assert_eq!(
        step_totals(["3.99", "4.99", "4.99", "4.99", "5.99"]),
        ["95"; 5]
    );
}

#[test]
fn stepped_bound_just_above_each_step_deducts_nothing() {
    assert_eq!(
        step_totals(["4.01", "5.01", "5.01", "5.01", "6.01"]),
        ["100"; 5]
    );
}

#[test]
fn stepped_bound_steps_apply_from_their_number_inclusive() {
    // 1999: 4 ≥ 4 → 100. 2000 and 2001: the 5 step applies from 2000, so 4 < 5 → 95.
    // 3000: still the 5 step (6 applies from 3001), 5 ≥ 5 → 100. 3001: 5 < 6 → 95.
    assert_eq!(
        step_totals(["4", "4", "4", "5", "5"]),
        ["100", "95", "95", "100", "95"]
    );
}

#[test]
fn stepped_bound_deduction_shows_in_detail() {
    let w = Workdir::new();
    w.write("units.csv", STEP_UNITS);
    w.write(
        "f.csv",
        "unit,item,rule,count,value\n社区2000,5.1,a,1,4.99\n",
    );
    let detail = w.csv(&[
        "--rubric",
        "community-party",
        "--units",
        "units.csv",
        "f.csv",
        "--detail",
    ]);
    // 4.99 < 5 → "all": 5 deducted, 0 left.
    assert_eq!(
        pick(
            detail_row(&detail, "社区2000", "5.1"),
            &["points", "deducted", "score"]
        ),
        ["5", "5", "0"]
    );
    // 社区1999 had no finding: 5.1 keeps 5.
    assert_eq!(
        pick(
            detail_row(&detail, "社区1999", "5.1"),
            &["deducted", "score"]
        ),
        ["0", "5"]
    );
}

#[test]
fn stepped_bound_errors_name_the_line() {
    let w = Workdir::new();
    w.write("units.csv", STEP_UNITS);
    // Line 3: a count of 1 and no value.
    w.write(
        "f.csv",
        "unit,item,rule,count,value\n社区1999,5.1,a,1,4\n社区2000,5.1,a,1,\n",
    );
    let out = w.run(&[
        "--rubric",
        "community-party",
        "--units",
        "units.csv",
        "f.csv",
    ]);
    assert_invalid(&out);
    assert_error(&out, "f.csv", 3, &["value"]);
    assert!(
        errors_for(&stderr(&out), "f.csv")
            .iter()
            .all(|(l, _)| *l == 3),
        "{}",
        describe(&out)
    );

    // No roster: the bound depends on `households`, which only a roster gives.
    w.write("g.csv", "unit,item,rule,count,value\n社区1999,5.1,a,1,4\n");
    let out = w.run(&["--rubric", "community-party", "g.csv"]);
    assert_invalid(&out);
    assert_error(&out, "g.csv", 2, &["households"]);

    // A roster without the `households` column: the same, naming the line.
    w.write("plain.csv", "unit\n社区1999\n");
    let out = w.run(&[
        "--rubric",
        "community-party",
        "--units",
        "plain.csv",
        "g.csv",
    ]);
    assert_invalid(&out);
    assert_error(&out, "g.csv", 2, &["households"]);
}

#[test]
fn threshold_row_with_count_zero_needs_no_value() {
    let w = Workdir::new();
    w.write("units.csv", STEP_UNITS);
    w.write("f.csv", "unit,item,rule,count,value\n社区2000,5.1,a,0,\n");
    let out = w.csv(&[
        "--rubric",
        "community-party",
        "--units",
        "units.csv",
        "f.csv",
    ]);
    // Found 0 times: nothing deducted → 100.
    assert_eq!(total(&out, "社区2000"), "100");
    // Without a roster too: a count-0 row needs neither a value nor a bound.
    let out = w.csv(&["--rubric", "community-party", "f.csv"]);
    assert_eq!(total(&out, "社区2000"), "100");
}

/// 10 points: 1.1 (5) is 30% off when the toilet rate is below 0.95 (1.5); 1.2 (5) loses 2 when the
/// complaint rate is above 0.05.
const FIXED: &str = r#"
[rubric]
id = "fixed"
name = "固定阈值测试"
total = 10

[[section]]
id = "1"
name = "人居环境"
points = 10

[[section.item]]
id = "1.1"
name = "卫生厕所"
points = 5
rules = [ { id = "a", text = "农村卫生厕所普及率未达95%的,扣30%", metric = "卫生厕所普及率", below = 0.95, deduct = "30%" } ]

[[section.item]]
id = "1.2"
name = "群众投诉"
points = 5
rules = [ { id = "a", text = "投诉率高于5%的,扣2分", metric = "投诉率", above = 0.05, deduct = 2 } ]
"#;

#[test]
fn fixed_bounds_below_and_above() {
    let w = Workdir::new();
    w.write("fixed.toml", FIXED);
    w.write(
        "f.csv",
        "unit,item,rule,count,value\n\
         等于,1.1,a,1,0.95\n\
         略低,1.1,a,1,0.9499\n\
         百分比低,1.1,a,1,94%\n\
         百分比等于,1.1,a,1,95%\n\
         略高,1.1,a,1,0.9501\n\
         上限等于,1.2,a,1,0.05\n\
         上限略高,1.2,a,1,0.0501\n\
         上限百分比高,1.2,a,1,6%\n\
         上限略低,1.2,a,1,0.0499\n\
         零次,1.1,a,0,\n",
    );
    let out = w.csv(&["--rubric", "fixed.toml", "f.csv"]);
    let cases = [
        // 0.95 is not below 0.95: 10.
        ("等于", "10"),
        // 0.9499 < 0.95: 30% of 5 = 1.5 → 10 − 1.5 = 8.5.
        ("略低", "8.5"),
        // 94% = 0.94 < 0.95 → 8.5.
        ("百分比低", "8.5"),
        // 95% = 0.95, not below → 10.
        ("百分比等于", "10"),
        ("略高", "10"),
        // 0.05 is not above 0.05 → 10.
        ("上限等于", "10"),
        // 0.0501 > 0.05: 2 → 8.
        ("上限略高", "8"),
        // 6% = 0.06 > 0.05 → 8.
        ("上限百分比高", "8"),
        ("上限略低", "10"),
        // count 0, no value: nothing → 10.
        ("零次", "10"),
    ];
    for (u, t) in cases {
        assert_eq!(total(&out, u), t, "{u}");
    }

    // The same rows from a workbook, values typed as numbers where they are numbers.
    let sheet = rows(&[
        &["unit", "item", "rule", "count", "value"],
        &["等于", "1.1", "a", "1", "0.95"],
        &["略低", "1.1", "a", "1", "0.9499"],
        &["百分比低", "1.1", "a", "1", "94%"],
        &["上限略高", "1.2", "a", "1", "0.0501"],
    ]);
    // item, count as numbers; value as a number except "94%", which stays text.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in sheet.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && c > 0 => ws.write_number(r as u32, c as u16, n),
                _ => ws.write_string(r as u32, c as u16, cell.as_str()),
            }
            .expect("write cell");
        }
    }
    book.save(w.path().join("f.xlsx")).expect("save");
    let out = w.csv(&["--rubric", "fixed.toml", "f.xlsx"]);
    // 10, 8.5, 8.5, 8 as above.
    assert_eq!(column(&out, "total"), ["10", "8.5", "8.5", "8"]);
}

#[test]
fn fixed_bound_missing_value_names_the_line() {
    let w = Workdir::new();
    w.write("fixed.toml", FIXED);
    w.write(
        "f.csv",
        "unit,item,rule,count,value\n甲,1.1,a,1,0.9\n乙,1.2,a,,\n",
    );
    let out = w.run(&["--rubric", "fixed.toml", "f.csv"]);
    assert_invalid(&out);
    // Line 3: count empty means 1, so a value is needed.
    assert_error(&out, "f.csv", 3, &["value"]);
}

#[test]
fn check_names_the_roster_column_of_a_stepped_bound() {
    let w = Workdir::new();
    let out = w.run_ok(&["check", "community-party"]);
    assert!(out.contains("households"), "{out}");
}

// ------------------------------------------------------------------------------------------------
// 8. A workbook needs a file.

#[test]
fn xlsx_without_output_is_a_usage_error() {
    let w = Workdir::new();
    let findings = example("gov2022-findings.csv");
    let out = w.run(&["--rubric", "gov2022", "--format", "xlsx", &findings]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(out.stdout.is_empty(), "{}", describe(&out));

    let out = w.run(&["template", "--rubric", "gov2022", "--format", "xlsx"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(out.stdout.is_empty(), "{}", describe(&out));
    assert!(w.files().is_empty(), "nothing written: {:?}", w.files());
}
