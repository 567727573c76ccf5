//! Invalid findings and rosters and unreadable inputs: every problem is reported
//! as `FILE:LINE: message` on stderr, all problems of a file at once, exit 1, nothing on stdout.
//! Rubric validation is in rubric_check.rs.

mod common;

use common::*;
use std::process::Output;

// ---------------------------------------------------------------------------------------------
// Findings errors

/// Two kinds; 1.1 has rules a and b; 1.2 is for 乡镇 only.
const RUBRIC: &str = r#"
[rubric]
id = "err"
name = "测试细则"
total = 10

[[kind]]
name = "乡镇"
start = "full"

[[kind]]
name = "社区"
start = "full"

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [
  { id = "a", text = "每项扣30%", deduct = "30%" },
  { id = "b", text = "每项扣20%", deduct = "20%" },
]

[[section.item]]
id = "1.2"
name = "乡镇专项"
points = 2
kinds = ["乡镇"]
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

const ROSTER: &str = "unit,kind\n曲山镇,乡镇\n擂鼓镇,乡镇\n和平社区,社区\n";

/// Scores `findings` (as findings.csv) against RUBRIC with ROSTER.
fn score(findings: &str) -> Output {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write("units.csv", ROSTER);
    wd.write("findings.csv", findings);
    wd.run(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "--format",
        "csv",
        "findings.csv",
    ])
}

#[test]
fn the_findings_fixtures_are_valid_to_begin_with() {
    let out = score(
        "unit,item,rule,count,points,score\n曲山镇,1.1,a,1,,\n擂鼓镇,1.2,,,1,\n和平社区,1.1,,,,7\n",
    );
    assert_eq!(code(&out), 0, "{}", describe(&out));
}

#[test]
fn an_unknown_unit_suggests_the_closest_roster_name() {
    let out = score("unit,item,rule,count\n擂鼓镇,1.1,a,1\n曲山,1.1,a,1\n");
    assert_invalid(&out);
    assert_error(
        &out,
        "findings.csv",
        3,
        &[r#"unknown unit "曲山""#, r#"(did you mean "曲山镇"?)"#],
    );
}

#[test]
fn an_unknown_item() {
    let out = score("unit,item,rule,count\n曲山镇,9.9,a,1\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &[r#"unknown item "9.9""#]);
}

#[test]
fn an_unknown_rule_lists_the_items_rules() {
    let out = score("unit,item,rule,count\n曲山镇,1.1,a,1\n曲山镇,1.1,z,1\n");
    assert_invalid(&out);
    assert_error(
        &out,
        "findings.csv",
        3,
        &[r#"unknown rule "z" for item "1.1""#, "rules: a, b"],
    );
}

#[test]
fn a_count_that_is_not_a_whole_number() {
    let out = score("unit,item,rule,count\n曲山镇,1.1,a,两\n曲山镇,1.1,b,1.5\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["invalid count"]);
    assert_error(&out, "findings.csv", 3, &["invalid count"]);
}

#[test]
fn a_negative_count() {
    let out = score("unit,item,rule,count\n曲山镇,1.1,a,-1\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["count"]);
}

#[test]
fn points_not_a_number_or_negative() {
    let out = score("unit,item,points,note\n曲山镇,1.1,x,迟报\n擂鼓镇,1.1,-1,迟报\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["points"]);
    assert_error(&out, "findings.csv", 3, &["points"]);
}

#[test]
fn a_score_that_is_not_a_number() {
    let out = score("unit,item,score\n曲山镇,1.1,七\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["score"]);
}

#[test]
fn both_rule_and_score_on_one_row() {
    let out = score("unit,item,rule,count,score\n曲山镇,1.1,a,,6\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["both rule and score"]);
}

#[test]
fn a_score_above_the_items_points() {
    // 1.1 has 8 points
    let out = score("unit,item,score\n曲山镇,1.1,8\n擂鼓镇,1.1,8.5\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 3, &["above"]);
    assert_eq!(
        errors_for(&stderr(&out), "findings.csv").len(),
        1,
        "{}",
        describe(&out)
    );
}

#[test]
fn a_negative_score() {
    let out = score("unit,item,score\n曲山镇,1.1,-1\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["score"]);
}

#[test]
fn an_item_that_does_not_apply_to_the_units_kind() {
    // 1.2 is for 乡镇; 和平社区 is a 社区
    let out = score("unit,item,rule,count\n曲山镇,1.2,a,1\n和平社区,1.2,a,1\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 3, &["does not apply to kind"]);
}

/// True when some error of findings.csv is on line `a` and mentions `b`, or the other way round.
fn names_both_lines(out: &Output, a: usize, b: usize) -> bool {
    errors_for(&stderr(out), "findings.csv")
        .iter()
        .any(|(line, msg)| {
            (*line == a && msg.contains(&b.to_string()))
                || (*line == b && msg.contains(&a.to_string()))
        })
}

#[test]
fn a_score_row_and_a_rule_row_for_the_same_unit_and_item_name_both_lines() {
    let findings = "unit,item,rule,count,score\n\
                    曲山镇,1.2,a,1,\n\
                    曲山镇,1.1,,,6\n\
                    擂鼓镇,1.1,a,1,\n\
                    曲山镇,1.1,b,1,\n";
    let out = score(findings);
    assert_invalid(&out);
    // the score row is line 3, the rule row for the same unit and item is line 5
    assert!(names_both_lines(&out, 3, 5), "{}", describe(&out));
}

#[test]
fn two_score_rows_for_the_same_unit_and_item_name_both_lines() {
    let out = score("unit,item,score\n曲山镇,1.1,6\n擂鼓镇,1.1,6\n曲山镇,1.1,7\n");
    assert_invalid(&out);
    assert!(names_both_lines(&out, 2, 4), "{}", describe(&out));
}

#[test]
fn two_errors_in_one_file_are_both_reported() {
    let out = score("unit,item,rule,count\n曲山镇,9.9,a,1\n曲山镇,1.1,a,1\n曲山镇,1.1,z,1\n");
    assert_invalid(&out);
    let errs = errors_for(&stderr(&out), "findings.csv");
    let lines: Vec<usize> = errs.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 4], "{}", describe(&out));
}

#[test]
fn every_problem_of_a_file_is_reported_with_its_line() {
    let findings = "unit,item,rule,count\n\
                    曲山,1.1,a,1\n\
                    曲山镇,1.1,a,1\n\
                    曲山镇,9.9,a,1\n\
                    曲山镇,1.1,a,x\n\
                    和平社区,1.2,a,1\n";
    let out = score(findings);
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 2, &["unknown unit"]);
    assert_error(&out, "findings.csv", 4, &["unknown item"]);
    assert_error(&out, "findings.csv", 5, &["invalid count"]);
    assert_error(&out, "findings.csv", 6, &["does not apply to kind"]);
    let mut lines: Vec<usize> = errors_for(&stderr(&out), "findings.csv")
        .iter()
        .map(|(l, _)| *l)
        .collect();
    lines.sort();
    lines.dedup();
    assert_eq!(lines, [2, 4, 5, 6], "{}", describe(&out));
}

#[test]
fn an_empty_unit_is_an_error() {
    let out = score("unit,item,rule,count\n曲山镇,1.1,a,1\n,1.1,a,1\n");
    assert_invalid(&out);
    assert!(
        !errors_for(&stderr(&out), "findings.csv").is_empty(),
        "{}",
        describe(&out)
    );
    assert_eq!(
        errors_for(&stderr(&out), "findings.csv")[0].0,
        3,
        "{}",
        describe(&out)
    );
}

#[test]
fn a_findings_file_without_a_unit_column_is_an_error_on_the_header() {
    let out = score("name,item,rule,count\n曲山镇,1.1,a,1\n");
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 1, &["unit"]);
}

#[test]
fn errors_name_the_file_as_given_on_the_command_line() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write("data/june.csv", "unit,item,rule,count\n曲山镇,9.9,a,1\n");
    let out = wd.run(&["--rubric", "rubric.toml", "data/june.csv"]);
    assert_invalid(&out);
    assert_error(&out, "data/june.csv", 2, &[r#"unknown item "9.9""#]);
}

#[test]
fn errors_on_standard_input_are_named_stdin() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    let out = wd.run_with_stdin(
        &["--rubric", "rubric.toml", "-"],
        "unit,item,rule,count\n曲山镇,1.1,a,1\n曲山镇,9.9,a,1\n".as_bytes(),
    );
    assert_invalid(&out);
    assert_error(&out, "<stdin>", 3, &[r#"unknown item "9.9""#]);
}

#[test]
fn a_period_the_rubric_does_not_declare() {
    let rubric = RUBRIC.replace(
        "\n[[section]]",
        "[periods]\nlabels = [\"1月\", \"2月\"]\ncombine = \"sum\"\n\n[[section]]",
    );
    let wd = Workdir::new();
    wd.write("rubric.toml", &rubric);
    wd.write(
        "findings.csv",
        "unit,item,rule,count,period\n曲山镇,1.1,a,1,1月\n曲山镇,1.1,a,1,3月\n",
    );
    let out = wd.run(&["--rubric", "rubric.toml", "findings.csv"]);
    assert_invalid(&out);
    assert_error(&out, "findings.csv", 3, &["3月"]);
}

#[test]
fn a_missing_period_on_a_row_with_an_item_when_the_rubric_has_periods() {
    let rubric = RUBRIC.replace(
        "\n[[section]]",
        "[periods]\nlabels = [\"1月\", \"2月\"]\ncombine = \"sum\"\n\n[[section]]",
    );
    let wd = Workdir::new();
    wd.write("rubric.toml", &rubric);
    wd.write(
        "findings.csv",
        "unit,item,rule,count,period\n曲山镇,1.1,a,1,1月\n擂鼓镇,1.1,a,1,\n",
    );
    let out = wd.run(&["--rubric", "rubric.toml", "findings.csv"]);
    assert_invalid(&out);
    let lines: Vec<usize> = errors_for(&stderr(&out), "findings.csv")
        .iter()
        .map(|(l, _)| *l)
        .collect();
    assert_eq!(lines, [3], "{}", describe(&out));
}

// ---------------------------------------------------------------------------------------------
// Roster errors

#[test]
fn a_roster_kind_the_rubric_does_not_declare() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write("units.csv", "unit,kind\n曲山镇,乡镇\n城关街道,街道\n");
    wd.write("findings.csv", "unit,item,rule,count\n曲山镇,1.1,a,1\n");
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    assert_invalid(&out);
    assert_error(&out, "units.csv", 3, &["街道"]);
}

#[test]
fn a_roster_without_a_unit_column() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write("units.csv", "name,kind\n曲山镇,乡镇\n");
    wd.write("findings.csv", "unit,item,rule,count\n曲山镇,1.1,a,1\n");
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    assert_invalid(&out);
    assert!(stderr(&out).starts_with("units.csv:"), "{}", describe(&out));
}

// ---------------------------------------------------------------------------------------------
// Missing and unreadable inputs

#[test]
fn a_missing_findings_file() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    let out = wd.run(&["--rubric", "rubric.toml", "nosuch.csv"]);
    assert_invalid(&out);
    assert!(
        stderr(&out).starts_with("nosuch.csv:"),
        "{}",
        describe(&out)
    );
}

#[test]
fn a_directory_as_findings() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.mkdir("june");
    let out = wd.run(&["--rubric", "rubric.toml", "june"]);
    assert_invalid(&out);
    assert!(stderr(&out).starts_with("june:"), "{}", describe(&out));
}

#[test]
fn a_missing_rubric_that_is_no_builtin_either() {
    let wd = Workdir::new();
    wd.write("findings.csv", "unit,item\n曲山镇,\n");
    let out = wd.run(&["--rubric", "nosuch.toml", "findings.csv"]);
    assert_invalid(&out);
    assert!(
        stderr(&out).starts_with("nosuch.toml:"),
        "{}",
        describe(&out)
    );
}

#[test]
fn a_directory_as_rubric_or_roster() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write("findings.csv", "unit,item\n曲山镇,\n");
    wd.mkdir("dir");
    assert_invalid(&wd.run(&["--rubric", "dir", "findings.csv"]));
    assert_invalid(&wd.run(&["--rubric", "rubric.toml", "--units", "dir", "findings.csv"]));
    assert_invalid(&wd.run(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "nosuch.csv",
        "findings.csv",
    ]));
}
