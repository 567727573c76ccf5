//! Rubric validation: `score check` and every scoring run reject a broken rubric with
//! `FILE:LINE:` errors naming the key, all of them at once, exit 1; the built-in rubrics pass.

mod common;

use common::*;
use std::process::Output;

// ---------------------------------------------------------------------------------------------
// Rubric validation

/// A valid rubric that each test below breaks in one place.
const VALID: &str = r#"[rubric]
id = "valid"
name = "测试细则"
total = 10
precision = 2

[[kind]]
name = "乡镇"
start = "full"

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
max = 0.4

[[section]]
id = "1"
name = "基础工作"
points = 8

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
kinds = ["乡镇"]
rules = [
  { id = "a", text = "每项扣30%", deduct = "30%" },
  { id = "b", text = "每次扣1分,最多扣一半", deduct = 1, max = "50%" },
  { id = "v", text = "一票否决", grade = "差" },
]

[[section]]
id = "2"
name = "宣传工作"
points = 2

[[section.item]]
id = "2.1"
name = "信息报送"
points = 2
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

/// VALID with `from` replaced by `to` (which must occur exactly once).
fn broken(from: &str, to: &str) -> String {
    assert_eq!(
        VALID.matches(from).count(),
        1,
        "{from:?} must occur once in VALID"
    );
    VALID.replacen(from, to, 1)
}

/// Runs `score check rubric.toml` on `toml`.
fn check(toml: &str) -> Output {
    let wd = Workdir::new();
    wd.write("rubric.toml", toml);
    wd.run(&["check", "rubric.toml"])
}

/// The 1-based numbers of every line of `text` containing `needle`.
fn lines_with(text: &str, needle: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .collect()
}

/// Asserts exit 1 and an error `rubric.toml:N:` with N in `lines` whose message has all `words`.
fn assert_rubric_error(out: &Output, lines: std::ops::RangeInclusive<usize>, words: &[&str]) {
    assert_invalid(out);
    let errs = errors_for(&stderr(out), "rubric.toml");
    assert!(
        errs.iter()
            .any(|(l, msg)| lines.contains(l) && words.iter().all(|w| msg.contains(w))),
        "expected an error rubric.toml:{lines:?}: containing {words:?}\n{}",
        describe(out)
    );
}

#[test]
fn the_valid_rubric_passes_check() {
    let out = check(VALID);
    assert_eq!(code(&out), 0, "{}", describe(&out));
}

#[test]
fn items_that_do_not_add_up_to_their_section() {
    // section 2 says 2 points; its one item says 1 (and `total` still adds up: 8 + 2 = 10)
    let toml = broken(
        "id = \"2.1\"\nname = \"信息报送\"\npoints = 2",
        "id = \"2.1\"\nname = \"信息报送\"\npoints = 1",
    );
    // the error points at section 2: its header, id or points line
    let start = lines_with(&toml, "[[section]]")[1];
    assert_rubric_error(&check(&toml), start..=start + 3, &["1", "2"]);
}

#[test]
fn sections_that_do_not_add_up_to_the_total() {
    // sections 8 + 2 = 10, total 12
    let toml = broken("total = 10", "total = 12");
    assert_rubric_error(
        &check(&toml),
        1..=line_of(&toml, "total = 12"),
        &["10", "12"],
    );
}

#[test]
fn a_sum_mismatch_names_both_numbers() {
    // section 1 says 9, its item 8; and the sections then add up to 9 + 2 = 11, not 10
    let toml = broken(
        "name = \"基础工作\"\npoints = 8",
        "name = \"基础工作\"\npoints = 9",
    );
    let out = check(&toml);
    let points = line_of(&toml, "points = 9");
    assert_rubric_error(&out, points - 3..=points, &["8", "9"]);
}

#[test]
fn a_duplicate_item_id() {
    let toml = broken("id = \"2.1\"", "id = \"1.1\"");
    let second = lines_with(&toml, "[[section.item]]")[1];
    assert_rubric_error(&check(&toml), second..=second + 1, &["1.1"]);
}

#[test]
fn a_duplicate_section_id() {
    let toml = broken("id = \"2\"", "id = \"1\"");
    let second = lines_with(&toml, "[[section]]")[1];
    assert_rubric_error(&check(&toml), second..=second + 1, &["1"]);
}

#[test]
fn a_duplicate_rule_id_within_an_item() {
    let toml = broken("{ id = \"b\"", "{ id = \"a\"");
    let line = line_of(&toml, "最多扣一半");
    assert_rubric_error(&check(&toml), line..=line, &["a"]);
}

#[test]
fn a_percentage_above_100() {
    let toml = broken("deduct = \"30%\"", "deduct = \"150%\"");
    let line = line_of(&toml, "150%");
    assert_rubric_error(&check(&toml), line..=line, &["150%"]);
}

#[test]
fn a_percentage_of_zero() {
    let toml = broken("deduct = \"30%\"", "deduct = \"0%\"");
    let line = line_of(&toml, "\"0%\"");
    assert_rubric_error(&check(&toml), line..=line, &["0%"]);
}

#[test]
fn a_max_percentage_above_100() {
    let toml = broken("max = \"50%\"", "max = \"150%\"");
    let line = line_of(&toml, "150%");
    assert_rubric_error(&check(&toml), line..=line, &["150%"]);
}

#[test]
fn a_deduction_that_is_not_positive() {
    for bad in ["deduct = 0,", "deduct = -1,"] {
        let toml = broken("deduct = 1,", bad);
        let line = line_of(&toml, bad);
        assert_rubric_error(&check(&toml), line..=line, &["deduct"]);
    }
}

#[test]
fn an_unknown_rule_key_like_deduce() {
    let toml = broken("deduct = 1,", "deduce = 1,");
    let line = line_of(&toml, "deduce");
    assert_rubric_error(&check(&toml), line..=line, &["deduce"]);
}

#[test]
fn an_unknown_key_in_the_rubric_table() {
    let toml = broken("precision = 2", "precison = 2");
    let line = line_of(&toml, "precison");
    assert_rubric_error(&check(&toml), line..=line, &["precison"]);
}

#[test]
fn an_unknown_item_key() {
    let toml = broken("points = 2\nrules", "pionts = 2\npoints = 2\nrules");
    let line = line_of(&toml, "pionts");
    assert_rubric_error(&check(&toml), line..=line, &["pionts"]);
}

#[test]
fn precision_out_of_range() {
    let toml = broken("precision = 2", "precision = 11");
    let line = line_of(&toml, "precision = 11");
    assert_rubric_error(&check(&toml), line..=line, &["precision"]);
}

#[test]
fn grades_out_of_order() {
    // 优秀 min 7 listed before 良好 min 9: bands must go best first
    let toml = broken("min = 9", "min = 7").replacen("min = 8", "min = 9", 1);
    let first = line_of(&toml, "[[grade]]");
    let last = line_of(&toml, "name = \"差\"");
    assert_rubric_error(&check(&toml), first..=last, &[]);
}

#[test]
fn a_quota_naming_an_undeclared_grade() {
    let toml = broken("grades = [\"优秀\"]", "grades = [\"特优\"]");
    let quota = line_of(&toml, "[[quota]]");
    assert_rubric_error(&check(&toml), quota..=quota + 2, &["特优"]);
}

#[test]
fn a_rule_forcing_an_undeclared_grade() {
    let toml = broken("grade = \"差\"", "grade = \"特差\"");
    let line = line_of(&toml, "特差");
    assert_rubric_error(&check(&toml), line..=line, &["特差"]);
}

#[test]
fn an_item_for_an_undeclared_kind() {
    let toml = broken("kinds = [\"乡镇\"]", "kinds = [\"街道\"]");
    let line = line_of(&toml, "街道");
    assert_rubric_error(&check(&toml), line..=line, &["街道"]);
}

#[test]
fn a_rule_with_neither_deduct_nor_add() {
    let toml = broken(
        "{ id = \"a\", text = \"每项扣30%\", deduct = \"30%\" }",
        "{ id = \"a\", text = \"每项扣30%\" }",
    );
    let line = line_of(&toml, "每项扣30%");
    assert_rubric_error(&check(&toml), line..=line, &[]);
}

#[test]
fn two_rubric_errors_are_both_reported() {
    let toml =
        broken("deduct = \"30%\"", "deduct = \"150%\"").replacen("deduct = 1,", "deduce = 1,", 1);
    let out = check(&toml);
    assert_invalid(&out);
    let lines: Vec<usize> = errors_for(&stderr(&out), "rubric.toml")
        .iter()
        .map(|(l, _)| *l)
        .collect();
    assert!(
        lines.contains(&line_of(&toml, "150%")),
        "{}",
        describe(&out)
    );
    assert!(
        lines.contains(&line_of(&toml, "deduce")),
        "{}",
        describe(&out)
    );
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let toml = broken("name = \"信息报送\"", "name = \"信息报送");
    let line = line_of(&toml, "信息报送");
    assert_rubric_error(&check(&toml), line..=line + 1, &[]);
}

#[test]
fn numbers_too_large_are_rejected_not_a_crash() {
    let toml = VALID
        .replace(
            "total = 10",
            "total = 100000000000000000000000000000000000000000",
        )
        .replace(
            "name = \"宣传工作\"\npoints = 2",
            "name = \"宣传工作\"\npoints = 99999999999999999999999999999999999999992",
        );
    let out = check(&toml);
    assert_invalid(&out);
    assert!(
        !errors_for(&stderr(&out), "rubric.toml").is_empty(),
        "{}",
        describe(&out)
    );
}

#[test]
fn an_invalid_rubric_stops_a_scoring_run() {
    let toml = broken("deduct = \"30%\"", "deduct = \"150%\"");
    let wd = Workdir::new();
    wd.write("rules/my.toml", &toml);
    wd.write("findings.csv", "unit,item,rule,count\n甲,1.1,b,1\n");
    let out = wd.run(&["--rubric", "rules/my.toml", "findings.csv"]);
    assert_invalid(&out);
    assert_error(&out, "rules/my.toml", line_of(&toml, "150%"), &["150%"]);
}

// ---------------------------------------------------------------------------------------------
// Built-in rubrics

#[test]
fn the_builtin_rubrics_pass_check() {
    let wd = Workdir::new();
    for id in ["gov2022", "grid2023", "community-party"] {
        let out = wd.run(&["check", id]);
        assert_eq!(code(&out), 0, "score check {id}\n{}", describe(&out));
        assert!(!out.stdout.is_empty(), "score check {id} prints an outline");
    }
}

#[test]
fn grid2023_as_published_fails_check_naming_28_and_26() {
    // section (一) says 28 points; its items add up to 26
    let path = crate_root().join("tests/data/grid2023-section-28.toml");
    let path = path.to_str().expect("utf-8 path");
    let wd = Workdir::new();
    let out = wd.run(&["check", path]);
    assert_invalid(&out);
    let errs = errors_for(&stderr(&out), path);
    assert!(
        errs.iter()
            .any(|(_, msg)| msg.contains("28") && msg.contains("26")),
        "{}",
        describe(&out)
    );
}
