//! Points systems: periods and how they combine, bonus and penalty
//! items, item and section caps per period and per year, flags, rule-forced grades, ratings with
//! their places, `min` and `exclude`, and categories from the roster. Every expected figure is
//! worked out by hand beside it.

mod common;

use common::*;
use std::collections::HashMap;
use std::process::Output;

type Row = HashMap<String, String>;

// ---------------------------------------------------------------------------------------------
// Rubrics and the one helper that runs them

/// Rule `a` of item 1.1: one point per occurrence.
const DEDUCT_1: &str = r#"{ id = "a", text = "每次扣1分", deduct = 1 }"#;

/// A rubric of one scored section "1" holding one item 1.1 worth `points` (so `total` is
/// `points`, the full marks of one period), with `rules`; `extra` (periods, grades, ratings,
/// bonus and penalty sections...) is appended as written.
fn rubric(points: u32, rules: &str, extra: &str) -> String {
    format!(
        r#"[rubric]
id = "points"
name = "积分制测试细则"
total = {points}

[[section]]
id = "1"
name = "基础工作"
points = {points}

[[section.item]]
id = "1.1"
name = "日常工作"
points = {points}
rules = [
  {rules},
]
{extra}"#
    )
}

/// The usual 10-point rubric (rule a: 1 point each) with `extra`.
fn ten(extra: &str) -> String {
    rubric(10, DEDUCT_1, extra)
}

/// Two months, summed.
const TWO_MONTHS: &str = r#"
[periods]
labels = ["1月", "2月"]
combine = "sum"
"#;

/// Three months, summed.
const THREE_MONTHS: &str = r#"
[periods]
labels = ["1月", "2月", "3月"]
combine = "sum"
"#;

/// Writes `rubric` (and `roster`, when given) and `findings`, runs
/// `score --rubric rubric.toml [--units units.csv] [--detail] --format csv findings.csv`
/// and returns the rows.
fn score(rubric: &str, roster: Option<&str>, findings: &str, detail: bool) -> Vec<Row> {
    let wd = Workdir::new();
    wd.write("rubric.toml", rubric);
    wd.write("findings.csv", findings);
    let mut args = vec!["--rubric", "rubric.toml"];
    if let Some(roster) = roster {
        wd.write("units.csv", roster);
        args.extend_from_slice(&["--units", "units.csv"]);
    }
    if detail {
        args.push("--detail");
    }
    args.push("findings.csv");
    wd.csv(&args)
}

/// `score check rubric.toml` on `toml`.
fn check(toml: &str) -> Output {
    let wd = Workdir::new();
    wd.write("rubric.toml", toml);
    wd.run(&["check", "rubric.toml"])
}

/// The `--detail` rows of `unit` in `period` for `item` (none, when the item is left out).
fn rows_for<'a>(rows: &'a [Row], unit: &str, period: &str, item: &str) -> Vec<&'a Row> {
    rows.iter()
        .filter(|r| r["unit"] == unit && r["period"] == period && r["item"] == item)
        .collect()
}

/// The one `--detail` row of `unit` in `period` for `item`.
fn row_for<'a>(rows: &'a [Row], unit: &str, period: &str, item: &str) -> &'a Row {
    let found = rows_for(rows, unit, period, item);
    assert_eq!(
        found.len(),
        1,
        "expected one detail row for {unit:?} {period:?} {item:?} in {rows:#?}"
    );
    found[0]
}

/// What the detail rows of `unit` in `period` change against full marks: the sum of
/// `score - points` (a scored item: minus its deduction; a bonus, penalty or cap row: its score).
/// In millionths, as `decimal` gives them. Full marks plus this is the period's total.
fn change(rows: &[Row], unit: &str, period: &str) -> i128 {
    rows.iter()
        .filter(|r| r["unit"] == unit && r["period"] == period)
        .map(|r| decimal(&r["score"]) - decimal(&r["points"]))
        .sum()
}

/// `n` points in millionths, to compare with `decimal`.
fn pts(n: i128) -> i128 {
    n * 1_000_000
}

/// The ten units of the rating tests, in order of first appearance.
const TEN_UNITS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];

/// Findings giving each unit of `units` rule a of 1.1 found `counts[i]` times (0 declares it).
fn counts(units: &[&str], counts: &[u32]) -> String {
    assert_eq!(units.len(), counts.len());
    let mut csv = String::from("unit,item,rule,count\n");
    for (unit, n) in units.iter().zip(counts) {
        csv.push_str(&format!("{unit},1.1,a,{n}\n"));
    }
    csv
}

// ---------------------------------------------------------------------------------------------
// 1. A section cap per period

/// Section "2": two bonus items (2.1 adds 3, 2.2 adds 4), together at most 5 a month.
const MONTHLY_BONUS: &str = r#"
[[section]]
id = "2"
name = "加分项目"
cap = 5

[[section.item]]
id = "2.1"
name = "获得表彰"
type = "bonus"
rules = [ { id = "a", text = "获市级表彰的,每次加3分", add = 3 } ]

[[section.item]]
id = "2.2"
name = "经验推广"
type = "bonus"
rules = [ { id = "a", text = "经验被推广的,每次加4分", add = 4 } ]
"#;

const MONTHLY_BONUS_FINDINGS: &str = "unit,period,item,rule,count\n\
    甲,1月,2.1,a,1\n\
    甲,1月,2.2,a,1\n\
    甲,2月,2.2,a,1\n";

#[test]
fn a_monthly_section_cap_binds_in_one_month_and_not_in_the_other() {
    let rubric = ten(&format!("{TWO_MONTHS}{MONTHLY_BONUS}"));
    let rows = score(&rubric, None, MONTHLY_BONUS_FINDINGS, false);
    let r = unit_row(&rows, "甲");
    // 1月: base 10, bonus 3 + 4 = 7 > cap 5 -> +5 -> 15
    // 2月: base 10, bonus 4 <= 5 -> +4 -> 14
    // year (sum): 15 + 14 = 29
    assert_eq!(pick(r, &["1月", "2月", "total"]), ["15", "14", "29"]);
    // sections summed over the months like the total: "1" 10 + 10 = 20; "2" 5 + 4 = 9
    assert_eq!(pick(r, &["1", "2"]), ["20", "9"]);
}

#[test]
fn a_monthly_section_cap_shows_as_its_own_detail_row() {
    let rubric = ten(&format!("{TWO_MONTHS}{MONTHLY_BONUS}"));
    let rows = score(&rubric, None, MONTHLY_BONUS_FINDINGS, true);
    // 1月: 2.1 adds 3 (deducted -3), 2.2 adds 4 (deducted -4), both within their own items
    let r = row_for(&rows, "甲", "1月", "2.1");
    assert_eq!(
        pick(r, &["points", "deducted", "score", "capped"]),
        ["0", "-3", "3", "false"]
    );
    let r = row_for(&rows, "甲", "1月", "2.2");
    assert_eq!(
        pick(r, &["points", "deducted", "score", "capped"]),
        ["0", "-4", "4", "false"]
    );
    // the section cap cuts 7 - 5 = 2: a row of its own taking 2 back
    let r = row_for(&rows, "甲", "1月", "2 cap");
    assert_eq!(
        pick(r, &["points", "score", "capped", "absorbed"]),
        ["0", "-2", "true", "2"]
    );
    // 2月: 2.2 adds 4, under the cap: no cap row
    let r = row_for(&rows, "甲", "2月", "2.2");
    assert_eq!(pick(r, &["deducted", "score"]), ["-4", "4"]);
    assert!(
        rows_for(&rows, "甲", "2月", "2 cap").is_empty(),
        "{rows:#?}"
    );
    // the detail reconciles with the months: 10 + 3 + 4 - 2 = 15; 10 + 4 = 14
    assert_eq!(pts(10) + change(&rows, "甲", "1月"), pts(15));
    assert_eq!(pts(10) + change(&rows, "甲", "2月"), pts(14));
}

// ---------------------------------------------------------------------------------------------
// 2. A section cap per year

/// Section "2": one bonus item 2.1 adding 10 each time, at most 50 a year.
const YEARLY_BONUS: &str = r#"
[[section]]
id = "2"
name = "加分项目"
cap = 50
cap_per = "year"

[[section.item]]
id = "2.1"
name = "获得表彰"
type = "bonus"
rules = [ { id = "a", text = "每次加10分,每年最高不超过50分", add = 10 } ]
"#;

const YEARLY_BONUS_FINDINGS: &str = "unit,period,item,rule,count\n\
    甲,1月,2.1,a,3\n\
    甲,3月,2.1,a,3\n\
    乙,1月,2.1,a,2\n";

#[test]
fn a_yearly_section_cap_is_credited_to_the_last_period() {
    let rubric = ten(&format!("{THREE_MONTHS}{YEARLY_BONUS}"));
    let rows = score(&rubric, None, YEARLY_BONUS_FINDINGS, false);
    // 甲: 3 x 10 = 30 in 1月 and 30 in 3月: 60 a year > 50 -> +50, all in 3月
    // 1月 10, 2月 10, 3月 10 + 50 = 60; year 10 + 10 + 60 = 80
    let r = unit_row(&rows, "甲");
    assert_eq!(
        pick(r, &["1月", "2月", "3月", "total"]),
        ["10", "10", "60", "80"]
    );
    // section "2" over the year: 50
    assert_eq!(r["2"], "50");
    // 乙: 2 x 10 = 20 in 1月, under the cap, still credited to 3月: 10, 10, 30; year 50
    let r = unit_row(&rows, "乙");
    assert_eq!(
        pick(r, &["1月", "2月", "3月", "total"]),
        ["10", "10", "30", "50"]
    );
}

#[test]
fn a_yearly_capped_section_shows_only_in_the_last_periods_detail() {
    let rubric = ten(&format!("{THREE_MONTHS}{YEARLY_BONUS}"));
    let rows = score(&rubric, None, YEARLY_BONUS_FINDINGS, true);
    // no bonus rows in 1月 or 2月, though 甲 was found in 1月
    for month in ["1月", "2月"] {
        assert!(rows_for(&rows, "甲", month, "2.1").is_empty(), "{rows:#?}");
        assert!(
            rows_for(&rows, "甲", month, "2 cap").is_empty(),
            "{rows:#?}"
        );
    }
    // 3月 has the whole year: 6 x 10 = 60 added, then the cap takes back 60 - 50 = 10
    let r = row_for(&rows, "甲", "3月", "2.1");
    assert_eq!(
        pick(r, &["points", "deducted", "score"]),
        ["0", "-60", "60"]
    );
    let r = row_for(&rows, "甲", "3月", "2 cap");
    assert_eq!(
        pick(r, &["points", "score", "capped", "absorbed"]),
        ["0", "-10", "true", "10"]
    );
    // reconciles: 1月 10 + 0, 2月 10 + 0, 3月 10 + 60 - 10 = 60
    assert_eq!(pts(10) + change(&rows, "甲", "1月"), pts(10));
    assert_eq!(pts(10) + change(&rows, "甲", "2月"), pts(10));
    assert_eq!(pts(10) + change(&rows, "甲", "3月"), pts(60));
    // 乙's 1月 finding is shown in 3月 too: 2 x 10 = 20, uncapped
    assert!(rows_for(&rows, "乙", "1月", "2.1").is_empty(), "{rows:#?}");
    let r = row_for(&rows, "乙", "3月", "2.1");
    assert_eq!(pick(r, &["deducted", "score"]), ["-20", "20"]);
}

// ---------------------------------------------------------------------------------------------
// 3. An item cap per year

#[test]
fn a_yearly_item_cap_counts_the_whole_year_in_the_last_period() {
    let bonus = r#"
[[section]]
id = "2"
name = "加分项目"

[[section.item]]
id = "2.1"
name = "获得表彰"
type = "bonus"
cap = 20
cap_per = "year"
rules = [ { id = "a", text = "获省级表彰的,加20分/年", add = 20 } ]
"#;
    let rubric = ten(&format!("{TWO_MONTHS}{bonus}"));
    let findings = "unit,period,item,rule,count\n甲,1月,2.1,a,1\n甲,2月,2.1,a,1\n";
    // 20 in 1月 + 20 in 2月 = 40 a year > 20 -> +20, in 2月
    // 1月 10, 2月 10 + 20 = 30; year 10 + 30 = 40
    let rows = score(&rubric, None, findings, false);
    let r = unit_row(&rows, "甲");
    assert_eq!(pick(r, &["1月", "2月", "total"]), ["10", "30", "40"]);

    let rows = score(&rubric, None, findings, true);
    assert!(rows_for(&rows, "甲", "1月", "2.1").is_empty(), "{rows:#?}");
    // 40 found, 20 added: deducted -20, score 20, the cap swallowed 40 - 20 = 20
    let r = row_for(&rows, "甲", "2月", "2.1");
    assert_eq!(
        pick(r, &["points", "deducted", "score", "capped", "absorbed"]),
        ["0", "-20", "20", "true", "20"]
    );
    assert_eq!(pts(10) + change(&rows, "甲", "2月"), pts(30));
}

// ---------------------------------------------------------------------------------------------
// 4. Penalty items

#[test]
fn penalty_items_deduct_per_occurrence_without_an_item_cap() {
    let penalty = r#"
[[section]]
id = "2"
name = "扣分项目"

[[section.item]]
id = "2.1"
name = "安全事故"
type = "penalty"
rules = [ { id = "a", text = "发生安全事故的,每次扣5分", deduct = 5 } ]
"#;
    let rubric = ten(penalty);
    let findings = "unit,item,rule,count,points,note\n\
        甲,2.1,a,2,,\n\
        乙,2.1,a,3,,\n\
        丙,2.1,,,2.5,直接扣分\n";
    let rows = score(&rubric, None, findings, false);
    // 甲: 10 - 2 x 5 = 0
    assert_eq!(unit_row(&rows, "甲")["total"], "0");
    // 乙: 10 - 3 x 5 = -5: a penalty is not held to the item's (absent) points, so below 0
    assert_eq!(unit_row(&rows, "乙")["total"], "-5");
    // 丙: a direct points row on a penalty item deducts it: 10 - 2.5 = 7.5
    assert_eq!(unit_row(&rows, "丙")["total"], "7.5");

    let rows = score(&rubric, None, findings, true);
    // penalty rows: points 0, deducted what was taken, score minus it; 3 x 5 = 15
    let r = detail_row(&rows, "乙", "2.1");
    assert_eq!(
        pick(r, &["points", "deducted", "score", "capped"]),
        ["0", "15", "-15", "false"]
    );
    let r = detail_row(&rows, "甲", "2.1");
    assert_eq!(pick(r, &["deducted", "score"]), ["10", "-10"]);
}

#[test]
fn a_penalty_item_cap_per_period_binds_in_one_month_only() {
    let penalty = r#"
[[section]]
id = "2"
name = "扣分项目"

[[section.item]]
id = "2.1"
name = "信访问题"
type = "penalty"
cap = 4
rules = [ { id = "a", text = "每次扣3分,每月最多扣4分", deduct = 3 } ]
"#;
    let rubric = ten(&format!("{TWO_MONTHS}{penalty}"));
    let findings = "unit,period,item,rule,count\n甲,1月,2.1,a,2\n甲,2月,2.1,a,1\n";
    // 1月: 2 x 3 = 6 > cap 4 -> 10 - 4 = 6; 2月: 3 <= 4 -> 10 - 3 = 7; year 6 + 7 = 13
    let rows = score(&rubric, None, findings, false);
    let r = unit_row(&rows, "甲");
    assert_eq!(pick(r, &["1月", "2月", "total"]), ["6", "7", "13"]);

    let rows = score(&rubric, None, findings, true);
    // 1月: 4 deducted, the cap swallowed 6 - 4 = 2
    let r = row_for(&rows, "甲", "1月", "2.1");
    assert_eq!(
        pick(r, &["points", "deducted", "score", "capped", "absorbed"]),
        ["0", "4", "-4", "true", "2"]
    );
    let r = row_for(&rows, "甲", "2月", "2.1");
    assert_eq!(
        pick(r, &["deducted", "score", "capped"]),
        ["3", "-3", "false"]
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Flags, and a rating that excludes them

/// 1.1's rules: a (1 point each), f flags 不参与兑换, g flags 通报批评 (neither deducts).
const FLAG_RULES: &str = r#"{ id = "a", text = "每次扣1分", deduct = 1 },
  { id = "f", text = "违反村规民约的,只积分,不参与兑换", flag = "不参与兑换" },
  { id = "g", text = "被通报批评的", flag = "通报批评" }"#;

const EXCLUDING_RATING: &str = r#"
[[rating]]
name = "示范户"
top = 0.10
exclude = ["不参与兑换"]
"#;

/// 甲 0, 乙 1, ... 癸 9 points lost: totals 10, 9, ..., 1, ranks 1 to 10.
const ONE_APART: [u32; 10] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

#[test]
fn a_flag_marks_the_unit_and_changes_no_score() {
    let rubric = rubric(10, FLAG_RULES, EXCLUDING_RATING);
    let mut findings = counts(&TEN_UNITS, &ONE_APART);
    findings.push_str("甲,1.1,f,1\n乙,1.1,f,1\n乙,1.1,g,2\n丙,1.1,f,0\n");
    let rows = score(&rubric, None, &findings, false);
    // 甲 10 - 0 = 10, flagged, still rank 1
    let r = unit_row(&rows, "甲");
    assert_eq!(
        pick(r, &["total", "rank", "flags"]),
        ["10", "1", "不参与兑换"]
    );
    // 乙: both flags, in the rubric's order, joined with ";"; 10 - 1 = 9
    let r = unit_row(&rows, "乙");
    assert_eq!(pick(r, &["total", "flags"]), ["9", "不参与兑换;通报批评"]);
    // 丙: found 0 times sets no flag
    assert_eq!(unit_row(&rows, "丙")["flags"], "");
}

#[test]
fn an_excluded_unit_keeps_its_rank_and_its_place_is_not_passed_on() {
    let rubric = rubric(10, FLAG_RULES, EXCLUDING_RATING);
    let mut findings = counts(&TEN_UNITS, &ONE_APART);
    findings.push_str("甲,1.1,f,1\n");
    let rows = score(&rubric, None, &findings, false);
    // places: 0.10 x 10 = 1. 甲 (rank 1) carries 不参与兑换: no rating;
    // 乙 is rank 2 > 1 place: no rating either. Nobody is rated.
    assert_eq!(unit_row(&rows, "甲")["rank"], "1");
    assert_eq!(unit_row(&rows, "乙")["rank"], "2");
    assert_eq!(column(&rows, "rating"), vec![""; 10]);

    // without the flag, 甲 takes the one place
    let rows = score(&rubric, None, &counts(&TEN_UNITS, &ONE_APART), false);
    assert_eq!(unit_row(&rows, "甲")["rating"], "示范户");
    assert_eq!(unit_row(&rows, "乙")["rating"], "");
}

// ---------------------------------------------------------------------------------------------
// 6–8. Rating places

#[test]
fn places_are_rounded_half_up() {
    let rating = "\n[[rating]]\nname = \"五星\"\ntop = 0.10\n";
    let rubric = rubric(
        10,
        r#"{ id = "a", text = "每次扣0.1分", deduct = 0.1 }"#,
        rating,
    );
    // 村01 .. 村25: 村NN loses (NN - 1) x 0.1: 10, 9.9, 9.8, 9.7, ... 7.6, ranks 1 to 25
    let units: Vec<String> = (1..=25).map(|i| format!("村{i:02}")).collect();
    let names: Vec<&str> = units.iter().map(String::as_str).collect();
    let lost: Vec<u32> = (0..25).collect();
    let rows = score(&rubric, None, &counts(&names, &lost), false);
    // places: 0.10 x 25 = 2.5 -> 3 (half up): ranks 1–3 rated, rank 4 not
    for (unit, total, rank, rating) in [
        ("村01", "10", "1", "五星"),
        ("村02", "9.9", "2", "五星"),
        ("村03", "9.8", "3", "五星"),
        ("村04", "9.7", "4", ""),
    ] {
        let r = unit_row(&rows, unit);
        assert_eq!(pick(r, &["total", "rank", "rating"]), [total, rank, rating]);
    }
    assert_eq!(
        column(&rows, "rating")
            .iter()
            .filter(|r| !r.is_empty())
            .count(),
        3
    );
    // 24 units: 0.10 x 24 = 2.4 -> 2 places: rank 3 is no longer rated
    let rows = score(&rubric, None, &counts(&names[..24], &lost[..24]), false);
    assert_eq!(unit_row(&rows, "村02")["rating"], "五星");
    assert_eq!(unit_row(&rows, "村03")["rating"], "");
}

/// 一等 for the best 20%, 二等 for the best 30%.
const TWO_RATINGS: &str = r#"
[[rating]]
name = "一等"
top = 0.20

[[rating]]
name = "二等"
top = 0.30
"#;

/// 甲 10, 乙 9, 丙 9, 丁 8, 戊 7, ... 癸 2: competition ranks 1, 2, 2, 4, 5, ... 10.
const TIE_AT_TWO: [u32; 10] = [0, 1, 1, 2, 3, 4, 5, 6, 7, 8];

#[test]
fn a_tie_at_the_boundary_rates_every_tied_unit_and_uses_up_the_next_rating() {
    let rows = score(
        &ten(TWO_RATINGS),
        None,
        &counts(&TEN_UNITS, &TIE_AT_TWO),
        false,
    );
    // 一等: 0.20 x 10 = 2 places; ranks 1, 2, 2 are all within 2 -> 甲 乙 丙
    // 二等: 0.30 x 10 = 3 places; ranks 1–3 are taken already, 丁 is rank 4 > 3 -> nobody
    for (unit, total, rank, rating) in [
        ("甲", "10", "1", "一等"),
        ("乙", "9", "2", "一等"),
        ("丙", "9", "2", "一等"),
        ("丁", "8", "4", ""),
        ("戊", "7", "5", ""),
    ] {
        let r = unit_row(&rows, unit);
        assert_eq!(pick(r, &["total", "rank", "rating"]), [total, rank, rating]);
    }
    assert!(!column(&rows, "rating").contains(&"二等".to_string()));
}

#[test]
fn ratings_count_places_by_the_skipping_rank_even_when_ranking_is_dense() {
    let rubric = ten(TWO_RATINGS).replace("total = 10\n", "total = 10\nranking = \"dense\"\n");
    let rows = score(&rubric, None, &counts(&TEN_UNITS, &TIE_AT_TWO), false);
    // dense ranks 1, 2, 2, 3: 丁 shows rank 3, but its competition rank is 4 > 3 places of 二等
    let r = unit_row(&rows, "丁");
    assert_eq!(pick(r, &["rank", "rating"]), ["3", ""]);
    assert_eq!(unit_row(&rows, "丙")["rating"], "一等");
}

#[test]
fn a_unit_below_a_ratings_min_gets_nothing_and_its_place_is_not_passed_on() {
    let ratings = r#"
[[rating]]
name = "五星"
top = 0.10
min = 9.5

[[rating]]
name = "四星"
top = 0.30
"#;
    let rubric = rubric(
        10,
        r#"{ id = "a", text = "每次扣0.1分", deduct = 0.1 }"#,
        ratings,
    );
    // 甲 10 - 6 x 0.1 = 9.4, 乙 9.3, 丙 9.2, 丁 9.1, 戊 9, ... 癸 8.5
    let lost = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    let rows = score(&rubric, None, &counts(&TEN_UNITS, &lost), false);
    // 五星: 0.10 x 10 = 1 place; 甲 (rank 1) 9.4 < 9.5 -> none, and 乙 (rank 2) does not move up
    // 四星: 0.30 x 10 = 3 places: 甲 (not rated yet), 乙, 丙; 丁 is rank 4 > 3 -> none
    for (unit, total, rating) in [
        ("甲", "9.4", "四星"),
        ("乙", "9.3", "四星"),
        ("丙", "9.2", "四星"),
        ("丁", "9.1", ""),
    ] {
        let r = unit_row(&rows, unit);
        assert_eq!(pick(r, &["total", "rating"]), [total, rating]);
    }
    assert!(!column(&rows, "rating").contains(&"五星".to_string()));

    // 甲 at 10 - 5 x 0.1 = 9.5 reaches the min exactly: 五星; 四星 then goes to 乙 and 丙
    let lost = [5, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    let rows = score(&rubric, None, &counts(&TEN_UNITS, &lost), false);
    assert_eq!(
        ["甲", "乙", "丙", "丁"].map(|u| unit_row(&rows, u)["rating"].clone()),
        ["五星", "四星", "四星", ""]
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Combining periods

/// Three stages of a 100-point rubric combined by `combine` (and `weights`).
fn stages(combine: &str) -> String {
    rubric(
        100,
        DEDUCT_1,
        &format!("\n[periods]\nlabels = [\"初评\", \"复评\", \"定评\"]\n{combine}\n"),
    )
}

/// 甲 loses 10, 20, 30: 90, 80, 70. 乙 loses 10, 20, 29: 90, 80, 71.
const STAGE_FINDINGS: &str = "unit,period,item,points,note\n\
    甲,初评,1.1,10,x\n甲,复评,1.1,20,x\n甲,定评,1.1,30,x\n\
    乙,初评,1.1,10,x\n乙,复评,1.1,20,x\n乙,定评,1.1,29,x\n";

#[test]
fn weighted_periods() {
    let rubric = stages("combine = \"weighted\"\nweights = [0.4, 0.3, 0.3]");
    let rows = score(&rubric, None, STAGE_FINDINGS, false);
    // 甲: 0.4 x 90 + 0.3 x 80 + 0.3 x 70 = 36 + 24 + 21 = 81
    let r = unit_row(&rows, "甲");
    assert_eq!(
        pick(r, &["初评", "复评", "定评", "total"]),
        ["90", "80", "70", "81"]
    );
    // 乙: 36 + 24 + 0.3 x 71 = 36 + 24 + 21.3 = 81.3, ahead of 甲
    let r = unit_row(&rows, "乙");
    assert_eq!(pick(r, &["total", "rank"]), ["81.3", "1"]);
    assert_eq!(unit_row(&rows, "甲")["rank"], "2");
}

#[test]
fn last_period_only() {
    let rows = score(&stages("combine = \"last\""), None, STAGE_FINDINGS, false);
    // 甲: 90, 80, 70 -> 70; 乙: 90, 80, 71 -> 71
    assert_eq!(unit_row(&rows, "甲")["total"], "70");
    assert_eq!(unit_row(&rows, "乙")["total"], "71");
}

#[test]
fn mean_of_the_periods_rounded_once() {
    let rows = score(&stages("combine = \"mean\""), None, STAGE_FINDINGS, false);
    // 甲: (90 + 80 + 70) / 3 = 240 / 3 = 80
    assert_eq!(unit_row(&rows, "甲")["total"], "80");
    // 乙: (90 + 80 + 71) / 3 = 241 / 3 = 80.333… -> 80.33 (precision 2)
    assert_eq!(unit_row(&rows, "乙")["total"], "80.33");
}

// ---------------------------------------------------------------------------------------------
// 10. A rule that forces a grade

#[test]
fn a_veto_rule_forces_its_grade_whatever_the_total() {
    let rules = r#"{ id = "a", text = "每次扣1分", deduct = 1 },
  { id = "v", text = "发生重大安全事故的,一票否决", grade = "差" }"#;
    let grades = r#"
[[grade]]
name = "优秀"
min = 90

[[grade]]
name = "良好"
min = 80

[[grade]]
name = "差"
"#;
    let findings = "unit,item,rule,count\n甲,1.1,a,5\n甲,1.1,v,1\n乙,1.1,a,5\n乙,1.1,v,0\n";
    let rows = score(&rubric(100, rules, grades), None, findings, false);
    // 甲: 100 - 5 = 95 would be 优秀, but the veto was found once -> 差
    assert_eq!(
        pick(unit_row(&rows, "甲"), &["total", "grade"]),
        ["95", "差"]
    );
    // 乙: 95, the veto found 0 times forces nothing -> 优秀
    assert_eq!(
        pick(unit_row(&rows, "乙"), &["total", "grade"]),
        ["95", "优秀"]
    );
}

// ---------------------------------------------------------------------------------------------
// 11. Categories

#[test]
fn a_roster_category_column_ranks_within_each_category() {
    let roster = "unit,category\nA1,一档\nA2,一档\nB1,二档\nB2,二档\n";
    // A1 no findings: 10; A2 10 - 1 = 9; B1 10 - 3 = 7; B2 10 - 4 = 6
    let findings = "unit,item,rule,count\nA2,1.1,a,1\nB1,1.1,a,3\nB2,1.1,a,4\n";
    let rows = score(&ten(""), Some(roster), findings, false);
    for (unit, category, total, rank) in [
        ("A1", "一档", "10", "1"),
        ("A2", "一档", "9", "2"),
        // 7 is below both 一档 units, yet first in its own category
        ("B1", "二档", "7", "1"),
        ("B2", "二档", "6", "2"),
    ] {
        let r = unit_row(&rows, unit);
        assert_eq!(
            pick(r, &["category", "total", "rank"]),
            [category, total, rank]
        );
    }
}

#[test]
fn a_category_from_a_roster_attribute_by_bands() {
    let category = r#"
[category]
by = "households"
bands = [ { name = "一类", min = 100 }, { name = "二类", min = 50 }, { name = "三类", min = 20 }, { name = "四类" } ]
"#;
    let roster = "unit,households\n一村,100\n二村,99\n三村,50\n四村,20\n五村,19\n";
    // 三村 10 - 1 = 9, the rest 10
    let findings = "unit,item,rule,count\n三村,1.1,a,1\n";
    let rows = score(&ten(category), Some(roster), findings, false);
    // 100 >= 100 一类; 99 >= 50 二类; 50 >= 50 二类 (min is inclusive); 20 三类; 19 < 20 四类.
    // Ranks within each: 二类 has 二村 10 (1) and 三村 9 (2); the others are alone (1).
    for (unit, category, rank) in [
        ("一村", "一类", "1"),
        ("二村", "二类", "1"),
        ("三村", "二类", "2"),
        ("四村", "三类", "1"),
        ("五村", "四类", "1"),
    ] {
        let r = unit_row(&rows, unit);
        assert_eq!(pick(r, &["category", "rank"]), [category, rank]);
    }
}

// ---------------------------------------------------------------------------------------------
// 12. Period errors in the findings

#[test]
fn rows_with_an_item_need_a_declared_period() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &ten(TWO_MONTHS));
    wd.write(
        "findings.csv",
        "unit,period,item,rule,count\n\
         甲,1月,1.1,a,1\n\
         乙,,1.1,a,1\n\
         丙,,,,\n\
         丁,3月,1.1,a,1\n",
    );
    let out = wd.run(&["--rubric", "rubric.toml", "findings.csv"]);
    assert_invalid(&out);
    let errs = errors_for(&stderr(&out), "findings.csv");
    // line 3: an item without a period
    assert!(errs.iter().any(|(l, _)| *l == 3), "{}", describe(&out));
    // line 4 only declares a unit: no period needed
    assert!(!errs.iter().any(|(l, _)| *l == 4), "{}", describe(&out));
    // line 5: 3月 is not one of the rubric's periods, and the error says which
    assert_error(&out, "findings.csv", 5, &["3月"]);
}

// ---------------------------------------------------------------------------------------------
// 13. Rubric validation of the new keys

/// Asserts exit 1 and an error `rubric.toml:N:` with N one of `lines`, whose message contains
/// at least one of `words`.
fn assert_rejected(out: &Output, lines: &[usize], words: &[&str]) {
    assert_invalid(out);
    let errs = errors_for(&stderr(out), "rubric.toml");
    assert!(
        errs.iter()
            .any(|(l, msg)| lines.contains(l) && words.iter().any(|w| msg.contains(w))),
        "expected an error rubric.toml:{lines:?}: containing one of {words:?}\n{}",
        describe(out)
    );
}

#[test]
fn the_points_rubrics_used_here_pass_check() {
    // the valid counterparts of the rubrics rejected below
    for toml in [
        ten(&format!("{THREE_MONTHS}{YEARLY_BONUS}")),
        ten(&format!("{TWO_MONTHS}{MONTHLY_BONUS}")),
        rubric(10, FLAG_RULES, EXCLUDING_RATING),
        stages("combine = \"weighted\"\nweights = [0.4, 0.3, 0.3]"),
    ] {
        let out = check(&toml);
        assert_eq!(code(&out), 0, "{toml}\n{}", describe(&out));
    }
}

#[test]
fn a_yearly_cap_needs_combine_sum() {
    let toml = ten(&format!("{THREE_MONTHS}{YEARLY_BONUS}"))
        .replace("combine = \"sum\"", "combine = \"mean\"");
    let lines = [
        line_of(&toml, "cap_per = \"year\""),
        line_of(&toml, "combine = \"mean\""),
    ];
    assert_rejected(&check(&toml), &lines, &["cap_per", "combine"]);
}

#[test]
fn weights_must_add_up_to_1() {
    // 0.4 + 0.3 + 0.2 = 0.9
    let toml = stages("combine = \"weighted\"\nweights = [0.4, 0.3, 0.2]");
    let lines = [line_of(&toml, "weights =")];
    assert_rejected(&check(&toml), &lines, &["weights"]);
}

#[test]
fn a_rating_cannot_exclude_a_flag_no_rule_sets() {
    // DEDUCT_1 sets no flag
    let toml = ten(EXCLUDING_RATING);
    let lines = [line_of(&toml, "exclude =")];
    assert_rejected(&check(&toml), &lines, &["不参与兑换"]);
}

#[test]
fn a_bonus_rule_cannot_deduct() {
    let toml = ten(MONTHLY_BONUS).replace("add = 3", "deduct = 3");
    let lines = [
        line_of(&toml, "deduct = 3"),
        line_of(&toml, "type = \"bonus\""),
    ];
    assert_rejected(&check(&toml), &lines, &["deduct", "add", "bonus"]);
}

#[test]
fn a_bonus_rule_cannot_add_a_percentage() {
    // a bonus item has no points to take a percentage of
    let toml = ten(MONTHLY_BONUS).replace("add = 3", "add = \"30%\"");
    let lines = [line_of(&toml, "add = \"30%\"")];
    assert_rejected(&check(&toml), &lines, &["%", "add"]);
}

// ---------------------------------------------------------------------------------------------
// 14. The built-in points rubrics

#[test]
fn the_builtin_points_rubrics_pass_check() {
    for id in ["village-points", "village-stars", "settlement-stars"] {
        let path = crate_root().join("rubrics").join(format!("{id}.toml"));
        assert!(path.exists(), "rubrics/{id}.toml is not written yet");
        let wd = Workdir::new();
        // by its file, and as a built-in by id from a folder that holds no rubric
        for arg in [path.to_str().expect("utf-8 path"), id] {
            let out = wd.run(&["check", arg]);
            assert_eq!(code(&out), 0, "score check {arg}\n{}", describe(&out));
        }
    }
}

/// JSON names each section and item, and gives a section cap as the section's own `caps`,
/// not as an entry among its items.
#[test]
fn json_names_sections_and_items_and_gives_a_section_cap_its_own_place() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &ten(&format!("{TWO_MONTHS}{MONTHLY_BONUS}")));
    wd.write("findings.csv", MONTHLY_BONUS_FINDINGS);
    let out = wd.run(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "json",
        "findings.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let jan = &doc["units"][0]["periods"][0];
    assert_eq!(jan["period"], "1月");
    let bonus = &jan["sections"][1];
    assert_eq!(
        (bonus["id"].as_str(), bonus["name"].as_str()),
        (Some("2"), Some("加分项目"))
    );
    // 1月: 2.1 adds 3, 2.2 adds 4: two items, and the cap cuts 3 + 4 - 5 = 2 on the bonuses.
    let items = bonus["items"].as_array().expect("items");
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    assert_eq!(names, ["获得表彰", "经验推广"]);
    assert_eq!(bonus["caps"][0]["on"], "bonus");
    assert_eq!(bonus["caps"][0]["cut"].to_string(), "2");
    assert_eq!(bonus["caps"][0]["effect"].to_string(), "-2");
    // 2月: 2.2 adds 4, under the cap: no caps at all.
    let feb = &doc["units"][0]["periods"][1]["sections"][1];
    assert!(feb.get("caps").is_none(), "{feb}");
    assert_eq!(doc["units"][0]["sections"][0]["name"], "基础工作");
    assert_eq!(doc["units"][0]["sections"][0]["points"].to_string(), "10");
}

/// In the Markdown (and terminal) detail a bonus reads as an addition and a cap as 是, with a
/// section cap explained in Chinese; CSV keeps its signed column and true/false for scripts.
#[test]
fn markdown_detail_shows_a_bonus_as_an_addition() {
    let wd = Workdir::new();
    wd.write("rubric.toml", &ten(&format!("{TWO_MONTHS}{MONTHLY_BONUS}")));
    wd.write("findings.csv", MONTHLY_BONUS_FINDINGS);
    let md = wd.run_ok(&[
        "--rubric",
        "rubric.toml",
        "--format",
        "md",
        "--detail",
        "findings.csv",
    ]);
    let cells = |line: &str| -> Vec<String> {
        line.trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect()
    };
    let rows: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with("| 甲"))
        .map(cells)
        .collect();
    let header = cells(md.lines().next().unwrap_or(""));
    assert_eq!(header[4], "扣分/加分");
    let row = |period: &str, item: &str| {
        rows.iter()
            .find(|r| r[1] == period && r[2] == item)
            .unwrap_or_else(|| panic!("no row {period} {item} in\n{md}"))
            .clone()
    };
    // 1月: 2.1 adds 3 and 2.2 adds 4 (shown +3, +4, not capped on their own); the section cap
    // takes back 3 + 4 - 5 = 2: shown as 2 off, 是, with the reason in Chinese.
    assert_eq!(row("1月", "2.1")[3..7], ["0", "+3", "3", "否"]);
    assert_eq!(row("1月", "2.2")[3..7], ["0", "+4", "4", "否"]);
    let cap = row("1月", "2 cap");
    assert_eq!(cap[3..8], ["0", "2", "-2", "是", "2"]);
    assert_eq!(cap[8], "分项 2 加分每期封顶 5 分");
    // The CSV detail of the same run: signed, true/false, English reason.
    let csv = score(
        &ten(&format!("{TWO_MONTHS}{MONTHLY_BONUS}")),
        None,
        MONTHLY_BONUS_FINDINGS,
        true,
    );
    let r = row_for(&csv, "甲", "1月", "2.1");
    assert_eq!(pick(r, &["deducted", "capped"]), ["-3", "false"]);
}
