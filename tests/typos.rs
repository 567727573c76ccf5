//! Without a roster, unit names one character apart raise a warning that
//! names both and suggests --units; the results do not change.

mod common;

use common::*;

const RUBRIC: &str = r#"
[rubric]
id = "typo"
name = "错字测试"
total = 10

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 10
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

// 城关真 is a typo of 城关镇: without a roster it is a unit of its own.
const FINDINGS: &str = "unit,item,rule,count\n城关镇,1.1,a,1\n永昌镇,1.1,a,1\n城关真,1.1,a,2\n";

#[test]
fn names_one_character_apart_are_warned_about() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write("f.csv", FINDINGS);
    let out = wd.run(&["--rubric", "r.toml", "-f", "csv", "f.csv"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(
        stderr(&out),
        "warning: units \"城关镇\" and \"城关真\" differ by one character: a typo? Give --units ROSTER to check unit names\n"
    );
    // Results unchanged: three units; 城关镇 10 - 1 = 9, 永昌镇 9, 城关真 10 - 2 = 8.
    let rows = csv_rows(&stdout(&out));
    let totals: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["unit"].as_str(), r["total"].as_str()))
        .collect();
    assert_eq!(totals, [("城关镇", "9"), ("永昌镇", "9"), ("城关真", "8")]);
}

#[test]
fn quiet_or_a_roster_silences_it() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write("f.csv", FINDINGS);
    let out = wd.run(&["--rubric", "r.toml", "-q", "f.csv"]);
    assert_eq!((code(&out), stderr(&out).as_str()), (0, ""));
    // With a roster, 城关真 is an unknown unit: an error, not a warning.
    wd.write("u.csv", "unit\n城关镇\n永昌镇\n");
    let out = wd.run(&["--rubric", "r.toml", "--units", "u.csv", "f.csv"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(!stderr(&out).contains("warning"), "{}", describe(&out));
}

#[test]
fn many_pairs_are_counted_past_twenty() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    // 第01组张三 … 第25组张三 and 第01组李四 … 第25组李四. 张三 and 李四 are two
    // characters apart, so pairs form within each suffix, between group
    // numbers that differ in one digit:
    //   same tens digit: 01-09 C(9,2) = 36, 10-19 C(10,2) = 45, 20-25 C(6,2) = 15 -> 96
    //   same units digit: x0 {10,20} 1; x1-x5 {0x,1x,2x} 3 each = 15; x6-x9 {0x,1x} 1 each = 4 -> 20
    // 116 pairs a suffix, 232 in all: 20 shown, 212 counted.
    let rows: String = (1..=25)
        .map(|i| format!("第{i:02}组张三,1.1,a,1\n第{i:02}组李四,1.1,a,1\n"))
        .collect();
    wd.write("f.csv", &format!("unit,item,rule,count\n{rows}"));
    let out = wd.run(&["--rubric", "r.toml", "-f", "csv", "f.csv"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 21, "{err}");
    assert_eq!(
        err.lines().last(),
        Some("warning: and 212 more pairs of units one character apart"),
        "{err}"
    );
}
