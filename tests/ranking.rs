//! Grades, ranks and quotas: bands on the rounded total, rule-forced
//! grades, competition and dense ranking within each kind, and quota checks with their exit codes.
//! Every expected figure is worked out by hand beside it.

mod common;

use common::*;

// ---------------------------------------------------------------------------------------------
// Grades

/// One 10-point item scored by direct points, four bands.
const BANDS: &str = r#"
[rubric]
id = "bands"
name = "测试细则"
total = 10

[[grade]]
name = "优秀"
min = 9

[[grade]]
name = "良好"
min = 8

[[grade]]
name = "一般"
min = 6

[[grade]]
name = "差"

[[section]]
id = "1"
name = "综合"
points = 10

[[section.item]]
id = "1.1"
name = "综合评价"
points = 10
rules = [
  { id = "a", text = "每次扣1分", deduct = 1 },
  { id = "v", text = "发生重大安全事故的,一票否决", grade = "差" },
]
"#;

#[test]
fn a_unit_gets_the_first_band_whose_min_it_reaches() {
    let wd = Workdir::new();
    wd.write("rubric.toml", BANDS);
    wd.write(
        "findings.csv",
        "unit,item,points,note\n甲,,,\n乙,1.1,1,x\n丙,1.1,1.01,x\n丁,1.1,4,x\n戊,1.1,4.01,x\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲 10 >= 9 优秀; 乙 9 >= 9 优秀 (min is reached); 丙 8.99 良好; 丁 6 一般; 戊 5.99 差
    assert_eq!(column(&rows, "unit"), ["甲", "乙", "丙", "丁", "戊"]);
    assert_eq!(column(&rows, "total"), ["10", "9", "8.99", "6", "5.99"]);
    assert_eq!(
        column(&rows, "grade"),
        ["优秀", "优秀", "良好", "一般", "差"]
    );
}

#[test]
fn a_rule_with_a_grade_forces_it_unless_found_zero_times() {
    let wd = Workdir::new();
    wd.write("rubric.toml", BANDS);
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n甲,1.1,v,1\n乙,1.1,v,0\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲: no points lost (10) but 一票否决 -> 差; 乙: found 0 times -> 10, 优秀
    let r = unit_row(&rows, "甲");
    assert_eq!(pick(r, &["total", "grade"]), ["10", "差"]);
    let r = unit_row(&rows, "乙");
    assert_eq!(pick(r, &["total", "grade"]), ["10", "优秀"]);
}

// ---------------------------------------------------------------------------------------------
// Ranks

/// One 10-point item, rule a = 1 point each; `extra` goes into [rubric].
fn ten(extra: &str) -> String {
    format!(
        r#"
[rubric]
id = "ten"
name = "测试细则"
total = 10
{extra}

[[section]]
id = "1"
name = "综合"
points = 10

[[section.item]]
id = "1.1"
name = "综合评价"
points = 10
rules = [ {{ id = "a", text = "每次扣1分", deduct = 1 }} ]
"#
    )
}

// Units in order of first appearance: 丁, 丙, 甲, 乙, 戊.
// Totals: 丁 10 - 2 = 8; 丙 10 - 1 = 9; 甲 10 - 0 = 10; 乙 10 - 1 = 9; 戊 10 - 3 = 7.
const TIES: &str =
    "unit,item,rule,count\n丁,1.1,a,2\n丙,1.1,a,1\n甲,1.1,a,0\n乙,1.1,a,1\n戊,1.1,a,3\n";

#[test]
fn competition_ranking_skips_after_a_tie() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &ten(""));
    wd.write("findings.csv", TIES);
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // by rank, ties in order of first appearance (丙 before 乙)
    assert_eq!(column(&rows, "unit"), ["甲", "丙", "乙", "丁", "戊"]);
    assert_eq!(column(&rows, "total"), ["10", "9", "9", "8", "7"]);
    assert_eq!(column(&rows, "rank"), ["1", "2", "2", "4", "5"]);
}

#[test]
fn dense_ranking_does_not_skip() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &ten("ranking = \"dense\""));
    wd.write("findings.csv", TIES);
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    assert_eq!(column(&rows, "unit"), ["甲", "丙", "乙", "丁", "戊"]);
    assert_eq!(column(&rows, "rank"), ["1", "2", "2", "3", "4"]);
}

#[test]
fn competition_is_the_default_and_can_be_named() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &ten("ranking = \"competition\""));
    wd.write("findings.csv", TIES);
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    assert_eq!(column(&rows, "rank"), ["1", "2", "2", "4", "5"]);
}

#[test]
fn ranks_are_within_each_kind_and_kinds_come_in_declared_order() {
    let rubric = ten("").replace(
        "\n[[section]]",
        "[[kind]]\nname = \"社区\"\nstart = \"full\"\n\n[[kind]]\nname = \"乡镇\"\nstart = \"full\"\n\n[[section]]",
    );
    let wd = Workdir::new();
    wd.write("rubric.toml", &rubric);
    wd.write(
        "units.csv",
        "unit,kind\nA镇,乡镇\nB社区,社区\nC镇,乡镇\nD社区,社区\n",
    );
    wd.write(
        "findings.csv",
        "unit,item,rule,count\nA镇,1.1,a,1\nB社区,1.1,a,2\nD社区,1.1,a,3\n",
    );
    let rows = wd.csv(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    // 社区 (declared first): B 10 - 2 = 8 rank 1, D 10 - 3 = 7 rank 2
    // 乡镇: C 10 rank 1, A 10 - 1 = 9 rank 2
    assert_eq!(column(&rows, "unit"), ["B社区", "D社区", "C镇", "A镇"]);
    assert_eq!(column(&rows, "total"), ["8", "7", "10", "9"]);
    assert_eq!(column(&rows, "rank"), ["1", "2", "1", "2"]);
}

// ---------------------------------------------------------------------------------------------
// Quotas

/// One 10-point item scored by direct points; bands 优秀 >= 9, 良好 >= 8, 差; `quota` appended.
fn quota_rubric(kinds: &str, quota: &str) -> String {
    format!(
        r#"
[rubric]
id = "quota"
name = "测试细则"
total = 10
{kinds}
[[grade]]
name = "优秀"
min = 9

[[grade]]
name = "良好"
min = 8

[[grade]]
name = "差"

{quota}

[[section]]
id = "1"
name = "综合"
points = 10

[[section.item]]
id = "1.1"
name = "综合评价"
points = 10
rules = [ {{ id = "a", text = "每次扣1分", deduct = 1 }} ]
"#
    )
}

const AT_MOST_40_PCT_EXCELLENT: &str = "[[quota]]\ngrades = [\"优秀\"]\nmax = 0.40\n";

/// Writes the rubric and findings, runs csv with `extra` flags, returns the output.
fn quota_run(rubric: &str, findings: &str, extra: &[&str]) -> std::process::Output {
    let wd = Workdir::new();
    wd.write("rubric.toml", rubric);
    wd.write("findings.csv", findings);
    let mut args = vec!["--rubric", "rubric.toml", "--format", "csv"];
    args.extend_from_slice(extra);
    args.push("findings.csv");
    wd.run(&args)
}

fn quota_warnings(out: &std::process::Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains("quota"))
        .map(str::to_string)
        .collect()
}

// 甲 乙 丙 10 (优秀), 丁 10 - 1.5 = 8.5 (良好), 戊 10 - 3 = 7 (差): 3 of 5 = 60% 优秀
const THREE_OF_FIVE_EXCELLENT: &str =
    "unit,item,points,note\n甲,,,\n乙,,,\n丙,,,\n丁,1.1,1.5,x\n戊,1.1,3,x\n";
// as above but 丙 10 - 1.5 = 8.5: 2 of 5 = 40% 优秀
const TWO_OF_FIVE_EXCELLENT: &str =
    "unit,item,points,note\n甲,,,\n乙,,,\n丙,1.1,1.5,x\n丁,1.1,1.5,x\n戊,1.1,3,x\n";

#[test]
fn a_failed_max_quota_warns_without_strict() {
    let out = quota_run(
        &quota_rubric("", AT_MOST_40_PCT_EXCELLENT),
        THREE_OF_FIVE_EXCELLENT,
        &[],
    );
    // 60% > 40%
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(quota_warnings(&out).len(), 1, "{}", describe(&out));
    assert_eq!(csv_rows(&stdout(&out)).len(), 5);
}

#[test]
fn a_failed_max_quota_exits_3_under_strict_with_the_results_written() {
    let out = quota_run(
        &quota_rubric("", AT_MOST_40_PCT_EXCELLENT),
        THREE_OF_FIVE_EXCELLENT,
        &["--strict"],
    );
    assert_eq!(code(&out), 3, "{}", describe(&out));
    let rows = csv_rows(&stdout(&out));
    assert_eq!(rows.len(), 5);
    assert_eq!(unit_row(&rows, "丁")["total"], "8.5");
}

#[test]
fn a_max_quota_reached_exactly_passes() {
    // 2 of 5 = 40% <= 40%
    let out = quota_run(
        &quota_rubric("", AT_MOST_40_PCT_EXCELLENT),
        TWO_OF_FIVE_EXCELLENT,
        &["--strict"],
    );
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(quota_warnings(&out).is_empty(), "{}", describe(&out));
}

#[test]
fn a_min_quota_fails_below_and_passes_at_its_share() {
    let quota = "[[quota]]\ngrades = [\"优秀\", \"良好\"]\nmin = 0.5\n";
    // 甲 10 优秀, 乙 8.5 良好, 丙 7 差, 丁 7 差: 2 of 4 = 50% >= 50% passes
    let pass = "unit,item,points,note\n甲,,,\n乙,1.1,1.5,x\n丙,1.1,3,x\n丁,1.1,3,x\n";
    let out = quota_run(&quota_rubric("", quota), pass, &["--strict"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(quota_warnings(&out).is_empty(), "{}", describe(&out));
    // 乙 10 - 3 = 7 差 instead: 1 of 4 = 25% < 50% fails
    let fail = "unit,item,points,note\n甲,,,\n乙,1.1,3,x\n丙,1.1,3,x\n丁,1.1,3,x\n";
    let out = quota_run(&quota_rubric("", quota), fail, &["--strict"]);
    assert_eq!(code(&out), 3, "{}", describe(&out));
    let out = quota_run(&quota_rubric("", quota), fail, &[]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(quota_warnings(&out).len(), 1, "{}", describe(&out));
}

#[test]
fn an_about_quota_is_reported_only_never_exit_3() {
    let quota = "[[quota]]\ngrades = [\"差\"]\nabout = 0.10\n";
    // 4 of 5 差 = 80%, far from "about 10%"; still exit 0 under --strict
    let findings = "unit,item,points,note\n甲,,,\n乙,1.1,3,x\n丙,1.1,3,x\n丁,1.1,3,x\n戊,1.1,3,x\n";
    let out = quota_run(&quota_rubric("", quota), findings, &["--strict"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(csv_rows(&stdout(&out)).len(), 5);
}

#[test]
fn quotas_count_only_the_graded_units_of_each_kind() {
    let kinds = "[[kind]]\nname = \"乡镇\"\nstart = \"full\"\n\n[[kind]]\nname = \"部门\"\nstart = \"zero\"\n";
    let rubric = quota_rubric(kinds, AT_MOST_40_PCT_EXCELLENT);
    let wd = Workdir::new();
    wd.write("rubric.toml", &rubric);
    wd.write(
        "units.csv",
        "unit,kind\n甲镇,乡镇\n乙镇,乡镇\n一局,部门\n二局,部门\n三局,部门\n",
    );
    // 甲镇 10 优秀, 乙镇 10 - 3 = 7 差: 1 of 2 graded = 50% > 40% -> fails.
    // (Counting the three ungraded departments would give 1 of 5 = 20% and pass.)
    wd.write("findings.csv", "unit,item,points,note\n乙镇,1.1,3,x\n");
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "--format",
        "csv",
        "--strict",
        "findings.csv",
    ]);
    assert_eq!(code(&out), 3, "{}", describe(&out));
}
