//! Fill-in templates an assessor can use without instructions: Chinese headers the reader
//! accepts, the rubric's words (item name, points, rule wording) in read-only columns the reader
//! ignores, a 得分 cell where an item is awarded, cell validation in the workbook, and bonus and
//! penalty items on the score sheet. Each template is filled in as an assessor would and scored
//! through the binary; every expected figure is worked out by hand beside it.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;

// ------------------------------------------------------------------------------------------------
// Helpers.

fn example(name: &str) -> String {
    crate_root()
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

/// Writes `rows` (the first is the header) as CSV.
fn write_csv(w: &Workdir, name: &str, rows: &[Vec<String>]) {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        out.write_record(row).expect("write a csv row");
    }
    w.write_bytes(name, &out.into_inner().expect("finish the csv"));
}

/// Writes `rows` as the first sheet of a workbook, as typed into Excel: the cells of the
/// `numeric` columns (by header name) as numbers, the rest as text.
fn write_xlsx(w: &Workdir, name: &str, rows: &[Vec<String>], numeric: &[&str]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let numeric: Vec<bool> = rows[0]
        .iter()
        .map(|h| numeric.contains(&h.as_str()))
        .collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && numeric[c] => ws.write_number(r as u32, c as u16, n),
                _ => ws.write_string(r as u32, c as u16, cell.as_str()),
            }
            .expect("write a cell");
        }
    }
    book.save(w.path().join(name)).expect("save workbook");
}

/// The first sheet of a workbook, every cell as the text it shows.
fn read_first_sheet(path: &Path) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).expect("open the template");
    let range = book
        .worksheet_range_at(0)
        .expect("a first sheet")
        .expect("read the first sheet");
    let width = range.width();
    range
        .rows()
        .map(|r| {
            let mut row: Vec<String> = r
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect();
            row.resize(width, String::new());
            row
        })
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path)
        .expect("open the template")
        .sheet_names()
        .to_vec()
}

/// The text of one part (`xl/worksheets/sheet1.xml`, `xl/workbook.xml`) of a workbook.
fn xml(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).expect("open the workbook");
    let mut zip = zip::ZipArchive::new(file).expect("a workbook is a zip");
    let mut text = String::new();
    zip.by_name(part)
        .unwrap_or_else(|e| panic!("no {part} in {path:?}: {e}"))
        .read_to_string(&mut text)
        .expect("read the part");
    text
}

/// The `<dataValidation …>` elements of a sheet's XML, each with its formulas.
fn validations(sheet: &str) -> Vec<String> {
    sheet
        .split("<dataValidation ")
        .skip(1)
        .map(|v| {
            v.split("</dataValidation>")
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The validation whose ranges include exactly `range` (a validation may cover several ranges,
/// `sqref="E2:E3 E34:E35"`).
fn validation_at<'a>(all: &'a [String], range: &str) -> &'a str {
    all.iter()
        .find(|v| {
            v.split("sqref=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .is_some_and(|s| s.split(' ').any(|r| r == range))
        })
        .unwrap_or_else(|| panic!("no validation at {range}: {all:#?}"))
}

/// The row (index into `grid`) for a unit, item and rule ("" for a rule-less row).
fn find(grid: &[Vec<String>], unit: &str, item: &str, rule: &str) -> usize {
    let h = &grid[0];
    let col = |n: &str| h.iter().position(|x| x == n).expect("template column");
    let (u, i, r) = (col("单位"), col("指标"), col("情形"));
    grid.iter()
        .position(|row| row[u] == unit && row[i] == item && row[r] == rule)
        .unwrap_or_else(|| panic!("no row {unit} {item} {rule}"))
}

fn set(grid: &mut [Vec<String>], row: usize, column: &str, value: &str) {
    let c = grid[0]
        .iter()
        .position(|x| x == column)
        .expect("template column");
    grid[row][c] = value.to_string();
}

fn totals(rows: &[HashMap<String, String>]) -> HashMap<String, String> {
    rows.iter()
        .map(|r| (r["unit"].clone(), r["total"].clone()))
        .collect()
}

const GOV_HEADER: [&str; 10] = [
    "单位",
    "指标",
    "指标名称",
    "分值",
    "情形",
    "情形说明",
    "次数",
    "扣分",
    "得分",
    "备注",
];

/// Fills a gov2022 long template as an assessor would, and scribbles over the rubric's own
/// columns to show the reader ignores them.
fn fill_gov(grid: &mut [Vec<String>]) {
    // 曲山镇 1.1 (8 points): a (30% = 2.4) found twice, b (20% = 1.6) once → 4.8 + 1.6 = 6.4.
    let r = find(grid, "曲山镇", "1.1", "a");
    set(grid, r, "次数", "2");
    set(grid, r, "备注", "两个村未报告");
    set(grid, r, "分值", "八分");
    set(grid, r, "情形说明", "改过的说明");
    let r = find(grid, "曲山镇", "1.1", "b");
    set(grid, r, "次数", "1");
    set(grid, r, "指标名称", "");
    // 曲山镇 1.2 (6 points, no rules): awarded 5 → 1 off.
    let r = find(grid, "曲山镇", "1.2", "");
    set(grid, r, "得分", "5");
    // 永昌镇 4.3 (10 points, no rules): awarded 8.5 → 1.5 off.
    let r = find(grid, "永昌镇", "4.3", "");
    set(grid, r, "得分", "8.5");
    // 县民政局 (部门, from 0) 1.6 (4 points) a (30% = 1.2) found once → −1.2.
    let r = find(grid, "县民政局", "1.6", "a");
    set(grid, r, "次数", "1");
}

/// The totals `fill_gov` gives, worked by hand.
fn check_gov(out: &[HashMap<String, String>]) {
    let t = totals(out);
    // 曲山镇: 100 − 6.4 (1.1) − 1 (1.2) = 92.6.
    assert_eq!(t["曲山镇"], "92.6");
    // 永昌镇: 100 − 1.5 = 98.5.
    assert_eq!(t["永昌镇"], "98.5");
    // 县民政局: 0 − 1.2 = −1.2.
    assert_eq!(t["县民政局"], "-1.2");
    // Untouched: full marks (乡镇 100, the others 0).
    assert_eq!(t["擂鼓镇"], "100");
    assert_eq!(t["县司法局"], "0");
    assert_eq!(out.len(), 13);
}

// ------------------------------------------------------------------------------------------------
// gov2022, long.

#[test]
fn gov2022_long_csv_template_filled_in_scores_by_hand() {
    let w = Workdir::new();
    let units = example("gov2022-units.csv");
    let t = w.run_ok(&["template", "--rubric", "gov2022", "--units", &units]);
    let mut grid = csv_records(&t);
    assert_eq!(grid[0], GOV_HEADER);
    // The rubric's words are in their own columns; 备注 is left to the assessor.
    let r = find(&grid, "曲山镇", "1.1", "a");
    assert_eq!(grid[r][2], "完善村党组织领导的村级治理机制");
    assert_eq!(grid[r][3], "8");
    assert!(grid[r][5].ends_with("每项扣30%"), "{:?}", grid[r]);
    assert_eq!((grid[r][6].as_str(), grid[r][9].as_str()), ("0", ""));
    // A rule-less scored item is awarded: 得分 holds its full points.
    let r = find(&grid, "曲山镇", "1.2", "");
    assert_eq!((grid[r][3].as_str(), grid[r][8].as_str()), ("6", "6"));

    fill_gov(&mut grid);
    write_csv(&w, "filled.csv", &grid);
    let out = w.csv(&["--rubric", "gov2022", "--units", &units, "filled.csv"]);
    check_gov(&out);

    // The note went into the explanation; the rubric's columns did not.
    let detail = w.run_ok(&[
        "--rubric",
        "gov2022",
        "--units",
        &units,
        "--detail",
        "-f",
        "csv",
        "filled.csv",
    ]);
    let rows = csv_rows(&detail);
    let qs = detail_row(&rows, "曲山镇", "1.1");
    assert!(qs["reasons"].contains("两个村未报告"), "{qs:?}");
    assert!(!qs["reasons"].contains("改过的说明"), "{qs:?}");
}

#[test]
fn gov2022_long_xlsx_template_filled_in_scores_by_hand() {
    let w = Workdir::new();
    let units = example("gov2022-units.csv");
    let out = w.run(&[
        "template", "--rubric", "gov2022", "--units", &units, "--output", "t.xlsx",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let path = w.path().join("t.xlsx");
    assert_eq!(sheet_names(&path), ["填报", "lists"]);
    let mut grid = read_first_sheet(&path);
    assert_eq!(grid[0], GOV_HEADER);
    // 32 rows a unit (23 rules + 9 rule-less items) × 13 units.
    assert_eq!(grid.len() - 1, 13 * 32);

    // As it comes: full marks.
    let out = w.csv(&["--rubric", "gov2022", "--units", &units, "t.xlsx"]);
    assert!(totals(&out).iter().all(|(u, t)| t
        == if u.ends_with('镇') || u.ends_with('乡') {
            "100"
        } else {
            "0"
        }));

    fill_gov(&mut grid);
    write_xlsx(&w, "filled.xlsx", &grid, &["分值", "次数", "扣分", "得分"]);
    let out = w.csv(&["--rubric", "gov2022", "--units", &units, "filled.xlsx"]);
    check_gov(&out);
}

#[test]
fn gov2022_long_xlsx_template_has_validations_locks_and_lists() {
    let w = Workdir::new();
    let units = example("gov2022-units.csv");
    w.run_ok(&[
        "template", "--rubric", "gov2022", "--units", &units, "-o", "t.xlsx",
    ]);
    let path = w.path().join("t.xlsx");
    let sheet = xml(&path, "xl/worksheets/sheet1.xml");
    let all = validations(&sheet);

    // 次数 (G): a whole number from 0, the whole column.
    let count = validation_at(&all, "G2:G1048576");
    assert!(count.contains("type=\"whole\""), "{count}");
    assert!(count.contains("operator=\"greaterThanOrEqual\""), "{count}");
    assert!(count.contains("<formula1>0</formula1>"), "{count}");
    // 单位 (A) from the roster, 指标 (B) from the rubric: lists on the hidden sheet.
    let unit = validation_at(&all, "A2:A1048576");
    assert!(unit.contains("type=\"list\""), "{unit}");
    assert!(
        unit.contains("<formula1>lists!$A$1:$A$13</formula1>"),
        "{unit}"
    );
    let item = validation_at(&all, "B2:B1048576");
    assert!(
        item.contains("<formula1>lists!$B$1:$B$18</formula1>"),
        "{item}"
    );
    // 情形 (E) of 1.1's two rows (2 and 3): a or b; the same validation covers 1.1's rows of
    // the next unit (32 rows on: 34 and 35).
    let rule = validation_at(&all, "E2:E3");
    assert!(rule.contains("<formula1>\"a,b\"</formula1>"), "{rule}");
    assert_eq!(rule, validation_at(&all, "E34:E35"));
    // 得分 (I) of 1.2 (row 4, 6 points): between 0 and 6.
    let score = validation_at(&all, "I4");
    assert!(score.contains("type=\"decimal\""), "{score}");
    assert!(
        score.contains("<formula1>0</formula1><formula2>6</formula2>"),
        "{score}"
    );

    // The sheet is protected (no password), rows may be added; the lists sheet is hidden.
    assert!(sheet.contains("<sheetProtection"), "protected");
    assert!(!sheet.contains("password"), "no password");
    let book = xml(&path, "xl/workbook.xml");
    assert!(
        book.contains("name=\"lists\" sheetId=\"2\" state=\"hidden\""),
        "{book}"
    );
    let lists = read_sheet_at(&path, 1);
    assert_eq!(lists[0][0], "曲山镇");
    assert_eq!(lists[17][1], "4.5");

    // Locked (the default) and grey: 指标名称, 分值, 情形说明; unlocked: the fill-in cells.
    let styles = xml(&path, "xl/styles.xml");
    let cell_style = |cell: &str| -> usize {
        let at = sheet
            .find(&format!("<c r=\"{cell}\""))
            .unwrap_or_else(|| panic!("no cell {cell}"));
        let rest = &sheet[at..];
        let end = rest.find('>').unwrap_or(rest.len());
        rest[..end]
            .split(" s=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .expect("cellXfs")
        .split("<xf ")
        .skip(1)
        .collect();
    let unlocked = |cell: &str| xfs[cell_style(cell)].contains("locked=\"0\"");
    for cell in ["C2", "D2", "F2", "H2", "I2"] {
        assert!(!unlocked(cell), "{cell} read-only");
    }
    for cell in ["A2", "E2", "G2", "J2", "I4"] {
        assert!(unlocked(cell), "{cell} to fill in");
    }
}

/// Sheet `n` of a workbook, every cell as text, placed from A1 whatever its first used cell.
fn read_sheet_at(path: &Path, n: usize) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).expect("open");
    let range = book.worksheet_range_at(n).expect("sheet").expect("read");
    let (rows, cols) = range.end().map_or((0, 0), |e| (e.0 + 1, e.1 + 1));
    (0..rows)
        .map(|r| {
            (0..cols)
                .map(|c| {
                    range
                        .get_value((r, c))
                        .map_or(String::new(), |v| v.to_string())
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_template_written_by_the_previous_version_still_reads() {
    // English headers and the rule's wording in `note`, as templates were written before.
    let w = Workdir::new();
    w.write("units.csv", "unit,kind\n曲山镇,乡镇\n");
    w.write(
        "old.csv",
        "unit,item,rule,count,points,note\n\
         曲山镇,1.1,a,2,,\"全面推行…,每项扣30%\"\n\
         曲山镇,1.2,,,0,发展壮大村级集体经济\n",
    );
    let out = w.csv(&["--rubric", "gov2022", "--units", "units.csv", "old.csv"]);
    // 1.1 a twice: 2 × 2.4 = 4.8 → 100 − 4.8 = 95.2.
    assert_eq!(totals(&out)["曲山镇"], "95.2");
}

#[test]
fn chinese_headers_are_aliases_of_the_english_ones() {
    // 情形 is `rule`, 扣分/加分 is `points`; 指标名称, 分值, 情形说明 are not known and ignored.
    let w = Workdir::new();
    w.write(
        "f.csv",
        "单位,指标,指标名称,分值,情形,情形说明,次数,扣分/加分,得分,备注\n\
         甲镇,1.1,x,y,b,z,1,,,\n\
         甲镇,1.2,x,y,,z,,2,,扣两分\n\
         乙镇,1.2,x,y,,z,,,3.5,\n",
    );
    let out = w.csv(&["--rubric", "gov2022", "f.csv"]);
    let t = totals(&out);
    // 甲镇: 1.1 b (20% of 8 = 1.6) + 1.2 points 2 → 100 − 3.6 = 96.4.
    assert_eq!(t["甲镇"], "96.4");
    // 乙镇: 1.2 awarded 3.5 of 6 → 100 − 2.5 = 97.5.
    assert_eq!(t["乙镇"], "97.5");
}

// ------------------------------------------------------------------------------------------------
// A points-system rubric with bonus and penalty items, long and wide.

/// 20 points: 1.1 (10, rule a −2 each), 1.2 (10, no rules); bonus B1 (no rules, cap 5) and B2
/// (rule a +1 each); penalty P1 (rule a −3 each). Two periods, summed.
const POINTS: &str = r#"
[rubric]
id = "pts"
name = "积分制测试"
total = 20

[periods]
labels = ["1月", "2月"]
combine = "sum"

[[section]]
id = "1"
name = "日常"
points = 20

[[section.item]]
id = "1.1"
name = "环境卫生"
points = 10
rules = [ { id = "a", text = "乱堆乱放的,每次扣2分", deduct = 2 } ]

[[section.item]]
id = "1.2"
name = "邻里和睦"
points = 10
rules = []

[[section]]
id = "B"
name = "加分项"

[[section.item]]
id = "B1"
name = "好人好事"
type = "bonus"
cap = 5
rules = []

[[section.item]]
id = "B2"
name = "志愿服务"
type = "bonus"
rules = [ { id = "a", text = "参加志愿服务的,每次加1分", add = 1 } ]

[[section]]
id = "P"
name = "减分项"

[[section.item]]
id = "P1"
name = "违规违纪"
type = "penalty"
rules = [ { id = "a", text = "违反村规民约的,每次扣3分", deduct = 3 } ]
"#;

#[test]
fn points_long_template_fills_bonus_and_penalty_rows() {
    let w = Workdir::new();
    w.write("pts.toml", POINTS);
    w.write("units.csv", "unit\n张三\n李四\n");
    let t = w.run_ok(&["template", "--rubric", "pts.toml", "--units", "units.csv"]);
    let mut grid = csv_records(&t);
    // A bonus item adds: the points column says both.
    assert_eq!(
        grid[0],
        [
            "单位",
            "期间",
            "指标",
            "指标名称",
            "分值",
            "情形",
            "情形说明",
            "次数",
            "扣分/加分",
            "得分",
            "备注"
        ]
    );
    // Per unit and period: 1.1 a, 1.2, B1, B2 a, P1 a = 5 rows; 2 units × 2 periods → 20.
    assert_eq!(grid.len() - 1, 20);
    let row = |g: &[Vec<String>], u: &str, p: &str, i: &str| {
        g.iter()
            .position(|r| r[0] == u && r[1] == p && r[2] == i)
            .unwrap_or_else(|| panic!("no row {u} {p} {i}"))
    };
    // B1 has no rules: 扣分/加分 0 to fill in, its cap shown as its 分值.
    let r = row(&grid, "张三", "1月", "B1");
    assert_eq!(
        (
            grid[r][4].as_str(),
            grid[r][8].as_str(),
            grid[r][9].as_str()
        ),
        ("5", "0", "")
    );

    // As it comes: 20 a period, 40 in all.
    write_csv(&w, "t.csv", &grid);
    let out = w.csv(&["--rubric", "pts.toml", "--units", "units.csv", "t.csv"]);
    assert!(out.iter().all(|r| r["total"] == "40"), "{out:?}");

    // 张三 1月: 1.1 a twice (−4), B1 +2, B2 a three times (+3), P1 a once (−3).
    let r = row(&grid, "张三", "1月", "1.1");
    grid[r][7] = "2".into();
    let r = row(&grid, "张三", "1月", "B1");
    grid[r][8] = "2".into();
    grid[r][10] = "扶老人过马路".into();
    let r = row(&grid, "张三", "1月", "B2");
    grid[r][7] = "3".into();
    let r = row(&grid, "张三", "1月", "P1");
    grid[r][7] = "1".into();
    // 李四 2月: 1.2 awarded 7.5 (−2.5); B1 +9, capped at 5.
    let r = row(&grid, "李四", "2月", "1.2");
    grid[r][9] = "7.5".into();
    let r = row(&grid, "李四", "2月", "B1");
    grid[r][8] = "9".into();
    write_csv(&w, "filled.csv", &grid);
    let out = w.csv(&["--rubric", "pts.toml", "--units", "units.csv", "filled.csv"]);
    let t = totals(&out);
    // 张三: 1月 20 − 4 + 2 + 3 − 3 = 18; 2月 20 → 38.
    assert_eq!(t["张三"], "38");
    // 李四: 1月 20; 2月 20 − 2.5 + 5 = 22.5 → 42.5.
    assert_eq!(t["李四"], "42.5");
}

#[test]
fn points_wide_template_takes_bonus_and_penalty_points() {
    let w = Workdir::new();
    w.write("pts.toml", POINTS);
    w.write("units.csv", "unit\n张三\n李四\n");
    let t = w.run_ok(&[
        "template",
        "--rubric",
        "pts.toml",
        "--units",
        "units.csv",
        "--wide",
    ]);
    let mut grid = csv_records(&t);
    // Every item, bonus and penalty included.
    assert_eq!(
        grid[0],
        ["单位", "期间", "1.1", "1.2", "B1", "B2", "P1", "备注"]
    );
    assert_eq!(grid.len() - 1, 4, "2 units × 2 periods");
    // 张三 1月: 1.1 scores 7 (−3), B1 +1.5, B2 +2, P1 −4.
    grid[1][2..7].clone_from_slice(&["7", "", "1.5", "2", "4"].map(String::from));
    // 李四 2月: B1 +8, capped at 5.
    grid[4][4] = "8".into();
    write_csv(&w, "filled.csv", &grid);
    let out = w.csv(&["--rubric", "pts.toml", "--units", "units.csv", "filled.csv"]);
    let t = totals(&out);
    // 张三: 1月 20 − 3 + 1.5 + 2 − 4 = 16.5; 2月 20 → 36.5.
    assert_eq!(t["张三"], "36.5");
    // 李四: 20 + 20 + 5 = 45.
    assert_eq!(t["李四"], "45");

    // The same typed into a workbook template.
    let out = w.run(&[
        "template",
        "--rubric",
        "pts.toml",
        "--units",
        "units.csv",
        "--wide",
        "-o",
        "w.xlsx",
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let path = w.path().join("w.xlsx");
    assert_eq!(sheet_names(&path), ["填报", "指标说明", "lists"]);
    let read = read_first_sheet(&path);
    assert_eq!(read[0], grid[0]);
    write_xlsx(&w, "filled.xlsx", &grid, &["1.1", "1.2", "B1", "B2", "P1"]);
    let out = w.csv(&[
        "--rubric",
        "pts.toml",
        "--units",
        "units.csv",
        "filled.xlsx",
    ]);
    let t = totals(&out);
    assert_eq!((t["张三"].as_str(), t["李四"].as_str()), ("36.5", "45"));

    // Validation: a scored item's cell from 0 to its points, a bonus with a cap up to the cap,
    // one without from 0.
    let all = validations(&xml(&path, "xl/worksheets/sheet1.xml"));
    let v = validation_at(&all, "C2:C1048576");
    assert!(
        v.contains("<formula1>0</formula1><formula2>10</formula2>"),
        "{v}"
    );
    let v = validation_at(&all, "E2:E1048576");
    assert!(
        v.contains("<formula1>0</formula1><formula2>5</formula2>"),
        "{v}"
    );
    let v = validation_at(&all, "F2:F1048576");
    assert!(v.contains("operator=\"greaterThanOrEqual\""), "{v}");
    // 期间 from the rubric's periods, 单位 from the roster.
    let v = validation_at(&all, "B2:B1048576");
    assert!(v.contains("<formula1>\"1月,2月\"</formula1>"), "{v}");
    let v = validation_at(&all, "A2:A1048576");
    assert!(v.contains("<formula1>lists!$A$1:$A$2</formula1>"), "{v}");
    // The reference sheet names each item and what its cell takes.
    let reference = read_sheet_at(&path, 1);
    let b1 = reference
        .iter()
        .find(|r| r[0] == "B1")
        .expect("B1 on the reference sheet");
    assert_eq!(b1[1], "好人好事");
    assert!(b1[4].contains("加分"), "{b1:?}");
}

#[test]
fn a_rule_list_too_long_to_type_in_goes_to_the_hidden_sheet() {
    // 30 rules with ids of 12 characters: "rule-long-01,…" is 30 × 13 − 1 = 389 > 255 characters.
    let rules: Vec<String> = (1..=30)
        .map(|n| format!("{{ id = \"rule-long-{n:02}\", text = \"情形{n}\", deduct = 0.1 }}"))
        .collect();
    let rubric = format!(
        "[rubric]\nid = \"many\"\nname = \"多情形\"\ntotal = 10\n\n[[section]]\nid = \"1\"\n\
         name = \"一\"\npoints = 10\n\n[[section.item]]\nid = \"1.1\"\nname = \"多\"\n\
         points = 10\nrules = [\n{}\n]\n",
        rules.join(",\n")
    );
    let w = Workdir::new();
    w.write("many.toml", &rubric);
    w.run_ok(&["template", "--rubric", "many.toml", "-o", "t.xlsx"]);
    let path = w.path().join("t.xlsx");
    let all = validations(&xml(&path, "xl/worksheets/sheet1.xml"));
    // Rows 2–31 hold 1.1's 30 rules; 情形 is column E.
    let v = validation_at(&all, "E2:E31");
    assert!(v.contains("<formula1>lists!$C$1:$C$30</formula1>"), "{v}");
    let lists = read_sheet_at(&path, 1);
    assert_eq!(lists[29][2], "rule-long-30");
}
