//! How findings become scores: caps, `max`, `"all"`, direct points and scores,
//! rosters, starts, kinds, rounding and threshold rules. Every expected figure is worked out by
//! hand beside it. Grades, ranks and quotas are in ranking.rs.

mod common;

use common::*;

/// A small rubric used by most tests here: 12 points in two sections.
///
/// 1.1 (8 points): a = 30% each (2.4), b = 30% once (max 30%), c = all, d = 3 each, at most 6.
/// 1.2 (2 points): a = 1 each.
/// 2.1 (2 points): a = 0.5 each.
const BASIC: &str = r#"
[rubric]
id = "basic"
name = "测试细则"
total = 12

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [
  { id = "a", text = "制度落实不到位的,每项扣30%", deduct = "30%" },
  { id = "b", text = "未按时报告的,扣30%", deduct = "30%", max = "30%" },
  { id = "c", text = "弄虚作假的,不得分", deduct = "all" },
  { id = "d", text = "每发现一次扣3分,最多扣6分", deduct = 3, max = 6 },
]

[[section.item]]
id = "1.2"
name = "台账管理"
points = 2
rules = [ { id = "a", text = "台账缺失的,每次扣1分", deduct = 1 } ]

[[section]]
id = "2"
name = "宣传工作"
points = 2

[[section.item]]
id = "2.1"
name = "信息报送"
points = 2
rules = [ { id = "a", text = "每少报一次扣0.5分", deduct = 0.5 } ]
"#;

/// Writes BASIC and `findings`, runs `--format csv`, returns the unit rows.
fn basic(findings: &str) -> Vec<std::collections::HashMap<String, String>> {
    let wd = Workdir::new();
    wd.write("rubric.toml", BASIC);
    wd.write("findings.csv", findings);
    wd.csv(&["--rubric", "rubric.toml", "findings.csv"])
}

/// Writes BASIC and `findings`, runs `--detail --format csv`, returns the unit-and-item rows.
fn basic_detail(findings: &str) -> Vec<std::collections::HashMap<String, String>> {
    let wd = Workdir::new();
    wd.write("rubric.toml", BASIC);
    wd.write("findings.csv", findings);
    wd.csv(&["--rubric", "rubric.toml", "--detail", "findings.csv"])
}

// ---------------------------------------------------------------------------------------------
// Item caps and rule `max`

#[test]
fn item_cap_that_does_not_bind_and_one_that_does() {
    let findings = "unit,item,rule,count\n甲,1.1,a,2\n乙,1.1,a,4\n";

    let rows = basic(findings);
    // 甲: 2 x 30% of 8 = 4.8 deducted -> 1.1 scores 3.2; section 1 = 3.2 + 2 = 5.2; total 12 - 4.8 = 7.2
    let r = unit_row(&rows, "甲");
    assert_eq!(r["1"], "5.2");
    assert_eq!(r["2"], "2");
    assert_eq!(r["total"], "7.2");
    // 乙: 4 x 2.4 = 9.6, capped at the item's 8 -> 1.1 scores 0; section 1 = 0 + 2 = 2; total 12 - 8 = 4
    let r = unit_row(&rows, "乙");
    assert_eq!(r["1"], "2");
    assert_eq!(r["total"], "4");

    let detail = basic_detail(findings);
    let d = detail_row(&detail, "甲", "1.1");
    assert_eq!(
        pick(d, &["points", "deducted", "score", "capped", "absorbed"]),
        ["8", "4.8", "3.2", "false", "0"]
    );
    // 9.6 found, 8 taken: the cap swallowed 9.6 - 8 = 1.6
    let d = detail_row(&detail, "乙", "1.1");
    assert_eq!(
        pick(d, &["points", "deducted", "score", "capped", "absorbed"]),
        ["8", "8", "0", "true", "1.6"]
    );
}

#[test]
fn detail_lists_every_item_including_ones_with_nothing_found() {
    let detail = basic_detail("unit,item,rule,count\n甲,1.1,a,2\n");
    // one unit x three items
    assert_eq!(detail.len(), 3, "{detail:#?}");
    assert_eq!(column(&detail, "item"), ["1.1", "1.2", "2.1"]);
    let d = detail_row(&detail, "甲", "1.2");
    assert_eq!(
        pick(d, &["points", "deducted", "score", "capped", "absorbed"]),
        ["2", "0", "2", "false", "0"]
    );
    let d = detail_row(&detail, "甲", "2.1");
    assert_eq!(pick(d, &["points", "deducted", "score"]), ["2", "0", "2"]);
}

#[test]
fn three_times_thirty_percent_of_eight_leaves_exactly_point_eight() {
    let findings = "unit,item,rule,count\n甲,1.1,a,3\n";
    // 3 x 2.4 = 7.2 deducted, 8 - 7.2 = 0.8 (exact decimal, not 0.79999...)
    let d = basic_detail(findings);
    let d = detail_row(&d, "甲", "1.1");
    assert_eq!(
        pick(d, &["deducted", "score", "capped"]),
        ["7.2", "0.8", "false"]
    );
    // total 12 - 7.2 = 4.8; section 1 = 0.8 + 2 = 2.8
    let rows = basic(findings);
    assert_eq!(unit_row(&rows, "甲")["1"], "2.8");
    assert_eq!(unit_row(&rows, "甲")["total"], "4.8");

    let wd = Workdir::new();
    wd.write("rubric.toml", BASIC);
    wd.write("findings.csv", findings);
    let doc = json(&wd.run_ok(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "json",
        "findings.csv",
    ]));
    // the same figures in JSON, as numbers with their exact text (not 0.7999..., not 0.8000)
    let item = format!("/units/{}/sections/0/items/0", json_unit(&doc, "甲"));
    assert_eq!(at(&doc, &format!("{item}/id")), "1.1");
    assert_eq!(json_number(&doc, &format!("{item}/score")), "0.8");
    assert_eq!(json_number(&doc, &format!("{item}/deducted")), "7.2");
}

#[test]
fn a_rule_capped_by_max_once_found_twice_deducts_once() {
    // b: 30% of 8 = 2.4 each, max 30% = 2.4: found twice -> min(4.8, 2.4) = 2.4; 8 - 2.4 = 5.6.
    // The rule's max cut 4.8 to 2.4: capped, 4.8 - 2.4 = 2.4 absorbed.
    let findings = "unit,item,rule,count\n甲,1.1,b,2\n";
    let d = basic_detail(findings);
    let d = detail_row(&d, "甲", "1.1");
    assert_eq!(
        pick(d, &["deducted", "score", "capped", "absorbed"]),
        ["2.4", "5.6", "true", "2.4"]
    );
    // total 12 - 2.4 = 9.6
    assert_eq!(unit_row(&basic(findings), "甲")["total"], "9.6");
}

#[test]
fn absorbed_counts_deductions_after_each_rules_max() {
    // d: 3 x 3 = 9, max 6 -> 6 (the rule's max absorbs 3); a: 2 x 2.4 = 4.8;
    // 6 + 4.8 = 10.8 > 8 -> deducted 8, score 0 (the item's cap absorbs 2.8);
    // absorbed = 3 + 2.8 = 5.8, which is all that was found less what was deducted: 9 + 4.8 - 8
    let d = basic_detail("unit,item,rule,count\n甲,1.1,d,3\n甲,1.1,a,2\n");
    let d = detail_row(&d, "甲", "1.1");
    assert_eq!(
        pick(d, &["deducted", "score", "capped", "absorbed"]),
        ["8", "0", "true", "5.8"]
    );
}

#[test]
fn a_numeric_max_that_does_not_bind() {
    // d: 1 x 3 = 3 <= max 6 -> 3 deducted; 8 - 3 = 5; total 12 - 3 = 9
    let d = basic_detail("unit,item,rule,count\n甲,1.1,d,1\n");
    let d = detail_row(&d, "甲", "1.1");
    assert_eq!(pick(d, &["deducted", "score"]), ["3", "5"]);
}

#[test]
fn deduct_all_takes_the_whole_item_and_count_zero_takes_nothing() {
    let findings = "unit,item,rule,count\n甲,1.1,c,1\n乙,1.1,c,0\n";
    let rows = basic(findings);
    // 甲: 不得分 -> 1.1 = 0; total 12 - 8 = 4
    assert_eq!(unit_row(&rows, "甲")["total"], "4");
    // 乙: found 0 times -> nothing; total 12
    assert_eq!(unit_row(&rows, "乙")["total"], "12");

    let detail = basic_detail(findings);
    let d = detail_row(&detail, "甲", "1.1");
    assert_eq!(pick(d, &["deducted", "score"]), ["8", "0"]);
    let d = detail_row(&detail, "乙", "1.1");
    assert_eq!(
        pick(d, &["deducted", "score", "capped"]),
        ["0", "8", "false"]
    );
}

// ---------------------------------------------------------------------------------------------
// Rows: counts add, direct points, awarded scores

#[test]
fn the_same_unit_item_and_rule_on_many_rows_add_up() {
    // 1 + 2 = 3 occurrences of 1.2 a: 3 x 1 = 3 > 2 -> capped, 1.2 = 0; 2.1 a: 1 + 1 = 2 x 0.5 = 1
    // total 12 - 2 - 1 = 9
    let rows = basic("unit,item,rule,count\n甲,1.2,a,1\n甲,2.1,a,1\n甲,1.2,a,2\n甲,2.1,a,1\n");
    assert_eq!(unit_row(&rows, "甲")["2"], "1");
    assert_eq!(unit_row(&rows, "甲")["total"], "9");
}

#[test]
fn count_defaults_to_one() {
    // empty count -> 1 x 2.4; total 12 - 2.4 = 9.6
    let rows = basic("unit,item,rule,count\n甲,1.1,a,\n");
    assert_eq!(unit_row(&rows, "甲")["total"], "9.6");
    // no count column at all: 1 x 1; total 12 - 1 = 11
    let rows = basic("unit,item,rule\n甲,1.2,a\n");
    assert_eq!(unit_row(&rows, "甲")["total"], "11");
}

#[test]
fn direct_points_rows_deduct_and_carry_their_note() {
    let findings = "unit,item,rule,count,points,note\n\
                    甲,1.1,,,1.5,迟报一次\n\
                    甲,1.1,a,1,,\n\
                    乙,2.1,,,0.25,资料不全\n";
    // 甲: 1.5 direct + 2.4 (a) = 3.9 deducted; 8 - 3.9 = 4.1; total 12 - 3.9 = 8.1
    // 乙: 0.25 on 2.1 -> 1.75; total 12 - 0.25 = 11.75
    let rows = basic(findings);
    assert_eq!(unit_row(&rows, "甲")["total"], "8.1");
    assert_eq!(unit_row(&rows, "乙")["total"], "11.75");
    assert_eq!(unit_row(&rows, "乙")["2"], "1.75");

    let detail = basic_detail(findings);
    let d = detail_row(&detail, "甲", "1.1");
    assert_eq!(pick(d, &["deducted", "score"]), ["3.9", "4.1"]);
    assert!(d["reasons"].contains("迟报一次"), "{d:?}");
    let d = detail_row(&detail, "乙", "2.1");
    assert!(d["reasons"].contains("资料不全"), "{d:?}");
}

#[test]
fn direct_points_are_capped_at_the_item_too() {
    // 1.2 has 2 points; 5 direct -> capped at 2, absorbed 5 - 2 = 3; total 12 - 2 = 10
    let findings = "unit,item,points,note\n甲,1.2,5,严重缺失\n";
    assert_eq!(unit_row(&basic(findings), "甲")["total"], "10");
    let d = basic_detail(findings);
    let d = detail_row(&d, "甲", "1.2");
    assert_eq!(
        pick(d, &["deducted", "score", "capped", "absorbed"]),
        ["2", "0", "true", "3"]
    );
}

#[test]
fn score_rows_set_the_item_score() {
    let findings = "unit,item,score\n甲,1.1,6.5\n乙,1.1,0\n丙,1.1,8\n";
    let rows = basic(findings);
    // 甲: 1.1 awarded 6.5 -> total 6.5 + 2 + 2 = 10.5
    assert_eq!(unit_row(&rows, "甲")["total"], "10.5");
    // 乙: 1.1 awarded 0 -> total 0 + 2 + 2 = 4
    assert_eq!(unit_row(&rows, "乙")["total"], "4");
    // 丙: 1.1 awarded its full 8 -> 12
    assert_eq!(unit_row(&rows, "丙")["total"], "12");

    let detail = basic_detail(findings);
    // 8 - 6.5 = 1.5 deducted
    let d = detail_row(&detail, "甲", "1.1");
    assert_eq!(
        pick(d, &["points", "deducted", "score"]),
        ["8", "1.5", "6.5"]
    );
}

#[test]
fn score_rows_for_different_items_combine_with_rule_rows_on_others() {
    // 1.1 awarded 7 (score row), 1.2 a x 1 = 1 deducted -> 7 + 1 + 2 = 10
    let rows = basic("unit,item,rule,score\n甲,1.1,,7\n甲,1.2,a,\n");
    assert_eq!(unit_row(&rows, "甲")["total"], "10");
}

// ---------------------------------------------------------------------------------------------
// Units: roster, declarations

#[test]
fn a_roster_unit_with_no_findings_gets_full_marks() {
    let wd = Workdir::new();
    wd.write("rubric.toml", BASIC);
    wd.write("units.csv", "unit\n甲\n乙\n丙\n");
    wd.write("findings.csv", "unit,item,rule,count\n甲,1.2,a,1\n");
    let rows = wd.csv(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    assert_eq!(rows.len(), 3, "{rows:#?}");
    // 甲: 12 - 1 = 11; 乙, 丙: nothing found -> 12
    assert_eq!(unit_row(&rows, "甲")["total"], "11");
    assert_eq!(unit_row(&rows, "乙")["total"], "12");
    assert_eq!(unit_row(&rows, "丙")["total"], "12");
}

#[test]
fn without_a_roster_the_units_are_those_in_the_findings() {
    let rows = basic("unit,item,rule,count\n甲,1.2,a,1\n乙,2.1,a,1\n甲,2.1,a,1\n");
    let mut units = column(&rows, "unit");
    units.sort();
    assert_eq!(units, ["乙", "甲"]);
    // 甲: 12 - 1 - 0.5 = 10.5; 乙: 12 - 0.5 = 11.5
    assert_eq!(unit_row(&rows, "甲")["total"], "10.5");
    assert_eq!(unit_row(&rows, "乙")["total"], "11.5");
}

#[test]
fn a_row_with_an_empty_item_declares_a_unit() {
    let rows = basic("unit,item,rule,count\n甲,,,\n乙,1.1,a,1\n");
    assert_eq!(rows.len(), 2);
    // 甲: declared, nothing found -> 12; 乙: 12 - 2.4 = 9.6
    assert_eq!(unit_row(&rows, "甲")["total"], "12");
    assert_eq!(unit_row(&rows, "乙")["total"], "9.6");
}

// ---------------------------------------------------------------------------------------------
// Kinds and starts

/// 乡镇 out of 10 (full start, graded), 部门 by deduction only (zero start, no grade).
const KINDS: &str = r#"
[rubric]
id = "kinds"
name = "测试细则"
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

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [ { id = "a", text = "每项扣30%", deduct = "30%" } ]

[[section.item]]
id = "1.2"
name = "台账管理"
points = 2
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

#[test]
fn a_zero_start_kind_scores_only_what_was_found_and_has_no_grade() {
    let wd = Workdir::new();
    wd.write("rubric.toml", KINDS);
    wd.write(
        "units.csv",
        "unit,kind\n甲镇,乡镇\n财政局,部门\n乙镇,乡镇\n教育局,部门\n",
    );
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n甲镇,1.1,a,1\n财政局,1.1,a,3\n财政局,1.2,a,1\n",
    );
    let args = [
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ];
    let rows = wd.csv(&args);

    // ordered by kind as declared, then rank
    assert_eq!(column(&rows, "unit"), ["乙镇", "甲镇", "教育局", "财政局"]);
    assert_eq!(column(&rows, "kind"), ["乡镇", "乡镇", "部门", "部门"]);
    // 乙镇: nothing found -> 10, 优秀 (>= 9)
    // 甲镇: 10 - 2.4 = 7.6, 差 (< 8)
    // 教育局: nothing found -> 0, no grade
    // 财政局: -(3 x 2.4 + 1 x 1) = -(7.2 + 1) = -8.2, no grade
    assert_eq!(column(&rows, "total"), ["10", "7.6", "0", "-8.2"]);
    assert_eq!(column(&rows, "grade"), ["优秀", "差", "", ""]);
    // ranks are within each kind
    assert_eq!(column(&rows, "rank"), ["1", "2", "1", "2"]);

    // detail of a zero-start unit still shows the item's points and points - deducted
    let mut detail_args = args.to_vec();
    detail_args.push("--detail");
    let detail = wd.csv(&detail_args);
    let d = detail_row(&detail, "财政局", "1.1");
    assert_eq!(
        pick(d, &["points", "deducted", "score"]),
        ["8", "7.2", "0.8"]
    );
    let d = detail_row(&detail, "财政局", "1.2");
    assert_eq!(pick(d, &["points", "deducted", "score"]), ["2", "1", "1"]);

    // json: no grade is null, not ""
    let doc = json(&wd.run_ok(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "--format",
        "json",
        "findings.csv",
    ]));
    // 财政局: -(7.2 + 1) = -8.2, no grade (null); 乙镇: 10, 优秀
    let czj = format!("/units/{}", json_unit(&doc, "财政局"));
    let yi = format!("/units/{}", json_unit(&doc, "乙镇"));
    assert!(at(&doc, &format!("{czj}/grade")).is_null(), "{doc:#}");
    assert_eq!(json_number(&doc, &format!("{czj}/total")), "-8.2");
    assert_eq!(at(&doc, &format!("{yi}/grade")), "优秀");
    assert_eq!(json_number(&doc, &format!("{yi}/total")), "10");
    // 教育局: nothing found in a zero start -> 0, no grade
    let jyj = format!("/units/{}", json_unit(&doc, "教育局"));
    assert!(at(&doc, &format!("{jyj}/grade")).is_null(), "{doc:#}");
}

#[test]
fn a_zero_start_unit_is_capped_at_minus_its_full_marks() {
    let wd = Workdir::new();
    wd.write("rubric.toml", KINDS);
    wd.write("units.csv", "unit,kind\n财政局,部门\n");
    wd.write(
        "findings.csv",
        "unit,item,rule,count\n财政局,1.1,a,5\n财政局,1.2,a,9\n",
    );
    // 1.1: 5 x 2.4 = 12 -> capped 8; 1.2: 9 x 1 = 9 -> capped 2; total -(8 + 2) = -10
    let rows = wd.csv(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    assert_eq!(unit_row(&rows, "财政局")["total"], "-10");
}

#[test]
fn a_roster_unit_without_a_kind_is_of_the_first_declared_kind() {
    let wd = Workdir::new();
    wd.write("rubric.toml", KINDS);
    wd.write("units.csv", "unit,kind\n甲镇,\n财政局,部门\n");
    wd.write("findings.csv", "unit,item,rule,count\n甲镇,1.2,a,1\n");
    let rows = wd.csv(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    // 甲镇 is a 乡镇 (first declared): 10 - 1 = 9, 优秀
    let r = unit_row(&rows, "甲镇");
    assert_eq!(pick(r, &["kind", "total", "grade"]), ["乡镇", "9", "优秀"]);
}

#[test]
fn an_item_limited_to_some_kinds_is_left_out_of_the_others_without_rescaling() {
    let rubric = r#"
[rubric]
id = "limited"
name = "测试细则"
total = 10

[[kind]]
name = "乡镇"
start = "full"

[[kind]]
name = "社区"
start = "full"

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
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [ { id = "a", text = "每项扣30%", deduct = "30%" } ]

[[section.item]]
id = "1.2"
name = "乡镇专项"
points = 2
kinds = ["乡镇"]
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;
    let wd = Workdir::new();
    wd.write("rubric.toml", rubric);
    wd.write(
        "units.csv",
        "unit,kind\n甲镇,乡镇\n和平社区,社区\n幸福社区,社区\n",
    );
    wd.write("findings.csv", "unit,item,rule,count\n幸福社区,1.1,a,1\n");
    let args = [
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ];
    let rows = wd.csv(&args);
    // 甲镇: 8 + 2 = 10, 优秀
    let r = unit_row(&rows, "甲镇");
    assert_eq!(pick(r, &["total", "grade"]), ["10", "优秀"]);
    // 和平社区: 1.2 does not apply -> out of 8, shown raw as 8 (not rescaled to 10), 良好
    let r = unit_row(&rows, "和平社区");
    assert_eq!(pick(r, &["total", "grade"]), ["8", "良好"]);
    // 幸福社区: 8 - 2.4 = 5.6, 差
    let r = unit_row(&rows, "幸福社区");
    assert_eq!(pick(r, &["total", "grade"]), ["5.6", "差"]);

    let mut detail_args = args.to_vec();
    detail_args.push("--detail");
    let detail = wd.csv(&detail_args);
    // the community units have a 1.1 row and no 1.2 row; the township has both
    let items = |unit: &str| -> Vec<String> {
        detail
            .iter()
            .filter(|r| r["unit"] == unit)
            .map(|r| r["item"].clone())
            .collect()
    };
    assert_eq!(items("和平社区"), ["1.1"]);
    assert_eq!(items("幸福社区"), ["1.1"]);
    assert_eq!(items("甲镇"), ["1.1", "1.2"]);
}

// ---------------------------------------------------------------------------------------------
// Rounding

/// One 100-point item scored by direct `points` rows, with grade bands at 90 and 80.
fn hundred(precision: u32, kinds: &str) -> String {
    format!(
        r#"
[rubric]
id = "hundred"
name = "测试细则"
total = 100
precision = {precision}
{kinds}
[[grade]]
name = "优秀"
min = 90

[[grade]]
name = "良好"
min = 80

[[grade]]
name = "差"

[[section]]
id = "1"
name = "综合"
points = 100

[[section.item]]
id = "1.1"
name = "综合评价"
points = 100
rules = [ {{ id = "a", text = "每次扣1分", deduct = 1 }} ]
"#
    )
}

#[test]
fn precision_two_rounds_the_total_once_half_up() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &hundred(2, ""));
    wd.write(
        "findings.csv",
        "unit,item,points,note\n甲,1.1,10.005,x\n乙,1.1,10.006,x\n丙,1.1,10.004,x\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲: 100 - 10.005 = 89.995 -> 90 (half up), 优秀 (min 90 reached by the rounded total)
    let r = unit_row(&rows, "甲");
    assert_eq!(pick(r, &["total", "grade"]), ["90", "优秀"]);
    // 乙: 100 - 10.006 = 89.994 -> 89.99, 良好
    let r = unit_row(&rows, "乙");
    assert_eq!(pick(r, &["total", "grade"]), ["89.99", "良好"]);
    // 丙: 100 - 10.004 = 89.996 -> 90, 优秀
    let r = unit_row(&rows, "丙");
    assert_eq!(pick(r, &["total", "grade"]), ["90", "优秀"]);
    // ranks use the rounded totals: 甲 and 丙 tie at 90 (rank 1), 乙 is third
    assert_eq!(column(&rows, "unit"), ["甲", "丙", "乙"]);
    assert_eq!(column(&rows, "rank"), ["1", "1", "3"]);
    // the section column is rounded for display the same way: 89.995 -> 90
    assert_eq!(unit_row(&rows, "甲")["1"], "90");
}

#[test]
fn precision_zero_rounds_half_up() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &hundred(0, ""));
    wd.write(
        "findings.csv",
        "unit,item,points,note\n甲,1.1,0.5,x\n乙,1.1,1.5,x\n丙,1.1,2.51,x\n丁,1.1,0.4,x\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 100 - 0.5 = 99.5 -> 100; 100 - 1.5 = 98.5 -> 99; 100 - 2.51 = 97.49 -> 97; 100 - 0.4 = 99.6 -> 100
    assert_eq!(unit_row(&rows, "甲")["total"], "100");
    assert_eq!(unit_row(&rows, "乙")["total"], "99");
    assert_eq!(unit_row(&rows, "丙")["total"], "97");
    assert_eq!(unit_row(&rows, "丁")["total"], "100");
}

#[test]
fn a_negative_total_rounds_half_away_from_zero() {
    let kinds = "[[kind]]\nname = \"部门\"\nstart = \"zero\"\n";
    let wd = Workdir::new();
    wd.write("rubric.toml", &hundred(0, kinds));
    wd.write(
        "findings.csv",
        "unit,item,points,note\n甲局,1.1,2.5,x\n乙局,1.1,2.4,x\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // zero start: -2.5 -> -3 (四舍五入 on the magnitude); -2.4 -> -2
    assert_eq!(unit_row(&rows, "甲局")["total"], "-3");
    assert_eq!(unit_row(&rows, "乙局")["total"], "-2");
}

#[test]
fn totals_are_computed_from_exact_item_scores_and_rounded_once() {
    // precision 1; 1.1 keeps 8 - 0.04 = 7.96 and 1.2 keeps 2 - 0.04 = 1.96 (direct points), 2.1 keeps 2:
    // rounding each item first would give 8 + 2 + 2 = 12; the exact total 11.92 rounds to 11.9
    let rubric = BASIC.replace("total = 12\n", "total = 12\nprecision = 1\n");
    let wd = Workdir::new();
    wd.write("rubric.toml", &rubric);
    wd.write(
        "findings.csv",
        "unit,item,points,note\n甲,1.1,0.04,x\n甲,1.2,0.04,x\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    assert_eq!(unit_row(&rows, "甲")["total"], "11.9");
}

// ---------------------------------------------------------------------------------------------
// Threshold rules

#[test]
fn a_threshold_rule_triggers_strictly_below_its_bound() {
    let rubric = r#"
[rubric]
id = "threshold"
name = "测试细则"
total = 10

[[section]]
id = "1"
name = "人居环境"
points = 10

[[section.item]]
id = "1.1"
name = "卫生厕所"
points = 10
rules = [
  { id = "a", text = "卫生厕所普及率低于95%的,扣30%", metric = "卫生厕所普及率", below = 0.95, deduct = "30%" },
]
"#;
    let wd = Workdir::new();
    wd.write("rubric.toml", rubric);
    wd.write(
        "findings.csv",
        "unit,item,rule,value\n甲,1.1,a,0.9\n乙,1.1,a,0.95\n丙,1.1,a,0.96\n",
    );
    let rows = wd.csv(&["--rubric", "rubric.toml", "findings.csv"]);
    // 甲: 0.9 < 0.95 -> 30% of 10 = 3; 10 - 3 = 7. 乙: 0.95 is not below 0.95 -> 10. 丙: 10
    assert_eq!(unit_row(&rows, "甲")["total"], "7");
    assert_eq!(unit_row(&rows, "乙")["total"], "10");
    assert_eq!(unit_row(&rows, "丙")["total"], "10");
}

#[test]
fn a_threshold_bound_by_a_roster_column_steps_from_its_number_inclusive() {
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
  { id = "a", text = "经费不足的,不得分", metric = "经费", below = { by = "households", steps = [[0, 40000], [2000, 50000], [3000, 60000]] }, deduct = "all" },
]
"#;
    let wd = Workdir::new();
    wd.write("rubric.toml", rubric);
    wd.write(
        "units.csv",
        "unit,households\n甲社区,1999\n乙社区,2000\n丙社区,3000\n",
    );
    wd.write(
        "findings.csv",
        "unit,item,rule,value\n甲社区,1.1,a,45000\n乙社区,1.1,a,45000\n丙社区,1.1,a,60000\n",
    );
    let rows = wd.csv(&[
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ]);
    // 甲: 1999 households -> bound 40000; 45000 not below -> 10
    assert_eq!(unit_row(&rows, "甲社区")["total"], "10");
    // 乙: 2000 households -> bound 50000 (the step applies from 2000); 45000 below -> all: 0
    assert_eq!(unit_row(&rows, "乙社区")["total"], "0");
    // 丙: 3000 households -> bound 60000; 60000 not below -> 10
    assert_eq!(unit_row(&rows, "丙社区")["total"], "10");
}
