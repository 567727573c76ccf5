//! The results workbook (`-o results.xlsx`) as a leader reads it: a title with the rubric's
//! name, the run's date and the number of units; sections headed by number, name and points;
//! figures stored as numbers; 明细 in words (是/否, 扣分 and 加分, the rubric's wording); and
//! 等次统计 with units per grade and category and each quota's bound as a count of units.
//!
//! calamine reads values, not number formats or print settings; `tests/workbook_openpyxl.py`
//! checks those with openpyxl (it is run by hand, so `cargo test` needs no Python).

mod common;

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;

/// Precision 1, three grades, a 40% cap on 优秀, two categories by households, and a bonus
/// section capped at 3 a period.
const RUBRIC: &str = r#"
[rubric]
id = "wb"
name = "工作簿测试细则"
total = 20
precision = 1

[[grade]]
name = "优秀"
min = 18
[[grade]]
name = "合格"
min = 12
[[grade]]
name = "不合格"

[[quota]]
grades = ["优秀"]
max = 0.40

[category]
by = "households"
bands = [ { name = "一类", min = 100 }, { name = "二类" } ]

[[section]]
id = "1"
name = "基础工作"
points = 12

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [ { id = "a", text = "制度落实不到位的,每项扣30%", deduct = "30%" } ]

[[section.item]]
id = "1.2"
name = "台账管理"
points = 4
rules = [ { id = "a", text = "台账缺失的,扣1分", deduct = 1, max = 1 } ]

[[section]]
id = "2"
name = "重点任务"
points = 8

[[section.item]]
id = "2.1"
name = "任务完成"
points = 8
rules = [ { id = "a", text = "未按期完成的,每项扣2分", deduct = 2 } ]

[[section]]
id = "3"
name = "加分项"
cap = 3

[[section.item]]
id = "3.1"
name = "创新经验"
type = "bonus"
rules = [ { id = "a", text = "经验被省级推广的,每项加2分", add = 2 } ]
"#;

const UNITS: &str = "unit,households\n甲村,150\n乙村,120\n丙村,80\n丁村,60\n戊村,40\n";

// 甲村: 1.1 a × 1 = 30% of 8 = 2.4; 3.1 a × 2 = +4, cut to the section's 3 → 20 − 2.4 + 3 = 20.6.
// 乙村: 1.2 a × 3 = 3, the rule's max 1 → 1; 2.1 a × 5 = 10 > 8 → 8, 2 absorbed → 20 − 9 = 11.
// 丙村: 1.1 points 0.25 → 19.75, rounded half up to one decimal: 19.8.
// 丁村: 2.1 a × 2 = 4 → 16.   戊村: nothing → 20.
const FINDINGS: &str = "unit,item,rule,count,points,note
甲村,1.1,a,1,,
甲村,3.1,a,2,,
乙村,1.2,a,3,,
乙村,2.1,a,5,,
丙村,1.1,,,0.25,台账缺失
丁村,2.1,a,2,,
";

/// Writes the rubric, roster and findings, scores them into `r.xlsx` and returns its path.
fn workbook(w: &Workdir) -> std::path::PathBuf {
    w.write("wb.toml", RUBRIC);
    w.write("units.csv", UNITS);
    w.write("f.csv", FINDINGS);
    let out = w.run(&[
        "--rubric",
        "wb.toml",
        "--units",
        "units.csv",
        "-q",
        "-o",
        "r.xlsx",
        "f.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    w.path().join("r.xlsx")
}

fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book = open_workbook_auto(path).expect("open the written workbook");
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("no sheet {sheet:?}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// Rows below the header row `head`, keyed by the header, to the first empty row.
fn keyed(sheet: &[Vec<Data>], head: usize) -> Vec<HashMap<String, Data>> {
    let header: Vec<String> = sheet[head].iter().map(text).collect();
    sheet[head + 1..]
        .iter()
        .take_while(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
        .map(|r| {
            header
                .iter()
                .enumerate()
                .map(|(i, h)| (h.clone(), r.get(i).cloned().unwrap_or(Data::Empty)))
                .collect()
        })
        .collect()
}

fn row_of<'a>(
    rows: &'a [HashMap<String, Data>],
    col: &str,
    value: &str,
) -> &'a HashMap<String, Data> {
    rows.iter()
        .find(|r| text(&r[col]) == value)
        .unwrap_or_else(|| panic!("no row with {col} = {value}"))
}

#[test]
fn results_sheet_has_a_title_section_names_and_numbers() {
    let w = Workdir::new();
    let path = workbook(&w);
    let sheet = read_sheet(&path, "结果");
    assert_eq!(text(&sheet[0][0]), "工作簿测试细则");
    // The run's date changes; its shape does not: 考核结果　2026年12月1日　共5个单位.
    let sub = text(&sheet[1][0]);
    let date = sub
        .strip_prefix("考核结果　")
        .and_then(|s| s.strip_suffix("　共5个单位"))
        .unwrap_or_else(|| panic!("subtitle {sub:?}"));
    let (y, rest) = date.split_once('年').expect("年");
    let (m, d) = rest.split_once('月').expect("月");
    let d = d.strip_suffix('日').expect("日");
    assert!(y.len() == 4 && y.parse::<u16>().is_ok(), "{date}");
    assert!(
        m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)),
        "{date}"
    );
    assert!(
        d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)),
        "{date}"
    );

    let header: Vec<String> = sheet[2].iter().map(text).collect();
    // A bonus section has no points of its own, so no (分).
    assert_eq!(
        header,
        [
            "单位",
            "档次",
            "一、基础工作(12分)",
            "二、重点任务(8分)",
            "三、加分项",
            "总分",
            "等次",
            "排名"
        ]
    );
    let rows = keyed(&sheet, 2);
    // Ordered by category, then rank: 一类 甲村 20.6, 乙村 11; 二类 戊村 20, 丙村 19.8, 丁村 16.
    let order: Vec<String> = rows.iter().map(|r| text(&r["单位"])).collect();
    assert_eq!(order, ["甲村", "乙村", "戊村", "丙村", "丁村"]);
    let jia = row_of(&rows, "单位", "甲村");
    // 甲村: 12 − 2.4 = 9.6, 8, +3.
    assert_eq!(jia["一、基础工作(12分)"], Data::Float(9.6));
    assert_eq!(jia["二、重点任务(8分)"], Data::Float(8.0));
    assert_eq!(jia["三、加分项"], Data::Float(3.0));
    assert_eq!(jia["总分"], Data::Float(20.6));
    assert_eq!(jia["排名"], Data::Float(1.0));
    assert_eq!(text(&jia["档次"]), "一类");
    assert_eq!(text(&jia["等次"]), "优秀");
    // 丙村: 19.75 rounds half up to 19.8; its section 1, 11.75, shows 11.8.
    let bing = row_of(&rows, "单位", "丙村");
    assert_eq!(bing["总分"], Data::Float(19.8));
    assert_eq!(bing["一、基础工作(12分)"], Data::Float(11.8));
    assert_eq!(text(&row_of(&rows, "单位", "乙村")["等次"]), "不合格");
}

#[test]
fn detail_sheet_speaks_in_words() {
    let w = Workdir::new();
    let path = workbook(&w);
    let sheet = read_sheet(&path, "明细");
    assert_eq!(text(&sheet[0][0]), "工作簿测试细则　评分明细");
    let rows = keyed(&sheet, 1);
    // 5 units × 4 items, and 甲村's bonus cut by the section cap.
    assert_eq!(rows.len(), 5 * 4 + 1);
    for r in &rows {
        let capped = text(&r["封顶"]);
        assert!(capped == "是" || capped == "否", "封顶 {capped:?}");
    }
    let find = |unit: &str, item: &str| {
        rows.iter()
            .find(|r| text(&r["单位"]) == unit && text(&r["指标"]) == item)
            .unwrap_or_else(|| panic!("{unit} {item}"))
    };
    let r = find("甲村", "1.1");
    assert_eq!(text(&r["考核内容"]), "一、基础工作(12分)");
    assert_eq!(text(&r["指标名称"]), "制度落实");
    assert_eq!(
        [&r["分值"], &r["扣分"], &r["加分"], &r["得分"]],
        [
            &Data::Float(8.0),
            &Data::Float(2.4),
            &Data::Empty,
            &Data::Float(5.6)
        ]
    );
    assert_eq!(
        text(&r["扣分/加分情形"]),
        "a. 制度落实不到位的,每项扣30%（1次，扣2.4分）"
    );
    // A bonus is an addition: 加分 4, nothing under 扣分.
    let r = find("甲村", "3.1");
    assert_eq!(text(&r["考核内容"]), "三、加分项");
    assert_eq!([&r["扣分"], &r["加分"]], [&Data::Empty, &Data::Float(4.0)]);
    assert_eq!(
        text(&r["扣分/加分情形"]),
        "a. 经验被省级推广的,每项加2分（2次，加4分）"
    );
    // The section cap takes 1 of the 4 back: a row of its own.
    let cut = rows
        .iter()
        .find(|r| text(&r["指标名称"]) == "加分合计封顶")
        .expect("the section cap's row");
    assert_eq!(text(&cut["单位"]), "甲村");
    assert_eq!(cut["得分"], Data::Float(-1.0));
    assert_eq!(text(&cut["封顶"]), "是");
    assert_eq!(cut["封顶未计"], Data::Float(1.0));
    assert_eq!(
        text(&cut["扣分/加分情形"]),
        "加分项合计每期最高3分，超出部分不计"
    );
    // 甲村's 得分 add up to its total: 5.6 + 4 + 8 + 4 − 1 = 20.6.
    let sum: f64 = rows
        .iter()
        .filter(|r| text(&r["单位"]) == "甲村")
        .map(|r| text(&r["得分"]).parse::<f64>().expect("a score"))
        .sum();
    assert!((sum - 20.6).abs() < 1e-9, "{sum}");
    // 乙村 2.1: 5 × 2 = 10 > 8 → 扣分 8, 得分 0, capped, 2 absorbed.
    let r = find("乙村", "2.1");
    assert_eq!(
        [&r["扣分"], &r["得分"], &r["封顶未计"]],
        [&Data::Float(8.0), &Data::Float(0.0), &Data::Float(2.0)]
    );
    assert_eq!(text(&r["封顶"]), "是");
    assert_eq!(
        text(&r["扣分/加分情形"]),
        "a. 未按期完成的,每项扣2分（5次，扣10分）"
    );
    // Direct points with the assessor's note.
    assert_eq!(
        text(&find("丙村", "1.1")["扣分/加分情形"]),
        "直接扣0.25分［台账缺失］"
    );
    // No English true/false anywhere in the workbook.
    for name in ["结果", "明细", "等次统计"] {
        for cell in read_sheet(&path, name).iter().flatten() {
            assert!(!matches!(cell, Data::Bool(_)), "{name}: {cell:?}");
            let t = text(cell);
            assert!(t != "true" && t != "false", "{name}: {t}");
        }
    }
}

#[test]
fn grade_sheet_counts_units_per_category_and_quota_bounds_in_units() {
    let w = Workdir::new();
    let path = workbook(&w);
    let sheet = read_sheet(&path, "等次统计");
    let names: Vec<String> = open_workbook_auto(&path)
        .expect("open")
        .sheet_names()
        .to_vec();
    assert_eq!(names, ["结果", "明细", "等次统计"]);
    assert_eq!(text(&sheet[0][0]), "工作簿测试细则　等次统计");
    assert_eq!(text(&sheet[1][0]), "各等次单位数");
    let counts = keyed(&sheet, 2);
    // 一类: 甲村 优秀, 乙村 不合格 → 1, 0, 1 of 2. 二类: 戊村 20 and 丙村 19.8 优秀, 丁村 16 合格
    // → 2, 1, 0 of 3. Shares are numbers: 2 / 3 = 0.666…, shown as 66.7%.
    let got: Vec<(String, String, Data, Data, Data)> = counts
        .iter()
        .map(|r| {
            (
                text(&r["档次"]),
                text(&r["等次"]),
                r["单位数"].clone(),
                r["参评单位数"].clone(),
                r["占比"].clone(),
            )
        })
        .collect();
    let f = Data::Float;
    let want = [
        ("一类", "优秀", f(1.0), f(2.0), f(0.5)),
        ("一类", "合格", f(0.0), f(2.0), f(0.0)),
        ("一类", "不合格", f(1.0), f(2.0), f(0.5)),
        ("二类", "优秀", f(2.0), f(3.0), f(2.0 / 3.0)),
        ("二类", "合格", f(1.0), f(3.0), f(1.0 / 3.0)),
        ("二类", "不合格", f(0.0), f(3.0), f(0.0)),
    ]
    .map(|(a, b, c, d, e)| (a.to_string(), b.to_string(), c, d, e));
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((&g.0, &g.1, &g.2, &g.3), (&w.0, &w.1, &w.2, &w.3));
        let (Data::Float(a), Data::Float(b)) = (&g.4, &w.4) else {
            panic!("share as a number: {g:?}")
        };
        assert!((a - b).abs() < 1e-12, "{g:?}");
    }

    // The quota counts every graded unit of the kind: 优秀 is 甲村, 戊村, 丙村 = 3 of 5; at most
    // 40% of 5 = 2 units → not met.
    let at = sheet
        .iter()
        .position(|r| r.first().is_some_and(|c| text(c) == "比例要求"))
        .expect("比例要求");
    let quotas = keyed(&sheet, at + 1);
    assert_eq!(quotas.len(), 1);
    let q = &quotas[0];
    assert_eq!(text(&q["等次"]), "优秀");
    assert_eq!(text(&q["要求"]), "至多40%");
    assert_eq!(q["参评单位数"], Data::Float(5.0));
    assert_eq!(text(&q["限额"]), "至多2个");
    assert_eq!(q["实有"], Data::Float(3.0));
    assert_eq!(q["实际占比"], Data::Float(0.6));
    assert_eq!(text(&q["结论"]), "未达标");
}

/// Two monthly periods summed, whole points, no grades.
const MONTHLY: &str = r#"
[rubric]
id = "monthly"
name = "月度积分测试"
total = 10
precision = 0

[periods]
labels = ["1月", "2月"]
combine = "sum"

[[section]]
id = "1"
name = "日常"
points = 10

[[section.item]]
id = "1.1"
name = "环境卫生"
points = 10
rules = [ { id = "a", text = "卫生差的,每次扣1分", deduct = 1 } ]
"#;

#[test]
fn periods_get_columns_and_a_rubric_without_grades_says_so() {
    let w = Workdir::new();
    w.write("m.toml", MONTHLY);
    // 张三: 1月 10 − 2 = 8, 2月 10 → 18. 李四: 1月 10, 2月 10 − 1 = 9 → 19, ranked first.
    w.write(
        "f.csv",
        "unit,item,rule,count,period\n张三,1.1,a,2,1月\n李四,1.1,a,1,2月\n",
    );
    let out = w.run(&["--rubric", "m.toml", "-q", "-o", "m.xlsx", "f.csv"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let path = w.path().join("m.xlsx");

    let sheet = read_sheet(&path, "结果");
    let header: Vec<String> = sheet[2].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "单位",
            "一、日常(10分)",
            "1月",
            "2月",
            "总分",
            "等次",
            "排名"
        ]
    );
    let f = Data::Float;
    let rows: Vec<Vec<Data>> = sheet[3..].to_vec();
    assert_eq!(text(&rows[0][0]), "李四");
    assert_eq!(rows[0][1..5], [f(19.0), f(10.0), f(9.0), f(19.0)]);
    assert_eq!(text(&rows[1][0]), "张三");
    assert_eq!(rows[1][1..5], [f(18.0), f(8.0), f(10.0), f(18.0)]);
    assert_eq!(rows[1][6], f(2.0));

    let detail = read_sheet(&path, "明细");
    let rows = keyed(&detail, 1);
    // 2 units × 2 periods × 1 item.
    assert_eq!(rows.len(), 4);
    let zhang: Vec<(String, Data)> = rows
        .iter()
        .filter(|r| text(&r["单位"]) == "张三")
        .map(|r| (text(&r["期间"]), r["得分"].clone()))
        .collect();
    assert_eq!(
        zhang,
        [("1月".to_string(), f(8.0)), ("2月".to_string(), f(10.0))]
    );

    let grades = read_sheet(&path, "等次统计");
    let said: Vec<String> = grades.iter().flatten().map(text).collect();
    assert!(said.iter().any(|t| t == "本细则未规定等次"), "{said:?}");
    assert!(said.iter().any(|t| t == "本细则未规定等次比例"), "{said:?}");
}
