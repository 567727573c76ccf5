//! Invariants over random findings on one fixed rubric (each case runs the binary, so the case
//! counts are small): totals stay within their bounds, reconcile with the detail rows, never go
//! up when a finding is added, do not depend on row order, and ranks follow totals.

mod common;

use common::*;
use proptest::prelude::*;
use std::collections::HashMap;

/// 20 points; 乡镇 start full, 部门 start zero. `precision = 6` so that totals are shown exactly
/// (every deduction below has at most two decimals) and can be reconciled to the last digit.
///
/// 1.1 (8): a 30% = 2.4 each; b 2 each, at most 4; c all.
/// 1.2 (4): a 1 each; b 25% = 1 each, at most 50% = 2.
/// 2.1 (8): a 3 each; b 10% = 0.8 each.
const RUBRIC: &str = r#"
[rubric]
id = "prop"
name = "性质测试"
total = 20
precision = 6

[[kind]]
name = "乡镇"
start = "full"

[[kind]]
name = "部门"
start = "zero"

[[section]]
id = "1"
name = "基础工作"
points = 12

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [
  { id = "a", text = "每项扣30%", deduct = "30%" },
  { id = "b", text = "每次扣2分,最多扣4分", deduct = 2, max = 4 },
  { id = "c", text = "弄虚作假的,不得分", deduct = "all" },
]

[[section.item]]
id = "1.2"
name = "台账管理"
points = 4
rules = [
  { id = "a", text = "每次扣1分", deduct = 1 },
  { id = "b", text = "每次扣25%,最多扣50%", deduct = "25%", max = "50%" },
]

[[section]]
id = "2"
name = "宣传工作"
points = 8

[[section.item]]
id = "2.1"
name = "信息报送"
points = 8
rules = [
  { id = "a", text = "每次扣3分", deduct = 3 },
  { id = "b", text = "每次扣10%", deduct = "10%" },
]
"#;

const FULL: i128 = 20_000_000; // 20 in millionths (see `decimal`)

const UNITS: [(&str, &str); 5] = [
    ("甲镇", "乡镇"),
    ("乙镇", "乡镇"),
    ("丙镇", "乡镇"),
    ("一局", "部门"),
    ("二局", "部门"),
];

const RULES: [(&str, &str); 7] = [
    ("1.1", "a"),
    ("1.1", "b"),
    ("1.1", "c"),
    ("1.2", "a"),
    ("1.2", "b"),
    ("2.1", "a"),
    ("2.1", "b"),
];

const ITEMS: [&str; 3] = ["1.1", "1.2", "2.1"];
const POINTS: [&str; 4] = ["0.5", "1", "2.25", "9"];

/// One findings row.
#[derive(Clone, Debug)]
enum Finding {
    /// unit, rule (index into RULES), count
    Rule(usize, usize, u32),
    /// unit, item (index into ITEMS), direct points (index into POINTS)
    Points(usize, usize, usize),
}

fn finding() -> impl Strategy<Value = Finding> {
    prop_oneof![
        4 => (0..UNITS.len(), 0..RULES.len(), 0u32..5).prop_map(|(u, r, c)| Finding::Rule(u, r, c)),
        1 => (0..UNITS.len(), 0..ITEMS.len(), 0..POINTS.len())
            .prop_map(|(u, i, p)| Finding::Points(u, i, p)),
    ]
}

fn findings_csv(findings: &[Finding]) -> String {
    let mut csv = String::from("unit,item,rule,count,points,note\n");
    for f in findings {
        match *f {
            Finding::Rule(u, r, c) => csv.push_str(&format!(
                "{},{},{},{},,\n",
                UNITS[u].0, RULES[r].0, RULES[r].1, c
            )),
            Finding::Points(u, i, p) => csv.push_str(&format!(
                "{},{},,,{},直接扣分\n",
                UNITS[u].0, ITEMS[i], POINTS[p]
            )),
        }
    }
    csv
}

type Rows = Vec<HashMap<String, String>>;

/// Scores `findings` with the roster; returns (unit rows, detail rows).
fn score(findings: &[Finding], detail: bool) -> (Rows, Rows) {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    let mut roster = String::from("unit,kind\n");
    for (unit, kind) in UNITS {
        roster.push_str(&format!("{unit},{kind}\n"));
    }
    wd.write("units.csv", &roster);
    wd.write("findings.csv", &findings_csv(findings));
    let args = [
        "--rubric",
        "rubric.toml",
        "--units",
        "units.csv",
        "findings.csv",
    ];
    let rows = wd.csv(&args);
    let detail_rows = if detail {
        let mut with_detail = args.to_vec();
        with_detail.push("--detail");
        wd.csv(&with_detail)
    } else {
        Vec::new()
    };
    (rows, detail_rows)
}

/// Each unit's total, exactly, in millionths.
fn totals(rows: &Rows) -> HashMap<String, i128> {
    rows.iter()
        .map(|r| (r["unit"].clone(), decimal(&r["total"])))
        .collect()
}

fn kind_of(unit: &str) -> &'static str {
    UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .expect("a roster unit")
        .1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn totals_stay_in_bounds_and_reconcile_with_the_detail_rows(
        findings in prop::collection::vec(finding(), 0..12)
    ) {
        let (rows, detail) = score(&findings, true);
        prop_assert_eq!(rows.len(), UNITS.len());

        for row in &rows {
            let unit = &row["unit"];
            let total = decimal(&row["total"]);
            let mine: Vec<_> = detail.iter().filter(|d| &d["unit"] == unit).collect();
            // every unit has a row for every item (all items apply to both kinds)
            prop_assert_eq!(mine.len(), ITEMS.len(), "detail rows of {}", unit);

            let mut deducted_sum = 0;
            for d in &mine {
                let (points, deducted, score) =
                    (decimal(&d["points"]), decimal(&d["deducted"]), decimal(&d["score"]));
                let absorbed = decimal(&d["absorbed"]);
                // an item's deduction stays within its points, and score = points - deducted
                prop_assert!(0 <= deducted && deducted <= points, "{:?}", d);
                prop_assert_eq!(score, points - deducted, "{:?}", d);
                // capped exactly when the cap swallowed something
                prop_assert_eq!(d["capped"] == "true", absorbed > 0, "{:?}", d);
                prop_assert!(absorbed >= 0, "{:?}", d);
                deducted_sum += deducted;
            }

            match kind_of(unit) {
                // full start: total = 20 - sum of deductions, within [0, 20]
                "乡镇" => {
                    prop_assert!((0..=FULL).contains(&total), "{:?}", row);
                    prop_assert_eq!(total, FULL - deducted_sum, "{:?}", row);
                    // sections add up to the total (exact at precision 6)
                    prop_assert_eq!(decimal(&row["1"]) + decimal(&row["2"]), total, "{:?}", row);
                }
                // zero start: total = -(sum of deductions), within [-20, 0]
                _ => {
                    prop_assert!((-FULL..=0).contains(&total), "{:?}", row);
                    prop_assert_eq!(total, -deducted_sum, "{:?}", row);
                }
            }
        }
    }

    #[test]
    fn ranks_follow_totals_within_each_kind(
        findings in prop::collection::vec(finding(), 0..12)
    ) {
        let (rows, _) = score(&findings, false);
        let mut last: Option<(usize, i128)> = None; // (kind index, rank) of the previous row
        for row in &rows {
            let kind = &row["kind"];
            let total = decimal(&row["total"]);
            let rank: i128 = row["rank"].parse().expect("a whole rank");
            // competition ranking: 1 + the number of units of the same kind with a higher total
            let higher = rows
                .iter()
                .filter(|r| &r["kind"] == kind && decimal(&r["total"]) > total)
                .count() as i128;
            prop_assert_eq!(rank, 1 + higher, "{:?}", row);
            // rows come by kind as declared, then by rank
            let k = if kind == "乡镇" { 0 } else { 1 };
            if let Some((lk, lr)) = last {
                prop_assert!(lk < k || (lk == k && lr <= rank), "rows out of order: {:?}", column(&rows, "unit"));
            }
            last = Some((k, rank));
        }
    }

    #[test]
    fn adding_a_finding_never_raises_a_total(
        findings in prop::collection::vec(finding(), 0..10),
        extra in finding(),
    ) {
        let before = totals(&score(&findings, false).0);
        let mut more = findings.clone();
        more.push(extra);
        let after = totals(&score(&more, false).0);
        for (unit, total) in &before {
            prop_assert!(after[unit] <= *total, "{}: {} -> {}", unit, total, after[unit]);
        }
    }

    #[test]
    fn the_order_of_rows_does_not_change_any_total(
        findings in prop::collection::vec(finding(), 0..12)
    ) {
        let forward = totals(&score(&findings, false).0);
        let mut reversed = findings.clone();
        reversed.reverse();
        let backward = totals(&score(&reversed, false).0);
        prop_assert_eq!(forward, backward);
    }
}
