//! The command line: subcommands,
//! built-in rubrics, exit codes, `--output`, standard input, encodings and column aliases.

mod common;

use common::*;

/// 10 points: section 1 (8) = 1.1 (8), section 2 (2) = 2.1 (2). Rule texts carry no digits so
/// that the outline's figures can be told apart from them.
///
/// r30 = 30% of 8 = 2.4 each; ronce = 2.4 once; rcap = 3 each, at most 6; rzero = all; r1 = 1 each.
const SMALL: &str = r#"
[rubric]
id = "small"
name = "小测试"
total = 10

[[grade]]
name = "优秀"
min = 9

[[grade]]
name = "良好"
min = 8

[[grade]]
name = "差"

[[section]]
id = "1"
name = "基础工作"
points = 8

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [
  { id = "r30", text = "落实不到位的,每项扣百分之三十", deduct = "30%" },
  { id = "ronce", text = "未按时报告的,扣百分之三十", deduct = "30%", max = "30%" },
  { id = "rcap", text = "每次扣分,有上限", deduct = 3, max = 6 },
  { id = "rzero", text = "弄虚作假的,不得分", deduct = "all" },
]

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

/// SMALL with two kinds (乡镇 full, 部门 zero).
fn small_with_kinds() -> String {
    SMALL.replacen(
        "\n[[grade]]",
        "\n[[kind]]\nname = \"乡镇\"\nstart = \"full\"\n\n[[kind]]\nname = \"部门\"\nstart = \"zero\"\n\n[[grade]]",
        1,
    )
}

/// A workdir holding SMALL as rubric.toml.
fn small() -> Workdir {
    let wd = Workdir::new();
    wd.write("rubric.toml", SMALL);
    wd
}

// ---------------------------------------------------------------------------------------------
// Output columns and formats

#[test]
fn csv_columns_are_unit_sections_total_grade_rank() {
    let wd = small();
    wd.write("findings.csv", "unit,item,rule,count\n甲,1.1,r30,1\n");
    let out = wd.run_ok(&["--rubric", "rubric.toml", "--format", "csv", "findings.csv"]);
    assert_eq!(
        csv_header(&out),
        ["unit", "1", "2", "total", "grade", "rank"]
    );
    // 甲: 8 - 2.4 = 5.6 | 2 | 10 - 2.4 = 7.6, 差 (< 8)
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        pick(r, &["1", "2", "total", "grade", "rank"]),
        ["5.6", "2", "7.6", "差", "1"]
    );
}

#[test]
fn csv_has_a_kind_column_when_the_rubric_declares_kinds() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &small_with_kinds());
    wd.write("units.csv", "unit,kind\n甲镇,乡镇\n某局,部门\n");
    wd.write("findings.csv", "unit,item,rule,count\n某局,2.1,r1,1\n");
    let out = wd.run_ok(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "--format",
        "csv",
        "findings.csv",
    ]);
    assert_eq!(
        csv_header(&out),
        ["unit", "kind", "1", "2", "total", "grade", "rank"]
    );
    let rows = csv_rows(&out);
    // 甲镇 10 优秀; 某局: zero start, -1, no grade
    assert_eq!(column(&rows, "kind"), ["乡镇", "部门"]);
    assert_eq!(column(&rows, "total"), ["10", "-1"]);
    assert_eq!(column(&rows, "grade"), ["优秀", ""]);
}

#[test]
fn detail_csv_columns() {
    let wd = small();
    wd.write(
        "findings.csv",
        "unit,item,rule,count,note\n甲,1.1,r30,2,两处不到位\n",
    );
    let out = wd.run_ok(&[
        "--rubric",
        "rubric.toml",
        "--detail",
        "--format",
        "csv",
        "findings.csv",
    ]);
    assert_eq!(
        csv_header(&out),
        ["unit", "item", "points", "deducted", "score", "capped", "absorbed", "reasons"]
    );
    let rows = csv_rows(&out);
    // 2 x 2.4 = 4.8; 8 - 4.8 = 3.2
    let d = detail_row(&rows, "甲", "1.1");
    assert_eq!(pick(d, &["deducted", "score"]), ["4.8", "3.2"]);
    // the reason is in the rubric's words, with the note
    assert!(d["reasons"].contains("落实不到位的"), "{d:?}");
    assert!(d["reasons"].contains("两处不到位"), "{d:?}");
}

#[test]
fn json_has_the_rubric_units_sections_items_and_quotas_with_numbers_as_numbers() {
    let wd = small();
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n甲,1.1,r30,1\n乙,,,\n",
    );
    let doc = json(&wd.run_ok(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "json",
        "findings.csv",
    ]));
    assert_eq!(at(&doc, "/rubric/id"), "small");
    assert_eq!(at(&doc, "/rubric/name"), "小测试");
    assert_eq!(json_number(&doc, "/rubric/total"), "10");
    for list in ["/units", "/quotas"] {
        assert!(at(&doc, list).is_array(), "{list} in {doc:#}");
    }
    assert_eq!(at(&doc, "/units").as_array().map(Vec::len), Some(2));
    // 甲: 10 - 2.4 = 7.6, 差, rank 2; 乙: 10, 优秀, rank 1
    let jia = format!("/units/{}", json_unit(&doc, "甲"));
    let yi = format!("/units/{}", json_unit(&doc, "乙"));
    assert_eq!(json_number(&doc, &format!("{jia}/total")), "7.6");
    assert_eq!(json_number(&doc, &format!("{yi}/total")), "10");
    assert_eq!(at(&doc, &format!("{jia}/grade")), "差");
    assert_eq!(at(&doc, &format!("{yi}/grade")), "优秀");
    assert_eq!(json_number(&doc, &format!("{jia}/rank")), "2");
    assert_eq!(json_number(&doc, &format!("{yi}/rank")), "1");
    // 1.1 of 甲: 8 points, 2.4 deducted, 5.6 left; section 1 holds only 1.1, so 5.6 too
    let item = format!("{jia}/sections/0/items/0");
    assert_eq!(at(&doc, &format!("{jia}/sections/0/id")), "1");
    assert_eq!(json_number(&doc, &format!("{jia}/sections/0/score")), "5.6");
    assert_eq!(at(&doc, &format!("{item}/id")), "1.1");
    assert_eq!(json_number(&doc, &format!("{item}/points")), "8");
    assert_eq!(json_number(&doc, &format!("{item}/deducted")), "2.4");
    assert_eq!(json_number(&doc, &format!("{item}/score")), "5.6");
    // one finding: rule r30 once, 30% of 8 = 2.4
    assert_eq!(at(&doc, &format!("{item}/findings/0/rule")), "r30");
    assert_eq!(json_number(&doc, &format!("{item}/findings/0/count")), "1");
    assert_eq!(
        json_number(&doc, &format!("{item}/findings/0/amount")),
        "2.4"
    );
    assert_eq!(
        at(&doc, &format!("{item}/findings"))
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn markdown_is_a_table_of_the_unit_rows() {
    let wd = small();
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n甲,1.1,r30,1\n乙,,,\n",
    );
    let md = wd.run_ok(&["--rubric", "rubric.toml", "--format", "md", "findings.csv"]);
    let table: Vec<&str> = md
        .lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .collect();
    // header, separator, two units
    assert_eq!(table.len(), 4, "{md}");
    // 甲: 10 - 2.4 = 7.6; 乙: nothing found, 10
    assert_eq!(table_cell(&md, "甲", "总分"), "7.6");
    assert_eq!(table_cell(&md, "乙", "总分"), "10");
}

#[test]
fn the_default_table_shows_every_unit_and_total() {
    let wd = small();
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n甲,1.1,r30,1\n乙,,,\n",
    );
    let table = wd.run_ok(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲: 10 - 2.4 = 7.6; 乙: nothing found, 10
    assert_eq!(table_cell(&table, "甲", "总分"), "7.6");
    assert_eq!(table_cell(&table, "乙", "总分"), "10");
}

#[test]
fn xlsx_is_written_with_output() {
    let wd = small();
    wd.write("findings.csv", "unit,item,rule,count\n甲,1.1,r30,1\n");
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "xlsx",
        "--output",
        "out.xlsx",
        "findings.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(out.stdout.is_empty());
    let bytes = std::fs::read(wd.path().join("out.xlsx")).expect("out.xlsx written");
    assert!(bytes.starts_with(b"PK"), "an xlsx file is a zip archive");
}

// ---------------------------------------------------------------------------------------------
// --output

#[test]
fn output_writes_the_file_and_nothing_on_stdout() {
    let wd = small();
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n甲,1.1,r30,1\n乙,2.1,r1,1\n",
    );
    let args = ["--rubric", "rubric.toml", "--format", "csv", "findings.csv"];
    let expected = wd.run_ok(&args);

    // an existing longer file is replaced whole, not overwritten in part
    wd.write("out.csv", &"x".repeat(10_000));
    let mut with_output = args.to_vec();
    with_output.extend_from_slice(&["--output", "out.csv"]);
    let out = wd.run(&with_output);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(out.stdout.is_empty(), "{}", describe(&out));
    assert_eq!(wd.read("out.csv"), expected);
    // 甲 10 - 2.4 = 7.6; 乙 10 - 1 = 9
    let rows = csv_rows(&wd.read("out.csv"));
    assert_eq!(column(&rows, "total"), ["9", "7.6"]);
}

#[test]
fn output_is_not_written_when_the_input_is_invalid() {
    let wd = small();
    wd.write("findings.csv", "unit,item,rule,count\n甲,9.9,r30,1\n");
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "csv",
        "--output",
        "out.csv",
        "findings.csv",
    ]);
    assert_invalid(&out);
    assert!(!wd.exists("out.csv"));
    // no half-written temporary file left beside it either
    assert_eq!(wd.files(), ["findings.csv", "rubric.toml"]);
}

#[test]
fn output_that_is_one_of_the_inputs_is_a_usage_error() {
    let wd = small();
    let findings = "unit,item,rule,count\n甲,1.1,r30,1\n";
    wd.write("findings.csv", findings);
    for target in ["findings.csv", "./findings.csv", "rubric.toml"] {
        let out = wd.run(&[
            "--rubric",
            "rubric.toml",
            "--format",
            "csv",
            "--output",
            target,
            "findings.csv",
        ]);
        assert_eq!(code(&out), 2, "--output {target}\n{}", describe(&out));
        assert_eq!(wd.read("findings.csv"), findings);
        assert_eq!(wd.read("rubric.toml"), SMALL);
    }
}

// ---------------------------------------------------------------------------------------------
// Usage errors

#[test]
fn usage_errors_exit_2() {
    let wd = small();
    wd.write("findings.csv", "unit,item,rule,count\n甲,1.1,r30,1\n");
    let cases: &[&[&str]] = &[
        &["--rubric", "rubric.toml", "--no-such-flag", "findings.csv"],
        &[
            "--rubric",
            "rubric.toml",
            "--format",
            "xlsx",
            "findings.csv",
        ],
        &["--rubric", "rubric.toml", "--format", "pdf", "findings.csv"],
        &["--rubric", "rubric.toml"],
        &["findings.csv"],
        &["check"],
        &[],
    ];
    for args in cases {
        let out = wd.run(args);
        assert_eq!(code(&out), 2, "score {args:?}\n{}", describe(&out));
        assert!(out.stdout.is_empty(), "score {args:?}\n{}", describe(&out));
        assert!(!out.stderr.is_empty(), "score {args:?} says why");
    }
}

#[test]
fn help_exits_0() {
    let wd = Workdir::new();
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["template", "--help"],
    ] {
        let out = wd.run(args);
        assert_eq!(code(&out), 0, "score {args:?}\n{}", describe(&out));
        assert!(!out.stdout.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Subcommands and built-in rubrics

#[test]
fn rubrics_lists_the_builtin_ids_one_per_line() {
    let wd = Workdir::new();
    let out = wd.run_ok(&["rubrics"]);
    for id in ["gov2022", "grid2023", "community-party"] {
        assert!(
            out.lines()
                .any(|l| l.split_whitespace().next().map(|t| t.trim_end_matches(':')) == Some(id)),
            "{id} not listed:\n{out}"
        );
    }
}

#[test]
fn a_builtin_rubric_is_found_by_id_from_any_folder() {
    let wd = Workdir::new();
    wd.write("findings.csv", "unit,item\n某镇,\n");
    for rubric in ["gov2022", "gov2022.toml"] {
        let rows = wd.csv(&["--rubric", rubric, "findings.csv"]);
        // a township with nothing found keeps its full 100
        assert_eq!(unit_row(&rows, "某镇")["total"], "100", "--rubric {rubric}");
    }
}

#[test]
fn a_file_of_the_same_name_wins_over_the_builtin() {
    let wd = Workdir::new();
    wd.write("gov2022.toml", SMALL);
    wd.write("findings.csv", "unit,item\n某镇,\n");
    let rows = wd.csv(&["--rubric", "gov2022.toml", "findings.csv"]);
    // SMALL's full marks are 10, gov2022's 100
    assert_eq!(unit_row(&rows, "某镇")["total"], "10");
}

#[test]
fn check_prints_the_outline() {
    let wd = small();
    let out = wd.run_ok(&["check", "rubric.toml"]);
    // A line "has" a word when one of its tokens is that word, so "8" does not match "18".
    let tokens = |l: &str| -> Vec<String> {
        l.split(|c: char| c.is_whitespace() || "(),:=≥".contains(c))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    };
    let has_line = |words: &[&str]| {
        out.lines()
            .any(|l| words.iter().all(|w| tokens(l).iter().any(|t| t == w)))
    };
    // sections with their points
    assert!(has_line(&["基础工作", "8"]), "{out}");
    assert!(has_line(&["宣传工作", "2"]), "{out}");
    // items with their points
    assert!(has_line(&["1.1", "制度落实", "8"]), "{out}");
    assert!(has_line(&["2.1", "信息报送", "2"]), "{out}");
    // rules with their deduction and max
    assert!(has_line(&["r30", "30%"]), "{out}");
    assert!(has_line(&["ronce", "30%"]), "{out}");
    assert!(has_line(&["rcap", "3", "6"]), "{out}");
    assert!(has_line(&["rzero"]), "{out}");
    assert!(has_line(&["r1", "1"]), "{out}");
}

#[test]
fn check_names_a_threshold_rules_metric_and_roster_column() {
    let rubric = r#"
[rubric]
id = "funding"
name = "测试细则"
total = 10

[[section]]
id = "1"
name = "保障"
points = 10

[[section.item]]
id = "1.1"
name = "工作经费"
points = 10
rules = [
  { id = "a", text = "经费不足的,不得分", metric = "年度经费", below = { by = "households", steps = [[0, 40000], [2000, 50000]] }, deduct = "all" },
]
"#;
    let wd = Workdir::new();
    wd.write("rubric.toml", rubric);
    let out = wd.run_ok(&["check", "rubric.toml"]);
    assert!(out.contains("年度经费"), "{out}");
    assert!(out.contains("households"), "{out}");
}

#[test]
fn a_template_scored_as_it_comes_gives_every_unit_full_marks() {
    let wd = small();
    wd.write("units.csv", "unit\n甲\n乙\n");
    let template = wd.run_ok(&[
        "template",
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
    ]);
    let header = csv_header(&template);
    for col in ["单位", "指标", "情形", "次数"] {
        assert!(
            header.iter().any(|h| h == col),
            "{col} not in template header {header:?}"
        );
    }
    // one row per unit and rule: 2 units x 5 rules
    let rows = csv_rows(&template);
    assert_eq!(
        rows.iter().filter(|r| !r["情形"].is_empty()).count(),
        10,
        "{template}"
    );
    assert!(
        rows.iter()
            .filter(|r| !r["情形"].is_empty())
            .all(|r| r["次数"] == "0"),
        "{template}"
    );

    wd.write("template.csv", &template);
    let rows = wd.csv(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "template.csv",
    ]);
    assert_eq!(column(&rows, "total"), ["10", "10"]);
}

// ---------------------------------------------------------------------------------------------
// Input forms

#[test]
fn findings_from_standard_input() {
    let wd = small();
    let out = wd.run_with_stdin(
        &["--rubric", "rubric.toml", "--format", "csv", "-"],
        "unit,item,rule,count\n甲,1.1,r30,2\n".as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", describe(&out));
    // 2 x 2.4 = 4.8; 10 - 4.8 = 5.2
    assert_eq!(unit_row(&csv_rows(&stdout(&out)), "甲")["total"], "5.2");
}

#[test]
fn rows_of_several_files_are_merged_and_counts_add() {
    let wd = small();
    wd.write("a.csv", "unit,item,rule,count\n甲,1.1,r30,1\n");
    wd.write("b.csv", "unit,rule,item,count\n甲,r30,1.1,2\n乙,r1,2.1,1\n");
    let rows = wd.csv(&["--rubric", "rubric.toml", "a.csv", "b.csv"]);
    // 甲: 1 + 2 = 3 x 2.4 = 7.2 -> 1.1 keeps 0.8; total 10 - 7.2 = 2.8
    assert_eq!(unit_row(&rows, "甲")["1"], "0.8");
    assert_eq!(unit_row(&rows, "甲")["total"], "2.8");
    // 乙: 10 - 1 = 9
    assert_eq!(unit_row(&rows, "乙")["total"], "9");
}

#[test]
fn a_file_and_standard_input_are_merged() {
    let wd = small();
    wd.write("a.csv", "unit,item,rule,count\n甲,1.1,r30,1\n");
    let out = wd.run_with_stdin(
        &["--rubric", "rubric.toml", "--format", "csv", "a.csv", "-"],
        "unit,item,rule,count\n甲,1.1,r30,1\n".as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", describe(&out));
    // 2 x 2.4 = 4.8; 10 - 4.8 = 5.2
    assert_eq!(unit_row(&csv_rows(&stdout(&out)), "甲")["total"], "5.2");
}

#[test]
fn chinese_column_names() {
    let wd = small();
    wd.write(
        "findings.csv",
        "单位,指标,规则,次数,扣分,得分,说明\n\
         甲,1.1,r30,2,,,\n\
         甲,2.1,,,0.5,,资料不全\n\
         乙,1.1,,,,6,\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲: 1.1 2 x 2.4 = 4.8; 2.1 0.5 direct; 10 - 5.3 = 4.7
    assert_eq!(unit_row(&rows, "甲")["total"], "4.7");
    // 乙: 1.1 awarded 6 of 8; 6 + 2 = 8
    assert_eq!(unit_row(&rows, "乙")["total"], "8");
}

#[test]
fn chinese_column_names_in_the_roster() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &small_with_kinds());
    wd.write("units.csv", "单位,类型\n甲镇,乡镇\n某局,部门\n");
    wd.write("findings.csv", "单位,指标\n甲镇,\n");
    let rows = wd.csv(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    // 甲镇 full: 10; 某局 zero start, nothing found: 0
    assert_eq!(unit_row(&rows, "甲镇")["total"], "10");
    assert_eq!(unit_row(&rows, "某局")["total"], "0");
    assert_eq!(unit_row(&rows, "某局")["kind"], "部门");
}

#[test]
fn gbk_findings_as_saved_by_excel() {
    // "单位,指标,规则,次数,说明\r\n甲镇,1.1,r30,2,迟报\r\n乙镇,,,,\r\n" in GBK:
    // 单 B5A5 位 CEBB, 指 D6B8 标 B1EA, 规 B9E6 则 D4F2, 次 B4CE 数 CAFD, 说 CBB5 明 C3F7,
    // 甲 BCD7 镇 D5F2, 乙 D2D2, 迟 B3D9 报 B1A8
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend_from_slice(&[0xB5, 0xA5, 0xCE, 0xBB, b',']);
    bytes.extend_from_slice(&[0xD6, 0xB8, 0xB1, 0xEA, b',']);
    bytes.extend_from_slice(&[0xB9, 0xE6, 0xD4, 0xF2, b',']);
    bytes.extend_from_slice(&[0xB4, 0xCE, 0xCA, 0xFD, b',']);
    bytes.extend_from_slice(&[0xCB, 0xB5, 0xC3, 0xF7, b'\r', b'\n']);
    bytes.extend_from_slice(&[0xBC, 0xD7, 0xD5, 0xF2]);
    bytes.extend_from_slice(b",1.1,r30,2,");
    bytes.extend_from_slice(&[0xB3, 0xD9, 0xB1, 0xA8, b'\r', b'\n']);
    bytes.extend_from_slice(&[0xD2, 0xD2, 0xD5, 0xF2]);
    bytes.extend_from_slice(b",,,,\r\n");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be valid UTF-8"
    );

    let wd = small();
    wd.write_bytes("findings.csv", &bytes);
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲镇: 2 x 2.4 = 4.8; 10 - 4.8 = 5.2. 乙镇: declared, 10
    assert_eq!(unit_row(&rows, "甲镇")["total"], "5.2");
    assert_eq!(unit_row(&rows, "乙镇")["total"], "10");

    let detail = wd.csv(&["--rubric", "rubric.toml", "--detail", "findings.csv"]);
    assert!(
        detail_row(&detail, "甲镇", "1.1")["reasons"].contains("迟报"),
        "{detail:#?}"
    );
}

#[test]
fn utf8_with_a_byte_order_mark_and_crlf() {
    let wd = small();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("unit,item,rule,count\r\n甲,1.1,r30,1\r\n乙,2.1,r1,2\r\n".as_bytes());
    wd.write_bytes("findings.csv", &bytes);
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // the BOM must not spoil the `unit` header; CRLF must not end up in the count
    // 甲: 10 - 2.4 = 7.6; 乙: 2 x 1 = 2; 10 - 2 = 8
    assert_eq!(unit_row(&rows, "甲")["total"], "7.6");
    assert_eq!(unit_row(&rows, "乙")["total"], "8");
}

#[test]
fn a_bom_on_a_chinese_header() {
    let wd = small();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("单位,指标,规则,次数\r\n甲,1.1,rcap,3\r\n".as_bytes());
    wd.write_bytes("findings.csv", &bytes);
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // rcap: 3 x 3 = 9, max 6; 10 - 6 = 4
    assert_eq!(unit_row(&rows, "甲")["total"], "4");
}

#[test]
fn columns_in_any_order_and_unknown_columns_ignored() {
    let wd = small();
    wd.write(
        "findings.csv",
        "检查组,count,rule,备注,item,unit\n第一组,2,r1,无,2.1,甲\n第二组,1,ronce,无,1.1,甲\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲: 2.1 2 x 1 = 2 -> 0; 1.1 ronce 2.4; 10 - 2 - 2.4 = 5.6
    assert_eq!(unit_row(&rows, "甲")["total"], "5.6");
}

#[test]
fn quoted_fields_with_commas_quotes_and_line_breaks() {
    let wd = small();
    wd.write(
        "findings.csv",
        "unit,item,rule,count,note\n甲,1.1,r30,1,\"台账不全,\"\"三会一课\"\"缺记录\n另附说明\"\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "--detail", "findings.csv"]);
    let d = detail_row(&rows, "甲", "1.1");
    // 30% of 8 = 2.4; 8 - 2.4 = 5.6
    assert_eq!(d["score"], "5.6");
    assert!(
        d["reasons"].contains("台账不全,\"三会一课\"缺记录"),
        "{d:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Warnings and --quiet

const QUOTA: &str = "\n[[quota]]\ngrades = [\"优秀\"]\nmax = 0.40\n";

#[test]
fn quiet_silences_the_quota_warning_but_not_the_exit_code() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &format!("{SMALL}{QUOTA}"));
    // 甲 乙 both 10, 优秀: 2 of 2 = 100% > 40%
    wd.write("findings.csv", "unit,item\n甲,\n乙,\n");
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "csv",
        "--quiet",
        "findings.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(!stderr(&out).contains("warning"), "{}", describe(&out));
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "csv",
        "--quiet",
        "--strict",
        "findings.csv",
    ]);
    assert_eq!(code(&out), 3, "{}", describe(&out));
    assert_eq!(csv_rows(&stdout(&out)).len(), 2);
}

#[test]
fn quiet_never_silences_errors() {
    let wd = small();
    wd.write("findings.csv", "unit,item,rule,count\n甲,9.9,r30,1\n");
    let out = wd.run(&["--rubric", "rubric.toml", "--quiet", "findings.csv"]);
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["unknown item"]);
}

#[test]
fn a_quota_rubric_defined_after_sections_works_too() {
    // [[quota]] appended after the sections (TOML allows any order of top-level tables)
    let wd = Workdir::new();
    wd.write("rubric.toml", &format!("{SMALL}{QUOTA}"));
    // 甲 10 优秀, 乙 10 - 2.4 = 7.6 差, 丙 10 - 2.4 - 2.4 = 5.2 差: 1 of 3 = 33% <= 40%
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n甲,,,\n乙,1.1,r30,1\n丙,1.1,r30,2\n",
    );
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "csv",
        "--strict",
        "findings.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(!stderr(&out).contains("warning:"), "{}", describe(&out));
}
